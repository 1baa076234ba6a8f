"""Canonical JSON and the hash chain that makes the audit log tamper-evident.

Each entry's hash covers its own fields and the previous entry's hash, so changing or removing
any entry breaks every hash after it. `verify` works on plain dicts, so anyone holding an export
can check it without our code's database.
"""

import hashlib
import json
from collections.abc import Iterable

GENESIS = "0" * 64
HASHED_FIELDS = ("seq", "occurred_at", "actor", "action", "subject", "details", "prev_hash")


def canonical_json(value) -> str:
    """Sorted keys, no insignificant whitespace, UTF-8 text: one spelling per value."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def entry_hash(entry: dict) -> str:
    """SHA-256 of the canonical JSON of the hashed fields of an entry."""
    body = {field: entry[field] for field in HASHED_FIELDS}
    return hashlib.sha256(canonical_json(body).encode("utf-8")).hexdigest()


def verify(entries: Iterable[dict]) -> tuple[bool, int | None]:
    """Check the chain in order; return (True, None) or (False, seq of the first bad entry)."""
    prev_hash, expected_seq = GENESIS, 1
    for entry in entries:
        if entry["seq"] != expected_seq or entry["prev_hash"] != prev_hash:
            return False, entry["seq"]
        if entry_hash(entry) != entry["hash"]:
            return False, entry["seq"]
        prev_hash, expected_seq = entry["hash"], expected_seq + 1
    return True, None
