"""The JSON API on the demo data: filters, pages, errors, hidden results, receipts, caching."""

import re
from datetime import UTC, datetime, timedelta

import pytest

from consult.domain import audit
from consult.infrastructure import unit_of_work
from consult.models import User, db
from consult.queries import open_data
from consult.services import audit_log
from tests.factories import NOW, make_proposal, make_user

API = "/api/v1"


@pytest.fixture
def api(client, demo):
    return client


def test_links_can_be_filtered_by_status_and_country(api):
    suspended = api.get(f"{API}/links?status=suspended").get_json()
    assert [link["slug"] for link in suspended["items"]] == ["volgograd"]
    germany = api.get(f"{API}/links?country=Germany").get_json()
    assert germany["items"] and {link["country"] for link in germany["items"]} == {"Germany"}


def test_a_list_comes_in_pages_with_a_next_link_and_a_stable_order(api):
    first = api.get(f"{API}/links?per_page=10").get_json()
    assert first["total"] == 26 and first["pages"] == 3 and len(first["items"]) == 10
    assert first["next"].endswith("/api/v1/links?per_page=10&page=2") and first["prev"] is None
    slugs = [link["slug"] for link in first["items"]]
    page = first
    while page["next"]:
        page = api.get(page["next"]).get_json()
        slugs += [link["slug"] for link in page["items"]]
    everything = api.get(f"{API}/links?per_page=100").get_json()["items"]
    assert slugs == [link["slug"] for link in everything] and len(set(slugs)) == 26


def test_a_page_link_is_also_sent_as_a_link_header(api):
    response = api.get(f"{API}/audit/entries?per_page=5&page=2")
    assert 'rel="next"' in response.headers["Link"] and 'rel="prev"' in response.headers["Link"]


@pytest.mark.parametrize("query", ["per_page=101", "per_page=0", "page=0", "page=abc",
                                   "status=frozen", "colour=red", "per_page=1.5"])
def test_a_bad_or_unknown_parameter_is_a_400_that_names_it(client, query):
    response = client.get(f"{API}/links?{query}")
    body = response.get_json()
    assert response.status_code == 400 and body["status"] == 400 and body["message"]
    assert query.split("=")[0] in body["errors"]["query"]


def test_a_detail_route_refuses_a_parameter_it_does_not_take(client):
    response = client.get(f"{API}/links/kiel?verbose=1")
    assert response.status_code == 400
    assert response.get_json()["errors"] == {"query": {"verbose": ["Unknown field."]}}


@pytest.mark.parametrize("path", ["/links/no-such-place", "/links/no-such-place/history",
                                  "/consultations/999", "/consultations/999/results",
                                  "/consultations/99999999999999999/receipts",
                                  "/no-such-thing"])
def test_an_unknown_thing_is_a_404_in_json(client, path):
    response = client.get(API + path)
    assert response.status_code == 404 and response.is_json
    assert response.get_json()["status"] == 404 and response.get_json()["message"]


def test_a_draft_consultation_is_not_published(client):
    draft = make_proposal(status="draft")
    assert client.get(f"{API}/consultations/{draft.id}").status_code == 404


def test_consultations_can_be_filtered_by_status_and_link(api):
    def ids(query):
        return [item["id"] for item in api.get(f"{API}/consultations?{query}").get_json()["items"]]

    assert ids("status=open") == [1] and ids("status=closed") == [2]
    assert ids("link=kiel") == [2] and ids("link=no-such-link") == []
    assert ids("status=decided") == [] and ids("status=withdrawn") == []


def test_results_that_are_hidden_until_the_close_give_only_the_count(api):
    body = api.get(f"{API}/consultations/1/results").get_json()
    assert body["visible"] is False and body["vote_event"] is None
    assert body["response_count"] == 36


def test_results_are_a_popolo_vote_event_with_counts_by_option_and_group(api):
    body = api.get(f"{API}/consultations/2/results").get_json()
    event = body["vote_event"]
    assert body["visible"] and body["final"] and event["total"] == body["response_count"] == 36
    assert [count["option"] for count in event["counts"]] == body["motion"]["options"]
    assert sum(count["value"] for count in event["counts"]) == 36
    assert sum(group["total"] for group in event["group_results"]) == 36
    assert "twin_city_resident" in {group["group"]["id"] for group in event["group_results"]}
    leader = max(event["counts"], key=lambda count: count["value"])
    assert event["result"] == leader["option"]


def test_receipts_are_refused_with_409_until_the_consultation_closes(api):
    response = api.get(f"{API}/consultations/1/receipts")
    assert response.status_code == 409
    assert "published when the consultation closes" in response.get_json()["message"]


def test_after_the_close_every_counted_receipt_is_listed_sorted(api):
    body = api.get(f"{API}/consultations/2/receipts").get_json()
    assert body["count"] == len(body["receipts"]) == 36
    assert body["receipts"] == sorted(body["receipts"])


