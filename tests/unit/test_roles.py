"""Roles and the permission table."""

import pytest

from consult.domain import roles
from consult.domain.errors import UnknownRole


@pytest.mark.parametrize(("role", "permission", "held"), [
    ("resident", "manage_links", False), ("auditor", "manage_links", False),
    ("officer", "manage_links", True), ("admin", "manage_links", True),
    ("officer", "manage_users", False), ("admin", "manage_users", True),
    ("auditor", "view_audit_log", True), ("resident", "view_audit_log", False),
    (None, "manage_links", False), ("admin", "no_such_permission", False),
])
def test_the_permission_table_decides_who_may_do_what(role, permission, held):
    assert roles.has_permission(role, permission) is held


def test_an_unknown_role_is_refused():
    with pytest.raises(UnknownRole):
        roles.check_role("superuser")
