"""Reasons as the analysis reads them: normalised words, one row per distinct text."""

import re
import unicodedata
from collections.abc import Collection, Sequence
from dataclasses import dataclass

import numpy as np

_URL = re.compile(r"(?:https?://|www\.)\S+")
_DIGITS = re.compile(r"\d+")
# A word: letters or digits, with inner apostrophes or hyphens kept ("don't", "pen-friend",
# "i'r", "города-побратимы"). Everything else (punctuation, emoji, symbols) separates words.
_WORD = re.compile(r"\w+(?:['-]\w+)*")
_SAME = (("\u2019", "'"), ("\u2018", "'"), ("\u02bc", "'"), ("\u2010", "-"), ("\u2011", "-"),
         ("_", " "))


def normalise(text: str) -> str:
    """The words of a text, lowercased, separated by single spaces.

    Unicode NFKC first (full-width letters, ligatures and compatibility forms read as the
    plain ones); web addresses are dropped (they are not words anyone reads as a theme, and
    copies of one letter often differ only in a tracking link); every run of digits reads as
    "0" (a changed number does not make a different reason); punctuation, emoji and symbols
    only separate words. A text with no letter or digit normalises to "".
    """
    text = unicodedata.normalize("NFKC", text).lower()
    for typed, read in _SAME:  # typographic apostrophes and hyphens; "_" is no letter
        text = text.replace(typed, read)
    if "http" in text or "www." in text:
        text = _URL.sub(" ", text)
    return " ".join(_WORD.findall(_DIGITS.sub("0", text)))


@dataclass(frozen=True)
class Rows:
    """Reasons mapped to distinct normalised texts (the rows every vector belongs to).

    `texts[r]` is a row's text, rows in the order their first reason was received; `row_of[i]`
    is the row of the i-th reason, or -1 when its text has no words (it joins nothing).
    """

    ids: np.ndarray  # int64, the reasons' ids in input order
    row_of: np.ndarray  # int64, one per reason
    texts: list[str]

    @classmethod
    def of(cls, reasons: Sequence[tuple[int, str]]) -> "Rows":
        index: dict[str, int] = {}
        row_of = np.full(len(reasons), -1, dtype=np.int64)
        for at, (_, text) in enumerate(reasons):
            words = normalise(text or "")
            if words:
                row_of[at] = index.setdefault(words, len(index))
        ids = np.fromiter((int(number) for number, _ in reasons), dtype=np.int64,
                          count=len(reasons))
        return cls(ids=ids, row_of=row_of, texts=list(index))

    def __len__(self) -> int:
        return len(self.texts)

    def uncoded_mask(self, uncoded: Collection[int]) -> np.ndarray:
        """Which reasons (in input order) are uncoded and have words to analyse."""
        wanted = np.fromiter((int(number) for number in uncoded), dtype=np.int64,
                             count=len(uncoded))
        return np.isin(self.ids, wanted) & (self.row_of >= 0)
