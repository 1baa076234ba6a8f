"""Check a downloaded audit log (JSON Lines) with nothing but Python's standard library.

    python -m consult.verify audit-log.jsonl [--expect-head HASH]
                             [--signed-head FILE] [--public-key KEY]
    python verify.py audit-log.jsonl            (this file on its own, copied anywhere)

Each line is one entry. The log is made of lanes, each its own chain: lane 0 is the main log,
lanes 1-16 hold residents' responses. An entry's hash is the SHA-256 of the canonical JSON
(sorted keys, no spaces, UTF-8) of its hashed fields (with "lane" only outside lane 0), and each
entry names the hash of the one before it in its lane, so changing, removing, inserting or
reordering any entry breaks its lane at that point. Anchor entries in lane 0
("audit.lanes_anchored") name (lane, seq, hash) of lane heads; each must match that entry.
Lines come lane by lane, lane 0 first, each lane in seq order (the download's order).

A chain cannot show that its newest entries were cut off. So the council signs the head of
lane 0 with its Ed25519 key: a signed head is {"seq", "hash", "entries", "public_key",
"signature"}, the signature being of the canonical JSON of {"statement": "consult audit log
head", "lane": 0, "seq", "hash", "entries"}. Each anchor carries the signed head of the entry
before it, and every signature there must hold. --signed-head takes one you kept (the JSON from
/api/v1/audit/head, or a saved decisions Atom feed): the log must still hold that entry of lane
0 with that hash, and at least that many entries. --public-key is the council's key, as
published: every signature checked must be by it. Signatures are checked with an Ed25519
verifier written out below (RFC 8032), so this file still needs nothing but Python.

Exit status: 0 "OK: N entries, head <hash>" (the head of lane 0); 1 "BROKEN at entry <seq>: <why>"
(or "BROKEN: ..." when a head noted or signed earlier is not in the log); 2 when a file cannot be
read, or the signed head given does not hold its own signature.
"""

import argparse
import hashlib
import json
import re
import sys
import xml.etree.ElementTree as ET

# The same rules as consult/domain/audit.py, repeated here so this file needs nothing else;
# a test checks that the two agree.
GENESIS = "0" * 64
HASHED_FIELDS = ("seq", "occurred_at", "actor", "action", "subject", "details", "prev_hash")
ANCHOR_ACTION = "audit.lanes_anchored"
SIGNED_STATEMENT = "consult audit log head"
SIGNED_HEAD_FIELDS = ("seq", "hash", "entries", "public_key", "signature")
FEED_ELEMENT = "{urn:consult:audit:signed-head:1}signed-head"
HASH = re.compile(r"^[0-9a-f]{64}$")
SIGNATURE = re.compile(r"^[0-9a-f]{128}$")


def canonical_json(value) -> str:
    """Sorted keys, no insignificant whitespace, UTF-8 text: one spelling per value."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def entry_hash(entry: dict) -> str:
    """SHA-256 of the canonical JSON of the hashed fields of an entry."""
    body = {field: entry[field] for field in HASHED_FIELDS}
    if entry.get("lane", 0) != 0:
        body["lane"] = entry["lane"]
    return hashlib.sha256(canonical_json(body).encode("utf-8")).hexdigest()


def head_statement(seq, hash, entries) -> bytes:
    """What a signed head's signature covers."""
    return canonical_json({"statement": SIGNED_STATEMENT, "lane": 0, "seq": seq, "hash": hash,
                           "entries": entries}).encode("utf-8")


