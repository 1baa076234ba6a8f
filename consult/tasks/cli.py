"""`consult worker` (Huey's consumer, with its periodic tasks) and `consult mail status`."""

import logging
import os

import click
from flask import current_app
from flask.cli import AppGroup

from .. import clock, startup
from ..config import BASE_URL_REQUIRED
from ..queries import notification_queries
from . import huey, jobs, storage_settings

mail_cli = AppGroup("mail", help="Outgoing mail and notifications.")


@click.command("worker")
@click.option("--workers", "-w", default=2, show_default=True,
              help="Threads taking tasks from the queue.")
@click.option("--nice", "niceness", default=19, show_default=True, type=click.IntRange(0, 19),
              help="Lower the worker's CPU priority by this much, so pages served on the same "
                   "machine come first (0: as the web server).")
@click.option("--no-periodic", is_flag=True,
              help="Do not run the minute's tick here (run it on one worker only if you like; "
                   "running it on several is safe).")
def worker(workers: int, niceness: int, no_periodic: bool):
    """Run the background worker: send mail, fan out notifications, run the clock's tasks."""
    if current_app.config["HUEY_IMMEDIATE"]:
        raise click.ClickException("HUEY_IMMEDIATE is set: tasks run inline, so no worker is "
                                   "needed (unset it to use the queue)")
    if current_app.config["CONSULT_ENV"] == "production" and \
            not current_app.config["CONSULT_BASE_URL"]:
        startup.fail(BASE_URL_REQUIRED)  # one line, exit status 2
    storage_class, _ = storage_settings(current_app.config)
    if hasattr(huey.storage, "initialize_schema"):
        huey.storage.initialize_schema()  # the queue's own tables, if not there yet
    if niceness:
        os.nice(niceness)
    logging.getLogger("huey").setLevel(logging.INFO)
    click.echo(f"consult worker: {workers} thread(s) on {storage_class.__name__}")
    consumer = huey.create_consumer(workers=workers, worker_type="thread",
                                    periodic=not no_periodic, check_worker_health=True)
    consumer.run()


@mail_cli.command("status")
def mail_status():
    """How many mails are queued, sent, failed or cancelled; the oldest waiting."""
    counts = notification_queries.delivery_counts()
    for status in ("queued", "sent", "failed", "cancelled"):
        click.echo(f"{status}: {counts.get(status, 0)}")
    age = notification_queries.oldest_queued_age(clock.now())
    if age is not None:
        click.echo(f"oldest due: {int(age.total_seconds())} s ago")


@mail_cli.command("tick")
def mail_tick():
    """Run the clock's work once now (what the worker does each minute), inline."""
    with jobs.in_app():
        jobs.run_clock()
    click.echo("Done.")
