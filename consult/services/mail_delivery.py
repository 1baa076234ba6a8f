"""The worker's writes: fanning an event out to its people, taking mail to send, recording what
the mail server said, gathering digests, and the clock's reminders and officers' digests.

Each is a unit of work over a bounded batch, and each may run twice (a worker killed, the
sweep and the commit's nudge both asking): unique keys and the mail's lease make a second run
add nothing. The audit log records that an event went out and to how many, never to whom.
"""

from datetime import datetime, timedelta

import sqlalchemy as sa

from ..domain import notifications as rules
from ..infrastructure import outbox, tokens
from ..infrastructure.unit_of_work import use_case
from ..models import DigestItem, Mail, MailAttempt, Notification, db
from ..queries import notification_queries as queries
from . import audit_log

SYSTEM = "system (notifications)"
SENT, RETRY, FAILED, CANCELLED = "sent", "retry", "failed", "cancelled"


@use_case(shared_by="mail")
def fan_out_batch(*, notification_id: int, limit: int, now: datetime) -> bool:
    """Write the next `limit` people's mails (or digest items) for an event; True when every
    follower has been reached (and the audit log says how many)."""
    # two workers on one event take turns on its row (the cursor moves under the lock)
    notification = db.session.scalars(sa.select(Notification).where(
        Notification.id == notification_id).with_for_update()).one()
    if notification.fanned_out_at is not None:
        return True
    batch = queries.recipients(notification, limit)
    if not batch:
        notification.fanned_out_at = now
        if notification.recipients:  # nothing went out to nobody: no entry
            audit_log.append(actor=SYSTEM, action="notification.sent",
                             subject=f"notification:{notification.id}",
                             details={"event": notification.kind, "key": notification.key,
                                      "recipients": notification.recipients}, now=now)
        return True
    immediate = [r for r in batch if r.frequency == rules.IMMEDIATE]
    later = [r for r in batch if r.frequency != rules.IMMEDIATE]
    if immediate:
        db.session.execute(sa.insert(Mail), [dict(
            kind="event", template=notification.kind, email=r.email, identity=r.identity,
            notification_id=notification.id, subscription_id=r.subscription_id, context={},
            status="queued", sends=0, failures=0, last_error="", created_at=now,
            next_attempt_at=now) for r in immediate])
        outbox.mails_queued(list(db.session.scalars(sa.select(Mail.id).where(
            Mail.notification_id == notification.id,
            Mail.identity.in_([r.identity for r in immediate])))))
    if later:
        db.session.execute(sa.insert(DigestItem), [dict(
            notification_id=notification.id, identity=r.identity, email=r.email,
            subscription_id=r.subscription_id, frequency=r.frequency, created_at=now)
            for r in later])
    notification.cursor = batch[-1].identity
    notification.recipients += len(batch)
    return False


def _log(mail_ids: list[int], outcome: str, now: datetime, detail: str = "") -> None:
    if mail_ids:
        db.session.execute(sa.insert(MailAttempt), [
            dict(mail_id=mail_id, at=now, outcome=outcome, detail=detail)
            for mail_id in mail_ids])


@use_case(shared_by="mail")
def take(*, mail_ids: list[int], lease_seconds: int, now: datetime) -> list[int]:
    """Take the given mails that are due (not sent, not taken by a live worker): each is
    counted as handed over once more, and left alone by others for the lease."""
    taken = list(db.session.scalars(
        sa.update(Mail).where(Mail.id.in_(mail_ids), Mail.status == "queued",
                              Mail.next_attempt_at <= now)
        .values(sends=Mail.sends + 1, next_attempt_at=now + timedelta(seconds=lease_seconds))
        .returning(Mail.id)))
    taken.sort()
    _log(taken, "taken", now)
    return taken


