"""`consult backup` takes a consistent copy while residents respond; `consult restore` puts it
into an empty database only, and checks the audit chain."""

import sqlite3
import threading
from contextlib import closing
from datetime import timedelta

import pytest
import sqlalchemy as sa

from consult import create_app
from consult.models import AuditEntry, Proposal, db
from consult.queries import audit_queries, results
from consult.services import audit_log
from tests import databases
from tests.factories import make_proposal
from tests.reliability.crowd import ACKNOWLEDGED, respond_as
from tests.reliability.people import bulk_residents

ON_POSTGRES = databases.postgres_url() is not None
WRITERS_BEFORE_BACKUP = 20


def _respond_until(app, target: tuple, residents, stop: threading.Event,
                   started: threading.Event, acknowledged: list) -> None:
    proposal_id, option, opens_at = target
    for number, resident in enumerate(residents):
        if stop.is_set():
            break
        moment = opens_at + timedelta(minutes=1, seconds=number)
        if respond_as(app, proposal_id, resident, option, now=moment) == ACKNOWLEDGED:
            acknowledged.append(resident)
        if len(acknowledged) >= WRITERS_BEFORE_BACKUP:
            started.set()
    started.set()


def _invoke(app, command: str, path):
    """Run `consult COMMAND PATH` against this app (its context on top, as the CLI has it)."""
    with app.app_context():
        return app.test_cli_runner().invoke(args=[command, str(path)])


def _file_counts(path) -> tuple[int, int, str]:
    """Read the backup file with sqlite3 alone: current responses, audit entries, head."""
    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as copy:
        responses = copy.execute("SELECT COUNT(*) FROM responses WHERE withdrawn = 0").fetchone()
        entries = copy.execute("SELECT COUNT(*) FROM audit_entries").fetchone()[0]
        head = copy.execute("SELECT hash FROM audit_entries WHERE lane = 0 "
                            "ORDER BY seq DESC LIMIT 1").fetchone()[0]
    return responses[0], entries, head


@pytest.mark.slow
@pytest.mark.skipif(ON_POSTGRES, reason="SQLite's online backup; PostgreSQL uses pg_dump")
def test_a_backup_under_load_restores_into_an_empty_database_with_the_same_totals(
        app, migrated_database, tmp_path):
    proposal = make_proposal(status="open", results_visibility="shown")
    residents = bulk_residents(400)
    stop, started, acknowledged = threading.Event(), threading.Event(), []
    target = (proposal.id, proposal.options[0].id, proposal.opens_at)
    writer = threading.Thread(target=_respond_until,
                              args=(app, target, residents, stop, started, acknowledged))
    writer.start()
    try:
        started.wait(timeout=120)
        during = len(acknowledged)
        backed_up = _invoke(app, "backup", tmp_path / "copy.db")
    finally:
        stop.set()
        writer.join(timeout=120)
    assert backed_up.exit_code == 0, backed_up.output
    responses, entries, head = _file_counts(tmp_path / "copy.db")
    assert during <= responses <= len(acknowledged)
    assert f"{responses} current responses" in backed_up.output

    empty = tmp_path / "restored.sqlite3"
    databases.copy_sqlite(migrated_database, empty)
    restored = create_app({"SQLALCHEMY_DATABASE_URI": databases.sqlite_url(empty),
                           "TESTING": True})
    answer = _invoke(restored, "restore", tmp_path / "copy.db")
    assert answer.exit_code == 0, answer.output
    assert "Audit log verified" in answer.output
    with restored.app_context():
        assert audit_log.verify_chain() == (True, None)
        copy = db.session.get(Proposal, proposal.id)
        assert results.tally(copy)["total"] == responses == results.response_count(copy.id)
        assert audit_queries.head().hash == head
        assert db.session.scalar(sa.select(sa.func.count()).select_from(AuditEntry)) == entries
        db.session.remove()
        db.engine.dispose()


@pytest.mark.skipif(ON_POSTGRES, reason="SQLite's online backup; PostgreSQL uses pg_dump")
def test_restore_refuses_a_database_that_holds_data(app, tmp_path):
    make_proposal(status="open")
    assert _invoke(app, "backup", tmp_path / "copy.db").exit_code == 0
    again = _invoke(app, "backup", tmp_path / "copy.db")
    assert again.exit_code != 0 and "already exists" in again.output
    refused = _invoke(app, "restore", tmp_path / "copy.db")
    assert refused.exit_code != 0
    assert "already holds data, so nothing was restored" in refused.output


@pytest.mark.skipif(not ON_POSTGRES, reason="the PostgreSQL guidance")
@pytest.mark.parametrize("command", ["backup", "restore"])
def test_on_postgresql_backup_and_restore_point_to_pg_dump(app, tmp_path, command):
    answer = _invoke(app, command, tmp_path / "copy.dump")
    assert answer.exit_code != 0
    assert "pg_dump --format=custom" in answer.output and "pg_restore" in answer.output
    assert not (tmp_path / "copy.dump").exists()
