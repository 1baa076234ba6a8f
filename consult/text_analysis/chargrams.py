"""Character n-grams within words, hashed and counted in numpy (sklearn's analyser is 4x slower)."""

from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp

SIZES = (3, 4, 5)
BITS = 20
FEATURES = 1 << BITS
_CHUNK = 1 << (32 - BITS)  # documents per pass: (document, feature) fits one uint32 key
_PRIME = np.uint64(0x100000001B3)


def mix(values: np.ndarray) -> np.ndarray:
    """splitmix64's finaliser: every input bit moves the top bits (the feature number)."""
    values ^= values >> np.uint64(31)
    values *= np.uint64(0xBF58476D1CE4E5B9)
    values ^= values >> np.uint64(29)
    return values


def _keys(texts: Sequence[str]) -> np.ndarray:
    """(document << BITS | feature) for every n-gram occurrence, unsorted.

    As sklearn's char_wb: each word is padded with a space either side and its n-grams never
    cross into the next word. Documents are joined with two spaces, so no n-gram of 3 or more
    characters crosses from one document into the next either.
    """
    joined = "".join(f"  {text}" for text in texts) + "  "
    codes = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    lengths = np.fromiter((len(text) + 2 for text in texts), dtype=np.int64, count=len(texts))
    document = np.repeat(np.arange(len(texts), dtype=np.uint32), lengths)
    space = codes == 32
    spaces_before = np.concatenate(([0], np.cumsum(space)))
    keys = []
    with np.errstate(over="ignore"):  # the hash is arithmetic modulo 2**64 on purpose
        for size in SIZES:
            count = len(codes) - size + 1
            hashed = np.full(count, np.uint64(size))
            for offset in range(size):
                hashed = hashed * _PRIME + codes[offset:offset + count]
            inner_space = spaces_before[size - 1:size - 1 + count] != spaces_before[1:1 + count]
            at = np.flatnonzero(~inner_space)
            feature = (mix(hashed[at]) >> np.uint64(64 - BITS)).astype(np.uint32)
            keys.append((document[at] << np.uint32(BITS)) | feature)
    return np.concatenate(keys) if keys else np.zeros(0, dtype=np.uint32)


def _counts(texts: Sequence[str]) -> sp.csr_matrix:
    keys = _keys(texts)
    keys.sort()
    starts = np.flatnonzero(np.concatenate(([True], keys[1:] != keys[:-1]))) if len(keys) \
        else np.zeros(0, dtype=np.int64)
    counts = np.diff(np.append(starts, len(keys))).astype(np.float32)
    unique = keys[starts]
    per_document = np.bincount(unique >> np.uint32(BITS), minlength=len(texts))
    indptr = np.concatenate(([0], np.cumsum(per_document))).astype(np.int64)
    features = (unique & np.uint32(FEATURES - 1)).astype(np.int32)
    return sp.csr_matrix((counts, features, indptr), shape=(len(texts), FEATURES))


def counts(texts: Sequence[str]) -> sp.csr_matrix:
    """How often each hashed character n-gram (3 to 5 characters) occurs in each text."""
    parts = [_counts(texts[at:at + _CHUNK]) for at in range(0, len(texts), _CHUNK)]
    if not parts:
        return sp.csr_matrix((0, FEATURES), dtype=np.float32)
    return parts[0] if len(parts) == 1 else sp.vstack(parts, format="csr")
