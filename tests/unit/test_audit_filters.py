"""The audit log's filters: well-formed parts are kept, anything else is ignored and named."""

from datetime import UTC, date, datetime

import pytest

from consult.audit.filters import AuditFilter, page_number, parse


def test_no_arguments_means_no_filter():
    assert parse({}) == AuditFilter()
    assert not parse({}).active


def test_a_known_action_family_subject_and_dates_are_kept():
    wanted = parse({"action": "link", "subject": "link:volgograd", "from-day": "1",
                    "from-month": "7", "from-year": "2026", "to-day": "02", "to-month": "07",
                    "to-year": "2026"})
    assert wanted == AuditFilter("link", "link:volgograd", date(2026, 7, 1), date(2026, 7, 2))


def test_dates_are_whole_days_in_london_summer_and_winter():
    summer = parse({"from-day": "1", "from-month": "7", "from-year": "2026",
                    "to-day": "1", "to-month": "7", "to-year": "2026"})
    assert summer.since() == datetime(2026, 6, 30, 23, 0, tzinfo=UTC)
    assert summer.before() == datetime(2026, 7, 1, 23, 0, tzinfo=UTC)
    winter = parse({"from-day": "1", "from-month": "12", "from-year": "2026"})
    assert winter.since() == datetime(2026, 12, 1, 0, 0, tzinfo=UTC) and winter.before() is None


@pytest.mark.parametrize("args, ignored", [
    ({"action": "link."}, ("type of action",)),
    ({"subject": "no colon"}, ("subject",)),
    ({"from-day": "29", "from-month": "2", "from-year": "2026"}, ("from date",)),
    ({"to-day": "1", "to-month": "1", "to-year": "1999"}, ("to date",)),
    ({"to-day": "1", "to-month": "1"}, ("to date",)),
    ({"from-day": "²", "from-month": "1", "from-year": "2026"}, ("from date",)),
    ({"action": "x", "subject": "y", "from-year": "z", "to-day": "0"},
     ("type of action", "subject", "from date", "to date")),
])
def test_malformed_parts_are_dropped_and_named(args, ignored):
    wanted = parse(args)
    assert wanted.ignored == ignored
    assert not wanted.active


def test_query_args_give_back_what_was_kept():
    args = {"action": "account", "to-day": "3", "to-month": "4", "to-year": "2026"}
    assert parse(args).query_args() == args


@pytest.mark.parametrize("raw, number", [("1", 1), ("12", 12), ("0", None), ("-1", None),
                                         ("", None), (None, None), ("x", None), ("٣", None),
                                         ("9" * 10, None)])
def test_page_numbers_are_small_positive_integers(raw, number):
    assert page_number(raw) == number
