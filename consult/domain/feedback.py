"""Feedback ("you said, we did"): what the council heard, and its answer to each theme.

Feedback is the council's reply to a closed consultation; a response is always a resident's.
It is published once, after the consultation closes, and never changed: a correction is a
dated note added beneath it.

Since issue 17 the themes are the consultation's codebook and their figures are counted by
the database; the officer writes only the answers. A theme raised by many (at least
`large_share` per cent of the coded reasons) that goes unanswered, by itself or by the theme
it belongs to, must be named before publishing, and the council must say why publicly.
"""

from dataclasses import dataclass

from . import proposals
from .errors import DomainError
from .i18n import N_

MAX_ANSWER = 5000
MAX_UNANSWERED_REASON = 5000
MAX_QUOTATIONS = 3
# CONSULT_UNANSWERED_SHARE's default: a theme with at least this per cent of the coded
# reasons is one the council is expected to answer.
LARGE_SHARE = 10


class NotPublishable(DomainError):
    """The consultation is not closed, or its feedback has already been published."""


@dataclass(frozen=True)
class ThemeCount:
    """A theme of the codebook and its counted reasons. Plain values."""

    theme_id: int
    name: str
    parent_id: int | None
    count: int


def check_publishable(status_now: str, already_published: bool) -> None:
    """Only after the close (or the decision), and only once."""
    if already_published:
        raise NotPublishable(N_("The feedback has already been published. Add a dated "
                                "correction instead."))
    if status_now not in (proposals.CLOSED, proposals.DECIDED):
        raise NotPublishable(N_("Feedback can be published only after the consultation has "
                                "closed."))


def answer_field(theme_id: int) -> str:
    """The name of a theme's answer input, as the form names it: answer_12."""
    return f"answer_{theme_id}"


def check_answers(themes: list[ThemeCount], answers: dict[int, str], *,
                  reasons: int) -> dict[int, str]:
    """The answers kept: this consultation's themes only, blanks dropped. When people gave
    reasons, at least one theme must be answered."""
    known = [theme.theme_id for theme in themes]
    kept = {theme_id: answers[theme_id].strip() for theme_id in known
            if (answers.get(theme_id) or "").strip()}
    for theme_id, answer in kept.items():
        if len(answer) > MAX_ANSWER:
            raise DomainError(N_("An answer must be %(max)d characters or fewer"),
                              field=answer_field(theme_id), max=MAX_ANSWER)
    if reasons and not known:
        raise DomainError(N_("People gave reasons, but the consultation has no themes yet. "
                             "Code the reasons into themes on the analysis page first."),
                          field="summary")
    if reasons and not kept:
        raise DomainError(N_("Answer at least one theme raised in the reasons"),
                          field=answer_field(known[0]))
    return kept


def is_large(count: int, coded: int, share: int) -> bool:
    """At least `share` per cent of the coded reasons (and at least one)."""
    return count > 0 and count * 100 >= share * coded


def not_answered(themes: list[ThemeCount], answered: set[int], *, coded: int,
                 share: int) -> list[ThemeCount]:
    """Themes raised by many that have no answer, neither their own nor their parent theme's;
    the largest first."""
    missing = [theme for theme in themes
               if is_large(theme.count, coded, share)
               and theme.theme_id not in answered and theme.parent_id not in answered]
    return sorted(missing, key=lambda theme: (-theme.count, theme.name))


def check_unanswered(missing: list[ThemeCount], reason: str) -> str:
    """Publishing without an answer to a theme raised by many needs a public reason; the
    reason is kept only then."""
    if not missing:
        return ""
    if not reason.strip():
        raise DomainError(N_("Not answered: %(themes)s. Answer these themes, raised by many "
                             "people, or say why the council does not answer them."),
                          field="unanswered_reason",
                          themes=", ".join(theme.name for theme in missing))
    if len(reason.strip()) > MAX_UNANSWERED_REASON:
        raise DomainError(N_("Why some themes are not answered must be %(max)d characters or "
                             "fewer"), field="unanswered_reason", max=MAX_UNANSWERED_REASON)
    return reason.strip()


def check_summary(summary: str) -> str:
    if not summary.strip():
        raise DomainError(N_("Enter a summary of what was heard"), field="summary")
    return summary.strip()


def answered(themes: list[dict]) -> int:
    """How many themes of a published snapshot carry an answer (old rows always did)."""
    return sum(1 for theme in themes if (theme.get("answer") or "").strip())
