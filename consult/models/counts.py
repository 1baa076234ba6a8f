"""Response counts kept by the database in step with the responses table.

Database triggers on `responses` (migration 0007) add and remove one per counted response in
the same transaction as the change itself, so no code path can forget them. Each response
adds to one of a few shards (its id modulo SHARDS), so that concurrent submissions on
PostgreSQL seldom wait on the same counter row. Totals are sums over a handful of rows.
"""

from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from .base import db

SHARDS = 8


class ResponseCount(db.Model):
    """How many current, not withdrawn responses share an option, type, review status, language
    and day."""

    __tablename__ = "response_counts"
    __table_args__ = (sa.CheckConstraint("n >= 0", name="not_negative"),)

    proposal_id: Mapped[int] = mapped_column(sa.ForeignKey("proposals.id"), primary_key=True)
    option_id: Mapped[int] = mapped_column(sa.ForeignKey("proposal_options.id"),
                                           primary_key=True)
    respondent_type: Mapped[str] = mapped_column(sa.String(30), primary_key=True)
    review_status: Mapped[str] = mapped_column(sa.String(12), primary_key=True)
    # The language the response was written in (migration 0014); "" for older responses.
    language: Mapped[str] = mapped_column(sa.String(8), primary_key=True, default="")
    day: Mapped[date] = mapped_column(sa.Date, primary_key=True)
    shard: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    n: Mapped[int] = mapped_column(default=0)
