"""Officer pages for what follows a decision: its retrospective consultation and its review."""

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from .. import clock
from ..domain.errors import DomainError
from ..forms_base import BaseForm, add_error
from ..queries import follow_up_queries
from ..services import follow_up
from . import bp
from .decision_forms import ReviewRecordForm
from .loaders import load_decision


def _page(decision, *, review_form=None, recording=False):
    now, review_form = clock.now(), review_form or ReviewRecordForm()
    retrospective = follow_up_queries.retrospective_for(decision)
    return render_template(
        "officer/decisions/decision.html", decision=decision, retrospective=retrospective,
        overdue_since=follow_up_queries.overdue_since(decision, now),
        corrected=follow_up_queries.is_corrected(decision),
        review=follow_up_queries.review(decision.link, now),
        review_recorded=follow_up_queries.review_recorded(decision),
        review_form=review_form, form=review_form, recording=recording)


@bp.get("/decisions/<id:decision_id>")
def decision(decision_id: int):
    return _page(load_decision(decision_id))


def _draft_from(decision, start, message: str):
    """One step: the draft made by `start`, then its editor; a refusal is flashed."""
    if not BaseForm().validate_on_submit():
        return redirect(url_for("officer.decision", decision_id=decision.id))
    try:
        proposal = start(decision_id=decision.id, actor=current_user)
    except DomainError as exc:
        flash(exc.message, "error")
        return redirect(url_for("officer.decision", decision_id=decision.id))
    flash(message, "success")
    return redirect(url_for("officer.edit_consultation", proposal_id=proposal.id))


@bp.post("/decisions/<id:decision_id>/retrospective")
def open_retrospective(decision_id: int):
    return _draft_from(load_decision(decision_id), follow_up.open_retrospective,
                       _("A retrospective consultation has been drafted from the decision. Add "
                         "any other options, then publish it."))


@bp.post("/decisions/<id:decision_id>/review-consultation")
def start_review(decision_id: int):
    return _draft_from(load_decision(decision_id), follow_up.start_review,
                       _("A review consultation has been drafted from the decision. Check it, "
                         "then publish it."))


@bp.route("/decisions/<id:decision_id>/review", methods=["GET", "POST"])
def record_review(decision_id: int):
    decision = load_decision(decision_id)
    form = ReviewRecordForm()
    if form.validate_on_submit():
        try:
            follow_up.record_review(decision_id=decision.id, outcome=form.outcome.data,
                                    actor=current_user)
            flash(_("The review has been recorded on the link's history."), "success")
            return redirect(url_for("public.link_detail", slug=decision.link.slug))
        except DomainError as exc:
            add_error(form, exc.field, exc.message)
    return _page(decision, review_form=form, recording=True)
