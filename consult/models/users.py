"""Accounts: residents, officers, auditors and administrators."""

from datetime import datetime

import sqlalchemy as sa
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column

from ..domain.roles import ROLES
from .base import UTCDateTime, db, utcnow

_ROLE_LIST = ", ".join(f"'{role}'" for role in ROLES)


class User(UserMixin, db.Model):
    __tablename__ = "users"
    __table_args__ = (sa.CheckConstraint(f"role IN ({_ROLE_LIST})", name="role_known"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # As the person typed it (mail goes here); email_normalised names the mailbox, once.
    email: Mapped[str] = mapped_column(sa.String(254), unique=True)
    email_normalised: Mapped[str] = mapped_column(sa.String(254), unique=True)
    display_name: Mapped[str] = mapped_column(sa.String(80))
    password_hash: Mapped[str] = mapped_column(sa.String(255))
    role: Mapped[str] = mapped_column(sa.String(20), default="resident")
    email_verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Part of every session cookie; raising it signs out every session made before.
    session_version: Mapped[int] = mapped_column(default=1, server_default="1")
    # Base32 TOTP secret when two-factor sign-in is on (staff only); the last time step used,
    # so that one code cannot be used twice.
    totp_secret: Mapped[str | None] = mapped_column(sa.String(64))
    totp_last_step: Mapped[int | None] = mapped_column()
    # Set when the person erased their account: their personal data is gone (issue 6).
    anonymised_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Officers and admins get a daily mail of work waiting unless they turn it off (issue 14).
    work_digest: Mapped[bool] = mapped_column(default=True, server_default=sa.true())
    # The language chosen with the switcher (issue 15): pages and mail; None follows the browser.
    language: Mapped[str | None] = mapped_column(sa.String(8))

    @property
    def is_verified(self) -> bool:
        return self.email_verified_at is not None

    @property
    def has_two_factor(self) -> bool:
        return self.totp_secret is not None

    @property
    def actor_label(self) -> str:
        """How this person is named in the public record of what officers did."""
        return f"{self.display_name} ({self.role})"
