"""Stored and reflected script injection: every HTML page that shows what people typed."""

import pytest

from tests.conftest import submit
from tests.factories import make_proposal
from tests.security import xss_corpus
from tests.security.xss_corpus import PAYLOADS, assert_inert_html, live_markup

OPEN, CLOSED = "open_proposal", "closed_proposal"

# page -> (who looks, path from the world, tags that must be shown there)
PAGES = {
    "consultations list": ("anonymous", lambda w: "/consultations",
                           ("XSS-open-title", "XSS-closed-title", "XSS-partner")),
    "open consultation": ("anonymous", lambda w: f"/consultations/{w.open_proposal.id}",
                          ("XSS-open-title", "XSS-open-summary", "XSS-open-reasons",
                           "XSS-open-alt", "XSS-open-why-not", "XSS-comment", "XSS-reply",
                           "XSS-commenter", "XSS-open-invitation", "XSS-open-no-twin-reason")),
    "closed consultation": ("anonymous", lambda w: f"/consultations/{w.closed_proposal.id}",
                            ("XSS-closed-title", "XSS-closed-reasons", "XSS-proposal-note",
                             "XSS-feedback-summary", "XSS-feedback-note", "XSS-theme",
                             "XSS-theme-answer", "XSS-officer-name", "XSS-unanswered-theme",
                             "XSS-unanswered-reason", "XSS-closed-reason-0")),
    "results": ("anonymous", lambda w: f"/consultations/{w.closed_proposal.id}/results",
                ("XSS-closed-option", "XSS-closed-reason-0", "XSS-closed-name-0")),
    "decision": ("anonymous", lambda w: f"/decisions/{w.decision_id}",
                 ("XSS-decision-title", "XSS-decision-summary", "XSS-decision-reasons",
                  "XSS-decision-alternatives", "XSS-interests", "XSS-names-against")),
    "decisions list": ("anonymous", lambda w: "/decisions", ("XSS-decision-title",)),
    "unconsulted decision": ("anonymous", lambda w: f"/decisions/{w.unconsulted_id}",
                             ("XSS-unconsulted-title", "XSS-no-consultation-reason",
                              "XSS-no-retrospective-reason", "XSS-review-outcome")),
    "officer decision": ("officer", lambda w: f"/officer/decisions/{w.unconsulted_id}",
                         ("XSS-unconsulted-title", "XSS-no-retrospective-reason")),
    "officer dashboard": ("officer", lambda w: "/officer/", ("XSS-partner",)),
    "links list": ("anonymous", lambda w: "/links", ("XSS-partner", "XSS-country")),
    "link": ("anonymous", lambda w: f"/links/{w.link.slug}",
             ("XSS-partner", "XSS-local", "XSS-country", "XSS-began-note", "XSS-description",
              "XSS-event", "XSS-review-outcome")),
    "audit log": ("anonymous", lambda w: "/audit",
                  ("XSS-officer-name", "XSS-decision-title", "XSS-proposal-note")),
    "home": ("anonymous", lambda w: "/", ()),
    "requests list": ("anonymous", lambda w: "/requests",
                      ("XSS-request-title", "XSS-refused-request-title", "XSS-partner")),
    "request": ("anonymous", lambda w: f"/requests/{w.request_id}",
                ("XSS-request-title", "XSS-request-reason", "XSS-partner")),
    "refused request": ("anonymous", lambda w: f"/requests/{w.refused_request_id}",
                        ("XSS-refused-request-title", "XSS-refused-request-reason",
                         "XSS-refusal")),
    "officer requests": ("officer", lambda w: "/officer/requests", ("XSS-request-title",)),
    "officer request": ("officer", lambda w: f"/officer/requests/{w.request_id}",
                        ("XSS-request-title", "XSS-request-reason", "XSS-closed-title")),
    "moderation queue": ("officer", lambda w: "/officer/moderation",
                         ("XSS-comment", "XSS-open-reason-0", "XSS-open-name-0")),
    "officer consultation": ("officer",
                             lambda w: f"/officer/consultations/{w.closed_proposal.id}",
                             ("XSS-closed-title",)),
    "officer feedback": ("officer", lambda w: f"/officer/consultations/{w.closed_proposal.id}"
                         "/feedback", ("XSS-closed-title", "XSS-theme", "XSS-unanswered-theme",
                                       "XSS-closed-reason-0")),
    "officer consultations": ("officer", lambda w: "/officer/consultations",
                              ("XSS-open-title",)),
    "officer invitations": ("officer",
                            lambda w: f"/officer/consultations/{w.open_proposal.id}/invitations",
                            ("XSS-open-title", "XSS-open-invitation",
                             "XSS-open-no-twin-reason")),
    "officer analysis": ("officer",
                         lambda w: f"/officer/consultations/{w.closed_proposal.id}/analysis",
                         ("XSS-closed-title", "XSS-closed-reason-0", "XSS-closed-reason-1",
                          "XSS-closed-option", "XSS-codebook-name", "XSS-codebook-sub")),
    "officer analysis by theme": ("officer", lambda w: f"/officer/consultations/"
                                  f"{w.closed_proposal.id}/analysis?theme={w.theme_id}",
                                  ("XSS-closed-reason-0", "XSS-codebook-name")),
    "officer themes": ("officer", lambda w: f"/officer/consultations/{w.closed_proposal.id}"
                       "/themes", ("XSS-closed-title", "XSS-codebook-name",
                                   "XSS-codebook-description", "XSS-codebook-sub")),
    "edit theme": ("officer", lambda w: f"/officer/consultations/{w.closed_proposal.id}"
                   f"/themes/{w.theme_id}/edit", ("XSS-codebook-name",)),
    "remove theme": ("officer", lambda w: f"/officer/consultations/{w.closed_proposal.id}"
                     f"/themes/{w.theme_id}/remove", ("XSS-codebook-name",)),
    "merge theme": ("officer", lambda w: f"/officer/consultations/{w.closed_proposal.id}"
                    f"/themes/{w.theme_id}/merge", ("XSS-codebook-name",)),
    "edit consultation": ("officer", lambda w: f"/officer/consultations/{w.open_proposal.id}"
                          "/edit", ()),
    "edit link": ("officer", lambda w: f"/officer/links/{w.link.slug}/edit",
                  ("XSS-partner", "XSS-description")),
    "staff actions": ("auditor", lambda w: "/audit/staff-actions", ("XSS-officer-name",)),
    "users": ("admin", lambda w: "/admin/users", ("XSS-officer-name",)),
}


