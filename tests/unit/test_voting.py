"""Who may respond, what a response must hold, and honest tallies."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from consult.domain import voting
from consult.domain.errors import DomainError

OPTIONS = {1: "Support", 2: "Oppose", 3: "Neither"}


def test_an_unverified_resident_cannot_respond():
    with pytest.raises(voting.NotVerified):
        voting.check_respondent(False)
    voting.check_respondent(True)


@pytest.mark.parametrize("district", ["CV1", "cv1", "CV10", "B1", "SW1A", " cv 1 ", "W1D"])
def test_postcode_districts_are_accepted_and_normalised(district):
    choice = voting.check_choice(voting.Choice(1, voting.LOCAL, postcode_district=district),
                                 set(OPTIONS))
    assert choice.postcode_district == district.replace(" ", "").upper()


@pytest.mark.parametrize("district", ["CV1 2AB", "1CV", "C", "CVV1X", "<script>"])
def test_malformed_postcode_districts_are_refused(district):
    with pytest.raises(DomainError) as error:
        voting.check_choice(voting.Choice(1, voting.LOCAL, postcode_district=district), {1})
    assert error.value.field == "postcode_district"


def test_an_option_from_another_proposal_is_refused():
    with pytest.raises(DomainError):
        voting.check_choice(voting.Choice(99, voting.LOCAL), set(OPTIONS))


def test_an_organisation_response_needs_the_organisations_name():
    with pytest.raises(DomainError):
        voting.check_choice(voting.Choice(1, voting.ORGANISATION), set(OPTIONS))
    ok = voting.check_choice(voting.Choice(1, voting.ORGANISATION, organisation=" Twin Trust "),
                             set(OPTIONS))
    assert ok.organisation == "Twin Trust"


def test_an_organisation_name_is_dropped_for_other_respondent_types():
    choice = voting.check_choice(voting.Choice(1, voting.LOCAL, organisation="X"), set(OPTIONS))
    assert choice.organisation == ""


def test_a_reason_over_5000_characters_is_refused():
    with pytest.raises(DomainError):
        voting.check_choice(voting.Choice(1, voting.LOCAL, reason="x" * 5001), set(OPTIONS))


def test_twin_city_responses_are_counted_separately_from_local_ones():
    votes = [(1, voting.LOCAL), (2, voting.TWIN_CITY), (2, voting.TWIN_CITY)]
    result = voting.tally(OPTIONS, votes)
    assert result["total"] == 3
    assert [row.count for row in result["by_type"][voting.LOCAL]["rows"]] == [1, 0, 0]
    assert [row.count for row in result["by_type"][voting.TWIN_CITY]["rows"]] == [0, 2, 0]
    assert voting.leading_options(result) == [2]


def test_no_responses_gives_zero_percentages_and_no_leader():
    result = voting.tally(OPTIONS, [])
    assert all(row.percent == 0.0 for row in result["overall"])
    assert voting.leading_options(result) == []


@given(st.lists(st.tuples(st.sampled_from(list(OPTIONS)), st.sampled_from(list(
    voting.RESPONDENT_TYPES)))))
def test_totals_always_add_up_overall_and_by_type(votes):
    result = voting.tally(OPTIONS, votes)
    assert sum(row.count for row in result["overall"]) == len(votes) == result["total"]
    assert sum(group["total"] for group in result["by_type"].values()) == len(votes)
    for row in result["overall"]:
        assert row.count == sum(1 for option, _ in votes if option == row.option_id)


def test_headline_totals_keep_the_twin_citys_residents_apart_from_the_council_area():
    result = voting.tally(OPTIONS, [(1, voting.LOCAL), (1, voting.ORGANISATION),
                                    (2, voting.TWIN_CITY)])
    home, twin = voting.headline_groups(result)
    assert (home["label"], home["total"]) == ("Council area and other respondents", 2)
    assert [(row.count, row.percent) for row in home["rows"]] == [(2, 100.0), (0, 0.0),
                                                                  (0, 0.0)]
    assert (twin["label"], twin["total"]) == ("Twin city residents", 1)
    assert [(row.count, row.percent) for row in twin["rows"]] == [(0, 0.0), (1, 100.0),
                                                                  (0, 0.0)]
