"""Consultation pages for everyone: the list, a proposal and its discussion, documents, results.

Responding, withdrawing, commenting and reporting live in participation_views.
"""

import re
from dataclasses import dataclass
from datetime import datetime

from flask import abort, render_template, request, send_file
from flask_login import current_user, login_required
from markupsafe import Markup
from werkzeug.utils import secure_filename

from .. import charts, clock, page_cache, text
from ..domain import discussion as discussion_rules
from ..domain import proposals as rules
from ..domain import voting
from ..models import Comment, Proposal, ProposalDocument, db
from ..models.comments import REPORT_REASONS
from ..services import (
    consultation_queries,
    consultation_responses,
    documents,
    link_queries,
    links,
    responses,
    results,
)
from ..templating import london_time
from . import bp
from .consultation_forms import CommentForm, RespondForm
from .decision_views import consultation_context

MAX_ID = 2**31 - 1  # larger ids exist nowhere, and SQLite cannot even compare them
_SLUG = re.compile(r"^[a-z0-9-]{1,80}$")
_STORED_PDF = re.compile(r"^[0-9a-f]{32}\.pdf$")
OPENED = (rules.OPEN, rules.CLOSED, rules.DECIDED)
# "Closed" means closed for responses, so it lists decided consultations too, as the API does.
FILTERS = {"open": "Open", "upcoming": "Upcoming", "closed": "Closed", "decided": "Decided",
           "withdrawn": "Withdrawn"}

bp.add_app_template_filter(text.plain_text, "plain_text")


@bp.context_processor
def _labels() -> dict:
    return {"proposal_labels": rules.STATUS_LABELS, "action_labels": rules.ACTIONS,
            "respondent_types": voting.RESPONDENT_TYPES, "report_reasons": REPORT_REASONS}


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
        left = rules.days_left(proposal.window, now) if status == rules.OPEN else None
        rows.append(Listed(proposal, status, left))
    return rows


def load_published(proposal_id: int) -> Proposal:
    """A proposal the public may see: anything but a draft. Otherwise 404."""
    proposal = db.session.get(Proposal, proposal_id) if proposal_id <= MAX_ID else None
    if proposal is None or proposal.status == rules.DRAFT:
        abort(404)
    return proposal


def load_comment(comment_id: int) -> Comment:
    comment = db.session.get(Comment, comment_id) if comment_id <= MAX_ID else None
    if comment is None:
        abort(404)
    load_published(comment.proposal_id)
    return comment


def signed_in_user():
    return current_user._get_current_object() if current_user.is_authenticated else None


def respond_state(proposal: Proposal, now: datetime) -> str:
    """What the respond section offers: the form ('open') or why not."""
    status = proposal.status_at(now)
    if status != rules.OPEN:
        return status
    if not current_user.is_authenticated:
        return "sign_in"
    return "open" if current_user.is_verified else "verify"


def not_open_message(proposal: Proposal, now: datetime) -> str:
    status = proposal.status_at(now)
    if status == rules.SCHEDULED:
        return f"This consultation opens on {london_time(proposal.opens_at)}. You cannot " \
               "respond yet."
    if status == rules.WITHDRAWN:
        return "This consultation was withdrawn, so it no longer takes responses."
    return f"This consultation closed on {london_time(proposal.closes_at)}. Your response " \
           "was not recorded."


def _respond_data(mine) -> dict | None:
    if mine is None or mine.withdrawn:
        return None
    return {"option": mine.option_id, "respondent_type": mine.respondent_type,
            "organisation": mine.organisation, "postcode_district": mine.postcode_district,
            "reason": mine.reason}


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
    can_comment = bool(user and user.is_verified and status != rules.WITHDRAWN)
    changes_at = rules.next_change(proposal.window, now)
    page_cache.valid_until(changes_at)
    submitted = respond_form or comment_form
    respond_blank, comment_blank = respond_form is None and _respond_data(mine) is None, \
        comment_form is None and replying is None
    respond_form = respond_form or RespondForm(formdata=None, options=proposal.options,
                                               data=_respond_data(mine))
    comment_form = comment_form or CommentForm(
        formdata=None, parent_id=str(replying.id) if replying else "")
    return render_template(
        "public/consultations/consultation.html", proposal=proposal, status=status,
        days_left=rules.days_left(proposal.window, now) if status == rules.OPEN else None,
        opened=status in OPENED or (proposal.opens_at is not None and proposal.opens_at <= now),
        respond_state=respond_state(proposal, now), mine=mine, respond_form=respond_form,
        replying=replying, comment_form=comment_form,
        comment_list=_comment_list(proposal, can_comment, user), can_comment=can_comment,
        respond_fields=_fields("respond", proposal, respond_blank, respond_form=respond_form,
                               mine=mine),
        comment_fields=_fields("comment", proposal, comment_blank, comment_form=comment_form,
                               replying=replying),
        decision_record=_decision_record(proposal, status, now, changes_at), form=submitted)


