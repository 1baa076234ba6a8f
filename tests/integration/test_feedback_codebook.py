"""Feedback built from the codebook (issue 17): the officer answers themes whose figures the
database counts; a theme raised by many left unanswered needs a public reason; quotations come
from published reasons only."""

import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from consult import clock
from consult.domain import voting
from consult.models import AuditEntry, Feedback, Response, db
from consult.services import discussion, responses
from tests.factories import make_closed_consultation, make_theme, make_user, tag_reason
from tests.integration.codebook_data import reasoned, reasons
from tests.integration.decision_data import count, page, publish_feedback


def published() -> Feedback:
    db.session.expire_all()
    return db.session.scalars(sa.select(Feedback)).one()


@pytest.fixture
def coded(app):
    """A closed consultation with four reasons: three coded "Safety" (one by a twin city
    resident, against), one coded "Cost"; the first reason is published and quoted."""
    proposal = make_closed_consultation(choices=())
    safety, cost = make_theme(proposal, name="Safety"), make_theme(proposal, name="Cost")
    rows = [reasoned(proposal, "Visitors would be at risk.", published=True),
            reasoned(proposal, "Unsafe to travel."),
            reasoned(proposal, "Our city is not safe now.", choose=1,
                     respondent_type=voting.TWIN_CITY),
            reasoned(proposal, "Too expensive.")]
    tag_reason(rows[0], safety, quoted=True)
    for row in rows[1:3]:
        tag_reason(row, safety)
    tag_reason(rows[3], cost)
    return proposal, safety, cost, rows


def test_the_published_themes_are_a_snapshot_of_the_counted_figures(app, officer, coded):
    proposal, safety, cost, rows = coded
    answer = publish_feedback(officer, proposal, {safety: "Visits stop.", cost: "No cost."})
    assert answer.status_code == 302, answer.get_data(as_text=True)[:3000]
    support, oppose, neither = (option.id for option in proposal.options)
    code = db.session.get(Response, rows[0].id).receipt_code
    assert published().themes[0] == {
        "id": safety.id, "name": "Safety", "parent_id": None, "parent": "", "count": 3,
        "by_option": [{"option_id": support, "label": "Support", "count": 2},
                      {"option_id": oppose, "label": "Oppose", "count": 1},
                      {"option_id": neither, "label": "Neither support nor oppose", "count": 0}],
        "by_group": [{"group": "council_area", "label": "Council area and other respondents",
                      "count": 2},
                     {"group": "twin_city_resident", "label": "Twin city residents", "count": 1}],
        "quotations": [{"receipt_code": code, "language": ""}],
        "answer": "Visits stop."}
    assert [(theme["name"], theme["count"]) for theme in published().themes] == [
        ("Safety", 3), ("Cost", 1)]


def test_counts_typed_into_the_form_change_nothing(app, officer, coded):
    """There is no number to type: whatever a POST carries, the figures are counted."""
    proposal, safety, cost, _rows = coded
    answer = publish_feedback(officer, proposal, {safety: "Visits stop.", cost: "No cost."}, **{
        f"count_{safety.id}": "999", f"answer_{safety.id}_count": "999",
        "themes-0-theme": "Typed theme", "themes-0-count": "999", "count": "999",
        "totals": "999", f"by_option_{safety.id}": "999"})
    assert answer.status_code == 302
    assert [theme["count"] for theme in published().themes] == [3, 1]
    assert published().totals["total"] == 4
    assert "Typed theme" not in str(published().themes)


def test_the_form_shows_each_themes_figures_quotations_and_where_to_choose_them(
        app, officer, coded):
    proposal, safety, _cost, _rows = coded
    html = page(officer, f"/officer/consultations/{proposal.id}/feedback")
    assert "3 reasons" in html and "By option: Support 2, Oppose 1" in html
    assert "Twin city residents 1" in html and "Visitors would be at risk." in html
    assert html.count("Raised by many") == 3  # the explanation and the two themes (25 % each)
    assert "quotations chosen (up to 3 published reasons for each theme)" in html
    assert f'name="answer_{safety.id}"' in html
    assert re.findall(r'name="([^"]*)"', html.split("<form")[-1]) == [
        "csrf_token", "summary", f"answer_{safety.id}", f"answer_{_cost.id}",
        "unanswered_reason", "submit"]


def test_reasons_need_at_least_one_answered_theme(app, officer, coded):
    proposal, _safety, _cost, _rows = coded
    answer = publish_feedback(officer, proposal)
    assert answer.status_code == 200
    assert "Answer at least one theme raised in the reasons" in answer.get_data(as_text=True)
    assert count(Feedback) == 0


def test_reasons_without_any_theme_cannot_be_published_until_coded(app, officer):
    proposal = make_closed_consultation(choices=())
    reasoned(proposal, "A reason nobody coded.")
    answer = publish_feedback(officer, proposal)
    assert "Code the reasons into themes on the analysis page first" in answer.get_data(
        as_text=True)
    assert count(Feedback) == 0


