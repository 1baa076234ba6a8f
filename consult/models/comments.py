"""Public discussion: comments one level deep, reports, and the moderation record."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..domain.i18n import N_
from .base import UTCDateTime, db, utcnow

COMMENT_STATES = ("visible", "pending_review", "hidden")
REPORT_REASONS = {
    "abusive": N_("Abusive"),
    "personal_information": N_("Personal information"),
    "off_topic": N_("Off-topic"),
    "spam": N_("Spam"),
}


def _in(values) -> str:
    return ", ".join(f"'{value}'" for value in values)


class Comment(db.Model):
    __tablename__ = "comments"
    __table_args__ = (sa.CheckConstraint(f"state IN ({_in(COMMENT_STATES)})", name="state_known"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(sa.ForeignKey("proposals.id"), index=True)
    parent_id: Mapped[int | None] = mapped_column(sa.ForeignKey("comments.id"), index=True)
    author_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    body: Mapped[str] = mapped_column(sa.Text)
    # The interface language it was written in (issue 15); "" before it was kept.
    language: Mapped[str] = mapped_column(sa.String(8), default="", server_default="")
    state: Mapped[str] = mapped_column(sa.String(20), default="visible")
    hidden_reason: Mapped[str] = mapped_column(sa.String(40), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    author = relationship("User")
    replies: Mapped[list["Comment"]] = relationship(order_by="Comment.id")
    reports: Mapped[list["CommentReport"]] = relationship(back_populates="comment")


class CommentReport(db.Model):
    __tablename__ = "comment_reports"
    __table_args__ = (
        sa.UniqueConstraint("comment_id", "reporter_id"),
        sa.UniqueConstraint("comment_id", "reporter_identity",
                            name="uq_comment_reports_comment_reporter_identity"),
        sa.CheckConstraint(f"reason IN ({_in(REPORT_REASONS)})", name="reason_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    comment_id: Mapped[int] = mapped_column(sa.ForeignKey("comments.id"), index=True)
    reporter_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    # infrastructure/identity.py: the reporter's mailbox identity, so one person reports once.
    reporter_identity: Mapped[str] = mapped_column(sa.String(64))
    reason: Mapped[str] = mapped_column(sa.String(30))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    comment: Mapped[Comment] = relationship(back_populates="reports")


class ModerationAction(db.Model):
    """Who moderated what, when and why. Never edited (trigger)."""

    __tablename__ = "moderation_actions"

    id: Mapped[int] = mapped_column(primary_key=True)
    target_type: Mapped[str] = mapped_column(sa.String(20))
    target_id: Mapped[int] = mapped_column()
    action: Mapped[str] = mapped_column(sa.String(30))
    reason: Mapped[str] = mapped_column(sa.String(200), default="")
    moderator_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    moderator: Mapped[str] = mapped_column(sa.String(140))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
