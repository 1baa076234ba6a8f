"""One account per mailbox: addresses are compared normalised (lower case; Gmail dots and
+tags, other providers' +tags), while mail goes to the address as the person typed it."""

import pytest
import sqlalchemy as sa
from flask_migrate import downgrade, upgrade

from consult.extensions import db
from consult.models import User
from consult.services.personal_data import erased_email
from tests import databases
from tests.conftest import sign_in, submit
from tests.factories import PASSWORD, make_user


def _user(normalised: str) -> User | None:
    db.session.expire_all()
    return db.session.scalars(sa.select(User).filter_by(email_normalised=normalised)).first()


def test_an_account_keeps_the_address_in_the_validators_form_and_its_mailbox(client, mailbox):
    response = submit(client, "/register", {"display_name": "John", "email":
                                            "John.Smith+consult@Gmail.com",
                                            "password": PASSWORD, "confirm": PASSWORD})
    assert response.status_code == 302
    user = _user("johnsmith@gmail.com")
    assert user.email == "John.Smith+consult@gmail.com"  # the local part as typed
    assert [m["To"] for m in mailbox.messages] == ["John.Smith+consult@gmail.com"]


FULLWIDTH_GMAIL = "j.smith+1@\uff47\uff4d\uff41\uff49\uff4c.com"


def test_a_fullwidth_spelling_of_a_known_mailbox_is_already_registered(client, mailbox):
    make_user(email="jsmith@gmail.com")
    response = submit(client, "/register", {"display_name": "J", "email": FULLWIDTH_GMAIL,
                                            "password": PASSWORD, "confirm": PASSWORD})
    assert response.headers["Location"] == "/register/check-your-email"
    db.session.expire_all()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(User)) == 1
    [message] = mailbox.messages
    assert message["To"] == "jsmith@gmail.com"
    assert message["Subject"] == "Someone tried to register with your email address"


def test_a_fullwidth_address_is_stored_and_mailed_in_its_deliverable_form(client, mailbox):
    submit(client, "/register", {"display_name": "J", "email": FULLWIDTH_GMAIL,
                                 "password": PASSWORD, "confirm": PASSWORD})
    user = _user("jsmith@gmail.com")
    assert user.email == "j.smith+1@gmail.com"
    assert [m["To"] for m in mailbox.messages] == ["j.smith+1@gmail.com"]


@pytest.mark.parametrize("existing, typed", [("ada@hotmail.co.uk", "ada+x@hotmail.co.uk"),
                                              ("ada@icloud.com", "Ada+news@me.com"),
                                              ("ada@me.com", "ada@mac.com")])
def test_the_providers_added_sign_in_to_the_same_account(app, existing, typed):
    user = make_user(email=existing)
    client = app.test_client()
    sign_in(client, typed, PASSWORD)
    with client.session_transaction() as session:
        assert session["_user_id"].startswith(f"{user.id}.")


def test_registering_a_variant_of_an_existing_address_is_already_registered(client, mailbox):
    make_user(email="johnsmith@gmail.com")
    response = submit(client, "/register", {"display_name": "John", "email":
                                            "John.Smith+x@Gmail.com",
                                            "password": PASSWORD, "confirm": PASSWORD})
    assert response.headers["Location"] == "/register/check-your-email"
    db.session.expire_all()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(User)) == 1
    [message] = mailbox.messages
    assert message["To"] == "johnsmith@gmail.com"
    assert message["Subject"] == "Someone tried to register with your email address"


@pytest.mark.parametrize("typed", ["johnsmith@gmail.com", "John.Smith@gmail.com",
                                   "j.o.h.n.s.m.i.t.h+anything@googlemail.com",
                                   " JOHNSMITH@GMAIL.COM "])
def test_any_spelling_of_the_mailbox_signs_in(app, typed):
    user = make_user(email="John.Smith@Gmail.com")
    client = app.test_client()
    sign_in(client, typed, PASSWORD)
    with client.session_transaction() as session:
        assert session["_user_id"].startswith(f"{user.id}.")


