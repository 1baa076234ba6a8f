"""The public side of consultations: list, proposal, respond, receipt, results, discussion."""

import re
from datetime import timedelta
from functools import partial

import pytest
import sqlalchemy as sa

from consult import clock
from consult.domain import proposals as rules
from consult.domain import voting
from consult.models import (
    Comment,
    CommentReport,
    Proposal,
    Response,
    ResponseVersion,
    User,
    db,
)
from consult.services import discussion, documents, proposals, responses
from tests.conftest import csrf_token, respond_over_http, submit
from tests.factories import (
    NO_TWIN_COUNCIL_REASON,
    make_closed_consultation,
    make_link,
    make_open_proposal,
    make_proposal,
    make_user,
)

XSS = "<script>alert('x')</script><img src=x onerror=alert(1)>\"'"


# Helpers -----------------------------------------------------------------------------------


def page(client, path: str, status: int = 200) -> str:
    response = client.get(path)
    assert response.status_code == status, (path, response.status_code)
    return response.get_data(as_text=True)


# Open, results shown, with a third option to choose.
open_proposal = partial(make_open_proposal, options=["Support", "Oppose", "Neither"])


def option_ids(proposal: Proposal) -> list[int]:
    return [option.id for option in proposal.options]


def comment(client, proposal: Proposal, body: str, parent_id: int | str = ""):
    return submit(client, f"/consultations/{proposal.id}/comments",
                  {"body": body, "parent_id": str(parent_id)},
                  token_from=f"/consultations/{proposal.id}")


def receipt_code(client, proposal: Proposal) -> str:
    html = page(client, f"/consultations/{proposal.id}/receipt")
    return re.search(r'id="receipt-code">([A-Z2-7-]+)<', html).group(1)


def table_counts(html: str, table_id: str) -> dict[int, int]:
    table = html[html.index(f'id="{table_id}"'):]
    table = table[:table.index("</table>")]
    return {int(o): int(c) for o, c in re.findall(r'data-option="(\d+)">(\d+)<', table)}


def sql_counts(proposal_id: int) -> dict[int, int]:
    rows = db.session.execute(sa.text(
        "SELECT option_id, COUNT(*) FROM responses WHERE proposal_id = :p AND withdrawn = :w "
        "GROUP BY option_id"), {"p": proposal_id, "w": False})
    return dict(rows.all())


def count(model, **where) -> int:
    db.session.expire_all()
    return db.session.scalar(sa.select(sa.func.count()).select_from(model).filter_by(**where))


# The list and the home page ----------------------------------------------------------------


def test_the_list_shows_published_consultations_and_never_drafts(client):
    make_proposal(status="draft", title="A secret draft")
    make_proposal(status="open", title="An open one")
    html = page(client, "/consultations")
    assert "An open one" in html and "A secret draft" not in html
    assert "1 consultation found." in html


def test_the_list_filters_by_status_and_link_and_ignores_unknown_values(client):
    kiel = make_link(partner_name="Kiel")
    make_proposal(status="open", title="Open about Kiel", link=kiel)
    make_proposal(status="scheduled", title="Upcoming elsewhere")
    make_proposal(status="closed", title="Closed elsewhere")
    make_proposal(status="withdrawn", title="Withdrawn elsewhere")
    for status, title in [("open", "Open about Kiel"), ("upcoming", "Upcoming elsewhere"),
                          ("closed", "Closed elsewhere"), ("withdrawn", "Withdrawn elsewhere")]:
        html = page(client, f"/consultations?status={status}")
        assert title in html and "1 consultation found." in html, status
    assert "1 consultation found." in page(client, "/consultations?link=kiel")
    for junk in ("status=everything", "link=nowhere", "link=%00", "status=%3Cscript%3E",
                 "link=" + "a" * 5000, "status=open&status=closed&link=kiel&link=x"):
        assert client.get(f"/consultations?{junk}").status_code in (200, 400), junk
    assert "4 consultations found." in page(client, "/consultations?status=nonsense")


