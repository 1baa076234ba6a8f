"""Canonical JSON and the hash chains that make the audit log tamper-evident.

The log is made of lanes, each its own chain: every entry's hash covers its own fields and the
previous entry's hash in its lane, so changing or removing any entry breaks every hash after it
in that lane. Lane 0 is the main log; residents' responses go to lanes 1..LANES (by a keyed
draw that says nothing of the respondent), so they can be written side by side. Anchor entries
in lane 0 name the head (lane, seq, hash) of every lane that moved, which ties the response
lanes into the main chain. `verify` works on plain dicts, so anyone holding an export can
check it without our code's database.
"""

import hashlib
import json
from collections.abc import Iterable
from typing import NamedTuple

GENESIS = "0" * 64
HASHED_FIELDS = ("seq", "occurred_at", "actor", "action", "subject", "details", "prev_hash")
MAIN_LANE = 0
LANES = 16
ANCHOR_ACTION = "audit.lanes_anchored"


class Break(NamedTuple):
    """Where a log stops verifying: a lane and a sequence number within it."""

    lane: int
    seq: int

    def __str__(self) -> str:
        return str(self.seq) if self.lane == MAIN_LANE else f"{self.seq} of lane {self.lane}"


def lane_for(draw: int) -> int:
    """A response's entries go to one of the lanes 1..LANES, by a number drawn for it.

    The draw must say nothing about the person (an account id would let anyone who sees an
    account's entries in the main log link the account to its responses)."""
    return 1 + draw % LANES


def canonical_json(value) -> str:
    """Sorted keys, no insignificant whitespace, UTF-8 text: one spelling per value."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def hashed_body(entry: dict) -> dict:
    """The fields a hash covers; `lane` only outside the main lane, so old entries keep theirs."""
    body = {field: entry[field] for field in HASHED_FIELDS}
    if entry.get("lane", MAIN_LANE) != MAIN_LANE:
        body["lane"] = entry["lane"]
    return body


def entry_hash(entry: dict) -> str:
    """SHA-256 of the canonical JSON of the hashed fields of an entry."""
    return hashlib.sha256(canonical_json(hashed_body(entry)).encode("utf-8")).hexdigest()


def anchor_claims(entry: dict) -> dict[tuple[int, int], str]:
    """The (lane, seq) -> hash an anchor entry vouches for; empty for any other entry."""
    if entry.get("action") != ANCHOR_ACTION or entry.get("lane", MAIN_LANE) != MAIN_LANE:
        return {}
    details = entry.get("details")
    lanes = details.get("lanes", []) if isinstance(details, dict) else []
    return {(item["lane"], item["seq"]): item["hash"] for item in lanes}


class _Lanes:
    """What verify has seen so far: each lane's next seq and head, and anchors not yet met."""

    def __init__(self) -> None:
        self.heads: dict[int, tuple[int, str]] = {}
        self.claims: dict[tuple[int, int], str] = {}
        self.last_lane = MAIN_LANE

    def fits(self, entry: dict) -> bool:
        lane = entry.get("lane", MAIN_LANE)
        if lane < self.last_lane:
            return False
        expected_seq, prev_hash = self.heads.get(lane, (1, GENESIS))
        if entry["seq"] != expected_seq or entry["prev_hash"] != prev_hash:
            return False
        if entry_hash(entry) != entry["hash"]:
            return False
        claimed = self.claims.pop((lane, entry["seq"]), entry["hash"])
        self.last_lane, self.heads[lane] = lane, (expected_seq + 1, entry["hash"])
        self.claims.update(anchor_claims(entry))
        return claimed == entry["hash"]


def verify(entries: Iterable[dict]) -> tuple[bool, Break | None]:
    """Check every lane's chain and every anchor; entries come in (lane, seq) order.

    Returns (True, None), or (False, where) for the first entry that does not fit, or for an
    entry an anchor names that the log does not hold.
    """
    lanes = _Lanes()
    for entry in entries:
        if not lanes.fits(entry):
            return False, Break(entry.get("lane", MAIN_LANE), entry["seq"])
    if lanes.claims:
        lane, seq = min(lanes.claims)
        return False, Break(lane, seq)
    return True, None
