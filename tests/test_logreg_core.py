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


def test_separability_is_reported_per_model_and_the_others_still_converge():
    """One-vs-one on three classes where only classes 0 and 2 can be split by a line: Newton
    stopped every model as soon as that one's weights grew, so the other two models' 'exact
    optimum' was wherever they were then, and the lab said 'the classes are separable'."""
    rng = np.random.default_rng(1)
    X = np.vstack([rng.normal((0, 0), 1.0, (60, 2)), rng.normal((1, 0), 1.0, (60, 2)),
                   rng.normal((12, 0), 0.3, (60, 2))])
    y = np.repeat([0, 1, 2], 60)
    X[:60][X[:60, 0] > 5] = 0.0  # class 0 stays left of class 2
    d = ds.make_labeled(X, y)
    A = design(d.X, False)
    dec = decompose(d.y, 3, "ovo")
    assert dec.pairs == ((0, 1), (0, 2), (1, 2))
    res = newton(A, dec, l2_strength(dec, None))
    assert res.separable_models == (False, True, True)
    assert res.separable
    # the model of 0 vs 1 (overlapping) is at its optimum: the gradient of its own loss is ~0
    _, G = Objective(A, dec, l2_strength(dec, None)).loss_grad(res.weights)
    assert np.abs(G[:, 0]).max() < 1e-8
    # softmax is one model: one flag
    soft = newton(A, decompose(d.y, 3, "softmax"), np.zeros(3))
    assert len(soft.separable_models) == 1
    # with a penalty nothing is separable
    assert newton(A, dec, l2_strength(dec, 1.0)).separable_models == (False, False, False)


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


# ---- found by the mutation run (scripts/mutation.sh): values the user reads, checked directly


def test_ovo_ties_by_hand_counted_votes():
    """Three classes, pairs (0,1), (0,2), (1,2): a clear winner is no tie, a cycle is."""
    import core.logreg as lr

    dec = lr.decompose(np.array([0, 1, 2, 0, 1, 2]), 3, "ovo")
    assert dec.pairs == ((0, 1), (0, 2), (1, 2))
    Z = np.array([[1.0, 1.0, -1.0],    # 0 beats 1, 0 beats 2, 2 beats 1: votes (2, 0, 1)
                  [1.0, -1.0, 1.0],    # 0 beats 1, 2 beats 0, 1 beats 2: votes (1, 1, 1), a tie
                  [-1.0, -1.0, 1.0],   # 1 beats 0, 2 beats 0, 1 beats 2: votes (0, 2, 1)
                  [-1.0, 1.0, -1.0]])  # 1 beats 0, 0 beats 2, 2 beats 1: votes (1, 1, 1), a tie
    assert lr.ovo_ties(Z, dec).tolist() == [False, True, False, True]


def test_l2_strength_is_scikit_learns_c():
    """λ = 1/(C·m) on the mean loss is scikit-learn's C·Σ loss + ½‖w‖² (per model's own points)."""
    import core.logreg as lr

    y = np.array([0, 0, 0, 1, 1, 2, 2, 2, 2, 2])
    soft = lr.decompose(y, 3, "softmax")
    assert lr.l2_strength(soft, 0.5).tolist() == [1 / (0.5 * 10)] * 3
    ovr = lr.decompose(y, 3, "ovr")
    assert lr.l2_strength(ovr, 2.0) == pytest.approx([1 / (2.0 * 10)] * 3)
    ovo = lr.decompose(y, 3, "ovo")
    assert lr.l2_strength(ovo, 2.0) == pytest.approx([1 / (2.0 * 5), 1 / (2.0 * 8), 1 / (2.0 * 7)])
    assert lr.l2_strength(ovo, None).tolist() == [0.0, 0.0, 0.0]


def test_center_softmax_removes_the_class_mean_only_for_softmax():
    import core.logreg as lr

    y = np.array([0, 1, 2, 0, 1, 2])
    W = np.array([[1.0, 2.0, 6.0], [0.0, 3.0, 3.0], [-1.0, 1.0, 3.0]])
    centred = lr.center_softmax(W, lr.decompose(y, 3, "softmax"))
    assert centred.tolist() == [[-2.0, -1.0, 3.0], [-2.0, 1.0, 1.0], [-2.0, 0.0, 2.0]]
    assert lr.center_softmax(W, lr.decompose(y, 3, "ovr")).tolist() == W.tolist()


