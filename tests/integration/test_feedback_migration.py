"""Migration 0011 moves the council's feedback to tables named for it, rows, ids and seals kept."""

import pytest
import sqlalchemy as sa
from flask_migrate import downgrade, upgrade

from consult.models import db
from tests import databases
from tests.factories import make_proposal, make_user


@pytest.fixture
def database_at_0010(tmp_path):
    """The rows the feedback refers to are made through today's models (at head), then the
    schema goes back to 0010 to hold the feedback as 0010 did."""
    with databases.app_at_revision("head", "feedback", tmp_path):
        yield


def _run(connection, sql: str, **params):
    return connection.execute(sa.text(sql), params)


def _refused(statement: str) -> None:
    with pytest.raises(sa.exc.DBAPIError, match="append-only"):
        with db.engine.begin() as connection:
            _run(connection, statement)


class _Ids:
    def __init__(self, id_: int, link_id: int | None = None):
        self.id, self.link_id = id_, link_id


def _old_rows() -> None:
    """Feedback, a correction to it and two decisions referring to it, as 0010 held them: one
    sealed, one still waiting for its seal."""
    officer, proposal = make_user(role="officer"), make_proposal(status="closed")
    officer, proposal = _Ids(officer.id), _Ids(proposal.id, proposal.link_id)
    db.session.remove()
    downgrade(revision="0010")
    with db.engine.begin() as connection:
        _run(connection, "INSERT INTO consultation_responses (id, proposal_id, summary, totals, "
             "themes, published_at, published_by_id, published_by) VALUES (7, :p, 'Heard.', "
             "'{}', '[]', CURRENT_TIMESTAMP, :u, 'Olu')", p=proposal.id, u=officer.id)
        _run(connection, "INSERT INTO consultation_response_notes (id, response_id, body, "
             "created_at, author_id, author) VALUES (3, 7, 'Corrected.', CURRENT_TIMESTAMP, :u, "
             "'Olu')", u=officer.id)
        for decision_id, seq, seal in ((50, 1, "h"), (51, None, None)):
            _run(connection, "INSERT INTO decisions (id, link_id, proposal_id, response_id, "
                 "decided_on, body, committee_name, outcome, action, title, summary, reasons, "
                 "alternatives, interests, vote_names, minutes_url, sources, "
                 "no_consultation_reason, differs, departure_reason, recorded_at, recorded_by, "
                 "audit_seq, audit_hash) VALUES (:id, :l, :p, 7, '2026-01-10', 'cabinet', '', "
                 "'adopted', 'suspend', 'T', 'S', 'R', '', '', '{}', '', '[]', '', false, '', "
                 "CURRENT_TIMESTAMP, 'Olu', :seq, :seal)", id=decision_id, l=proposal.link_id,
                 p=proposal.id, seq=seq, seal=seal)
    db.session.remove()  # its transaction would hold a lock the migration's ALTERs wait for


def _rows(table: str, notes: str, column: str) -> tuple:
    with db.engine.connect() as connection:
        return (_run(connection, f"SELECT id, summary FROM {table}").all(),
                _run(connection, f"SELECT id, {column}, body FROM {notes}").all(),
                _run(connection, f"SELECT {column} FROM decisions ORDER BY id").all())


def test_the_upgrade_moves_the_rows_and_keeps_them_append_only(database_at_0010):
    _old_rows()
    upgrade(revision="0011")
    assert _rows("feedback", "feedback_notes", "feedback_id") == (
        [(7, "Heard.")], [(3, 7, "Corrected.")], [(7,), (7,)])
    with db.engine.begin() as connection:  # new ids carry on after the moved ones
        _run(connection, "INSERT INTO feedback_notes (feedback_id, body, created_at, author) "
             "VALUES (7, 'Again.', CURRENT_TIMESTAMP, 'Olu')")
        assert _run(connection, "SELECT MAX(id) FROM feedback_notes").scalar_one() == 4
    _refused("UPDATE feedback SET summary = 'Rewritten.'")
    _refused("DELETE FROM feedback_notes")
    _refused("UPDATE decisions SET feedback_id = NULL WHERE id = 50")
    # The seal may be set once, but not with any other change: the renamed column included.
    _refused("UPDATE decisions SET feedback_id = NULL, audit_seq = 2, audit_hash = 'h' "
             "WHERE id = 51")


def test_the_downgrade_moves_them_back(database_at_0010):
    _old_rows()
    upgrade(revision="0011")
    downgrade(revision="0010")
    assert _rows("consultation_responses", "consultation_response_notes", "response_id") == (
        [(7, "Heard.")], [(3, 7, "Corrected.")], [(7,), (7,)])
    _refused("UPDATE consultation_responses SET summary = 'Rewritten.'")
    _refused("DELETE FROM consultation_response_notes")
    _refused("UPDATE decisions SET response_id = NULL, audit_seq = 2, audit_hash = 'h' "
             "WHERE id = 51")
