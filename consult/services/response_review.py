"""Officers' review of responses held in a burst: accept or invalidate in bulk, with a reason.

Invalidated responses are kept and marked, and count in no total; each bulk action is one
transaction with one audit entry naming the receipt codes it changed.
"""

from dataclasses import dataclass
from datetime import datetime
from itertools import groupby

import sqlalchemy as sa

from ..domain import abuse
from ..domain.errors import DomainError
from ..infrastructure.unit_of_work import load, use_case
from ..models import Decision, Feedback, Proposal, Response, User, db
from ..queries import results
from . import audit_log, consultation_history

ADDRESS_TAG = 6  # hex characters of the keyed hash: enough to tell networks apart on one page
AUDIT_ACTIONS = {abuse.ACCEPT: "responses.accepted", abuse.INVALIDATE: "responses.invalidated"}


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


def _selected(proposal: Proposal, response_ids: list[int]) -> list[Response]:
    return list(db.session.scalars(
        sa.select(Response).where(Response.proposal_id == proposal.id,
                                  Response.withdrawn.is_(False),
                                  Response.id.in_(response_ids))
        .order_by(Response.id)))


@use_case
def review(*, proposal_id: int, action: str, response_ids: list[int], note: str,
           actor: User, now: datetime) -> list[Response]:
    """Accept (pending or invalidated → counted) or invalidate (pending → invalidated) the
    selected responses, all or none, and record the action with its reason in the audit log."""
    proposal = load(Proposal, proposal_id)
    consultation_history.settle(proposal, now)
    abuse.check_reviewable(proposal.status_at(now), totals_frozen(proposal))
    note = abuse.check_review(action, len(response_ids), note)
    chosen = _selected(proposal, response_ids)
    targets = [abuse.review_target(action, response.review_status) for response in chosen]
    if len(chosen) != len(set(response_ids)) or None in targets:
        raise DomainError("Some of the selected responses have changed since the page was "
                          "shown. Check the lists and select again.", field="responses")
    for response, target in zip(chosen, targets, strict=True):
        response.review_status, response.review_note = target, note
        response.reviewed_at, response.reviewed_by_id = now, actor.id
    audit_log.append(actor=actor, action=AUDIT_ACTIONS[action],
                     subject=f"proposal:{proposal.id}",
                     details={"receipt_codes": sorted(r.receipt_code for r in chosen),
                              "count": len(chosen), "reason": note}, now=now)
    return chosen
