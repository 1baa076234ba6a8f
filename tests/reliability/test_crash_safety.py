"""kill -9 the whole gunicorn (master and workers) mid-load, three times: every response the
server acknowledged is still there, the file is sound, the chain verifies, totals add up.

SQLite only: the shipped durability settings (WAL, synchronous=FULL) are what is on trial.
"""

import multiprocessing
import sqlite3
import time
from contextlib import closing
from pathlib import Path

import pytest

from consult import create_app
from consult.models import Proposal, db
from consult.queries import results
from tests import databases
from tests.factories import PASSWORD, make_proposal, make_user
from tests.reliability import web_client
from tests.reliability.servers import Gunicorn, consult_command, free_port, server_env

CLIENTS = 4
ACCOUNTS_EACH = 3
KILLS = 3
ACKS_BETWEEN_KILLS = 8

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(databases.postgres_url() is not None,
                       reason="crash safety of the SQLite file; PostgreSQL has its own WAL"),
]


def _prepare(url: str) -> tuple[int, list[int], list[list[tuple[str, str]]]]:
    """A consultation and verified accounts, made directly in the database before serving."""
    setup = create_app({"SQLALCHEMY_DATABASE_URI": url, "TESTING": True})
    with setup.app_context():
        proposal = make_proposal(status="open", results_visibility="shown")
        accounts = [[(make_user(email=f"crash-{c}-{a}@d{c}{a}.example.org").email, PASSWORD)
                     for a in range(ACCOUNTS_EACH)] for c in range(CLIENTS)]
        answer = (proposal.id, [option.id for option in proposal.options], accounts)
        db.session.remove()
        db.engine.dispose()
    return answer


def _acknowledged(log: Path) -> list[tuple[str, str]]:
    if not log.exists():
        return []
    return [tuple(line.split(" ", 1)) for line in log.read_text().splitlines() if line]


def _wait_for_more(log: Path, already: int, processes) -> int:
    """Until the clients have had ACKS_BETWEEN_KILLS more responses acknowledged."""
    for _ in range(1200):
        count = len(_acknowledged(log))
        if count >= already + ACKS_BETWEEN_KILLS:
            return count
        assert all(process.is_alive() for process in processes), "a client process died"
        time.sleep(0.1)
    raise AssertionError(f"no progress: {len(_acknowledged(log)) - already} new responses")


def _stored(path: Path, proposal_id: int) -> tuple[str, set[str], set[str], int]:
    with closing(sqlite3.connect(path)) as connection:
        verdict = connection.execute("PRAGMA integrity_check").fetchone()[0]
        reasons = {row[0] for row in connection.execute("SELECT reason FROM response_versions")}
        emails = {row[0] for row in connection.execute(
            "SELECT users.email FROM responses JOIN users ON users.id = responses.user_id "
            "WHERE responses.proposal_id = ?", (proposal_id,))}
        current = connection.execute(
            "SELECT COUNT(*) FROM responses WHERE proposal_id = ? AND withdrawn = 0",
            (proposal_id,)).fetchone()[0]
    return verdict, reasons, emails, current


def test_every_acknowledged_response_survives_three_hard_kills(migrated_database, tmp_path):
    path = tmp_path / "crash.sqlite3"
    databases.copy_sqlite(migrated_database, path)
    url = databases.sqlite_url(path)
    proposal_id, options, accounts = _prepare(url)
    port = free_port()
    env = server_env(tmp_path / "instance", url, port)
    log, stop = tmp_path / "acknowledged.log", tmp_path / "stop"
    server = Gunicorn(port, env).start()
    spawn = multiprocessing.get_context("spawn")
    clients = [spawn.Process(target=web_client.keep_responding, args=(
        server.base, accounts[c], proposal_id, options, str(log), str(stop), f"client{c}"))
        for c in range(CLIENTS)]
    try:
        for process in clients:
            process.start()
        seen = 0
        for _ in range(KILLS):
            seen = _wait_for_more(log, seen, clients)
            server.kill_hard()
            server.start()
        _wait_for_more(log, seen, clients)
        stop.touch()
        for process in clients:
            process.join(timeout=60)
    finally:
        stop.touch()
        for process in clients:
            if process.is_alive():
                process.kill()
        server.stop()

    acknowledged = _acknowledged(log)
    verdict, reasons, emails, current = _stored(path, proposal_id)
    assert verdict == "ok"
    assert [marker for _, marker in acknowledged if marker not in reasons] == []
    assert {email for email, _ in acknowledged} <= emails
    verified = consult_command(env, "audit", "verify")
    assert verified.returncode == 0, verified.stdout + verified.stderr
    assert "Audit log verified" in verified.stdout
    checker = create_app({"SQLALCHEMY_DATABASE_URI": url, "TESTING": True})
    with checker.app_context():
        proposal = db.session.get(Proposal, proposal_id)
        assert results.tally(proposal)["total"] == results.response_count(proposal_id) == current
        db.session.remove()
        db.engine.dispose()
