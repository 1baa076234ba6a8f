"""Every id in an address goes through the one bounded id converter (as GOV.UK Notify checks)."""

import re

import pytest

from consult.converters import LARGEST_ID, IdConverter, at_most

ID_LIKE = re.compile(r"^(id|seq|.+_id)$")


def test_every_id_in_every_route_uses_the_id_converter(app):
    id_rules = 0
    for rule in app.url_map.iter_rules():
        for name, converter in rule._converters.items():
            if ID_LIKE.match(name):
                id_rules += 1
                assert isinstance(converter, IdConverter), f"{rule.rule}: <{name}> is not <id:>"
    assert id_rules >= 40


def test_non_ascii_huge_zero_and_negative_ids_are_not_found(client):
    for value in ("%D9%A3", "%EF%BC%91", "0", "-1", str(LARGEST_ID + 1), "9" * 5000):
        response = client.get(f"/consultations/{value}")
        assert response.status_code == 404, value


def test_the_largest_id_is_looked_up_and_simply_not_found(client):
    assert client.get(f"/consultations/{LARGEST_ID}").status_code == 404
    assert client.get(f"/api/v1/consultations/{LARGEST_ID}").status_code == 404


@pytest.mark.parametrize("largest", [1, 9, 10, 99, 100, 1234, 2000, 9999, 10000])
def test_the_id_pattern_takes_exactly_the_numbers_one_to_the_largest(largest):
    pattern = re.compile(at_most(largest))
    for number in range(largest * 11):
        assert bool(pattern.fullmatch(str(number))) == (1 <= number <= largest), number


@pytest.mark.parametrize("text", ["2147483647", "2147483648", "02", "٣", "１", "-1", "1e3"])
def test_the_id_converter_matches_ascii_ids_in_range_only(text):
    matched = re.fullmatch(IdConverter.regex, text)
    assert bool(matched) == (text == str(LARGEST_ID))
