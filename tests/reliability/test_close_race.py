"""A response racing the close is either counted before the close or refused as closed.

Time is a parameter: a shared stepping clock hands out strictly increasing `now` values, so
submissions straddle the close without sleeping, and each thread reads the clock after it has
loaded the proposal, as a request does.
"""

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import sqlalchemy as sa

from consult.domain import proposals as rules
from consult.models import Proposal, Response, User, db
from consult.queries import results
from consult.services import audit_log, proposals
from tests.factories import NOW, make_proposal, make_user
from tests.reliability.crowd import ACKNOWLEDGED, CLOSED, SteppingClock, respond_as
from tests.reliability.people import bulk_residents

ROUNDS = 3
RESIDENTS = 60
POOL = 16


def _race(app, proposal, residents, clock, *, before_each=None) -> dict[int, str]:
    option = proposal.options[0].id
    barrier = threading.Barrier(POOL)

    def one(index: int) -> tuple[int, str]:
        if index < POOL:
            barrier.wait()
        if before_each:
            before_each(index)
        return residents[index], respond_as(app, proposal.id, residents[index], option,
                                            clock=clock)

    with ThreadPoolExecutor(POOL) as pool:
        return dict(pool.map(one, range(len(residents))))


def _check(proposal_id: int, outcomes: dict[int, str]) -> None:
    db.session.expire_all()
    proposal = db.session.get(Proposal, proposal_id)
    stored = {row.user_id: row.created_at for row in db.session.scalars(
        sa.select(Response).where(Response.proposal_id == proposal_id))}
    acknowledged = {user for user, outcome in outcomes.items() if outcome == ACKNOWLEDGED}
    assert set(outcomes.values()) <= {ACKNOWLEDGED, CLOSED}
    assert set(stored) == acknowledged
    assert all(created < proposal.closes_at for created in stored.values())
    assert results.tally(proposal)["total"] == len(acknowledged)
    assert results.response_count(proposal_id) == len(acknowledged)
    assert audit_log.verify_chain() == (True, None)


def test_responses_straddling_the_closing_time_are_counted_before_it_or_refused(app):
    for round_ in range(ROUNDS):
        closes = NOW + timedelta(days=round_, hours=1)
        proposal = make_proposal(status="open", opens_at=closes - timedelta(days=42),
                                 closes_at=closes, now=closes - timedelta(hours=2))
        clock = SteppingClock(closes - timedelta(milliseconds=RESIDENTS // 2))
        outcomes = _race(app, proposal, bulk_residents(RESIDENTS), clock)
        assert list(outcomes.values()).count(ACKNOWLEDGED) == RESIDENTS // 2
        _check(proposal.id, outcomes)


def test_responses_racing_an_early_close_are_counted_before_it_or_refused(app):
    officer = make_user(role="officer")
    for round_ in range(ROUNDS):
        start = NOW + timedelta(days=round_)
        proposal = make_proposal(status="open", opens_at=start - timedelta(days=1),
                                 closes_at=start + timedelta(days=41), now=start)
        clock = SteppingClock(start)
        closer = _closer(app, proposal.id, officer.id, clock, at=RESIDENTS // 3)
        outcomes = _race(app, proposal, bulk_residents(RESIDENTS), clock, before_each=closer)
        assert ACKNOWLEDGED in outcomes.values() and CLOSED in outcomes.values()
        _check(proposal.id, outcomes)


def _closer(app, proposal_id: int, officer_id: int, clock, *, at: int):
    """Close the consultation early from the thread that submits response number `at`."""

    def maybe_close(index: int) -> None:
        if index != at:
            return
        with app.app_context():
            officer = db.session.get(User, officer_id)
            proposal = proposals.close_early(proposal_id=proposal_id,
                                             reason="The council withdrew its plan.",
                                             actor=officer, now=clock())
            assert proposal.closed_early_at is not None
            assert rules.CLOSED == proposal.status_at(clock())
            db.session.remove()

    return maybe_close
