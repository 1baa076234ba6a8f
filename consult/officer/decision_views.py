"""Officer pages for recording decisions."""

from flask import current_app, flash, redirect, render_template, url_for
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
from ..queries import decision_queries, feedback_queries, results, theme_counts
from ..services import decisions
from . import bp
from .decision_forms import ConsultedDecisionForm, UnconsultedDecisionForm
from .loaders import load_link, load_proposal

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
    """A domain error on its field (the link's status on the outcome)."""
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
        feedback=feedback_queries.get_for(proposal.id),
        reading=theme_counts.reading(proposal.id, before=None),
        read_threshold=current_app.config["CONSULT_READ_THRESHOLD"])


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
