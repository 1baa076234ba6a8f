"""Read-only queries for the moderation pages: the queue with its context, and the record."""

from collections import Counter
from dataclasses import dataclass

import sqlalchemy as sa

from ..models import Comment, ModerationAction, Proposal, Response, db
from ..models.comments import REPORT_REASONS
from ..services import discussion

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


def queue() -> dict:
    """The service's queue, with each item's proposal and each comment's open reports."""
    waiting = discussion.queue()
    return {
        "comments": [ReportedComment(c, db.session.get(Proposal, c.proposal_id),
                                     _open_reports(c)) for c in waiting["comments"]],
        "reasons": [PendingReason(r, db.session.get(Proposal, r.proposal_id))
                    for r in waiting["reasons"]],
    }


def waiting() -> int:
    """How many items wait for a moderator."""
    items = discussion.queue()
    return len(items["comments"]) + len(items["reasons"])


@dataclass(frozen=True)
class HistoryPage:
    actions: list[ModerationAction]
    number: int
    pages: int
    total: int

    def neighbours(self) -> list[int | None]:
        """Page numbers to link: first, last and those next to this one; None for a gap."""
        shown = sorted({1, self.pages, *range(max(1, self.number - 1),
                                              min(self.pages, self.number + 1) + 1)})
        numbers: list[int | None] = []
        for page in shown:
            if numbers and page - numbers[-1] > 1:
                numbers.append(None)
            numbers.append(page)
        return numbers


def history(page: int | None) -> HistoryPage:
    """The moderation record, newest first; a page that does not exist is page 1."""
    total = db.session.scalar(sa.select(sa.func.count()).select_from(ModerationAction))
    pages = max(1, -(-total // HISTORY_PAGE_SIZE))
    number = page if page is not None and 1 <= page <= pages else 1
    actions = db.session.scalars(
        sa.select(ModerationAction)
        .order_by(ModerationAction.created_at.desc(), ModerationAction.id.desc())
        .limit(HISTORY_PAGE_SIZE).offset((number - 1) * HISTORY_PAGE_SIZE))
    return HistoryPage(list(actions), number, pages, total)
