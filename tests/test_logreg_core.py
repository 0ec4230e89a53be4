"""core.logreg: the seed's loop, Newton + L2 against the seed's scikit-learn numbers, many classes."""

from dataclasses import replace

import numpy as np
import pytest

from core import datasets2d as ds
from core.errors import ConfigError, DataError
from core.logreg import (
    LogisticGD,
    LogRegConfig,
    Objective,
    StopReason,
    decompose,
    design,
    l2_strength,
    newton,
    ovo_ties,
    sigmoid,
    solve_reference,
    weight_distance,
)


def seed_loop(X, y, iters=3000, lr=0.1):
    """The seed's loop from section 1.2, verbatim but for the plotting."""
    w1 = w2 = b = 1
    size = X.shape[0]
    for _ in range(iters):
        y_pred = 1 / (1 + np.exp(-(w1 * X[:, 0] + w2 * X[:, 1] + b)))
        w1 = w1 - (lr / size) * np.dot((y_pred - y), X[:, 0].T)
        w2 = w2 - (lr / size) * np.dot((y_pred - y), X[:, 1].T)
        b = b - (lr / size) * np.sum(y_pred - y)
    return w1, w2, b


def test_gd_reproduces_the_seeds_loop():
    d = ds.seed_dataset()
    gd = LogisticGD(d, LogRegConfig(lr=0.1, max_iters=3000, init=(1, 1, 1)))
    assert gd.run() is StopReason.MAX_ITERS
    w1, w2, b = seed_loop(d.X, d.y)
    assert gd.weights[:, 0] == pytest.approx([w1, w2, b], rel=1e-9)
    assert gd.metrics.accuracy == pytest.approx(0.92)


def test_newton_with_sklearn_default_l2_reproduces_the_seeds_printed_result():
    """The seed printed LogisticRegression(): coef [[1.18105812 1.13321831]], intercept [-10.82334604], 0.91."""
    d = ds.seed_dataset()
    ref = solve_reference(d, LogRegConfig(l2_C=1.0))
    assert ref.converged and not ref.separable
    w1, w2, b = ref.weights[:, 0]
    assert round(w1, 2) == 1.18 and round(w2, 2) == 1.13 and round(b, 1) == -10.8
    assert (w1, w2, b) == pytest.approx((1.18105812, 1.13321831, -10.82334604), abs=2e-4)
    A = design(d.X, False)
    dec = decompose(d.y, 2, "ovr")
    assert np.mean(Objective(A, dec, l2_strength(dec, 1.0)).predict(ref.weights) == d.y) == pytest.approx(0.91)


def test_newton_finds_a_zero_gradient_without_penalty():
    d = ds.seed_dataset()
    ref = solve_reference(d, LogRegConfig())
    A = design(d.X, False)
    dec = decompose(d.y, 2, "ovr")
    _, G = Objective(A, dec, l2_strength(dec, None)).loss_grad(ref.weights)
    assert np.abs(G).max() < 1e-9


def test_gd_approaches_newton():
    d = ds.blobs(2, 400, 1.5, seed=3)
    cfg = LogRegConfig(lr=0.5, max_iters=20000, l2_C=1.0)
    gd = LogisticGD(d, cfg)
    gd.run()
    ref = solve_reference(d, cfg)
    assert weight_distance(gd.weights, ref.weights, gd.decomposition) < 1e-6


@pytest.mark.parametrize("strategy, models", [("ovr", 4), ("ovo", 6), ("softmax", 1)])
def test_many_classes_on_separable_blobs(strategy, models):
    d = ds.blobs(4, 400, 0.6, seed=1)
    gd = LogisticGD(d, LogRegConfig(lr=0.5, max_iters=2000, strategy=strategy))
    gd.run()
    assert gd.decomposition.models == models
    assert gd.metrics.accuracy >= 0.99
    ref = solve_reference(d, LogRegConfig(strategy=strategy, l2_C=1.0))
    assert ref.converged


