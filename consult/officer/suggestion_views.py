"""Officer pages for suggested themes and campaigns: ask for them, follow the computation,
and accept, merge or discard each suggestion."""

from flask import flash, jsonify, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from ..domain import suggestions as rules
from ..domain.errors import DomainError
from ..forms_base import BaseForm, add_error
from ..queries import analysis_run_queries as runs
from ..queries import codebook_queries
from ..services import analysis_runs, suggestions
from . import bp
from .loaders import load_proposal, load_suggestion
from .suggestion_forms import AcceptForm, AddToThemeForm


def _analysis(proposal_id: int):
    return redirect(url_for(".analysis_page", proposal_id=proposal_id, _anchor="suggestions"))


@bp.post("/consultations/<id:proposal_id>/analysis/suggest")
def suggest_themes(proposal_id: int):
    proposal = load_proposal(proposal_id)
    if BaseForm().validate_on_submit():
        try:
            analysis_runs.request(proposal_id=proposal.id, actor=current_user)
        except DomainError as exc:
            flash(exc.message, "error")
        else:
            flash(_("Suggested themes are being worked out. This page shows how far it has "
                    "got."), "success")
    return _analysis(proposal.id)


@bp.get("/consultations/<id:proposal_id>/analysis/progress")
def analysis_progress(proposal_id: int):
    """The latest run's status, for the page's progress indicator."""
    run = runs.latest(load_proposal(proposal_id).id)
    if run is None:
        return jsonify(status="none", progress=0)
    return jsonify(status=run.status, progress=run.progress,
                   finished=run.status not in rules.IN_PROGRESS)


def _theme_choices(proposal_id: int) -> list[tuple[int, str]]:
    return [(theme.id, theme.name) for theme in codebook_queries.themes(proposal_id)]


def _page(proposal, group, accept: AcceptForm, add: AddToThemeForm, form=None):
    return render_template("officer/analysis/suggestion.html", proposal=proposal, group=group,
                           examples=runs.examples([group]), accept_form=accept, add_form=add,
                           form=form, discard_form=BaseForm())


def _forms(proposal_id: int, group):
    accept = AcceptForm(prefix="accept", data={"name": rules.suggested_name(group.terms)})
    add = AddToThemeForm(prefix="add")
    add.theme_id.choices = _theme_choices(proposal_id)
    return accept, add


def _done(theme, tagged: int):
    flash(ngettext("Theme ‘%(name)s’ applied to %(num)d reason",
                   "Theme ‘%(name)s’ applied to %(num)d reasons", tagged, name=theme.name),
          "success")


@bp.route("/consultations/<id:proposal_id>/suggestions/<id:group_id>", methods=["GET", "POST"])
def suggestion_page(proposal_id: int, group_id: int):
    proposal = load_proposal(proposal_id)
    group = load_suggestion(proposal, group_id)
    accept, add = _forms(proposal.id, group)
    if accept.accept.data and accept.validate_on_submit():
        try:
            theme, tagged = suggestions.accept(
                proposal_id=proposal.id, group_id=group.id, name=accept.name.data,
                description=accept.description.data or "", actor=current_user)
        except DomainError as exc:
            add_error(accept, "name" if exc.field else None, exc.message)
        else:
            _done(theme, tagged)
            return _analysis(proposal.id)
    return _page(proposal, group, accept, add, form=accept)


@bp.post("/consultations/<id:proposal_id>/suggestions/<id:group_id>/add")
def add_suggestion_to_theme(proposal_id: int, group_id: int):
    proposal = load_proposal(proposal_id)
    group = load_suggestion(proposal, group_id)
    accept, add = _forms(proposal.id, group)
    if add.validate_on_submit():
        try:
            theme, tagged = suggestions.add_to_theme(
                proposal_id=proposal.id, group_id=group.id, theme_id=add.theme_id.data,
                actor=current_user)
        except DomainError as exc:
            add_error(add, "theme_id", exc.message)
        else:
            _done(theme, tagged)
            return _analysis(proposal.id)
    return _page(proposal, group, accept, add, form=add)


@bp.post("/consultations/<id:proposal_id>/suggestions/<id:group_id>/discard")
def discard_suggestion(proposal_id: int, group_id: int):
    proposal = load_proposal(proposal_id)
    group = load_suggestion(proposal, group_id)
    if BaseForm().validate_on_submit():
        try:
            suggestions.discard(proposal_id=proposal.id, group_id=group.id, actor=current_user)
        except DomainError as exc:
            flash(exc.message, "error")
        else:
            flash(_("The suggestion has been discarded. No reason was coded."), "success")
    return _analysis(proposal.id)
