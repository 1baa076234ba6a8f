"""Proposal use cases: draft, schedule, edit before opening, extend, close early, withdraw."""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import ngettext

from ..domain import invitations as invitation_rules
from ..domain import proposals
from ..domain.errors import DomainError
from ..domain.i18n import N_
from ..infrastructure.unit_of_work import load, use_case
from ..models import Proposal, ProposalNote, ProposalOption, Response, TwinLink, User, db
from . import audit_log, consultation_history, invitations, translations


@dataclass
class ProposalDraft:
    link_id: int
    action: str
    title: str
    summary: str
    reasons: str
    alternatives: list[dict] = field(default_factory=list)
    options: list[str] = field(default_factory=list)
    opens_at: datetime | None = None
    closes_at: datetime | None = None
    results_visibility: str = proposals.HIDDEN


def _apply(proposal: Proposal, draft: ProposalDraft) -> None:
    if db.session.get(TwinLink, draft.link_id) is None:
        raise DomainError(N_("Choose the twin link this proposal is about"), field="link_id")
    if draft.action not in proposals.ACTIONS:
        raise DomainError(N_("Choose what the council proposes to do"), field="action")
    if draft.results_visibility not in proposals.VISIBILITIES:
        raise DomainError(N_("Choose whether running results are shown"),
                          field="results_visibility")
    if draft.opens_at and draft.closes_at and draft.closes_at <= draft.opens_at:
        raise proposals.InvalidWindow(N_("The closing date must be after the opening date"),
                                      field="closes_at")
    labels = proposals.check_options(draft.options or list(proposals.DEFAULT_OPTIONS))
    proposal.link_id = draft.link_id
    proposal.action, proposal.title = draft.action, draft.title.strip()
    proposal.summary, proposal.reasons = draft.summary.strip(), draft.reasons.strip()
    proposal.alternatives = [{"title": a["title"].strip(), "why_not": a["why_not"].strip()}
                             for a in draft.alternatives if a["title"].strip()]
    proposal.opens_at, proposal.closes_at = draft.opens_at, draft.closes_at
    proposal.results_visibility = draft.results_visibility
    if [o.label for o in proposal.options] != labels:
        proposal.options.clear()
        if proposal.id is not None:
            db.session.flush()  # the old rows go first: (proposal, position) is unique
        proposal.options.extend(ProposalOption(position=i, label=label)
                                for i, label in enumerate(labels))


@use_case
def create(draft: ProposalDraft, *, actor: User | str, now: datetime) -> Proposal:
    """Start a draft proposal; nothing is public until it is scheduled."""
    return new_draft(draft, actor=actor, now=now)


def new_draft(draft: ProposalDraft, *, actor: User | str, now: datetime,
              retrospective_of_id: int | None = None) -> Proposal:
    """The draft and its audit entry, in the caller's unit of work (create's, or another use
    case's that starts a consultation from a decision)."""
    proposal = Proposal(status=proposals.DRAFT, created_at=now, updated_at=now,
                        created_by_id=actor.id if isinstance(actor, User) else None,
                        retrospective_of_id=retrospective_of_id)
    _apply(proposal, draft)
    db.session.add(proposal)
    db.session.flush()
    details = {"title": proposal.title, "link_id": proposal.link_id}
    if retrospective_of_id is not None:
        details["retrospective_of"] = retrospective_of_id
    audit_log.append(actor=actor, action="proposal.drafted", subject=f"proposal:{proposal.id}",
                     details=details, now=now)
    return proposal


