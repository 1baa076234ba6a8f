"""Officer moderation through HTTP: the queue, hiding and dismissing, reasons, the record."""

from datetime import timedelta

import pytest
from markupsafe import escape

from consult.models import Comment, ModerationAction, Response, db
from consult.services import discussion
from tests.conftest import csrf_token, submit
from tests.factories import NOW, make_user
from tests.integration.moderation_data import (
    comment_on,
    last_action,
    last_audit_entry,
    open_proposal,
    open_reports,
    record_sizes,
    respond_with_reason,
)

QUEUE = "/officer/moderation"
HISTORY = "/officer/moderation/history"


@pytest.fixture
def proposal(officer):
    return open_proposal(officer.user, title="Suspend the link with Kiel")


def post(client, path: str, data: dict | None = None):
    return submit(client, path, data or {}, token_from=QUEUE)


def comment_row(comment_id: int) -> Comment:
    db.session.expire_all()
    return db.session.get(Comment, comment_id)


def response_row(response_id: int) -> Response:
    db.session.expire_all()
    return db.session.get(Response, response_id)


# The queue


def test_the_queue_lists_reported_comments_with_their_reports_and_pending_reasons(
        officer, proposal):
    author = make_user(display_name="Rita Resident")
    comment_on(proposal, author, body="Kiel is a <b>bad</b> partner.",
               reports=("spam", "spam", "off_topic"))
    comment_on(proposal, make_user(), body="Nobody reported this one.")
    respond_with_reason(proposal, make_user(display_name="Vic Voter"), "Keep the link & the fair.")
    respond_with_reason(proposal, make_user(), "")

    html = officer.get(QUEUE).get_data(as_text=True)

    assert "Comment by Rita Resident" in html
    assert str(escape("Kiel is a <b>bad</b> partner.")) in html
    assert "Spam: 2" in html and "Off-topic: 1" in html
    assert "Hidden until reviewed" in html  # three open reports hid it
    assert "Suspend the link with Kiel" in html
    assert "Nobody reported this one." not in html
    assert "Reason given by Vic Voter" in html
    assert str(escape("Keep the link & the fair.")) in html
    assert "Reported comments (1)" in html and "Reasons waiting to be published (1)" in html
    assert "<legend" in html and html.count("Why hide this comment?") == 1


def test_an_empty_queue_says_nothing_is_waiting(officer):
    html = officer.get(QUEUE).get_data(as_text=True)
    assert "No comments are waiting for review." in html
    assert "No reasons are waiting to be published." in html


def test_the_dashboard_links_to_moderation_with_the_number_waiting(officer, proposal):
    comment_on(proposal, make_user(), reports=("abusive",))
    respond_with_reason(proposal, make_user())
    html = officer.get("/officer/").get_data(as_text=True)
    assert f'href="{QUEUE}"' in html
    assert "Moderation (2 waiting)" in html


def test_three_open_reports_hide_a_comment_until_reviewed_and_queue_it(officer, proposal):
    comment = comment_on(proposal, make_user(), reports=("abusive", "spam"))
    assert comment_row(comment.id).state == "visible"
    discussion.report(comment_id=comment.id, reporter=make_user(), reason="abusive", now=NOW)

    assert comment_row(comment.id).state == "pending_review"
    action = last_action()
    assert (action.action, action.target_id, action.moderator_id) == ("auto_hidden", comment.id,
                                                                       None)
    assert action.reason == "3 open reports"
    html = officer.get(QUEUE).get_data(as_text=True)
    assert f'id="comment-{comment.id}"' in html and "Abusive: 2" in html


# Hiding and dismissing comments


def test_an_officer_hides_a_comment_with_a_public_reason(officer, proposal):
    comment = comment_on(proposal, make_user(), reports=("spam", "abusive"))
    response = post(officer, f"{QUEUE}/comments/{comment.id}/hide", {"reason": "abusive"})

    assert response.status_code == 302 and response.headers["Location"] == QUEUE
    row = comment_row(comment.id)
    assert (row.state, row.hidden_reason) == ("hidden", "abusive")
    assert open_reports(comment.id) == 0
    action = last_action()
    assert (action.target_type, action.target_id, action.action, action.reason) == (
        "comment", comment.id, "hidden", "Abusive")
    assert (action.moderator_id, action.moderator) == (officer.user.id, "Olu Officer (officer)")
    entry = last_audit_entry()
    assert (entry.actor_id, entry.action, entry.subject, entry.details) == (
        officer.user.id, "moderation.hidden", f"comment:{comment.id}", {"reason": "Abusive"})
    page = officer.get(QUEUE).get_data(as_text=True)
    assert "Hidden by a moderator: Abusive" in page  # the flash says what the public sees
    assert "No comments are waiting for review." in page


