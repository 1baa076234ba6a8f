"""Requests for a consultation through the pages: asking, moderating, signing, withdrawing,
answering, and forms that show their errors."""

import re
from datetime import UTC, datetime

import sqlalchemy as sa
from flask import current_app

from consult.models import ConsultationRequest, Signature, db
from tests.conftest import client_of, submit
from tests.factories import make_link, make_proposal, make_user
from tests.integration.request_data import make_request as _make_request


def make_request(**kwargs):
    """Published now: the pages run on the real clock."""
    return _make_request(now=datetime.now(UTC), **kwargs)


def _text(response) -> str:
    return response.get_data(as_text=True)


def test_a_resident_asks_and_a_moderator_publishes(app, signed_in, officer):
    link = make_link(partner_name="Dresden")
    resident = signed_in()
    page = submit(resident, "/requests/new", {"link": str(link.id), "action": "review",
                                              "title": "Review Dresden", "reason": "Why not?"})
    assert page.status_code == 302
    request_id = int(page.headers["Location"].rsplit("/", 1)[1])
    assert "Waiting for moderation" in _text(resident.get(f"/requests/{request_id}"))
    assert officer.get(f"/requests/{request_id}").status_code == 200
    assert app.test_client().get(f"/requests/{request_id}").status_code == 404
    assert "Review Dresden" in _text(officer.get("/officer/requests"))
    done = submit(officer, f"/officer/requests/{request_id}/publish", {},
                  token_from=f"/officer/requests/{request_id}")
    assert done.status_code == 302
    public = _text(app.test_client().get(f"/requests/{request_id}"))
    assert "Open for signatures" in public and "Review Dresden" in public


def test_the_new_request_form_shows_its_errors(signed_in):
    resident = signed_in()
    page = submit(resident, "/requests/new", {"link": "", "action": "", "title": "",
                                              "reason": "x" * 2001})
    html = _text(page)
    assert page.status_code == 200
    assert "There is a problem" in html
    assert "Choose the twin link the request is about" in html
    assert "Your reason must be 2,000 characters or fewer" in html


def test_a_rejection_shows_its_reason_and_withholds_personal_information(app, officer):
    request = make_request(status="pending", title="About Mr Smith at 3 High St")
    submit(officer, f"/officer/requests/{request.id}/reject", {"code": "personal_information"},
           token_from=f"/officer/requests/{request.id}")
    html = _text(app.test_client().get(f"/requests/{request.id}"))
    assert "It includes personal information" in html
    assert "Mr Smith" not in html
    assert "Mr Smith" not in _text(app.test_client().get("/requests?show=rejected"))


def test_signing_and_withdrawing_on_the_page(app):
    request = make_request()
    resident = client_of(app, make_user())
    page = submit(resident, f"/requests/{request.id}/sign",
                  {"signer_type": "twin_city_resident"}, token_from=f"/requests/{request.id}")
    assert page.status_code == 302
    html = _text(resident.get(f"/requests/{request.id}"))
    assert "You signed this request" in html
    assert re.search(r'id="twin-count">1 from the twin city', html)
    again = submit(resident, f"/requests/{request.id}/sign", {"signer_type": "local_resident"},
                   token_from="/requests/new")
    assert again.status_code == 200 and "You have already signed this request" in _text(again)
    submit(resident, f"/requests/{request.id}/withdraw-signature", {},
           token_from=f"/requests/{request.id}")
    db.session.expire_all()
    assert db.session.scalar(sa.select(Signature.withdrawn)) is True
    assert db.session.get(ConsultationRequest, request.id).twin_count == 0


def test_an_unsigned_visitor_is_asked_to_sign_in(app):
    request = make_request()
    assert "to sign" in _text(app.test_client().get(f"/requests/{request.id}"))


def test_the_officer_answers_with_a_consultation_that_shows_once_published(app, officer):
    link = make_link()
    request = make_request(link=link)
    proposal = make_proposal(link=link, status="open", title="Should we review Kiel?")
    page = submit(officer, f"/officer/requests/{request.id}/answer",
                  {"proposal": str(proposal.id)}, token_from=f"/officer/requests/{request.id}")
    assert page.status_code == 302
    html = _text(app.test_client().get(f"/requests/{request.id}"))
    assert "Answered" in html and f"/consultations/{proposal.id}" in html
    assert "Review the Kiel link" in _text(app.test_client().get("/requests?show=answered"))


