"""When a signed-in session is fresh enough for staff actions that need a recent sign-in."""

from datetime import datetime, timedelta

# Recording a decision or changing a role needs a sign-in (or "Confirm it's you") no older
# than this, in a session not left idle for longer than MAX_IDLE.
MAX_AGE = timedelta(hours=12)
MAX_IDLE = timedelta(minutes=30)


def is_fresh(authenticated_at: datetime | None, last_seen_at: datetime | None,
             now: datetime) -> bool:
    """Fresh: the password was given within MAX_AGE and the session was used within MAX_IDLE.

    A time in the future (a clock moved back) does not count as fresh.
    """
    if authenticated_at is None or last_seen_at is None:
        return False
    if authenticated_at > now or last_seen_at > now:
        return False
    return now - authenticated_at <= MAX_AGE and now - last_seen_at <= MAX_IDLE
