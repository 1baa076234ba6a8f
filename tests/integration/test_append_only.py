"""History and audit rows are append-only: the database itself refuses UPDATE and DELETE."""

import importlib
import inspect
import pkgutil
import re

import pytest
import sqlalchemy as sa

from consult import services
from consult.models import AuditEntry, LinkEvent, db
from consult.queries import link_queries
from tests.factories import make_event, make_link

CHANGES = {
    ("link_events", "UPDATE"): "UPDATE link_events SET summary = 'Rewritten.' WHERE id = :key",
    ("link_events", "DELETE"): "DELETE FROM link_events WHERE id = :key",
    ("audit_entries", "UPDATE"): "UPDATE audit_entries SET actor = 'someone else' WHERE seq = :key",
    ("audit_entries", "DELETE"): "DELETE FROM audit_entries WHERE seq = :key",
}
EDITS_AN_EVENT = re.compile(r"(edit|update|delete|remove|amend|change|set|rewrite)_(link_)?event")
WHOLE_TABLE = [
    "UPDATE link_events SET summary = summary",
    "DELETE FROM link_events",
    "UPDATE audit_entries SET details = details",
    "DELETE FROM audit_entries",
]


@pytest.fixture
def history(app):
    """One link with one event; creating them wrote audit entries too."""
    link = make_link(partner_name="Volgograd", country="Russia")
    event = make_event(link, occurred_on="1944-06-06", kind="established",
                       summary="Formal bond of friendship.")
    return {"link_events": event.id, "audit_entries": db.session.scalar(
        sa.select(sa.func.max(AuditEntry.seq)))}


def snapshot() -> tuple[list, list]:
    db.session.expire_all()
    events = db.session.execute(sa.text(
        "SELECT id, summary FROM link_events ORDER BY id")).all()
    entries = db.session.execute(sa.text(
        "SELECT seq, actor, hash FROM audit_entries ORDER BY seq")).all()
    return events, entries


@pytest.mark.parametrize("table, verb", list(CHANGES), ids=[f"{v} {t}" for t, v in CHANGES])
def test_the_database_refuses_to_change_a_row_through_the_session(history, table, verb):
    before = snapshot()
    with pytest.raises(sa.exc.DBAPIError, match=f"{table} is append-only: {verb} refused"):
        db.session.execute(sa.text(CHANGES[table, verb]), {"key": history[table]})
    db.session.rollback()
    assert snapshot() == before


@pytest.mark.parametrize("table, verb", list(CHANGES), ids=[f"{v} {t}" for t, v in CHANGES])
def test_the_database_refuses_to_change_a_row_on_a_raw_connection(history, table, verb):
    before = snapshot()
    with pytest.raises(sa.exc.DBAPIError, match="append-only"):
        with db.engine.begin() as connection:
            connection.execute(sa.text(CHANGES[table, verb]), {"key": history[table]})
    assert snapshot() == before


@pytest.mark.parametrize("statement", WHOLE_TABLE)
def test_the_database_refuses_to_change_a_whole_table(history, statement):
    before = snapshot()
    with pytest.raises(sa.exc.DBAPIError, match="append-only"):
        with db.engine.begin() as connection:
            connection.exec_driver_sql(statement)
    assert snapshot() == before


def test_changing_an_event_through_the_orm_is_refused_at_commit(history):
    before = snapshot()
    event = db.session.get(LinkEvent, history["link_events"])
    event.summary = "Rewritten."
    with pytest.raises(sa.exc.DBAPIError, match="append-only"):
        db.session.commit()
    db.session.rollback()
    assert snapshot() == before


def test_deleting_an_audit_entry_through_the_orm_is_refused_at_commit(history):
    before = snapshot()
    db.session.delete(db.session.get(AuditEntry, (0, history["audit_entries"])))
    with pytest.raises(sa.exc.DBAPIError, match="append-only"):
        db.session.commit()
    db.session.rollback()
    assert snapshot() == before


def test_appending_still_works(history):
    events, entries = snapshot()
    link = link_queries.get_by_slug("volgograd")
    make_event(link, occurred_on="1972", summary="Volgograd Place named in Coventry.")
    more_events, more_entries = snapshot()
    assert more_events[:len(events)] == events and len(more_events) == len(events) + 1
    assert more_entries[:len(entries)] == entries and len(more_entries) == len(entries) + 1


def service_functions():
    for module_info in pkgutil.iter_modules(services.__path__):
        module = importlib.import_module(f"{services.__name__}.{module_info.name}")
        for name, function in inspect.getmembers(module, inspect.isfunction):
            if function.__module__ == module.__name__:
                yield f"{module_info.name}.{name}", function


def test_no_service_edits_or_removes_an_event():
    functions = dict(service_functions())
    assert "links.append_event" in functions
    for name, function in functions.items():
        assert not EDITS_AN_EVENT.search(name), name
        parameters = inspect.signature(function).parameters.values()
        assert not [p for p in parameters if p.name in ("event", "event_id", "link_event")
                    or p.annotation in (LinkEvent, "LinkEvent")], name


def test_no_page_edits_or_removes_an_event(app):
    event_rules = [rule for rule in app.url_map.iter_rules() if "event" in rule.rule]
    assert [(rule.rule, rule.endpoint) for rule in event_rules] == [
        ("/officer/links/<slug>/events/new", "officer.new_event")]
    assert not any({"PUT", "PATCH", "DELETE"} & rule.methods for rule in event_rules)
