"""Suggested groups of uncoded reasons: deterministic, readable, in the reasons' language."""

import re
from collections import Counter

from consult.text_analysis import analyse, normalise
from consult.text_analysis.grouping import FEWEST_TEXTS
from consult.text_analysis.terms import MOST_TERMS
from tests.unit import reason_samples

CYRILLIC = re.compile(r"[а-яё]")
LATIN = re.compile(r"[a-zäöüß]")


def _reasons(*banks, count=40, seed=0):
    """Themed reasons from each bank, numbered from 1; with each id's theme."""
    items = [(f"{at}-{theme}", text) for at, bank in enumerate(banks)
             for theme, text in reason_samples.themed(bank, count, seed=seed)]
    reasons = [(number, text) for number, (_, text) in enumerate(items, 1)]
    themes = {number: theme for number, (theme, _) in enumerate(items, 1)}
    return reasons, themes


def _purity(suggestions, themes) -> float:
    """The share of grouped reasons whose group's commonest theme is their own."""
    agreeing = sum(Counter(themes[number] for number in found.member_ids).most_common(1)[0][1]
                   for found in suggestions)
    return agreeing / sum(len(found.member_ids) for found in suggestions)


def test_the_same_input_gives_exactly_the_same_suggestions():
    reasons, _ = _reasons(reason_samples.ENGLISH, reason_samples.RUSSIAN)
    uncoded = [number for number, _ in reasons if number % 7]
    first = analyse(reasons, uncoded=uncoded)
    second = analyse(reasons, uncoded=uncoded)
    assert first.suggestions  # something to compare
    assert first == second  # terms, members, examples and order


def test_a_different_seed_may_differ_but_is_itself_repeatable():
    reasons, _ = _reasons(reason_samples.ENGLISH)
    assert analyse(reasons, uncoded=[n for n, _ in reasons], seed=5) == \
        analyse(reasons, uncoded=[n for n, _ in reasons], seed=5)


def test_suggestions_never_include_coded_reasons():
    reasons, _ = _reasons(reason_samples.ENGLISH, reason_samples.GERMAN)
    uncoded = {number for number, _ in reasons if number % 3}
    suggestions = analyse(reasons, uncoded=uncoded).suggestions
    grouped = [number for found in suggestions for number in found.member_ids]
    assert suggestions and set(grouped) <= uncoded
    assert sorted(grouped) == sorted(uncoded)  # every uncoded reason in exactly one group
    assert all(set(found.example_ids) <= set(found.member_ids) for found in suggestions)


def test_english_reasons_fall_into_their_themes_with_telling_terms():
    reasons, themes = _reasons(reason_samples.ENGLISH)
    suggestions = analyse(reasons, uncoded=themes).suggestions
    assert 3 <= len(suggestions) <= 6
    assert _purity(suggestions, themes) >= 0.9
    words = {Counter(themes[n] for n in found.member_ids).most_common(1)[0][0]: set(found.terms)
             for found in suggestions}
    assert words["0-cost"] & {"money", "budget", "cost", "spending"}
    assert words["0-war"] & {"war", "ukraine", "invasion", "russia"}
    assert words["0-schools"] & {"students", "languages", "partner schools", "young"}


def test_russian_and_german_reasons_get_sensible_groups_and_readable_terms():
    reasons, themes = _reasons(reason_samples.RUSSIAN, reason_samples.GERMAN)
    suggestions = analyse(reasons, uncoded=themes).suggestions
    texts = {number: normalise.normalise(text) for number, text in reasons}
    assert len(suggestions) >= 4
    assert _purity(suggestions, themes) >= 0.85
    for found in suggestions:
        language = {themes[number][0] for number in found.member_ids}
        assert len(language) == 1  # never Russian and German in one group
        script = CYRILLIC if language == {"0"} else LATIN
        assert 1 <= len(found.terms) <= MOST_TERMS
        for term in found.terms:
            assert script.search(term)
            # whole words of the members' texts, never a fragment of a word
            assert any(f" {term} " in f" {texts[number]} " for number in found.member_ids)


def test_a_campaign_counts_once_and_its_copies_join_its_representative():
    reasons, themes = _reasons(reason_samples.ENGLISH)
    letter = ("Keep the twinning link with Volgograd: my grandmother wrote to a family there "
              "for forty years and the friendship outlived every government.")
    copies = list(range(1001, 1301))
    suggestions = analyse(reasons + [(number, letter) for number in copies],
                          uncoded=list(themes) + copies).suggestions
    holding = [found for found in suggestions if set(copies) & set(found.member_ids)]
    assert len(holding) == 1 and set(copies) <= set(holding[0].member_ids)
    others = [found for found in suggestions if found is not holding[0]]
    assert len(others) >= 2  # the campaign did not swallow the themes
    assert _purity([found for found in suggestions], themes | dict.fromkeys(copies, "letter")) \
        >= 0.85


def test_example_reasons_are_members_with_distinct_texts():
    reasons, themes = _reasons(reason_samples.ENGLISH)
    duplicated = reasons + [(number + 500, text) for number, text in reasons[:20]]
    texts = dict(duplicated)
    for found in analyse(duplicated, uncoded=dict(duplicated)).suggestions:
        assert 1 <= len(found.example_ids) <= 3
        assert set(found.example_ids) <= set(found.member_ids)
        assert len({normalise.normalise(texts[n]) for n in found.example_ids}) == \
            len(found.example_ids)


def test_suggestions_are_ordered_by_size_and_their_members_ascend():
    reasons, themes = _reasons(reason_samples.ENGLISH, reason_samples.GERMAN, count=30)
    suggestions = analyse(reasons[::-1], uncoded=themes).suggestions
    sizes = [len(found.member_ids) for found in suggestions]
    assert sizes == sorted(sizes, reverse=True)
    assert all(list(found.member_ids) == sorted(found.member_ids) for found in suggestions)
    keys = [(-len(found.member_ids), found.member_ids[0]) for found in suggestions]
    assert keys == sorted(keys)


def test_the_number_of_groups_asked_for_is_given():
    reasons, themes = _reasons(reason_samples.ENGLISH)
    assert len(analyse(reasons, uncoded=themes, clusters=2).suggestions) == 2
    assert len(analyse(reasons, uncoded=themes, clusters=1).suggestions) == 1


def test_too_few_distinct_uncoded_texts_give_no_suggestions_but_campaigns_still_count():
    reasons, _ = _reasons(reason_samples.ENGLISH)
    texts = [text for _, text in reasons[:FEWEST_TEXTS - 1]]
    copies = [(number, texts[number % len(texts)]) for number in range(1, 41)]
    analysis = analyse(copies, uncoded=[number for number, _ in copies])
    assert analysis.suggestions == ()
    assert len(analysis.campaigns) == FEWEST_TEXTS - 1


def test_progress_is_reported_in_increasing_whole_percentages_from_0_to_100():
    reasons, themes = _reasons(reason_samples.ENGLISH)
    heard = []
    analyse(reasons, uncoded=themes, progress=heard.append)
    assert heard[0] == 0 and heard[-1] == 100
    assert heard == sorted(set(heard)) and all(isinstance(percent, int) for percent in heard)
    assert len(heard) >= 5
