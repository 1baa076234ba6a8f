"""Suggested themes and campaigns: when an analysis may run, when a run is stale, and what an
officer may do with a suggestion. Nothing is coded until a person accepts a suggestion."""

from datetime import datetime, timedelta

from . import codebook
from .errors import DomainError
from .i18n import N_

QUEUED, RUNNING, DONE, FAILED = "queued", "running", "done", "failed"
IN_PROGRESS = (QUEUED, RUNNING)
OPEN, ACCEPTED, DISCARDED = "open", "accepted", "discarded"
SUGGESTION, CAMPAIGN = "suggestion", "campaign"
# A run that has said nothing for this long lost its worker (a restart, a crash).
STALE_AFTER = timedelta(minutes=15)
NAME_TERMS = 3


class AnalysisInProgress(DomainError):
    """Suggestions are already being computed for this consultation."""


class SuggestionDecided(DomainError):
    """The suggestion was already accepted or discarded."""


def require_none_in_progress(latest_status: str | None) -> None:
    """One computation at a time per consultation: a second would only repeat the first."""
    if latest_status in IN_PROGRESS:
        raise AnalysisInProgress(N_("Suggestions are already being worked out. Wait for them "
                                    "to finish."))


def is_stale(status: str, last_heard: datetime, now: datetime) -> bool:
    """Queued or running, and not heard from for STALE_AFTER: its worker has gone."""
    return status in IN_PROGRESS and now - last_heard > STALE_AFTER


def require_open(status: str) -> None:
    if status != OPEN:
        raise SuggestionDecided(N_("This suggestion has already been accepted or discarded."))


def suggested_name(terms: list[str]) -> str:
    """A starting name for the officer to edit: the group's first few telling words."""
    name = ", ".join(terms[:NAME_TERMS]).strip()
    return name[:codebook.MAX_NAME].rstrip(", ")
