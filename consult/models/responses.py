"""Residents' responses: one current response per person per proposal, with its history."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..domain.abuse import REVIEW_STATUSES
from ..domain.voting import RESPONDENT_TYPES
from .base import UTCDateTime, db, utcnow

_TYPES = ", ".join(f"'{t}'" for t in RESPONDENT_TYPES)
REASON_STATES = ("none", "pending", "published", "hidden")
_STATES = ", ".join(f"'{s}'" for s in REASON_STATES)
_REVIEW = ", ".join(f"'{s}'" for s in REVIEW_STATUSES)


class Response(db.Model):
    """The current response. The database keeps it unique per (proposal, account) and per
    (proposal, person): a person is a mailbox identity, which outlives an erased account."""

    __tablename__ = "responses"
    __table_args__ = (
        sa.UniqueConstraint("proposal_id", "user_id"),
        sa.UniqueConstraint("proposal_id", "respondent_identity",
                            name="uq_responses_proposal_respondent_identity"),
        sa.CheckConstraint(f"respondent_type IN ({_TYPES})", name="type_known"),
        sa.CheckConstraint(f"reason_status IN ({_STATES})", name="reason_status_known"),
        sa.CheckConstraint(f"review_status IN ({_REVIEW})", name="review_status_known"),
        # The burst rule counts a proposal's recent responses per network and per domain;
        # the results page lists a proposal's published reasons. None of them scans.
        sa.Index("ix_responses_proposal_address", "proposal_id", "address_hash", "created_at"),
        sa.Index("ix_responses_proposal_domain", "proposal_id", "email_domain", "created_at"),
        sa.Index("ix_responses_proposal_reason", "proposal_id", "reason_status"),
        # The analysis page (issue 17) counts and filters a consultation's reasons by these
        # alone: an index that holds them all is read instead of rows with their text.
        sa.Index("ix_responses_analysed", "proposal_id", "reason_status", "withdrawn",
                 "review_status", "id", "version", "option_id", "respondent_type", "language",
                 "detected_language"),
        # The analysis search (a substring in any script, ignoring case) on PostgreSQL reads
        # this trigram index instead of every reason (migration 0019). SQLite has no such
        # index and scans the consultation's reasons.
        sa.Index("ix_responses_reason_trgm", "reason", postgresql_using="gin",
                 postgresql_ops={"reason": "gin_trgm_ops"},
                 postgresql_with={"fastupdate": "off"}).ddl_if(dialect="postgresql"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(sa.ForeignKey("proposals.id"), index=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), index=True)
    # infrastructure/identity.py: a keyed hash of the respondent's mailbox, kept through erasure.
    respondent_identity: Mapped[str] = mapped_column(sa.String(64))
    option_id: Mapped[int] = mapped_column(sa.ForeignKey("proposal_options.id"))
    respondent_type: Mapped[str] = mapped_column(sa.String(30))
    organisation: Mapped[str] = mapped_column(sa.String(200), default="")
    postcode_district: Mapped[str] = mapped_column(sa.String(4), default="")
    reason: Mapped[str] = mapped_column(sa.Text, default="")
    # The interface language the response was written in (issue 15); "" before it was kept.
    language: Mapped[str] = mapped_column(sa.String(8), default="", server_default="")
    # Where no language was recorded, the one lingua detected in the reason (issue 17).
    detected_language: Mapped[str] = mapped_column(sa.String(8), default="", server_default="")
    reason_status: Mapped[str] = mapped_column(sa.String(10), default="none")
    receipt_code: Mapped[str] = mapped_column(sa.String(40), unique=True)
    withdrawn: Mapped[bool] = mapped_column(default=False)
    version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # Anti-abuse (domain/abuse.py): a keyed hash of the client's network address, never the
    # address itself; the email domain; and whether the response counts ("counted"), is held
    # for an officer ("pending") or was invalidated by one (kept, marked, in no total).
    address_hash: Mapped[str | None] = mapped_column(sa.String(64))
    email_domain: Mapped[str] = mapped_column(sa.String(253), default="", server_default="")
    review_status: Mapped[str] = mapped_column(sa.String(12), default="counted",
                                               server_default="counted")
    review_reason: Mapped[str] = mapped_column(sa.String(200), default="", server_default="")
    review_note: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    reviewed_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))

    option = relationship("ProposalOption")
    user = relationship("User", foreign_keys=[user_id])
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
    language: Mapped[str] = mapped_column(sa.String(8), default="", server_default="")
    receipt_code: Mapped[str] = mapped_column(sa.String(40))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    response: Mapped[Response] = relationship(back_populates="versions")
