"""Decisions on twin links: who decides, the outcomes, their effect on the link, and the rules
of a written record (the Openness of Local Government Bodies Regulations 2014).

A decision is never edited. A correction is a new record that points at the one it corrects; it
fixes the record and cannot change the outcome or the link a second time. A deferred decision
leaves the consultation waiting for a later decision.
"""

from dataclasses import dataclass, field
from datetime import date

from . import follow_up, proposals, twinning
from .errors import DomainError
from .i18n import N_

FULL_COUNCIL, CABINET, COMMITTEE, OFFICER = "full_council", "cabinet", "committee", "officer"
BODIES = {FULL_COUNCIL: N_("Full council"), CABINET: N_("Cabinet"), COMMITTEE: N_("Committee"),
          OFFICER: N_("An officer under delegated powers")}

ADOPTED, ADOPTED_WITH_CHANGES = "adopted", "adopted_with_changes"
REJECTED, DEFERRED = "rejected", "deferred"
OUTCOMES = {ADOPTED: N_("Adopted as proposed"), ADOPTED_WITH_CHANGES: N_("Adopted with changes"),
            REJECTED: N_("Rejected"), DEFERRED: N_("Deferred")}
ADOPTING = frozenset({ADOPTED, ADOPTED_WITH_CHANGES})

# What an adopted decision does to the link's status; other actions leave it as it is.
EFFECTS = {"suspend": twinning.SUSPENDED, "resume": twinning.ACTIVE, "end": twinning.ENDED,
           "establish": twinning.ACTIVE}
NO_CONSULTATION = N_("Decided without public consultation")
MAX_VOTES = 1000
# Why a consultation in no state to be decided cannot be, one sentence per status.
_UNDECIDABLE = {proposals.DRAFT: N_("A draft consultation cannot be decided."),
                proposals.WITHDRAWN: N_("A withdrawn consultation cannot be decided.")}


class ConsultationStillOpen(DomainError):
    """A decision cannot be recorded while people can still respond."""


class NotDecidable(DomainError):
    """The consultation is in no state to be decided (draft, withdrawn, already decided)."""


class BadCorrection(DomainError):
    """A correction must point at an uncorrected decision of the same consultation or link."""


@dataclass(frozen=True)
class Votes:
    """Councillors' votes; None where no vote was taken or counted."""

    in_favour: int | None = None
    against: int | None = None
    abstained: int | None = None
    names: dict[str, list[str]] = field(default_factory=dict)

    @property
    def counted(self) -> bool:
        return None not in (self.in_favour, self.against, self.abstained)

    @property
    def unanimous(self) -> bool:
        return self.counted and self.in_favour > 0 and self.against == 0


@dataclass(frozen=True)
class Record:
    """What an officer records; plain values, checked by check_record."""

    decided_on: date
    body: str
    outcome: str
    action: str
    title: str
    summary: str
    reasons: str
    committee_name: str = ""
    alternatives: str = ""
    interests: str = ""
    votes: Votes = Votes()
    minutes_url: str = ""
    sources: tuple[str, ...] = ()
    review_on: date | None = None
    no_consultation_reason: str = ""
    matched_option_id: int | None = None
    departure_reason: str = ""
    corrects_id: int | None = None
    # Without consultation: the date a retrospective consultation will open by, or why none.
    retrospective_by: date | None = None
    no_retrospective_reason: str = ""


def body_label(body: str, committee_name: str = "") -> str:
    if body == COMMITTEE and committee_name:
        return committee_name
    return BODIES.get(body, body)


def effect(action: str, outcome: str, link_status: str) -> str | None:
    """The link status an adopted decision leads to, or None when the status stays as it is.

    The move must be in the twin-link transition table: an ended link cannot be resumed.
    """
    target = EFFECTS.get(action) if outcome in ADOPTING else None
    if target is None or target == link_status:
        return None
    return twinning.transition(link_status, target)


def differs_from_most_supported(outcome: str, matched_option_id: int | None,
                                leading_ids: list[int]) -> bool:
    """A final decision that matches none of the most supported options departs from them."""
    return outcome != DEFERRED and bool(leading_ids) and matched_option_id not in leading_ids


