"""Near-identical texts: random-hyperplane signatures find candidates, the exact cosine decides."""

import numpy as np
import scipy.sparse as sp
from scipy.sparse.csgraph import connected_components

from .vectors import Vectors

BITS = 256  # signature bits: the sign of the sketch on each of BITS random hyperplanes
TABLES = 24  # sorted orders of the signatures, each on its own 64 of the bits
PREFIX = 12  # two rows are compared only when their first PREFIX bits in a table agree...
WINDOW = 4  # ...and they lie within WINDOW places of each other in that table's order
# Two texts at cosine 0.9 lie 25.8 degrees apart, so they differ in 14% of the bits (36 of
# 256, give or take 6): a pair differing in more than 64 bits is not worth a closer look.
MOST_DIFFERENT_BITS = 64
# The sketch's cosine of a pair near 0.9 is within 0.01 of the exact one (at most 0.05 in
# 100,000 texts): a pair below this is not worth the exact cosine.
SKETCH_SIMILAR = 0.84
# Around a large group, rows whose sketch lies this close to the group's centre are compared
# with the group's members one by one (the sorted orders miss rows inside dense groups).
LARGE_GROUP = 8
NEAR_CENTRE = 0.6
CLOSEST_MEMBERS = 8
_BATCH = 4096  # pairs checked at once: their rows' character vectors are rebuilt


def signatures(sketch: np.ndarray, seed: int) -> np.ndarray:
    """One bit per hyperplane (which side of it the row lies on): a bool matrix, bit by row."""
    planes = np.random.default_rng([seed, 17]).standard_normal((BITS, sketch.shape[1]))
    planes = planes.astype(np.float32)
    bits = np.empty((BITS, len(sketch)), dtype=bool)
    for at in range(0, len(sketch), 8192):
        bits[:, at:at + 8192] = planes @ sketch[at:at + 8192].T > 0
    return bits


