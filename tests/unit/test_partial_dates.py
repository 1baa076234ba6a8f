"""Partial dates: year, year and month, or a full date, stored and shown honestly."""

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from consult.domain import partial_dates
from consult.domain.errors import InvalidPartialDate

REAL_DATES = st.dates(min_value=datetime.date(1000, 1, 1), max_value=datetime.date(2999, 12, 31))


@pytest.mark.parametrize(("text", "shown", "precision"), [
    ("1944", "1944", "year"),
    ("1941-10", "October 1941", "month"),
    ("1944-06-06", "6 June 1944", "day"),
])
def test_a_partial_date_is_shown_only_as_precisely_as_it_is_known(text, shown, precision):
    parsed = partial_dates.parse(text)
    assert parsed.display() == shown
    assert parsed.precision == precision
    assert parsed.iso() == text


@pytest.mark.parametrize("text", ["", "44", "1944-13", "1944-02-30", "2023-02-29", "1944/06/06",
                                  "0999", "1944-6", "abcd", "1944-06-06T00:00"])
def test_impossible_or_malformed_dates_are_refused(text):
    with pytest.raises(InvalidPartialDate):
        partial_dates.parse(text)


def test_a_day_without_a_month_is_refused():
    with pytest.raises(InvalidPartialDate):
        partial_dates.build(1944, None, 6)


def test_an_unknown_date_says_so():
    assert partial_dates.display(None) == "Not known"


def test_a_leap_day_is_accepted_in_a_leap_year():
    assert partial_dates.parse("2024-02-29").display() == "29 February 2024"


@given(REAL_DATES,
       st.sampled_from(["year", "month", "day"]))
def test_every_real_date_round_trips_at_every_precision(date, precision):
    month = date.month if precision != "year" else None
    day = date.day if precision == "day" else None
    built = partial_dates.build(date.year, month, day)
    assert partial_dates.parse(built.iso()) == built


@given(st.lists(REAL_DATES, min_size=2))
def test_sorting_the_stored_text_sorts_the_dates(dates):
    texts = [partial_dates.build(d.year, d.month, d.day).iso() for d in dates]
    assert sorted(texts) == [d.isoformat() for d in sorted(dates)]
