"""The codebook's figures, counted by the database (issue 17): each theme's reasons by option
and by respondent group, its quotations, and how much of the reasoning was read and coded.

Nobody types these numbers. Published figures count the reasons of counted responses
(reason_scope.counted); reading figures cover every reason officers must weigh
(reason_scope.analysed).
"""

from dataclasses import dataclass, field, replace
from datetime import datetime

import sqlalchemy as sa

from ..domain import voting
from ..domain.feedback import MAX_QUOTATIONS
from ..models import ReasonRead, ReasonTag, Response, Theme, db
from . import reason_scope

# The headline groups (domain/voting.py): the twin city's residents, and everyone else.
GROUPS = dict(voting.HEADLINE_GROUPS)
COUNCIL_AREA = voting.HEADLINE_GROUPS[0][0]


@dataclass(frozen=True)
class ThemeFigures:
    """One theme's counted reasons: in all, by option id and by headline group key."""

    theme_id: int
    name: str
    parent_id: int | None
    parent_name: str
    count: int = 0
    by_option: dict[int, int] = field(default_factory=dict)
    by_group: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class ReadingFigures:
    """Reasons received, read (the current version), coded, and when the last was read if all
    were."""

    received: int
    read: int
    coded: int
    finished_at: datetime | None


@dataclass(frozen=True)
class Quotation:
    receipt_code: str
    text: str
    language: str


def themes(proposal_id: int) -> list[Theme]:
    return list(db.session.scalars(sa.select(Theme).where(Theme.proposal_id == proposal_id)
                                   .order_by(Theme.name, Theme.id)))


def _coded_with(proposal_id: int):
    """(theme_id, response_id) pairs: each reason under the theme it was coded with and, for a
    sub-theme, under its parent too. UNION keeps each person once under a theme."""
    direct = sa.select(ReasonTag.theme_id.label("theme_id"),
                       ReasonTag.response_id.label("response_id")).join(
        Theme, Theme.id == ReasonTag.theme_id).where(Theme.proposal_id == proposal_id)
    parent = sa.select(Theme.parent_id, ReasonTag.response_id).join(
        Theme, Theme.id == ReasonTag.theme_id).where(Theme.proposal_id == proposal_id,
                                                     Theme.parent_id.is_not(None))
    return sa.union(direct, parent).subquery()


def _cells(proposal_id: int):
    """Counted reasons per (theme, option, respondent type): one GROUP BY in the database."""
    coded = _coded_with(proposal_id)
    return db.session.execute(
        sa.select(coded.c.theme_id, Response.option_id, Response.respondent_type,
                  sa.func.count())
        .join(Response, Response.id == coded.c.response_id)
        .where(reason_scope.counted(proposal_id))
        .group_by(coded.c.theme_id, Response.option_id, Response.respondent_type))


def _group(respondent_type: str) -> str:
    return voting.TWIN_CITY if respondent_type == voting.TWIN_CITY else COUNCIL_AREA


def breakdown(proposal_id: int) -> dict[int, ThemeFigures]:
    """Every theme of the consultation with its counted reasons (a sub-theme's also count for
    its parent, each person once), by option and by group, the twin city's residents apart."""
    found = themes(proposal_id)
    names = {theme.id: theme.name for theme in found}
    figures = {theme.id: ThemeFigures(theme.id, theme.name, theme.parent_id,
                                      names.get(theme.parent_id, ""),
                                      by_group=dict.fromkeys(GROUPS, 0)) for theme in found}
    totals = dict.fromkeys(figures, 0)
    for theme_id, option_id, respondent_type, number in _cells(proposal_id):
        if theme_id not in figures:
            continue
        shown = figures[theme_id]
        totals[theme_id] += number
        shown.by_option[option_id] = shown.by_option.get(option_id, 0) + number
        shown.by_group[_group(respondent_type)] += number
    return {theme_id: replace(shown, count=totals[theme_id])
            for theme_id, shown in figures.items()}


def counted_reasons(proposal_id: int) -> tuple[int, int]:
    """How many counted reasons there are, and how many of them carry at least one theme."""
    tagged = sa.exists().where(ReasonTag.response_id == Response.id)
    row = db.session.execute(sa.select(sa.func.count(Response.id),
                                       sa.func.count(sa.case((tagged, 1))))
                             .where(reason_scope.counted(proposal_id))).one()
    return row[0], row[1]


def quotations(proposal_id: int) -> dict[int, list[Quotation]]:
    """Per theme, the reasons an officer marked as quotations, published reasons only, at most
    MAX_QUOTATIONS each, in the order they were chosen."""
    rows = db.session.execute(
        sa.select(ReasonTag.theme_id, Response.receipt_code, Response.reason,
                  reason_scope.language())
        .join(Response, Response.id == ReasonTag.response_id)
        .join(Theme, Theme.id == ReasonTag.theme_id)
        .where(Theme.proposal_id == proposal_id, ReasonTag.quoted.is_(True),
               reason_scope.quotable(proposal_id))
        .order_by(ReasonTag.theme_id, ReasonTag.tagged_at, Response.id))
    found: dict[int, list[Quotation]] = {}
    for theme_id, code, text, language in rows:
        chosen = found.setdefault(theme_id, [])
        if len(chosen) < MAX_QUOTATIONS:
            chosen.append(Quotation(code, text, language or ""))
    return found


def reading(proposal_id: int, before: datetime | None) -> ReadingFigures:
    """Reasons received (reason_scope.analysed), read by `before` in their current version (a
    reason changed after it was read is unread), coded by `before`, and when the last of them
    was read, if all were."""
    read_mark = [ReasonRead.response_id == Response.id, ReasonRead.version == Response.version]
    tag_mark = [ReasonTag.response_id == Response.id]
    if before is not None:
        read_mark.append(ReasonRead.read_at <= before)
        tag_mark.append(ReasonTag.tagged_at <= before)
    coded = sa.exists().where(*tag_mark)
    received, read, tagged, last = db.session.execute(
        sa.select(sa.func.count(Response.id), sa.func.count(ReasonRead.response_id),
                  sa.func.count(sa.case((coded, 1))), sa.func.max(ReasonRead.read_at))
        .select_from(Response).outerjoin(ReasonRead, sa.and_(*read_mark))
        .where(reason_scope.analysed(proposal_id))).one()
    finished = last if received and read == received else None
    return ReadingFigures(received, read, tagged, finished)
