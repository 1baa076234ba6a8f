"""An officer turns on two-factor sign-in and signs in with a code, in Chromium, with axe."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, sign_in
from tests.factories import PASSWORD
from tests.security.account_helpers import code_for, install_movable_clock

pytestmark = pytest.mark.browser


def test_an_officer_sets_up_two_factor_sign_in_and_signs_in_with_a_code(page, live_server,
                                                                      monkeypatch):
    # The live server runs in this process, so the tests move the same clock the app reads.
    clock = install_movable_clock(monkeypatch)
    officer = live_server.add_account(email="two-factor@example.org", role="officer")
    sign_in(page, officer.email)
    page.goto("/account")
    page.get_by_role("link", name=re.compile("Two-factor sign-in")).click()
    assert_accessible(page)
    page.get_by_role("button", name="Set up two-factor sign-in").click()
    secret = page.locator("#secret").inner_text().strip()
    assert_accessible(page)
    page.get_by_label("Code from your authenticator app").fill(code_for(secret, clock.now()))
    page.get_by_role("button", name="Turn on two-factor sign-in").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Two-factor sign-in is on")

    page.get_by_role("navigation", name="Main").get_by_role("button", name="Sign out").click()
    clock.move(seconds=30)
    page.goto("/sign-in?next=/officer/")
    page.get_by_label("Email address").fill(officer.email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Enter the code from your authenticator app")
    assert_accessible(page)
    page.get_by_label("Code from your authenticator app").fill("000000")
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Code from your authenticator app").fill(code_for(secret, clock.now()))
    page.get_by_role("button", name="Continue").click()
    expect(page).to_have_url(live_server("/officer/"))

    clock.move(minutes=31)
    page.goto("/officer/links/volgograd/decisions/new")
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirm it’s you")
    expect(page.get_by_label("Code from your authenticator app")).to_be_visible()
    assert_accessible(page)
