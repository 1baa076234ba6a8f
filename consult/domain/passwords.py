"""New passwords: refused when they are common, breached or otherwise easy to guess (ASVS 2.1.7).

zxcvbn matches a password against its offline frequency lists (the most common passwords
from breaches, common words and names) and patterns (repeats, sequences, keyboard runs), and
estimates the guesses an attacker would need. Nothing is sent anywhere.
"""

import re
from collections.abc import Iterable

from zxcvbn import zxcvbn

from .errors import DomainError
from .i18n import N_

MIN_SCORE = 3  # zxcvbn: 3 is "safely unguessable", at least 10^8 guesses
# zxcvbn refuses to match more (its work grows with length); the start of a longer password is
# checked, and anything on its lists is much shorter than this.
CHECKED_LENGTH = 72


class CommonPassword(DomainError):
    """A password found in lists of common or breached passwords, or as easy to guess."""

    field = "password"


def _parts(text: str) -> list[str]:
    """An address or name as the pieces a password might be made of."""
    local = text.rpartition("@")[0]
    pieces = re.split(r"[\s@.+_-]+", text) + [re.sub(r"\W|_", "", local)]
    return [piece.lower() for piece in pieces if len(piece) > 2]


def check_new_password(password: str, related: Iterable[str] = ()) -> str:
    """Refuse a new password that is common, breached or easy to guess, or made of the
    person's own name or address (`related`)."""
    inputs = [part for text in related for part in _parts(text)]
    if zxcvbn(password[:CHECKED_LENGTH], user_inputs=inputs)["score"] < MIN_SCORE:
        raise CommonPassword(N_("Choose a password that is harder to guess. This one is too "
                                "common: it is on lists of passwords people use often or that "
                                "have been leaked, or it is made of a pattern or your own "
                                "details"))
    return password
