"""CSV downloads and Atom feeds: the numbers of the API and the page, safe cells, valid Atom."""

import csv
import html
import io
import re
import xml.etree.ElementTree as ET
from datetime import UTC, datetime, timedelta

import pytest

from consult.opendata.csv_export import FORMULA_STARTS
from tests.factories import make_event, make_link, make_proposal

ATOM = "{http://www.w3.org/2005/Atom}"
PAYLOADS = ("=1+1", "+SUM(A1)", "-2+3", "@cmd", "\t=", "\r=")


def read_csv(response) -> list[dict]:
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert response.headers["Content-Disposition"].startswith("attachment; filename=")
    return list(csv.DictReader(io.StringIO(response.get_data().decode("utf-8"), newline="")))


def html_table(page: str, table_id: str) -> dict[str, int]:
    table = re.search(rf'<table class="govuk-table" id="{table_id}">(.*?)</table>', page, re.S)
    rows = re.findall(r'<th scope="row" class="govuk-table__header">([^<]+)</th>\s*'
                      r'<td class="govuk-table__cell govuk-table__cell--numeric" '
                      r'data-option="\d+">(\d+)</td>', table.group(1))
    return {html.unescape(label): int(count) for label, count in rows}


def test_the_api_the_results_page_and_the_csv_give_the_same_totals(client, demo):
    event = client.get("/api/v1/consultations/2/results").get_json()["vote_event"]
    page = client.get("/consultations/2/results").get_data(as_text=True)
    rows = read_csv(client.get("/consultations/2/results.csv"))
    api_overall = {count["option"]: count["value"] for count in event["counts"]}
    assert api_overall == html_table(page, "totals-overall")
    assert api_overall == {row["option"]: int(row["responses"]) for row in rows
                           if row["group"] == "all"}
    for group in event["group_results"]:
        api_group = {count["option"]: count["value"] for count in group["counts"]}
        csv_group = {row["option"]: int(row["responses"]) for row in rows
                     if row["group"] == group["group"]["id"]}
        assert api_group == csv_group
        if group["total"]:
            assert api_group == html_table(page, f"totals-{group['group']['id']}")


def test_hidden_results_download_as_the_count_alone(client, demo):
    rows = read_csv(client.get("/consultations/1/results.csv"))
    assert rows == [{"consultation_id": "1", "visible": "false", "group": "all",
                     "group_name": "All responses (results hidden until the close)",
                     "option": "", "responses": "36", "percent": ""}]
    assert read_csv(client.get("/consultations/1/reasons.csv")) == []


def test_every_download_has_a_header_row_and_one_row_per_thing(client, demo):
    links = read_csv(client.get("/links.csv"))
    assert len(links) == 26 and links[0]["slug"] and "partner_name" in links[0]
    history = read_csv(client.get("/links/volgograd/history.csv"))
    api_history = client.get("/api/v1/links/volgograd/history").get_json()
    assert [int(row["id"]) for row in history] == [e["id"] for e in api_history["events"]]
    consultations = read_csv(client.get("/consultations.csv"))
    assert [row["id"] for row in consultations] == ["1", "2"]
    assert consultations[0]["response_count"] == "36"
    reasons = read_csv(client.get("/consultations/2/reasons.csv"))
    api_reasons = client.get("/api/v1/consultations/2/reasons?per_page=100").get_json()
    assert [row["reason"] for row in reasons] == [r["reason"] for r in api_reasons["items"]]


@pytest.mark.parametrize("path", ["/links/no-such-place/history.csv",
                                  "/consultations/999/results.csv",
                                  "/consultations/999/reasons.csv",
                                  "/links/no-such-place/feed.atom"])
def test_a_download_of_something_unknown_is_a_404(client, path):
    assert client.get(path).status_code == 404


def test_a_draft_consultation_has_no_downloads(client):
    draft = make_proposal(status="draft")
    assert client.get(f"/consultations/{draft.id}/results.csv").status_code == 404


