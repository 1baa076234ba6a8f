"""The embedded database runs with the durability and integrity settings we promise."""

import pytest

from consult.extensions import db


def test_sqlite_runs_in_wal_mode_with_full_sync_foreign_keys_and_a_busy_timeout(app):
    if db.engine.dialect.name != "sqlite":
        pytest.skip("SQLite settings; this run is on PostgreSQL")
    with db.engine.connect() as connection:
        pragma = {name: connection.exec_driver_sql(f"PRAGMA {name}").scalar()
                  for name in ("journal_mode", "synchronous", "foreign_keys", "busy_timeout")}
    assert pragma == {"journal_mode": "wal", "synchronous": 2, "foreign_keys": 1,
                      "busy_timeout": 10_000}


def test_postgresql_is_reached_through_psycopg_3(app):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("PostgreSQL settings; this run is on SQLite")
    assert db.engine.dialect.driver == "psycopg"
