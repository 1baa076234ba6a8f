"""Requests for a consultation made through the real services, for the tests."""

import itertools
from datetime import datetime

from consult.domain import requests as rules
from consult.services import requests
from tests.factories import NOW, make_link, make_user

_partners = itertools.count(1)


def make_request(*, link=None, author=None, status: str = "published", action: str = "review",
                 title: str = "Review the Kiel link", reason: str = "It has been quiet.",
                 now: datetime = NOW, moderator=None):
    """A request "pending", "published" (at `now`) or "rejected" (as a duplicate)."""
    link = link or make_link(partner_name=f"Requested partner {next(_partners)}")
    author = author or make_user()
    request = requests.submit(author=author, now=now,
                              draft=rules.Draft(link.id, action, title, reason))
    if status == "pending":
        return request
    moderator = moderator or make_user(role="officer")
    if status == "rejected":
        return requests.reject(request_id=request.id, code=rules.DUPLICATE, moderator=moderator,
                               now=now)
    return requests.publish(request_id=request.id, moderator=moderator, now=now)
