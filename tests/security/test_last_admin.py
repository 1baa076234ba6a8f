"""The service always keeps an administrator: the last one cannot be demoted, by the web
form or by the command line."""

import sqlalchemy as sa

from consult.models import AuditEntry, User, db
from tests.conftest import submit
from tests.factories import make_user
from tests.security.account_helpers import fresh_user


def _admins() -> int:
    db.session.expire_all()
    return db.session.scalar(sa.select(sa.func.count()).where(User.role == "admin"))


def _role_changes() -> int:
    db.session.expire_all()
    return db.session.scalar(sa.select(sa.func.count()).where(
        AuditEntry.action == "account.role_changed"))


def test_the_only_admin_cannot_demote_themselves_on_the_web(signed_in):
    admin = signed_in("admin")
    path = f"/admin/users/{admin.user.id}/role"
    response = submit(admin, path, {"role": "officer"})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "There is a problem" in html
    assert html.count("This is the only administrator") == 2  # summary and the role field
    assert 'href="#role"' in html
    assert fresh_user(admin.user.id).role == "admin"
    assert _role_changes() == 0


def test_with_two_admins_one_may_be_demoted_but_not_the_second(signed_in):
    admin = signed_in("admin")
    deputy = make_user(role="admin")
    assert submit(admin, f"/admin/users/{deputy.id}/role", {"role": "officer"}).status_code == 302
    assert fresh_user(deputy.id).role == "officer"
    refused = submit(admin, f"/admin/users/{admin.user.id}/role", {"role": "resident"})
    assert refused.status_code == 200
    assert _admins() == 1


def test_an_admin_may_step_down_once_someone_else_is_admin(signed_in):
    admin = signed_in("admin")
    person = make_user()
    submit(admin, f"/admin/users/{person.id}/role", {"role": "admin"})
    response = submit(admin, f"/admin/users/{admin.user.id}/role", {"role": "officer"})
    assert response.status_code == 302
    assert fresh_user(admin.user.id).role == "officer"
    assert fresh_user(person.id).role == "admin"
    assert admin.get("/admin/users").status_code in (302, 403)  # no longer an administrator


def test_the_command_line_cannot_demote_the_last_admin(app):
    boss = make_user(role="admin", email="boss@example.org")
    result = app.test_cli_runner().invoke(args=["users", "set-role", "boss@example.org",
                                                "resident"])
    assert result.exit_code == 1
    assert "only administrator" in result.output
    assert fresh_user(boss.id).role == "admin"
    assert _role_changes() == 0


def test_an_admin_keeping_their_role_is_not_refused(signed_in):
    admin = signed_in("admin")
    response = submit(admin, f"/admin/users/{admin.user.id}/role", {"role": "admin"})
    assert response.status_code == 302
    assert fresh_user(admin.user.id).role == "admin"
