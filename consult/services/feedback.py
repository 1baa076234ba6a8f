"""Publishing the council's feedback ("you said, we did") and dated corrections to it."""

from datetime import datetime

from ..domain import days, twinning
from ..domain import feedback as feedback_rules
from ..domain import notifications as notices
from ..domain.errors import DomainError
from ..domain.i18n import N_
from ..infrastructure import outbox
from ..infrastructure.unit_of_work import load, use_case
from ..models import Feedback, FeedbackNote, Proposal, User, db
from ..queries import theme_counts
from ..queries.feedback_queries import counts_of, get_for, theme_rows, totals
from . import audit_log, consultation_history, link_history

# Public record format, kept from before feedback had its own word: the hash-chained audit
# log holds entries with these action names and a "response_id" detail, and auditors' tools
# read them. New entries are written the same way.
PUBLISHED_ACTION = "consultation_response.published"
NOTE_ADDED_ACTION = "consultation_response.note_added"


@use_case
def publish(*, proposal_id: int, summary: str, answers: dict[int, str],
            unanswered_reason: str = "", actor: User, now: datetime,
            large_share: int = feedback_rules.LARGE_SHARE) -> Feedback:
    """Publish once, after the close: what was heard, the codebook's themes with the figures
    the database counts (never typed), the council's answers and the chosen quotations; a
    theme raised by many left unanswered needs a public reason (CONSULT_UNANSWERED_SHARE)."""
    proposal = load(Proposal, proposal_id)
    consultation_history.settle(proposal, now)
    feedback_rules.check_publishable(proposal.status_at(now), get_for(proposal.id) is not None)
    summary = feedback_rules.check_summary(summary)
    themes, why = _answered_themes(proposal, answers, unanswered_reason, large_share)
    feedback = Feedback(proposal_id=proposal.id, summary=summary, totals=totals(proposal),
                        themes=themes, unanswered_reason=why, published_at=now,
                        published_by_id=actor.id, published_by=actor.actor_label)
    db.session.add(feedback)
    db.session.flush()
    _audit_and_announce(proposal, feedback, actor, now)
    return feedback


def _answered_themes(proposal: Proposal, answers: dict[int, str], unanswered_reason: str,
                     large_share: int) -> tuple[list[dict], str]:
    """The snapshot of the codebook's themes with their answers (themes with reasons, or an
    answer), and the public reason for leaving themes raised by many unanswered ("" if none
    is needed)."""
    rows = theme_rows(proposal)
    reasons, coded = theme_counts.counted_reasons(proposal.id)
    figures = counts_of(rows)
    kept = feedback_rules.check_answers(figures, answers, reasons=reasons)
    why = feedback_rules.check_unanswered(feedback_rules.not_answered(
        figures, set(kept), coded=coded, share=large_share), unanswered_reason)
    return [{**_without_text(row), "answer": kept.get(row["id"], "")} for row in rows
            if row["count"] or row["id"] in kept], why


def _without_text(row: dict) -> dict:
    """A quotation is kept by receipt code and language, never its words: the record cannot
    be changed, and a reason must still be removable (erasure, retention, moderation). The
    page reads the words from the response while it is still published."""
    return {**row, "quotations": [{"receipt_code": quote["receipt_code"],
                                   "language": quote["language"]}
                                  for quote in row["quotations"]]}


def _audit_and_announce(proposal: Proposal, feedback: Feedback, actor: User,
                        now: datetime) -> None:
    """The audit entry (quotations by receipt code: the log keeps no reason's text), the
    link's history and the notice to followers."""
    themes = [{**theme, "quotations": [quote["receipt_code"] for quote in theme["quotations"]]}
              for theme in feedback.themes]
    audit_log.append(actor=actor, action=PUBLISHED_ACTION, subject=f"proposal:{proposal.id}",
                     details={"response_id": feedback.id, "summary": feedback.summary,
                              "totals": feedback.totals, "themes": themes,
                              "unanswered_reason": feedback.unanswered_reason}, now=now)
    answered = feedback_rules.answered(feedback.themes)
    link_history.append(
        proposal.link, kind=twinning.FEEDBACK_PUBLISHED,
        occurred_on=days.london_day(now),
        summary=f"Feedback published: {proposal.title}. {feedback.totals['line']} "
                f"{answered} theme{'' if answered == 1 else 's'} answered.",
        actor=actor, now=now, proposal_id=proposal.id)
    outbox.notify(notices.FEEDBACK, key=notices.event_key(notices.FEEDBACK, proposal.id),
                  now=now, link_id=proposal.link_id, proposal_id=proposal.id)


@use_case
def add_note(*, feedback_id: int, body: str, actor: User, now: datetime) -> FeedbackNote:
    """A dated correction shown beneath the feedback; the feedback itself never changes."""
    feedback = load(Feedback, feedback_id)
    if not body.strip():
        raise DomainError(N_("Enter the correction"), field="body")
    note = FeedbackNote(feedback=feedback, body=body.strip(), created_at=now,
                        author_id=actor.id, author=actor.actor_label)
    db.session.add(note)
    db.session.flush()
    audit_log.append(actor=actor, action=NOTE_ADDED_ACTION,
                     subject=f"proposal:{feedback.proposal_id}",
                     details={"note_id": note.id, "body": note.body}, now=now)
    return note
