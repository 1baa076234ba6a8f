"""What follows a decision: opening its retrospective consultation, starting its review
consultation, or recording that its review was done. Each is one step, audited, and (reviews) on
the link's history."""

from datetime import datetime

from ..domain import days, follow_up
from ..infrastructure.unit_of_work import load, use_case
from ..models import Decision, Proposal, User
from ..queries import follow_up_queries
from . import audit_log, link_history, proposals


@use_case
def open_retrospective(*, decision_id: int, actor: User | str, now: datetime) -> Proposal:
    """A draft consultation after the fact, pre-filled from a decision taken without one, with
    the options "Keep the decision" and "Reverse it"; linked both ways with the decision."""
    decision = load(Decision, decision_id)
    follow_up.check_can_open_retrospective(
        consulted=decision.consulted, corrected=follow_up_queries.is_corrected(decision),
        already=follow_up_queries.retrospective_for(decision) is not None)
    text = follow_up.retrospective_text(title=decision.title, summary=decision.summary,
                                        reasons=decision.reasons, decided_on=decision.decided_on)
    draft = proposals.ProposalDraft(link_id=decision.link_id, action=follow_up.REVIEW_ACTION,
                                    options=list(follow_up.RETROSPECTIVE_OPTIONS), **text)
    proposal = proposals.new_draft(draft, actor=actor, now=now, retrospective_of_id=decision.id)
    audit_log.append(actor=actor, action="decision.retrospective_drafted",
                     subject=f"decision:{decision.id}", details={"proposal_id": proposal.id},
                     now=now)
    return proposal


@use_case
def start_review(*, decision_id: int, actor: User | str, now: datetime) -> Proposal:
    """A draft review consultation (action "review", no effect on the link's status) pre-filled
    from the decision that set the review date."""
    decision = load(Decision, decision_id)
    follow_up.check_review(decision.review_on,
                           in_progress=follow_up_queries.review_in_progress(decision.link_id))
    text = follow_up.review_text(partner=decision.link.partner_name, action=decision.action,
                                 reasons=decision.reasons, decided_on=decision.decided_on,
                                 review_on=decision.review_on)
    options = list(text.pop("options"))
    draft = proposals.ProposalDraft(link_id=decision.link_id, action=follow_up.REVIEW_ACTION,
                                    options=options, **text)
    proposal = proposals.new_draft(draft, actor=actor, now=now)
    audit_log.append(actor=actor, action="decision.review_started",
                     subject=f"decision:{decision.id}", details={"proposal_id": proposal.id},
                     now=now)
    link_history.append(decision.link, kind="review_started", occurred_on=days.london_day(now),
                        summary=f"A consultation to review decision {decision.id} was started: "
                                f"{proposal.title}.", actor=actor, now=now,
                        decision_id=decision.id)  # the draft itself is not public yet
    return proposal


@use_case
def record_review(*, decision_id: int, outcome: str, actor: User | str, now: datetime):
    """The review was done: its outcome goes on the link's history (and settles the review)."""
    decision = load(Decision, decision_id)
    follow_up.check_review(decision.review_on, outcome)
    outcome = outcome.strip()
    audit_log.append(actor=actor, action="decision.review_recorded",
                     subject=f"decision:{decision.id}", details={"outcome": outcome}, now=now)
    return link_history.append(
        decision.link, kind="review_recorded", occurred_on=days.london_day(now),
        summary=f"The review of decision {decision.id} was done. Outcome: {outcome}",
        actor=actor, now=now, decision_id=decision.id)
