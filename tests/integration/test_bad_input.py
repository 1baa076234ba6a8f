"""Every form, given bad input, re-renders with its errors, keeps what was typed, writes nothing."""

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import quote, urlencode, urlsplit

import pytest
import sqlalchemy as sa
from markupsafe import escape

from consult.models import LinkEvent, TwinLink, User, db
from tests.conftest import csrf_token, submit
from tests.factories import PASSWORD, make_event, make_link, make_user

OPTIONAL_FIELDS = {"partner_local_name", "began_note", "description", "sources"}
TABLES = ("users", "twin_links", "link_sources", "link_events", "audit_entries")
NEW_PASSWORD = "another long passphrase"
EXTRA_FIELDS = {
    "role": "admin", "is_verified": "1", "email_verified_at": "2020-01-01T00:00:00+00:00",
    "id": "1", "user_id": "1", "slug": "hijacked", "status": "ended", "home_place": "Paris",
    "recorded_by": "The Mayor", "recorded_by_id": "1", "recorded_at": "1900-01-01",
    "link_id": "999", "kind": "status_changed", "email": "intruder@evil.example",
    "password_hash": "plain", "created_at": "1900-01-01", "seq": "1", "hash": "0",
}


def row_counts() -> dict[str, int]:
    return {table: db.session.execute(sa.text(f"SELECT count(*) FROM {table}")).scalar_one()
            for table in TABLES}


def path_in(body: str) -> str:
    """The path of the link in a mail, as a person would follow it."""
    return urlsplit(re.search(r"https?://\S+", body).group(0)).path


def blank_date(name: str) -> dict[str, str]:
    return {f"{name}-day": "", f"{name}-month": "", f"{name}-year": ""}


@dataclass
class FormCase:
    """One form: who posts it where, a valid answer, and the shape of its fields."""

    client: object
    path: str
    valid: dict[str, str]
    text: dict[str, int] = field(default_factory=dict)  # text field -> most characters
    passwords: tuple[str, ...] = ()
    dates: tuple[str, ...] = ()
    choice: str | None = None
    accepted: Callable[[], None] = lambda: None  # checks after a valid post with extra fields
    mailbox: object = None

    def first_field(self) -> str:
        return next(iter(self.text), None) or (self.passwords or (self.choice,))[0]


# One set-up per form. Each returns a FormCase for a client that may use the form.


def _register(app, signed_in, mailbox):
    def accepted():
        user = db.session.scalars(sa.select(User).filter_by(email="ada@example.org")).one()
        assert (user.role, user.is_verified, user.display_name) == ("resident", False, "Ada")

    return FormCase(app.test_client(), "/register",
                    {"display_name": "Ada", "email": "ada@example.org", "password": PASSWORD,
                     "confirm": PASSWORD},
                    text={"display_name": 80, "email": 254}, passwords=("password", "confirm"),
                    accepted=accepted)


def _sign_in(app, signed_in, mailbox):
    user = make_user(email="ada@example.org")

    def accepted():
        db.session.expire_all()
        assert (user.role, user.email) == ("resident", "ada@example.org")

    return FormCase(app.test_client(), "/sign-in",
                    {"email": "ada@example.org", "password": PASSWORD},
                    text={"email": 254}, passwords=("password",), accepted=accepted)


def _forgot_password(app, signed_in, mailbox):
    make_user(email="ada@example.org")

    def accepted():
        assert [m["To"] for m in mailbox.messages] == ["ada@example.org"]

    return FormCase(app.test_client(), "/forgot-password", {"email": "ada@example.org"},
                    text={"email": 254}, accepted=accepted)


def _reset_password(app, signed_in, mailbox):
    user = make_user(email="ada@example.org")
    client = app.test_client()
    submit(client, "/forgot-password", {"email": "ada@example.org"})
    def accepted():
        db.session.expire_all()
        assert (user.role, user.email) == ("resident", "ada@example.org")

    return FormCase(client, path_in(mailbox.last_body("ada@example.org")),
                    {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD},
                    passwords=("password", "confirm"), accepted=accepted)


LINK_TEXT = {"partner_name": 120, "partner_local_name": 120, "country": 80, "began_note": 2000,
             "description": 5000, "sources": 6000}


