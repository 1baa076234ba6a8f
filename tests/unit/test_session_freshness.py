"""A staff session is fresh for 12 hours after the password, unless idle for 30 minutes."""

from datetime import UTC, datetime, timedelta

import pytest

from consult.domain.sessions import MAX_AGE, MAX_IDLE, is_fresh

SIGNED_IN = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize("age, idle, fresh", [
    (timedelta(0), timedelta(0), True),
    (timedelta(minutes=30), timedelta(minutes=30), True),
    (timedelta(minutes=31), timedelta(minutes=31), False),
    (timedelta(hours=11, minutes=59), timedelta(minutes=5), True),
    (MAX_AGE, timedelta(minutes=1), True),
    (MAX_AGE + timedelta(seconds=1), timedelta(0), False),
    (timedelta(hours=1), MAX_IDLE + timedelta(seconds=1), False),
])
def test_freshness_depends_on_the_sign_in_age_and_the_idle_time(age, idle, fresh):
    now = SIGNED_IN + age
    assert is_fresh(SIGNED_IN, now - idle, now) is fresh


def test_a_session_with_no_sign_in_time_is_not_fresh():
    assert not is_fresh(None, SIGNED_IN, SIGNED_IN)
    assert not is_fresh(SIGNED_IN, None, SIGNED_IN)


def test_times_in_the_future_are_not_trusted():
    assert not is_fresh(SIGNED_IN + timedelta(minutes=1), SIGNED_IN, SIGNED_IN)
    assert not is_fresh(SIGNED_IN, SIGNED_IN + timedelta(minutes=1), SIGNED_IN)
