"""What the public consultation pages show, built for the views that render them: the list
rows, the respond section's state, and a proposal's page (with its cached fragments).

Views in consultation_views, participation_views and decision_views share these; view modules
never import each other.
"""

from dataclasses import dataclass
from datetime import datetime

from flask import current_app, render_template, request
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from markupsafe import Markup

from .. import clock, i18n, page_cache
from ..domain import discussion as discussion_rules
from ..domain import fairness
from ..domain import proposals as proposal_rules
from ..models import Comment, Proposal
from ..queries import (
    consultation_queries,
    decision_queries,
    feedback_queries,
    invitation_queries,
    notification_queries,
)
from ..services import responses
from ..templating import london_time
from . import proposal_text
from .consultation_forms import CommentForm, RespondForm

OPENED = (proposal_rules.OPEN, proposal_rules.CLOSED, proposal_rules.DECIDED)


def min_days() -> int:
    return current_app.config["CONSULT_MIN_CONSULTATION_DAYS"]


def read_threshold() -> int:
    return current_app.config["CONSULT_READ_THRESHOLD"]


def consultation_context(proposal: Proposal, now: datetime) -> dict:
    """What the proposal and results pages show of the feedback, decisions and checks."""
    current = decision_queries.current_for_proposal(proposal.id)
    feedback = feedback_queries.get_for(proposal.id)
    return {"feedback": feedback, "quoted_words": feedback_queries.quoted_words(feedback),
            "decisions": decision_queries.for_proposal(proposal.id),
            "checks": shown_checks(decision_queries.checks(
                proposal, current, min_days=min_days(), now=now,
                read_threshold=read_threshold()))}


@dataclass(frozen=True)
class ShownCheck:
    """A fairness check in the reader's language, for _checks.html."""

    name: str
    status: str
    label: str
    explanation: str


def shown_checks(results: list[fairness.Result]) -> list[ShownCheck]:
    return [ShownCheck(_(result.name), result.status, _(result.label),
                       result.explain(_, ngettext, i18n.long_date)) for result in results]


@dataclass(frozen=True)
class Listed:
    proposal: Proposal
    status: str
    days_left: int | None


def listed(proposals: list[Proposal], now: datetime) -> list[Listed]:
    """Each proposal with its status by the clock, and whole days left while open."""
    rows = []
    for proposal in proposals:
        status = proposal.status_at(now)
        left = (
            proposal_rules.days_left(proposal.window, now)
            if status == proposal_rules.OPEN
            else None
        )
        rows.append(Listed(proposal, status, left))
    return rows


def signed_in_user():
    return current_user._get_current_object() if current_user.is_authenticated else None


def respond_state(proposal: Proposal, now: datetime) -> str:
    """What the respond section offers: the form ('open') or why not."""
    status = proposal.status_at(now)
    if status != proposal_rules.OPEN:
        return status
    if not current_user.is_authenticated:
        return "sign_in"
    return "open" if current_user.is_verified else "verify"


def not_open_message(proposal: Proposal, now: datetime) -> str:
    status = proposal.status_at(now)
    if status == proposal_rules.SCHEDULED:
        return _("This consultation opens on %(when)s. You cannot respond yet.",
                 when=london_time(proposal.opens_at))
    if status == proposal_rules.WITHDRAWN:
        return _("This consultation was withdrawn, so it no longer takes responses.")
    return _("This consultation closed on %(when)s. Your response was not recorded.",
             when=london_time(proposal.closes_at))


def _respond_data(mine, user=None) -> dict | None:
    """Their own response's answers, and whether they hear the outcome (as they chose)."""
    if mine is None or mine.withdrawn:
        return None
    return {"option": mine.option_id, "respondent_type": mine.respondent_type,
            "organisation": mine.organisation, "postcode_district": mine.postcode_district,
            "reason": mine.reason,
            "hear_outcome": user is not None and notification_queries.follows_proposal(
                user, mine.proposal_id)}