def test_no_cell_of_a_download_can_start_a_spreadsheet_formula(client):
    link = make_link(partner_name="Formula Town", began_note=PAYLOADS[0],
                     description=PAYLOADS[1])
    events = [make_event(link, summary=f"{payload} summary", sources=[payload])
              for payload in PAYLOADS]
    for path in ("/links.csv", f"/links/{link.slug}/history.csv"):
        text = client.get(path).get_data().decode("utf-8")
        cells = [cell for row in csv.reader(io.StringIO(text, newline="")) for cell in row]
        assert not [cell for cell in cells if cell.startswith(FORMULA_STARTS)], path
    rows = read_csv(client.get(f"/links/{link.slug}/history.csv"))
    # Summaries are stored stripped ("\t=" becomes "="); sources are kept exactly as given.
    assert {"'" + event.summary for event in events} <= {row["summary"] for row in rows}
    assert {"'" + payload for payload in PAYLOADS} <= {row["sources"] for row in rows}


def test_downloads_and_feeds_answer_a_conditional_get_with_304(client, demo):
    for path in ("/links.csv", "/consultations/feed.atom"):
        first = client.get(path)
        assert first.headers["Access-Control-Allow-Origin"] == "*"
        again = client.get(path, headers={"If-None-Match": first.headers["ETag"]})
        assert again.status_code == 304


def feed(client, path: str) -> ET.Element:
    response = client.get(path)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/atom+xml; charset=utf-8"
    return ET.fromstring(response.get_data())


def assert_valid_atom(root: ET.Element) -> None:
    """RFC 4287's must-haves: feed and entry ids, titles, updated times, an author, links."""
    assert root.tag == f"{ATOM}feed"
    for element in (root, *root.findall(f"{ATOM}entry")):
        assert len(element.findall(f"{ATOM}id")) == 1
        assert element.find(f"{ATOM}id").text.startswith("http")
        assert len(element.findall(f"{ATOM}title")) == 1
        updated = element.find(f"{ATOM}updated").text
        assert datetime.fromisoformat(updated.replace("Z", "+00:00")).tzinfo is not None
    assert root.find(f"{ATOM}author/{ATOM}name").text
    assert root.find(f"{ATOM}link[@rel='self']").get("href").endswith(".atom")
    for entry in root.findall(f"{ATOM}entry"):
        assert entry.find(f"{ATOM}link[@rel='alternate']").get("href").startswith("http")
    ids = [entry.find(f"{ATOM}id").text for entry in root.findall(f"{ATOM}entry")]
    assert len(ids) == len(set(ids))


def test_every_feed_is_valid_atom(client, demo):
    for path in ("/consultations/feed.atom", "/consultations/closing-soon.atom",
                 "/links/volgograd/feed.atom"):
        assert_valid_atom(feed(client, path))


def test_the_consultations_feed_lists_each_published_consultation(client, demo):
    titles = [entry.find(f"{ATOM}title").text
              for entry in feed(client, "/consultations/feed.atom").findall(f"{ATOM}entry")]
    assert titles == ["Resume the twin link with Volgograd",
                      "Add a youth exchange to the Kiel link"]


def test_the_closing_soon_feed_lists_only_consultations_closing_within_a_fortnight(client):
    now = datetime.now(UTC)
    soon = make_proposal(status="open", title="Closes in three days",
                         opens_at=now - timedelta(days=39), closes_at=now + timedelta(days=3))
    make_proposal(status="open", title="Closes in a month", closes_at=now + timedelta(days=30))
    entries = feed(client, "/consultations/closing-soon.atom").findall(f"{ATOM}entry")
    assert [entry.find(f"{ATOM}link").get("href") for entry in entries] == [
        f"http://localhost/consultations/{soon.id}"]
    assert "Closes in three days" in entries[0].find(f"{ATOM}title").text


def test_a_link_feed_escapes_what_an_officer_typed(client):
    link = make_link(partner_name="Escape Town")
    make_event(link, summary='<script>alert("x")</script> & \x07bell')
    root = feed(client, f"/links/{link.slug}/feed.atom")
    assert_valid_atom(root)
    summaries = [entry.find(f"{ATOM}summary").text for entry in root.findall(f"{ATOM}entry")]
    assert '<script>alert("x")</script> & bell' in summaries
