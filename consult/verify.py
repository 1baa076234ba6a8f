"""Check a downloaded audit log (JSON Lines) with nothing but Python's standard library.

    python -m consult.verify audit-log.jsonl [--expect-head HASH]
    python verify.py audit-log.jsonl            (this file on its own, copied anywhere)

Each line is one entry. Its hash is the SHA-256 of the canonical JSON (sorted keys, no spaces,
UTF-8) of its fields other than "hash", and each entry names the hash of the one before it, so
changing, removing, inserting or reordering any entry breaks the chain at that point.

Exit status: 0 "OK: N entries, head <hash>"; 1 "BROKEN at entry <seq>: <why>" (or "BROKEN: ..."
when a head noted earlier is not in the log); 2 when the file cannot be read.
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
HASH = re.compile(r"^[0-9a-f]{64}$")


def canonical_json(value) -> str:
    """Sorted keys, no insignificant whitespace, UTF-8 text: one spelling per value."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def entry_hash(entry: dict) -> str:
    """SHA-256 of the canonical JSON of the hashed fields of an entry."""
    body = {field: entry[field] for field in HASHED_FIELDS}
    return hashlib.sha256(canonical_json(body).encode("utf-8")).hexdigest()


class Broken(Exception):
    def __init__(self, seq, why: str):
        super().__init__(why)
        self.seq, self.why = seq, why


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
    seq = entry["seq"]
    if seq != expected_seq:
        raise Broken(seq, f"expected entry {expected_seq} here: an entry is missing, added "
                          "or out of order")
    if entry["prev_hash"] != prev_hash:
        raise Broken(seq, f"its prev_hash does not match the hash of entry {expected_seq - 1}")
    if entry_hash(entry) != entry["hash"]:
        raise Broken(seq, "its contents do not match its hash: it was changed")


def verify_lines(lines, watch: str | None = None) -> tuple[int, str, int | None]:
    """Check every entry in order: (entries, head hash, seq whose hash is `watch` or None).

    Raises Broken at the first entry that does not fit.
    """
    count, prev_hash, watched = 0, GENESIS, None
    for line in lines:
        if not line.strip():
            continue
        entry = _parse(line, count + 1)
        _check(entry, count + 1, prev_hash)
        count, prev_hash = count + 1, entry["hash"]
        if prev_hash == watch:
            watched = count
    return count, prev_hash, watched


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
        return 0, (f"{message}\nThe head you noted is entry {seen_at}: the log has grown by "
                   f"{count - seen_at} entries since then, and everything before is unchanged.")
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
        print(f"BROKEN at entry {broken.seq}: {broken.why}")
        return 1
    except (OSError, UnicodeDecodeError) as exc:
        print(f"Cannot read {args.log}: {exc}", file=sys.stderr)
        return 2
    status, message = report(count, head, args.expect_head, seen_at)
    print(message)
    return status


if __name__ == "__main__":
    sys.exit(main())
