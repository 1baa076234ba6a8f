"""Plain-dict audit entries for one response lane, chained from the genesis hash."""

from consult.domain import audit


def lane_entries(lane: int, count: int) -> list[dict]:
    """`count` entries of `lane`, seq 1..count, each naming the previous entry's hash."""
    entries, prev = [], audit.GENESIS
    for seq in range(1, count + 1):
        entry = {"lane": lane, "seq": seq, "occurred_at": f"2026-11-0{seq % 10}T12:00:00+00:00",
                 "actor": "resident", "action": "response.submitted", "subject": "proposal:1",
                 "details": {"commitment": f"{lane}-{seq}"}, "prev_hash": prev}
        entry["hash"] = audit.entry_hash(entry)
        entries.append(entry)
        prev = entry["hash"]
    return entries
