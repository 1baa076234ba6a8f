"""Email addresses compared as mailboxes: one account per mailbox, whatever the spelling."""

import unicodedata
from typing import NamedTuple

from email_validator import EmailNotValidError, validate_email

MAX_LENGTH = 254


class Provider(NamedTuple):
    """How one mail domain delivers: to which domain's mailboxes, and what it ignores."""

    mailbox_domain: str  # the domain whose mailbox the address reaches
    plus_tags: bool  # name+anything@ reaches name@ (sub-addressing)
    dots: bool  # dots in the local part are ignored (Gmail only)


_GMAIL = Provider("gmail.com", plus_tags=True, dots=True)
_ICLOUD = Provider("icloud.com", plus_tags=True, dots=False)


def _tags(domain: str) -> Provider:
    return Provider(domain, plus_tags=True, dots=False)


# The big providers whose addresses reach one mailbox under several spellings: one row each.
PROVIDERS: dict[str, Provider] = {
    "gmail.com": _GMAIL, "googlemail.com": _GMAIL,
    "icloud.com": _ICLOUD, "me.com": _ICLOUD, "mac.com": _ICLOUD,
    **{domain: _tags(domain) for domain in (
        "outlook.com", "hotmail.com", "live.com", "msn.com",
        "outlook.co.uk", "hotmail.co.uk", "live.co.uk",
        "fastmail.com", "fastmail.fm", "protonmail.com", "proton.me", "pm.me")},
}


def canonical(address: str) -> str | None:
    """The address as email-validator normalises it (IDNA domain, NFC local part), which is
    what is stored and mailed; None if it is not a valid address. Nothing is looked up."""
    try:
        normalised = validate_email(address.strip(), check_deliverability=False).normalized
    except EmailNotValidError:
        return None
    return normalised if len(normalised) <= MAX_LENGTH else None


def normalise(address: str) -> str:
    """The mailbox an address reaches: its validated form (so fullwidth or other compatibility
    spellings count as what they reach), NFKC, lower case, and for the big providers without
    the +tag (and, at Gmail, without dots) and with the provider's one domain, so that each
    mailbox can hold only one account. Used for uniqueness and look-ups only.
    """
    text = canonical(address) or address.strip()
    text = unicodedata.normalize("NFKC", text).lower()
    local, at, domain = text.rpartition("@")
    if not at or not local:
        return text
    provider = PROVIDERS.get(domain)
    if provider is None:
        return text
    if provider.plus_tags:
        local = local.split("+", 1)[0] or local
    if provider.dots:
        local = local.replace(".", "") or local
    return f"{local}@{provider.mailbox_domain}"
