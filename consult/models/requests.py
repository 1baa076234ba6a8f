"""Residents' requests for a consultation and their signatures (issue 16).

The signature counts on a request (`local_count`, `twin_count`) are recounted from the rows by
every use case that changes a signature, inside its unit of work under the exclusive write
lock (services/requests.py), so they stay exactly in step with the rows.
"""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..domain import requests as rules
from ..domain.abuse import REVIEW_STATUSES
from .base import UTCDateTime, db, utcnow


def _in(values) -> str:
    return ", ".join(f"'{value}'" for value in values)


class ConsultationRequest(db.Model):
    """A resident's request that the council consult on a twin link."""

    __tablename__ = "consultation_requests"
    __table_args__ = (
        sa.CheckConstraint(f"status IN ({_in(rules.STORED)})", name="status_known"),
        sa.CheckConstraint(f"action IN ({_in(rules.ACTIONS)})", name="action_known"),
        sa.CheckConstraint(f"rejection_code IS NULL OR rejection_code IN "
                           f"({_in(rules.REJECTION_REASONS)})", name="rejection_known"),
        sa.CheckConstraint(f"answer IS NULL OR answer IN ({_in(rules.ANSWERS)})",
                           name="answer_known"),
        sa.CheckConstraint("local_count >= 0 AND twin_count >= 0", name="counts_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    link_id: Mapped[int] = mapped_column(sa.ForeignKey("twin_links.id"), index=True)
    action: Mapped[str] = mapped_column(sa.String(20))
    title: Mapped[str] = mapped_column(sa.String(120))
    reason: Mapped[str] = mapped_column(sa.Text)
    language: Mapped[str] = mapped_column(sa.String(8), default="")
    status: Mapped[str] = mapped_column(sa.String(12), default=rules.PENDING, index=True)
    author_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    moderated_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    moderated_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    rejection_code: Mapped[str | None] = mapped_column(sa.String(30))
    # Set when published: the close and the threshold in force then (facts, not config).
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    closes_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    threshold: Mapped[int] = mapped_column(default=0)
    local_count: Mapped[int] = mapped_column(default=0)
    twin_count: Mapped[int] = mapped_column(default=0)
    # When the signature that reached the threshold was written, and the answer due from it.
    reached_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    answer_due_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    answer: Mapped[str | None] = mapped_column(sa.String(20))
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    answered_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    proposal_id: Mapped[int | None] = mapped_column(sa.ForeignKey("proposals.id"), index=True)
    refusal_reason: Mapped[str] = mapped_column(sa.Text, default="")

    link = relationship("TwinLink")
    proposal = relationship("Proposal")
    author = relationship("User", foreign_keys=[author_id])


class Signature(db.Model):
    """One person's signature on a request: unique per (request, mailbox identity). A withdrawn
    signature is kept, marked, and counts nowhere; signing again reuses the row."""

    __tablename__ = "request_signatures"
    __table_args__ = (
        sa.UniqueConstraint("request_id", "user_id"),
        sa.UniqueConstraint("request_id", "signer_identity",
                            name="uq_request_signatures_request_signer_identity"),
        sa.CheckConstraint(f"signer_type IN ({_in(rules.SIGNER_TYPES)})", name="type_known"),
        sa.CheckConstraint(f"review_status IN ({_in(REVIEW_STATUSES)})",
                           name="review_status_known"),
        sa.Index("ix_request_signatures_request_address", "request_id", "address_hash",
                 "created_at"),
        sa.Index("ix_request_signatures_request_domain", "request_id", "email_domain",
                 "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(sa.ForeignKey("consultation_requests.id"),
                                            index=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), index=True)
    signer_identity: Mapped[str] = mapped_column(sa.String(64))
    signer_type: Mapped[str] = mapped_column(sa.String(30))
    withdrawn: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # Anti-abuse as on responses (domain/abuse.py): a keyed hash of the client's network, the
    # email domain, and whether the signature counts, is held, or was invalidated.
    address_hash: Mapped[str | None] = mapped_column(sa.String(64))
    email_domain: Mapped[str] = mapped_column(sa.String(253), default="")
    review_status: Mapped[str] = mapped_column(sa.String(12), default="counted")
    review_reason: Mapped[str] = mapped_column(sa.String(200), default="")
    review_note: Mapped[str] = mapped_column(sa.Text, default="")
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    reviewed_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))

    request: Mapped[ConsultationRequest] = relationship()
    user = relationship("User", foreign_keys=[user_id])
