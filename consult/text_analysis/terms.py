"""The words that tell a group of reasons apart: word n-grams typical of it, readable ones only."""

from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp

from .stopwords import STOPWORDS

MOST_TERMS = 8
_POOL = 200  # best-scoring candidates considered per group
_INSIDE_BIGRAM = 1.25  # a word found this little more often than a phrase holding it: drop it


def readable(term: str) -> bool:
    """A term people can read: every word has a letter and more than one character, and it
    neither begins nor ends with a function word ("of the", "и в" say nothing)."""
    words = term.split()
    return (all(len(word) > 1 and any(ch.isalpha() for ch in word) for word in words)
            and words[0] not in STOPWORDS and words[-1] not in STOPWORDS)


def _scores(present: sp.csr_matrix, rows: np.ndarray, groups: np.ndarray, count: int):
    """Per group: its columns, the share of its texts holding each, and each one's score.

    A term scores share_in_group * ln(share_in_group / share_overall): high when most of the
    group uses it and few others do; a word everyone uses scores nothing. `rows` are the
    rows of `present` being grouped, `groups` their groups.
    """
    membership = sp.csr_matrix((np.ones(len(rows)), (groups, rows)),
                               shape=(count, present.shape[0]))
    in_group = (membership @ present).tocsr()
    overall = np.asarray(in_group.sum(axis=0)).ravel() / len(rows)
    sizes = np.bincount(groups, minlength=count)
    for group in range(count):
        start, end = in_group.indptr[group], in_group.indptr[group + 1]
        columns, found = in_group.indices[start:end], in_group.data[start:end]
        enough = found >= min(2, sizes[group])  # one text's words are not a group's
        columns, share = columns[enough], found[enough] / max(sizes[group], 1)
        yield columns, share, share * np.log(share / overall[columns])


def _pick(ranked: list[tuple[str, float]]) -> tuple[str, ...]:
    """Best first, skipping a term whose words are all in terms already chosen; a phrase
    takes the place of a chosen word found mostly inside it ("town twinning" for "town")."""
    chosen: list[tuple[str, float]] = []
    covered: set[str] = set()
    for term, share in ranked:
        words = set(term.split())
        if words <= covered:
            continue
        inside = [at for at, (kept, held) in enumerate(chosen)
                  if kept in words and held <= _INSIDE_BIGRAM * share]
        if inside:
            chosen = [(term, share) if at == inside[0] else kept
                      for at, kept in enumerate(chosen) if at == inside[0] or at not in inside]
        else:
            chosen.append((term, share))
        covered |= words
        if len(chosen) == MOST_TERMS:
            break
    return tuple(term for term, _ in chosen)


def describe(words: sp.csr_matrix, rows: np.ndarray, groups: np.ndarray, count: int,
             vocabulary: Sequence[str]) -> list[tuple[str, ...]]:
    """Each group's terms, best first (ties in alphabetical order), from the word part of
    the texts' vectors (`rows` of `words`, in `groups`): words and two-word phrases in the
    reasons' own language."""
    present = sp.csr_matrix((np.ones_like(words.data), words.indices, words.indptr),
                            shape=words.shape)
    described = []
    for columns, share, score in _scores(present, rows, groups, count):
        best = np.argsort(-score, kind="stable")[:_POOL * 4]
        pool = [(float(score[at]), vocabulary[columns[at]], float(share[at])) for at in best
                if score[at] > 0]
        ranked = sorted((-points, term, held) for points, term, held in pool if readable(term))
        described.append(_pick([(term, held) for _, term, held in ranked[:_POOL]]))
    return described
