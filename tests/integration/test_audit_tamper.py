"""Someone with the database in hand lifts the append-only triggers and rewrites the audit log:
the chain check and the standalone verifier on the public export both find where.

Also: when the audit append fails, the change it records is not made at all.
"""

import contextlib
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa

from consult.domain import audit
from consult.models import AuditEntry, LinkSource, TwinLink, User, db
from consult.services import accounts, audit_log
from tests.factories import make_event, make_link, make_user

PROJECT = Path(__file__).resolve().parents[2]
APPEND_ONLY_TRIGGERS = {
    "sqlite": "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' "
              "AND tbl_name = 'audit_entries'",
    "postgresql": "SELECT tgname, pg_get_triggerdef(oid) FROM pg_trigger "
                  "WHERE tgrelid = 'audit_entries'::regclass AND NOT tgisinternal",
}
REFUSE_INSERTS = {
    "sqlite": ["CREATE TRIGGER audit_entries_refuse_insert BEFORE INSERT ON audit_entries "
               "BEGIN SELECT RAISE(ABORT, 'audit append refused for a test'); END"],
    "postgresql": [
        "CREATE FUNCTION consult_test_refuse_insert() RETURNS trigger LANGUAGE plpgsql AS "
        "$$ BEGIN RAISE EXCEPTION 'audit append refused for a test'; END $$",
        "CREATE TRIGGER audit_entries_refuse_insert BEFORE INSERT ON audit_entries "
        "FOR EACH ROW EXECUTE FUNCTION consult_test_refuse_insert()"],
}
ALLOW_INSERTS = {
    "sqlite": ["DROP TRIGGER IF EXISTS audit_entries_refuse_insert"],
    "postgresql": ["DROP TRIGGER IF EXISTS audit_entries_refuse_insert ON audit_entries",
                   "DROP FUNCTION IF EXISTS consult_test_refuse_insert()"],
}


def dialect() -> str:
    return db.engine.dialect.name


def run_sql(*statements: str, **params) -> None:
    """Straight to the database, in one transaction of its own."""
    db.session.close()  # holds no lock that DDL on PostgreSQL would wait for
    with db.engine.begin() as connection:
        for statement in statements:
            connection.execute(sa.text(statement), params)


def audit_triggers() -> list[tuple[str, str]]:
    db.session.close()
    with db.engine.connect() as connection:
        return sorted(tuple(row) for row in connection.exec_driver_sql(
            APPEND_ONLY_TRIGGERS[dialect()]))


@contextlib.contextmanager
def append_only_lifted():
    """Drop the audit log's triggers, as an intruder would; put the same ones back after."""
    triggers = audit_triggers()
    assert {name for name, _ in triggers} == (
        {"audit_entries_append_only"} if dialect() == "postgresql"
        else {"audit_entries_no_update", "audit_entries_no_delete"})
    on_table = " ON audit_entries" if dialect() == "postgresql" else ""
    run_sql(*(f"DROP TRIGGER {name}{on_table}" for name, _ in triggers))
    try:
        yield
    finally:
        run_sql(*(definition for _, definition in triggers))
        assert audit_triggers() == triggers


@pytest.fixture
def log(app):
    """A log made by real services: links, events, accounts and a role change."""
    volgograd = make_link(partner_name="Volgograd", country="Russia")
    kiel = make_link(partner_name="Kiel")
    make_event(volgograd, occurred_on="1944", kind="established", summary="Bond of friendship.")
    make_event(kiel, summary="A youth exchange.")
    admin, person = make_user(role="admin"), make_user()
    accounts.set_role(user_id=person.id, role="officer", actor=admin,
                      now=datetime(2026, 11, 2, tzinfo=UTC))
    entries = chain()
    assert len(entries) == 7 and audit_log.verify_chain() == (True, None)
    return entries


def chain() -> list[dict]:
    db.session.expire_all()
    return [entry.as_chain_dict() for entry in
            db.session.scalars(sa.select(AuditEntry).order_by(AuditEntry.lane, AuditEntry.seq))]


