"""Residents' requests for a consultation: the list, asking, each request's page, signing and
withdrawing a signature."""

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required

from .. import clock, i18n
from ..domain import requests as rules
from ..domain.errors import DomainError
from ..extensions import limiter
from ..forms_base import add_error
from ..queries import link_queries, request_queries
from ..services import requests
from . import bp
from .loaders import load_request
from .pages import signed_in_user
from .request_forms import RequestForm, SignForm, WithdrawSignatureForm


@bp.app_context_processor
def _request_labels() -> dict:
    """Label tables as marked English: templates show them with _()."""
    return {"request_state_labels": rules.STATE_LABELS, "request_actions": rules.ACTIONS,
            "rejection_labels": rules.REJECTION_REASONS}


def _sign_limit() -> str:
    return current_app.config["CONSULT_SIGN_LIMIT"]


def _account_key() -> str:
    user = signed_in_user()
    return f"sign:{user.id}" if user else f"sign-anonymous:{request.remote_addr}"


@bp.get("/requests")
def requests_index():
    shown = request.args.get("show", "")
    shown = shown if shown in rules.FILTERS else ""
    now = clock.now()
    return render_template("public/requests/index.html", shown=shown, now=now,
                           page=request_queries.public_list(
                               shown, now, request.args.get("page", type=int)),
                           filters=rules.FILTER_LABELS, state_of=request_queries.state_of)


@bp.route("/requests/new", methods=["GET", "POST"])
@login_required
def new_request():
    form = RequestForm()
    form.set_links(link_queries.list_links())
    if form.validate_on_submit():
        try:
            made = requests.submit(author=signed_in_user(), draft=form.draft(),
                                   language=i18n.current_language())
            flash(_("Your request has been sent. A moderator will check it before it is "
                    "published for signatures."), "success")
            return redirect(url_for("public.request", request_id=made.id))
        except DomainError as exc:
            add_error(form, exc.field, exc.message)
    return render_template("public/requests/new.html", form=form)


def _page(found, sign_form=None):
    now = clock.now()
    user = signed_in_user()
    return render_template(
        "public/requests/request.html", item=found, form=sign_form if sign_form and
        sign_form.errors else None, sign_form=sign_form or SignForm(formdata=None),
        summary=request_queries.summary(found, now),
        mine=request_queries.signature_of(found.id, user) if user else None,
        text_shown=rules.text_shown(found.status, found.rejection_code),
        withdraw_form=WithdrawSignatureForm(formdata=None))


@bp.get("/requests/<id:request_id>", endpoint="request")
def request_page(request_id: int):
    return _page(load_request(request_id))


@bp.post("/requests/<id:request_id>/sign")
@login_required
@limiter.limit(_sign_limit, key_func=_account_key, methods=["POST"])
def sign_request(request_id: int):
    found = load_request(request_id)
    form = SignForm()
    if form.validate_on_submit():
        try:
            requests.sign(request_id=found.id, signer_id=signed_in_user().id,
                          signer_type=form.signer_type.data, client=request.remote_addr)
            flash(_("You have signed this request. You can withdraw your signature until the "
                    "request closes."), "success")
            return redirect(url_for("public.request", request_id=found.id, _anchor="sign"))
        except DomainError as exc:
            add_error(form, exc.field or "signer_type", exc.message)
    return _page(found, form)


@bp.post("/requests/<id:request_id>/withdraw-signature")
@login_required
def withdraw_signature(request_id: int):
    found = load_request(request_id)
    if WithdrawSignatureForm().validate_on_submit():
        try:
            requests.withdraw(request_id=found.id, signer_id=signed_in_user().id)
            flash(_("Your signature has been withdrawn. It no longer counts."), "success")
        except DomainError as exc:
            flash(exc.message, "error")
    return redirect(url_for("public.request", request_id=found.id, _anchor="sign"))
