"""Odd input to the text analysis: nothing, blanks, one reason, no words at all."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from consult.text_analysis import Analysis, analyse
from consult.text_analysis.normalise import normalise
from tests.unit import reason_samples

EMPTY = Analysis(suggestions=(), campaigns=())
ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("reasons", [
    [],
    [(1, "")],
    [(1, ""), (2, "   "), (3, "\n\t")],
    [(1, "Keep the link with Kiel, it matters.")],
    [(number, "!!! ... ???") for number in range(1, 30)],
    [(number, "😀🙏🇬🇧") for number in range(1, 30)],
    [(number, "— • …") for number in range(1, 30)],
], ids=["nothing", "one blank", "blanks", "one reason", "punctuation", "emoji", "symbols"])
def test_input_without_enough_words_gives_an_empty_analysis(reasons):
    heard = []
    assert analyse(reasons, uncoded=[number for number, _ in reasons],
                   progress=heard.append) == EMPTY
    assert heard[0] == 0 and heard[-1] == 100


def test_texts_without_words_join_no_group_while_the_others_are_grouped():
    reasons = list(enumerate(reason_samples.mixed(reason_samples.ENGLISH, 60), 1))
    reasons += [(number, "🙂🙂") for number in range(100, 110)]
    suggestions = analyse(reasons, uncoded=dict(reasons)).suggestions
    grouped = {number for found in suggestions for number in found.member_ids}
    assert grouped == set(range(1, 61))


def test_uncoded_ids_not_among_the_reasons_are_ignored():
    reasons = list(enumerate(reason_samples.mixed(reason_samples.ENGLISH, 60), 1))
    suggestions = analyse(reasons, uncoded=range(-5, 1000)).suggestions
    assert {number for found in suggestions for number in found.member_ids} == set(range(1, 61))


def test_a_repeated_short_reason_is_one_campaign():
    analysis = analyse([(number, "Keep the link!") for number in range(1, 8)], uncoded=[])
    assert [campaign.member_ids for campaign in analysis.campaigns] == [tuple(range(1, 8))]


@pytest.mark.parametrize(("typed", "read"), [
    ("Keep  THE link,\nplease!", "keep the link please"),
    ("See https://example.org/a?b=1 and www.example.org now", "see and now"),
    ("Founded in 1944, not 1945", "founded in 0 not 0"),
    ("ＦＵＬＬ ﬁne", "full fine"),  # NFKC: full-width letters, ligatures
    ("don’t pen-friend i’r snake_case", "don't pen-friend i'r snake case"),
    ("Побратимство — это мир.", "побратимство это мир"),
    ("🙂 ... !!!", ""),
])
def test_normalising_keeps_only_the_words(typed, read):
    assert normalise(typed) == read


def test_the_analysis_is_the_same_in_another_process_with_another_hash_seed():
    """Nothing depends on Python's per-process string hashing (set order, hash())."""
    script = ("import json, sys; from consult.text_analysis import analyse; "
              "from tests.unit import reason_samples as s; "
              "r = list(enumerate(s.mixed(s.ENGLISH, 120) + s.mixed(s.GERMAN, 60), 1)); "
              "a = analyse(r, uncoded=[n for n, _ in r]); "
              "print(json.dumps([[list(f.terms), f.member_ids, f.example_ids] "
              "for f in a.suggestions]))")
    outputs = []
    for hash_seed in ("1", "2"):
        environment = dict(os.environ, PYTHONHASHSEED=hash_seed)
        run = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=environment,
                             capture_output=True, text=True, check=True)
        outputs.append(json.loads(run.stdout))
    assert outputs[0] and outputs[0] == outputs[1]
