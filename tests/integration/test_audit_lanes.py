"""Residents' responses chain in lanes 1-16 beside the main log; anchors tie them into it.

Every lane verifies on its own and every anchor matches its lane; tampering with a lane entry or
an anchor is found; anchors are written by the clockwork's settle, on a close and before a
decision, and never twice for the same heads.
"""

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from consult import signing
from consult.domain import audit
from consult.models import AuditEntry, db
from consult.services import audit_anchors, audit_log, consultation_history, proposals, responses
from tests.factories import make_closed_consultation, make_proposal, make_user, respond
from tests.integration.decision_data import publish_feedback, record
from tests.integration.test_audit_tamper import append_only_lifted, run_sql, verifier_on_export


def entries(lane: int | None = None) -> list[AuditEntry]:
    db.session.expire_all()
    query = sa.select(AuditEntry).order_by(AuditEntry.lane, AuditEntry.seq)
    if lane is not None:
        query = query.where(AuditEntry.lane == lane)
    return list(db.session.scalars(query))


def anchors() -> list[AuditEntry]:
    return [entry for entry in entries(audit.MAIN_LANE) if entry.action == audit.ANCHOR_ACTION]


def lane_of(proposal, person) -> int:
    return audit_log.response_lane(f"proposal:{proposal.id}", person)


def residents(count: int, proposal) -> list:
    """Residents whose responses to the proposal fall in `count` different lanes."""
    people, lanes = [], set()
    while len(people) < count:
        person = make_user()
        if lane_of(proposal, person) not in lanes:
            lanes.add(lane_of(proposal, person))
            people.append(person)
    return people


@pytest.fixture
def activity(app):
    """An open consultation with submissions, changes and a withdrawal by three residents."""
    now = datetime.now(UTC)
    proposal = make_proposal(status="open", now=now)
    people = residents(3, proposal)
    for minute, person in enumerate(people):
        respond(proposal, person, now=now + timedelta(minutes=minute))
    respond(proposal, people[0], now=now + timedelta(minutes=5), choose=1)
    responses.withdraw(proposal_id=proposal.id, respondent_id=people[1].id,
                       now=now + timedelta(minutes=6))
    return proposal, people, now


def test_response_entries_go_to_their_responses_lanes_each_a_chain_from_1(activity):
    proposal, people, _ = activity
    expected = {lane_of(proposal, person): n
                for person, n in zip(people, (2, 2, 1), strict=True)}
    assert {lane: len(entries(lane)) for lane in expected} == expected
    for lane in expected:
        chain = entries(lane)
        assert [entry.seq for entry in chain] == list(range(1, len(chain) + 1))
        assert chain[0].prev_hash == audit.GENESIS
        assert all(entry.action.startswith("response.") for entry in chain)
    assert not [entry for entry in entries(audit.MAIN_LANE)
                if entry.action.startswith("response.")]
    assert audit_log.verify_chain() == (True, None)


def test_settle_anchors_every_moved_lane_once(activity):
    proposal, people, now = activity
    assert anchors() == []
    consultation_history.settle_all(now + timedelta(minutes=10))
    [anchor] = anchors()
    heads = {lane: entries(lane)[-1] for lane in {lane_of(proposal, p) for p in people}}
    assert anchor.details["lanes"] == [{"lane": lane, "seq": heads[lane].seq,
                                         "hash": heads[lane].hash} for lane in sorted(heads)]
    consultation_history.settle_all(now + timedelta(minutes=11))
    assert len(anchors()) == 1  # nothing moved: no second anchor
    assert audit_log.verify_chain() == (True, None)


def test_a_later_anchor_names_only_the_lanes_that_moved(activity):
    proposal, people, now = activity
    consultation_history.settle_all(now + timedelta(minutes=10))
    respond(proposal, people[2], now=now + timedelta(minutes=12), choose=1)
    consultation_history.settle_all(now + timedelta(minutes=13))
    lane = lane_of(proposal, people[2])
    assert anchors()[-1].details["lanes"] == [
        {"lane": lane, "seq": 2, "hash": entries(lane)[-1].hash}]
    assert audit_log.verify_chain() == (True, None)


def test_an_anchor_carries_the_signed_head_of_the_main_log_entry_before_it(activity, app):
    _, _, now = activity
    consultation_history.settle_all(now + timedelta(minutes=10))
    [anchor] = anchors()
    before = entries(audit.MAIN_LANE)[anchor.seq - 2]
    head = anchor.details["head"]
    assert (head["seq"], head["hash"]) == (before.seq, before.hash) == (anchor.seq - 1,
                                                                         anchor.prev_hash)
    assert head["entries"] == len(entries()) - 1  # every lane's entries, the anchor not yet
    assert head["public_key"] == signing.signer().public_key
    statement = audit.head_statement(head["seq"], head["hash"], head["entries"])
    assert signing.signature_ok(head["public_key"], statement, head["signature"])


def test_an_anchor_whose_signature_no_longer_holds_is_found(activity, client, tmp_path):
    """Rewriting history and rehashing every entry after it is not enough: the anchors'
    signatures were made with a key the intruder does not hold."""
    _, _, now = activity
    consultation_history.settle_all(now + timedelta(minutes=10))
    [anchor] = anchors()
    forged = anchor.as_chain_dict()
    forged["details"]["head"]["entries"] += 1
    forged["hash"] = audit.entry_hash(forged)
    with append_only_lifted():
        run_sql("UPDATE audit_entries SET details = :d, hash = :h WHERE lane = 0 AND seq = :seq",
                d=audit.canonical_json(forged["details"]), h=forged["hash"], seq=anchor.seq)
    assert audit_log.verify_chain() == (False, audit.Break(audit.MAIN_LANE, anchor.seq))
    status, out = verifier_on_export(client, tmp_path)
    assert status == 1 and out == (f"BROKEN at entry {anchor.seq}: the signed head it carries "
                                   "does not match its signature")


