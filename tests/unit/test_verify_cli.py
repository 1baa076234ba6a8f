"""The standalone verifier, run as a separate program: `python -m consult.verify log.jsonl`."""

import ast
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from consult import signing, verify
from consult.domain import audit
from tests.unit.audit_lanes_data import lane_entries

PROJECT = Path(__file__).resolve().parents[2]


def chain(count: int = 5) -> list[dict]:
    entries, prev = [], audit.GENESIS
    for seq in range(1, count + 1):
        entry = {"seq": seq, "occurred_at": f"2026-11-0{seq}T12:00:00+00:00",
                 "actor": "Olu Officer (officer)" if seq % 2 else "resident",
                 "action": "link.event_added", "subject": "link:volgograd",
                 "details": {"n": seq, "text": "Волгоград – “quoted” <b>", "list": [1, None]},
                 "prev_hash": prev}
        entry["hash"] = audit.entry_hash(entry)
        entries.append(entry)
        prev = entry["hash"]
    return entries


def write(path: Path, entries: list[dict]) -> Path:
    path.write_text("".join(audit.canonical_json(entry) + "\n" for entry in entries),
                    encoding="utf-8")
    return path


def run(*args, stdin: str | None = None, program=("-m", "consult.verify")):
    done = subprocess.run([sys.executable, *program, *map(str, args)], cwd=PROJECT, input=stdin,
                          capture_output=True, text=True, encoding="utf-8", timeout=60)
    return done.returncode, done.stdout.strip(), done.stderr


def test_an_untouched_log_is_ok_with_its_count_and_head(tmp_path):
    entries = chain()
    assert run(write(tmp_path / "log.jsonl", entries)) == (
        0, f"OK: 5 entries, head {entries[-1]['hash']}", "")


def test_an_empty_log_is_ok_with_the_genesis_head(tmp_path):
    (tmp_path / "log.jsonl").write_text("")
    assert run(tmp_path / "log.jsonl")[:2] == (0, f"OK: 0 entries, head {audit.GENESIS}")


def test_the_log_can_come_from_standard_input():
    entries = chain(2)
    text = "".join(audit.canonical_json(entry) + "\n" for entry in entries)
    assert run("-", stdin=text)[:2] == (0, f"OK: 2 entries, head {entries[-1]['hash']}")


@pytest.mark.parametrize("field, value", [("actor", "someone else"), ("occurred_at", "2020"),
                                          ("details", {"n": 99}), ("subject", "link:kiel")])
def test_an_edited_entry_is_broken_at_that_entry(tmp_path, field, value):
    entries = chain()
    entries[2][field] = value
    status, out, _ = run(write(tmp_path / "log.jsonl", entries))
    assert status == 1 and out == "BROKEN at entry 3: its contents do not match its hash: " \
                                  "it was changed"


def test_an_edited_and_rehashed_entry_breaks_the_next_link(tmp_path):
    entries = chain()
    entries[2]["actor"] = "someone else"
    entries[2]["hash"] = audit.entry_hash(entries[2])
    status, out, _ = run(write(tmp_path / "log.jsonl", entries))
    assert status == 1 and out.startswith("BROKEN at entry 4: its prev_hash does not match")


def test_a_removed_entry_is_broken_where_it_is_missed(tmp_path):
    entries = chain()
    del entries[2]
    status, out, _ = run(write(tmp_path / "log.jsonl", entries))
    assert status == 1 and out.startswith("BROKEN at entry 4: expected entry 3 here")


def test_two_swapped_lines_are_broken_at_the_first(tmp_path):
    entries = chain()
    entries[1], entries[2] = entries[2], entries[1]
    assert run(write(tmp_path / "log.jsonl", entries))[1].startswith(
        "BROKEN at entry 3: expected entry 2 here")


def test_two_swapped_sequence_numbers_are_broken_at_the_first(tmp_path):
    entries = chain()
    entries[1]["seq"], entries[3]["seq"] = 4, 2
    entries[1], entries[3] = entries[3], entries[1]
    assert run(write(tmp_path / "log.jsonl", entries))[1].startswith(
        "BROKEN at entry 2: its prev_hash does not match the hash of entry 1")


def test_a_forged_entry_inserted_in_the_middle_breaks_the_entry_after_it(tmp_path):
    entries = chain()
    forged = {**entries[2], "actor": "forger", "prev_hash": entries[1]["hash"]}
    forged["hash"] = audit.entry_hash(forged)
    rest = [{**entry, "seq": entry["seq"] + 1} for entry in entries[2:]]
    status, out, _ = run(write(tmp_path / "log.jsonl", [*entries[:2], forged, *rest]))
    assert status == 1 and out.startswith("BROKEN at entry 4: its prev_hash does not match")


