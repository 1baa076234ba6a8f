"""The Gunning checks over crafted facts, with injected time: each passes, fails, or waits."""

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest

from consult.domain import fairness
from consult.domain.fairness import FAILED, NOT_YET, PASSED, Facts

OPENS = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
CLOSES = OPENS + timedelta(days=42)
PUBLISHED = CLOSES + timedelta(days=7)
RECORDED = CLOSES + timedelta(days=20)
NOW = RECORDED + timedelta(days=1)

# A consultation that did everything right, and its decision.
FAIR = Facts(
    opens_at=OPENS, closes_at=CLOSES, closed_on=CLOSES.date(), published_closes_at=CLOSES,
    reasons_present=True, alternatives_explained=2, documents_at_opening=1,
    feedback_published_at=PUBLISHED, feedback_published_on=PUBLISHED.date(),
    decided_on=date(2026, 3, 5), decision_recorded_at=RECORDED,
    decision_refers_to_feedback=True, min_days=42,
    invited_before_opening=("twin_council", "twinning_association", "school"))
UNDECIDED = replace(FAIR, decided_on=None, decision_recorded_at=None,
                    decision_refers_to_feedback=False)


def result(check, facts: Facts, now: datetime = NOW) -> fairness.Result:
    return check(facts, now)


def test_a_fair_consultation_passes_all_five_checks():
    results = fairness.run(FAIR, NOW)
    assert [r.status for r in results] == [PASSED] * 5
    assert all(r.explanation for r in results)


def test_the_checks_come_in_gunning_order_with_plain_names():
    assert [r.name for r in fairness.run(FAIR, NOW)] == [
        "Consulted while the decision was still open", "Enough information to respond",
        "Enough time to respond", "Responses considered before deciding",
        "The people most affected were invited"]


def test_a_decision_without_consultation_fails_every_check_saying_so():
    facts = Facts(consulted=False, decided_on=date(2022, 3, 22), decision_recorded_at=NOW)
    results = fairness.run(facts, NOW)
    assert [r.status for r in results] == [FAILED] * 5
    assert all("No public consultation" in r.explanation for r in results)


@pytest.mark.parametrize(("facts", "status", "words"), [
    (FAIR, PASSED, "after the consultation closed"),
    (UNDECIDED, NOT_YET, "when a decision is recorded"),
    (replace(FAIR, decision_recorded_at=OPENS - timedelta(days=1)), FAILED,
     "before the consultation opened"),
    (replace(FAIR, decided_on=date(2026, 2, 1)), FAILED, "before the consultation closed"),
    (replace(FAIR, decided_on=CLOSES.date()), FAILED, "before the feedback"),
    (replace(FAIR, feedback_published_at=None, feedback_published_on=None), FAILED,
     "before the feedback"),
])
def test_formative_stage(facts, status, words):
    check = result(fairness.formative_stage, facts)
    assert check.status == status and words in check.explanation


@pytest.mark.parametrize(("facts", "now", "status", "words"), [
    (FAIR, NOW, PASSED, "2 alternatives"),
    (FAIR, OPENS - timedelta(minutes=1), NOT_YET, "when the consultation opens"),
    (replace(FAIR, reasons_present=False), NOW, FAILED, "no reasons"),
    (replace(FAIR, alternatives_explained=0), NOW, FAILED, "no alternative"),
    (replace(FAIR, documents_at_opening=0), NOW, FAILED, "no background document"),
    (replace(FAIR, reasons_present=False, documents_at_opening=0), NOW, FAILED,
     "no reasons and no background document"),
])
def test_sufficient_reasons(facts, now, status, words):
    check = result(fairness.sufficient_reasons, facts, now)
    assert check.status == status and words in check.explanation


@pytest.mark.parametrize(("facts", "now", "status", "words"), [
    (FAIR, NOW, PASSED, "ran for 42 days"),
    (FAIR, OPENS + timedelta(days=3), NOT_YET, "due to run for 42 days"),
    (FAIR, OPENS - timedelta(days=1), NOT_YET, "when the consultation closes"),
    (replace(FAIR, closes_at=OPENS + timedelta(days=41, hours=23)), NOW, FAILED,
     "41 days, less than the 42-day minimum"),
    (replace(FAIR, closes_at=OPENS + timedelta(days=20), closed_early_at=OPENS
             + timedelta(days=20)), NOW, FAILED, "closed early"),
    (replace(FAIR, closes_at=OPENS + timedelta(days=30), min_days=28), NOW, PASSED,
     "the minimum is 28"),
])
def test_adequate_time(facts, now, status, words):
    check = result(fairness.adequate_time, facts, now)
    assert check.status == status and words in check.explanation.lower()