def verifier_on_export(client, tmp_path, *args) -> tuple[int, str]:
    """Download /audit/log.jsonl as anyone could, and run the standalone verifier on it."""
    response = client.get("/audit/log.jsonl")
    assert response.status_code == 200
    path = tmp_path / "log.jsonl"
    path.write_bytes(response.get_data())
    done = subprocess.run([sys.executable, "-m", "consult.verify", str(path), *args],
                          cwd=PROJECT, capture_output=True, text=True, timeout=60)
    return done.returncode, done.stdout.strip()


def assert_broken_at(seq: int, client, tmp_path) -> str:
    assert audit_log.verify_chain() == (False, audit.Break(audit.MAIN_LANE, seq))
    status, out = verifier_on_export(client, tmp_path)
    assert status == 1 and out.startswith(f"BROKEN at entry {seq}: "), out
    return out


def test_the_untouched_log_verifies_both_ways(log, client, tmp_path):
    assert verifier_on_export(client, tmp_path) == (0, f"OK: 7 entries, head {log[-1]['hash']}")


@pytest.mark.parametrize("column, value", [("actor", "someone else"),
                                           ("action", "link.deleted"),
                                           ("subject", "link:elsewhere"),
                                           ("details", '{"partner_name": "Dresden"}')])
def test_an_edited_entry_is_found_at_that_entry(log, client, tmp_path, column, value):
    with append_only_lifted():
        run_sql(f"UPDATE audit_entries SET {column} = :value WHERE seq = 3", value=value)
    assert "its contents do not match its hash" in assert_broken_at(3, client, tmp_path)


def test_an_entry_with_a_changed_time_is_found_at_that_entry(log, client, tmp_path):
    with append_only_lifted():
        db.session.close()
        with db.engine.begin() as connection:
            connection.execute(sa.update(AuditEntry.__table__).where(
                AuditEntry.__table__.c.seq == 5).values(
                occurred_at=datetime(2020, 1, 1, tzinfo=UTC)))
    assert_broken_at(5, client, tmp_path)


def test_an_edited_and_rehashed_entry_is_found_at_the_next(log, client, tmp_path):
    forged = {**log[3], "actor": "someone else"}
    with append_only_lifted():
        run_sql("UPDATE audit_entries SET actor = :actor, hash = :hash WHERE seq = 4",
                actor=forged["actor"], hash=audit.entry_hash(forged))
    assert "prev_hash does not match" in assert_broken_at(5, client, tmp_path)


@pytest.mark.parametrize("seq", [1, 4])
def test_a_deleted_entry_is_found_where_it_is_missed(log, client, tmp_path, seq):
    with append_only_lifted():
        run_sql("DELETE FROM audit_entries WHERE seq = :seq", seq=seq)
    out = assert_broken_at(seq + 1, client, tmp_path)
    assert f"expected entry {seq} here" in out


def test_deleting_the_last_entry_is_found_against_a_head_noted_before(log, client, tmp_path):
    with append_only_lifted():
        run_sql("DELETE FROM audit_entries WHERE seq = 7")
    assert audit_log.verify_chain() == (True, None)  # a shorter chain is still a chain...
    status, out = verifier_on_export(client, tmp_path, "--expect-head", log[-1]["hash"])
    assert status == 1 and out.startswith("BROKEN: the head you noted")  # ...but not the same


def test_two_entries_with_swapped_sequence_numbers_are_found_at_the_first(log, client, tmp_path):
    with append_only_lifted():
        run_sql("UPDATE audit_entries SET seq = -1 WHERE seq = 3",
                "UPDATE audit_entries SET seq = 3 WHERE seq = 6",
                "UPDATE audit_entries SET seq = 6 WHERE seq = -1")
    assert "prev_hash does not match the hash of entry 2" in assert_broken_at(3, client, tmp_path)