def test_decomposition_counts_and_balance():
    y = np.array([0] * 10 + [1] * 20 + [2] * 30)
    ovr = decompose(y, 3, "ovr")
    assert ovr.models == 3 and ovr.counts.tolist() == [60, 60, 60]
    assert ovr.balance().tolist() == [[10, 50], [20, 40], [30, 30]]
    ovo = decompose(y, 3, "ovo")
    assert ovo.pairs == ((0, 1), (0, 2), (1, 2)) and ovo.counts.tolist() == [30, 40, 50]
    assert ovo.balance().tolist() == [[10, 20], [10, 30], [20, 30]]
    assert decompose(y[:30], 2, "ovr").kind == "binary"
    with pytest.raises(DataError, match="one_class"):
        decompose(np.zeros(5, dtype=int), 1, "ovr")


def test_ovo_ties_are_marked():
    dec = decompose(np.array([0, 1, 2]), 3, "ovo")
    # 0 beats 1, 2 beats 0, 1 beats 2: one vote each, a three-way tie
    Z = np.array([[1.0, -1.0, 1.0]])
    assert ovo_ties(Z, dec).tolist() == [True]
    assert ovo_ties(np.array([[1.0, 1.0, 1.0]]), dec).tolist() == [False]


def test_divergence_is_caught_and_values_stay_finite():
    d = ds.seed_dataset()
    gd = LogisticGD(d, LogRegConfig(lr=100.0, init=(1, 1, 1)))
    assert gd.run() is StopReason.DIVERGED
    assert gd.iteration < 50
    hist = gd.history()
    assert np.isfinite(hist[:, :2]).all() and np.isfinite(gd.weights).all()
    assert 0.1 < gd.max_stable_lr < 0.2


def test_loss_is_finite_for_huge_logits():
    d = ds.seed_dataset()
    A = design(d.X, False)
    dec = decompose(d.y, 2, "ovr")
    obj = Objective(A, dec, np.zeros(1))
    loss, G = obj.loss_grad(np.array([[1e6], [1e6], [-1e7]]))
    assert np.isfinite(loss).all() and np.isfinite(G).all()
    assert sigmoid(np.array([-1e9, 0.0, 1e9])).tolist() == [0.0, 0.5, 1.0]


def test_polynomial_features_fix_what_a_line_cannot():
    for maker in (ds.circles, ds.xor):
        d = maker(400, 0.1, 2)
        line = LogisticGD(d, LogRegConfig(lr=0.5, max_iters=3000))
        line.run()
        curve = LogisticGD(d, LogRegConfig(lr=0.5, max_iters=3000, poly=True))
        curve.run()
        assert line.metrics.accuracy < 0.75
        assert curve.metrics.accuracy > 0.95


def test_train_test_split_metrics():
    d = ds.blobs(3, 600, 1.0, seed=4)
    mask = ds.split_mask(d.n, 0.25, 0, d.y)
    gd = LogisticGD(d, LogRegConfig(lr=0.5, max_iters=500, strategy="softmax"), mask)
    gd.run()
    m = gd.metrics
    assert 0 < m.test_loss < 1 and m.test_accuracy > 0.9
    assert gd.history().shape == (501, 4)


def test_history_cursor_and_config_changes():
    d = ds.seed_dataset()
    gd = LogisticGD(d, LogRegConfig(lr=0.1, init=(1, 1, 1)))
    gd.step(100)
    w100 = gd.weights
    gd.seek(30)
    assert gd.iteration == 30
    gd.step(70)
    assert np.array_equal(gd.weights, w100)
    gd.step_back(10)
    gd.set_config(replace(gd.config, lr=0.05))
    assert gd.history_length == 91
    gd.set_config(replace(gd.config, l2_C=1.0))  # a new objective starts again
    assert gd.iteration == 0 and gd.history_length == 1
    gd.set_config(replace(gd.config, strategy="softmax"))
    assert gd.decomposition.kind == "softmax" and gd.weights.shape == (3, 2)


@pytest.mark.parametrize("field, value, code", [("lr", 0.0, "lr_not_positive"), ("lr", -1.0, "lr_not_positive"),
                                               ("l2_C", 0.0, "bad_l2"), ("strategy", "x", "bad_strategy"),
                                               ("max_iters", 0, "bad_max_iters")])
