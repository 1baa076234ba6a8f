"""The council's days: stored moments are UTC; the day they fall on, and how a day is written,
follow the council's own time zone."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")


def london_day(moment: datetime) -> date:
    """The day a stored UTC moment falls on in the council's time zone."""
    return moment.astimezone(LONDON).date()


def show_day(day: date) -> str:
    """A day as pages and history entries write it: "22 March 2022"."""
    return f"{day.day} {day:%B %Y}"
