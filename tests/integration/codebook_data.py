"""Shared set-up for the tests built on the codebook (issue 17): reasons given in a closed
consultation's window, published by a moderator when told."""

from datetime import timedelta

from consult.domain import voting
from consult.services import discussion
from tests.factories import make_user, respond

MODERATOR = "system (tests)"


def reasoned(proposal, reason: str, *, choose: int = 0, respondent_type: str = voting.LOCAL,
             person=None, published: bool = False):
    """A response giving `reason`, made while the consultation was open; its reason published
    by a moderator if `published` (otherwise it waits for moderation)."""
    person = person or make_user()
    response = respond(proposal, person, choose=choose, respondent_type=respondent_type,
                       reason=reason, now=proposal.opens_at + timedelta(days=2))
    if published:
        discussion.moderate_reason(response_id=response.id, publish=True, moderator=MODERATOR,
                                   now=proposal.opens_at + timedelta(days=3))
    return response


def reasons(proposal, count: int, **kwargs) -> list:
    return [reasoned(proposal, f"Reason number {number}.", **kwargs) for number in range(count)]
