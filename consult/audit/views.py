"""The public audit log: its head, a filtered list, one entry, the JSON Lines export."""

from pathlib import Path

from flask import Response, abort, render_template, request, send_file, stream_with_context

from .. import verify
from ..access import permission_required
from ..domain import audit
from ..queries import audit_queries
from . import bp
from .filters import ACTION_FAMILIES, page_number, parse

VERIFIER = Path(verify.__file__)


def download_name(head: audit_queries.LogHead) -> str:
    """Named by what it holds, as the verifier will count it: "OK: N entries"."""
    return f"audit-log-{head.entries}-entries.jsonl"


@bp.app_template_filter("canonical_json")
def _canonical_json(value) -> str:
    return audit.canonical_json(value)


@bp.get("")
def index():
    wanted = parse(request.args)
    page = audit_queries.entries(wanted, page_number(request.args.get("page")))
    head = audit_queries.log_head()
    return render_template("audit/index.html", head=head, signed=head.signed(), page=page,
                           download=download_name(head), wanted=wanted, families=ACTION_FAMILIES)


@bp.get("/entries/<id:seq>")
def entry(seq: int):
    """One entry; `?lane=N` for a response lane's entry (the main lane, 0, by default)."""
    lane = request.args.get("lane", audit.MAIN_LANE, type=int)
    found = audit_queries.entry(seq, lane) if lane in range(audit.LANES + 1) else None
    if found is None:
        abort(404)
    hashed_text = audit.canonical_json(audit.hashed_body(found.as_chain_dict()))
    return render_template("audit/entry.html", entry=found, hashed_text=hashed_text,
                           head=audit_queries.head(lane))


def _lines(up_to: audit_queries.LogHead):
    for row in audit_queries.export(up_to):
        yield audit.canonical_json(row) + "\n"


@bp.get("/log.jsonl")
def log_jsonl():
    """The whole log, every lane as it stood when the download began, streamed."""
    head = audit_queries.log_head()
    response = Response(stream_with_context(_lines(head)),
                        content_type="application/x-ndjson; charset=utf-8")
    response.headers["Content-Disposition"] = f'attachment; filename="{download_name(head)}"'
    return response


@bp.get("/verify.py")
def verifier():
    """The standalone verifier: one file, Python's standard library only."""
    return send_file(VERIFIER, mimetype="text/x-python", as_attachment=True,
                     download_name="verify.py", max_age=0)


@bp.get("/staff-actions")
@permission_required("view_audit_log")
def staff_actions():
    page = audit_queries.staff_actions(page_number(request.args.get("page")))
    return render_template("audit/staff_actions.html", page=page)
