"""The signed head: cutting the newest main-log entries is found against a signed head kept
from before (the API's JSON or a saved decisions feed); the public key and the signed head are
on /audit, in the API and in the feed; `consult audit verify` says what /audit shows."""

import json
import re
import xml.etree.ElementTree as ET

from consult import signing
from consult.domain import audit
from consult.queries import audit_queries
from tests.integration.test_audit_tamper import (
    append_only_lifted,
    chain,
    log,  # noqa: F401  (a fixture)
    run_sql,
    verifier_on_export,
)

FEED = "/decisions/feed.atom"
SIGNED_HEAD = "{urn:consult:audit:signed-head:1}signed-head"


def keep(client, tmp_path, path: str = "/api/v1/audit/head", name: str = "head.json"):
    """Save what anyone could save: the API's head or the decisions feed, as downloaded."""
    response = client.get(path)
    assert response.status_code == 200
    (tmp_path / name).write_bytes(response.get_data())
    return tmp_path / name


def statement_holds(head: dict) -> bool:
    statement = audit.head_statement(head["seq"], head["hash"], head["entries"])
    return signing.signature_ok(head["public_key"], statement, head["signature"])


def test_the_api_gives_the_head_signed_with_the_councils_key(log, client):  # noqa: F811
    head = client.get("/api/v1/audit/head").get_json()
    assert (head["seq"], head["hash"], head["entries"]) == (7, log[-1]["hash"], 7)
    assert head["public_key"] == signing.signer().public_key and statement_holds(head)


def test_the_audit_page_shows_the_public_key_signature_and_entries_the_cli_reports(
        log, client, app):  # noqa: F811
    html = client.get("/audit").get_data(as_text=True)
    signed = client.get("/api/v1/audit/head").get_json()
    assert f'id="public-key">{signing.signer().public_key}</code>' in html
    assert f'id="head-signature">{signed["signature"]}</code>' in html
    assert 'id="head-entries">7</dd>' in html and 'href="/audit/entries/7">Entry 7</a>' in html
    result = app.test_cli_runner().invoke(args=["audit", "verify"])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == (f"Audit log verified: 7 entries, head {log[-1]['hash']} "
                                     "(entry 7 of the main log); no signed anchors, every "
                                     "signature good.")


def test_the_log_download_is_named_by_the_entries_it_holds_as_the_page_says(log, client):  # noqa: F811,E501
    response = client.get("/audit/log.jsonl")
    assert response.headers["Content-Disposition"] == (
        'attachment; filename="audit-log-7-entries.jsonl"')
    assert len(response.get_data(as_text=True).splitlines()) == 7
    assert "python3 verify.py audit-log-7-entries.jsonl" in client.get("/audit").get_data(
        as_text=True)


def test_the_decisions_feed_carries_the_signed_head(log, client):  # noqa: F811
    root = ET.fromstring(client.get(FEED).get_data())
    carried = root.find(SIGNED_HEAD).attrib
    head = client.get("/api/v1/audit/head").get_json()
    assert carried == {name: str(head[name]) for name in audit.SIGNED_HEAD_FIELDS}


def test_an_untouched_log_holds_the_signed_head_kept_from_the_api_or_the_feed(
        log, client, tmp_path):  # noqa: F811
    for kept in (keep(client, tmp_path), keep(client, tmp_path, FEED, "feed.atom")):
        status, out = verifier_on_export(client, tmp_path, "--signed-head", str(kept),
                                         "--public-key", signing.signer().public_key)
        assert status == 0, out
        assert out.splitlines()[-1].startswith("The signed head (entry 7 of lane 0, 7 entries")


def test_cutting_the_newest_main_log_entry_is_found_against_a_signed_head_kept_before(
        log, client, tmp_path):  # noqa: F811
    kept_json, kept_feed = keep(client, tmp_path), keep(client, tmp_path, FEED, "feed.atom")
    with append_only_lifted():
        run_sql("DELETE FROM audit_entries WHERE lane = 0 AND seq = 7")
    assert len(chain()) == 6
    assert verifier_on_export(client, tmp_path)[0] == 0  # the chain alone cannot see it...
    for kept in (kept_json, kept_feed):  # ...but the head signed before it was cut can
        status, out = verifier_on_export(client, tmp_path, "--signed-head", str(kept))
        assert status == 1 and out.startswith(
            "BROKEN: the signed head is entry 7 of lane 0, but this log's lane 0 ends at entry "
            "6: its newest entries were cut off"), out


def test_a_rewritten_entry_at_the_signed_heads_place_is_found(log, client, tmp_path):  # noqa: F811,E501
    kept = keep(client, tmp_path)
    forged = {**log[-1], "actor": "someone else"}
    forged["hash"] = audit.entry_hash(forged)
    with append_only_lifted():
        run_sql("UPDATE audit_entries SET actor = :actor, hash = :hash WHERE seq = 7",
                actor=forged["actor"], hash=forged["hash"])
    status, out = verifier_on_export(client, tmp_path, "--signed-head", str(kept))
    assert status == 1 and out.startswith("BROKEN: entry 7 of lane 0 is not the one the signed")


def test_a_signed_head_changed_after_signing_is_refused(log, client, tmp_path):  # noqa: F811
    kept = keep(client, tmp_path)
    head = json.loads(kept.read_text())
    kept.write_text(json.dumps({**head, "seq": 6, "hash": log[5]["hash"]}))
    status, out = verifier_on_export(client, tmp_path, "--signed-head", str(kept))
    assert status == 2 and out == ""


def test_the_signed_head_computed_on_demand_matches_the_log(log):  # noqa: F811
    head = audit_queries.log_head()
    assert (head.seq, head.hash, head.entries) == (7, log[-1]["hash"], 7)
    assert head.signed() == head.signed() and statement_holds(head.signed())
    assert re.fullmatch(r"[0-9a-f]{128}", head.signed()["signature"])
