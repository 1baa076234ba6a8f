"""Taking part: respond, change or withdraw a response, comment, reply and report.

Each view: form, one service call, redirect; a refusal re-renders the page with the reason.
"""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from .. import clock, i18n
from ..domain import discussion as discussion_rules
from ..domain import proposals, voting
from ..domain.errors import DomainError
from ..forms_base import add_error
from ..services import discussion, responses
from . import bp
from .consultation_forms import CommentForm, ReportForm, RespondForm, WithdrawForm
from .loaders import load_comment, load_published
from .pages import not_open_message, proposal_page, respond_state, signed_in_user


@bp.post("/consultations/<id:proposal_id>/respond")
@login_required
def respond(proposal_id: int):
    proposal = load_published(proposal_id)
    form = RespondForm(options=proposal.options)
    if form.validate_on_submit():
        try:
            responses.respond(proposal_id=proposal.id, respondent_id=signed_in_user().id,
                              choice=form.choice(), client=request.remote_addr,
                              hear_outcome=form.hear_outcome.data,
                              language=i18n.current_language())
            return redirect(url_for("public.receipt", proposal_id=proposal.id))
        except voting.NothingChanged as exc:
            flash(exc.message, "info")
            return redirect(url_for("public.receipt", proposal_id=proposal.id))
        except proposals.ConsultationNotOpen:
            add_error(form, "option", not_open_message(proposal, clock.now()))
        except DomainError as exc:
            add_error(form, exc.field or "option", exc.message)
    return proposal_page(proposal, respond_form=form)


@bp.get("/consultations/<id:proposal_id>/withdraw-response")
@login_required
def confirm_withdraw_response(proposal_id: int):
    """Are you sure? Only the POST below withdraws; with nothing to withdraw, back to the page."""
    proposal = load_published(proposal_id)
    mine = responses.current_for(proposal.id, current_user)
    if mine is None or mine.withdrawn or respond_state(proposal, clock.now()) != "open":
        return redirect(url_for("public.consultation", proposal_id=proposal.id,
                                _anchor="respond"))
    return render_template("public/consultations/withdraw_response.html", proposal=proposal,
                           mine=mine, form=WithdrawForm())


@bp.post("/consultations/<id:proposal_id>/withdraw-response")
@login_required
def withdraw_response(proposal_id: int):
    proposal = load_published(proposal_id)
    if WithdrawForm().validate_on_submit():
        try:
            responses.withdraw(proposal_id=proposal.id, respondent_id=signed_in_user().id)
            flash(_("Your response has been withdrawn. It no longer counts; you can respond "
                    "again until the consultation closes."), "success")
        except proposals.ConsultationNotOpen:
            flash(not_open_message(proposal, clock.now()), "error")
        except DomainError as exc:
            flash(exc.message, "error")
    return redirect(url_for("public.consultation", proposal_id=proposal.id, _anchor="respond"))


@bp.post("/consultations/<id:proposal_id>/comments")
@login_required
def post_comment(proposal_id: int):
    proposal = load_published(proposal_id)
    form = CommentForm()
    if form.validate_on_submit():
        try:
            comment = discussion.post_comment(proposal_id=proposal.id, author=signed_in_user(),
                                              body=form.body.data, parent_id=form.parent(),
                                              language=i18n.current_language())
            flash(_("Your comment has been posted."), "success")
            return redirect(url_for("public.consultation", proposal_id=proposal.id,
                                    _anchor=f"comment-{comment.id}"))
        except DomainError as exc:
            add_error(form, exc.field, exc.message)
    return proposal_page(proposal, comment_form=form)


@bp.route("/comments/<id:comment_id>/report", methods=["GET", "POST"])
@login_required
def report_comment(comment_id: int):
    comment = load_comment(comment_id)
    form = ReportForm()
    if form.validate_on_submit():
        try:
            discussion.report(comment_id=comment.id, reporter=signed_in_user(),
                              reason=form.reason.data)
            flash(_("Thank you for your report. A moderator will look at the comment."),
                  "success")
            return redirect(url_for("public.consultation", proposal_id=comment.proposal_id,
                                    _anchor=f"comment-{comment.id}"))
        except DomainError as exc:
            add_error(form, exc.field, exc.message)
    return render_template("public/consultations/report_comment.html", form=form,
                           comment=comment, proposal=load_published(comment.proposal_id),
                           refusal=discussion_rules.report_refusal(comment.author_id,
                                                                   current_user.id))
