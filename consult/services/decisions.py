"""Recording decisions: after a consultation, or without one; corrections as new records.

Recording an adopted decision changes the link's status in the same transaction, appends the
decision (and any status change) to the link's history, and seals the record with the audit
log's head.
"""

from dataclasses import replace
from datetime import datetime

import sqlalchemy as sa

from ..domain import days, follow_up, twinning, voting
from ..domain import decisions as decision_rules
from ..domain import notifications as notices
from ..domain import proposals as proposal_rules
from ..domain.i18n import N_
from ..infrastructure import outbox
from ..infrastructure.unit_of_work import load, use_case
from ..models import Decision, LinkEvent, Proposal, TwinLink, User, db
from ..queries import feedback_queries, results, theme_counts
from . import audit_anchors, audit_log, consultation_history, link_history


@use_case
def record(*, proposal_id: int, written: decision_rules.Record, actor: User | str,
           now: datetime) -> Decision:
    """Record the decision on a consultation; refused while it is open or once it is decided
    (a correction of an earlier decision excepted)."""
    proposal = load(Proposal, proposal_id)
    consultation_history.settle(proposal, now)
    corrected = _corrected(written.corrects_id, proposal.link_id, proposal.id)
    decision_rules.check_stage(proposal.status_at(now), correcting=corrected is not None)
    leading = voting.leading_options(results.tally(proposal))
    # A consulted decision is about what the consultation proposed.
    written = replace(written, action=proposal.action, no_consultation_reason="")
    decision_rules.check_record(written, today=days.london_day(now), consulted=True,
                                option_ids={option.id for option in proposal.options},
                                leading_ids=leading)
    feedback = feedback_queries.get_for(proposal.id)
    audit_anchors.anchor(now)  # every response the decision follows is in the main chain
    decision = _new(proposal.link, written, corrected, actor, now, proposal=proposal,
                    feedback_id=feedback.id if feedback else None,
                    reading=_reading(proposal.id, corrected, now),
                    differs=decision_rules.differs_from_most_supported(
                        written.outcome, written.matched_option_id, leading))
    if corrected is None and written.outcome != decision_rules.DEFERRED:
        proposal.status = proposal_rules.transition(proposal.status_at(now),
                                                    proposal_rules.DECIDED)
        proposal.updated_at = now
        audit_log.append(actor=actor, action="proposal.decided",
                         subject=f"proposal:{proposal.id}",
                         details={"decision_id": decision.id}, now=now)
    return decision


@use_case
def record_without_consultation(*, link_id: int, written: decision_rules.Record,
                                actor: User | str, now: datetime,
                                retrospective_days: int = follow_up.RETROSPECTIVE_DAYS
                                ) -> Decision:
    """An urgent or historical decision taken without asking the public: it must say why it
    could not wait, and promise a retrospective consultation within `retrospective_days` of the
    decision date (CONSULT_RETROSPECTIVE_DAYS) or record why none will be held."""
    link = load(TwinLink, link_id)
    corrected = _corrected(written.corrects_id, link.id, None)
    written = replace(written, matched_option_id=None, departure_reason="")
    decision_rules.check_record(written, today=days.london_day(now), consulted=False,
                                option_ids=set(), leading_ids=[],
                                retrospective_days=retrospective_days)
    return _new(link, written, corrected, actor, now, proposal=None, feedback_id=None,
                differs=False, reading={})


READING_COLUMNS = ("reasons_received", "reasons_read", "reasons_coded", "analysis_finished_at")


def _reading(proposal_id: int, corrected: Decision | None, now: datetime) -> dict:
    """How much of the reasoning was read and coded before the decision, counted from the read
    marks now, in the insert (the row is never changed). A correction keeps the figures of the
    record it corrects: reads since the decision was taken do not count for it."""
    if corrected is not None:
        return {column: getattr(corrected, column) for column in READING_COLUMNS}
    figures = theme_counts.reading(proposal_id, before=now)
    return dict(zip(READING_COLUMNS, (figures.received, figures.read, figures.coded,
                                      figures.finished_at), strict=True))


def _corrected(decision_id: int | None, link_id: int, proposal_id: int | None):
    """The decision a correction points at: one of the same consultation (or link)."""
    if decision_id is None:
        return None
    original = db.session.get(Decision, decision_id)
    if original is None or original.link_id != link_id or original.proposal_id != proposal_id:
        raise decision_rules.BadCorrection(N_("Choose a decision of this consultation to correct"),
                                           field="corrects_id")
    return original


def _already_corrected(decision: Decision) -> bool:
    return db.session.scalar(sa.select(sa.func.count()).select_from(Decision).where(
        Decision.corrects_id == decision.id)) > 0


def _new(link: TwinLink, record: decision_rules.Record, corrected: Decision | None, actor, now, *,
         proposal: Proposal | None, feedback_id: int | None, differs: bool,
         reading: dict) -> Decision:
    if corrected is not None:
        decision_rules.check_correction(corrected.outcome, record.outcome,
                                        _already_corrected(corrected))
    before = link.status
    target = None if corrected is not None else decision_rules.effect(record.action, record.outcome,
                                                             before)
    decision = _row(link, record, proposal, feedback_id, differs, actor, now)
    for column, value in reading.items():
        setattr(decision, column, value)
    decision.status_before, decision.status_after = before, target or before
    db.session.add(decision)
    db.session.flush()
    entry = audit_log.append(actor=actor, action="decision.recorded",
                             subject=f"decision:{decision.id}", details=_details(decision),
                             now=now)
    decision.audit_seq, decision.audit_hash = entry.seq, entry.hash  # the seal: once only
    _history(link, decision, corrected, target, actor, now)
    kind = notices.DECIDED if decision.consulted else notices.DECIDED_UNCONSULTED
    outbox.notify(kind, key=notices.event_key(kind, decision.id), now=now, link_id=link.id,
                  proposal_id=decision.proposal_id, decision_id=decision.id)
    return decision


