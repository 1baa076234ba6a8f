"""Following by email alone, in Chromium: a visitor follows a twin link, confirms from the mail,
an officer publishes a consultation on the link, and the mail that arrives has a working link
and a working one-click unsubscribe. Every page, and the mail's HTML, passes axe."""

import re
from datetime import UTC, datetime, timedelta
from email import message_from_bytes
from email.policy import default

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from consult.extensions import db
from consult.models import Subscription
from consult.queries import link_queries
from consult.services import consultation_history
from tests.browser.conftest import assert_accessible, sign_in
from tests.factories import make_proposal
from tests.smtp import html_of, text_of

pytestmark = pytest.mark.browser
VISITOR = "follower@example.org"


def mail_to(smtp_server, subject_start: str):
    found = [m for m in smtp_server.to(VISITOR) if m["Subject"].startswith(subject_start)]
    assert found, f"no mail '{subject_start}…' to {VISITOR}"
    return found[-1]


def follows(live_server) -> int:
    with live_server.app.app_context():
        count = db.session.scalar(sa.select(sa.func.count()).select_from(Subscription).where(
            Subscription.email == VISITOR, Subscription.confirmed_at.is_not(None)))
        db.session.remove()
    return count


def test_follow_by_email_confirm_hear_of_an_opening_and_unsubscribe_in_one_click(
        page, browser, live_server, smtp_server):
    live_server.app.config["CONSULT_BASE_URL"] = live_server.url  # links in mail come here
    smtp_server.clear()
    page.goto("/links/dresden")  # the form on the link's page: an email address, nothing else
    form = page.locator("form", has=page.get_by_role("button", name="Follow this twin link"))
    assert form.locator("input:not([type=hidden])").count() == 1
    form.get_by_label("Email address").fill(VISITOR)
    form.get_by_role("button", name="Follow this twin link").click()
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()
    assert_accessible(page)

    confirm = mail_to(smtp_server, "Confirm")
    page.set_content(html_of(confirm))
    assert_accessible(page)  # the mail's HTML part, rendered in Chromium
    page.goto(re.search(r"http://\S+/follow/confirm/\S+", text_of(confirm)).group(0))
    assert follows(live_server) == 0  # opening the link changes nothing
    assert_accessible(page)
    page.get_by_role("button", name="Yes, send me these emails").click()
    expect(page.get_by_text("You are following the twin link with Dresden")).to_be_visible()
    assert follows(live_server) == 1

    with live_server.app.app_context():
        draft = make_proposal(link=link_queries.get_by_slug("dresden"), status="draft",
                              title="Suspend the link with Dresden", invited=("twin_council",),
                              opens_at=datetime.now(UTC) - timedelta(hours=1),
                              closes_at=datetime.now(UTC) + timedelta(days=50))
        proposal_id = draft.id
        db.session.remove()
    officer = browser.new_page(base_url=live_server.url)
    sign_in(officer, live_server.accounts["officer"].email)
    officer.goto(f"/officer/consultations/{proposal_id}")
    officer.get_by_role("button", name="Publish").click()
    expect(officer.get_by_text("Published.")).to_be_visible()
    with live_server.app.app_context():
        consultation_history.settle_all()  # the clock records it opening (the worker's tick)
        db.session.remove()

    opened = mail_to(smtp_server, "Consultation open: Suspend the link with Dresden")
    page.set_content(html_of(opened))
    assert_accessible(page)
    page.goto(re.search(rf"{live_server.url}/consultations/\d+", text_of(opened)).group(0))
    expect(page.get_by_role("heading", name="Suspend the link with Dresden")).to_be_visible()

    unsubscribe = opened["List-Unsubscribe"].strip().strip("<>")
    assert opened["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    page.goto(unsubscribe)  # the visible link: a page with a button; the GET changes nothing
    assert_accessible(page)
    assert follows(live_server) == 1
    answer = page.context.request.post(unsubscribe, form={"List-Unsubscribe": "One-Click"},
                                       headers={"Cookie": ""})  # a mail program's one click
    assert answer.status == 200
    assert follows(live_server) == 0
    page.goto(unsubscribe)
    expect(page.get_by_text("You have already unsubscribed")).to_be_visible()


def test_every_kind_of_mail_has_accessible_html(page, live_server):
    """Each template's HTML part, composed as the worker sends it, rendered in Chromium."""
    from consult.infrastructure import mail

    event = {"subject": "Consultation open: Resume the link", "title": "Resume the link",
             "lines": ["The council has opened a consultation.", "It closes on 1 May 2031."],
             "url": f"{live_server.url}/consultations/1"}
    contexts = {
        "event": {"event": event, "manage_url": "/n", "following": "this twin link"},
        "digest": {"events": [event, event], "manage_url": "/n", "how_often": "once a day"},
        "work_digest": {"dashboard_url": "/officer/", "waiting": {
            "reported_comments": 1, "reasons_to_moderate": 2, "held_responses": 0,
            "closed_without_feedback": 1, "reviews_due": 1, "retrospectives_overdue": 1,
            "requests_to_moderate": 1, "requests_owing_answer": 1},
            "overdue": [{"decision_id": 1, "title": "Suspend the link", "partner": "Volgograd",
                         "since": "2022-06-20"}]},
        "confirm_follow": {"what": "every consultation", "url": "/follow/confirm/x"},
        "verify_email": {"name": "Ada", "url": "/verify-email/x"},
        "reset_password": {"name": "Ada", "url": "/reset-password/x"},
        "already_registered": {"name": "Ada", "reset_url": "/forgot-password"},
        "request_answer": {"title": "Review the link", "answer": "refusal",
                           "reasons": "We consulted in 2025.", "url": "/requests/1"},
    }
    with live_server.app.test_request_context():
        messages = {name: mail.compose(mail_id=1, to="a@example.org", subject=f"A {name} mail",
                                       template=name, context=context,
                                       unsubscribe_url="/unsubscribe/x")
                    for name, context in contexts.items()}
    for name, message in messages.items():
        page.set_content(html_of(message_from_bytes(message.as_bytes(), policy=default)))
        assert page.locator("h1").count() == 1, name
        assert_accessible(page)
