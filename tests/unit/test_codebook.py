"""The codebook's rules (issue 17): named, unique themes with one level of sub-themes, merging,
quotations, when reasons are analysed, and how many reasons one action may take."""

import pytest

from consult.domain import codebook as rules
from consult.domain import proposals
from consult.domain.codebook import ThemeDraft, ThemeFacts

# 1 Safety (main) with 2 Roads under it; 3 Schools (main); 4 Culture (main, no children)
CODEBOOK = [ThemeFacts(1, "Safety"), ThemeFacts(2, "Roads", 1), ThemeFacts(3, "Schools"),
            ThemeFacts(4, "Culture")]


def test_a_new_theme_is_accepted_with_its_name_and_description_tidied():
    checked = rules.check_theme(ThemeDraft("  Cost   of travel ", "  Fares and time. "), CODEBOOK)
    assert checked == ThemeDraft("Cost of travel", "Fares and time.", None)


def test_a_sub_theme_of_a_main_theme_is_accepted():
    assert rules.check_theme(ThemeDraft("Trains", parent_id=1), CODEBOOK).parent_id == 1


@pytest.mark.parametrize(("draft", "field", "words"), [
    (ThemeDraft("   "), "name", "Enter the name"),
    (ThemeDraft("x" * 81), "name", "80 characters"),
    (ThemeDraft("Theme", "d" * 1001), "description", "1000 characters"),
    (ThemeDraft("sAFETY"), "name", "already a theme called ‘sAFETY’"),
    (ThemeDraft(" schools "), "name", "already a theme"),
    (ThemeDraft("Trains", parent_id=2), "parent", "sub-theme itself"),
    (ThemeDraft("Trains", parent_id=99), "parent", "main theme of this consultation"),
])
def test_a_theme_that_breaks_a_rule_is_refused_naming_its_field(draft, field, words):
    with pytest.raises(rules.ThemeRefused, match=words) as refused:
        rules.check_theme(draft, CODEBOOK)
    assert refused.value.field == field


def test_the_longest_name_and_description_are_accepted():
    checked = rules.check_theme(ThemeDraft("n" * 80, "d" * 1000), CODEBOOK)
    assert (len(checked.name), len(checked.description)) == (80, 1000)


def test_an_edited_theme_may_keep_its_own_name_in_another_case():
    assert rules.check_theme(ThemeDraft("SAFETY"), CODEBOOK, theme_id=1).name == "SAFETY"


def test_a_theme_cannot_be_its_own_parent():
    with pytest.raises(rules.ThemeRefused, match="its own main theme"):
        rules.check_theme(ThemeDraft("Culture", parent_id=4), CODEBOOK, theme_id=4)


def test_a_theme_with_sub_themes_cannot_become_a_sub_theme():
    with pytest.raises(rules.ThemeRefused, match="has sub-themes") as refused:
        rules.check_theme(ThemeDraft("Safety", parent_id=3), CODEBOOK, theme_id=1)
    assert refused.value.field == "parent"


def test_a_sub_theme_may_move_to_another_main_theme_or_become_a_main_theme():
    assert rules.check_theme(ThemeDraft("Roads", parent_id=3), CODEBOOK, theme_id=2).parent_id == 3
    assert rules.check_theme(ThemeDraft("Roads"), CODEBOOK, theme_id=2).parent_id is None


def test_a_theme_with_sub_themes_is_not_removed():
    with pytest.raises(rules.ThemeInUse, match="sub-themes"):
        rules.require_removable(1)
    rules.require_removable(0)


@pytest.mark.parametrize(("source", "target", "words"), [
    (3, 3, "into itself"),
    (1, 2, "its own sub-themes"),
    (1, 99, "of this consultation"),
])
def test_a_merge_into_itself_its_sub_theme_or_another_codebook_is_refused(source, target, words):
    with pytest.raises(rules.ThemeRefused, match=words):
        rules.check_merge(source, target, CODEBOOK)


def test_a_theme_with_sub_themes_merges_only_into_a_main_theme():
    rules.check_merge(1, 3, CODEBOOK)
    codebook = [*CODEBOOK, ThemeFacts(5, "Buses", 3)]
    with pytest.raises(rules.ThemeRefused, match="only be merged into a main theme"):
        rules.check_merge(1, 5, codebook)


def test_a_sub_theme_merges_into_any_other_theme():
    rules.check_merge(2, 3, CODEBOOK)
    rules.check_merge(4, 2, CODEBOOK)


@pytest.mark.parametrize("status", sorted(proposals.STATUSES))
def test_reasons_are_analysed_from_the_opening_and_never_once_withdrawn(status):
    if status in (proposals.OPEN, proposals.CLOSED, proposals.DECIDED):
        rules.require_coding_open(status)
        return
    words = "withdrawn" if status == proposals.WITHDRAWN else "not opened"
    with pytest.raises(rules.CodingClosed, match=words):
        rules.require_coding_open(status)


@pytest.mark.parametrize(("count", "all_matching", "words"), [
    (0, False, "at least one"),
    (0, True, "at least one"),
    (501, False, "at most 500"),
])
def test_a_bulk_action_needs_a_reason_and_ticks_at_most_500(count, all_matching, words):
    with pytest.raises(rules.SelectionRefused, match=words) as refused:
        rules.check_selection(count, all_matching=all_matching)
    assert refused.value.field == "reasons"


@pytest.mark.parametrize(("count", "all_matching"), [(1, False), (500, False), (100_000, True)])
def test_up_to_500_ticked_or_every_matching_reason_is_accepted(count, all_matching):
    rules.check_selection(count, all_matching=all_matching)


def test_reasons_outside_the_scope_refuse_the_whole_action():
    rules.require_in_scope(3, 3)
    with pytest.raises(rules.SelectionRefused, match="not among"):
        rules.require_in_scope(3, 2)


def test_a_theme_codes_only_its_own_consultations_reasons():
    rules.require_same_consultation(7, 7)
    with pytest.raises(rules.ThemeRefused, match="of this consultation"):
        rules.require_same_consultation(7, 8)


@pytest.mark.parametrize(("status", "coded", "quotes", "words"), [
    ("pending", True, 0, "Only a published reason"),
    ("hidden", True, 0, "Only a published reason"),
    ("published", False, 0, "Apply the theme"),
    ("published", True, 3, "at most 3 quotations"),
])
def test_a_quotation_is_a_published_coded_reason_three_at_most(status, coded, quotes, words):
    with pytest.raises(rules.QuoteRefused, match=words):
        rules.check_quote(reason_status=status, coded=coded, quotes=quotes)


def test_a_published_coded_reason_is_the_third_quotation():
    rules.check_quote(reason_status="published", coded=True, quotes=2)
