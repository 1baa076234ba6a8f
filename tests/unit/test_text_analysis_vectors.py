"""The vectors under the analysis: character n-grams, words and phrases, the sketch, terms."""

from collections import Counter

import numpy as np

from consult.text_analysis import chargrams, terms, vectors, words
from tests.unit import reason_samples


def _reference_grams(text: str) -> Counter:
    """sklearn's char_wb n-grams (3 to 5): within each word padded with a space either side."""
    found = Counter()
    for word in text.split():
        padded = f" {word} "
        for size in chargrams.SIZES:
            found.update(padded[at:at + size] for at in range(len(padded) - size + 1))
    return found


def test_character_ngrams_are_those_within_words_and_never_cross_texts():
    texts = ["the cat sat", "побратимство мир", "a bb ccc dddd", "i'r dref", "cat"]
    counted = chargrams.counts(texts)
    for row, text in enumerate(texts):
        expected = _reference_grams(text)
        assert counted[row].sum() == sum(expected.values())
        assert counted[row].nnz == len(expected)  # no two n-grams of a text share a column
    # the same n-grams land in the same columns, whichever text they are in
    assert set(counted[4].indices) <= set(counted[0].indices)


def test_words_and_two_word_phrases_are_counted_within_each_text():
    counted, vocabulary = words.count(["keep the link", "the link", "link keep"])
    names = [vocabulary[column] for column in range(len(vocabulary))]
    grid = {(row, names[column]): counted[row, column] for row, column in zip(*counted.nonzero(),
                                                                               strict=True)}
    assert grid[(0, "the link")] == 1 and grid[(1, "the link")] == 1
    assert (0, "link keep") not in grid  # no phrase across two texts ("link" | "the")
    assert grid[(2, "link keep")] == 1
    assert sorted(names) == sorted({"keep", "the", "link", "keep the", "the link", "link keep"})


def test_the_sketch_keeps_cosines_close_to_the_exact_ones():
    texts = reason_samples.mixed(reason_samples.ENGLISH, 300)
    texts = [" ".join(text.lower().strip(".").split()) for text in texts]
    built = vectors.build(texts)
    rng = np.random.default_rng(0)
    first, second = rng.integers(0, len(texts), (2, 500))
    exact = built.cosine(first, second)
    sketched = np.einsum("ij,ij->i", built.sketch[first], built.sketch[second])
    assert np.abs(exact - sketched).max() < 0.25
    assert np.abs(exact - sketched).mean() < 0.06
    assert np.allclose(built.cosine(first[:5], first[:5]), 1.0, atol=1e-5)


def test_a_term_neither_begins_nor_ends_with_a_function_word():
    assert terms.readable("town twinning") and terms.readable("побратимство")
    assert not terms.readable("of the") and not terms.readable("twinning with")
    assert not terms.readable("и мир") and not terms.readable("0") and not terms.readable("x")


def test_a_phrase_takes_the_place_of_a_word_found_mostly_inside_it():
    ranked = [("town", 0.5), ("money", 0.4), ("town twinning", 0.45), ("twinning", 0.46)]
    assert terms._pick(ranked) == ("town twinning", "money")
    # a word found far more often than the phrase says more on its own: both stay
    assert terms._pick([("town", 0.9), ("town twinning", 0.45)]) == ("town", "town twinning")