@pytest.mark.parametrize("line, why", [
    ("{not json", "the line is not valid JSON"),
    ("[1, 2]", "the line is not a JSON object"),
    ('{"seq": 3}', "fields missing: occurred_at, actor"),
])
def test_a_line_that_is_not_an_entry_is_broken_there(tmp_path, line, why):
    path = write(tmp_path / "log.jsonl", chain(2))
    path.write_text(path.read_text() + line + "\n")
    status, out, _ = run(path)
    assert status == 1 and out.startswith(f"BROKEN at entry 3: {why}")


def test_blank_lines_are_skipped(tmp_path):
    entries = chain(2)
    path = tmp_path / "log.jsonl"
    path.write_text("\n".join(audit.canonical_json(entry) for entry in entries) + "\n\n\n")
    assert run(path)[0] == 0


def test_the_expected_head_matches(tmp_path):
    entries = chain()
    assert run(write(tmp_path / "log.jsonl", entries), "--expect-head",
               entries[-1]["hash"].upper())[:2] == (0, f"OK: 5 entries, head "
                                                       f"{entries[-1]['hash']}")


def test_an_earlier_head_still_in_the_log_is_ok_and_says_how_much_was_added(tmp_path):
    entries = chain()
    status, out, _ = run(write(tmp_path / "log.jsonl", entries), "--expect-head",
                         entries[2]["hash"])
    assert status == 0
    assert out.splitlines()[1].startswith("The head you noted is entry 3 of lane 0: the main log "
                                          "has grown")


def test_a_noted_head_missing_from_the_log_is_broken(tmp_path):
    entries = chain()
    status, out, _ = run(write(tmp_path / "log.jsonl", entries), "--expect-head", "ab" * 32)
    assert status == 1 and out.startswith(f"BROKEN: the head you noted, {'ab' * 32}, is not in")


def test_a_rewritten_history_loses_the_head_noted_before(tmp_path):
    entries = chain()
    noted = entries[-1]["hash"]
    entries[1]["actor"] = "someone else"
    for previous, entry in zip(entries[1:], entries[2:], strict=False):
        previous["hash"] = audit.entry_hash(previous)
        entry["prev_hash"] = previous["hash"]
    entries[-1]["hash"] = audit.entry_hash(entries[-1])
    path = write(tmp_path / "log.jsonl", entries)
    assert run(path)[0] == 0  # a whole chain by itself...
    assert run(path, "--expect-head", noted)[0] == 1  # ...but not the one you saw before


def test_a_malformed_expected_head_is_a_usage_error(tmp_path):
    status, _, err = run(write(tmp_path / "log.jsonl", chain(1)), "--expect-head", "abc")
    assert status == 2 and "64 characters" in err


def test_a_missing_file_is_reported_as_unreadable(tmp_path):
    status, out, err = run(tmp_path / "nothing.jsonl")
    assert status == 2 and out == "" and "Cannot read" in err


def test_the_verifier_runs_as_one_file_without_any_installed_package(tmp_path):
    shutil.copy(verify.__file__, tmp_path / "verify.py")
    entries = chain()
    result = run(write(tmp_path / "log.jsonl", entries),
                 program=("-I", "-S", str(tmp_path / "verify.py")))
    assert result == (0, f"OK: 5 entries, head {entries[-1]['hash']}", "")


def test_the_verifier_imports_only_the_standard_library():
    tree = ast.parse(Path(verify.__file__).read_text())
    imported = {alias.name.split(".")[0] for node in ast.walk(tree)
                if isinstance(node, ast.Import) for alias in node.names}
    imported |= {node.module.split(".")[0] for node in ast.walk(tree)
                 if isinstance(node, ast.ImportFrom) and node.module}
    assert imported and imported <= set(sys.stdlib_module_names)
    assert not [node for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)
                and node.level]


@pytest.mark.parametrize("entry", [*chain(3), {
    "seq": 7, "occurred_at": "x", "actor": "", "action": "a", "subject": "s", "prev_hash": "0",
    "details": {"z": 1.5, "a": [True, False, None], "ü": "\u2028\x00é", "n": {"b": 2, "a": -1}}}])
def test_the_verifier_hashes_exactly_as_the_domain_does(entry):
    assert verify.canonical_json(entry) == audit.canonical_json(entry)
    assert verify.entry_hash(entry) == audit.entry_hash(entry)
    assert verify.entry_hash(json.loads(audit.canonical_json(entry))) == audit.entry_hash(entry)


def test_the_verifier_uses_the_domains_genesis_and_fields():
    assert verify.GENESIS == audit.GENESIS
    assert verify.HASHED_FIELDS == audit.HASHED_FIELDS