def _client(world, role, app, signed_in):
    if role == "anonymous":
        return app.test_client()
    return world.officer if role == "officer" else signed_in(role)


@pytest.mark.parametrize("raw", [p for p in PAYLOADS if "<" in p and "&lt;" not in p])
def test_the_checker_finds_each_payload_when_it_is_live(raw):
    problems, _ = live_markup(f"<p>{raw}</p><a href=\"{xss_corpus.JS_URL}\">x</a>")
    assert problems


def test_every_page_shows_stored_payloads_as_text(app, signed_in, xss_world):
    """One filled site, then every page that shows people's text, as whoever may see it."""
    clients, failures = {}, []
    for name, (role, path_of, shown) in PAGES.items():
        client = clients.setdefault(role, _client(xss_world, role, app, signed_in))
        response = client.get(path_of(xss_world))
        try:
            assert response.status_code == 200, f"{name}: {response.status_code}"
            assert response.mimetype == "text/html", name
            assert response.headers["X-Content-Type-Options"] == "nosniff", name
            assert_inert_html(response.get_data(as_text=True), name, shown)
        except AssertionError as failure:
            failures.append(str(failure).splitlines()[0])
    assert not failures, failures


PUBLIC_QUERIES = {
    "/links": ("status", "country", "sort", "order"),
    "/consultations": ("status", "link"),
    "/decisions": ("link", "year", "outcome", "consulted"),
    "/audit": ("action", "subject", "from-day", "from-month", "from-year", "to-day",
               "to-month", "to-year", "page"),
    "/sign-in": ("next",),
    "/": ("q",),
}


def test_query_parameters_are_never_reflected_as_markup(app, xss_world):
    client = app.test_client()
    world_pages = {f"/consultations/{xss_world.open_proposal.id}": ("reply_to",),
                   f"/consultations/{xss_world.closed_proposal.id}/results": ("option",),
                   f"/consultations/{xss_world.closed_proposal.id}/receipts": ("code",),
                   f"/links/{xss_world.link.slug}": ("order",)}
    for raw in PAYLOADS + ("</title><script>alert(1)</script>",):
        for path, names in {**PUBLIC_QUERIES, **world_pages}.items():
            response = client.get(path, query_string={name: raw for name in names})
            assert response.status_code in (200, 400), f"{path}: {response.status_code}"
            assert_inert_html(response.get_data(as_text=True), f"{path}?{names}={raw}")


ANALYSIS_QUERIES = ("q", "option", "group", "language", "theme", "show", "page")


def test_the_analysis_filters_and_search_are_never_reflected_as_markup(app, xss_world):
    path = f"/officer/consultations/{xss_world.closed_proposal.id}/analysis"
    for raw in PAYLOADS + ("</title><script>alert(1)</script>",):
        response = xss_world.officer.get(path, query_string={
            name: raw for name in ANALYSIS_QUERIES})
        assert response.status_code == 200, raw
        assert_inert_html(response.get_data(as_text=True), f"{path}?q={raw}")
    searched = xss_world.officer.get(path, query_string={"q": xss_corpus.SCRIPT})
    assert "&lt;script&gt;" in searched.get_data(as_text=True)  # kept in the box, as text


