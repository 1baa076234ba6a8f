"""Use cases take turns from their first read, and decide on rows as they are now.

Without this a use case read rows before waiting for the write lock, so it could decide on
what a concurrent one had just changed: a response accepted by a consultation closed in the
meantime, or two changes of one response both numbered version n + 1 (one then failing).

On PostgreSQL residents' responses share the write lock, so responses by different people run
side by side, while one person's responses to one proposal queue on a lock of their own; every
other use case holds the write lock alone, so it waits for the responses in flight and keeps
new ones out (closing, deciding and reviewing see a still log and still totals). Key spaces
are set out in services/audit_log.py.
"""

import sqlalchemy as sa

from ..models import db
from . import identity
from .audit_log import AUDIT_LOCK_KEY

EXCLUSIVE, SHARED = "exclusive", "shared"


def mode() -> str | None:
    """How the current transaction holds the write lock (None before it takes it)."""
    return db.session.info.get("write_lock")


def forget(held: str | None = None) -> None:
    """After a commit or rollback: the locks went with the transaction (or the outer one's
    `held` mode still applies)."""
    db.session.info["write_lock"] = held


def take() -> None:
    """SQLite: BEGIN IMMEDIATE, the database's one write lock, before anything is read.
    PostgreSQL: the write lock, exclusive: no other use case and no response runs meanwhile.
    Both are held until the commit or rollback; taking them again inside is harmless."""
    if _begin_immediate():
        return
    if mode() == SHARED:  # two sharers waiting to upgrade would wait for each other forever
        raise RuntimeError("A response's transaction cannot take the write lock exclusively")
    db.session.info["write_lock"] = EXCLUSIVE
    db.session.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": AUDIT_LOCK_KEY})


def respondent_key(user) -> int:
    """The second half of a respondent's two-int lock key: from their mailbox identity, not
    their account id, so two accounts at one mailbox (an erased one's successor, or accounts
    made before a normalisation rule) queue on one lock; any 32-bit value PostgreSQL takes."""
    return identity.draw("respondent-lock", identity.of(user)) % 2**32 - 2**31


def take_for_response(proposal_id, respondent) -> None:
    """A resident's response: SQLite as take(); PostgreSQL, the write lock shared, then the
    respondent's own lock on the proposal (the keys are callables, read only on PostgreSQL)."""
    if _begin_immediate():
        return
    db.session.info["write_lock"] = SHARED
    db.session.execute(sa.text("SELECT pg_advisory_xact_lock_shared(:key)"),
                       {"key": AUDIT_LOCK_KEY})
    db.session.execute(sa.text("SELECT pg_advisory_xact_lock(:proposal, :user)"),
                       {"proposal": proposal_id(), "user": respondent()})


def _begin_immediate() -> bool:
    """On SQLite, take its one write lock and say so; on PostgreSQL do nothing."""
    connection = db.session.connection()
    if connection.dialect.name != "sqlite":
        return False
    db.session.info["write_lock"] = EXCLUSIVE
    if not connection.connection.driver_connection.in_transaction:
        connection.exec_driver_sql("BEGIN IMMEDIATE")
    return True


def reread(values) -> None:
    """Rows the caller loaded before the lock are read again, unless they hold the caller's
    own unsaved changes (a refresh would throw those away)."""
    for value in values:
        state = sa.inspect(value, raiseerr=False)
        if getattr(state, "persistent", False) and not state.modified:
            db.session.refresh(value)
