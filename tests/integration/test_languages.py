"""Languages (issue 15): choosing one, remembering it, and every page shown wholly in it."""

import re
from html.parser import HTMLParser

import pytest
import sqlalchemy as sa

from consult import i18n
from consult.models import User, db
from tests.conftest import client_of
from tests.factories import make_user
from tests.translation_catalogues import english_fragments

LANG = re.compile(r'<html lang="([^"]+)"')
OTHERS = ("cy", "ru", "de")

# Pages to crawl in each language: signed out, and as each role (the demo's ids: consultation
# 1 is open, 2 closed with results; decision 1 is the 2022 suspension).
SIGNED_OUT_PAGES = (
    "/", "/links", "/links/volgograd", "/links/kiel", "/consultations", "/consultations/1",
    "/consultations/1/results", "/consultations/2", "/consultations/2/results",
    "/consultations/2/receipts", "/decisions", "/decisions/1", "/about", "/privacy",
    "/accessibility", "/open-data", "/open-data/api", "/audit", "/audit/entries/1",
    "/sign-in", "/register", "/forgot-password", "/links/volgograd/follow",
    "/consultations/follow", "/no-such-page")
ROLE_PAGES = {
    "resident": ("/account", "/account/notifications", "/account/your-data", "/account/password",
                 "/account/delete", "/consultations/1"),
    "officer": ("/officer/", "/officer/consultations", "/officer/consultations/1",
                "/officer/consultations/2", "/officer/consultations/1/translations",
                "/officer/consultations/1/translations/cy", "/officer/moderation",
                "/officer/consultations/1/review", "/officer/links/new",
                "/officer/links/volgograd/decisions/new", "/officer/consultations/new",
                "/officer/consultations/2/feedback"),
    "auditor": ("/audit/staff-actions",),
    "admin": ("/admin/users",),
}


