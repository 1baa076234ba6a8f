"""Feedback ("you said, we did"): what the council heard, and its answer to each theme.

Feedback is the council's reply to a closed consultation; a response is always a resident's.
It is published once, after the consultation closes, and never changed: a correction is a
dated note added beneath it.
"""

from dataclasses import dataclass

from . import proposals
from .errors import DomainError
from .i18n import N_

MAX_THEMES = 10
MAX_THEME = 200
MAX_ANSWER = 5000


class NotPublishable(DomainError):
    """The consultation is not closed, or its feedback has already been published."""


@dataclass(frozen=True)
class Theme:
    """A theme raised, how many responses raised it, and the council's answer. Plain values."""

    theme: str
    count: str
    answer: str

    @property
    def blank(self) -> bool:
        return not (self.theme.strip() or self.count.strip() or self.answer.strip())


def check_publishable(status_now: str, already_published: bool) -> None:
    """Only after the close (or the decision), and only once."""
    if already_published:
        raise NotPublishable(N_("The feedback has already been published. Add a dated "
                                "correction instead."))
    if status_now not in (proposals.CLOSED, proposals.DECIDED):
        raise NotPublishable(N_("Feedback can be published only after the consultation has "
                                "closed."))


def _field(index: int, part: str) -> str:
    """The name of one input of one theme row, as the form names it: themes-0-count."""
    return f"themes-{index}-{part}"


def _check_row(index: int, row: Theme, total: int) -> dict:
    number = index + 1
    if not row.theme.strip():
        raise DomainError(N_("Theme %(number)d: enter the theme"), field=_field(index, "theme"),
                          number=number)
    count = row.count.strip()
    if not (count.isascii() and count.isdigit()):
        raise DomainError(N_("Theme %(number)d: enter how many responses raised it, as a number"),
                          field=_field(index, "count"), number=number)
    if int(count) > total:
        raise DomainError(N_("Theme %(number)d: no more than the %(total)d responses received "
                             "can have raised it"), field=_field(index, "count"), number=number,
                          total=total)
    if not row.answer.strip():
        raise DomainError(N_("Theme %(number)d: enter the council's answer"),
                          field=_field(index, "answer"), number=number)
    return {"theme": row.theme.strip(), "count": int(count), "answer": row.answer.strip()}


def check_themes(rows: list[Theme], total: int) -> list[dict]:
    """Rows left blank are ignored; each other row needs a theme, a count and an answer."""
    kept = [(index, row) for index, row in enumerate(rows) if not row.blank]
    if len(kept) > MAX_THEMES:
        raise DomainError(N_("Give at most %(most)d themes"), field=_field(0, "theme"),
                          most=MAX_THEMES)
    if total and not kept:
        raise DomainError(N_("Give at least one theme raised in the responses"),
                          field=_field(0, "theme"))
    return [_check_row(index, row, total) for index, row in kept]


def check_summary(summary: str) -> str:
    if not summary.strip():
        raise DomainError(N_("Enter a summary of what was heard"), field="summary")
    return summary.strip()
