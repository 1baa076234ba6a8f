"""Data for moderation tests, made through the real services: an open proposal, comments,
reports and responses with reasons."""

import itertools
from datetime import timedelta

import sqlalchemy as sa

from consult.domain import voting
from consult.models import AuditEntry, CommentReport, ModerationAction, db
from consult.services import discussion, proposals, responses
from tests.factories import NO_TWIN_COUNCIL_REASON, NOW, make_link, make_user

_numbers = itertools.count(1)


def open_proposal(officer, *, title: str = "Suspend the link with Kiel"):
    """A proposal that opened a minute before NOW and closes six weeks after."""
    link = make_link(partner_name=f"Kiel {next(_numbers)}")
    draft = proposals.ProposalDraft(
        link_id=link.id, action="suspend", title=title,
        summary="The council proposes to suspend the link.", reasons="No activity since 2010.",
        opens_at=NOW - timedelta(minutes=1), closes_at=NOW + timedelta(days=42))
    proposal = proposals.create(draft, actor=officer, now=NOW)
    return proposals.schedule(proposal_id=proposal.id, actor=officer, now=NOW,
                              no_twin_council_reason=NO_TWIN_COUNCIL_REASON)


def respond_with_reason(proposal, person, reason: str = "The link brings visitors to the city."):
    choice = voting.Choice(option_id=proposal.options[0].id, respondent_type=voting.LOCAL,
                           reason=reason)
    return responses.respond(proposal_id=proposal.id, respondent_id=person.id, choice=choice,
                             now=NOW)


def comment_on(proposal, author, *, reports: tuple[str, ...] = (), body: str = "I disagree."):
    """A comment, reported once per reason given, each time by a different resident."""
    comment = discussion.post_comment(proposal_id=proposal.id, author=author, body=body, now=NOW)
    for reason in reports:
        discussion.report(comment_id=comment.id, reporter=make_user(), reason=reason, now=NOW)
    return comment


def open_reports(comment_id: int) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(CommentReport).where(
        CommentReport.comment_id == comment_id, CommentReport.resolved_at.is_(None)))


def record_sizes() -> tuple[int, int]:
    """How many moderation actions and audit entries there are."""
    db.session.expire_all()
    return (db.session.scalar(sa.select(sa.func.count()).select_from(ModerationAction)),
            db.session.scalar(sa.select(sa.func.count()).select_from(AuditEntry)))


def last_action() -> ModerationAction:
    db.session.expire_all()
    return db.session.scalars(sa.select(ModerationAction).order_by(
        ModerationAction.id.desc()).limit(1)).one()


def last_audit_entry() -> AuditEntry:
    return db.session.scalars(sa.select(AuditEntry).order_by(AuditEntry.seq.desc()).limit(1)).one()
