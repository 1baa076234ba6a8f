"""Coding and reading a consultation's reasons (issue 17): officers apply and remove themes,
mark reasons read or unread, and choose quotations for the council's response.

Each action is one unit of work and one set-based statement, however many reasons it covers
(INSERT ... SELECT with a conflict clause, or DELETE ... RETURNING): ten thousand reasons are
one statement, and a reason coded twice keeps one code (the primary key and the conflict clause
say so, not a check in Python). Every action is audited in the main log with the theme's id and
name and the reasons' ids, never their text. Only reasons analysis covers
(queries/reason_scope.analysed) of the consultation named can be coded or read: any other id
refuses the whole action. Reading marks the version of the response that was read; a reason
changed since is unread again, and reading it again records the new version.
"""

from collections.abc import Collection
from datetime import datetime

import sqlalchemy as sa

from ..domain import codebook as rules
from ..infrastructure import bulk
from ..infrastructure.unit_of_work import load, use_case
from ..models import ReasonRead, ReasonTag, Response, Theme, User, db
from ..models.base import UTCDateTime
from ..queries import reason_scope
from ..queries.id_sets import id_values, ranges, unique
from . import audit_log
from .codebook import open_proposal

NO_SYNC = {"synchronize_session": False}


def _chosen(proposal_id: int, response_ids: Collection[int]) -> sa.ColumnElement[bool]:
    return sa.and_(reason_scope.analysed(proposal_id),
                   Response.id.in_(id_values(response_ids)))


def _checked(proposal_id: int, response_ids: Collection[int], now: datetime) -> list[int]:
    """The ids, once each, after checking the consultation is open to analysis and that every
    id is one of its analysed reasons."""
    open_proposal(proposal_id, now)
    ids = unique(response_ids)
    rules.check_selection(len(ids), all_matching=True)
    found = db.session.scalar(sa.select(sa.func.count()).select_from(Response)
                              .where(_chosen(proposal_id, ids)))
    rules.require_in_scope(len(ids), found)
    return ids


def _theme_of(proposal_id: int, theme_id: int) -> Theme:
    """The theme, if it is (still) one of this consultation's."""
    theme = db.session.get(Theme, theme_id)
    rules.require_same_consultation(theme.proposal_id if theme else None, proposal_id)
    return theme


def _audit(actor: User, action: str, proposal_id: int, details: dict, changed: list[int],
           asked: list[int], now: datetime) -> None:
    audit_log.append(actor=actor, action=action, subject=f"proposal:{proposal_id}",
                     details={**details, "selected": len(asked), "count": len(changed),
                              "response_id_ranges": ranges(changed)}, now=now)


def _stamp(now: datetime, actor: User) -> tuple:
    return sa.literal(now, UTCDateTime()), sa.literal(actor.id, sa.Integer)


@use_case
def tag(*, proposal_id: int, theme_id: int, response_ids: Collection[int], actor: User,
        now: datetime) -> int:
    """Code the reasons with the theme; returns how many were not coded with it before."""
    return apply(proposal_id=proposal_id, theme_id=theme_id, response_ids=response_ids,
                 actor=actor, now=now)


def apply(*, proposal_id: int, theme_id: int, response_ids: Collection[int], actor: User,
          now: datetime) -> int:
    """tag's work, inside a unit of work that may do more (accepting a suggestion)."""
    ids = _checked(proposal_id, response_ids, now)
    theme = _theme_of(proposal_id, theme_id)
    statement = bulk.insert(ReasonTag).from_select(
        ["response_id", "theme_id", "quoted", "tagged_at", "tagged_by_id"],
        sa.select(Response.id, sa.literal(theme.id, sa.Integer), sa.false(),
                  *_stamp(now, actor)).where(_chosen(proposal_id, ids)))
    changed = list(db.session.scalars(
        statement.on_conflict_do_nothing().returning(ReasonTag.response_id),
        execution_options=NO_SYNC))
    _audit(actor, "analysis.reasons_tagged", proposal_id,
           {"theme_id": theme.id, "theme_name": theme.name}, changed, ids, now)
    return len(changed)


