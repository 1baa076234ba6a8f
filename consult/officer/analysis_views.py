"""Officer pages for analysing a consultation's reasons (issue 17): every reason with its
filters and progress, bulk actions on the ticked reasons or on all that match, and quoting."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from wtforms import SelectChoice

from .. import clock
from ..domain import codebook as rules
from ..domain import voting
from ..domain.errors import DomainError
from ..forms_base import add_error
from ..queries import analysis_queries, analysis_run_queries, codebook_queries
from ..services import coding
from . import bp
from .analysis_cache import remembered
from .analysis_forms import (
    APPLY,
    MATCHING,
    READ,
    REMOVE,
    TICKED,
    QuoteForm,
    bulk_form,
    filter_form,
    filters_of,
    language_name,
    query_args,
)
from .loaders import load_proposal, load_theme

THEMED = {APPLY: coding.tag, REMOVE: coding.untag}


def _asked(proposal, themes, languages):
    """The filter form over the query string, the filters it gives, and the page asked for."""
    form = filter_form(request.args, options=proposal.options, themes=themes,
                       languages=languages)
    return form, filters_of(form), request.args.get("page", type=int)


def _filters(proposal, themes):
    """The filters and page a form was posted from (its address keeps them)."""
    return _asked(proposal, themes, _overview(proposal.id)[1])[1:]


def _overview(proposal_id: int):
    return remembered(("overview", proposal_id), lambda: analysis_queries.overview(proposal_id))


def _themes(proposal):
    return codebook_queries.themes(proposal.id, counted=False)


def _back(proposal, filters, number):
    return redirect(url_for(".analysis_page", proposal_id=proposal.id, page=number,
                            **query_args(filters), _anchor="reasons"))


def _render(proposal, themes, form):
    progress, languages = _overview(proposal.id)
    filters_form, filters, number = _asked(proposal, themes, languages)
    page = remembered(("page", proposal.id, filters, number), lambda: analysis_queries.page(
        proposal.id, filters, number, total=analysis_queries.known_total(filters, progress)))
    form.which.choices = [SelectChoice(TICKED, _("The reasons I ticked")), SelectChoice(
        MATCHING, ngettext("The %(num)d reason matching the filters",
                           "All %(num)d reasons matching the filters", page.total))]
    return render_template(
        "officer/analysis/analysis.html", proposal=proposal, filter_form=filters_form,
        filters=filters, args=query_args(filters), page=page, form=form, themes=themes,
        progress=progress, panel=analysis_run_queries.panel(proposal.id),
        closed=rules.why_closed(proposal.status_at(clock.now())),
        quoting=next((theme for theme in themes if theme.id == filters.theme_id), None),
        group_names={key: _(name) for key, name in voting.RESPONDENT_TYPES.items()},
        language_name=language_name)


@bp.get("/consultations/<id:proposal_id>/analysis")
def analysis_page(proposal_id: int):
    proposal = load_proposal(proposal_id)
    themes = _themes(proposal)
    return _render(proposal, themes, bulk_form(themes))


def _done(action: str, count: int, name: str) -> str:
    if action == APPLY:
        return ngettext("Theme ‘%(name)s’ applied to %(num)d reason",
                        "Theme ‘%(name)s’ applied to %(num)d reasons", count, name=name)
    if action == REMOVE:
        return ngettext("Theme ‘%(name)s’ removed from %(num)d reason",
                        "Theme ‘%(name)s’ removed from %(num)d reasons", count, name=name)
    if action == READ:
        return ngettext("%(num)d reason marked read", "%(num)d reasons marked read", count)
    return ngettext("%(num)d reason marked unread", "%(num)d reasons marked unread", count)


def _act(proposal, form, filters, themes) -> str:
    """Run the chosen action on the ticked reasons or on all that match; the banner's words."""
    matching = form.which.data == MATCHING
    chosen = (analysis_queries.matching_ids(proposal.id, filters) if matching
              else form.reasons.data)
    rules.check_selection(len(chosen), all_matching=matching)
    action, common = form.action.data, {"proposal_id": proposal.id, "response_ids": chosen,
                                        "actor": current_user}
    if action in THEMED:
        theme_id = int(form.theme.data)
        name = next(theme.name for theme in themes if theme.id == theme_id)
        return _done(action, THEMED[action](theme_id=theme_id, **common), name)
    marked = coding.mark_read(**common) if action == READ else coding.mark_unread(**common)
    return _done(action, marked, "")


@bp.post("/consultations/<id:proposal_id>/analysis")
def analysis_action(proposal_id: int):
    proposal = load_proposal(proposal_id)
    themes = _themes(proposal)
    form = bulk_form(themes, submitted=True)
    if form.validate_on_submit():
        filters, number = _filters(proposal, themes)
        try:
            flash(_act(proposal, form, filters, themes), "success")
            return _back(proposal, filters, number)
        except DomainError as refused:
            add_error(form, refused.field or "reasons", refused.message)
    return _render(proposal, themes, form)


def _quoted_words(quoted: bool, name: str) -> str:
    if quoted:
        return _("The reason is now quoted under ‘%(name)s’ in the council’s response",
                 name=name)
    return _("The reason is no longer quoted under ‘%(name)s’", name=name)


@bp.post("/consultations/<id:proposal_id>/analysis/themes/<id:theme_id>/quotes")
def quote_reason(proposal_id: int, theme_id: int):
    proposal = load_proposal(proposal_id)
    theme = load_theme(proposal, theme_id)
    form = QuoteForm()
    chosen = form.chosen() if form.validate_on_submit() else None
    if chosen is None:
        flash(_("Choose one reason to quote or stop quoting"), "error")
    else:
        try:
            coding.quote(theme_id=theme.id, response_id=chosen[0], quoted=chosen[1],
                         actor=current_user)
            flash(_quoted_words(chosen[1], theme.name), "success")
        except DomainError as refused:
            flash(refused.message, "error")
    filters, number = _filters(proposal, _themes(proposal))
    return _back(proposal, filters, number)
