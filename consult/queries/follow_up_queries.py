"""Read side of what follows a decision: its retrospective consultation, whether that is
overdue, and reviews approaching or overdue. Whether a consultation opened is the system's own
status (proposal.status_at), never a typed date."""

from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import aliased

from ..domain import days, follow_up
from ..domain import proposals as proposal_rules
from ..models import Decision, LinkEvent, Proposal, TwinLink, db

OPENED = frozenset({proposal_rules.OPEN, proposal_rules.CLOSED, proposal_rules.DECIDED})


@dataclass(frozen=True)
class Review:
    """A decision's review date and where it stands: approaching or overdue."""

    link: TwinLink
    decision: Decision
    review_on: date
    state: str | None

    @property
    def overdue(self) -> bool:
        return self.state == follow_up.OVERDUE


def _uncorrected():
    later = aliased(Decision)
    return ~sa.exists().where(later.corrects_id == Decision.id)


def _chain_ids(decision: Decision) -> list[int]:
    """The decision and the records it corrects: a promise made once stays one promise."""
    ids = [decision.id]
    while decision.corrects is not None:
        decision = decision.corrects
        ids.append(decision.id)
    return ids


def is_corrected(decision: Decision) -> bool:
    return db.session.scalar(sa.select(sa.func.count()).select_from(Decision).where(
        Decision.corrects_id == decision.id)) > 0


def retrospective_for(decision: Decision) -> Proposal | None:
    """The retrospective consultation opened from this decision (or a record it corrects)."""
    if decision.proposal_id is not None:
        return None
    return db.session.scalars(sa.select(Proposal).where(
        Proposal.retrospective_of_id.in_(_chain_ids(decision))).limit(1)).first()


IN_PROGRESS = (proposal_rules.DRAFT, proposal_rules.SCHEDULED, proposal_rules.OPEN)


def review_in_progress(link_id: int) -> bool:
    """A review consultation about the link not yet closed (a draft, upcoming or open)."""
    return db.session.scalar(sa.select(sa.func.count()).select_from(Proposal).where(
        Proposal.link_id == link_id, Proposal.action == follow_up.REVIEW_ACTION,
        Proposal.retrospective_of_id.is_(None), Proposal.status.in_(IN_PROGRESS))) > 0


def opened(proposal: Proposal | None, now: datetime) -> bool:
    return proposal is not None and proposal.status_at(now) in OPENED


def overdue_since(decision: Decision, now: datetime) -> date | None:
    """The promised date, when it has passed with no retrospective consultation open; only the
    current record of a decision (not one a later record corrects) is overdue."""
    if decision.retrospective_by is None or is_corrected(decision):
        return None
    return follow_up.retrospective_overdue_since(
        decision.retrospective_by, days.london_day(now), opened(retrospective_for(decision), now))


def overdue_decisions(now: datetime, link: TwinLink | None = None) -> list[tuple[Decision, date]]:
    """Decisions whose retrospective consultation is overdue, longest overdue first."""
    query = sa.select(Decision).where(
        Decision.retrospective_by.is_not(None),
        Decision.retrospective_by < days.london_day(now), _uncorrected())
    if link is not None:
        query = query.where(Decision.link_id == link.id)
    found = [(d, overdue_since(d, now)) for d in db.session.scalars(
        query.order_by(Decision.retrospective_by, Decision.id))]
    return [(decision, since) for decision, since in found if since is not None]


def link_overdue_since(link: TwinLink, now: datetime) -> date | None:
    found = overdue_decisions(now, link)
    return found[0][1] if found else None


def overdue_links(now: datetime) -> list[tuple[TwinLink, date]]:
    """Links with a retrospective consultation overdue, for the home page and the API."""
    first: dict[int, tuple[TwinLink, date]] = {}
    for decision, since in overdue_decisions(now):
        first.setdefault(decision.link_id, (decision.link, since))
    return sorted(first.values(), key=lambda pair: (pair[1], pair[0].partner_name))


# Reviews


def review_decision(link: TwinLink) -> Decision | None:
    """The link's latest current decision that set a review date."""
    return db.session.scalars(sa.select(Decision).where(
        Decision.link_id == link.id, Decision.review_on.is_not(None), _uncorrected()).order_by(
        Decision.decided_on.desc(), Decision.id.desc()).limit(1)).first()


def _newer_decision(decision: Decision) -> bool:
    chain = _chain_ids(decision)
    return db.session.scalar(sa.select(sa.func.count()).select_from(Decision).where(
        Decision.link_id == decision.link_id, Decision.id.not_in(chain),
        Decision.corrects_id.is_(None) | Decision.corrects_id.not_in(chain),
        sa.or_(Decision.decided_on > decision.decided_on,
               sa.and_(Decision.decided_on == decision.decided_on,
                       Decision.id > decision.id)))) > 0


def _open_consultation(link: TwinLink, now: datetime) -> bool:
    candidates = db.session.scalars(sa.select(Proposal).where(
        Proposal.link_id == link.id,
        Proposal.status.in_((proposal_rules.SCHEDULED, proposal_rules.OPEN))))
    return any(p.status_at(now) == proposal_rules.OPEN for p in candidates)


def review_recorded(decision: Decision) -> bool:
    return db.session.scalar(sa.select(sa.func.count()).select_from(LinkEvent).where(
        LinkEvent.decision_id.in_(_chain_ids(decision)),
        LinkEvent.kind == "review_recorded")) > 0


def current_review_decision(link: TwinLink) -> Decision | None:
    """The decision whose review date stands: no newer decision has replaced it."""
    decision = review_decision(link)
    return None if decision is None or _newer_decision(decision) else decision


def review(link: TwinLink, now: datetime) -> Review | None:
    """The link's review date, unless a newer decision replaced it, and where it stands."""
    decision = current_review_decision(link)
    if decision is None:
        return None
    settled = review_recorded(decision) or _open_consultation(link, now)
    state = follow_up.review_state(decision.review_on, days.london_day(now), settled=settled)
    return Review(link, decision, decision.review_on, state)


def reviews(now: datetime, *, overdue_only: bool = False) -> list[Review]:
    """Reviews approaching (within REVIEW_NOTICE_DAYS) or overdue, soonest first."""
    links = db.session.scalars(sa.select(TwinLink).where(TwinLink.id.in_(
        sa.select(Decision.link_id).where(Decision.review_on.is_not(None)))))
    found = [r for r in (review(link, now) for link in links) if r and r.state]
    if overdue_only:
        found = [r for r in found if r.overdue]
    return sorted(found, key=lambda r: (r.review_on, r.link.partner_name))
