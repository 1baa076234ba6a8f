"""Consultation events on the link's history: opened, closed (with totals), extended, withdrawn.

Opening and closing happen by the clock. `settle` records them once they are due; it runs
inside every write to the proposal and from `consult consultations settle` (for cron), and a
unique index keeps each proposal to one "opened" and one "closed" event. A close or withdrawal
anchors the response lanes into the main audit chain (services/audit_anchors.py).
"""

from datetime import datetime

import sqlalchemy as sa

from .. import clock
from ..domain import notifications as notices
from ..domain import proposals as proposal_rules
from ..domain.days import LONDON
from ..infrastructure import outbox
from ..infrastructure.unit_of_work import load, use_case
from ..models import LinkEvent, Proposal, User, db
from ..queries import results
from . import audit_anchors, audit_log

SYSTEM = "system (consultation clock)"


def _day(moment: datetime) -> str:
    return moment.astimezone(LONDON).date().isoformat()


def _when(moment: datetime) -> str:
    local = moment.astimezone(LONDON)
    return f"{local.day} {local:%B %Y} at {local:%H:%M}"


def _has_event(proposal: Proposal, kind: str) -> bool:
    return db.session.scalar(sa.select(sa.func.count()).select_from(LinkEvent).where(
        LinkEvent.proposal_id == proposal.id, LinkEvent.kind == kind)) > 0


def _append(proposal: Proposal, kind: str, occurred: datetime, summary: str, actor, now):
    event = LinkEvent(link_id=proposal.link_id, proposal_id=proposal.id, kind=kind,
                      occurred_on=_day(occurred), summary=summary, sources=[],
                      recorded_at=now, recorded_by_id=actor.id if isinstance(actor, User) else None,
                      recorded_by=audit_log.actor_label(actor))
    db.session.add(event)
    db.session.flush()
    audit_log.append(actor=actor, action="link.event_added", subject=f"proposal:{proposal.id}",
                     details={"event_id": event.id, "kind": kind, "summary": summary}, now=now)
    return event


def _opened_by(proposal: Proposal, now: datetime) -> bool:
    """Published, its opening time passed, and not withdrawn before it opened."""
    if (proposal.status == proposal_rules.DRAFT or proposal.window is None
            or proposal.opens_at > now):
        return False
    return proposal.withdrawn_at is None or proposal.withdrawn_at > proposal.opens_at


def settle(proposal: Proposal, now: datetime) -> None:
    """Record 'consultation opened' and 'consultation closed' once the clock has passed them
    (or an officer closed it early)."""
    if _opened_by(proposal, now) and not _has_event(proposal, "consultation_opened"):
        _append(proposal, "consultation_opened", proposal.opens_at,
                f"Consultation opened: {proposal.title}. Closes {_when(proposal.closes_at)}.",
                SYSTEM, now)
        _notify(notices.OPENED, proposal, now)
    # an early close is final when it commits, even if its closing time was set just after
    # a response accepted a moment later than the officer's clock reading
    closed = proposal.closed_early_at is not None \
        or proposal.status_at(now) in (proposal_rules.CLOSED, proposal_rules.DECIDED)
    if closed and not _has_event(proposal, "consultation_closed"):
        early = f" Closed early: {proposal.close_reason}" if proposal.closed_early_at else ""
        _append(proposal, "consultation_closed", proposal.closes_at,
                f"Consultation closed: {proposal.title}. "
                f"{results.summary_line(results.tally(proposal))}{early}", SYSTEM, now)
        audit_anchors.anchor(now)
        _notify(notices.CLOSED, proposal, now)


def _notify(kind: str, proposal: Proposal, now: datetime) -> None:
    """Followers hear of it (the outbox: written with the event, sent once it commits)."""
    outbox.notify(kind, key=notices.event_key(kind, proposal.id), now=now,
                  link_id=proposal.link_id, proposal_id=proposal.id)


@use_case
def settle_now(*, proposal_id: int, now: datetime) -> None:
    """`settle` as a use case of its own, for callers outside any other (the demo loader)."""
    settle(load(Proposal, proposal_id), now)


def record_extension(proposal: Proposal, previous: datetime, actor: User, now: datetime):
    return _append(proposal, "consultation_extended", now,
                   f"Consultation extended: {proposal.title}. Was to close {_when(previous)}; "
                   f"now closes {_when(proposal.closes_at)}.", actor, now)


def record_withdrawal(proposal: Proposal, actor: User, now: datetime):
    audit_anchors.anchor(now)
    return _append(proposal, "consultation_withdrawn", now,
                   f"Consultation withdrawn: {proposal.title}. Reason: {proposal.withdrawn_reason}",
                   actor, now)


def _missing(kind: str, moment, now: datetime):
    recorded = sa.exists().where(LinkEvent.proposal_id == Proposal.id, LinkEvent.kind == kind)
    return sa.and_(Proposal.status.in_(_PUBLISHED), moment <= now, ~recorded)


_PUBLISHED = (proposal_rules.SCHEDULED, proposal_rules.OPEN, proposal_rules.CLOSED,
              proposal_rules.DECIDED)


def due(now: datetime) -> list[Proposal]:
    """Published proposals whose opening or closing has passed without its history event."""
    query = sa.select(Proposal).where(sa.or_(
        _missing("consultation_opened", Proposal.opens_at, now),
        _missing("consultation_closed", Proposal.closes_at, now)))
    return list(db.session.scalars(query.order_by(Proposal.id)))


def _events() -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(LinkEvent))


@use_case
def _settle_one(*, proposal_id: int, now: datetime) -> int:
    """Settle one proposal as it is once the write lock is held; returns events added (none,
    if a concurrent writer recorded them first)."""
    before = _events()
    settle(load(Proposal, proposal_id), now)
    return _events() - before


def settle_all(now: datetime | None = None) -> int:
    """Record every due milestone, one proposal per unit of work, then anchor any lane that
    moved; returns events added. Without `now`, each unit of work reads the clock once it
    holds the write lock."""
    due_ids = [proposal.id for proposal in due(now or clock.now())]
    added = sum(_settle_one(proposal_id=proposal_id, now=now) for proposal_id in due_ids)
    audit_anchors.anchor_if_moved(now)
    return added
