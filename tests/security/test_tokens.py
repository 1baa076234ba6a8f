"""Verification and reset links: single use, expiring, bound to one purpose and one account,
and dead once the password changes."""

import re
import time
from urllib.parse import urlsplit

import pytest
from itsdangerous import TimestampSigner, URLSafeTimedSerializer

from consult.infrastructure import tokens
from tests.conftest import sign_in, submit
from tests.factories import PASSWORD, make_user
from tests.security.account_helpers import change_password, fresh_user

NEW_PASSWORD = "a brand new passphrase"


def _path_in_mail(mailbox, address: str) -> str:
    [url] = re.findall(r"https?://\S+", mailbox.last_body(address))
    return urlsplit(url).path


def _reset_path(client, mailbox, address: str) -> str:
    assert submit(client, "/forgot-password", {"email": address}).status_code == 302
    return _path_in_mail(mailbox, address)


def _verify_path(client, mailbox, address: str) -> str:
    response = submit(client, "/register", {"display_name": "Ada", "email": address,
                                            "password": PASSWORD, "confirm": PASSWORD})
    assert response.status_code == 302
    return _path_in_mail(mailbox, address)


def _token(path: str) -> str:
    return path.rsplit("/", 1)[1]


def _signed_long_ago(app, purpose: str, payload: dict) -> str:
    class LongAgo(TimestampSigner):
        def get_timestamp(self) -> int:
            return int(time.time()) - app.config["CONSULT_TOKEN_MAX_AGE"] - 60

    return URLSafeTimedSerializer(app.config["SECRET_KEY"], salt=purpose,
                                  signer=LongAgo).dumps(payload)


def _reset_with(client, path: str, password: str = NEW_PASSWORD):
    return submit(client, path, {"password": password, "confirm": password},
                  token_from="/sign-in")


# Single use


def test_a_reset_link_works_once(client, mailbox):
    make_user(email="ada@example.org")
    path = _reset_path(client, mailbox, "ada@example.org")
    assert _reset_with(client, path).status_code == 302
    again = _reset_with(client, path, "yet another passphrase")
    assert again.status_code == 400
    assert "already been used" in again.get_data(as_text=True)
    sign_in(client, "ada@example.org", NEW_PASSWORD)


def test_a_verification_link_works_once(client, mailbox):
    path = _verify_path(client, mailbox, "ada@example.org")
    assert submit(client, path, {}).status_code == 302
    assert client.get(path).status_code == 400


# Expiry


def test_an_expired_reset_link_is_refused(app, client):
    user = make_user(email="ada@example.org")
    token = _signed_long_ago(app, tokens.RESET, tokens.bound_to(user))
    response = _reset_with(client, f"/reset-password/{token}")
    assert response.status_code == 400
    assert "This link has expired" in response.get_data(as_text=True)
    assert fresh_user(user.id).password_hash == user.password_hash


def test_an_expired_verification_link_is_refused(app, client):
    user = make_user(email="ada@example.org", verified=False)
    token = _signed_long_ago(app, tokens.VERIFY, tokens.bound_to(user))
    response = submit(client, f"/verify-email/{token}", {}, token_from="/sign-in")
    assert response.status_code == 400
    assert "This link has expired" in response.get_data(as_text=True)
    assert not fresh_user(user.id).is_verified


# Purpose


def test_a_reset_token_is_not_a_verification_link(client, mailbox):
    make_user(email="ada@example.org", verified=False)
    token = _token(_reset_path(client, mailbox, "ada@example.org"))
    response = submit(client, f"/verify-email/{token}", {}, token_from="/sign-in")
    assert response.status_code == 400
    assert "This link is not valid" in response.get_data(as_text=True)


def test_a_verification_token_is_not_a_reset_link(client, mailbox):
    token = _token(_verify_path(client, mailbox, "ada@example.org"))
    response = _reset_with(client, f"/reset-password/{token}")
    assert response.status_code == 400
    assert "This link is not valid" in response.get_data(as_text=True)


# Account


@pytest.mark.parametrize("purpose, path", [(tokens.RESET, "/reset-password/"),
                                           (tokens.VERIFY, "/verify-email/")])
def test_a_genuine_token_naming_another_account_is_refused(app, client, purpose, path):
    """Signed by us, but the account id and the rest of the payload do not belong together."""
    ada = make_user(email="ada@example.org", verified=False)
    bob = make_user(email="bob@example.org", verified=False)
    payload = {**tokens.bound_to(ada), "uid": bob.id}
    with app.test_request_context():
        token = tokens.make(purpose, payload)
    response = client.get(path + token)
    assert response.status_code == 400
    assert fresh_user(bob.id).password_hash == bob.password_hash


def test_a_token_for_an_account_that_no_longer_exists_is_refused(app, client):
    with app.test_request_context():
        token = tokens.make(tokens.RESET, {"uid": 999999, "email": "x@example.org", "pw": "0"})
    assert client.get(f"/reset-password/{token}").status_code == 400


@pytest.mark.parametrize("uid", [True, "1", 1.0, None, [1]])
def test_a_token_whose_account_id_is_not_an_integer_is_refused(app, client, uid):
    make_user(email="ada@example.org")
    with app.test_request_context():
        token = tokens.make(tokens.RESET, {"uid": uid, "email": "ada@example.org", "pw": "0"})
    assert client.get(f"/reset-password/{token}").status_code == 400


# Password changes


def test_a_reset_link_stops_working_after_the_password_is_changed(app, client, mailbox):
    make_user(email="ada@example.org")
    path = _reset_path(client, mailbox, "ada@example.org")
    signed = app.test_client()
    sign_in(signed, "ada@example.org", PASSWORD)
    assert change_password(signed, PASSWORD, NEW_PASSWORD).status_code == 302
    response = _reset_with(client, path, "yet another passphrase")
    assert response.status_code == 400
    sign_in(app.test_client(), "ada@example.org", NEW_PASSWORD)


def test_a_verification_link_stops_working_after_the_password_is_changed(app, client, mailbox):
    path = _verify_path(client, mailbox, "ada@example.org")
    signed = app.test_client()
    sign_in(signed, "ada@example.org", PASSWORD)
    assert change_password(signed, PASSWORD, NEW_PASSWORD).status_code == 302
    assert client.get(path).status_code == 400


def test_an_older_reset_link_stops_working_once_a_newer_one_is_used(client, mailbox):
    make_user(email="ada@example.org")
    first = _reset_path(client, mailbox, "ada@example.org")
    second = _reset_path(client, mailbox, "ada@example.org")
    assert _reset_with(client, second).status_code == 302
    assert _reset_with(client, first, "yet another passphrase").status_code == 400
