"""The hash chain detects any edit, removal, insertion or reordering of entries."""

import copy

import pytest

from consult.domain import audit


def _chain(count: int = 4) -> list[dict]:
    entries, prev = [], audit.GENESIS
    for seq in range(1, count + 1):
        entry = {"seq": seq, "occurred_at": f"2026-11-0{seq}T12:00:00+00:00", "actor": "officer",
                 "action": "link.event_added", "subject": "link:volgograd",
                 "details": {"n": seq, "text": "Волгоград"}, "prev_hash": prev}
        entry["hash"] = audit.entry_hash(entry)
        entries.append(entry)
        prev = entry["hash"]
    return entries


def test_an_untouched_chain_verifies():
    assert audit.verify(_chain()) == (True, None)


def test_an_empty_chain_verifies():
    assert audit.verify([]) == (True, None)


@pytest.mark.parametrize("field", ["actor", "action", "subject", "occurred_at"])
def test_editing_any_field_is_detected_at_that_entry(field):
    entries = _chain()
    entries[2][field] = "changed"
    assert audit.verify(entries) == (False, audit.Break(0, 3))


def test_editing_details_is_detected():
    entries = _chain()
    entries[1]["details"]["n"] = 99
    assert audit.verify(entries) == (False, audit.Break(0, 2))


def test_removing_an_entry_is_detected():
    entries = _chain()
    del entries[1]
    assert audit.verify(entries)[0] is False


def test_reordering_entries_is_detected():
    entries = _chain()
    entries[1], entries[2] = entries[2], entries[1]
    assert audit.verify(entries)[0] is False


def test_rehashing_one_edited_entry_still_breaks_the_next_link():
    entries = copy.deepcopy(_chain())
    entries[1]["actor"] = "someone else"
    entries[1]["hash"] = audit.entry_hash(entries[1])
    assert audit.verify(entries) == (False, audit.Break(0, 3))


def test_canonical_json_does_not_depend_on_key_order():
    left = audit.canonical_json({"b": 1, "a": [1, 2]})
    assert left == audit.canonical_json({"a": [1, 2], "b": 1})
