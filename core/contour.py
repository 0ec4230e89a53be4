"""Zero-level contour lines of a sampled 2-D field (marching squares), vectorised with numpy.

Used to draw decision boundaries (the p − 0.5 = 0 line) over a classifier's probability map
many times a second, so no Python loop runs over cells: only the cells whose corners differ
in sign are gathered, and their segments come from a lookup table.

Conventions, chosen so the result is unique and has no degenerate pieces:
- a value exactly 0 counts as positive, everywhere (corners and saddle centres), so a curve
  running along grid nodes is emitted by one side only;
- a cell with any non-finite corner (NaN, ±inf) produces nothing;
- a segment whose two ends coincide (both on the same zero node) is dropped;
- a ridge of zeros along a grid line, negative on both sides, is emitted once.
"""

from __future__ import annotations

import numpy as np

# Cell corners and their bit in the case index: a = f[i, j] (1), b = f[i+1, j] (2),
# c = f[i+1, j+1] (4), d = f[i, j+1] (8); a set bit means f ≥ 0.
# Edges: 0 bottom a→b, 1 right b→c, 2 top d→c, 3 left a→d (the order t is measured in).
_B, _R, _T, _L = 0, 1, 2, 3


def _segment_table() -> np.ndarray:
    """(32, 4) rows [e0, e1, e0', e1'] of edge pairs for key = case + 16·[centre ≥ 0]."""
    single = {
        1: (_L, _B), 2: (_B, _R), 3: (_L, _R), 4: (_R, _T), 6: (_B, _T), 7: (_L, _T),
        8: (_T, _L), 9: (_T, _B), 11: (_T, _R), 12: (_R, _L), 13: (_R, _B), 14: (_B, _L),
    }
    table = np.full((32, 4), -1, dtype=np.intp)  # -1: no second segment
    for case, pair in single.items():
        table[case, :2] = table[case + 16, :2] = pair
    # Saddles: the centre's sign says which diagonal pair of corners is joined through the
    # middle; each of the other two corners is cut off by its own segment.
    cut_a_c = (_L, _B, _R, _T)
    cut_b_d = (_B, _R, _T, _L)
    table[5], table[5 + 16] = cut_a_c, cut_b_d  # a, c positive: joined iff centre ≥ 0
    table[10], table[10 + 16] = cut_b_d, cut_a_c  # b, d positive: joined iff centre ≥ 0
    return table


_TABLE = _segment_table()
# Per edge: (di, dj) of its start and end corners, and whether x (else y) moves along it.
_DI0, _DJ0 = np.array([0, 1, 0, 0]), np.array([0, 0, 1, 0])
_DI1, _DJ1 = np.array([1, 1, 1, 0]), np.array([0, 1, 1, 1])
_ALONG_X = np.array([1.0, 0.0, 1.0, 0.0])
_ALONG_Y = 1.0 - _ALONG_X


def _empty() -> tuple[np.ndarray, np.ndarray]:
    return np.empty(0, dtype=np.float64), np.empty(0, dtype=np.float64)


def _axis(v: np.ndarray, name: str) -> np.ndarray:
    v = np.asarray(v, dtype=np.float64)
    if v.ndim != 1:
        raise ValueError(f"{name} must be 1-D, got shape {v.shape}")
    if v.size >= 2:
        # Interpolation needs every cell edge to span a real, ordered interval.
        d = np.diff(v)
        if not (np.isfinite(v).all() and ((d > 0).all() or (d < 0).all())):
            raise ValueError(f"{name} must be finite and strictly monotonic")
    return v


def _cases(pos: np.ndarray, k: np.ndarray, ny: int) -> np.ndarray:
    """Marching-squares case index of the flat cells k (pos: uint8 0/1 per node)."""
    return pos[k] + 2 * pos[k + ny] + 4 * pos[k + ny + 1] + 8 * pos[k + 1]


