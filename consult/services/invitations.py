"""Recording who the council invited to respond (issue 16): added, edited and removed before
the opening; from then on only added, dated. Every change is audited."""

from datetime import datetime

from ..domain import days
from ..domain import invitations as rules
from ..domain import proposals as proposal_rules
from ..infrastructure.unit_of_work import load, use_case
from ..models import Proposal, ProposalInvitation, User, db
from . import audit_log


def _opened(proposal: Proposal, now: datetime) -> bool:
    return proposal_rules.text_frozen(proposal.status, proposal.window, now)


def _details(row: ProposalInvitation) -> dict:
    return {"invitation_id": row.id, "name": row.name, "kind": row.kind,
            "channel": row.channel, "invited_on": row.invited_on.isoformat()}


def _own(proposal: Proposal, invitation_id: int) -> ProposalInvitation:
    row = load(ProposalInvitation, invitation_id)
    if row.proposal_id != proposal.id:
        raise LookupError(f"No invitation {invitation_id} on proposal {proposal.id}")
    return row


def _keeps_twin_council(proposal: Proposal, row: ProposalInvitation, kind: str | None) -> None:
    """Once published, the twin city's council stays on the list unless a reason was given."""
    kinds = [other.kind for other in proposal.invitations if other.id != row.id]
    rules.require_twin_council_kept(proposal.status != proposal_rules.DRAFT,
                                    kinds + ([kind] if kind else []),
                                    proposal.no_twin_council_reason)


@use_case
def add(*, proposal_id: int, draft: rules.InvitationDraft, actor: User | str, now: datetime,
        demonstration: bool = False) -> ProposalInvitation:
    """Add an invitation; one added after the opening is a dated addition."""
    proposal = load(Proposal, proposal_id)
    rules.require_open_to_additions(proposal.status == proposal_rules.WITHDRAWN)
    draft = rules.check(draft, today=days.london_day(now))
    opened = _opened(proposal, now)
    row = ProposalInvitation(
        proposal_id=proposal.id, name=draft.name, kind=draft.kind, channel=draft.channel,
        invited_on=draft.invited_on, demonstration=demonstration, created_at=now,
        updated_at=now, created_by_id=getattr(actor, "id", None),
        added_after_opening_at=now if opened else None)
    db.session.add(row)
    db.session.flush()
    action = "proposal.invitation_added_after_opening" if opened else "proposal.invitation_added"
    audit_log.append(actor=actor, action=action, subject=f"proposal:{proposal.id}",
                     details=_details(row), now=now)
    return row


@use_case
def edit(*, proposal_id: int, invitation_id: int, draft: rules.InvitationDraft, actor: User,
         now: datetime) -> ProposalInvitation:
    """Correct an invitation's details before the opening; after, the list is frozen."""
    proposal = load(Proposal, proposal_id)
    row = _own(proposal, invitation_id)
    rules.require_changeable(_opened(proposal, now))
    draft = rules.check(draft, today=days.london_day(now))
    _keeps_twin_council(proposal, row, draft.kind)
    was = _details(row)
    row.name, row.kind, row.channel = draft.name, draft.kind, draft.channel
    row.invited_on, row.updated_at = draft.invited_on, now
    audit_log.append(actor=actor, action="proposal.invitation_edited",
                     subject=f"proposal:{proposal.id}",
                     details={**_details(row), "was": {k: v for k, v in was.items()
                                                        if k != "invitation_id"}}, now=now)
    return row


@use_case
def remove(*, proposal_id: int, invitation_id: int, actor: User, now: datetime) -> None:
    """Take an invitation off the list before the opening; after, it is part of the record."""
    proposal = load(Proposal, proposal_id)
    row = _own(proposal, invitation_id)
    rules.require_changeable(_opened(proposal, now))
    _keeps_twin_council(proposal, row, None)
    details = _details(row)
    proposal.invitations.remove(row)
    db.session.flush()
    audit_log.append(actor=actor, action="proposal.invitation_removed",
                     subject=f"proposal:{proposal.id}", details=details, now=now)


def publication_reason(proposal: Proposal, reason: str) -> str:
    """Inside the publishing unit of work: the reason to store for not inviting the twin
    city's council ("" when it is invited); refused when it is needed and missing."""
    return rules.check_publication([row.kind for row in proposal.invitations], reason or "")

