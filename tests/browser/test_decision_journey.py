"""From a closed consultation to a decision, in Chromium: the officer publishes feedback
("you said, we did") from the consultation's codebook, records the decision, and anyone can
follow it on the link's history."""

import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from consult import clock
from consult.extensions import db
from consult.queries import link_queries
from consult.templating import LONDON
from tests.browser.conftest import assert_accessible, sign_in
from tests.factories import make_closed_consultation, make_theme, mark_read, tag_reason
from tests.integration.codebook_data import reasoned

pytestmark = pytest.mark.browser


@pytest.fixture
def closed_consultation(live_server):
    """A suspension of the Graz link put to the public, closed yesterday, with 3 responses
    giving reasons, coded into two themes (the first reason published and quoted), and every
    reason read after the close."""
    with live_server.app.app_context():
        proposal = make_closed_consultation(link=link_queries.get_by_slug("graz"), choices=())
        rows = [reasoned(proposal, "School visits would put children at risk.", published=True),
                reasoned(proposal, "Groups travelling there would not be safe."),
                reasoned(proposal, "The link costs little and keeps contacts open.", choose=1)]
        safety, cost = make_theme(proposal, name="Safety of visiting groups"), \
            make_theme(proposal, name="Cost of the link")
        for row, theme, quoted in ((rows[0], safety, True), (rows[1], safety, False),
                                   (rows[2], cost, False)):
            tag_reason(row, theme, quoted=quoted)
            mark_read(row, at=proposal.closes_at + timedelta(hours=1))
        found = {"id": proposal.id, "title": proposal.title}
        db.session.remove()
    return found


def fill_date(page, prefix: str, moment) -> None:
    local = moment.astimezone(LONDON)
    for part, value in (("day", local.day), ("month", local.month), ("year", local.year)):
        page.locator(f"input[name='{prefix}-{part}']").fill(str(value))


def publish_the_feedback(page, proposal_id: int) -> None:
    page.goto(f"/officer/consultations/{proposal_id}")
    page.get_by_role("link", name=re.compile("Publish feedback")).click()
    expect(page.get_by_text("3 responses. Council area and other respondents (3): "
                           "Support 2 (66.7%)", exact=False)).to_be_visible()
    expect(page.get_by_text("School visits would put children at risk.")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("What we heard").fill("Most people who responded support a suspension.")
    page.get_by_label("The council’s answer: Safety of visiting groups").fill(
        "No group visits while suspended.")
    page.get_by_role("button", name="Publish feedback").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Not answered: Cost of the link")
    assert_accessible(page)
    page.get_by_label("Why the council does not answer some themes raised by many people").fill(
        "The cost is reviewed with the budget.")
    page.get_by_role("button", name="Publish feedback").click()
    expect(page.get_by_role("heading", name="Feedback: you said, we did")).to_be_visible()
    expect(page.get_by_role("heading", name="Safety of visiting groups")).to_be_visible()
    expect(page.locator("#unanswered-reason")).to_contain_text("reviewed with the budget")
    assert_accessible(page)
    page.goto(f"/officer/consultations/{proposal_id}")
    page.get_by_role("link", name="Add a correction to the feedback").click()
    expect(page.get_by_label("Correction")).to_be_visible()
    assert_accessible(page)


def record_the_decision(page, proposal_id: int) -> None:
    page.goto(f"/officer/consultations/{proposal_id}")
    page.get_by_role("link", name="Record the decision").click()
    assert_accessible(page)
    fill_date(page, "decided_on", clock.now())
    page.get_by_role("radio", name="Cabinet").check()
    page.get_by_role("radio", name="Adopted as proposed").check()
    page.get_by_label("Reasons for the decision").fill("The responses and the safety advice.")
    page.get_by_role("radio", name="Support", exact=True).check()
    page.get_by_label("Votes for").fill("7")
    page.get_by_label("Votes against").fill("1")
    page.get_by_label("Abstentions").fill("0")
    page.get_by_role("button", name="Record the decision").click()


def test_an_officer_publishes_the_response_records_the_decision_and_the_link_changes(
        page, live_server, closed_consultation):
    page.set_default_timeout(10_000)
    sign_in(page, live_server.accounts["officer"].email)
    publish_the_feedback(page, closed_consultation["id"])
    record_the_decision(page, closed_consultation["id"])

    expect(page).to_have_url(re.compile(r"/decisions/\d+$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(closed_consultation["title"])
    expect(page.get_by_text("Active → Suspended")).to_be_visible()
    expect(page.locator("#votes")).to_have_text("7 for, 1 against, 0 abstaining")
    expect(page.locator("#reasons-read")).to_contain_text(
        "3 of 3 reasons read before the decision.")
    expect(page.locator("#fairness-checks .govuk-tag--green")).to_have_count(5)
    assert_accessible(page)
    decision_url = page.url

    page.goto("/links/graz")
    expect(page.locator(".govuk-summary-list").get_by_text("Suspended")).to_be_visible()
    expect(page.get_by_role("heading", name=re.compile(": Decision$"))).to_be_visible()
    expect(page.get_by_role("heading", name=re.compile(": Status changed$"))).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name=re.compile(r"^Decision \d+: the full record$")).first.click()
    expect(page).to_have_url(decision_url)

    page.goto("/decisions?link=graz")
    expect(page.get_by_role("link", name=closed_consultation["title"])).to_be_visible()
    assert_accessible(page)