def zero_segments(f: np.ndarray, xs: np.ndarray, ys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Line segments of the curve f = 0 as (px, py), consecutive pairs being one segment."""
    f = np.asarray(f, dtype=np.float64)
    xs = _axis(xs, "xs")
    ys = _axis(ys, "ys")
    if f.ndim != 2 or f.shape != (xs.size, ys.size):
        raise ValueError(f"f must have shape (len(xs), len(ys)) = {(xs.size, ys.size)}, got {f.shape}")
    nx, ny = f.shape
    if nx < 2 or ny < 2:
        return _empty()

    # Flat indexing: cell k = i·ny + j has corners k, k + ny, k + ny + 1, k + 1, so each corner
    # plane is a contiguous slice (2-D strided slices are several times slower). Flat "cells"
    # with j = ny − 1 wrap onto the next column and are dropped.
    F = np.ascontiguousarray(f).ravel()
    n = F.size - ny - 1
    pos = F >= 0
    a, b, c, d = pos[:n], pos[ny : ny + n], pos[ny + 1 :], pos[1 : n + 1]
    k = np.flatnonzero((a ^ b) | (b ^ c) | (c ^ d))  # not all four corners on one side
    k = k[k % ny != ny - 1]
    bad_cell = None
    finite = np.isfinite(F)
    if not finite.all():
        bad = ~finite
        bad_cell = bad[:n] | bad[ny : ny + n] | bad[ny + 1 :] | bad[1 : n + 1]
        k = k[~bad_cell[k]]
    if k.size == 0:
        return _empty()
    pos8 = pos.view(np.uint8)
    case = _cases(pos8, k, ny)

    key = case.astype(np.intp)
    saddle = np.flatnonzero((case == 5) | (case == 10))
    if saddle.size:
        ks = k[saddle]
        key[saddle] += 16 * ((F[ks] + F[ks + ny] + F[ks + ny + 1] + F[ks + 1]) >= 0)
    rows = _TABLE.take(key, axis=0)

    # A ridge of zeros between two negative cells lies on their shared edge and both cells
    # emit it; the copy from the cell whose bottom (case 3) or left (case 9) edge it is goes
    # when the neighbour across that edge emits it too (as its top or right edge).
    emit = np.ones(k.size, dtype=bool)
    j_cell = k % ny
    # (own case, offset of its other zero corner, flat step to the neighbour, neighbour's
    #  mirror case, cells on the grid border that have no such neighbour)
    for own, corner, step, mirror, border in ((3, ny, 1, 12, j_cell == 0), (9, 1, ny, 6, k < ny)):
        cand = np.flatnonzero((case == own) & ~border)
        if cand.size == 0:
            continue
        kc = k[cand]
        on_edge = (F[kc] == 0) & (F[kc + corner] == 0)
        cand, kc = cand[on_edge], kc[on_edge] - step
        twin = _cases(pos8, kc, ny) == mirror
        if bad_cell is not None:
            twin &= ~bad_cell[kc]
        emit[cand[twin]] = False

    first = np.flatnonzero(emit)
    second = saddle  # only saddle rows have a second segment
    seg_k = np.concatenate((k[first], k[second]))
    edges = np.concatenate((rows[first, :2], rows[second, 2:])).ravel()  # 2 ends per segment
    kk = np.repeat(seg_k, 2)
    i, j = np.divmod(kk, ny)
    i0, j0 = i + _DI0[edges], j + _DJ0[edges]
    i1, j1 = i + _DI1[edges], j + _DJ1[edges]

    # Linear interpolation along each end's edge. Both cells sharing an edge use the same two
    # values in the same order, so neighbouring segments meet at bit-identical points.
    # (1 − t)·u + t·v lands exactly on a node when t is 0 or 1 (a zero corner), and t is
    # masked to 0 on the coordinate an edge keeps fixed, which therefore stays exact.
    f0 = F[i0 * ny + j0]
    t = f0 / (f0 - F[i1 * ny + j1])
    tx = t * _ALONG_X[edges]
    ty = t * _ALONG_Y[edges]
    px = xs[i0] * (1 - tx) + xs[i1] * tx
    py = ys[j0] * (1 - ty) + ys[j1] * ty

    degenerate = (px[0::2] == px[1::2]) & (py[0::2] == py[1::2])  # both ends on one zero node
    if degenerate.any():
        keep = np.repeat(~degenerate, 2)
        px, py = px[keep], py[keep]
    return px, py


def segments_length(px: np.ndarray, py: np.ndarray) -> float:
    """Total length of the segments (px[2m], py[2m])–(px[2m+1], py[2m+1])."""
    px = np.asarray(px, dtype=np.float64)
    py = np.asarray(py, dtype=np.float64)
    if px.shape != py.shape or px.ndim != 1 or px.size % 2:
        raise ValueError(f"px and py must be 1-D of equal, even length, got {px.shape} and {py.shape}")
    return float(np.hypot(px[1::2] - px[0::2], py[1::2] - py[0::2]).sum())
