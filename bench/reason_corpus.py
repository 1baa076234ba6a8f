"""Synthetic residents' reasons (English, Russian, German) with one planted campaign: seeded.

Each reason is one to three sentences composed from the phrase banks (bench/reason_phrases.py),
so the texts vary the way real reasons do (shared words and topics, different sentences). The
campaign is one letter copied with small edits (a word changed, punctuation, case, a typo, an
added sentence), its copies spread through the order of receipt.
"""

import random
from dataclasses import dataclass

try:
    from bench import reason_phrases as phrases
except ImportError:  # run as a script: python bench/reason_corpus.py
    import reason_phrases as phrases  # type: ignore[no-redef]

LANGUAGES = ((phrases.ENGLISH, 0.7), (phrases.RUSSIAN, 0.15), (phrases.GERMAN, 0.15))
SENTENCES = ((1, 0.2), (2, 0.5), (3, 0.3))


@dataclass(frozen=True)
class Corpus:
    reasons: list[tuple[int, str]]  # (id, text), ids 1..n in order of receipt
    campaign_ids: frozenset[int]


def _pick(rng: random.Random, weighted) -> object:
    values, weights = zip(*weighted, strict=True)
    return rng.choices(values, weights)[0]


def sentence(rng: random.Random, bank: dict) -> str:
    """opener + subject + predicate + tail (+ reason): every slot drawn from the bank."""
    words = [rng.choice(bank["openers"]), rng.choice(bank["subjects"]),
             rng.choice(bank["predicates"]) + rng.choice(bank["tails"])]
    text = " ".join(word for word in words if word)
    reason = rng.choice(bank["reasons"])
    text = f"{text}, {reason}." if reason else f"{text}."
    return text[0].upper() + text[1:]


def reason(rng: random.Random) -> str:
    bank = _pick(rng, LANGUAGES)
    return " ".join(sentence(rng, bank) for _ in range(_pick(rng, SENTENCES)))


def _swap_word(rng: random.Random, text: str) -> str:
    old = rng.choice([word for word in phrases.SWAPS if word in text] or ["Volgograd"])
    return text.replace(old, phrases.SWAPS.get(old, "Stalingrad"), 1)


def _typo(rng: random.Random, text: str) -> str:
    words = text.split(" ")
    at = rng.randrange(len(words))
    word = words[at]
    if len(word) > 3:
        i = rng.randrange(len(word) - 1)
        words[at] = word[:i] + word[i + 1] + word[i] + word[i + 2:]
    return " ".join(words)


EDITS = (
    _swap_word,
    lambda rng, text: text.replace(",", "", rng.randint(1, 2)),
    lambda rng, text: text[:-1] + rng.choice(["!", "!!", "", " ."]),
    lambda rng, text: text.lower(),
    lambda rng, text: text.upper() if rng.random() < 0.1 else text.replace("The link", "THE LINK"),
    lambda rng, text: f"{text} {rng.choice(phrases.ADDED)}",
    lambda rng, text: f"{rng.choice(phrases.ADDED)} {text}",
    _typo,
)


def edited(rng: random.Random, text: str = phrases.CAMPAIGN) -> str:
    """A copy of the letter: a third verbatim, the rest with one or two small edits."""
    if rng.random() < 1 / 3:
        return text
    for edit in rng.sample(EDITS, rng.randint(1, 2)):
        text = edit(rng, text)
    return text


def generate(total: int, campaign: int = 0, *, seed: int = 0) -> Corpus:
    """`total` reasons, `campaign` of them copies of the letter at random places in the order."""
    rng = random.Random(seed)
    copies = set(rng.sample(range(1, total + 1), min(campaign, total)))
    reasons = [(n, edited(rng) if n in copies else reason(rng)) for n in range(1, total + 1)]
    return Corpus(reasons=reasons, campaign_ids=frozenset(copies))


if __name__ == "__main__":
    for number, text in generate(12, 3, seed=1).reasons:
        print(number, text)