def _with_anchor(main: list[dict], lanes: list[list[dict]], claims=None) -> list[dict]:
    anchor = {"seq": len(main) + 1, "occurred_at": "2026-11-10T12:00:00+00:00",
              "actor": "system", "action": "audit.lanes_anchored", "subject": "audit:lanes",
              "details": {"lanes": claims if claims is not None else [
                  {"lane": lane[-1]["lane"], "seq": lane[-1]["seq"], "hash": lane[-1]["hash"]}
                  for lane in lanes]}, "prev_hash": main[-1]["hash"]}
    anchor["hash"] = audit.entry_hash(anchor)
    return [*main, anchor, *(entry for lane in lanes for entry in lane)]


def test_a_log_with_lanes_and_an_anchor_is_ok_with_the_main_head(tmp_path):
    entries = _with_anchor(chain(), [lane_entries(2, 3), lane_entries(9, 1)])
    assert run(write(tmp_path / "log.jsonl", entries))[:2] == (
        0, f"OK: 10 entries, head {entries[5]['hash']}")


def test_a_changed_lane_entry_is_broken_in_itslane_entries(tmp_path):
    entries = _with_anchor(chain(), [lane_entries(2, 3)])
    entries[7]["details"] = {"commitment": "forged"}
    assert run(write(tmp_path / "log.jsonl", entries))[:2] == (
        1, "BROKEN at entry 2 of lane 2: its contents do not match its hash: it was changed")


def test_an_anchor_that_names_another_hash_is_broken_at_the_lane_entry(tmp_path):
    entries = _with_anchor(chain(), [lane_entries(2, 3)], claims=[{"lane": 2, "seq": 3,
                                                              "hash": "a" * 64}])
    assert run(write(tmp_path / "log.jsonl", entries))[:2] == (
        1, "BROKEN at entry 3 of lane 2: an anchor in lane 0 names a different hash for it")


def test_a_lane_cut_short_of_its_anchor_is_broken(tmp_path):
    entries = _with_anchor(chain(), [lane_entries(2, 3)])[:-1]
    status, out, _ = run(write(tmp_path / "log.jsonl", entries))
    assert status == 1 and out.startswith("BROKEN at entry 3 of lane 2: an anchor in lane 0")


def test_lanes_out_of_order_are_broken(tmp_path):
    entries = _with_anchor(chain(), [lane_entries(2, 1), lane_entries(5, 1)])
    entries[-1], entries[-2] = entries[-2], entries[-1]
    status, out, _ = run(write(tmp_path / "log.jsonl", entries))
    assert status == 1 and "out of order" in out


# Signed heads ----------------------------------------------------------------------------

KEY = Ed25519PrivateKey.generate()
SIGNER = signing.Signer(KEY)


def signed(seq: int, hash: str, entries: int, signer: signing.Signer = SIGNER) -> dict:
    statement = audit.head_statement(seq, hash, entries)
    return audit.signed_head(seq, hash, entries, public_key=signer.public_key,
                             signature=signer.sign(statement))


def signed_anchor(main: list[dict], head: dict | None = "auto") -> list[dict]:
    """An anchor (naming no lane) carrying the signed head of the entry before it."""
    anchor = {"seq": len(main) + 1, "occurred_at": "2026-11-10T12:00:00+00:00",
              "actor": "system", "action": "audit.lanes_anchored", "subject": "audit:lanes",
              "details": {"lanes": []}, "prev_hash": main[-1]["hash"]}
    if head is not None:
        anchor["details"]["head"] = signed(len(main), main[-1]["hash"], len(main)) \
            if head == "auto" else head
    anchor["hash"] = audit.entry_hash(anchor)
    return [*main, anchor]


def rehashed(entries: list[dict]) -> list[dict]:
    for previous, entry in zip(entries, entries[1:], strict=False):
        entry["prev_hash"] = previous["hash"]
        entry["hash"] = audit.entry_hash(entry)
    return entries


def test_signed_anchors_are_checked_and_their_key_reported(tmp_path):
    entries = signed_anchor(signed_anchor(chain(3)))
    status, out, _ = run(write(tmp_path / "log.jsonl", entries))
    assert status == 0 and out.splitlines() == [
        f"OK: 5 entries, head {entries[-1]['hash']}",
        f"Signed anchors: 2, every signature good; key: {SIGNER.public_key} (2)"]


def test_an_anchor_whose_signature_does_not_hold_is_broken(tmp_path):
    head = signed(3, chain(3)[-1]["hash"], 3)
    entries = signed_anchor(chain(3), {**head, "entries": 4})
    assert run(write(tmp_path / "log.jsonl", entries))[:2] == (
        1, "BROKEN at entry 4: the signed head it carries does not match its signature")


