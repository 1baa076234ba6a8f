"""Officers' review of signatures held in a burst: accept or invalidate in bulk, with a reason.

As services/response_review.py does for responses (the same rule in domain/abuse.py): the
signatures are kept and marked, each bulk action is one transaction with one audit entry, and
the request's counts are recounted from the rows in it.
"""

from datetime import datetime

import sqlalchemy as sa

from ..domain import abuse
from ..domain import requests as rules
from ..domain.i18n import N_
from ..infrastructure.unit_of_work import load, use_case
from ..models import ConsultationRequest, Signature, User, db
from . import audit_log
from .requests import recount

AUDIT_ACTIONS = {abuse.ACCEPT: "signatures.accepted", abuse.INVALIDATE: "signatures.invalidated"}


@use_case
def review(*, request_id: int, action: str, signature_ids: list[int], note: str, actor: User,
           now: datetime) -> list[Signature]:
    """Accept (held or invalidated → counted) or invalidate (held → invalidated) the selected
    signatures, all or none, while the request is published."""
    request = load(ConsultationRequest, request_id)
    if request.status != rules.PUBLISHED:
        raise rules.RequestError(N_("Only a published request's signatures can be reviewed"),
                                 field="signatures")
    note = abuse.check_review(action, len(signature_ids), note,
                              none_selected=N_("Select at least one signature"))
    chosen = list(db.session.scalars(
        sa.select(Signature).where(Signature.request_id == request.id,
                                   Signature.withdrawn.is_(False),
                                   Signature.id.in_(signature_ids)).order_by(Signature.id)))
    targets = [abuse.review_target(action, row.review_status) for row in chosen]
    if len(chosen) != len(set(signature_ids)) or None in targets:
        raise rules.RequestError(N_("Some of the selected signatures have changed since the "
                                    "page was shown. Check the list and select again."),
                                 field="signatures")
    for row, target in zip(chosen, targets, strict=True):
        row.review_status, row.review_note = target, note
        row.reviewed_at, row.reviewed_by_id = now, actor.id
    recount(request, now)
    audit_log.append(actor=actor, action=AUDIT_ACTIONS[action],
                     subject=f"request:{request.id}",
                     details={"signature_ids": [row.id for row in chosen],
                              "count": len(chosen), "reason": note}, now=now)
    return chosen