def test_a_refused_theme_form_shows_typed_payloads_as_text(app, xss_world):
    path = f"/officer/consultations/{xss_world.closed_proposal.id}/themes"
    response = submit(xss_world.officer, path, {
        "name": xss_corpus.payload("XSS-typed-theme") + "x" * 80,
        "description": xss_corpus.payload("XSS-typed-description", 1000), "parent": ""})
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "There is a problem" in html
    assert_inert_html(html, "theme form")


REFORMS = {
    # form page -> fields refilled into the page when it is refused
    "/register": {"display_name": 80, "email": 254},
    "/sign-in": {"email": 254},
    "/forgot-password": {"email": 254},
}


@pytest.mark.parametrize("path", list(REFORMS))
def test_a_refused_form_shows_typed_payloads_as_text(app, path):
    client = app.test_client()
    data = {name: xss_corpus.payload("XSS-typed", limit) for name, limit in REFORMS[path].items()}
    response = submit(client, path, {**data, "password": "x", "confirm": "y"})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "There is a problem" in html
    assert_inert_html(html, path)


def test_the_comment_form_keeps_a_refused_payload_inert(app, signed_in, xss_world):
    resident = signed_in("resident")
    path = f"/consultations/{xss_world.open_proposal.id}"
    response = submit(resident, f"{path}/comments",
                      {"body": xss_corpus.payload("XSS-too-long") + "x" * 5000},
                      token_from=path)
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "There is a problem" in html
    assert_inert_html(html, "comment form", ("XSS-too-long",))


def test_a_respondents_own_answers_are_shown_back_as_text(app, signed_in):
    proposal = make_proposal(status="open")
    resident = signed_in("resident", display_name=xss_corpus.payload("XSS-me", 80))
    path = f"/consultations/{proposal.id}"
    response = submit(resident, f"{path}/respond", {
        "option": str(proposal.options[0].id), "respondent_type": "organisation",
        "organisation": xss_corpus.payload("XSS-org", 200),
        "reason": xss_corpus.payload("XSS-why")}, token_from=path)
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    for page, shown in ((path, ("XSS-org", "XSS-why")), (f"{path}/receipt", ("XSS-org",)),
                        ("/account", ("XSS-me",))):
        answer = resident.get(page)
        assert answer.status_code == 200, page
        assert_inert_html(answer.get_data(as_text=True), page, shown)


@pytest.mark.parametrize("step", ["withdraw", "close"])
def test_an_officers_public_reason_is_shown_as_text(app, signed_in, step):
    proposal = make_proposal(status="open")
    officer = signed_in("officer")
    response = submit(officer, f"/officer/consultations/{proposal.id}/{step}",
                      {"reason": xss_corpus.payload(f"XSS-{step}", 2000)})
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    client = app.test_client()
    for page in (f"/consultations/{proposal.id}", f"/links/{proposal.link.slug}"):
        answer = client.get(page)
        assert answer.status_code == 200, page
        assert_inert_html(answer.get_data(as_text=True), page, (f"XSS-{step}",))


def _suggestion_of(world) -> int:
    """A suggested theme (and a campaign) whose examples are the world's payload reasons."""
    import sqlalchemy as sa

    from consult.models import AnalysisGroup, AnalysisRun, Response, db

    reasons = list(db.session.scalars(sa.select(Response.id).where(
        Response.proposal_id == world.closed_proposal.id, Response.reason != "")))
    run = AnalysisRun(proposal_id=world.closed_proposal.id, status="done", progress=100,
                      reasons=len(reasons))
    db.session.add(run)
    db.session.flush()
    group = AnalysisGroup(run_id=run.id, kind="suggestion", number=1, size=len(reasons),
                          terms=[xss_corpus.SCRIPT, "<b>bold</b>"], example_ids=reasons[:3])
    db.session.add_all([group, AnalysisGroup(run_id=run.id, kind="campaign", number=1,
                                             size=len(reasons), example_ids=reasons[:1])])
    db.session.commit()
    return group.id


def test_suggestions_and_a_refused_acceptance_show_payloads_as_text(app, xss_world):
    base = f"/officer/consultations/{xss_world.closed_proposal.id}"
    group_id = _suggestion_of(xss_world)
    analysis = xss_world.officer.get(f"{base}/analysis").get_data(as_text=True)
    assert "Suggestion 1" in analysis
    assert_inert_html(analysis, "analysis page with suggestions")
    path = f"{base}/suggestions/{group_id}"
    assert_inert_html(xss_world.officer.get(path).get_data(as_text=True), "suggestion page")
    response = submit(xss_world.officer, path, {
        "accept-name": xss_corpus.payload("XSS-typed-suggestion") + "x" * 80,
        "accept-description": xss_corpus.payload("XSS-typed-suggestion-note", 1000),
        "accept-accept": "1"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "There is a problem" in html
    assert_inert_html(html, "suggestion form")
