"""The unit of work: the one place that locks, commits, rolls back and retries.

Every use case is a function decorated with `use_case`. Calling it:

  1. waits its turn and takes the write lock, before anything is read (the lock strategy
     below, chosen once per engine: SQLite or PostgreSQL);
  2. reads the clock, now that the lock is held, and gives it as `now` to a use case that
     takes it and was given none (a time read before the lock could be older than a write
     that took its turn first: a response checked against it could be accepted after an
     early close had committed);
  3. reads the acting account again if it was loaded before the lock (the one row a use case
     is given, as `actor`, `author`, `reporter` or `moderator`: every other row it is given by
     id and loads itself with `load`; a row in any other argument is refused, as it may be
     older than the lock);
  4. runs the use case, commits (then hands any outbox rows it wrote to the task queue:
     infrastructure/outbox.py), and on an error rolls back; an error the database says is
     worth another try (SQLite's SQLITE_BUSY: a writer without a turn held the lock past the
     busy timeout; PostgreSQL's 40P01, a deadlock, and 23505, a unique violation between
     two responses sharing the write lock) runs it all again. Nothing else is retried: on
     SQLite every writer holds the one lock before it reads, so no unique violation comes
     from a race there, and PostgreSQL's READ COMMITTED raises no 40001.

A use case calling another is an error (NestedUnitOfWork): share an undecorated function.

Locks. SQLite has one write lock: writers queue for it on a file lock beside the database
(a blocking `flock` wakes the next writer as soon as it is free, where SQLite's own busy
loop sleeps up to 100 ms at a time), then BEGIN IMMEDIATE takes it. A writer without the
file lock (a migration, the sqlite3 shell) still meets SQLite's lock and busy timeout.

PostgreSQL takes transaction-level advisory locks, held until the commit or rollback:
  WRITE_LOCK_KEY, a bigint      the write lock: exclusive for most use cases, shared by
                                residents' responses, so responses by different people run
                                side by side while closing, deciding and reviewing see a
                                still log and still totals
  (proposal id, respondent)     two ints (a key space of its own): one person's responses to
                                one proposal queue here; the respondent half comes from the
                                mailbox identity, not the account (respondent_key)
  lane_key(lane), a bigint      one per audit lane: an append holds its lane's lock, so each
                                lane's seq stays gap-free; lane 0's is taken before any other
Taken in that order, so no two writers wait for each other.
"""

import contextlib
import fcntl
import functools
import inspect
import os
import threading
from collections.abc import Callable

import sqlalchemy as sa
from sqlalchemy.exc import DBAPIError

from .. import clock
from ..models import User, db
from . import identity, outbox

MAX_ATTEMPTS = 5
WRITE_LOCK_KEY = 0x636F6E73  # "cons": any constant shared by every writer
EXCLUSIVE, SHARED = "exclusive", "shared"
ACTING = ("actor", "author", "reporter", "moderator")  # names of the acting account's argument
INSIDE = "unit_of_work"  # session.info key: how the current unit of work holds the lock


class NestedUnitOfWork(RuntimeError):
    """A use case was called from inside another: each one is its own transaction."""


def lane_key(lane: int) -> int:
    """The bigint advisory-lock key of one audit lane (WRITE_LOCK_KEY * 256 + lane is never
    WRITE_LOCK_KEY)."""
    return WRITE_LOCK_KEY * 256 + lane


def respondent_key(user: User) -> int:
    """The respondent half of the two-int lock key: from the mailbox identity, so two accounts
    at one mailbox (an erased one's successor) queue on one lock; any 32-bit value."""
    return identity.draw("respondent-lock", identity.of(user)) % 2**32 - 2**31