def decided_consultation() -> Proposal:
    """A consultation that closed, and the council's decision on it recorded."""
    from consult.domain import decisions as decision_rules
    from consult.services import decisions

    proposal = make_closed_consultation()
    written = decision_rules.Record(
        decided_on=clock.now().date(), body=decision_rules.CABINET,
        outcome=decision_rules.ADOPTED, action=proposal.action, title="Suspend the link",
        summary="Suspended.", reasons="Most respondents supported it.",
        votes=decision_rules.Votes(7, 1, 0, {}), matched_option_id=proposal.options[0].id)
    decisions.record(proposal_id=proposal.id, written=written, actor=make_user(role="officer"),
                     now=clock.now())
    return proposal


def test_the_list_filters_decided_consultations_as_their_tags_show_them(client):
    closed = make_proposal(status="closed")
    decided = decided_consultation()
    html = page(client, "/consultations?status=decided")
    assert "1 consultation found." in html and f'/consultations/{decided.id}"' in html
    assert "govuk-tag--purple" in html and "govuk-tag--grey" not in html  # Decided tags only
    assert '<option value="decided" selected>Decided</option>' in html
    assert "<title>Consultations (decided)" in html
    either = page(client, "/consultations?status=closed")  # closed for responses: both
    assert "2 consultations found." in either and f'/consultations/{closed.id}"' in either


def test_the_list_shows_status_tags_and_days_left_while_open(client):
    now = clock.now()
    make_proposal(status="open", opens_at=now - timedelta(days=1),
                  closes_at=now + timedelta(days=9, hours=1))
    html = page(client, "/consultations")
    assert "govuk-tag--green" in html and "10 days left" in html


def test_the_home_page_shows_open_consultations_first_with_days_left(client):
    make_proposal(status="open", title="Have your say on Kiel")
    make_proposal(status="scheduled", title="Not yet open")
    html = page(client, "/")
    assert "Have your say on Kiel" in html and "Not yet open" not in html
    assert html.index("Have your say on Kiel") < html.index("The register of twin links")
    assert "days left" in html
    assert 'href="/consultations"' in html  # the header link


# The proposal page ---------------------------------------------------------------------------


def test_a_draft_proposal_is_not_found_on_any_public_page(client, signed_in):
    draft = make_proposal(status="draft")
    resident = signed_in()
    for path in (f"/consultations/{draft.id}", f"/consultations/{draft.id}/results",
                 f"/consultations/{draft.id}/receipt", f"/consultations/{draft.id}/documents/1"):
        assert resident.get(path).status_code == 404, path
    # a live one still works
    assert respond_over_http(resident, open_proposal(), 0).status_code == 302
    refused = resident.post(f"/consultations/{draft.id}/respond",
                            data={"csrf_token": csrf_token(resident, "/consultations")})
    assert refused.status_code == 404


def test_the_proposal_page_shows_everything_a_respondent_should_read(client):
    proposal = open_proposal(alternatives=[{"title": "Keep the link",
                                            "why_not": "The council thinks it sends the "
                                                       "wrong message."}])
    proposals.add_note(proposal_id=proposal.id, body="The date in paragraph 2 should read 1944.",
                       actor=make_user(role="officer"), now=clock.now())
    html = page(client, f"/consultations/{proposal.id}")
    for text in (proposal.title, "Suspend the link", "Keep the link",
                 "Why it is not preferred: The council thinks it sends the wrong message.",
                 "The date in paragraph 2 should read 1944.", proposal.fingerprint,
                 "(UK time)", "Sign in", "Discussion"):
        assert text in html, text
    assert len(proposal.fingerprint) == 64


def test_the_reasons_are_markdown_and_the_fingerprint_shows_once_open(client):
    proposal = make_proposal(status="draft")
    staff = make_user(role="officer")
    draft = proposals.ProposalDraft(
        link_id=proposal.link_id, action=proposal.action, title=proposal.title,
        summary=proposal.summary, reasons="**Friendship** first.\n\n<script>alert(1)</script>",
        alternatives=proposal.alternatives, options=[o.label for o in proposal.options],
        opens_at=proposal.opens_at, closes_at=proposal.closes_at)
    proposals.update(proposal_id=proposal.id, draft=draft, actor=staff, now=clock.now())
    proposals.schedule(proposal_id=proposal.id, actor=staff, now=clock.now(),
                       no_twin_council_reason=NO_TWIN_COUNCIL_REASON)
    html = page(client, f"/consultations/{proposal.id}")
    assert "<strong>Friendship</strong> first." in html and "<script>alert(1)" not in html
    assert proposal.fingerprint and proposal.fingerprint not in html
    assert "This consultation is not open yet" in html


