"""Run a use case as one transaction, retrying when a concurrent writer won a race."""

import functools

from sqlalchemy.exc import IntegrityError, OperationalError

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


def _run(func, lock, args, kwargs):
    held = write_lock.mode()  # a use case called from inside another keeps the outer one's
    for attempt in range(1, MAX_ATTEMPTS + 1):
        try:
            with write_turns.turn():
                try:
                    lock(args)
                    write_lock.reread(args)
                    result = func(*args, **kwargs)
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
    """Call func holding the write lock alone, commit; on a lost race roll back, run again."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        return _run(func, lambda _args: write_lock.take(), args, kwargs)

    return wrapper


def response_transaction(func):
    """As transactional, for a resident's response `func(proposal, user, ...)`: the write lock
    is shared with other respondents' responses, exclusive to this respondent and proposal."""

    def lock(args):
        proposal, user = args[0], args[1]
        write_lock.take_for_response(lambda: proposal.id,
                                     lambda: write_lock.respondent_key(user))

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        return _run(func, lock, args, kwargs)

    return wrapper
