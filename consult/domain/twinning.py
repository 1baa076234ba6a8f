"""Twin-link statuses and their transitions, history event kinds, and link addresses."""

import re
import unicodedata

from .errors import InvalidTransition

ACTIVE = "active"
SUSPENDED = "suspended"
DORMANT = "dormant"
ENDED = "ended"

STATUSES = (ACTIVE, SUSPENDED, DORMANT, ENDED)
STATUS_LABELS = {ACTIVE: "Active", SUSPENDED: "Suspended", DORMANT: "Dormant", ENDED: "Ended"}

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
    "first_contact": "First contact",
    "established": "Link established",
    "activity": "Activity",
    "consultation_opened": "Consultation opened",
    "consultation_closed": "Consultation closed",
    "consultation_extended": "Consultation extended",
    "consultation_withdrawn": "Consultation withdrawn",
    FEEDBACK_PUBLISHED: "Feedback published",
    "decision": "Decision",
    "status_changed": "Status changed",
    "note": "Note",
}

# Kinds that state a fact from outside the platform and so must cite a source.
SOURCED_KINDS = frozenset({"first_contact", "established", "activity", "decision", "note"})
# Kinds an officer may append by hand; the rest are written by the platform's own use cases.
MANUAL_KINDS = ("first_contact", "established", "activity", "decision", "note")


def transition(current: str, target: str) -> str:
    """Return the new status if the table allows current -> target; raise otherwise."""
    if target not in TRANSITIONS.get(current, frozenset()):
        raise InvalidTransition(
            f"A link that is {STATUS_LABELS.get(current, current).lower()} cannot become "
            f"{STATUS_LABELS.get(target, target).lower()}",
            field="status",
        )
    return target


def needs_source(kind: str) -> bool:
    """Facts from outside the platform must carry at least one source URL."""
    return kind in SOURCED_KINDS


def slugify(name: str) -> str:
    """Make a link's address from the partner's name: 'Saint-Étienne' -> 'saint-etienne'."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")
    return slug[:80].rstrip("-") or "link"