@pytest.mark.parametrize("status", ["scheduled", "open", "closed", "withdrawn"])
def test_every_public_page_renders_in_every_state(client, signed_in, status):
    proposal = make_proposal(status=status)
    resident = signed_in()
    for viewer in (client, resident):
        for path in ("/", "/consultations", f"/consultations/{proposal.id}",
                     f"/consultations/{proposal.id}/results"):
            page(viewer, path)
    assert proposal_labels_in(page(client, f"/consultations/{proposal.id}"), status)


def proposal_labels_in(html: str, status: str) -> bool:
    return f">{rules.STATUS_LABELS[rules.SCHEDULED if status == 'scheduled' else status]}<" in html


def test_an_extension_and_an_early_close_are_shown_on_the_proposal(client):
    extended, closed = open_proposal(), open_proposal()
    staff = make_user(role="officer")
    proposals.extend(proposal_id=extended.id, new_closes_at=extended.closes_at + timedelta(days=7),
                     actor=staff, now=clock.now())
    proposals.close_early(proposal_id=closed.id, reason="The link has already ended.",
                          actor=staff, now=clock.now())
    assert "Extended: it was first due to close" in page(client, f"/consultations/{extended.id}")
    html = page(client, f"/consultations/{closed.id}")
    assert "Closed early on" in html and "The link has already ended." in html


def test_documents_are_listed_and_uploaded_pdfs_download_safely(client):
    now = clock.now()
    staff = make_user(role="officer")
    proposal = make_proposal(status="draft", opens_at=now + timedelta(days=1),
                             closes_at=now + timedelta(days=40))
    pdf = documents.add_upload(proposal_id=proposal.id, title='Report "2026" <final>',
                               data=b"%PDF-1.4 test", actor=staff, now=now)
    web = documents.add_link(proposal_id=proposal.id, title="Minutes",
                             url="https://example.org/minutes", actor=staff, now=now)
    proposals.schedule(proposal_id=proposal.id, actor=staff, now=now,
                       no_twin_council_reason=NO_TWIN_COUNCIL_REASON)
    html = page(client, f"/consultations/{proposal.id}")
    assert 'href="https://example.org/minutes"' in html
    download = client.get(f"/consultations/{proposal.id}/documents/{pdf.id}")
    assert download.status_code == 200
    assert download.mimetype == "application/pdf"
    assert download.headers["X-Content-Type-Options"] == "nosniff"
    disposition = download.headers["Content-Disposition"]
    assert disposition.startswith("attachment;") and "<" not in disposition
    assert '"' not in disposition.split("filename=")[1].strip('"')
    assert download.data == b"%PDF-1.4 test"
    download.close()
    assert client.get(f"/consultations/{proposal.id}/documents/{web.id}").status_code == 404
    other = open_proposal()
    assert client.get(f"/consultations/{other.id}/documents/{pdf.id}").status_code == 404


# Responding ----------------------------------------------------------------------------------


def test_a_verified_resident_responds_and_sees_a_receipt(signed_in):
    proposal = open_proposal()
    resident = signed_in()
    response = respond_over_http(resident, proposal, 1, reason="It matters to me.")
    assert response.status_code == 302
    assert response.headers["Location"] == f"/consultations/{proposal.id}/receipt"
    html = page(resident, f"/consultations/{proposal.id}/receipt")
    assert 'id="chosen-option">Oppose<' in html and "It matters to me." in html
    assert "Lives in the council area" in html
    assert count(Response, proposal_id=proposal.id) == 1


def test_receipt_codes_are_long_random_and_differ_for_identical_choices(signed_in):
    proposal = open_proposal()
    codes = []
    for _ in range(2):
        resident = signed_in()
        respond_over_http(resident, proposal, 0)
        codes.append(receipt_code(resident, proposal))
    for code in codes:
        letters = code.replace("-", "")
        assert re.fullmatch(r"[A-Z2-7]{26,}", letters), code  # 26 base-32 chars: 130 bits
    assert codes[0] != codes[1]


