"""Proposal lifecycle and clock rules, with injected time."""

from datetime import UTC, datetime, timedelta

import pytest

from consult.domain import proposals as rules
from consult.domain.errors import InvalidTransition

T0 = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
WINDOW = rules.Window(T0, T0 + timedelta(days=42))

ALLOWED = [(a, b) for a, targets in rules.TRANSITIONS.items() for b in targets]
REFUSED = [(a, b) for a in rules.STATUSES for b in rules.STATUSES
           if b not in rules.TRANSITIONS[a]]


@pytest.mark.parametrize(("current", "target"), ALLOWED)
def test_a_transition_in_the_table_is_allowed(current, target):
    assert rules.transition(current, target) == target


@pytest.mark.parametrize(("current", "target"), REFUSED)
def test_a_transition_not_in_the_table_is_refused(current, target):
    with pytest.raises(InvalidTransition):
        rules.transition(current, target)


def test_withdrawal_is_possible_only_before_the_close():
    assert {s for s, targets in rules.TRANSITIONS.items() if rules.WITHDRAWN in targets} == {
        rules.DRAFT, rules.SCHEDULED, rules.OPEN}


@pytest.mark.parametrize(("offset", "expected"), [
    (timedelta(seconds=-1), rules.SCHEDULED),
    (timedelta(0), rules.OPEN),
    (timedelta(days=41, hours=23, minutes=59), rules.OPEN),
    (timedelta(days=42), rules.CLOSED),
    (timedelta(days=400), rules.CLOSED),
])
def test_a_scheduled_proposal_opens_and_closes_by_the_clock_alone(offset, expected):
    assert rules.effective_status(rules.SCHEDULED, WINDOW, T0 + offset) == expected


@pytest.mark.parametrize("stored", [rules.DRAFT, rules.WITHDRAWN, rules.DECIDED])
def test_the_clock_does_not_move_drafts_withdrawn_or_decided_proposals(stored):
    assert rules.effective_status(stored, WINDOW, T0 + timedelta(days=10)) == stored


def test_responding_is_refused_one_second_after_the_close():
    rules.require_open(rules.SCHEDULED, WINDOW, WINDOW.closes_at - timedelta(seconds=1))
    with pytest.raises(rules.ConsultationNotOpen):
        rules.require_open(rules.SCHEDULED, WINDOW, WINDOW.closes_at)


def test_a_consultation_can_be_extended_but_never_shortened():
    now = T0 + timedelta(days=1)
    later = WINDOW.closes_at + timedelta(days=7)
    assert rules.extend(rules.SCHEDULED, WINDOW, later, now).closes_at == later
    with pytest.raises(rules.InvalidWindow):
        rules.extend(rules.SCHEDULED, WINDOW, WINDOW.closes_at - timedelta(days=1), now)
    with pytest.raises(rules.InvalidWindow):
        rules.extend(rules.SCHEDULED, WINDOW, WINDOW.closes_at, now)


def test_only_an_open_consultation_can_be_extended():
    with pytest.raises(rules.ConsultationNotOpen):
        rules.extend(rules.SCHEDULED, WINDOW, WINDOW.closes_at + timedelta(days=1),
                     T0 - timedelta(days=1))


def test_closing_early_needs_a_public_reason_and_closes_now():
    now = T0 + timedelta(days=3)
    with pytest.raises(rules.DomainError):
        rules.close_early(rules.SCHEDULED, WINDOW, "   ", now)
    window = rules.close_early(rules.SCHEDULED, WINDOW, "The link partner dissolved.", now)
    assert window.closes_at == now
    assert rules.effective_status(rules.SCHEDULED, window, now) == rules.CLOSED


def test_text_is_frozen_from_the_moment_the_consultation_opens():
    rules.require_editable(rules.SCHEDULED, WINDOW, T0 - timedelta(seconds=1))
    with pytest.raises(rules.TextFrozen):
        rules.require_editable(rules.SCHEDULED, WINDOW, T0)