def test_closing_early_anchors_the_responses_and_withdrawing_anchors_too(activity, app):
    proposal, _, now = activity
    officer = make_user(role="officer")
    proposals.close_early(proposal_id=proposal.id, reason="Enough heard.", actor=officer,
                          now=now + timedelta(hours=1))
    [anchor] = anchors()
    closed = [entry for entry in entries(audit.MAIN_LANE) if entry.action == "link.event_added"
              and entry.details["kind"] == "consultation_closed"]
    assert closed and anchor.seq == closed[-1].seq + 1
    assert audit_anchors.moved() == []
    later = make_proposal(status="open", now=now)
    respond(later, make_user(), now=now + timedelta(hours=2))
    proposals.withdraw(proposal_id=later.id, reason="Not needed.", actor=officer,
                       now=now + timedelta(hours=3))
    assert len(anchors()) == 2 and audit_anchors.moved() == []
    assert audit_log.verify_chain() == (True, None)


def test_a_decision_follows_an_anchor_of_every_response_it_rests_on(app, signed_in):
    officer = signed_in("officer", display_name="Olu Officer")
    proposal = make_closed_consultation()
    publish_feedback(officer, proposal)
    assert record(officer, proposal).status_code == 302
    main = entries(audit.MAIN_LANE)
    decided = next(entry for entry in main if entry.action == "decision.recorded")
    claims = {}
    for entry in main[:decided.seq - 1]:
        claims.update(audit.anchor_claims(entry.as_chain_dict()))
    heads = {(lane, entries(lane)[-1].seq) for lane in range(1, audit.LANES + 1) if entries(lane)}
    assert heads and heads <= set(claims)
    assert audit_log.verify_chain() == (True, None)


def _lane_of(activity) -> int:
    proposal, people, _ = activity
    return lane_of(proposal, people[0])


def test_an_edited_lane_entry_is_found_in_its_lane_both_ways(activity, client, tmp_path):
    lane = _lane_of(activity)
    with append_only_lifted():
        run_sql("UPDATE audit_entries SET details = :d WHERE lane = :lane AND seq = 1",
                d='{"commitment": "forged"}', lane=lane)
    assert audit_log.verify_chain() == (False, audit.Break(lane, 1))
    status, out = verifier_on_export(client, tmp_path)
    assert status == 1 and out.startswith(f"BROKEN at entry 1 of lane {lane}: its contents")


def test_a_lane_entry_removed_after_it_was_anchored_is_found(activity, client, tmp_path):
    now = activity[2]
    consultation_history.settle_all(now + timedelta(minutes=10))
    lane = _lane_of(activity)
    with append_only_lifted():  # the lane alone is still a whole chain, one shorter
        run_sql("DELETE FROM audit_entries WHERE lane = :lane AND seq = 2", lane=lane)
    assert audit_log.verify_chain() == (False, audit.Break(lane, 2))
    status, out = verifier_on_export(client, tmp_path)
    assert status == 1 and "an anchor in lane 0 names this entry, but the log lacks it" in out


def test_a_rewritten_and_rehashed_lane_is_found_by_its_anchor(activity, client, tmp_path):
    now = activity[2]
    consultation_history.settle_all(now + timedelta(minutes=10))
    lane = _lane_of(activity)
    first, second = (entry.as_chain_dict() for entry in entries(lane))
    first["details"] = {"commitment": "forged"}
    first["hash"] = audit.entry_hash(first)
    second["prev_hash"] = first["hash"]
    second["hash"] = audit.entry_hash(second)
    with append_only_lifted():
        for entry in (first, second):
            run_sql("UPDATE audit_entries SET details = :details, prev_hash = :prev_hash, "
                    "hash = :hash WHERE lane = :lane AND seq = :seq",
                    **{**entry, "details": audit.canonical_json(entry["details"])})
    assert audit_log.verify_chain() == (False, audit.Break(lane, 2))
    status, out = verifier_on_export(client, tmp_path)
    assert status == 1 and "an anchor in lane 0 names a different hash for it" in out


def test_an_edited_anchor_is_found_in_the_main_log(activity, client, tmp_path):
    _, _, now = activity
    anchor = audit_anchors_written(now)
    with append_only_lifted():
        run_sql("UPDATE audit_entries SET details = :d WHERE lane = 0 AND seq = :seq",
                d='{"lanes": []}', seq=anchor.seq)
    assert audit_log.verify_chain() == (False, audit.Break(audit.MAIN_LANE, anchor.seq))
    assert verifier_on_export(client, tmp_path)[0] == 1


def audit_anchors_written(now) -> AuditEntry:
    consultation_history.settle_all(now + timedelta(minutes=10))
    return anchors()[-1]


def test_a_mixed_log_exports_lane_by_lane_and_verifies(activity, client, tmp_path):
    _, _, now = activity
    anchor = audit_anchors_written(now)
    status, out = verifier_on_export(client, tmp_path, "--expect-head", anchor.hash)
    assert status == 0 and out.startswith(f"OK: {len(entries())} entries, head {anchor.hash}")