def test_a_resident_changes_then_withdraws_and_history_and_counts_follow(signed_in, client):
    proposal = open_proposal()
    support, oppose, _ = option_ids(proposal)
    resident = signed_in()
    respond_over_http(resident, proposal, 0)
    first = receipt_code(resident, proposal)
    assert "Change your response" in page(resident, f"/consultations/{proposal.id}")
    respond_over_http(resident, proposal, 1, respondent_type="works_or_studies")
    assert receipt_code(resident, proposal) != first
    results = page(client, f"/consultations/{proposal.id}/results")
    assert table_counts(results, "totals-overall") == {support: 0, oppose: 1,
                                                       option_ids(proposal)[2]: 0}
    withdrawn = submit(resident, f"/consultations/{proposal.id}/withdraw-response", {},
                       token_from=f"/consultations/{proposal.id}")
    assert withdrawn.status_code == 302
    assert "no longer counts" in page(resident, f"/consultations/{proposal.id}")
    results = page(client, f"/consultations/{proposal.id}/results")
    assert set(table_counts(results, "totals-overall").values()) == {0}
    db.session.expire_all()
    response = db.session.scalars(sa.select(Response)).one()
    assert response.withdrawn and response.version == 3
    assert [v.action for v in response.versions] == ["submitted", "changed", "withdrawn"]
    assert [v.option_id for v in response.versions] == [support, oppose, None]
    assert count(ResponseVersion) == 3


def test_withdrawing_with_no_response_says_so(signed_in):
    proposal = open_proposal()
    resident = signed_in()
    answer = submit(resident, f"/consultations/{proposal.id}/withdraw-response", {},
                    token_from=f"/consultations/{proposal.id}", follow_redirects=True)
    assert "You have no response to withdraw" in answer.get_data(as_text=True)


def test_an_unverified_resident_is_refused_with_a_clear_message(signed_in):
    proposal = open_proposal()
    resident = signed_in(verified=False)
    assert "Confirm your email address before you respond" in page(
        resident, f"/consultations/{proposal.id}")
    answer = respond_over_http(resident, proposal, 0, reason="Typed before confirming")
    assert answer.status_code == 200
    html = answer.get_data(as_text=True)
    assert "There is a problem" in html and "Confirm your email address" in html
    assert count(Response) == 0


def test_visitors_are_told_why_they_cannot_respond(client, signed_in):
    opened, upcoming, closed = (make_proposal(status=s) for s in ("open", "scheduled", "closed"))
    assert "to respond" in page(client, f"/consultations/{opened.id}")
    resident = signed_in()
    assert "This consultation is not open yet" in page(resident, f"/consultations/{upcoming.id}")
    assert "Responses are no longer accepted" in page(resident, f"/consultations/{closed.id}")
    answer = respond_over_http(resident, closed, 0)
    assert answer.status_code == 200 and "This consultation closed on" in answer.get_data(
        as_text=True)
    assert count(Response) == 0


def test_a_response_after_the_close_is_refused(app):
    proposal = open_proposal()
    resident = make_user()
    choice = voting.Choice(option_ids(proposal)[0], voting.LOCAL)
    with pytest.raises(rules.ConsultationNotOpen):
        responses.respond(proposal_id=proposal.id, respondent_id=resident.id, choice=choice,
                          now=proposal.closes_at + timedelta(seconds=1))
    with pytest.raises(rules.ConsultationNotOpen):
        responses.respond(proposal_id=proposal.id, respondent_id=resident.id, choice=choice,
                          now=proposal.closes_at)
    responses.respond(proposal_id=proposal.id, respondent_id=resident.id, choice=choice,
                      now=proposal.closes_at - timedelta(seconds=1))
    with pytest.raises(rules.ConsultationNotOpen):
        responses.withdraw(proposal_id=proposal.id, respondent_id=resident.id,
                           now=proposal.closes_at + timedelta(seconds=1))
    assert count(Response, withdrawn=False) == 1


