"""Anchors tie the response lanes into the main audit chain.

An anchor is a lane-0 entry naming the head (lane, seq, hash) of every lane that moved since
the last anchor. Anyone who trusts the main chain's head then trusts every anchored lane entry.
Anchors are written once a minute by the clockwork when a lane moved, when a consultation closes
or is withdrawn, and before a decision is recorded; with nothing moved, no anchor is written.
"""

from datetime import datetime

import sqlalchemy as sa

from ..domain import audit
from ..models import AuditEntry, db
from . import audit_log, write_lock

SUBJECT = "audit:lanes"


def _anchored() -> dict[int, int]:
    """The highest seq each lane's latest anchor names (lanes never anchored are absent)."""
    anchored: dict[int, int] = {}
    anchors = db.session.scalars(
        sa.select(AuditEntry).where(AuditEntry.lane == audit.MAIN_LANE,
                                    AuditEntry.action == audit.ANCHOR_ACTION)
        .order_by(AuditEntry.seq.desc()).execution_options(yield_per=100))
    for anchor in anchors:
        for (lane, seq) in audit.anchor_claims(anchor.as_chain_dict()):
            anchored.setdefault(lane, seq)
        if len(anchored) == audit.LANES:
            break
    return anchored


def moved() -> list[dict]:
    """{"lane", "seq", "hash"} of each lane whose head is past its latest anchor, by lane."""
    heads = sa.select(AuditEntry.lane, sa.func.max(AuditEntry.seq).label("seq")).where(
        AuditEntry.lane != audit.MAIN_LANE).group_by(AuditEntry.lane).subquery()
    rows = db.session.execute(
        sa.select(AuditEntry.lane, AuditEntry.seq, AuditEntry.hash)
        .join(heads, sa.and_(AuditEntry.lane == heads.c.lane, AuditEntry.seq == heads.c.seq))
        .order_by(AuditEntry.lane)).all()
    if not rows:
        return []
    anchored = _anchored()
    return [{"lane": lane, "seq": seq, "hash": hash_} for lane, seq, hash_ in rows
            if seq > anchored.get(lane, 0)]


def anchor(now: datetime) -> AuditEntry | None:
    """Append an anchor if any lane moved; the caller holds the write lock exclusively, so no
    response is half-written and every head named is final."""
    if write_lock.mode() != write_lock.EXCLUSIVE:
        raise RuntimeError("Anchors are written only while holding the write lock alone")
    lanes = moved()
    if not lanes:
        return None
    return audit_log.append(actor=audit_log.SYSTEM_ACTOR, action=audit.ANCHOR_ACTION,
                            subject=SUBJECT, details={"lanes": lanes}, now=now)


def anchor_if_moved(now: datetime) -> AuditEntry | None:
    """The clockwork's anchor, in a transaction of its own: read first, lock only if needed."""
    if not moved():
        return None
    try:
        write_lock.take()
        entry = anchor(now)
        db.session.commit()
        return entry
    except Exception:
        db.session.rollback()
        raise
    finally:
        db.session.info.pop("write_lock", None)
