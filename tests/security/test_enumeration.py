"""Sign-in, registration and password reset do not tell anyone which addresses have accounts:
the same status, the same page, the same shape of mail and the same hashing work."""

import argon2
import pytest
import sqlalchemy as sa

from consult.models import User, db
from tests.conftest import submit
from tests.factories import PASSWORD, make_user
from tests.security.account_helpers import same_page


@pytest.fixture
def argon2_calls(monkeypatch) -> dict[str, int]:
    """Count argon2 hashes and verifications (the library's, not our code's)."""
    calls = {"hash": 0, "verify": 0}
    real_hash, real_verify = argon2.PasswordHasher.hash, argon2.PasswordHasher.verify

    def counted_hash(self, *args, **kwargs):
        calls["hash"] += 1
        return real_hash(self, *args, **kwargs)

    def counted_verify(self, *args, **kwargs):
        calls["verify"] += 1
        return real_verify(self, *args, **kwargs)

    monkeypatch.setattr(argon2.PasswordHasher, "hash", counted_hash)
    monkeypatch.setattr(argon2.PasswordHasher, "verify", counted_verify)
    return calls


def _work(calls: dict[str, int], action) -> tuple:
    before = dict(calls)
    response = action()
    return response, (calls["hash"] - before["hash"], calls["verify"] - before["verify"])


def _register(client, email: str, password: str = PASSWORD):
    return submit(client, "/register", {"display_name": "Someone", "email": email,
                                        "password": password, "confirm": password})


def _users() -> int:
    db.session.expire_all()
    return db.session.scalar(sa.select(sa.func.count()).select_from(User))


# Sign-in


def test_an_unknown_address_and_a_wrong_password_get_the_same_page_and_work(app, argon2_calls):
    make_user(email="known@example.org")
    # A warm-up, so that the dummy hash (made once per process) is not counted below.
    submit(app.test_client(), "/sign-in", {"email": "warm@example.org", "password": "x"})
    known, known_work = _work(argon2_calls, lambda: submit(
        app.test_client(), "/sign-in", {"email": "known@example.org", "password": "wrong one"}))
    unknown, unknown_work = _work(argon2_calls, lambda: submit(
        app.test_client(), "/sign-in", {"email": "nobody@example.org", "password": "wrong one"}))

    assert known.status_code == unknown.status_code == 200
    assert same_page(known.get_data(as_text=True), ("known@example.org", "EMAIL")) == \
        same_page(unknown.get_data(as_text=True), ("nobody@example.org", "EMAIL"))
    assert known_work == unknown_work == (0, 1)  # one argon2 verification each


def test_sign_in_set_cookie_headers_have_the_same_shape(app):
    make_user(email="known@example.org")
    answers = [submit(app.test_client(), "/sign-in", {"email": email, "password": "wrong one"})
               for email in ("known@example.org", "nobody@example.org")]
    shapes = [sorted(name for name, _ in response.headers if name != "Content-Length")
              for response in answers]
    assert shapes[0] == shapes[1]


# Registration


def test_registering_a_known_address_looks_like_registering_a_new_one(app, mailbox,
                                                                      argon2_calls):
    make_user(email="known@example.org")
    users = _users()
    new_client, known_client = app.test_client(), app.test_client()
    new, new_work = _work(argon2_calls, lambda: _register(new_client, "fresh@example.org"))
    known, known_work = _work(argon2_calls, lambda: _register(known_client,
                                                              "known@example.org"))

    assert (new.status_code, new.headers["Location"]) == (known.status_code,
                                                         known.headers["Location"])
    new_page = new_client.get(new.headers["Location"]).get_data(as_text=True)
    known_page = known_client.get(known.headers["Location"]).get_data(as_text=True)
    assert same_page(new_page, ("fresh@example.org", "EMAIL")) == \
        same_page(known_page, ("known@example.org", "EMAIL"))
    assert new_work == known_work == (1, 0)  # one argon2 hash each
    assert [len(mailbox.to("fresh@example.org")), len(mailbox.to("known@example.org"))] == [1, 1]
    assert mailbox.to("known@example.org")[0]["Subject"] == \
        "Someone tried to register with your email address"
    assert _users() == users + 1


def test_registering_a_variant_of_a_known_gmail_address_warns_the_owner(app, mailbox):
    make_user(email="johnsmith@gmail.com")
    users = _users()
    response = _register(app.test_client(), "John.Smith+x@Gmail.com")
    assert response.status_code == 302
    assert response.headers["Location"] == "/register/check-your-email"
    assert _users() == users
    assert mailbox.to("John.Smith+x@Gmail.com") == []
    [warning] = mailbox.to("johnsmith@gmail.com")
    assert warning["Subject"] == "Someone tried to register with your email address"


# Password reset


def test_forgot_password_looks_the_same_for_known_and_unknown_addresses(app, mailbox):
    make_user(email="known@example.org")
    known_client, unknown_client = app.test_client(), app.test_client()
    known = submit(known_client, "/forgot-password", {"email": "known@example.org"})
    unknown = submit(unknown_client, "/forgot-password", {"email": "nobody@example.org"})

    assert (known.status_code, known.headers["Location"]) == (unknown.status_code,
                                                             unknown.headers["Location"])
    known_page = known_client.get(known.headers["Location"]).get_data(as_text=True)
    unknown_page = unknown_client.get(unknown.headers["Location"]).get_data(as_text=True)
    assert same_page(known_page, ("known@example.org", "EMAIL")) == \
        same_page(unknown_page, ("nobody@example.org", "EMAIL"))
    assert [m["To"] for m in mailbox.messages] == ["known@example.org"]


def test_a_reset_for_a_variant_address_goes_to_the_address_the_account_was_made_with(
        app, mailbox):
    make_user(email="Ada.Lovelace@gmail.com")
    submit(app.test_client(), "/forgot-password", {"email": "adalovelace+reset@googlemail.com"})
    assert [m["To"] for m in mailbox.messages] == ["Ada.Lovelace@gmail.com"]
    assert mailbox.messages[0]["Subject"] == "Reset your password"
