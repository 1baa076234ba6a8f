"""Public pages: home, the twin-link register and each link's history, consultations (reading,
responding, commenting, receipts, results), decisions, and the service's own pages."""

from flask import Blueprint

bp = Blueprint("public", __name__)

# Routes attach to bp; the blueprint registers every view module here, and only here.
from . import (  # noqa: E402,F401
    consultation_views,
    decision_views,
    follow_views,
    language_views,
    participation_views,
    privacy_views,
    receipt_views,
    request_views,
    views,
)
