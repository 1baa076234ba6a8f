"""The audit log: its head, and every entry in order."""

from ..opendata import records
from ..services import open_data
from . import bp
from .paging import HEADERS, answers, paged
from .schemas import AuditHeadSchema, AuditPageSchema, NoArgs, PageArgs


@bp.route("/audit/head")
@bp.arguments(NoArgs, location="query")
@bp.response(200, AuditHeadSchema, headers=HEADERS)
@answers()
def audit_head(args):
    """The newest entry's sequence number and hash."""
    head = open_data.audit_head()
    return {"seq": head.seq, "hash": head.hash, "occurred_at": head.occurred_at}


@bp.route("/audit/entries")
@bp.arguments(PageArgs, location="query")
@bp.response(200, AuditPageSchema, headers=HEADERS)
@answers()
def audit_entries(args):
    """Entries in sequence order, oldest first: recompute each hash to check the chain."""
    return paged(open_data.audit_page(args["page"], args["per_page"]), records.audit_record)
