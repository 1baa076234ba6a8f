"""The analysis page (issue 17): progress, filters that each narrow the list, bulk actions on the
ticked reasons or on every reason matching the filters, quoting, and the banner after each."""

import re
from datetime import UTC, datetime

import pytest
from werkzeug.datastructures import MultiDict

from consult.domain import voting
from consult.models import AnalysisGroup, AnalysisMember, AnalysisRun, db
from consult.queries import analysis_queries
from consult.queries.analysis_queries import Filters
from consult.services import codebook, coding
from tests.conftest import submit
from tests.integration.analysis_data import (
    bulk_reasons,
    ids,
    publish,
    reads,
    reasons_consultation,
    tagged,
)

RECEIPT_ROW = re.compile(r'<tr class="govuk-table__row" id="reason-(\d+)">')


CAPTION = re.compile(r'id="reasons-caption">\s*([\d,]+) reasons?')


def page_ids(client, path: str, query=None) -> list[int]:
    """The reasons listed, after checking the caption counts exactly them."""
    response = client.get(path, query_string=MultiDict(query or ()))
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    found = [int(found) for found in RECEIPT_ROW.findall(html)]
    assert int(CAPTION.search(html).group(1).replace(",", "")) == len(found), query
    return found


def _theme(proposal, officer, name="Safety", **kwargs):
    return codebook.add_theme(proposal_id=proposal.id, name=name, actor=officer.user,
                              now=datetime.now(UTC), **kwargs)


def _campaign(proposal, members) -> None:
    """A finished analysis run with one campaign (as the suggestions work will store it)."""
    now = datetime.now(UTC)
    run = AnalysisRun(proposal_id=proposal.id, status="done", progress=100, reasons=4,
                      requested_at=now, finished_at=now)
    db.session.add(run)
    db.session.flush()
    group = AnalysisGroup(run_id=run.id, kind="campaign", number=1, terms=[], example_ids=[],
                          size=len(members))
    db.session.add(group)
    db.session.flush()
    db.session.add_all(AnalysisMember(group_id=group.id, response_id=found.id)
                       for found in members)
    db.session.commit()


def test_the_page_shows_progress_and_each_reason_with_its_receipt_and_language(app, officer):
    proposal, made = reasons_consultation()
    theme = _theme(proposal, officer)
    coding.tag(proposal_id=proposal.id, theme_id=theme.id, response_ids=ids(made[:1]),
               actor=officer.user, now=datetime.now(UTC))
    coding.mark_read(proposal_id=proposal.id, response_ids=ids(made[:2]), actor=officer.user,
                     now=datetime.now(UTC))
    response = officer.get(f"/officer/consultations/{proposal.id}/analysis")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert re.search(r'id="progress">2 of 4 reasons read, 1 coded<', html)
    assert made[0].receipt_code in html and 'lang="ru">Это важно' in html
    assert 'lang="cy">Cadwch' in html and 'id="suggestions"' in html
    assert "Suggested themes" in html
    assert 'for="bulk-reasons">' in html  # the first box is what the error summary links to
    assert page_ids(officer, f"/officer/consultations/{proposal.id}/analysis") == ids(made)
    consultation = officer.get(f"/officer/consultations/{proposal.id}").get_data(as_text=True)
    assert f'href="/officer/consultations/{proposal.id}/analysis">Analyse the reasons' in \
        consultation


def test_each_filter_narrows_the_list_to_exactly_its_reasons(app, officer):
    proposal, made = reasons_consultation()
    safety = _theme(proposal, officer)
    roads = _theme(proposal, officer, "Roads", parent_id=safety.id)
    coding.tag(proposal_id=proposal.id, theme_id=roads.id, response_ids=[made[1].id],
               actor=officer.user, now=datetime.now(UTC))
    coding.tag(proposal_id=proposal.id, theme_id=safety.id, response_ids=[made[3].id],
               actor=officer.user, now=datetime.now(UTC))
    coding.mark_read(proposal_id=proposal.id, response_ids=[made[0].id], actor=officer.user,
                     now=datetime.now(UTC))
    _campaign(proposal, made[2:])
    path = f"/officer/consultations/{proposal.id}/analysis"
    option = proposal.options[1].id
    expected = {
        (("option", str(option)),): [made[1].id, made[3].id],
        (("group", voting.TWIN_CITY),): [made[1].id, made[3].id],
        (("language", "ru"),): [made[2].id],
        (("language", "none"),): [made[0].id, made[1].id],
        (("theme", str(safety.id)),): [made[1].id, made[3].id],  # with its sub-theme
        (("theme", str(roads.id)),): [made[1].id],
        (("show", "uncoded"),): [made[0].id, made[2].id],
        (("show", "unread"),): [made[1].id, made[2].id, made[3].id],
        (("show", "campaign"),): [made[2].id, made[3].id],
        (("q", "SAFETY"),): [made[1].id],
        (("q", "ВАЖНО"),): [made[2].id],  # case folded beyond ASCII, on SQLite too
        (("show", "unread"), ("show", "uncoded")): [made[2].id],
        (("option", "999999"), ("theme", "abc"), ("language", "xx")): ids(made),  # ignored
    }
    for query, wanted in expected.items():
        assert page_ids(officer, path, query) == wanted, query


def test_search_takes_like_wildcards_literally(app, officer):
    proposal, made = reasons_consultation(("100% sure", "1000 sure", "a_b", "axb"))
    for term, wanted in (("100%", [made[0].id]), ("a_b", [made[2].id]), ("%", [made[0].id])):
        found = analysis_queries.matching_ids(proposal.id, Filters(search=term))
        assert found == wanted, term


