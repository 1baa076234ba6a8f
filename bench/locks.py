"""PostgreSQL only: how much of the app's database time is spent waiting for a lock.

A thread samples pg_stat_activity every 10 ms while a scenario runs and counts the app's
backends that are busy and, of those, the ones waiting for a lock (advisory, row or
relation). If one lock (a single audit head, say) serialised the writes, the backends would
take turns on it and a large share of busy samples would be waits.
"""

import threading

import sqlalchemy as sa

SAMPLE = sa.text(
    "SELECT count(*) FILTER (WHERE state = 'active'), "
    "count(*) FILTER (WHERE state = 'active' AND wait_event_type = 'Lock') "
    "FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() "
    "AND backend_type = 'client backend'")


class LockSampler:
    def __init__(self, database_url: str, every: float = 0.01):
        self.engine = sa.create_engine(
            database_url.replace("postgresql://", "postgresql+psycopg://", 1))
        self.every, self.busy, self.waiting, self.samples = every, 0, 0, 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        with self.engine.connect() as connection:
            while not self._stop.wait(self.every):
                busy, waiting = connection.execute(SAMPLE).one()
                connection.rollback()
                self.samples, self.busy, self.waiting = (
                    self.samples + 1, self.busy + busy, self.waiting + waiting)

    def __enter__(self) -> "LockSampler":
        self._thread.start()
        return self

    def __exit__(self, *_exc) -> None:
        self._stop.set()
        self._thread.join()
        self.engine.dispose()

    def result(self) -> dict:
        return {"lock_samples": self.samples, "busy_backend_samples": self.busy,
                "lock_waits": self.waiting,
                "lock_wait_share": self.waiting / self.busy if self.busy else 0.0}
