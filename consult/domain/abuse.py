"""Bursts of responses: when a response is counted at once and when it is held for review.

A response is never refused for coming in a burst. It is held ("pending") with the reason, and
an officer accepts or invalidates it. Invalidated responses are kept and marked; only counted
responses are in any total.
"""

import ipaddress
import re
from dataclasses import dataclass

from . import i18n
from .errors import DomainError
from .i18n import N_
from .proposals import CLOSED, OPEN

COUNTED = "counted"
PENDING = "pending"
INVALIDATED = "invalidated"
REVIEW_STATUSES = (COUNTED, PENDING, INVALIDATED)

ACCEPT = "accept"
INVALIDATE = "invalidate"
# Which review statuses each officer action applies to, and what it makes them.
REVIEW_ACTIONS = {ACCEPT: ({PENDING, INVALIDATED}, COUNTED),
                  INVALIDATE: ({PENDING}, INVALIDATED)}

MAX_NOTE = 500

# Webmail providers serve a whole country's residents: many responses from one of them are not a
# burst. Their responses are checked by the network-address rule only.
WEBMAIL_DOMAINS = frozenset({
    "gmail.com", "googlemail.com", "outlook.com", "hotmail.com", "hotmail.co.uk", "live.com",
    "live.co.uk", "msn.com", "icloud.com", "me.com", "mac.com", "aol.com", "protonmail.com",
    "proton.me", "btinternet.com", "sky.com", "virginmedia.com", "talktalk.net", "gmx.com",
    "mail.com", "yandex.ru", "mail.ru",
})
_YAHOO = re.compile(r"^(ymail\.com|rocketmail\.com|yahoo(\.[a-z]{2,3}){1,2})$")

# A held response's reason is stored with it as a record, so it stays in English (not marked).
ADDRESS_BURST = "burst from one network address"
DOMAIN_BURST = "burst from one email domain"

_UNITS = {"second": 1, "minute": 60, "hour": 3600, "day": 86400}
_RATE = re.compile(r"^\s*(\d+)\s*(?:per|/)\s*(\d+)?\s*(second|minute|hour|day)s?\s*$")
# An IPv6 host usually holds a whole /64 and can use any address in it.
IPV6_PREFIX = 64


class NotReviewable(DomainError):
    """The consultation's totals can no longer change, or it never took responses."""


@dataclass(frozen=True)
class Rate:
    """At most `count` responses in `seconds`."""

    count: int
    seconds: int

    @property
    def window_words(self) -> str:
        for unit, size in reversed(_UNITS.items()):
            if self.seconds % size == 0:
                number = self.seconds // size
                article = "an" if unit == "hour" else "a"
                return f"{article} {unit}" if number == 1 else f"{number} {unit}s"
        return f"{self.seconds} seconds"


def parse_rate(text: str) -> Rate:
    """'20 per hour', '50 per 2 hours', '5/minute' → Rate; anything else is a ValueError."""
    match = _RATE.match(text.lower())
    if not match or int(match.group(1)) < 1 or match.group(2) == "0":
        raise ValueError(f"not a rate such as '20 per hour': {text!r}")
    return Rate(int(match.group(1)), int(match.group(2) or 1) * _UNITS[match.group(3)])


def parse_networks(text: str) -> tuple:
    """A comma-separated list of addresses and CIDR networks; a bad entry is a ValueError."""
    return tuple(ipaddress.ip_network(part.strip(), strict=False)
                 for part in text.split(",") if part.strip())


def is_shared(address: str | None, networks: tuple) -> bool:
    """Whether the address is in an allow-listed network (a library, a council office)."""
    try:
        ip = ipaddress.ip_address(address or "")
    except ValueError:
        return False
    return any(ip.version == network.version and ip in network for network in networks)


def network_key(address: str) -> str:
    """What identifies one client: an IPv4 address, or an IPv6 address's /64 network."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address.strip()
    if ip.version == 4:
        return str(ip)
    if ip.ipv4_mapped is not None:
        return str(ip.ipv4_mapped)
    return str(ipaddress.ip_network(f"{ip}/{IPV6_PREFIX}", strict=False))


def email_domain(email: str) -> str:
    return email.rpartition("@")[2].strip().lower().rstrip(".")


def is_webmail(domain: str) -> bool:
    return domain in WEBMAIL_DOMAINS or bool(_YAHOO.match(domain))


@dataclass(frozen=True)
class Facts:
    """Responses to this proposal in each rule's window, this one included.

    `address_count` is None when the client address is unknown (the command line, the demo).
    """

    address_count: int | None
    domain_count: int
    shared_address: bool
    webmail: bool


@dataclass(frozen=True)
class Assessment:
    status: str
    reason: str = ""


def assess(facts: Facts, address_rate: Rate, domain_rate: Rate) -> Assessment:
    """Counted, unless one network address or one (non-webmail) email domain is over its rate.

    Allow-listed shared addresses are exempt from the address rule only.
    """
    if (facts.address_count is not None and not facts.shared_address
            and facts.address_count > address_rate.count):
        return Assessment(PENDING, f"{ADDRESS_BURST}: {facts.address_count} responses in "
                                   f"{address_rate.window_words}")
    if not facts.webmail and facts.domain_count > domain_rate.count:
        return Assessment(PENDING, f"{DOMAIN_BURST}: {facts.domain_count} responses in "
                                   f"{domain_rate.window_words}")
    return Assessment(COUNTED)


def burst_source(reason: str, address_tag: str, domain: str) -> str:
    """What held responses are grouped by for review: one network or one domain, by name.

    `address_tag` is a short pseudonym of the network (never the address itself).
    """
    if reason.startswith(ADDRESS_BURST):
        return i18n.translate(N_("Burst from one network address (network %(network)s)"),
                              {"network": address_tag})
    if reason.startswith(DOMAIN_BURST):
        return i18n.translate(N_("Burst from the email domain %(domain)s"), {"domain": domain})
    return reason or i18n.translate(N_("Held for review"))


def check_reviewable(status_now: str, totals_frozen: bool) -> None:
    """Officers review while a consultation is open or closed, until its totals are used.

    Once feedback is published or a decision recorded, the totals they carry are final, so no
    held response can be accepted or invalidated any more.
    """
    if status_now not in (OPEN, CLOSED):
        raise NotReviewable(N_("Responses can be reviewed only while the consultation is open "
                               "or closed and before a decision is recorded."))
    if totals_frozen:
        raise NotReviewable(N_("The totals are final: feedback has been published or a "
                               "decision recorded, so responses can no longer be reviewed."))


def check_review(action: str, selected: int, note: str, *,
                 none_selected: str = N_("Select at least one response")) -> str:
    """An officer's review names an action, at least one response (or signature: the caller
    names what) and a reason."""
    if action not in REVIEW_ACTIONS:
        raise DomainError(N_("Choose whether to accept or invalidate"), field="responses")
    if not selected:
        raise DomainError(none_selected, field="responses")
    note = note.strip()
    if not note:
        raise DomainError(N_("Enter the reason for your decision"), field="note")
    if len(note) > MAX_NOTE:
        raise DomainError(N_("The reason must be %(max)d characters or fewer"), field="note",
                          max=MAX_NOTE)
    return note


def review_target(action: str, current: str) -> str | None:
    """The status the action gives a response now `current`; None when it does not apply."""
    applies_to, result = REVIEW_ACTIONS[action]
    return result if current in applies_to else None
