"""Withdrawing a response asks first (a GET changes nothing); nobody reports their own comment."""

import pytest
import sqlalchemy as sa

from consult import clock
from consult.domain.discussion import CannotReportOwnComment
from consult.models import AuditEntry, CommentReport, Response, db
from consult.services import discussion
from tests.conftest import respond_over_http, submit
from tests.factories import make_user
from tests.integration.test_consultations_public import (
    comment,
    count,
    open_proposal,
    page,
)

CONFIRM = "Are you sure you want to withdraw your response?"


def _current(proposal_id: int) -> Response:
    db.session.expire_all()
    return db.session.scalars(sa.select(Response).filter_by(proposal_id=proposal_id)).one()


def test_the_withdraw_button_leads_to_a_confirmation_page_that_changes_nothing(signed_in):
    proposal = open_proposal()
    resident = signed_in()
    respond_over_http(resident, proposal, 0)
    audited = count(AuditEntry)

    html = page(resident, f"/consultations/{proposal.id}")
    assert f'href="/consultations/{proposal.id}/withdraw-response"' in html
    confirm = page(resident, f"/consultations/{proposal.id}/withdraw-response")

    assert CONFIRM in confirm
    assert "Support" in confirm and "No, keep my response" in confirm
    assert f'action="/consultations/{proposal.id}/withdraw-response"' in confirm
    assert not _current(proposal.id).withdrawn
    assert count(AuditEntry) == audited


def test_confirming_withdraws_the_response(signed_in):
    proposal = open_proposal()
    resident = signed_in()
    respond_over_http(resident, proposal, 0)
    path = f"/consultations/{proposal.id}/withdraw-response"

    answer = submit(resident, path, {}, token_from=path)

    assert answer.status_code == 302
    assert answer.headers["Location"].endswith(f"/consultations/{proposal.id}#respond")
    assert _current(proposal.id).withdrawn


@pytest.mark.parametrize("respond_first", [False, True])
def test_with_nothing_to_withdraw_the_confirmation_page_goes_back(signed_in, respond_first):
    proposal = open_proposal()
    resident = signed_in()
    path = f"/consultations/{proposal.id}/withdraw-response"
    if respond_first:
        respond_over_http(resident, proposal, 0)
        submit(resident, path, {}, token_from=path)

    answer = resident.get(path)

    assert answer.status_code == 302
    assert answer.headers["Location"].endswith(f"/consultations/{proposal.id}#respond")


def test_a_resident_sees_no_report_link_on_their_own_comment(signed_in):
    proposal = open_proposal()
    author, other = signed_in(), signed_in()
    comment(author, proposal, "My own view.")
    comment(other, proposal, "Someone else's view.")
    db.session.expire_all()
    own_id, other_id = (db.session.scalars(sa.text("SELECT id FROM comments ORDER BY id"))
                        .all())

    html = page(author, f"/consultations/{proposal.id}")
    assert f"/comments/{own_id}/report" not in html
    assert f"/comments/{other_id}/report" in html
    theirs = page(other, f"/consultations/{proposal.id}")
    assert f"/comments/{own_id}/report" in theirs
    assert f"/comments/{other_id}/report" not in theirs


def test_the_server_refuses_a_report_of_ones_own_comment_with_a_clear_message(signed_in):
    proposal = open_proposal()
    author = signed_in()
    comment(author, proposal, "My own view.")
    db.session.expire_all()
    own_id = db.session.scalar(sa.text("SELECT id FROM comments"))
    path = f"/comments/{own_id}/report"

    shown = page(author, path)
    assert "You cannot report your own comment" in shown
    answer = submit(author, path, {"reason": "spam"}, token_from=f"/consultations/{proposal.id}")

    assert answer.status_code == 200
    assert "You cannot report your own comment" in answer.get_data(as_text=True)
    assert count(CommentReport) == 0


def test_the_service_raises_the_domain_rule_for_an_own_comment(app):
    proposal = open_proposal()
    author = make_user()
    own = discussion.post_comment(proposal_id=proposal.id, author=author, body="Mine.",
                                  now=clock.now())
    with pytest.raises(CannotReportOwnComment):
        discussion.report(comment_id=own.id, reporter=author, reason="spam", now=clock.now())
    assert count(CommentReport) == 0
