"""Read-only queries for decision pages, review dates and the fairness checks."""

from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import aliased

from ..domain import days, fairness
from ..domain import decisions as decision_rules
from ..i18n import LANGUAGES
from ..models import Decision, Proposal, ProposalDocument, TwinLink, db
from . import feedback_queries, follow_up_queries

MAX_ID = 2**31 - 1
MIN_YEAR, MAX_YEAR = 1900, 2100


@dataclass(frozen=True)
class Filters:
    link: TwinLink | None = None
    outcome: str = ""
    consulted: str = ""  # "yes", "no" or "" for both
    year: int | None = None


def get(decision_id: int) -> Decision | None:
    """A decision by id; ids no database could hold are simply not found."""
    return db.session.get(Decision, decision_id) if 0 < decision_id <= MAX_ID else None


def _uncorrected():
    later = aliased(Decision)
    return ~sa.exists().where(later.corrects_id == Decision.id)


def public_list(filters: Filters) -> list[Decision]:
    """Every decision record, newest first, filtered by allow-listed values only."""
    query = sa.select(Decision)
    if filters.link is not None:
        query = query.where(Decision.link_id == filters.link.id)
    if filters.outcome in decision_rules.OUTCOMES:
        query = query.where(Decision.outcome == filters.outcome)
    if filters.consulted == "yes":
        query = query.where(Decision.proposal_id.is_not(None))
    elif filters.consulted == "no":
        query = query.where(Decision.proposal_id.is_(None))
    if filters.year is not None:
        query = query.where(Decision.decided_on >= date(filters.year, 1, 1),
                            Decision.decided_on <= date(filters.year, 12, 31))
    return list(db.session.scalars(query.order_by(Decision.decided_on.desc(),
                                                  Decision.id.desc())))


def years() -> list[int]:
    """The years that have decisions, newest first, for the filter."""
    days = db.session.scalars(sa.select(Decision.decided_on).distinct())
    return sorted({day.year for day in days}, reverse=True)


def for_proposal(proposal_id: int) -> list[Decision]:
    return list(db.session.scalars(sa.select(Decision).where(
        Decision.proposal_id == proposal_id).order_by(Decision.id)))


def for_link(link_id: int) -> list[Decision]:
    return list(db.session.scalars(sa.select(Decision).where(
        Decision.link_id == link_id).order_by(Decision.decided_on, Decision.id)))


def unconsulted_for_link(link_id: int) -> list[Decision]:
    return [d for d in for_link(link_id) if not d.consulted]


def corrected_by(decision: Decision) -> Decision | None:
    return db.session.scalars(sa.select(Decision).filter_by(corrects_id=decision.id)).first()


def current_for_proposal(proposal_id: int) -> Decision | None:
    """The latest decision on the consultation that no later record corrects."""
    return db.session.scalars(sa.select(Decision).where(
        Decision.proposal_id == proposal_id, _uncorrected()).order_by(
        Decision.id.desc())).first()


def correctable(decisions: list[Decision]) -> list[Decision]:
    """Records no later record corrects yet: only the latest of a chain can be corrected."""
    corrected = {d.corrects_id for d in decisions if d.corrects_id}
    return [d for d in decisions if d.id not in corrected]


def reviews_due(now: datetime) -> list[tuple[TwinLink, date]]:
    """Links whose review is overdue, for the officers' digest."""
    return [(r.link, r.review_on) for r in follow_up_queries.reviews(now, overdue_only=True)]


def _root(decision: Decision) -> Decision:
    """The first record of a corrected decision: when the decision was really recorded."""
    while decision.corrects is not None:
        decision = decision.corrects
    return decision


def _documents_at_opening(proposal: Proposal) -> int:
    query = sa.select(sa.func.count()).select_from(ProposalDocument).where(
        ProposalDocument.proposal_id == proposal.id)
    if proposal.opens_at is not None:
        query = query.where(ProposalDocument.added_at <= proposal.opens_at)
    return db.session.scalar(query)