def test_an_outlook_plus_tag_reaches_the_same_account(app):
    user = make_user(email="ada@outlook.com")
    client = app.test_client()
    sign_in(client, "Ada+shopping@Outlook.com", PASSWORD)
    with client.session_transaction() as session:
        assert session["_user_id"].startswith(f"{user.id}.")


def test_the_database_refuses_two_accounts_for_one_mailbox(app):
    make_user(email="ada@example.org")
    with pytest.raises(sa.exc.IntegrityError):
        db.session.execute(sa.text(
            "INSERT INTO users (email, email_normalised, display_name, password_hash, role, "
            "created_at, session_version) VALUES ('Ada@Example.org', 'ada@example.org', 'A', "
            "'x', 'resident', CURRENT_TIMESTAMP, 1)"))
        db.session.flush()
    db.session.rollback()


def test_erased_accounts_can_each_hold_a_placeholder_address(app):
    first, second = make_user(), make_user()
    for user in (first, second):
        user.email = user.email_normalised = erased_email(user.id)
    db.session.commit()
    assert _user(erased_email(first.id)).id == first.id
    assert _user(erased_email(second.id)).id == second.id


# The command line


def _cli(app, *args, stdin=None):
    return app.test_cli_runner().invoke(args=list(args), input=stdin)


@pytest.mark.parametrize("bad", ["not-an-address", "two@@example.org", "a@b", "@example.org"])
def test_the_cli_refuses_a_malformed_address(app, bad):
    result = _cli(app, "users", "create", bad, stdin=PASSWORD + "\n")
    assert result.exit_code == 1
    assert "Enter an email address in the correct format" in result.output
    db.session.expire_all()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(User)) == 0


def test_the_cli_refuses_a_variant_of_an_existing_address(app):
    make_user(email="johnsmith@gmail.com")
    result = _cli(app, "users", "create", "John.Smith+staff@gmail.com", stdin=PASSWORD + "\n")
    assert result.exit_code == 1
    assert "already exists" in result.output


def test_the_cli_finds_an_account_by_any_spelling(app):
    user = make_user(email="John.Smith@gmail.com")
    result = _cli(app, "users", "set-role", "johnsmith+x@googlemail.com", "auditor")
    assert result.exit_code == 0, result.output
    assert _user("johnsmith@gmail.com").role == "auditor"
    assert user.id == _user("johnsmith@gmail.com").id


# The migration fills the new column for accounts made before it


@pytest.fixture
def database_at_0003(tmp_path):
    with databases.app_at_revision("0003", "emails", tmp_path):
        yield


def _insert_old_user(connection, email: str) -> None:
    connection.execute(sa.text(
        "INSERT INTO users (email, display_name, password_hash, role, created_at) "
        "VALUES (:email, 'Old', 'x', 'resident', CURRENT_TIMESTAMP)"), {"email": email})


def test_the_migration_fills_normalised_addresses_and_keeps_clashes_apart(database_at_0003):
    with db.engine.begin() as connection:
        for email in ("John.Smith@gmail.com", "johnsmith@gmail.com", "ada+x@outlook.com"):
            _insert_old_user(connection, email)
    upgrade(revision="0004")
    with db.engine.connect() as connection:
        rows = connection.execute(sa.text(
            "SELECT email, email_normalised, session_version FROM users ORDER BY id")).all()
    assert [tuple(row) for row in rows] == [
        ("John.Smith@gmail.com", "johnsmith@gmail.com", 1),
        ("johnsmith@gmail.com", "duplicate-2@invalid", 1),  # the older account keeps the box
        ("ada+x@outlook.com", "ada@outlook.com", 1),
    ]


def test_the_migration_goes_down_and_up_again_with_accounts_in_place(database_at_0003):
    with db.engine.begin() as connection:
        _insert_old_user(connection, "Ada@Example.org")
    upgrade(revision="0004")
    downgrade(revision="0003")
    columns = {column["name"] for column in sa.inspect(db.engine).get_columns("users")}
    assert not columns & {"email_normalised", "session_version", "totp_secret",
                          "totp_last_step"}
    upgrade(revision="0004")
    with db.engine.connect() as connection:
        assert connection.execute(sa.text("SELECT email_normalised FROM users")).scalar_one() \
            == "ada@example.org"
