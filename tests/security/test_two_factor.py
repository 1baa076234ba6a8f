"""Optional two-factor sign-in for staff (TOTP): set up with a confirmed code, a second step
at sign-in that must pass before the session is signed in, and off with password and code."""

import re
import uuid
from urllib.parse import parse_qs, urlsplit

import pytest

from consult import create_app
from consult.extensions import db
from consult.services import audit_log
from tests.conftest import submit
from tests.factories import PASSWORD
from tests.security.account_helpers import (
    audit_actions,
    code_for,
    copy_session,
    fresh_user,
    install_movable_clock,
    is_signed_in,
)

SETUP = "/account/two-factor/set-up"
CODE_STEP = "/sign-in/code"


@pytest.fixture
def moving_clock(monkeypatch):
    return install_movable_clock(monkeypatch)


def _secret_on(html: str) -> str:
    match = re.search(r'<code id="secret"[^>]*>([A-Z2-7]+)</code>', html)
    assert match, "no secret shown"
    return match[1]


def _enable(client, clock) -> str:
    """Turn two-factor sign-in on through the pages; return the secret the page showed."""
    secret = _secret_on(client.get(SETUP).get_data(as_text=True))
    response = submit(client, SETUP, {"code": code_for(secret, clock.now())})
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    clock.move(seconds=30)  # the next code is a new one
    return secret


@pytest.fixture
def officer_with_2fa(signed_in, moving_clock):
    officer = signed_in("officer")
    officer.secret = _enable(officer, moving_clock)
    return officer


def _password_step(app, user, next_path: str | None = None):
    client = app.test_client()
    path = "/sign-in" + (f"?next={next_path}" if next_path else "")
    response = submit(client, path, {"email": user.email, "password": PASSWORD})
    return client, response


# Setting up


def test_the_setup_page_shows_the_secret_as_text_and_an_otpauth_address(signed_in):
    officer = signed_in("officer")
    html = officer.get(SETUP).get_data(as_text=True)
    secret = _secret_on(html)
    uri = re.search(r'<code id="otpauth-uri"[^>]*>([^<]+)</code>', html)[1].replace("&amp;", "&")
    parts = urlsplit(uri)
    assert (parts.scheme, parts.netloc) == ("otpauth", "totp")
    assert parse_qs(parts.query)["secret"] == [secret]
    assert fresh_user(officer.user.id).totp_secret is None  # not on until a code is confirmed


def test_a_wrong_code_does_not_turn_it_on(signed_in, moving_clock):
    officer = signed_in("officer")
    secret = _secret_on(officer.get(SETUP).get_data(as_text=True))
    wrong = code_for(secret, moving_clock.now(), steps=5)
    response = submit(officer, SETUP, {"code": wrong})
    assert response.status_code == 200
    assert "Enter the 6-digit code your authenticator app shows now" in \
        response.get_data(as_text=True)
    assert fresh_user(officer.user.id).totp_secret is None


def test_a_confirmed_code_turns_it_on_and_ends_other_sessions(app, signed_in, moving_clock):
    officer = signed_in("officer")
    copy = app.test_client()
    copy_session(officer, copy)
    secret = _enable(officer, moving_clock)
    assert fresh_user(officer.user.id).totp_secret == secret
    assert is_signed_in(officer)
    assert not is_signed_in(copy)
    assert "account.two_factor_enabled" in audit_actions(audit_log.account_subject(officer.user))


@pytest.mark.parametrize("role", ["officer", "auditor", "admin"])
def test_staff_accounts_are_offered_two_factor_sign_in(signed_in, role):
    assert "/account/two-factor" in signed_in(role).get("/account").get_data(as_text=True)


def test_residents_are_not_offered_it_and_get_403(signed_in):
    resident = signed_in("resident")
    assert "/account/two-factor" not in resident.get("/account").get_data(as_text=True)
    for path in ("/account/two-factor", SETUP):
        assert resident.get(path).status_code == 403
    response = submit(resident, SETUP, {"code": "123456"}, token_from="/account")
    assert response.status_code == 403
    off = submit(resident, "/account/two-factor/turn-off",
                 {"password": PASSWORD, "code": "123456"}, token_from="/account")
    assert off.status_code == 403
    assert fresh_user(resident.user.id).totp_secret is None


# Signing in


def test_the_password_alone_does_not_sign_in(app, officer_with_2fa):
    client, response = _password_step(app, officer_with_2fa.user)
    assert response.status_code == 302
    assert response.headers["Location"] == CODE_STEP
    assert not is_signed_in(client)
    assert client.get("/officer/").status_code == 302


def test_the_right_code_signs_in_and_keeps_next(app, officer_with_2fa, moving_clock):
    client, response = _password_step(app, officer_with_2fa.user, "/officer/")
    assert response.headers["Location"] == f"{CODE_STEP}?next=/officer/"
    code = code_for(officer_with_2fa.secret, moving_clock.now())
    signed = submit(client, response.headers["Location"], {"code": code})
    assert signed.status_code == 302
    assert signed.headers["Location"] == "/officer/"
    assert client.get("/officer/").status_code == 200


