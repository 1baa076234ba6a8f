"""Twin links, their sources and their append-only history."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..domain.twinning import EVENT_KINDS, STATUSES
from .base import UTCDateTime, db, utcnow

_STATUS_LIST = ", ".join(f"'{status}'" for status in STATUSES)
_KIND_LIST = ", ".join(f"'{kind}'" for kind in EVENT_KINDS)
_MILESTONE = "kind IN ('consultation_opened', 'consultation_closed')"


class TwinLink(db.Model):
    __tablename__ = "twin_links"
    __table_args__ = (sa.CheckConstraint(f"status IN ({_STATUS_LIST})", name="status_known"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(sa.String(80), unique=True)
    home_place: Mapped[str] = mapped_column(sa.String(120))
    partner_name: Mapped[str] = mapped_column(sa.String(120))
    partner_local_name: Mapped[str] = mapped_column(sa.String(120), default="")
    country: Mapped[str] = mapped_column(sa.String(80), index=True)
    status: Mapped[str] = mapped_column(sa.String(20), default="active", index=True)
    began: Mapped[str | None] = mapped_column(sa.String(10), index=True)
    # Where sources disagree, the other date they give (shown as "1939 or 1956").
    began_alternative: Mapped[str | None] = mapped_column(sa.String(10))
    began_note: Mapped[str] = mapped_column(sa.Text, default="")
    description: Mapped[str] = mapped_column(sa.Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    sources: Mapped[list["LinkSource"]] = relationship(
        back_populates="link", cascade="all, delete-orphan", order_by="LinkSource.position"
    )
    events: Mapped[list["LinkEvent"]] = relationship(
        back_populates="link", order_by="LinkEvent.occurred_on, LinkEvent.id"
    )


class LinkSource(db.Model):
    __tablename__ = "link_sources"

    id: Mapped[int] = mapped_column(primary_key=True)
    link_id: Mapped[int] = mapped_column(sa.ForeignKey("twin_links.id"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    url: Mapped[str] = mapped_column(sa.String(500))

    link: Mapped[TwinLink] = relationship(back_populates="sources")


class LinkEvent(db.Model):
    """One dated entry in a link's history. Never updated or deleted (database triggers)."""

    __tablename__ = "link_events"
    __table_args__ = (
        sa.CheckConstraint(f"kind IN ({_KIND_LIST})", name="kind_known"),
        # One "opened" and one "closed" event per consultation, however many writers race.
        sa.Index("uq_link_events_consultation_milestone", "proposal_id", "kind", unique=True,
                 sqlite_where=sa.text(_MILESTONE), postgresql_where=sa.text(_MILESTONE)),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    link_id: Mapped[int] = mapped_column(sa.ForeignKey("twin_links.id"), index=True)
    occurred_on: Mapped[str] = mapped_column(sa.String(10))
    kind: Mapped[str] = mapped_column(sa.String(30))
    summary: Mapped[str] = mapped_column(sa.Text)
    sources: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    corrects_id: Mapped[int | None] = mapped_column(sa.ForeignKey("link_events.id"))
    proposal_id: Mapped[int | None] = mapped_column(sa.ForeignKey("proposals.id"), index=True)
    decision_id: Mapped[int | None] = mapped_column(sa.ForeignKey("decisions.id"), index=True)
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    recorded_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    recorded_by: Mapped[str] = mapped_column(sa.String(140))

    link: Mapped[TwinLink] = relationship(back_populates="events")
    corrects: Mapped["LinkEvent | None"] = relationship(remote_side=[id])
