"""Shared set-up for the anti-abuse tests: low burst rates, and responses from given places."""

import itertools
from datetime import timedelta

import sqlalchemy as sa

from consult.domain import voting
from consult.models import Response, db
from consult.services import responses
from tests.factories import make_user

SHARED_NETWORK = "192.0.2.0/24"
LIBRARY = "192.0.2.10"
BURST_CONFIG = {"CONSULT_RESPONSE_BURST_IP": "3 per hour",
                "CONSULT_RESPONSE_BURST_DOMAIN": "4 per hour",
                "CONSULT_SHARED_ADDRESSES": SHARED_NETWORK}
ADDRESS_REASON = "burst from one network address: {n} responses in an hour"
_people = itertools.count(1)


def respond_from(proposal, address: str | None, *, domain: str = "gmail.com", count: int = 1,
                 choose: int = 0, start: int = 0) -> list[Response]:
    """`count` residents respond from one address, a minute apart, through the service."""
    made = []
    for number in range(count):
        person = make_user(email=f"burst{next(_people)}@{domain}")
        choice = voting.Choice(proposal.options[choose].id, voting.LOCAL)
        when = proposal.opens_at + timedelta(days=1, minutes=start + number)
        made.append(responses.respond(proposal_id=proposal.id, respondent_id=person.id,
                                      choice=choice, now=when, client=address))
    return made


def statuses(proposal) -> list[str]:
    db.session.expire_all()
    return list(db.session.scalars(sa.select(Response.review_status).where(
        Response.proposal_id == proposal.id).order_by(Response.created_at, Response.id)))
