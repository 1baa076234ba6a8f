"""After a decision: the retrospective consultation's promise and deadline, and reviews. Dates
are given (an injected clock); no app."""

from datetime import date, timedelta

import pytest

from consult.domain import decisions as rules
from consult.domain import fairness, follow_up
from consult.domain.errors import DomainError

DECIDED = date(2022, 3, 22)
RECORD = rules.Record(decided_on=DECIDED, body=rules.FULL_COUNCIL, outcome=rules.ADOPTED,
                      action="suspend", title="Suspend the link", summary="Suspended.",
                      reasons="The invasion.", no_consultation_reason="Urgent resolution",
                      minutes_url="https://example.org/minutes")


def check(record, *, consulted=False, days=90):
    rules.check_record(record, today=date(2026, 12, 4), consulted=consulted, option_ids=set(),
                       leading_ids=[], retrospective_days=days)


def test_an_urgent_decision_needs_a_retrospective_date_or_a_reason_why_none():
    with pytest.raises(DomainError) as raised:
        check(RECORD)
    assert raised.value.field == "retrospective_by"
    check(RECORD.__class__(**{**RECORD.__dict__, "retrospective_by": date(2022, 6, 20)}))
    check(RECORD.__class__(**{**RECORD.__dict__, "no_retrospective_reason": "Settled policy"}))


def test_a_date_and_a_reason_together_are_refused():
    with pytest.raises(DomainError) as raised:
        follow_up.check_promise(DECIDED, date(2022, 4, 1), "Settled policy", max_days=90)
    assert raised.value.field == "no_retrospective_reason"


@pytest.mark.parametrize(("promised", "allowed"), [
    (DECIDED, True), (DECIDED + timedelta(days=90), True),
    (DECIDED + timedelta(days=91), False), (DECIDED - timedelta(days=1), False)])
def test_the_retrospective_date_is_at_most_90_days_after_the_decision_date(promised, allowed):
    if allowed:
        follow_up.check_promise(DECIDED, promised, "", max_days=90)
        return
    with pytest.raises(DomainError) as raised:
        follow_up.check_promise(DECIDED, promised, "", max_days=90)
    assert raised.value.field == "retrospective_by"


def test_the_limit_is_a_setting_given_as_a_value():
    follow_up.check_promise(DECIDED, DECIDED + timedelta(days=120), "", max_days=120)
    with pytest.raises(DomainError, match="at most 30 days"):
        follow_up.check_promise(DECIDED, DECIDED + timedelta(days=31), "", max_days=30)


def test_a_historical_decision_recorded_years_later_may_carry_a_promise_already_past():
    """The limit runs from the decision date, not from the day it is recorded."""
    check(rules.Record(**{**RECORD.__dict__, "retrospective_by": date(2022, 6, 20)}))
    assert follow_up.retrospective_overdue_since(date(2022, 6, 20), date(2026, 12, 4),
                                                 opened=False) == date(2022, 6, 20)


def test_a_consulted_decision_cannot_also_be_retrospective():
    with pytest.raises(DomainError):
        follow_up.check_consulted(date(2026, 1, 1), "")
    with pytest.raises(DomainError):
        follow_up.check_consulted(None, "No need")
    follow_up.check_consulted(None, "")
    with pytest.raises(follow_up.NoRetrospective):
        follow_up.check_can_open_retrospective(consulted=True, already=False, corrected=False)


def test_a_retrospective_consultation_is_opened_once_from_the_current_record():
    with pytest.raises(follow_up.NoRetrospective):
        follow_up.check_can_open_retrospective(consulted=False, already=True, corrected=False)
    with pytest.raises(follow_up.NoRetrospective):
        follow_up.check_can_open_retrospective(consulted=False, already=False, corrected=True)
    follow_up.check_can_open_retrospective(consulted=False, already=False, corrected=False)


@pytest.mark.parametrize(("today", "opened", "overdue"), [
    (date(2022, 6, 19), False, None),            # due, not yet overdue
    (date(2022, 6, 20), False, None),            # the promised day itself is still in time
    (date(2022, 6, 21), False, date(2022, 6, 20)),
    (date(2026, 12, 4), False, date(2022, 6, 20)),
    (date(2026, 12, 4), True, None)])             # a retrospective consultation has opened
