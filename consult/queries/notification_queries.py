"""The read side of notifications: who hears of an event, what is due, what an officer's work
digest counts, and what is waiting to be sent."""

from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask_babel import gettext as _

from ..domain import notifications as rules
from ..domain import proposals as proposal_rules
from ..domain import roles
from ..infrastructure import identity
from ..models import (
    Comment,
    CommentReport,
    Decision,
    DigestItem,
    Feedback,
    Mail,
    Notification,
    Proposal,
    Response,
    Subscription,
    TwinLink,
    User,
    db,
)
from . import decision_queries, follow_up_queries, request_queries

PUBLISHED = (proposal_rules.SCHEDULED, proposal_rules.OPEN, proposal_rules.CLOSED,
             proposal_rules.DECIDED)


@dataclass(frozen=True)
class Recipient:
    identity: str
    email: str
    subscription_id: int
    frequency: str


def _audience(notification: Notification) -> list:
    """Who hears of it: confirmed follows of its keys made before it happened, less (for a
    reminder) those who responded."""
    keys = rules.audience_keys(notification.kind, notification.link_id,
                               notification.proposal_id)
    found = [Subscription.target_key.in_(keys), Subscription.confirmed_at.is_not(None),
             Subscription.created_at <= notification.created_at]
    if notification.kind in rules.SKIP_RESPONDENTS:
        responded = sa.select(Response.respondent_identity).where(
            Response.proposal_id == notification.proposal_id, Response.withdrawn.is_(False))
        found.append(Subscription.identity.not_in(responded))
    return found


def recipients(notification: Notification, limit: int) -> list[Recipient]:
    """The next `limit` people (by mailbox identity, after the notification's cursor) who hear
    of it, each once, by their most immediate matching follow (plain rows: a fan-out reads
    100,000 of them)."""
    audience = _audience(notification)
    identities = list(db.session.scalars(
        sa.select(Subscription.identity).where(*audience,
                                               Subscription.identity > notification.cursor)
        .group_by(Subscription.identity).order_by(Subscription.identity).limit(limit)))
    if not identities:
        return []
    rows = db.session.execute(
        sa.select(Subscription.identity, Subscription.email, Subscription.id,
                  Subscription.frequency)
        .where(*audience, Subscription.identity.in_(identities))
        .order_by(Subscription.identity, Subscription.id))
    best: dict[str, Recipient] = {}
    for row in rows:
        held = best.get(row.identity)
        if held is None or rules.sharpest([row.frequency, held.frequency]) != held.frequency:
            best[row.identity] = Recipient(row.identity, row.email, row.id, row.frequency)
    return [best[mailbox] for mailbox in sorted(best)]


def unfinished_notifications() -> list[int]:
    return list(db.session.scalars(sa.select(Notification.id).where(
        Notification.fanned_out_at.is_(None)).order_by(Notification.id)))


def due_mails(now: datetime, limit: int) -> list[int]:
    return list(db.session.scalars(sa.select(Mail.id).where(
        Mail.status == "queued", Mail.next_attempt_at <= now).order_by(Mail.id).limit(limit)))


def reminders_due(now: datetime) -> list[tuple[str, Proposal]]:
    """Open consultations that have reached a reminder's lead time."""
    longest = max(rules.REMINDERS.values())
    candidates = db.session.scalars(sa.select(Proposal).where(
        Proposal.status.in_((proposal_rules.SCHEDULED, proposal_rules.OPEN)),
        Proposal.opens_at <= now, Proposal.closes_at > now,
        Proposal.closes_at <= now + longest, Proposal.closed_early_at.is_(None),
        Proposal.withdrawn_at.is_(None)))
    return [(kind, proposal) for proposal in candidates for kind in rules.REMINDERS
            if rules.reminder_due(kind, proposal.opens_at, proposal.closes_at, now)]


def digest_identities(frequency: str, before: datetime, limit: int) -> list[str]:
    """People with events waiting for a digest of this frequency, recorded before `before`."""
    return list(db.session.scalars(sa.select(DigestItem.identity).where(
        DigestItem.frequency == frequency, DigestItem.mail_id.is_(None),
        DigestItem.created_at < before).group_by(DigestItem.identity)
        .order_by(DigestItem.identity).limit(limit)))


def digest_items(identity: str, frequency: str, before: datetime) -> list[DigestItem]:
    return list(db.session.scalars(sa.select(DigestItem).where(
        DigestItem.identity == identity, DigestItem.frequency == frequency,
        DigestItem.mail_id.is_(None), DigestItem.created_at < before)
        .order_by(DigestItem.id)))


