"""Display names: one line of text, shown on pages and written into mail the council sends."""

import unicodedata

from .errors import DomainError
from .i18n import N_

LINE_BREAKS = frozenset("\u2028\u2029")  # line and paragraph separators (Zl, Zp)


class InvalidDisplayName(DomainError):
    """A display name that is not one line of printable text."""

    field = "display_name"


def check_display_name(name: str) -> str:
    """A name is one line: no control characters (Unicode category Cc, CR and LF among them)
    and no line or paragraph separators, which would start a new line in a mail or a page."""
    if any(unicodedata.category(char) == "Cc" or char in LINE_BREAKS for char in name):
        raise InvalidDisplayName(N_("Display name must be on one line, without line breaks, "
                                    "tabs or other control characters"))
    return name
