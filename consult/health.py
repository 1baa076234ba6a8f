"""/healthz: what the service depends on, each with its status; cheap enough to poll.

The database is read and written (a committed no-op update of Alembic's one-row table, so a
full disk or a read-only database shows); the rate-limit storage is pinged; the task queue is
asked how many tasks wait, and the oldest mail due says whether a worker is sending.
"""

from datetime import timedelta

from flask import current_app
from sqlalchemy.exc import DBAPIError

from .database import SQLITE_BUSY_TIMEOUT_MS
from .extensions import db, limiter

# A probe waits this long for a lock, then reports the database busy (not down).
LOCK_WAIT_MS = 2000
WRITE_PROBE = "UPDATE alembic_version SET version_num = version_num"


def _probe_write(connection) -> None:
    sqlite = connection.dialect.name == "sqlite"
    try:
        if sqlite:
            connection.exec_driver_sql(f"PRAGMA busy_timeout={LOCK_WAIT_MS}")
        else:
            connection.exec_driver_sql(f"SET LOCAL lock_timeout = {LOCK_WAIT_MS}")
        connection.exec_driver_sql(WRITE_PROBE)
        connection.commit()
    finally:
        connection.rollback()
        if sqlite:  # the pooled connection goes back with the service's own lock wait
            connection.exec_driver_sql(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
            connection.commit()


def _error(exc: DBAPIError) -> str:
    """What went wrong, without hosts or ports (anyone may read /healthz): SQLite's message,
    or the driver's error class and SQLSTATE."""
    orig = exc.orig
    if type(orig).__module__.startswith("sqlite3"):
        return str(orig).strip()[:100]
    return " ".join(filter(None, (type(orig).__name__, getattr(orig, "sqlstate", None))))


def database() -> dict:
    """Read, then write in a transaction of its own; 'busy' is a lock wait, not an outage."""
    report = {"backend": db.engine.dialect.name, "read": "error", "write": "error"}
    try:
        with db.engine.connect() as connection:
            connection.exec_driver_sql("SELECT 1")
            connection.rollback()
            report["read"] = "ok"
            _probe_write(connection)
            report["write"] = "ok"
    except DBAPIError as exc:
        locked = any(words in str(exc.orig).lower()
                     for words in ("database is locked", "lock timeout"))
        report["write" if report["read"] == "ok" else "read"] = "busy" if locked else "error"
        report["error"] = _error(exc)
    ok = report["read"] == "ok" and report["write"] in ("ok", "busy")
    return {"status": "ok" if ok else "error", **report}


def rate_limits() -> dict:
    """The configured storage answers; if not, Flask-Limiter counts in each worker's memory."""
    if not current_app.config.get("RATELIMIT_ENABLED", True):
        return {"status": "off"}
    storage = current_app.config["RATELIMIT_STORAGE_URI"].partition("://")[0]
    try:
        answered = bool(limiter.storage.check())
    except Exception:  # noqa: BLE001 - a storage that cannot be asked is not answering
        answered = False
    if answered:
        return {"status": "ok", "storage": storage}
    return {"status": "degraded", "storage": storage,
            "detail": "not answering: limits are counted in each worker's memory meanwhile"}


# Mail due longer than this means no worker is sending (or the mail server is down).
MAIL_LATE = timedelta(minutes=15)


def task_queue(database_ok: bool) -> dict:
    """The queue's storage answers, and due mail is not waiting long. Either failing leaves
    pages working: events stay in the database and go out once a worker can send them."""
    from . import clock, tasks
    from .queries import notification_queries

    if current_app.config["HUEY_IMMEDIATE"]:
        report = {"status": "ok", "mode": "inline"}
    else:
        report = {"status": "ok", "storage": type(tasks.huey.storage).__name__}
        try:
            report["tasks_waiting"] = tasks.huey.storage.queue_size()
        except Exception:  # noqa: BLE001 - a storage that cannot be asked is not answering
            report.update(status="degraded", detail="the queue is not answering (or no worker "
                          "has started yet): events are kept and sent once it answers")
    if not database_ok:
        return report
    late = notification_queries.oldest_queued_age(clock.now())
    if late is not None and late > MAIL_LATE:
        report.update(status="degraded", mail_waiting_minutes=int(late.total_seconds() // 60),
                      detail="mail is waiting to be sent: is a worker running (consult worker) "
                             "and the mail server answering?")
    return report


def report() -> tuple[dict, bool]:
    """The whole report, and whether the service can take responses (the database works)."""
    found = database()
    checks = {"database": found, "rate_limits": rate_limits(),
              "task_queue": task_queue(found["status"] == "ok")}
    healthy = checks["database"]["status"] == "ok"
    degraded = any(check["status"] in ("degraded", "error") for check in checks.values())
    overall = "error" if not healthy else "degraded" if degraded else "ok"
    return {"status": overall, **checks}, healthy
