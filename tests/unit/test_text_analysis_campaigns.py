"""Campaigns: identical or near-identical reasons (cosine >= 0.9), found among all reasons."""

import random

import numpy as np
import scipy.sparse as sp
from scipy.sparse.csgraph import connected_components

from consult.text_analysis import CAMPAIGN_MINIMUM, CAMPAIGN_SIMILARITY, analyse, normalise, vectors
from consult.text_analysis import campaigns as near
from tests.unit import reason_samples

LETTER = ("I strongly object to ending the twinning link with Volgograd. The link was founded in "
          "1944 by the women of Coventry and Stalingrad, and it stands for friendship between "
          "ordinary people, not governments. Please keep it and let the choirs and schools carry "
          "on writing to each other.")
EDITS = [
    LETTER,
    LETTER.replace("strongly", "firmly"),  # a word changed
    LETTER.replace(",", "").replace(".", "!"),  # punctuation
    LETTER.upper(),  # case
    LETTER + " My grandmother signed the tablecloth in 1943.",  # an added sentence
    LETTER.replace("Volgograd", "Volgagrad"),  # a typo
    "Dear council, " + LETTER,
    LETTER.replace("1944", "1945"),
    LETTER.lower().replace("schools", "the schools"),
]


def _themed_reasons(count=300, seed=0):
    """300 distinct reasons on related topics (English), numbered from 1."""
    return list(enumerate(reason_samples.mixed(reason_samples.ENGLISH, count, seed=seed), 1))


def _with_copies(reasons, copies, seed=1):
    """The reasons with the copies inserted at random places; ids renumbered in that order.
    Returns the reasons and the ids the copies received."""
    rng = random.Random(seed)
    texts = [text for _, text in reasons]
    places = sorted(rng.sample(range(len(texts) + len(copies)), len(copies)))
    for place, copy in zip(places, copies, strict=True):
        texts.insert(place, copy)
    return list(enumerate(texts, start=1)), [place + 1 for place in places]


def test_a_campaign_with_small_edits_is_found_with_all_its_copies_and_its_first_id():
    reasons, copy_ids = _with_copies(_themed_reasons(), EDITS)
    analysis = analyse(reasons, uncoded=[])
    assert [campaign.member_ids for campaign in analysis.campaigns] == [tuple(copy_ids)]
    assert analysis.campaigns[0].first_id == copy_ids[0]
    assert analysis.campaigns[0].size == len(EDITS)


def test_the_first_id_is_the_first_received_not_the_smallest():
    reasons = [(90 - at, LETTER) for at in range(CAMPAIGN_MINIMUM)]
    (campaign,) = analyse(reasons, uncoded=[]).campaigns
    assert campaign.first_id == 90
    assert campaign.member_ids == tuple(range(86, 91))


def test_three_hundred_distinct_reasons_on_related_topics_hold_no_campaign():
    reasons = _themed_reasons()
    assert len({text for _, text in reasons}) == 300
    assert analyse(reasons, uncoded=[]).campaigns == ()


def test_fewer_copies_than_the_minimum_are_not_a_campaign():
    reasons, _ = _with_copies(_themed_reasons(), EDITS[:CAMPAIGN_MINIMUM - 1])
    assert analyse(reasons, uncoded=[]).campaigns == ()


def test_campaigns_cover_coded_reasons_too():
    reasons, copy_ids = _with_copies(_themed_reasons(), EDITS)
    analysis = analyse(reasons, uncoded=copy_ids[:2])
    assert analysis.campaigns[0].member_ids == tuple(copy_ids)


def test_campaigns_are_ordered_largest_first():
    second = ("The council should spend the twinning budget on youth clubs in Foleshill and "
              "Tile Hill instead of receptions for visiting delegations.")
    reasons, _ = _with_copies(_themed_reasons(), EDITS[:6] + [second] * 8)
    assert [campaign.size for campaign in analyse(reasons, uncoded=[]).campaigns] == [8, 6]


def _exact_groups(built, rows):
    """Rows joined by every pair at cosine >= 0.9, comparing all pairs."""
    full = built.exact(np.arange(rows))
    similar = sp.csr_matrix((full @ full.T).toarray() >= CAMPAIGN_SIMILARITY)
    return connected_components(similar, directed=False)[1]


def test_near_duplicate_groups_are_those_of_comparing_every_pair_exactly():
    """The signatures only propose pairs; a group must be what the exact cosine of every pair
    gives, for campaigns of many sizes and edits among ordinary reasons."""
    rng = random.Random(3)
    texts = reason_samples.mixed(reason_samples.ENGLISH, 300, seed=2)
    texts += [text for _, text in reason_samples.themed(reason_samples.RUSSIAN, 48, seed=2)]
    endings = ["Thank you.", "Please listen.", "Signed, a resident.", "Peace matters.",
               "I was born here.", "Shame on the council.", "Yours faithfully.", "No more."]
    for size in (2, 5, 12, 40):
        base = rng.choice(texts) + " " + rng.choice(texts)
        texts += [f"{rng.choice(endings)} {base} {rng.choice(endings)}" for _ in range(size)]
    rows = normalise.Rows.of(list(enumerate(texts)))
    built = vectors.build(rows.texts)
    found = near.near_duplicates(built, CAMPAIGN_SIMILARITY)
    expected = _exact_groups(built, len(rows))
    pairs_found = found[:, None] == found[None, :]
    assert (pairs_found == (expected[:, None] == expected[None, :])).all()
    assert np.bincount(found).max() >= 20  # the planted copies were joined


def test_a_changed_word_keeps_a_copy_of_a_letter_near_identical():
    """The idf is damped: the rare word put in a copy does not outweigh the letter."""
    texts = [normalise.normalise(text) for text in (LETTER, LETTER.replace("object", "am opposed"))]
    built = vectors.build(texts + reason_samples.mixed(reason_samples.ENGLISH, 300))
    assert built.cosine(np.array([0]), np.array([1]))[0] >= CAMPAIGN_SIMILARITY
