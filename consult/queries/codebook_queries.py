"""A consultation's codebook as officers read it (issue 17): its themes in order, with how many
of the analysed reasons each codes, and each reason's theme names for the downloads."""

from collections import defaultdict
from dataclasses import dataclass

import sqlalchemy as sa

from ..models import ReasonTag, Response, Theme, db
from . import reason_scope


@dataclass(frozen=True)
class ThemeRow:
    """A theme, its parent's name ("" for a main theme), and the analysed reasons it codes."""

    id: int
    name: str
    description: str
    parent_id: int | None
    parent_name: str
    reasons: int
    sub_themes: int

    @property
    def is_sub_theme(self) -> bool:
        return self.parent_id is not None


def _reason_counts(proposal_id: int) -> dict[int, int]:
    rows = db.session.execute(
        sa.select(ReasonTag.theme_id, sa.func.count())
        .join(Response, Response.id == ReasonTag.response_id)
        .where(reason_scope.analysed(proposal_id)).group_by(ReasonTag.theme_id))
    return dict(rows.all())


def themes(proposal_id: int, *, counted: bool = True) -> list[ThemeRow]:
    """Main themes by name, each followed by its sub-themes by name; with how many analysed
    reasons each codes (0 each without `counted`: the count reads every code)."""
    found = list(db.session.scalars(sa.select(Theme).where(Theme.proposal_id == proposal_id)))
    counts = _reason_counts(proposal_id) if found and counted else {}
    names = {theme.id: theme.name for theme in found}
    children: dict[int | None, list[Theme]] = defaultdict(list)
    for theme in found:
        children[theme.parent_id].append(theme)
    ordered = []
    for main in sorted(children[None], key=lambda t: (t.name.casefold(), t.id)):
        for theme in [main, *sorted(children[main.id], key=lambda t: (t.name.casefold(), t.id))]:
            ordered.append(ThemeRow(theme.id, theme.name, theme.description, theme.parent_id,
                                    names.get(theme.parent_id, ""), counts.get(theme.id, 0),
                                    len(children[theme.id])))
    return ordered


def theme_of(proposal_id: int, theme_id: int) -> Theme | None:
    """One theme of this consultation's codebook (None for another's, or none)."""
    theme = db.session.get(Theme, theme_id)
    return theme if theme is not None and theme.proposal_id == proposal_id else None


def names_by_reason(proposal_id: int, response_ids=None) -> dict[int, list[str]]:
    """Each reason's theme names, sorted; only the reasons given, if any are."""
    query = (sa.select(ReasonTag.response_id, Theme.name)
             .join(Theme, Theme.id == ReasonTag.theme_id)
             .where(Theme.proposal_id == proposal_id))
    if response_ids is not None:
        query = query.where(ReasonTag.response_id.in_(response_ids))
    found: dict[int, list[str]] = defaultdict(list)
    for response_id, name in db.session.execute(query):
        found[response_id].append(name)
    return {key: sorted(value, key=str.casefold) for key, value in found.items()}
