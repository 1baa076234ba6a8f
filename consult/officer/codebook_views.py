"""Officer pages for a consultation's codebook (issue 17): its themes with their counts, adding,
editing, removing (after a confirmation page) and merging themes."""

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from .. import clock
from ..domain import codebook as rules
from ..domain.errors import DomainError
from ..forms_base import BaseForm, add_error
from ..queries import codebook_queries
from ..services import codebook
from . import bp
from .analysis_forms import merge_form, theme_form
from .loaders import load_proposal, load_theme


def _to_codebook(proposal, message: str):
    flash(message, "success")
    return redirect(url_for(".themes_page", proposal_id=proposal.id))


def _saved(form, save) -> bool:
    """Validate the form and run the service; a broken rule becomes the field's error."""
    if not form.validate_on_submit():
        return False
    try:
        save()
    except DomainError as refused:
        add_error(form, refused.field, refused.message)
        return False
    return True


@bp.route("/consultations/<id:proposal_id>/themes", methods=["GET", "POST"])
def themes_page(proposal_id: int):
    proposal = load_proposal(proposal_id)
    themes = codebook_queries.themes(proposal.id)
    form = theme_form(themes)
    if _saved(form, lambda: codebook.add_theme(
            proposal_id=proposal.id, name=form.name.data, description=form.description.data or "",
            parent_id=form.parent_id(), actor=current_user)):
        return _to_codebook(proposal, _("Theme ‘%(name)s’ added", name=form.name.data))
    return render_template("officer/analysis/themes.html", proposal=proposal, themes=themes,
                           form=form, closed=rules.why_closed(proposal.status_at(clock.now())))


@bp.route("/consultations/<id:proposal_id>/themes/<id:theme_id>/edit", methods=["GET", "POST"])
def edit_theme(proposal_id: int, theme_id: int):
    proposal = load_proposal(proposal_id)
    theme = load_theme(proposal, theme_id)
    form = theme_form(codebook_queries.themes(proposal.id), editing=theme.id, data={
        "name": theme.name, "description": theme.description,
        "parent": str(theme.parent_id or "")})
    if _saved(form, lambda: codebook.edit_theme(
            theme_id=theme.id, name=form.name.data, description=form.description.data or "",
            parent_id=form.parent_id(), actor=current_user)):
        return _to_codebook(proposal, _("Theme ‘%(name)s’ saved", name=form.name.data))
    return render_template("officer/analysis/theme.html", proposal=proposal, theme=theme,
                           form=form)


@bp.route("/consultations/<id:proposal_id>/themes/<id:theme_id>/remove",
          methods=["GET", "POST"])
def remove_theme(proposal_id: int, theme_id: int):
    proposal = load_proposal(proposal_id)
    theme = load_theme(proposal, theme_id)
    row = next(row for row in codebook_queries.themes(proposal.id) if row.id == theme.id)
    name, refused = theme.name, ""
    if BaseForm().validate_on_submit():
        try:
            codebook.remove_theme(theme_id=theme.id, actor=current_user)
            return _to_codebook(proposal, _("Theme ‘%(name)s’ removed", name=name))
        except DomainError as error:
            refused = error.message
    return render_template("officer/analysis/remove_theme.html", proposal=proposal, theme=row,
                           refused=refused)


@bp.route("/consultations/<id:proposal_id>/themes/<id:theme_id>/merge",
          methods=["GET", "POST"])
def merge_theme(proposal_id: int, theme_id: int):
    proposal = load_proposal(proposal_id)
    theme = load_theme(proposal, theme_id)
    themes = codebook_queries.themes(proposal.id)
    form, name = merge_form(themes, theme.id), theme.name
    if _saved(form, lambda: codebook.merge_themes(
            source_id=theme.id, target_id=int(form.target.data), actor=current_user)):
        target = next(row.name for row in themes if row.id == int(form.target.data))
        return _to_codebook(proposal, _("Theme ‘%(name)s’ merged into ‘%(target)s’", name=name,
                                        target=target))
    return render_template("officer/analysis/merge_theme.html", proposal=proposal,
                           theme=next(row for row in themes if row.id == theme.id), form=form)
