"""The responses-over-time series and chart count UK calendar days (Europe/London), each once."""

import importlib.util
import re
import sqlite3
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from consult import charts
from consult.domain import voting
from consult.queries import results
from consult.services import responses
from tests.conftest import project_root
from tests.factories import make_proposal, make_user

LONDON = ZoneInfo("Europe/London")


def _at(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


def _respond_at(proposal, moments):
    for moment in moments:
        option = proposal.options[0]
        responses.respond(proposal_id=proposal.id, respondent_id=make_user().id,
                          choice=voting.Choice(option.id, "local_resident"),
                          now=moment)


def _closed(opens_at, closes_at):
    return make_proposal(status="closed", opens_at=opens_at, closes_at=closes_at,
                         results_visibility="shown")


def test_a_late_evening_response_in_summer_counts_on_its_uk_day(app):
    proposal = _closed(_at(2026, 6, 1, 9), _at(2026, 7, 1, 9))
    # 22:30 and 23:30 UTC on 10 June are 23:30 on 10 June and 00:30 on 11 June in London.
    _respond_at(proposal, [_at(2026, 6, 10, 22, 30), _at(2026, 6, 10, 23, 30)])
    assert results.over_time(proposal.id) == [("2026-06-10", 1), ("2026-06-11", 2)]


def test_days_either_side_of_the_clocks_changing_are_uk_days(app):
    proposal = _closed(_at(2026, 3, 20, 9), _at(2026, 4, 20, 9))
    # The clocks go forward at 01:00 UTC on Sunday 29 March 2026.
    _respond_at(proposal, [_at(2026, 3, 29, 0, 30),    # 00:30 GMT, 29 March
                           _at(2026, 3, 29, 0, 59),    # 00:59 GMT, 29 March
                           _at(2026, 3, 29, 23, 30)])  # 00:30 BST, 30 March
    assert results.over_time(proposal.id) == [("2026-03-29", 2), ("2026-03-30", 3)]

    autumn = _closed(_at(2026, 10, 20, 9), _at(2026, 11, 20, 9))
    # They go back at 01:00 UTC on Sunday 25 October 2026.
    _respond_at(autumn, [_at(2026, 10, 24, 23, 30),   # 00:30 BST, 25 October
                         _at(2026, 10, 25, 23, 30)])  # 23:30 GMT, 25 October
    assert results.over_time(autumn.id) == [("2026-10-25", 2)]


def test_the_results_page_names_each_uk_day_once(client, app):
    proposal = _closed(_at(2026, 6, 1, 9), _at(2026, 7, 1, 9))
    _respond_at(proposal, [_at(2026, 6, 10, 23, 15), _at(2026, 6, 10, 23, 45)])

    html = client.get(f"/consultations/{proposal.id}/results").get_data(as_text=True)

    chart = re.search(r'<svg[^>]*aria-label="Responses over time[^"]*".*?</svg>', html, re.S)
    assert chart, "no responses-over-time chart"
    axis = re.findall(r"<text[^>]*>([^<]*Jun 2026)</text>", chart.group())
    assert axis == ["11 Jun 2026"]
    assert "10 Jun 2026" not in chart.group()
    assert html.count('<th scope="row" class="govuk-table__header">11 Jun 2026</th>') == 1
    assert "(UK time)" in html


def test_a_chart_of_one_day_names_that_day_once():
    chart = str(charts.line_chart("Responses over time", [("2026-06-11", 4)]))
    assert re.findall(r"<text[^>]*>([^<]*2026)</text>", chart) == ["11 Jun 2026"]
    assert "From 11 Jun 2026 to 11 Jun 2026" not in chart


def _migration():
    path = project_root() / "migrations" / "versions" / "0009_response_counts_uk_days.py"
    spec = importlib.util.spec_from_file_location("uk_days", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_sqlite_uk_day_agrees_with_the_time_zone_database_every_half_hour():
    expression = _migration()._sqlite_uk_day("t")
    moments = [_at(2024, 1, 1) + timedelta(minutes=30 * step) for step in range(7 * 366 * 48)]
    with sqlite3.connect(":memory:") as connection:
        connection.execute("CREATE TABLE m (t TEXT)")
        # Stored as SQLAlchemy stores a UTC time on SQLite.
        connection.executemany("INSERT INTO m VALUES (?)",
                               [(m.strftime("%Y-%m-%d %H:%M:%S.%f"),) for m in moments])
        days = [row[0] for row in connection.execute(f"SELECT {expression} FROM m ORDER BY t")]
    expected = [m.astimezone(LONDON).date().isoformat() for m in moments]
    assert days == expected