def test_ovo_stable_rate_is_the_strictest_of_its_pairs():
    """2/L of one-vs-one equals the smallest 2/L of the binary models on each pair's points,
    also for small features, where L is well below 1."""
    rng = np.random.default_rng(2)
    X = 0.1 * rng.normal(size=(90, 2)) + np.repeat([[0.0, 0.0], [0.3, 0.0], [0.0, 0.3]], 30, axis=0)
    y = np.repeat([0, 1, 2], 30)
    ovo = LogisticGD(ds.make_labeled(X, y), LogRegConfig(strategy="ovo"))
    pair_rates = []
    for i, j in ((0, 1), (0, 2), (1, 2)):
        keep = (y == i) | (y == j)
        pair_rates.append(LogisticGD(ds.make_labeled(X[keep], (y[keep] == i).astype(int)),
                                     LogRegConfig()).max_stable_lr)
    assert ovo.max_stable_lr == pytest.approx(min(pair_rates), rel=1e-9)
    assert ovo.max_stable_lr > 2.0  # L < 1 here


@pytest.mark.parametrize("change, code, details", [
    ({"tol": -1.0}, "bad_tolerance", {"tol": -1.0}),
    ({"l2_C": 0.0}, "bad_l2", {"C": 0.0}),
    ({"strategy": "nope"}, "bad_strategy", None),
])
def test_config_refusals_carry_their_values(change, code, details):
    import core.logreg as lr

    with pytest.raises(ConfigError) as e:
        replace(LogRegConfig(), **change).validated()
    assert e.value.code == code
    assert e.value.details == (details if details is not None
                               else {"strategy": "nope", "choices": lr.STRATEGIES})


def test_data_refusals_carry_their_values():
    X = np.array([[0.0, 0.0], [1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])
    d = ds.make_labeled(X, [0, 1, 0, 1])
    with pytest.raises(DataError) as e:
        LogisticGD(d, LogRegConfig(), np.array([True, False]))
    assert e.value.code == "bad_split" and e.value.details == {"mask": (2,), "points": 4}
    with pytest.raises(DataError) as e:
        LogisticGD(d, LogRegConfig(), np.array([False, True, False, True]))
    assert e.value.code == "one_class" and e.value.details == {"count": 1}


def test_grid_design_lays_x_on_axis_0():
    import core.logreg as lr

    xs, ys = np.array([0.0, 1.0, 2.0]), np.array([-1.0, 5.0])
    AT = lr.grid_design(xs, ys, poly=False)
    assert AT.shape == (3, 6)
    assert AT.T.tolist() == [[x, y, 1.0] for x in xs for y in ys]
    APT = lr.grid_design(xs, ys, poly=True)
    assert APT.T.tolist() == lr.design(np.array([[x, y] for x in xs for y in ys]), True).tolist()


@pytest.mark.parametrize("strategy, k", [("ovr", 2), ("ovr", 3), ("softmax", 3), ("ovo", 3)])
def test_the_drawn_map_is_the_models_own_scores(strategy, k):
    """The probability map (evaluate_grid) against σ and softmax written out, and against the
    training path's class_scores on the same points."""
    import core.logreg as lr

    rng = np.random.default_rng(7)
    y = np.arange(12) % k
    dec = lr.decompose(y, k, strategy)
    W = rng.normal(size=(3, dec.outputs))
    xs, ys = np.linspace(-2, 2, 5), np.linspace(-1, 3, 4)
    AT = lr.grid_design(xs, ys, poly=False)
    Z, S = lr.evaluate_grid(AT, W, dec)
    assert Z.tolist() == (W.T @ AT).tolist()
    if dec.kind == "softmax":
        e = np.exp(Z)
        assert S == pytest.approx(e / e.sum(axis=0), rel=1e-12)
    elif dec.kind == "binary":
        p = 1 / (1 + np.exp(-Z[0]))
        assert S == pytest.approx(np.vstack([1 - p, p]), rel=1e-12)
    elif dec.kind == "ovr":
        assert S == pytest.approx(1 / (1 + np.exp(-Z)), rel=1e-12)
    scores = lr.class_scores(Z.T, dec)
    assert scores.shape == (AT.shape[1], k)
    assert S.T == pytest.approx(scores, rel=1e-12)
    assert np.argmax(scores, axis=1).tolist() == lr.predict_from_logits(Z.T, dec).tolist()
    if dec.kind in ("softmax", "binary"):
        assert scores.sum(axis=1) == pytest.approx(np.ones(AT.shape[1]))
