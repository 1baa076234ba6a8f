"""Anchors tie the response lanes into the main audit chain.

An anchor is a lane-0 entry naming the head (lane, seq, hash) of every lane that moved since
the last anchor. Anyone who trusts the main chain's head then trusts every anchored lane entry.
Anchors are written once a minute by the clockwork when a lane moved, when a consultation closes
or is withdrawn, and before a decision is recorded; with nothing moved, no anchor is written.
Each anchor also carries the signed head of the main-lane entry before it (domain/audit.py).
"""

from datetime import datetime

import sqlalchemy as sa

from ..domain import audit
from ..infrastructure import unit_of_work
from ..models import AuditEntry, db
from ..queries import audit_queries
from . import audit_log

SUBJECT = "audit:lanes"


def _anchored(lanes: set[int]) -> dict[int, int]:
    """The seq the latest anchor naming each of these lanes names (never anchored: absent).
    Anchors are read newest first, only until every lane asked about is found."""
    anchored: dict[int, int] = {}
    anchors = db.session.scalars(
        sa.select(AuditEntry).where(AuditEntry.lane == audit.MAIN_LANE,
                                    AuditEntry.action == audit.ANCHOR_ACTION)
        .order_by(AuditEntry.seq.desc()).execution_options(yield_per=100))
    for anchor in anchors:
        for (lane, seq) in audit.anchor_claims(anchor.as_chain_dict()):
            anchored.setdefault(lane, seq)
        if lanes <= set(anchored):
            break
    return anchored


def moved() -> list[dict]:
    """{"lane", "seq", "hash"} of each lane whose head is past its latest anchor, by lane.

    One primary-key lookup per lane: cheap enough for the clockwork to ask every minute."""
    heads = [head for head in map(audit_log.lane_head, range(1, audit.LANES + 1)) if head]
    if not heads:
        return []
    anchored = _anchored({head.lane for head in heads})
    return [{"lane": head.lane, "seq": head.seq, "hash": head.hash} for head in heads
            if head.seq > anchored.get(head.lane, 0)]


def anchor(now: datetime) -> AuditEntry | None:
    """Append an anchor if any lane moved; the caller holds the write lock exclusively, so no
    response is half-written and every head named is final."""
    if unit_of_work.mode() != unit_of_work.EXCLUSIVE:
        raise RuntimeError("Anchors are written only while holding the write lock alone")
    lanes = moved()
    if not lanes:
        return None
    signed = audit_queries.log_head().signed()
    return audit_log.append(actor=audit_log.SYSTEM_ACTOR, action=audit.ANCHOR_ACTION,
                            subject=SUBJECT, details={"lanes": lanes, "head": signed}, now=now)


def anchor_if_moved(now: datetime | None = None) -> AuditEntry | None:
    """The clockwork's anchor, in a transaction of its own: read first, lock only if needed
    (without `now`, the time is read once the lock is held)."""
    return _anchor_alone(now) if moved() else None


_anchor_alone = unit_of_work.use_case(anchor)