class SqliteLocks:
    """One write lock for the database: a file lock to queue on, then BEGIN IMMEDIATE."""

    def __init__(self, engine: sa.Engine):
        database = engine.url.database
        self._path = None if database in (None, "", ":memory:") else database + "-writers.lock"
        self._fds: dict[int, int] = {}  # one open file per process: a forked worker opens its own
        self._threads = threading.Lock()  # flock alone would let two threads in at once

    @contextlib.contextmanager
    def turn(self):
        """This process's turn to write, from before BEGIN IMMEDIATE to after the commit."""
        if self._path is None:
            yield
            return
        with self._threads:
            fd = self._fds.get(os.getpid())
            if fd is None:
                fd = self._fds[os.getpid()] = os.open(self._path, os.O_RDWR | os.O_CREAT, 0o600)
            fcntl.flock(fd, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(fd, fcntl.LOCK_UN)

    def begin(self, session, mode: str,
              respondent: Callable[[], tuple[int, int]] | None) -> str:
        """Take SQLite's write lock (unless this transaction already wrote, and so holds it):
        there is only one, so every use case holds it alone."""
        connection = session.connection()
        if not connection.connection.driver_connection.in_transaction:
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        return EXCLUSIVE

    def lock_lane(self, session, lane: int) -> None:
        """Nothing: BEGIN IMMEDIATE already holds the database's one write lock."""

    @staticmethod
    def retryable(exc: DBAPIError) -> bool:
        """The write lock stayed taken past the busy timeout (by a writer without a turn)."""
        return getattr(exc.orig, "sqlite_errorname", None) == "SQLITE_BUSY"


class PostgresLocks:
    """Advisory locks: the write lock (shared or exclusive), a respondent's, an audit lane's."""

    # 40P01 deadlock detected: one of the two was rolled back. 23505 unique violation:
    # responses share the write lock, so two by different people can both record a
    # proposal's due "consultation opened" event (consultation_history.settle); run again,
    # the loser finds the winner's.
    RETRY_SQLSTATES = frozenset({"40P01", "23505"})

    @contextlib.contextmanager
    def turn(self):
        """PostgreSQL queues writers on its locks itself."""
        yield

    def begin(self, session, mode: str,
              respondent: Callable[[], tuple[int, int]] | None) -> str:
        """The write lock in `mode`; shared, then also the respondent's lock (if one)."""
        if mode == EXCLUSIVE:
            session.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"),
                            {"key": WRITE_LOCK_KEY})
            return mode
        session.execute(sa.text("SELECT pg_advisory_xact_lock_shared(:key)"),
                        {"key": WRITE_LOCK_KEY})
        if respondent is None:  # the mail's bookkeeping: rows of its own, row locks enough
            return mode
        proposal_id, person = respondent()  # read once the write lock is held
        session.execute(sa.text("SELECT pg_advisory_xact_lock(:proposal, :person)"),
                        {"proposal": proposal_id, "person": person})
        return mode

    def lock_lane(self, session, lane: int) -> None:
        session.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": lane_key(lane)})

    def retryable(self, exc: DBAPIError) -> bool:
        return getattr(exc.orig, "sqlstate", None) in self.RETRY_SQLSTATES


_strategies: dict[sa.Engine, SqliteLocks | PostgresLocks] = {}
_strategies_guard = threading.Lock()


def locks() -> SqliteLocks | PostgresLocks:
    """The lock strategy of the app's engine, chosen the first time it is asked for."""
    engine = db.engine
    with _strategies_guard:
        found = _strategies.get(engine)
        if found is None:
            sqlite = engine.dialect.name == "sqlite"
            found = _strategies[engine] = SqliteLocks(engine) if sqlite else PostgresLocks()
    return found


def mode() -> str | None:
    """How the current unit of work holds the write lock: EXCLUSIVE, SHARED, or None outside."""
    return db.session.info.get(INSIDE)


def lock_lane(lane: int) -> None:
    """Hold an audit lane's lock until the commit (inside a unit of work)."""
    if mode() is None:
        raise RuntimeError("The audit log is written only inside a unit of work")
    locks().lock_lane(db.session, lane)


