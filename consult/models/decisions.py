"""Decisions on twin links, and the council's feedback ("you said, we did") before them."""

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..domain import decisions as decision_rules
from ..domain.proposals import ACTIONS
from .base import UTCDateTime, db, utcnow


def _in(values) -> str:
    return ", ".join(f"'{value}'" for value in values)


class Feedback(db.Model):
    """What was heard and the council's answers. Published once; never edited (trigger)."""

    __tablename__ = "feedback"

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(sa.ForeignKey("proposals.id"), unique=True)
    summary: Mapped[str] = mapped_column(sa.Text)
    # The totals as queries.results.tally counted them when the feedback was published.
    totals: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    themes: Mapped[list[dict]] = mapped_column(sa.JSON, default=list)
    # Why themes with many reasons went unanswered, when the officer published without them.
    unanswered_reason: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    published_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    published_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    published_by: Mapped[str] = mapped_column(sa.String(140))

    proposal = relationship("Proposal")
    notes: Mapped[list["FeedbackNote"]] = relationship(
        back_populates="feedback", order_by="FeedbackNote.id")


class FeedbackNote(db.Model):
    """A dated correction beneath published feedback. Never edited (trigger)."""

    __tablename__ = "feedback_notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    feedback_id: Mapped[int] = mapped_column(sa.ForeignKey("feedback.id"), index=True)
    body: Mapped[str] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    author_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    author: Mapped[str] = mapped_column(sa.String(140))

    feedback: Mapped[Feedback] = relationship(back_populates="notes")


class Decision(db.Model):
    """The written record of a decision. Never edited: the only change a trigger lets through
    is sealing it with the audit log's head, once, in the transaction that records it."""

    __tablename__ = "decisions"
    __table_args__ = (
        sa.CheckConstraint(f"body IN ({_in(decision_rules.BODIES)})", name="body_known"),
        sa.CheckConstraint(f"outcome IN ({_in(decision_rules.OUTCOMES)})", name="outcome_known"),
        sa.CheckConstraint(f"action IN ({_in(ACTIONS)})", name="action_known"),
        sa.CheckConstraint("proposal_id IS NOT NULL OR no_consultation_reason <> ''",
                           name="unconsulted_says_why"),
        sa.CheckConstraint("votes_for >= 0 AND votes_against >= 0 AND votes_abstained >= 0",
                           name="votes_not_negative"),
        # A decision taken after consultation is never also retrospective.
        sa.CheckConstraint("proposal_id IS NULL OR (retrospective_by IS NULL "
                           "AND no_retrospective_reason = '')", name="consulted_not_retrospective"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    link_id: Mapped[int] = mapped_column(sa.ForeignKey("twin_links.id"), index=True)
    proposal_id: Mapped[int | None] = mapped_column(sa.ForeignKey("proposals.id"), index=True)
    feedback_id: Mapped[int | None] = mapped_column(sa.ForeignKey("feedback.id"))
    corrects_id: Mapped[int | None] = mapped_column(sa.ForeignKey("decisions.id"), unique=True)
    decided_on: Mapped[date] = mapped_column(sa.Date, index=True)
    body: Mapped[str] = mapped_column(sa.String(20))
    committee_name: Mapped[str] = mapped_column(sa.String(200), default="")
    outcome: Mapped[str] = mapped_column(sa.String(30), index=True)
    action: Mapped[str] = mapped_column(sa.String(20))
    title: Mapped[str] = mapped_column(sa.String(200))
    summary: Mapped[str] = mapped_column(sa.Text)
    reasons: Mapped[str] = mapped_column(sa.Text)
    alternatives: Mapped[str] = mapped_column(sa.Text, default="")
    interests: Mapped[str] = mapped_column(sa.Text, default="")
    votes_for: Mapped[int | None] = mapped_column()
    votes_against: Mapped[int | None] = mapped_column()
    votes_abstained: Mapped[int | None] = mapped_column()
    vote_names: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    minutes_url: Mapped[str] = mapped_column(sa.String(500), default="")
    sources: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    review_on: Mapped[date | None] = mapped_column(sa.Date)
    no_consultation_reason: Mapped[str] = mapped_column(sa.Text, default="")
    # Written at insert only, like every column: the promise made with the record.
    retrospective_by: Mapped[date | None] = mapped_column(sa.Date)
    no_retrospective_reason: Mapped[str] = mapped_column(sa.Text, default="")
    # How much was read before the decision, counted from the read marks when it was recorded.
    reasons_received: Mapped[int | None] = mapped_column()
    reasons_read: Mapped[int | None] = mapped_column()
    reasons_coded: Mapped[int | None] = mapped_column()
    analysis_finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    matched_option_id: Mapped[int | None] = mapped_column(sa.ForeignKey("proposal_options.id"))
    differs: Mapped[bool] = mapped_column(default=False)
    departure_reason: Mapped[str] = mapped_column(sa.Text, default="")
    status_before: Mapped[str | None] = mapped_column(sa.String(20))
    status_after: Mapped[str | None] = mapped_column(sa.String(20))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    recorded_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    recorded_by: Mapped[str] = mapped_column(sa.String(140))
    # The audit log's head right after this decision's own entry: anyone can check the chain.
    audit_seq: Mapped[int | None] = mapped_column()
    audit_hash: Mapped[str | None] = mapped_column(sa.String(64))

    link = relationship("TwinLink")
    proposal = relationship("Proposal", foreign_keys=[proposal_id])
    feedback = relationship(Feedback)
    matched_option = relationship("ProposalOption")
    corrects: Mapped["Decision | None"] = relationship(remote_side=[id])

    @property
    def consulted(self) -> bool:
        return self.proposal_id is not None

    @property
    def votes(self) -> decision_rules.Votes:
        return decision_rules.Votes(self.votes_for, self.votes_against, self.votes_abstained,
                           self.vote_names or {})

    @property
    def body_label(self) -> str:
        return decision_rules.body_label(self.body, self.committee_name)
