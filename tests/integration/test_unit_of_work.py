"""The unit of work (services/unit_of_work.py): SQLite writers take turns on a file lock beside
the database; a use case inside another is refused."""

import subprocess
import sys
import threading

import pytest

from consult.models import db
from consult.services import unit_of_work

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
