"""Decisions on consultations through HTTP: recorded after the close, applied to the link in
the same transaction, corrected only by new records; and the public register of decisions."""

import re

import pytest
import sqlalchemy as sa

from consult.models import (
    AuditEntry,
    Decision,
    Feedback,
    LinkEvent,
    Proposal,
    TwinLink,
    db,
)
from tests.conftest import submit
from tests.factories import make_closed_consultation, make_link, make_proposal
from tests.integration.decision_data import (
    count,
    day_fields,
    decision_form,
    page,
    publish_feedback,
    record,
    timeline_kinds,
    unconsulted,
)

# Decisions on a consultation.

def test_a_decision_cannot_be_recorded_while_the_consultation_is_open(app, officer):
    proposal = make_proposal(status="open")
    response = record(officer, proposal)
    assert response.status_code == 200
    assert "still open" in response.get_data(as_text=True)
    assert count(Decision) == 0
    db.session.expire_all()
    assert db.session.get(TwinLink, proposal.link_id).status == "active"


def test_an_adopted_suspension_suspends_the_link_and_shows_on_its_history(app, officer, client):
    proposal = make_closed_consultation()
    publish_feedback(officer, proposal)
    response = record(officer, proposal)
    assert response.status_code == 302
    decision = db.session.scalars(sa.select(Decision)).one()
    assert response.headers["Location"] == f"/decisions/{decision.id}"
    db.session.expire_all()
    assert db.session.get(TwinLink, proposal.link_id).status == "suspended"
    assert db.session.get(Proposal, proposal.id).status == "decided"
    assert timeline_kinds(proposal.link_id)[-3:] == ["consultation_response", "decision",
                                                     "status_changed"]
    assert decision.feedback_id is not None and not decision.differs
    sealed = db.session.get(AuditEntry, (0, decision.audit_seq))
    assert (sealed.action, sealed.subject, sealed.hash) == (
        "decision.recorded", f"decision:{decision.id}", decision.audit_hash)
    assert sealed.details["votes_against"] == 2 and sealed.actor == "Olu Officer (officer)"
    assert sealed.details["response_id"] == decision.feedback_id  # the audit log's own key
    html = page(client, f"/links/{proposal.link.slug}")
    assert "Suspended</strong>" in html
    assert f'href="/decisions/{decision.id}"' in html
    assert "Outcome: adopted as proposed, by full council. Votes: 40 for, 2 against" in html


def test_the_decision_page_shows_the_record_its_consultation_and_all_checks_passed(
        app, officer, client):
    proposal = make_closed_consultation()
    publish_feedback(officer, proposal)
    record(officer, proposal)
    decision = db.session.scalars(sa.select(Decision)).one()
    html = page(client, f"/decisions/{decision.id}")
    assert "The council condemned the invasion." in html
    assert "40 for, 2 against, 1 abstaining" in html and "Against: Cllr A, Cllr B" in html
    assert decision.audit_hash in html and "Most people supported the proposal." in html
    assert "No response gave a reason." in html
    assert html.count("govuk-tag--green\">Passed") == 5
    assert "Active → Suspended" in html
    public = page(client, f"/consultations/{proposal.id}")
    assert public.count("govuk-tag--green\">Passed") == 5


def test_a_decision_before_the_feedback_is_published_fails_two_checks(app, officer, client):
    proposal = make_closed_consultation()
    assert record(officer, proposal).status_code == 302
    html = page(client, f"/consultations/{proposal.id}")
    assert html.count("govuk-tag--red\">Failed") == 2
    assert "No feedback was published before the decision." in html


def test_a_failed_status_change_writes_nothing(app, officer):
    link = make_link(partner_name="Kiel")
    proposal = make_closed_consultation(link=link, action="resume")
    response = record(officer, proposal)  # an active link cannot be resumed: no change at all
    assert response.status_code == 302
    link.status = "ended"  # not through a service: set up a link the table cannot resume
    db.session.commit()
    other = make_closed_consultation(link=link, action="resume")
    before = (count(Decision), count(LinkEvent), count(AuditEntry))
    refused = record(officer, other)
    assert refused.status_code == 200
    assert "cannot become active" in refused.get_data(as_text=True)
    assert (count(Decision), count(LinkEvent), count(AuditEntry)) == before


