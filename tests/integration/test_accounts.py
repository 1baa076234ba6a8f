"""Accounts through HTTP and the real SMTP server: register, confirm, sign in and out, reset."""

import re
import time
from contextlib import contextmanager
from email import message_from_bytes, policy
from urllib.parse import urlencode, urlsplit

import pytest
import sqlalchemy as sa
from itsdangerous import TimestampSigner, URLSafeTimedSerializer

from consult import config, create_app
from consult.config import ConfigError
from consult.infrastructure import tokens
from consult.models import AuditEntry, User, db
from consult.navigation import external_url
from consult.services import audit_log
from tests.conftest import CSRF_INPUT, sign_in, submit
from tests.factories import PASSWORD, make_user
from tests.security.account_helpers import install_movable_clock
from tests.smtp import text_of

NEW_PASSWORD = "another long passphrase"
HOME = "/"


def link_in(body: str) -> str:
    """The path of the one link in a mail body, as a person would follow it."""
    found = re.findall(r"https?://\S+", body)
    assert len(found) == 1, body
    return urlsplit(found[0]).path


def token_in(html: str) -> str:
    """The CSRF token on a page fetched with a base URL of the test's choosing."""
    return next(group for group in CSRF_INPUT.search(html).groups() if group)


def register(client, email: str, *, password: str = PASSWORD, name: str = "Ada"):
    return submit(client, "/register", {"display_name": name, "email": email,
                                        "password": password, "confirm": password})


def user_row(email: str) -> User | None:
    db.session.expire_all()
    return db.session.scalars(sa.select(User).filter_by(email_normalised=email)).first()


def count_users() -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(User))


def same_page(html: str, email: str) -> str:
    """A page with the parts that differ per request or per address taken out."""
    return re.sub(r'nonce="[^"]+"', 'nonce=""', html.replace(email, "EMAIL"))


def signed_in_as(client) -> str | None:
    with client.session_transaction() as session:
        return session.get("_user_id")


@contextmanager
def running(config: dict):
    """Another app on the same test database, for settings the shared app does not use."""
    application = create_app(config)
    with application.app_context():
        yield application
        db.session.remove()
        db.engine.dispose()


def verification_path(client, mailbox, email: str) -> str:
    assert register(client, email).status_code == 302
    return link_in(mailbox.last_body(email))


def reset_path(client, mailbox, email: str) -> str:
    assert submit(client, "/forgot-password", {"email": email}).status_code == 302
    return link_in(mailbox.last_body(email))


# Registration and email verification


def test_registering_sends_a_verification_email_and_shows_check_your_email(client, mailbox):
    response = register(client, "ada@example.org")
    assert response.status_code == 302
    assert response.headers["Location"] == "/register/check-your-email"
    assert "ada@example.org" in client.get("/register/check-your-email").get_data(as_text=True)
    [message] = mailbox.to("ada@example.org")
    assert message["Subject"] == "Confirm your email address"
    assert link_in(text_of(message)).startswith("/verify-email/")
    user = user_row("ada@example.org")
    assert user.role == "resident" and not user.is_verified


def test_opening_the_verification_link_shows_a_button_and_does_not_verify(client, mailbox):
    path = verification_path(client, mailbox, "ada@example.org")
    response = client.get(path)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Confirm my email address" in html
    assert f'action="{path}"' in html
    assert user_row("ada@example.org").email_verified_at is None


def test_pressing_the_confirm_button_verifies_the_email(client, mailbox):
    path = verification_path(client, mailbox, "ada@example.org")
    response = submit(client, path, {})
    assert response.status_code == 302
    assert response.headers["Location"] == "/sign-in"
    user = user_row("ada@example.org")
    assert user.is_verified
    actions = db.session.scalars(sa.select(AuditEntry.action).where(
        AuditEntry.subject == audit_log.account_subject(user)).order_by(AuditEntry.seq)).all()
    assert actions == ["account.created", "account.email_verified"]


def test_a_verification_link_cannot_be_used_twice(client, mailbox):
    path = verification_path(client, mailbox, "ada@example.org")
    assert submit(client, path, {}).status_code == 302
    again = client.get(path)
    assert again.status_code == 400
    assert "This link has already been used" in again.get_data(as_text=True)
    posted = submit(client, path, {}, token_from="/sign-in")
    assert posted.status_code == 400
    assert "already been used" in posted.get_data(as_text=True)


