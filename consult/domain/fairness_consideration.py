"""The fourth Gunning check, conscientious consideration: the responses were weighed before the
decision was taken.

The feedback was published before the decision, the decision refers to it and says why it
departs from the option most people supported, and the reasons people gave were read: at
least `read_threshold` per cent of them (CONSULT_READ_THRESHOLD) before the decision was
recorded. The figures are always said, passed or failed. A decision recorded before the
service counted reads says so without failing for it; a consultation in which nobody gave a
reason has nothing to read.
"""

import math
from datetime import datetime

from .fairness_facts import FAILED, NO_CONSULTATION, NOT_YET, PASSED, Facts, Result, ngettext
from .i18n import N_


def conscientious_consideration(facts: Facts, now: datetime) -> Result:
    """Feedback published before the decision, referred to, any departure explained, and
    enough of the reasons read before it was recorded."""
    name = N_("Responses considered before deciding")
    if not facts.consulted:
        return Result(name, FAILED, NO_CONSULTATION)
    if not facts.decided:
        return Result(name, NOT_YET, N_("Checked when a decision is recorded."))
    reading, read_enough = _reading(facts)
    failure = _feedback_failure(facts)
    if failure is not None:
        return Result(name, FAILED, failure, also=(reading,))
    return Result(name, PASSED if read_enough else FAILED, _considered(facts), also=(reading,))


def _feedback_failure(facts: Facts) -> str | None:
    if facts.feedback_published_at is None \
            or facts.feedback_published_at > facts.decision_recorded_at:
        return N_("No feedback was published before the decision.")
    if not facts.decision_refers_to_feedback:
        return N_("The decision record does not refer to the feedback.")
    if facts.differs_from_most_supported and not facts.departure_explained:
        return N_("The decision goes against the option most people supported without saying "
                  "why.")
    return None


def _considered(facts: Facts) -> str:
    if facts.differs_from_most_supported:
        return N_("The feedback was published before the decision, which refers to it and "
                  "says why it differs from the option most people supported.")
    return N_("The feedback was published before the decision, which refers to it.")


def read_enough(read: int, received: int, threshold: int) -> bool:
    """At least `threshold` per cent of the reasons read (nothing to read is enough)."""
    return read * 100 >= threshold * received


def shown_percent(read: int, received: int, threshold: int) -> str:
    """The share read as a whole number, unless rounding would hide a shortfall (94.6 shown
    as 95, or 99.9 as 100): then to one decimal place, rounded down."""
    exact = 100 * read / received
    whole = math.floor(exact + 0.5)
    if (whole >= threshold) != (exact >= threshold) or (whole == 100 and read < received):
        return f"{math.floor(exact * 10) / 10:.1f}"
    return str(whole)


def _reading(facts: Facts) -> tuple[tuple, bool]:
    """The sentence about the reasons read, and whether enough were."""
    received, read = facts.reasons_received, facts.reasons_read
    if received is None or read is None:
        return (N_("How many of the reasons were read before the decision was not recorded: "
                   "the decision was recorded before the service counted them."), {}), True
    if received == 0:
        return (N_("No response gave a reason, so there were no reasons to read."), {}), True
    threshold = facts.read_threshold
    params = {"read": read, "percent": shown_percent(read, received, threshold),
              "threshold": threshold}
    if read_enough(read, received, threshold):
        return (ngettext("%(read)d of %(num)d reason (%(percent)s %%) was read before the "
                         "decision.",
                         "%(read)d of %(num)d reasons (%(percent)s %%) were read before the "
                         "decision.", received), params), True
    return (ngettext("%(read)d of %(num)d reason (%(percent)s %%) was read before the "
                     "decision; at least %(threshold)d %% is expected.",
                     "%(read)d of %(num)d reasons (%(percent)s %%) were read before the "
                     "decision; at least %(threshold)d %% is expected.", received),
            params), False
