"""Officers accept or invalidate held responses in bulk, with a reason, audited; totals follow."""

import re
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa

from consult.models import AuditEntry, Response, db
from consult.queries import results
from consult.services import audit_log, feedback
from tests.conftest import submit
from tests.factories import make_proposal
from tests.integration.decision_data import record
from tests.security.abuse_data import BURST_CONFIG, respond_from, statuses

STREET = "203.0.113.9"


@pytest.fixture
def app_config(app_config):
    """Three responses an hour from one address, four from one email domain, and a library."""
    return {**app_config, **BURST_CONFIG}


@pytest.fixture
def held(app):
    """A closed consultation: three counted responses, and four held from one address."""
    proposal = make_proposal(status="closed", options=["Support", "Oppose"],
                             results_visibility="shown")
    respond_from(proposal, STREET, count=3)
    pending = respond_from(proposal, STREET, count=4, choose=1, start=3)
    assert [row.review_status for row in pending] == ["pending"] * 4
    return proposal, pending


def review(client, proposal, rows, action: str = "accept", note: str = "Checked by phone.",
           prefix: str = ""):
    name = f"{prefix}-" if prefix else ""
    path = f"/officer/consultations/{proposal.id}/review"
    data = {f"{name}responses": [str(row.id) for row in rows], f"{name}action": action,
            f"{name}note": note}
    return submit(client, path + ("/invalidated" if prefix else ""), data, token_from=path)


def entries(action: str) -> list[AuditEntry]:
    db.session.expire_all()
    return list(db.session.scalars(sa.select(AuditEntry).filter_by(action=action)))


def test_the_review_page_lists_held_responses_by_reason_without_names(app, officer, held):
    proposal, pending = held
    answer = officer.get(f"/officer/consultations/{proposal.id}/review")
    assert answer.status_code == 200
    html = answer.get_data(as_text=True)
    tag = pending[0].address_hash[:6]
    assert html.count("<legend") == 1
    assert f"Burst from one network address (network {tag}) (4)" in html
    assert "Held for: burst from one network address: 7 responses in an hour." in html
    for row in pending:
        assert row.receipt_code in html and f'value="{row.id}"' in html
        assert row.user.email not in html and row.user.display_name not in html
    assert "gmail.com" in html and STREET not in html
    manage = officer.get(f"/officer/consultations/{proposal.id}").get_data(as_text=True)
    assert "Review held responses (4 waiting)" in manage


def test_accepting_selected_responses_counts_them_and_is_audited(app, officer, held, client):
    proposal, pending = held
    answer = review(officer, proposal, pending[:2], "accept")
    assert answer.status_code == 302
    assert answer.headers["Location"] == f"/officer/consultations/{proposal.id}/review"
    assert statuses(proposal) == ["counted"] * 5 + ["pending"] * 2
    assert results.tally(proposal)["total"] == 5
    assert results.tally(proposal)["overall"][1].count == 2
    [entry] = entries("responses.accepted")
    assert entry.actor == "Olu Officer (officer)" and entry.subject == f"proposal:{proposal.id}"
    assert entry.details == {"receipt_codes": sorted(row.receipt_code for row in pending[:2]),
                             "count": 2, "reason": "Checked by phone."}
    accepted = db.session.get(Response, pending[0].id)
    assert accepted.reviewed_by_id == officer.user.id and accepted.review_note
    html = client.get(f"/consultations/{proposal.id}/results").get_data(as_text=True)
    assert re.search(r'id="response-count">5 responses', html)
    assert audit_log.verify_chain() == (True, None)


def test_invalidated_responses_are_kept_marked_and_left_out_of_every_total(
        app, officer, held, client):
    proposal, pending = held
    assert review(officer, proposal, pending, "invalidate", "One person, many accounts.") \
        .status_code == 302
    assert statuses(proposal) == ["counted"] * 3 + ["invalidated"] * 4
    db.session.expire_all()
    kept = db.session.scalars(sa.select(Response).filter_by(review_status="invalidated")).all()
    assert {row.review_note for row in kept} == {"One person, many accounts."}
    assert all(row.option_id == proposal.options[1].id for row in kept)
    assert results.tally(proposal)["overall"][1].count == 0
    body = client.get(f"/api/v1/consultations/{proposal.id}/results").get_json()
    assert body["response_count"] == 3
    html = client.get(f"/consultations/{proposal.id}/results").get_data(as_text=True)
    assert "4 responses invalidated by an officer" in html
    [entry] = entries("responses.invalidated")
    assert entry.details["count"] == 4 and entry.details["reason"] == "One person, many accounts."
    assert audit_log.verify_chain() == (True, None)


