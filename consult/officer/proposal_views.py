"""Officer pages for consultations: draft, publish, documents, extend, close, withdraw, notes."""

from flask import current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms import SelectChoice

from .. import clock
from ..domain import codebook as codebook_rules
from ..domain import invitations as invitation_rules
from ..domain import proposals as proposal_rules
from ..domain.errors import DomainError
from ..forms_base import add_error
from ..models import Proposal
from ..queries import consultation_queries, feedback_queries, link_queries, review_queries
from ..services import documents, proposals
from ..templating import london_time
from . import bp
from .loaders import load_document, load_proposal
from .proposal_forms import (
    DocumentForm,
    ExtendForm,
    NoteForm,
    ProposalForm,
    ReasonForm,
    RemoveForm,
    ScheduleForm,
    VisibilityForm,
)

TEMPLATES = "officer/consultations"


def allowed_actions(proposal: Proposal, now) -> dict[str, bool]:
    """What the manage page offers now; each service checks the same rule again."""
    status = proposal.status_at(now)
    editable = status in (proposal_rules.DRAFT, proposal_rules.SCHEDULED)
    return {
        "edit": editable,
        "documents": editable,
        "schedule": status == proposal_rules.DRAFT,
        "extend": status == proposal_rules.OPEN,
        "close": status == proposal_rules.OPEN,
        "withdraw": proposal_rules.WITHDRAWN in proposal_rules.TRANSITIONS[status],
        "note": status != proposal_rules.DRAFT,
        "visibility": status != proposal_rules.WITHDRAWN,
        "public_pages": status != proposal_rules.DRAFT,
    }  # drafts are not on the public site


def _attempt(form, change):
    """Validate the form and run one service call; a DomainError becomes a form error."""
    if not form.validate_on_submit():
        return None
    try:
        return change() or True
    except DomainError as exc:
        add_error(form, exc.field, exc.message)
        return None


def _done(proposal: Proposal, message: str):
    flash(message, "success")
    return redirect(url_for(".consultation", proposal_id=proposal.id))


def _render(template: str, **context):
    return render_template(f"{TEMPLATES}/{template}.html", labels=proposal_rules.STATUS_LABELS,
                           actions=proposal_rules.ACTIONS, **context)


def _proposal_form(data: dict | None = None) -> ProposalForm:
    form = ProposalForm(data=data)
    form.link_id.choices = [SelectChoice("", _("Choose a twin link"))] + [
        SelectChoice(str(link.id), _("%(home)s and %(partner)s", home=link.home_place,
                                     partner=link.partner_name))
        for link in link_queries.list_links()]
    return form


def _form_data(proposal: Proposal) -> dict:
    return {"link_id": str(proposal.link_id), "action": proposal.action,
            "title": proposal.title, "summary": proposal.summary, "reasons": proposal.reasons,
            "alternatives": proposal.alternatives,
            "options": "\n".join(option.label for option in proposal.options),
            "opens_at": proposal.opens_at, "closes_at": proposal.closes_at,
            "results_visibility": proposal.results_visibility}


def _draft(form: ProposalForm) -> proposals.ProposalDraft:
    return proposals.ProposalDraft(
        link_id=int(form.link_id.data), action=form.action.data, title=form.title.data,
        summary=form.summary.data, reasons=form.reasons.data or "",
        alternatives=form.alternative_rows, options=form.option_labels,
        opens_at=form.opens_at.data, closes_at=form.closes_at.data,
        results_visibility=form.results_visibility.data)


@bp.get("/consultations")
def consultations():
    return _render("consultations", proposals=consultation_queries.all_for_officers(),
                   now=clock.now())


@bp.route("/consultations/new", methods=["GET", "POST"])
def new_consultation():
    form = _proposal_form()
    created = _attempt(form, lambda: proposals.create(_draft(form), actor=current_user))
    if created:
        return _done(created, _("The draft has been saved. Nothing is public until you "
                                "publish it."))
    return _render("new_consultation", form=form)


@bp.route("/consultations/<id:proposal_id>/edit", methods=["GET", "POST"])
def edit_consultation(proposal_id: int):
    proposal = load_proposal(proposal_id)
    form = _proposal_form(_form_data(proposal))
    if _attempt(form, lambda: proposals.update(proposal_id=proposal.id, draft=_draft(form),
                                                 actor=current_user)):
        return _done(proposal, _("The consultation's text has been saved."))
    return _render("edit_consultation", form=form, proposal=proposal,
                   allowed=allowed_actions(proposal, clock.now()))


def _manage_page(proposal: Proposal, *, form=None):
    """The manage page; `form` is a schedule or visibility form that failed, if any."""
    now = clock.now()
    visibility = form if isinstance(form, VisibilityForm) else VisibilityForm(
        formdata=None, data={"results": proposal.results_visibility})
    min_days = current_app.config["CONSULT_MIN_CONSULTATION_DAYS"]
    return _render("consultation", proposal=proposal, now=now, status=proposal.status_at(now),
                   allowed=allowed_actions(proposal, now), form=form,
                   warnings=proposals.readiness(proposal, now, min_days),
                   schedule_form=form if isinstance(form, ScheduleForm) else ScheduleForm(
                       formdata=None), visibility_form=visibility,
                   feedback=feedback_queries.get_for(proposal.id),
                   twin_council_invited=invitation_rules.twin_council_invited(
                       row.kind for row in proposal.invitations),
                   responses_held=_responses_held(proposal, now),
                   analysable=not codebook_rules.why_closed(proposal.status_at(now)))