@use_case
def untag(*, proposal_id: int, theme_id: int, response_ids: Collection[int], actor: User,
          now: datetime) -> int:
    """Take the theme off the reasons (and any quotation with it); returns how many had it."""
    ids = _checked(proposal_id, response_ids, now)
    theme = _theme_of(proposal_id, theme_id)
    changed = list(db.session.scalars(
        sa.delete(ReasonTag).where(ReasonTag.theme_id == theme.id,
                                   ReasonTag.response_id.in_(id_values(ids)))
        .returning(ReasonTag.response_id), execution_options=NO_SYNC))
    _audit(actor, "analysis.reasons_untagged", proposal_id,
           {"theme_id": theme.id, "theme_name": theme.name}, changed, ids, now)
    return len(changed)


@use_case
def mark_read(*, proposal_id: int, response_ids: Collection[int], actor: User,
              now: datetime) -> int:
    """Mark the reasons read at their current version; returns how many were unread (never
    read, or changed since they were)."""
    ids = _checked(proposal_id, response_ids, now)
    statement = bulk.insert(ReasonRead).from_select(
        ["response_id", "version", "read_at", "read_by_id"],
        sa.select(Response.id, Response.version, *_stamp(now, actor))
        .where(_chosen(proposal_id, ids)))
    statement = statement.on_conflict_do_update(
        index_elements=[ReasonRead.response_id],
        set_={"version": statement.excluded.version, "read_at": statement.excluded.read_at,
              "read_by_id": statement.excluded.read_by_id},
        where=ReasonRead.version != statement.excluded.version)
    changed = list(db.session.scalars(statement.returning(ReasonRead.response_id),
                                      execution_options=NO_SYNC))
    _audit(actor, "analysis.reasons_read", proposal_id, {}, changed, ids, now)
    return len(changed)


@use_case
def mark_unread(*, proposal_id: int, response_ids: Collection[int], actor: User,
                now: datetime) -> int:
    """Mark the reasons unread; returns how many were read at their current version."""
    ids = _checked(proposal_id, response_ids, now)
    current = (sa.select(Response.version).where(Response.id == ReasonRead.response_id)
               .scalar_subquery())
    changed = list(db.session.scalars(
        sa.delete(ReasonRead).where(ReasonRead.response_id.in_(id_values(ids)),
                                    ReasonRead.version == current)
        .returning(ReasonRead.response_id), execution_options=NO_SYNC))
    _audit(actor, "analysis.reasons_unread", proposal_id, {}, changed, ids, now)
    return len(changed)


@use_case
def quote(*, theme_id: int, response_id: int, quoted: bool, actor: User,
          now: datetime) -> None:
    """Choose a reason coded with the theme as one of its quotations (published reasons only,
    at most three a theme), or stop quoting it."""
    theme = load(Theme, theme_id)
    if quoted:
        _checked(theme.proposal_id, [response_id], now)
    else:  # a quotation can always end, even of a reason withdrawn since
        open_proposal(theme.proposal_id, now)
    code = db.session.get(ReasonTag, (response_id, theme.id))
    if quoted:
        others = db.session.scalar(sa.select(sa.func.count()).select_from(ReasonTag).where(
            ReasonTag.theme_id == theme.id, ReasonTag.quoted.is_(True),
            ReasonTag.response_id != response_id))
        rules.check_quote(reason_status=load(Response, response_id).reason_status,
                          coded=code is not None, quotes=others)
    if code is not None:
        code.quoted = quoted
    audit_log.append(actor=actor, action="analysis.reason_quoted" if quoted
                     else "analysis.reason_unquoted", subject=f"proposal:{theme.proposal_id}",
                     details={"theme_id": theme.id, "theme_name": theme.name,
                              "response_id": response_id}, now=now)
