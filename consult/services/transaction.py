"""Run a use case as one transaction, retrying when a concurrent writer won a race.

The clock is read here, once the write lock is held, and given to the use case as `now`
(unless the caller passed one, as tests and the demo loader do). A time read before the lock
could be older than a write that took its turn first: a response checked against a clock
reading from before an early close could then be accepted after the close had committed.
"""

import functools
import inspect

from sqlalchemy.exc import IntegrityError, OperationalError

from .. import clock
from ..models import db
from . import write_lock, write_turns

MAX_ATTEMPTS = 5
RETRYABLE_CONSTRAINTS = ("audit_entries", "uq_responses_proposal_id", "responses.proposal_id",
                         # two accounts at one mailbox responding at once (services/identity.py)
                         "uq_responses_proposal_respondent_identity",
                         "responses.respondent_identity",
                         "uq_response_versions", "response_versions.response_id",
                         "uq_link_events_consultation_milestone", "link_events.proposal_id",
                         "uq_comment_reports_comment_id", "comment_reports.comment_id",
                         "uq_comment_reports_comment_reporter_identity",
                         # two registrations for one mailbox at once: the retry sees the first
                         "uq_users_email", "users.email")


def _is_retryable(exc: Exception) -> bool:
    text = str(getattr(exc, "orig", exc)).lower()
    if isinstance(exc, IntegrityError):
        # A concurrent writer won a race for the audit sequence, a person's one response,
        # a response version or a consultation milestone: run again and see its result.
        return any(name in text for name in RETRYABLE_CONSTRAINTS)
    return any(words in text for words in ("database is locked", "could not serialize",
                                            "deadlock detected"))


def _clock_reader(func):
    """For a use case that takes `now`: a function giving the (args, kwargs) to call it with,
    `now` read from the clock if the caller gave none. For any other use case: as given."""
    signature = inspect.signature(func)
    if "now" not in signature.parameters:
        return lambda args, kwargs: (args, kwargs)

    def with_now(args, kwargs):
        bound = signature.bind_partial(*args, **kwargs)
        if bound.arguments.get("now") is None:
            bound.arguments["now"] = clock.now()
        return bound.args, bound.kwargs

    return with_now


def _run(func, lock, args, kwargs, with_now):
    held = write_lock.mode()  # a use case called from inside another keeps the outer one's
    for attempt in range(1, MAX_ATTEMPTS + 1):
        try:
            with write_turns.turn():
                try:
                    lock(args)
                    write_lock.reread(args)
                    # each attempt reads the clock afresh, after the lock: no write that
                    # committed before this one can carry a later time
                    called_args, called_kwargs = with_now(args, kwargs)
                    result = func(*called_args, **called_kwargs)
                    db.session.commit()
                    return result
                except Exception:
                    db.session.rollback()
                    raise
        except (IntegrityError, OperationalError) as exc:
            if attempt == MAX_ATTEMPTS or not _is_retryable(exc):
                raise
        finally:
            write_lock.forget(held)
    raise AssertionError("unreachable")


def transactional(func):
    """Call func holding the write lock alone, commit; on a lost race roll back, run again.
    A use case with a `now` parameter is given the time read once the lock is held, unless
    the caller passed one."""
    with_now = _clock_reader(func)

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        return _run(func, lambda _args: write_lock.take(), args, kwargs, with_now)

    return wrapper


def response_transaction(func):
    """As transactional, for a resident's response `func(proposal, user, ...)`: the write lock
    is shared with other respondents' responses, exclusive to this respondent and proposal."""

    with_now = _clock_reader(func)

    def lock(args):
        proposal, user = args[0], args[1]
        write_lock.take_for_response(lambda: proposal.id,
                                     lambda: write_lock.respondent_key(user))

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        return _run(func, lock, args, kwargs, with_now)

    return wrapper