def _after_the_fact(decision: Decision, now: datetime) -> dict:
    """An unconsulted decision's promise, and when its retrospective consultation opened."""
    retrospective = follow_up_queries.retrospective_for(decision)
    opened = follow_up_queries.opened(retrospective, now)
    return {"retrospective_by": decision.retrospective_by,
            "no_retrospective_reason": decision.no_retrospective_reason,
            "retrospective_opened_on": days.london_day(retrospective.opens_at)
            if opened else None,
            "retrospective_overdue": follow_up_queries.overdue_since(decision, now) is not None}


def facts(proposal: Proposal | None, decision: Decision | None, min_days: int,
          now: datetime, read_threshold: int = fairness.READ_THRESHOLD) -> fairness.Facts:
    """The plain facts the Gunning checks read, for a consultation and (if any) its decision:
    the reasons read before it as its record keeps them (counted when it was recorded)."""
    if proposal is None:
        return fairness.Facts(consulted=False, decided_on=decision.decided_on,
                              decision_recorded_at=_root(decision).recorded_at,
                              min_days=min_days, **_after_the_fact(decision, now))
    feedback = feedback_queries.get_for(proposal.id)
    return fairness.Facts(
        opens_at=proposal.opens_at, closes_at=proposal.closes_at,
        closed_on=days.london_day(proposal.closes_at) if proposal.closes_at else None,
        published_closes_at=proposal.published_closes_at,
        closed_early_at=proposal.closed_early_at, withdrawn=proposal.withdrawn_at is not None,
        reasons_present=bool(proposal.reasons.strip()),
        alternatives_explained=sum(1 for a in proposal.alternatives if a.get("why_not")),
        documents_at_opening=_documents_at_opening(proposal),
        feedback_published_at=feedback.published_at if feedback else None,
        feedback_published_on=days.london_day(feedback.published_at)
        if feedback else None,
        decided_on=decision.decided_on if decision else None,
        decision_recorded_at=_root(decision).recorded_at if decision else None,
        decision_refers_to_feedback=bool(decision and decision.feedback_id),
        differs_from_most_supported=bool(decision and decision.differs),
        departure_explained=bool(decision and decision.departure_reason.strip()),
        reasons_received=decision.reasons_received if decision else None,
        reasons_read=decision.reasons_read if decision else None,
        read_threshold=read_threshold,
        min_days=min_days, **_languages(proposal), **_invitations(proposal),
        retrospective_of=proposal.retrospective_of.decided_on
        if proposal.retrospective_of_id else None)


def _languages(proposal: Proposal) -> dict:
    """The language versions published with the consultation, and those added after."""
    versions = proposal.translations
    return {"languages": (LANGUAGES["en"], *(LANGUAGES.get(v.language, v.language)
                                             for v in versions if not v.added_after_opening_at)),
            "languages_added_later": tuple(LANGUAGES.get(v.language, v.language)
                                           for v in versions if v.added_after_opening_at)}


def _invitations(proposal: Proposal) -> dict:
    """The kinds of group on the list of who was invited when it opened, and added after."""
    rows = proposal.invitations
    return {"invited_before_opening": tuple(r.kind for r in rows if not r.added_after_opening_at),
            "invited_after_opening": tuple(r.kind for r in rows if r.added_after_opening_at),
            "no_twin_council_reason": proposal.no_twin_council_reason}


def checks(proposal: Proposal | None, decision: Decision | None, *, min_days: int,
           now: datetime, read_threshold: int = fairness.READ_THRESHOLD
           ) -> list[fairness.Result]:
    """The fairness checks (the four Gunning principles and who was invited) for a
    consultation and its decision, as the record stands; `read_threshold` is
    CONSULT_READ_THRESHOLD."""
    return fairness.run(facts(proposal, decision, min_days, now, read_threshold), now)
