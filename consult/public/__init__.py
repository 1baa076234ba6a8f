"""Public pages: the home page, the twin-link register and each link's history."""

from flask import Blueprint

bp = Blueprint("public", __name__)

from . import consultation_views, views  # noqa: E402,F401  (routes attach to bp)
