"""Decision rules and the feedback rules, as plain values: no app, no database."""

from dataclasses import replace
from datetime import date

import pytest

from consult.domain import decisions as rules
from consult.domain import proposals, twinning
from consult.domain.errors import DomainError, InvalidTransition

TODAY = date(2026, 6, 1)
RECORD = rules.Record(decided_on=date(2026, 5, 20), body=rules.FULL_COUNCIL,
                      outcome=rules.ADOPTED, action="suspend", title="Suspend the link",
                      summary="The link is suspended.", reasons="Because.")
OPTIONS = {1, 2, 3}


def check(record: rules.Record, *, consulted: bool = True, leading: list[int] | None = None):
    rules.check_record(record, today=TODAY, consulted=consulted, option_ids=OPTIONS,
                       leading_ids=[1] if leading is None else leading)


@pytest.mark.parametrize(("action", "outcome", "status", "expected"), [
    ("suspend", rules.ADOPTED, twinning.ACTIVE, twinning.SUSPENDED),
    ("suspend", rules.ADOPTED_WITH_CHANGES, twinning.ACTIVE, twinning.SUSPENDED),
    ("resume", rules.ADOPTED, twinning.SUSPENDED, twinning.ACTIVE),
    ("end", rules.ADOPTED, twinning.DORMANT, twinning.ENDED),
    ("establish", rules.ADOPTED, twinning.DORMANT, twinning.ACTIVE),
    ("establish", rules.ADOPTED, twinning.ACTIVE, None),
    ("suspend", rules.ADOPTED, twinning.SUSPENDED, None),
    ("change_terms", rules.ADOPTED, twinning.ACTIVE, None),
    ("other", rules.ADOPTED, twinning.ACTIVE, None),
    ("suspend", rules.REJECTED, twinning.ACTIVE, None),
    ("suspend", rules.DEFERRED, twinning.ACTIVE, None),
])
def test_an_adopted_decision_moves_the_link_along_the_twinning_table(action, outcome, status,
                                                                     expected):
    assert rules.effect(action, outcome, status) == expected


def test_an_ended_link_cannot_be_resumed_by_a_decision():
    with pytest.raises(InvalidTransition):
        rules.effect("resume", rules.ADOPTED, twinning.ENDED)


@pytest.mark.parametrize("status", [proposals.SCHEDULED, proposals.OPEN])
def test_a_decision_cannot_be_recorded_while_the_consultation_is_open(status):
    with pytest.raises(rules.ConsultationStillOpen, match="still open"):
        rules.check_stage(status, correcting=False)


@pytest.mark.parametrize("status", [proposals.DRAFT, proposals.WITHDRAWN, proposals.DECIDED])
def test_a_draft_withdrawn_or_decided_consultation_takes_no_new_decision(status):
    with pytest.raises(rules.NotDecidable):
        rules.check_stage(status, correcting=False)


def test_a_closed_consultation_can_be_decided_and_a_decided_one_corrected():
    rules.check_stage(proposals.CLOSED, correcting=False)
    rules.check_stage(proposals.DECIDED, correcting=True)


def test_a_deferred_decision_leaves_the_consultation_waiting_for_a_later_one():
    assert rules.proposal_status_after(rules.DEFERRED) == proposals.CLOSED
    assert rules.proposal_status_after(rules.ADOPTED) == proposals.DECIDED


def test_a_correction_cannot_change_the_outcome_or_correct_twice():
    rules.check_correction(rules.ADOPTED, rules.ADOPTED, already_corrected=False)
    with pytest.raises(rules.BadCorrection, match="cannot change the outcome"):
        rules.check_correction(rules.ADOPTED, rules.REJECTED, already_corrected=False)
    with pytest.raises(rules.BadCorrection, match="already been corrected"):
        rules.check_correction(rules.ADOPTED, rules.ADOPTED, already_corrected=True)


def test_a_complete_record_is_accepted():
    check(replace(RECORD, matched_option_id=1))


@pytest.mark.parametrize(("change", "field"), [
    ({"decided_on": date(2026, 6, 2)}, "decided_on"),
    ({"body": "mayor"}, "body"),
    ({"body": rules.COMMITTEE}, "committee_name"),
    ({"outcome": "approved"}, "outcome"),
    ({"action": "merge"}, "action"),
    ({"reasons": "  "}, "reasons"),
    ({"votes": rules.Votes(10, None, None)}, "votes_for"),
    ({"votes": rules.Votes(10, -1, 0)}, "votes_for"),
    ({"review_on": date(2026, 5, 20)}, "review_on"),
    ({"action": "resume", "review_on": date(2027, 5, 20)}, "review_on"),
    ({"outcome": rules.REJECTED, "review_on": date(2027, 5, 20)}, "review_on"),
    ({"matched_option_id": 99}, "matched_option"),
])
def test_a_broken_rule_of_the_record_names_its_field(change, field):
    with pytest.raises(DomainError) as raised:
        check(replace(RECORD, **{"matched_option_id": 1, **change}))
    assert raised.value.field == field


def test_a_decision_against_the_most_supported_option_must_say_why():
    against = replace(RECORD, matched_option_id=2)
    with pytest.raises(DomainError) as raised:
        check(against, leading=[1])
    assert raised.value.field == "departure_reason"
    check(replace(against, departure_reason="The risk to staff outweighs it."), leading=[1])


@pytest.mark.parametrize(("outcome", "matched", "leading", "differs"), [
    (rules.ADOPTED, 1, [1], False),
    (rules.ADOPTED, 2, [1], True),
    (rules.ADOPTED, None, [1], True),
    (rules.ADOPTED, 2, [1, 2], False),  # a tie: matching either leader agrees
    (rules.ADOPTED, None, [], False),   # nobody responded
    (rules.DEFERRED, None, [1], False),
])
def test_whether_a_decision_differs_from_the_most_supported_option(outcome, matched, leading,
                                                                   differs):
    assert rules.differs_from_most_supported(outcome, matched, leading) is differs


def test_a_decision_without_consultation_must_say_why_and_cite_a_source():
    with pytest.raises(DomainError) as raised:
        check(RECORD, consulted=False)
    assert raised.value.field == "no_consultation_reason"
    urgent = replace(RECORD, no_consultation_reason="Urgent resolution at full council")
    with pytest.raises(DomainError) as raised:
        check(urgent, consulted=False)
    assert raised.value.field == "minutes_url"
    sourced = replace(urgent, minutes_url="https://example.org/minutes")
    with pytest.raises(DomainError) as raised:
        check(sourced, consulted=False)
    assert raised.value.field == "retrospective_by"  # or the reason none will be held
    check(replace(sourced, retrospective_by=date(2026, 6, 1)), consulted=False)


def test_a_review_is_overdue_once_its_date_comes_unless_something_settled_it():
    review = date(2026, 6, 1)
    assert rules.review_due(review, date(2026, 6, 1), settled=False)
    assert not rules.review_due(review, date(2026, 5, 31), settled=False)
    assert not rules.review_due(review, date(2026, 7, 1), settled=True)
    assert not rules.review_due(None, date(2026, 7, 1), settled=False)


def test_votes_are_unanimous_only_when_counted_with_nobody_against():
    assert rules.Votes(40, 0, 2).unanimous
    assert not rules.Votes(40, 1, 0).unanimous
    assert not rules.Votes().counted


def test_a_committee_is_named_by_its_own_name():
    assert rules.body_label(rules.COMMITTEE, "Culture Scrutiny Board") == "Culture Scrutiny Board"
    assert rules.body_label(rules.OFFICER) == "An officer under delegated powers"
