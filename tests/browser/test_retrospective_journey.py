"""An urgent suspension promises a retrospective consultation; the date passes (the test clock
moved through clock.shift, which only a testing app may do); the link shows it overdue; the
officer opens the retrospective consultation from the decision, in one step."""

import re
import threading
from datetime import timedelta

import pytest
from playwright.sync_api import expect
from werkzeug.serving import make_server

from consult import clock, create_app
from consult.extensions import db
from tests.browser.conftest import (
    HOME_PLACE,
    LiveServer,
    _load_data,
    _QuietHandler,
    assert_accessible,
    sign_in,
)
from tests.browser.test_decision_journey import fill_date

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def live_server(live_database_url, smtp_server):
    """conftest's live server, but a testing app: the only kind allowed to move the clock."""
    app = create_app({
        "SQLALCHEMY_DATABASE_URI": live_database_url, "TESTING": True,
        "RATELIMIT_ENABLED": False, "MAIL_SERVER": "127.0.0.1", "MAIL_PORT": smtp_server.port,
        "CONSULT_HOME_PLACE": HOME_PLACE, "HUEY_IMMEDIATE": True,
    })
    accounts = _load_data(app)
    server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=_QuietHandler)
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    yield LiveServer(url=f"http://127.0.0.1:{server.server_port}", app=app, accounts=accounts)
    clock.shift(timedelta(0), app=app)
    server.shutdown()
    thread.join()
    server.server_close()
    with app.app_context():
        db.engine.dispose()


def record_an_urgent_suspension(page, promised) -> None:
    page.goto("/officer/links/graz/decisions/new")
    page.get_by_label("Title").fill("Suspend the twin link with Graz")
    page.get_by_label("What was decided", exact=True).fill("The link is suspended at once.")
    page.get_by_role("radio", name="Suspend the link").check()
    fill_date(page, "decided_on", clock.now())
    page.get_by_role("radio", name="Full council").check()
    page.get_by_role("radio", name="Adopted as proposed").check()
    page.get_by_label("Why the decision could not wait for a public consultation").fill(
        "Visits were due the next week.")
    page.get_by_role("radio", name=re.compile("Yes: a retrospective consultation")).check()
    fill_date(page, "retrospective_by", promised)
    page.get_by_label("Reasons for the decision").fill("Safety of visiting groups.")
    page.get_by_label("Link to the minutes").fill("https://example.org/minutes/urgent")
    assert_accessible(page)
    page.get_by_role("button", name="Record the decision").click()
    expect(page).to_have_url(re.compile(r"/decisions/\d+$"))


def test_an_urgent_suspension_falls_overdue_and_the_officer_opens_its_retrospective(
        page, live_server):
    page.set_default_timeout(10_000)
    sign_in(page, live_server.accounts["officer"].email)
    record_an_urgent_suspension(page, clock.now() + timedelta(days=10))
    decision_url = page.url
    expect(page.get_by_text("The council promised a retrospective consultation",
                            exact=False)).to_be_visible()
    expect(page.locator("#retrospective-overdue")).to_have_count(0)

    clock.shift(timedelta(days=12), app=live_server.app)
    try:
        page.goto("/links/graz")
        expect(page.locator("#retrospective-overdue")).to_contain_text(
            "Retrospective consultation overdue since")
        assert_accessible(page)
        page.goto("/")
        expect(page.get_by_role("link", name=f"{HOME_PLACE} and Graz")).to_be_visible()

        page.goto(decision_url)
        page.get_by_role("link", name=re.compile("Retrospective consultation and review")).click()
        assert_accessible(page)
        page.get_by_role("button", name="Open the retrospective consultation").click()
        expect(page).to_have_url(re.compile(r"/officer/consultations/\d+/edit$"))
        expect(page.get_by_text("A retrospective consultation has been drafted",
                                exact=False)).to_be_visible()
        expect(page.locator("#retrospective-of")).to_be_visible()
        expect(page.get_by_label("Response options")).to_have_value(
            "Keep the decision\nReverse it")
        assert_accessible(page)
    finally:
        clock.shift(timedelta(0), app=live_server.app)
