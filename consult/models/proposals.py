"""Proposals put to the public: options, documents and correction notes."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..domain import proposals as proposal_rules
from .base import UTCDateTime, db, utcnow


def _in(values) -> str:
    return ", ".join(f"'{value}'" for value in values)


class Proposal(db.Model):
    __tablename__ = "proposals"
    __table_args__ = (
        sa.CheckConstraint(f"status IN ({_in(proposal_rules.STATUSES)})", name="status_known"),
        sa.CheckConstraint(f"action IN ({_in(proposal_rules.ACTIONS)})", name="action_known"),
        sa.CheckConstraint(f"results_visibility IN ({_in(proposal_rules.VISIBILITIES)})",
                           name="visibility_known"),
        sa.CheckConstraint("closes_at IS NULL OR opens_at IS NULL OR closes_at > opens_at",
                           name="window_ordered"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    link_id: Mapped[int] = mapped_column(sa.ForeignKey("twin_links.id"), index=True)
    action: Mapped[str] = mapped_column(sa.String(20))
    title: Mapped[str] = mapped_column(sa.String(200))
    summary: Mapped[str] = mapped_column(sa.Text)
    reasons: Mapped[str] = mapped_column(sa.Text)
    alternatives: Mapped[list[dict]] = mapped_column(sa.JSON, default=list)
    status: Mapped[str] = mapped_column(sa.String(20), default=proposal_rules.DRAFT, index=True)
    opens_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    closes_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # The closing time first published, so an auditor can see any extension or early close.
    published_closes_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    closed_early_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    close_reason: Mapped[str] = mapped_column(sa.Text, default="")
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    withdrawn_reason: Mapped[str] = mapped_column(sa.Text, default="")
    results_visibility: Mapped[str] = mapped_column(sa.String(10), default=proposal_rules.HIDDEN)
    fingerprint: Mapped[str] = mapped_column(sa.String(64), default="")
    # Published without inviting the twin city's council: the public reason the officer gave.
    no_twin_council_reason: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # A retrospective consultation: asked after the decision (taken without one) it looks back on.
    retrospective_of_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("decisions.id", use_alter=True), unique=True)

    link = relationship("TwinLink")
    retrospective_of = relationship("Decision", foreign_keys=[retrospective_of_id])
    options: Mapped[list["ProposalOption"]] = relationship(
        back_populates="proposal", cascade="all, delete-orphan",
        order_by="ProposalOption.position")
    documents: Mapped[list["ProposalDocument"]] = relationship(
        back_populates="proposal", cascade="all, delete-orphan",
        order_by="ProposalDocument.id")
    notes: Mapped[list["ProposalNote"]] = relationship(
        back_populates="proposal", order_by="ProposalNote.id")
    translations: Mapped[list["ProposalTranslation"]] = relationship(  # noqa: F821
        back_populates="proposal", cascade="all, delete-orphan",
        order_by="ProposalTranslation.language")
    invitations: Mapped[list["ProposalInvitation"]] = relationship(  # noqa: F821
        back_populates="proposal", cascade="all, delete-orphan",
        order_by="[ProposalInvitation.invited_on, ProposalInvitation.id]")

    @property
    def window(self) -> proposal_rules.Window | None:
        if self.opens_at is None or self.closes_at is None:
            return None
        return proposal_rules.Window(self.opens_at, self.closes_at)

    @property
    def retrospective(self) -> bool:
        return self.retrospective_of_id is not None

    def status_at(self, now: datetime) -> str:
        return proposal_rules.effective_status(self.status, self.window, now)

    def published_text(self) -> dict:
        """What the fingerprint covers: everything a respondent reads before responding."""
        return {
            "link": self.link.slug if self.link else None, "action": self.action,
            "title": self.title, "summary": self.summary, "reasons": self.reasons,
            "alternatives": self.alternatives, "options": [o.label for o in self.options],
            "documents": [{"title": d.title, "url": d.url, "sha256": d.sha256}
                          for d in self.documents],
        }


class ProposalOption(db.Model):
    __tablename__ = "proposal_options"
    __table_args__ = (sa.UniqueConstraint("proposal_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(sa.ForeignKey("proposals.id"), index=True)
    position: Mapped[int] = mapped_column()
    label: Mapped[str] = mapped_column(sa.String(120))

    proposal: Mapped[Proposal] = relationship(back_populates="options")


class ProposalDocument(db.Model):
    """A background document: a web link, or a PDF stored under instance/documents/."""

    __tablename__ = "proposal_documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(sa.ForeignKey("proposals.id"), index=True)
    title: Mapped[str] = mapped_column(sa.String(200))
    url: Mapped[str] = mapped_column(sa.String(500), default="")
    stored_name: Mapped[str] = mapped_column(sa.String(80), default="")
    size: Mapped[int] = mapped_column(default=0)
    sha256: Mapped[str] = mapped_column(sa.String(64), default="")
    added_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    proposal: Mapped[Proposal] = relationship(back_populates="documents")

    @property
    def is_upload(self) -> bool:
        return bool(self.stored_name)


class ProposalNote(db.Model):
    """A dated, visible correction to a published proposal. Never edited (trigger)."""

    __tablename__ = "proposal_notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(sa.ForeignKey("proposals.id"), index=True)
    body: Mapped[str] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    author_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    author: Mapped[str] = mapped_column(sa.String(140))

    proposal: Mapped[Proposal] = relationship(back_populates="notes")