def test_a_forged_verification_link_is_refused(client, mailbox):
    path = verification_path(client, mailbox, "ada@example.org")
    forged = path[:-4] + ("AAAA" if not path.endswith("AAAA") else "BBBB")
    for target in (forged, "/verify-email/not-a-token", "/verify-email/" + "x" * 3000):
        response = client.get(target)
        assert response.status_code == 400, target
        assert "This link is not valid" in response.get_data(as_text=True)
    assert user_row("ada@example.org").email_verified_at is None


def test_a_password_reset_token_does_not_work_as_a_verification_link(client, mailbox):
    register(client, "ada@example.org")
    path = reset_path(client, mailbox, "ada@example.org")
    token = path.rsplit("/", 1)[1]
    response = client.get(f"/verify-email/{token}")
    assert response.status_code == 400
    assert user_row("ada@example.org").email_verified_at is None


def test_a_verification_link_signed_long_ago_has_expired(app, client, mailbox):
    register(client, "ada@example.org")
    user = user_row("ada@example.org")

    class LongAgo(TimestampSigner):
        def get_timestamp(self) -> int:
            return int(time.time()) - app.config["CONSULT_TOKEN_MAX_AGE"] - 60

    serializer = URLSafeTimedSerializer(app.config["SECRET_KEY"], salt=tokens.VERIFY,
                                        signer=LongAgo)
    token = serializer.dumps({"uid": user.id, "email": user.email})
    for response in (client.get(f"/verify-email/{token}"),
                     submit(client, f"/verify-email/{token}", {}, token_from="/sign-in")):
        assert response.status_code == 400
        assert "This link has expired" in response.get_data(as_text=True)
    assert user_row("ada@example.org").email_verified_at is None


def test_a_verification_link_expires_after_the_configured_age(app_config, mailbox, monkeypatch):
    mailbox.clear()
    movable = install_movable_clock(monkeypatch)
    with running({**app_config, "CONSULT_TOKEN_MAX_AGE": 1}) as application:
        client = application.test_client()
        path = verification_path(client, mailbox, "ada@example.org")
        assert client.get(path).status_code == 200
        movable.move(seconds=2)  # itsdangerous counts whole seconds: the age is now 2 > 1
        response = client.get(path)
        assert response.status_code == 400
        assert "This link has expired" in response.get_data(as_text=True)


def test_registering_an_existing_email_looks_the_same_and_mails_the_owner(client, mailbox):
    make_user(email="owner@example.org", display_name="Owner")
    users_before = count_users()
    new = register(client, "fresh@example.org")
    new_page = client.get(new.headers["Location"]).get_data(as_text=True)
    known = register(client, "OWNER@example.org ", password="a different passphrase")
    known_page = client.get(known.headers["Location"]).get_data(as_text=True)

    assert (known.status_code, known.headers["Location"]) == (new.status_code,
                                                             new.headers["Location"])
    assert same_page(known_page, "owner@example.org") == same_page(new_page, "fresh@example.org")
    assert count_users() == users_before + 1  # only fresh@ was created
    [warning] = mailbox.to("owner@example.org")
    assert warning["Subject"] == "Someone tried to register with your email address"
    assert link_in(text_of(warning)) == "/forgot-password"
    assert mailbox.to("fresh@example.org")[0]["Subject"] == "Confirm your email address"


def test_links_in_emails_ignore_the_host_the_request_names(app_config, mailbox):
    mailbox.clear()
    with running({**app_config, "CONSULT_BASE_URL": "https://consult.example"}) as application:
        make_user(email="ada@example.org")
        client = application.test_client()
        evil = {"base_url": "http://evil.example"}
        page = client.get("/forgot-password", **evil).get_data(as_text=True)
        token = token_in(page)
        client.post("/forgot-password", data={"csrf_token": token, "email": "ada@example.org"},
                    **evil)
    body = mailbox.last_body("ada@example.org")
    assert "https://consult.example/reset-password/" in body
    assert "evil.example" not in body


def test_production_refuses_to_serve_without_a_base_url_for_links_in_emails(monkeypatch):
    monkeypatch.setenv("CONSULT_ENV", "production")
    monkeypatch.delenv("CONSULT_BASE_URL", raising=False)
    app = create_app()  # the command line builds no links: it may run without one
    with pytest.raises(ConfigError, match="CONSULT_BASE_URL"):
        config.check_serving(app.config, workers=1)
    with app.test_request_context(base_url="http://evil.example"), \
            pytest.raises(ConfigError, match="CONSULT_BASE_URL"):
        external_url("public.index")


