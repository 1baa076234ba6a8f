"""Officer pages: the twin-link register, drafting and running consultations, moderation,
reviewing held responses, feedback and decisions."""

from flask import Blueprint

from ..access import guard_blueprint

bp = Blueprint("officer", __name__, url_prefix="/officer")
guard_blueprint(bp, "manage_links")

from . import (  # noqa: E402,F401  (routes attach to bp)
    analysis_export_views,
    analysis_views,
    codebook_views,
    decision_views,
    feedback_views,
    follow_up_views,
    invitation_views,
    moderation_views,
    proposal_views,
    request_views,
    review_views,
    suggestion_views,
    translation_views,
    views,
)
