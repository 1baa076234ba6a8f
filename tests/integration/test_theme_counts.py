"""The codebook's figures as the database counts them (queries/theme_counts.py): each theme's
reasons by option and group, and how much of the reasoning was read before a moment."""

from datetime import timedelta

import sqlalchemy as sa

from consult.domain import abuse, voting
from consult.models import ReasonTag, Response, Theme, db
from consult.queries import theme_counts
from consult.services import responses
from tests.factories import make_closed_consultation, make_theme, mark_read, tag_reason
from tests.integration.codebook_data import reasoned, reasons


def direct_counts(proposal) -> dict[int, tuple]:
    """The same figures counted the slow way, one row at a time, for comparison."""
    db.session.expire_all()
    found = {}
    for theme in db.session.scalars(sa.select(Theme).filter_by(proposal_id=proposal.id)):
        under = {theme.id} | set(db.session.scalars(sa.select(Theme.id).filter_by(
            parent_id=theme.id)))
        people = {db.session.get(Response, tag.response_id)
                  for tag in db.session.scalars(sa.select(ReasonTag))
                  if tag.theme_id in under}
        people = [row for row in people if not row.withdrawn and row.reason
                  and row.review_status == abuse.COUNTED]
        by_group = {"council_area": 0, voting.TWIN_CITY: 0}
        by_option = {}
        for row in people:
            by_option[row.option_id] = by_option.get(row.option_id, 0) + 1
            group = voting.TWIN_CITY if row.respondent_type == voting.TWIN_CITY \
                else "council_area"
            by_group[group] += 1
        found[theme.id] = (len(people), by_option, by_group)
    return found


def figures(proposal) -> dict[int, tuple]:
    return {theme_id: (shown.count, shown.by_option, shown.by_group)
            for theme_id, shown in theme_counts.breakdown(proposal.id).items()}


def test_the_breakdown_equals_a_direct_count_with_sub_themes_and_people_coded_twice(app):
    proposal = make_closed_consultation(choices=())
    support, oppose = proposal.options[0].id, proposal.options[1].id
    safety = make_theme(proposal, name="Safety")
    visitors = make_theme(proposal, name="Visitors", parent=safety)
    cost = make_theme(proposal, name="Cost")
    local = reasoned(proposal, "Risky for visitors.")
    twin = reasoned(proposal, "Not safe here.", choose=1, respondent_type=voting.TWIN_CITY)
    worker = reasoned(proposal, "Costs too much.", respondent_type=voting.WORKS_STUDIES)
    gone = reasoned(proposal, "Changed my mind.")
    responses.withdraw(proposal_id=proposal.id, respondent_id=gone.user_id,
                       now=proposal.opens_at + timedelta(days=3))
    for row, theme in ((local, safety), (local, visitors), (twin, visitors), (worker, cost),
                       (gone, safety), (local, cost)):
        tag_reason(row, theme)
    assert figures(proposal) == direct_counts(proposal)
    assert figures(proposal) == {
        safety.id: (2, {support: 1, oppose: 1}, {"council_area": 1, voting.TWIN_CITY: 1}),
        visitors.id: (2, {support: 1, oppose: 1}, {"council_area": 1, voting.TWIN_CITY: 1}),
        cost.id: (2, {support: 2}, {"council_area": 2, voting.TWIN_CITY: 0})}
    shown = theme_counts.breakdown(proposal.id)[visitors.id]
    assert (shown.name, shown.parent_id, shown.parent_name) == ("Visitors", safety.id, "Safety")


def test_a_theme_nobody_was_coded_with_counts_zero_and_other_consultations_stay_apart(app):
    proposal, other = make_closed_consultation(choices=()), make_closed_consultation(choices=())
    empty = make_theme(proposal, name="Empty")
    elsewhere = make_theme(other, name="Elsewhere")
    tag_reason(reasoned(other, "A reason elsewhere."), elsewhere)
    assert figures(proposal) == {empty.id: (0, {}, {"council_area": 0, voting.TWIN_CITY: 0})}
    assert theme_counts.counted_reasons(proposal.id) == (0, 0)
    assert theme_counts.counted_reasons(other.id) == (1, 1)


def test_reading_counts_current_reads_made_by_the_moment(app):
    proposal = make_closed_consultation(choices=(0,))  # one response without a reason
    first, late, changed, unread = reasons(proposal, 4)
    moment = proposal.closes_at + timedelta(days=1)
    mark_read(first, at=moment - timedelta(hours=2))
    mark_read(late, at=moment + timedelta(minutes=1))
    mark_read(changed, at=moment - timedelta(hours=1))
    responses.respond(proposal_id=proposal.id, respondent_id=changed.user_id,
                      choice=voting.Choice(proposal.options[1].id, voting.LOCAL,
                                           reason="A new reason."),
                      now=proposal.opens_at + timedelta(days=4))
    tag_reason(first, make_theme(proposal), at=moment - timedelta(hours=3))
    assert theme_counts.reading(proposal.id, before=moment) == theme_counts.ReadingFigures(
        received=4, read=1, coded=1, finished_at=None)
    assert theme_counts.reading(proposal.id, before=None).read == 2


def test_the_analysis_finished_when_the_last_reason_was_read(app):
    proposal = make_closed_consultation(choices=())
    rows = reasons(proposal, 2)
    read_at = [proposal.closes_at + timedelta(hours=hours) for hours in (5, 2)]
    for row, moment in zip(rows, read_at, strict=True):
        mark_read(row, at=moment)
    figures = theme_counts.reading(proposal.id, before=read_at[0])
    assert (figures.received, figures.read, figures.finished_at) == (2, 2, read_at[0])
    assert theme_counts.reading(proposal.id, before=read_at[0] - timedelta(seconds=1)
                                ).finished_at is None


def test_reasons_held_for_review_are_read_but_invalidated_ones_are_not(app):
    proposal = make_closed_consultation(choices=())
    held, thrown_out, counted = reasons(proposal, 3)
    db.session.execute(sa.update(Response).where(Response.id == held.id)
                       .values(review_status=abuse.PENDING))
    db.session.execute(sa.update(Response).where(Response.id == thrown_out.id)
                       .values(review_status=abuse.INVALIDATED))
    db.session.commit()
    assert theme_counts.reading(proposal.id, before=None).received == 2
    assert theme_counts.counted_reasons(proposal.id) == (1, 0)
    assert counted.reason == "Reason number 2."
