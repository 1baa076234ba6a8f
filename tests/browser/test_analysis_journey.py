"""Analysing reasons in Chromium (issue 17): an officer adds a theme, ticks two reasons, applies
the theme and marks them read; every page on the way is checked by axe."""

import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from consult import clock
from consult.domain import voting
from consult.extensions import db
from consult.services import responses
from tests.browser.conftest import assert_accessible, sign_in
from tests.factories import make_proposal, make_user

pytestmark = pytest.mark.browser

REASONS = (("The link keeps our schools in touch.", "en"),
           ("Связь между городами важна.", "ru"),
           ("Mae’r cysylltiad yn bwysig i’r ddinas.", "cy"))


@pytest.fixture
def consultation(live_server):
    """An open consultation with three reasons in three languages; (id, receipt codes)."""
    with live_server.app.app_context():
        proposal = make_proposal(status="open", options=["Support", "Oppose"],
                                 title="Review the Kiel link")
        now = clock.now() - timedelta(minutes=30)
        codes = []
        for number, (text, language) in enumerate(REASONS):
            made = responses.respond(
                proposal_id=proposal.id, respondent_id=make_user().id, language=language,
                choice=voting.Choice(proposal.options[number % 2].id, voting.LOCAL,
                                     reason=text), now=now + timedelta(seconds=number))
            codes.append(made.receipt_code)
        found = proposal.id
        db.session.remove()
    return found, codes


def test_an_officer_adds_a_theme_applies_it_to_two_reasons_and_marks_them_read(
        page, live_server, consultation):
    proposal_id, codes = consultation
    sign_in(page, live_server.accounts["officer"].email)
    page.goto(f"/officer/consultations/{proposal_id}")
    page.get_by_role("link", name="Analyse the reasons").click()
    expect(page.locator("#progress")).to_have_text("0 of 3 reasons read, 0 coded")
    expect(page.locator('p[lang="ru"]')).to_have_text(REASONS[1][0])
    assert_accessible(page)

    page.get_by_role("link", name="Themes (the codebook)").click()
    page.get_by_role("button", name="Add the theme").click()
    expect(page.get_by_role("link", name="Enter the name of the theme")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Name of the theme").fill("Safety")
    page.get_by_label("Description (optional)").fill("Roads, crime and feeling safe.")
    page.get_by_role("button", name="Add the theme").click()
    expect(page.get_by_text("Theme ‘Safety’ added")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Analyse the reasons").click()
    page.get_by_label(codes[0]).check()
    page.get_by_label(codes[2]).check()
    page.get_by_label("Theme to apply or remove").select_option(label="Safety")
    page.get_by_role("button", name="Apply theme").click()
    expect(page.get_by_text("Theme ‘Safety’ applied to 2 reasons")).to_be_visible()
    expect(page.locator("#progress")).to_have_text("0 of 3 reasons read, 2 coded")
    assert_accessible(page)

    page.get_by_label(codes[0]).check()
    page.get_by_label(codes[2]).check()
    page.get_by_role("button", name="Mark read").click()
    expect(page.get_by_text("2 reasons marked read")).to_be_visible()
    expect(page.locator("#progress")).to_have_text("2 of 3 reasons read, 2 coded")
    assert_accessible(page)

    page.get_by_label("Theme", exact=True).select_option(label="Safety")
    page.get_by_role("button", name="Show the reasons").click()
    expect(page).to_have_url(re.compile(r"theme=\d+"))
    expect(page.locator("#reasons-caption")).to_have_text("2 reasons")
    assert_accessible(page)

    page.get_by_role("button", name="Mark unread").click()  # nothing ticked
    expect(page.get_by_role("link", name="Select at least one reason")).to_be_visible()
    assert_accessible(page)
