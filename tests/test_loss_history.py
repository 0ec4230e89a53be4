"""The losses a run records, iteration by iteration, equal the textbook formulas on the raw data.

Tests that compare losses only at the optimum let a planted 1/m for 1/(2m) through (a mutation
audit found it): here the early iterations, far from the optimum, are each checked against the
formula written out directly, from the raw points and the state the history holds.
"""

import numpy as np
import pytest

from core import datasets2d as ds
from core.linreg import SEED_PRESET, GDConfig, LinearGD
from core.logreg import LogisticGD, LogRegConfig

EARLY = 21  # iterations 0..20


def direct_linear_loss(x, y, b, k):
    """J(θ) = 1/(2m)·Σ(θ0 + θ1·x − y)², written out."""
    m = x.shape[0]
    return sum((b + k * xi - yi) ** 2 for xi, yi in zip(x.tolist(), y.tolist())) / (2 * m)


@pytest.mark.parametrize("config", [
    SEED_PRESET.config,
    GDConfig(lr=0.5, standardize=True, max_iters=100, tol=0.0),
    GDConfig(lr=1e-5, intercept_lr_scale=100.0, max_iters=100, tol=0.0, start=(-40.0, 2.0)),
])
def test_linear_history_loss_is_the_direct_formula_at_every_early_iteration(config):
    p = SEED_PRESET.points()
    gd = LinearGD(p, config)
    gd.step(EARLY - 1)
    b, k, losses = gd.history()
    assert len(losses) == EARLY
    for i in range(EARLY):
        assert losses[i] == pytest.approx(direct_linear_loss(p.x, p.y, b[i], k[i]), rel=1e-9), i
    assert losses[0] > 2 * losses[-1]  # far from the optimum, where a wrong factor shows


def direct_binary_ce(X, y, w1, w2, b):
    """mean −[y·log σ(z) + (1 − y)·log(1 − σ(z))], z = w1·x1 + w2·x2 + b, written out."""
    total = 0.0
    for (x1, x2), t in zip(X.tolist(), y.tolist()):
        z = w1 * x1 + w2 * x2 + b
        p = 1.0 / (1.0 + np.exp(-z))
        total += -(t * np.log(p) + (1 - t) * np.log(1 - p))
    return total / len(y)


@pytest.mark.parametrize("init", [(1.0, 1.0, 1.0), None])
def test_logistic_history_loss_is_the_direct_cross_entropy(init):
    d = ds.seed_dataset()
    gd = LogisticGD(d, LogRegConfig(lr=0.1, max_iters=3000, init=init))
    for i in range(EARLY):
        gd.seek(i) if i < gd.history_length else gd.step(1)
        w1, w2, b = gd.weights[:, 0]
        assert gd.history()[i, 0] == pytest.approx(direct_binary_ce(d.X, d.y, w1, w2, b), rel=1e-9), i


def test_logistic_history_with_an_l2_penalty():
    """mean CE + λ/2·(w1² + w2²), λ = 1/(C·m), the intercept not penalised."""
    d = ds.seed_dataset()
    C = 0.01
    gd = LogisticGD(d, LogRegConfig(lr=0.1, max_iters=100, l2_C=C, init=(1.0, 1.0, 1.0)))
    gd.step(EARLY - 1)
    lam = 1.0 / (C * d.n)
    for i in range(EARLY):
        gd.seek(i)
        w1, w2, b = gd.weights[:, 0]
        expected = direct_binary_ce(d.X, d.y, w1, w2, b) + 0.5 * lam * (w1 * w1 + w2 * w2)
        assert gd.history()[i, 0] == pytest.approx(expected, rel=1e-9), i


def test_softmax_and_one_vs_rest_histories_are_the_direct_formulas():
    d = ds.blobs(3, 150, 1.2, seed=5)
    soft = LogisticGD(d, LogRegConfig(lr=0.3, max_iters=100, strategy="softmax"))
    ovr = LogisticGD(d, LogRegConfig(lr=0.3, max_iters=100, strategy="ovr"))
    soft.step(EARLY - 1)
    ovr.step(EARLY - 1)
    A = np.c_[d.X, np.ones(d.n)]
    for i in range(1, EARLY):
        soft.seek(i)
        Z = A @ soft.weights
        ce = [np.log(np.exp(z).sum()) - z[c] for z, c in zip(Z, d.y)]
        assert soft.history()[i, 0] == pytest.approx(np.mean(ce), rel=1e-9)
        ovr.seek(i)
        W = ovr.weights
        per_model = [direct_binary_ce(d.X, (d.y == c).astype(int), *W[:, c]) for c in range(3)]
        assert ovr.history()[i, 0] == pytest.approx(np.mean(per_model), rel=1e-9)
        assert ovr.model_losses == pytest.approx(per_model, rel=1e-9)
