"""Decisions on twin links, with their fairness checks."""

from .. import clock
from ..opendata import decision_records
from ..queries import decision_queries, follow_up_queries, open_data, paging
from . import bp
from .decision_schemas import DecisionArgs, DecisionPageSchema, DecisionSchema
from .loaders import load_decision
from .paging import HEADERS, answers, paged
from .schemas import NoArgs


def filtered(args: dict, now) -> list:
    """Decisions matching the filters; a well-formed slug of no link matches nothing."""
    link = open_data.link_by_slug(args["link"]) if "link" in args else None
    if "link" in args and link is None:
        return []
    found = decision_queries.public_list(decision_queries.Filters(
        link=link, outcome=args.get("outcome", ""), consulted=args.get("consulted", ""),
        year=args.get("year")))
    if "overdue" in args:
        overdue = {d.id for d, _since in follow_up_queries.overdue_decisions(now)}
        found = [d for d in found if (d.id in overdue) == args["overdue"]]
    return found


@bp.route("/decisions")
@bp.arguments(DecisionArgs, location="query")
@bp.response(200, DecisionPageSchema, headers=HEADERS)
@answers()
def decisions(args):
    """Decision records, newest first; corrections are records of their own."""
    now = clock.now()
    page = paging.page_of_list(filtered(args, now), args["page"], args["per_page"])
    return paged(page, lambda decision: {**decision_records.decision_summary(decision),
                                         **decision_records.follow_up_fields(decision, now)})


@bp.route("/decisions/<id:decision_id>")
@bp.arguments(NoArgs, location="query")
@bp.response(200, DecisionSchema, headers=HEADERS)
@answers(404)
def decision(args, decision_id: int):
    """One decision: the record, the vote, the fairness checks and its audit seal."""
    return decision_records.decision_record(load_decision(decision_id), clock.now())
