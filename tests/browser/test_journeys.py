"""Journeys a person makes through the service, in Chromium, with the keyboard where it matters."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, sign_in
from tests.factories import PASSWORD

pytestmark = pytest.mark.browser

ADA = "ada@example.org"
ADA_PASSWORD = "correct horse battery staple"
NEW_PASSWORD = "another long passphrase"


def link_in(smtp_server, address: str, start: str) -> str:
    """The one link in the latest mail to the address (read from the real SMTP server)."""
    body = smtp_server.last_body(address)
    links = re.findall(r"https?://\S+", body)
    assert len(links) == 1 and links[0].startswith(start + "/"), body
    return links[0]


def summary_value(page, key: str):
    return page.locator(".govuk-summary-list__row", has_text=key).locator("dd")


def press(page, button) -> None:
    """Press a button from the keyboard: focus it, then Enter."""
    button.focus()
    page.keyboard.press("Enter")


def register(page, *, email: str, password: str) -> None:
    page.goto("/")
    navigation = page.get_by_role("navigation", name="Main")
    navigation.get_by_role("link", name="Create an account").click()
    page.get_by_label("Display name").fill("Ada from Earlsdon")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_label("Confirm password").fill(password)
    page.get_by_label("Confirm password").press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
    expect(page.get_by_text(email)).to_be_visible()


def test_a_resident_registers_and_confirms_their_email_with_the_button_not_the_link(
        page, live_server, smtp_server):
    register(page, email=ADA, password=ADA_PASSWORD)
    confirm_link = link_in(smtp_server, ADA, live_server("/verify-email"))
    sign_in(page, ADA, ADA_PASSWORD)

    page.goto(confirm_link)
    expect(page.get_by_role("button", name="Confirm my email address")).to_be_visible()
    assert_accessible(page)
    page.goto("/account")
    expect(summary_value(page, "Email confirmed")).to_have_text("Not yet")
    assert_accessible(page)

    page.goto(confirm_link)
    press(page, page.get_by_role("button", name="Confirm my email address"))
    expect(page).to_have_url(live_server("/account"))
    expect(page.get_by_text("Your email address is confirmed.")).to_be_visible()
    expect(summary_value(page, "Email confirmed")).to_have_text(re.compile(r"^Yes, "))


def ask_for_reset_link(page, smtp_server, live_server, email: str) -> str:
    page.goto("/sign-in")
    page.get_by_role("link", name="Forgotten your password?").click()
    page.get_by_label("Email address").fill(email)
    page.get_by_role("button", name="Send reset link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
    return link_in(smtp_server, email, live_server("/reset-password"))


def choose_new_password(page, password: str) -> None:
    press(page, page.get_by_role("button", name="Change password"))
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("New password", exact=True).fill(password)
    page.get_by_label("Confirm new password").fill(password)
    press(page, page.get_by_role("button", name="Change password"))
    expect(page.get_by_text("Your password has been changed.")).to_be_visible()


def test_a_forgotten_password_is_reset_from_the_email_and_the_link_then_stops_working(
        page, live_server, smtp_server):
    email = live_server.add_account(email="forgetful@example.org").email
    reset_link = ask_for_reset_link(page, smtp_server, live_server, email)
    page.goto(reset_link)
    assert_accessible(page)
    choose_new_password(page, NEW_PASSWORD)
    expect(page).to_have_url(live_server("/sign-in"))

    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)  # the old one
    page.get_by_role("button", name="Sign in").click()
    refused = page.get_by_role("link", name="Enter a correct email address and password")
    expect(refused).to_be_visible()
    sign_in(page, email, NEW_PASSWORD)
    page.goto("/account")
    expect(summary_value(page, "Email address")).to_have_text(email)

    assert page.goto(reset_link).status == 400
    expect(page.get_by_role("heading", level=1)).to_have_text("There is a problem with this link")
    expect(page.get_by_text("This link has already been used")).to_be_visible()
    assert_accessible(page)


def test_an_officer_adds_a_year_only_event_and_the_public_timeline_shows_it(
        page, live_server, new_context):
    sign_in(page, live_server.accounts["officer"].email)
    page.get_by_role("link", name="Officer").click()
    page.get_by_role("link", name="Add to history of Kiel").click()
    page.get_by_role("group", name="Date of the event").get_by_label("Year").fill("1990")
    page.get_by_role("radio", name="Activity").check()
    page.get_by_label("What happened").fill("A youth orchestra from Kiel plays in the cathedral.")
    page.get_by_label("Sources").fill("https://example.org/kiel-orchestra-1990")
    page.get_by_role("button", name="Add to history").click()
    expect(page).to_have_url(live_server("/links/kiel"))
    expect(page.get_by_text("The entry has been added to the link's history.")).to_be_visible()

    public = new_context().new_page()  # signed out
    public.goto("/links/kiel")
    entry = public.locator(".app-timeline__item", has_text="A youth orchestra from Kiel")
    expect(entry.get_by_role("heading", level=3)).to_have_text("1990: Activity")
    expect(entry.get_by_role("link", name="https://example.org/kiel-orchestra-1990")).to_be_visible()
    expect(entry).to_contain_text("by Demo officer (officer)")


def test_the_skip_link_is_the_first_tab_stop_and_moves_focus_to_the_main_content(page):
    page.goto("/links")
    page.keyboard.press("Tab")
    skip_link = page.get_by_role("link", name="Skip to main content")
    expect(skip_link).to_be_focused()
    expect(skip_link).to_be_visible()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.get_by_label("Status")).to_be_focused()


def test_an_empty_form_focuses_the_error_summary_whose_links_lead_to_each_field(page):
    page.goto("/sign-in")
    press(page, page.get_by_role("button", name="Sign in"))
    expect(page.locator(".govuk-error-summary")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Enter your email address")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_label("Email address")).to_be_focused()
