"""Zero-level contours (core/contour.py): geometry, edge cases and bad input, without Qt."""

import math

import numpy as np
import pytest

from core.contour import segments_length, zero_segments

N = 200


def grid(xs, ys):
    return np.meshgrid(xs, ys, indexing="ij")  # x along axis 0, as zero_segments expects


def line_length_in_box(a, b, c, x0, x1, y0, y1):
    """Length of the chord a·x + b·y + c = 0 inside the box, from its hits on the four sides."""
    hits = []
    for x in (x0, x1):
        y = -(a * x + c) / b
        if y0 <= y <= y1:
            hits.append((x, y))
    for y in (y0, y1):
        x = -(b * y + c) / a
        if x0 <= x <= x1:
            hits.append((x, y))
    hits = np.unique(np.round(np.array(hits), 12), axis=0)
    assert len(hits) == 2
    return float(np.hypot(*(hits[1] - hits[0])))


def as_segments(px, py):
    """(n, 2, 2) array: segment, end, coordinate."""
    return np.stack((px, py), axis=1).reshape(-1, 2, 2)


def assert_no_degenerate_or_duplicate(px, py):
    seg = as_segments(px, py)
    assert np.all(np.hypot(*(seg[:, 1] - seg[:, 0]).T) > 0), "zero-length segment"
    # Undirected duplicates: sort the two ends of every segment, then look for repeats.
    ends = seg.reshape(-1, 4)
    swap = (ends[:, 0] > ends[:, 2]) | ((ends[:, 0] == ends[:, 2]) & (ends[:, 1] > ends[:, 3]))
    ends[swap] = ends[swap][:, [2, 3, 0, 1]]
    assert len(np.unique(ends, axis=0)) == len(ends), "duplicate segment"


def endpoint_degrees(px, py):
    _, counts = np.unique(np.stack((px, py), axis=1), axis=0, return_counts=True)
    return counts


@pytest.mark.parametrize(
    "xs, ys",
    [
        (np.linspace(-1, 1, N), np.linspace(-2, 3, N)),
        (np.linspace(-1, 1, N) ** 3, np.tanh(np.linspace(-2, 2, N)) * 2.5 + 0.5),  # non-uniform
        (np.linspace(1, -1, N), np.linspace(3, -2, N)),  # decreasing axes
    ],
    ids=["uniform", "non-uniform", "decreasing"],
)
def test_straight_line_is_exact(xs, ys):
    a, b, c = 0.7, -0.45, 0.2
    gx, gy = grid(xs, ys)
    px, py = zero_segments(a * gx + b * gy + c, xs, ys)
    assert px.dtype == np.float64 and px.shape == py.shape and px.size % 2 == 0 and px.size > 0
    assert np.max(np.abs(a * px + b * py + c)) < 1e-9
    expected = line_length_in_box(a, b, c, xs.min(), xs.max(), ys.min(), ys.max())
    assert segments_length(px, py) == pytest.approx(expected, rel=1e-6)
    # One open polyline: two free ends, every other vertex shared by exactly two segments.
    deg = endpoint_degrees(px, py)
    assert np.sum(deg == 1) == 2 and np.all(deg <= 2)


@pytest.mark.parametrize("warp", [False, True], ids=["uniform", "non-uniform"])
def test_circle_is_close_and_closed(warp):
    t = np.linspace(-1, 1, N)
    xs = np.tanh(2 * t) / np.tanh(2) if warp else t
    ys = t + 0.1
    r = 0.6
    gx, gy = grid(xs, ys)
    px, py = zero_segments(gx**2 + gy**2 - r**2, xs, ys)
    assert np.max(np.abs(np.hypot(px, py) - r)) < 0.01 * r
    assert segments_length(px, py) == pytest.approx(2 * math.pi * r, rel=0.01)
    # A closed curve: neighbouring cells compute shared crossings bit-identically.
    assert np.all(endpoint_degrees(px, py) == 2)


def test_saddle_xy_follows_the_axes():
    xs = np.linspace(-1, 1, N)  # even count: the origin sits in the middle of a saddle cell
    gx, gy = grid(xs, xs)
    px, py = zero_segments(gx * gy, xs, xs)
    h = xs[1] - xs[0]
    assert np.all(np.minimum(np.abs(px), np.abs(py)) < 1e-12)  # every crossing lies on an axis
    mx, my = (px[0::2] + px[1::2]) / 2, (py[0::2] + py[1::2]) / 2
    assert np.all(np.minimum(np.abs(mx), np.abs(my)) <= h / 2 + 1e-12)
    # Both axes, across the whole box, with only the centre cell's corners cut.
    assert segments_length(px, py) == pytest.approx(4.0, rel=0.01)
    assert np.sum(endpoint_degrees(px, py) == 1) == 4


