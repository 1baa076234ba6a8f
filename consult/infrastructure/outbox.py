"""The transactional outbox: what must follow a change is written with it, and carried out by a
worker once it commits.

A use case calls `notify` (an event people may hear of) or `queue_mail` (one message) inside its
unit of work: the row commits or rolls back with the change. After the commit the unit of work
calls `dispatch`, which tells the task queue (consult/tasks) what to do now; if that nudge is
lost (no queue, a worker down), the worker's minute sweep finds the rows anyway, so a commit
always sends and a rollback never does. `defer` asks the queue for work that writes nothing
here (a password reset: the same work whether or not the account exists).
"""

import logging
from datetime import datetime

import blinker
import sqlalchemy as sa
from flask import has_request_context

from ..i18n import current_language
from ..models import Mail, Notification, db
from . import identity

PENDING = "outbox"  # session.info key: work to hand to the queue after this commit
FAN_OUT, SEND = "fan_out", "send"

log = logging.getLogger(__name__)
committed = blinker.Signal("work for the task queue: a list of (task name, argument)")


def _pending() -> list:
    return db.session.info.setdefault(PENDING, [])


def _inside() -> None:
    from .unit_of_work import mode

    if mode() is None:
        raise RuntimeError("The outbox is written only inside a unit of work")


def notify(kind: str, *, key: str, now: datetime, link_id: int | None = None,
           proposal_id: int | None = None, decision_id: int | None = None) -> int | None:
    """Record an event once (by its key); returns its id, or None if it was recorded before."""
    _inside()
    if db.session.scalar(sa.select(Notification.id).where(Notification.key == key)):
        return None
    row = Notification(kind=kind, key=key, link_id=link_id, proposal_id=proposal_id,
                       decision_id=decision_id, created_at=now)
    db.session.add(row)
    db.session.flush()
    _pending().append((FAN_OUT, row.id))
    return row.id


def queue_mail(*, email: str, kind: str, template: str, context: dict, now: datetime,
               user_id: int | None = None, dedupe_key: str | None = None) -> int:
    """One message to send; `context` is plain JSON (the template reads it at sending time).
    Mail asked for in a request is written in that request's language, unless told."""
    _inside()
    if "language" not in context and has_request_context():
        context = {**context, "language": current_language()}
    row = Mail(email=email, kind=kind, template=template, context=context, user_id=user_id,
               identity=identity.mailbox_identity(email), dedupe_key=dedupe_key,
               created_at=now, next_attempt_at=now)
    db.session.add(row)
    db.session.flush()
    _pending().append((SEND, row.id))
    return row.id


def task_after_commit(name: str, argument) -> None:
    """Work this unit of work asks of the queue once it commits (a background analysis)."""
    _inside()
    _pending().append((name, argument))


def mails_queued(mail_ids: list[int]) -> None:
    """Mails written in bulk by this unit of work (a fan-out): send them after the commit."""
    _pending().extend((SEND, mail_id) for mail_id in mail_ids)


def dispatch() -> None:
    """After a commit: hand the new work to the queue. Never raises: the sweep catches up."""
    work = db.session.info.pop(PENDING, None)
    if not work:
        return
    try:
        committed.send(None, work=work)
    except Exception:  # noqa: BLE001 - the rows are written; the worker's sweep will find them
        log.exception("Could not hand %d item(s) to the task queue", len(work))


def discard() -> None:
    """After a rollback: nothing was written, so nothing is handed on."""
    db.session.info.pop(PENDING, None)


def defer(task: str, **arguments) -> None:
    """Ask the queue for work that writes nothing here first."""
    try:
        committed.send(None, work=[(task, arguments)])
    except Exception:  # noqa: BLE001 - logged: the caller's page must not fail over it
        log.exception("Could not hand %s to the task queue", task)
