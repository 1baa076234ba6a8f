"""A test-only watch on commits: the first of our frames behind any commit must be the unit of
work's (infrastructure/unit_of_work.py) or a test's; anything else in consult/ committing is
noted."""

import contextlib
import sys
from pathlib import Path

from sqlalchemy import event
from sqlalchemy.orm import Session

import consult
from consult.infrastructure import unit_of_work

CONSULT = str(Path(consult.__file__).parent) + "/"
TESTS = str(Path(__file__).parent) + "/"


def committer() -> str | None:
    """Where in consult/ a commit outside the unit of work comes from (None if allowed)."""
    frame = sys._getframe(1)
    while frame is not None:
        path = frame.f_code.co_filename
        if path.startswith(TESTS) and path != __file__:
            return None
        if path.startswith(CONSULT):
            return f"{path.removeprefix(CONSULT)}:{frame.f_lineno} ({frame.f_code.co_name})"
        frame = frame.f_back
    return None


@contextlib.contextmanager
def commits_outside_the_unit_of_work():
    """Collect the places that commit outside the unit of work while the block runs."""
    found: list[str] = []

    def check(session):
        if session.info.get(unit_of_work.INSIDE) is None:
            place = committer()
            if place is not None:
                found.append(place)

    event.listen(Session, "before_commit", check)
    try:
        yield found
    finally:
        event.remove(Session, "before_commit", check)
