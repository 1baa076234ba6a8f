"""Public pages: the home page, the twin-link register and each link's history."""

from flask import Blueprint

bp = Blueprint("public", __name__)

# Routes attach to bp.
from . import consultation_views, decision_views, receipt_views, views  # noqa: E402,F401
