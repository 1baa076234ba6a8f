"""What an officer does with a suggested theme: accept it as a new theme (its reasons coded
with it), add its reasons to a theme already in the codebook, or discard it. Each is one
transaction and audited; nothing is coded without one of these."""

from datetime import datetime

from ..domain import suggestions as rules
from ..infrastructure.unit_of_work import load, use_case
from ..models import AnalysisGroup, AnalysisRun, Theme, User
from ..queries import analysis_run_queries as runs
from . import audit_log, codebook, coding


def _suggestion(group_id: int, proposal_id: int) -> AnalysisGroup:
    group = load(AnalysisGroup, group_id)
    run = load(AnalysisRun, group.run_id)
    if run.proposal_id != proposal_id or group.kind != rules.SUGGESTION:
        raise LookupError(f"No suggestion {group_id} on proposal {proposal_id}")
    rules.require_open(group.status)
    return group


def _decided(group: AnalysisGroup, status: str, theme_id: int | None, actor: User,
             now: datetime) -> None:
    group.status, group.theme_id = status, theme_id
    group.decided_at, group.decided_by_id = now, actor.id


def _audit(action: str, group: AnalysisGroup, proposal_id: int, actor: User, now: datetime,
           **details) -> None:
    audit_log.append(actor=actor, action=action, subject=f"proposal:{proposal_id}",
                     details={"suggestion_id": group.id, "run_id": group.run_id, **details},
                     now=now)


def _code(proposal_id: int, theme_id: int, group: AnalysisGroup, actor: User,
          now: datetime) -> int:
    """Code the suggestion's reasons that analysis still covers (a response withdrawn or
    invalidated since the run is left out rather than refusing the whole suggestion)."""
    members = set(runs.members(group.id)) & runs.analysed_ids(proposal_id)
    if not members:
        return 0
    return coding.apply(proposal_id=proposal_id, theme_id=theme_id, response_ids=members,
                        actor=actor, now=now)


@use_case
def accept(*, proposal_id: int, group_id: int, name: str, description: str = "",
           actor: User, now: datetime) -> tuple[Theme, int]:
    """A new theme under the officer's name for it, coded on the suggestion's reasons."""
    group = _suggestion(group_id, proposal_id)
    theme = codebook.create(proposal_id=proposal_id, name=name, description=description,
                            parent_id=None, actor=actor, now=now)
    tagged = _code(proposal_id, theme.id, group, actor, now)
    _decided(group, rules.ACCEPTED, theme.id, actor, now)
    _audit("analysis.suggestion_accepted", group, proposal_id, actor, now,
           theme_id=theme.id, theme=theme.name, tagged=tagged)
    return theme, tagged


@use_case
def add_to_theme(*, proposal_id: int, group_id: int, theme_id: int, actor: User,
                 now: datetime) -> tuple[Theme, int]:
    """The suggestion's reasons coded with a theme already in the codebook (a merge)."""
    group = _suggestion(group_id, proposal_id)
    theme = load(Theme, theme_id)
    tagged = _code(proposal_id, theme.id, group, actor, now)
    _decided(group, rules.ACCEPTED, theme.id, actor, now)
    _audit("analysis.suggestion_merged", group, proposal_id, actor, now,
           theme_id=theme.id, theme=theme.name, tagged=tagged)
    return theme, tagged


@use_case
def discard(*, proposal_id: int, group_id: int, actor: User, now: datetime) -> None:
    """Set aside: nothing is coded."""
    group = _suggestion(group_id, proposal_id)
    _decided(group, rules.DISCARDED, None, actor, now)
    _audit("analysis.suggestion_discarded", group, proposal_id, actor, now)
