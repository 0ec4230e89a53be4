"""core.logreg.loss_slice: the loss-contour view's numbers are the learner's objective."""

from __future__ import annotations

import numpy as np
import pytest

from core import datasets2d as ds
from core.errors import ConfigError
from core.logreg import (LogisticGD, LogRegConfig, Objective, decompose, design, l2_strength, loss_slice)


def _problem(n: int = 400, C: float | None = None, seed: int = 0) -> Objective:
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, 2)) * [2.0, 0.5] + [1.0, -3.0]
    y = (X[:, 0] - 2.0 * X[:, 1] + rng.normal(size=n) > 6.0).astype(np.int64)
    dec = decompose(y, 2, "ovr")
    return Objective(design(X, False), dec, l2_strength(dec, C))


@pytest.mark.parametrize("C", [None, 0.05])
@pytest.mark.parametrize("axes", [(0, 1), (0, 2), (1, 2)])
def test_slice_equals_objective_loss_with_the_third_weight_held(axes: tuple[int, int], C: float | None) -> None:
    obj = _problem(C=C)
    W = np.array([[0.7], [-1.3], [-2.8]])
    gx, gy = np.linspace(-4.0, 3.0, 23), np.linspace(-6.0, 5.0, 17)
    S = loss_slice(obj, W, axes, gx, gy, chunk=5_000)  # small chunks: many of them
    assert S.shape == (23, 17)
    held = ({0, 1, 2} - set(axes)).pop()
    for a, b in [(0, 0), (22, 16), (7, 3), (11, 9), (0, 16), (22, 0)]:
        Wt = W.copy()
        Wt[axes[0], 0], Wt[axes[1], 0] = gx[a], gy[b]
        assert Wt[held, 0] == W[held, 0]
        assert S[a, b] == pytest.approx(float(obj.loss(Wt)[0]), rel=1e-6, abs=1e-9)


def test_slice_minimum_is_at_the_held_weights_optimum_of_the_plane() -> None:
    obj = _problem(C=1.0)
    W = np.array([[0.2], [0.1], [-1.0]])
    gx = np.linspace(-3, 3, 61)
    S = loss_slice(obj, W, (0, 1), gx, gx)
    a, b = np.unravel_index(np.argmin(S), S.shape)
    # the grid's minimum has a lower loss than its neighbours along both weights: a bowl
    assert 0 < a < 60 and 0 < b < 60
    assert S.min() < S[0, 0] and S.min() < S[-1, -1]


def test_slice_of_large_weights_is_finite() -> None:
    obj = _problem()
    S = loss_slice(obj, np.array([[1e3], [1e3], [0.0]]), (0, 1), np.linspace(-1e4, 1e4, 9), np.linspace(-1e4, 1e4, 9))
    assert np.isfinite(S).all()


def test_slice_refuses_other_models_and_bad_axes() -> None:
    rng = np.random.default_rng(1)
    X = rng.normal(size=(90, 2))
    y = np.repeat([0, 1, 2], 30)
    dec = decompose(y, 3, "ovr")
    obj = Objective(design(X, False), dec, l2_strength(dec, None))
    with pytest.raises(ConfigError):
        loss_slice(obj, np.zeros((3, 3)), (0, 1), np.zeros(2), np.zeros(2))
    with pytest.raises(ConfigError):
        loss_slice(_problem(), np.zeros((3, 1)), (1, 1), np.zeros(2), np.zeros(2))


def test_weights_history_is_the_path_of_the_run() -> None:
    rng = np.random.default_rng(2)
    X = rng.normal(size=(50, 2))
    y = (X[:, 0] > 0).astype(np.int64)
    gd = LogisticGD(ds.make_labeled(X, y), LogRegConfig(lr=0.5, init=(1.0, 1.0, 1.0)))
    gd.step(5)
    H = gd.weights_history()
    assert H.shape == (6, 3, 1)
    assert np.array_equal(H[-1], gd.weights)
    assert np.array_equal(H[0, :, 0], [1.0, 1.0, 1.0])
    gd.step_back(2)
    assert gd.weights_history().shape[0] == 4
    assert np.array_equal(gd.weights_history()[-1], gd.weights)
