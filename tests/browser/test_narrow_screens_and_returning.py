"""Issue 12 in Chromium: registering from a consultation comes back to it; withdrawing asks
first; every wide page reflows at 320 px (WCAG 1.4.10), long words and addresses included."""

import re

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from consult import clock
from consult.extensions import db
from consult.models import Proposal
from consult.services import discussion
from tests.browser.conftest import assert_accessible, sign_in
from tests.browser.test_journeys import link_in
from tests.factories import PASSWORD, make_user

pytestmark = pytest.mark.browser

OPEN = "Resume the twin link with Volgograd"
CLOSED = "Add a youth exchange to the Kiel link"
LONG_WORD = "Twinning" + "x" * 192  # 200 characters, no break anywhere
LONG_EMAIL = "a" * 64 + "@" + "averyveryverylongsubdomainnameforalongemailaddress" + ".example.org"
NARROW = {"width": 320, "height": 900}


def _proposal_id(live_server, title: str) -> int:
    with live_server.app.app_context():
        found = db.session.scalar(sa.select(Proposal.id).filter_by(title=title))
        db.session.remove()
    return found


@pytest.fixture(scope="module")
def long_text(live_server):
    """A comment that is one 200-character word, and an account with a very long address."""
    with live_server.app.app_context():
        proposal = db.session.scalar(sa.select(Proposal).filter_by(title=OPEN))
        author = make_user(display_name="Long" + "w" * 46)
        discussion.post_comment(proposal_id=proposal.id, author=author, body=LONG_WORD,
                                now=clock.now())
        make_user(email=LONG_EMAIL, display_name="Someone with a long address")
        db.session.remove()


def test_a_visitor_registers_from_a_consultation_and_comes_back_to_it(
        page, live_server, smtp_server):
    page.set_default_timeout(10_000)
    email = "returning@example.org"
    page.goto("/consultations?status=open")
    page.get_by_role("link", name=OPEN).click()
    consultation = page.url
    page.get_by_role("link", name="create an account", exact=True).click()
    assert_accessible(page)
    page.get_by_label("Display name").fill("Returning resident")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Confirm password").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")

    page.goto(link_in(smtp_server, email, live_server("/verify-email")))
    page.get_by_role("button", name="Confirm my email address").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    expect(page.get_by_text("Your email address is confirmed.")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    expect(page).to_have_url(consultation)
    expect(page.get_by_role("button", name="Send my response")).to_be_visible()


def test_withdrawing_a_response_asks_first(page, live_server):
    page.set_default_timeout(10_000)
    resident = live_server.add_account(email="withdrawer@example.org")
    sign_in(page, resident.email)
    consultation = f"/consultations/{_proposal_id(live_server, OPEN)}"
    page.goto(consultation)
    page.get_by_role("radio", name="Resume the link").check()
    page.get_by_role("radio", name="Lives in the council area").check()
    page.get_by_role("button", name="Send my response").click()
    expect(page).to_have_url(live_server(f"{consultation}/receipt"))
    page.goto(consultation)

    page.get_by_role("button", name="Withdraw my response").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Are you sure you want to withdraw your response?")
    assert_accessible(page)
    page.get_by_role("link", name="No, keep my response").click()
    expect(page.get_by_text("Your current response")).to_be_visible()

    page.get_by_role("button", name="Withdraw my response").click()
    page.get_by_role("button", name="Withdraw my response").click()
    expect(page.get_by_text("Your response has been withdrawn.")).to_be_visible()


def _pages(live_server) -> dict[str, list[str]]:
    open_id, closed_id = (_proposal_id(live_server, OPEN), _proposal_id(live_server, CLOSED))
    return {
        "anonymous": ["/links", "/open-data", "/open-data/api", "/audit",
                      f"/consultations/{closed_id}/results", f"/consultations/{open_id}",
                      f"/consultations/{open_id}/results"],
        "admin": ["/admin/users", "/admin/users?q=aaaa"],
        "officer": ["/officer/consultations", "/officer/", f"/officer/consultations/{open_id}",
                    "/officer/moderation/history"],
        "auditor": ["/audit/staff-actions"],
    }


def _overflow(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


@pytest.mark.parametrize("role", ["anonymous", "admin", "officer", "auditor"])
def test_wide_pages_reflow_at_320_pixels(browser, live_server, long_text, role):
    context = browser.new_context(base_url=live_server.url, viewport=NARROW)
    page = context.new_page()
    page.set_default_timeout(10_000)
    if role != "anonymous":
        sign_in(page, live_server.accounts[role].email)
    for path in _pages(live_server)[role]:
        page.goto(path)
        expect(page.locator("main")).to_be_visible()
        assert _overflow(page) <= 320, f"{path} is {_overflow(page)} px wide at 320 px"
        assert_accessible(page)
    context.close()


def test_the_long_word_and_address_are_on_the_narrow_pages(browser, live_server, long_text):
    context = browser.new_context(base_url=live_server.url, viewport=NARROW)
    page = context.new_page()
    page.goto(f"/consultations/{_proposal_id(live_server, OPEN)}")
    expect(page.get_by_text(LONG_WORD)).to_be_visible()
    sign_in(page, live_server.accounts["admin"].email)
    page.goto("/admin/users?q=" + LONG_EMAIL[:60])
    expect(page.get_by_text(LONG_EMAIL)).to_be_visible()
    assert _overflow(page) <= 320
    scroller = page.locator(".app-table-scroll").first
    expect(scroller).to_have_attribute("tabindex", "0")
    expect(scroller).to_have_attribute("role", "region")
    assert re.search(r"auto", scroller.evaluate("e => getComputedStyle(e).overflowX"))
    context.close()
