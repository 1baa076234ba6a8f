"""Officer pages for decisions and feedback ("you said, we did")."""

import re

from flask import abort, current_app, flash, redirect, render_template, url_for
from flask_babel import format_date
from flask_babel import gettext as _
from flask_login import current_user
from wtforms import SelectChoice

from .. import clock
from ..auth.fresh import fresh_sign_in_required
from ..domain import decisions as decision_rules
from ..domain.errors import DomainError
from ..domain.i18n import N_
from ..forms_base import add_error
from ..models import Decision, Proposal
from ..queries import decision_queries, feedback_queries, results
from ..services import decisions
from ..services import feedback as feedback_service
from . import bp
from .decision_forms import (
    ConsultedDecisionForm,
    FeedbackForm,
    FeedbackNoteForm,
    UnconsultedDecisionForm,
)
from .loaders import load_link, load_proposal

_ROW_FIELD = re.compile(r"^themes-(\d+)-(\w+)$")
# Domain errors about the link's status belong with the outcome that would change it.
_ALIASES = {"status": "outcome"}
# "Yes, it corrects decision 4 of 01/02/2027 (rejected)": one whole sentence per outcome.
_CORRECTS = {
    decision_rules.ADOPTED: N_("Yes, it corrects decision %(id)s of %(date)s (adopted as "
                               "proposed)"),
    decision_rules.ADOPTED_WITH_CHANGES: N_("Yes, it corrects decision %(id)s of %(date)s "
                                            "(adopted with changes)"),
    decision_rules.REJECTED: N_("Yes, it corrects decision %(id)s of %(date)s (rejected)"),
    decision_rules.DEFERRED: N_("Yes, it corrects decision %(id)s of %(date)s (deferred)"),
}


def _place_error(form, name: str | None, message: str) -> None:
    """A domain error on its field; a theme row's error on that row's own input."""
    row = _ROW_FIELD.match(name or "")
    if row and hasattr(form, "themes"):
        field = form.themes.entries[int(row[1])].form[row[2]]
        field.errors = [*field.errors, message]
        form.themes.errors = [entry.errors for entry in form.themes.entries]
        return
    add_error(form, _ALIASES.get(name, name), message)


def _attempt(form, change):
    if not form.validate_on_submit():
        return None
    try:
        return change()
    except DomainError as exc:
        _place_error(form, exc.field, exc.message)
        return None


def _corrections(form, records: list[Decision]) -> None:
    form.corrects_id.choices = [SelectChoice("", _("No, this is a new decision"))] + [
        SelectChoice(str(d.id), _(_CORRECTS[d.outcome], id=d.id,
                                  date=format_date(d.decided_on, "short")))
        for d in decision_queries.correctable(records)]


def _consulted_form(proposal: Proposal) -> ConsultedDecisionForm:
    form = ConsultedDecisionForm(data={"title": proposal.title, "summary": proposal.summary})
    form.matched_option.choices = [SelectChoice(str(o.id), o.label)
                                   for o in proposal.options] + [
        SelectChoice("none", _("None of the options"))]
    _corrections(form, decision_queries.for_proposal(proposal.id))
    return form


def _recorded(decision: Decision):
    flash(_("The decision has been recorded."), "success")
    return redirect(url_for("public.decision", decision_id=decision.id))


@bp.route("/consultations/<id:proposal_id>/decisions/new", methods=["GET", "POST"])
@fresh_sign_in_required
def new_consultation_decision(proposal_id: int):
    proposal = load_proposal(proposal_id)
    form = _consulted_form(proposal)
    decision = _attempt(form, lambda: decisions.record(
        proposal_id=proposal.id, written=form.record(), actor=current_user))
    if decision:
        return _recorded(decision)
    return render_template(
        "officer/decisions/new_consultation_decision.html", form=form, proposal=proposal,
        tally=results.tally(proposal), groups=results.headline_groups(proposal),
        status=proposal.status_at(clock.now()),
        feedback=feedback_queries.get_for(proposal.id))


@bp.route("/links/<slug>/decisions/new", methods=["GET", "POST"])
@fresh_sign_in_required
def new_link_decision(slug: str):
    link = load_link(slug)
    form = UnconsultedDecisionForm()
    _corrections(form, decision_queries.unconsulted_for_link(link.id))
    days = current_app.config["CONSULT_RETROSPECTIVE_DAYS"]
    decision = _attempt(form, lambda: decisions.record_without_consultation(
        link_id=link.id, written=form.record(), actor=current_user, retrospective_days=days))
    if decision:
        return _recorded(decision)
    return render_template("officer/decisions/new_link_decision.html", form=form, link=link,
                           retrospective_days=days)


@bp.route("/consultations/<id:proposal_id>/feedback", methods=["GET", "POST"])
def publish_feedback(proposal_id: int):
    proposal = load_proposal(proposal_id)
    form = FeedbackForm()
    if _attempt(form, lambda: feedback_service.publish(
            proposal_id=proposal.id, summary=form.summary.data, themes=form.theme_rows(),
            actor=current_user)):
        flash(_("The feedback has been published."), "success")
        return redirect(url_for("public.consultation", proposal_id=proposal.id,
                                _anchor="feedback"))
    return render_template(
        "officer/consultations/publish_feedback.html", form=form,
        proposal=proposal, totals=feedback_queries.totals(proposal),
        status=proposal.status_at(clock.now()),
        feedback=feedback_queries.get_for(proposal.id))


@bp.route("/consultations/<id:proposal_id>/feedback/notes/new", methods=["GET", "POST"])
def new_feedback_note(proposal_id: int):
    proposal = load_proposal(proposal_id)
    feedback = feedback_queries.get_for(proposal.id)
    if feedback is None:
        abort(404)
    form = FeedbackNoteForm()
    if _attempt(form, lambda: feedback_service.add_note(
            feedback_id=feedback.id, body=form.body.data, actor=current_user)):
        flash(_("The correction has been added."), "success")
        return redirect(url_for("public.consultation", proposal_id=proposal.id,
                                _anchor="feedback"))
    return render_template("officer/consultations/new_feedback_note.html",
                           form=form, proposal=proposal, feedback=feedback)


# The pages' addresses from before feedback had its own word, kept for officers' bookmarks.
@bp.get("/consultations/<id:proposal_id>/response/new")
def old_publish_feedback_address(proposal_id: int):
    return redirect(url_for("officer.publish_feedback", proposal_id=proposal_id), code=308)


@bp.get("/consultations/<id:proposal_id>/response/notes/new")
def old_feedback_note_address(proposal_id: int):
    return redirect(url_for("officer.new_feedback_note", proposal_id=proposal_id), code=308)
