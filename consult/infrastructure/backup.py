"""Online backups of the SQLite database, and restores into an empty one with the chain checked.

PostgreSQL has its own tools for this (pg_dump and pg_restore); the commands say how to use them.
"""

import sqlite3
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

import sqlalchemy as sa

from ..models import db

POSTGRES_GUIDANCE = (
    "This database is PostgreSQL: back it up with PostgreSQL's own tools, which take a "
    "consistent snapshot while the service runs.\n"
    "  Back up:  pg_dump --format=custom --file=consult.dump \"postgresql://USER@HOST/DBNAME\"\n"
    "  Restore:  createdb NEWDB && pg_restore --no-owner --exit-on-error "
    "--dbname=\"postgresql://USER@HOST/NEWDB\" consult.dump\n"
    "  Then:     DATABASE_URL=postgresql://USER@HOST/NEWDB consult audit verify\n"
    "Restore into a new, empty database (never over a live one); pg_restore recreates the "
    "tables, the data and then the append-only triggers.")
NOT_EMPTY = ("The database already holds data, so nothing was restored. Restore only into an "
             "empty database: point DATABASE_URL at a new file (or remove the old one) first.")


class BackupError(Exception):
    """A backup or restore that was refused or failed; the message says what to do."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _require_sqlite() -> sa.Engine:
    engine = db.engine
    if engine.dialect.name != "sqlite":
        raise BackupError(POSTGRES_GUIDANCE)
    return engine


def backup(target: Path) -> dict:
    """Copy the whole database to `target` as one consistent snapshot, while others write.

    SQLite's backup API copies every page in one step under a read transaction, so the copy
    is the database as it was at one instant; in WAL mode writers carry on meanwhile.
    """
    engine = _require_sqlite()
    if target.exists():
        raise BackupError(f"{target} already exists: choose a new file name for the backup")
    target.parent.mkdir(parents=True, exist_ok=True)
    source = engine.raw_connection()
    try:
        with closing(sqlite3.connect(target)) as copy:
            source.driver_connection.backup(copy)
            # One self-contained file, not a database plus its write-ahead log.
            copy.execute("PRAGMA journal_mode=DELETE")
    finally:
        source.close()
    return summary_of_file(target)


def _check_file(path: Path) -> None:
    if not path.is_file():
        raise BackupError(f"No backup file at {path}")
    try:
        with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as copy:
            verdict = copy.execute("PRAGMA integrity_check").fetchone()[0]
            tables = {row[0] for row in copy.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'")}
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"{path} is not a readable SQLite database ({exc})") from exc
    if verdict != "ok":
        raise BackupError(f"{path} failed SQLite's integrity check: {verdict}")
    if "audit_entries" not in tables:
        raise BackupError(f"{path} is not a backup of this service (it has no audit log)")


def is_empty() -> bool:
    """True when none of the service's tables holds a row (or none exists yet)."""
    existing = set(sa.inspect(db.engine).get_table_names())
    with db.engine.connect() as connection:
        return not any(connection.execute(sa.select(sa.literal(1)).select_from(table).limit(1))
                       .first() for table in db.metadata.sorted_tables
                       if table.name in existing)


def restore(source: Path, *, verify_chain: Callable[[], tuple[bool, object]]) -> dict:
    """Copy a backup into this (empty) database, then re-check the whole audit chain with
    `verify_chain` (the audit log's own check, given by the caller: plumbing never imports
    the use cases)."""
    engine = _require_sqlite()
    _check_file(source)
    if not is_empty():
        raise BackupError(NOT_EMPTY)
    db.session.remove()
    engine.dispose()
    target = engine.raw_connection()
    try:
        with closing(sqlite3.connect(f"file:{source}?mode=ro", uri=True)) as copy:
            copy.backup(target.driver_connection)
    finally:
        target.close()
    engine.dispose()
    ok, bad_seq = verify_chain()
    db.session.remove()
    if not ok:
        raise BackupError(f"Restored, but the audit log does not verify: it breaks at entry "
                          f"{bad_seq}. Do not use this copy; try an earlier backup.")
    return summary(engine)


def summary_of_file(path: Path) -> dict:
    engine = sa.create_engine(f"sqlite:///{path}")
    try:
        return summary(engine)
    finally:
        engine.dispose()


def summary(engine: sa.Engine) -> dict:
    """What a backup holds, counted directly: checked against the restored copy."""
    with engine.connect() as connection:
        def count(sql: str) -> int:
            return connection.exec_driver_sql(sql).scalar_one()

        head = connection.exec_driver_sql(
            "SELECT seq, hash FROM audit_entries WHERE lane = 0 ORDER BY seq DESC LIMIT 1").first()
        return {"users": count("SELECT COUNT(*) FROM users"),
                "proposals": count("SELECT COUNT(*) FROM proposals"),
                "responses": count("SELECT COUNT(*) FROM responses WHERE withdrawn = 0"),
                "response_versions": count("SELECT COUNT(*) FROM response_versions"),
                "decisions": count("SELECT COUNT(*) FROM decisions"),
                "audit_entries": count("SELECT COUNT(*) FROM audit_entries"),
                "audit_head": head[1] if head else None}
