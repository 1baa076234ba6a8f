"""Email addresses compared as mailboxes: one account per mailbox, whatever the spelling."""

# Providers that ignore dots in the local part and treat googlemail.com as gmail.com.
GMAIL = "gmail.com"
GMAIL_ALIASES = frozenset({"gmail.com", "googlemail.com"})
# Providers that deliver name+anything@ to name@ (sub-addressing).
PLUS_TAG_DOMAINS = frozenset({
    "outlook.com", "hotmail.com", "live.com",
    "icloud.com", "fastmail.com", "fastmail.fm", "protonmail.com", "proton.me", "pm.me",
}) | GMAIL_ALIASES


def normalise(address: str) -> str:
    """The mailbox an address reaches: lower case, and for the big providers without the
    +tag (and, at Gmail, without dots), so that each mailbox can hold only one account.

    Used for uniqueness and look-ups only; mail goes to the address as the person typed it.
    """
    address = address.strip().lower()
    local, at, domain = address.rpartition("@")
    if not at or not local:
        return address
    if domain in PLUS_TAG_DOMAINS:
        local = local.split("+", 1)[0] or local
    if domain in GMAIL_ALIASES:
        local = local.replace(".", "") or local
        domain = GMAIL
    return f"{local}@{domain}"

