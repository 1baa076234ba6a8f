"""Roles and the permission table, as data."""

from .errors import UnknownRole

RESIDENT = "resident"
OFFICER = "officer"
AUDITOR = "auditor"
ADMIN = "admin"

ROLES = (RESIDENT, OFFICER, AUDITOR, ADMIN)

ROLE_LABELS = {
    RESIDENT: "Resident",
    OFFICER: "Council officer",
    AUDITOR: "Auditor",
    ADMIN: "Administrator",
}

# Permission -> roles that hold it. Admins hold every officer power as well as user management.
PERMISSIONS: dict[str, frozenset[str]] = {
    "manage_links": frozenset({OFFICER, ADMIN}),
    "manage_users": frozenset({ADMIN}),
    "view_audit_log": frozenset({AUDITOR, OFFICER, ADMIN}),
    # Optional two-factor sign-in is offered to staff accounts, not to residents.
    "use_two_factor": frozenset({AUDITOR, OFFICER, ADMIN}),
}


def check_role(role: str) -> str:
    """Return the role if it is known; raise UnknownRole otherwise."""
    if role not in ROLES:
        raise UnknownRole(f"Unknown role '{role}'. Choose one of: {', '.join(ROLES)}", field="role")
    return role


def has_permission(role: str | None, permission: str) -> bool:
    """True when the role holds the permission; unknown permissions are held by no one."""
    return role in PERMISSIONS.get(permission, frozenset())
