"""detect_languages: ISO 639-1 codes from lingua, "" when a text is too short or unclear."""

import pytest

from consult.text_analysis import detect_languages
from consult.text_analysis.languages import detector
from tests.unit.reason_samples import SAMPLES


def test_english_welsh_russian_and_german_reasons_are_recognised():
    wanted = ["en", "cy", "ru", "de"]
    assert detect_languages([SAMPLES[code] for code in wanted]) == wanted


def test_ukrainian_polish_and_french_are_recognised_too():
    wanted = ["uk", "pl", "fr"]
    assert detect_languages([SAMPLES[code] for code in wanted]) == wanted


@pytest.mark.parametrize("text", ["", "   ", "ok", "!!", "😀😀😀", "12345", None])
def test_a_text_too_short_to_tell_has_no_language(text):
    assert detect_languages([text]) == [""]


def test_results_keep_the_order_of_the_texts_among_blanks():
    texts = ["", SAMPLES["de"], "?", SAMPLES["ru"], SAMPLES["cy"]]
    assert detect_languages(texts) == ["", "de", "", "ru", "cy"]


def test_a_long_reason_is_read_from_its_opening():
    long = SAMPLES["de"] + " " + "Friede und Freundschaft. " * 400
    assert detect_languages([long, SAMPLES["en"] * 20]) == ["de", "en"]


def test_nothing_to_detect_gives_nothing():
    assert detect_languages([]) == []


def test_the_detector_is_built_once_per_process():
    assert detector() is detector()
