"""Integration tests run with the commit guard on: a commit in consult/ outside the unit of
work fails the test it happens in."""

import pytest

from tests.commit_guard import commits_outside_the_unit_of_work


@pytest.fixture(autouse=True)
def commit_guard():
    """The places that committed outside the unit of work (a test of the guard may clear it)."""
    with commits_outside_the_unit_of_work() as found:
        yield found
    assert found == [], f"committed outside the unit of work: {found}"