def test_a_form_loaded_before_an_early_close_is_refused_with_a_clear_message(signed_in):
    proposal = open_proposal()
    resident = signed_in()
    token = csrf_token(resident, f"/consultations/{proposal.id}")
    proposals.close_early(proposal_id=proposal.id, reason="The council has decided to pause.",
                          actor=make_user(role="officer"), now=clock.now())
    answer = resident.post(f"/consultations/{proposal.id}/respond", data={
        "csrf_token": token, "option": str(option_ids(proposal)[0]),
        "respondent_type": "local_resident", "reason": "My typed reason"})
    html = answer.get_data(as_text=True)
    assert answer.status_code == 200
    assert "This consultation closed on" in html and "Your response was not recorded" in html
    assert count(Response) == 0


def test_the_receipt_is_shown_only_to_the_person_who_responded(client, signed_in):
    proposal = open_proposal()
    resident, other = signed_in(), signed_in()
    respond_over_http(resident, proposal, 0)
    code = receipt_code(resident, proposal)
    assert other.get(f"/consultations/{proposal.id}/receipt").status_code == 404
    anonymous = client.get(f"/consultations/{proposal.id}/receipt")
    assert anonymous.status_code == 302 and "/sign-in" in anonymous.headers["Location"]
    for path in (f"/consultations/{proposal.id}", f"/consultations/{proposal.id}/results"):
        assert code not in page(other, path) and code not in page(client, path)


# Results -------------------------------------------------------------------------------------


def test_results_equal_a_direct_sql_count(signed_in, client):
    proposal = open_proposal()
    for option in (0, 0, 1, 2, 0):
        respond_over_http(signed_in(), proposal, option)
    leaver = signed_in()
    respond_over_http(leaver, proposal, 1)
    submit(leaver, f"/consultations/{proposal.id}/withdraw-response", {},
           token_from=f"/consultations/{proposal.id}")
    html = page(client, f"/consultations/{proposal.id}/results")
    expected = {option: sql_counts(proposal.id).get(option, 0) for option in option_ids(proposal)}
    assert table_counts(html, "totals-overall") == expected == dict(
        zip(option_ids(proposal), (3, 1, 1), strict=True))
    assert "5 responses, each counted in the same database transaction" in html
    assert '<svg' in html and 'role="img"' in html and "60.0%" in html


def test_hidden_results_show_only_the_number_of_responses_while_open(signed_in, client):
    proposal = open_proposal(results_visibility="hidden")
    for option in (0, 1):
        respond_over_http(signed_in(), proposal, option)
    html = page(client, f"/consultations/{proposal.id}/results")
    assert "2 responses so far." in html
    assert "<table" not in html and "<svg" not in html and "Oppose" not in html
    proposals.close_early(proposal_id=proposal.id, reason="Enough responses.",
                          actor=make_user(role="officer"),
                          now=clock.now())
    html = page(client, f"/consultations/{proposal.id}/results")
    assert "Final results" in html and "Oppose" in html and "<svg" in html


def test_twin_city_residents_are_counted_as_a_separate_group(signed_in, client):
    proposal = open_proposal()
    respond_over_http(signed_in(), proposal, 0, respondent_type="twin_city_resident")
    respond_over_http(signed_in(), proposal, 1, respondent_type="local_resident")
    respond_over_http(signed_in(), proposal, 1, respondent_type="organisation",
            organisation="Twinning Association")
    html = page(client, f"/consultations/{proposal.id}/results")
    support, oppose, neither = option_ids(proposal)
    assert table_counts(html, "totals-twin_city_resident") == {support: 1, oppose: 0, neither: 0}
    assert table_counts(html, "totals-local_resident") == {support: 0, oppose: 1, neither: 0}
    assert "Lives in the twin city: 1 response" in html