def test_bad_configuration(field, value, code):
    with pytest.raises(ConfigError) as err:
        replace(LogRegConfig(), **{field: value}).validated()
    assert err.value.code == code


def test_wrong_init_length():
    with pytest.raises(ConfigError, match="bad_init_length"):
        LogisticGD(ds.seed_dataset(), LogRegConfig(init=(1, 1)))


def test_separable_without_penalty_is_reported():
    X = np.array([[0.0, 0.0], [1.0, 0.0], [3.0, 0.0], [4.0, 0.0]])
    d = ds.make_labeled(X, [0, 0, 1, 1])
    A = design(d.X, False)
    dec = decompose(d.y, 2, "ovr")
    assert newton(A, dec, l2_strength(dec, None)).separable
    assert not newton(A, dec, l2_strength(dec, 1.0)).separable


def reference_smoothness(A, dec, lam):
    """The bound as first written: one masked Gram matrix per model, over every row."""
    if dec.kind == "softmax":
        return np.linalg.eigvalsh(A.T @ A / A.shape[0])[-1] * 0.5 + float(lam.max())
    best = 0.0
    for p in range(dec.outputs):
        m = dec.mask[:, p]
        H = (A * m[:, None]).T @ A / max(m.sum(), 1.0)
        best = max(best, 0.25 * float(np.linalg.eigvalsh(H)[-1]) + float(lam[p]))
    return best


@pytest.mark.parametrize("k", [2, 3, 5])
@pytest.mark.parametrize("strategy", ["ovr", "ovo", "softmax"])
@pytest.mark.parametrize("poly, C", [(False, None), (True, 0.5)])
def test_largest_stable_rate_is_unchanged_by_the_one_pass_bound(k, strategy, poly, C):
    """The per-class Gram matrices give the same L as one masked product per model."""
    d = ds.blobs(k, 500, 1.3, seed=k)
    mask = ds.split_mask(d.n, 0.2, 1, d.y)
    gd = LogisticGD(d, LogRegConfig(strategy=strategy, poly=poly, l2_C=C), mask)
    train = ~mask
    A = design(d.X[train], poly)
    dec = decompose(d.y[train], k, strategy)
    L = reference_smoothness(A, dec, l2_strength(dec, C))
    assert gd.max_stable_lr == pytest.approx(2.0 / L, rel=1e-12)


@pytest.mark.parametrize("k, strategy", [(2, "ovr"), (4, "ovr"), (4, "ovo"), (3, "softmax")])
def test_decomposition_from_one_hot_matches_the_definition(k, strategy):
    y = np.random.default_rng(k).integers(0, k, 200)
    dec = decompose(y, k, strategy)
    for p, (pos, neg) in enumerate(dec.pairs):
        if dec.kind == "softmax":
            continue
        np.testing.assert_array_equal(dec.targets[:, p], (y == pos).astype(float))
        expected = np.ones(200) if neg == -1 or dec.kind == "binary" else ((y == pos) | (y == neg)).astype(float)
        np.testing.assert_array_equal(dec.mask[:, p], expected)
    assert dec.counts.tolist() == dec.mask.sum(axis=0).tolist()


def test_ovo_votes_are_the_definitions_sums_to_the_bit():
    from core.logreg import ovo_votes

    dec = decompose(np.arange(5).repeat(4), 5, "ovo")
    Z = np.random.default_rng(0).normal(size=(20, dec.outputs))
    Z[3] = 0.0  # ties
    votes = np.zeros((20, 5))
    conf = np.zeros((20, 5))
    for p, (i, j) in enumerate(dec.pairs):
        votes[:, i] += Z[:, p] >= 0
        votes[:, j] += Z[:, p] < 0
        conf[:, i] += Z[:, p]
        conf[:, j] -= Z[:, p]
    np.testing.assert_array_equal(ovo_votes(Z, dec), votes + conf / (3.0 * (np.abs(conf) + 1.0)))
