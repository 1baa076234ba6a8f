"""Officer moderation: the queue of reported comments and pending reasons, and the record."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from govuk_frontend_wtf.main import wtforms_errors

from ..domain.errors import DomainError
from ..forms_base import add_error
from ..models.comments import REPORT_REASONS
from ..queries import moderation_queries
from ..services import discussion
from . import bp
from .loaders import load_comment, load_response
from .moderation_forms import HideCommentForm, HideReasonForm, for_item

QUEUE = "officer.moderation_queue"


def _queue_page(errors: list[dict] | None = None, posted: tuple[str, object] | None = None):
    """The queue, with one form per item; after a refused post, that item's form and errors."""
    items = moderation_queries.queue()
    forms = {f"comment-{item.comment.id}": for_item(HideCommentForm, f"comment-{item.comment.id}")
             for item in items["comments"]}
    forms.update({f"reason-{item.response.id}": for_item(
        HideReasonForm, f"reason-{item.response.id}") for item in items["reasons"]})
    if posted:
        forms[posted[0]] = posted[1]
    return render_template("officer/moderation/queue.html", items=items, forms=forms,
                           errors=errors or [], states=moderation_queries.COMMENT_STATE_LABELS)


def _refused(anchor: str, form=None, message: str = ""):
    """Show the queue again with the problem, linked to the item (or its reason field)."""
    if form is not None:
        return _queue_page(wtforms_errors(form)["errorList"], (anchor, form))
    return _queue_page([{"text": message, "href": f"#{anchor}"}])


@bp.get("/moderation")
def moderation_queue():
    return _queue_page()


@bp.get("/moderation/history")
def moderation_history():
    page = moderation_queries.history(request.args.get("page", type=int))
    return render_template("officer/moderation/history.html", page=page,
                           actions=moderation_queries.ACTION_LABELS)


@bp.post("/moderation/comments/<id:comment_id>/hide")
def moderation_hide_comment(comment_id: int):
    comment = load_comment(comment_id)
    anchor = f"comment-{comment.id}"
    form = for_item(HideCommentForm, anchor, submitted=True)
    if form.validate_on_submit():
        try:
            discussion.hide_comment(comment_id=comment.id, reason=form.reason.data,
                                    moderator=current_user)
            flash(_("The comment by %(name)s is hidden. Its place shows “Hidden by a "
                    "moderator: %(reason)s”.", name=comment.author.display_name,
                    reason=_(REPORT_REASONS[comment.hidden_reason])), "success")
            return redirect(url_for(QUEUE))
        except DomainError as exc:
            add_error(form, exc.field, exc.message)
    return _refused(anchor, form)


@bp.post("/moderation/comments/<id:comment_id>/dismiss")
def moderation_dismiss_reports(comment_id: int):
    comment = load_comment(comment_id)
    try:
        discussion.dismiss_reports(comment_id=comment.id, moderator=current_user)
    except DomainError as exc:
        return _refused(f"comment-{comment.id}", message=exc.message)
    flash(_("The reports are dismissed. The comment by %(name)s is visible.",
            name=comment.author.display_name), "success")
    return redirect(url_for(QUEUE))


@bp.post("/moderation/reasons/<id:response_id>/publish")
def moderation_publish_reason(response_id: int):
    response = load_response(response_id)
    try:
        discussion.moderate_reason(response_id=response.id, publish=True, moderator=current_user)
    except DomainError as exc:
        return _refused(f"reason-{response.id}", message=exc.message)
    flash(_("The reason given by %(name)s is published.", name=response.user.display_name),
          "success")
    return redirect(url_for(QUEUE))


@bp.post("/moderation/reasons/<id:response_id>/hide")
def moderation_hide_reason(response_id: int):
    response = load_response(response_id)
    anchor = f"reason-{response.id}"
    form = for_item(HideReasonForm, anchor, submitted=True)
    if form.validate_on_submit():
        try:
            discussion.moderate_reason(response_id=response.id, publish=False,
                                       moderator=current_user, hide_reason=form.reason.data)
            flash(_("The reason given by %(name)s will not be published.",
                    name=response.user.display_name), "success")
            return redirect(url_for(QUEUE))
        except DomainError as exc:
            add_error(form, exc.field, exc.message)
    return _refused(anchor, form)