# Passwords


def test_passwords_shorter_than_12_characters_are_refused(client, mailbox):
    response = register(client, "ada@example.org", password="elevenchars")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "There is a problem" in html
    assert "Password must be between 12 and 200 characters" in html
    assert user_row("ada@example.org") is None
    assert mailbox.messages == []


def test_passwords_are_stored_as_argon2id_hashes(client):
    register(client, "ada@example.org")
    stored = db.session.execute(sa.text("SELECT password_hash FROM users WHERE email = :e"),
                                {"e": "ada@example.org"}).scalar_one()
    assert stored.startswith("$argon2id$")
    assert PASSWORD not in stored


# Signing in and out


def test_a_verified_user_signs_in_and_lands_on_the_home_page(client):
    user = make_user(email="ada@example.org")
    response = sign_in(client, "ada@example.org", PASSWORD)
    assert response.headers["Location"] == HOME
    assert signed_in_as(client).startswith(f"{user.id}.")
    assert user_row("ada@example.org").last_login_at is not None


@pytest.mark.parametrize("email, password", [
    ("ada@example.org", "not the right passphrase"),
    ("nobody@example.org", PASSWORD),
], ids=["wrong password", "unknown email"])
def test_a_failed_sign_in_shows_the_same_message(client, email, password):
    make_user(email="ada@example.org")
    response = submit(client, "/sign-in", {"email": email, "password": password})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "There is a problem" in html
    assert html.count("Enter a correct email address and password") == 2  # summary and inline
    assert f'value="{email}"' in html
    assert password not in html
    assert signed_in_as(client) is None


@pytest.mark.parametrize("target, expected", [
    ("/officer/", "/officer/"),
    ("/links?status=suspended", "/links?status=suspended"),
    ("https://evil.example", HOME),
    ("//evil.example", HOME),
    ("/\\evil.example", HOME),
    ("javascript:alert(1)", HOME),
    ("/\tevil.example", HOME),
    ("http:/evil.example", HOME),
])
def test_next_only_redirects_to_a_path_on_this_site(client, target, expected):
    make_user(email="officer@example.org", role="officer")
    path = "/sign-in?" + urlencode({"next": target})
    response = submit(client, path, {"email": "officer@example.org", "password": PASSWORD})
    assert response.status_code == 302
    assert response.headers["Location"] == expected


def test_a_protected_page_sends_anonymous_people_to_sign_in_and_back(client):
    make_user(email="officer@example.org", role="officer")
    response = client.get("/officer/")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/sign-in?next=")
    signed = submit(client, response.headers["Location"],
                    {"email": "officer@example.org", "password": PASSWORD})
    assert signed.headers["Location"] == "/officer/"


def test_the_session_cookie_is_httponly_and_samesite_lax(client):
    make_user(email="ada@example.org")
    cookie = sign_in(client, "ada@example.org", PASSWORD).headers["Set-Cookie"]
    assert cookie.startswith("session=")
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie
    assert "Secure" not in cookie  # testing runs over plain http


def test_in_production_the_session_cookie_is_secure(app_config, monkeypatch):
    monkeypatch.setenv("CONSULT_ENV", "production")
    monkeypatch.setenv("CONSULT_BASE_URL", "https://consult.test")
    overrides = {key: value for key, value in app_config.items() if key != "TESTING"}
    with running(overrides) as application:
        assert application.config["SESSION_COOKIE_SECURE"] is True
        make_user(email="ada@example.org")
        client = application.test_client()
        https = {"base_url": "https://consult.test"}
        page = client.get("/sign-in", **https)
        assert page.headers["Strict-Transport-Security"].startswith("max-age=")
        token = token_in(page.get_data(as_text=True))
        # Flask-WTF checks the Referer of HTTPS posts, as a browser sends it.
        response = client.post("/sign-in", data={"csrf_token": token, "email": "ada@example.org",
                                                 "password": PASSWORD},
                               headers={"Referer": "https://consult.test/sign-in"}, **https)
        assert response.status_code == 302
        cookie = response.headers["Set-Cookie"]
        assert "; Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_sign_out_is_post_only(client):
    make_user(email="ada@example.org")
    sign_in(client, "ada@example.org", PASSWORD)
    response = client.get("/sign-out")
    assert response.status_code == 405
    assert "That action is not allowed on this page." in response.get_data(as_text=True)
    assert "POST" in response.headers["Allow"] and "GET" not in response.headers["Allow"]
    assert signed_in_as(client) is not None


