"""The discussion service's moderation rules at their edges, on a real database."""

from datetime import timedelta

import pytest
import sqlalchemy as sa

from consult.domain.errors import DomainError
from consult.models import Comment, CommentReport, Response, db
from consult.queries import moderation_queries
from consult.services import discussion, responses
from tests.factories import NOW, make_user
from tests.integration.moderation_data import (
    comment_on,
    last_action,
    open_proposal,
    open_reports,
    record_sizes,
    respond_with_reason,
)


@pytest.fixture
def moderator(app):
    return make_user(role="officer", display_name="Olive Officer")


@pytest.fixture
def proposal(moderator):
    return open_proposal(moderator)


def fresh(model, row_id: int):
    db.session.expire_all()
    return db.session.get(model, row_id)


def auto_hidden_actions(comment_id: int) -> int:
    return sum(1 for item in moderation_queries.history(1).items
               if (item.target_id, item.action) == (comment_id, "auto_hidden"))


# Reports


def test_a_person_can_report_a_comment_only_once(proposal):
    comment = comment_on(proposal, make_user())
    reporter = make_user()
    discussion.report(comment_id=comment.id, reporter=reporter, reason="spam", now=NOW)
    with pytest.raises(DomainError, match="already reported"):
        discussion.report(comment_id=comment.id, reporter=reporter, reason="abusive", now=NOW)
    assert open_reports(comment.id) == 1


@pytest.mark.parametrize("reason", ["", "rude", "Spam", "spam\x00"])
def test_a_report_needs_a_known_reason(proposal, reason):
    comment = comment_on(proposal, make_user())
    with pytest.raises(DomainError) as refused:
        discussion.report(comment_id=comment.id, reporter=make_user(), reason=reason, now=NOW)
    assert refused.value.field == "reason" and open_reports(comment.id) == 0


def test_a_fourth_report_does_not_hide_the_comment_a_second_time(proposal):
    comment = comment_on(proposal, make_user(), reports=("spam", "spam", "spam", "abusive"))
    assert fresh(Comment, comment.id).state == "pending_review"
    assert auto_hidden_actions(comment.id) == 1


def test_new_reports_leave_a_moderators_decision_to_hide_in_place(proposal, moderator):
    comment = comment_on(proposal, make_user(), reports=("spam",))
    discussion.hide_comment(comment_id=comment.id, reason="spam", moderator=moderator, now=NOW)
    for _ in range(3):
        with pytest.raises(DomainError, match="already hidden"):
            discussion.report(comment_id=comment.id, reporter=make_user(), reason="abusive",
                              now=NOW)
    assert open_reports(comment.id) == 0
    row = fresh(Comment, comment.id)
    assert (row.state, row.hidden_reason) == ("hidden", "spam")
    assert auto_hidden_actions(comment.id) == 0


def test_after_a_dismissal_only_new_reports_count_towards_hiding(proposal, moderator):
    comment = comment_on(proposal, make_user(), reports=("spam", "spam", "spam"))
    discussion.dismiss_reports(comment_id=comment.id, moderator=moderator, now=NOW)
    after_dismissal = fresh(Comment, comment.id).state
    discussion.report(comment_id=comment.id, reporter=make_user(), reason="spam", now=NOW)
    discussion.report(comment_id=comment.id, reporter=make_user(), reason="spam", now=NOW)
    assert (after_dismissal, fresh(Comment, comment.id).state) == ("visible", "visible")
    discussion.report(comment_id=comment.id, reporter=make_user(), reason="spam", now=NOW)
    assert fresh(Comment, comment.id).state == "pending_review"


def test_hiding_resolves_open_reports_and_keeps_earlier_resolutions(proposal, moderator):
    comment = comment_on(proposal, make_user(), reports=("spam",))
    discussion.dismiss_reports(comment_id=comment.id, moderator=moderator, now=NOW)
    discussion.report(comment_id=comment.id, reporter=make_user(), reason="abusive",
                      now=NOW + timedelta(hours=1))
    later = NOW + timedelta(hours=2)
    discussion.hide_comment(comment_id=comment.id, reason="abusive", moderator=moderator, now=later)
    db.session.expire_all()
    resolved = db.session.scalars(sa.select(CommentReport.resolved_at).where(
        CommentReport.comment_id == comment.id).order_by(CommentReport.id)).all()
    assert resolved == [NOW, later]


# Moderating comments


def test_hiding_needs_a_known_public_reason_and_changes_nothing_without_one(proposal, moderator):
    comment = comment_on(proposal, make_user(), reports=("spam",))
    before = record_sizes()
    with pytest.raises(DomainError, match="public reason"):
        discussion.hide_comment(comment_id=comment.id, reason="rude", moderator=moderator, now=NOW)
    assert record_sizes() == before
    assert fresh(Comment, comment.id).state == "visible" and open_reports(comment.id) == 1


