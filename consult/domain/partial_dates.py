"""Dates known only to the year or month, stored and shown honestly.

A partial date is kept as ISO text: "1944", "1941-10" or "1944-06-06". Sorting the text sorts
the dates, with a less precise date before the more precise dates inside it.
"""

import calendar
import re
from dataclasses import dataclass

from .errors import InvalidPartialDate
from .i18n import N_

_PATTERN = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
MIN_YEAR = 1000
MAX_YEAR = 2999


@dataclass(frozen=True, order=True)
class PartialDate:
    year: int
    month: int | None = None
    day: int | None = None

    @property
    def precision(self) -> str:
        return "day" if self.day else "month" if self.month else "year"

    def iso(self) -> str:
        if self.day:
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        if self.month:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}"

    def display(self) -> str:
        if self.day:
            return f"{self.day} {calendar.month_name[self.month]} {self.year}"
        if self.month:
            return f"{calendar.month_name[self.month]} {self.year}"
        return str(self.year)


def build(year: int, month: int | None = None, day: int | None = None) -> PartialDate:
    """Make a partial date; a day needs a month, and the date must exist."""
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise InvalidPartialDate(N_("Year must be between %(low)d and %(high)d"), low=MIN_YEAR,
                                 high=MAX_YEAR)
    if month is None:
        if day is not None:
            raise InvalidPartialDate(N_("A date with a day must also have a month"))
        return PartialDate(year)
    if not 1 <= month <= 12:
        raise InvalidPartialDate(N_("Month must be between 1 and 12"))
    if day is not None and not 1 <= day <= calendar.monthrange(year, month)[1]:
        raise InvalidPartialDate(N_("Day must be a real day of that month"))
    return PartialDate(year, month, day)


def parse(text: str) -> PartialDate:
    """Read "YYYY", "YYYY-MM" or "YYYY-MM-DD"."""
    match = _PATTERN.match((text or "").strip())
    if not match:
        raise InvalidPartialDate(N_("Enter a date as a year, a year and month, or a full "
                                    "date"))
    year, month, day = (int(part) if part else None for part in match.groups())
    return build(year, month, day)


def display(text: str | None) -> str:
    """Show a stored partial date for people; an unknown date says so."""
    return parse(text).display() if text else "Not known"
