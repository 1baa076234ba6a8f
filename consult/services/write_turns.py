"""SQLite: writers queue for the database's one write lock on a file lock, which hands it on.

SQLite itself makes a writer that finds the lock taken sleep and try again, sleeping longer
each time (up to 100 ms at once), so under a burst of submissions the lock sits free while
writers sleep, and the unlucky ones wait for seconds. A blocking `flock` on a file beside the
database wakes the next writer as soon as the lock is released. Held from before BEGIN
IMMEDIATE until after COMMIT or ROLLBACK; anything that writes without it (the CLI, a
migration) still meets SQLite's own lock and busy timeout, so it stays correct, only slower.
PostgreSQL queues writers itself: there this does nothing.
"""

import contextlib
import fcntl
import os
import threading

from ..models import db

_turns: dict[tuple[int, str], "_Turn"] = {}
_guard = threading.Lock()


class _Turn:
    """One lock file per process (a forked worker opens its own) and a re-entrant lock for
    its threads: flock alone would let two threads of one process in at once."""

    def __init__(self, path: str):
        self.fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        self.threads = threading.RLock()
        self.depth = 0

    @contextlib.contextmanager
    def held(self):
        with self.threads:
            if self.depth == 0:
                fcntl.flock(self.fd, fcntl.LOCK_EX)
            self.depth += 1
            try:
                yield
            finally:
                self.depth -= 1
                if self.depth == 0:
                    fcntl.flock(self.fd, fcntl.LOCK_UN)


def _lock_path() -> str | None:
    url = db.engine.url
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        return None
    return url.database + "-writers.lock"


def turn():
    """A context manager: this process's turn to write (SQLite), or nothing to wait for."""
    path = _lock_path()
    if path is None:
        return contextlib.nullcontext()
    key = (os.getpid(), path)
    with _guard:
        found = _turns.get(key)
        if found is None:
            found = _turns[key] = _Turn(path)
    return found.held()