@use_case
def update(*, proposal_id: int, draft: ProposalDraft, actor: User, now: datetime) -> Proposal:
    """Edit the text; refused once the consultation has opened (its text is then frozen)."""
    proposal = load(Proposal, proposal_id)
    proposals.require_editable(proposal.status, proposal.window, now)
    _apply(proposal, draft)
    proposal.updated_at = now
    if proposal.status == proposals.SCHEDULED:
        if proposal.window is None:
            raise proposals.InvalidWindow(
                N_("A published consultation needs opening and closing dates"),
                field="opens_at" if proposal.opens_at is None else "closes_at")
        proposals.check_window(proposal.window, now)
        proposal.opens_at = proposals.opening_on_publication(proposal.opens_at, now)
        proposal.published_closes_at = proposal.closes_at
        db.session.flush()
        proposal.fingerprint = proposals.text_fingerprint(proposal.published_text())
        translations.follow_english(proposal)
    audit_log.append(actor=actor, action="proposal.edited", subject=f"proposal:{proposal.id}",
                     details={"fingerprint": proposal.fingerprint}, now=now)
    return proposal


def readiness(proposal: Proposal, now: datetime, min_days: int) -> list[str]:
    """Warnings an officer sees before publishing (reasons, alternatives, documents, who was
    invited, time), in the reader's language."""
    warnings = []
    if not proposal.reasons.strip():
        warnings.append(_("No reasons are given for the proposal."))
    if len(proposal.alternatives) < 1:
        warnings.append(_("No alternatives are described, with why each is not preferred."))
    if not proposal.documents:
        warnings.append(_("No background document is attached."))
    kinds = {row.kind for row in proposal.invitations}
    if invitation_rules.TWIN_COUNCIL not in kinds:
        warnings.append(_("The twin city’s council is not on the list of who was invited. "
                          "Publishing asks you to say why."))
    if not kinds & invitation_rules.LOCAL_GROUPS:
        warnings.append(_("No local twinning association or community group is on the list "
                          "of who was invited."))
    if proposal.window:
        opens_at = proposals.opening_on_publication(proposal.opens_at, now)
        if opens_at > proposal.opens_at:
            warnings.append(_("The opening time has passed: publishing now opens the "
                              "consultation now."))
        length = proposal.closes_at - opens_at
        if length.days < min_days:
            warnings.append(ngettext(
                "The consultation runs for %(num)d day, less than the %(min)d-day minimum.",
                "The consultation runs for %(num)d days, less than the %(min)d-day minimum.",
                length.days, min=min_days))
    return warnings


@use_case
def schedule(*, proposal_id: int, actor: User | str, now: datetime,
             no_twin_council_reason: str = "") -> Proposal:
    """Publish a draft: it opens at `opens_at` and closes at `closes_at`, by the clock alone.
    An opening time already past is replaced by the publication time: it opens now. Without
    an invitation to the twin city's council, it needs a public reason why not."""
    proposal = load(Proposal, proposal_id)
    if proposal.window is None:
        raise proposals.InvalidWindow(N_("Set the opening and closing dates first"),
                                      field="opens_at")
    proposals.check_window(proposal.window, now)
    asked = proposal.opens_at
    proposal.opens_at = proposals.opening_on_publication(asked, now)
    proposal.status = proposals.transition(proposal.status, proposals.SCHEDULED)
    proposal.no_twin_council_reason = invitations.publication_reason(
        proposal, no_twin_council_reason)
    proposal.published_closes_at = proposal.closes_at
    proposal.updated_at = now
    db.session.flush()
    proposal.fingerprint = proposals.text_fingerprint(proposal.published_text())
    translations.follow_english(proposal)
    audit_log.append(actor=actor, action="proposal.scheduled", subject=f"proposal:{proposal.id}",
                     details={"opens_at": proposal.opens_at.isoformat(),
                              "closes_at": proposal.closes_at.isoformat(),
                              "fingerprint": proposal.fingerprint,
                              **({"opening_set_for": asked.isoformat()}
                                 if asked != proposal.opens_at else {}),
                              **({"no_twin_council_reason": proposal.no_twin_council_reason}
                                 if proposal.no_twin_council_reason else {})}, now=now)
    return proposal


