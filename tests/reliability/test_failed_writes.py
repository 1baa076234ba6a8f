"""An action whose audit append or commit fails leaves nothing behind, and says so.

Real database throughout: the failure is forced either in the audit append (after the real
append has added its entry and the domain rows are flushed) or in the commit itself (a
before_commit listener), and the whole database is compared before and after.
"""

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from consult.models import AuditEntry, db
from consult.services import audit_log
from tests.conftest import csrf_token
from tests.factories import make_closed_consultation, make_proposal
from tests.integration.decision_data import decision_form

ERROR_PAGE = "Sorry, there is a problem with the service"


class Injected(RuntimeError):
    """The fault this test forces."""


def _everything() -> dict[str, list[tuple]]:
    """Every row of every table, in a stable order."""
    db.session.expire_all()
    return {table.name: sorted(map(tuple, db.session.execute(sa.select(table)).all()), key=repr)
            for table in db.metadata.sorted_tables}


def _head():
    return db.session.scalars(sa.select(AuditEntry.hash).order_by(AuditEntry.seq.desc())).first()


@pytest.fixture(params=["audit append", "commit"])
def fault(request, monkeypatch):
    """Arm the fault for the next request only: the set-up before it writes normally."""
    armed = {"on": False, "fired": 0}
    real_append = audit_log.append

    def failing_append(**kwargs):
        entry = real_append(**kwargs)
        if armed["on"]:
            armed["fired"] += 1
            raise Injected("the audit store failed after the entry was added")
        return entry

    def failing_commit(_session):
        if armed["on"]:
            armed["fired"] += 1
            raise Injected("the commit failed")

    if request.param == "audit append":
        monkeypatch.setattr(audit_log, "append", failing_append)
        yield armed
    else:
        sa.event.listen(Session, "before_commit", failing_commit)
        try:
            yield armed
        finally:
            sa.event.remove(Session, "before_commit", failing_commit)


def _post_with_fault(client, path: str, data: dict, fault, *, token_from: str):
    data = {"csrf_token": csrf_token(client, token_from), **data}
    before, head = _everything(), _head()
    fault["on"] = True
    try:
        answer = client.post(path, data=data)
    finally:
        fault["on"] = False
    assert fault["fired"] >= 1, "the fault never fired: the test proves nothing"
    assert answer.status_code == 500
    assert ERROR_PAGE in answer.get_data(as_text=True)
    assert "Location" not in answer.headers
    assert _everything() == before
    assert _head() == head
    assert audit_log.verify_chain() == (True, None)
    return answer


def test_a_failed_response_submission_leaves_nothing_behind(app, signed_in, fault):
    proposal = make_proposal(status="open", results_visibility="shown")
    resident = signed_in("resident")
    page = f"/consultations/{proposal.id}"
    _post_with_fault(resident, f"{page}/respond", {
        "option": str(proposal.options[0].id), "respondent_type": "local_resident",
        "reason": "A reason that must not be stored."}, fault, token_from=page)


def test_a_failed_publish_leaves_the_draft_unpublished(app, signed_in, fault):
    proposal = make_proposal(status="draft")
    officer = signed_in("officer")
    page = f"/officer/consultations/{proposal.id}"
    form = {"schedule": "Publish", "no_twin_council_reason": "Not asked."}
    _post_with_fault(officer, f"{page}/schedule", form, fault, token_from=page)
    assert app.test_client().get(f"/consultations/{proposal.id}").status_code == 404


def test_a_failed_decision_record_leaves_no_decision_and_the_link_unchanged(
        app, signed_in, fault):
    proposal = make_closed_consultation()
    officer = signed_in("officer")
    path = f"/officer/consultations/{proposal.id}/decisions/new"
    data = decision_form(matched_option=str(proposal.options[0].id))
    _post_with_fault(officer, path, data, fault, token_from=path)