def _link_answer(name: str, country: str) -> dict[str, str]:
    return {"partner_name": name, "partner_local_name": name, "country": country,
            "began-day": "", "began-month": "6", "began-year": "1972",
            **blank_date("began_alternative"), "began_note": "Year from the city's list.",
            "description": "A friendship link.", "sources": f"https://example.org/{country}"}


def _new_link(app, signed_in, mailbox):
    def accepted():
        link = db.session.scalars(sa.select(TwinLink).filter_by(partner_name="Krakow")).one()
        assert (link.slug, link.status, link.home_place) == ("krakow", "active", "Coventry")

    return FormCase(signed_in("officer"), "/officer/links/new", _link_answer("Krakow", "Poland"),
                    text=LINK_TEXT, dates=("began", "began_alternative"), accepted=accepted)


def _edit_link(app, signed_in, mailbox):
    link = make_link(partner_name="Kiel", country="Germany")

    def accepted():
        db.session.expire_all()
        assert (link.slug, link.status, link.home_place) == ("kiel", "active", "Coventry")
        assert link.began == "1972-06"

    return FormCase(signed_in("officer"), "/officer/links/kiel/edit",
                    _link_answer("Kiel", "Germany"), text=LINK_TEXT,
                    dates=("began", "began_alternative"), accepted=accepted)


def _new_event(app, signed_in, mailbox):
    link = make_link(partner_name="Kiel")
    make_event(link, occurred_on="1947", summary="First visit.")
    officer = signed_in("officer")

    def accepted():
        event = db.session.scalars(sa.select(LinkEvent).order_by(LinkEvent.id.desc())).first()
        assert (event.link_id, event.kind, event.summary) == (link.id, "activity", "A visit.")
        assert event.recorded_by == officer.user.actor_label
        assert event.recorded_by_id == officer.user.id

    return FormCase(officer, "/officer/links/kiel/events/new",
                    {"occurred_on-day": "6", "occurred_on-month": "6", "occurred_on-year": "1950",
                     "kind": "activity", "summary": "A visit.",
                     "sources": "https://example.org/visit", "corrects_id": ""},
                    text={"summary": 2000, "sources": 6000}, dates=("occurred_on",),
                    choice="kind", accepted=accepted)


def _change_status(app, signed_in, mailbox):
    link = make_link(partner_name="Kiel")
    officer = signed_in("officer")

    def accepted():
        db.session.expire_all()
        assert link.status == "suspended"
        event = link.events[-1]
        assert (event.kind, event.recorded_by) == ("status_changed", officer.user.actor_label)

    return FormCase(officer, "/officer/links/kiel/status",
                    {"status": "suspended", "occurred_on-day": "22", "occurred_on-month": "3",
                     "occurred_on-year": "2022", "summary": "Suspended by resolution.",
                     "sources": "https://example.org/resolution"},
                    text={"summary": 2000, "sources": 6000}, dates=("occurred_on",),
                    choice="status", accepted=accepted)


def _change_role(app, signed_in, mailbox):
    target = make_user(email="ada@example.org", verified=False)

    def accepted():
        db.session.expire_all()
        assert (target.role, target.email, target.is_verified) == ("officer", "ada@example.org",
                                                                   False)

    return FormCase(signed_in("admin"), f"/admin/users/{target.id}/role", {"role": "officer"},
                    choice="role", accepted=accepted)


FORMS = {
    "register": _register, "sign-in": _sign_in, "forgot-password": _forgot_password,
    "reset-password": _reset_password, "new link": _new_link, "edit link": _edit_link,
    "new event": _new_event, "change status": _change_status, "change role": _change_role,
}


@pytest.fixture(params=list(FORMS))
def form(request, app, signed_in, mailbox):
    case = FORMS[request.param](app, signed_in, mailbox)
    case.mailbox = mailbox
    mailbox.clear()
    return case


@pytest.fixture
def form_by_name(app, signed_in, mailbox):
    def _build(name: str) -> FormCase:
        case = FORMS[name](app, signed_in, mailbox)
        case.mailbox = mailbox
        mailbox.clear()
        return case

    return _build


