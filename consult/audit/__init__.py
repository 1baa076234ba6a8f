"""The audit log for everyone: browse it, download it, verify it; staff actions for auditors."""

from flask import Blueprint

bp = Blueprint("audit", __name__, url_prefix="/audit")

from . import views  # noqa: E402,F401  (routes attach to bp)
