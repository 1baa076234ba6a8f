"""Rules of the discussion under a proposal: who may report a comment."""

from .errors import DomainError
from .i18n import N_, Text

VISIBLE = "visible"
OWN_COMMENT = N_("You cannot report your own comment")


class CannotReportOwnComment(DomainError):
    """A person cannot report their own comment."""


def report_refusal(author_id: int, reporter_id: int) -> Text | None:
    """Why this person may not report this comment, or None if they may."""
    return OWN_COMMENT if author_id == reporter_id else None


def check_reporter(author_id: int, reporter_id: int) -> None:
    """A report comes from someone other than the comment's author."""
    refusal = report_refusal(author_id, reporter_id)
    if refusal:
        raise CannotReportOwnComment(refusal, field="reason")


def may_report(state: str, author_id: int, viewer_id: int | None) -> bool:
    """Whether to offer a report link: the comment is on show and is not the viewer's own.
    A signed-out viewer (None) is offered it, and is asked to sign in first."""
    return state == VISIBLE and report_refusal(author_id, viewer_id) is None
