"""Follows, the notification outbox, outgoing mail and its delivery log."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import UTCDateTime, db, utcnow


class Subscription(db.Model):
    """One mailbox following everything, one twin link, or one consultation's outcome.

    `identity` is the mailbox identity (a keyed hash): one follow per person per target, and
    one mail per person per event, however the address is spelt. Confirmed once the mailbox
    owner said yes (double opt-in), or at once for a verified account's own address."""

    __tablename__ = "subscriptions"
    __table_args__ = (sa.UniqueConstraint("identity", "target_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(sa.String(254))
    identity: Mapped[str] = mapped_column(sa.String(64), index=True)
    user_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    target_key: Mapped[str] = mapped_column(sa.String(40), index=True)
    link_id: Mapped[int | None] = mapped_column(sa.ForeignKey("twin_links.id"))
    proposal_id: Mapped[int | None] = mapped_column(sa.ForeignKey("proposals.id"))
    frequency: Mapped[str] = mapped_column(sa.String(10))
    # The language of its mail when no account says otherwise (issue 15).
    language: Mapped[str] = mapped_column(sa.String(8), default="en", server_default="en")
    source: Mapped[str] = mapped_column(sa.String(10), default="follow")
    secret: Mapped[str] = mapped_column(sa.String(32))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    link = relationship("TwinLink")


class Notification(db.Model):
    """An event people may hear of, written in the same transaction as the change (the outbox).

    `key` makes it one row per event whichever path records it; `cursor` is the last mailbox
    identity the fan-out reached, so a fan-out killed half-way goes on from there."""

    __tablename__ = "notifications"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(sa.String(30))
    key: Mapped[str] = mapped_column(sa.String(80), unique=True)
    link_id: Mapped[int | None] = mapped_column(sa.ForeignKey("twin_links.id"))
    proposal_id: Mapped[int | None] = mapped_column(sa.ForeignKey("proposals.id"))
    decision_id: Mapped[int | None] = mapped_column(sa.ForeignKey("decisions.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    cursor: Mapped[str] = mapped_column(sa.String(64), default="", server_default="")
    recipients: Mapped[int] = mapped_column(default=0, server_default="0")
    fanned_out_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), index=True)


class Mail(db.Model):
    """One message to one address, sent by a worker: an event, a digest, account mail.

    Its Message-ID comes from its id, so every try sends the same one. `next_attempt_at` is
    when it may be tried (again); a worker that takes it moves that on by a lease, so a worker
    killed mid-send leaves it to be sent again, under the same Message-ID."""

    __tablename__ = "mails"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(sa.String(20))
    template: Mapped[str] = mapped_column(sa.String(40))
    email: Mapped[str] = mapped_column(sa.String(254))
    identity: Mapped[str | None] = mapped_column(sa.String(64), index=True)
    user_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    notification_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("notifications.id", ondelete="CASCADE"))
    subscription_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("subscriptions.id", ondelete="SET NULL"))
    context: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    dedupe_key: Mapped[str | None] = mapped_column(sa.String(120), unique=True)
    status: Mapped[str] = mapped_column(sa.String(10), default="queued")
    sends: Mapped[int] = mapped_column(default=0)
    failures: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str] = mapped_column(sa.String(300), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    __table_args__ = (sa.UniqueConstraint("notification_id", "identity"),
                      sa.Index("ix_mails_status_next_attempt_at", "status", "next_attempt_at"))


class DigestItem(db.Model):
    """An event waiting for a person's next daily or weekly digest (then `mail_id` is set)."""

    __tablename__ = "digest_items"
    __table_args__ = (sa.UniqueConstraint("notification_id", "identity"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    notification_id: Mapped[int] = mapped_column(
        sa.ForeignKey("notifications.id", ondelete="CASCADE"))
    identity: Mapped[str] = mapped_column(sa.String(64), index=True)
    subscription_id: Mapped[int] = mapped_column(
        sa.ForeignKey("subscriptions.id", ondelete="CASCADE"), index=True)
    email: Mapped[str] = mapped_column(sa.String(254))
    frequency: Mapped[str] = mapped_column(sa.String(10))
    mail_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("mails.id", ondelete="SET NULL"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class MailAttempt(db.Model):
    """The delivery log: each time a mail was handed to the mail server, and what came back."""

    __tablename__ = "mail_attempts"

    id: Mapped[int] = mapped_column(primary_key=True)
    mail_id: Mapped[int] = mapped_column(sa.ForeignKey("mails.id", ondelete="CASCADE"),
                                         index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    outcome: Mapped[str] = mapped_column(sa.String(10))  # taken, sent, retry, failed, cancelled
    detail: Mapped[str] = mapped_column(sa.String(300), default="")