def test_invalidated_responses_can_be_accepted_after_all_with_a_reason(app, officer, held):
    proposal, pending = held
    review(officer, proposal, pending, "invalidate")
    answer = review(officer, proposal, pending[:1], "accept", "Confirmed: a real resident.",
                    prefix="invalidated")
    assert answer.status_code == 302
    assert statuses(proposal) == ["counted"] * 4 + ["invalidated"] * 3
    [entry] = entries("responses.accepted")
    assert entry.details["receipt_codes"] == [pending[0].receipt_code]


def test_invalidating_an_invalidated_response_again_is_refused(app, officer, held):
    proposal, pending = held
    review(officer, proposal, pending[:1], "invalidate")
    answer = review(officer, proposal, pending[:1], "invalidate", prefix="invalidated")
    assert answer.status_code == 200
    assert "have changed since the page was shown" in answer.get_data(as_text=True)
    assert len(entries("responses.invalidated")) == 1


@pytest.mark.parametrize(("rows", "note", "message", "href"), [
    (0, "A reason.", "Select at least one response", "#responses"),
    (2, "", "Enter the reason for your decision", "#note"),
    (2, "x" * 501, "The reason must be 500 characters or fewer", "#note")])
def test_a_review_without_a_selection_or_a_reason_shows_the_problem(
        app, officer, held, rows, note, message, href):
    proposal, pending = held
    answer = review(officer, proposal, pending[:rows], "invalidate", note)
    assert answer.status_code == 200
    html = answer.get_data(as_text=True)
    assert "govuk-error-summary" in html and message in html and f'href="{href}"' in html
    assert statuses(proposal).count("pending") == 4
    assert entries("responses.invalidated") == []


@pytest.mark.parametrize("value", ["abc", "-1", "1.5", "99999999999999999999"])
def test_nonsense_response_ids_are_refused_without_an_error_page(app, officer, held, value):
    proposal, _ = held
    path = f"/officer/consultations/{proposal.id}/review"
    answer = submit(officer, path, {"responses": value, "action": "accept", "note": "ok"})
    assert answer.status_code == 200
    assert statuses(proposal).count("pending") == 4


def test_a_response_from_another_consultation_cannot_be_reviewed_here(app, officer, held):
    proposal, _ = held
    other = make_proposal(status="open", options=["Yes", "No"])
    stranger = respond_from(other, STREET, count=4)[-1]
    assert stranger.review_status == "pending"
    answer = review(officer, proposal, [stranger], "accept")
    assert answer.status_code == 200
    assert statuses(other)[-1] == "pending" and entries("responses.accepted") == []


def test_review_is_refused_once_published_feedback_has_used_the_totals(app, officer, held):
    proposal, pending = held
    feedback.publish(proposal_id=proposal.id, summary="What we heard.", answers={},
                     actor=officer.user, now=datetime.now(UTC))
    answer = review(officer, proposal, pending, "accept")
    assert answer.status_code == 200
    assert "The totals are final" in answer.get_data(as_text=True)
    assert statuses(proposal).count("pending") == 4
    assert 'id="review-refused"' in officer.get(
        f"/officer/consultations/{proposal.id}/review").get_data(as_text=True)


def test_officers_can_review_while_the_consultation_is_open(app, officer):
    proposal = make_proposal(status="open", options=["Support", "Oppose"])
    pending = respond_from(proposal, STREET, count=4)[-1:]
    assert review(officer, proposal, pending, "accept").status_code == 302
    assert statuses(proposal) == ["counted"] * 4


def test_a_draft_has_nothing_to_review(app, officer):
    proposal = make_proposal(status="draft")
    html = officer.get(f"/officer/consultations/{proposal.id}/review").get_data(as_text=True)
    assert "No responses are held for review" in html and 'id="review-refused"' in html


@pytest.mark.parametrize("path", ["", "/invalidated"])
def test_residents_cannot_see_or_use_the_review_pages(app, signed_in, held, path):
    proposal, pending = held
    resident = signed_in("resident")
    url = f"/officer/consultations/{proposal.id}/review"
    assert resident.get(url).status_code == 403
    answer = submit(resident, url + path, {"responses": str(pending[0].id), "action": "accept",
                                           "note": "mine"}, token_from="/")
    assert answer.status_code == 403
    assert statuses(proposal).count("pending") == 4


def test_the_review_form_needs_its_csrf_token(app, officer, held):
    proposal, pending = held
    answer = officer.post(f"/officer/consultations/{proposal.id}/review",
                          data={"responses": str(pending[0].id), "action": "accept",
                                "note": "No token."})
    assert answer.status_code == 400
    assert statuses(proposal).count("pending") == 4



def test_review_is_refused_once_a_decision_is_recorded(app, officer, held):
    proposal, pending = held
    assert record(officer, proposal).status_code == 302
    answer = review(officer, proposal, pending, "invalidate")
    assert answer.status_code == 200
    assert "before a decision is recorded" in answer.get_data(as_text=True)
    assert statuses(proposal).count("pending") == 4 and entries("responses.invalidated") == []
