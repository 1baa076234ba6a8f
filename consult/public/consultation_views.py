"""Consultation pages for everyone: the list, a proposal and its discussion, documents, results.

Responding, withdrawing, commenting and reporting live in participation_views.
"""

import re

from flask import abort, render_template, request, send_file
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from werkzeug.utils import secure_filename

from .. import charts, clock, i18n, page_cache, text
from ..domain import proposals, voting
from ..models import Proposal
from ..models.comments import REPORT_REASONS
from ..queries import consultation_queries, feedback_queries, link_queries, results
from ..services import documents, responses
from . import bp, proposal_text
from .loaders import load_published, load_upload
from .pages import listed, proposal_page

_SLUG = re.compile(r"^[a-z0-9-]{1,80}$")
_STORED_PDF = re.compile(r"^[0-9a-f]{32}\.pdf$")
# "Closed" means closed for responses, so it lists decided consultations too, as the API does.
FILTERS = {"open": _l("Open"), "upcoming": _l("Upcoming"), "closed": _l("Closed"),
           "decided": _l("Decided"), "withdrawn": _l("Withdrawn")}
# The same, as the page title names a filter: "Consultations (decided)".
FILTER_TITLES = {"open": _l("open"), "upcoming": _l("upcoming"), "closed": _l("closed"),
                 "decided": _l("decided"), "withdrawn": _l("withdrawn")}

bp.add_app_template_filter(text.plain_text, "plain_text")
bp.add_app_template_filter(charts.percent_text, "percent")


@bp.context_processor
def _labels() -> dict:
    return {"proposal_labels": proposals.STATUS_LABELS, "action_labels": proposals.ACTIONS,
            "respondent_types": voting.RESPONDENT_TYPES, "report_reasons": REPORT_REASONS}


@bp.get("/consultations")
def consultations_index():
    status = request.args.get("status", "")
    status = status if status in FILTERS else ""
    slug = request.args.get("link", "")
    link = link_queries.get_by_slug(slug) if _SLUG.match(slug) else None
    now = clock.now()
    found = consultation_queries.public_list(now=now, status=status,
                                             link_id=link.id if link else None)
    return render_template("public/consultations/index.html", items=listed(found, now),
                           status=status, link=link, all_links=link_queries.list_links(),
                           filters=FILTERS, filter_titles=FILTER_TITLES)


@bp.get("/consultations/<id:proposal_id>")
@page_cache.public_page(params=("text",))
def consultation(proposal_id: int):
    return proposal_page(load_published(proposal_id))


@bp.get("/consultations/<id:proposal_id>/documents/<id:document_id>")
def consultation_document(proposal_id: int, document_id: int):
    """An uploaded PDF, always as a download; web-link documents are plain links on the page."""
    document = load_upload(load_published(proposal_id), document_id)
    path = documents.path_of(document)
    if not _STORED_PDF.match(document.stored_name) or not path.is_file():
        abort(404)
    name = (secure_filename(document.title)[:80] or "document") + ".pdf"
    response = send_file(path, mimetype="application/pdf", as_attachment=True,
                         download_name=name, max_age=0)
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


@bp.get("/consultations/<id:proposal_id>/receipt")
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

    by_type = {rtype: charts.bar_chart(
        _("%(group)s: responses by option", group=_(voting.RESPONDENT_TYPES[rtype])),
        rows(group["rows"])) for rtype, group in tally["by_type"].items()}
    return {"overall": charts.bar_chart(_("All responses by option"), rows(tally["overall"])),
            "by_type": by_type,
            "over_time": charts.line_chart(_("Responses over time"), series)}


@bp.get("/consultations/<id:proposal_id>/results")
@page_cache.public_page(totals=True, params=("option", "language"))
def consultation_results(proposal_id: int):
    proposal = load_published(proposal_id)
    now = clock.now()
    page_cache.valid_until(proposals.next_change(proposal.window, now))
    count, not_counted = results.totals(proposal.id)
    context = {"proposal": proposal, "status": proposal.status_at(now),
               "count": count, "not_counted": not_counted,
               "feedback": feedback_queries.get_for(proposal.id)}
    if not results.visible(proposal, now):
        return render_template("public/consultations/results.html", visible=False, **context)
    labels = proposal_text.text_of(proposal).options
    tally, series = results.tally(proposal, labels), results.over_time(proposal.id)
    option_id = _option_filter(request.args.get("option"), proposal)
    language = i18n.known(request.args.get("language"))
    return render_template(
        "public/consultations/results.html", visible=True, tally=tally, labels=labels,
        series_rows=[(charts.day_label(day), total) for day, total in series],
        charts=_charts(tally, series), option_id=option_id, language=language,
        by_language=results.by_language(proposal, labels),
        reasons=consultation_queries.published_reasons(proposal.id, option_id, language),
        **context)

