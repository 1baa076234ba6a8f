"""Starting up: a bad setting or a database that does not answer is one line and exit 2."""

import sys
from typing import NoReturn

from flask import Flask
from sqlalchemy.exc import DBAPIError, OperationalError

from . import config

EXIT_STATUS = 2


def fail(message: str) -> NoReturn:
    """One clear line on stderr, no traceback; exit status 2."""
    print(f"consult: {message}", file=sys.stderr, flush=True)
    raise SystemExit(EXIT_STATUS)


def unreachable(exc: DBAPIError) -> str:
    """What to say when the database does not answer (first line of the driver's reason)."""
    reason = str(getattr(exc, "orig", exc)).strip().splitlines() or ["no reason given"]
    return f"the database does not answer: {reason[0]}"


def create_app_or_exit() -> Flask:
    from . import create_app

    try:
        return create_app()
    except config.ConfigError as exc:
        fail(str(exc))


def check_serving(workers: int) -> None:
    """Before gunicorn starts its workers: the settings for serving, and the database."""
    app = create_app_or_exit()
    try:
        warnings = config.check_serving(app.config, workers)
    except config.ConfigError as exc:
        fail(str(exc))
    for warning in warnings:
        print(f"consult: WARNING {warning}", file=sys.stderr, flush=True)
    from .extensions import db

    with app.app_context():
        try:
            with db.engine.connect() as connection:
                connection.exec_driver_sql("SELECT 1")
        except OperationalError as exc:
            fail(unreachable(exc))
        finally:
            db.engine.dispose()  # the workers open their own connections