def test_signing_out_clears_the_session(client):
    make_user(email="ada@example.org")
    sign_in(client, "ada@example.org", PASSWORD)
    with client.session_transaction() as session:
        session["pending_email"] = "ada@example.org"
    response = submit(client, "/sign-out", {}, token_from="/account")
    assert response.status_code == 302
    assert response.headers["Location"] == HOME
    with client.session_transaction() as session:
        assert "_user_id" not in session and "pending_email" not in session
    assert client.get("/account").status_code == 302


# Password reset


def test_forgot_password_answers_the_same_for_known_and_unknown_emails(client, mailbox):
    make_user(email="ada@example.org")
    known = submit(client, "/forgot-password", {"email": "ada@example.org"})
    known_page = client.get(known.headers["Location"]).get_data(as_text=True)
    unknown = submit(client, "/forgot-password", {"email": "nobody@example.org"})
    unknown_page = client.get(unknown.headers["Location"]).get_data(as_text=True)

    assert known.status_code == unknown.status_code == 302
    assert known.headers["Location"] == unknown.headers["Location"] == "/forgot-password/sent"
    assert same_page(known_page, "ada@example.org") == same_page(unknown_page,
                                                                 "nobody@example.org")
    assert [m["To"] for m in mailbox.messages] == ["ada@example.org"]
    assert mailbox.messages[0]["Subject"] == "Reset your password"


