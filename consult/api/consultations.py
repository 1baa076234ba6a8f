"""Consultations, their results, receipts and published reasons."""

from flask_smorest import abort

from .. import clock
from ..opendata import records
from ..queries import open_data, paging
from ..templating import london_time
from . import bp
from .consultation_schemas import (
    ConsultationPageSchema,
    ConsultationSchema,
    ReasonPageSchema,
    ReceiptsSchema,
    ResultsSchema,
)
from .loaders import load_consultation
from .paging import HEADERS, answers, paged
from .schemas import ConsultationArgs, NoArgs, PageArgs


@bp.route("/consultations")
@bp.arguments(ConsultationArgs, location="query")
@bp.response(200, ConsultationPageSchema, headers=HEADERS)
@answers()
def consultations(args):
    """Published consultations, latest closing first."""
    now = clock.now()
    link = open_data.link_by_slug(args["link"]) if "link" in args else None
    if "link" in args and link is None:
        found = []  # a well-formed slug of no link: nothing about it
    else:
        found = open_data.consultations(now=now, status=args.get("status", ""), link=link)
    page = paging.page_of_list(found, args["page"], args["per_page"])
    return paged(page, lambda proposal: records.consultation_summary(proposal, now))


@bp.route("/consultations/<id:proposal_id>")
@bp.arguments(NoArgs, location="query")
@bp.response(200, ConsultationSchema, headers=HEADERS)
@answers(404)
def consultation(args, proposal_id: int):
    """One consultation: the published proposal and where it stands."""
    return records.consultation_record(load_consultation(proposal_id), clock.now())


@bp.route("/consultations/<id:proposal_id>/results")
@bp.arguments(NoArgs, location="query")
@bp.response(200, ResultsSchema, headers=HEADERS)
@answers(404)
def consultation_results(args, proposal_id: int):
    """Results as a Popolo vote event; only the response count while results are hidden."""
    return records.results_record(load_consultation(proposal_id), clock.now())


@bp.route("/consultations/<id:proposal_id>/receipts")
@bp.arguments(NoArgs, location="query")
@bp.response(200, ReceiptsSchema, headers=HEADERS)
@answers(404, 409)
def consultation_receipts(args, proposal_id: int):
    """Every counted receipt code, once the consultation has closed; 409 before then."""
    proposal, now = load_consultation(proposal_id), clock.now()
    if not open_data.receipts_published(proposal, now):
        abort(409, message=_not_yet(proposal, now))
    codes = open_data.receipts(proposal)
    return {"consultation_id": proposal.id, "count": len(codes), "receipts": codes}


def _not_yet(proposal, now) -> str:
    if open_data.public_status(proposal, now) == "withdrawn":
        return "This consultation was withdrawn, so no receipts are published."
    return ("Receipts are published when the consultation closes, on "
            f"{london_time(proposal.closes_at)} (UK time).")


@bp.route("/consultations/<id:proposal_id>/reasons")
@bp.arguments(PageArgs, location="query")
@bp.response(200, ReasonPageSchema, headers=HEADERS)
@answers(404)
def consultation_reasons(args, proposal_id: int):
    """Reasons a moderator has published, oldest first; none while results are hidden."""
    proposal = load_consultation(proposal_id)
    if not open_data.outcome(proposal, clock.now()).visible:
        empty = paging.Page([], 0, args["page"], args["per_page"])
        return paged(empty, records.reason_record, visible=False)
    page = open_data.reasons_page(proposal, args["page"], args["per_page"])
    return paged(page, records.reason_record, visible=True)