def test_a_decision_against_the_most_supported_option_must_say_why(app, officer):
    proposal = make_closed_consultation(choices=(0, 0, 1))
    oppose = str(proposal.options[1].id)
    refused = record(officer, proposal, matched_option=oppose)
    assert "differs from the option most people supported" in refused.get_data(as_text=True)
    assert count(Decision) == 0
    accepted = record(officer, proposal, matched_option=oppose,
                      departure_reason="Safety advice outweighs the responses.")
    assert accepted.status_code == 302
    assert db.session.scalars(sa.select(Decision)).one().differs


def test_a_correction_is_a_new_record_that_links_to_the_original(app, officer, client):
    proposal = make_closed_consultation()
    publish_feedback(officer, proposal)
    record(officer, proposal)
    original = db.session.scalars(sa.select(Decision)).one()
    form_page = page(officer, f"/officer/consultations/{proposal.id}/decisions/new")
    assert f'value="{original.id}"' in form_page
    wrong = record(officer, proposal, corrects_id=str(original.id), outcome="rejected")
    assert "cannot change the outcome" in wrong.get_data(as_text=True)
    fixed = record(officer, proposal, corrects_id=str(original.id), votes_against="3",
                   names_against="Cllr A\nCllr B\nCllr C")
    assert fixed.status_code == 302
    correction = db.session.scalars(sa.select(Decision).order_by(Decision.id.desc())).first()
    assert correction.corrects_id == original.id
    assert timeline_kinds(proposal.link_id).count("status_changed") == 1
    assert f'href="/decisions/{correction.id}"' in page(client, f"/decisions/{original.id}")
    assert "This record has been corrected" in page(client, f"/decisions/{original.id}")
    assert "this record corrects" in page(client, f"/decisions/{correction.id}")
    entries = db.session.scalars(sa.select(LinkEvent).where(
        LinkEvent.decision_id.is_not(None), LinkEvent.kind == "decision").order_by(
        LinkEvent.id)).all()
    assert entries[1].corrects_id == entries[0].id
    again = record(officer, proposal, corrects_id=str(original.id))
    assert again.status_code == 200  # only the latest record can be corrected


def test_a_decided_consultation_takes_no_second_decision_without_a_correction(app, officer):
    proposal = make_closed_consultation()
    record(officer, proposal)
    again = record(officer, proposal)
    assert "has been decided" in again.get_data(as_text=True)
    assert count(Decision) == 1


def test_a_deferred_decision_can_be_followed_by_a_later_decision(app, officer):
    proposal = make_closed_consultation()
    deferred = record(officer, proposal, outcome="deferred", matched_option="none")
    assert deferred.status_code == 302
    db.session.expire_all()
    assert db.session.get(TwinLink, proposal.link_id).status == "active"
    assert db.session.get(Proposal, proposal.id).status == "scheduled"  # closed by the clock
    later = record(officer, proposal)
    assert later.status_code == 302
    db.session.expire_all()
    assert db.session.get(Proposal, proposal.id).status == "decided"
    assert db.session.get(TwinLink, proposal.link_id).status == "suspended"
    assert [d.outcome for d in db.session.scalars(sa.select(Decision).order_by(Decision.id))] \
        == ["deferred", "adopted"]


# Bad input on every form: errors shown, what was typed kept, nothing written.

def _forms(officer):
    closed = make_closed_consultation(link=make_link(partner_name="Kiel"))
    base = f"/officer/consultations/{closed.id}"
    return [
        (f"{base}/decisions/new", decision_form(
            title="Typed title kept", votes_for="many", **day_fields("decided_on", None)),
         ["Enter a whole number", "Enter the date of the decision"]),
        ("/officer/links/kiel/decisions/new", unconsulted(
            title="Typed title kept", minutes_url="not a url", body=""),
         ["Enter a web address starting with https://", "Choose who took the decision"]),
        (f"{base}/feedback", {"summary": "Typed title kept", "unanswered_reason": "x" * 5001},
         ["Why the council does not answer some themes must be 5000 characters or fewer"]),
    ]


