"""The unit of work tries again on exactly the PostgreSQL errors it names (40P01, 23505), each
provoked here for real; any other database error is raised at once. (SQLite's SQLITE_BUSY is
provoked in test_unit_of_work.py.)"""

import threading
import time

import pytest
import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.exc import DBAPIError

from consult.infrastructure import unit_of_work
from consult.models import db

pytestmark = pytest.mark.usefixtures("app")

FIRST = 7301  # advisory locks (FIRST, 1) and (FIRST, 2): a key space no use case takes
LOCK = sa.text("SELECT pg_advisory_xact_lock(:a, :b)")
PROBE = "uow_probe"


@pytest.fixture
def postgres(app):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("PostgreSQL's own errors; SQLite's is provoked in test_unit_of_work.py")
    seen: list[str | None] = []

    def note(context):
        seen.append(getattr(context.original_exception, "sqlstate", None))

    event.listen(db.engine, "handle_error", note)
    yield seen
    event.remove(db.engine, "handle_error", note)


@pytest.fixture
def probe_table(postgres):
    with db.engine.begin() as connection:
        connection.exec_driver_sql(f"CREATE TABLE IF NOT EXISTS {PROBE} (key text PRIMARY KEY)")
        connection.exec_driver_sql(f"DELETE FROM {PROBE}")
    yield
    with db.engine.begin() as connection:
        connection.exec_driver_sql(f"DROP TABLE IF EXISTS {PROBE}")


def _waiting_for_advisory_locks() -> int:
    return db.session.scalar(sa.text(
        "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted"))


def test_a_deadlock_victim_is_run_again(app, postgres):
    """Another transaction holds lock 2 and waits for lock 1, which the use case holds; the use
    case then asks for lock 2. Its deadlock_timeout is the shorter, so PostgreSQL picks it as
    the victim (40P01): it rolls back, the other finishes, and the second try goes through."""
    holding, other_done = threading.Event(), threading.Event()
    attempts, engine = [], db.engine

    def other_transaction():
        with engine.connect() as connection, connection.begin():
            connection.exec_driver_sql("SET LOCAL deadlock_timeout = '10s'")
            connection.execute(LOCK, {"a": FIRST, "b": 2})
            holding.set()
            connection.execute(LOCK, {"a": FIRST, "b": 1})
        other_done.set()

    @unit_of_work.use_case
    def take_both():
        attempts.append(len(attempts) + 1)
        db.session.execute(sa.text("SET LOCAL deadlock_timeout = '50ms'"))
        db.session.execute(LOCK, {"a": FIRST, "b": 1})
        if len(attempts) == 1:
            thread = threading.Thread(target=other_transaction)
            thread.start()
            assert holding.wait(10)
            for _ in range(500):  # until the other transaction waits for FIRST
                if _waiting_for_advisory_locks():
                    break
                time.sleep(0.01)
        db.session.execute(LOCK, {"a": FIRST, "b": 2})
        return "both taken"

    assert take_both() == "both taken"
    assert other_done.wait(10)
    assert attempts == [1, 2]
    assert postgres == ["40P01"]


def test_a_unique_violation_from_a_race_is_run_again(app, postgres, probe_table):
    """Between the use case's check and its insert, another transaction commits the same key
    (as two residents sharing the write lock can record one due event): 23505, and the second
    try finds the winner's row instead of inserting."""
    attempts = []

    @unit_of_work.use_case
    def insert_once():
        attempts.append(len(attempts) + 1)
        found = db.session.execute(sa.text(f"SELECT key FROM {PROBE} WHERE key = 'due'")).first()
        if found:
            return "found the winner's"
        if len(attempts) == 1:
            with db.engine.begin() as other:
                other.exec_driver_sql(f"INSERT INTO {PROBE} (key) VALUES ('due')")
        db.session.execute(sa.text(f"INSERT INTO {PROBE} (key) VALUES ('due')"))
        return "inserted"

    assert insert_once() == "found the winner's"
    assert attempts == [1, 2]
    assert postgres == ["23505"]


def test_any_other_database_error_is_raised_at_once(app, postgres, probe_table):
    attempts = []

    @unit_of_work.use_case
    def not_null_violation():
        attempts.append(1)
        db.session.execute(sa.text(f"INSERT INTO {PROBE} (key) VALUES (NULL)"))

    with pytest.raises(DBAPIError):
        not_null_violation()
    assert attempts == [1]
    assert postgres == ["23502"]
