"""On PostgreSQL a resident's response does not wait for another resident's: they share the
write lock. A close waits for every response in flight, and a response in flight in a lane
holds only that lane.

A second connection stands in for a response caught half-way: it holds the locks that
resident's response transaction holds (the write lock shared, their own lock on the proposal,
their lane's lock) until it rolls back.
"""

import threading
import time
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from consult.infrastructure import unit_of_work
from consult.models import User, db
from consult.services import audit_log, proposals
from tests import databases
from tests.factories import make_proposal, make_user
from tests.reliability.crowd import ACKNOWLEDGED, respond_as

pytestmark = pytest.mark.skipif(databases.postgres_url() is None,
                                reason="advisory locks: PostgreSQL only")
WAIT_LIMIT = 60  # seconds: only a hung test waits this long


def _lane(proposal_id: int, user_id: int) -> int:
    return audit_log.response_lane(f"proposal:{proposal_id}", db.session.get(User, user_id))


def _people_in_lanes(proposal_id: int, count: int) -> list[int]:
    ids, lanes = [], set()
    while len(ids) < count:
        person = make_user()
        if _lane(proposal_id, person.id) not in lanes:
            lanes.add(_lane(proposal_id, person.id))
            ids.append(person.id)
    return ids


def _hold_response_locks(connection, proposal_id: int, user_id: int) -> None:
    """Take what a response by this resident holds until it commits."""
    respondent = unit_of_work.respondent_key(db.session.get(User, user_id))
    for statement, params in (
            ("SELECT pg_advisory_xact_lock_shared(:key)", {"key": unit_of_work.WRITE_LOCK_KEY}),
            ("SELECT pg_advisory_xact_lock(:p, :u)", {"p": proposal_id, "u": respondent}),
            ("SELECT pg_advisory_xact_lock(:key)",
             {"key": unit_of_work.lane_key(_lane(proposal_id, user_id))})):
        connection.execute(sa.text(statement), params)


def _waiting_for_the_write_lock() -> int:
    """Sessions queued on the write lock (bigint advisory keys: classid high, objid low)."""
    with db.engine.connect() as connection:
        return connection.execute(sa.text(
            "SELECT COUNT(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted "
            "AND objsubid = 1 AND classid::bigint = 0 AND objid::bigint = :key"),
            {"key": unit_of_work.WRITE_LOCK_KEY}).scalar_one()


def _until(condition) -> None:
    deadline = time.monotonic() + WAIT_LIMIT
    while not condition():
        assert time.monotonic() < deadline, "gave up waiting"
        time.sleep(0.05)


def _in_thread(target) -> tuple[threading.Thread, list]:
    outcome: list = []
    thread = threading.Thread(target=lambda: outcome.append(target()))
    thread.start()
    return thread, outcome


def test_another_residents_response_completes_while_one_is_in_flight_and_a_close_waits(app):
    now = datetime.now(UTC)
    proposal = make_proposal(status="open", now=now)
    proposal_id, option = proposal.id, proposal.options[0].id
    officer_id = make_user(role="officer").id
    caught, other = _people_in_lanes(proposal_id, 2)

    def close():
        with app.app_context():
            try:
                proposals.close_early(proposal_id=proposal_id, reason="Enough heard.",
                                      actor=db.session.get(User, officer_id),
                                      now=now + timedelta(minutes=5))
                return "closed"
            finally:
                db.session.remove()

    with db.engine.connect() as holder:
        _hold_response_locks(holder, proposal_id, caught)
        db.session.remove()
        responder, answered = _in_thread(
            lambda: respond_as(app, proposal_id, other, option, now=now + timedelta(minutes=1)))
        responder.join(WAIT_LIMIT)
        assert answered == [ACKNOWLEDGED]  # it did not wait for the response in flight

        closer, closed = _in_thread(close)
        _until(lambda: _waiting_for_the_write_lock() >= 1)
        assert closer.is_alive() and closed == []  # the close waits for the response in flight
        holder.rollback()
    closer.join(WAIT_LIMIT)
    assert closed == ["closed"]
    assert audit_log.verify_chain() == (True, None)


def test_a_response_in_flight_holds_its_lane_but_not_the_others(app):
    now = datetime.now(UTC)
    proposal = make_proposal(status="open", now=now)
    proposal_id, option = proposal.id, proposal.options[0].id
    caught = _people_in_lanes(proposal_id, 1)[0]
    lane = _lane(proposal_id, caught)
    neighbour = next(user.id for user in iter(make_user, None)
                     if _lane(proposal_id, user.id) == lane and user.id != caught)

    with db.engine.connect() as holder:
        _hold_response_locks(holder, proposal_id, caught)
        db.session.remove()
        waiter, answered = _in_thread(
            lambda: respond_as(app, proposal_id, neighbour, option, now=now))
        _until(lambda: _lane_waiters(lane) >= 1)
        assert waiter.is_alive()  # the same lane queues: its seq stays gap-free
        holder.rollback()
    waiter.join(WAIT_LIMIT)
    assert answered == [ACKNOWLEDGED]
    assert audit_log.verify_chain() == (True, None)


def _lane_waiters(lane: int) -> int:
    key = unit_of_work.lane_key(lane)
    with db.engine.connect() as connection:
        return connection.execute(sa.text(
            "SELECT COUNT(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted "
            "AND objsubid = 1 AND classid::bigint = :high AND objid::bigint = :low"),
            {"high": key >> 32, "low": key & 0xFFFFFFFF}).scalar_one()
