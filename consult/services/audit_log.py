"""Append entries to the hash-chained audit log's lanes (inside the caller's unit of work).

An append holds its lane's lock until the commit, so each lane's seq stays gap-free (the
locks are set out in infrastructure/unit_of_work.py).
"""

from datetime import datetime

import sqlalchemy as sa

from .. import signing
from ..domain import audit
from ..domain.roles import RESIDENT
from ..infrastructure import identity, unit_of_work
from ..models import AuditEntry, User, db

SYSTEM_ACTOR = "system"


def actor_label(actor: User | str | None) -> str:
    """Staff are named (they act for the council); residents appear only by their role."""
    if isinstance(actor, User):
        return actor.actor_label if actor.role != RESIDENT else RESIDENT
    return actor or SYSTEM_ACTOR


def response_lane(subject: str, respondent: User) -> int:
    """The lane of one person's response to one proposal (`subject`): a keyed hash of both, so
    a response's entries share a lane while the lane says nothing about who made it, not even
    which account, and a person's responses to other proposals fall in lanes of their own."""
    return audit.lane_for(identity.draw("audit-lane", f"{subject}:{identity.of(respondent)}"))


def account_subject(user: User) -> str:
    """The subject of an entry about an account (infrastructure/identity.py): no account id."""
    return identity.account_subject(user.id)


def lane_head(lane: int) -> AuditEntry | None:
    return db.session.scalars(
        sa.select(AuditEntry).where(AuditEntry.lane == lane)
        .order_by(AuditEntry.seq.desc()).limit(1)
    ).first()


def append(
    *, actor: User | str | None, action: str, subject: str, details: dict, now: datetime,
    respondent: User | None = None,
) -> AuditEntry:
    """Chain a new entry onto its lane's head; the caller's commit makes it permanent.

    A resident's response entry names the `respondent` and goes to the lane of their response
    (response_lane); everything else goes to the main lane, 0.
    """
    lane = response_lane(subject, respondent) if respondent is not None else audit.MAIN_LANE
    unit_of_work.lock_lane(lane)
    head = lane_head(lane)
    entry = AuditEntry(
        lane=lane,
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


def chain_dicts(batch: int = 500):
    """Every entry in (lane, seq) order, as domain.audit verifies it: read in batches."""
    rows = db.session.scalars(
        sa.select(AuditEntry).order_by(AuditEntry.lane, AuditEntry.seq)
        .execution_options(yield_per=batch))
    return (row.as_chain_dict() for row in rows)


def _signature_ok(head: dict) -> bool:
    """An anchor's signed head holds under the key it names (which a new key, after a lost
    one, would not change: old anchors keep the old key's signatures)."""
    statement = audit.head_statement(head.get("seq"), head.get("hash"), head.get("entries"))
    return signing.signature_ok(str(head.get("public_key")), statement,
                                str(head.get("signature")))


def verify_log() -> audit.Verdict:
    """Re-hash every lane in order, check every anchor and its signature, and report the first
    entry that fails, with the entries and the main lane's head seen."""
    return audit.verify_log(chain_dicts(), _signature_ok)


def verify_chain() -> tuple[bool, audit.Break | None]:
    """verify_log's answer alone: (True, None), or (False, where the log breaks)."""
    verdict = verify_log()
    return verdict.ok, verdict.where
