"""The audit log: its head, and every entry in order."""

from ..opendata import records
from ..queries import open_data
from . import bp
from .paging import HEADERS, answers, paged
from .schemas import AuditHeadSchema, AuditPageSchema, NoArgs, PageArgs


@bp.route("/audit/head")
@bp.arguments(NoArgs, location="query")
@bp.response(200, AuditHeadSchema, headers=HEADERS)
@answers()
def audit_head(args):
    """The newest main-log (lane 0) entry's sequence number and hash, the entries of every lane
    with it, signed with the council's Ed25519 key. Keep it: a later log must still hold it
    (`python verify.py log.jsonl --signed-head head.json`)."""
    head = open_data.audit_head()
    return {**head.signed(), "occurred_at": head.occurred_at}


@bp.route("/audit/entries")
@bp.arguments(PageArgs, location="query")
@bp.response(200, AuditPageSchema, headers=HEADERS)
@answers()
def audit_entries(args):
    """Entries lane by lane (0, the main log, first), each lane oldest first: recompute each
    hash to check each lane's chain, and match the anchors in lane 0 to the lanes' entries.
    While the log grows, a later page may repeat entries of the page before (never skip one):
    (lane, seq) names an entry."""
    return paged(open_data.audit_page(args["page"], args["per_page"]), records.audit_record)
