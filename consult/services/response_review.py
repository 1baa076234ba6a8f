"""Officers' review of responses held in a burst: accept or invalidate in bulk, with a reason.

Invalidated responses are kept and marked, and count in no total; each bulk action is one
transaction with one audit entry naming the receipt codes it changed.
"""

from datetime import datetime

import sqlalchemy as sa

from ..domain import abuse
from ..domain.errors import DomainError
from ..domain.i18n import N_
from ..infrastructure.unit_of_work import load, use_case
from ..models import Proposal, Response, User, db
from ..queries.review_queries import totals_frozen
from . import audit_log, consultation_history

AUDIT_ACTIONS = {abuse.ACCEPT: "responses.accepted", abuse.INVALIDATE: "responses.invalidated"}


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
        raise DomainError(N_("Some of the selected responses have changed since the page was "
                             "shown. Check the lists and select again."), field="responses")
    for response, target in zip(chosen, targets, strict=True):
        response.review_status, response.review_note = target, note
        response.reviewed_at, response.reviewed_by_id = now, actor.id
    audit_log.append(actor=actor, action=AUDIT_ACTIONS[action],
                     subject=f"proposal:{proposal.id}",
                     details={"receipt_codes": sorted(r.receipt_code for r in chosen),
                              "count": len(chosen), "reason": note}, now=now)
    return chosen
