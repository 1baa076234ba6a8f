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
from ..queries.feedback_queries import get_for, totals
from . import audit_log, consultation_history, link_history

# Public record format, kept from before feedback had its own word: the hash-chained audit
# log holds entries with these action names and a "response_id" detail, and auditors' tools
# read them. New entries are written the same way.
PUBLISHED_ACTION = "consultation_response.published"
NOTE_ADDED_ACTION = "consultation_response.note_added"


@use_case
def publish(*, proposal_id: int, summary: str, themes: list[feedback_rules.Theme],
            actor: User, now: datetime) -> Feedback:
    """Publish once, after the close: what was heard, the themes, and the council's answers."""
    proposal = load(Proposal, proposal_id)
    consultation_history.settle(proposal, now)
    feedback_rules.check_publishable(proposal.status_at(now), get_for(proposal.id) is not None)
    counted = totals(proposal)
    feedback = Feedback(
        proposal_id=proposal.id, summary=feedback_rules.check_summary(summary),
        totals=counted, themes=feedback_rules.check_themes(themes, counted["total"]),
        published_at=now, published_by_id=actor.id, published_by=actor.actor_label)
    db.session.add(feedback)
    db.session.flush()
    audit_log.append(actor=actor, action=PUBLISHED_ACTION, subject=f"proposal:{proposal.id}",
                     details={"response_id": feedback.id, "summary": feedback.summary,
                              "totals": counted, "themes": feedback.themes}, now=now)
    answered = len(feedback.themes)
    link_history.append(
        proposal.link, kind=twinning.FEEDBACK_PUBLISHED,
        occurred_on=days.london_day(now),
        summary=f"Feedback published: {proposal.title}. {counted['line']} "
                f"{answered} theme{'' if answered == 1 else 's'} answered.",
        actor=actor, now=now, proposal_id=proposal.id)
    outbox.notify(notices.FEEDBACK, key=notices.event_key(notices.FEEDBACK, proposal.id),
                  now=now, link_id=proposal.link_id, proposal_id=proposal.id)
    return feedback


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
