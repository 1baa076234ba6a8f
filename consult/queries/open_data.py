"""Read-only queries behind the open data: the JSON API, the CSV downloads and the Atom feeds.

Every list has a total order, so a page asked for twice holds the same rows. Nothing here
returns an email address or an account id: respondents appear only by receipt code, or by the
display name they chose on a reason a moderator has published.
"""

from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from ..domain import proposals
from ..models import (
    AuditEntry,
    ConsultationRequest,
    LinkEvent,
    Proposal,
    ProposalOption,
    Response,
    TwinLink,
    User,
    db,
)
from . import audit_queries, consultation_queries, results
from .paging import Page, page_of_select

MAX_PER_PAGE = 100
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
CLOSING_SOON = timedelta(days=14)
# A consultation's public status, as the API and downloads name it.
PUBLIC_STATUS = {
    proposals.SCHEDULED: "upcoming",
    proposals.OPEN: "open",
    proposals.CLOSED: "closed",
    proposals.DECIDED: "decided",
    proposals.WITHDRAWN: "withdrawn",
}
CONSULTATION_FILTERS = ("open", "upcoming", "closed", "withdrawn", "decided")
RECEIPTS_PUBLISHED = (proposals.CLOSED, proposals.DECIDED)


def links(*, status: str | None = None, country: str | None = None) -> list[TwinLink]:
    """The register by partner name; the slug breaks ties, since names need not be unique."""
    query = sa.select(TwinLink)
    if status:
        query = query.where(TwinLink.status == status)
    if country:
        query = query.where(TwinLink.country == country)
    return list(db.session.scalars(query.order_by(TwinLink.partner_name, TwinLink.slug)))


def link_by_slug(slug: str) -> TwinLink | None:
    return db.session.scalars(sa.select(TwinLink).filter_by(slug=slug)).first()


def history(link: TwinLink) -> list[LinkEvent]:
    """A link's history, oldest first, exactly as the link's page lists it."""
    return list(db.session.scalars(sa.select(LinkEvent).where(LinkEvent.link_id == link.id)
                                   .order_by(LinkEvent.occurred_on, LinkEvent.id)))


def public_status(proposal: Proposal, now: datetime) -> str:
    return PUBLIC_STATUS[proposal.status_at(now)]


def consultations(*, now: datetime, status: str = "",
                  link: TwinLink | None = None) -> list[Proposal]:
    """Published consultations, latest closing first, as on /consultations.

    'closed' includes decided consultations, as on the web page; 'decided' is only those.
    """
    return consultation_queries.public_list(now=now, status=status,
                                            link_id=link.id if link else None)


def published_consultation(proposal_id: int) -> Proposal | None:
    """A consultation anyone may see: any but a draft. Ids beyond 32 bits exist nowhere."""
    if not 0 < proposal_id < 2**31:
        return None
    proposal = db.session.get(Proposal, proposal_id)
    return proposal if proposal is not None and proposal.status != proposals.DRAFT else None


def closing_soon(now: datetime) -> list[Proposal]:
    """Open consultations that close within the next fortnight, soonest first."""
    return [proposal for proposal in consultation_queries.open_now(now)
            if proposal.closes_at <= now + CLOSING_SOON]


def newest_consultations(now: datetime, limit: int = 50) -> list[Proposal]:
    """Published consultations, the most recently opening first (upcoming ones included)."""
    found = consultation_queries.public_list(now=now)
    return sorted(found, key=lambda p: (p.opens_at or p.created_at, p.id), reverse=True)[:limit]


@dataclass(frozen=True)
class Outcome:
    """What may be published of a consultation's responses at `now`."""

    visible: bool
    response_count: int
    tally: dict | None


def outcome(proposal: Proposal, now: datetime) -> Outcome:
    """Totals only once results are visible (services.results.visible); a count before."""
    count = results.response_count(proposal.id)
    if not results.visible(proposal, now):
        return Outcome(False, count, None)
    return Outcome(True, count, results.tally(proposal))


def receipts_published(proposal: Proposal, now: datetime) -> bool:
    """Receipt codes are listed once the consultation has closed, and never before."""
    return proposal.status_at(now) in RECEIPTS_PUBLISHED


def receipts(proposal: Proposal) -> list[str]:
    """Every counted response's receipt code (services.results.counts), sorted."""
    return sorted(db.session.scalars(sa.select(Response.receipt_code).where(
        results.counts(proposal.id))))


@dataclass(frozen=True)
class PublishedReason:
    display_name: str
    option: str
    reason: str
    responded_at: datetime
    response_id: int = 0  # for joining the reason's themes in the CSV; never published itself


def _reasons_query(proposal: Proposal) -> sa.Select:
    return (sa.select(User.display_name, ProposalOption.label, Response.reason,
                      Response.updated_at, Response.id)
            .join(User, User.id == Response.user_id)
            .join(ProposalOption, ProposalOption.id == Response.option_id)
            .where(results.counts(proposal.id), Response.reason_status == "published")
            .order_by(Response.updated_at, Response.id))


def reasons_page(proposal: Proposal, page: int, per_page: int) -> Page:
    """Published reasons, oldest first, with the display name each person chose."""
    found = page_of_select(_reasons_query(proposal), page, per_page)
    return replace(found, items=[PublishedReason(*row) for row in found.items])


def all_reasons(proposal: Proposal) -> list[PublishedReason]:
    return [PublishedReason(*row) for row in db.session.execute(_reasons_query(proposal))]


def audit_head() -> audit_queries.LogHead:
    """The newest audit entry's hash: anyone holding it can later check nothing was rewritten."""
    return audit_queries.log_head()


def audit_page(page: int, per_page: int) -> Page:
    """Entries in (lane, seq) order, lane 0 first: the order the chains and anchors verify in."""
    return page_of_select(sa.select(AuditEntry).order_by(AuditEntry.lane, AuditEntry.seq),
                          page, per_page)


def last_modified(now: datetime) -> datetime:
    """When anything published last changed (the Unix epoch if nothing ever has).

    Every change goes through a service that appends an audit entry; the only other changes
    are a consultation opening or closing by the clock, so the latest of those counts too.
    """
    moments = [db.session.scalar(sa.select(sa.func.max(AuditEntry.occurred_at)))]
    for column in (Proposal.opens_at, Proposal.closes_at):
        moments.append(db.session.scalar(sa.select(sa.func.max(column)).where(
            Proposal.status != proposals.DRAFT, column <= now)))
    # A request for a consultation closes, and its answer falls due, by the clock too.
    for column in (ConsultationRequest.closes_at, ConsultationRequest.answer_due_at):
        moments.append(db.session.scalar(sa.select(sa.func.max(column)).where(column <= now)))
    return max((moment for moment in moments if moment is not None), default=EPOCH)
