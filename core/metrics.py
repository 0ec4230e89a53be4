"""Classification metrics shared by the labs: the confusion matrix and what is read from it."""

from __future__ import annotations

import numpy as np


def confusion_matrix(y_true: np.ndarray, y_pred: np.ndarray, k: int) -> np.ndarray:
    """(k, k) int64 counts, rows the true class and columns the predicted one; classes are
    0 … k−1 (one bincount, O(n): it runs on every point of a million-point set)."""
    t = np.asarray(y_true, dtype=np.int64).reshape(-1)
    p = np.asarray(y_pred, dtype=np.int64).reshape(-1)
    if t.shape != p.shape:
        raise ValueError(f"{t.size} true classes but {p.size} predictions")
    if k < 1:
        raise ValueError(f"k must be at least 1, not {k}")
    if t.size and (min(int(t.min()), int(p.min())) < 0 or max(int(t.max()), int(p.max())) >= k):
        raise ValueError(f"a class outside 0 … {k - 1}")
    return np.bincount(t * k + p, minlength=k * k).reshape(k, k).astype(np.int64)


def row_rates(cm: np.ndarray) -> np.ndarray:
    """Each row divided by its sum (the share of a true class given each prediction); a row
    with no point stays 0."""
    cm = np.asarray(cm, dtype=np.float64)
    return cm / np.maximum(cm.sum(axis=1, keepdims=True), 1.0)


def accuracy_of(cm: np.ndarray) -> float:
    """The share of points on the diagonal (0 for an empty matrix)."""
    cm = np.asarray(cm)
    return float(np.trace(cm)) / max(float(cm.sum()), 1.0)


def confused_pairs(cm: np.ndarray, n: int = 3) -> list[tuple[int, int, int]]:
    """The `n` pairs of classes most often taken for each other, both directions counted, as
    (count, a, b) with a < b, the most confused first (of equal counts, the later pair)."""
    off = np.asarray(cm, dtype=np.int64).copy()
    np.fill_diagonal(off, 0)
    k = off.shape[0]
    pairs = [(int(off[a, b] + off[b, a]), a, b) for a in range(k) for b in range(a + 1, k)]
    return sorted(pairs, reverse=True)[:n]


def worse_direction(cm: np.ndarray, a: int, b: int) -> tuple[int, int]:
    """(true, predicted) of the pair's more frequent mistake: a taken for b, or b for a
    (a for b on a tie)."""
    cm = np.asarray(cm)
    return (a, b) if cm[a, b] >= cm[b, a] else (b, a)


def cell_members(y_true: np.ndarray, y_pred: np.ndarray, true: int, predicted: int) -> np.ndarray:
    """Indices of the points of one cell of the confusion matrix: of class `true`, predicted
    `predicted`, in the order given."""
    t = np.asarray(y_true).reshape(-1)
    p = np.asarray(y_pred).reshape(-1)
    if t.shape != p.shape:
        raise ValueError(f"{t.size} true classes but {p.size} predictions")
    return np.flatnonzero((t == true) & (p == predicted))
