"""The Gunning principles as checks: facts about a consultation and its decision in, results out.

1 Formative stage, 2 sufficient reasons, 3 adequate time, 4 conscientious consideration. Each
check says passed, failed or not yet (the facts it needs do not exist yet), in one line.
"""

from dataclasses import dataclass
from datetime import date, datetime

PASSED, FAILED, NOT_YET = "passed", "failed", "not_yet"
STATUS_LABELS = {PASSED: "Passed", FAILED: "Failed", NOT_YET: "Not yet"}
NO_CONSULTATION = "No public consultation: the decision was taken without asking the public."


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

    @property
    def decided(self) -> bool:
        return self.decision_recorded_at is not None

    @property
    def shortened(self) -> bool:
        return self.closed_early_at is not None


@dataclass(frozen=True)
class Result:
    name: str
    status: str
    explanation: str

    @property
    def label(self) -> str:
        return STATUS_LABELS[self.status]


def _day(value: date) -> str:
    return f"{value.day} {value:%B %Y}"


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def _opened(facts: Facts, now: datetime) -> bool:
    return facts.opens_at is not None and facts.opens_at <= now


def formative_stage(facts: Facts, now: datetime) -> Result:
    """Opened before any decision; the decision dated after the close and the feedback."""
    name = "Consulted while the decision was still open"
    if not facts.consulted:
        return Result(name, FAILED, NO_CONSULTATION)
    if not facts.decided:
        return Result(name, NOT_YET, "Checked when a decision is recorded.")
    if facts.opens_at is None or facts.decision_recorded_at < facts.opens_at:
        return Result(name, FAILED, "A decision was recorded before the consultation opened.")
    if facts.closed_on is None or facts.decided_on < facts.closed_on:
        return Result(name, FAILED, f"The decision is dated {_day(facts.decided_on)}, before "
                                    "the consultation closed.")
    if facts.feedback_published_on is None or facts.decided_on < facts.feedback_published_on:
        return Result(name, FAILED, f"The decision is dated {_day(facts.decided_on)}, before "
                                    "the feedback was published.")
    return Result(name, PASSED, f"The consultation opened before the decision, which is dated "
                                f"{_day(facts.decided_on)}, after the consultation closed and "
                                "its feedback was published.")


def sufficient_reasons(facts: Facts, now: datetime) -> Result:
    """Reasons, the proposal and at least one alternative with why not, and a document."""
    name = "Enough information to respond"
    if not facts.consulted:
        return Result(name, FAILED, NO_CONSULTATION)
    if not _opened(facts, now):
        return Result(name, NOT_YET, "Checked when the consultation opens.")
    missing = []
    if not facts.reasons_present:
        missing.append("no reasons")
    if facts.alternatives_explained < 1:
        missing.append("no alternative with why it was not preferred")
    if facts.documents_at_opening < 1:
        missing.append("no background document")
    if missing:
        return Result(name, FAILED, f"When it opened there were {' and '.join(missing)}.")
    return Result(name, PASSED, f"Reasons, {_plural(facts.alternatives_explained, 'alternative')}"
                                " with why each was not preferred, and "
                                f"{_plural(facts.documents_at_opening, 'background document')} "
                                "were published when it opened.")


def adequate_time(facts: Facts, now: datetime) -> Result:
    """At least the minimum number of days, and not closed early."""
    name = "Enough time to respond"
    if not facts.consulted:
        return Result(name, FAILED, NO_CONSULTATION)
    if facts.opens_at is None or facts.closes_at is None or not _opened(facts, now):
        return Result(name, NOT_YET, "Checked when the consultation closes.")
    if facts.shortened:
        return Result(name, FAILED, "It was closed early, so people had less time than they "
                                    "were promised.")
    days = (facts.closes_at - facts.opens_at).days
    if facts.closes_at > now:
        return Result(name, NOT_YET, f"It is due to run for {_plural(days, 'day')} "
                                     f"(the minimum is {facts.min_days}).")
    if days < facts.min_days:
        return Result(name, FAILED, f"It ran for {_plural(days, 'day')}, less than the "
                                    f"{facts.min_days}-day minimum.")
    return Result(name, PASSED, f"It ran for {_plural(days, 'day')} (the minimum is "
                                f"{facts.min_days}) and was not closed early.")


def conscientious_consideration(facts: Facts, now: datetime) -> Result:
    """Feedback published before the decision, referred to, and any departure explained."""
    name = "Responses considered before deciding"
    if not facts.consulted:
        return Result(name, FAILED, NO_CONSULTATION)
    if not facts.decided:
        return Result(name, NOT_YET, "Checked when a decision is recorded.")
    if facts.feedback_published_at is None \
            or facts.feedback_published_at > facts.decision_recorded_at:
        return Result(name, FAILED, "No feedback was published before the decision.")
    if not facts.decision_refers_to_feedback:
        return Result(name, FAILED, "The decision record does not refer to the feedback.")
    if facts.differs_from_most_supported and not facts.departure_explained:
        return Result(name, FAILED, "The decision goes against the option most people "
                                    "supported without saying why.")
    why = (" and says why it differs from the option most people supported"
           if facts.differs_from_most_supported else "")
    return Result(name, PASSED, "The feedback was published before the decision, which refers "
                                f"to it{why}.")


CHECKS = (formative_stage, sufficient_reasons, adequate_time, conscientious_consideration)


def run(facts: Facts, now: datetime) -> list[Result]:
    """All four checks, in order."""
    return [check(facts, now) for check in CHECKS]
