"""Suggested groups of uncoded reasons: k-means on a sample's exact vectors, the rest by sketch."""

import math
import warnings
from collections.abc import Callable

import numpy as np
from scipy.linalg import eigh
from sklearn.cluster import KMeans
from sklearn.exceptions import ConvergenceWarning
from sklearn.metrics import silhouette_score
from threadpoolctl import threadpool_limits

from . import terms
from .normalise import Rows
from .results import Suggestion
from .vectors import Vectors

FEWEST_TEXTS = 6  # fewer distinct uncoded texts than this: nothing worth grouping
MOST_GROUPS = 12
SAMPLE = 2000  # texts whose exact vectors k-means sees; the others join the nearest centre
EMBEDDING = 256  # dimensions kept of the sample's exact geometry
RUNS = 8  # k-means runs from different starts; the best one is kept
EXAMPLES = 3


def _representatives(rows: Rows, labels: np.ndarray, uncoded: np.ndarray):
    """Near-identical uncoded reasons count once: the one received first stands for them.

    Returns the representatives' positions in the input (in order of receipt), the uncoded
    reasons' positions, and for each of those which representative stands for it.
    """
    positions = np.flatnonzero(uncoded)
    group = labels[rows.row_of[positions]]
    groups, first = np.unique(group, return_index=True)
    order = np.argsort(first, kind="stable")
    index = np.full(len(labels), -1)
    index[groups[order]] = np.arange(len(order))
    return positions[first[order]], positions, index[group]


def _kmeans(points: np.ndarray, count: int, seed: int) -> KMeans:
    # One thread: on a few thousand points, waking threads costs more than the sums.
    with warnings.catch_warnings(), threadpool_limits(limits=1):
        warnings.simplefilter("ignore", ConvergenceWarning)  # texts at one point: fewer centres
        return KMeans(n_clusters=count, n_init=RUNS, max_iter=100, random_state=seed).fit(points)


def _embedding(vectors: Vectors, rows: np.ndarray) -> np.ndarray:
    """Points whose distances are those of the rows' full vectors: the top EMBEDDING
    eigenvectors of their exact cosines (what the sketch would blur)."""
    exact = vectors.exact(rows)
    cosines = (exact @ exact.T).toarray()
    keep = min(EMBEDDING, len(rows))
    values, axes = eigh(cosines, subset_by_index=[len(rows) - keep, len(rows) - 1])
    return (axes * np.sqrt(np.clip(values, 0, None))).astype(np.float32)


def _count(points: np.ndarray, most: int, seed: int) -> KMeans | None:
    """k-means with 2 to `most` groups, keeping the one of best silhouette (ties: fewer)."""
    best: tuple[float, KMeans | None] = (-2.0, None)
    for count in range(2, min(most, len(points) - 1) + 1):
        model = _kmeans(points, count, seed)
        if len(np.unique(model.labels_)) > 1:
            score = silhouette_score(points, model.labels_)
            if score > best[0]:
                best = (score, model)
    return best[1]


def _fit(vectors: Vectors, rows: np.ndarray, clusters: int | None, seed: int) -> np.ndarray:
    """The group of each row (distinct texts, each standing for its near-identical ones).

    k-means runs on the exact geometry of a seeded sample of up to SAMPLE rows; `clusters`
    groups if asked for, else the number (2 to MOST_GROUPS, about the square root of half the
    rows when few) of best silhouette. Rows outside the sample join the nearest centre in
    the sketch (each centre the mean sketch of its sample members).
    """
    sample = np.arange(len(rows))
    if len(rows) > SAMPLE:
        sample = np.sort(np.random.default_rng([seed, 41]).choice(len(rows), SAMPLE, False))
    points = _embedding(vectors, rows[sample])
    if clusters is not None:
        model = _kmeans(points, max(1, min(clusters, len(points))), seed)
    else:
        most = min(MOST_GROUPS, max(2, round(math.sqrt(len(rows) / 2))))
        model = _count(points, most, seed)
        if model is None:
            return np.zeros(len(rows), dtype=np.int64)
    return _extend(vectors.sketch, rows, sample, model.labels_)


def _extend(sketch: np.ndarray, rows: np.ndarray, sample: np.ndarray,
            labels: np.ndarray) -> np.ndarray:
    """Every row's group: the sample keeps its own; the others take the nearest centre."""
    if len(sample) == len(rows):
        return labels
    named = np.unique(labels)
    centres = np.stack([sketch[rows[sample[labels == group]]].mean(axis=0) for group in named])
    offsets = 0.5 * (centres ** 2).sum(axis=1)
    found = np.empty(len(rows), dtype=np.int64)
    for at in range(0, len(rows), 16384):
        nearness = sketch[rows[at:at + 16384]] @ centres.T - offsets
        found[at:at + 16384] = named[np.argmax(nearness, axis=1)]
    found[sample] = labels
    return found


def _examples(sketch: np.ndarray, rows: np.ndarray, members: np.ndarray) -> np.ndarray:
    """The members nearest the group's centre (cosine), nearest first; ties by receipt."""
    points = sketch[rows[members]]
    centre = points.sum(axis=0)
    similarity = points @ (centre / max(np.linalg.norm(centre), 1e-12))
    return members[np.lexsort((members, -similarity))[:EXAMPLES]]


def suggest(rows: Rows, vectors: Vectors, labels: np.ndarray, uncoded: np.ndarray, *,
            clusters: int | None, seed: int,
            progress: Callable[[int], None]) -> tuple[Suggestion, ...]:
    """Groups of the uncoded reasons (`uncoded`: a mask over the input), largest first,
    ties by smallest member id.

    Each group of near-identical texts (`labels`, by row) is one point for k-means, so a
    campaign weighs as one reason; all its uncoded members join its representative's group.
    """
    representatives, positions, stands_for = _representatives(rows, labels, uncoded)
    if len(representatives) < FEWEST_TEXTS:
        return ()
    fitted = rows.row_of[representatives]
    groups = _fit(vectors, fitted, clusters, seed)
    progress(90)
    count = int(groups.max()) + 1
    described = terms.describe(vectors.words, fitted, groups, count, vectors.vocabulary)
    of_reason = groups[stands_for]
    found = []
    for group in range(count):
        members = np.sort(rows.ids[positions[of_reason == group]])
        if len(members):
            examples = _examples(vectors.sketch, fitted, np.flatnonzero(groups == group))
            found.append(Suggestion(terms=described[group],
                                    member_ids=tuple(int(n) for n in members),
                                    example_ids=tuple(int(rows.ids[representatives[at]])
                                                      for at in examples)))
    return tuple(sorted(found, key=lambda found: (-len(found.member_ids), found.member_ids[0])))
