"""Decisions as open data: filters, the record with its checks and seal, CSV and feed."""

import csv
import io
import xml.etree.ElementTree as ET
from datetime import UTC, datetime

import pytest

from consult.domain import decisions as rules
from consult.models import Proposal, db
from consult.services import decisions
from tests.api.test_downloads_and_feeds import assert_valid_atom
from tests.factories import make_user

API = "/api/v1"


@pytest.fixture
def decided(client, demo):
    """The demo, plus an officer's decision on the closed Kiel consultation (2)."""
    officer = make_user(role="officer", display_name="Olive Officer")
    proposal = db.session.get(Proposal, 2)
    now = datetime.now(UTC)
    written = rules.Record(
        decided_on=now.date(), body=rules.CABINET, outcome=rules.ADOPTED,
        action=proposal.action, title="Start the youth exchange with Kiel",
        summary="The exchange starts next year.", reasons="Most respondents supported it.",
        votes=rules.Votes(7, 1, 0, {"against": ["Cllr Example"]}),
        matched_option_id=proposal.options[0].id)
    decision = decisions.record(proposal_id=proposal.id, written=written, actor=officer, now=now)
    return decision.id


def ids(client, query: str = "") -> list[int]:
    return [item["id"] for item in client.get(f"{API}/decisions?{query}").get_json()["items"]]


def test_decisions_can_be_filtered_by_consultation_outcome_year_and_link(client, decided):
    assert ids(client) == [decided, 1]
    assert ids(client, "consulted=no") == [1] and ids(client, "consulted=yes") == [decided]
    assert ids(client, "year=2022") == [1] and ids(client, "link=kiel") == [decided]
    assert ids(client, "outcome=rejected") == [] and ids(client, "link=nowhere") == []


def test_a_bad_decision_filter_is_a_400(client):
    response = client.get(f"{API}/decisions?outcome=maybe&year=1200")
    assert response.status_code == 400
    assert set(response.get_json()["errors"]["query"]) == {"outcome", "year"}


def test_a_decision_gives_its_vote_its_fairness_checks_and_its_audit_seal(client, decided):
    body = client.get(f"{API}/decisions/{decided}").get_json()
    assert body["consulted"] and body["consultation_id"] == 2
    assert body["vote"]["counts"] == [{"option": "yes", "value": 7},
                                      {"option": "no", "value": 1},
                                      {"option": "abstain", "value": 0}]
    assert len(body["checks"]) == 5
    assert {check["status"] for check in body["checks"]} <= {"passed", "failed", "not_yet"}
    # The demo's Kiel consultation invited the City of Kiel only after it opened.
    assert body["checks"][4] == {
        "name": "The people most affected were invited", "status": "failed", "label": "Failed",
        "explanation": "The twin city’s council was only invited after it opened."}
    assert body["recorded_by"] == "Olive Officer (officer)"
    seq = body["audit"]["seq"]
    sealed = client.get(f"{API}/audit/entries?per_page=1&page={seq}").get_json()["items"][0]
    assert sealed["seq"] == seq
    assert sealed["hash"] == body["audit"]["hash"] and sealed["action"] == "decision.recorded"
    assert "recorded_by_id" not in sealed["details"]  # the officer is named, not numbered


def test_an_unconsulted_decision_fails_every_check(client, demo):
    body = client.get(f"{API}/decisions/1").get_json()
    assert not body["consulted"] and body["no_consultation_reason"]
    assert [check["status"] for check in body["checks"]] == ["failed"] * 5


def test_an_unknown_decision_is_a_404_in_json(client):
    response = client.get(f"{API}/decisions/7")
    assert response.status_code == 404 and response.get_json()["status"] == 404


def test_the_decisions_csv_and_feed_list_every_record(client, decided):
    text = client.get("/decisions.csv").get_data().decode("utf-8")
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert [int(row["id"]) for row in rows] == [decided, 1]
    assert rows[0]["votes_for"] == "7" and rows[0]["consulted"] == "true"
    assert "recorded_by_id" not in rows[0]
    root = ET.fromstring(client.get("/decisions/feed.atom").get_data())
    assert_valid_atom(root)
    assert len(root.findall("{http://www.w3.org/2005/Atom}entry")) == 2
