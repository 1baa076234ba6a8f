"""The unit of work (infrastructure/unit_of_work.py): SQLite writers take turns on a file lock
beside the database; a use case inside another is refused."""

import sqlite3
import subprocess
import sys
import threading
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
from sqlalchemy import event

from consult.infrastructure import unit_of_work
from consult.models import AuditEntry, User, db
from consult.services import accounts, audit_log
from tests import commit_guard as commit_guard_module
from tests.factories import PASSWORD

pytestmark = pytest.mark.usefixtures("app")

TRY_LOCK = """
import fcntl, os, sys
fd = os.open(sys.argv[1], os.O_RDWR)
try:
    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
except BlockingIOError:
    print("taken")
else:
    print("free")
"""


@pytest.fixture
def lock_path():
    if db.engine.dialect.name != "sqlite":
        pytest.skip("PostgreSQL queues writers itself: there is no file lock")
    return db.engine.url.database + "-writers.lock"


def other_process_finds(path: str) -> str:
    found = subprocess.run([sys.executable, "-c", TRY_LOCK, path], capture_output=True,
                           text=True, check=True)
    return found.stdout.strip()


def test_another_process_waits_while_a_writer_holds_its_turn(lock_path):
    with unit_of_work.locks().turn():
        assert other_process_finds(lock_path) == "taken"
    assert other_process_finds(lock_path) == "free"


def test_the_turn_is_given_back_when_the_writer_fails(lock_path):
    with pytest.raises(RuntimeError), unit_of_work.locks().turn():
        raise RuntimeError("the use case failed")
    assert other_process_finds(lock_path) == "free"


def test_threads_of_one_process_take_turns_too(app, lock_path):
    inside, release, entered = threading.Event(), threading.Event(), []

    def first():
        with app.app_context(), unit_of_work.locks().turn():
            inside.set()
            release.wait(10)
            entered.append("first out")

    def second():
        inside.wait(10)
        with app.app_context(), unit_of_work.locks().turn():
            entered.append("second in")

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    inside.wait(10)
    threads[1].join(0.3)  # time enough to get in, were the turn not held
    assert entered == [] and threads[1].is_alive()
    release.set()
    for thread in threads:
        thread.join(10)
    assert entered == ["first out", "second in"]


def test_a_use_case_inside_another_is_refused_and_nothing_is_committed(app):
    @unit_of_work.use_case
    def inner(*, now):
        audit_log.append(actor="system", action="test.inner", subject="test", details={},
                         now=now)

    @unit_of_work.use_case
    def outer(*, now):
        audit_log.append(actor="system", action="test.outer", subject="test", details={},
                         now=now)
        inner()

    with pytest.raises(unit_of_work.NestedUnitOfWork):
        outer()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(AuditEntry)) == 0
    assert unit_of_work.mode() is None


def test_a_response_use_case_must_name_the_ids_its_lock_is_keyed_on():
    with pytest.raises(TypeError, match="proposal_id= and respondent_id="):
        @unit_of_work.use_case(shared_by="respondent")
        def respond(proposal, user, *, now):
            pass


def test_the_audit_log_is_written_only_inside_a_unit_of_work(app):
    with pytest.raises(RuntimeError, match="inside a unit of work"):
        audit_log.append(actor="system", action="test.outside", subject="test", details={},
                         now=datetime.now(UTC))
    db.session.rollback()


def test_a_commit_in_consult_outside_the_unit_of_work_is_caught(app, commit_guard):
    writer = {}
    code = compile("def write(db):\n    db.session.connection()\n    db.session.commit()\n",
                   commit_guard_module.CONSULT + "services/stray_writer.py", "exec")
    exec(code, writer)  # noqa: S102 - a function that looks to the guard as if it were ours
    writer["write"](db)
    assert commit_guard == ["services/stray_writer.py:3 (write)"]
    commit_guard.clear()


def _account(number: int = 0):
    return accounts.create_user(email=f"retry{number}@example.org", display_name="Retry",
                                password=PASSWORD, role="resident")


def _count_accounts() -> int:
    db.session.rollback()
    return db.session.scalar(sa.select(sa.func.count()).select_from(User))


def test_sqlite_busy_is_tried_again(app, lock_path):
    """A writer without a turn (a migration, the sqlite3 shell) holds the write lock past the
    busy timeout: the use case rolls back and runs again once it is free."""
    blocker = sqlite3.connect(db.engine.url.database, isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")
    seen = []

    def short_wait(dbapi_connection, _record):
        dbapi_connection.execute("PRAGMA busy_timeout=50")

    def release(context):
        seen.append(getattr(context.original_exception, "sqlite_errorname", None))
        blocker.execute("ROLLBACK")

    db.session.remove()
    db.engine.dispose()
    event.listen(db.engine, "connect", short_wait)
    event.listen(db.engine, "handle_error", release)
    try:
        before = _count_accounts()
        _account()
    finally:
        event.remove(db.engine, "handle_error", release)
        event.remove(db.engine, "connect", short_wait)
        db.session.remove()
        db.engine.dispose()
        blocker.close()
    assert seen == ["SQLITE_BUSY"]
    assert _count_accounts() == before + 1


def test_a_row_given_to_a_use_case_is_refused_only_the_actor_may_be_one(app):
    person = _account(7)
    ran = []

    @unit_of_work.use_case
    def rename(user, *, actor, now):
        ran.append(user)

    with pytest.raises(TypeError, match="give user by id"):
        rename(person, actor="system (tests)")
    assert ran == []

    @unit_of_work.use_case
    def acted(*, actor, now):
        ran.append(actor.email)

    acted(actor=person)
    assert ran == [person.email]
