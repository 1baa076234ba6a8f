"""Plain factory functions with keyword defaults; they go through the real services."""

import itertools
from datetime import UTC, datetime

from consult.services import accounts, links

NOW = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)
PASSWORD = "a long enough passphrase"
_counter = itertools.count(1)


def make_user(*, role: str = "resident", email: str | None = None, display_name: str = "",
              verified: bool = True, password: str = PASSWORD):
    number = next(_counter)
    return accounts.create_user(
        email=email or f"person{number}@example.org",
        display_name=display_name or f"Person {number}", password=password, role=role,
        now=NOW, verified=verified, actor="system (tests)")


def make_link(*, partner_name: str = "Kiel", country: str = "Germany", began: str | None = "1947",
              sources: list[str] | None = None, **kwargs):
    details = links.LinkDetails(partner_name=partner_name, country=country, began=began,
                                sources=sources or ["https://example.org/source"], **kwargs)
    return links.create_link(details, home_place="Coventry", actor="system (tests)", now=NOW)


def make_event(link, *, occurred_on: str = "1947", kind: str = "activity",
               summary: str = "A visit.", sources: list[str] | None = None,
               corrects_id: int | None = None):
    details = links.EventDetails(occurred_on=occurred_on, kind=kind, summary=summary,
                                 sources=["https://example.org/e"] if sources is None else sources,
                                 corrects_id=corrects_id)
    return links.append_event(link, details, actor="system (tests)", now=NOW)
