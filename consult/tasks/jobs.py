"""The tasks: fan an event out, send mail, ask for a password reset, analyse reasons, and the
minute's tick (the clock's events, reminders, digests, officers' digests, and a sweep for
anything the commit's nudge did not reach)."""

import logging
from contextlib import contextmanager

from flask import current_app, g, has_app_context, has_request_context, request
from huey import crontab

from .. import clock
from ..domain import notifications as rules
from ..infrastructure import mail, outbox
from ..queries import notification_queries
from ..services import accounts, analysis_runs, consultation_history, mail_delivery
from . import current_app_for_tasks, huey, messages

log = logging.getLogger(__name__)
DEV_BASE_URL = "http://127.0.0.1:5000"
SWEEP_LIMIT = 100_000  # due mails handed on per minute by the sweep


@contextmanager
def in_app():
    """A fresh app context (its own database session) and a request context whose host is
    CONSULT_BASE_URL, so links in mail are absolute and right."""
    # inline (immediate mode), the app that asked; in the worker's threads, the worker's app
    app = current_app._get_current_object() if has_app_context() else current_app_for_tasks()
    # inline (immediate mode) during a request, a development server's links use its host,
    # as the page's own links do; production always has CONSULT_BASE_URL
    here = request.host_url if has_request_context() else DEV_BASE_URL
    request_id = g.get("request_id") if has_request_context() else None
    with app.app_context():
        base = app.config["CONSULT_BASE_URL"] or here
        with app.test_request_context("/", base_url=base):
            if request_id:
                g.request_id = request_id  # what it logs belongs to the request that asked
            yield app


@huey.task()
def fan_out(notification_id: int) -> None:
    with in_app() as app:
        limit = app.config["CONSULT_FANOUT_BATCH"]
        while not mail_delivery.fan_out_batch(notification_id=notification_id, limit=limit):
            pass


@huey.task()
def send_mails(mail_ids: list[int]) -> None:
    with in_app() as app:
        send_now(mail_ids, app.config["CONSULT_MAIL_LEASE_SECONDS"])


def send_now(mail_ids: list[int], lease_seconds: int) -> dict:
    """Take the due ones, hand them to the mail server on one connection, record what it said.

    Whatever happens, what is known is recorded: a mail that could not be built (a bug, a row
    gone) counts as a failed try, and those not reached are tried again later."""
    taken = mail_delivery.take(mail_ids=mail_ids, lease_seconds=lease_seconds)
    outcomes: dict[int, tuple[str, str]] = {}
    if not taken:
        return outcomes
    try:
        _hand_to_server(taken, outcomes)
    except mail.ServerUnavailable as exc:
        _rest(taken, outcomes, str(exc))
    except Exception as exc:  # noqa: BLE001 - recorded below, and logged: never lost
        log.exception("Sending a batch of %d mail(s) failed", len(taken))
        _rest(taken, outcomes, f"{type(exc).__name__}: {exc}")
    finally:
        mail_delivery.record(outcomes=outcomes)
    return outcomes


def _hand_to_server(taken: list[int], outcomes: dict) -> None:
    batch = messages.Batch(taken)
    with mail.connection() as server:
        for mail_id in taken:
            try:
                message = batch.message_for(mail_id)
            except Exception as exc:  # noqa: BLE001 - this mail only: the rest still go
                log.exception("Could not build mail %d", mail_id)
                outcomes[mail_id] = (mail_delivery.RETRY, f"{type(exc).__name__}: {exc}")
                continue
            if message is None:
                outcomes[mail_id] = (mail_delivery.CANCELLED, "nobody wants it any more")
                continue
            sent = mail.deliver(server, message)
            outcomes[mail_id] = (sent.result, sent.detail)


def _rest(taken: list[int], outcomes: dict, reason: str) -> None:
    for mail_id in taken:
        outcomes.setdefault(mail_id, (mail_delivery.RETRY, reason[:300]))


@huey.task()
def analyse(run_id: int) -> None:
    """Suggested themes, campaigns and languages for one analysis run."""
    with in_app():
        analysis_runs.run(run_id)


@huey.task()
def password_reset(email: str) -> None:
    """The reset mail, if the account exists: the form did the same work either way."""
    from ..navigation import external_url

    with in_app():
        accounts.request_password_reset(email, external_url)


@huey.periodic_task(crontab(minute="*"))
def tick() -> None:
    with in_app():
        run_clock()


@huey.on_startup()
def sweep_at_start() -> None:
    """A worker that starts (after a crash, say) sends what is due at once, not at the minute."""
    with in_app():
        sweep(clock.now())


def run_clock(now=None) -> None:
    """Everything the clock causes, each step its own units of work; then the sweep."""
    consultation_history.settle_all(now)
    mail_delivery.record_reminders(now=now)
    for frequency in (rules.DAILY, rules.WEEKLY):
        while mail_delivery.gather_digests(frequency=frequency, limit=1000, now=now):
            pass
    mail_delivery.work_digests(now=now)
    sweep(now or clock.now())


def sweep(now) -> None:
    """Finish any fan-out and send any due mail, whether or not its nudge arrived."""
    config = current_app.config
    for notification_id in notification_queries.unfinished_notifications():
        fan_out(notification_id)
    for run_id in analysis_runs.sweep(now):
        analyse(run_id)
    batch = config["CONSULT_MAIL_BATCH"]
    due = notification_queries.due_mails(now, SWEEP_LIMIT)
    for start in range(0, len(due), batch):
        send_mails(due[start:start + batch])


def _hand_over(sender, work) -> None:
    """The outbox's after-commit nudge: fan-outs, and mail ids in batches."""
    batch = current_app.config["CONSULT_MAIL_BATCH"]
    mail_ids = [argument for name, argument in work if name == outbox.SEND]
    for name, argument in work:
        if name == outbox.FAN_OUT:
            fan_out(argument)
        elif name == "password_reset":
            password_reset(**argument)
        elif name == analysis_runs.TASK:
            analyse(argument)
    for start in range(0, len(mail_ids), batch):
        send_mails(mail_ids[start:start + batch])


def connect() -> None:
    outbox.committed.connect(_hand_over)  # blinker keeps one connection per receiver