def test_published_reasons_show_the_display_name_never_the_email(signed_in, client):
    proposal = open_proposal()
    ada = signed_in(display_name="Ada L", email="ada.private@example.org")
    bob = signed_in(display_name="Bob M")
    respond_over_http(ada, proposal, 0, reason="Friendship between cities matters.")
    respond_over_http(bob, proposal, 1, reason="Pausing sends the right signal.")
    staff = make_user(role="officer")
    for response in db.session.scalars(sa.select(Response)):
        discussion.moderate_reason(response_id=response.id, publish=True, moderator=staff,
                                   now=clock.now())
    html = page(client, f"/consultations/{proposal.id}/results")
    assert "Ada L" in html and "Friendship between cities matters." in html
    assert "ada.private@example.org" not in html
    support, oppose, _ = option_ids(proposal)
    only_oppose = page(client, f"/consultations/{proposal.id}/results?option={oppose}")
    assert "Pausing sends" in only_oppose and "Friendship" not in only_oppose
    for junk in ("abc", "-1", "99999999999999999999999", "", "1.5", "%FF", "１"):
        html = page(client, f"/consultations/{proposal.id}/results?option={junk}")
        assert "Pausing sends" in html and "Friendship" in html, junk


def test_unpublished_reasons_are_not_shown(signed_in, client):
    proposal = open_proposal()
    respond_over_http(signed_in(), proposal, 0, reason="Waiting for a moderator.")
    assert "Waiting for a moderator." not in page(client, f"/consultations/{proposal.id}/results")


def test_charts_are_labelled_images_with_escaped_labels(signed_in, client):
    proposal = open_proposal(options=['Keep "it" <b>&</b>', "End it"])
    respond_over_http(signed_in(), proposal, 0)
    html = page(client, f"/consultations/{proposal.id}/results")
    charts = re.findall(r"<svg[^>]*>.*?</svg>", html, re.S)
    assert len(charts) == 3  # all responses, the one group that responded, over time
    for chart in charts:
        assert 'role="img"' in chart and "aria-label=" in chart and "<title>" in chart
        assert "<b>" not in chart and 'Keep "it"' not in chart
    assert "Keep &#34;it&#34; &lt;b&gt;&amp;&lt;/b&gt;: 1 (100.0%)" in charts[0]


# Discussion ----------------------------------------------------------------------------------


def test_a_resident_comments_and_replies_one_level_deep(signed_in, client):
    proposal = open_proposal()
    ada, bob = signed_in(display_name="Ada"), signed_in(display_name="Bob")
    posted = comment(ada, proposal, "First thought.\nSecond line: https://example.org/a?b=1&c=2")
    top = db.session.scalars(sa.select(Comment)).one()
    assert posted.headers["Location"].endswith(f"#comment-{top.id}")
    form = page(bob, f"/consultations/{proposal.id}?reply_to={top.id}")
    assert "Reply to Ada" in form and f'value="{top.id}"' in form
    comment(bob, proposal, "A reply.", parent_id=top.id)
    reply = db.session.scalars(sa.select(Comment).where(Comment.parent_id == top.id)).one()
    comment(ada, proposal, "A reply to the reply.", parent_id=reply.id)
    db.session.expire_all()
    assert [c.parent_id for c in db.session.scalars(sa.select(Comment).order_by(Comment.id))] \
        == [None, top.id, top.id]
    html = page(client, f"/consultations/{proposal.id}")
    assert "First thought.<br>" in html
    assert ('<a class="govuk-link" href="https://example.org/a?b=1&amp;c=2" '
            'rel="nofollow noopener noreferrer ugc">') in html
    assert html.index("A reply.") > html.index("First thought.")


def test_people_who_cannot_comment_are_told_why(signed_in, client):
    proposal = open_proposal()
    assert "to comment" in page(client, f"/consultations/{proposal.id}")
    unverified = signed_in(verified=False)
    assert "before you comment" in page(unverified, f"/consultations/{proposal.id}")
    answer = comment(unverified, proposal, "Let me in")
    assert answer.status_code == 200 and "Confirm your email address before you comment" in \
        answer.get_data(as_text=True)
    assert count(Comment) == 0


def report(client, comment_id: int, reason: str = "abusive"):
    return submit(client, f"/comments/{comment_id}/report", {"reason": reason})