def _row(link, record: decision_rules.Record, proposal, feedback_id, differs, actor,
         now) -> Decision:
    votes = record.votes
    return Decision(
        link_id=link.id, proposal_id=proposal.id if proposal else None, feedback_id=feedback_id,
        corrects_id=record.corrects_id, decided_on=record.decided_on, body=record.body,
        committee_name=(record.committee_name.strip()
                        if record.body == decision_rules.COMMITTEE else ""),
        outcome=record.outcome, action=record.action, title=record.title.strip(),
        summary=record.summary.strip(), reasons=record.reasons.strip(),
        alternatives=record.alternatives.strip(), interests=record.interests.strip(),
        votes_for=votes.in_favour, votes_against=votes.against,
        votes_abstained=votes.abstained, vote_names=dict(votes.names),
        minutes_url=record.minutes_url.strip(), sources=list(record.sources),
        review_on=record.review_on,
        no_consultation_reason=record.no_consultation_reason.strip(),
        retrospective_by=None if proposal else record.retrospective_by,
        no_retrospective_reason="" if proposal else record.no_retrospective_reason.strip(),
        matched_option_id=record.matched_option_id, differs=differs,
        departure_reason=record.departure_reason.strip() if proposal else "",
        recorded_at=now, recorded_by_id=actor.id if isinstance(actor, User) else None,
        recorded_by=audit_log.actor_label(actor))


# Public record format: entries in the hash-chained audit log name the feedback a decision
# refers to "response_id", its column's name before 0011; auditors' tools read that key.
_AUDIT_KEYS = {"feedback_id": "response_id"}


def _details(decision: Decision) -> dict:
    """What the audit entry keeps: the whole written record."""
    skip = {"recorded_at", "audit_seq", "audit_hash", "recorded_by_id"}  # recorded_by names them
    details = {_AUDIT_KEYS.get(column.name, column.name): getattr(decision, column.key)
               for column in Decision.__table__.columns if column.name not in skip}
    for key in ("decided_on", "review_on", "retrospective_by", "analysis_finished_at"):
        details[key] = details[key].isoformat() if details[key] else None
    return details


def _history(link: TwinLink, decision: Decision, corrected, target, actor, now) -> None:
    sources = [*decision.sources, *([decision.minutes_url] if decision.minutes_url else [])]
    original_entry = _decision_entry(corrected.id) if corrected is not None else None
    link_history.append(link, kind="decision", occurred_on=decision.decided_on,
                        summary=decision_summary(decision), sources=sources, actor=actor,
                        now=now, proposal_id=decision.proposal_id, decision_id=decision.id,
                        corrects_id=original_entry)
    if target is None:
        return
    link.status, link.updated_at = target, now
    link_history.append(link, kind="status_changed", occurred_on=decision.decided_on,
                        summary=status_summary(decision, target), actor=actor, now=now,
                        proposal_id=decision.proposal_id, decision_id=decision.id)
    audit_log.append(actor=actor, action="link.status_changed", subject=f"link:{link.slug}",
                     details={"from": decision.status_before, "to": target,
                              "decision_id": decision.id}, now=now)


def _decision_entry(decision_id: int) -> int | None:
    return db.session.scalar(sa.select(LinkEvent.id).where(
        LinkEvent.decision_id == decision_id, LinkEvent.kind == "decision"))


def decision_summary(decision: Decision) -> str:
    """The line on the link's history: what was decided, by whom, and how it was reached."""
    text = decision.summary or decision.title
    parts = [text if text.endswith(".") else f"{text}.",
             f"Outcome: {decision_rules.OUTCOMES[decision.outcome].lower()}, by {_by(decision)}."]
    votes = decision.votes
    if votes.counted:
        parts.append(f"Votes: {votes.in_favour} for, {votes.against} against, "
                     f"{votes.abstained} abstaining.")
    if not decision.consulted:
        reason = decision.no_consultation_reason.rstrip(".")
        parts.append(f"{decision_rules.NO_CONSULTATION}: {reason}.")
        parts.append(_promise(decision))
    if decision.corrects_id:
        parts.append(f"This corrects the record of decision {decision.corrects_id}.")
    return " ".join(part for part in parts if part)


def _promise(decision: Decision) -> str:
    """What the record promises after the fact (English: the history's stored words)."""
    if decision.retrospective_by:
        return (f"A retrospective consultation will open by "
                f"{days.show_day(decision.retrospective_by)}.")
    if decision.no_retrospective_reason:
        reason = decision.no_retrospective_reason.rstrip(".")
        return f"No retrospective consultation will be held: {reason}."
    return ""


def _by(decision: Decision) -> str:
    """'full council', 'cabinet', or the committee's own name as the officer typed it."""
    label = decision.body_label
    return label if decision.body == decision_rules.COMMITTEE else label.lower()


def status_summary(decision: Decision, target: str) -> str:
    label = twinning.STATUS_LABELS[target].lower()
    text = (f"Link {label} by the decision of {_by(decision)} on "
            f"{days.show_day(decision.decided_on)}.")
    if decision.review_on:
        text += f" To be reviewed by {days.show_day(decision.review_on)}."
    if not decision.consulted:
        text += f" {decision_rules.NO_CONSULTATION}."
    return text
