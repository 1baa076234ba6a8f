"""Retention: respondents' personal data goes a set number of months after the decision.

Reasons, organisations and postcode districts of every response (and every version of it)
to a consultation are blanked once its decision was recorded, or it was withdrawn, more than
CONSULT_RETENTION_MONTHS ago. Choices, respondent types and receipt codes stay, so totals
and receipts still check out. The anti-abuse data of a request's signatures (network hash,
email domain) goes the same number of months after the request stopped taking signatures;
the signatures and their counts stay. Running it again changes nothing.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa

from ..domain import retention as retention_rules
from ..infrastructure.unit_of_work import use_case
from ..models import (
    ConsultationRequest,
    Decision,
    DigestItem,
    Mail,
    Notification,
    Proposal,
    Response,
    Signature,
    db,
)
from . import audit_log, personal_data

RETENTION_ACTOR = "system (retention)"


@dataclass(frozen=True)
class Anonymised:
    proposal_id: int
    title: str
    responses: int


def due_consultations(*, now: datetime, months: int) -> list[Proposal]:
    """Consultations decided (recorded) or withdrawn before the retention cut-off."""
    cutoff = retention_rules.months_before(now, months)
    decided = sa.select(Decision.proposal_id).where(
        Decision.proposal_id.is_not(None), Decision.recorded_at <= cutoff)
    return list(db.session.scalars(sa.select(Proposal).where(sa.or_(
        Proposal.id.in_(decided), Proposal.withdrawn_at <= cutoff)).order_by(Proposal.id)))


def _old_mail(now: datetime, days: int) -> int:
    """Delivery records of mail done (sent, failed, cancelled) more than `days` ago, and events
    whose every mail is gone; returns mails removed."""
    cutoff = now - timedelta(days=days)
    removed = db.session.execute(sa.delete(Mail).where(
        Mail.status != "queued", Mail.created_at <= cutoff)).rowcount
    waiting = sa.select(DigestItem.notification_id).where(DigestItem.mail_id.is_(None))
    db.session.execute(sa.delete(Notification).where(
        Notification.fanned_out_at <= cutoff, Notification.id.not_in(waiting),
        ~sa.exists().where(Mail.notification_id == Notification.id)))
    return removed


def _old_signatures(now: datetime, months: int) -> int:
    """Blank the network hash and email domain of signatures to requests that stopped taking
    signatures before the cut-off; returns how many signatures held any."""
    closed = sa.select(ConsultationRequest.id).where(
        ConsultationRequest.closes_at <= retention_rules.months_before(now, months))
    return db.session.execute(
        sa.update(Signature).where(Signature.request_id.in_(closed), sa.or_(
            Signature.address_hash.is_not(None), Signature.email_domain != ""))
        .values(address_hash=None, email_domain="")).rowcount


@use_case
def run(*, now: datetime, months: int, actor: str = RETENTION_ACTOR,
        mail_days: int = 90) -> list[Anonymised]:
    """Anonymise what is due and remove old delivery records; one audit entry summarises the
    anonymising (none when nothing was due)."""
    _old_mail(now, mail_days)
    signatures = _old_signatures(now, months)
    if signatures:
        audit_log.append(actor=actor, action="retention.anonymised", subject="signatures",
                         details={"retention_months": months, "signatures": signatures},
                         now=now)
    done = []
    for proposal in due_consultations(now=now, months=months):
        count = personal_data.blank_responses(Response.proposal_id == proposal.id)
        if count:
            done.append(Anonymised(proposal.id, proposal.title, count))
    if done:
        audit_log.append(actor=actor, action="retention.anonymised", subject="responses",
                         details={"retention_months": months,
                                  "cutoff": retention_rules.months_before(now, months).isoformat(),
                                  "consultations": [{"proposal_id": item.proposal_id,
                                                     "responses": item.responses}
                                                    for item in done]},
                         now=now)
    return done
