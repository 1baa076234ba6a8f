"""Requests for a consultation: states, signing windows, the threshold and the answer's due
date, with the clock given."""

from datetime import UTC, datetime, timedelta

import pytest

from consult.domain import requests as rules
from consult.domain.errors import InvalidTransition

PUBLISHED_AT = datetime(2027, 1, 1, 9, 0, tzinfo=UTC)
CLOSES = rules.closes_at(PUBLISHED_AT, 90)


def facts(**kwargs) -> rules.Facts:
    values = {"status": rules.PUBLISHED, "closes_at": CLOSES, "threshold": 500}
    return rules.Facts(**{**values, **kwargs})


def test_signatures_are_taken_for_the_configured_days_from_publication():
    assert CLOSES == PUBLISHED_AT + timedelta(days=90)
    assert rules.signing_open(facts(), CLOSES - timedelta(microseconds=1))
    assert not rules.signing_open(facts(), CLOSES)


@pytest.mark.parametrize("status", [rules.PENDING, rules.REJECTED])
def test_a_request_not_published_takes_no_signatures(status):
    with pytest.raises(rules.SigningClosed):
        rules.require_signing_open(facts(status=status), PUBLISHED_AT)


def test_signatures_after_the_close_are_refused():
    rules.require_signing_open(facts(), CLOSES - timedelta(seconds=1))
    with pytest.raises(rules.SigningClosed):
        rules.require_signing_open(facts(), CLOSES)


def test_withdrawal_follows_the_same_window_so_it_is_possible_until_the_close():
    # services call require_signing_open for a withdrawal too
    rules.require_signing_open(facts(), CLOSES - timedelta(seconds=1))
    with pytest.raises(rules.SigningClosed):
        rules.require_signing_open(facts(), CLOSES + timedelta(days=1))


def test_an_answered_request_still_takes_signatures_until_its_close():
    assert rules.signing_open(facts(answer=rules.REFUSAL), PUBLISHED_AT)


def test_the_threshold_is_reached_once_by_local_signatures():
    assert not rules.reaches_threshold(facts(), 499)
    assert rules.reaches_threshold(facts(), 500)
    assert not rules.reaches_threshold(facts(reached_at=PUBLISHED_AT), 501)


def test_a_threshold_of_zero_is_never_reached():
    assert not rules.reaches_threshold(facts(threshold=0), 10)


def test_the_answer_is_due_the_configured_days_after_the_threshold_was_reached():
    reached = PUBLISHED_AT + timedelta(days=10, hours=3)
    assert rules.answer_due_at(reached, 56) == reached + timedelta(days=56)


@pytest.mark.parametrize(("kwargs", "now", "expected"), [
    ({"status": rules.PENDING}, PUBLISHED_AT, rules.PENDING),
    ({"status": rules.REJECTED}, PUBLISHED_AT, rules.REJECTED),
    ({}, PUBLISHED_AT, rules.OPEN),
    ({}, CLOSES, rules.CLOSED),
    ({"reached_at": PUBLISHED_AT, "answer_due_at": PUBLISHED_AT + timedelta(days=56)},
     PUBLISHED_AT + timedelta(days=56), rules.AWAITING),
    ({"reached_at": PUBLISHED_AT, "answer_due_at": PUBLISHED_AT + timedelta(days=56)},
     PUBLISHED_AT + timedelta(days=56, seconds=1), rules.OVERDUE),
    ({"reached_at": PUBLISHED_AT, "answer_due_at": PUBLISHED_AT + timedelta(days=56)},
     CLOSES, rules.OVERDUE),
    ({"reached_at": PUBLISHED_AT, "answer_due_at": PUBLISHED_AT, "answer": rules.REFUSAL},
     CLOSES, rules.ANSWERED),
    ({"reached_at": PUBLISHED_AT, "answer_due_at": PUBLISHED_AT,
      "answer": rules.CONSULTATION}, PUBLISHED_AT + timedelta(days=1), rules.OVERDUE),
    ({"reached_at": PUBLISHED_AT, "answer_due_at": PUBLISHED_AT + timedelta(days=56),
      "answer": rules.CONSULTATION, "consultation_published": True}, CLOSES, rules.ANSWERED),
    ({"answer": rules.REFUSAL}, PUBLISHED_AT, rules.ANSWERED),
])
def test_states(kwargs, now, expected):
    assert rules.state(facts(**kwargs), now) == expected


def test_a_consultation_answers_only_once_it_is_published():
    linked = facts(answer=rules.CONSULTATION)
    assert not rules.answered(linked)
    assert rules.answered(facts(answer=rules.CONSULTATION, consultation_published=True))


def test_every_state_has_a_label_and_every_filter_names_known_states():
    assert set(rules.STATE_LABELS) == set(rules.STATES)
    assert set().union(*rules.FILTERS.values()) <= set(rules.STATES)


@pytest.mark.parametrize(("kwargs", "allowed"), [
    ({}, True),
    ({"status": rules.PENDING}, False),
    ({"status": rules.REJECTED}, False),
    ({"answer": rules.REFUSAL}, False),
    ({"answer": rules.CONSULTATION}, True),
    ({"answer": rules.CONSULTATION, "consultation_published": True}, False),
])
def test_who_can_be_answered(kwargs, allowed):
    assert rules.can_answer(facts(**kwargs)) is allowed
    if not allowed:
        with pytest.raises(rules.RequestError):
            rules.require_answerable(facts(**kwargs))


def test_only_a_pending_request_is_moderated():
    rules.require_pending(rules.PENDING)
    for status in (rules.PUBLISHED, rules.REJECTED):
        with pytest.raises(InvalidTransition):
            rules.require_pending(status)


def test_a_rejection_needs_a_known_code():
    assert rules.check_rejection(rules.DUPLICATE) == rules.DUPLICATE
    with pytest.raises(rules.RequestError):
        rules.check_rejection("rude")


def test_a_draft_is_checked_and_trimmed():
    draft = rules.check_draft(rules.Draft(3, "review", "  Review Kiel  ", " Because. "), {3})
    assert (draft.title, draft.reason) == ("Review Kiel", "Because.")


@pytest.mark.parametrize(("draft", "field"), [
    (rules.Draft(9, "end", "T", "R"), "link"),
    (rules.Draft(3, "change_terms", "T", "R"), "action"),
    (rules.Draft(3, "end", " ", "R"), "title"),
    (rules.Draft(3, "end", "x" * 121, "R"), "title"),
    (rules.Draft(3, "end", "T", ""), "reason"),
    (rules.Draft(3, "end", "T", "x" * 2001), "reason"),
])
def test_a_bad_draft_names_its_field(draft, field):
    with pytest.raises(rules.RequestError) as caught:
        rules.check_draft(draft, {3})
    assert caught.value.field == field


def test_twin_city_signers_are_counted_apart():
    assert rules.group_of("twin_city_resident") == rules.TWIN_GROUP
    assert rules.group_of("local_resident") == rules.LOCAL_GROUP
    assert rules.group_of("works_or_studies") == rules.LOCAL_GROUP
    with pytest.raises(rules.RequestError):
        rules.check_signer_type("organisation")


def test_the_answering_consultation_is_about_the_same_link_and_not_withdrawn():
    rules.check_consultation_link(1, 1, "draft")
    with pytest.raises(rules.RequestError):
        rules.check_consultation_link(1, 2, "draft")
    with pytest.raises(rules.RequestError):
        rules.check_consultation_link(1, 1, "withdrawn")


def test_a_refusal_needs_reasons():
    assert rules.check_refusal("  No.  ") == "No."
    with pytest.raises(rules.RequestError):
        rules.check_refusal(" ")