@use_case
def extend(*, proposal_id: int, new_closes_at: datetime, actor: User, now: datetime):
    """Move the closing time later (never earlier); recorded on the link's history."""
    proposal = load(Proposal, proposal_id)
    window = proposals.extend(proposal.status, proposal.window, new_closes_at, now)
    consultation_history.settle(proposal, now)
    previous, proposal.closes_at = proposal.closes_at, window.closes_at
    proposal.updated_at = now
    consultation_history.record_extension(proposal, previous, actor, now)
    audit_log.append(actor=actor, action="proposal.extended", subject=f"proposal:{proposal.id}",
                     details={"from": previous.isoformat(), "to": new_closes_at.isoformat()},
                     now=now)
    return proposal


@use_case
def close_early(*, proposal_id: int, reason: str, actor: User, now: datetime) -> Proposal:
    """Close now, before the published time, with a public reason."""
    proposal = load(Proposal, proposal_id)
    window = proposals.close_early(proposal.status, proposal.window, reason, now)
    consultation_history.settle(proposal, now)
    proposal.closes_at = _after_accepted_responses(proposal.id, window.closes_at)
    proposal.closed_early_at = now
    proposal.close_reason = reason.strip()
    proposal.updated_at = now
    audit_log.append(actor=actor, action="proposal.closed_early", subject=f"proposal:{proposal.id}",
                     details={"reason": proposal.close_reason}, now=now)
    consultation_history.settle(proposal, now)
    return proposal


def _after_accepted_responses(proposal_id: int, closes_at: datetime) -> datetime:
    """An early close never falls before a response already accepted: one made a moment after
    the officer's clock reading, that took its turn first, was made while it was open."""
    last = db.session.scalar(sa.select(sa.func.max(Response.updated_at)).where(
        Response.proposal_id == proposal_id))
    if last is None or last < closes_at:
        return closes_at
    return last + timedelta(microseconds=1)


@use_case
def withdraw(*, proposal_id: int, reason: str, actor: User, now: datetime) -> Proposal:
    """Withdraw from draft, upcoming or open, with a public reason."""
    proposal = load(Proposal, proposal_id)
    if not reason.strip():
        raise DomainError(N_("Give the public reason for withdrawing"), field="reason")
    current = proposal.status_at(now)
    proposals.transition(current, proposals.WITHDRAWN)
    consultation_history.settle(proposal, now)
    proposal.status, proposal.withdrawn_at = proposals.WITHDRAWN, now
    proposal.withdrawn_reason = reason.strip()
    proposal.updated_at = now
    if current != proposals.DRAFT:
        consultation_history.record_withdrawal(proposal, actor, now)
    audit_log.append(actor=actor, action="proposal.withdrawn", subject=f"proposal:{proposal.id}",
                     details={"reason": proposal.withdrawn_reason, "was": current}, now=now)
    return proposal


@use_case
def add_note(*, proposal_id: int, body: str, actor: User, now: datetime) -> ProposalNote:
    """A dated, visible correction to a published proposal (its text itself never changes)."""
    proposal = load(Proposal, proposal_id)
    if proposal.status == proposals.DRAFT:
        raise DomainError(N_("A draft can simply be edited"), field="body")
    if not body.strip():
        raise DomainError(N_("Enter the correction"), field="body")
    consultation_history.settle(proposal, now)
    note = ProposalNote(proposal=proposal, body=body.strip(), created_at=now,
                        author_id=actor.id, author=actor.actor_label)
    db.session.add(note)
    db.session.flush()
    audit_log.append(actor=actor, action="proposal.note_added", subject=f"proposal:{proposal.id}",
                     details={"note_id": note.id, "body": note.body}, now=now)
    return note


@use_case
def set_visibility(*, proposal_id: int, target: str, actor: User, now: datetime) -> Proposal:
    """Show or hide running results; hidden results stay hidden while the consultation is open."""
    proposal = load(Proposal, proposal_id)
    previous = proposal.results_visibility
    proposal.results_visibility = proposals.check_visibility_change(
        previous, target, proposal.status, proposal.window, now)
    consultation_history.settle(proposal, now)
    audit_log.append(actor=actor, action="proposal.results_visibility",
                     subject=f"proposal:{proposal.id}", details={"from": previous, "to": target},
                     now=now)
    return proposal
