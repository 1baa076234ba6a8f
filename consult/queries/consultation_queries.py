"""Read-only queries for consultation pages; status filters follow the clock like the domain."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from ..domain import proposals as proposal_rules
from ..models import Comment, Proposal, Response, ResponseVersion, db
from . import results

PUBLIC_FILTERS = ("open", "upcoming", "closed", "decided", "withdrawn")
_LIVE = (proposal_rules.SCHEDULED, proposal_rules.OPEN)


def _status_clause(status: str, now: datetime):
    if status == "open":
        return sa.and_(Proposal.status.in_(_LIVE), Proposal.opens_at <= now,
                       Proposal.closes_at > now)
    if status == "upcoming":
        return sa.and_(Proposal.status == proposal_rules.SCHEDULED, Proposal.opens_at > now)
    if status == "closed":  # closed for responses: decided ones too
        return sa.or_(sa.and_(Proposal.status.in_(_LIVE), Proposal.closes_at <= now),
                      Proposal.status.in_([proposal_rules.CLOSED, proposal_rules.DECIDED]))
    if status == "decided":
        return Proposal.status == proposal_rules.DECIDED
    return Proposal.status == proposal_rules.WITHDRAWN


def public_list(*, now: datetime, status: str = "", link_id: int | None = None) -> list[Proposal]:
    """Published proposals (never drafts), optionally filtered by clock status and link."""
    query = sa.select(Proposal).where(Proposal.status != proposal_rules.DRAFT)
    if status in PUBLIC_FILTERS:
        query = query.where(_status_clause(status, now))
    if link_id is not None:
        query = query.where(Proposal.link_id == link_id)
    return list(db.session.scalars(query.order_by(Proposal.closes_at.desc(), Proposal.id)))


def open_now(now: datetime) -> list[Proposal]:
    """Open consultations, closing soonest first (for the home page)."""
    return list(db.session.scalars(sa.select(Proposal).where(_status_clause("open", now))
                                   .options(selectinload(Proposal.translations))
                                   .order_by(Proposal.closes_at)))


def all_for_officers() -> list[Proposal]:
    return list(db.session.scalars(sa.select(Proposal).order_by(Proposal.id.desc())))


def for_link(link_id: int) -> list[Proposal]:
    return list(
        db.session.scalars(
            sa.select(Proposal)
            .where(Proposal.link_id == link_id, Proposal.status != proposal_rules.DRAFT)
            .order_by(Proposal.id)
        )
    )


def comments(proposal_id: int) -> list[Comment]:
    """Top-level comments, oldest first; replies hang off each."""
    replies = selectinload(Comment.replies)
    query = (sa.select(Comment)
             .where(Comment.proposal_id == proposal_id, Comment.parent_id.is_(None))
             .options(selectinload(Comment.author), replies.selectinload(Comment.author),
                      replies.selectinload(Comment.reports), selectinload(Comment.reports))
             .order_by(Comment.id))
    return list(db.session.scalars(query))


def published_reasons(proposal_id: int, option_id: int | None = None,
                      language: str | None = None) -> list[Response]:
    """Published reasons of counted responses, for one option and one language if given."""
    query = sa.select(Response).where(results.counts(proposal_id),
                                      Response.reason_status == "published")
    if option_id is not None:
        query = query.where(Response.option_id == option_id)
    if language is not None:
        query = query.where(Response.language == language)
    return list(db.session.scalars(query.order_by(Response.updated_at)))


def replaced_receipt(response: Response) -> str | None:
    """The receipt code the response's latest change replaced (None if it was not a change):
    that code no longer counts and is not among the published receipt codes."""
    if response.version < 2 or response.withdrawn:
        return None
    previous = db.session.scalar(sa.select(ResponseVersion.receipt_code).where(
        ResponseVersion.response_id == response.id,
        ResponseVersion.version == response.version - 1))
    return previous if previous != response.receipt_code else None


def has_commented(proposal_id: int, user_id: int) -> bool:
    """Whether this person wrote any comment under the proposal (their own get no report link)."""
    return bool(db.session.scalar(sa.select(sa.exists().where(
        Comment.proposal_id == proposal_id, Comment.author_id == user_id))))
