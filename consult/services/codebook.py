"""A consultation's codebook (issue 17): officers add, edit, remove and merge its themes.

Each change is one unit of work with one entry in the main audit log (the theme's id and name,
never a reason's text). Removing a theme takes its codes off the reasons; merging moves them
to the other theme (a reason coded with both keeps one code) along with its sub-themes and
quotations, then removes it. Both refuse what would break the codebook's one level of
sub-themes (domain/codebook.py).
"""

from datetime import datetime

import sqlalchemy as sa

from ..domain import codebook as rules
from ..infrastructure import bulk
from ..infrastructure.unit_of_work import load, use_case
from ..models import AnalysisGroup, Proposal, ReasonTag, Theme, User, db
from . import audit_log


def codebook_of(proposal_id: int) -> list[rules.ThemeFacts]:
    """The consultation's themes as the rules see them (inside the unit of work)."""
    rows = db.session.execute(sa.select(Theme.id, Theme.name, Theme.parent_id)
                              .where(Theme.proposal_id == proposal_id))
    return [rules.ThemeFacts(*row) for row in rows]


def open_proposal(proposal_id: int, now: datetime) -> Proposal:
    """The consultation, if its reasons are analysed now (domain/codebook.require_coding_open)."""
    proposal = load(Proposal, proposal_id)
    rules.require_coding_open(proposal.status_at(now))
    return proposal


def _audit(actor: User, action: str, theme: Theme, details: dict, now: datetime) -> None:
    audit_log.append(actor=actor, action=action, subject=f"proposal:{theme.proposal_id}",
                     details={"theme_id": theme.id, "theme_name": theme.name, **details},
                     now=now)


@use_case
def add_theme(*, proposal_id: int, name: str, description: str = "",
              parent_id: int | None = None, actor: User, now: datetime) -> Theme:
    """Add a theme (or a sub-theme of a main theme) to the consultation's codebook."""
    return create(proposal_id=proposal_id, name=name, description=description,
                  parent_id=parent_id, actor=actor, now=now)


def create(*, proposal_id: int, name: str, description: str, parent_id: int | None,
           actor: User, now: datetime) -> Theme:
    """add_theme's work, inside a unit of work that may do more (accepting a suggestion)."""
    proposal = open_proposal(proposal_id, now)
    draft = rules.check_theme(rules.ThemeDraft(name, description, parent_id),
                              codebook_of(proposal.id))
    theme = Theme(proposal_id=proposal.id, name=draft.name, description=draft.description,
                  parent_id=draft.parent_id, created_at=now, created_by_id=actor.id)
    db.session.add(theme)
    db.session.flush()
    _audit(actor, "analysis.theme_added", theme, {"parent_id": theme.parent_id}, now)
    return theme


@use_case
def edit_theme(*, theme_id: int, name: str, description: str, parent_id: int | None,
               actor: User, now: datetime) -> Theme:
    """Rename a theme, change its description, or move it under (or out from under) a main
    theme; its codes stay on their reasons."""
    theme = load(Theme, theme_id)
    open_proposal(theme.proposal_id, now)
    draft = rules.check_theme(rules.ThemeDraft(name, description, parent_id),
                              codebook_of(theme.proposal_id), theme_id=theme.id)
    was = {"name": theme.name, "parent_id": theme.parent_id}
    theme.name, theme.description = draft.name, draft.description
    theme.parent_id = draft.parent_id
    db.session.flush()
    _audit(actor, "analysis.theme_edited", theme, {"parent_id": theme.parent_id, "was": was},
           now)
    return theme


def _forget(theme: Theme, replacement_id: int | None) -> None:
    """Point an accepted suggestion at the replacement (or at nothing), then delete the theme."""
    db.session.execute(sa.update(AnalysisGroup).where(AnalysisGroup.theme_id == theme.id)
                       .values(theme_id=replacement_id),
                       execution_options={"synchronize_session": False})
    db.session.delete(theme)
    db.session.flush()


@use_case
def remove_theme(*, theme_id: int, actor: User, now: datetime) -> None:
    """Remove a theme and its codes; a theme with sub-themes is refused."""
    theme = load(Theme, theme_id)
    open_proposal(theme.proposal_id, now)
    rules.require_removable(db.session.scalar(
        sa.select(sa.func.count()).select_from(Theme).where(Theme.parent_id == theme.id)))
    removed = len(db.session.scalars(
        sa.delete(ReasonTag).where(ReasonTag.theme_id == theme.id)
        .returning(ReasonTag.response_id), execution_options={"synchronize_session": False})
        .all())
    _audit(actor, "analysis.theme_removed", theme, {"reasons": removed}, now)
    _forget(theme, None)


def _quoted(theme_id: int) -> list[int]:
    return list(db.session.scalars(
        sa.select(ReasonTag.response_id).where(ReasonTag.theme_id == theme_id,
                                               ReasonTag.quoted.is_(True))
        .order_by(ReasonTag.tagged_at, ReasonTag.response_id)))


def _move_tags(source: Theme, target: Theme) -> int:
    """Code the source's reasons with the target (a reason coded with both keeps its code),
    then drop the source's codes; the target keeps its quotations and gains the source's up to
    the limit. Returns how many reasons were newly coded with the target."""
    quotes = _quoted(target.id)
    quotes += [found for found in _quoted(source.id) if found not in quotes]
    statement = bulk.insert(ReasonTag).from_select(
        ["response_id", "theme_id", "quoted", "tagged_at", "tagged_by_id"],
        sa.select(ReasonTag.response_id, sa.literal(target.id, sa.Integer), sa.false(),
                  ReasonTag.tagged_at, ReasonTag.tagged_by_id)
        .where(ReasonTag.theme_id == source.id))
    moved = len(db.session.scalars(statement.on_conflict_do_nothing().returning(
        ReasonTag.response_id), execution_options={"synchronize_session": False}).all())
    db.session.execute(sa.delete(ReasonTag).where(ReasonTag.theme_id == source.id),
                       execution_options={"synchronize_session": False})
    if quotes:
        db.session.execute(sa.update(ReasonTag).where(ReasonTag.theme_id == target.id).values(
            quoted=ReasonTag.response_id.in_(quotes[:rules.MAX_QUOTES])),
            execution_options={"synchronize_session": False})
    return moved


@use_case
def merge_themes(*, source_id: int, target_id: int, actor: User, now: datetime) -> Theme:
    """Merge a theme into another of the same codebook: its reasons, sub-themes and quotations
    go to the target, and the source is removed. Returns the target."""
    source, target = load(Theme, source_id), load(Theme, target_id)
    open_proposal(source.proposal_id, now)
    rules.check_merge(source.id, target.id, codebook_of(source.proposal_id))
    moved = _move_tags(source, target)
    db.session.execute(sa.update(Theme).where(Theme.parent_id == source.id)
                       .values(parent_id=target.id),
                       execution_options={"synchronize_session": False})
    _audit(actor, "analysis.themes_merged", source,
           {"into_theme_id": target.id, "into_theme_name": target.name, "reasons": moved}, now)
    db.session.expire(target)
    _forget(source, target.id)
    db.session.refresh(target)
    return target
