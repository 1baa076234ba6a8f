"""Proposal statuses, the transition table, and the clock rules of a consultation.

A scheduled proposal is open from `opens_at` and closed from `closes_at` without any job
running: the effective status is computed from the stored status and `now`.
"""

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta

from .audit import canonical_json
from .errors import DomainError, InvalidTransition
from .i18n import N_

DRAFT = "draft"
SCHEDULED = "scheduled"
OPEN = "open"
CLOSED = "closed"
DECIDED = "decided"
WITHDRAWN = "withdrawn"

STATUSES = (DRAFT, SCHEDULED, OPEN, CLOSED, DECIDED, WITHDRAWN)
STATUS_LABELS = {DRAFT: N_("Draft"), SCHEDULED: N_("Upcoming"), OPEN: N_("Open"),
                 CLOSED: N_("Closed"), DECIDED: N_("Decided"), WITHDRAWN: N_("Withdrawn")}

TRANSITIONS: dict[str, frozenset[str]] = {
    DRAFT: frozenset({SCHEDULED, WITHDRAWN}),
    SCHEDULED: frozenset({OPEN, WITHDRAWN}),
    OPEN: frozenset({CLOSED, WITHDRAWN}),
    CLOSED: frozenset({DECIDED}),
    DECIDED: frozenset(),
    WITHDRAWN: frozenset(),
}

ACTIONS = {
    "suspend": N_("Suspend the link"),
    "resume": N_("Resume the link"),
    "end": N_("End the link"),
    "establish": N_("Establish a new link"),
    "change_terms": N_("Change the terms of the link"),
    # A review (of a suspension, say) has no effect on the link's status by itself.
    "review": N_("Review the link's status"),
    "other": N_("Other"),
}

# Stored as a new proposal's option labels (data from then on, like labels an officer types).
DEFAULT_OPTIONS = ("Support", "Oppose", "Neither support nor oppose")
MIN_OPTIONS, MAX_OPTIONS = 2, 8
MAX_OPTION_LENGTH = 120

SHOWN, HIDDEN = "shown", "hidden"
VISIBILITIES = (SHOWN, HIDDEN)


class ConsultationNotOpen(DomainError):
    """The consultation is not open at this moment."""


class TextFrozen(DomainError):
    """A published proposal's text cannot change; add a correction note instead."""


class InvalidWindow(DomainError):
    """The consultation window is impossible or would be shortened."""


class InvalidOptions(DomainError):
    """The response options are not 2 to 8 distinct, non-empty labels."""


@dataclass(frozen=True)
class Window:
    opens_at: datetime
    closes_at: datetime


def transition(current: str, target: str) -> str:
    """Return target if the table allows current -> target; raise InvalidTransition otherwise."""
    if target not in TRANSITIONS.get(current, frozenset()):
        raise InvalidTransition(N_("A consultation cannot go from “%(current)s” to “%(target)s”"),
                                current=STATUS_LABELS.get(current, current),
                                target=STATUS_LABELS.get(target, target))
    return target


def effective_status(stored: str, window: Window | None, now: datetime) -> str:
    """The status at `now`: a scheduled proposal opens and closes by the clock alone."""
    if stored not in (SCHEDULED, OPEN) or window is None:
        return stored
    if now < window.opens_at:
        return SCHEDULED
    if now < window.closes_at:
        return OPEN
    return CLOSED


def next_change(window: Window | None, now: datetime) -> datetime | None:
    """The next instant at which what the clock alone decides about a proposal changes: it
    opens, it closes, or its whole days left (see days_left) go down by one. None if never."""
    if window is None or now >= window.closes_at:
        return None
    if now < window.opens_at:
        return window.opens_at
    return window.closes_at - timedelta(days=days_left(window, now) - 1)


def check_window(window: Window, now: datetime, *, min_days: int = 0) -> list[str]:
    """Refuse an impossible window; return warnings (not errors) for a short one."""
    if window.closes_at <= window.opens_at:
        raise InvalidWindow(N_("The closing date must be after the opening date"),
                            field="closes_at")
    if window.closes_at <= now:
        raise InvalidWindow(N_("The closing date must be in the future"), field="closes_at")
    length = window.closes_at - window.opens_at
    if min_days and length < timedelta(days=min_days):
        return [f"The consultation runs for {length.days} days, less than the "
                f"{min_days}-day minimum the council has set itself."]
    return []


