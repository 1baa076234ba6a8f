"""The words of the fairness checks: the facts they read, and the result each gives.

Facts in, results out (domain/fairness.py runs the checks). Pure values: the caller gives
the days, the times and the thresholds.
"""

from dataclasses import dataclass, field
from datetime import date, datetime

from .i18n import N_, Text

# The fourth check's default: at least this per cent of the reasons read before the decision
# (CONSULT_READ_THRESHOLD).
READ_THRESHOLD = 95
PASSED, FAILED, NOT_YET = "passed", "failed", "not_yet"
STATUS_LABELS = {PASSED: N_("Passed"), FAILED: N_("Failed"), NOT_YET: N_("Not yet")}
NO_CONSULTATION = N_("No public consultation: the decision was taken without asking the public.")


@dataclass(frozen=True)
class Facts:
    """Plain values. Dates (`*_on`) are days in the council's time zone, given by the caller."""

    consulted: bool = True
    opens_at: datetime | None = None
    closes_at: datetime | None = None
    closed_on: date | None = None
    published_closes_at: datetime | None = None
    closed_early_at: datetime | None = None
    withdrawn: bool = False
    reasons_present: bool = False
    alternatives_explained: int = 0
    documents_at_opening: int = 0
    feedback_published_at: datetime | None = None
    feedback_published_on: date | None = None
    decided_on: date | None = None
    decision_recorded_at: datetime | None = None
    decision_refers_to_feedback: bool = False
    differs_from_most_supported: bool = False
    departure_explained: bool = False
    min_days: int = 42
    # Names of the language versions published with it, and of those added after it opened.
    languages: tuple[str, ...] = ()
    languages_added_later: tuple[str, ...] = ()
    # Without consultation: the retrospective consultation promised, or why none; when one
    # opened (from the system's status). For a retrospective consultation: the day of the
    # decision it looks back on.
    retrospective_by: date | None = None
    no_retrospective_reason: str = ""
    retrospective_opened_on: date | None = None
    retrospective_overdue: bool = False
    retrospective_of: date | None = None
    # Kinds of the groups invited (domain/invitations.KINDS): on the list when it opened, and
    # added after; the public reason given for not inviting the twin city's council, if any.
    invited_before_opening: tuple[str, ...] = ()
    invited_after_opening: tuple[str, ...] = ()
    no_twin_council_reason: str = ""
    # The reasons people gave and how many were read before the decision was recorded, as
    # the decision record keeps them (None: recorded before the service counted them), and
    # the share expected to have been read.
    reasons_received: int | None = None
    reasons_read: int | None = None
    read_threshold: int = READ_THRESHOLD

    @property
    def decided(self) -> bool:
        return self.decision_recorded_at is not None

    @property
    def shortened(self) -> bool:
        return self.closed_early_at is not None


@dataclass(frozen=True)
class Count:
    """Words about a number, said later with the plural form the reader's language needs."""

    singular: str
    plural: str
    num: int


def ngettext(singular: str, plural: str, num: int) -> Count:
    """Mark a plural for translation, like N_: the extractor collects it by gettext's name,
    and the form is chosen (and %(num)d filled in) when it is shown."""
    return Count(singular, plural, num)


def _english(message: str, **params) -> str:
    return message % params if params else message


def _english_plural(singular: str, plural: str, num: int, **params) -> str:
    return (singular if num == 1 else plural) % {"num": num, **params}


def _english_day(value: date) -> str:
    return f"{value.day} {value:%B %Y}"


@dataclass(frozen=True)
class Result:
    """One check's outcome. The explanation is a marked message (or plural) and its values,
    said in a language by `explain`; `explanation` is the English (the API's words)."""

    name: Text
    status: str
    message: Text | Count
    params: dict = field(default_factory=dict)
    # Further sentences said after the explanation: (message, params) pairs.
    also: tuple = ()

    @property
    def label(self) -> Text:
        return STATUS_LABELS[self.status]

    @property
    def explanation(self) -> str:
        return self.explain()

    def explain(self, gettext=_english, ngettext=_english_plural, show_day=_english_day) -> str:
        """The explanation through the given gettext, ngettext (which fill in their keyword
        params, as Flask-Babel's do) and a way of showing a day."""
        sentences = [self._say(self.message, self.params, gettext, ngettext, show_day)]
        sentences += [self._say(message, params, gettext, ngettext, show_day)
                      for message, params in self.also]
        return " ".join(sentences)

    @staticmethod
    def _say(message, params: dict, gettext, ngettext, show_day) -> str:
        values = {}
        for key, value in params.items():
            if isinstance(value, Count):
                value = ngettext(value.singular, value.plural, value.num)
            elif isinstance(value, date):
                value = show_day(value)
            values[key] = value
        if isinstance(message, Count):
            return ngettext(message.singular, message.plural, message.num, **values)
        return gettext(message, **values)