def post(case: FormCase, data: dict):
    before = row_counts()
    response = submit(case.client, case.path, data)
    return response, before


def assert_refused(case: FormCase, response, before: dict, *, fields=(), typed=None):
    """200, the GOV.UK error summary and inline errors, typed text kept, nothing written."""
    html = response.get_data(as_text=True)
    assert response.status_code == 200, html[:3000]
    assert "There is a problem" in html
    assert 'class="govuk-error-summary"' in html
    assert "govuk-error-message" in html
    for name in fields:
        assert f'id="{name}-error"' in html, f"no inline error for {name}"
    for name, value in (typed or {}).items():
        if name in case.passwords:
            assert not value or value not in html, f"{name} was shown back"
        elif value and name != case.choice:  # a select cannot show a choice it does not offer
            assert str(escape(value)) in html, f"{name} lost what was typed: {value[:40]!r}"
    assert row_counts() == before
    assert case.mailbox.messages == []


def test_every_field_empty_is_refused_with_errors(form):
    data = {name: "" for name in form.valid}
    response, before = post(form, data)
    required = [name for name in (*form.text, *form.passwords, form.choice)
                if name and name not in OPTIONAL_FIELDS]
    assert_refused(form, response, before, fields=required)


def test_every_field_missing_is_refused_with_errors(form):
    response, before = post(form, {})
    assert_refused(form, response, before, fields=[form.first_field()])


def test_overlong_fields_are_refused_and_kept(form):
    data = dict(form.valid)
    for name, most in form.text.items():
        data[name] = ("a" * (most - 11) + "@example.org") if name == "email" else "x" * (most + 1)
    for name in form.passwords:
        data[name] = "p" * 201
    if form.choice and not form.text:
        data[form.choice] = "admin" * 50
    response, before = post(form, data)
    assert_refused(form, response, before, fields=[*form.text, *form.passwords[:1]], typed=data)


def test_a_nul_byte_is_refused_and_the_text_kept(form):
    name = form.first_field()
    data = {**form.valid, name: "Ada\x00Lovelace"}
    response, before = post(form, data)
    assert_refused(form, response, before, fields=[name],
                   typed={n: v for n, v in data.items() if n != name})


def test_other_control_characters_are_refused(form):
    name = form.first_field()
    response, before = post(form, {**form.valid, name: "Ada\x1b[31mred"})
    assert_refused(form, response, before, fields=[name])


def _body(token: str, data: dict, name: str, raw: bytes) -> bytes:
    fields = {"csrf_token": token, **{k: v for k, v in data.items() if k != name}}
    return urlencode(fields).encode() + b"&" + name.encode() + b"=" + raw


@pytest.mark.parametrize("encode", [
    lambda raw: raw, lambda raw: quote(raw).encode(),
], ids=["raw bytes", "percent-encoded bytes"])
def test_invalid_utf8_in_a_urlencoded_body_is_refused(form, encode):
    name = form.first_field()
    raw = b"Ada\xff\xfe\xc3("
    before = row_counts()
    response = form.client.post(form.path, data=_body(csrf_token(form.client, form.path),
                                                      form.valid, name, encode(raw)),
                                content_type="application/x-www-form-urlencoded")
    assert_refused(form, response, before, fields=[name], typed={
        n: v for n, v in form.valid.items() if n != name})


def test_invalid_utf8_in_a_multipart_body_is_refused(form):
    name = form.first_field()
    boundary = "consult-test-boundary"
    values = {"csrf_token": csrf_token(form.client, form.path).encode(),
              **{k: v.encode() for k, v in form.valid.items()}, name: b"Ada\xff\xfe"}
    body = b"".join(
        f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n'.encode()
        + value + b"\r\n" for key, value in values.items()) + f"--{boundary}--\r\n".encode()
    before = row_counts()
    response = form.client.post(form.path, data=body,
                                content_type=f"multipart/form-data; boundary={boundary}")
    assert_refused(form, response, before, fields=[name])


def test_unexpected_extra_fields_are_ignored(form):
    extra = {key: value for key, value in EXTRA_FIELDS.items() if key not in form.valid}
    response = submit(form.client, form.path, {**form.valid, **extra})
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    form.accepted()