@pytest.mark.parametrize(
    "shift, cut_corners",
    [(0.0, {(1.0, 0.0), (0.0, 1.0)}), (0.5, {(0.0, 0.0), (1.0, 1.0)})],
    ids=["centre-positive", "centre-negative"],
)
def test_saddle_cell_uses_the_centre_average(shift, cut_corners):
    # Corners (0,0) and (1,1) positive, (1,0) and (0,1) negative; the centre average is
    # -shift: at 0 (counts as positive) the positive corners join through the middle and
    # the negative ones are cut off, below 0 it is the other way round.
    f = np.array([[1.0, -1.0], [-1.0, 1.0]]) - shift
    px, py = zero_segments(f, np.array([0.0, 1.0]), np.array([0.0, 1.0]))
    mids = as_segments(px, py).mean(axis=1)
    corners = np.array([(0.0, 0.0), (1.0, 0.0), (1.0, 1.0), (0.0, 1.0)])
    nearest = {tuple(corners[np.argmin(np.hypot(*(corners - m).T))]) for m in mids}
    assert len(mids) == 2 and nearest == cut_corners
    assert np.max(np.abs(px - np.round(px * 4) / 4)) == 0  # crossings at t = 1/2 or 1/4, 3/4


def test_constant_field_gives_empty_float_arrays():
    xs = np.linspace(0, 1, 50)
    for value in (1.0, -1.0, 0.0):
        px, py = zero_segments(np.full((50, 50), value), xs, xs)
        assert px.shape == py.shape == (0,)
        assert px.dtype == py.dtype == np.float64
        assert segments_length(px, py) == 0.0


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
def test_non_finite_block_gives_no_segment_there(bad):
    xs = np.linspace(-1, 1, 101)
    ys = np.linspace(0, 2, 81)
    gx, _ = grid(xs, ys)
    f = gx - 0.0137  # vertical line through the block
    i0, i1, j0, j1 = 40, 70, 30, 50
    f[i0:i1, j0:j1] = bad
    px, py = zero_segments(f, xs, ys)
    assert np.all(np.isfinite(px)) and np.all(np.isfinite(py))
    mx, my = (px[0::2] + px[1::2]) / 2, (py[0::2] + py[1::2]) / 2
    inside = (mx > xs[i0 - 1]) & (mx < xs[i1]) & (my > ys[j0 - 1]) & (my < ys[j1])
    assert not inside.any()
    # Exactly the cells touching the block are skipped: rows j0-1 .. j1-1 of the line.
    assert segments_length(px, py) == pytest.approx(2.0 - (ys[j1] - ys[j0 - 1]), rel=1e-9)


def test_zero_nodes_give_no_degenerate_segments():
    xs = np.linspace(-1, 1, 41)  # contains 0 exactly
    ys = np.linspace(-1, 1, 31)
    gx, gy = grid(xs, ys)
    assert np.any(gx == 0)

    # A zero line on a grid column: emitted once, by the negative side, along the column.
    px, py = zero_segments(gx, xs, ys)
    assert_no_degenerate_or_duplicate(px, py)
    assert np.all(px == 0)
    assert segments_length(px, py) == pytest.approx(2.0, rel=1e-12)

    # A ridge of zeros with negative values on both sides: both cells see it, one emits it.
    for ridge in (-np.abs(gx), -np.abs(gy)):
        px, py = zero_segments(ridge, xs, ys)
        assert_no_degenerate_or_duplicate(px, py)
        assert segments_length(px, py) == pytest.approx(2.0, rel=1e-12)

    # An isolated zero node in a negative field is a point, not a line.
    f = -np.ones((41, 31))
    f[20, 15] = 0.0
    px, py = zero_segments(f, xs, ys)
    assert px.size == 0

    # Both axes on grid lines, and a field full of exact zeros.
    for f in (gx * gy, np.random.default_rng(3).integers(-1, 2, size=(41, 31)).astype(float)):
        px, py = zero_segments(f, xs, ys)
        assert px.size > 0
        assert_no_degenerate_or_duplicate(px, py)


def test_tiny_grids_give_empty_results():
    for shape in [(0, 0), (1, 1), (1, 5), (5, 1)]:
        xs, ys = np.arange(shape[0], dtype=float), np.arange(shape[1], dtype=float)
        px, py = zero_segments(np.linspace(-1, 1, shape[0] * shape[1]).reshape(shape), xs, ys)
        assert px.size == py.size == 0


def test_wrong_shapes_raise_value_error():
    xs, ys = np.linspace(0, 1, 20), np.linspace(0, 1, 30)
    f = np.zeros((20, 30)) - 0.5
    with pytest.raises(ValueError):
        zero_segments(f.T, xs, ys)  # axes swapped
    with pytest.raises(ValueError):
        zero_segments(f.ravel(), xs, ys)
    with pytest.raises(ValueError):
        zero_segments(f[..., None], xs, ys)
    with pytest.raises(ValueError):
        zero_segments(f, xs[:, None], ys)
    with pytest.raises(ValueError):
        zero_segments(f, xs[::-1].copy()[np.r_[1, 0, 2:20]], ys)  # not monotonic
    with pytest.raises(ValueError):
        segments_length(np.zeros(3), np.zeros(3))


def test_accepts_lists_and_float32():
    xs = np.linspace(-1, 1, 30)
    gx, gy = grid(xs, xs)
    f = (gx + gy).astype(np.float32)
    px, py = zero_segments(f.tolist(), xs.tolist(), xs.tolist())
    assert np.max(np.abs(px + py)) < 1e-6
    assert segments_length(px, py) == pytest.approx(2 * math.sqrt(2), rel=1e-6)
