"""The one place the time is read: by the web layer for pages, and by the unit of work
(infrastructure/unit_of_work.py) for writers, once the write lock is held. The domain is given
`now`.

Tests may move the clock (`shift`) to let a promised date pass in a browser journey. Only a
testing app (TESTING, which the production settings in config.py never set) may move it, so in
production `now` is always the real time."""

from datetime import UTC, datetime, timedelta

_offset = timedelta(0)


def now() -> datetime:
    return datetime.now(UTC) + _offset


def shift(delta: timedelta, *, app) -> None:
    """Move the clock by `delta` from the real time (timedelta(0) puts it back). Refused unless
    `app` is a testing app: nothing in production can call this successfully."""
    global _offset
    if not app.config.get("TESTING"):
        raise RuntimeError("The clock can only be shifted for an app created with TESTING")
    _offset = delta
