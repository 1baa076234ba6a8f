"""Paging a SELECT in the database: clamped as the HTML lists do, or taken as given (the API)."""

import pytest
import sqlalchemy as sa

from consult.models import User
from consult.queries.paging import page_of_select
from tests.factories import make_user


@pytest.fixture
def five_people(app):
    return [make_user(display_name=f"Person {number}").id for number in range(5)]


def by_id():
    return sa.select(User).order_by(User.id)


def test_a_page_is_counted_and_sliced_in_order(five_people):
    page = page_of_select(by_id(), 2, 2)
    assert [user.id for user in page.items] == five_people[2:4]
    assert (page.total, page.number, page.pages) == (5, 2, 3)


@pytest.mark.parametrize("wanted", [None, 0, -1, 4, 10**40])
def test_clamped_a_page_that_does_not_exist_is_page_one(five_people, wanted):
    page = page_of_select(by_id(), wanted, 2, clamp=True)
    assert page.number == 1
    assert [user.id for user in page.items] == five_people[:2]


def test_clamped_the_last_page_is_kept(five_people):
    page = page_of_select(by_id(), 3, 2, clamp=True)
    assert page.number == 3 and [user.id for user in page.items] == five_people[4:]


def test_clamped_no_rows_is_an_empty_page_one(app):
    page = page_of_select(by_id(), 2, 2, clamp=True)
    assert (page.items, page.total, page.number, page.pages) == ([], 0, 1, 0)


def test_unclamped_a_page_beyond_the_last_is_empty_and_keeps_its_number(five_people):
    page = page_of_select(by_id(), 9, 2)
    assert (page.items, page.total, page.number) == ([], 5, 9)


def test_a_select_of_several_columns_gives_rows(five_people):
    page = page_of_select(sa.select(User.id, User.display_name).order_by(User.id), 1, 2)
    assert [tuple(row) for row in page.items] == [(five_people[0], "Person 0"),
                                                  (five_people[1], "Person 1")]
