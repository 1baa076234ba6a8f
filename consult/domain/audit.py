"""Canonical JSON and the hash chains that make the audit log tamper-evident.

The log is made of lanes, each its own chain: every entry's hash covers its own fields and the
previous entry's hash in its lane, so changing or removing any entry breaks every hash after it
in that lane. Lane 0 is the main log; residents' responses go to lanes 1..LANES (by a keyed
draw that says nothing of the respondent), so they can be written side by side. Anchor entries
in lane 0 name the head (lane, seq, hash) of every lane that moved, which ties the response
lanes into the main chain. `verify` works on plain dicts, so anyone holding an export can
check it without our code's database.

A chain alone cannot show that its newest entries were cut off. So the service signs the main
lane's head (seq, hash, and the entries of every lane it covers) with its Ed25519 key: each
anchor carries the signed head of the entry before it, and the current head is signed when
shown. A signed head kept anywhere outside proves that the log once reached that far.
"""

import hashlib
import json
from collections.abc import Callable, Iterable
from typing import NamedTuple

GENESIS = "0" * 64
HASHED_FIELDS = ("seq", "occurred_at", "actor", "action", "subject", "details", "prev_hash")
MAIN_LANE = 0
LANES = 16
ANCHOR_ACTION = "audit.lanes_anchored"
SIGNED_HEAD_FIELDS = ("seq", "hash", "entries", "public_key", "signature")
SIGNED_STATEMENT = "consult audit log head"


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


def head_statement(seq: int, hash: str, entries: int) -> bytes:
    """What a signed head's signature covers: the main lane's seq and hash, and how many entries
    all lanes held with it. No time: the same log state always reads (and signs) the same."""
    return canonical_json({"statement": SIGNED_STATEMENT, "lane": MAIN_LANE, "seq": seq,
                           "hash": hash, "entries": entries}).encode("utf-8")


def signed_head(seq: int, hash: str, entries: int, *, public_key: str, signature: str) -> dict:
    """A signed head as published: hex Ed25519 public key (32 bytes) and signature (64)."""
    return {"seq": seq, "hash": hash, "entries": entries, "public_key": public_key,
            "signature": signature}


def anchored_head(entry: dict) -> dict | None:
    """The signed head an anchor carries (of the main-lane entry just before it), if any."""
    if entry.get("action") != ANCHOR_ACTION or entry.get("lane", MAIN_LANE) != MAIN_LANE:
        return None
    details = entry.get("details")
    return details.get("head") if isinstance(details, dict) else None


SignatureCheck = Callable[[dict], bool]


class _Lanes:
    """What verify has seen so far: each lane's next seq and head, and anchors not yet met."""

    def __init__(self, signature_ok: SignatureCheck | None) -> None:
        self.heads: dict[int, tuple[int, str]] = {}
        self.claims: dict[tuple[int, int], str] = {}
        self.last_lane = MAIN_LANE
        self.signature_ok, self.signed, self.entries = signature_ok, 0, 0

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
        self.entries += 1
        return claimed == entry["hash"] and self._signed_fits(entry)

    def _signed_fits(self, entry: dict) -> bool:
        """An anchor's signed head names the entry before it, and its signature holds; once
        anchors are signed, every later anchor is too (dropping signatures is tampering)."""
        if entry["action"] != ANCHOR_ACTION or entry.get("lane", MAIN_LANE) != MAIN_LANE:
            return True
        head = anchored_head(entry)
        if head is None:
            return not self.signed
        self.signed += 1
        return (isinstance(head, dict) and head.get("seq") == entry["seq"] - 1
                and head.get("hash") == entry["prev_hash"]
                and (self.signature_ok is None or self.signature_ok(head)))


class Verdict(NamedTuple):
    """What verify found: whether the log is whole, where not, and what it holds."""

    ok: bool
    where: Break | None
    entries: int
    head_seq: int
    head_hash: str
    signed_anchors: int


def verify_log(entries: Iterable[dict], signature_ok: SignatureCheck | None = None) -> Verdict:
    """Check every lane's chain, every anchor and every anchor's signed head (with
    `signature_ok`, when given); entries come in (lane, seq) order.

    Fails at the first entry that does not fit, or at an entry an anchor names that the log
    does not hold.
    """
    lanes = _Lanes(signature_ok)
    for entry in entries:
        if not lanes.fits(entry):
            return _verdict(lanes, Break(entry.get("lane", MAIN_LANE), entry["seq"]))
    if lanes.claims:
        return _verdict(lanes, Break(*min(lanes.claims)))
    return _verdict(lanes, None)


def _verdict(lanes: _Lanes, where: Break | None) -> Verdict:
    seq, head = lanes.heads.get(MAIN_LANE, (1, GENESIS))
    return Verdict(where is None, where, lanes.entries, seq - 1, head, lanes.signed)


def verify(entries: Iterable[dict],
           signature_ok: SignatureCheck | None = None) -> tuple[bool, Break | None]:
    """verify_log's answer alone: (True, None), or (False, where) for the first misfit."""
    verdict = verify_log(entries, signature_ok)
    return verdict.ok, verdict.where
