"""Who the council invited to respond to a consultation, as the public sees it (issue 16)."""

from dataclasses import dataclass, field

from ..domain import invitations as rules
from ..domain import proposals as proposal_rules
from ..models import Proposal, ProposalInvitation


@dataclass(frozen=True)
class Invited:
    """The invitations, oldest first, and the reason for not inviting the twin city's council
    ("" when it was on the list when the consultation opened)."""

    rows: list[ProposalInvitation] = field(default_factory=list)
    no_twin_council_reason: str = ""

    @property
    def all_demonstration(self) -> bool:
        """Every invitation is the demo data's: said once, above the list."""
        return bool(self.rows) and all(row.demonstration for row in self.rows)


def public_list(proposal: Proposal) -> Invited:
    """Nothing for a draft (it is not public); else every invitation, dated additions too."""
    if proposal.status == proposal_rules.DRAFT:
        return Invited()
    rows = list(proposal.invitations)
    on_list = rules.twin_council_invited(r.kind for r in rows if not r.added_after_opening_at)
    return Invited(rows, "" if on_list else proposal.no_twin_council_reason)
