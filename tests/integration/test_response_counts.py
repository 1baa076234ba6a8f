"""The response counts the pages read stay equal to a direct count of the responses."""

from datetime import timedelta

import sqlalchemy as sa

from consult.domain import voting
from consult.models import Response, ResponseCount, db
from consult.services import responses
from tests.factories import make_proposal, make_user


def _direct(proposal_id):
    rows = db.session.execute(
        sa.select(Response.option_id, Response.respondent_type, Response.review_status,
                  sa.func.count())
        .where(Response.proposal_id == proposal_id, Response.withdrawn.is_(False))
        .group_by(Response.option_id, Response.respondent_type, Response.review_status))
    return {tuple(row[:3]): row[3] for row in rows}


def _kept(proposal_id):
    rows = db.session.execute(
        sa.select(ResponseCount.option_id, ResponseCount.respondent_type,
                  ResponseCount.review_status, sa.func.sum(ResponseCount.n))
        .where(ResponseCount.proposal_id == proposal_id)
        .group_by(ResponseCount.option_id, ResponseCount.respondent_type,
                  ResponseCount.review_status))
    return {tuple(row[:3]): row[3] for row in rows if row[3]}


def _respond(proposal, user, position, rtype="local_resident", minutes=0):
    option = proposal.options[position]
    return responses.respond(proposal_id=proposal.id, respondent_id=user.id,
                             choice=voting.Choice(option.id, rtype),
                             now=proposal.opens_at + timedelta(hours=2, minutes=minutes))


def test_counts_follow_submissions_changes_and_withdrawals(app):
    proposal = make_proposal(status="open")
    people = [make_user() for _ in range(6)]
    for number, person in enumerate(people):
        _respond(proposal, person, number % 2, minutes=number)
    support, oppose = proposal.options[0].id, proposal.options[1].id
    assert _kept(proposal.id) == {(support, "local_resident", "counted"): 3,
                                  (oppose, "local_resident", "counted"): 3}

    _respond(proposal, people[0], 1, rtype="twin_city_resident", minutes=10)
    responses.withdraw(proposal_id=proposal.id, respondent_id=people[1].id,
                       now=proposal.opens_at + timedelta(hours=3))
    db.session.expire_all()
    assert _kept(proposal.id) == _direct(proposal.id) == {
        (support, "local_resident", "counted"): 2,
        (oppose, "local_resident", "counted"): 2,
        (oppose, "twin_city_resident", "counted"): 1}

    _respond(proposal, people[1], 0, minutes=20)
    db.session.expire_all()
    assert _kept(proposal.id) == _direct(proposal.id)
    assert sum(_kept(proposal.id).values()) == 6 - 0


def test_a_review_status_change_moves_a_response_between_counts(app):
    proposal = make_proposal(status="open")
    response = _respond(proposal, make_user(), 0)
    row = db.session.get(Response, response.id)
    row.review_status = "invalidated"
    db.session.commit()
    assert _kept(proposal.id) == _direct(proposal.id) == {
        (proposal.options[0].id, "local_resident", "invalidated"): 1}


def test_deleting_a_response_removes_its_count(app):
    # Responses are never deleted by the service (their versions refer to them); a row with
    # no history, as a restore or a repair might write, still keeps the counts right.
    proposal = make_proposal(status="open")
    row = Response(proposal_id=proposal.id, user_id=make_user().id,
                   option_id=proposal.options[1].id, respondent_type="organisation",
                   receipt_code="R-test-delete", respondent_identity="test-delete",
                   created_at=proposal.opens_at)
    db.session.add(row)
    db.session.commit()
    assert sum(_kept(proposal.id).values()) == 1
    db.session.execute(sa.delete(Response).where(Response.id == row.id)
                       .execution_options(synchronize_session=False))
    db.session.commit()
    assert _kept(proposal.id) == {} == _direct(proposal.id)


def test_counts_are_kept_per_day_the_response_was_first_made(app):
    proposal = make_proposal(status="open")
    first = _respond(proposal, make_user(), 0)
    _respond(proposal, make_user(), 0, minutes=60 * 24)
    days = db.session.execute(
        sa.select(ResponseCount.day, sa.func.sum(ResponseCount.n))
        .where(ResponseCount.proposal_id == proposal.id).group_by(ResponseCount.day)
        .order_by(ResponseCount.day)).all()
    assert [count for _, count in days] == [1, 1]
    assert days[0][0] == first.created_at.date()
