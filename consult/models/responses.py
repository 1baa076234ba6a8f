"""Residents' responses: one current response per person per proposal, with its history."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..domain.voting import RESPONDENT_TYPES
from .base import UTCDateTime, db, utcnow

_TYPES = ", ".join(f"'{t}'" for t in RESPONDENT_TYPES)
REASON_STATES = ("none", "pending", "published", "hidden")
_STATES = ", ".join(f"'{s}'" for s in REASON_STATES)


class Response(db.Model):
    """The current response. The database keeps it unique per (proposal, respondent)."""

    __tablename__ = "responses"
    __table_args__ = (
        sa.UniqueConstraint("proposal_id", "user_id"),
        sa.CheckConstraint(f"respondent_type IN ({_TYPES})", name="type_known"),
        sa.CheckConstraint(f"reason_status IN ({_STATES})", name="reason_status_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(sa.ForeignKey("proposals.id"), index=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), index=True)
    option_id: Mapped[int] = mapped_column(sa.ForeignKey("proposal_options.id"))
    respondent_type: Mapped[str] = mapped_column(sa.String(30))
    organisation: Mapped[str] = mapped_column(sa.String(200), default="")
    postcode_district: Mapped[str] = mapped_column(sa.String(4), default="")
    reason: Mapped[str] = mapped_column(sa.Text, default="")
    reason_status: Mapped[str] = mapped_column(sa.String(10), default="none")
    receipt_code: Mapped[str] = mapped_column(sa.String(40), unique=True)
    withdrawn: Mapped[bool] = mapped_column(default=False)
    version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    option = relationship("ProposalOption")
    user = relationship("User")
    versions: Mapped[list["ResponseVersion"]] = relationship(
        back_populates="response", order_by="ResponseVersion.version")


class ResponseVersion(db.Model):
    """Each submission, change or withdrawal of a response. Never edited (trigger)."""

    __tablename__ = "response_versions"
    __table_args__ = (sa.UniqueConstraint("response_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(sa.ForeignKey("responses.id"), index=True)
    version: Mapped[int] = mapped_column()
    action: Mapped[str] = mapped_column(sa.String(12))
    option_id: Mapped[int | None] = mapped_column(sa.ForeignKey("proposal_options.id"))
    respondent_type: Mapped[str] = mapped_column(sa.String(30))
    organisation: Mapped[str] = mapped_column(sa.String(200), default="")
    postcode_district: Mapped[str] = mapped_column(sa.String(4), default="")
    reason: Mapped[str] = mapped_column(sa.Text, default="")
    receipt_code: Mapped[str] = mapped_column(sa.String(40))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    response: Mapped[Response] = relationship(back_populates="versions")