class _VisibleText(HTMLParser):
    """The text a reader sees, less passages marked as in English (quoted content)."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
            "track", "wbr"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._stack: list[bool] = []  # for each open element: is its text skipped?

    def handle_starttag(self, tag, attrs):
        if tag in self.VOID:
            return
        skipped = (bool(self._stack and self._stack[-1]) or tag in ("script", "style", "code")
                   or dict(attrs).get("lang", "").startswith("en"))
        self._stack.append(skipped)

    def handle_endtag(self, tag):
        if tag not in self.VOID and self._stack:
            self._stack.pop()

    def handle_data(self, data):
        if not (self._stack and self._stack[-1]):
            self.parts.append(data)


def visible_text(html: str) -> str:
    body = html[html.find("<body"):]
    parser = _VisibleText()
    parser.feed(body)
    return " ".join(" ".join(parser.parts).split())


def english_left(html: str, fragments: list[str]) -> list[str]:
    text = visible_text(html)
    return [fragment for fragment in fragments if fragment in text]


@pytest.fixture
def in_language(client):
    def _get(path: str, code: str, test_client=None):
        test_client = test_client or client
        test_client.set_cookie(i18n.COOKIE, code)
        return test_client.get(path)
    return _get


@pytest.mark.parametrize("code", OTHERS)
def test_every_public_page_is_wholly_in_the_chosen_language(code, demo, in_language):
    fragments = english_fragments(code)
    for path in SIGNED_OUT_PAGES:
        response = in_language(path, code)
        html = response.get_data(as_text=True)
        assert response.status_code in (200, 404), path
        assert LANG.search(html).group(1) == code, path
        assert english_left(html, fragments) == [], path


@pytest.mark.parametrize("code", OTHERS)
def test_every_page_of_each_role_is_wholly_in_the_chosen_language(code, demo, app, in_language):
    fragments = english_fragments(code)
    for role, paths in ROLE_PAGES.items():
        signed = client_of(app, make_user(role=role, email=f"{role}-{code}@example.org"))
        for path in paths:
            response = in_language(path, code, signed)
            html = response.get_data(as_text=True)
            assert response.status_code == 200, (role, path)
            assert LANG.search(html).group(1) == code, (role, path)
            assert english_left(html, fragments) == [], (role, path)


def test_the_first_visit_follows_accept_language_and_a_choice_overrides_it(client):
    german = client.get("/", headers={"Accept-Language": "de-DE,de;q=0.9,en;q=0.5"})
    assert LANG.search(german.get_data(as_text=True)).group(1) == "de"
    assert "Accept-Language" in german.headers["Vary"]
    chosen = client.get("/language/cy?next=/links", headers={"Accept-Language": "de"})
    assert chosen.status_code == 302 and chosen.headers["Location"] == "/links"
    page = client.get("/links", headers={"Accept-Language": "de"}).get_data(as_text=True)
    assert LANG.search(page).group(1) == "cy"
    unknown = client.get("/", headers={"Accept-Language": "fr"}).get_data(as_text=True)
    assert LANG.search(unknown).group(1) == "cy"  # the cookie still holds Welsh


def test_a_browser_with_no_choice_and_no_offered_language_gets_british_english(app):
    page = app.test_client().get("/", headers={"Accept-Language": "fr, pl"})
    assert LANG.search(page.get_data(as_text=True)).group(1) == "en-GB"


def test_the_switcher_keeps_the_current_page_and_its_query(client):
    html = client.get("/consultations?status=open").get_data(as_text=True)
    links = re.findall(r'<a class="app-language__link" lang="(\w+)" hreflang="\1"\s+'
                       r'href="([^"]+)"', html)
    assert {code for code, _ in links} == set(i18n.LANGUAGES) - {"en"} >= {"cy", "ru", "de"}
    target = dict(links)["ru"].replace("&amp;", "&")
    response = client.get(target)
    assert response.headers["Location"] == "/consultations?status=open"
    assert 'aria-current="true" lang="ru">Русский' in client.get(
        "/consultations?status=open").get_data(as_text=True)


def test_the_switcher_never_sends_anyone_to_another_site(client):
    for target in ("https://evil.example/", "//evil.example/", "/\\evil.example"):
        response = client.get("/language/de", query_string={"next": target})
        assert response.headers["Location"] == "/"


def test_an_unknown_language_is_not_found(client):
    assert client.get("/language/xx").status_code == 404


def test_a_signed_in_choice_follows_the_person_to_another_browser(app):
    person = make_user(email="olena@example.org")
    first = client_of(app, person)
    first.get("/language/ru?next=/account", headers={"Sec-Fetch-Site": "same-origin"})
    assert db.session.scalar(sa.select(User.language).where(User.id == person.id)) == "ru"
    other = client_of(app, person)  # a new browser: no language cookie
    html = other.get("/account", headers={"Accept-Language": "de"}).get_data(as_text=True)
    assert LANG.search(html).group(1) == "ru"


def test_another_site_cannot_change_a_signed_in_person_s_saved_language(app):
    person = make_user(email="kai@example.org")
    browser = client_of(app, person)
    browser.get("/language/de?next=/", headers={"Sec-Fetch-Site": "cross-site"})
    assert db.session.scalar(sa.select(User.language).where(User.id == person.id)) is None


def test_the_api_answers_in_english_whatever_the_browser_asks(client):
    response = client.get("/api/v1/consultations/999", headers={"Accept-Language": "ru"})
    assert response.status_code == 404
    assert response.get_json()["message"].isascii()


def test_dates_and_numbers_follow_the_language(demo, in_language):
    english = visible_text(in_language("/links/volgograd", "en").get_data(as_text=True))
    russian = visible_text(in_language("/links/volgograd", "ru").get_data(as_text=True))
    german = visible_text(in_language("/links/volgograd", "de").get_data(as_text=True))
    assert "22 March 2022" in english
    assert "22 марта 2022" in russian
    assert "22. März 2022" in german


def test_gov_uk_component_words_follow_the_language(client, in_language):
    """The password input's show/hide words and the "Error:" read before each field's error
    come from GOV.UK's components in English unless given; here they are Russian."""
    from tests.translation_catalogues import catalogue

    words = catalogue("ru")
    page = in_language("/sign-in", "ru").get_data(as_text=True)
    for english in ("Show password", "Your password is visible", "Your password is hidden"):
        assert english not in page and words.get(english).string in page
    from tests.conftest import submit

    failed = submit(client, "/sign-in", {"email": "", "password": ""}).get_data(as_text=True)
    assert f'<span class="govuk-visually-hidden">{words.get("Error").string}:</span>' in failed
    assert "Skip to main content" not in failed


def test_a_refused_form_s_error_summary_is_in_the_reader_s_language(app, signed_in):
    """A choice that is not one of the form's is refused on a German page, its summary too."""
    from tests.conftest import submit
    from tests.factories import make_open_proposal

    proposal = make_open_proposal()
    resident = signed_in("resident")
    resident.set_cookie(i18n.COOKIE, "de")
    page = submit(resident, f"/consultations/{proposal.id}/respond",
                  {"option": str(proposal.options[0].id), "respondent_type": "nobody"},
                  token_from=f"/consultations/{proposal.id}").get_data(as_text=True)
    assert 'lang="de"' in page and "There is a problem" not in page


def test_wtforms_catalogue_is_read_in_the_reader_s_language(app):
    from consult.forms_base import WTFORMS_WORDS

    with app.test_request_context("/", headers={"Accept-Language": "de"}):
        assert WTFORMS_WORDS.gettext("Not a valid choice.") != "Not a valid choice."
    with app.test_request_context("/", headers={"Accept-Language": "en"}):
        assert WTFORMS_WORDS.gettext("Not a valid choice.") == "Not a valid choice."
