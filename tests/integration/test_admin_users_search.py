"""Administrators find accounts by email or name, fifty a page; odd page numbers never fail."""

import re

import pytest

from consult.queries.account_queries import PAGE_SIZE
from tests.factories import make_user


def _names(html: str) -> list[str]:
    return re.findall(r'<th scope="row" class="govuk-table__header app-wrap">([^<]+)</th>', html)


@pytest.fixture
def admin(signed_in):
    return signed_in("admin", display_name="Zed Admin")


def test_a_search_finds_accounts_by_part_of_an_email_or_name_in_any_case(admin):
    make_user(email="ada.lovelace@example.org", display_name="Countess")
    make_user(email="someone@example.org", display_name="Ada from Earlsdon")
    make_user(email="other@example.org", display_name="Bob")

    html = admin.get("/admin/users?q=ADA").get_data(as_text=True)

    assert sorted(_names(html)) == ["Ada from Earlsdon", "Countess"]
    assert 'value="ADA"' in html
    assert "2 accounts matching" in html


def test_a_search_treats_like_wildcards_as_plain_characters(admin):
    make_user(email="percent@example.org", display_name="Fifty% off")
    make_user(email="plain@example.org", display_name="Plain")

    html = admin.get("/admin/users?q=%25").get_data(as_text=True)

    assert _names(html) == ["Fifty% off"]


def test_accounts_come_fifty_a_page_with_govuk_pagination(admin):
    for number in range(PAGE_SIZE + 10):
        make_user(display_name=f"Resident {number:03d}")

    first = admin.get("/admin/users").get_data(as_text=True)
    second = admin.get("/admin/users?page=2").get_data(as_text=True)

    assert len(_names(first)) == PAGE_SIZE
    assert len(_names(second)) == 11  # 61 accounts with the administrator
    assert not set(_names(first)) & set(_names(second))
    assert 'class="govuk-pagination"' in first
    assert 'href="/admin/users?page=2"' in first
    assert "showing page 2 of 2" in second


def test_pages_keep_the_search(admin):
    for number in range(PAGE_SIZE + 1):
        make_user(display_name=f"Earlsdon {number:03d}")
    html = admin.get("/admin/users?q=earlsdon").get_data(as_text=True)
    assert 'href="/admin/users?page=2&amp;q=earlsdon"' in html


@pytest.mark.parametrize("page", ["0", "-1", "abc", "99999", "9" * 40, "1.5", "%00", ""])
def test_a_bad_page_number_shows_the_first_page_or_400_never_500(admin, page):
    answer = admin.get(f"/admin/users?page={page}")
    assert answer.status_code in (200, 400)
    if answer.status_code == 200:
        assert "Zed Admin" in answer.get_data(as_text=True)


def test_an_overlong_search_is_refused_with_400(admin):
    assert admin.get("/admin/users?q=" + "a" * 300).status_code == 400
