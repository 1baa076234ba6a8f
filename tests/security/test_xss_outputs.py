"""Payloads in the machine-readable outputs: JSON API, CSV, Atom, the JSON Lines audit log, mail."""

import io
import json
import xml.etree.ElementTree as ET

from tests.conftest import submit
from tests.factories import PASSWORD
from tests.security.xss_corpus import (
    SCRIPT,
    assert_csv_neutralised,
    assert_inert_html,
    assert_json_holds,
    json_strings,
    payload,
)
from tests.smtp import html_of, text_of

ATOM = "{http://www.w3.org/2005/Atom}"


def _get(client, path: str):
    response = client.get(path)
    assert response.status_code == 200, f"{path}: {response.status_code}"
    assert response.headers["X-Content-Type-Options"] == "nosniff", path
    return response


def test_the_api_gives_payloads_back_as_plain_json_strings(app, xss_world):
    client = app.test_client()
    closed, opened = xss_world.closed_proposal.id, xss_world.open_proposal.id
    expected = {
        "/api/v1/links": ("XSS-partner", "XSS-country"),
        f"/api/v1/links/{xss_world.link.slug}": ("XSS-description", "XSS-began-note"),
        f"/api/v1/links/{xss_world.link.slug}/history": ("XSS-event",),
        "/api/v1/consultations": ("XSS-open-title", "XSS-closed-title"),
        f"/api/v1/consultations/{opened}": ("XSS-open-summary", "XSS-open-alt",
                                            "XSS-open-invitation", "XSS-open-no-twin-reason"),
        f"/api/v1/consultations/{closed}/results": ("XSS-closed-option",),
        f"/api/v1/consultations/{closed}/reasons": ("XSS-closed-reason-0", "XSS-closed-name-0"),
        "/api/v1/decisions": ("XSS-decision-title",),
        f"/api/v1/decisions/{xss_world.decision_id}": ("XSS-decision-reasons",),
        f"/api/v1/decisions/{xss_world.unconsulted_id}": ("XSS-no-retrospective-reason",
                                                          "XSS-no-consultation-reason"),
        "/api/v1/audit/entries": (),
        "/api/v1/requests": ("XSS-request-title", "XSS-refusal"),
        f"/api/v1/requests/{xss_world.request_id}": ("XSS-request-reason",),
    }
    for path, shown in expected.items():
        response = _get(client, path)
        strings = assert_json_holds(response.data, response.content_type, path, shown)
        # The payload comes back exactly as typed: neither escaped twice nor cut.
        if shown:
            assert any(SCRIPT in s for s in strings), path


def test_csv_downloads_neutralise_formulas_and_keep_the_text(app, xss_world):
    client = app.test_client()
    closed = xss_world.closed_proposal.id
    expected = {
        "/links.csv": ("XSS-partner", "XSS-country"),
        f"/links/{xss_world.link.slug}/history.csv": ("XSS-event",),
        "/consultations.csv": ("XSS-closed-title",),
        f"/consultations/{closed}/results.csv": ("XSS-closed-option",),
        f"/consultations/{closed}/reasons.csv": ("XSS-closed-reason-0", "XSS-closed-reason-1",
                                                 "XSS-codebook-name"),
        "/decisions.csv": ("XSS-decision-title",),
        "/requests.csv": ("XSS-request-title", "XSS-refusal"),
    }
    for path, shown in expected.items():
        response = _get(client, path)
        assert response.mimetype == "text/csv", path
        text = response.get_data(as_text=True)
        assert_csv_neutralised(text, path, shown)
        if path != f"/consultations/{closed}/results.csv":  # the only one without a formula
            assert "'=HYPERLINK" in text or "'+1" in text or "'-2" in text or "'@SUM" in text, \
                path


def test_the_officers_analysis_downloads_neutralise_formulas_and_keep_the_text(app, xss_world):
    from openpyxl import load_workbook

    path = f"/officer/consultations/{xss_world.closed_proposal.id}/analysis"
    text = _get(xss_world.officer, f"{path}.csv").get_data(as_text=True)
    assert_csv_neutralised(text, f"{path}.csv", ("XSS-closed-reason-0", "XSS-codebook-name"))
    assert "'=HYPERLINK" in text and "'+1" in text
    book = load_workbook(io.BytesIO(_get(xss_world.officer, f"{path}.xlsx").data),
                         read_only=True)
    cells = [str(value) for sheet in book for row in sheet.iter_rows(values_only=True)
             for value in row if value is not None]
    assert any("XSS-codebook-description" in cell for cell in cells)
    assert not [cell for cell in cells if cell.startswith(("=", "+", "-", "@"))]


def _atom_html(element) -> list[str]:
    """Text of the feed's elements that a reader would show as HTML."""
    return [node.text or "" for node in element.iter() if node.get("type") in ("html", "xhtml")]


def test_atom_feeds_are_well_formed_and_carry_payloads_as_text(app, xss_world):
    client = app.test_client()
    expected = {"/consultations/feed.atom": "XSS-open-title",
                "/consultations/closing-soon.atom": None,
                f"/links/{xss_world.link.slug}/feed.atom": "XSS-event",
                "/decisions/feed.atom": "XSS-decision-title",
                "/requests/feed.atom": "XSS-refusal"}
    for path, tag in expected.items():
        response = _get(client, path)
        assert response.mimetype == "application/atom+xml", path
        root = ET.fromstring(response.data)
        assert root.tag == f"{ATOM}feed", path
        assert not list(root.iter("script")), path
        for link in root.iter(f"{ATOM}link"):
            assert not link.get("href", "").lower().startswith("javascript:"), path
        for html in _atom_html(root):
            assert_inert_html(html, path)
        if tag:
            assert any(tag in (node.text or "") for node in root.iter()), f"{path}: {tag}"


def test_the_audit_log_download_is_json_lines_holding_payloads_as_strings(app, xss_world):
    response = _get(app.test_client(), "/audit/log.jsonl")
    assert response.mimetype == "application/x-ndjson"
    strings = [s for line in response.get_data(as_text=True).splitlines() if line
               for s in json_strings(json.loads(line))]
    assert any("XSS-officer-name" in s and SCRIPT in s for s in strings)
    assert any("XSS-decision-title" in s for s in strings)


def test_a_display_name_in_mail_is_plain_text(app, mailbox):
    name = payload("XSS-mail-name", 80)
    response = submit(app.test_client(), "/register", {
        "display_name": name, "email": "ada@example.org", "password": PASSWORD,
        "confirm": PASSWORD})
    assert response.status_code == 302
    [message] = mailbox.messages
    html = html_of(message)
    assert "<script>" not in html and "XSS-mail-name {{7*7}} &lt;script&gt;" in html
    assert "\n" not in message["Subject"] and "XSS" not in message["Subject"]
    assert message["To"] == "ada@example.org"
    assert "Hello XSS-mail-name {{7*7}} <script>" in text_of(message)
