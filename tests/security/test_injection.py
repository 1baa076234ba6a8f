"""SQL injection through search, sort, filter and paging parameters: allow-listed or refused."""

import re

import pytest
import sqlalchemy as sa

from consult.models import Response, User, db
from tests.conftest import submit
from tests.factories import make_closed_consultation, make_link, make_proposal
from tests.integration.decision_data import unconsulted
from tests.security.conftest import table_counts

PAYLOADS = (
    "' OR 1=1--", "' OR '1'='1", '" OR ""="', "1; DROP TABLE users", "1) OR (1=1",
    "x' UNION SELECT email, password_hash FROM users--", "%", "_", "Ki%", "K_el", "\\", "'",
    "\u0130stanbul \u00fc \U0001d518 \u2603", "-1", "0", "99999999999999999999", "1e3",
    "name desc", "partner_name; DELETE FROM twin_links", "a" * 3000,
)
MARKER = re.compile(r"Marker-[A-Za-z]+")

# page -> parameters it reads
HTML_FILTERS = {
    "/links": ("status", "country", "sort", "order"),
    "/consultations": ("status", "link"),
    "/decisions": ("link", "year", "outcome", "consulted"),
    "/audit": ("action", "subject", "from-day", "from-month", "from-year", "to-year", "page"),
}
API_FILTERS = {
    "/api/v1/links": ("status", "country", "page", "per_page"),
    "/api/v1/consultations": ("status", "link", "page", "per_page"),
    "/api/v1/decisions": ("link", "outcome", "consulted", "year", "page", "per_page"),
    "/api/v1/audit/entries": ("page", "per_page"),
}


@pytest.fixture
def data(app, signed_in):
    """Two links in different countries and states, consultations and a decision on each."""
    alpha = make_link(partner_name="Marker-Alpha", country="Germany")
    beta = make_link(partner_name="Marker-Beta", country="France")
    make_proposal(link=alpha, status="open", title="Marker-Open")
    make_closed_consultation(link=beta)
    officer = signed_in("officer")
    response = submit(officer, f"/officer/links/{alpha.slug}/decisions/new",
                      unconsulted(title="Marker-Decision"))
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    return table_counts()


def _markers(response) -> list[str]:
    seen = []
    for found in MARKER.findall(response.get_data(as_text=True)):
        if found not in seen:
            seen.append(found)
    return seen


def _ids(response) -> list:
    body = response.get_json()
    items = body.get("items", body) if isinstance(body, dict) else body
    return [item.get("id", item.get("slug", item.get("seq"))) for item in items]


def _check_result(got, unfiltered, where: str) -> None:
    """A payload either was ignored (the unfiltered answer) or matched nothing."""
    assert got in (unfiltered, []), f"{where}: {got} not justified by {unfiltered}"


@pytest.mark.parametrize("path", list(HTML_FILTERS))
def test_page_filters_ignore_or_match_nothing_for_sql_payloads(app, data, path):
    client = app.test_client()
    unfiltered = _markers(client.get(path))
    assert unfiltered or path == "/audit", "the test data is not shown, so this proves nothing"
    for name in HTML_FILTERS[path]:
        for value in PAYLOADS:
            response = client.get(path, query_string={name: value})
            where = f"{path}?{name}={value[:30]!r}"
            assert response.status_code in (200, 400), f"{where}: {response.status_code}"
            if response.status_code == 200:
                _check_result(_markers(response), unfiltered, where)
    assert table_counts() == data


@pytest.mark.parametrize("path", list(API_FILTERS))
def test_api_filters_refuse_or_match_nothing_for_sql_payloads(app, data, path):
    client = app.test_client()
    unfiltered = _ids(client.get(path, query_string={"per_page": 100}))
    assert unfiltered, "no rows to compare with"
    for name in API_FILTERS[path]:
        for value in PAYLOADS:
            response = client.get(path, query_string={name: value, "per_page": 100}
                                  if name != "per_page" else {name: value})
            where = f"{path}?{name}={value[:30]!r}"
            assert response.status_code in (200, 400), f"{where}: {response.status_code}"
            assert response.mimetype == "application/json", where
            if response.status_code == 400:
                body = response.get_json()
                assert body["status"] == 400 and body["message"], where
            elif name != "per_page":
                _check_result(_ids(response), unfiltered, where)
    assert table_counts() == data


def test_a_sort_order_outside_the_allow_list_keeps_the_default_order(app, data):
    client = app.test_client()
    default = _markers(client.get("/links"))
    by_year = _markers(client.get("/links", query_string={"sort": "year"}))
    assert sorted(default) == sorted(by_year)
    for value in ("partner_name DESC", "(SELECT 1)", "1; DROP TABLE twin_links", "country"):
        assert _markers(client.get("/links", query_string={"sort": value})) == default


def test_search_by_receipt_code_is_exact_and_not_a_pattern(app, data):
    client = app.test_client()
    path = "/consultations/2/receipts"
    for value in ("%", "_", "' OR 1=1--", "%%%%-%%%%-%%%%"):
        response = client.get(path, query_string={"code": value})
        assert response.status_code in (200, 400), value
        html = response.get_data(as_text=True)
        assert "Your response was counted." not in html, value
    code = db.session.scalars(sa.select(Response.receipt_code).filter_by(proposal_id=2)).first()
    found = client.get(path, query_string={"code": code}).get_data(as_text=True)
    assert "Your response was counted." in found


def test_the_tables_are_all_still_there_afterwards(app, data):
    client = app.test_client()
    for value in PAYLOADS:
        client.get("/links", query_string={"country": value, "sort": value})
        client.get("/api/v1/decisions", query_string={"link": value})
    inspector = sa.inspect(db.engine)
    assert {"users", "twin_links", "audit_entries", "decisions"} <= set(
        inspector.get_table_names())
    assert db.session.scalar(sa.select(sa.func.count()).select_from(User)) >= 1
    assert table_counts() == data
