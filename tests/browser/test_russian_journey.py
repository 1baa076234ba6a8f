"""A Volgograd resident takes part in Russian, in Chromium (issue 15): switches to Русский,
registers, confirms from a Russian email, reads the proposal in Russian, responds as a twin-city
resident with a reason in Russian, and sees the receipt page in Russian. Every page passes axe.

Words are looked up in the shipped Russian catalogue, so the test follows its wording."""

import re

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from consult.demo import consultations as demo
from consult.extensions import db
from consult.models import Response
from tests.browser.conftest import assert_accessible
from tests.smtp import text_of
from tests.translation_catalogues import catalogue

pytestmark = pytest.mark.browser

OLENA = "olena@example.org"
PASSWORD = "летние письма из Ковентри 1941"
REASON = "Письма 1941 года связали наши города; связь должна продолжаться."
RUSSIAN = demo.TRANSLATIONS[demo.OPEN["title"]]


def ru(english: str) -> str:
    """The Russian catalogue's translation of an English message."""
    message = catalogue("ru").get(english)
    assert message is not None and message.string, f"not in the Russian catalogue: {english}"
    return message.string


def test_a_volgograd_resident_takes_part_in_russian(page, live_server, smtp_server):
    page.set_default_timeout(10_000)
    live_server.app.config["CONSULT_BASE_URL"] = live_server.url
    smtp_server.clear()
    page.goto("/")
    page.get_by_role("navigation", name="Language").get_by_role("link", name="Русский").click()
    expect(page.locator("html")).to_have_attribute("lang", "ru")
    assert_accessible(page)

    page.get_by_role("navigation", name=ru("Main")).get_by_role(
        "link", name=ru("Create an account")).click()
    expect(page.locator("html")).to_have_attribute("lang", "ru")
    page.get_by_label(ru("Display name")).fill("Олена из Волгограда")
    page.get_by_label(ru("Email address")).fill(OLENA)
    page.get_by_label(ru("Password"), exact=True).fill(PASSWORD)
    page.get_by_label(ru("Confirm password")).fill(PASSWORD)
    page.get_by_label(ru("Confirm password")).press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(ru("Check your email"))
    assert_accessible(page)

    mail = smtp_server.to(OLENA)[-1]
    assert mail["Content-Language"] == "ru"
    assert re.search("[а-яА-Я]{4,}", mail["Subject"]), mail["Subject"]
    link = re.search(r"http://\S+/verify-email/\S+", text_of(mail)).group(0)

    page.goto("/sign-in")
    page.get_by_label(ru("Email address")).fill(OLENA)
    page.get_by_label(ru("Password"), exact=True).fill(PASSWORD)
    page.get_by_role("button", name=ru("Sign in")).click()
    expect(page).not_to_have_url(re.compile(r"/sign-in"))
    page.goto(link)
    expect(page.locator("html")).to_have_attribute("lang", "ru")
    assert_accessible(page)
    page.get_by_role("button", name=ru("Confirm my email address")).click()
    expect(page.get_by_text(ru("Your email address is confirmed."))).to_be_visible()

    page.goto("/consultations/1")
    expect(page.get_by_role("heading", level=1)).to_have_text(RUSSIAN["title"])
    expect(page.locator("[lang=ru]", has_text=RUSSIAN["options"][0]).first).to_be_visible()
    assert_accessible(page)
    page.get_by_role("radio", name=RUSSIAN["options"][0]).check()
    page.get_by_role("radio", name=ru("Lives in the twin city")).check()
    page.get_by_label(ru("Your reasons (optional)")).fill(REASON)
    page.get_by_role("button", name=ru("Send my response")).click()
    expect(page.locator("html")).to_have_attribute("lang", "ru")
    expect(page.get_by_role("heading", level=1)).not_to_contain_text("Your response")
    receipt = page.locator(".govuk-panel__body, [data-receipt]").first.inner_text()
    assert re.search(r"[A-Z2-7]{4}(?:-[A-Z2-7]{1,4})+", receipt)
    assert_accessible(page)

    with live_server.app.app_context():
        stored = db.session.scalar(sa.select(Response).where(Response.reason == REASON))
        assert (stored.language, stored.respondent_type) == ("ru", "twin_city_resident")
        db.session.remove()
