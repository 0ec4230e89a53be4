"""core.backprop: the hand-derived two-layer network against torch autograd, training, divergence, spiral."""

import numpy as np
import pytest

from core import datasets2d as ds
from core.backprop import (
    ACTIVATIONS,
    MAX_HIDDEN,
    PARAM_NAMES,
    PRESETS,
    DivergedError,
    TwoLayerNet,
    autograd_grads,
    evaluate_grid,
    gradcheck,
    gradcheck_autograd,
    gradcheck_fd,
    make_preset,
)
from core.descent import StopReason
from core.errors import ConfigError, DataError, LabError


def small(n=60, seed=1):
    return ds.moons(n, 0.15, seed)


def three_classes(n=60, seed=2):
    return ds.blobs(3, n, 1.5, seed)


def fit(name, activation, lr, steps, hidden=16, momentum=0.0, noise=0.1, n=400, seed=0):
    """Train on a preset in chunks; the accuracy after all steps and the first step count reaching 95%."""
    d = make_preset(name, n, noise, seed)
    net = TwoLayerNet(hidden, activation, 2, seed, momentum=momentum)
    first_95 = None
    while net.steps < steps:
        net.train_steps(d.X, d.y, lr, 100)
        if first_95 is None and net.accuracy(d.X, d.y) >= 0.95:
            first_95 = net.steps
    return net.accuracy(d.X, d.y), first_95


# --------------------------------------------------------------------------- construction


def test_shapes_count_and_reproducible_init():
    net = TwoLayerNet(16, "tanh", 3, seed=4)
    p = net.get_params()
    assert list(p) == list(PARAM_NAMES)
    assert [p[k].shape for k in PARAM_NAMES] == [(2, 16), (16,), (16, 3), (3,)]
    assert all(v.dtype == np.float64 for v in p.values())
    assert net.parameter_count == 2 * 16 + 16 + 16 * 3 + 3 == net.flat_params().size
    assert not p["b1"].any() and not p["b2"].any() and p["W1"].std() > 0
    again = TwoLayerNet(16, "tanh", 3, seed=4).get_params()
    other = TwoLayerNet(16, "tanh", 3, seed=5).get_params()
    for k in PARAM_NAMES:
        np.testing.assert_array_equal(p[k], again[k])
    assert not np.array_equal(p["W1"], other["W1"])
    # He before ReLU is wider than Xavier before tanh
    assert TwoLayerNet(256, "relu", 2, 0).get_params()["W1"].std() > TwoLayerNet(256, "tanh", 2, 0).get_params()["W1"].std()


def test_forward_follows_the_seeds_equations():
    d = small()
    net = TwoLayerNet(8, "sigmoid", 2, 0)
    net.set_params({k: v + 0.1 for k, v in net.get_params().items()})  # non-zero biases
    p = net.get_params()
    c = net.forward(d.X)
    h = d.X @ p["W1"] + p["b1"]
    a = 1 / (1 + np.exp(-h))
    z = a @ p["W2"] + p["b2"]
    e = np.exp(z)
    np.testing.assert_allclose(c["h"], h, rtol=1e-13)
    np.testing.assert_allclose(c["a"], a, rtol=1e-13)
    np.testing.assert_allclose(c["z"], z, rtol=1e-12)
    np.testing.assert_allclose(c["p"], e / e.sum(axis=1, keepdims=True), rtol=1e-12)
    np.testing.assert_allclose(net.predict_proba(d.X), c["p"], rtol=1e-15)
    loss, _ = net.loss_and_grads(d.X, d.y)
    assert loss == pytest.approx(-np.mean(np.log(c["p"][np.arange(d.n), d.y])), rel=1e-12)
    assert net.loss(d.X, d.y) == pytest.approx(loss, rel=1e-14)


# --------------------------------------------------------------------------- gradients


@pytest.mark.torch
@pytest.mark.parametrize("activation", ACTIVATIONS)
@pytest.mark.parametrize("data, classes, l2", [(small, 2, 0.0), (three_classes, 3, 0.0), (small, 2, 0.05)])
def test_gradients_match_torch_autograd(activation, data, classes, l2):
    d = data()
    net = TwoLayerNet(12, activation, classes, 3, l2=l2)
    net.train_steps(d.X, d.y, 0.3, 20)  # away from the symmetric start
    loss, grads = net.loss_and_grads(d.X, d.y)
    ref_loss, ref = autograd_grads(net, d.X, d.y)
    assert loss == pytest.approx(ref_loss, rel=1e-12)
    for k in PARAM_NAMES:
        np.testing.assert_allclose(grads[k], ref[k], rtol=1e-6, atol=1e-12, err_msg=k)
    assert gradcheck_autograd(net, d.X, d.y) <= 1e-6


