"""Fresh sign-ins: staff actions that need the password given recently ("Confirm it's you").

The session records when the password was last given and when the session was last used
(times from consult/clock.py). A session idle for longer than domain.sessions.MAX_IDLE loses
its freshness for good; signing in again or confirming the password restores it.
"""

import functools
from datetime import UTC, datetime

from flask import current_app, redirect, request, session, url_for

from .. import clock
from ..domain import sessions

AUTHENTICATED_AT = "auth_at"
LAST_SEEN_AT = "seen_at"
# The last-seen time is rewritten at most this often, so most responses set no cookie.
SEEN_GRANULARITY_SECONDS = 60


def _stamp(moment: datetime) -> int:
    return int(moment.timestamp())


def _moment(value) -> datetime | None:
    return datetime.fromtimestamp(value, UTC) if isinstance(value, int) else None


def record_sign_in(now: datetime) -> None:
    """The password (and code) were just given in this session."""
    session[AUTHENTICATED_AT] = session[LAST_SEEN_AT] = _stamp(now)


def track_activity() -> None:
    """Before each request: drop freshness after an idle spell, then note this visit.

    Requests without a session cookie (most of the public site, the API) leave the session
    untouched, so their responses do not vary by cookie.
    """
    if request.endpoint == "static" or current_app.config["SESSION_COOKIE_NAME"] not in \
            request.cookies:
        return
    seen = _moment(session.get(LAST_SEEN_AT))
    if seen is None:
        return
    now = clock.now()
    if now - seen > sessions.MAX_IDLE:
        session.pop(AUTHENTICATED_AT, None)
    if abs(_stamp(now) - _stamp(seen)) >= SEEN_GRANULARITY_SECONDS:
        session[LAST_SEEN_AT] = _stamp(now)


def is_fresh() -> bool:
    return sessions.is_fresh(_moment(session.get(AUTHENTICATED_AT)),
                             _moment(session.get(LAST_SEEN_AT)), clock.now())


def fresh_sign_in_required(view):
    """The route needs a fresh sign-in: otherwise ask for the password, then come back.

    Put it below the role check (a blueprint guard or permission_required), so that only
    people allowed the page are asked.
    """

    @functools.wraps(view)
    def wrapper(*args, **kwargs):
        if not is_fresh():
            back = request.full_path.rstrip("?") if request.method == "GET" else request.path
            return redirect(url_for("auth.confirm_identity", next=back))
        return view(*args, **kwargs)

    return wrapper