def opening_on_publication(opens_at: datetime, now: datetime) -> datetime:
    """A consultation opens when the public can first see it: the later of the opening time
    set and the moment it is published. A time typed in the past is a claim, not a fact, and
    must not count towards the time people had to respond."""
    return max(opens_at, now)


def require_open(stored: str, window: Window | None, now: datetime, *,
                 closed_early: bool = False) -> None:
    """Responding, extending and closing early need the consultation to be open now. An early
    close is final from the moment it is recorded, whatever time a late caller holds."""
    if closed_early or effective_status(stored, window, now) != OPEN:
        raise ConsultationNotOpen(N_("This consultation is not open"), field=None)


def extend(stored: str, window: Window, new_closes_at: datetime, now: datetime) -> Window:
    """Move the closing time later; a consultation is never shortened."""
    require_open(stored, window, now)
    if new_closes_at <= window.closes_at:
        raise InvalidWindow(N_("The new closing date must be later than the current one "
                               "(a consultation can be extended, never shortened)"),
                            field="closes_at")
    return Window(window.opens_at, new_closes_at)


def close_early(stored: str, window: Window, reason: str, now: datetime) -> Window:
    """Close before the published time, only with a public reason."""
    require_open(stored, window, now)
    if not reason.strip():
        raise DomainError(N_("Give the public reason for closing early"), field="reason")
    return Window(window.opens_at, now)


def text_frozen(stored: str, window: Window | None, now: datetime) -> bool:
    """The text (and every translation published with it) is fixed once it opens."""
    return effective_status(stored, window, now) not in (DRAFT, SCHEDULED)


def require_editable(stored: str, window: Window | None, now: datetime) -> None:
    """Text can change only before the consultation opens."""
    if text_frozen(stored, window, now):
        raise TextFrozen(N_("The consultation has opened, so its text is frozen. Add a "
                            "correction note instead."))


def check_visibility_change(current: str, target: str, stored: str, window: Window | None,
                            now: datetime) -> str:
    """Hidden results cannot be switched to shown while the consultation is open."""
    if target not in VISIBILITIES:
        raise DomainError(N_("Choose whether running results are shown"), field="results")
    if current == HIDDEN and target == SHOWN and effective_status(stored, window, now) == OPEN:
        raise DomainError(N_("Results were promised hidden until the close; they cannot be "
                             "shown while the consultation is open"), field="results")
    return target


def results_visible(visibility: str, stored: str, window: Window | None, now: datetime) -> bool:
    status = effective_status(stored, window, now)
    return status in (CLOSED, DECIDED) or (visibility == SHOWN and status == OPEN)


def check_options(labels: list[str]) -> list[str]:
    """2 to 8 distinct, non-empty labels, kept in the order given."""
    cleaned = [label.strip() for label in labels if label.strip()]
    if not MIN_OPTIONS <= len(cleaned) <= MAX_OPTIONS:
        raise InvalidOptions(N_("Give between %(low)d and %(high)d response options"),
                             field="options", low=MIN_OPTIONS, high=MAX_OPTIONS)
    if len({label.casefold() for label in cleaned}) != len(cleaned):
        raise InvalidOptions(N_("Each response option must be different"), field="options")
    if any(len(label) > MAX_OPTION_LENGTH for label in cleaned):
        raise InvalidOptions(N_("Each option must be %(max)d characters or fewer"),
                             field="options", max=MAX_OPTION_LENGTH)
    return cleaned


def text_fingerprint(published: dict) -> str:
    """SHA-256 of the canonical JSON of the published text: shown so anyone can check it."""
    return hashlib.sha256(canonical_json(published).encode("utf-8")).hexdigest()


def days_left(window: Window, now: datetime) -> int:
    """Whole days until close, counting a part day as a day."""
    seconds = (window.closes_at - now).total_seconds()
    return max(0, -int(-seconds // 86400))