def test_a_moderator_cannot_hide_or_clear_their_own_comment(proposal, moderator):
    comment = comment_on(proposal, moderator, reports=("spam", "spam", "spam"))
    before = record_sizes()
    with pytest.raises(discussion.CannotModerateOwn):
        discussion.hide_comment(comment_id=comment.id, reason="spam", moderator=moderator, now=NOW)
    with pytest.raises(discussion.CannotModerateOwn):
        discussion.dismiss_reports(comment_id=comment.id, moderator=moderator, now=NOW)
    assert record_sizes() == before
    assert fresh(Comment, comment.id).state == "pending_review" and open_reports(comment.id) == 3


def test_dismissing_reports_brings_back_a_hidden_comment(proposal, moderator):
    comment = comment_on(proposal, make_user(), reports=("spam",))
    discussion.hide_comment(comment_id=comment.id, reason="spam", moderator=moderator, now=NOW)
    discussion.dismiss_reports(comment_id=comment.id, moderator=make_user(role="admin"), now=NOW)
    row = fresh(Comment, comment.id)
    assert (row.state, row.hidden_reason) == ("visible", "")


# Moderating reasons


def test_a_reason_can_be_published_and_later_hidden(proposal, moderator):
    answer = respond_with_reason(proposal, make_user())
    discussion.moderate_reason(response_id=answer.id, publish=True, moderator=moderator, now=NOW)
    assert fresh(Response, answer.id).reason_status == "published"
    discussion.moderate_reason(response_id=answer.id, publish=False, moderator=moderator, now=NOW,
                               hide_reason="spam")
    assert fresh(Response, answer.id).reason_status == "hidden"
    assert (last_action().action, last_action().reason) == ("hidden", "Spam")


def test_hiding_a_reason_needs_a_known_reason(proposal, moderator):
    answer = respond_with_reason(proposal, make_user())
    with pytest.raises(DomainError, match="reason for not publishing"):
        discussion.moderate_reason(response_id=answer.id, publish=False, moderator=moderator,
                                   now=NOW, hide_reason="")
    assert fresh(Response, answer.id).reason_status == "pending"


def test_a_moderator_cannot_publish_their_own_reason(proposal, moderator):
    answer = respond_with_reason(proposal, moderator)
    with pytest.raises(discussion.CannotModerateOwn):
        discussion.moderate_reason(response_id=answer.id, publish=True, moderator=moderator,
                                   now=NOW)
    assert fresh(Response, answer.id).reason_status == "pending"


def test_a_withdrawn_response_leaves_the_queue_and_cannot_be_moderated(proposal, moderator):
    resident = make_user()
    answer = respond_with_reason(proposal, resident)
    discussion.moderate_reason(response_id=answer.id, publish=False, moderator=moderator, now=NOW,
                               hide_reason="spam")
    responses.withdraw(proposal_id=proposal.id, respondent_id=resident.id, now=NOW)
    before = record_sizes()
    with pytest.raises(DomainError, match="withdrawn"):
        discussion.moderate_reason(response_id=answer.id, publish=True, moderator=moderator,
                                   now=NOW)
    assert record_sizes() == before and fresh(Response, answer.id).reason_status == "hidden"
    assert moderation_queries.waiting_items()["reasons"] == []


def test_a_changed_reason_waits_for_moderation_again(proposal, moderator):
    resident = make_user()
    answer = respond_with_reason(proposal, resident, "First thoughts.")
    discussion.moderate_reason(response_id=answer.id, publish=True, moderator=moderator, now=NOW)
    respond_with_reason(proposal, resident, "Second thoughts.")
    assert fresh(Response, answer.id).reason_status == "pending"
    assert [r.id for r in moderation_queries.waiting_items()["reasons"]] == [answer.id]


# The queue and the record


def test_the_queue_holds_comments_with_open_reports_oldest_first(proposal, moderator):
    older = comment_on(proposal, make_user(), reports=("spam",))
    newer = comment_on(proposal, make_user(), reports=("abusive",))
    dismissed = comment_on(proposal, make_user(), reports=("spam",))
    discussion.dismiss_reports(comment_id=dismissed.id, moderator=moderator, now=NOW)
    queued = moderation_queries.queue()["comments"]
    assert [item.comment.id for item in queued] == [older.id, newer.id]
    assert queued[0].reports == [("Spam", 1)] and queued[0].open_reports == 1
    assert queued[0].proposal.id == proposal.id
    assert moderation_queries.waiting() == 2