def _neighbours(bits: np.ndarray, chosen: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Pairs of rows close in the order of these 64 bits that share its first PREFIX bits."""
    keys = np.ascontiguousarray(np.packbits(bits[chosen], axis=0).T).view(">u8").ravel()
    order = np.argsort(keys, kind="stable")
    bucket = keys[order] >> np.uint64(64 - PREFIX)
    first, second = [], []
    for step in range(1, WINDOW + 1):
        same = np.flatnonzero(bucket[:-step] == bucket[step:])
        first.append(order[same])
        second.append(order[same + step])
    return np.concatenate(first), np.concatenate(second)


def candidates(sketch: np.ndarray, seed: int) -> np.ndarray:
    """Distinct pairs (smaller row first) from every table, fewest differing bits first."""
    bits = signatures(sketch, seed)
    packed = np.ascontiguousarray(np.packbits(bits, axis=0).T).view(np.uint64)
    rng = np.random.default_rng([seed, 29])
    low, high, differing = [], [], []
    for _ in range(TABLES):
        first, second = _neighbours(bits, rng.permutation(BITS)[:64])
        count = np.bitwise_count(packed[first] ^ packed[second]).sum(axis=1)
        close = np.flatnonzero(count <= MOST_DIFFERENT_BITS)
        similar = np.einsum("ij,ij->i", sketch[first[close]], sketch[second[close]])
        close = close[similar >= SKETCH_SIMILAR]
        low.append(np.minimum(first, second)[close])
        high.append(np.maximum(first, second)[close])
        differing.append(count[close])
    low, high = np.concatenate(low), np.concatenate(high)
    order = np.lexsort((high, low, np.concatenate(differing)))
    _, first_seen = np.unique(low[order] * len(sketch) + high[order], return_index=True)
    keep = order[np.sort(first_seen)]
    return np.stack((low[keep], high[keep]), axis=1)


class _Groups:
    """Rows joined by verified pairs; a pair is checked only if it would join two groups."""

    def __init__(self, vectors: Vectors, similarity: float):
        self.vectors, self.similarity = vectors, similarity
        self.labels = np.arange(len(vectors.texts))
        self.edges: list[np.ndarray] = []

    def check(self, pairs: np.ndarray) -> int:
        """Joins the pairs at cosine >= similarity (in batches); returns how many joined."""
        joined = 0
        for at in range(0, len(pairs), _BATCH):
            batch = pairs[at:at + _BATCH]
            batch = batch[self.labels[batch[:, 0]] != self.labels[batch[:, 1]]]
            if len(batch):
                similar = batch[self.vectors.cosine(batch[:, 0], batch[:, 1]) >= self.similarity]
                joined += len(similar)
                self.edges.append(similar)
                self._relabel()
        return joined

    def _relabel(self) -> None:
        edges = np.concatenate(self.edges)
        count = len(self.labels)
        graph = sp.coo_matrix((np.ones(len(edges), dtype=np.int8), (edges[:, 0], edges[:, 1])),
                              shape=(count, count))
        self.labels = connected_components(graph, directed=False)[1]


def _near_centres(sketch: np.ndarray, group_of: np.ndarray, count: int):
    """(row, group) for rows near the centre (NEAR_CENTRE) of a large group they are not in;
    `group_of` numbers the large groups' rows 0 to count - 1, others -1."""
    inside = np.flatnonzero(group_of >= 0)
    membership = sp.csr_matrix((np.ones(len(inside), dtype=np.float32),
                                (group_of[inside], inside)), shape=(count, len(sketch)))
    centres = np.asarray(membership @ sketch)
    centres /= np.linalg.norm(centres, axis=1, keepdims=True)
    rows, groups = [], []
    for at in range(0, len(sketch), 8192):
        row, group = np.nonzero(sketch[at:at + 8192] @ centres.T >= NEAR_CENTRE)
        outside = group_of[at + row] != group
        rows.append(at + row[outside])
        groups.append(group[outside])
    return np.concatenate(rows), np.concatenate(groups)


def _around_large_groups(groups: _Groups, sketch: np.ndarray) -> np.ndarray:
    """Pairs (outside row, member) for rows near a large group's centre: each such row with
    its CLOSEST_MEMBERS members of highest sketch cosine, where that is SKETCH_SIMILAR."""
    sizes = np.bincount(groups.labels)
    large = np.flatnonzero(sizes >= LARGE_GROUP)
    number = np.full(len(sizes), -1)
    number[large] = np.arange(len(large))
    group_of = number[groups.labels]
    near_rows, near_groups = _near_centres(sketch, group_of, len(large))
    inside = np.flatnonzero(group_of >= 0)
    by_group = inside[np.argsort(group_of[inside], kind="stable")]
    starts = np.concatenate(([0], np.cumsum(sizes[large])))
    pairs = [np.zeros((0, 2), dtype=np.int64)]
    for group in np.unique(near_groups):
        members = by_group[starts[group]:starts[group + 1]]
        near = near_rows[near_groups == group]
        for at in range(0, len(near), 256):
            rows = near[at:at + 256]
            similarity = sketch[rows] @ sketch[members].T
            best = np.argsort(-similarity, axis=1, kind="stable")[:, :CLOSEST_MEMBERS]
            good = np.take_along_axis(similarity, best, axis=1) >= SKETCH_SIMILAR
            outside = np.repeat(rows, best.shape[1]).reshape(best.shape)
            pairs.append(np.stack((outside[good], members[best][good]), axis=1))
    return np.concatenate(pairs)


def near_duplicates(vectors: Vectors, similarity: float, *, seed: int = 0) -> np.ndarray:
    """Each row's group: rows joined by a chain of pairs at cosine >= similarity.

    Candidates come from TABLES sorted orders of random-hyperplane signatures (rows at a high
    cosine agree on most bits, so they sort close together), then from the rows near each
    large group's centre, compared with its closest members. Every pair is checked with the
    exact cosine of the full vectors before it joins two groups. Returns a label per row.
    """
    groups = _Groups(vectors, similarity)
    if len(vectors.texts) > 1:
        groups.check(candidates(vectors.sketch, seed))
        for _ in range(4):  # a row that joins may bring its own near rows within reach
            if not groups.check(_around_large_groups(groups, vectors.sketch)):
                break
    return groups.labels
