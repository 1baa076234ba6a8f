"""A request for a consultation, in Chromium: a resident asks, a moderator publishes it,
residents sign it past the threshold, and the officer answers by opening a consultation, which
the request then links to as its answer."""

import re

import pytest
from playwright.sync_api import expect

from consult.extensions import db
from consult.queries import link_queries
from tests.browser.conftest import assert_accessible, sign_in
from tests.factories import make_proposal

pytestmark = pytest.mark.browser
THRESHOLD = 3


@pytest.fixture
def draft_consultation(live_server):
    """A draft consultation about the Graz link, not yet published."""
    with live_server.app.app_context():
        proposal = make_proposal(link=link_queries.get_by_slug("graz"), status="draft",
                                 title="Should the council review the Graz link?",
                                 invited=("twin_council", "twinning_association"))
        found = {"id": proposal.id, "title": proposal.title}
        db.session.remove()
    return found


def sign_out(page) -> None:
    page.get_by_role("navigation", name="Main").get_by_role("button", name="Sign out").click()


def ask(page) -> str:
    page.goto("/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Requests").click()
    page.get_by_role("button", name="Ask for a consultation").click()
    assert_accessible(page)
    page.get_by_role("button", name="Send for moderation").click()  # empty: errors shown
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    page.get_by_label("Twin link").select_option(label="Coventry – Graz")
    page.get_by_role("radio", name="Review the link").check()
    page.get_by_label("Title").fill("Review the twin link with Graz")
    page.get_by_label("Why should the council consult?").fill(
        "Nothing has happened in this link for years.")
    page.get_by_role("button", name="Send for moderation").click()
    expect(page.get_by_text("Waiting for moderation").first).to_be_visible()
    return page.url


def publish(page, url: str) -> None:
    page.goto("/officer/requests")
    page.get_by_role("link", name="Review the twin link with Graz").click()
    assert_accessible(page)
    page.get_by_role("button", name="Publish for signatures").click()
    expect(page.get_by_text("The request is published and open for signatures.")).to_be_visible()


def sign(page, url: str) -> None:
    page.goto(url)
    page.get_by_role("radio", name="Lives in the council area").check()
    page.get_by_role("button", name="Sign", exact=True).click()
    expect(page.get_by_text("You have signed this request.").first).to_be_visible()


def answer(page, url: str, consultation: dict) -> None:
    page.goto(url.replace("/requests/", "/officer/requests/"))
    page.get_by_role("radio", name=re.compile(re.escape(consultation["title"]))).check()
    page.get_by_role("button", name="Answer with this consultation").click()
    expect(page.get_by_text("The consultation is linked to the request.")).to_be_visible()
    page.goto(f"/officer/consultations/{consultation['id']}")
    page.get_by_role("button", name="Publish the consultation").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Published. The consultation runs from")


def test_a_request_reaches_its_threshold_and_is_answered_by_a_consultation(
        page, live_server, draft_consultation):
    page.set_default_timeout(10_000)
    live_server.app.config["CONSULT_REQUEST_THRESHOLD"] = THRESHOLD
    sign_in(page, live_server.accounts["resident"].email)
    url = ask(page)
    sign_out(page)
    sign_in(page, live_server.accounts["officer"].email)
    publish(page, url)
    sign_out(page)

    for number in range(THRESHOLD):
        signer = live_server.add_account(email=f"signer{number}@example.org")
        sign_in(page, signer.email)
        sign(page, url)
        sign_out(page)
    page.goto(url)
    expect(page.locator("#local-count")).to_contain_text(f"{THRESHOLD} from the council area")
    expect(page.locator("#answer-due")).to_contain_text("Council's answer due by")
    expect(page.locator("#request-state")).to_contain_text("Waiting for the council's answer")
    assert_accessible(page)

    sign_in(page, live_server.accounts["officer"].email)
    answer(page, url, draft_consultation)
    page.goto(url)
    expect(page.locator("#request-state")).to_contain_text("Answered")
    page.get_by_role("link", name=draft_consultation["title"]).click()
    expect(page).to_have_url(re.compile(rf"/consultations/{draft_consultation['id']}$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(draft_consultation["title"])
