"""The read side of suggested themes and campaigns: the latest run, its groups, their reasons,
and what a run is given to work on."""

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from ..domain import suggestions as rules
from ..models import AnalysisGroup, AnalysisMember, AnalysisRun, ReasonTag, Response, db
from . import reason_scope


def latest(proposal_id: int) -> AnalysisRun | None:
    return db.session.scalars(
        sa.select(AnalysisRun).where(AnalysisRun.proposal_id == proposal_id)
        .order_by(AnalysisRun.id.desc()).limit(1)).first()


def latest_done(proposal_id: int) -> AnalysisRun | None:
    return db.session.scalars(
        sa.select(AnalysisRun).where(AnalysisRun.proposal_id == proposal_id,
                                     AnalysisRun.status == rules.DONE)
        .order_by(AnalysisRun.id.desc()).limit(1)
        .options(selectinload(AnalysisRun.groups))).first()


def in_progress() -> list[tuple[int, str, datetime]]:
    """Every queued or running run, oldest first: (id, status, when it was last heard of)."""
    return [tuple(row) for row in db.session.execute(
        sa.select(AnalysisRun.id, AnalysisRun.status,
                  sa.func.coalesce(AnalysisRun.started_at, AnalysisRun.requested_at))
        .where(AnalysisRun.status.in_(rules.IN_PROGRESS)).order_by(AnalysisRun.id))]


def reasons(proposal_id: int) -> list[tuple[int, str]]:
    """Every analysed reason as (id, text), in the order received."""
    return [tuple(row) for row in db.session.execute(
        sa.select(Response.id, Response.reason).where(reason_scope.analysed(proposal_id))
        .order_by(Response.created_at, Response.id))]


def analysed_ids(proposal_id: int) -> set[int]:
    return set(db.session.scalars(sa.select(Response.id).where(
        reason_scope.analysed(proposal_id))))


def uncoded_ids(proposal_id: int) -> set[int]:
    coded = sa.select(ReasonTag.response_id).where(ReasonTag.response_id == Response.id)
    return set(db.session.scalars(
        sa.select(Response.id).where(reason_scope.analysed(proposal_id), ~coded.exists())))


def without_language(proposal_id: int) -> list[tuple[int, str]]:
    """Reasons whose language was never recorded, nor yet detected."""
    return [tuple(row) for row in db.session.execute(
        sa.select(Response.id, Response.reason).where(
            reason_scope.analysed(proposal_id), Response.language == "",
            Response.detected_language == "").order_by(Response.id))]


def groups(run: AnalysisRun | None, kind: str, *, status: str | None = None
           ) -> list[AnalysisGroup]:
    if run is None:
        return []
    return [group for group in run.groups
            if group.kind == kind and (status is None or group.status == status)]


def examples(groups_shown: list[AnalysisGroup]) -> dict[int, Response]:
    """The example and first reasons the shown groups name, by id, in one query."""
    wanted = {rid for group in groups_shown for rid in group.example_ids}
    if not wanted:
        return {}
    return {row.id: row for row in db.session.scalars(
        sa.select(Response).where(Response.id.in_(wanted)))}


def members(group_id: int) -> list[int]:
    return list(db.session.scalars(
        sa.select(AnalysisMember.response_id).where(AnalysisMember.group_id == group_id)
        .order_by(AnalysisMember.response_id)))


@dataclass(frozen=True)
class Panel:
    """What the analysis page shows of suggestions: the latest run (perhaps still working),
    the last finished run's open suggestions and campaigns, and their example reasons."""

    latest: AnalysisRun | None
    finished: AnalysisRun | None
    suggestions: list[AnalysisGroup]
    decided: int
    campaigns: list[AnalysisGroup]
    examples: dict[int, Response]

    @property
    def working(self) -> bool:
        return self.latest is not None and self.latest.status in rules.IN_PROGRESS

    @property
    def campaign_responses(self) -> int:
        return sum(group.size for group in self.campaigns)


def panel(proposal_id: int) -> Panel:
    finished = latest_done(proposal_id)
    suggested = groups(finished, rules.SUGGESTION)
    shown = [group for group in suggested if group.status == rules.OPEN]
    campaigns = groups(finished, rules.CAMPAIGN)
    return Panel(latest=latest(proposal_id), finished=finished, suggestions=shown,
                 decided=len(suggested) - len(shown), campaigns=campaigns,
                 examples=examples(shown + campaigns))