def test_an_anchor_signing_another_entry_than_the_one_before_is_broken(tmp_path):
    entries = chain(3)
    moved = signed(2, entries[1]["hash"], 2)
    assert run(write(tmp_path / "log.jsonl", signed_anchor(entries, moved)))[1] == (
        "BROKEN at entry 4: the signed head it carries is not of the entry before")


def test_a_history_rewritten_and_rehashed_before_a_signed_anchor_is_broken(tmp_path):
    entries = signed_anchor(chain(3))
    entries[1]["actor"] = "someone else"
    entries[1]["hash"] = audit.entry_hash(entries[1])
    rehashed(entries[1:])  # every hash fits again; the signature over entry 3 does not
    assert run(write(tmp_path / "log.jsonl", entries))[1] == (
        "BROKEN at entry 4: the signed head it carries is not of the entry before")


def test_an_unsigned_anchor_after_signed_ones_is_broken(tmp_path):
    entries = signed_anchor(signed_anchor(chain(2)), head=None)
    assert run(write(tmp_path / "log.jsonl", entries))[1].startswith(
        "BROKEN at entry 4: this anchor carries no signed head, though earlier anchors do")


def test_anchors_signed_with_another_key_than_the_one_given_are_broken(tmp_path):
    path = write(tmp_path / "log.jsonl", signed_anchor(chain(2)))
    other = signing.Signer(Ed25519PrivateKey.generate()).public_key
    assert run(path, "--public-key", SIGNER.public_key)[0] == 0
    assert run(path, "--public-key", other)[:2] == (
        1, "BROKEN at entry 3: its signed head is signed with another key than the one you gave")


def test_a_log_cut_below_a_signed_head_kept_before_is_broken(tmp_path):
    entries = chain(5)
    kept = tmp_path / "head.json"
    kept.write_text(json.dumps(signed(5, entries[-1]["hash"], 5)))
    path = write(tmp_path / "log.jsonl", entries)
    assert run(path, "--signed-head", kept)[1].splitlines()[-1] == (
        f"The signed head (entry 5 of lane 0, 5 entries, key {SIGNER.public_key}) is in this "
        "log, and its signature holds.")
    status, out, _ = run(write(tmp_path / "log.jsonl", entries[:-1]), "--signed-head", kept)
    assert status == 1 and out.startswith("BROKEN: the signed head is entry 5 of lane 0, but "
                                          "this log's lane 0 ends at entry 4")


def test_a_log_with_fewer_entries_than_the_signed_head_counted_is_broken(tmp_path):
    entries = chain(3)
    kept = tmp_path / "head.json"
    kept.write_text(json.dumps(signed(3, entries[-1]["hash"], 4)))  # a lane entry, now gone
    status, out, _ = run(write(tmp_path / "log.jsonl", entries), "--signed-head", kept)
    assert status == 1 and out.startswith("BROKEN: the log holds 3 entries, fewer than the 4")


@pytest.mark.parametrize("change", [{"seq": 4}, {"signature": "0" * 128}, {"seq": "4"}, {}])
def test_a_signed_head_that_is_not_signed_or_not_whole_is_a_usage_error(tmp_path, change):
    entries = chain(5)
    head = {**signed(5, entries[-1]["hash"], 5), **change}
    if not change:
        del head["signature"]
    kept = tmp_path / "head.json"
    kept.write_text(json.dumps(head))
    status, out, err = run(write(tmp_path / "log.jsonl", entries), "--signed-head", kept)
    assert status == 2 and out == "" and "is not good" in err


def test_a_signed_head_by_another_key_than_the_one_given_is_a_usage_error(tmp_path):
    entries = chain(2)
    kept = tmp_path / "head.json"
    kept.write_text(json.dumps(signed(2, entries[-1]["hash"], 2)))
    other = signing.Signer(Ed25519PrivateKey.generate()).public_key
    status, _, err = run(write(tmp_path / "log.jsonl", entries), "--signed-head", kept,
                         "--public-key", other)
    assert status == 2 and "another key" in err


def test_the_standalone_verifier_checks_signatures_without_any_installed_package(tmp_path):
    shutil.copy(verify.__file__, tmp_path / "verify.py")
    entries = signed_anchor(chain(3))
    entries[-1]["details"]["head"]["entries"] = 9
    entries[-1]["hash"] = audit.entry_hash(entries[-1])
    result = run(write(tmp_path / "log.jsonl", entries),
                 program=("-I", "-S", str(tmp_path / "verify.py")))
    assert result[:2] == (1, "BROKEN at entry 4: the signed head it carries does not match "
                             "its signature")