def test_dismissing_the_reports_makes_a_comment_visible_again(officer, proposal):
    comment = comment_on(proposal, make_user(), reports=("spam", "spam", "spam"))
    assert comment_row(comment.id).state == "pending_review"

    response = post(officer, f"{QUEUE}/comments/{comment.id}/dismiss")

    assert response.status_code == 302 and response.headers["Location"] == QUEUE
    row = comment_row(comment.id)
    assert (row.state, row.hidden_reason) == ("visible", "")
    assert open_reports(comment.id) == 0
    assert (last_action().action, last_action().moderator_id) == ("reports_dismissed",
                                                                  officer.user.id)
    assert last_audit_entry().action == "moderation.reports_dismissed"
    assert "The reports are dismissed" in officer.get(QUEUE).get_data(as_text=True)


def test_an_officer_cannot_moderate_their_own_comment(officer, proposal):
    comment = comment_on(proposal, officer.user, reports=("spam",))
    before = record_sizes()

    for action, data in (("hide", {"reason": "spam"}), ("dismiss", {})):
        response = post(officer, f"{QUEUE}/comments/{comment.id}/{action}", data)
        html = response.get_data(as_text=True)
        assert response.status_code == 200
        assert "There is a problem" in html and "cannot moderate your own comment" in html
        assert html.count(f'href="#comment-{comment.id}') == 1  # the summary links to it

    assert record_sizes() == before
    assert comment_row(comment.id).state == "visible" and open_reports(comment.id) == 1


def test_another_officer_can_moderate_an_officers_comment(officer, signed_in, proposal):
    comment = comment_on(proposal, officer.user, reports=("spam",))
    colleague = signed_in("officer")
    assert post(colleague, f"{QUEUE}/comments/{comment.id}/hide",
                {"reason": "spam"}).status_code == 302
    assert comment_row(comment.id).state == "hidden"


# Reasons given with responses


def test_publishing_a_reason_records_who_published_it(officer, proposal):
    answer = respond_with_reason(proposal, make_user())
    response = post(officer, f"{QUEUE}/reasons/{answer.id}/publish")

    assert response.status_code == 302 and response.headers["Location"] == QUEUE
    assert response_row(answer.id).reason_status == "published"
    action = last_action()
    assert (action.target_type, action.target_id, action.action, action.moderator_id) == (
        "reason", answer.id, "published", officer.user.id)
    assert last_audit_entry().subject == f"reason:{answer.id}"
    assert "No reasons are waiting" in officer.get(QUEUE).get_data(as_text=True)


def test_not_publishing_a_reason_records_why(officer, proposal):
    answer = respond_with_reason(proposal, make_user())
    response = post(officer, f"{QUEUE}/reasons/{answer.id}/hide",
                    {"reason": "personal_information"})

    assert response.status_code == 302
    assert response_row(answer.id).reason_status == "hidden"
    assert (last_action().action, last_action().reason) == ("hidden", "Personal information")
    assert last_audit_entry().details == {"reason": "Personal information"}


def test_an_officer_cannot_moderate_the_reason_they_gave_themselves(officer, proposal):
    answer = respond_with_reason(proposal, officer.user)
    before = record_sizes()

    for action, data in (("publish", {}), ("hide", {"reason": "spam"})):
        response = post(officer, f"{QUEUE}/reasons/{answer.id}/{action}", data)
        html = response.get_data(as_text=True)
        assert response.status_code == 200
        assert "cannot moderate your own response" in html
        assert f'href="#reason-{answer.id}' in html

    assert record_sizes() == before
    assert response_row(answer.id).reason_status == "pending"


def test_a_response_without_a_reason_cannot_be_moderated(officer, proposal):
    answer = respond_with_reason(proposal, make_user(), reason="")
    before = record_sizes()
    response = post(officer, f"{QUEUE}/reasons/{answer.id}/publish")
    assert response.status_code == 200
    assert "This response has no reason to moderate" in response.get_data(as_text=True)
    assert record_sizes() == before and response_row(answer.id).reason_status == "none"


# Bad requests


@pytest.mark.parametrize("path", ["comments/{}/hide", "comments/{}/dismiss",
                                  "reasons/{}/publish", "reasons/{}/hide"])
def test_unknown_ids_are_not_found(officer, path):
    response = post(officer, f"{QUEUE}/{path.format(999999)}", {"reason": "spam"})
    assert response.status_code == 404


@pytest.mark.parametrize("kind", ["comments", "reasons"])
@pytest.mark.parametrize("data", [{}, {"reason": ""}, {"reason": "rude"},
                                  {"reason": "spam\x00"}, {"reason": "\x00"},
                                  {"reason": "Spam"}, {"reason": " abusive "}])
