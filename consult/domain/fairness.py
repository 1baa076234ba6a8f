"""The Gunning principles as checks: facts about a consultation and its decision in, results out.

1 Formative stage, 2 sufficient reasons, 3 adequate time, 4 conscientious consideration, and
5 the people most affected were invited (Consultation Principle F). Each check says passed,
failed or not yet (the facts it needs do not exist yet), in one line.
"""

from datetime import datetime

from .fairness_consideration import conscientious_consideration
from .fairness_facts import (
    FAILED,
    NO_CONSULTATION,
    NOT_YET,
    PASSED,
    READ_THRESHOLD,
    STATUS_LABELS,
    Count,
    Facts,
    Result,
    ngettext,
)
from .i18n import N_
from .invitations import INVITED_LATE, LOCAL_GROUPS, NOT_INVITED, TWIN_COUNCIL

__all__ = ["CHECKS", "FAILED", "NO_CONSULTATION", "NOT_YET", "PASSED", "READ_THRESHOLD",
           "STATUS_LABELS", "Count", "Facts", "Result", "adequate_time",
           "conscientious_consideration", "formative_stage", "most_affected_invited", "ngettext",
           "run", "sufficient_reasons"]


def _opened(facts: Facts, now: datetime) -> bool:
    return facts.opens_at is not None and facts.opens_at <= now


def formative_stage(facts: Facts, now: datetime) -> Result:
    """Opened before any decision; the decision dated after the close and the feedback."""
    name = N_("Consulted while the decision was still open")
    if not facts.consulted:
        return Result(name, FAILED, NO_CONSULTATION, also=_after_the_fact(facts))
    if facts.retrospective_of is not None:
        return Result(name, FAILED, N_("A retrospective consultation: it was held after the "
                                       "decision of %(day)s that it looks back on."),
                      {"day": facts.retrospective_of})
    if not facts.decided:
        return Result(name, NOT_YET, N_("Checked when a decision is recorded."))
    if facts.opens_at is None or facts.decision_recorded_at < facts.opens_at:
        return Result(name, FAILED,
                      N_("A decision was recorded before the consultation opened."))
    dated = {"day": facts.decided_on}
    if facts.closed_on is None or facts.decided_on < facts.closed_on:
        return Result(name, FAILED, N_("The decision is dated %(day)s, before the consultation "
                                       "closed."), dated)
    if facts.feedback_published_on is None or facts.decided_on < facts.feedback_published_on:
        return Result(name, FAILED, N_("The decision is dated %(day)s, before the feedback was "
                                       "published."), dated)
    return Result(name, PASSED, N_("The consultation opened before the decision, which is dated "
                                   "%(day)s, after the consultation closed and its feedback "
                                   "was published."), dated)


def _after_the_fact(facts: Facts) -> tuple:
    """Consultation after the fact never makes the decision a consulted one: it is said."""
    if facts.retrospective_opened_on is not None:
        return ((N_("A retrospective consultation opened on %(day)s, after the decision."),
                 {"day": facts.retrospective_opened_on}),)
    if facts.retrospective_by is not None and facts.retrospective_overdue:
        return ((N_("A retrospective consultation was promised by %(day)s and is overdue."),
                 {"day": facts.retrospective_by}),)
    if facts.retrospective_by is not None:
        return ((N_("A retrospective consultation is promised by %(day)s."),
                 {"day": facts.retrospective_by}),)
    if facts.no_retrospective_reason:
        return ((N_("No retrospective consultation will be held: %(reason)s"),
                 {"reason": facts.no_retrospective_reason}),)
    return ()


# What was missing when a consultation opened: one whole sentence for each combination of
# (no reasons, no alternative explained, no background document).
_MISSING = {
    (True, False, False): N_("When it opened there were no reasons."),
    (False, True, False): N_("When it opened there were no alternative with why it was not "
                             "preferred."),
    (False, False, True): N_("When it opened there were no background document."),
    (True, True, False): N_("When it opened there were no reasons and no alternative with why "
                            "it was not preferred."),
    (True, False, True): N_("When it opened there were no reasons and no background "
                            "document."),
    (False, True, True): N_("When it opened there were no alternative with why it was not "
                            "preferred and no background document."),
    (True, True, True): N_("When it opened there were no reasons and no alternative with why "
                           "it was not preferred and no background document."),
}


