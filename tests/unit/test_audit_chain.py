"""The hash chain detects any edit, removal, insertion or reordering of entries."""

import copy

import pytest

from consult.domain import audit
from tests.unit.audit_lanes_data import lane_entries


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


def _anchored_log(claims=None) -> list[dict]:
    """Two main entries, an anchor of lanes 3 and 7 (or of `claims`), then the lanes."""
    three, seven = lane_entries(3, 2), lane_entries(7, 3)
    main = _chain(2)
    lanes = claims if claims is not None else [
        {"lane": 3, "seq": 2, "hash": three[-1]["hash"]},
        {"lane": 7, "seq": 3, "hash": seven[-1]["hash"]}]
    anchor = {"lane": 0, "seq": 3, "occurred_at": "2026-11-09T12:00:00+00:00",
              "actor": "system", "action": audit.ANCHOR_ACTION, "subject": "audit:lanes",
              "details": {"lanes": lanes}, "prev_hash": main[-1]["hash"]}
    anchor["hash"] = audit.entry_hash(anchor)
    return [*main, anchor, *three, *seven]


def test_a_main_lane_entry_hashes_as_it_did_before_lanes():
    entry = _chain(1)[0]
    assert audit.entry_hash({**entry, "lane": 0}) == audit.entry_hash(entry) == entry["hash"]


def test_lanes_each_chain_from_1_and_anchors_match_them():
    assert audit.verify(_anchored_log()) == (True, None)


def test_an_entry_moved_to_another_lane_no_longer_fits():
    entries = _anchored_log()
    entries[3]["lane"] = 4  # lane 3's first entry claims to be lane 4's
    assert audit.verify(entries) == (False, audit.Break(4, 1))


def test_a_lane_out_of_order_is_detected():
    entries = _anchored_log()
    entries[4], entries[5] = entries[5], entries[4]  # lane 7's first before lane 3's second
    assert audit.verify(entries)[0] is False


def test_an_anchor_naming_a_different_hash_is_detected_at_that_lane_entry():
    claims = [{"lane": 3, "seq": 2, "hash": "f" * 64}]
    assert audit.verify(_anchored_log(claims)) == (False, audit.Break(3, 2))


def test_an_anchor_naming_a_missing_entry_is_detected():
    claims = [{"lane": 7, "seq": 4, "hash": "f" * 64}]
    assert audit.verify(_anchored_log(claims)) == (False, audit.Break(7, 4))


def test_an_entry_of_a_lane_is_one_of_its_respondents_lanes():
    assert {audit.lane_for(user_id) for user_id in range(100)} == set(range(1, audit.LANES + 1))
