"""Responding from worker threads through the real service, each with its own app context."""

import threading
from datetime import datetime, timedelta

import sqlalchemy as sa

from consult.domain import proposals as rules
from consult.domain import voting
from consult.models import Proposal, Response, User, db
from consult.services import responses

ACKNOWLEDGED, CLOSED = "acknowledged", "closed"


class SteppingClock:
    """A clock shared by threads: every reading is one millisecond after the one before, so
    the order of `now` values is the order in which the callers read the clock."""

    def __init__(self, start: datetime):
        self._next, self._lock = start, threading.Lock()

    def __call__(self) -> datetime:
        with self._lock:
            moment, self._next = self._next, self._next + timedelta(milliseconds=1)
            return moment


def respond_as(app, proposal_id: int, user_id: int, option_id: int, *,
               now: datetime | None = None, clock=None) -> str:
    """Load the proposal as a request would, read the clock, respond; say how it went."""
    with app.app_context():
        try:
            proposal = db.session.get(Proposal, proposal_id)
            user = db.session.get(User, user_id)
            moment = now or clock()
            responses.respond(proposal_id=proposal.id, respondent_id=user.id,
                              choice=voting.Choice(option_id, "local_resident"),
                              now=moment)
            return ACKNOWLEDGED
        except rules.ConsultationNotOpen:
            return CLOSED
        finally:
            db.session.remove()


def sql_total(proposal_id: int) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(Response).where(
        Response.proposal_id == proposal_id, Response.withdrawn.is_(False)))