def work_waiting(now: datetime) -> dict[str, int]:
    """What an officer's daily digest counts; all zero means no mail that day."""
    def count(query) -> int:
        return db.session.scalar(sa.select(sa.func.count()).select_from(query.subquery()))

    closed_unanswered = sa.select(Proposal.id).where(
        Proposal.status.in_(PUBLISHED), Proposal.withdrawn_at.is_(None),
        sa.or_(Proposal.closes_at <= now, Proposal.closed_early_at.is_not(None)),
        ~sa.exists().where(Feedback.proposal_id == Proposal.id))
    return {
        "reported_comments": count(sa.select(Comment.id).where(Comment.id.in_(
            sa.select(CommentReport.comment_id).where(CommentReport.resolved_at.is_(None))))),
        "reasons_to_moderate": count(sa.select(Response.id).where(
            Response.reason_status == "pending", Response.withdrawn.is_(False))),
        "held_responses": count(sa.select(Response.id).where(
            Response.review_status == "pending", Response.withdrawn.is_(False))),
        "closed_without_feedback": count(closed_unanswered),
        "reviews_due": len(decision_queries.reviews_due(now)),
        "retrospectives_overdue": len(follow_up_queries.overdue_decisions(now)),
        "requests_to_moderate": count(request_queries.waiting_for_moderation()),
        "requests_owing_answer": count(request_queries.owing_an_answer()),
    }


def overdue_retrospectives(now: datetime) -> list[dict]:
    """The decisions whose retrospective consultation is overdue, as the digest names them."""
    return [{"decision_id": decision.id, "title": decision.title,
             "partner": decision.link.partner_name, "since": since.isoformat()}
            for decision, since in follow_up_queries.overdue_decisions(now)]


def officers_for_work_digest() -> list[User]:
    return list(db.session.scalars(sa.select(User).where(
        User.role.in_((roles.OFFICER, roles.ADMIN)), User.email_verified_at.is_not(None),
        User.anonymised_at.is_(None), User.work_digest.is_(True)).order_by(User.id)))


@dataclass(frozen=True)
class EventFacts:
    """What a mail about one event says, read when it is sent."""

    notification: Notification
    proposal: Proposal | None
    link: TwinLink | None
    decision: Decision | None


def event_facts(notification_id: int) -> EventFacts | None:
    found = db.session.get(Notification, notification_id)
    if found is None:
        return None
    return EventFacts(found,
                      db.session.get(Proposal, found.proposal_id) if found.proposal_id else None,
                      db.session.get(TwinLink, found.link_id) if found.link_id else None,
                      db.session.get(Decision, found.decision_id) if found.decision_id else None)


def delivery_counts() -> dict[str, int]:
    """Mails by status (for `consult mail status`)."""
    return dict(db.session.execute(
        sa.select(Mail.status, sa.func.count()).group_by(Mail.status)).all())


def oldest_queued_age(now: datetime) -> timedelta | None:
    oldest = db.session.scalar(sa.select(sa.func.min(Mail.next_attempt_at)).where(
        Mail.status == "queued"))
    if oldest is None:
        return None
    return max(now - oldest, timedelta(0))


def followed(follow: Subscription) -> tuple[str, str | None]:
    """What a follow follows: its kind (all, link, proposal) and the partner's name or the
    consultation's title, for pages to say in whole sentences."""
    if follow.target_key == rules.ALL:
        return rules.ALL, None
    if follow.link_id:
        return rules.LINK, db.session.get(TwinLink, follow.link_id).partner_name
    return rules.PROPOSAL, db.session.get(Proposal, follow.proposal_id).title


def follow_label(follow: Subscription) -> str:
    """What a follow follows, in words of the reader's language (a phrase shown on its own, as
    in a list of what someone follows)."""
    kind, name = followed(follow)
    if kind == rules.ALL:
        return _("every consultation")
    if kind == rules.LINK:
        return _("the twin link with %(partner)s", partner=name)
    return _("the outcome of the consultation “%(title)s”", title=name)


def follow_labels(follows: list[Subscription]) -> dict[int, str]:
    return {follow.id: follow_label(follow) for follow in follows}



def own_follows(user: User) -> list[Subscription]:
    """The follows of an account's mailbox (made signed in or by email alone)."""
    return list(db.session.scalars(sa.select(Subscription).where(
        Subscription.identity == identity.of(user)).order_by(Subscription.id)))


def follows_proposal(user: User, proposal_id: int) -> bool:
    return db.session.scalar(sa.select(Subscription.id).where(
        Subscription.identity == identity.of(user),
        Subscription.target_key == rules.target_key(rules.PROPOSAL, proposal_id))) is not None
