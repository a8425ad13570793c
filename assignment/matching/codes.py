"""Pairs encoded as one int64 each: paper * n_reviewers + reviewer.

Sorted code arrays make set operations vectorised (sort + searchsorted),
without Python sets or list-membership checks.
"""

import numpy as np


def sorted_unique(codes: np.ndarray) -> np.ndarray:
    """Sorted distinct values (faster than np.unique's hashing for large int64)."""
    codes = np.sort(np.asarray(codes, dtype=np.int64))
    if len(codes) == 0:
        return codes
    return codes[np.concatenate([[True], codes[1:] != codes[:-1]])]


def last_occurrences(codes: np.ndarray) -> np.ndarray:
    """Indices of each distinct code's last occurrence, ordered by code."""
    order = np.argsort(codes, kind="stable")
    ordered = codes[order]
    is_last = np.concatenate([ordered[1:] != ordered[:-1], [True]]) if len(codes) else []
    return order[is_last]


def contains(sorted_codes: np.ndarray, codes: np.ndarray) -> np.ndarray:
    """Boolean mask: which ``codes`` occur in ``sorted_codes``."""
    if len(sorted_codes) == 0:
        return np.zeros(len(codes), dtype=bool)
    positions = np.minimum(np.searchsorted(sorted_codes, codes), len(sorted_codes) - 1)
    return sorted_codes[positions] == codes