def test_applying_a_theme_to_ticked_reasons_redirects_to_the_same_filters_with_a_banner(
        app, officer):
    proposal, made = reasons_consultation()
    theme = _theme(proposal, officer)
    path = f"/officer/consultations/{proposal.id}/analysis"
    response = submit(officer, f"{path}?show=unread&page=1", {
        "bulk-reasons": [str(made[0].id), str(made[2].id)], "bulk-which": "ticked",
        "bulk-theme": str(theme.id), "bulk-action": "apply"}, token_from=path)
    assert response.status_code == 302
    assert response.headers["Location"] == f"{path}?page=1&show=unread#reasons"
    assert tagged(theme.id) == {made[0].id, made[2].id}
    banner = officer.get(response.headers["Location"]).get_data(as_text=True)
    assert "Theme ‘Safety’ applied to 2 reasons" in banner


def test_all_matching_tags_exactly_the_filtered_set_beyond_one_page(app, officer):
    proposal, made = reasons_consultation()
    many = bulk_reasons(proposal, 120, text="Bulk {n}: the link matters")
    theme = _theme(proposal, officer)
    path = f"/officer/consultations/{proposal.id}/analysis"
    wanted = analysis_queries.matching_ids(proposal.id, Filters(
        search="link matters", option_id=proposal.options[0].id))
    assert len(wanted) == 60 and set(wanted) <= set(many)
    query = f"?q=link+matters&option={proposal.options[0].id}"
    response = submit(officer, path + query, {"bulk-which": "matching", "bulk-theme": str(
        theme.id), "bulk-action": "apply", "bulk-reasons": str(made[0].id)}, token_from=path)
    assert response.status_code == 302
    assert tagged(theme.id) == set(wanted)  # the ticked one, outside the filter, is not
    assert "Theme ‘Safety’ applied to 60 reasons" in officer.get(
        response.headers["Location"]).get_data(as_text=True)
    response = submit(officer, path + query, {"bulk-which": "matching", "bulk-action": "read"},
                      token_from=path)
    assert set(reads()) == set(wanted)


@pytest.mark.parametrize(("fields", "message"), [
    ({"bulk-which": "ticked", "bulk-action": "read"}, "Select at least one reason"),
    ({"bulk-which": "ticked", "bulk-action": "apply", "bulk-reasons": "1"},
     "Choose the theme to apply or remove"),
    ({"bulk-which": "ticked", "bulk-action": "read", "bulk-reasons": "x"},
     "Select reasons from the list on this page"),
])
def test_a_bulk_action_without_reasons_or_a_theme_shows_an_error_summary(app, officer, fields,
                                                                         message):
    proposal, _ = reasons_consultation()
    path = f"/officer/consultations/{proposal.id}/analysis"
    response = submit(officer, path, fields)
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "There is a problem" in html and message in html
    assert reads() == {}


def test_more_than_500_ticked_reasons_are_refused(app, officer):
    proposal, made = reasons_consultation()
    path = f"/officer/consultations/{proposal.id}/analysis"
    response = submit(officer, path, {"bulk-which": "ticked", "bulk-action": "read",
                                      "bulk-reasons": [str(n) for n in range(1, 502)]})
    assert "Select at most 500 reasons" in response.get_data(as_text=True)


def test_a_theme_filter_offers_quoting_its_published_reasons(app, officer):
    proposal, made = reasons_consultation()
    theme = _theme(proposal, officer)
    coding.tag(proposal_id=proposal.id, theme_id=theme.id, response_ids=ids(made[:2]),
               actor=officer.user, now=datetime.now(UTC))
    publish(made[0], officer.user)
    path = f"/officer/consultations/{proposal.id}/analysis"
    html = officer.get(path, query_string={"theme": theme.id}).get_data(as_text=True)
    assert html.count("Quote in the response") == 1 and f'value="{made[0].id}"' in html
    quote_path = f"{path}/themes/{theme.id}/quotes"
    response = submit(officer, f"{quote_path}?theme={theme.id}&page=1",
                      {"quote": str(made[0].id)}, token_from=path)
    assert response.headers["Location"] == f"{path}?page=1&theme={theme.id}#reasons"
    html = officer.get(response.headers["Location"]).get_data(as_text=True)
    assert "now quoted under ‘Safety’" in html and "Stop quoting" in html
    response = submit(officer, quote_path, {"quote": str(made[1].id)}, token_from=path)
    assert "Only a published reason can be quoted" in officer.get(
        response.headers["Location"]).get_data(as_text=True)
    response = submit(officer, quote_path, {}, token_from=path)
    assert "Choose one reason to quote" in officer.get(
        response.headers["Location"]).get_data(as_text=True)


def test_a_resident_is_refused_every_analysis_page(app, signed_in):
    proposal, made = reasons_consultation()
    resident = signed_in("resident")
    base = f"/officer/consultations/{proposal.id}"
    for path in ("/analysis", "/analysis.csv", "/analysis.xlsx", "/themes"):
        assert resident.get(base + path).status_code == 403, path


@pytest.mark.parametrize(("status", "words"), [("scheduled", "has not opened yet"),
                                                ("withdrawn", "was withdrawn")])
def test_before_the_opening_or_once_withdrawn_the_page_says_why_and_offers_no_action(
        app, officer, status, words):
    from tests.factories import make_proposal

    proposal = make_proposal(status=status)
    html = officer.get(f"/officer/consultations/{proposal.id}/analysis").get_data(as_text=True)
    assert words in html and "Mark read" not in html
    themes = officer.get(f"/officer/consultations/{proposal.id}/themes").get_data(as_text=True)
    assert words in themes and "Add the theme" not in themes
    consultation = officer.get(f"/officer/consultations/{proposal.id}").get_data(as_text=True)
    assert "Analyse the reasons" not in consultation