# Wrong types and values, form by form

WRONG_VALUES = [
    ("register", {"email": "not-an-email"}, "email"),
    ("register", {"email": "ada@example.org\r\nBcc: all@example.org"}, "email"),
    ("register", {"confirm": "a different passphrase"}, "confirm"),
    ("register", {"password": "short", "confirm": "short"}, "password"),
    ("sign-in", {"email": "not-an-email"}, "email"),
    ("forgot-password", {"email": "@example.org"}, "email"),
    ("reset-password", {"confirm": "a different passphrase"}, "confirm"),
    ("reset-password", {"password": "short", "confirm": "short"}, "password"),
    ("new link", {"sources": "https://"}, "sources"),
    ("new link", {"sources": "https://exa mple.org"}, "sources"),
    ("new link", {"sources": "Too short"}, "sources"),
    ("new link", {"sources": "\n".join(f"https://example.org/{n}" for n in range(11))},
     "sources"),
    ("new link", {"began-year": "", "began-month": "", "began_alternative-year": "1956"},
     "began"),
    ("edit link", {"began_alternative-year": "19x6"}, "began_alternative"),
    ("new event", {"kind": "made_up"}, "kind"),
    ("new event", {"kind": "status_changed"}, "kind"),
    ("new event", {"corrects_id": "abc"}, "corrects_id"),
    ("new event", {"corrects_id": "99999"}, "corrects_id"),
    ("new event", {"sources": ""}, "sources"),
    ("change status", {"status": "ended_forever"}, "status"),
    ("change status", {"status": "active"}, "status"),
    ("change role", {"role": "emperor"}, "role"),
    ("change role", {"role": "admin "}, "role"),
]


@pytest.mark.parametrize("name, change, field_name", WRONG_VALUES,
                         ids=[f"{n}: {list(c)[0]}={str(list(c.values())[0])[:20]!r}"
                              for n, c, _ in WRONG_VALUES])
def test_a_wrong_value_is_refused_on_its_field(form_by_name, name, change, field_name):
    case = form_by_name(name)
    data = {**case.valid, **change}
    response, before = post(case, data)
    assert_refused(case, response, before, fields=[field_name] if field_name else [],
                   typed={n: v for n, v in data.items() if n in case.text})


BAD_DATES = {
    "letters": ("ab", "cd", "19x4"),
    "impossible day": ("31", "2", "2023"),
    "29 February in a common year": ("29", "2", "1943"),
    "day without a month": ("6", "", "1944"),
    "month without a year": ("", "6", ""),
    "month 13": ("", "13", "1944"),
    "year too large": ("", "", "123456"),
    "negative year": ("", "", "-1944"),
    "superscript digit": ("", "", "194\u00b2"),
}
DATE_FORMS = [("new link", "began"), ("edit link", "began"), ("new event", "occurred_on"),
              ("change status", "occurred_on")]


@pytest.mark.parametrize("date", list(BAD_DATES))
@pytest.mark.parametrize("name, date_field", DATE_FORMS, ids=[n for n, _ in DATE_FORMS])
def test_a_bad_date_is_refused_and_its_parts_kept(form_by_name, name, date_field, date):
    case = form_by_name(name)
    day, month, year = BAD_DATES[date]
    parts = {f"{date_field}-day": day, f"{date_field}-month": month, f"{date_field}-year": year}
    response, before = post(case, {**case.valid, **parts})
    assert_refused(case, response, before, fields=[date_field],
                   typed={n: v for n, v in case.valid.items() if n in case.text})
    html = response.get_data(as_text=True)
    for part, value in parts.items():
        assert f'name="{part}" type="text" value="{escape(value)}"' in html or (
            not value and f'name="{part}" type="text"' in html), part
    assert "govuk-input--error" in html


# The email confirmation form has only a button: junk beside it changes nothing else.


def _verification_path(app, mailbox) -> tuple[object, str]:
    client = app.test_client()
    submit(client, "/register", {"display_name": "Ada", "email": "ada@example.org",
                                 "password": PASSWORD, "confirm": PASSWORD})
    return client, path_in(mailbox.last_body("ada@example.org"))


