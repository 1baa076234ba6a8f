"""The one page type: its numbers at the edges (no items, page 0, beyond the last)."""

from dataclasses import FrozenInstanceError

import pytest

from consult.queries.paging import Page, page_of_list


@pytest.mark.parametrize(("number", "pages", "shown"), [
    (1, 1, [1]), (1, 2, [1, 2]), (1, 5, [1, 2, None, 5]), (3, 5, [1, 2, 3, 4, 5]),
    (5, 9, [1, None, 4, 5, 6, None, 9]), (9, 9, [1, None, 8, 9])])
def test_the_record_links_the_first_last_and_neighbouring_pages(number, pages, shown):
    page = Page([], pages * 50, number, 50)
    assert page.neighbours() == shown


def test_no_items_is_no_pages_with_nothing_either_side():
    page = Page([], 0, 1, 20)
    assert page.pages == 0
    assert not page.has_previous and not page.has_next
    assert page.neighbours() == [1]


@pytest.mark.parametrize(("total", "pages"), [(1, 1), (20, 1), (21, 2), (40, 2), (41, 3)])
def test_pages_round_up(total, pages):
    assert Page([], total, 1, 20).pages == pages


def test_the_last_page_has_a_previous_and_no_next():
    page = Page([], 41, 3, 20)
    assert page.has_previous and page.previous_number == 2
    assert not page.has_next


def test_a_middle_page_has_both_neighbours():
    page = Page([], 41, 2, 20)
    assert (page.previous_number, page.next_number) == (1, 3)
    assert page.has_previous and page.has_next


def test_a_list_page_beyond_the_last_is_empty_and_keeps_its_number():
    page = page_of_list(list(range(5)), 4, 2)
    assert (page.items, page.total, page.number, page.pages) == ([], 5, 4, 3)
    assert page.has_previous and not page.has_next


def test_a_list_page_holds_its_slice():
    assert page_of_list(list(range(5)), 3, 2).items == [4]
    assert page_of_list(list(range(5)), 1, 2).items == [0, 1]


def test_a_page_is_frozen():
    with pytest.raises(FrozenInstanceError):
        Page([], 0, 1, 20).number = 2