def test_a_retrospective_consultation_falls_overdue_the_day_after_its_date(today, opened,
                                                                          overdue):
    assert follow_up.retrospective_overdue_since(date(2022, 6, 20), today, opened) == overdue


def test_no_promise_is_never_overdue():
    assert follow_up.retrospective_overdue_since(None, date(2030, 1, 1), False) is None


@pytest.mark.parametrize(("today", "settled", "state"), [
    (date(2027, 1, 1), False, None),
    (date(2027, 2, 28), False, None),                 # 31 days before
    (date(2027, 3, 1), False, follow_up.APPROACHING),  # 30 days before
    (date(2027, 3, 30), False, follow_up.APPROACHING),
    (date(2027, 3, 31), False, follow_up.OVERDUE),     # the review date itself
    (date(2028, 1, 1), False, follow_up.OVERDUE),
    (date(2028, 1, 1), True, None),                   # newer decision, open consultation, review
    (date(2027, 3, 15), True, None)])
def test_a_review_approaches_30_days_ahead_and_is_overdue_from_its_date(today, settled, state):
    assert follow_up.review_state(date(2027, 3, 31), today, settled=settled) == state


def test_a_review_needs_a_review_date_and_a_recorded_outcome():
    with pytest.raises(follow_up.NoReview):
        follow_up.check_review(None)
    with pytest.raises(DomainError) as raised:
        follow_up.check_review(date(2027, 1, 1), "  ")
    assert raised.value.field == "outcome"
    follow_up.check_review(date(2027, 1, 1), "Kept suspended.")


def test_a_second_review_consultation_waits_for_the_one_in_progress():
    with pytest.raises(follow_up.NoReview):
        follow_up.check_review(date(2027, 1, 1), in_progress=True)
    follow_up.check_review(date(2027, 1, 1), in_progress=False)


def test_the_drafts_are_prefilled_from_the_decision():
    text = follow_up.retrospective_text(title="Suspend the link", summary="Suspended.",
                                        reasons="The invasion.", decided_on=DECIDED)
    assert text["title"] == "Retrospective consultation: Suspend the link"
    assert "22 March 2022" in text["summary"] and text["reasons"] == "The invasion."
    assert follow_up.RETROSPECTIVE_OPTIONS == ("Keep the decision", "Reverse it")
    review = follow_up.review_text(partner="Volgograd", action="suspend", reasons="r",
                                   decided_on=DECIDED, review_on=date(2023, 3, 22))
    assert review["title"] == "Review the suspension of the twin link with Volgograd"
    long = follow_up.retrospective_text(title="x" * 200, summary="", reasons="",
                                        decided_on=DECIDED)
    assert len(long["title"]) == follow_up.MAX_TITLE


def test_review_is_an_action_that_changes_no_link_status():
    assert "review" in rules.proposals.ACTIONS
    assert rules.effect("review", rules.ADOPTED, "suspended") is None


def _formative(**facts):
    return fairness.formative_stage(fairness.Facts(**facts), now=None)


def test_the_fairness_checks_never_count_consultation_after_the_fact_as_before():
    promised = _formative(consulted=False, retrospective_by=date(2022, 6, 20))
    assert promised.status == fairness.FAILED
    assert "promised by 20 June 2022." in promised.explanation
    late = _formative(consulted=False, retrospective_by=date(2022, 6, 20),
                      retrospective_overdue=True)
    assert late.status == fairness.FAILED
    assert "promised by 20 June 2022 and is overdue" in late.explanation
    opened = _formative(consulted=False, retrospective_by=date(2022, 6, 20),
                        retrospective_opened_on=date(2022, 6, 1))
    assert opened.status == fairness.FAILED and "opened on 1 June 2022" in opened.explanation
    refused = _formative(consulted=False, no_retrospective_reason="Settled policy")
    assert refused.status == fairness.FAILED and "Settled policy" in refused.explanation


def test_a_retrospective_consultations_own_checks_say_it_came_after_the_decision():
    result = _formative(consulted=True, retrospective_of=DECIDED)
    assert result.status == fairness.FAILED
    assert "after the decision of 22 March 2022" in result.explanation
