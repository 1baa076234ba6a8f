"""Officer pages for the council's feedback ("you said, we did") and corrections to it."""

from flask import abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from .. import clock
from ..domain.errors import DomainError
from ..forms_base import add_error
from ..queries import feedback_queries
from ..services import feedback as feedback_service
from . import bp
from .feedback_forms import FeedbackNoteForm, feedback_form
from .loaders import load_proposal


def _attempt(form, change):
    if not form.validate_on_submit():
        return None
    try:
        return change()
    except DomainError as exc:
        add_error(form, exc.field, exc.message)
        return None


def _analysis_url(proposal_id: int) -> str:
    """Where officers code reasons and choose quotations."""
    return url_for(".analysis_page", proposal_id=proposal_id)


def _to_feedback(proposal_id: int, message: str):
    flash(message, "success")
    return redirect(url_for("public.consultation", proposal_id=proposal_id, _anchor="feedback"))


@bp.route("/consultations/<id:proposal_id>/feedback", methods=["GET", "POST"])
def publish_feedback(proposal_id: int):
    proposal = load_proposal(proposal_id)
    share = current_app.config["CONSULT_UNANSWERED_SHARE"]
    page = feedback_queries.publishing(proposal, large_share=share)
    form = feedback_form([theme["id"] for theme in page["themes"]])
    if _attempt(form, lambda: feedback_service.publish(
            proposal_id=proposal.id, summary=form.summary.data, answers=form.answers(),
            unanswered_reason=form.unanswered_reason.data or "", actor=current_user,
            large_share=share)):
        return _to_feedback(proposal.id, _("The feedback has been published."))
    return render_template(
        "officer/consultations/publish_feedback.html", form=form, proposal=proposal,
        totals=feedback_queries.totals(proposal), status=proposal.status_at(clock.now()),
        feedback=feedback_queries.get_for(proposal.id),
        analysis_url=_analysis_url(proposal.id), **page)


@bp.route("/consultations/<id:proposal_id>/feedback/notes/new", methods=["GET", "POST"])
def new_feedback_note(proposal_id: int):
    proposal = load_proposal(proposal_id)
    feedback = feedback_queries.get_for(proposal.id)
    if feedback is None:
        abort(404)
    form = FeedbackNoteForm()
    if _attempt(form, lambda: feedback_service.add_note(
            feedback_id=feedback.id, body=form.body.data, actor=current_user)):
        return _to_feedback(proposal.id, _("The correction has been added."))
    return render_template("officer/consultations/new_feedback_note.html",
                           form=form, proposal=proposal, feedback=feedback)


# The pages' addresses from before feedback had its own word, kept for officers' bookmarks.
@bp.get("/consultations/<id:proposal_id>/response/new")
def old_publish_feedback_address(proposal_id: int):
    return redirect(url_for("officer.publish_feedback", proposal_id=proposal_id), code=308)


@bp.get("/consultations/<id:proposal_id>/response/notes/new")
def old_feedback_note_address(proposal_id: int):
    return redirect(url_for("officer.new_feedback_note", proposal_id=proposal_id), code=308)