def load(model, id_: int):
    """A row by id, as it is now: read again if the session held an unchanged older copy."""
    found = db.session.get(model, id_)
    if found is None:
        raise LookupError(f"No {model.__name__} {id_}")
    _reread(found)
    return found


def _reread(value) -> None:
    state = sa.inspect(value, raiseerr=False)
    if getattr(state, "persistent", False) and not state.modified:
        db.session.refresh(value)


def _unproxied(value):
    """The account itself behind Flask-Login's current_user."""
    return value._get_current_object() if hasattr(value, "_get_current_object") else value


def _refuse_rows(name: str, arguments: dict) -> None:
    """Rows are given by id (loaded inside, after the lock); only the acting account may be a
    row."""
    for argument, value in arguments.items():
        if argument not in ACTING and hasattr(value, "_sa_instance_state"):
            raise TypeError(f"{name}: give {argument} by id; a row loaded before the lock "
                            f"may be older than the lock")


def _respondent_lock(arguments: dict) -> Callable[[], tuple[int, int]]:
    """The (proposal, respondent) key of a response use case, from its named ids."""
    return lambda: (arguments["proposal_id"],
                    respondent_key(db.session.get(User, arguments["respondent_id"])))


def _attempt(func, signature: inspect.Signature, lock_mode: str, args, kwargs,
             per_respondent: bool = True):
    """One try: lock, read the clock, re-read the acting account, run, commit (or roll
    back). The arguments are bound afresh each try, so each try reads its own `now`."""
    strategy = locks()
    with strategy.turn():
        db.session.info[INSIDE] = lock_mode
        try:
            bound = signature.bind_partial(*args, **kwargs)
            db.session.info[INSIDE] = strategy.begin(
                db.session, lock_mode,
                _respondent_lock(bound.arguments) if per_respondent else None)
            if "now" in signature.parameters and bound.arguments.get("now") is None:
                bound.arguments["now"] = clock.now()  # afresh on each try, after the lock
            for name in ACTING:
                if hasattr(bound.arguments.get(name), "_sa_instance_state"):
                    _reread(_unproxied(bound.arguments[name]))
            result = func(*bound.args, **bound.kwargs)
            db.session.commit()
        except BaseException:
            db.session.rollback()
            outbox.discard()
            raise
        finally:
            db.session.info[INSIDE] = None
    outbox.dispatch()  # after the commit and outside the lock: the queue may be slow
    return result


def use_case(func=None, *, shared_by: str | None = None):
    """Make func a unit of work. `@use_case` holds the write lock alone;
    `@use_case(shared_by="respondent")` shares it with other respondents, holding alone the
    lock of the (proposal_id, respondent_id) it is given by name; `@use_case(shared_by="mail")`
    shares it too (the worker's bookkeeping of mail: its own rows, kept apart by row locks and
    unique keys, so a fan-out neither waits for responses in flight nor holds them up)."""
    if shared_by not in (None, "respondent", "mail"):
        raise ValueError(f"Unknown sharing: {shared_by}")

    def decorate(func):
        signature = inspect.signature(func)
        lock_mode = EXCLUSIVE if shared_by is None else SHARED
        per_respondent = shared_by == "respondent"
        if per_respondent and not {"proposal_id", "respondent_id"} <= set(signature.parameters):
            raise TypeError(f"{func.__name__} must take proposal_id= and respondent_id=")

        @functools.wraps(func)
        def run(*args, **kwargs):
            if mode() is not None:
                raise NestedUnitOfWork(f"{func.__name__} called inside another use case")
            _refuse_rows(func.__name__, signature.bind_partial(*args, **kwargs).arguments)
            for attempt in range(1, MAX_ATTEMPTS + 1):
                try:
                    return _attempt(func, signature, lock_mode, args, kwargs, per_respondent)
                except DBAPIError as exc:
                    if attempt == MAX_ATTEMPTS or not locks().retryable(exc):
                        raise
            raise AssertionError("unreachable")

        return run

    return decorate(func) if func is not None else decorate
