"""TF-IDF vectors of the distinct texts (word and character n-grams) and a dense sketch of them."""

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from sklearn.preprocessing import normalize

from . import chargrams, words
from .words import Vocabulary

# A text's vector is its word TF-IDF and its character TF-IDF, each of unit length, weighted
# so that the cosine of two texts is half their word cosine plus half their character cosine:
# words carry the meaning, character n-grams catch inflected forms (Russian, German, Welsh)
# and small edits.
WORD_SHARE = 0.5
SKETCH = 256  # dimensions of the dense sketch (a sparse Johnson-Lindenstrauss projection)
_SKETCH_HASHES = 4  # nonzeros per feature in the projection
_CHUNK = 2048  # texts per pass over the character n-grams; only the chunk is held


@dataclass(frozen=True)
class Vectors:
    """Vectors of the rows (distinct normalised texts).

    The character part is not kept (100,000 texts would hold 40 million n-grams): it is
    streamed into the sketch and recomputed for the few rows whose exact cosine is asked.
    """

    texts: Sequence[str]
    words: sp.csr_matrix  # unit-length word TF-IDF, float32
    vocabulary: Vocabulary  # the word or two-word phrase of each column of `words`
    char_idf: np.ndarray  # float32, one per hashed character n-gram
    scale: np.ndarray  # float64: 1 / the length of the combined vector before normalising
    sketch: np.ndarray  # float32 (rows, SKETCH), unit rows: dot products approximate cosines

    def chars(self, rows: np.ndarray) -> sp.csr_matrix:
        """The unit-length character TF-IDF of these rows, recomputed."""
        return _tfidf(chargrams.counts([self.texts[row] for row in rows]), self.char_idf)

    def exact(self, rows: np.ndarray) -> sp.csr_matrix:
        """The full, unit-length vectors of these rows: words and character n-grams side by
        side, weighted so that a dot product is the combined cosine."""
        words = self.words[rows] * np.sqrt(WORD_SHARE)
        chars = self.chars(rows) * np.sqrt(1 - WORD_SHARE)
        return sp.diags(self.scale[rows]) @ sp.hstack((words, chars), format="csr")

    def cosine(self, first: np.ndarray, second: np.ndarray) -> np.ndarray:
        """The exact cosine of each pair of rows (first[i], second[i]), in float64."""
        rows, at = np.unique(np.concatenate((first, second)), return_inverse=True)
        left, right = at[:len(first)], at[len(first):]
        words, chars = self.words[rows], self.chars(rows)
        dots = (WORD_SHARE * _row_dots(words, left, right)
                + (1 - WORD_SHARE) * _row_dots(chars, left, right))
        return dots * self.scale[first] * self.scale[second]


def _row_dots(matrix: sp.csr_matrix, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    out = np.zeros(len(left))
    for at in range(0, len(left), 4096):  # bounded: a chunk of pairs holds ~4M entries
        pair = slice(at, at + 4096)
        product = matrix[left[pair]].multiply(matrix[right[pair]]).astype(np.float64)
        out[pair] = np.asarray(product.sum(axis=1)).ravel()
    return out


def idf(frequency: np.ndarray, documents: int) -> np.ndarray:
    """Inverse document frequency, damped: the square root of sklearn's smoothed idf,
    ln((1 + n) / (1 + df)) + 1. Undamped, a word changed in a copy of a letter (a rare word,
    so a heavy one) outweighs the rest of the letter; damped, common words still count less.
    """
    return np.sqrt(np.log((1 + documents) / (1 + frequency)) + 1).astype(np.float32)


def _tfidf(counts: sp.csr_matrix, weights: np.ndarray) -> sp.csr_matrix:
    """Sublinear term frequency (1 + ln count) times the weights, rows of unit length."""
    counts.data = (1 + np.log(counts.data)) * weights[counts.indices]
    return normalize(counts, copy=False)


def _char_idf(texts: Sequence[str]) -> np.ndarray:
    frequency = np.zeros(chargrams.FEATURES, dtype=np.int64)
    for at in range(0, len(texts), _CHUNK):
        frequency += np.bincount(chargrams.counts(texts[at:at + _CHUNK]).indices,
                                 minlength=chargrams.FEATURES)
    return idf(frequency, len(texts))


def _word_tfidf(texts: Sequence[str]) -> tuple[sp.csr_matrix, Vocabulary]:
    """Words and two-word phrases (the words normalise() kept), sublinear tf, damped idf."""
    counts, vocabulary = words.count(texts)
    frequency = np.bincount(counts.indices, minlength=counts.shape[1])
    return _tfidf(counts, idf(frequency, len(texts))), vocabulary


def _project(matrix: sp.csr_matrix, salt: int, seed: int) -> np.ndarray:
    """A sparse random projection to SKETCH dimensions: each feature adds to a few
    dimensions with random signs, chosen by hashing its column with the seed."""
    rows = np.repeat(np.arange(matrix.shape[0]), np.diff(matrix.indptr)) * SKETCH
    out = np.zeros(matrix.shape[0] * SKETCH)
    columns = matrix.indices.astype(np.uint64)
    with np.errstate(over="ignore"):
        for copy in range(_SKETCH_HASHES):
            key = np.uint64((seed * 1000003 + salt * 101 + copy) & 0xFFFFFFFF) << np.uint64(32)
            mixed = chargrams.mix(columns | key)
            bucket = (mixed % np.uint64(SKETCH)).astype(np.int64)  # low bits; the sign: top
            sign = (mixed >> np.uint64(63)).astype(np.float64) * 2 - 1
            out += np.bincount(rows + bucket, weights=matrix.data * sign, minlength=len(out))
    return out.reshape(matrix.shape[0], SKETCH) / np.sqrt(_SKETCH_HASHES)


def build(texts: Sequence[str], *, seed: int = 0,
          progress: Callable[[float], None] = lambda done: None) -> Vectors:
    """Vectors and sketch of the texts (each distinct, none empty), in two passes over the
    character n-grams: document frequencies, then each chunk's vectors into the sketch.
    `progress` hears the share done (0 to 1) as it goes."""
    words, vocabulary = _word_tfidf(texts)
    progress(0.3)
    char_idf = _char_idf(texts)
    progress(0.5)
    has_words = np.diff(words.indptr) > 0
    scale = 1 / np.sqrt(np.where(has_words, WORD_SHARE, 0) + (1 - WORD_SHARE))
    sketch = np.zeros((len(texts), SKETCH), dtype=np.float32)
    for at in range(0, len(texts), _CHUNK):
        part = slice(at, at + _CHUNK)
        chars = _tfidf(chargrams.counts(texts[part]), char_idf)
        combined = (np.sqrt(WORD_SHARE) * _project(words[part], 1, seed)
                    + np.sqrt(1 - WORD_SHARE) * _project(chars, 2, seed))
        sketch[part] = normalize(combined)
        progress(0.5 + 0.5 * min(at + _CHUNK, len(texts)) / len(texts))
    return Vectors(texts=texts, words=words, vocabulary=vocabulary, char_idf=char_idf,
                   scale=scale, sketch=sketch)
