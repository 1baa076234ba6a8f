"""Requests for a consultation in the API, the CSV download and the Atom feed."""

import csv
import io
import xml.etree.ElementTree as ET
from datetime import timedelta

from flask import current_app

from consult.services import requests
from tests.factories import NOW, make_link, make_proposal, make_user
from tests.integration.request_data import make_request

ATOM = "{http://www.w3.org/2005/Atom}"


def _signed_and_reached(threshold: int = 2):
    current_app.config["CONSULT_REQUEST_THRESHOLD"] = threshold
    link = make_link()
    request = make_request(link=link)
    for kind in ("local_resident", "local_resident", "twin_city_resident"):
        requests.sign(request_id=request.id, signer_id=make_user().id, signer_type=kind,
                      now=NOW + timedelta(hours=1))
    return link, request


def test_a_request_in_the_api_has_its_counts_threshold_and_due_date(app, client):
    _, request = _signed_and_reached()
    body = client.get(f"/api/v1/requests/{request.id}").get_json()
    assert body["signatures"] == {"local": 2, "twin_city": 1}
    assert body["threshold"] == 2
    assert body["reached_at"].startswith("2026-11-01T13:00:00")
    assert body["answer_due_by"].startswith("2026-12-27T13:00:00")
    assert body["status"] in ("awaiting_answer", "overdue")
    assert body["overdue"] == (body["status"] == "overdue")
    assert body["answer"] is None


def test_the_api_lists_only_moderated_requests_and_filters_by_status(app, client):
    link, request = _signed_and_reached()
    pending = make_request(status="pending", link=link)
    assert client.get(f"/api/v1/requests/{pending.id}").status_code == 404
    listed = client.get("/api/v1/requests").get_json()
    assert [item["id"] for item in listed["items"]] == [request.id]
    assert client.get("/api/v1/requests?status=answered").get_json()["items"] == []
    assert client.get("/api/v1/requests?status=nonsense").status_code == 400


def test_an_answer_with_a_published_consultation_is_in_the_api_csv_and_feed(app, client):
    link, request = _signed_and_reached()
    proposal = make_proposal(link=link, status="open")
    requests.answer_with_consultation(request_id=request.id, proposal_id=proposal.id,
                                      actor=make_user(role="officer"),
                                      now=NOW + timedelta(days=1))
    body = client.get(f"/api/v1/requests/{request.id}").get_json()
    assert body["status"] == "answered" and body["answer"]["consultation_id"] == proposal.id
    rows = list(csv.DictReader(io.StringIO(client.get("/requests.csv").get_data(as_text=True))))
    assert rows[0]["status"] == "answered" and rows[0]["consultation_id"] == str(proposal.id)
    assert rows[0]["local_signatures"] == "2" and rows[0]["twin_city_signatures"] == "1"
    feed = ET.fromstring(client.get("/requests/feed.atom").data)
    titles = [node.text for node in feed.iter(f"{ATOM}title")]
    assert any(title.startswith("Answered: ") for title in titles)


def test_a_request_rejected_for_personal_information_keeps_its_words_out(app, client):
    request = make_request(status="pending", title="About my neighbour",
                           link=make_link(partner_name="Dresden"))
    requests.reject(request_id=request.id, code="personal_information",
                    moderator=make_user(role="officer"), now=NOW)
    body = client.get(f"/api/v1/requests/{request.id}").get_json()
    assert body["title"] is None and body["reason"] is None
    assert body["rejection_reason"] == "personal_information"
    assert "neighbour" not in client.get("/requests.csv").get_data(as_text=True)
    assert "neighbour" not in client.get("/requests/feed.atom").get_data(as_text=True)
