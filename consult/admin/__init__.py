"""Administrator pages: people and their roles."""

from flask import Blueprint

from ..access import guard_blueprint

bp = Blueprint("admin", __name__, url_prefix="/admin")
guard_blueprint(bp, "manage_users")

from . import views  # noqa: E402,F401  (routes attach to bp)
