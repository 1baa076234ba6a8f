"""Twin-link statuses and their transitions, history event kinds, and link addresses."""

import re
import unicodedata

from .errors import InvalidTransition
from .i18n import N_

ACTIVE = "active"
SUSPENDED = "suspended"
DORMANT = "dormant"
ENDED = "ended"

STATUSES = (ACTIVE, SUSPENDED, DORMANT, ENDED)
STATUS_LABELS = {ACTIVE: N_("Active"), SUSPENDED: N_("Suspended"), DORMANT: N_("Dormant"),
                 ENDED: N_("Ended")}

# An ended link stays ended: a new twinning with the same place is a new link.
TRANSITIONS: dict[str, frozenset[str]] = {
    ACTIVE: frozenset({SUSPENDED, DORMANT, ENDED}),
    SUSPENDED: frozenset({ACTIVE, DORMANT, ENDED}),
    DORMANT: frozenset({ACTIVE, SUSPENDED, ENDED}),
    ENDED: frozenset(),
}

# A kind, once stored, is public record: it is hashed into the audit log with its entry and
# exported by the API, the CSV downloads and the Atom feeds. Feedback ("you said, we did")
# therefore keeps the kind it was first stored under, from before it had its own word.
FEEDBACK_PUBLISHED = "consultation_response"

EVENT_KINDS = {
    "first_contact": N_("First contact"),
    "established": N_("Link established"),
    "activity": N_("Activity"),
    "consultation_opened": N_("Consultation opened"),
    "consultation_closed": N_("Consultation closed"),
    "consultation_extended": N_("Consultation extended"),
    "consultation_withdrawn": N_("Consultation withdrawn"),
    FEEDBACK_PUBLISHED: N_("Feedback published"),
    "decision": N_("Decision"),
    "status_changed": N_("Status changed"),
    "note": N_("Note"),
    "review_started": N_("Review started"),
    "review_recorded": N_("Review recorded"),
}

# Kinds that state a fact from outside the platform and so must cite a source.
SOURCED_KINDS = frozenset({"first_contact", "established", "activity", "decision", "note"})
# Kinds an officer may append by hand; the rest are written by the platform's own use cases.
MANUAL_KINDS = ("first_contact", "established", "activity", "decision", "note")


# Why a move is refused, one whole sentence for each move the table forbids (a translator
# can then agree "active" with "link" in their own language).
_REFUSED = {
    (ACTIVE, ACTIVE): N_("A link that is active cannot become active"),
    (SUSPENDED, SUSPENDED): N_("A link that is suspended cannot become suspended"),
    (DORMANT, DORMANT): N_("A link that is dormant cannot become dormant"),
    (ENDED, ACTIVE): N_("A link that is ended cannot become active"),
    (ENDED, SUSPENDED): N_("A link that is ended cannot become suspended"),
    (ENDED, DORMANT): N_("A link that is ended cannot become dormant"),
    (ENDED, ENDED): N_("A link that is ended cannot become ended"),
}


def transition(current: str, target: str) -> str:
    """Return the new status if the table allows current -> target; raise otherwise."""
    if target not in TRANSITIONS.get(current, frozenset()):
        refused = _REFUSED.get((current, target))
        if refused is not None:
            raise InvalidTransition(refused, field="status")
        raise InvalidTransition(N_("A link that is %(current)s cannot become %(target)s"),
                                field="status", current=current.lower(), target=target.lower())
    return target


def needs_source(kind: str) -> bool:
    """Facts from outside the platform must carry at least one source URL."""
    return kind in SOURCED_KINDS


def slugify(name: str) -> str:
    """Make a link's address from the partner's name: 'Saint-Étienne' -> 'saint-etienne'."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")
    return slug[:80].rstrip("-") or "link"
