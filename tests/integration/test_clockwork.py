"""Consultations open and close by the clock; the next request records it in the history."""

import sqlalchemy as sa

from consult.models import LinkEvent, db
from tests.factories import make_proposal


def _milestones(proposal_id: int) -> list[str]:
    db.session.expire_all()
    return sorted(db.session.scalars(sa.select(LinkEvent.kind).where(
        LinkEvent.proposal_id == proposal_id)))


def test_a_consultation_that_closed_unattended_is_in_the_history_after_the_next_request(
        app, client):
    proposal = make_proposal(status="closed")
    assert _milestones(proposal.id) == []
    assert client.get("/links").status_code == 200
    assert _milestones(proposal.id) == ["consultation_closed", "consultation_opened"]


def test_a_later_request_does_not_record_the_milestones_twice(app, client):
    proposal = make_proposal(status="open")
    client.get("/")
    app.test_client().get("/about")  # another visitor, same worker
    assert _milestones(proposal.id) == ["consultation_opened"]


def test_an_upcoming_consultation_has_no_milestones_yet(app, client):
    proposal = make_proposal(status="scheduled")
    client.get("/")
    assert _milestones(proposal.id) == []
