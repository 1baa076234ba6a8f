"""Every page of the demo in Welsh, Russian and German, signed out and in each role, passes
axe-core's WCAG 2.2 AA rules, reflows at 320 px, and says its language (issue 15).

Which language a page is in does not depend on the database, so this crawl runs in the SQLite
run of the suite only; the English crawl (test_accessibility.py) runs on both."""

import re

import pytest
from playwright.sync_api import expect

from consult import i18n
from tests import databases
from tests.browser.conftest import assert_accessible
from tests.browser.test_accessibility import (
    PAGES,
    SIGNED_OUT,
    furniture_problems,
    real_path,
    wider_than_320_pixels,
)
from tests.factories import PASSWORD
from tests.translation_catalogues import SHIPPED, catalogue

pytestmark = [pytest.mark.browser, pytest.mark.skipif(
    databases.postgres_url() is not None,
    reason="the language crawl runs in the SQLite run only (rendering is the same)")]


def error_prefix(code: str) -> str:
    return catalogue(code).get("Error:").string


@pytest.fixture(scope="module")
def page_in(browser, live_server):
    """One page per (language, kind of visitor); each role signs in once, by the form."""
    opened = {}

    def _page(code: str, role: str):
        if (code, role) not in opened:
            context = browser.new_context(base_url=live_server.url)
            context.add_cookies([{"name": i18n.COOKIE, "value": code, "url": live_server.url}])
            opened[code, role] = page = context.new_page()
            if role != SIGNED_OUT:
                sign_in_in(page, code, live_server.accounts[role].email)
        return opened[code, role]

    yield _page
    for page in opened.values():
        page.context.close()


def sign_in_in(page, code: str, email: str) -> None:
    """Sign in through the real form, in `code` (the account's own language stays unset)."""
    words = catalogue(code)
    page.goto("/sign-in")
    page.get_by_label(words.get("Email address").string).fill(email)
    page.get_by_label(words.get("Password").string, exact=True).fill(PASSWORD)
    page.get_by_role("button", name=words.get("Sign in").string).click()
    expect(page).not_to_have_url(re.compile(r"/sign-in"))


def submit_empty(page, code: str) -> None:
    form = page.locator("main form[method=post]")
    for field in form.locator("textarea, input:not([type=hidden]):not([type=radio])").all():
        field.fill("")
    form.locator("[type=submit]").click()
    expect(page).to_have_title(re.compile("^" + re.escape(error_prefix(code)) + " "))
    expect(page.locator(".govuk-error-summary")).to_be_visible()


VISITS = [(code, visit) for code in SHIPPED for visit in PAGES]


@pytest.mark.parametrize(("code", "visit"), VISITS, ids=[f"{c} {v}" for c, v in VISITS])
def test_page_in_each_language_meets_wcag_2_2_aa(code, visit, page_in, live_server):
    page = page_in(code, visit.role)
    response = page.goto(real_path(visit.path, live_server))
    assert response.status == visit.status
    if visit.submit_empty:
        submit_empty(page, code)
    expect(page.locator("html")).to_have_attribute("lang", code)
    assert furniture_problems(page) == [], f"{code} {visit}"
    assert_accessible(page)
    assert wider_than_320_pixels(page) == [], f"{code} {visit}: these push the page sideways"
