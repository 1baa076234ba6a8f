"""Crowds at once: one person's many parallel submissions, and many people in parallel."""

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import sqlalchemy as sa

from consult.models import AuditEntry, Response, ResponseVersion, db
from consult.queries import results
from consult.services import audit_log
from tests.conftest import csrf_token, sign_in
from tests.factories import PASSWORD, make_proposal, make_user
from tests.reliability.crowd import ACKNOWLEDGED, respond_as, sql_total
from tests.reliability.people import bulk_residents

SAME_PERSON_SUBMISSIONS = 200
CROWD = 500
POOL = 16


def _clients_for(app, user, proposal_id: int, count: int) -> list:
    """`count` test clients, each with its own copy of one signed-in session."""
    first = app.test_client()
    sign_in(first, user.email, PASSWORD)
    token = csrf_token(first, f"/consultations/{proposal_id}")  # puts the CSRF secret in it
    cookie = first.get_cookie("session")
    clients = []
    for _ in range(count):
        client = app.test_client()
        client.set_cookie(cookie.key, cookie.value, domain=cookie.domain or "localhost")
        clients.append(client)
    return clients, token


def test_two_hundred_parallel_submissions_by_one_resident_leave_one_current_response(app):
    proposal = make_proposal(status="open", results_visibility="shown",
                             options=["Support", "Oppose", "Neither"])
    person = make_user()
    clients, token = _clients_for(app, person, proposal.id, SAME_PERSON_SUBMISSIONS)
    options = [str(option.id) for option in proposal.options]
    barrier = threading.Barrier(POOL)

    def submit(index: int) -> int:
        if index < POOL:
            barrier.wait()
        return clients[index].post(f"/consultations/{proposal.id}/respond", data={
            "csrf_token": token, "option": options[index % 3],
            "respondent_type": "local_resident", "reason": f"Submission {index}"}).status_code

    with ThreadPoolExecutor(POOL) as pool:
        statuses = list(pool.map(submit, range(SAME_PERSON_SUBMISSIONS)))

    assert statuses == [302] * SAME_PERSON_SUBMISSIONS
    acknowledged = SAME_PERSON_SUBMISSIONS
    db.session.expire_all()
    stored = db.session.scalars(sa.select(Response).where(
        Response.proposal_id == proposal.id)).all()
    assert len(stored) == 1
    response = stored[0]
    assert response.user_id == person.id and not response.withdrawn
    assert [v.version for v in response.versions] == list(range(1, acknowledged + 1))
    assert [v.action for v in response.versions] == ["submitted"] + ["changed"] * (
        acknowledged - 1)
    latest = response.versions[-1]
    assert (latest.receipt_code, latest.option_id) == (response.receipt_code, response.option_id)
    assert latest.reason == response.reason
    assert _audit_count("response.%") == acknowledged
    assert sql_total(proposal.id) == 1
    assert audit_log.verify_chain() == (True, None)


def test_parallel_responses_by_five_hundred_residents_are_all_counted(app):
    proposal = make_proposal(status="open", results_visibility="shown")
    residents = bulk_residents(CROWD)
    option_ids = [option.id for option in proposal.options]

    def one(index: int) -> str:
        return respond_as(app, proposal.id, residents[index], option_ids[index % 2],
                          now=proposal.opens_at + timedelta(hours=1, seconds=index))

    with ThreadPoolExecutor(POOL) as pool:
        accepted = list(pool.map(one, range(CROWD)))

    assert accepted == [ACKNOWLEDGED] * CROWD
    db.session.expire_all()
    assert sql_total(proposal.id) == CROWD
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ResponseVersion)) == CROWD
    assert _audit_count("response.submitted") == CROWD
    tally = results.tally(proposal)
    assert tally["total"] == CROWD
    assert sorted(row.count for row in tally["overall"] if row.count) == [CROWD // 2] * 2
    assert audit_log.verify_chain() == (True, None)


def _audit_count(pattern: str) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(AuditEntry).where(
        AuditEntry.action.like(pattern)))
