"""How long respondents' personal data is kept: a number of whole months after the decision."""

import calendar
from datetime import datetime

from .errors import DomainError
from .i18n import N_

DEFAULT_MONTHS = 12


class InvalidRetention(DomainError):
    """A retention period that is not a whole number of months, one or more."""


def months_before(moment: datetime, months: int) -> datetime:
    """The same day and time `months` calendar months earlier (31 March less one month is
    28 or 29 February): the moment before which a decision's personal data is due to go."""
    if not isinstance(months, int) or isinstance(months, bool) or months < 1:
        raise InvalidRetention(N_("The retention period must be a whole number of months, "
                                  "1 or more"))
    index = moment.year * 12 + (moment.month - 1) - months
    year, month = divmod(index, 12)
    day = min(moment.day, calendar.monthrange(year, month + 1)[1])
    return moment.replace(year=year, month=month + 1, day=day)
