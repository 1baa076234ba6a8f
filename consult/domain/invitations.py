"""Who the council invited to respond to a consultation (Consultation Principle F).

Each invitation is what the council says it did: a group, its kind, the day and the channel.
Before the consultation opens the list can be changed freely; from the opening it is frozen
with the text, and one added later is a dated addition, never an edit or a removal. A proposal
is about a twin link, so the twin city's council is expected on the list: publishing without
it needs a public reason.
"""

from dataclasses import dataclass
from datetime import date

from .errors import DomainError
from .i18n import N_

TWINNING_ASSOCIATION = "twinning_association"
TWIN_COUNCIL = "twin_council"
COMMUNITY_GROUP = "community_group"

KINDS = {
    TWINNING_ASSOCIATION: N_("Twinning association"),
    TWIN_COUNCIL: N_("Twin city’s council"),
    COMMUNITY_GROUP: N_("Community or diaspora group"),
    "school": N_("School, college or university"),
    "faith_group": N_("Faith group"),
    "business": N_("Business"),
    "other": N_("Other"),
}
# The local groups the people most affected speak through.
LOCAL_GROUPS = frozenset({TWINNING_ASSOCIATION, COMMUNITY_GROUP})

CHANNELS = {
    "email": N_("Email"),
    "letter": N_("Letter"),
    "meeting": N_("Meeting"),
    "phone": N_("Phone call"),
    "social_media": N_("Social media"),
    "other": N_("Other"),
}

# What the fairness check says was missing from the list when it opened: (twin council, local
# group) -> one sentence, for "was never invited" and for "was only invited after it opened".
NOT_INVITED = {
    (True, False): N_("The twin city’s council was not invited."),
    (False, True): N_("No local twinning association or community group was invited."),
    (True, True): N_("Neither the twin city’s council nor a local twinning association or "
                     "community group was invited."),
}
INVITED_LATE = {
    (True, False): N_("The twin city’s council was only invited after it opened."),
    (False, True): N_("A local twinning association or community group was only invited after "
                      "it opened."),
    (True, True): N_("Neither the twin city’s council nor a local twinning association or "
                     "community group was invited before it opened."),
}

MAX_NAME, MAX_REASON = 200, 2000
EARLIEST = date(2000, 1, 1)


class InvitationRefused(DomainError):
    """An invitation that is not allowed: incomplete, dated in the future, or frozen."""


@dataclass(frozen=True)
class InvitationDraft:
    name: str
    kind: str
    invited_on: date
    channel: str


def check(draft: InvitationDraft, *, today: date) -> InvitationDraft:
    """A named group of a known kind, invited by a known channel on a day no later than
    today (in the council's time zone), with its name trimmed."""
    name = draft.name.strip()
    if not name:
        raise InvitationRefused(N_("Enter the name of the group invited"), field="name")
    if len(name) > MAX_NAME:
        raise InvitationRefused(N_("The name must be 200 characters or fewer"), field="name")
    if draft.kind not in KINDS:
        raise InvitationRefused(N_("Choose what kind of group it is"), field="kind")
    if draft.channel not in CHANNELS:
        raise InvitationRefused(N_("Choose how the group was invited"), field="channel")
    if draft.invited_on > today:
        raise InvitationRefused(N_("The date of the invitation must be today or in the past"),
                                field="invited_on")
    if draft.invited_on < EARLIEST:
        raise InvitationRefused(N_("The date of the invitation must be in 2000 or later"),
                                field="invited_on")
    return InvitationDraft(name, draft.kind, draft.invited_on, draft.channel)


def require_changeable(opened: bool) -> None:
    """An invitation on the list can be edited or removed only before the opening."""
    if opened:
        raise InvitationRefused(N_("The consultation has opened, so the list of who was invited "
                                   "is frozen. You can still add an invitation: it is shown "
                                   "with the date it was added."))


def require_open_to_additions(withdrawn: bool) -> None:
    """A withdrawn consultation takes no more invitations."""
    if withdrawn:
        raise InvitationRefused(N_("This consultation was withdrawn, so no invitations can be "
                                   "added."))


def twin_council_invited(kinds) -> bool:
    return TWIN_COUNCIL in set(kinds)


def check_publication(kinds, reason: str) -> str:
    """Publishing a proposal about a twin link without inviting the twin city's council needs
    a public reason; with it invited, no reason is kept. Returns the reason to store."""
    if twin_council_invited(kinds):
        return ""
    reason = reason.strip()
    if not reason:
        raise InvitationRefused(N_("The twin city’s council is not on the list of who was "
                                   "invited. Say why, or add its invitation first."),
                                field="no_twin_council_reason")
    if len(reason) > MAX_REASON:
        raise InvitationRefused(N_("The reason must be 2000 characters or fewer"),
                                field="no_twin_council_reason")
    return reason


def require_twin_council_kept(published: bool, remaining_kinds, reason: str) -> None:
    """Once published, the list cannot lose the twin city's council's invitation unless a
    reason for not inviting it was recorded when it was published."""
    if published and not reason.strip() and not twin_council_invited(remaining_kinds):
        raise InvitationRefused(N_("The consultation was published with the twin city’s council "
                                   "invited, so its invitation cannot be removed or changed to "
                                   "another kind. Edit its other details instead."))