def _responses_held(proposal: Proposal, now) -> int | None:
    """How many responses wait for review, once the consultation has opened."""
    if proposal.status_at(now) not in (
        proposal_rules.OPEN,
        proposal_rules.CLOSED,
        proposal_rules.DECIDED,
    ):
        return None
    return review_queries.pending_count(proposal.id)


@bp.get("/consultations/<id:proposal_id>")
def consultation(proposal_id: int):
    return _manage_page(load_proposal(proposal_id))


@bp.post("/consultations/<id:proposal_id>/schedule")
def schedule_consultation(proposal_id: int):
    proposal = load_proposal(proposal_id)
    form = ScheduleForm()
    set_for = proposal.opens_at
    if _attempt(form, lambda: proposals.schedule(
            proposal_id=proposal.id, actor=current_user,
            no_twin_council_reason=form.no_twin_council_reason.data or "")):
        runs = {"opens": london_time(proposal.opens_at), "closes": london_time(proposal.closes_at)}
        if proposal.opens_at == set_for:
            return _done(proposal, _("Published. The consultation runs from %(opens)s to "
                                     "%(closes)s.", **runs))
        return _done(proposal, _("Published. The consultation runs from %(opens)s to "
                                 "%(closes)s. The opening time you set (%(set_for)s) had passed, "
                                 "so it opened now, when it was published.",
                                 set_for=london_time(set_for), **runs))
    return _manage_page(proposal, form=form)


@bp.post("/consultations/<id:proposal_id>/results-visibility")
def consultation_results_visibility(proposal_id: int):
    proposal = load_proposal(proposal_id)
    form = VisibilityForm()
    if _attempt(form, lambda: proposals.set_visibility(
            proposal_id=proposal.id, target=form.results.data, actor=current_user)):
        return _done(proposal, _("The choice about running results has been saved."))
    return _manage_page(proposal, form=form)


def _add_document(proposal: Proposal, form: DocumentForm):
    if form.file.data:
        # One byte past the limit is enough for the service to refuse an oversized file.
        data = form.file.data.stream.read(documents.MAX_PDF_BYTES + 1)
        return documents.add_upload(proposal_id=proposal.id, title=form.title.data, data=data,
                                    actor=current_user)
    return documents.add_link(proposal_id=proposal.id, title=form.title.data,
                              url=form.url.data, actor=current_user)


def _documents_page(proposal: Proposal, add_form: DocumentForm, form=None):
    return _render("consultation_documents", proposal=proposal, add_form=add_form,
                   form=form or add_form,
                   can_change=allowed_actions(proposal, clock.now())["documents"])


@bp.route("/consultations/<id:proposal_id>/documents", methods=["GET", "POST"])
def consultation_documents(proposal_id: int):
    proposal = load_proposal(proposal_id)
    form = DocumentForm()
    if _attempt(form, lambda: _add_document(proposal, form)):
        flash(_("‘%(title)s’ has been added.", title=form.title.data), "success")
        return redirect(url_for(".consultation_documents", proposal_id=proposal.id))
    return _documents_page(proposal, form)


@bp.post("/consultations/<id:proposal_id>/documents/<id:document_id>/remove")
def remove_consultation_document(proposal_id: int, document_id: int):
    proposal = load_proposal(proposal_id)
    document = load_document(proposal, document_id)
    title, form = document.title, RemoveForm()
    if _attempt(form, lambda: documents.remove(document_id=document.id, actor=current_user)):
        flash(_("‘%(title)s’ has been removed.", title=title), "success")
        return redirect(url_for(".consultation_documents", proposal_id=proposal.id))
    return _documents_page(proposal, DocumentForm(formdata=None), form)


@bp.route("/consultations/<id:proposal_id>/extend", methods=["GET", "POST"])
def extend_consultation(proposal_id: int):
    proposal = load_proposal(proposal_id)
    form = ExtendForm()
    if _attempt(form, lambda: proposals.extend(
            proposal_id=proposal.id, new_closes_at=form.closes_at.data, actor=current_user)):
        return _done(proposal, _("Extended. The consultation now closes on %(closes)s.",
                                 closes=london_time(proposal.closes_at)))
    return _render("extend_consultation", form=form, proposal=proposal)


@bp.route("/consultations/<id:proposal_id>/close", methods=["GET", "POST"])
def close_consultation(proposal_id: int):
    proposal = load_proposal(proposal_id)
    form = ReasonForm()
    if _attempt(form, lambda: proposals.close_early(
            proposal_id=proposal.id, reason=form.reason.data, actor=current_user)):
        return _done(proposal, _("The consultation has been closed early."))
    return _render("close_consultation", form=form, proposal=proposal)


@bp.route("/consultations/<id:proposal_id>/withdraw", methods=["GET", "POST"])
def withdraw_consultation(proposal_id: int):
    proposal = load_proposal(proposal_id)
    form = ReasonForm()
    if _attempt(form, lambda: proposals.withdraw(
            proposal_id=proposal.id, reason=form.reason.data, actor=current_user)):
        return _done(proposal, _("The consultation has been withdrawn."))
    return _render("withdraw_consultation", form=form, proposal=proposal)


@bp.route("/consultations/<id:proposal_id>/notes/new", methods=["GET", "POST"])
def new_consultation_note(proposal_id: int):
    proposal = load_proposal(proposal_id)
    form = NoteForm()
    if _attempt(form, lambda: proposals.add_note(
            proposal_id=proposal.id, body=form.body.data, actor=current_user)):
        return _done(proposal, _("The correction note has been added."))
    return _render("new_consultation_note", form=form, proposal=proposal)
