"""The one place the time is read: by the web layer for pages, and by the unit of work
(infrastructure/unit_of_work.py) for writers, once the write lock is held. The domain is given
`now`."""

from datetime import UTC, datetime


def now() -> datetime:
    return datetime.now(UTC)
