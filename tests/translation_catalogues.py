"""The shipped gettext catalogues, read with Babel, for the language tests."""

import re
from functools import cache
from pathlib import Path

from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "consult" / "translations"
SHIPPED = ("cy", "ru", "de")
_PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sd]|%%|<[^>]+>|\{\{[^}]*\}\}")


def catalogue(code: str):
    with open(TRANSLATIONS / code / "LC_MESSAGES" / "messages.po", "rb") as handle:
        return read_po(handle, locale=code)


def template():
    with open(TRANSLATIONS / "messages.pot", "rb") as handle:
        return read_po(handle)


def ids(messages) -> set:
    return {message.id for message in messages if message.id}


@cache
def english_fragments(code: str) -> list[str]:
    """Runs of three or more English words from each message that the catalogue translates
    differently (less any run the translation itself keeps, such as a licence's name): any of
    them left on a page in `code` is English that was not translated."""
    found = set()
    kept = " ".join(" ".join(m.string if isinstance(m.string, tuple) else (m.string,))
                    for m in catalogue(code) if m.id)
    kept = " ".join(kept.split())
    for message in catalogue(code):
        if not message.id:
            continue
        singular = message.id[0] if isinstance(message.id, tuple) else message.id
        translated = message.string[0] if isinstance(message.string, tuple) else message.string
        if not translated or translated == singular:
            continue
        for piece in _PLACEHOLDER.split(singular):
            words = piece.split()
            # a name the translation keeps in English (a licence, a law) is not left over
            if len(words) >= 3 and " ".join(words) not in kept:
                found.add(" ".join(words))
    return sorted(found)


def compile_if_stale() -> None:
    """Compile each shipped catalogue whose .mo is missing or older than its .po (`make test`
    does this first; a bare `pytest` run needs it too). Written atomically: xdist's workers
    may all get here at once."""
    import os
    import tempfile

    from babel.messages.mofile import write_mo

    for code in SHIPPED:
        source = TRANSLATIONS / code / "LC_MESSAGES" / "messages.po"
        target = source.with_suffix(".mo")
        if target.exists() and target.stat().st_mtime >= source.stat().st_mtime:
            continue
        handle, temporary = tempfile.mkstemp(dir=target.parent, suffix=".mo.tmp")
        with os.fdopen(handle, "wb") as out:
            write_mo(out, catalogue(code))
        os.replace(temporary, target)
