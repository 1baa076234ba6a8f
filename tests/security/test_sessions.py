"""Signing out, changing or resetting a password and a change of role end earlier sessions:
a copy of the session cookie made before stops working."""

import re
from urllib.parse import urlsplit

from consult.services import audit_log
from tests.conftest import sign_in, submit
from tests.factories import PASSWORD, make_user
from tests.security.account_helpers import (
    audit_actions,
    change_password,
    copy_session,
    fresh_user,
    is_signed_in,
    session_user_id,
)

NEW_PASSWORD = "a brand new passphrase"


def _signed_in_pair(app, **user_kwargs):
    """One account signed in on a client, and a second client holding a copy of its cookie."""
    user = make_user(**user_kwargs)
    first, copy = app.test_client(), app.test_client()
    sign_in(first, user.email, PASSWORD)
    copy_session(first, copy)
    assert is_signed_in(copy), "a copied cookie signs in until something ends the session"
    return user, first, copy


def test_the_session_cookie_names_the_account_and_its_session_version(app):
    user, first, _ = _signed_in_pair(app)
    assert session_user_id(first) == f"{user.id}.1"


def test_a_copied_cookie_stops_working_after_sign_out(app):
    user, first, copy = _signed_in_pair(app)
    response = submit(first, "/sign-out", {}, token_from="/account")
    assert response.status_code == 302
    assert not is_signed_in(first)
    assert not is_signed_in(copy)
    assert copy.get("/account").headers["Location"].startswith("/sign-in")
    assert fresh_user(user.id).session_version == 2


def test_signing_in_again_after_sign_out_works(app):
    user, first, _ = _signed_in_pair(app)
    submit(first, "/sign-out", {}, token_from="/account")
    sign_in(first, user.email, PASSWORD)
    assert is_signed_in(first)
    assert session_user_id(first) == f"{user.id}.2"


def test_a_copied_cookie_stops_working_after_a_password_change(app):
    user, first, copy = _signed_in_pair(app)
    response = change_password(first, PASSWORD, NEW_PASSWORD)
    assert response.status_code == 302
    assert response.headers["Location"] == "/account"
    assert is_signed_in(first), "the session that changed the password carries on"
    assert not is_signed_in(copy)
    assert audit_actions(audit_log.account_subject(user))[-1] == "account.password_changed"


def test_after_a_password_change_only_the_new_password_signs_in(app):
    user, first, _ = _signed_in_pair(app)
    change_password(first, PASSWORD, NEW_PASSWORD)
    other = app.test_client()
    refused = submit(other, "/sign-in", {"email": user.email, "password": PASSWORD})
    assert refused.status_code == 200
    assert "Enter a correct email address and password" in refused.get_data(as_text=True)
    sign_in(other, user.email, NEW_PASSWORD)


def test_a_wrong_current_password_changes_nothing(app):
    user, first, copy = _signed_in_pair(app)
    before = fresh_user(user.id).password_hash
    response = change_password(first, "not my passphrase at all", NEW_PASSWORD)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "There is a problem" in html
    assert html.count("Your current password is not right") == 2  # summary and field
    assert fresh_user(user.id).password_hash == before
    assert is_signed_in(copy)


def test_the_new_password_must_be_long_enough_and_typed_twice(app):
    user, first, _ = _signed_in_pair(app)
    short = change_password(first, PASSWORD, "too short")
    assert "New password must be between 12 and 200 characters" in short.get_data(as_text=True)
    mismatch = submit(first, "/account/password", {
        "current_password": PASSWORD, "password": NEW_PASSWORD, "confirm": "something else!!"})
    assert "Passwords must match" in mismatch.get_data(as_text=True)
    assert fresh_user(user.id).session_version == 1


def test_the_change_password_page_needs_a_signed_in_account(client):
    response = client.get("/account/password")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/sign-in?next=")


def test_the_account_page_links_to_change_password(app):
    _, first, _ = _signed_in_pair(app)
    assert 'href="/account/password"' in first.get("/account").get_data(as_text=True)


def test_a_copied_cookie_stops_working_after_a_password_reset(app, mailbox):
    user, first, copy = _signed_in_pair(app, email="reset@example.org")
    anonymous = app.test_client()
    submit(anonymous, "/forgot-password", {"email": "reset@example.org"})
    [url] = re.findall(r"https?://\S+", mailbox.last_body("reset@example.org"))
    path = urlsplit(url).path
    response = submit(anonymous, path, {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert response.status_code == 302
    assert not is_signed_in(first)
    assert not is_signed_in(copy)


def test_a_change_of_role_ends_the_sessions_of_that_account(app, signed_in):
    user, first, copy = _signed_in_pair(app, role="officer")
    admin = signed_in("admin")
    response = submit(admin, f"/admin/users/{user.id}/role", {"role": "resident"})
    assert response.status_code == 302
    assert not is_signed_in(first)
    assert not is_signed_in(copy)
    assert is_signed_in(admin)


def test_setting_the_same_role_again_keeps_sessions(app, signed_in):
    user, first, _ = _signed_in_pair(app, role="officer")
    admin = signed_in("admin")
    submit(admin, f"/admin/users/{user.id}/role", {"role": "officer"})
    assert is_signed_in(first)


def test_signing_out_one_account_leaves_other_accounts_signed_in(app):
    _, first, _ = _signed_in_pair(app)
    _, other, _ = _signed_in_pair(app)
    submit(first, "/sign-out", {}, token_from="/account")
    assert is_signed_in(other)


def test_a_forged_session_version_is_refused(app):
    user, first, _ = _signed_in_pair(app)
    for value in (f"{user.id}.2", f"{user.id}", f"{user.id}.x", f"{user.id}.١", "x.1", ""):
        with first.session_transaction() as session:
            session["_user_id"] = value
        assert not is_signed_in(first), value
