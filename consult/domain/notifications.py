"""Notifications as rules: which events there are, who hears of each, how often, and when a
failed mail is tried again.

Pure: times are given, never read. The services write the rows; the tasks send them.
"""

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from .days import LONDON
from .i18n import N_

IMMEDIATE, DAILY, WEEKLY = "immediate", "daily", "weekly"
FREQUENCIES = (IMMEDIATE, DAILY, WEEKLY)
FREQUENCY_LABELS = {IMMEDIATE: N_("As it happens"), DAILY: N_("Once a day, in a digest"),
                    WEEKLY: N_("Once a week, in a digest")}

# What a person can follow: everything, one twin link, or one consultation's outcome.
ALL, LINK, PROPOSAL = "all", "link", "proposal"
DEFAULT_FREQUENCY = {ALL: WEEKLY, LINK: IMMEDIATE, PROPOSAL: IMMEDIATE}

OPENED = "consultation_opened"
CLOSES_IN_7_DAYS = "closes_in_7_days"
CLOSES_TOMORROW = "closes_tomorrow"
CLOSED = "consultation_closed"
FEEDBACK = "feedback_published"
DECIDED = "decision_recorded"
DECIDED_UNCONSULTED = "decision_unconsulted"
KINDS = (OPENED, CLOSES_IN_7_DAYS, CLOSES_TOMORROW, CLOSED, FEEDBACK, DECIDED,
         DECIDED_UNCONSULTED)
REMINDERS = {CLOSES_IN_7_DAYS: timedelta(days=7), CLOSES_TOMORROW: timedelta(days=1)}

# Who hears of each event: followers of everything, of the link, of the consultation.
AUDIENCE = {
    OPENED: (ALL, LINK),
    CLOSES_IN_7_DAYS: (ALL, LINK),
    CLOSES_TOMORROW: (ALL, LINK),
    CLOSED: (ALL, LINK, PROPOSAL),
    FEEDBACK: (ALL, LINK, PROPOSAL),
    DECIDED: (ALL, LINK, PROPOSAL),
    DECIDED_UNCONSULTED: (ALL, LINK),
}
# Reminders go only to those who have not responded: a reminder to someone who has is noise.
SKIP_RESPONDENTS = frozenset(REMINDERS)

# The hour (London) at which digests go out; weekly ones on Mondays.
DIGEST_HOUR = 7
MONDAY = 0

# Sending: a try that failed for a reason that may pass (the server down, a 4xx reply) waits
# longer each time, up to a day; after MAX_ATTEMPTS it is given up and recorded as failed.
FIRST_RETRY = timedelta(minutes=1)
LONGEST_RETRY = timedelta(hours=24)
MAX_ATTEMPTS = 12


class NotificationError(ValueError):
    """A frequency or target that does not exist."""


def check_frequency(frequency: str) -> str:
    if frequency not in FREQUENCIES:
        raise NotificationError(f"Unknown frequency: {frequency}")
    return frequency


def target_key(target: str, target_id: int | None = None) -> str:
    """How a follow names what it follows: 'all', 'link:3', 'proposal:7'."""
    if target == ALL:
        return ALL
    if target not in (LINK, PROPOSAL) or not isinstance(target_id, int):
        raise NotificationError(f"Cannot follow {target} {target_id}")
    return f"{target}:{target_id}"


def audience_keys(kind: str, link_id: int | None, proposal_id: int | None) -> list[str]:
    """The follow keys whose followers hear of this event."""
    keys = []
    for target in AUDIENCE[kind]:
        if target == ALL:
            keys.append(ALL)
        elif target == LINK and link_id is not None:
            keys.append(target_key(LINK, link_id))
        elif target == PROPOSAL and proposal_id is not None:
            keys.append(target_key(PROPOSAL, proposal_id))
    return keys


def event_key(kind: str, subject_id: int) -> str:
    """One notification per event, whichever path (worker or request) records it first."""
    return f"{kind}:{subject_id}"


def reminder_due(kind: str, opens_at: datetime, closes_at: datetime, now: datetime) -> bool:
    """A reminder is due once the consultation is that close to closing, if it was already
    open then (a consultation shorter than the reminder's lead gets no such reminder)."""
    lead = REMINDERS[kind]
    return opens_at <= closes_at - lead <= now < closes_at


def sharpest(frequencies: list[str]) -> str:
    """Of one person's follows that match an event, the most immediate wins: one mail each."""
    return min(frequencies, key=FREQUENCIES.index)


@dataclass(frozen=True)
class DigestWindow:
    """One digest round: its label ('2026-12-04' or 'week of 2026-11-30') and when it falls."""

    label: str
    due_at: datetime


def digest_window(frequency: str, now: datetime) -> DigestWindow | None:
    """The latest digest round due at `now` (London time), or None for immediate mail."""
    local = now.astimezone(LONDON)
    day = local.date()
    if local.time() < time(DIGEST_HOUR):
        day -= timedelta(days=1)
    if frequency == DAILY:
        label = day.isoformat()
    elif frequency == WEEKLY:
        day -= timedelta(days=(day.weekday() - MONDAY) % 7)
        label = f"week of {day.isoformat()}"
    else:
        return None
    due = datetime.combine(day, time(DIGEST_HOUR), tzinfo=LONDON)
    return DigestWindow(label, due)


def retry_after(attempts: int) -> timedelta:
    """Exponential backoff: 1, 2, 4 ... minutes after the nth failed try, at most a day."""
    return min(FIRST_RETRY * 2 ** max(attempts - 1, 0), LONGEST_RETRY)


def permanent(code: int | None) -> bool:
    """An SMTP 5xx reply says the address will never take this mail: do not try again."""
    return code is not None and 500 <= code < 600
