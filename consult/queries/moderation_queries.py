"""Read-only queries for the moderation pages: the queue with its context, and the record."""

from collections import Counter
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from ..domain.i18n import N_
from ..models import Comment, CommentReport, ModerationAction, Proposal, Response, db
from ..models.comments import REPORT_REASONS
from .paging import Page, page_of_select

HISTORY_PAGE_SIZE = 50
COMMENT_STATE_LABELS = {"visible": N_("Visible"), "pending_review": N_("Hidden until reviewed"),
                        "hidden": N_("Hidden by a moderator")}
ACTION_LABELS = {"auto_hidden": N_("Hidden until reviewed"), "hidden": N_("Hidden"),
                 "reports_dismissed": N_("Reports dismissed"), "published": N_("Published")}
TARGET_LABELS = {"comment": N_("Comment"), "reason": N_("Reason")}


@dataclass(frozen=True)
class ReportedComment:
    comment: Comment
    proposal: Proposal
    reports: list[tuple[str, int]]  # (reason label, open reports), most reported first

    @property
    def open_reports(self) -> int:
        return sum(count for _, count in self.reports)


@dataclass(frozen=True)
class PendingReason:
    response: Response
    proposal: Proposal


def _open_reports(comment: Comment) -> list[tuple[str, int]]:
    counts = Counter(REPORT_REASONS[entry.reason] for entry in comment.reports
                     if entry.resolved_at is None)
    return counts.most_common()


_REPORTED = sa.select(Comment).where(Comment.id.in_(
    sa.select(CommentReport.comment_id).where(CommentReport.resolved_at.is_(None))))
_PENDING = sa.select(Response).where(Response.reason_status == "pending",
                                     Response.withdrawn.is_(False))


def waiting_items() -> dict:
    """What waits for a moderator: reported comments (with their reports) and unmoderated
    reasons."""
    reported = db.session.scalars(_REPORTED.options(selectinload(Comment.reports))
                                  .order_by(Comment.created_at)).all()
    reasons = db.session.scalars(_PENDING.order_by(Response.updated_at)).all()
    return {"comments": reported, "reasons": reasons}


def queue() -> dict:
    """The queue, with each item's proposal and each comment's open reports (three queries
    however long it is)."""
    waiting = waiting_items()
    ids = {item.proposal_id for item in waiting["comments"] + waiting["reasons"]}
    proposals = {proposal.id: proposal for proposal in db.session.scalars(
        sa.select(Proposal).where(Proposal.id.in_(ids)))}
    return {
        "comments": [ReportedComment(c, proposals[c.proposal_id], _open_reports(c))
                     for c in waiting["comments"]],
        "reasons": [PendingReason(r, proposals[r.proposal_id]) for r in waiting["reasons"]],
    }


def waiting() -> int:
    """How many items wait for a moderator, counted in the database."""
    return sum(db.session.scalar(sa.select(sa.func.count()).select_from(query.subquery()))
               for query in (_REPORTED, _PENDING))


def history(page: int | None) -> Page:
    """The moderation record, newest first; a page that does not exist is page 1."""
    query = sa.select(ModerationAction).order_by(ModerationAction.created_at.desc(),
                                                 ModerationAction.id.desc())
    return page_of_select(query, page, HISTORY_PAGE_SIZE, clamp=True)