def test_hidden_results_cannot_be_shown_while_open_but_can_after_the_close():
    during, after = T0 + timedelta(days=1), WINDOW.closes_at
    with pytest.raises(rules.DomainError):
        rules.check_visibility_change(rules.HIDDEN, rules.SHOWN, rules.SCHEDULED, WINDOW, during)
    assert rules.check_visibility_change(rules.SHOWN, rules.HIDDEN, rules.SCHEDULED, WINDOW,
                                         during) == rules.HIDDEN
    assert not rules.results_visible(rules.HIDDEN, rules.SCHEDULED, WINDOW, during)
    assert rules.results_visible(rules.HIDDEN, rules.SCHEDULED, WINDOW, after)
    assert rules.results_visible(rules.SHOWN, rules.SCHEDULED, WINDOW, during)


def test_a_window_must_close_after_it_opens_and_in_the_future():
    with pytest.raises(rules.InvalidWindow):
        rules.check_window(rules.Window(T0, T0), T0 - timedelta(days=1))
    with pytest.raises(rules.InvalidWindow):
        rules.check_window(WINDOW, WINDOW.closes_at + timedelta(seconds=1))


def test_a_short_window_is_a_warning_not_an_error():
    short = rules.Window(T0, T0 + timedelta(days=14))
    warnings = rules.check_window(short, T0 - timedelta(days=1), min_days=42)
    assert warnings and "14 days" in warnings[0]
    assert rules.check_window(WINDOW, T0 - timedelta(days=1), min_days=42) == []


@pytest.mark.parametrize("labels", [["Only one"], [str(i) for i in range(9)], ["Yes", "yes"],
                                    ["Yes", "   "], ["x" * 121, "No"]])
def test_response_options_must_be_two_to_eight_distinct_labels(labels):
    with pytest.raises(rules.InvalidOptions):
        rules.check_options(labels)


def test_custom_options_keep_their_order():
    labels = ["Suspend the link", "Keep the link", "End the link"]
    assert rules.check_options(labels) == labels


def test_the_fingerprint_changes_with_any_word_and_not_with_key_order():
    text = {"title": "Resume the link", "reasons": "Because."}
    assert rules.text_fingerprint(text) == rules.text_fingerprint(dict(reversed(text.items())))
    assert rules.text_fingerprint(text) != rules.text_fingerprint({**text, "reasons": "Because!"})
    assert len(rules.text_fingerprint(text)) == 64


def test_days_left_counts_a_part_day_as_a_day():
    assert rules.days_left(WINDOW, WINDOW.closes_at - timedelta(hours=1)) == 1
    assert rules.days_left(WINDOW, T0) == 42
    assert rules.days_left(WINDOW, WINDOW.closes_at + timedelta(days=1)) == 0


@pytest.mark.parametrize("minutes", [0, 1, 59, 60 * 24 - 1, 60 * 24 * 3 + 17])
def test_nothing_the_clock_decides_changes_before_next_change(minutes):
    now = WINDOW.opens_at + timedelta(minutes=minutes)
    change = rules.next_change(WINDOW, now)
    assert change > now
    before = change - timedelta(seconds=1)
    assert rules.days_left(WINDOW, before) == rules.days_left(WINDOW, now)
    assert rules.effective_status(rules.OPEN, WINDOW, before) == rules.OPEN
    assert rules.days_left(WINDOW, change) == rules.days_left(WINDOW, now) - 1


def test_next_change_is_the_opening_before_and_nothing_after_the_close():
    assert rules.next_change(WINDOW, WINDOW.opens_at - timedelta(days=3)) == WINDOW.opens_at
    assert rules.next_change(WINDOW, WINDOW.closes_at) is None
    assert rules.next_change(None, WINDOW.opens_at) is None
    last_day = WINDOW.closes_at - timedelta(hours=5)
    assert rules.next_change(WINDOW, last_day) == WINDOW.closes_at


def test_an_opening_time_already_past_at_publication_becomes_the_publication_time():
    published = WINDOW.opens_at + timedelta(days=3)
    assert rules.opening_on_publication(WINDOW.opens_at, published) == published
    assert rules.opening_on_publication(WINDOW.opens_at, WINDOW.opens_at - timedelta(hours=1)) \
        == WINDOW.opens_at