@pytest.mark.parametrize(("facts", "status", "words"), [
    (FAIR, PASSED, "which refers to it."),
    (replace(FAIR, differs_from_most_supported=True, departure_explained=True), PASSED,
     "says why it differs"),
    (UNDECIDED, NOT_YET, "when a decision is recorded"),
    (replace(FAIR, feedback_published_at=None), FAILED, "No feedback"),
    (replace(FAIR, feedback_published_at=RECORDED + timedelta(seconds=1)), FAILED,
     "No feedback was published before"),
    (replace(FAIR, decision_refers_to_feedback=False), FAILED, "does not refer"),
    (replace(FAIR, differs_from_most_supported=True), FAILED, "without saying why"),
])
def test_conscientious_consideration(facts, status, words):
    check = result(fairness.conscientious_consideration, facts)
    assert check.status == status and words in check.explanation


def test_each_result_has_a_label_for_its_tag():
    labels = {r.status: r.label for r in fairness.run(UNDECIDED, OPENS + timedelta(days=1))}
    assert labels[NOT_YET] == "Not yet"
    assert fairness.run(FAIR, NOW)[0].label == "Passed"


def test_enough_information_says_which_languages_it_was_published_in():
    check = fairness.sufficient_reasons
    english_only = result(check, replace(FAIR, languages=("English",)))
    assert english_only.explanation.endswith("It was published in English only.")
    both = result(check, replace(FAIR, languages=("English", "Русский"),
                                 languages_added_later=("Deutsch",)))
    assert both.explanation.endswith("It was published in English, Русский. A translation "
                                     "was added after it opened: Deutsch.")
    assert both.status == PASSED


# 5. The people most affected were invited (Consultation Principle F).
TWIN, ASSOCIATION, COMMUNITY = "twin_council", "twinning_association", "community_group"
REASON = "Official contacts are suspended by council resolution."


def invited(before=(), after=(), reason="") -> Facts:
    return replace(FAIR, invited_before_opening=before, invited_after_opening=after,
                   no_twin_council_reason=reason)


@pytest.mark.parametrize(("facts", "status", "explanation"), [
    (invited((TWIN, ASSOCIATION)), PASSED, "The twin city’s council and a local twinning "
     "association or community group were invited before it opened."),
    (invited((TWIN, COMMUNITY, "school")), PASSED, "The twin city’s council and a local "
     "twinning association or community group were invited before it opened."),
    (invited(), FAILED, "No invitations to respond were recorded. No reason was recorded for "
     "not inviting the twin city’s council."),
    (invited(reason=REASON), FAILED, "No invitations to respond were recorded. The council’s "
     "reason for not inviting the twin city’s council: " + REASON),
    (invited((ASSOCIATION,), reason=REASON), FAILED, "The twin city’s council was not invited. "
     "The council’s reason for not inviting the twin city’s council: " + REASON),
    (invited((ASSOCIATION,)), FAILED, "The twin city’s council was not invited. No reason was "
     "recorded for not inviting the twin city’s council."),
    (invited((TWIN, "school", "business")), FAILED,
     "No local twinning association or community group was invited."),
    (invited(("school",), reason=REASON), FAILED, "Neither the twin city’s council nor a local "
     "twinning association or community group was invited. The council’s reason for not "
     "inviting the twin city’s council: " + REASON),
    (invited((ASSOCIATION,), after=(TWIN,), reason=REASON), FAILED,
     "The twin city’s council was only invited after it opened."),
    (invited((TWIN,), after=(COMMUNITY,)), FAILED,
     "A local twinning association or community group was only invited after it opened."),
    (invited(after=(TWIN, ASSOCIATION)), FAILED, "Neither the twin city’s council nor a local "
     "twinning association or community group was invited before it opened."),
    (invited(after=(ASSOCIATION,), reason=REASON), FAILED, "Neither the twin city’s council "
     "nor a local twinning association or community group was invited before it opened. The "
     "council’s reason for not inviting the twin city’s council: " + REASON),
])
def test_the_people_most_affected_were_invited(facts, status, explanation):
    check = result(fairness.most_affected_invited, facts)
    assert (check.status, check.explanation) == (status, explanation)


def test_who_was_invited_is_not_checked_before_the_consultation_opens():
    for facts in (invited(), invited((TWIN, ASSOCIATION))):
        check = result(fairness.most_affected_invited, facts, OPENS - timedelta(seconds=1))
        assert (check.status, check.explanation) == (NOT_YET,
                                                     "Checked when the consultation opens.")
    opened = result(fairness.most_affected_invited, invited((TWIN, ASSOCIATION)), OPENS)
    assert opened.status == PASSED


def test_a_decision_without_consultation_fails_the_invitation_check_too():
    facts = Facts(consulted=False, decided_on=date(2022, 3, 22), decision_recorded_at=NOW,
                  invited_before_opening=(TWIN, ASSOCIATION))
    check = result(fairness.most_affected_invited, facts)
    assert (check.status, check.explanation) == (FAILED, fairness.NO_CONSULTATION)