def check_stage(status_now: str, *, correcting: bool) -> None:
    """A first or later decision needs a closed consultation; a correction needs a decision."""
    if correcting:
        return
    if status_now in (proposals.SCHEDULED, proposals.OPEN):
        raise ConsultationStillOpen(N_("The consultation is still open. A decision cannot be "
                                       "recorded until it has closed."))
    if status_now == proposals.DECIDED:
        raise NotDecidable(N_("This consultation has been decided. To fix the record, choose "
                              "the decision it corrects."), field="corrects_id")
    if status_now != proposals.CLOSED:
        raise NotDecidable(_UNDECIDABLE.get(status_now, N_("This consultation cannot be decided.")))


def check_correction(original_outcome: str, outcome: str, already_corrected: bool) -> None:
    """A correction fixes the written record; a new outcome needs a new decision."""
    if already_corrected:
        raise BadCorrection(N_("That decision has already been corrected. Correct the "
                               "correction instead."), field="corrects_id")
    if original_outcome != outcome:
        raise BadCorrection(N_("A correction cannot change the outcome. Choose the outcome the "
                               "decision being corrected recorded."), field="outcome")


def _check_votes(votes: Votes) -> None:
    numbers = (votes.in_favour, votes.against, votes.abstained)
    given = [n for n in numbers if n is not None]
    if given and len(given) != 3:
        raise DomainError(N_("Give the votes for, against and abstaining, or none of them"),
                          field="votes_for")
    if any(not 0 <= n <= MAX_VOTES for n in given):
        raise DomainError(N_("Each vote count must be between 0 and %(most)d"),
                          field="votes_for", most=MAX_VOTES)


def _check_review(record: Record) -> None:
    if record.review_on is None:
        return
    if record.action != "suspend" or record.outcome not in ADOPTING:
        raise DomainError(N_("Only a suspension that is adopted can have a review date"),
                          field="review_on")
    if record.review_on <= record.decided_on:
        raise DomainError(N_("The review date must be after the decision date"),
                          field="review_on")


def check_record(record: Record, *, today: date, consulted: bool, option_ids: set[int],
                 leading_ids: list[int], retrospective_days: int = 90) -> None:
    """The written record's rules; raises a DomainError naming the field to fix."""
    if record.decided_on > today:
        raise DomainError(N_("The decision date must be today or in the past"),
                          field="decided_on")
    if record.body not in BODIES:
        raise DomainError(N_("Choose who took the decision"), field="body")
    if record.body == COMMITTEE and not record.committee_name.strip():
        raise DomainError(N_("Enter the name of the committee"), field="committee_name")
    if record.outcome not in OUTCOMES:
        raise DomainError(N_("Choose the outcome"), field="outcome")
    if record.action not in proposals.ACTIONS:
        raise DomainError(N_("Choose what the decision is about"), field="action")
    if not record.reasons.strip():
        raise DomainError(N_("Enter the reasons for the decision"), field="reasons")
    _check_votes(record.votes)
    _check_review(record)
    if consulted:
        follow_up.check_consulted(record.retrospective_by, record.no_retrospective_reason)
        _check_consulted(record, option_ids, leading_ids)
    else:
        _check_unconsulted(record)
        follow_up.check_promise(record.decided_on, record.retrospective_by,
                                record.no_retrospective_reason, max_days=retrospective_days)


def _check_consulted(record: Record, option_ids: set[int], leading_ids: list[int]) -> None:
    if record.matched_option_id is not None and record.matched_option_id not in option_ids:
        raise DomainError(N_("Choose one of the consultation's options, or none of them"),
                          field="matched_option")
    if differs_from_most_supported(record.outcome, record.matched_option_id, leading_ids) \
            and not record.departure_reason.strip():
        raise DomainError(N_("The decision differs from the option most people supported: say "
                             "why"), field="departure_reason")


def _check_unconsulted(record: Record) -> None:
    if not record.no_consultation_reason.strip():
        raise DomainError(N_("Say why the decision could not wait for a public consultation"),
                          field="no_consultation_reason")
    if not (record.minutes_url or record.sources):
        raise DomainError(N_("Give the minutes or another source for a decision taken without "
                             "consultation"), field="minutes_url")


def proposal_status_after(outcome: str) -> str:
    """A deferred decision leaves the consultation closed, waiting for a later decision."""
    return proposals.CLOSED if outcome == DEFERRED else proposals.DECIDED


def review_due(review_on: date | None, today: date, *, settled: bool) -> bool:
    """A review is overdue once its date has come with nothing newer settling it (see
    follow_up.review_state)."""
    return follow_up.review_state(review_on, today, settled=settled) == follow_up.OVERDUE