def test_an_unanswered_theme_raised_by_many_is_listed_and_needs_a_public_reason(
        app, officer, client, coded):
    proposal, safety, cost, _rows = coded
    refused = publish_feedback(officer, proposal, {safety: "Visits stop."})
    assert refused.status_code == 200 and count(Feedback) == 0
    assert "Not answered: Cost. Answer these themes" in refused.get_data(as_text=True)
    assert 'href="#unanswered_reason"' in refused.get_data(as_text=True)
    why = "Costs are set by the budget, consulted on separately."
    answer = publish_feedback(officer, proposal, {safety: "Visits stop."}, unanswered_reason=why)
    assert answer.status_code == 302
    assert published().unanswered_reason == why
    assert [theme["answer"] for theme in published().themes] == ["Visits stop.", ""]
    html = page(client, f"/consultations/{proposal.id}")
    assert 'id="unanswered-reason"' in html and why in html and "Not answered." in html


def test_a_theme_raised_by_few_may_go_unanswered_without_a_reason(app, officer, coded):
    proposal, safety, _cost, _rows = coded
    app.config["CONSULT_UNANSWERED_SHARE"] = 30  # Cost: 1 of 4 coded reasons, 25 %
    answer = publish_feedback(officer, proposal, {safety: "Visits stop."},
                              unanswered_reason="Not needed, so not kept.")
    assert answer.status_code == 302
    assert published().unanswered_reason == ""


def test_a_parent_themes_answer_covers_its_sub_themes(app, officer):
    proposal = make_closed_consultation(choices=())
    safety = make_theme(proposal, name="Safety")
    visitors = make_theme(proposal, name="Visitors", parent=safety)
    tag_reason(reasoned(proposal, "Risky."), visitors)
    answer = publish_feedback(officer, proposal, {safety: "Visits stop."})
    assert answer.status_code == 302
    assert [(theme["name"], theme["parent"], theme["count"], theme["answer"])
            for theme in published().themes] == [("Safety", "", 1, "Visits stop."),
                                                 ("Visitors", "Safety", 1, "")]


def test_quotations_come_only_from_published_reasons_and_at_most_three(app, officer, client):
    proposal = make_closed_consultation(choices=())
    theme = make_theme(proposal)
    waiting = reasoned(proposal, "Not yet moderated.")
    tag_reason(waiting, theme, quoted=True)
    shown = [reasoned(proposal, f"Published reason {number}.", published=True)
             for number in range(4)]
    for row in shown:
        tag_reason(row, theme, quoted=True)
    assert publish_feedback(officer, proposal, {theme: "Answered."}).status_code == 302
    quoted = published().themes[0]["quotations"]
    assert [quote["receipt_code"] for quote in quoted] == [
        db.session.get(Response, row.id).receipt_code for row in shown[:3]]
    html = page(client, f"/consultations/{proposal.id}")
    assert all(f"Published reason {n}." in html for n in range(3))
    assert "Not yet moderated." not in html and "Published reason 3." not in html
    assert html.count("Receipt code ") == 3


def test_a_quotation_whose_reason_was_removed_later_is_no_longer_shown(app, officer, client):
    """The record keeps the receipt code, not the words: a reason removed after publication
    (hidden by a moderator here; erasure and retention blank it the same way) leaves it."""
    proposal = make_closed_consultation(choices=())
    theme = make_theme(proposal)
    row = reasoned(proposal, "Words to be removed later.", published=True)
    tag_reason(row, theme, quoted=True)
    assert publish_feedback(officer, proposal, {theme: "Answered."}).status_code == 302
    assert "Words to be removed later." in page(client, f"/consultations/{proposal.id}")
    discussion.moderate_reason(response_id=row.id, publish=False, moderator="a moderator",
                               now=clock.now(), hide_reason="personal_information")
    html = page(client, f"/consultations/{proposal.id}")
    assert "Words to be removed later." not in html
    assert "This reason is no longer shown" in html
    assert "Words to be removed later." not in str(published().themes)


def test_the_audit_entry_keeps_quotations_by_receipt_code_without_their_text(app, officer,
                                                                             coded):
    proposal, safety, cost, rows = coded
    publish_feedback(officer, proposal, {safety: "Visits stop.", cost: "No cost."})
    entry = db.session.scalars(sa.select(AuditEntry).filter_by(
        action="consultation_response.published")).one()
    assert entry.details["themes"][0]["quotations"] == [
        db.session.get(Response, rows[0].id).receipt_code]
    assert "Visitors would be at risk." not in str(entry.details)


def test_feedback_published_before_the_codebook_still_shows_its_typed_themes(app, client):
    proposal = make_closed_consultation()
    db.session.add(Feedback(
        proposal_id=proposal.id, summary="Heard.", totals={"total": 0, "groups": []},
        themes=[{"theme": "Safety of visitors", "count": 2, "answer": "Visits stop."}],
        published_by="Olu", published_by_id=make_user(role="officer").id))
    db.session.commit()
    html = page(client, f"/consultations/{proposal.id}")
    assert '<th scope="row" class="govuk-table__header">Safety of visitors</th>' in html
    assert "Visits stop." in html


def test_reasons_coded_on_responses_that_do_not_count_are_not_published(app, officer, coded):
    proposal, safety, cost, _rows = coded
    other = reasons(proposal, 2)
    responses.withdraw(proposal_id=proposal.id, respondent_id=other[0].user_id,
                       now=proposal.opens_at + timedelta(days=3))
    for row in other:
        tag_reason(row, cost)
    assert publish_feedback(officer, proposal, {safety: "Visits stop.",
                                                cost: "No cost."}).status_code == 302
    assert [theme["count"] for theme in published().themes] == [3, 2]
