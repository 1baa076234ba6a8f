"""Check a downloaded audit log (JSON Lines) with nothing but Python's standard library.

    python -m consult.verify audit-log.jsonl [--expect-head HASH]
    python verify.py audit-log.jsonl            (this file on its own, copied anywhere)

Each line is one entry. The log is made of lanes, each its own chain: lane 0 is the main log,
lanes 1-16 hold residents' responses. An entry's hash is the SHA-256 of the canonical JSON
(sorted keys, no spaces, UTF-8) of its hashed fields (with "lane" only outside lane 0), and each
entry names the hash of the one before it in its lane, so changing, removing, inserting or
reordering any entry breaks its lane at that point. Anchor entries in lane 0
("audit.lanes_anchored") name (lane, seq, hash) of lane heads; each must match that entry.
Lines come lane by lane, lane 0 first, each lane in seq order (the download's order).

Exit status: 0 "OK: N entries, head <hash>" (the head of lane 0); 1 "BROKEN at entry <seq>: <why>"
(or "BROKEN: ..." when a head noted earlier is not in the log); 2 when the file cannot be read.
"""

import argparse
import hashlib
import json
import re
import sys

# The same rules as consult/domain/audit.py, repeated here so this file needs nothing else;
# a test checks that the two agree.
GENESIS = "0" * 64
HASHED_FIELDS = ("seq", "occurred_at", "actor", "action", "subject", "details", "prev_hash")
ANCHOR_ACTION = "audit.lanes_anchored"
HASH = re.compile(r"^[0-9a-f]{64}$")


def canonical_json(value) -> str:
    """Sorted keys, no insignificant whitespace, UTF-8 text: one spelling per value."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def entry_hash(entry: dict) -> str:
    """SHA-256 of the canonical JSON of the hashed fields of an entry."""
    body = {field: entry[field] for field in HASHED_FIELDS}
    if entry.get("lane", 0) != 0:
        body["lane"] = entry["lane"]
    return hashlib.sha256(canonical_json(body).encode("utf-8")).hexdigest()


class Broken(Exception):
    def __init__(self, seq, why: str, lane: int = 0):
        super().__init__(why)
        self.seq, self.why, self.lane = seq, why, lane

    def where(self) -> str:
        return f"{self.seq}" if not self.lane else f"{self.seq} of lane {self.lane}"


def _parse(line: str, expected_seq: int) -> dict:
    try:
        entry = json.loads(line)
    except ValueError as exc:
        raise Broken(expected_seq, f"the line is not valid JSON ({exc})") from None
    if not isinstance(entry, dict):
        raise Broken(expected_seq, "the line is not a JSON object")
    missing = [name for name in (*HASHED_FIELDS, "hash") if name not in entry]
    if missing:
        raise Broken(entry.get("seq", expected_seq), f"fields missing: {', '.join(missing)}")
    return entry


def _check(entry: dict, expected_seq: int, prev_hash: str) -> None:
    seq, lane = entry["seq"], entry.get("lane", 0)
    if seq != expected_seq:
        raise Broken(seq, f"expected entry {expected_seq} here: an entry is missing, added "
                          "or out of order", lane)
    if entry["prev_hash"] != prev_hash:
        raise Broken(seq, f"its prev_hash does not match the hash of entry {expected_seq - 1}",
                     lane)
    if entry_hash(entry) != entry["hash"]:
        raise Broken(seq, "its contents do not match its hash: it was changed", lane)


def _claims(entry: dict) -> dict:
    """(lane, seq) -> hash for each lane head an anchor entry names."""
    if entry["action"] != ANCHOR_ACTION or entry.get("lane", 0) != 0:
        return {}
    details = entry["details"] if isinstance(entry["details"], dict) else {}
    try:
        return {(item["lane"], item["seq"]): item["hash"] for item in details.get("lanes", [])}
    except (KeyError, TypeError):
        raise Broken(entry["seq"], "its anchor details are not readable") from None


class _Lanes:
    """Each lane's next seq and head hash so far, and anchored entries not yet reached."""

    def __init__(self):
        self.lane, self.count, self.prev_hash = 0, 0, GENESIS
        self.total, self.main_head, self.claims = 0, GENESIS, {}

    def take(self, entry: dict) -> None:
        lane = entry.get("lane", 0)
        if not isinstance(lane, int) or lane < self.lane:
            raise Broken(entry["seq"], "out of order: lanes come in order, lane 0 first", lane)
        if lane != self.lane:
            self.lane, self.count, self.prev_hash = lane, 0, GENESIS
        _check(entry, self.count + 1, self.prev_hash)
        claimed = self.claims.pop((lane, entry["seq"]), entry["hash"])
        if claimed != entry["hash"]:
            raise Broken(entry["seq"], "an anchor in lane 0 names a different hash for it", lane)
        self.count, self.prev_hash, self.total = self.count + 1, entry["hash"], self.total + 1
        if lane == 0:
            self.main_head = entry["hash"]
            self.claims.update(_claims(entry))

    def finish(self) -> None:
        if self.claims:
            lane, seq = min(self.claims)
            raise Broken(seq, "an anchor in lane 0 names this entry, but the log lacks it", lane)


def verify_lines(lines, watch: str | None = None) -> tuple[int, str, int | None]:
    """Check every entry: (entries, lane 0's head hash, lane 0 seq whose hash is `watch`).

    Raises Broken at the first entry that does not fit.
    """
    lanes, watched = _Lanes(), None
    for line in lines:
        if not line.strip():
            continue
        entry = _parse(line, lanes.count + 1)
        lanes.take(entry)
        if lanes.lane == 0 and entry["hash"] == watch:
            watched = entry["seq"]
    lanes.finish()
    return lanes.total, lanes.main_head, watched


def _head_hash(value: str) -> str:
    value = value.strip().lower()
    if not HASH.match(value):
        raise argparse.ArgumentTypeError("a head hash is 64 characters, 0-9 and a-f")
    return value


def report(count: int, head: str, expect_head: str | None, seen_at: int | None) -> tuple[int, str]:
    """The exit status and message once the chain itself is whole."""
    message = f"OK: {count} entries, head {head}"
    if expect_head is None or expect_head == head:
        return 0, message
    if seen_at is not None:
        return 0, (f"{message}\nThe head you noted is entry {seen_at} of lane 0: the main log has "
                   "grown since then, and everything before is unchanged.")
    return 1, (f"BROKEN: the head you noted, {expect_head}, is not in this log: the history "
               "was rewritten, or this is a different log.")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m consult.verify",
                                     description="Verify a downloaded audit log (JSON Lines).")
    parser.add_argument("log", help="the downloaded log.jsonl, or - to read standard input")
    parser.add_argument("--expect-head", type=_head_hash, metavar="HASH",
                        help="a head hash you noted earlier, for example from a decision page")
    args = parser.parse_args(argv)
    try:
        if args.log == "-":
            count, head, seen_at = verify_lines(sys.stdin, args.expect_head)
        else:
            with open(args.log, encoding="utf-8") as handle:
                count, head, seen_at = verify_lines(handle, args.expect_head)
    except Broken as broken:
        print(f"BROKEN at entry {broken.where()}: {broken.why}")
        return 1
    except (OSError, UnicodeDecodeError) as exc:
        print(f"Cannot read {args.log}: {exc}", file=sys.stderr)
        return 2
    status, message = report(count, head, args.expect_head, seen_at)
    print(message)
    return status


if __name__ == "__main__":
    sys.exit(main())
