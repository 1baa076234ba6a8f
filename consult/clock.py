"""The one place the web layer reads the clock; services and the domain are given `now`."""

from datetime import UTC, datetime


def now() -> datetime:
    return datetime.now(UTC)
