"""Right of access: a resident downloads everything held about them, and only that."""

import json

import sqlalchemy as sa

from consult.infrastructure import identity
from consult.models import Comment, CommentReport, Response, ResponseVersion, User
from consult.services.personal_data import SECRET_COLUMNS
from tests.security.personal_data_fixtures import (
    COMMENT,
    EMAIL,
    FIRST_REASON,
    NAME,
    NEIGHBOUR_COMMENT,
    ORGANISATION,
    SECOND_REASON,
)


def columns(model) -> set[str]:
    return {prop.key for prop in sa.inspect(model).column_attrs}


def download(resident) -> tuple:
    response = resident.client.get("/account/your-data.json")
    return response, json.loads(response.get_data(as_text=True))


def test_the_download_is_an_uncached_json_attachment(resident):
    response, _ = download(resident)
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert response.headers["Content-Disposition"] == 'attachment; filename="your-data.json"'
    assert response.headers["Cache-Control"] == "no-store"


def test_every_column_of_the_account_is_in_the_download_except_secrets(resident):
    _, held = download(resident)
    assert set(held["account"]) == columns(User) - SECRET_COLUMNS
    assert "password_hash" not in json.dumps(held)
    assert held["account"]["email"].lower() == EMAIL.lower()
    assert held["account"]["display_name"] == NAME


def test_every_response_column_and_every_version_is_in_the_download(resident):
    _, held = download(resident)
    [response] = held["responses"]
    assert columns(Response) <= set(response)
    assert {"consultation", "option", "check_code"} <= set(response)
    assert response["reason"] == SECOND_REASON and response["organisation"] == ORGANISATION
    assert response["postcode_district"] == "CV1"
    assert [version["reason"] for version in response["versions"]] == [FIRST_REASON,
                                                                         SECOND_REASON]
    for version in response["versions"]:
        assert set(version) == columns(ResponseVersion)


def test_comments_and_reports_are_in_the_download_with_every_column(resident):
    _, held = download(resident)
    [comment] = held["comments"]
    assert set(comment) == columns(Comment) and comment["body"] == COMMENT
    [report] = held["reports_made"]
    assert set(report) == columns(CommentReport) and report["reason"] == "off_topic"


def test_audit_entries_about_the_resident_are_in_the_download(resident):
    _, held = download(resident)
    actions = [(entry["action"], entry["subject"]) for entry in held["audit_entries"]]
    user_id, proposal_id = resident.user.id, resident.proposal.id
    assert ("account.created", identity.account_subject(user_id)) in actions
    assert ("response.submitted", f"proposal:{proposal_id}") in actions
    assert ("response.changed", f"proposal:{proposal_id}") in actions
    assert [action for action, _ in actions].count("comment.posted") == 1
    # The neighbour's vote is on the same proposal, but its commitment is not this person's.
    assert [action for action, _ in actions].count("response.submitted") == 1


def test_nothing_about_anyone_else_is_in_the_download(resident):
    response, _ = download(resident)
    text = response.get_data(as_text=True)
    assert resident.neighbour.user.email not in text
    assert "Neighbour Nell" not in text and NEIGHBOUR_COMMENT not in text
    assert "The neighbour's own reason." not in text


def test_the_your_data_page_summarises_and_links_to_the_download(resident):
    page = resident.client.get("/account/your-data")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert 'href="/account/your-data.json"' in html and 'href="/account/delete"' in html
    assert "<dd class=\"govuk-summary-list__value\">1</dd>" in html


def test_signed_out_visitors_are_sent_to_sign_in(client):
    for path in ("/account/your-data", "/account/your-data.json", "/account/delete"):
        response = client.get(path)
        assert response.status_code == 302 and "/sign-in?next=" in response.headers["Location"]