# --- Ed25519 signature checks (RFC 8032, section 5.1.7), on Python's own integers ---------
_P = 2**255 - 19
_L = 2**252 + 27742317777372353535851937790883648493
_D = -121665 * pow(121666, _P - 2, _P) % _P
_SQRT_M1 = pow(2, (_P - 1) // 4, _P)


def _add(a, b):
    """Two points in extended coordinates added (the unified formula: doubling too)."""
    e, f = (a[1] - a[0]) * (b[1] - b[0]) % _P, (a[1] + a[0]) * (b[1] + b[0]) % _P
    g, h = 2 * a[3] * b[3] * _D % _P, 2 * a[2] * b[2] % _P
    e, f, g, h = f - e, h - g, h + g, f + e
    return (e * f % _P, g * h % _P, f * g % _P, e * h % _P)


def _times(scalar: int, point):
    result = (0, 1, 1, 0)
    while scalar:
        if scalar & 1:
            result = _add(result, point)
        point, scalar = _add(point, point), scalar >> 1
    return result


def _x_of(y: int, sign: int):
    if y >= _P:
        return None
    x2 = (y * y - 1) * pow(_D * y * y + 1, _P - 2, _P) % _P
    if x2 == 0:
        return None if sign else 0
    x = pow(x2, (_P + 3) // 8, _P)
    if (x * x - x2) % _P:
        x = x * _SQRT_M1 % _P
    if (x * x - x2) % _P:
        return None
    return _P - x if (x & 1) != sign else x


def _point(data: bytes):
    y = int.from_bytes(data, "little")
    sign, y = y >> 255, y & ((1 << 255) - 1)
    x = _x_of(y, sign)
    return None if x is None else (x, y, 1, x * y % _P)


_BY = 4 * pow(5, _P - 2, _P) % _P
_BASE = (_x_of(_BY, 0), _BY, 1, _x_of(_BY, 0) * _BY % _P)


def ed25519_ok(public_key: bytes, message: bytes, signature: bytes) -> bool:
    """Whether `signature` is an Ed25519 signature of `message` by `public_key`."""
    if len(public_key) != 32 or len(signature) != 64:
        return False
    key, r = _point(public_key), _point(signature[:32])
    s = int.from_bytes(signature[32:], "little")
    if key is None or r is None or s >= _L:
        return False
    k = int.from_bytes(hashlib.sha512(signature[:32] + public_key + message).digest(),
                       "little") % _L
    left, right = _times(s, _BASE), _add(r, _times(k, key))
    return ((left[0] * right[2] - right[0] * left[2]) % _P == 0
            and (left[1] * right[2] - right[1] * left[2]) % _P == 0)


def signed_head_problem(head) -> str | None:
    """Why `head` is not a well-formed signed head that holds its own signature, or None."""
    if not isinstance(head, dict) or any(name not in head for name in SIGNED_HEAD_FIELDS):
        return f"a signed head has the fields {', '.join(SIGNED_HEAD_FIELDS)}"
    numbers = [head["seq"], head["entries"]]
    if not all(isinstance(n, int) and not isinstance(n, bool) and n >= 0 for n in numbers):
        return "its seq and entries are whole numbers"
    texts = [(head["hash"], HASH), (head["public_key"], HASH), (head["signature"], SIGNATURE)]
    if not all(isinstance(text, str) and pattern.match(text) for text, pattern in texts):
        return "its hash and public key are 64 hex digits, its signature 128"
    statement = head_statement(head["seq"], head["hash"], head["entries"])
    if not ed25519_ok(bytes.fromhex(head["public_key"]), statement,
                      bytes.fromhex(head["signature"])):
        return "it does not match its signature"
    return None


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


def _is_anchor(entry: dict) -> bool:
    return entry["action"] == ANCHOR_ACTION and entry.get("lane", 0) == 0


def _claims(entry: dict) -> dict:
    """(lane, seq) -> hash for each lane head an anchor entry names."""
    if not _is_anchor(entry):
        return {}
    details = entry["details"] if isinstance(entry["details"], dict) else {}
    try:
        return {(item["lane"], item["seq"]): item["hash"] for item in details.get("lanes", [])}
    except (KeyError, TypeError):
        raise Broken(entry["seq"], "its anchor details are not readable") from None


class _Lanes:
    """Each lane's next seq and head hash so far, anchored entries not yet reached, and the
    keys that signed the anchors' heads."""

    def __init__(self, trusted_key: str | None = None):
        self.lane, self.count, self.prev_hash = 0, 0, GENESIS
        self.total, self.main_head, self.main_count, self.claims = 0, GENESIS, 0, {}
        self.trusted_key, self.keys, self.signed = trusted_key, {}, 0

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
            self.main_head, self.main_count = entry["hash"], entry["seq"]
            self.claims.update(_claims(entry))
            if _is_anchor(entry):
                self._signed(entry)

    def _signed(self, anchor: dict) -> None:
        """The signed head an anchor carries names the entry before it, holds its signature
        (by the key you trust, if you gave one); once anchors are signed, all later ones are."""
        head = anchor["details"].get("head") if isinstance(anchor["details"], dict) else None
        if head is None:
            if self.signed:
                raise Broken(anchor["seq"], "this anchor carries no signed head, though earlier "
                                            "anchors do: signatures were taken out")
            return
        problem = signed_head_problem(head)
        if problem:
            raise Broken(anchor["seq"], f"the signed head it carries: {problem}"
                         if problem != "it does not match its signature" else
                         "the signed head it carries does not match its signature")
        if (head["seq"], head["hash"]) != (anchor["seq"] - 1, anchor["prev_hash"]):
            raise Broken(anchor["seq"], "the signed head it carries is not of the entry before")
        if self.trusted_key and head["public_key"] != self.trusted_key:
            raise Broken(anchor["seq"], "its signed head is signed with another key than the "
                                        "one you gave")
        self.signed += 1
        self.keys[head["public_key"]] = self.keys.get(head["public_key"], 0) + 1

    def finish(self) -> None:
        if self.claims:
            lane, seq = min(self.claims)
            raise Broken(seq, "an anchor in lane 0 names this entry, but the log lacks it", lane)


class Seen:
    """What a whole log held: its entries, lane 0's head, the anchors' signers, and the hash
    of lane 0's entries asked about (a noted head's seq, a signed head's seq)."""

    def __init__(self, lanes: _Lanes, watched: int | None, hash_at: dict):
        self.total, self.main_head, self.main_count = lanes.total, lanes.main_head, lanes.main_count
        self.keys, self.signed = lanes.keys, lanes.signed
        self.watched, self.hash_at = watched, hash_at


def verify_lines(lines, watch: str | None = None, at_seq: int | None = None,
                 trusted_key: str | None = None) -> Seen:
    """Check every entry; note the lane 0 seq whose hash is `watch`, and the hash at `at_seq`.

    Raises Broken at the first entry that does not fit.
    """
    lanes, watched, hash_at = _Lanes(trusted_key), None, {}
    for line in lines:
        if not line.strip():
            continue
        entry = _parse(line, lanes.count + 1)
        lanes.take(entry)
        if lanes.lane == 0 and entry["hash"] == watch:
            watched = entry["seq"]
        if lanes.lane == 0 and entry["seq"] == at_seq:
            hash_at[at_seq] = entry["hash"]
    lanes.finish()
    return Seen(lanes, watched, hash_at)


def _head_hash(value: str) -> str:
    value = value.strip().lower()
    if not HASH.match(value):
        raise argparse.ArgumentTypeError("a head hash is 64 characters, 0-9 and a-f")
    return value


def _public_key(value: str) -> str:
    value = value.strip().lower()
    if not HASH.match(value):
        raise argparse.ArgumentTypeError("a public key is 64 characters, 0-9 and a-f")
    return value


def _read_signed_head(text: str):
    """The signed head in a saved JSON answer, or in a saved Atom feed that carries one."""
    if text.lstrip().startswith("<"):
        found = ET.fromstring(text).find(FEED_ELEMENT)
        if found is None:
            raise ValueError("the feed carries no signed head")
        head = dict(found.attrib)
        for name in ("seq", "entries"):
            head[name] = int(head[name]) if head.get(name, "").isdigit() else head.get(name)
        return head
    return json.loads(text)


def _signed_head_file(path: str) -> dict:
    try:
        with open(path, encoding="utf-8") as handle:
            head = _read_signed_head(handle.read())
    except (OSError, UnicodeDecodeError, ValueError, ET.ParseError) as exc:
        raise argparse.ArgumentTypeError(f"cannot read a signed head from {path}: {exc}") \
            from None
    problem = signed_head_problem(head)
    if problem:
        raise argparse.ArgumentTypeError(f"the signed head in {path} is not good: {problem}")
    return head


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


def signed_report(seen: Seen, signed: dict) -> tuple[int, str]:
    """Whether the log still reaches a signed head kept from before."""
    seq, entries = signed["seq"], signed["entries"]
    if seen.main_count < seq:
        return 1, (f"BROKEN: the signed head is entry {seq} of lane 0, but this log's lane 0 "
                   f"ends at entry {seen.main_count}: its newest entries were cut off (or this "
                   "download is older than the signed head).")
    if seq and seen.hash_at.get(seq) != signed["hash"]:
        return 1, (f"BROKEN: entry {seq} of lane 0 is not the one the signed head names: the "
                   "history was rewritten, or this is a different log.")
    if seen.total < entries:
        return 1, (f"BROKEN: the log holds {seen.total} entries, fewer than the {entries} the "
                   "signed head counted: entries were removed.")
    return 0, (f"The signed head (entry {seq} of lane 0, {entries} entries, key "
               f"{signed['public_key']}) is in this log, and its signature holds.")


def _signers(seen: Seen) -> str:
    keys = ", ".join(f"{key} ({count})" for key, count in seen.keys.items())
    return f"Signed anchors: {seen.signed}, every signature good; key: {keys}"


def _arguments(argv):
    parser = argparse.ArgumentParser(prog="python -m consult.verify",
                                     description="Verify a downloaded audit log (JSON Lines).")
    parser.add_argument("log", help="the downloaded log.jsonl, or - to read standard input")
    parser.add_argument("--expect-head", type=_head_hash, metavar="HASH",
                        help="a head hash you noted earlier, for example from a decision page")
    parser.add_argument("--signed-head", type=_signed_head_file, metavar="FILE",
                        help="a signed head you kept: /api/v1/audit/head's JSON, or a saved "
                             "decisions feed")
    parser.add_argument("--public-key", type=_public_key, metavar="KEY",
                        help="the council's public key as published: every signature must be "
                             "by it")
    args = parser.parse_args(argv)
    if args.signed_head and args.public_key and args.signed_head["public_key"] != args.public_key:
        parser.error("the signed head is signed with another key than the one you gave")
    return args


def main(argv: list[str] | None = None) -> int:
    args = _arguments(argv)
    at_seq = args.signed_head["seq"] if args.signed_head else None
    try:
        if args.log == "-":
            seen = verify_lines(sys.stdin, args.expect_head, at_seq, args.public_key)
        else:
            with open(args.log, encoding="utf-8") as handle:
                seen = verify_lines(handle, args.expect_head, at_seq, args.public_key)
    except Broken as broken:
        print(f"BROKEN at entry {broken.where()}: {broken.why}")
        return 1
    except (OSError, UnicodeDecodeError) as exc:
        print(f"Cannot read {args.log}: {exc}", file=sys.stderr)
        return 2
    status, message = report(seen.total, seen.main_head, args.expect_head, seen.watched)
    lines = [message, *([_signers(seen)] if seen.signed else [])]
    if args.signed_head and status == 0:
        status, said = signed_report(seen, args.signed_head)
        lines = [said] if status else [*lines, said]
    print("\n".join(lines))
    return status


if __name__ == "__main__":
    sys.exit(main())
