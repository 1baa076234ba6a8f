"""Words and two-word phrases of normalised texts, counted in numpy: bigrams are pairs of ids."""

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

_CHUNK = 2048


@dataclass(frozen=True)
class Vocabulary:
    """Column c < len(words) is the word words[c]; a later column is the two-word phrase
    pairs[c - len(words)] (two word columns). Phrases are spelt only when asked for."""

    words: list[str]
    pairs: np.ndarray  # int64 (phrases, 2)

    def __getitem__(self, column: int) -> str:
        if column < len(self.words):
            return self.words[column]
        first, second = self.pairs[column - len(self.words)]
        return f"{self.words[first]} {self.words[second]}"

    def __len__(self) -> int:
        return len(self.words) + len(self.pairs)


def _sorted_counts(keys: np.ndarray, rows: int, columns: int) -> sp.csr_matrix:
    """A count matrix from (row * columns + column) keys, one per occurrence."""
    keys.sort()
    starts = np.flatnonzero(np.concatenate(([True], keys[1:] != keys[:-1]))) if len(keys) \
        else np.zeros(0, dtype=np.int64)
    counts = np.diff(np.append(starts, len(keys))).astype(np.float32)
    unique = keys[starts]
    indptr = np.concatenate(([0], np.cumsum(np.bincount(unique // columns, minlength=rows))))
    return sp.csr_matrix((counts, (unique % columns).astype(np.int32), indptr),
                         shape=(rows, columns))


def _ids(texts: Sequence[str]) -> tuple[np.ndarray, dict[str, int]]:
    """Each token's word id, words numbered in order of first appearance; in chunks, so
    only a chunk's tokens are ever Python strings at once."""
    index: dict[str, int] = {}
    parts = []
    for at in range(0, len(texts), _CHUNK):
        tokens = " ".join(texts[at:at + _CHUNK]).split()
        for word in dict.fromkeys(tokens):
            index.setdefault(word, len(index))
        parts.append(np.fromiter(map(index.__getitem__, tokens), dtype=np.int64,
                                 count=len(tokens)))
    return (np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)), index


def _pair_keys(ids: np.ndarray, document: np.ndarray) -> np.ndarray:
    """(first word << 32 | second word) for each pair of adjacent words in one text."""
    same = np.flatnonzero(document[1:] == document[:-1])
    return (ids[same] << 32) | ids[same + 1]


def count(texts: Sequence[str]) -> tuple[sp.csr_matrix, Vocabulary]:
    """How often each word and each pair of adjacent words occurs in each text (texts are
    normalised: words separated by single spaces). Columns are numbered in order of first
    appearance (words), then by their two words (phrases): the same texts in the same
    order always give the same columns. Counted a chunk of texts at a time."""
    ids, index = _ids(texts)
    lengths = np.fromiter((text.count(" ") + 1 if text else 0 for text in texts),
                          dtype=np.int64, count=len(texts))
    starts = np.concatenate(([0], np.cumsum(lengths)))
    chunks = [(at, min(at + _CHUNK, len(texts))) for at in range(0, len(texts), _CHUNK)]

    def chunk_pairs(at: int, end: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        document = np.repeat(np.arange(end - at), lengths[at:end])
        return ids[starts[at]:starts[end]], document, _pair_keys(ids[starts[at]:starts[end]],
                                                                 document)

    phrases = np.unique(np.concatenate(
        [np.unique(chunk_pairs(at, end)[2]) for at, end in chunks] or [np.zeros(0, np.int64)]))
    columns = len(index) + len(phrases)
    parts = []
    for at, end in chunks:
        chunk, document, pairs = chunk_pairs(at, end)
        keys = np.concatenate((document * columns + chunk,
                               document[np.flatnonzero(document[1:] == document[:-1])] * columns
                               + len(index) + np.searchsorted(phrases, pairs)))
        parts.append(_sorted_counts(keys, end - at, columns))
    counts = sp.vstack(parts, format="csr") if len(parts) > 1 else \
        (parts[0] if parts else sp.csr_matrix((0, columns), dtype=np.float32))
    vocabulary = Vocabulary(list(index), np.stack((phrases >> 32, phrases & 0xFFFFFFFF), axis=1))
    return counts, vocabulary
