"""Decisions taken without public consultation: marked everywhere, with the reason why."""

from datetime import date, timedelta

import sqlalchemy as sa

from consult.models import Decision, db
from tests.conftest import submit
from tests.factories import make_link
from tests.integration.decision_data import (
    TODAY,
    count,
    day_fields,
    page,
    unconsulted,
)


def test_a_decision_without_consultation_needs_a_reason(app, officer):
    make_link(partner_name="Kiel")
    response = submit(officer, "/officer/links/kiel/decisions/new",
                      unconsulted(no_consultation_reason=""))
    assert response.status_code == 200
    assert "Say why the decision could not wait for a public consultation" in \
        response.get_data(as_text=True)
    assert count(Decision) == 0


def test_a_decision_without_consultation_is_marked_everywhere(app, officer, client):
    make_link(partner_name="Kiel")
    response = submit(officer, "/officer/links/kiel/decisions/new", unconsulted())
    assert response.status_code == 302
    decision = db.session.scalars(sa.select(Decision)).one()
    assert decision.proposal_id is None
    html = page(client, f"/decisions/{decision.id}")
    assert "Decided without public consultation" in html and "Urgent resolution." in html
    assert html.count("govuk-tag--red\">Failed") == 5
    assert "No public consultation" in html
    assert "Decided without public consultation: Urgent resolution." in page(client,
                                                                           "/links/kiel")
    listed = page(client, "/decisions?consulted=no")
    assert f'href="/decisions/{decision.id}"' in listed and "1 decision found." in listed
    assert "0 decisions found." in page(client, "/decisions?consulted=yes")


def test_a_suspension_review_date_shows_as_due_once_it_passes(app, officer, client):
    make_link(partner_name="Kiel")
    submit(officer, "/officer/links/kiel/decisions/new", unconsulted(
        **day_fields("decided_on", date(2024, 1, 10)), **day_fields("review_on",
                                                                      date(2025, 1, 10)),
        **day_fields("retrospective_by", date(2024, 3, 1))))
    assert 'id="review-due"' in page(client, "/links/kiel")
    dashboard = page(officer, "/officer/")
    assert "Review overdue" in dashboard and "10 January 2025" in dashboard
    assert "Retrospective consultation overdue since 1 March 2024" in dashboard


def test_a_review_date_still_to_come_is_shown_but_not_due(app, officer, client):
    make_link(partner_name="Kiel")
    submit(officer, "/officer/links/kiel/decisions/new", unconsulted(
        **day_fields("review_on", TODAY + timedelta(days=365))))
    html = page(client, "/links/kiel")
    assert 'id="review-due"' not in html and "is to be reviewed by" in html
    assert "Review due" not in page(officer, "/officer/")