def test_reasons_are_listed_only_once_results_are_visible(api):
    hidden = api.get(f"{API}/consultations/1/reasons").get_json()
    assert hidden["visible"] is False and hidden["items"] == []
    shown = api.get(f"{API}/consultations/2/reasons?per_page=100").get_json()
    assert shown["visible"] and shown["total"] == len(shown["items"]) > 0
    assert set(shown["items"][0]) == {"display_name", "option", "reason", "responded_at"}


def test_the_audit_entries_chain_to_the_published_head(api):
    entries, page = [], f"{API}/audit/entries?per_page=100"
    while page:
        body = api.get(page).get_json()
        entries += body["items"]
        page = body["next"]
    head = api.get(f"{API}/audit/head").get_json()
    main = [entry for entry in entries if entry["lane"] == 0]
    assert head["seq"] == len(main) and head["hash"] == main[-1]["hash"]
    keys = [(e["lane"], e["seq"]) for e in entries]
    assert keys == sorted(keys)
    previous, lane = audit.GENESIS, 0
    for entry in entries:
        if entry["lane"] != lane:
            previous, lane = audit.GENESIS, entry["lane"]
        assert entry["prev_hash"] == previous
        if not entry["withheld"]:
            assert audit.entry_hash(entry) == entry["hash"]
        previous = entry["hash"]
    assert len({entry["lane"] for entry in entries}) > 1  # the demo's responses have lanes


def test_audit_subjects_name_accounts_by_pseudonym_never_by_id(api):
    body = api.get(f"{API}/audit/entries?per_page=100").get_json()
    accounts = [entry for entry in body["items"] if entry["action"].startswith("account.")]
    assert accounts and all(re.fullmatch(r"account:[0-9a-f]{20}", entry["subject"])
                            for entry in accounts)
    assert all(entry["withheld"] == [] for entry in accounts)


def test_an_entry_written_with_an_account_id_has_it_withheld(app):
    from consult.models import AuditEntry
    from consult.opendata.records import audit_record

    entry = AuditEntry(lane=0, seq=1, occurred_at=datetime.now(UTC), actor="resident",
                       action="account.created", subject="user:42", details={"role": "x"},
                       prev_hash=audit.GENESIS, hash="0" * 64)
    record = audit_record(entry)
    assert record["subject"] == "user:withheld" and record["withheld"] == ["subject"]


def test_a_repeated_get_with_the_etag_is_answered_304(api):
    first = api.get(f"{API}/consultations/2/results")
    assert first.headers["Cache-Control"] == "public, max-age=60"
    again = api.get(f"{API}/consultations/2/results",
                    headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and again.get_data() == b""
    assert again.headers["ETag"] == first.headers["ETag"]


def test_a_get_since_the_last_change_is_answered_304(api):
    first = api.get(f"{API}/links")
    since = api.get(f"{API}/links", headers={"If-Modified-Since": first.headers["Last-Modified"]})
    assert since.status_code == 304
    earlier = datetime.now(UTC) - timedelta(days=400)
    stale = api.get(f"{API}/links", headers={
        "If-Modified-Since": earlier.strftime("%a, %d %b %Y %H:%M:%S GMT")})
    assert stale.status_code == 200


def test_a_change_gives_a_new_etag_and_a_later_last_modified(api):
    first = api.get(f"{API}/consultations")
    make_proposal(status="open")
    second = api.get(f"{API}/consultations", headers={"If-None-Match": first.headers["ETag"]})
    assert second.status_code == 200 and second.headers["ETag"] != first.headers["ETag"]
    assert second.last_modified >= first.last_modified


def test_every_api_answer_may_be_read_by_any_origin_and_keeps_the_security_headers(api):
    for path in ("/links", "/consultations/999", "/openapi.json"):
        response = api.get(API + path)
        assert response.headers["Access-Control-Allow-Origin"] == "*"
        assert "default-src 'self'" in response.headers["Content-Security-Policy"]
        assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_a_cors_preflight_for_get_is_answered(api):
    response = api.options(f"{API}/links", headers={
        "Origin": "https://example.org", "Access-Control-Request-Method": "GET"})
    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "GET" in response.headers["Access-Control-Allow-Methods"]


def test_last_modified_counts_a_consultation_closing_by_the_clock(app):
    closed = make_proposal(status="closed")
    assert open_data.last_modified(datetime.now(UTC)) >= closed.closes_at


def test_an_account_id_in_audit_details_is_withheld(client):
    officer = make_user(role="officer")
    officer_id = officer.id

    @unit_of_work.use_case
    def record(*, now):
        audit_log.append(actor=db.session.get(User, officer_id), action="decision.recorded",
                         subject="decision:1", details={"recorded_by_id": officer_id,
                                                        "title": "Kept"}, now=now)

    record(now=NOW)
    entry = client.get(f"{API}/audit/entries?per_page=100").get_json()["items"][-1]
    assert entry["details"] == {"recorded_by_id": "withheld", "title": "Kept"}
    assert entry["withheld"] == ["details.recorded_by_id"]


def test_an_empty_register_still_answers_with_every_documented_header(client):
    response = client.get(f"{API}/links")
    assert response.get_json()["items"] == [] and response.headers["ETag"]
    assert response.headers["Last-Modified"] == "Thu, 01 Jan 1970 00:00:00 GMT"
