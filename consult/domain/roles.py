"""Roles and the permission table, as data."""

from .errors import UnknownRole
from .i18n import N_

RESIDENT = "resident"
OFFICER = "officer"
AUDITOR = "auditor"
ADMIN = "admin"

ROLES = (RESIDENT, OFFICER, AUDITOR, ADMIN)

ROLE_LABELS = {
    RESIDENT: N_("Resident"),
    OFFICER: N_("Council officer"),
    AUDITOR: N_("Auditor"),
    ADMIN: N_("Administrator"),
}

# Permission -> roles that hold it. Admins hold every officer power as well as user management.
PERMISSIONS: dict[str, frozenset[str]] = {
    "manage_links": frozenset({OFFICER, ADMIN}),
    # Residents' requests for a consultation (issue 16): publish or reject, and answer.
    "moderate_requests": frozenset({OFFICER, ADMIN}),
    "answer_requests": frozenset({OFFICER, ADMIN}),
    "manage_users": frozenset({ADMIN}),
    "view_audit_log": frozenset({AUDITOR, OFFICER, ADMIN}),
    # Optional two-factor sign-in is offered to staff accounts, not to residents.
    "use_two_factor": frozenset({AUDITOR, OFFICER, ADMIN}),
}


def check_role(role: str) -> str:
    """Return the role if it is known; raise UnknownRole otherwise."""
    if role not in ROLES:
        raise UnknownRole(N_("Unknown role '%(role)s'. Choose one of: %(roles)s"), field="role",
                          role=role, roles=", ".join(ROLES))
    return role


def has_permission(role: str | None, permission: str) -> bool:
    """True when the role holds the permission; unknown permissions are held by no one."""
    return role in PERMISSIONS.get(permission, frozenset())
