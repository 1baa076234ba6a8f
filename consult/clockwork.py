"""The clock opens and closes consultations; the next request after it does records that.

No job has to run: at most once a minute per worker, the first request settles any due
"consultation opened" or "consultation closed" history events and records due reminders (the
background worker's minute tick and the cron-able `consult consultations settle` do the same;
each event is recorded once, whichever comes first). Sending is the worker's.
"""

import logging
from datetime import datetime, timedelta

from flask import Flask

from . import clock
from .extensions import db
from .services import consultation_history, mail_delivery

SETTLE_EVERY = timedelta(seconds=60)
log = logging.getLogger(__name__)


class _Clockwork:
    def __init__(self) -> None:
        self.next_run: datetime | None = None

    def __call__(self) -> None:
        now = clock.now()
        if self.next_run is not None and now < self.next_run:
            return
        self.next_run = now + SETTLE_EVERY
        try:
            consultation_history.settle_all()
            mail_delivery.record_reminders()
        except Exception:  # noqa: BLE001 - bookkeeping must never fail the visitor's request
            db.session.rollback()
            log.exception("Could not settle due consultation events")


def init_app(app: Flask) -> None:
    app.before_request(_Clockwork())