def test_three_reports_hide_a_comment_until_a_moderator_reviews_it(signed_in, client):
    proposal = open_proposal()
    author = signed_in()
    comment(author, proposal, "Something rude.")
    target = db.session.scalars(sa.select(Comment)).one()
    reporters = [signed_in() for _ in range(3)]
    form = page(reporters[0], f"/comments/{target.id}/report")
    assert "Something rude." in form and "Personal information" in form
    assert report(reporters[0], target.id).status_code == 302
    again = report(reporters[0], target.id)
    assert again.status_code == 200 and "already reported" in again.get_data(as_text=True)
    assert "Something rude." in page(client, f"/consultations/{proposal.id}")
    report(reporters[1], target.id, "spam")
    report(reporters[2], target.id, "off_topic")
    assert count(CommentReport, comment_id=target.id) == 3
    html = page(client, f"/consultations/{proposal.id}")
    assert "Something rude." not in html
    assert "Hidden while a moderator reviews reports" in html


def test_a_hidden_comment_shows_the_moderators_reason(signed_in, client):
    proposal = open_proposal()
    comment(signed_in(), proposal, "My phone number is 0123.")
    target = db.session.scalars(sa.select(Comment)).one()
    discussion.hide_comment(comment_id=target.id, reason="personal_information",
                            moderator=make_user(role="officer"), now=clock.now())
    html = page(client, f"/consultations/{proposal.id}")
    assert "Hidden by a moderator: personal information" in html and "0123" not in html


def test_replying_to_a_comment_on_another_proposal_is_refused(signed_in):
    first, second = open_proposal(), open_proposal()
    resident = signed_in()
    comment(resident, first, "On the first.")
    elsewhere = db.session.scalars(sa.select(Comment)).one()
    answer = comment(resident, second, "Sneaky reply", parent_id=elsewhere.id)
    assert answer.status_code == 200
    html = answer.get_data(as_text=True)
    assert "does not exist" in html and "Sneaky reply" in html
    assert count(Comment) == 1


# Hostile and malformed input -----------------------------------------------------------------


def test_xss_payloads_are_inert_on_every_page(signed_in, client):
    proposal = open_proposal()
    attacker = signed_in(display_name=XSS)
    respond_over_http(attacker, proposal, 0, respondent_type="organisation", organisation=XSS,
            reason=XSS + " https://example.org/\"onmouseover=alert(1)")
    comment(attacker, proposal, XSS + " http://example.org/<script>")
    staff = make_user(role="officer")
    discussion.moderate_reason(response_id=db.session.scalars(sa.select(Response)).one().id,
                               publish=True, moderator=staff, now=clock.now())
    target = db.session.scalars(sa.select(Comment)).one()
    paths = ["/", "/consultations", f"/consultations/{proposal.id}",
             f"/consultations/{proposal.id}/results", f"/consultations/{proposal.id}/receipt",
             f"/comments/{target.id}/report", f"/consultations/{proposal.id}?reply_to={target.id}"]
    for viewer in (attacker, signed_in(), client):
        for path in paths:
            response = viewer.get(path)
            if response.status_code == 302:
                continue  # the anonymous visitor is sent to sign in for the last pages
            html = response.get_data(as_text=True)
            assert "<script>alert" not in html and "<img src=x" not in html, path
            assert '"onmouseover' not in html, path
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in page(
        client, f"/consultations/{proposal.id}")


BAD_RESPONSES = [
    ({"option": ""}, "Choose one of the options"),
    ({"option": "abc"}, "Choose one of the options"),
    ({"option": "99999999999999999999999"}, "Choose one of the options"),
    ({"respondent_type": ""}, "Choose who you are responding as"),
    ({"respondent_type": "mayor"}, "Choose who you are responding as"),
    ({"respondent_type": "organisation", "organisation": ""}, "Enter the name of the organisation"),
    ({"postcode_district": "XYZ123"}, "Enter the first part of a postcode"),
    ({"postcode_district": "NOT A POSTCODE"}, "8 characters or fewer"),
    ({"reason": "x" * 5001}, "5000 characters or fewer"),
    ({"organisation": "o" * 201}, "200 characters or fewer"),
    ({"reason": "bad \x01 byte"}, "control characters"),
]


