"""Languages: which one each request is shown in, remembering a choice, and Babel's set-up.

A request is shown in the signed-in person's saved language, else the language cookie, else
the best match for the browser's Accept-Language, else English. The API and error pages for a
failing database never need the database to decide.
"""

from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlencode

from babel import Locale
from flask import Flask, current_app, g, has_app_context, request
from flask_babel import (
    Babel,
    force_locale,
    format_date,
    format_decimal,
    format_time,
    get_locale,
)
from flask_babel import gettext as _
from flask_login import current_user
from govuk_frontend_wtf.gov_form_base import GovFormBase

from .domain import i18n as domain_i18n

DEFAULT = "en"
TRANSLATIONS = Path(__file__).resolve().parent / "translations"


def _offered() -> dict[str, str]:
    """English, then every language with a catalogue in consult/translations (a council adds
    one with `pybabel init`), each named in itself: Cymraeg, Deutsch, Русский."""
    found = {DEFAULT: "English"}
    for folder in sorted(TRANSLATIONS.glob("*/LC_MESSAGES/messages.po")):
        code = folder.parent.parent.name
        name = Locale.parse(code).get_display_name(code) or code
        found[code] = name[:1].upper() + name[1:]
    return found


# Each language's code and its name in itself, and its Babel locale (English is British
# English: its dates read "4 December 2026").
LANGUAGES = _offered()
LOCALES = {code: "en_GB" if code == DEFAULT else code for code in LANGUAGES}
COOKIE = "consult_lang"
COOKIE_AGE = timedelta(days=365)
# Query parameters the switcher's links never repeat: a receipt code looked up before the close
# must not be copied into links on the page.
PRIVATE_PARAMS = frozenset({"code", "token", "email"})


def known(code: str | None) -> str | None:
    """`code` if it is an offered language."""
    return code if code in LANGUAGES else None


def _account_language() -> str | None:
    if g.get("error_page"):
        return None  # an error page may be shown because the database is down
    try:
        user = current_user._get_current_object()
    except Exception:  # noqa: BLE001 (the database may be the reason this page is shown)
        return None
    return known(getattr(user, "language", None)) if user.is_authenticated else None


def current_language() -> str:
    """This request's language code."""
    if "language" not in g:
        g.language = _choose()
    return g.language


def _choose() -> str:
    if not request:
        return DEFAULT
    if request.blueprint == "api":
        return DEFAULT  # the API speaks English: its errors and labels are for programs
    return (_account_language() or known(request.cookies.get(COOKIE))
            or request.accept_languages.best_match(list(LANGUAGES)) or DEFAULT)


def _select_locale() -> str:
    return LOCALES[current_language()] if request else LOCALES[DEFAULT]


def remember(response, code: str) -> None:
    """Keep a visitor's choice in a cookie for a year (not a tracking cookie: it only holds
    the language)."""
    response.set_cookie(COOKIE, code, max_age=int(COOKIE_AGE.total_seconds()),
                        secure=current_app.config.get("SESSION_COOKIE_SECURE", False),
                        httponly=True, samesite="Lax")


def long_date(value) -> str:
    """A day in the reader's language: 4 December 2026, 4. Dezember 2026, 4 декабря 2026 г."""
    return format_date(value, "long")


def day_and_time(value) -> str:
    return _("%(day)s at %(time)s", day=format_date(value, "long"),
             time=format_time(value, "HH:mm"))


def number(value) -> str:
    """A count with the reader's digit grouping: 1,234 / 1.234 / 1 234."""
    return format_decimal(value)


def here() -> str | None:
    """This page's path and query, for the switcher to come back to; None on a server error
    page (it must not repeat whatever failed)."""
    if not request or g.get("error_page"):
        return None
    query = urlencode([(name, value) for name, value in request.args.items(multi=True)
                       if name not in PRIVATE_PARAMS])
    return request.path + (f"?{query}" if query else "")


def html_lang() -> str:
    """The active language as HTML and mail headers name it: en-GB, cy, ru, de."""
    locale = get_locale()
    return str(locale).replace("_", "-") if locale else "en-GB"


def language_of(*choices: str | None) -> str:
    """The first offered language among a recipient's choices (account, follow, request)."""
    return next((code for code in choices if known(code)), DEFAULT)


@contextmanager
def speaking(code: str):
    """Words, dates and numbers in `code` inside the block (mail composed for a recipient)."""
    with force_locale(LOCALES[known(code) or DEFAULT]):
        yield


def _vary(response):
    if response.mimetype == "text/html":
        response.vary.add("Accept-Language")
        response.vary.add("Cookie")
    return response


def init_app(app: Flask) -> None:
    app.config.setdefault("BABEL_DEFAULT_LOCALE", LOCALES[DEFAULT])
    app.config.setdefault("BABEL_DEFAULT_TIMEZONE", "Europe/London")
    Babel(app, locale_selector=_select_locale)
    app.jinja_env.policies["ext.i18n.trimmed"] = True
    app.jinja_env.globals.update(languages=LANGUAGES, current_language=current_language, here=here,
                                 html_lang=html_lang)
    app.jinja_env.filters["number"] = number
    app.after_request(_vary)
    domain_i18n.install(_translate)
    _error_messages_in_language()


def _error_messages_in_language() -> None:
    """GOV.UK's error message says "Error:" to screen readers before each field's error; the
    WTForms widgets leave it in English, so each widget's parameters get it translated."""
    if getattr(GovFormBase.map_gov_params, "consult_translated", False):
        return
    original = GovFormBase.map_gov_params

    def map_gov_params(self, field, **kwargs):
        params = original(self, field, **kwargs)
        if params.get("errorMessage"):
            params["errorMessage"].setdefault("visuallyHiddenText", _("Error"))
        return params

    map_gov_params.consult_translated = True
    GovFormBase.map_gov_params = map_gov_params


def _translate(message: str) -> str:
    return _(message) if has_app_context() else message
