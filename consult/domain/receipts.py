"""Receipt codes: 160 random bits in base 32, in groups of four so they can be read aloud."""

import base64
import re
import secrets

BYTES = 20  # 160 random bits
LENGTH = 32  # base-32 characters in 160 bits
_CODE = re.compile(rf"^[A-Z2-7]{{{LENGTH}}}$")
_SEPARATORS = re.compile(r"[\s\-‐‑‒–—]")


def group(compact: str) -> str:
    return "-".join(compact[i:i + 4] for i in range(0, len(compact), 4))


def new() -> str:
    """A fresh code in its printed form: random, never derived from the choice it stands for."""
    return group(base64.b32encode(secrets.token_bytes(BYTES)).decode("ascii"))


def normalise(text: str) -> str | None:
    """The code as it is printed, however it was typed (any case, spaces, dashes); else None."""
    compact = _SEPARATORS.sub("", text).upper()
    return group(compact) if _CODE.match(compact) else None
