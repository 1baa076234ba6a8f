"""Feedback ("you said, we did") through HTTP: after the close, once."""

from datetime import timedelta

import pytest
import sqlalchemy as sa

from consult.domain import voting
from consult.models import AuditEntry, Feedback, LinkEvent, db
from consult.services import consultation_history, responses
from tests.conftest import submit
from tests.factories import make_closed_consultation, make_proposal, make_user
from tests.integration.decision_data import (
    count,
    page,
    publish_feedback,
    record,
    timeline_kinds,
)


def test_feedback_is_refused_while_the_consultation_is_open(app, officer):
    proposal = make_proposal(status="open")
    response = publish_feedback(officer, proposal)
    assert response.status_code == 200
    assert "only after the consultation has closed" in response.get_data(as_text=True)
    assert count(Feedback) == 0


def test_feedback_published_after_the_close_carries_the_counted_totals(app, officer, client):
    proposal = make_closed_consultation(choices=(0, 0, 1))
    response = publish_feedback(officer, proposal)
    assert response.status_code == 302
    assert response.headers["Location"] == f"/consultations/{proposal.id}#feedback"
    published = db.session.scalars(sa.select(Feedback)).one()
    assert published.totals["total"] == 3
    assert [row["count"] for row in published.totals["rows"]] == [2, 1, 0]
    assert published.themes == [] and published.unanswered_reason == ""
    assert timeline_kinds(proposal.link_id)[-1] == "consultation_response"  # a stable kind
    for path in (f"/consultations/{proposal.id}", f"/consultations/{proposal.id}/results"):
        html = page(client, path)
        assert "Feedback: you said, we did" in html and "Most people supported" in html
        assert "3 responses. Council area and other respondents (3): Support 2 (66.7%)" in html
    link_page = page(client, f"/links/{proposal.link.slug}")
    assert "Feedback published" in link_page and "0 themes answered." in link_page
    assert f"/consultations/{proposal.id}#feedback" in link_page


def test_feedback_is_published_once_and_corrected_only_by_a_dated_note(app, officer, client):
    proposal = make_closed_consultation()
    assert publish_feedback(officer, proposal).status_code == 302
    again = publish_feedback(officer, proposal, summary="Rewritten.")
    assert "already been published" in again.get_data(as_text=True)
    note = submit(officer, f"/officer/consultations/{proposal.id}/feedback/notes/new",
                  {"body": "The summary should have said 3 responses, not 2."})
    assert note.status_code == 302
    html = page(client, f"/consultations/{proposal.id}")
    assert "Most people supported the proposal." in html and "Rewritten." not in html
    assert "Correction," in html and "said 3 responses, not 2" in html


def test_a_correction_needs_published_feedback(app, officer):
    proposal = make_closed_consultation()
    assert officer.get(f"/officer/consultations/{proposal.id}/feedback/notes/new"
                       ).status_code == 404


def test_the_audit_log_names_feedback_entries_as_it_always_has(app, officer):
    """Public record: auditors' tools read these action names and keys, so they stay."""
    proposal = make_closed_consultation()
    publish_feedback(officer, proposal)
    submit(officer, f"/officer/consultations/{proposal.id}/feedback/notes/new",
           {"body": "A correction."})
    published = db.session.scalars(sa.select(Feedback)).one()
    entries = {entry.action: entry.details for entry in db.session.scalars(
        sa.select(AuditEntry).where(AuditEntry.action.like("consultation_response.%")))}
    assert set(entries) == {"consultation_response.published",
                            "consultation_response.note_added"}
    assert entries["consultation_response.published"]["response_id"] == published.id


@pytest.mark.parametrize(("old", "new"), [("response/new", "feedback"),
                                          ("response/notes/new", "feedback/notes/new")])
def test_the_old_officer_addresses_send_bookmarks_on_to_the_feedback_pages(app, officer, old,
                                                                           new):
    answer = officer.get(f"/officer/consultations/7/{old}")
    assert answer.status_code == 308
    assert answer.headers["Location"] == f"/officer/consultations/7/{new}"


def test_an_empty_note_is_refused(app, officer):
    proposal = make_closed_consultation()
    publish_feedback(officer, proposal)
    response = submit(officer, f"/officer/consultations/{proposal.id}/feedback/notes/new",
                      {"body": "  "})
    assert response.status_code == 200 and "Enter the correction" in response.get_data(
        as_text=True)


SPLIT_LINE = ("2 responses. Council area and other respondents (1): Support 1 (100.0%), "
              "Oppose 0 (0.0%), Neither support nor oppose 0 (0.0%). Twin city residents (1): "
              "Support 0 (0.0%), Oppose 1 (100.0%), Neither support nor oppose 0 (0.0%).")


def test_every_headline_total_counts_the_twin_citys_residents_apart(app, officer, client):
    proposal = make_closed_consultation(choices=())
    support, oppose = proposal.options[0].id, proposal.options[1].id
    for option, rtype in ((support, voting.LOCAL), (oppose, voting.TWIN_CITY)):
        responses.respond(proposal_id=proposal.id, respondent_id=make_user().id,
                          choice=voting.Choice(option, rtype),
                          now=proposal.opens_at + timedelta(days=2))
    consultation_history.settle_now(proposal_id=proposal.id,
                                    now=proposal.closes_at + timedelta(minutes=1))
    closed = db.session.scalar(sa.select(LinkEvent).where(
        LinkEvent.proposal_id == proposal.id, LinkEvent.kind == "consultation_closed"))
    assert SPLIT_LINE in closed.summary
    form = page(officer, f"/officer/consultations/{proposal.id}/decisions/new")
    assert "Twin city residents: 1 response" in form
    assert publish_feedback(officer, proposal).status_code == 302
    published = db.session.scalars(sa.select(Feedback)).one()
    assert published.totals["line"] == SPLIT_LINE
    assert [group["total"] for group in published.totals["groups"]] == [1, 1]
    assert record(officer, proposal).status_code == 302
    for path in (f"/consultations/{proposal.id}", f"/links/{proposal.link.slug}",
                 f"/links/{proposal.link.slug}/feed.atom"):
        html = page(client, path)
        assert "Support 1 (50.0%)" not in html and "Support 1 (50%)" not in html
        assert "Twin city residents (1)" in html, path
