"""Officer pages for a proposal's translations: every language version with its fingerprint;
adding and (before opening) editing or removing one."""

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from .. import clock, i18n
from ..domain import proposals as proposal_rules
from ..domain.errors import DomainError
from ..forms_base import BaseForm, add_error
from ..services import translations
from . import bp
from .loaders import load_proposal
from .translation_forms import data_of, draft, form_for


def _language(code: str) -> str:
    if code == i18n.DEFAULT or i18n.known(code) is None:
        abort(404)
    return code


def _opened(proposal, now) -> bool:
    return proposal_rules.text_frozen(proposal.status, proposal.window, now)


@bp.get("/consultations/<id:proposal_id>/translations")
def translations_page(proposal_id: int):
    proposal, now = load_proposal(proposal_id), clock.now()
    done = {row.language: row for row in proposal.translations}
    return render_template("officer/consultations/translations.html", proposal=proposal,
                           versions=done, opened=_opened(proposal, now),
                           others=[code for code in i18n.LANGUAGES if code != i18n.DEFAULT],
                           remove_form=BaseForm())


@bp.route("/consultations/<id:proposal_id>/translations/<code>", methods=["GET", "POST"])
def translation(proposal_id: int, code: str):
    proposal, language, now = load_proposal(proposal_id), _language(code), clock.now()
    row = translations.existing(proposal, language)
    opened = _opened(proposal, now)
    if row is not None and opened:
        return redirect(url_for(".translations_page", proposal_id=proposal.id))
    form = form_for(proposal, data_of(row) if row is not None else None)
    if form.validate_on_submit():
        try:
            translations.save(proposal_id=proposal.id, draft=draft(form, proposal, language),
                              offered=set(i18n.LANGUAGES), actor=current_user, now=now)
        except DomainError as exc:
            add_error(form, exc.field, exc.message)
        else:
            flash(_("The %(language)s translation has been saved.",
                    language=i18n.LANGUAGES[language]), "success")
            return redirect(url_for(".translations_page", proposal_id=proposal.id))
    return render_template("officer/consultations/translation.html", proposal=proposal,
                           form=form, language=language, opened=opened, existing=row)


@bp.post("/consultations/<id:proposal_id>/translations/<code>/remove")
def remove_translation(proposal_id: int, code: str):
    proposal, language = load_proposal(proposal_id), _language(code)
    form = BaseForm()
    if form.validate_on_submit():
        try:
            translations.remove(proposal_id=proposal.id, language=language, actor=current_user,
                                now=clock.now())
        except DomainError as exc:
            flash(exc.message, "error")
        else:
            flash(_("The %(language)s translation has been removed.",
                    language=i18n.LANGUAGES[language]), "success")
    return redirect(url_for(".translations_page", proposal_id=proposal.id))
