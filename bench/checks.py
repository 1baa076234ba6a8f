"""After the run: every acknowledged response is stored, and every total equals a direct count."""

import json
import statistics
import time
import urllib.request

import sqlalchemy as sa
from flask import Flask

from consult.models import AuditEntry, ConsultationRequest, Proposal, Response, Signature, db
from consult.queries import results
from consult.services import audit_log


def tally_ms(app: Flask, proposal_id: int, repeats: int) -> float:
    """The app's own tally of one consultation, in process: median of `repeats`."""
    with app.app_context():
        proposal = db.session.get(Proposal, proposal_id)
        times = []
        for _ in range(repeats):
            started = time.perf_counter()
            results.tally(proposal)
            times.append((time.perf_counter() - started) * 1000)
        db.session.remove()
    return statistics.median(times)


def audit_count() -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(AuditEntry).where(
        AuditEntry.action.in_(("response.submitted", "response.changed"))))


def _stored(proposal_id: int, user_ids: list[int], *, changed: bool) -> set[int]:
    """Which of these residents have a stored response (for changes: a second version)."""
    found = set()
    for offset in range(0, len(user_ids), 5000):
        chunk = user_ids[offset:offset + 5000]
        query = sa.select(Response.user_id).where(
            Response.proposal_id == proposal_id, Response.user_id.in_(chunk))
        found.update(db.session.scalars(query.where(Response.version >= 2) if changed else query))
    return found


def _api_count(base: str, proposal_id: int) -> int:
    url = f"{base}/api/v1/consultations/{proposal_id}/results"
    with urllib.request.urlopen(url, timeout=120) as answer:
        return json.load(answer)["response_count"]


def check(app: Flask, bench, *, audit_before: int, base: str) -> dict:
    """Compare what wrk saw acknowledged with the rows stored, run by run."""
    big = bench.ids["big"]
    with app.app_context():
        runs = []
        for kind, log in (("submitted", bench.submitted), ("changed", bench.changed)):
            for user_ids, acknowledged in log:
                stored = _stored(big, user_ids, changed=kind == "changed")
                answered = {user_ids[i] for i in acknowledged}
                runs.append({"kind": kind, "acknowledged": len(answered), "stored": len(stored),
                             "acknowledged_not_stored": len(answered - stored),
                             "stored_not_acknowledged": len(stored - answered)})
        signatures = _signatures(bench)
        direct = results.response_count(big)
        tally = results.tally(db.session.get(Proposal, big))["total"]
        audit_new = audit_count() - audit_before
        audit_verifies, _ = audit_log.verify_chain()  # every lane, and every anchor
        db.session.remove()
    acknowledged = sum(run["acknowledged"] for run in runs)
    stored = sum(run["stored"] for run in runs)
    submitted = sum(run["stored"] for run in runs if run["kind"] == "submitted")
    api = _api_count(base, big)
    return {"runs": runs, "acknowledged": acknowledged, "stored": stored,
            "all_stored": all(run["acknowledged_not_stored"] == 0
                              and run["stored_not_acknowledged"] == 0 for run in runs),
            "audit_entries_new": audit_new, "audit_matches": audit_new == stored,
            "audit_verifies": audit_verifies,
            "direct_count": direct, "tally_total": tally, "api_total": api,
            "expected_total": bench.args.responses + submitted,
            "totals_match": direct == tally == api == bench.args.responses + submitted,
            "signatures": signatures}


def _signatures(bench) -> dict:
    """Every acknowledged signature is stored, and the request's count equals its rows."""
    request_id = bench.ids["request"]
    acknowledged = {user_ids[i] for user_ids, done in bench.signed for i in done}
    stored = set(db.session.scalars(sa.select(Signature.user_id).where(
        Signature.request_id == request_id, Signature.withdrawn.is_(False))))
    request = db.session.get(ConsultationRequest, request_id)
    counted = request.local_count + request.twin_count
    return {"acknowledged": len(acknowledged), "stored": len(stored),
            "acknowledged_not_stored": len(acknowledged - stored),
            "count_matches_rows": counted == len(stored)}
