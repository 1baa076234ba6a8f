"""Role guards for audience blueprints and single routes, read from the permission table."""

import functools

from flask import Blueprint, abort
from flask_login import current_user

from .domain.roles import has_permission
from .extensions import login_manager


def guard_blueprint(blueprint: Blueprint, permission: str) -> None:
    """Every route of the blueprint: anonymous -> sign in; a role without permission -> 403."""

    @blueprint.before_request
    def _require_permission():
        if not current_user.is_authenticated:
            return login_manager.unauthorized()
        if not has_permission(current_user.role, permission):
            abort(403)
        return None


def permission_required(permission: str):
    """One route of an otherwise open blueprint: anonymous -> sign in; no permission -> 403."""

    def decorate(view):
        @functools.wraps(view)
        def wrapper(*args, **kwargs):
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if not has_permission(current_user.role, permission):
                abort(403)
            return view(*args, **kwargs)

        return wrapper

    return decorate