def test_output_gradient_is_p_minus_y_over_n():
    d = small()
    net = TwoLayerNet(6, "tanh", 2, 0)
    c = net.forward(d.X)
    Y = np.eye(2)[d.y]
    _, grads = net.loss_and_grads(d.X, d.y)
    dz = (c["p"] - Y) / d.n
    np.testing.assert_allclose(grads["b2"], dz.sum(axis=0), rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(grads["W2"], c["a"].T @ dz, rtol=1e-12, atol=1e-15)


@pytest.mark.parametrize("activation, limit", [("tanh", 1e-5), ("sigmoid", 1e-5), ("relu", 1e-4)])
def test_finite_difference_check(activation, limit):
    d = small(40, 5)
    net = TwoLayerNet(10, activation, 2, 1)
    net.train_steps(d.X, d.y, 0.3, 10)
    assert np.abs(net.forward(d.X)["h"]).min() > 1e-4  # no ReLU kink within the difference step
    assert gradcheck_fd(net, d.X, d.y) < limit
    # a wrong gradient is caught: compare against the loss of a different network
    wrong = TwoLayerNet(10, activation, 2, 1, l2=1.0)
    wrong.set_params(net.get_params())
    _, g_true = net.loss_and_grads(d.X, d.y)
    _, g_wrong = wrong.loss_and_grads(d.X, d.y)
    assert max(np.abs(g_true[k] - g_wrong[k]).max() for k in PARAM_NAMES) > 1e-3


@pytest.mark.torch
def test_gradcheck_report():
    for activation in ACTIVATIONS:
        r = gradcheck(16, activation, 0)
        assert r["parameters"] == 2 * 16 + 16 + 16 * 2 + 2
        assert (r["hidden"], r["activation"], r["seed"]) == (16, activation, 0)
        assert r["max_rel_error_fd"] < 1e-6
        assert r["max_rel_error_autograd"] < 1e-12
        assert r["kink_margin"] > 0
        assert all(isinstance(r[k], float) for k in ("max_rel_error_fd", "max_rel_error_autograd"))


@pytest.mark.torch
def test_gradcheck_fd_leaves_the_parameters_unchanged():
    d = small(30)
    net = TwoLayerNet(5, "tanh", 2, 0)
    before = net.flat_params()
    gradcheck_fd(net, d.X, d.y)
    gradcheck_autograd(net, d.X, d.y)
    np.testing.assert_array_equal(net.flat_params(), before)


# --------------------------------------------------------------------------- training


def test_step_returns_the_loss_it_started_from_and_descends():
    d = small()
    net = TwoLayerNet(16, "tanh", 2, 0)
    start = net.loss(d.X, d.y)
    assert net.step(d.X, d.y, 0.5) == pytest.approx(start, rel=1e-14)
    assert net.steps == 1
    assert net.loss(d.X, d.y) < start
    last = net.train_steps(d.X, d.y, 0.5, 50)
    assert net.steps == 51 and net.loss(d.X, d.y) < last < start


def test_train_steps_equals_repeated_step():
    d = small()
    a = TwoLayerNet(8, "relu", 2, 0, momentum=0.9)
    b = a.copy()
    a.train_steps(d.X, d.y, 0.05, 30)
    for _ in range(30):
        b.step(d.X, d.y, 0.05)
    np.testing.assert_allclose(a.flat_params(), b.flat_params(), rtol=1e-13, atol=1e-15)


def test_momentum_changes_the_path():
    d = small()
    plain = TwoLayerNet(8, "tanh", 2, 0)
    heavy = TwoLayerNet(8, "tanh", 2, 0, momentum=0.9)
    plain.train_steps(d.X, d.y, 0.1, 5)
    heavy.train_steps(d.X, d.y, 0.1, 5)
    assert not np.allclose(plain.flat_params(), heavy.flat_params())
    heavy.momentum = 0.0
    assert heavy.momentum == 0.0


def test_moons_reaches_95_percent():
    acc, first = fit("moons", "tanh", 0.5, 1000)
    print(f"moons tanh lr 0.5: {acc:.3f} after 1000 steps, 95% at step {first}")
    assert acc >= 0.95 and first is not None and first <= 500


def test_xor_reaches_95_percent():
    acc, first = fit("xor", "tanh", 0.5, 1000)
    print(f"xor tanh lr 0.5: {acc:.3f} after 1000 steps, 95% at step {first}")
    assert acc >= 0.95 and first is not None and first <= 500


@pytest.mark.parametrize("activation, lr", [("relu", 0.5), ("sigmoid", 1.0)])
def test_moons_and_xor_with_other_activations(activation, lr):
    for name in ("moons", "xor"):
        acc, _ = fit(name, activation, lr, 1500)
        print(f"{name} {activation} lr {lr}: {acc:.3f}")
        assert acc >= 0.95


def test_circles_reaches_90_percent():
    acc, first = fit("circles", "tanh", 0.5, 1000)
    print(f"circles tanh lr 0.5: {acc:.3f} after 1000 steps, 95% at step {first}")
    assert acc >= 0.90


def test_spiral_needs_more_but_gets_there():
    acc16, _ = fit("spiral", "tanh", 0.5, 1000)  # 1.5 turns: one hidden layer of 16 is slow
    acc, first = fit("spiral", "relu", 0.1, 3000, hidden=32, momentum=0.9, noise=0.05)
    print(f"spiral tanh H16 lr 0.5 1000 steps: {acc16:.3f}; relu H32 momentum 0.9: {acc:.3f}, 95% at {first}")
    assert acc16 > 0.6
    assert acc >= 0.90


# --------------------------------------------------------------------------- divergence


def test_huge_learning_rate_raises_and_keeps_finite_params():
    d = make_preset("moons", 200, 0.1, 0)
    net = TwoLayerNet(16, "relu", 2, 0)
    with pytest.raises(DivergedError) as e:
        net.train_steps(d.X, d.y, 1e10, 1000)
    assert isinstance(e.value, LabError) and e.value.code == "diverged"
    assert e.value.details["lr"] == 1e10 and 0 < e.value.details["step"] < 1000
    assert net.steps == e.value.details["step"]
    # the kept parameters are finite and so is everything computed from them on this data
    assert np.isfinite(net.flat_params()).all()
    assert np.isfinite(net.loss(d.X, d.y))
    assert np.isfinite(net.predict_proba(d.X)).all()
    # and training goes on from there with a sensible rate
    net.train_steps(d.X, d.y, 1e-3, 5)
    assert np.isfinite(net.flat_params()).all()


def test_single_steps_keep_a_state_with_finite_loss():
    d = make_preset("moons", 100, 0.1, 0)
    net = TwoLayerNet(16, "relu", 2, 0, momentum=0.9)
    history = [net.flat_params()]
    for _ in range(100):
        try:
            net.step(d.X, d.y, 1e30)
        except DivergedError as e:
            assert net.steps == e.details["step"]
            np.testing.assert_array_equal(net.flat_params(), history[net.steps])
            assert np.isfinite(net.loss(d.X, d.y))
            break
        history.append(net.flat_params())
    else:
        pytest.fail("a learning rate of 1e30 never diverged")


@pytest.mark.parametrize("activation", ["sigmoid", "tanh"])
def test_bounded_activations_never_leave_nan_behind(activation):
    # σ and tanh keep the logits bounded, so the loss may only grow huge; either way no NaN
    d = make_preset("xor", 100, 0.1, 0)
    net = TwoLayerNet(8, activation, 2, 0)
    try:
        net.train_steps(d.X, d.y, 1e30, 200)
    except DivergedError:
        pass
    assert np.isfinite(net.flat_params()).all()
    assert np.isfinite(net.loss(d.X, d.y))


# --------------------------------------------------------------------------- parameters, grid


def test_copy_and_set_params_are_independent():
    d = small()
    net = TwoLayerNet(8, "tanh", 2, 0, momentum=0.9)
    net.train_steps(d.X, d.y, 0.1, 3)
    twin = net.copy()
    assert twin.steps == 3 and twin.momentum == 0.9
    np.testing.assert_array_equal(twin.flat_params(), net.flat_params())
    twin.train_steps(d.X, d.y, 0.1, 3)
    assert not np.array_equal(twin.flat_params(), net.flat_params())
    params = net.get_params()
    params["W1"][0, 0] = 123.0  # a copy: the network is untouched
    assert net.get_params()["W1"][0, 0] != 123.0
    net.set_params(params)
    assert net.get_params()["W1"][0, 0] == 123.0 and net.steps == 0


def test_evaluate_grid_rows_are_ys():
    net = TwoLayerNet(8, "tanh", 3, 0)
    xs = np.linspace(-3, 3, 7)
    ys = np.linspace(-2, 2, 5)
    P = evaluate_grid(net, xs, ys)
    assert P.shape == (5, 7, 3)
    np.testing.assert_allclose(P.sum(axis=2), 1.0, rtol=1e-14)
    np.testing.assert_allclose(P[4, 1], net.predict_proba([[xs[1], ys[4]]])[0], rtol=1e-14)


def test_accuracy_and_predict():
    d = small()
    net = TwoLayerNet(8, "tanh", 2, 0)
    pred = net.predict(d.X)
    assert pred.shape == (d.n,) and set(pred.tolist()) <= {0, 1}
    assert net.accuracy(d.X, d.y) == pytest.approx(np.mean(pred == d.y))
    np.testing.assert_array_equal(pred, np.argmax(net.predict_proba(d.X), axis=1))


# --------------------------------------------------------------------------- validation


@pytest.mark.parametrize("kwargs, code", [
    ({"hidden": 0}, "bad_hidden"), ({"hidden": MAX_HIDDEN + 1}, "bad_hidden"), ({"hidden": 2.5}, "bad_hidden"),
    ({"hidden": True}, "bad_hidden"), ({"activation": "gelu"}, "bad_activation"),
    ({"classes": 1}, "bad_classes"), ({"classes": ds.MAX_CLASSES + 1}, "bad_classes"),
    ({"l2": -1.0}, "bad_l2"), ({"l2": float("nan")}, "bad_l2"), ({"momentum": 1.0}, "bad_momentum"),
    ({"momentum": -0.1}, "bad_momentum"), ({"seed": -1}, "bad_seed"),
])
def test_bad_configuration(kwargs, code):
    with pytest.raises(ConfigError) as e:
        TwoLayerNet(**kwargs)
    assert e.value.code == code


def test_limits_are_accepted():
    assert TwoLayerNet(1, "relu").parameter_count == 2 + 1 + 2 + 2
    assert TwoLayerNet(MAX_HIDDEN, "sigmoid", ds.MAX_CLASSES).hidden == MAX_HIDDEN


def test_bad_training_arguments():
    d = small()
    net = TwoLayerNet(4, "tanh")
    for lr in (0.0, -1.0, float("nan"), float("inf")):
        with pytest.raises(ConfigError) as e:
            net.step(d.X, d.y, lr)
        assert e.value.code == "lr_not_positive"
    for n in (0, 10**6):
        with pytest.raises(ConfigError) as e:
            net.train_steps(d.X, d.y, 0.1, n)
        assert e.value.code == "bad_steps"
    assert net.steps == 0


@pytest.mark.parametrize("X, y, code", [
    (np.zeros((3, 3)), [0, 1, 0], "bad_shape"),
    (np.zeros(6), [0, 1, 0], "bad_shape"),
    (np.zeros((3, 2)), [0, 1], "bad_shape"),
    ([[0, 0], [1, np.nan], [2, 2]], [0, 1, 0], "non_finite"),
    ([["a", 0], [1, 1]], [0, 1], "not_a_number"),
    (np.zeros((3, 2)), [0, 2, 1], "bad_label"),
    (np.zeros((3, 2)), [0, -1, 1], "bad_label"),
    (np.zeros((3, 2)), [0.0, 1.0, 1.0], "labels_not_whole"),
])
def test_bad_data(X, y, code):
    net = TwoLayerNet(4, "tanh")
    for call in (lambda: net.loss_and_grads(X, y), lambda: net.step(X, y, 0.1),
                 lambda: net.train_steps(X, y, 0.1, 2), lambda: net.accuracy(X, y)):
        with pytest.raises(DataError) as e:
            call()
        assert e.value.code == code


def test_bad_params():
    net = TwoLayerNet(4, "tanh")
    p = net.get_params()
    with pytest.raises(DataError) as e:
        net.set_params({k: v for k, v in p.items() if k != "b2"})
    assert e.value.code == "missing_param" and e.value.details["param"] == "b2"
    with pytest.raises(DataError) as e:
        net.set_params({**p, "W2": np.zeros((4, 3))})
    assert e.value.code == "bad_shape" and e.value.details["param"] == "W2"
    with pytest.raises(DataError) as e:
        net.set_params({**p, "b1": np.full(4, np.inf)})
    assert e.value.code == "non_finite"
    np.testing.assert_array_equal(net.get_params()["W1"], p["W1"])  # nothing half-applied


def test_gradcheck_validation():
    with pytest.raises(ConfigError) as e:
        gradcheck(16, "softplus", 0)
    assert e.value.code == "bad_activation"
    with pytest.raises(ConfigError) as e:
        gradcheck(16, "tanh", 0, n=1)
    assert e.value.code == "bad_points"
    with pytest.raises(ConfigError) as e:
        gradcheck_fd(TwoLayerNet(4), np.zeros((2, 2)), [0, 1], eps=0.0)
    assert e.value.code == "bad_eps"


# --------------------------------------------------------------------------- presets, spiral


def test_make_preset_dispatches_to_datasets2d():
    assert PRESETS == ("circles", "moons", "xor", "spiral")
    for name in PRESETS:
        d = make_preset(name, 50, 0.1, 3)
        ref = getattr(ds, name)(50, 0.1, 3)
        np.testing.assert_array_equal(d.X, ref.X)
        np.testing.assert_array_equal(d.y, ref.y)
    with pytest.raises(ConfigError) as e:
        make_preset("blobs", 50, 0.1, 0)
    assert e.value.code == "bad_preset"


@pytest.mark.parametrize("n", [2, 3, 101, 1000])
@pytest.mark.parametrize("k", [2, 3, 5])
def test_spiral_is_balanced_with_the_right_shape(n, k):
    if n < k:
        with pytest.raises(DataError) as e:
            ds.spiral(n, 0.1, 0, k=k)
        assert e.value.code == "too_few_points"
        return
    d = ds.spiral(n, 0.1, 0, k=k)
    assert d.X.shape == (n, 2) and d.y.shape == (n,) and d.k == k
    counts = d.counts()
    assert counts.sum() == n and counts.max() - counts.min() <= 1
    assert d.labels == tuple(range(k))


def test_spiral_is_reproducible_and_in_range():
    a, b, c = ds.spiral(300, 0.1, 5), ds.spiral(300, 0.1, 5), ds.spiral(300, 0.1, 6)
    np.testing.assert_array_equal(a.X, b.X)
    np.testing.assert_array_equal(a.y, b.y)
    assert not np.array_equal(a.X, c.X)
    clean = ds.spiral(2000, 0.0, 1)
    r = np.hypot(clean.X[:, 0], clean.X[:, 1])
    assert r.max() <= 1.5 + 1e-12 and r.max() > 1.45


def test_spiral_arms_interleave():
    # noise-free, each class lies on its own arm: angle − 2π·turns·(r/1.5) ≡ 2πc/k (mod 2π)
    for k, turns in [(2, 1.5), (3, 0.75)]:
        d = ds.spiral(600, 0.0, 2, turns=turns, k=k)
        r = np.hypot(d.X[:, 0], d.X[:, 1]) / 1.5
        phase = (np.arctan2(d.X[:, 1], d.X[:, 0]) - 2 * np.pi * turns * r) / (2 * np.pi)
        offset = np.mod(phase - d.y / k + 0.5, 1.0) - 0.5
        np.testing.assert_allclose(offset[r > 1e-6], 0.0, atol=1e-9)


def test_spiral_validation():
    for noise in (-0.1, float("nan")):
        with pytest.raises(DataError) as e:
            ds.spiral(10, noise, 0)
        assert e.value.code == "bad_noise"
    for turns in (0.0, -1.0, float("inf"), 11.0):
        with pytest.raises(DataError) as e:
            ds.spiral(10, 0.1, 0, turns=turns)
        assert e.value.code == "bad_turns"
    with pytest.raises(DataError) as e:
        ds.spiral(10, 0.1, 0, k=1)
    assert e.value.code == "one_class"
    with pytest.raises(DataError) as e:
        ds.spiral(10, 0.1, 0, k=ds.MAX_CLASSES + 1)
    assert e.value.code == "too_many_classes"
    for n, code in [(1, "too_few_points"), (ds.MAX_POINTS + 1, "too_many_points")]:
        with pytest.raises(DataError) as e:
            ds.spiral(n, 0.1, 0)
        assert e.value.code == code


# ---- found by the mutation run (scripts/mutation.sh)


def test_train_steps_of_one_is_one_gradient_step():
    """The Step button trains one step: train_steps(n=1) is accepted and equals one step()."""
    d = make_preset("xor", 40, 0.1, 3)
    X, y = d.X, d.y
    a = TwoLayerNet(8, "tanh", 2, seed=1)
    b = TwoLayerNet(8, "tanh", 2, seed=1)
    before = a.loss(X, y)
    assert a.train_steps(X, y, 0.1, 1) == pytest.approx(before) and a.steps == 1
    b.step(X, y, 0.1)
    for name in PARAM_NAMES:
        assert np.array_equal(a.get_params()[name], b.get_params()[name])
    with pytest.raises(ConfigError) as err:
        a.train_steps(X, y, 0.1, 0)
    assert err.value.code == "bad_steps"


# ---------------------------------------------------------------- the steppable run (core.descent)


def forward_states(d, net, schedule):
    """(theta, velocity, loss, accuracy) of every state TwoLayerNet.step makes, for (steps, lr, μ) legs."""
    net = net.copy()
    out = [(net.flat_params(), net.training_state()[1], net.loss(d.X, d.y), net.accuracy(d.X, d.y))]
    for steps, lr, momentum in schedule:
        net.momentum = momentum
        for _ in range(steps):
            net.step(d.X, d.y, lr)
            out.append((net.flat_params(), net.training_state()[1], net.loss(d.X, d.y), net.accuracy(d.X, d.y)))
    return out


def assert_state(run, expected, i):
    theta, velocity, steps = run.training_state()
    assert steps == run.first_step + i == run.step_number
    np.testing.assert_array_equal(theta, expected[i][0])
    np.testing.assert_array_equal(velocity, expected[i][1])
    loss, acc = run.metrics
    assert loss == pytest.approx(expected[i][2], rel=1e-12) and acc == expected[i][3]


@pytest.mark.parametrize("small_memory", [False, True])
def test_run_steps_back_and_seeks_to_the_states_it_computed(monkeypatch, small_memory):
    """Stepping back, seeking and replaying give the forward pass's numbers, bit for bit, also
    when the snapshots must be recomputed from sparse keyframes (a small memory budget)."""
    import core.backprop as bp

    if small_memory:
        monkeypatch.setattr(bp, "SNAPSHOT_BYTES", 1)
        monkeypatch.setattr(bp, "MIN_SNAPSHOTS", 4)
    d = small(80)
    net = TwoLayerNet(6, "tanh", 2, 3)
    # 40 plain steps, then 30 with momentum at another rate (set at the end: nothing dropped)
    expected = forward_states(d, net, [(40, 0.5, 0.0), (30, 0.2, 0.9)])
    run = bp.BackpropRun(d, net, bp.BackpropConfig(lr=0.5))
    assert run.step(40) == 40
    run.set_config(bp.BackpropConfig(lr=0.2, momentum=0.9))
    for _ in range(30):
        run.step()
    assert run.history_length == 71 and run.at_end and run.stop_reason is None
    assert_state(run, expected, 70)
    if small_memory:  # keyframes thinned to at most 4, the window holds 4 states
        assert len(run._keys) <= 4 and run._every >= 16 and len(run._window) == 4
    for back in range(1, 71):
        assert run.step_back() == 1
        assert_state(run, expected, 70 - back)
    assert run.step_back() == 0
    for i in (55, 3, 70, 41, 40, 39, 0, 12):
        run.seek(i)
        assert_state(run, expected, i)
    run.seek(10)
    assert run.step(5) == 5  # replayed, not recomputed differently
    assert_state(run, expected, 15)
    curve = run.curve()
    assert curve.shape == (16, 3) and curve[:, 0].tolist() == list(range(16))
    assert curve[:, 1].tolist() == pytest.approx([e[2] for e in expected[:16]], rel=1e-12)
    # a new rate at the cursor drops the states after it; the run goes on from there
    run.set_config(bp.BackpropConfig(lr=0.05))
    assert run.history_length == 16
    run.step(10)
    again = forward_states(d, net, [(15, 0.5, 0.0), (10, 0.05, 0.0)])
    assert_state(run, again, 25)


def test_run_goes_on_from_a_restored_network_with_its_earlier_curve():
    from core.backprop import BackpropConfig, BackpropRun

    d = small(60)
    net = TwoLayerNet(5, "relu", 2, 1, momentum=0.9)
    net.train_steps(d.X, d.y, 0.3, 12)
    earlier = np.array([[0, 0.7, 0.5], [6, 0.5, 0.7], [12, 0.45, 0.8]])
    run = BackpropRun(d, net, BackpropConfig(lr=0.3, momentum=0.9), earlier)
    assert run.first_step == run.step_number == 12 and run.iteration == 0
    # the saved row of step 12 is the run's state 0, as it was drawn
    assert run.curve().tolist() == earlier.tolist() and run.metrics == (0.45, 0.8)
    fresh = BackpropRun(d, net, BackpropConfig(lr=0.3, momentum=0.9), earlier[:2])
    assert fresh.curve()[:, 0].tolist() == [0, 6, 12]  # without one: computed
    assert fresh.metrics == (pytest.approx(net.loss(d.X, d.y), rel=1e-12), net.accuracy(d.X, d.y))
    run.step(8)
    net.train_steps(d.X, d.y, 0.3, 8)
    theta, velocity, steps = run.training_state()
    assert steps == 20 and theta.tolist() == net.flat_params().tolist()
    assert run.network().steps == 20 and run.network().momentum == 0.9
    run.reset()
    assert run.step_number == 12 and run.history_length == 1


def test_run_divergence_rules(monkeypatch):
    import core.backprop as bp

    d = make_preset("moons", 100, 0.1, 0)
    run = bp.BackpropRun(d, TwoLayerNet(16, "relu", 2, 0, momentum=0.9), bp.BackpropConfig(lr=10.0, momentum=0.9))
    run.step(1000)
    assert run.stop_reason is StopReason.DIVERGED and run.divergence is not None
    # an overflow (no loss limit): the last state whose loss is finite is kept
    monkeypatch.setattr(bp, "LOSS_EXPLODED", np.inf)
    run = bp.BackpropRun(d, TwoLayerNet(16, "relu", 2, 0, momentum=0.9), bp.BackpropConfig(lr=1e30, momentum=0.9))
    run.step(1000)
    assert run.stop_reason is StopReason.DIVERGED and run.divergence is bp.Divergence.OVERFLOW
    assert np.isfinite(run.curve()).all() and np.isfinite(run.training_state()[0]).all()
    last = run.step_number
    assert run.step(5) == 0 and run.step_number == last  # nothing left to run
    if run.history_length > 1:
        run.step_back(1)
        assert run.stop_reason is None and run.divergence is None  # only at the end
        run.seek(run.history_length - 1)
    run.set_config(bp.BackpropConfig(lr=1e-3, momentum=0.9))  # a lower rate goes on from the last finite state
    assert run.stop_reason is None and run.step(3) == 3 and np.isfinite(run.curve()).all()
    # a loss past LOSS_EXPLODED: that state is kept and ends the run
    monkeypatch.setattr(bp, "LOSS_EXPLODED", 0.1)  # every loss of the first steps is above it
    tanh = bp.BackpropRun(d, TwoLayerNet(8, "tanh", 2, 0), bp.BackpropConfig(lr=0.5))
    assert tanh.step(10) == 1
    assert tanh.stop_reason is StopReason.DIVERGED and tanh.divergence is bp.Divergence.EXPLODED
    assert tanh.step_number == 1 and tanh.curve().shape == (2, 3)


def test_run_cap_and_config_checks():
    from core.backprop import BackpropConfig, BackpropRun

    d = small(40)
    run = BackpropRun(d, TwoLayerNet(3, "tanh", 2, 0), BackpropConfig(lr=0.1, max_steps=7))
    assert run.step(100) == 7 and run.stop_reason is StopReason.MAX_ITERS
    for bad in (dict(lr=0.0), dict(momentum=1.0), dict(max_steps=0)):
        with pytest.raises(ConfigError):
            BackpropConfig(**bad).validated()
    with pytest.raises(NotImplementedError):
        run.fork()


def test_thin_rows_keeps_the_ends():
    from core.backprop import thin_rows

    rows = np.arange(30.0).reshape(10, 3)
    assert thin_rows(rows, 20) is rows
    kept = thin_rows(rows, 4)
    assert len(kept) == 4 and kept[0, 0] == 0 and kept[-1, 0] == 27
