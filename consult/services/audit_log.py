"""Append entries to the hash-chained audit log (inside the caller's transaction)."""

from datetime import datetime

import sqlalchemy as sa

from ..domain import audit
from ..domain.roles import RESIDENT
from ..models import AuditEntry, User, db

SYSTEM_ACTOR = "system"
AUDIT_LOCK_KEY = 0x636F6E73  # "cons": any constant shared by every writer


def actor_label(actor: User | str | None) -> str:
    """Staff are named (they act for the council); residents appear only by their role."""
    if isinstance(actor, User):
        return actor.actor_label if actor.role != RESIDENT else RESIDENT
    return actor or SYSTEM_ACTOR


def append(
    *, actor: User | str | None, action: str, subject: str, details: dict, now: datetime
) -> AuditEntry:
    """Chain a new entry onto the head; the caller's commit makes it permanent."""
    _serialise_appends()
    head = db.session.scalars(
        sa.select(AuditEntry).order_by(AuditEntry.seq.desc()).limit(1)
    ).first()
    entry = AuditEntry(
        seq=(head.seq + 1) if head else 1,
        occurred_at=now.replace(microsecond=0),
        actor_id=actor.id if isinstance(actor, User) and actor.role != RESIDENT else None,
        actor=actor_label(actor),
        action=action,
        subject=subject,
        details=details,
        prev_hash=head.hash if head else audit.GENESIS,
        hash="",
    )
    entry.hash = audit.entry_hash(entry.as_chain_dict())
    db.session.add(entry)
    db.session.flush()
    return entry


def _serialise_appends() -> None:
    """On PostgreSQL, appends queue on a transaction lock instead of racing for the same seq.

    SQLite needs nothing: the flush before the head is read has already taken its write lock.
    """
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": AUDIT_LOCK_KEY})


def verify_chain() -> tuple[bool, int | None]:
    """Re-hash the whole log in order and report the first entry that does not fit."""
    entries = db.session.scalars(sa.select(AuditEntry).order_by(AuditEntry.seq))
    return audit.verify(entry.as_chain_dict() for entry in entries)
