"""Mass assignment: fields a form does not have are ignored, whatever they are called."""

from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser

import sqlalchemy as sa

from consult.models import Comment, Decision, Proposal, Response, User, db
from consult.services import discussion
from tests.conftest import submit
from tests.factories import PASSWORD, make_closed_consultation, make_link, make_proposal
from tests.integration.decision_data import publish_feedback, record

EXTRA = {
    "role": "admin", "user_id": "1", "author_id": "1", "is_verified": "1", "verified": "1",
    "email_verified_at": "2020-01-01T00:00:00+00:00", "id": "999", "receipt_code": "AAAA-AAAA",
    "status": "withdrawn", "state": "hidden", "hidden_reason": "spam",
    "hidden_at": "2020-01-01", "reason_status": "published", "created_at": "1900-01-01",
    "session_version": "0", "password_hash": "x",
    "recorded_by": "The Mayor", "recorded_by_id": "1", "published_by": "Nobody",
    "fingerprint": "0" * 64, "withdrawn": "1", "two_factor_secret": "AAAA",
}


def _fresh(model, **filters):
    db.session.expire_all()
    return db.session.scalars(sa.select(model).filter_by(**filters)).one()


def test_registration_keeps_only_its_own_fields(app):
    response = submit(app.test_client(), "/register", {
        **EXTRA, "display_name": "Ada", "email": "ada@example.org", "password": PASSWORD,
        "confirm": PASSWORD})
    assert response.status_code == 302
    user = _fresh(User, email="ada@example.org")
    assert (user.role, user.is_verified, user.display_name) == ("resident", False, "Ada")
    assert user.password_hash != "x" and user.id != 999


def test_changing_a_password_changes_nothing_else(signed_in):
    resident = signed_in("resident")
    response = submit(resident, "/account/password", {
        **EXTRA, "email": "intruder@evil.example", "display_name": "Mallory",
        "current_password": PASSWORD, "password": "another long passphrase",
        "confirm": "another long passphrase"})
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    user = _fresh(User, id=resident.user.id)
    assert (user.role, user.email, user.display_name) == (
        "resident", resident.user.email, resident.user.display_name)


def test_a_response_cannot_choose_its_owner_receipt_or_state(app, signed_in):
    other = make_proposal(status="open")
    proposal = make_proposal(status="open")
    resident = signed_in("resident")
    path = f"/consultations/{proposal.id}"
    response = submit(resident, f"{path}/respond", {
        **EXTRA, "proposal_id": str(other.id), "option": str(proposal.options[0].id),
        "respondent_type": "local_resident", "reason": "Because."}, token_from=path)
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    mine = _fresh(Response, user_id=resident.user.id)
    assert mine.proposal_id == proposal.id
    assert mine.receipt_code != "AAAA-AAAA" and mine.reason_status != "published"
    assert not mine.withdrawn
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Response).filter_by(
        proposal_id=other.id)) == 0


def test_an_option_of_another_proposal_is_refused(app, signed_in):
    other = make_proposal(status="open")
    proposal = make_proposal(status="open")
    resident = signed_in("resident")
    path = f"/consultations/{proposal.id}"
    response = submit(resident, f"{path}/respond", {
        "option": str(other.options[0].id), "respondent_type": "local_resident"},
        token_from=path)
    assert response.status_code == 200 and "There is a problem" in response.get_data(
        as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Response)) == 0


def test_a_comment_cannot_choose_its_author_proposal_or_visibility(app, signed_in):
    proposal = make_proposal(status="open")
    other = make_proposal(status="open")
    resident = signed_in("resident")
    foreign = discussion.post_comment(proposal_id=other.id, author=signed_in("resident").user,
                                      body="Elsewhere.",
                                      now=datetime.now(UTC))
    path = f"/consultations/{proposal.id}"
    response = submit(resident, f"{path}/comments", {
        **EXTRA, "proposal_id": str(other.id), "body": "Mine."}, token_from=path)
    assert response.status_code == 302
    comment = _fresh(Comment, body="Mine.")
    assert (comment.author_id, comment.proposal_id, comment.parent_id) == (
        resident.user.id, proposal.id, None)
    assert (comment.state, comment.hidden_reason) == ("visible", "")
    # A reply naming another proposal's comment as its parent is refused.
    reply = submit(resident, f"{path}/comments", {"body": "Reply.", "parent_id": str(foreign.id)},
                   token_from=path)
    assert reply.status_code in (200, 400)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Comment).filter_by(
        body="Reply.")) == 0


def test_an_officer_proposal_cannot_set_its_own_status_or_fingerprint(app, signed_in):
    officer = signed_in("officer")
    proposal = make_proposal(status="draft")
    page = officer.get(f"/officer/consultations/{proposal.id}/edit")
    assert page.status_code == 200
    form = _form_values(page.get_data(as_text=True))
    response = submit(officer, f"/officer/consultations/{proposal.id}/edit",
                      {**form, **EXTRA, "title": "Renamed"})
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    saved = _fresh(Proposal, id=proposal.id)
    assert (saved.title, saved.status) == ("Renamed", "draft")
    assert saved.fingerprint != "0" * 64


def test_a_decision_cannot_name_its_recorder_or_another_proposal(app, signed_in):
    officer = signed_in("officer")
    proposal = make_closed_consultation(now=datetime.now(UTC) - timedelta(minutes=1))
    other = make_closed_consultation()
    assert publish_feedback(officer, proposal).status_code == 302
    response = record(officer, proposal, **EXTRA, proposal_id=str(other.id),
                      link_id=str(make_link(partner_name="Elsewhere").id))
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    decision = _fresh(Decision, proposal_id=proposal.id)
    assert decision.link_id == proposal.link_id
    assert decision.recorded_by == officer.user.actor_label
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Decision).filter_by(
        proposal_id=other.id)) == 0


class _FormReader(HTMLParser):
    """What a browser would send back from a page's form unchanged."""

    def __init__(self):
        super().__init__()
        self.values: dict[str, str] = {}
        self.textarea = self.select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "input" and name and name != "csrf_token":
            self._input(name, attrs)
        elif tag == "textarea" and name:
            self.textarea, self.values[name] = name, ""
        elif tag == "select":
            self.select = name
        elif tag == "option" and "selected" in attrs:
            self.values[self.select] = attrs.get("value", "")

    def _input(self, name, attrs):
        if attrs.get("type") not in ("radio", "checkbox") or "checked" in attrs:
            self.values[name] = attrs.get("value") or ""

    def handle_data(self, data):
        if self.textarea:
            self.values[self.textarea] += data

    def handle_endtag(self, tag):
        if tag == "textarea":
            self.textarea = None


def _form_values(html: str) -> dict[str, str]:
    reader = _FormReader()
    reader.feed(html)
    return reader.values
