"""Small helpers shared by the labs' plots and number displays."""

from __future__ import annotations

import math

import numpy as np

PLOT_POINTS = 1200  # most vertices drawn for a path or a loss curve (plots are < 1000 px wide)


def decimate(n: int, limit: int = PLOT_POINTS) -> np.ndarray | slice:
    """Indices of at most `limit` of n samples, always keeping the first and the last.

    The first two thirds of the budget keep the early iterations one by one (where a
    descent zigzags and the loss falls fastest); the rest are spread evenly after them.
    """
    if n <= limit:
        return slice(0, n)
    head = (2 * limit) // 3
    tail = np.linspace(head, n - 1, limit - head).astype(np.int64)  # strictly increasing
    return np.concatenate([np.arange(head, dtype=np.int64), tail])


def fmt(value: float, digits: int = 6) -> str:
    """A number for the info panel: fixed for ordinary sizes, scientific otherwise."""
    if not math.isfinite(value):
        return "—"
    if value != 0 and (abs(value) >= 1e6 or abs(value) < 1e-4):
        return f"{value:.{digits - 2}e}"
    return f"{value:.{digits}g}"
