"""Test databases: a migrated SQLite file per test, or one migrated PostgreSQL emptied per test.

PostgreSQL is used when TEST_DATABASE_URL is set. Nothing here mocks the database.
"""

import os
import shutil
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy as sa

from consult.models import db

# Every table of the models (PostgreSQL runs empty and restore them; SQLite copies files).
TABLES = tuple(table.name for table in db.metadata.sorted_tables)


def postgres_url() -> str | None:
    url = os.environ.get("TEST_DATABASE_URL", "")
    if not url:
        return None
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    return url


def create_run_database(url: str, label: str = "run") -> str:
    """A database of this test run's own, so parallel runs on one server never meet."""
    name = f"{sa.make_url(url).database}_{label}_{os.getpid()}"
    admin = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
        # A throwaway database: commits need not wait for the disk. (Durability is tested on
        # SQLite with the shipped settings, by killing a real server: tests/reliability.)
        connection.exec_driver_sql(f'ALTER DATABASE "{name}" SET synchronous_commit = off')
    admin.dispose()
    return sa.make_url(url).set(database=name).render_as_string(hide_password=False)


def drop_run_database(base_url: str, run_url: str) -> None:
    admin = sa.create_engine(base_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        name = sa.make_url(run_url).database
        connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.dispose()


SNAPSHOT = "demo_snapshot"  # a schema beside public holding a copy of the demo's rows


def _sequences(connection) -> list[str]:
    return list(connection.exec_driver_sql(
        "SELECT sequence_name FROM information_schema.sequences "
        "WHERE sequence_schema = 'public' ORDER BY sequence_name").scalars())


def _emptied(connection) -> None:
    """Every table emptied and every id sequence restarted, as on a fresh migration. With the
    replica role no row trigger fires (the append-only ones refuse deletes; the foreign keys'
    own triggers would cascade row by row): a DELETE of a few rows is ten times quicker than
    TRUNCATE's new files."""
    connection.exec_driver_sql("SET LOCAL session_replication_role = replica")
    for table in TABLES:
        connection.exec_driver_sql(f"DELETE FROM {table}")
    for sequence in _sequences(connection):
        connection.exec_driver_sql(f"ALTER SEQUENCE {sequence} RESTART")


def empty_postgres(url: str) -> None:
    engine = sa.create_engine(url)
    with engine.begin() as connection:
        _emptied(connection)
    engine.dispose()


def snapshot_postgres(url: str) -> None:
    """Copy every table's rows and every sequence's position into the snapshot schema."""
    engine = sa.create_engine(url)
    with engine.begin() as connection:
        connection.exec_driver_sql(f"DROP SCHEMA IF EXISTS {SNAPSHOT} CASCADE")
        connection.exec_driver_sql(f"CREATE SCHEMA {SNAPSHOT}")
        for table in TABLES:
            connection.exec_driver_sql(
                f"CREATE TABLE {SNAPSHOT}.{table} AS SELECT * FROM public.{table}")
        connection.exec_driver_sql(
            f"CREATE TABLE {SNAPSHOT}.sequences (name text, last_value bigint, called bool)")
        for sequence in _sequences(connection):
            connection.exec_driver_sql(
                f"INSERT INTO {SNAPSHOT}.sequences SELECT '{sequence}', last_value, is_called "
                f"FROM public.{sequence}")
    engine.dispose()


def restore_postgres(url: str) -> None:
    """The tables as they were at the snapshot, ids and kept counts included."""
    engine = sa.create_engine(url)
    with engine.begin() as connection:
        _emptied(connection)
        for table in TABLES:
            connection.exec_driver_sql(
                f"INSERT INTO public.{table} SELECT * FROM {SNAPSHOT}.{table}")
        connection.exec_driver_sql(
            f"SELECT setval('public.' || name, last_value, called) FROM {SNAPSHOT}.sequences")
    engine.dispose()


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


def copy_sqlite(template: Path, target: Path) -> None:
    """Copy a closed SQLite database (its WAL was checkpointed when its engine closed)."""
    for suffix in ("-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(template, target)


@contextmanager
def app_at_revision(revision: str, label: str, folder: Path):
    """An app on a database of its own, migrated only up to `revision`: rows can be written as
    an older schema held them before a test runs the next migration over them."""
    from flask_migrate import upgrade

    from consult import create_app
    from consult.extensions import db

    pg_url = postgres_url()
    url = (create_run_database(pg_url, label) if pg_url
           else sqlite_url(folder / f"{label}.sqlite3"))
    application = create_app({"SQLALCHEMY_DATABASE_URI": url})
    try:
        with application.app_context():
            upgrade(revision=revision)
            yield application
            db.session.remove()
            db.engine.dispose()
    finally:
        if pg_url:
            drop_run_database(pg_url, url)


def is_empty(engine) -> bool:
    """No account and no link yet: nothing a copy over the file could lose."""
    with engine.connect() as connection:
        return not any(connection.exec_driver_sql(f"SELECT 1 FROM {table} LIMIT 1").first()
                       for table in ("users", "twin_links", "audit_entries"))
