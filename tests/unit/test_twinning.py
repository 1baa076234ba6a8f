"""Link statuses move only along the transition table; addresses come from names."""

import pytest

from consult.domain import twinning
from consult.domain.errors import InvalidTransition

ALLOWED = [(a, b) for a, targets in twinning.TRANSITIONS.items() for b in targets]
REFUSED = [(a, b) for a in twinning.STATUSES for b in twinning.STATUSES
           if b not in twinning.TRANSITIONS[a]]


@pytest.mark.parametrize(("current", "target"), ALLOWED)
def test_a_transition_in_the_table_is_allowed(current, target):
    assert twinning.transition(current, target) == target


@pytest.mark.parametrize(("current", "target"), REFUSED)
def test_a_transition_not_in_the_table_is_refused(current, target):
    with pytest.raises(InvalidTransition):
        twinning.transition(current, target)


def test_an_ended_link_can_never_change_status():
    assert twinning.TRANSITIONS[twinning.ENDED] == frozenset()


def test_no_status_transitions_to_itself():
    assert all(status not in targets for status, targets in twinning.TRANSITIONS.items())


@pytest.mark.parametrize(("name", "slug"), [
    ("Volgograd", "volgograd"), ("Saint-Étienne", "saint-etienne"), ("Galați", "galati"),
    ("Coventry, Rhode Island", "coventry-rhode-island"), ("Kecskemét", "kecskemet"),
    ("Волгоград", "link"), ("  Dunaújváros  ", "dunaujvaros"),
])
def test_a_link_address_is_made_from_the_partners_name(name, slug):
    assert twinning.slugify(name) == slug


def test_facts_from_outside_need_a_source_but_platform_events_do_not():
    assert twinning.needs_source("established")
    assert not twinning.needs_source("consultation_opened")