@use_case(shared_by="mail")
def record(*, outcomes: dict[int, tuple[str, str]], now: datetime) -> None:
    """What the mail server said of each mail: sent; try again later (with backoff); failed
    for good (a 5xx, or too many tries); or cancelled (nobody wants it any more). Sent and
    cancelled mails are marked in one statement each: a batch is hundreds."""
    pending = Mail.status == "queued"
    for result in (SENT, CANCELLED):
        ids = sorted(mail_id for mail_id, (found, _) in outcomes.items() if found == result)
        values = {"status": result, "sent_at": now if result == SENT else None,
                  "last_error": ""}
        short_lived = Mail.kind.in_(_SHORT_LIVED)
        if ids:
            db.session.execute(sa.update(Mail).where(Mail.id.in_(ids), pending, ~short_lived)
                               .values(**values))
            db.session.execute(sa.update(Mail).where(Mail.id.in_(ids), pending, short_lived)
                               .values(**values, context={}))
    for mail_id, (result, detail) in sorted(outcomes.items()):
        if result in (RETRY, FAILED):
            _failed(mail_id, result, detail[:300], now)
    attempts = [dict(mail_id=mail_id, at=now, outcome=result, detail=detail[:300])
                for mail_id, (result, detail) in sorted(outcomes.items())]
    if attempts:
        db.session.execute(sa.insert(MailAttempt), attempts)


# Sign-in and confirmation links are kept no longer than needed.
_SHORT_LIVED = ("account", "confirm")


def _failed(mail_id: int, result: str, detail: str, now: datetime) -> None:
    mail = db.session.get(Mail, mail_id)
    if mail is None or mail.status != "queued":
        return
    mail.failures += 1
    mail.last_error = detail
    if result == RETRY and mail.failures < rules.MAX_ATTEMPTS:
        mail.next_attempt_at = now + rules.retry_after(mail.failures)
        return
    mail.status = FAILED
    if mail.kind in _SHORT_LIVED:
        mail.context = {}


@use_case(shared_by="mail")
def gather_digests(*, frequency: str, limit: int, now: datetime) -> int:
    """Make this round's digest for up to `limit` people with events waiting; each person's
    digest holds everything recorded since their last one. Returns people reached."""
    window = rules.digest_window(frequency, now)
    if window is None or now < window.due_at:
        return 0
    people = queries.digest_identities(frequency, window.due_at, limit)
    for person in people:
        items = queries.digest_items(person, frequency, window.due_at)
        key = f"digest:{frequency}:{window.label}:{person}"
        existing = db.session.scalar(sa.select(Mail.id).where(Mail.dedupe_key == key))
        mail_id = existing or outbox.queue_mail(
            email=items[-1].email, kind="digest", template="digest",
            context={"frequency": frequency, "round": window.label}, now=now,
            dedupe_key=key)
        for item in items:
            item.mail_id = mail_id
    return len(people)


@use_case(shared_by="mail")
def work_digests(*, now: datetime) -> int:
    """Each officer's daily mail of work waiting, once a day, none on a day with nothing."""
    window = rules.digest_window(rules.DAILY, now)
    if now < window.due_at:
        return 0
    waiting = queries.work_waiting(now)
    if not any(waiting.values()):
        return 0
    made = 0
    for officer in queries.officers_for_work_digest():
        key = f"work:{window.label}:{officer.id}"
        if db.session.scalar(sa.select(Mail.id).where(Mail.dedupe_key == key)):
            continue
        outbox.queue_mail(email=officer.email, kind="work", template="work_digest",
                          context={"waiting": waiting, "round": window.label,
                                   "overdue": queries.overdue_retrospectives(now),
                                   "work": [officer.id, tokens.fingerprint(officer.email)]},
                          user_id=officer.id, dedupe_key=key, now=now)
        made += 1
    return made


@use_case
def record_reminders(*, now: datetime) -> int:
    """'Closes in 7 days' and 'closes tomorrow', once each per consultation."""
    made = 0
    for kind, proposal in queries.reminders_due(now):
        made += outbox.notify(kind, key=rules.event_key(kind, proposal.id), now=now,
                              link_id=proposal.link_id, proposal_id=proposal.id) is not None
    return made
