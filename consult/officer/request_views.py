"""Officer pages for residents' requests for a consultation: moderation, the answer, and the
review of signatures held in a burst."""

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from .. import clock
from ..access import permission_required
from ..domain import abuse
from ..domain import proposals as proposal_rules
from ..domain import requests as request_rules
from ..domain.errors import DomainError
from ..forms_base import add_error
from ..navigation import external_url
from ..queries import request_queries
from ..services import requests, signature_review
from . import bp
from .loaders import load_request
from .request_forms import AnswerForm, PublishForm, RefuseForm, RejectForm
from .review_forms import signature_review_form

QUEUE = "officer.requests_queue"


@bp.get("/requests")
@permission_required("moderate_requests")
def requests_queue():
    now = clock.now()
    return render_template("officer/requests/queue.html", now=now,
                           pending=request_queries.awaiting_moderation(),
                           unanswered=request_queries.awaiting_answer(now),
                           state_of=request_queries.state_of)


def _status_label(proposal) -> str:
    return _(proposal_rules.STATUS_LABELS[proposal.status])


def _page(found, *, reject_form=None, answer_form=None, refuse_form=None, review=None):
    answer_form = answer_form or AnswerForm(formdata=None)
    answer_form.set_proposals(request_queries.answer_choices(found), _status_label)
    failed = next((form for form in (reject_form, answer_form, refuse_form, review)
                   if form is not None and form.errors), None)
    return render_template(
        "officer/requests/request.html", item=found, form=failed,
        summary=request_queries.summary(found, clock.now()),
        can_answer=request_rules.can_answer(request_queries.facts_of(found)),
        publish_form=PublishForm(formdata=None),
        reject_form=reject_form or RejectForm(formdata=None), answer_form=answer_form,
        refuse_form=refuse_form or RefuseForm(formdata=None),
        review_form=review or signature_review_form(), held=request_queries.held(found.id))


@bp.get("/requests/<id:request_id>")
@permission_required("moderate_requests")
def request_detail(request_id: int):
    return _page(load_request(request_id))


@bp.post("/requests/<id:request_id>/publish")
@permission_required("moderate_requests")
def publish_request(request_id: int):
    found = load_request(request_id)
    if PublishForm().validate_on_submit():
        try:
            requests.publish(request_id=found.id, moderator=current_user)
            flash(_("The request is published and open for signatures."), "success")
        except DomainError as exc:
            flash(exc.message, "error")
    return redirect(url_for(".request_detail", request_id=found.id))


@bp.post("/requests/<id:request_id>/reject")
@permission_required("moderate_requests")
def reject_request(request_id: int):
    found = load_request(request_id)
    form = RejectForm()
    if form.validate_on_submit():
        try:
            requests.reject(request_id=found.id, code=form.code.data, moderator=current_user)
            flash(_("The request is rejected. Its page shows the reason."), "success")
            return redirect(url_for(QUEUE))
        except DomainError as exc:
            add_error(form, exc.field and "code", exc.message)
    return _page(found, reject_form=form)


@bp.post("/requests/<id:request_id>/answer")
@permission_required("answer_requests")
def answer_request(request_id: int):
    found = load_request(request_id)
    form = AnswerForm()
    form.set_proposals(request_queries.answer_choices(found), _status_label)
    if form.validate_on_submit():
        try:
            requests.answer_with_consultation(request_id=found.id,
                                              proposal_id=int(form.proposal.data),
                                              actor=current_user, link_for=external_url)
            flash(_("The consultation is linked to the request. The request shows as "
                    "answered once the consultation is published."), "success")
            return redirect(url_for(".request_detail", request_id=found.id))
        except DomainError as exc:
            add_error(form, "proposal", exc.message)
    return _page(found, answer_form=form)


@bp.post("/requests/<id:request_id>/refuse")
@permission_required("answer_requests")
def refuse_request(request_id: int):
    found = load_request(request_id)
    form = RefuseForm()
    if form.validate_on_submit():
        try:
            requests.refuse(request_id=found.id, reason=form.reason.data, actor=current_user,
                            link_for=external_url)
            flash(_("The council's refusal is published and sent to the signers."), "success")
            return redirect(url_for(".request_detail", request_id=found.id))
        except DomainError as exc:
            add_error(form, "reason", exc.message)
    return _page(found, refuse_form=form)


@bp.post("/requests/<id:request_id>/signatures")
@permission_required("moderate_requests")
def review_signatures(request_id: int):
    found = load_request(request_id)
    form = signature_review_form(submitted=True)
    if form.validate_on_submit():
        try:
            changed = signature_review.review(
                request_id=found.id, action=form.action.data,
                signature_ids=form.responses.data, note=form.note.data, actor=current_user)
            flash(_done(form.action.data, len(changed)), "success")
            return redirect(url_for(".request_detail", request_id=found.id))
        except DomainError as exc:
            add_error(form, "responses", exc.message)
    return _page(found, review=form)


def _done(action: str, count: int) -> str:
    if action == abuse.ACCEPT:
        return ngettext("%(num)d signature accepted: it now counts.",
                        "%(num)d signatures accepted: they now count.", count)
    return ngettext("%(num)d signature invalidated: it is kept, marked, and not counted.",
                    "%(num)d signatures invalidated: they are kept, marked, and not counted.",
                    count)
