"""Analysis of a consultation's reasons (issue 17): the codebook, each reason's themes and
read mark, and the suggestions and campaigns computed on our own server."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import UTCDateTime, db, utcnow

RUN_STATUSES = ("queued", "running", "done", "failed")
GROUP_KINDS = ("suggestion", "campaign")
GROUP_STATUSES = ("open", "accepted", "discarded")


def _in(values) -> str:
    return ", ".join(f"'{value}'" for value in values)


class Theme(db.Model):
    """One theme of a consultation's codebook; a sub-theme names its parent (one level)."""

    __tablename__ = "themes"
    __table_args__ = (
        sa.UniqueConstraint("proposal_id", "name"),
        sa.CheckConstraint("parent_id IS NULL OR parent_id <> id", name="not_own_parent"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(sa.ForeignKey("proposals.id"), index=True)
    parent_id: Mapped[int | None] = mapped_column(sa.ForeignKey("themes.id"), index=True)
    name: Mapped[str] = mapped_column(sa.String(80))
    description: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))

    parent: Mapped["Theme | None"] = relationship(remote_side=[id])


class ReasonTag(db.Model):
    """A reason coded with a theme, by whom and when; `quoted` marks a quotation the officer
    chose for the council's response (published reasons only)."""

    __tablename__ = "reason_tags"
    __table_args__ = (sa.Index("ix_reason_tags_theme_response", "theme_id", "response_id"),)

    response_id: Mapped[int] = mapped_column(sa.ForeignKey("responses.id"), primary_key=True)
    theme_id: Mapped[int] = mapped_column(sa.ForeignKey("themes.id"), primary_key=True)
    quoted: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    tagged_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    tagged_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))


class ReasonRead(db.Model):
    """A reason marked read, and the version of the response that was read: a reason changed
    after it was read is unread again."""

    __tablename__ = "reason_reads"

    response_id: Mapped[int] = mapped_column(sa.ForeignKey("responses.id"), primary_key=True)
    version: Mapped[int] = mapped_column()
    read_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    read_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))


class AnalysisRun(db.Model):
    """One computation of suggested themes and campaigns, run in the background."""

    __tablename__ = "analysis_runs"
    __table_args__ = (
        sa.CheckConstraint(f"status IN ({_in(RUN_STATUSES)})", name="status_known"),
        sa.CheckConstraint("progress >= 0 AND progress <= 100", name="progress_percent"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(sa.ForeignKey("proposals.id"), index=True)
    status: Mapped[str] = mapped_column(sa.String(10), default="queued")
    progress: Mapped[int] = mapped_column(default=0)
    reasons: Mapped[int] = mapped_column(default=0)
    error: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    requested_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    groups: Mapped[list["AnalysisGroup"]] = relationship(
        back_populates="run", order_by="AnalysisGroup.number")


class AnalysisGroup(db.Model):
    """A suggested theme (its telling words and three example reasons) or a campaign (its
    count and first text), with what an officer did with it."""

    __tablename__ = "analysis_groups"
    __table_args__ = (
        sa.UniqueConstraint("run_id", "kind", "number"),
        sa.CheckConstraint(f"kind IN ({_in(GROUP_KINDS)})", name="kind_known"),
        sa.CheckConstraint(f"status IN ({_in(GROUP_STATUSES)})", name="status_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(sa.ForeignKey("analysis_runs.id"), index=True)
    kind: Mapped[str] = mapped_column(sa.String(12))
    number: Mapped[int] = mapped_column()
    terms: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    example_ids: Mapped[list[int]] = mapped_column(sa.JSON, default=list)
    size: Mapped[int] = mapped_column(default=0)
    status: Mapped[str] = mapped_column(sa.String(10), default="open")
    theme_id: Mapped[int | None] = mapped_column(sa.ForeignKey("themes.id"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    decided_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))

    run: Mapped[AnalysisRun] = relationship(back_populates="groups")


class AnalysisMember(db.Model):
    """A reason in a suggested theme or a campaign."""

    __tablename__ = "analysis_members"

    group_id: Mapped[int] = mapped_column(sa.ForeignKey("analysis_groups.id"), primary_key=True)
    response_id: Mapped[int] = mapped_column(sa.ForeignKey("responses.id"), primary_key=True,
                                             index=True)