def _comment_list(proposal: Proposal, can_comment: bool, user):
    """The comments as HTML, shared by everyone who may (or may not) reply; someone who wrote
    some of them gets their own, without report links on theirs."""
    own = user.id if user and consultation_queries.has_commented(proposal.id, user.id) else None

    def may_report(comment: Comment) -> bool:
        return discussion_rules.may_report(comment.state, comment.author_id, own)

    return page_cache.fragment(("comments", proposal.id, can_comment, own), lambda: render_template(
        "public/consultations/_comment_list.html", proposal=proposal, can_comment=can_comment,
        comments=consultation_queries.comments(proposal.id), may_report=may_report))


def _fields(form: str, proposal: Proposal, blank: bool, **context):
    """A form's fields as HTML, made when the template shows them: shared while blank, as
    they are then the same for everyone; with someone's answers or errors, their own."""
    def render():  # the fields' HTML, made by WTForms and the GOV.UK macros
        return Markup(render_template(f"public/consultations/_{form}_fields.html", **context))

    if not blank:
        return render
    return lambda: page_cache.fragment((f"{form}-fields", proposal.id), render)


def _decision_record(proposal: Proposal, status: str, now: datetime, changes_at):
    def render():
        return render_template("public/consultations/_decision_record.html",
                               proposal=proposal, status=status,
                               **consultation_context(proposal, now))

    return lambda: page_cache.fragment(("decision-record", proposal.id, status), render,
                                       expires=changes_at)


@bp.get("/consultations")
def consultations_index():
    status = request.args.get("status", "")
    status = status if status in FILTERS else ""
    slug = request.args.get("link", "")
    link = links.get_by_slug(slug) if _SLUG.match(slug) else None
    now = clock.now()
    found = consultation_queries.public_list(now=now, status=status,
                                             link_id=link.id if link else None)
    return render_template("public/consultations/index.html", items=listed(found, now),
                           status=status, link=link, all_links=link_queries.list_links(),
                           filters=FILTERS)


@bp.get("/consultations/<int:proposal_id>")
@page_cache.public_page()
def consultation(proposal_id: int):
    return proposal_page(load_published(proposal_id))


@bp.get("/consultations/<int:proposal_id>/documents/<int:document_id>")
def consultation_document(proposal_id: int, document_id: int):
    """An uploaded PDF, always as a download; web-link documents are plain links on the page."""
    proposal = load_published(proposal_id)
    document = db.session.get(ProposalDocument, document_id) if document_id <= MAX_ID else None
    if document is None or document.proposal_id != proposal.id or not document.is_upload:
        abort(404)
    path = documents.path_of(document)
    if not _STORED_PDF.match(document.stored_name) or not path.is_file():
        abort(404)
    name = (secure_filename(document.title)[:80] or "document") + ".pdf"
    response = send_file(path, mimetype="application/pdf", as_attachment=True,
                         download_name=name, max_age=0)
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


@bp.get("/consultations/<int:proposal_id>/receipt")
@login_required
def receipt(proposal_id: int):
    """The signed-in person's own receipt: never anyone else's."""
    proposal = load_published(proposal_id)
    mine = responses.current_for(proposal.id, current_user)
    if mine is None:
        abort(404)
    return render_template("public/consultations/receipt.html", proposal=proposal, mine=mine,
                           replaced=consultation_queries.replaced_receipt(mine),
                           status=proposal.status_at(clock.now()),
                           check_code=responses.check_code(mine.receipt_code))


def _option_filter(raw: str | None, proposal: Proposal) -> int | None:
    """?option=<id> of one of this proposal's options; anything else means all options."""
    if raw and raw.isascii() and raw.isdigit() and len(raw) <= 12:
        option_id = int(raw)
        if option_id in {option.id for option in proposal.options}:
            return option_id
    return None


def _charts(tally: dict, series: list[tuple[str, int]]) -> dict:
    def rows(group):
        return [(row.label, row.count, row.percent) for row in group]

    by_type = {rtype: charts.bar_chart(f"{voting.RESPONDENT_TYPES[rtype]}: responses by option",
                                       rows(group["rows"]))
               for rtype, group in tally["by_type"].items()}
    return {"overall": charts.bar_chart("All responses by option", rows(tally["overall"])),
            "by_type": by_type,
            "over_time": charts.line_chart("Responses over time", series)}


@bp.get("/consultations/<int:proposal_id>/results")
@page_cache.public_page(totals=True, params=("option",))
def consultation_results(proposal_id: int):
    proposal = load_published(proposal_id)
    now = clock.now()
    page_cache.valid_until(rules.next_change(proposal.window, now))
    count, not_counted = results.totals(proposal.id)
    context = {"proposal": proposal, "status": proposal.status_at(now),
               "count": count, "not_counted": not_counted,
               "consultation_response": consultation_responses.get_for(proposal.id)}
    if not results.visible(proposal, now):
        return render_template("public/consultations/results.html", visible=False, **context)
    tally, series = results.tally(proposal), results.over_time(proposal.id)
    option_id = _option_filter(request.args.get("option"), proposal)
    return render_template(
        "public/consultations/results.html", visible=True, tally=tally,
        series_rows=[(charts.day_label(day), total) for day, total in series],
        charts=_charts(tally, series), option_id=option_id,
        reasons=consultation_queries.published_reasons(proposal.id, option_id), **context)


from . import participation_views  # noqa: E402,F401  (routes attach to bp)
