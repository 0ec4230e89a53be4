"""A classifier's map over the plane: each class's colour, stronger where the model is surer,
grey where one-vs-one's vote ties, and the boundaries where the winning class changes.

The colours encode the model's output (class and confidence), so they live here with the
rest of the science: the lab only shows the RGB image and the segments this returns.
"""

from __future__ import annotations

import numpy as np

from core.contour import zero_segments
from core.logreg import Decomposition, evaluate_grid, ovo_ties

# one colour per class (up to six), as RGB; the map, the points and the legend share them
CLASS_COLORS: tuple[tuple[int, int, int], ...] = (
    (31, 119, 180), (255, 127, 14), (44, 160, 44), (214, 39, 40), (148, 103, 189), (140, 86, 75))
TIE_COLOR = (190, 190, 190)  # one-vs-one: where the vote ties
LEVELS = 64  # shades of each class's colour, from faint (unsure) to strong


def color_table(colors: tuple[tuple[int, int, int], ...] = CLASS_COLORS, tie: tuple[int, int, int] = TIE_COLOR,
                levels: int = LEVELS) -> np.ndarray:
    """(K·levels + 1, 3) uint8: each class's colour from faint to strong, then the tie grey."""
    white = np.array([255.0, 255.0, 255.0])
    strength = 0.12 + 0.5 * np.linspace(0.0, 1.0, levels)
    rows = [white + (np.array(c, dtype=np.float64) - white) * strength[:, None] for c in colors]
    return np.vstack(rows + [np.array([tie], dtype=np.float64)]).astype(np.uint8)


COLOR_TABLE = color_table()


def finite_scores(S: np.ndarray) -> np.ndarray:
    """Class scores with NaN and ±inf replaced (argmax takes NaN for the largest: a map of one
    wrong colour); a copy-free pass when everything is finite, as it is in practice."""
    if np.isfinite(S).all():
        return S
    return np.nan_to_num(S, nan=0.0, posinf=1e300, neginf=-1e300)


def _top_two(S: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For scores (K, N): the winning class, its score and the runner-up's score."""
    n = S.shape[1]
    top = S.argmax(axis=0)
    s_top = S.max(axis=0)
    rest = S.copy()
    rest[top, np.arange(n)] = -np.inf
    return top, s_top, rest.max(axis=0)


def map_colors(S: np.ndarray, kind: str, ties: np.ndarray | None, table: np.ndarray = COLOR_TABLE,
               levels: int = LEVELS) -> np.ndarray:
    """RGB (N, 3) uint8 from class scores (K, N): the winning class's colour, stronger where
    the model is surer. Reductions run over the short class axis, then one table look-up."""
    S = finite_scores(S)
    k = S.shape[0]
    top, s_top, s_2nd = _top_two(S)
    with np.errstate(all="ignore"):
        if kind == "ovo":
            conf = (np.floor(s_top) - np.floor(s_2nd)) / max(k - 1, 1)
        elif kind == "ovr":
            conf = (s_top - s_2nd) / np.maximum(S.sum(axis=0), 1e-12)
        else:
            conf = s_top - s_2nd
        conf = np.nan_to_num(conf, nan=0.0, posinf=1.0, neginf=0.0)
    index = top * levels + np.clip((conf * (levels - 1)).astype(np.int64), 0, levels - 1)
    if ties is not None:
        index[ties] = len(table) - 1
    return table[index]


def decision_boundary(Z: np.ndarray, S: np.ndarray, dec: Decomposition, xs: np.ndarray,
                      ys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Segments (x pairs, y pairs) of the combined boundary, where the winning class changes,
    for logits Z (outputs, N) and class scores S (K, N) on the grid xs × ys."""
    shape = (len(xs), len(ys))
    if dec.kind == "binary":
        return zero_segments(Z[0].reshape(shape), xs, ys)
    # class c's region is where S_c beats every other class: f_c = S_c − max_{j≠c} S_j,
    # which is S_top − S_second where c wins and S_c − S_top elsewhere
    top, s_top, s_2nd = _top_two(S)
    parts_x, parts_y = [], []
    for c in range(dec.k):
        f = np.where(top == c, s_top - s_2nd, S[c] - s_top)
        sx, sy = zero_segments(f.reshape(shape), xs, ys)
        parts_x.append(sx)
        parts_y.append(sy)
    return np.concatenate(parts_x), np.concatenate(parts_y)


def class_map(AT: np.ndarray, W: np.ndarray, dec: Decomposition, xs: np.ndarray, ys: np.ndarray,
              models: bool) -> tuple[np.ndarray, tuple[np.ndarray, np.ndarray],
                                     tuple[tuple[int, np.ndarray, np.ndarray], ...]]:
    """The map of weights W over the grid xs × ys (AT: core.logreg.grid_design of it): RGB
    (len(xs), len(ys), 3) uint8, the combined boundary's segments, and with `models` each
    one-vs-rest / one-vs-one model's own boundary as (its positive class, x pairs, y pairs)."""
    shape = (len(xs), len(ys))
    with np.errstate(all="ignore"):
        Z, S = evaluate_grid(AT, W, dec)
    Z, S = finite_scores(Z), finite_scores(S)
    ties = ovo_ties(Z.T, dec) if dec.kind == "ovo" else None
    rgb = map_colors(S, dec.kind, ties).reshape(shape + (3,))
    boundary = decision_boundary(Z, S, dec, xs, ys)
    lines: tuple[tuple[int, np.ndarray, np.ndarray], ...] = ()
    if models and dec.kind in ("ovr", "ovo"):
        lines = tuple((dec.pairs[p][0], *zero_segments(Z[p].reshape(shape), xs, ys)) for p in range(dec.outputs))
    return rgb, boundary, lines