def _replying(comments: list[Comment], wanted: int | None) -> Comment | None:
    """The comment being replied to, if it is one of this proposal's comments."""
    known = {c.id: c for comment in comments for c in (comment, *comment.replies)}
    return known.get(wanted)


def proposal_page(proposal: Proposal, *, respond_form=None, comment_form=None):
    """Render a proposal; a form passed in was just submitted and is shown with its errors.

    The parts that are the same for everyone (the comments, the decision record, the blank
    forms' fields) come from the page cache's fragments; see page_cache.fragment."""
    now, user = clock.now(), signed_in_user()
    mine = responses.current_for(proposal.id, user) if user else None
    wanted = comment_form.parent() if comment_form else request.args.get("reply_to", type=int)
    replying = _replying(consultation_queries.comments(proposal.id), wanted) if wanted else None
    status = proposal.status_at(now)
    can_comment = bool(user and user.is_verified and status != proposal_rules.WITHDRAWN)
    changes_at = proposal_rules.next_change(proposal.window, now)
    page_cache.valid_until(changes_at)
    submitted = respond_form or comment_form
    respond_blank, comment_blank = respond_form is None and _respond_data(mine) is None, \
        comment_form is None and replying is None
    text = proposal_text.text_of(proposal)
    if respond_form is None:
        respond_form = RespondForm(formdata=None, options=proposal.options,
                                   data=_respond_data(mine, user))
    respond_form.label_options(text.options)
    comment_form = comment_form or CommentForm(
        formdata=None, parent_id=str(replying.id) if replying else "")
    return render_template(
        "public/consultations/consultation.html",
        proposal=proposal,
        text=text,
        status=status,
        days_left=proposal_rules.days_left(proposal.window, now)
        if status == proposal_rules.OPEN
        else None,
        opened=status in OPENED or (proposal.opens_at is not None and proposal.opens_at <= now),
        respond_state=respond_state(proposal, now),
        mine=mine,
        respond_form=respond_form,
        replying=replying,
        comment_form=comment_form,
        comment_list=_comment_list(proposal, can_comment, user),
        can_comment=can_comment,
        respond_fields=_fields(
            "respond", proposal, respond_blank, respond_form=respond_form, mine=mine,
            text=text, variant=text.language),
        comment_fields=_fields(
            "comment", proposal, comment_blank, comment_form=comment_form, replying=replying
        ),
        decision_record=_decision_record(proposal, status, now, changes_at),
        invited=invitation_queries.public_list(proposal),
        form=submitted,
    )


def _comment_list(proposal: Proposal, can_comment: bool, user):
    """The comments as HTML, shared by everyone who may (or may not) reply; someone who wrote
    some of them gets their own, without report links on theirs."""
    own = user.id if user and consultation_queries.has_commented(proposal.id, user.id) else None

    def may_report(comment: Comment) -> bool:
        return discussion_rules.may_report(comment.state, comment.author_id, own)

    return page_cache.fragment(("comments", proposal.id, can_comment, own), lambda: render_template(
        "public/consultations/_comment_list.html", proposal=proposal, can_comment=can_comment,
        comments=consultation_queries.comments(proposal.id), may_report=may_report))


def _fields(form: str, proposal: Proposal, blank: bool, variant: str = "", **context):
    """A form's fields as HTML, made when the template shows them: shared while blank, as
    they are then the same for everyone (who reads the proposal in the same language: the
    `variant`); with someone's answers or errors, their own."""
    def render():  # the fields' HTML, made by WTForms and the GOV.UK macros
        return Markup(render_template(f"public/consultations/_{form}_fields.html", **context))

    if not blank:
        return render
    return lambda: page_cache.fragment((f"{form}-fields", proposal.id, variant), render)


def _decision_record(proposal: Proposal, status: str, now: datetime, changes_at):
    def render():
        return render_template("public/consultations/_decision_record.html",
                               proposal=proposal, status=status,
                               **consultation_context(proposal, now))

    return lambda: page_cache.fragment(("decision-record", proposal.id, status), render,
                                       expires=changes_at)
