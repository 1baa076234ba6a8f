"""Comments, reports and moderation of comments and published reasons."""

from datetime import datetime

import sqlalchemy as sa

from ..domain import discussion as discussion_rules
from ..domain import proposals as proposal_rules
from ..domain.errors import DomainError
from ..domain.i18n import N_
from ..infrastructure import identity
from ..infrastructure.unit_of_work import load, use_case
from ..models import Comment, CommentReport, ModerationAction, Proposal, Response, User, db
from ..models.comments import REPORT_REASONS
from . import audit_log

MAX_COMMENT = 5000
AUTO_HIDE_REPORTS = 3


class CannotModerateOwn(DomainError):
    """Moderators cannot moderate their own comments."""


def _record(target_type: str, target_id: int, action: str, reason: str, moderator, now):
    db.session.add(ModerationAction(
        target_type=target_type, target_id=target_id, action=action, reason=reason,
        moderator_id=moderator.id if isinstance(moderator, User) else None,
        moderator=audit_log.actor_label(moderator), created_at=now))
    audit_log.append(actor=moderator, action=f"moderation.{action}",
                     subject=f"{target_type}:{target_id}", details={"reason": reason}, now=now)


@use_case
def post_comment(*, proposal_id: int, author: User, body: str, now: datetime,
                 parent_id: int | None = None, language: str = "") -> Comment:
    """Verified users comment on published proposals; replies go one level deep."""
    proposal = load(Proposal, proposal_id)
    if not author.is_verified:
        raise DomainError(N_("Confirm your email address before you comment"), field="body")
    if proposal.status_at(now) in (proposal_rules.DRAFT, proposal_rules.WITHDRAWN):
        raise DomainError(N_("This proposal is not open for discussion"), field="body")
    body = body.strip()
    if not body:
        raise DomainError(N_("Enter your comment"), field="body")
    if len(body) > MAX_COMMENT:
        raise DomainError(N_("Your comment must be %(max)d characters or fewer"), field="body",
                          max=MAX_COMMENT)
    if parent_id is not None:
        parent = db.session.get(Comment, parent_id)
        if parent is None or parent.proposal_id != proposal.id:
            raise DomainError(N_("The comment you are replying to does not exist"), field="body")
        parent_id = parent.parent_id or parent.id  # replies to replies join the same thread
    comment = Comment(proposal_id=proposal.id, author_id=author.id, body=body,
                      parent_id=parent_id, created_at=now, language=language)
    db.session.add(comment)
    db.session.flush()
    audit_log.append(actor=author, action="comment.posted", subject=f"comment:{comment.id}",
                     details={"proposal_id": proposal.id}, now=now)
    return comment


@use_case
def report(*, comment_id: int, reporter: User, reason: str, now: datetime) -> CommentReport:
    """Anyone signed in but its author may report a comment once; three open reports hide it
    for review.

    Once is per person, a mailbox identity (infrastructure/identity.py): an account erased and made
    again at the same mailbox cannot report the same comment a second time."""
    comment = load(Comment, comment_id)
    discussion_rules.check_reporter(comment.author_id, reporter.id)
    if reason not in REPORT_REASONS:
        raise DomainError(N_("Choose why you are reporting this comment"), field="reason")
    if comment.state == "hidden":
        raise DomainError(N_("A moderator has already hidden this comment"), field="reason")
    person = identity.of(reporter)
    existing = db.session.scalars(sa.select(CommentReport).where(
        CommentReport.comment_id == comment.id,
        sa.or_(CommentReport.reporter_identity == person,
               CommentReport.reporter_id == reporter.id))).first()
    if existing:
        raise DomainError(N_("You have already reported this comment"), field="reason")
    entry = CommentReport(comment_id=comment.id, reporter_id=reporter.id,
                          reporter_identity=person, reason=reason, created_at=now)
    db.session.add(entry)
    db.session.flush()
    open_reports = db.session.scalar(sa.select(sa.func.count()).select_from(CommentReport).where(
        CommentReport.comment_id == comment.id, CommentReport.resolved_at.is_(None)))
    if open_reports >= AUTO_HIDE_REPORTS and comment.state == "visible":
        comment.state = "pending_review"
        _record("comment", comment.id, "auto_hidden", f"{open_reports} open reports",
                "system (moderation)", now)
    return entry


def _check_moderator(comment: Comment, moderator: User) -> None:
    if comment.author_id == getattr(moderator, "id", None):
        raise CannotModerateOwn(N_("You cannot moderate your own comment; ask another officer"))


def _resolve_reports(comment: Comment, now: datetime) -> None:
    for entry in comment.reports:
        if entry.resolved_at is None:
            entry.resolved_at = now


@use_case
def hide_comment(*, comment_id: int, reason: str, moderator: User, now: datetime) -> Comment:
    """Hide with a public reason: the page says 'hidden by a moderator: <reason>'."""
    comment = load(Comment, comment_id)
    _check_moderator(comment, moderator)
    if reason not in REPORT_REASONS:
        raise DomainError(N_("Choose the public reason for hiding"), field="reason")
    comment.state, comment.hidden_reason = "hidden", reason
    _resolve_reports(comment, now)
    _record("comment", comment.id, "hidden", REPORT_REASONS[reason], moderator, now)
    return comment


@use_case
def dismiss_reports(*, comment_id: int, moderator: User, now: datetime) -> Comment:
    """The comment stays (or comes back) visible; its open reports are closed."""
    comment = load(Comment, comment_id)
    _check_moderator(comment, moderator)
    comment.state, comment.hidden_reason = "visible", ""
    _resolve_reports(comment, now)
    _record("comment", comment.id, "reports_dismissed", "", moderator, now)
    return comment


@use_case
def moderate_reason(*, response_id: int, publish: bool, moderator: User | str, now: datetime,
                    hide_reason: str = ""):
    """Publish a resident's reason under their display name, or keep it hidden (with why)."""
    response = load(Response, response_id)
    if response.user_id == getattr(moderator, "id", None):
        raise CannotModerateOwn(N_("You cannot moderate your own response; ask another officer"))
    if response.withdrawn:
        raise DomainError(N_("This response has been withdrawn, so its reason is not shown"))
    if response.reason_status not in ("pending", "published", "hidden"):
        raise DomainError(N_("This response has no reason to moderate"))
    if not publish and hide_reason not in REPORT_REASONS:
        raise DomainError(N_("Choose the reason for not publishing"), field="reason")
    response.reason_status = "published" if publish else "hidden"
    _record("reason", response.id, "published" if publish else "hidden",
            "" if publish else REPORT_REASONS[hide_reason], moderator, now)
    return response
