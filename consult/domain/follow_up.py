"""After a decision: the retrospective consultation promised for one taken without asking the
public, and the review a decision with a review date is due.

A decision taken without consultation either promises a retrospective consultation by a date at
most `max_days` after the decision (relative to the decision's date, so a historical decision
recorded long after the fact carries a promise already past, and shows as overdue at once) or
records why none will be held. Whether one has opened is a fact from the system, given by the
caller. Dates in, facts out: nothing here reads the clock or the config.
"""

from datetime import date, timedelta

from .errors import DomainError
from .i18n import N_

# Stored as a retrospective consultation's option labels, like proposals.DEFAULT_OPTIONS.
RETROSPECTIVE_OPTIONS = ("Keep the decision", "Reverse it")
REVIEW_OPTIONS = ("Keep the link suspended", "Resume the link", "End the link")
REVIEW_ACTION = "review"
REVIEW_NOTICE_DAYS = 30
RETROSPECTIVE_DAYS = 90  # the default of CONSULT_RETROSPECTIVE_DAYS
APPROACHING, OVERDUE = "approaching", "overdue"
MAX_TITLE = 200


class NoRetrospective(DomainError):
    """A retrospective consultation cannot be opened from this decision."""


class NoReview(DomainError):
    """This decision has no review to start or record."""


def check_promise(decided_on: date, retrospective_by: date | None, no_retrospective_reason: str,
                  *, max_days: int) -> None:
    """An unconsulted decision gives a date (from the decision date to `max_days` after it) by
    which a retrospective consultation will open, or the reason none will be held: one of them."""
    reason = no_retrospective_reason.strip()
    if retrospective_by is not None and reason:
        raise DomainError(N_("Give a date for the retrospective consultation or a reason why "
                             "none will be held, not both"), field="no_retrospective_reason")
    if retrospective_by is None and not reason:
        raise DomainError(N_("Enter the date by which the retrospective consultation will open"),
                          field="retrospective_by")
    if retrospective_by is None:
        return
    if retrospective_by < decided_on:
        raise DomainError(N_("The retrospective consultation cannot open before the decision "
                             "date"), field="retrospective_by")
    if retrospective_by > decided_on + timedelta(days=max_days):
        raise DomainError(N_("The retrospective consultation must open at most %(days)d days "
                             "after the decision date"), field="retrospective_by", days=max_days)


def check_consulted(retrospective_by: date | None, no_retrospective_reason: str) -> None:
    """A decision taken after consultation is not also retrospective."""
    if retrospective_by is not None or no_retrospective_reason.strip():
        raise DomainError(N_("A decision taken after public consultation cannot promise a "
                             "retrospective consultation"), field="retrospective_by")


def retrospective_overdue_since(retrospective_by: date | None, today: date,
                                opened: bool) -> date | None:
    """The promised date, once it has passed with no retrospective consultation opened."""
    if retrospective_by is None or opened or today <= retrospective_by:
        return None
    return retrospective_by


def check_can_open_retrospective(*, consulted: bool, already: bool, corrected: bool) -> None:
    """Only an uncorrected decision taken without consultation, once."""
    if consulted:
        raise NoRetrospective(N_("This decision was taken after public consultation: it cannot "
                                 "have a retrospective consultation"))
    if corrected:
        raise NoRetrospective(N_("This record has been corrected: open the retrospective "
                                 "consultation from the correction"))
    if already:
        raise NoRetrospective(N_("This decision already has a retrospective consultation"))


def retrospective_text(*, title: str, summary: str, reasons: str, decided_on: date) -> dict:
    """The draft's stored text (English, like any text an officer types), from the decision."""
    return {"title": _fit(f"Retrospective consultation: {title}"),
            "summary": f"On {_day(decided_on)} the council decided, without public consultation: "
                       f"{summary.strip()}\n\nWe are asking now, after the decision, whether "
                       "to keep it or reverse it.",
            "reasons": reasons.strip()}


def review_state(review_on: date | None, today: date, *, settled: bool) -> str | None:
    """APPROACHING from REVIEW_NOTICE_DAYS before the review date, OVERDUE from the date itself;
    None once settled (a newer decision, an open consultation about the link, a recorded review)."""
    if review_on is None or settled:
        return None
    if today >= review_on:
        return OVERDUE
    if today >= review_on - timedelta(days=REVIEW_NOTICE_DAYS):
        return APPROACHING
    return None


def check_review(review_on: date | None, outcome: str | None = None, *,
                 in_progress: bool = False) -> None:
    """A review is started or recorded for a decision with a review date; a record says how it
    came out. A second review consultation is not started while one about the link is in
    progress (a draft, upcoming or open)."""
    if review_on is None:
        raise NoReview(N_("This decision has no review date"))
    if in_progress:
        raise NoReview(N_("A review consultation about this link is already in progress: "
                          "carry on with it, or withdraw it first"))
    if outcome is not None and not outcome.strip():
        raise DomainError(N_("Enter the outcome of the review"), field="outcome")


def review_text(*, partner: str, action: str, reasons: str, decided_on: date,
                review_on: date) -> dict:
    """The review consultation's stored text, from the decision it reviews."""
    what = "the suspension of" if action == "suspend" else "the decision on"
    return {"title": _fit(f"Review {what} the twin link with {partner}"),
            "summary": f"Decided on {_day(decided_on)}, to be reviewed by {_day(review_on)}. "
                       "Should it stay as it is?",
            "reasons": reasons.strip(),
            "options": REVIEW_OPTIONS if action == "suspend" else RETROSPECTIVE_OPTIONS}


def _fit(title: str) -> str:
    return title if len(title) <= MAX_TITLE else title[:MAX_TITLE - 1] + "…"


def _day(value: date) -> str:
    return f"{value.day} {value:%B %Y}"
