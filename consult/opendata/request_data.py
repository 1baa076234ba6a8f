"""Requests for a consultation as open data: a CSV download and an Atom feed."""

from .. import clock
from ..domain import requests as rules
from ..navigation import external_url
from ..queries import request_queries
from . import atom, bp
from .downloads import csv_response
from .feeds import _feed, feed_response
from .request_records import CSV_COLUMNS, csv_row, request_record


@bp.get("/requests.csv")
def requests_csv():
    now = clock.now()
    rows = [csv_row(request_record(row, now)) for row in request_queries.all_public()]
    return csv_response(CSV_COLUMNS, rows, "requests.csv")


def _updated(request, record: dict):
    """The latest public change: moderation, the threshold, the answer once public."""
    moments = [request.moderated_at, request.reached_at,
               record["answer"]["answered_at"] if record["answer"] else None]
    return max(moment for moment in moments if moment is not None)


def _summary(record: dict) -> str:
    if record["status"] == rules.REJECTED:
        return f"Rejected: {rules.REJECTION_REASONS[record['rejection_reason']]}."
    said = (f"{record['signatures']['local']} signatures from the council area of "
            f"{record['threshold']} needed; {record['signatures']['twin_city']} from the twin "
            f"city.")
    if record["answer_due_by"] and not record["answer"]:
        said += f" The council's answer is due by {record['answer_due_by'].date().isoformat()}."
    if record["answer"] and record["answer"]["kind"] == rules.REFUSAL:
        said += f" The council refused: {record['answer']['reasons']}"
    elif record["answer"]:
        said += " The council is consulting on it."
    return said if record["reason"] is None else f"{record['reason']}\n\n{said}"


@bp.get("/requests/feed.atom")
def requests_feed():
    """Requests for a consultation, the most recently changed first."""
    now, entries = clock.now(), []
    for request in request_queries.all_public():
        record = request_record(request, now)
        url = external_url("public.request", request_id=request.id)
        title = record["title"] or f"Request {request.id}"
        entries.append(atom.Entry(
            id=url, url=url, updated=_updated(request, record), published=request.published_at,
            title=f"{rules.STATE_LABELS[record['status']]}: {title}",
            summary=_summary(record),
            categories=(record["status"], request.action, request.link.slug)))
    entries.sort(key=lambda entry: entry.updated, reverse=True)
    return feed_response(_feed("opendata.requests_feed", "public.requests_index",
                               "Requests for a consultation",
                               "Residents' requests, their signatures and the council's answers.",
                               entries[:50], now))