def test_a_missing_or_unknown_reason_is_refused_and_changes_nothing(officer, proposal, kind,
                                                                    data):
    comment = comment_on(proposal, make_user(), reports=("spam",))
    answer = respond_with_reason(proposal, make_user())
    item = comment.id if kind == "comments" else answer.id
    before = record_sizes()

    response = post(officer, f"{QUEUE}/{kind}/{item}/hide", data)

    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<title>Error: Moderation" in html
    anchor = f"{'comment' if kind == 'comments' else 'reason'}-{item}-reason"
    assert f'href="#{anchor}"' in html and "Choose the" in html
    assert record_sizes() == before
    assert comment_row(comment.id).state == "visible"
    assert response_row(answer.id).reason_status == "pending"


def test_a_refused_form_keeps_the_other_items_forms_empty(officer, proposal):
    first = comment_on(proposal, make_user(), reports=("spam",))
    comment_on(proposal, make_user(), reports=("spam",))
    html = post(officer, f"{QUEUE}/comments/{first.id}/hide", {"reason": "rude"}).get_data(
        as_text=True)
    assert html.count("checked") == 0
    assert html.count("govuk-error-message") == 1


def test_a_post_without_a_csrf_token_is_refused(officer, proposal):
    comment = comment_on(proposal, make_user(), reports=("spam",))
    before = record_sizes()
    response = officer.post(f"{QUEUE}/comments/{comment.id}/hide", data={"reason": "spam"})
    assert response.status_code == 400 and record_sizes() == before


@pytest.mark.parametrize("role", ["resident", "auditor"])
def test_people_who_are_not_officers_are_refused_every_moderation_route(signed_in, proposal,
                                                                        role):
    comment = comment_on(proposal, make_user(), reports=("spam",))
    answer = respond_with_reason(proposal, make_user())
    person = signed_in(role)
    token = csrf_token(person, "/account")
    assert person.get(QUEUE).status_code == 403
    assert person.get(HISTORY).status_code == 403
    for path in (f"comments/{comment.id}/hide", f"comments/{comment.id}/dismiss",
                 f"reasons/{answer.id}/publish", f"reasons/{answer.id}/hide"):
        response = person.post(f"{QUEUE}/{path}", data={"csrf_token": token, "reason": "spam"})
        assert response.status_code == 403
    assert comment_row(comment.id).state == "visible"
    assert response_row(answer.id).reason_status == "pending"


# The moderation record


def test_the_record_shows_who_did_what_when_and_why(officer, proposal):
    comment = comment_on(proposal, make_user(), reports=("spam",))
    post(officer, f"{QUEUE}/comments/{comment.id}/hide", {"reason": "off_topic"})
    html = officer.get(HISTORY).get_data(as_text=True)
    assert "Olu Officer (officer)" in html
    assert f"Hidden: comment {comment.id}" in html
    assert "Off-topic" in html
    assert "1 decision" in html


def test_the_record_is_newest_first_fifty_to_a_page(officer, signed_in, proposal):
    comment = comment_on(proposal, officer.user)
    colleague = signed_in("officer", display_name="Colin Colleague")
    for minute in range(51):
        discussion.dismiss_reports(comment_id=comment.id, moderator=colleague.user,
                                   now=NOW + timedelta(minutes=minute))
    last = last_action().id

    first_page = officer.get(HISTORY).get_data(as_text=True)
    second_page = officer.get(f"{HISTORY}?page=2").get_data(as_text=True)

    assert first_page.count("Colin Colleague (officer)") == 50
    assert first_page.index("1 November 2026 at 12:50") < first_page.index(
        "1 November 2026 at 12:49")
    assert second_page.count("Colin Colleague (officer)") == 1
    assert "1 November 2026 at 12:00" in second_page
    assert "page 2 of 2" in second_page and 'rel="prev"' in second_page
    assert 'rel="next"' in first_page
    assert db.session.get(ModerationAction, last).created_at == NOW + timedelta(minutes=50)


def test_a_page_that_does_not_exist_shows_the_first(officer, signed_in, proposal):
    comment = comment_on(proposal, officer.user)
    colleague = signed_in("officer", display_name="Colin Colleague")
    for minute in range(51):
        discussion.dismiss_reports(comment_id=comment.id, moderator=colleague.user,
                                   now=NOW + timedelta(minutes=minute))
    assert officer.get(f"{HISTORY}?page=%00").status_code == 400  # NUL bytes are refused
    for page in ("abc", "0", "-1", "3", "1.5", "1e3", "9" * 40, ""):
        response = officer.get(f"{HISTORY}?page={page}")
        html = response.get_data(as_text=True)
        assert response.status_code == 200, page
        assert "page 1 of 2" in html and html.count("Colin Colleague (officer)") == 50, page