def test_a_refusal_without_reasons_is_shown_again_with_the_error(officer):
    request = make_request()
    page = submit(officer, f"/officer/requests/{request.id}/refuse", {"reason": ""},
                  token_from=f"/officer/requests/{request.id}")
    assert page.status_code == 200
    assert "Enter the council" in _text(page)


def test_a_resident_cannot_reach_the_officer_pages(app, signed_in):
    request = make_request()
    resident = signed_in()
    assert resident.get("/officer/requests").status_code == 403
    assert resident.get(f"/officer/requests/{request.id}").status_code == 403


def test_the_list_and_the_home_page_link_to_requests(app):
    make_request(title="Review the link with Kiel")
    client = app.test_client()
    assert "Review the link with Kiel" in _text(client.get("/requests"))
    assert "Review the link with Kiel" in _text(client.get("/requests?show=open"))
    assert "Review the link with Kiel" not in _text(client.get("/requests?show=answered"))
    assert 'href="/requests"' in _text(client.get("/"))


def test_the_signers_still_signed_hear_the_council_refuse(app, officer, mailbox):
    from consult.services import requests
    from tests.smtp import text_of

    request = make_request(title="Review the Kiel link")
    stayed, left = make_user(email="stayed@example.org"), make_user(email="left@example.org")
    for person in (stayed, left):
        requests.sign(request_id=request.id, signer_id=person.id, signer_type="local_resident")
    requests.withdraw(request_id=request.id, signer_id=left.id)
    mailbox.clear()
    submit(officer, f"/officer/requests/{request.id}/refuse",
           {"reason": "We consulted on this in 2025."},
           token_from=f"/officer/requests/{request.id}")
    assert [message["To"] for message in mailbox.messages] == ["stayed@example.org"]
    [message] = mailbox.messages
    assert message["Subject"] == "The council has refused a request you signed"
    text = text_of(message)
    assert "We consulted on this in 2025." in text and "Review the Kiel link" in text
    assert f"/requests/{request.id}" in text


def test_an_officer_invalidates_held_signatures_in_bulk_and_the_count_follows(app, officer):
    from consult.services import requests

    current_app.config["CONSULT_RESPONSE_BURST_IP"] = "1 per hour"
    request = make_request()
    for _ in range(3):
        requests.sign(request_id=request.id, signer_id=make_user().id,
                      signer_type="local_resident", client="198.51.100.7")
    held = list(db.session.scalars(sa.select(Signature.id).where(
        Signature.review_status == "pending").order_by(Signature.id)))
    assert len(held) == 2
    page = officer.get(f"/officer/requests/{request.id}")
    assert "Burst" in _text(page) or "burst" in _text(page)
    refused = submit(officer, f"/officer/requests/{request.id}/signatures",
                     {"action": "invalidate", "note": ""},
                     token_from=f"/officer/requests/{request.id}")
    assert refused.status_code == 200 and "There is a problem" in _text(refused)
    done = submit(officer, f"/officer/requests/{request.id}/signatures",
                  {"action": "invalidate", "note": "One network, one minute",
                   "responses": [str(held[0])]}, token_from=f"/officer/requests/{request.id}")
    assert done.status_code == 302
    submit(officer, f"/officer/requests/{request.id}/signatures",
           {"action": "accept", "note": "A family at home", "responses": [str(held[1])]},
           token_from=f"/officer/requests/{request.id}")
    db.session.expire_all()
    assert db.session.get(ConsultationRequest, request.id).local_count == 2


def test_signing_is_rate_limited_per_account(app_config, smtp_server):
    from tests.conftest import running_app

    config = {**app_config, "RATELIMIT_ENABLED": True, "CONSULT_SIGN_LIMIT": "2 per minute"}
    with running_app(config, smtp_server) as application:
        request = make_request()
        resident = client_of(application, make_user())
        statuses = [submit(resident, f"/requests/{request.id}/sign",
                           {"signer_type": "local_resident"},
                           token_from="/requests/new").status_code for _ in range(3)]
        assert statuses == [302, 200, 429]