def sufficient_reasons(facts: Facts, now: datetime) -> Result:
    """Reasons, the proposal and at least one alternative with why not, and a document."""
    name = N_("Enough information to respond")
    if not facts.consulted:
        return Result(name, FAILED, NO_CONSULTATION)
    if not _opened(facts, now):
        return Result(name, NOT_YET, N_("Checked when the consultation opens."))
    missing = (not facts.reasons_present, facts.alternatives_explained < 1,
               facts.documents_at_opening < 1)
    if any(missing):
        return Result(name, FAILED, _MISSING[missing], also=_languages(facts))
    return Result(name, PASSED, N_("Reasons, %(alternatives)s with why each was not preferred, "
                                   "and %(documents)s were published when it opened."), {
        "alternatives": ngettext("%(num)d alternative", "%(num)d alternatives",
                                 facts.alternatives_explained),
        "documents": ngettext("%(num)d background document", "%(num)d background documents",
                              facts.documents_at_opening)}, also=_languages(facts))


def _languages(facts: Facts) -> tuple:
    """Which languages it was published in (each named in itself), and any added later."""
    if not facts.languages:
        return ()
    said = ((N_("It was published in English only."), {}),) if len(facts.languages) == 1 \
        else ((N_("It was published in %(languages)s."),
               {"languages": ", ".join(facts.languages)}),)
    if facts.languages_added_later:
        said += ((N_("A translation was added after it opened: %(languages)s."),
                  {"languages": ", ".join(facts.languages_added_later)}),)
    return said


def adequate_time(facts: Facts, now: datetime) -> Result:
    """At least the minimum number of days, and not closed early."""
    name = N_("Enough time to respond")
    if not facts.consulted:
        return Result(name, FAILED, NO_CONSULTATION)
    if facts.opens_at is None or facts.closes_at is None or not _opened(facts, now):
        return Result(name, NOT_YET, N_("Checked when the consultation closes."))
    if facts.shortened:
        return Result(name, FAILED, N_("It was closed early, so people had less time than they "
                                       "were promised."))
    days = (facts.closes_at - facts.opens_at).days
    minimum = {"minimum": facts.min_days}
    if facts.closes_at > now:
        return Result(name, NOT_YET, ngettext(
            "It is due to run for %(num)d day (the minimum is %(minimum)d).",
            "It is due to run for %(num)d days (the minimum is %(minimum)d).", days), minimum)
    if days < facts.min_days:
        return Result(name, FAILED, ngettext(
            "It ran for %(num)d day, less than the %(minimum)d-day minimum.",
            "It ran for %(num)d days, less than the %(minimum)d-day minimum.", days), minimum)
    return Result(name, PASSED, ngettext(
        "It ran for %(num)d day (the minimum is %(minimum)d) and was not closed early.",
        "It ran for %(num)d days (the minimum is %(minimum)d) and was not closed early.", days),
        minimum)


def most_affected_invited(facts: Facts, now: datetime) -> Result:
    """The twin city's council and at least one local twinning association or community group
    were on the list of who was invited when the consultation opened."""
    name = N_("The people most affected were invited")
    if not facts.consulted:
        return Result(name, FAILED, NO_CONSULTATION)
    if not _opened(facts, now):
        return Result(name, NOT_YET, N_("Checked when the consultation opens."))
    before, later = set(facts.invited_before_opening), set(facts.invited_after_opening)
    missing = (TWIN_COUNCIL not in before, not before & LOCAL_GROUPS)
    if not any(missing):
        return Result(name, PASSED, N_("The twin city’s council and a local twinning "
                                       "association or community group were invited before it "
                                       "opened."))
    everyone = before | later
    if not everyone:
        return Result(name, FAILED, N_("No invitations to respond were recorded."),
                      also=_twin_council_reason(facts, everyone))
    added_later = (TWIN_COUNCIL in everyone, bool(everyone & LOCAL_GROUPS))
    late = any(gap and added for gap, added in zip(missing, added_later, strict=True))
    message = INVITED_LATE[missing] if late else NOT_INVITED[missing]
    return Result(name, FAILED, message, also=_twin_council_reason(facts, everyone))


def _twin_council_reason(facts: Facts, everyone: set[str]) -> tuple:
    """The reason recorded for not inviting the twin city's council, when it never was."""
    if TWIN_COUNCIL in everyone:
        return ()
    if facts.no_twin_council_reason.strip():
        return ((N_("The council’s reason for not inviting the twin city’s council: "
                    "%(reason)s"), {"reason": facts.no_twin_council_reason.strip()}),)
    return ((N_("No reason was recorded for not inviting the twin city’s council."), {}),)


CHECKS = (formative_stage, sufficient_reasons, adequate_time, conscientious_consideration,
          most_affected_invited)


def run(facts: Facts, now: datetime) -> list[Result]:
    """All five checks, in order."""
    return [check(facts, now) for check in CHECKS]
