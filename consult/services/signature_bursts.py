"""Holding signatures that arrive in a burst: domain/abuse.py's rule, with the facts counted
from a request's signatures as services/response_bursts.py counts them from responses (same
rates, same allow-listed shared addresses, same keyed network hash)."""

from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app

from ..domain import abuse
from ..models import Signature, db
from .response_bursts import address_hash, shared_networks


def _rate(name: str) -> abuse.Rate:
    return abuse.parse_rate(current_app.config[name])


def _recent(request_id: int, column, value, rate: abuse.Rate, now: datetime) -> int:
    since = now - timedelta(seconds=rate.seconds)
    return db.session.scalar(sa.select(sa.func.count()).select_from(Signature).where(
        Signature.request_id == request_id, column == value, Signature.created_at > since))


def mark_new(signature: Signature, email: str, client: str | None, now: datetime) -> None:
    """Mark a first signature with its client network and email domain, and hold it for review
    if either has given more than its rate of signatures to this request (itself included)."""
    address_rate = _rate("CONSULT_RESPONSE_BURST_IP")
    domain_rate = _rate("CONSULT_RESPONSE_BURST_DOMAIN")
    signature.email_domain = abuse.email_domain(email)
    signature.address_hash = address_hash(client) if client else None
    facts = abuse.Facts(
        address_count=None if signature.address_hash is None else 1 + _recent(
            signature.request_id, Signature.address_hash, signature.address_hash,
            address_rate, now),
        domain_count=1 + _recent(signature.request_id, Signature.email_domain,
                                 signature.email_domain, domain_rate, now),
        shared_address=abuse.is_shared(client, shared_networks()),
        webmail=abuse.is_webmail(signature.email_domain))
    assessment = abuse.assess(facts, address_rate, domain_rate)
    signature.review_status, signature.review_reason = assessment.status, assessment.reason
