"""core.class_map: the colours and boundaries of a classifier's map (no Qt)."""

import numpy as np

from core import datasets2d as ds
from core.class_map import (
    CLASS_COLORS,
    COLOR_TABLE,
    LEVELS,
    TIE_COLOR,
    class_map,
    color_table,
    finite_scores,
    map_colors,
)
from core.logreg import LogisticGD, LogRegConfig, grid_design


def test_the_table_goes_from_faint_to_strong_then_grey():
    table = color_table()
    assert table.shape == (len(CLASS_COLORS) * LEVELS + 1, 3) and table.dtype == np.uint8
    assert tuple(table[-1]) == TIE_COLOR
    faint, strong = table[0].astype(int), table[LEVELS - 1].astype(int)
    blue = np.array(CLASS_COLORS[0])
    assert np.abs(strong - blue).sum() < np.abs(faint - blue).sum()


def test_the_winner_colours_each_point_surer_is_stronger_and_ties_are_grey():
    S = np.array([[0.9, 0.55, 0.1], [0.1, 0.45, 0.9]])  # softmax-like scores of two classes
    rgb = map_colors(S, "softmax", None)
    assert rgb.shape == (3, 3)
    assert tuple(rgb[0]) == tuple(COLOR_TABLE[int(0.8 * (LEVELS - 1))])
    assert tuple(rgb[2]) == tuple(COLOR_TABLE[LEVELS + int(0.8 * (LEVELS - 1))])
    assert tuple(rgb[1]) == tuple(COLOR_TABLE[int(0.1 * (LEVELS - 1))])
    ties = np.array([False, True, False])
    assert tuple(map_colors(S, "ovo", ties)[1]) == TIE_COLOR


def test_non_finite_scores_do_not_paint_one_wrong_colour():
    S = np.array([[np.nan, 0.2], [0.5, np.inf]])
    clean = finite_scores(S)
    assert np.isfinite(clean).all() and clean.argmax(axis=0).tolist() == [1, 1]
    ok = np.array([[1.0, 2.0]])
    assert finite_scores(ok) is ok


def test_a_trained_binary_model_splits_the_seeds_map_along_one_boundary():
    gd = LogisticGD(ds.seed_dataset(), LogRegConfig(lr=0.1, max_iters=3000, init=(1.0, 1.0, 1.0)))
    gd.run()
    xs, ys = np.linspace(0, 10, 60), np.linspace(0, 10, 50)
    rgb, (px, py), lines = class_map(grid_design(xs, ys, False), gd.weights, gd.decomposition, xs, ys, True)
    assert rgb.shape == (60, 50, 3) and rgb.dtype == np.uint8
    assert len(px) > 10 and len(px) == len(py) and lines == ()  # a binary model draws no extra lines
    # the boundary is where w·x + b = 0
    w = gd.weights[:, 0]
    assert np.allclose(w[0] * px + w[1] * py + w[2], 0.0, atol=1e-6 * np.abs(w).sum() * 10)


def test_one_vs_rest_draws_each_models_line_on_request():
    data = ds.blobs(3, 150, 1.0, 0)
    gd = LogisticGD(data, LogRegConfig(lr=0.5, max_iters=300, strategy="ovr"))
    gd.run()
    xs, ys = np.linspace(-8, 8, 40), np.linspace(-8, 8, 40)
    AT = grid_design(xs, ys, False)
    _, boundary, lines = class_map(AT, gd.weights, gd.decomposition, xs, ys, True)
    assert [c for c, _, _ in lines] == [0, 1, 2] and all(len(x) > 0 for _, x, _ in lines)
    assert len(boundary[0]) > 0
    assert class_map(AT, gd.weights, gd.decomposition, xs, ys, False)[2] == ()
