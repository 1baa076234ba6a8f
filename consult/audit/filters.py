"""The audit log's filters, read from a query string: anything malformed is ignored, never fatal."""

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from ..domain.days import LONDON
from ..domain.i18n import N_

# Only these families of actions can be chosen; the value is the prefix before the dot. The
# names are shown in the reader's language (the page translates them).
ACTION_FAMILIES = {
    "account": N_("Accounts and roles"),
    "link": N_("Twin links and their history"),
    "proposal": N_("Consultations"),
    "response": N_("Responses to consultations"),
    "comment": N_("Comments"),
    "moderation": N_("Moderation"),
    "decision": N_("Decisions"),
}
SUBJECT = re.compile(r"^[a-z_]{1,20}:[A-Za-z0-9_.-]{1,100}$")
FIRST_YEAR, LAST_YEAR = 2000, 2999  # keeps every London day convertible to UTC
DATE_PARTS = ("day", "month", "year")


@dataclass(frozen=True)
class AuditFilter:
    """What the reader asked for, cleaned; `ignored` names the parts that made no sense (marked
    for translation: the page shows them in the reader's language)."""

    family: str = ""
    subject: str = ""
    from_day: date | None = None
    to_day: date | None = None
    ignored: tuple[str, ...] = field(default=())

    @property
    def active(self) -> bool:
        return bool(self.family or self.subject or self.from_day or self.to_day)

    def since(self) -> datetime | None:
        """The start of the first London day asked for, in UTC."""
        return _london_midnight(self.from_day) if self.from_day else None

    def before(self) -> datetime | None:
        """The start of the London day after the last one asked for, in UTC."""
        return _london_midnight(self.to_day + timedelta(days=1)) if self.to_day else None

    def query_args(self) -> dict[str, str]:
        """The filter as query-string arguments, for page links that keep it."""
        args = {"action": self.family, "subject": self.subject}
        for prefix, day in (("from", self.from_day), ("to", self.to_day)):
            if day:
                args.update({f"{prefix}-day": str(day.day), f"{prefix}-month": str(day.month),
                             f"{prefix}-year": str(day.year)})
        return {key: value for key, value in args.items() if value}


def _london_midnight(day: date) -> datetime:
    return datetime.combine(day, time(), tzinfo=LONDON).astimezone(UTC)


def _small_int(raw: str) -> int | None:
    raw = raw.strip()
    return int(raw) if raw.isascii() and raw.isdigit() and len(raw) <= 4 else None


def parse_day(args: Mapping[str, str], prefix: str) -> tuple[date | None, bool]:
    """(the date, whether something unusable was given) from prefix-day/-month/-year."""
    raw = [args.get(f"{prefix}-{part}", "") for part in DATE_PARTS]
    if not any(part.strip() for part in raw):
        return None, False
    day, month, year = (_small_int(part) for part in raw)
    if None in (day, month, year) or not FIRST_YEAR <= year <= LAST_YEAR:
        return None, True
    try:
        return date(year, month, day), False
    except ValueError:
        return None, True


def parse(args: Mapping[str, str]) -> AuditFilter:
    """Keep each filter that is well formed; name the ones that were not."""
    ignored = []
    family = args.get("action", "")
    if family not in ACTION_FAMILIES:
        ignored += [N_("type of action")] if family else []
        family = ""
    subject = args.get("subject", "").strip()
    if subject and not SUBJECT.match(subject):
        ignored.append(N_("subject"))
        subject = ""
    from_day, bad_from = parse_day(args, "from")
    to_day, bad_to = parse_day(args, "to")
    ignored += [N_("from date")] if bad_from else []
    ignored += [N_("to date")] if bad_to else []
    return AuditFilter(family, subject, from_day, to_day, tuple(ignored))


def page_number(raw: str | None) -> int | None:
    """A positive page number, or None for anything else."""
    if raw and raw.isascii() and raw.isdigit() and len(raw) <= 9:
        return int(raw) or None
    return None