def test_a_wrong_code_does_not_sign_in(app, officer_with_2fa, moving_clock):
    client, _ = _password_step(app, officer_with_2fa.user)
    wrong = code_for(officer_with_2fa.secret, moving_clock.now(), steps=3)
    for code in (wrong, "abcdef", "1234567", " "):
        response = submit(client, CODE_STEP, {"code": code})
        assert response.status_code == 200
        assert "There is a problem" in response.get_data(as_text=True)
    assert not is_signed_in(client)


def test_a_code_cannot_be_used_twice(app, officer_with_2fa, moving_clock):
    code = code_for(officer_with_2fa.secret, moving_clock.now())
    first, _ = _password_step(app, officer_with_2fa.user)
    assert submit(first, CODE_STEP, {"code": code}).status_code == 302
    second, _ = _password_step(app, officer_with_2fa.user)
    replay = submit(second, CODE_STEP, {"code": code})
    assert replay.status_code == 200
    assert not is_signed_in(second)


def test_a_code_from_the_previous_step_still_works(app, officer_with_2fa, moving_clock):
    moving_clock.move(seconds=30)  # the step before now was not used to turn it on
    client, _ = _password_step(app, officer_with_2fa.user)
    late = code_for(officer_with_2fa.secret, moving_clock.now(), steps=-1)
    assert submit(client, CODE_STEP, {"code": late}).status_code == 302


def test_the_code_step_expires_after_5_minutes(app, officer_with_2fa, moving_clock):
    client, _ = _password_step(app, officer_with_2fa.user)
    moving_clock.move(minutes=6)
    page = client.get(CODE_STEP)
    assert "Sign in again" in page.get_data(as_text=True)
    code = code_for(officer_with_2fa.secret, moving_clock.now())
    response = submit(client, CODE_STEP, {"code": code}, token_from="/sign-in")
    assert response.status_code == 200
    assert not is_signed_in(client)


def test_the_code_step_without_a_password_step_signs_nobody_in(client):
    response = client.get(CODE_STEP)
    assert response.status_code == 200
    assert "Sign in again" in response.get_data(as_text=True)


def test_code_attempts_are_limited_per_account(app, app_config, officer_with_2fa,
                                               moving_clock):
    config = {**app_config, "RATELIMIT_ENABLED": True,
              "RATELIMIT_KEY_PREFIX": f"test-{uuid.uuid4().hex}"}
    limited = create_app(config)
    client = limited.test_client()
    submit(client, "/sign-in", {"email": officer_with_2fa.user.email, "password": PASSWORD},
           environ_base={"REMOTE_ADDR": "10.9.8.7"})
    wrong = code_for(officer_with_2fa.secret, moving_clock.now(), steps=4)
    statuses = [submit(client, CODE_STEP, {"code": wrong},
                       environ_base={"REMOTE_ADDR": f"10.9.9.{n}"}).status_code
                for n in range(6)]
    assert statuses == [200] * 5 + [429]
    right = code_for(officer_with_2fa.secret, moving_clock.now())
    assert submit(client, CODE_STEP, {"code": right}).status_code == 429
    with limited.app_context():
        db.engine.dispose()


# Confirm it's you, and turning it off


def test_confirm_its_you_asks_for_a_code_too(officer_with_2fa, moving_clock):
    page = officer_with_2fa.get("/confirm-its-you").get_data(as_text=True)
    assert 'name="code"' in page
    refused = submit(officer_with_2fa, "/confirm-its-you?next=/officer/", {"password": PASSWORD})
    assert refused.status_code == 200
    code = code_for(officer_with_2fa.secret, moving_clock.now())
    accepted = submit(officer_with_2fa, "/confirm-its-you?next=/officer/",
                      {"password": PASSWORD, "code": code})
    assert accepted.headers["Location"] == "/officer/"


def test_turning_it_off_needs_the_password_and_a_code(officer_with_2fa, moving_clock):
    path = "/account/two-factor/turn-off"
    code = code_for(officer_with_2fa.secret, moving_clock.now())
    wrong_password = submit(officer_with_2fa, path, {"password": "not the password!!", "code":
                                                     code}, token_from="/account/two-factor")
    assert wrong_password.status_code == 200
    assert fresh_user(officer_with_2fa.user.id).totp_secret is not None
    response = submit(officer_with_2fa, path, {"password": PASSWORD, "code": code},
                      token_from="/account/two-factor")
    assert response.status_code == 302
    assert fresh_user(officer_with_2fa.user.id).totp_secret is None
    assert "account.two_factor_disabled" in audit_actions(
        audit_log.account_subject(officer_with_2fa.user))


def test_setting_up_needs_a_fresh_sign_in(signed_in, moving_clock):
    officer = signed_in("officer")
    moving_clock.move(hours=1)
    response = officer.get(SETUP)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/confirm-its-you?next=")


def test_turning_it_off_with_a_wrong_code_is_refused(officer_with_2fa, moving_clock):
    wrong = code_for(officer_with_2fa.secret, moving_clock.now(), steps=7)
    response = submit(officer_with_2fa, "/account/two-factor/turn-off",
                      {"password": PASSWORD, "code": wrong}, token_from="/account/two-factor")
    assert response.status_code == 200
    assert "Enter the 6-digit code" in response.get_data(as_text=True)
    assert fresh_user(officer_with_2fa.user.id).totp_secret is not None