def test_the_confirm_button_ignores_extra_fields(app, mailbox):
    client, path = _verification_path(app, mailbox)
    response = submit(client, path, EXTRA_FIELDS)
    assert response.status_code == 302
    user = db.session.scalars(sa.select(User).filter_by(email="ada@example.org")).one()
    assert (user.role, user.is_verified) == ("resident", True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(User)) == 1


def test_the_confirm_button_survives_invalid_bytes_and_nul(app, mailbox):
    client, path = _verification_path(app, mailbox)
    body = _body(csrf_token(client, path), {"submit": "\x00"}, "junk", b"\xff\xfe%00")
    response = client.post(path, data=body, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.scalars(sa.select(User)).one().is_verified


@pytest.mark.parametrize("token", ["%FF%FE", "x" * 5000, "eyJ1aWQiOiIxIn0.AAAA.BBBB"])
@pytest.mark.parametrize("prefix", ["/verify-email/", "/reset-password/"])
def test_a_junk_token_in_the_address_gives_the_link_problem_page(client, prefix, token):
    response = client.get(prefix + token)
    assert response.status_code == 400
    assert "There is a problem with this link" in response.get_data(as_text=True)
    posted = submit(client, prefix + token, {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD},
                    token_from="/sign-in")
    assert posted.status_code == 400


# Addresses that name nothing, and bodies that are too large


@pytest.mark.parametrize("path", [
    "/admin/users/abc/role", "/admin/users/1.5/role", "/admin/users/-1/role",
    "/admin/users/99999/role",
])
def test_a_non_integer_or_unknown_user_id_is_not_found(signed_in, path):
    admin = signed_in("admin")
    response = admin.get(path)
    assert response.status_code == 404
    assert "Page not found" in response.get_data(as_text=True)
    posted = submit(admin, path, {"role": "officer"}, token_from="/admin/users")
    assert posted.status_code == 404


@pytest.mark.parametrize("path", [
    "/links/nowhere", "/links/%FF%FE", "/officer/links/nowhere/edit",
    "/officer/links/nowhere/events/new", "/officer/links/nowhere/status",
])
def test_an_unknown_slug_is_not_found(signed_in, path):
    make_link(partner_name="Kiel")
    officer = signed_in("officer")
    response = officer.get(path)
    assert response.status_code == 404
    assert "Page not found" in response.get_data(as_text=True)
    if path.startswith("/officer/"):
        posted = submit(officer, path, {"summary": "x"}, token_from="/officer/")
        assert posted.status_code == 404


@pytest.mark.parametrize("path", [
    "/links/kiel%00", "/links?country=%00", "/links?status=active&sort=%00",
    "/verify-email/abc%00def", "/reset-password/abc%00def", "/admin/users/%00/role",
    "/officer/links/kiel%00/edit",
])
def test_a_nul_byte_in_the_address_gets_an_error_page_not_a_server_error(signed_in, path):
    make_link(partner_name="Kiel")
    response = signed_in("admin").get(path)
    assert response.status_code in (400, 404)  # PostgreSQL cannot even compare text with NUL
    assert '<h1 class="govuk-heading-l">' in response.get_data(as_text=True)


def test_a_body_over_the_content_limit_gets_a_413_page(app, client):
    token = csrf_token(client, "/register")
    limit = app.config["MAX_CONTENT_LENGTH"]
    before = row_counts()
    response = client.post("/register", data={
        "csrf_token": token, "display_name": "x" * (limit + 1), "email": "ada@example.org",
        "password": PASSWORD, "confirm": PASSWORD})
    assert response.status_code == 413
    assert "What you sent is too large." in response.get_data(as_text=True)
    assert row_counts() == before


def test_a_form_field_over_the_form_memory_limit_gets_a_413_page(app, client):
    token = csrf_token(client, "/register")
    size = app.config["MAX_FORM_MEMORY_SIZE"] + 1
    response = client.post("/register", data={
        "csrf_token": token, "display_name": "x" * size, "email": "ada@example.org",
        "password": PASSWORD, "confirm": PASSWORD}, content_type="multipart/form-data")
    assert response.status_code == 413
    assert "What you sent is too large." in response.get_data(as_text=True)
