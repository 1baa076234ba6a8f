"""Through the pages, the mail and the command line: display names are one line, and a common
password is refused wherever a password is set (issue 12, items 12 and 13)."""

import pytest
import sqlalchemy as sa

from consult.extensions import db
from consult.models import User
from tests.conftest import sign_in, submit
from tests.factories import PASSWORD, make_user
from tests.smtp import text_of

COMMON = "aaaaaaaaaaaa"
NAME_ERROR = "Display name must be on one line"
PASSWORD_ERROR = "Choose a password that is harder to guess"


def _register(client, *, name="Ada", password=PASSWORD, email="ada@example.org"):
    return submit(client, "/register", {"display_name": name, "email": email,
                                        "password": password, "confirm": password})


def _accounts() -> int:
    db.session.expire_all()
    return db.session.scalar(sa.select(sa.func.count()).select_from(User))


@pytest.mark.parametrize("name", ["Ada\nDear resident, visit evil.example",
                                  "Ada\r\nBcc: victim@example.org", "Ada\u2028Second line"])
def test_registering_with_a_name_on_two_lines_is_a_form_error_and_sends_no_mail(
        client, mailbox, name):
    response = _register(client, name=name)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "govuk-error-summary" in html and NAME_ERROR in html
    assert 'href="#display_name"' in html
    assert _accounts() == 0 and mailbox.messages == []


def test_a_one_line_name_reaches_the_mail_on_its_own_greeting_line(client, mailbox):
    assert _register(client, name="Ada Lovelace").status_code == 302
    [message] = mailbox.messages
    assert text_of(message).splitlines()[0] == "Hello Ada Lovelace,"


def test_registering_with_a_common_password_is_a_form_error(client, mailbox):
    response = _register(client, password=COMMON)
    assert response.status_code == 200
    assert PASSWORD_ERROR in response.get_data(as_text=True)
    assert _accounts() == 0 and mailbox.messages == []


def test_a_common_password_is_refused_the_same_for_a_known_address(client, mailbox):
    make_user(email="ada@example.org")
    response = _register(client, password=COMMON)
    assert response.status_code == 200 and PASSWORD_ERROR in response.get_data(as_text=True)
    assert mailbox.messages == []


def test_changing_to_a_common_password_is_refused(app):
    user = make_user(email="ada@example.org")
    client = app.test_client()
    sign_in(client, "ada@example.org", PASSWORD)
    response = submit(client, "/account/password", {
        "current_password": PASSWORD, "password": "password1234", "confirm": "password1234"})
    assert response.status_code == 200
    assert PASSWORD_ERROR in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(User, user.id).session_version == user.session_version


def test_resetting_to_a_common_password_is_refused(client, mailbox):
    make_user(email="ada@example.org")
    assert submit(client, "/forgot-password", {"email": "ada@example.org"}).status_code == 302
    path = "/" + mailbox.last_body("ada@example.org").split("/", 3)[3].split()[0]
    response = submit(client, path, {"password": COMMON, "confirm": COMMON})
    assert response.status_code == 200
    assert PASSWORD_ERROR in response.get_data(as_text=True)
    sign_in(client, "ada@example.org", PASSWORD)  # the old password still works


def _cli(app, *args, stdin=PASSWORD + "\n"):
    return app.test_cli_runner().invoke(args=list(args), input=stdin)


def test_the_cli_refuses_a_common_password(app):
    result = _cli(app, "users", "create", "ada@example.org", stdin=COMMON + "\n")
    assert result.exit_code == 1 and PASSWORD_ERROR in result.output
    assert _accounts() == 0


def test_the_cli_refuses_a_name_on_two_lines(app):
    result = _cli(app, "users", "create", "ada@example.org", "--name", "Ada\nOfficer")
    assert result.exit_code == 1 and NAME_ERROR in result.output
    assert _accounts() == 0
