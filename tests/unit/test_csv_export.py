"""CSV cells that a spreadsheet would run as a formula are neutralised with a leading quote."""

import csv
import io
from datetime import UTC, datetime

import pytest

from consult.opendata.csv_export import neutralise, to_csv

PAYLOADS = ("=1+1", "+SUM(A1)", "-2+3", "@cmd", "\t=", "\r=")


@pytest.mark.parametrize("payload", PAYLOADS)
def test_a_cell_that_could_start_a_formula_gets_a_leading_quote(payload):
    assert neutralise(payload) == "'" + payload


@pytest.mark.parametrize("value, text", [("Kiel", "Kiel"), ("1944-06", "1944-06"), (None, ""),
                                         (True, "true"), (36, "36"), (-2, "-2"),
                                         (["a", "b"], "a; b"), (["=x"], "'=x"),
                                         (datetime(2026, 1, 2, tzinfo=UTC),
                                          "2026-01-02T00:00:00+00:00")])
def test_other_values_become_plain_text(value, text):
    assert neutralise(value) == text


def test_a_csv_has_a_header_row_and_round_trips_through_a_reader():
    text = to_csv(("name", "note"), [{"name": "Dresden", "note": 'a "quoted", comma'},
                                     {"name": "=HYPERLINK()"}])
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows == [["name", "note"], ["Dresden", 'a "quoted", comma'], ["'=HYPERLINK()", ""]]