def test_a_reset_link_changes_the_password_once(client, mailbox):
    make_user(email="ada@example.org")
    path = reset_path(client, mailbox, "ada@example.org")
    assert client.get(path).status_code == 200
    response = submit(client, path, {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert response.status_code == 302
    assert response.headers["Location"] == "/sign-in"

    again = client.get(path)
    assert again.status_code == 400
    assert "This link has already been used" in again.get_data(as_text=True)
    reuse = submit(client, path, {"password": "yet another passphrase",
                                  "confirm": "yet another passphrase"}, token_from="/sign-in")
    assert reuse.status_code == 400


def test_after_a_reset_only_the_new_password_works(client, mailbox):
    make_user(email="ada@example.org")
    path = reset_path(client, mailbox, "ada@example.org")
    submit(client, path, {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})

    old = submit(client, "/sign-in", {"email": "ada@example.org", "password": PASSWORD})
    assert old.status_code == 200
    assert "Enter a correct email address and password" in old.get_data(as_text=True)
    assert sign_in(client, "ada@example.org", NEW_PASSWORD).headers["Location"] == HOME
    actions = db.session.scalars(sa.select(AuditEntry.action)).all()
    assert "account.password_reset" in actions


def test_a_reset_signs_out_the_users_other_sessions(app, client, mailbox):
    make_user(email="ada@example.org")
    elsewhere = app.test_client()
    sign_in(elsewhere, "ada@example.org", PASSWORD)
    assert elsewhere.get("/account").status_code == 200

    path = reset_path(client, mailbox, "ada@example.org")
    submit(client, path, {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})

    response = elsewhere.get("/account")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/sign-in")


def test_a_reset_confirms_an_unverified_email(client, mailbox):
    make_user(email="ada@example.org", verified=False)
    path = reset_path(client, mailbox, "ada@example.org")
    submit(client, path, {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert user_row("ada@example.org").is_verified


def test_a_reset_to_a_short_password_is_refused_and_the_link_still_works(client, mailbox):
    make_user(email="ada@example.org")
    path = reset_path(client, mailbox, "ada@example.org")
    response = submit(client, path, {"password": "too short", "confirm": "too short"})
    assert response.status_code == 200
    assert "New password must be between 12 and 200 characters" in response.get_data(as_text=True)
    assert client.get(path).status_code == 200


def test_a_forged_reset_link_is_refused(client, mailbox):
    make_user(email="ada@example.org")
    path = reset_path(client, mailbox, "ada@example.org")
    response = client.get(path[:-3] + "xyz")
    assert response.status_code == 400
    assert "This link is not valid" in response.get_data(as_text=True)


# Mail without a server, rate limits


def test_without_a_mail_server_messages_are_written_to_the_outbox(app_config, tmp_path):
    config = {**app_config, "MAIL_SERVER": "", "INSTANCE_PATH": str(tmp_path)}
    with running(config) as application:
        client = application.test_client()
        assert register(client, "ada@example.org").status_code == 302
    [eml] = (tmp_path / "outbox").glob("*.eml")
    message = message_from_bytes(eml.read_bytes(), policy=policy.default)
    assert message["To"] == "ada@example.org"
    assert message["Subject"] == "Confirm your email address"
    assert link_in(text_of(message)).startswith("/verify-email/")


def test_too_many_sign_in_attempts_get_a_429_page(app_config):
    config = {**app_config, "RATELIMIT_ENABLED": True, "CONSULT_LOGIN_LIMIT": "3 per minute"}
    with running(config) as application:
        make_user(email="ada@example.org")
        client = application.test_client()
        wrong = {"email": "ada@example.org", "password": "not the right passphrase"}
        for _ in range(3):
            assert submit(client, "/sign-in", wrong).status_code == 200
        response = submit(client, "/sign-in", {"email": "ada@example.org", "password": PASSWORD})
        assert response.status_code == 429
        html = response.get_data(as_text=True)
        assert "Too many attempts. Wait a minute and try again." in html
        assert "Retry-After" in response.headers
        assert client.get("/sign-in").status_code == 200  # reading the page is not limited
        assert signed_in_as(client) is None


# The command line


def run_cli(app, *args: str, stdin: str | None = None):
    return app.test_cli_runner().invoke(args=list(args), input=stdin)


def test_the_cli_creates_a_verified_officer_with_a_password_from_stdin(app, client):
    result = run_cli(app, "users", "create", "Officer@Example.org", "--role", "officer",
                     "--name", "Olu", stdin=PASSWORD + "\n")
    assert result.exit_code == 0, result.output
    assert "Created officer@example.org as officer." in result.output
    user = user_row("officer@example.org")
    assert (user.role, user.display_name, user.is_verified) == ("officer", "Olu", True)
    assert user.password_hash.startswith("$argon2id$")
    assert sign_in(client, "officer@example.org", PASSWORD)
    assert client.get("/officer/").status_code == 200


def test_the_cli_refuses_a_short_password_and_a_duplicate_email(app):
    short = run_cli(app, "users", "create", "a@example.org", stdin="short\n")
    assert short.exit_code == 1
    assert "Password must be at least 12 characters" in short.output
    assert user_row("a@example.org") is None
    make_user(email="taken@example.org")
    duplicate = run_cli(app, "users", "create", "taken@example.org", stdin=PASSWORD + "\n")
    assert duplicate.exit_code == 1
    assert "already exists" in duplicate.output


def test_the_cli_changes_a_role(app):
    make_user(email="ada@example.org")
    result = run_cli(app, "users", "set-role", "ada@example.org", "auditor")
    assert result.exit_code == 0, result.output
    assert user_row("ada@example.org").role == "auditor"
    entry = db.session.scalars(sa.select(AuditEntry).order_by(AuditEntry.seq.desc())).first()
    assert (entry.action, entry.actor) == ("account.role_changed", "system (command line)")
    assert entry.details == {"from": "resident", "to": "auditor"}


def test_the_cli_refuses_an_unknown_account_or_role(app):
    unknown = run_cli(app, "users", "set-role", "nobody@example.org", "officer")
    assert unknown.exit_code == 2 and "must register first" in unknown.output
    make_user(email="ada@example.org")
    assert run_cli(app, "users", "set-role", "ada@example.org", "emperor").exit_code == 2
    assert user_row("ada@example.org").role == "resident"


def test_the_last_administrator_cannot_be_demoted(app):
    make_user(email="boss@example.org", role="admin")
    result = run_cli(app, "users", "set-role", "boss@example.org", "officer")
    assert result.exit_code == 1
    assert "only administrator" in result.output
    assert user_row("boss@example.org").role == "admin"

    make_user(email="deputy@example.org", role="admin")
    assert run_cli(app, "users", "set-role", "boss@example.org", "officer").exit_code == 0
    assert user_row("boss@example.org").role == "officer"
    assert run_cli(app, "users", "set-role", "deputy@example.org", "resident").exit_code == 1


def test_a_password_is_kept_exactly_as_typed_spaces_at_the_ends_included(client):
    user = make_user(password="  spaces at both ends  ")
    refused = submit(client, "/sign-in", {"email": user.email, "password": "spaces at both ends"})
    assert refused.status_code == 200
    assert "Enter a correct email address and password" in refused.get_data(as_text=True)
    sign_in(client, user.email, "  spaces at both ends  ")
