"""Residents' requests for a consultation: their signatures, the threshold and the answer."""

from flask_smorest import abort

from .. import clock
from ..domain import requests as rules
from ..opendata.request_records import request_record
from ..queries import paging, request_queries
from . import bp
from .paging import HEADERS, answers, paged
from .request_schemas import RequestArgs, RequestPageSchema, RequestSchema
from .schemas import NoArgs


@bp.route("/requests")
@bp.arguments(RequestArgs, location="query")
@bp.response(200, RequestPageSchema, headers=HEADERS)
@answers()
def consultation_requests(args):
    """Published and rejected requests, newest first (none waiting for moderation)."""
    now = clock.now()
    wanted = rules.FILTERS.get(args.get("status", ""))
    rows = [row for row in request_queries.all_public()
            if wanted is None or request_queries.state_of(row, now) in wanted]
    page = paging.page_of_list(rows, args["page"], args["per_page"])
    return paged(page, lambda row: request_record(row, now))


@bp.route("/requests/<id:request_id>")
@bp.arguments(NoArgs, location="query")
@bp.response(200, RequestSchema, headers=HEADERS)
@answers(404)
def consultation_request(args, request_id: int):
    """One request: its counts (local and twin city), threshold, due date and answer."""
    found = request_queries.get(request_id)
    if found is None or found.status == rules.PENDING:
        abort(404, message="No published request has this id.")
    return request_record(found, clock.now())
