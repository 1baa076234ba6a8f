"""The audit log: one hash-chained, append-only entry per change made through the service."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from .base import UTCDateTime, db


class AuditEntry(db.Model):
    """Never updated or deleted (database triggers); `seq` is gap-free within its lane."""

    __tablename__ = "audit_entries"

    lane: Mapped[int] = mapped_column(sa.SmallInteger, primary_key=True, autoincrement=False,
                                      default=0, server_default="0")
    seq: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime())
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    actor: Mapped[str] = mapped_column(sa.String(140))
    action: Mapped[str] = mapped_column(sa.String(60))
    subject: Mapped[str] = mapped_column(sa.String(120))
    details: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    prev_hash: Mapped[str] = mapped_column(sa.String(64))
    hash: Mapped[str] = mapped_column(sa.String(64), unique=True)

    @property
    def label(self) -> str:
        """How pages name an entry: its seq, and its lane outside the main one."""
        return str(self.seq) if self.lane == 0 else f"{self.seq} of lane {self.lane}"

    def as_chain_dict(self) -> dict:
        """The plain dict that domain.audit hashes and verifies."""
        return {
            "lane": self.lane,
            "seq": self.seq,
            "occurred_at": self.occurred_at.isoformat(),
            "actor": self.actor,
            "action": self.action,
            "subject": self.subject,
            "details": self.details,
            "prev_hash": self.prev_hash,
            "hash": self.hash,
        }
