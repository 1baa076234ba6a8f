"""Holding responses that arrive in a burst: the facts for domain/abuse.py, from stored rows.

The client's address is never stored: only a keyed hash of its network (HMAC with the app's
secret key), enough to count responses from one place and nothing to read back.
"""

from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app, has_request_context, request

from ..domain import abuse
from ..infrastructure import identity
from ..models import Response, db


def shared_networks() -> tuple:
    return abuse.parse_networks(current_app.config.get("CONSULT_SHARED_ADDRESSES", ""))


def from_shared_address() -> bool:
    """For Flask-Limiter's exempt_when: the request comes from an allow-listed address (the one
    the app trusts, after ProxyFix when CONSULT_TRUSTED_PROXIES is set)."""
    return has_request_context() and abuse.is_shared(request.remote_addr, shared_networks())


def address_hash(address: str) -> str:
    return identity.keyed_hash("client-network", abuse.network_key(address))


def _rate(name: str) -> abuse.Rate:
    return abuse.parse_rate(current_app.config[name])


def _recent(model, scope, column, value, rate: abuse.Rate, now: datetime) -> int:
    since = now - timedelta(seconds=rate.seconds)
    return db.session.scalar(sa.select(sa.func.count()).select_from(model).where(
        scope, column == value, model.created_at > since))


def mark(row, scope, email: str, client: str | None, now: datetime) -> None:
    """Mark a first response (or signature: any row with the anti-abuse columns) with its
    client network and email domain, and hold it for review if either has sent more than its
    rate of rows within `scope` (one proposal's responses, one request's signatures), itself
    included."""
    model = type(row)
    address_rate = _rate("CONSULT_RESPONSE_BURST_IP")
    domain_rate = _rate("CONSULT_RESPONSE_BURST_DOMAIN")
    row.email_domain = abuse.email_domain(email)
    row.address_hash = address_hash(client) if client else None
    facts = abuse.Facts(
        address_count=None if row.address_hash is None else 1 + _recent(
            model, scope, model.address_hash, row.address_hash, address_rate, now),
        domain_count=1 + _recent(model, scope, model.email_domain, row.email_domain,
                                 domain_rate, now),
        shared_address=abuse.is_shared(client, shared_networks()),
        webmail=abuse.is_webmail(row.email_domain))
    assessment = abuse.assess(facts, address_rate, domain_rate)
    row.review_status, row.review_reason = assessment.status, assessment.reason


def mark_new(response: Response, email: str, client: str | None, now: datetime) -> None:
    """A first response to a proposal, counted against that proposal's responses."""
    mark(response, Response.proposal_id == response.proposal_id, email, client, now)
