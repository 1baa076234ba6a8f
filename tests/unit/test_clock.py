"""The service clock moves only for a testing app."""

from datetime import timedelta
from types import SimpleNamespace

import pytest

from consult import clock


def test_the_clock_cannot_be_shifted_by_a_production_app():
    with pytest.raises(RuntimeError, match="only be shifted"):
        clock.shift(timedelta(days=1), app=SimpleNamespace(config={}))
    with pytest.raises(RuntimeError, match="only be shifted"):
        clock.shift(timedelta(days=1), app=SimpleNamespace(config={"TESTING": False}))


def test_a_testing_app_moves_the_clock_and_puts_it_back():
    before = clock.now()
    testing = SimpleNamespace(config={"TESTING": True})
    clock.shift(timedelta(days=100), app=testing)
    try:
        assert clock.now() - before >= timedelta(days=100)
    finally:
        clock.shift(timedelta(0), app=testing)
    assert clock.now() - before < timedelta(days=1)