@pytest.mark.parametrize(("change", "message"), BAD_RESPONSES)
def test_bad_responses_re_render_with_errors_and_keep_typed_text(signed_in, change, message):
    proposal = open_proposal()
    resident = signed_in()
    typed = {"reason": "Typed reason that must survive", "postcode_district": "CV1",
             "organisation": "Typed Org"}
    answer = respond_over_http(resident, proposal, 0, **{**typed, **change})
    html = answer.get_data(as_text=True)
    assert answer.status_code == 200
    assert "There is a problem" in html and message in html
    assert html.startswith("<!DOCTYPE html>") and "<title>Error: " in html
    for field, value in {**typed, **change}.items():
        if field in typed and value and "\x01" not in value:
            assert value[:200] in html, field
    assert count(Response) == 0


BAD_COMMENTS = [
    ({"body": ""}, "Enter your comment"),
    ({"body": "   "}, "Enter your comment"),
    ({"body": "y" * 5001}, "5000 characters or fewer"),
    ({"body": "Typed comment", "parent_id": "abc"}, "does not exist"),
    ({"body": "Typed comment", "parent_id": "99999999"}, "does not exist"),
    ({"body": "Typed comment", "parent_id": "9" * 40}, "does not exist"),
]


@pytest.mark.parametrize(("data", "message"), BAD_COMMENTS)
def test_bad_comments_re_render_with_errors_and_keep_typed_text(signed_in, data, message):
    proposal = open_proposal()
    resident = signed_in()
    answer = comment(resident, proposal, data["body"], data.get("parent_id", ""))
    html = answer.get_data(as_text=True)
    assert answer.status_code == 200 and "There is a problem" in html and message in html
    if data["body"].strip():
        assert data["body"][:100] in html
    assert count(Comment) == 0


@pytest.mark.parametrize("reason", ["", "nonsense", "abusive\x00"])
def test_a_bad_report_re_renders_with_an_error(signed_in, reason):
    proposal = open_proposal()
    comment(signed_in(), proposal, "A comment.")
    target = db.session.scalars(sa.select(Comment)).one()
    answer = report(signed_in(), target.id, reason)
    assert answer.status_code == 200
    assert "Choose why you are reporting this comment" in answer.get_data(as_text=True)
    assert count(CommentReport) == 0


def test_malformed_ids_and_parameters_never_cause_a_server_error(signed_in, client):
    proposal = open_proposal()
    resident = signed_in()
    huge = "9" * 30
    for path in (f"/consultations/{huge}", f"/consultations/{huge}/results",
                 f"/consultations/{proposal.id}/documents/{huge}", f"/comments/{huge}/report",
                 f"/consultations/{huge}/receipt", "/consultations/abc", "/consultations/-1",
                 f"/consultations/{2**31}", f"/consultations/{2**63}"):
        assert resident.get(path).status_code == 404, path
    for query in ("reply_to=abc", f"reply_to={huge}", "reply_to=-1", "reply_to=%00",
                  "reply_to=%FF", "option=%00"):
        status = resident.get(f"/consultations/{proposal.id}?{query}").status_code
        assert status in (200, 400), query  # a NUL byte is refused site-wide with 400
    token = csrf_token(resident, f"/consultations/{proposal.id}")
    for path in (f"/consultations/{huge}/respond", f"/consultations/{huge}/comments",
                 f"/consultations/{huge}/withdraw-response", f"/comments/{huge}/report"):
        assert resident.post(path, data={"csrf_token": token}).status_code == 404, path
    answer = resident.post(f"/consultations/{proposal.id}/respond",
                           data={"csrf_token": token, "option": ["1", "2"], "extra": "x"})
    assert answer.status_code == 200


def test_the_ids_of_people_and_users_cannot_be_forged_into_a_response(signed_in):
    proposal = open_proposal()
    resident, victim = signed_in(), make_user()
    respond_over_http(resident, proposal, 0, user_id=str(victim.id), receipt_code="AAAA",
            reason_status="published", proposal_id="999")
    db.session.expire_all()
    response = db.session.scalars(sa.select(Response)).one()
    assert response.user_id == resident.user.id and response.receipt_code != "AAAA"
    assert response.reason_status == "none"
    assert db.session.get(User, victim.id) is not None