def test_a_forged_entry_inserted_in_the_middle_is_found_at_the_entry_after_it(
        log, client, tmp_path):
    forged = {"lane": 0, "seq": 4, "occurred_at": log[2]["occurred_at"],
              "actor": "Olu Officer (officer)",
              "action": "link.created", "subject": "link:atlantis",
              "details": {"partner_name": "Atlantis", "country": "Nowhere"},
              "prev_hash": log[2]["hash"]}
    forged["hash"] = audit.entry_hash(forged)
    with append_only_lifted():
        run_sql("UPDATE audit_entries SET seq = -seq - 1 WHERE seq >= 4",
                "UPDATE audit_entries SET seq = -seq WHERE seq < 0")
        db.session.close()
        with db.engine.begin() as connection:
            connection.execute(sa.insert(AuditEntry.__table__).values(
                **{**forged, "occurred_at": datetime.fromisoformat(forged["occurred_at"])}))
    assert chain()[3] == forged  # the forgery itself fits onto entry 3...
    out = assert_broken_at(5, client, tmp_path)  # ...but entry 4, now 5, no longer fits
    assert "expected" not in out and "prev_hash does not match" in out


def test_a_fully_rewritten_history_is_found_against_a_head_noted_before(log, client, tmp_path):
    """Rehashing every later entry makes a whole chain again; the head noted earlier is gone."""
    rewritten = [dict(entry) for entry in log]
    rewritten[1]["actor"] = "someone else"
    for previous, entry in zip(rewritten, rewritten[1:], strict=False):
        entry["prev_hash"] = previous["hash"]
        entry["hash"] = audit.entry_hash(entry)
    with append_only_lifted():
        for entry in rewritten[1:]:
            run_sql("UPDATE audit_entries SET actor = :actor, prev_hash = :prev_hash, "
                    "hash = :hash WHERE seq = :seq", **entry)
    assert audit_log.verify_chain() == (True, None)
    assert verifier_on_export(client, tmp_path)[0] == 0
    status, out = verifier_on_export(client, tmp_path, "--expect-head", log[-1]["hash"])
    assert status == 1 and out.startswith("BROKEN: the head you noted")


def test_the_triggers_refuse_changes_again_after_a_tampering_test(log):
    with append_only_lifted():
        pass
    with pytest.raises(sa.exc.DBAPIError, match="append-only"):
        run_sql("UPDATE audit_entries SET actor = 'x' WHERE seq = 1")
    with pytest.raises(sa.exc.DBAPIError, match="append-only"):
        run_sql("DELETE FROM audit_entries WHERE seq = 1")
    assert chain() == log


@contextlib.contextmanager
def audit_appends_refused():
    run_sql(*REFUSE_INSERTS[dialect()])
    try:
        yield
    finally:
        run_sql(*ALLOW_INSERTS[dialect()])


def counts() -> tuple[int, int, int]:
    db.session.expire_all()
    return tuple(db.session.scalar(sa.select(sa.func.count()).select_from(model))
                 for model in (TwinLink, LinkSource, AuditEntry))


def test_a_change_whose_audit_entry_cannot_be_written_is_not_made(log):
    before = counts()
    with audit_appends_refused():
        with pytest.raises(sa.exc.DBAPIError, match="audit append refused for a test"):
            make_link(partner_name="Dresden")
    assert counts() == before
    assert db.session.scalar(sa.select(TwinLink).filter_by(slug="dresden")) is None
    assert make_link(partner_name="Dresden").slug == "dresden"  # and it works once allowed
    assert audit_log.verify_chain() == (True, None)


def test_a_role_change_whose_audit_entry_cannot_be_written_is_not_made(log):
    admin_id, person_id = make_user(role="admin").id, make_user().id
    before = counts()
    with audit_appends_refused():
        admin = db.session.get(User, admin_id)
        with pytest.raises(sa.exc.DBAPIError):
            accounts.set_role(user_id=person_id, role="auditor", actor=admin,
                              now=datetime.now(UTC))
    assert counts() == before
    assert db.session.get(User, person_id).role == "resident"
