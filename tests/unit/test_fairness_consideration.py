"""The fourth Gunning check weighs the reasons read before the decision (issue 17): it fails
below the threshold, always states the figures, and says when they were not recorded."""

from dataclasses import replace
from datetime import timedelta

import pytest

from consult.domain import fairness
from consult.domain.fairness import FAILED, NOT_YET, PASSED
from consult.domain.fairness_consideration import read_enough, shown_percent
from tests.unit.test_fairness import FAIR, NOW, RECORDED, UNDECIDED

FEEDBACK_PASSED = "The feedback was published before the decision, which refers to it."


def check(facts) -> fairness.Result:
    return fairness.conscientious_consideration(facts, NOW)


def read(received, done, threshold=95):
    return replace(FAIR, reasons_received=received, reasons_read=done, read_threshold=threshold)


@pytest.mark.parametrize(("facts", "status", "explanation"), [
    (read(340, 340), PASSED, f"{FEEDBACK_PASSED} 340 of 340 reasons (100 %) were read before "
     "the decision."),
    (read(340, 323), PASSED, f"{FEEDBACK_PASSED} 323 of 340 reasons (95 %) were read before the "
     "decision."),
    (read(340, 312), FAILED, f"{FEEDBACK_PASSED} 312 of 340 reasons (92 %) were read before the "
     "decision; at least 95 % is expected."),
    (read(340, 312, threshold=90), PASSED, f"{FEEDBACK_PASSED} 312 of 340 reasons (92 %) were "
     "read before the decision."),
    (read(1, 1), PASSED, f"{FEEDBACK_PASSED} 1 of 1 reason (100 %) was read before the "
     "decision."),
    (read(1, 0), FAILED, f"{FEEDBACK_PASSED} 0 of 1 reason (0 %) was read before the decision; "
     "at least 95 % is expected."),
    (read(0, 0), PASSED, f"{FEEDBACK_PASSED} No response gave a reason, so there were no "
     "reasons to read."),
    (read(None, None), PASSED, f"{FEEDBACK_PASSED} How many of the reasons were read before the "
     "decision was not recorded: the decision was recorded before the service counted them."),
])
def test_the_reasons_read_before_the_decision(facts, status, explanation):
    result = check(facts)
    assert (result.status, result.explanation) == (status, explanation)


def test_a_feedback_failure_still_states_the_figures():
    result = check(replace(read(340, 340), feedback_published_at=RECORDED + timedelta(hours=1)))
    assert result.status == FAILED
    assert result.explanation == ("No feedback was published before the decision. 340 of 340 "
                                  "reasons (100 %) were read before the decision.")


def test_figures_not_recorded_never_fail_the_check_alone_but_other_failures_still_do():
    assert check(replace(read(None, None), decision_refers_to_feedback=False)).status == FAILED


def test_the_figures_are_not_checked_before_a_decision_or_without_consultation():
    assert check(replace(UNDECIDED, reasons_received=10, reasons_read=0)).status == NOT_YET
    unconsulted = replace(read(10, 0), consulted=False)
    assert check(unconsulted).explanation == fairness.NO_CONSULTATION


@pytest.mark.parametrize(("done", "received", "threshold", "enough", "shown"), [
    (95, 100, 95, True, "95"), (946, 1000, 95, False, "94.6"), (949, 1000, 95, False, "94.9"),
    (999, 1000, 95, True, "99.9"), (2, 3, 95, False, "67"), (1, 3, 30, True, "33"),
    (0, 5, 0, True, "0"),
])
def test_the_share_read_is_never_rounded_over_the_threshold_or_to_all(done, received, threshold,
                                                                      enough, shown):
    assert read_enough(done, received, threshold) is enough
    assert shown_percent(done, received, threshold) == shown
