"""Read-only queries for the moderation pages: the queue with its context, and the record."""

from collections import Counter
from dataclasses import dataclass

import sqlalchemy as sa

from ..models import Comment, CommentReport, ModerationAction, Proposal, Response, db
from ..models.comments import REPORT_REASONS
from .paging import Page, page_of_select

HISTORY_PAGE_SIZE = 50
COMMENT_STATE_LABELS = {"visible": "Visible", "pending_review": "Hidden until reviewed",
                        "hidden": "Hidden by a moderator"}
ACTION_LABELS = {"auto_hidden": "Hidden until reviewed", "hidden": "Hidden",
                 "reports_dismissed": "Reports dismissed", "published": "Published"}
TARGET_LABELS = {"comment": "Comment", "reason": "Reason"}


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


def waiting_items() -> dict:
    """What waits for a moderator: reported comments and unmoderated reasons."""
    reported = db.session.scalars(
        sa.select(Comment).where(Comment.id.in_(
            sa.select(CommentReport.comment_id).where(CommentReport.resolved_at.is_(None))))
        .order_by(Comment.created_at)).all()
    reasons = db.session.scalars(
        sa.select(Response).where(Response.reason_status == "pending",
                                  Response.withdrawn.is_(False))
        .order_by(Response.updated_at)).all()
    return {"comments": reported, "reasons": reasons}


def queue() -> dict:
    """The queue, with each item's proposal and each comment's open reports."""
    waiting = waiting_items()
    return {
        "comments": [ReportedComment(c, db.session.get(Proposal, c.proposal_id),
                                     _open_reports(c)) for c in waiting["comments"]],
        "reasons": [PendingReason(r, db.session.get(Proposal, r.proposal_id))
                    for r in waiting["reasons"]],
    }


def waiting() -> int:
    """How many items wait for a moderator."""
    items = waiting_items()
    return len(items["comments"]) + len(items["reasons"])


def history(page: int | None) -> Page:
    """The moderation record, newest first; a page that does not exist is page 1."""
    query = sa.select(ModerationAction).order_by(ModerationAction.created_at.desc(),
                                                 ModerationAction.id.desc())
    return page_of_select(query, page, HISTORY_PAGE_SIZE, clamp=True)
