"""Text people typed, shown safely: escaped first, then line breaks and web addresses added."""

import re

from markupsafe import Markup, escape

# Runs over already-escaped text, so it never sees a raw < > " or '; it stops at the
# entities escape() makes of them and allows only &amp; (query strings) as an entity.
_URL = re.compile(r"\bhttps?://[^\s&<>\"']+(?:&amp;[^\s&<>\"']+)*", re.IGNORECASE)
_TRAILING = ".,;:!?)]}"
LINK_REL = "nofollow noopener noreferrer ugc"


def _split_tail(url: str) -> tuple[str, str]:
    """'see https://a.example/x.' ends a sentence, not the address; balanced ')' stay."""
    end = len(url)
    while end and url[end - 1] in _TRAILING:
        if url[end - 1] == ")" and url[:end].count("(") >= url[:end].count(")"):
            break
        end -= 1
    return url[:end], url[end:]


def _anchor(match: re.Match) -> str:
    url, tail = _split_tail(match.group(0))
    if url.endswith("://"):
        return match.group(0)
    return f'<a class="govuk-link" href="{url}" rel="{LINK_REL}">{url}</a>{tail}'


def plain_text(value: str | None) -> Markup:
    """Escape everything, keep line breaks, and link http(s) addresses (nofollow, ugc)."""
    escaped = str(escape(value or "")).replace("\r\n", "\n").replace("\r", "\n")
    linked = _URL.sub(_anchor, escaped)
    return Markup(linked.replace("\n", "<br>\n"))
