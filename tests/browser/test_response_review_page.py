"""Reviewing held responses in Chromium: the lists, the error summary, and a bulk action, each
page checked by axe."""

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


@pytest.fixture
def held_consultation(live_server):
    """An open consultation with 22 responses from one address: the last two are held."""
    with live_server.app.app_context():
        proposal = make_proposal(status="open", options=["Support", "Oppose"])
        now = clock.now() - timedelta(minutes=30)
        for number in range(22):
            choice = voting.Choice(proposal.options[number % 2].id, voting.LOCAL)
            responses.respond(proposal_id=proposal.id,
                              respondent_id=make_user(email=f"crowd{number}@gmail.com").id,
                              choice=choice,
                              now=now + timedelta(seconds=number), client="203.0.113.50")
        found = proposal.id
        db.session.remove()
    return found


def test_an_officer_invalidates_a_held_response_with_a_reason(page, live_server,
                                                              held_consultation):
    sign_in(page, live_server.accounts["officer"].email)
    page.goto(f"/officer/consultations/{held_consultation}")
    page.get_by_role("link", name="Review held responses (2 waiting)").click()
    expect(page.get_by_role("heading", name="Held (2)")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Invalidate selected").click()
    expect(page.get_by_role("link", name="Select at least one response")).to_be_visible()
    expect(page.get_by_role("link", name="Enter the reason for your decision")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("checkbox").first.check()
    page.get_by_label("Reason for your decision").fill("Twenty-two accounts made in a minute.")
    page.get_by_role("button", name="Invalidate selected").click()
    expect(page.get_by_text(re.compile("1 response invalidated"))).to_be_visible()
    expect(page.get_by_role("heading", name="Invalidated (1)")).to_be_visible()
    assert_accessible(page)
