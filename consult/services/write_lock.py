"""Use cases take turns from their first read, and decide on rows as they are now.

Without this a use case read rows before waiting for the write lock, so it could decide on
what a concurrent one had just changed: a response accepted by a consultation closed in the
meantime, or two changes of one response both numbered version n + 1 (one then failing).
"""

import sqlalchemy as sa

from ..models import db
from .audit_log import AUDIT_LOCK_KEY


def take() -> None:
    """SQLite: BEGIN IMMEDIATE, the database's one write lock, before anything is read.
    PostgreSQL: the audit log's transaction lock, which every use case's append takes anyway.
    Both are held until the commit or rollback; taking them again inside is harmless."""
    connection = db.session.connection()
    if connection.dialect.name == "sqlite":
        if not connection.connection.driver_connection.in_transaction:
            connection.exec_driver_sql("BEGIN IMMEDIATE")
    else:
        connection.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"),
                           {"key": AUDIT_LOCK_KEY})


def reread(values) -> None:
    """Rows the caller loaded before the lock are read again, unless they hold the caller's
    own unsaved changes (a refresh would throw those away)."""
    for value in values:
        state = sa.inspect(value, raiseerr=False)
        if getattr(state, "persistent", False) and not state.modified:
            db.session.refresh(value)
