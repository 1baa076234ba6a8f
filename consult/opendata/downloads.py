"""CSV downloads: the register, each link's history, consultations, results and reasons."""

from flask import Response

from .. import clock
from ..public.loaders import load_link, load_published
from ..queries import decision_queries, open_data
from . import bp, tables
from .csv_export import to_csv


def csv_response(columns, rows, filename: str) -> Response:
    response = Response(to_csv(columns, rows), mimetype="text/csv")
    response.headers["Content-Type"] = "text/csv; charset=utf-8"
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@bp.get("/links.csv")
def links_csv():
    return csv_response(tables.LINK_COLUMNS, tables.link_rows(open_data.links()), "links.csv")


@bp.get("/links/<slug>/history.csv")
def link_history_csv(slug: str):
    link = load_link(slug)
    return csv_response(tables.EVENT_COLUMNS, tables.event_rows(link),
                        f"link-{link.slug}-history.csv")


@bp.get("/consultations.csv")
def consultations_csv():
    now = clock.now()
    return csv_response(tables.CONSULTATION_COLUMNS,
                        tables.consultation_rows(open_data.consultations(now=now), now),
                        "consultations.csv")


@bp.get("/consultations/<id:proposal_id>/results.csv")
def consultation_results_csv(proposal_id: int):
    proposal = load_published(proposal_id)
    return csv_response(tables.RESULT_COLUMNS, tables.result_rows(proposal, clock.now()),
                        f"consultation-{proposal.id}-results.csv")


@bp.get("/consultations/<id:proposal_id>/reasons.csv")
def consultation_reasons_csv(proposal_id: int):
    proposal = load_published(proposal_id)
    return csv_response(tables.REASON_COLUMNS, tables.reason_rows(proposal, clock.now()),
                        f"consultation-{proposal.id}-reasons.csv")


@bp.get("/decisions.csv")
def decisions_csv():
    found = decision_queries.public_list(decision_queries.Filters())
    return csv_response(tables.DECISION_COLUMNS, tables.decision_rows(found), "decisions.csv")
