"""Who the council invited to respond to a consultation (issue 16): frozen with the text when
it opens; one added later is a dated addition, never edited or removed."""

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..domain import invitations as rules
from .base import UTCDateTime, db, utcnow


def _in(values) -> str:
    return ", ".join(f"'{value}'" for value in values)


class ProposalInvitation(db.Model):
    __tablename__ = "proposal_invitations"
    __table_args__ = (
        sa.CheckConstraint(f"kind IN ({_in(rules.KINDS)})", name="kind_known"),
        sa.CheckConstraint(f"channel IN ({_in(rules.CHANNELS)})", name="channel_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(sa.ForeignKey("proposals.id"), index=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    kind: Mapped[str] = mapped_column(sa.String(30))
    channel: Mapped[str] = mapped_column(sa.String(20))
    # The day the council says it sent the invitation: a claim typed by an officer.
    invited_on: Mapped[date] = mapped_column(sa.Date)
    # A demonstration invitation (the demo data's) says so wherever it is shown.
    demonstration: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # Recorded after the consultation opened: it was not on the list when it opened.
    added_after_opening_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    proposal = relationship("Proposal", back_populates="invitations")
