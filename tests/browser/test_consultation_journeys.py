"""Consultation journeys in Chromium: an officer publishes, a resident responds, anyone reads."""

import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from consult import clock
from consult.templating import LONDON
from tests.browser.conftest import assert_accessible, sign_in

pytestmark = pytest.mark.browser

RECEIPT = re.compile(r"^[A-Z2-7]{4}(-[A-Z2-7]{1,4}){6,}$")


def fill_london_time(page, prefix: str, moment) -> None:
    local = moment.astimezone(LONDON)
    for part, value in (("day", local.day), ("month", local.month), ("year", local.year),
                        ("time", f"{local:%H:%M}")):
        page.locator(f"input[name='{prefix}-{part}']").fill(str(value))


def test_an_officer_drafts_adds_a_document_and_publishes_a_consultation(page, live_server):
    page.set_default_timeout(10_000)
    sign_in(page, live_server.accounts["officer"].email)
    page.goto("/officer/consultations/new")
    page.get_by_label("Twin link").select_option(label="Coventry and Dresden")
    page.get_by_role("radio", name="Change the terms of the link").check()
    page.get_by_label("Title").fill("Add a music exchange to the Dresden link")
    page.get_by_label("Summary").fill("A yearly exchange between the cities' youth orchestras.")
    page.get_by_label("Reasons").fill("## Why\n\nMusic was part of the link from the start.")
    now = clock.now()
    fill_london_time(page, "opens_at", now + timedelta(days=1))
    fill_london_time(page, "closes_at", now + timedelta(days=50))
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Dresden")
    assert_accessible(page)

    page.get_by_role("link", name=re.compile("documents", re.I)).first.click()
    page.get_by_label("Document title").fill("Dresden's page about Coventry")
    page.get_by_label("Web address").fill(
        "https://www.dresden.de/en/city/cosmopolitan/02/Coventry.php")
    page.get_by_role("button", name="Add document").click()
    expect(page.get_by_text("Dresden's page about Coventry").first).to_be_visible()

    page.goto(page.url.rsplit("/documents", 1)[0])
    page.get_by_role("link", name="Who was invited").first.click()
    page.get_by_label("Name of the group").fill("Landeshauptstadt Dresden")
    page.get_by_role("radio", name="Twin city’s council").check()
    today = now.astimezone(LONDON)
    for part, value in (("day", today.day), ("month", today.month), ("year", today.year)):
        page.locator(f"input[name='invited_on-{part}']").fill(str(value))
    page.get_by_role("radio", name="Letter").check()
    page.get_by_role("button", name="Save the invitation").click()
    expect(page.get_by_role("cell", name="Landeshauptstadt Dresden", exact=True)).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name=re.compile("^Edit")).click()
    expect(page.get_by_label("Name of the group")).to_have_value("Landeshauptstadt Dresden")
    assert_accessible(page)
    page.get_by_role("link", name="Back to who was invited").click()

    page.get_by_role("link", name="Back to the consultation").click()
    expect(page.locator("textarea[name=no_twin_council_reason]")).to_have_count(0)
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_text(re.compile("Upcoming|scheduled", re.I)).first).to_be_visible()
    assert_accessible(page)

    page.goto("/consultations?status=upcoming")
    listed = page.get_by_role("link", name="Add a music exchange to the Dresden link")
    expect(listed).to_be_visible()
    assert_accessible(page)


def test_a_resident_responds_gets_a_receipt_and_changes_their_mind(page, live_server):
    page.set_default_timeout(10_000)
    resident = live_server.add_account(email="voter@example.org")
    sign_in(page, resident.email)
    page.goto("/consultations?status=open")
    page.get_by_role("link", name="Resume the twin link with Volgograd").click()
    assert_accessible(page)

    page.get_by_role("radio", name="Resume the link").check()
    page.get_by_role("radio", name="Lives in the council area").check()
    page.get_by_label("Your reasons (optional)").fill("The letters of 1941 should not be the end.")
    page.get_by_role("button", name="Send my response").click()
    code = page.locator(".govuk-panel__body, [data-receipt]").first.inner_text()
    receipt = re.search(r"[A-Z2-7]{4}(?:-[A-Z2-7]{1,4})+", code).group(0)
    assert RECEIPT.match(receipt)
    assert_accessible(page)

    page.goto(page.url.rsplit("/receipt", 1)[0])
    page.get_by_role("radio", name="End the link").check()
    page.get_by_role("button", name="Change my response").click()
    changed = page.locator(".govuk-panel__body, [data-receipt]").first.inner_text()
    assert receipt not in changed
    expect(page.get_by_text("End the link").first).to_be_visible()


def test_anyone_reads_the_closed_consultations_results_as_tables_and_charts(page, live_server):
    page.goto("/consultations?status=closed")
    page.get_by_role("link", name="Add a youth exchange to the Kiel link").click()
    page.get_by_role("link", name=re.compile("results", re.I)).first.click()
    expect(page.locator("svg[role='img']").first).to_be_visible()
    expect(page.get_by_role("table").first).to_be_visible()
    assert_accessible(page)


def test_a_change_with_nothing_changed_keeps_the_receipt_and_a_real_one_shows_both_codes(
        page, live_server):
    page.set_default_timeout(10_000)
    resident = live_server.add_account(email="same-again@example.org")
    sign_in(page, resident.email)
    page.goto("/consultations?status=open")
    page.get_by_role("link", name="Resume the twin link with Volgograd").click()
    consultation = page.url

    def respond(option: str, button: str) -> None:
        page.goto(consultation)
        page.get_by_role("radio", name=option).check()
        page.get_by_role("radio", name="Lives in the council area").check()
        page.get_by_label("Your reasons (optional)").fill("Friendship outlasts governments.")
        page.get_by_role("button", name=button).click()

    respond("Resume the link", "Send my response")
    first = page.locator("#receipt-code").inner_text()

    respond("Resume the link", "Change my response")
    expect(page.get_by_text("You did not change anything, so your response and its receipt "
                            "code stay as they were.")).to_be_visible()
    expect(page.locator("#receipt-code")).to_have_text(first)
    expect(page.locator("#replaced-receipt")).to_have_count(0)
    assert_accessible(page)

    respond("End the link", "Change my response")
    second = page.locator("#receipt-code").inner_text()
    assert second != first and RECEIPT.match(second)
    notice = page.locator("#replaced-receipt")
    expect(notice).to_contain_text("replaced your old receipt code")
    expect(notice.locator("#old-receipt-code")).to_have_text(first)
    expect(notice).to_contain_text(second)
    assert_accessible(page)
