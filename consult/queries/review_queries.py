"""What officers review: responses held in a burst, grouped by where they came from, those
invalidated, and whether the totals may still change."""

from dataclasses import dataclass
from datetime import datetime
from itertools import groupby

import sqlalchemy as sa

from ..domain import abuse
from ..models import Decision, Feedback, Proposal, Response, db
from . import results

ADDRESS_TAG = 6  # hex characters of the keyed hash: enough to tell networks apart on one page


@dataclass(frozen=True)
class Held:
    """Held responses sharing one reason, oldest first."""

    reason: str
    responses: list[Response]


def totals_frozen(proposal: Proposal) -> bool:
    """Published feedback or a recorded decision has used the totals."""
    for model in (Feedback, Decision):
        found = db.session.scalar(sa.select(sa.func.count()).select_from(model).where(
            model.proposal_id == proposal.id))
        if found:
            return True
    return False


def reviewable(proposal: Proposal, now: datetime) -> str | None:
    """None if officers may review now, else the reason they may not."""
    try:
        abuse.check_reviewable(proposal.status_at(now), totals_frozen(proposal))
    except abuse.NotReviewable as exc:
        return exc.message
    return None


def _current(proposal_id: int, status: str):
    return (sa.select(Response).where(Response.proposal_id == proposal_id,
                                      Response.withdrawn.is_(False),
                                      Response.review_status == status))


def _source(response: Response) -> str:
    tag = (response.address_hash or "")[:ADDRESS_TAG]
    return abuse.burst_source(response.review_reason, tag, response.email_domain)


def held(proposal: Proposal) -> list[Held]:
    """Pending responses grouped by where the burst came from, largest group first."""
    rows = sorted(db.session.scalars(_current(proposal.id, abuse.PENDING)
                                     .order_by(Response.created_at, Response.id)), key=_source)
    groups = [Held(source, list(items)) for source, items in groupby(rows, key=_source)]
    return sorted(groups, key=lambda group: -len(group.responses))


def invalidated(proposal: Proposal) -> list[Response]:
    return list(db.session.scalars(_current(proposal.id, abuse.INVALIDATED)
                                   .order_by(Response.reviewed_at, Response.created_at)))


def pending_count(proposal_id: int) -> int:
    return results.not_counted(proposal_id)[abuse.PENDING]
