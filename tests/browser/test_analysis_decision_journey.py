"""Issue 17's journey in Chromium: an officer analyses the closed demo consultation (Kiel's
youth exchange), accepts two suggested themes, codes a few reasons by hand, marks every reason
read, publishes the response built from the themes and records the decision; the public
decision page then says how many reasons were read before it. Every page is checked by axe."""

import re

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from consult import clock
from consult.demo import consultations as demo_data
from consult.extensions import db
from consult.models import Proposal, Response
from consult.queries import reason_scope
from tests.browser.conftest import assert_accessible, sign_in
from tests.browser.test_decision_journey import fill_date

pytestmark = pytest.mark.browser


@pytest.fixture
def kiel(live_server):
    """The closed demo consultation's id and how many reasons it has to read."""
    with live_server.app.app_context():
        proposal_id = db.session.scalar(sa.select(Proposal.id).where(
            Proposal.title == demo_data.CLOSED["title"]))
        reasons = db.session.scalar(sa.select(sa.func.count()).select_from(Response).where(
            reason_scope.analysed(proposal_id)))
        db.session.remove()
    return proposal_id, reasons


def accept_a_suggestion(page, proposal_id: int, name: str) -> None:
    page.goto(f"/officer/consultations/{proposal_id}/analysis")
    page.locator("#suggestions").get_by_role("link", name=re.compile("^Review")).first.click()
    expect(page.get_by_role("heading", name="Most telling words")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Name of the new theme").fill(name)
    page.get_by_role("button", name="Accept as a new theme").click()
    expect(page.get_by_text(re.compile(f"Theme ‘{name}’ applied to \\d+ reasons?"))).to_be_visible()


def code_by_hand(page, proposal_id: int) -> None:
    page.goto(f"/officer/consultations/{proposal_id}/themes")
    page.get_by_label("Name of the theme").fill("Cost to the council")
    page.get_by_role("button", name="Add the theme").click()
    expect(page.get_by_text("Theme ‘Cost to the council’ added")).to_be_visible()
    page.goto(f"/officer/consultations/{proposal_id}/analysis")
    page.get_by_label("Search the reasons").fill("budget")
    page.get_by_role("button", name="Show the reasons").click()
    expect(page.locator("#reasons-caption")).to_have_text("2 reasons")
    page.get_by_role("radio", name=re.compile("reasons? matching the filters")).check()
    page.get_by_label("Theme to apply or remove").select_option(label="Cost to the council")
    page.get_by_role("button", name="Apply theme").click()
    expect(page.get_by_text("Theme ‘Cost to the council’ applied to 2 reasons")).to_be_visible()
    assert_accessible(page)


def mark_everything_read(page, proposal_id: int, reasons: int) -> None:
    page.goto(f"/officer/consultations/{proposal_id}/analysis")
    page.get_by_role("radio", name=re.compile("reasons matching the filters")).check()
    page.get_by_role("button", name="Mark read").click()
    expect(page.locator("#progress")).to_contain_text(f"{reasons} of {reasons} reasons read")
    assert_accessible(page)


def publish_the_response(page, proposal_id: int) -> None:
    page.goto(f"/officer/consultations/{proposal_id}")
    page.get_by_role("link", name=re.compile("Publish feedback")).click()
    assert_accessible(page)
    page.get_by_label("What we heard").fill("Most people who responded support the exchange.")
    answers = page.locator("[name^='answer_']")
    for number in range(answers.count()):
        answers.nth(number).fill("The exchange will be planned with this in mind.")
    page.get_by_role("button", name="Publish feedback").click()
    expect(page.get_by_role("heading", name="Feedback: you said, we did", exact=True)
           ).to_be_visible()
    expect(page.get_by_role("heading", name="Cost to the council")).to_be_visible()
    assert_accessible(page)


def record_the_decision(page, proposal_id: int) -> None:
    page.goto(f"/officer/consultations/{proposal_id}")
    page.get_by_role("link", name="Record the decision").click()
    assert_accessible(page)
    fill_date(page, "decided_on", clock.now())
    page.get_by_role("radio", name="Cabinet").check()
    page.get_by_role("radio", name="Adopted as proposed").check()
    page.get_by_label("Reasons for the decision").fill("Most responses supported it.")
    page.get_by_role("radio", name="Support", exact=True).check()
    page.get_by_role("button", name="Record the decision").click()


def test_an_officer_analyses_the_demo_consultation_and_the_decision_says_all_was_read(
        page, live_server, kiel):
    proposal_id, reasons = kiel
    page.set_default_timeout(15_000)
    sign_in(page, live_server.accounts["officer"].email)
    page.goto(f"/officer/consultations/{proposal_id}")
    page.get_by_role("link", name="Analyse the reasons").click()
    page.get_by_role("button", name="Suggest themes").click()
    expect(page.locator("#suggestions")).to_contain_text("Suggestion 1")
    expect(page.locator("#campaigns")).to_be_visible()
    expect(page.get_by_text(re.compile(r"\d+ responses used the same wording\."))).to_be_visible()
    assert_accessible(page)

    accept_a_suggestion(page, proposal_id, "Young people meeting")
    accept_a_suggestion(page, proposal_id, "Views from Kiel")
    code_by_hand(page, proposal_id)
    mark_everything_read(page, proposal_id, reasons)
    publish_the_response(page, proposal_id)
    record_the_decision(page, proposal_id)

    expect(page).to_have_url(re.compile(r"/decisions/\d+$"))
    expect(page.locator("#reasons-read")).to_contain_text(
        f"{reasons} of {reasons} reasons read before the decision.")
    assert_accessible(page)
