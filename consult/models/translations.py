"""A proposal's text in another language (issue 15): frozen with the English when the
consultation opens; one added later is a dated addition, never edited."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import UTCDateTime, db, utcnow


class ProposalTranslation(db.Model):
    __tablename__ = "proposal_translations"
    __table_args__ = (sa.UniqueConstraint("proposal_id", "language"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(sa.ForeignKey("proposals.id"), index=True)
    language: Mapped[str] = mapped_column(sa.String(8))
    title: Mapped[str] = mapped_column(sa.String(200))
    summary: Mapped[str] = mapped_column(sa.Text)
    reasons: Mapped[str] = mapped_column(sa.Text, default="")
    # Each in the English version's order: [{"title", "why_not"}], option labels, document titles.
    alternatives: Mapped[list[dict]] = mapped_column(sa.JSON, default=list)
    option_labels: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    document_titles: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    translated_by: Mapped[str] = mapped_column(sa.String(140))
    # A demonstration translation (the demo data's) says so wherever it is shown.
    demonstration: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    # SHA-256 of this version's text with the English version's fingerprint it translates.
    sha256: Mapped[str] = mapped_column(sa.String(64), default="")
    english_sha256: Mapped[str] = mapped_column(sa.String(64), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # Added after the consultation opened: public (and frozen) from this moment.
    added_after_opening_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    proposal = relationship("Proposal", back_populates="translations")
