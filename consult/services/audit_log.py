"""Append entries to the hash-chained audit log (inside the caller's transaction)."""

from datetime import datetime

import sqlalchemy as sa

from ..domain import audit
from ..models import AuditEntry, User, db

SYSTEM_ACTOR = "system"


def actor_label(actor: User | str | None) -> str:
    if isinstance(actor, User):
        return actor.actor_label
    return actor or SYSTEM_ACTOR


def append(
    *, actor: User | str | None, action: str, subject: str, details: dict, now: datetime
) -> AuditEntry:
    """Chain a new entry onto the head; the caller's commit makes it permanent."""
    head = db.session.scalars(
        sa.select(AuditEntry).order_by(AuditEntry.seq.desc()).limit(1)
    ).first()
    entry = AuditEntry(
        seq=(head.seq + 1) if head else 1,
        occurred_at=now.replace(microsecond=0),
        actor_id=actor.id if isinstance(actor, User) else None,
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


def verify_chain() -> tuple[bool, int | None]:
    """Re-hash the whole log in order and report the first entry that does not fit."""
    entries = db.session.scalars(sa.select(AuditEntry).order_by(AuditEntry.seq))
    return audit.verify(entry.as_chain_dict() for entry in entries)
