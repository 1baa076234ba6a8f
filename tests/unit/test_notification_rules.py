"""Notification rules: who hears of what, digest rounds by London time, backoff, reminders."""

from datetime import UTC, datetime, timedelta

import pytest

from consult.domain import notifications as rules


def test_each_event_names_its_audience_and_reminders_skip_respondents():
    assert rules.audience_keys(rules.OPENED, 3, 7) == ["all", "link:3"]
    assert rules.audience_keys(rules.DECIDED, 3, 7) == ["all", "link:3", "proposal:7"]
    assert rules.audience_keys(rules.DECIDED_UNCONSULTED, 3, None) == ["all", "link:3"]
    assert rules.SKIP_RESPONDENTS == {rules.CLOSES_IN_7_DAYS, rules.CLOSES_TOMORROW}


@pytest.mark.parametrize("target, target_id", [("link", None), ("proposal", "7"),
                                                ("everything", None)])
def test_a_follow_of_something_that_is_not_a_target_is_refused(target, target_id):
    with pytest.raises(rules.NotificationError):
        rules.target_key(target, target_id)


def test_the_most_immediate_follow_wins():
    assert rules.sharpest([rules.WEEKLY, rules.IMMEDIATE, rules.DAILY]) == rules.IMMEDIATE
    assert rules.sharpest([rules.WEEKLY, rules.DAILY]) == rules.DAILY


@pytest.mark.parametrize("moment, daily, weekly", [
    # Winter (GMT): 07:00 London is 07:00 UTC. Monday 6 January 2031.
    (datetime(2031, 1, 6, 6, 59, tzinfo=UTC), "2031-01-05", "week of 2030-12-30"),
    (datetime(2031, 1, 6, 7, 0, tzinfo=UTC), "2031-01-06", "week of 2031-01-06"),
    (datetime(2031, 1, 12, 23, 0, tzinfo=UTC), "2031-01-12", "week of 2031-01-06"),
    # Summer (BST): 07:00 London is 06:00 UTC. Monday 7 July 2031.
    (datetime(2031, 7, 7, 6, 0, tzinfo=UTC), "2031-07-07", "week of 2031-07-07"),
    (datetime(2031, 7, 7, 5, 59, tzinfo=UTC), "2031-07-06", "week of 2031-06-30"),
])
def test_digest_rounds_fall_at_seven_in_the_morning_london_time(moment, daily, weekly):
    assert rules.digest_window(rules.DAILY, moment).label == daily
    assert rules.digest_window(rules.WEEKLY, moment).label == weekly
    assert rules.digest_window(rules.DAILY, moment).due_at <= moment
    assert rules.digest_window(rules.IMMEDIATE, moment) is None


def test_backoff_doubles_up_to_a_day_and_only_a_5xx_is_permanent():
    assert [rules.retry_after(n).total_seconds() / 60 for n in (1, 2, 3, 4)] == [1, 2, 4, 8]
    assert rules.retry_after(30) == timedelta(hours=24)
    assert rules.permanent(550) and rules.permanent(554)
    assert not rules.permanent(421) and not rules.permanent(451) and not rules.permanent(None)


def test_a_reminder_is_due_within_its_lead_only_if_the_consultation_was_open_by_then():
    opens, closes = datetime(2031, 1, 1, tzinfo=UTC), datetime(2031, 2, 12, tzinfo=UTC)
    week = rules.CLOSES_IN_7_DAYS
    assert not rules.reminder_due(week, opens, closes, closes - timedelta(days=8))
    assert rules.reminder_due(week, opens, closes, closes - timedelta(days=7))
    assert not rules.reminder_due(week, opens, closes, closes)  # closed: too late
    short = closes - timedelta(days=5)  # a five-day consultation: no 7-day reminder
    assert not rules.reminder_due(week, short, closes, closes - timedelta(days=1))
    assert rules.reminder_due(rules.CLOSES_TOMORROW, short, closes, closes - timedelta(hours=3))