def test_bad_input_on_each_form_re_renders_with_errors_keeping_what_was_typed(app, officer):
    for path, data, errors in _forms(officer):
        before = (count(Decision), count(Feedback), count(AuditEntry))
        response = submit(officer, path, data)
        html = response.get_data(as_text=True)
        assert response.status_code == 200, path
        assert "<title>Error:" in html and "govuk-error-summary" in html, path
        assert "Typed title kept" in html, path
        for error in errors:
            assert error in html, (path, error)
        assert (count(Decision), count(Feedback), count(AuditEntry)) == before


# The public register of decisions.

@pytest.mark.parametrize("query", [
    "?link=no-such-link", "?link=%FF", "?outcome=approved%27", "?consulted=maybe",
    "?year=20x4", "?year=99999", "?year=0000", "?outcome=adopted&outcome=x", "?link=" + "a" * 300,
])
def test_malformed_filters_on_the_decisions_page_are_ignored(app, client, demo, query):
    html = page(client, f"/decisions{query}")
    assert "1 decision found." in html


def test_the_decisions_page_filters_by_link_outcome_consulted_and_year(app, client, demo):
    assert "1 decision found." in page(client, "/decisions?link=volgograd&outcome=adopted"
                                               "&consulted=no&year=2022")
    for query in ("?link=kiel", "?outcome=rejected", "?consulted=yes", "?year=2023"):
        assert "0 decisions found." in page(client, f"/decisions{query}"), query


def test_an_unknown_decision_is_not_found(app, client):
    assert client.get("/decisions/999").status_code == 404
    assert client.get(f"/decisions/{2**40}").status_code == 404


def test_the_demo_volgograd_suspension_is_decision_1_without_consultation(app, client, demo):
    html = page(client, "/decisions/1")
    assert "Suspend the twin link with Volgograd" in html
    assert "Urgent resolution at full council; no consultation was held" in html
    assert re.search(r"/audit/entries/\d+\">Entry \d+</a>, hash <code", html)
    assert db.session.get(Decision, 1).status_after == "suspended"


# The database keeps the records as they were written.

def _refused(statement: str, **values) -> None:
    with pytest.raises(sa.exc.DBAPIError, match="append-only"):
        with db.engine.begin() as connection:
            connection.execute(sa.text(statement), values)


def test_a_sealed_decision_cannot_be_changed_or_deleted(app, officer):
    proposal = make_closed_consultation()
    publish_feedback(officer, proposal)
    record(officer, proposal)
    decision = db.session.scalars(sa.select(Decision)).one()
    _refused("UPDATE decisions SET reasons = 'Rewritten.' WHERE id = :id", id=decision.id)
    _refused("UPDATE decisions SET audit_seq = 1, audit_hash = 'x' WHERE id = :id",
             id=decision.id)
    _refused("DELETE FROM decisions WHERE id = :id", id=decision.id)
    _refused("UPDATE decisions SET feedback_id = NULL WHERE id = :id", id=decision.id)
    _refused("UPDATE feedback SET summary = 'Rewritten.'")
    _refused("DELETE FROM feedback")
    db.session.expire_all()
    assert db.session.get(Decision, decision.id).reasons == "The council condemned the invasion."


def test_an_unsealed_decision_takes_only_the_seal_and_only_once(app):
    link = make_link(partner_name="Kiel")
    with db.engine.begin() as connection:
        connection.execute(sa.text(
            "INSERT INTO decisions (id, link_id, decided_on, body, committee_name, outcome, "
            "action, title, summary, reasons, alternatives, interests, vote_names, minutes_url, "
            "sources, no_consultation_reason, differs, departure_reason, recorded_at, "
            "recorded_by) VALUES (50, :link, '2024-01-10', 'cabinet', '', 'rejected', 'other', "
            "'T', 'S', 'R', '', '', '{}', '', '[]', 'Urgent.', false, '', CURRENT_TIMESTAMP, "
            "'x')"), {"link": link.id})
    _refused("UPDATE decisions SET reasons = 'Other.', audit_seq = 1, audit_hash = 'h' "
             "WHERE id = 50")
    with db.engine.begin() as connection:
        connection.execute(sa.text(
            "UPDATE decisions SET audit_seq = 1, audit_hash = 'h' WHERE id = 50"))
    _refused("UPDATE decisions SET audit_seq = 2, audit_hash = 'i' WHERE id = 50")
