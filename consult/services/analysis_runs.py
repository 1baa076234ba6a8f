"""Computing suggested themes and campaigns in the background (issue 17).

An officer asks (`request`): a queued run is written, audited and handed to the task queue
after the commit. The worker (`run`) takes it, reads the reasons, lets the text-analysis engine
work on them outside any transaction (reporting progress as it goes), and records the groups it
found and the languages it detected; or records that it failed. Nothing is coded here: a
suggestion becomes a theme only when a person accepts it (services/suggestions.py).
"""

import logging
from collections import defaultdict
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa

from .. import clock
from ..domain import suggestions as rules
from ..infrastructure import outbox
from ..infrastructure.unit_of_work import load, use_case
from ..models import AnalysisGroup, AnalysisMember, AnalysisRun, Response, User, db
from ..queries import analysis_run_queries as runs
from . import audit_log, codebook

if TYPE_CHECKING:
    from ..text_analysis import Analysis

log = logging.getLogger(__name__)
TASK = "analyse"
CHUNK = 5000  # ids per statement: well under every database's parameter limit
PROGRESS_STEP = 10  # percent between the progress writes


def _subject(proposal_id: int) -> str:
    return f"proposal:{proposal_id}"


def _retire_if_stale(run: AnalysisRun | None, now: datetime) -> None:
    if run is not None and rules.is_stale(run.status, run.started_at or run.requested_at, now):
        run.status, run.finished_at = rules.FAILED, now
        run.error = "The worker stopped before it finished."


@use_case
def request(*, proposal_id: int, actor: User, now: datetime) -> AnalysisRun:
    """Queue a computation, unless one is already under way for this consultation."""
    codebook.open_proposal(proposal_id, now)
    latest = runs.latest(proposal_id)
    _retire_if_stale(latest, now)
    rules.require_none_in_progress(latest.status if latest else None)
    run = AnalysisRun(proposal_id=proposal_id, status=rules.QUEUED, progress=0,
                      requested_at=now, requested_by_id=actor.id)
    db.session.add(run)
    db.session.flush()
    audit_log.append(actor=actor, action="analysis.requested", subject=_subject(proposal_id),
                     details={"run_id": run.id}, now=now)
    outbox.task_after_commit(TASK, run.id)
    return run


@use_case
def _start(*, run_id: int, now: datetime) -> int | None:
    """Take a queued run; None when another worker took it or it was retired."""
    run = load(AnalysisRun, run_id)
    if run.status != rules.QUEUED:
        return None
    run.status, run.started_at, run.progress = rules.RUNNING, now, 0
    return run.proposal_id


@use_case
def _progress(*, run_id: int, percent: int) -> None:
    run = load(AnalysisRun, run_id)
    if run.status == rules.RUNNING:
        run.progress = max(run.progress, min(99, percent))


@use_case
def _fail(*, run_id: int, error: str, now: datetime) -> None:
    run = load(AnalysisRun, run_id)
    if run.status in rules.IN_PROGRESS:
        run.status, run.finished_at, run.error = rules.FAILED, now, error[:500]


def _add_groups(run: AnalysisRun, kind: str, found) -> dict[int, list[int]]:
    members: dict[int, list[int]] = {}
    for number, item in enumerate(found, start=1):
        is_campaign = kind == rules.CAMPAIGN
        group = AnalysisGroup(
            run_id=run.id, kind=kind, number=number, status=rules.OPEN,
            terms=[] if is_campaign else list(item.terms),
            example_ids=[item.first_id] if is_campaign else list(item.example_ids),
            size=len(item.member_ids))
        db.session.add(group)
        db.session.flush()
        members[group.id] = list(item.member_ids)
    return members


def _add_members(members: dict[int, list[int]]) -> None:
    rows = [{"group_id": gid, "response_id": rid} for gid, ids in members.items() for rid in ids]
    for start in range(0, len(rows), CHUNK):
        db.session.execute(sa.insert(AnalysisMember), rows[start:start + CHUNK])


def _record_languages(languages: dict[int, str]) -> None:
    by_language: dict[str, list[int]] = defaultdict(list)
    for response_id, language in languages.items():
        if language:
            by_language[language].append(response_id)
    for language, ids in by_language.items():
        for start in range(0, len(ids), CHUNK):
            db.session.execute(sa.update(Response).where(
                Response.id.in_(ids[start:start + CHUNK]), Response.language == "",
            ).values(detected_language=language))


@use_case
def _finish(*, run_id: int, analysis: "Analysis", reasons: int,
            languages: dict[int, str], now: datetime) -> None:
    run = load(AnalysisRun, run_id)
    if run.status != rules.RUNNING:
        return  # retired as stale meanwhile: what it found is not recorded
    members = _add_groups(run, rules.SUGGESTION, analysis.suggestions)
    members |= _add_groups(run, rules.CAMPAIGN, analysis.campaigns)
    _add_members(members)
    _record_languages(languages)
    run.status, run.progress, run.finished_at, run.reasons = rules.DONE, 100, now, reasons
    audit_log.append(actor="system (analysis)", action="analysis.finished",
                     subject=_subject(run.proposal_id),
                     details={"run_id": run.id, "reasons": reasons,
                              "suggestions": len(analysis.suggestions),
                              "campaigns": len(analysis.campaigns),
                              "languages_detected": sum(1 for v in languages.values() if v)},
                     now=now)


def _reporter(run_id: int) -> Callable[[int], None]:
    last = {"percent": 0}

    def report(percent: int) -> None:
        if percent - last["percent"] >= PROGRESS_STEP:
            last["percent"] = percent
            _progress(run_id=run_id, percent=percent)

    return report


def run(run_id: int) -> None:
    """The worker's part: take the run, compute outside any transaction, record the result.
    Whatever goes wrong is recorded on the run, so the page never waits for ever."""
    # Imported here: scikit-learn, numpy and lingua belong in the worker, not in every web
    # server process that imports this module for its other use cases.
    from .. import text_analysis

    proposal_id = _start(run_id=run_id, now=clock.now())
    if proposal_id is None:
        return
    try:
        reasons = runs.reasons(proposal_id)
        uncoded = runs.uncoded_ids(proposal_id)
        unlabelled = runs.without_language(proposal_id)
        db.session.rollback()  # no transaction held open while the engine works
        analysis = text_analysis.analyse(reasons, uncoded=uncoded, progress=_reporter(run_id))
        detected = text_analysis.detect_languages([text for _, text in unlabelled])
        languages = {rid: language for (rid, _), language in zip(unlabelled, detected,
                                                                   strict=True)}
        _finish(run_id=run_id, analysis=analysis, reasons=len(reasons), languages=languages,
                now=clock.now())
    except Exception as exc:  # noqa: BLE001 - recorded on the run and logged, never silent
        db.session.rollback()
        log.exception("Analysis run %d failed", run_id)
        _fail(run_id=run_id, error=f"{type(exc).__name__}: {exc}", now=clock.now())


def sweep(now: datetime) -> list[int]:
    """Queued runs whose nudge was lost, to hand to the queue again; stale ones retired."""
    waiting = []
    for run_id, status, last_heard in runs.in_progress():
        if rules.is_stale(status, last_heard, now):
            _fail(run_id=run_id, error="The worker stopped before it finished.", now=now)
        elif status == rules.QUEUED:
            waiting.append(run_id)
    db.session.rollback()
    return waiting
