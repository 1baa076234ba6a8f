"""The rules of feedback ("you said, we did") built from the codebook: once, after the close;
answers to the themes, at least one when people gave reasons; themes raised by many are
answered or the council says why not."""

import pytest

from consult.domain import feedback as rules
from consult.domain import proposals
from consult.domain.errors import DomainError
from consult.domain.feedback import ThemeCount

SAFETY = ThemeCount(1, "Safety", None, 60)
VISITORS = ThemeCount(2, "Visitors", 1, 30)
COST = ThemeCount(3, "Cost", None, 25)
TWINNING = ThemeCount(4, "Twinning history", None, 9)
CODEBOOK = [SAFETY, VISITORS, COST, TWINNING]
CODED = 100


@pytest.mark.parametrize("status", [proposals.CLOSED, proposals.DECIDED])
def test_feedback_can_be_published_once_the_consultation_has_closed(status):
    rules.check_publishable(status, already_published=False)


@pytest.mark.parametrize("status", [proposals.DRAFT, proposals.SCHEDULED, proposals.OPEN,
                                    proposals.WITHDRAWN])
def test_feedback_cannot_be_published_before_the_close(status):
    with pytest.raises(rules.NotPublishable, match="only after"):
        rules.check_publishable(status, already_published=False)


def test_feedback_is_published_only_once():
    with pytest.raises(rules.NotPublishable, match="already been published"):
        rules.check_publishable(proposals.CLOSED, already_published=True)


def test_feedback_needs_a_summary_of_what_was_heard():
    with pytest.raises(DomainError):
        rules.check_summary("   ")
    assert rules.check_summary(" Heard. ") == "Heard."


def test_blank_answers_and_answers_to_other_consultations_themes_are_dropped():
    answers = {1: " Visits stop. ", 2: "  ", 3: "", 99: "Not one of ours."}
    assert rules.check_answers(CODEBOOK, answers, reasons=5) == {1: "Visits stop."}


def test_reasons_need_at_least_one_answered_theme_but_no_reasons_need_none():
    with pytest.raises(DomainError, match="at least one theme") as raised:
        rules.check_answers(CODEBOOK, {1: " "}, reasons=5)
    assert raised.value.field == "answer_1"
    assert rules.check_answers(CODEBOOK, {}, reasons=0) == {}
    assert rules.check_answers([], {}, reasons=0) == {}


def test_reasons_with_no_codebook_are_sent_to_the_analysis_page():
    with pytest.raises(DomainError, match="Code the reasons into themes"):
        rules.check_answers([], {}, reasons=3)


def test_an_answer_too_long_is_refused_on_its_own_box():
    with pytest.raises(DomainError) as raised:
        rules.check_answers(CODEBOOK, {3: "x" * (rules.MAX_ANSWER + 1)}, reasons=1)
    assert raised.value.field == "answer_3"


@pytest.mark.parametrize(("count", "coded", "share", "large"), [
    (10, 100, 10, True), (9, 100, 10, False), (1, 3, 10, True), (0, 0, 10, False),
    (0, 100, 0, False), (1, 100, 0, True), (50, 100, 50, True), (49, 100, 50, False),
])
def test_a_theme_is_raised_by_many_from_its_share_of_the_coded_reasons(count, coded, share,
                                                                       large):
    assert rules.is_large(count, coded, share) is large


def test_themes_raised_by_many_without_an_answer_are_listed_largest_first():
    missing = rules.not_answered(CODEBOOK, set(), coded=CODED, share=10)
    assert [theme.name for theme in missing] == ["Safety", "Visitors", "Cost"]
    assert rules.not_answered(CODEBOOK, {3}, coded=CODED, share=10) == [SAFETY, VISITORS]


def test_a_parent_themes_answer_covers_its_sub_theme_but_not_the_other_way():
    assert rules.not_answered(CODEBOOK, {1, 3}, coded=CODED, share=10) == []
    assert rules.not_answered(CODEBOOK, {2, 3}, coded=CODED, share=10) == [SAFETY]


def test_a_higher_share_leaves_fewer_themes_to_answer():
    assert rules.not_answered(CODEBOOK, {1}, coded=CODED, share=30) == []


def test_leaving_a_theme_raised_by_many_unanswered_needs_a_reason_which_is_kept():
    with pytest.raises(DomainError, match="Not answered: Safety, Cost") as raised:
        rules.check_unanswered([SAFETY, COST], "  ")
    assert raised.value.field == "unanswered_reason"
    assert rules.check_unanswered([COST], " Set by the budget. ") == "Set by the budget."


def test_a_reason_is_not_kept_when_nothing_needed_it():
    assert rules.check_unanswered([], "Typed anyway.") == ""


def test_answered_counts_the_themes_with_an_answer_in_old_and_new_snapshots():
    assert rules.answered([{"theme": "Cost", "count": 2, "answer": "Noted."}]) == 1
    assert rules.answered([{"name": "Cost", "answer": ""}, {"name": "Safety",
                                                            "answer": "Visits stop."}]) == 1


@pytest.mark.parametrize("name", ["CONSULT_UNANSWERED_SHARE", "CONSULT_READ_THRESHOLD"])
@pytest.mark.parametrize("value", ["101", "-1", "most"])
def test_a_share_setting_outside_0_to_100_stops_the_app_from_starting(monkeypatch, name, value):
    from consult import config

    monkeypatch.setenv("CONSULT_ENV", "testing")
    monkeypatch.setenv(name, value)
    with pytest.raises(config.ConfigError, match=name):
        config.load()
    monkeypatch.setenv(name, "40")
    assert config.load()[name] == 40
