"""core.optim: every update rule equals torch.optim's, step for step, on the linear and the
logistic loss, directly and inside the learners (LinearGD, LogisticGD); configs refuse
nonsense; optimizer state survives copies, forks, stepping back and replays."""

from __future__ import annotations

import copy
import math
from dataclasses import replace

import numpy as np
import pytest

from core import datasets2d as ds
from core.descent import StopReason
from core.errors import ConfigError
from core.linreg import GDConfig, LinearGD, make_points
from core.logreg import LogisticGD, LogRegConfig
from core.optim import (
    OPTIMIZERS,
    BatchSampler,
    OptimConfig,
    Optimizer,
    batches_per_epoch,
    check_applicable,
    epoch_order,
)

STEPS = 400
RTOL = 1e-6
SEEDS = (0, 1, 2)
#: x spread: unit scale, and badly scaled like the seed's house data (x ~ 1e3)
SCALES = (1.0, 1e3, 1e-2)


# --------------------------------------------------------------------------- data and losses


def linear_data(seed: int, scale: float, n: int = 120) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    x = scale * rng.uniform(0.5, 1.5, n) + scale * rng.normal(0, 0.2, n)
    y = 3.0 + 0.7 / scale * x * (1 + seed) + rng.normal(0, 0.5, n)
    return x, y


def linear_loss(p: np.ndarray, x: np.ndarray, y: np.ndarray) -> float:
    r = p[0] + p[1] * x - y
    return float(0.5 * np.mean(r * r))


def linear_grad(p: np.ndarray, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    r = p[0] + p[1] * x - y
    return np.array([np.mean(r), np.mean(r * x)])


def logistic_data(seed: int, scale: float, n: int = 150) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(100 + seed)
    y = (rng.uniform(size=n) < 0.45).astype(np.int64)
    X = rng.normal(0, 1, (n, 2)) + np.where(y[:, None] == 1, 1.2, -0.4)
    return X * scale + (scale if scale > 1 else 0.0), y


def logistic_loss(p: np.ndarray, X: np.ndarray, y: np.ndarray) -> float:
    z = X @ p[:2] + p[2]
    return float(np.mean(np.logaddexp(0.0, z) - y * z))


def logistic_grad(p: np.ndarray, X: np.ndarray, y: np.ndarray) -> np.ndarray:
    z = X @ p[:2] + p[2]
    s = np.exp(z - np.logaddexp(0.0, z))
    r = (s - y) / X.shape[0]
    return np.array([X[:, 0] @ r, X[:, 1] @ r, r.sum()])


def rates(name: str, curvature: float, scale: float = 1.0) -> float:
    """A rate that suits the rule: a fraction of the stable rate for the plain and momentum
    steps (which scale with the curvature), one well below the parameters' size for the
    adaptive rules (whose steps are about lr each, whatever the gradient).

    Not larger, for the end-to-end comparisons: RMSProp's (and Adam's) effective rate
    lr/(√v + ε) grows as a coordinate's gradient fades, until that coordinate is locally
    unstable and hops around its optimum; the hops amplify the last bit of the gradient
    (numpy's sums and torch's round differently) a millionfold within a few hundred steps,
    so no two implementations agree to 1e-6 there (not even fed torch's own gradients:
    torch's kernels fuse some multiply-adds, numpy rounds twice). With a fast-fading v
    (α = 0.9) only ε bounds that growth: the variant below takes ε with lr/ε stable."""
    if name in ("gd", "sgd"):
        return 1.0 / curvature
    if name in ("momentum", "nesterov"):
        return 0.3 / curvature
    return {"adagrad": 0.05, "rmsprop": 1e-4, "adam": 0.005}[name] / max(scale, 1.0)


def linear_curvature(x: np.ndarray) -> float:
    H = np.array([[1.0, x.mean()], [x.mean(), np.mean(x * x)]])
    return float(np.linalg.eigvalsh(H)[-1])


def logistic_curvature(X: np.ndarray) -> float:
    A = np.column_stack([X, np.ones(len(X))])
    return float(0.25 * np.linalg.eigvalsh(A.T @ A / len(X))[-1])


CONFIGS = [
    OptimConfig("gd"),
    OptimConfig("momentum", momentum=0.9),
    OptimConfig("momentum", momentum=0.5),
    OptimConfig("nesterov", momentum=0.9),
    OptimConfig("adagrad"),
    OptimConfig("adagrad", lr_decay=0.01, initial_accumulator=0.1, eps=1e-6),
    OptimConfig("rmsprop"),
    OptimConfig("rmsprop", alpha=0.9, eps=1e-3),  # ε caps lr/(√v + ε) below the stable rate (see rates())
    OptimConfig("adam"),
    OptimConfig("adam", beta1=0.8, beta2=0.99, eps=1e-6),
]
STOCHASTIC = [
    OptimConfig("sgd", batch_size=16, seed=7),
    OptimConfig("momentum", batch_size=25, seed=3),
    OptimConfig("adam", batch_size=32, seed=11),
    OptimConfig("rmsprop", batch_size=7, seed=5),
    OptimConfig("adagrad", batch_size=50, seed=2),
]


def _id(c: OptimConfig) -> str:
    return f"{c.name}-{c.momentum if c.name in ('momentum', 'nesterov') else ''}{c.eps or ''}{c.batch_size or ''}"


# --------------------------------------------------------------------------- torch


def torch_optimizer(torch, config: OptimConfig, groups: list[dict]):
    o = torch.optim
    name = config.name
    if name in ("gd", "sgd"):
        return o.SGD(groups, lr=config.lr)
    if name in ("momentum", "nesterov"):
        return o.SGD(groups, lr=config.lr, momentum=config.momentum, dampening=0.0, nesterov=config.nesterov)
    if name == "adagrad":
        return o.Adagrad(groups, lr=config.lr, lr_decay=config.lr_decay,
                         initial_accumulator_value=config.initial_accumulator, eps=config.epsilon)
    if name == "rmsprop":
        return o.RMSprop(groups, lr=config.lr, alpha=config.alpha, eps=config.epsilon)
    return o.Adam(groups, lr=config.lr, betas=(config.beta1, config.beta2), eps=config.epsilon)


def torch_run(config: OptimConfig, start: np.ndarray, loss_fn, full, steps: int = STEPS,
              indices=None, lr_scale: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """torch's parameters and full loss after each step (row 0: the start). loss_fn(params,
    idx) is the (batch) loss as a torch scalar; full(params) the full loss (numpy). With
    lr_scale, each parameter is its own param group at lr·scale."""
    torch = pytest.importorskip("torch")
    threads = torch.get_num_threads()
    torch.set_num_threads(1)  # tiny tensors: threads only add overhead
    try:
        if lr_scale is None:
            params = [torch.tensor(start, dtype=torch.float64, requires_grad=True)]
            groups = [{"params": params}]
        else:
            params = [torch.tensor([v], dtype=torch.float64, requires_grad=True) for v in start]
            groups = [{"params": [p], "lr": config.lr * float(s)} for p, s in zip(params, lr_scale)]
        opt = torch_optimizer(torch, config, groups)
        P = np.empty((steps + 1, len(start)))
        for t in range(steps):
            opt.zero_grad()
            theta = params[0] if len(params) == 1 else torch.cat(params)
            loss_fn(theta, None if indices is None else indices(t)).backward()
            opt.step()
            with torch.no_grad():
                P[t + 1] = (params[0] if len(params) == 1 else torch.cat(params)).numpy()
    finally:
        torch.set_num_threads(threads)
    P[0] = start
    return P, np.array([full(p) for p in P])


def torch_linear(x: np.ndarray, y: np.ndarray):
    import torch

    xt, yt = torch.tensor(x), torch.tensor(y)

    def loss(p, idx):
        xb, yb = (xt, yt) if idx is None else (xt[idx], yt[idx])
        r = p[0] + p[1] * xb - yb
        return 0.5 * torch.mean(r * r)

    return loss


def torch_logistic(X: np.ndarray, y: np.ndarray):
    import torch

    Xt, yt = torch.tensor(X), torch.tensor(y, dtype=torch.float64)

    def loss(p, idx):
        Xb, yb = (Xt, yt) if idx is None else (Xt[idx], yt[idx])
        z = Xb @ p[:2] + p[2]
        return torch.nn.functional.binary_cross_entropy_with_logits(z, yb)

    return loss


def assert_same(P: np.ndarray, L: np.ndarray, P_ref: np.ndarray, L_ref: np.ndarray) -> None:
    """Parameters (relative to the vector's size) and loss within RTOL at every step."""
    assert P.shape == P_ref.shape and L.shape == L_ref.shape
    assert np.isfinite(P_ref).all() and np.isfinite(L_ref).all()
    for t in range(P.shape[0]):
        size = max(float(np.max(np.abs(P_ref[t]))), 1e-12)
        err = float(np.max(np.abs(P[t] - P_ref[t])))
        assert err <= RTOL * size, f"step {t}: parameters {P[t]} vs torch {P_ref[t]}"
        assert abs(L[t] - L_ref[t]) <= RTOL * abs(L_ref[t]) + 1e-300, f"step {t}: loss {L[t]} vs torch {L_ref[t]}"


def numpy_run(config: OptimConfig, start: np.ndarray, grad, full, steps: int = STEPS,
              indices=None) -> tuple[np.ndarray, np.ndarray]:
    opt = Optimizer(config, len(start))
    P = np.empty((steps + 1, len(start)))
    L = np.empty(steps + 1)
    P[0] = start
    L[0] = full(start)
    for t in range(steps):
        P[t + 1] = opt.step(P[t], grad(P[t], None if indices is None else indices(t)))
        L[t + 1] = full(P[t + 1])
    return P, L


# --------------------------------------------------------------------------- the rules vs torch


@pytest.mark.torch
@pytest.mark.parametrize("config", CONFIGS, ids=_id)
@pytest.mark.parametrize("scale", SCALES)
@pytest.mark.parametrize("seed", SEEDS)
def test_rule_matches_torch_on_linear_loss(config, scale, seed):
    x, y = linear_data(seed, scale)
    cfg = replace(config, lr=rates(config.name, linear_curvature(x), scale))
    start = np.array([1.0, 1.0 / scale])
    full = lambda p: linear_loss(p, x, y)  # noqa: E731
    P, L = numpy_run(cfg, start, lambda p, idx: linear_grad(p, x, y), full)
    P_ref, L_ref = torch_run(cfg, start, torch_linear(x, y), full)
    assert_same(P, L, P_ref, L_ref)


@pytest.mark.torch
@pytest.mark.parametrize("config", CONFIGS, ids=_id)
@pytest.mark.parametrize("scale", SCALES)
@pytest.mark.parametrize("seed", SEEDS)
def test_rule_matches_torch_on_logistic_loss(config, scale, seed):
    X, y = logistic_data(seed, scale)
    cfg = replace(config, lr=rates(config.name, logistic_curvature(X), scale))
    start = np.array([1.0, 1.0, 1.0]) / np.array([scale, scale, 1.0])
    full = lambda p: logistic_loss(p, X, y)  # noqa: E731
    P, L = numpy_run(cfg, start, lambda p, idx: logistic_grad(p, X, y), full)
    P_ref, L_ref = torch_run(cfg, start, torch_logistic(X, y), full)
    assert_same(P, L, P_ref, L_ref)


@pytest.mark.torch
@pytest.mark.parametrize("config", CONFIGS, ids=_id)
@pytest.mark.parametrize("seed", SEEDS + (24, 28))
def test_rule_matches_torch_given_torchs_gradients(config, seed):
    """Fed torch's own gradient (autograd of the same loss), each rule takes torch.optim's step:
    the rule alone, apart from how either side sums the gradient."""
    torch = pytest.importorskip("torch")
    X, y = logistic_data(seed, 1.0)
    loss = torch_logistic(X, y)

    def grad(p: np.ndarray, idx) -> np.ndarray:
        pt = torch.tensor(p, requires_grad=True)
        loss(pt, idx).backward()
        return pt.grad.numpy().copy()

    cfg = replace(config, lr=rates(config.name, logistic_curvature(X)))
    start = np.array([1.0, -1.0, 0.5])
    full = lambda p: logistic_loss(p, X, y)  # noqa: E731
    P, L = numpy_run(cfg, start, grad, full)
    P_ref, L_ref = torch_run(cfg, start, loss, full)
    assert_same(P, L, P_ref, L_ref)


# --------------------------------------------------------------------------- the learners vs torch


@pytest.mark.torch
@pytest.mark.parametrize("config", CONFIGS + STOCHASTIC, ids=_id)
@pytest.mark.parametrize("scale", SCALES)
@pytest.mark.parametrize("seed", SEEDS)
def test_linear_learner_matches_torch(config, scale, seed):
    """LinearGD in the user's raw (intercept, slope), standardize off: torch on the seed's J."""
    x, y = linear_data(seed, scale)
    points = make_points(x, y)
    lr = rates(config.name, linear_curvature(x), scale)
    if config.stochastic and config.name in ("sgd", "momentum"):
        lr *= 0.3  # a mini-batch's curvature can exceed the full batch's
    start = (1.0, 1.0 / scale)
    gd = LinearGD(points, GDConfig(lr=lr, intercept_lr_scale=1.0, standardize=False, max_iters=STEPS, tol=0.0,
                                   start=start, optimizer=config))
    gd.step(STEPS)
    assert gd.iteration == STEPS
    b, k, loss = gd.history()
    sampler = BatchSampler(points.n, config.batch_size, config.seed) if config.stochastic else None
    P_ref, L_ref = torch_run(gd.config.optimizer, np.array(start), torch_linear(x, y), lambda p: linear_loss(p, x, y),
                             indices=None if sampler is None else sampler.indices)
    assert_same(np.column_stack([b, k]), np.asarray(loss), P_ref, L_ref)


@pytest.mark.torch
@pytest.mark.parametrize("name", ["momentum", "adam", "rmsprop", "adagrad"])
def test_linear_intercept_factor_is_a_param_group(name):
    """lr_intercept_scale s: the intercept's group runs at lr·s, as two torch param groups."""
    x, y = linear_data(4, 1e3)
    s = 1000.0
    lr = rates(name, linear_curvature(x), 1e3) * (0.01 if name in ("momentum",) else 1.0)
    gd = LinearGD(make_points(x, y), GDConfig(lr=lr, intercept_lr_scale=s, max_iters=STEPS, tol=0.0,
                                              start=(1.0, 0.001), optimizer=OptimConfig(name)))
    gd.step(STEPS)
    b, k, loss = gd.history()
    P_ref, L_ref = torch_run(gd.config.optimizer, np.array([1.0, 0.001]), torch_linear(x, y),
                             lambda p: linear_loss(p, x, y), lr_scale=np.array([s, 1.0]))
    assert_same(np.column_stack([b, k]), np.asarray(loss), P_ref, L_ref)


@pytest.mark.torch
@pytest.mark.parametrize("config", CONFIGS + STOCHASTIC, ids=_id)
@pytest.mark.parametrize("scale", SCALES)
@pytest.mark.parametrize("seed", SEEDS)
def test_logistic_learner_matches_torch(config, scale, seed):
    """LogisticGD, two classes, weights (w1, w2, b): torch on the mean cross-entropy."""
    X, y = logistic_data(seed, scale)
    data = ds.make_labeled(X, y, min_classes=2)
    lr = rates(config.name, logistic_curvature(X), scale)
    start = (1.0 / scale, 1.0 / scale, 1.0)
    gd = LogisticGD(data, LogRegConfig(lr=lr, max_iters=STEPS, tol=0.0, init=start, optimizer=config))
    P = [gd.weights[:, 0].copy()]
    for _ in range(STEPS):
        assert gd.step(1) == 1
        P.append(gd.weights[:, 0].copy())
    L = np.asarray(gd.history()[:, 0])
    sampler = BatchSampler(data.n, config.batch_size, config.seed) if config.stochastic else None
    P_ref, L_ref = torch_run(gd.config.optimizer, np.array(start), torch_logistic(X, y),
                             lambda p: logistic_loss(p, X, y), indices=None if sampler is None else sampler.indices)
    assert_same(np.array(P), L, P_ref, L_ref)


# --------------------------------------------------------------------------- without torch


@pytest.mark.parametrize("bad", [
    dict(name="lbfgs"), dict(lr=-0.1), dict(lr=0.0), dict(lr=math.nan), dict(lr=math.inf),
    dict(momentum=1.0), dict(momentum=-0.1), dict(beta1=1.0), dict(beta2=1.5), dict(beta1=-0.1),
    dict(eps=0.0), dict(eps=-1e-8), dict(eps=math.nan), dict(alpha=1.0), dict(alpha=-0.5),
    dict(lr_decay=-1.0), dict(initial_accumulator=-0.1), dict(name="sgd", batch_size=0),
    dict(name="adam", batch_size=-3), dict(name="sgd", batch_size=2.5), dict(name="gd", batch_size=8),
    dict(seed=-1), dict(name="sgd", batch_size=True),
])
def test_config_refuses_nonsense(bad):
    with pytest.raises(ConfigError):
        OptimConfig(**bad).validated()


def test_config_defaults_are_torchs():
    c = OptimConfig()
    assert (c.momentum, c.beta1, c.beta2, c.alpha, c.lr_decay, c.initial_accumulator) == (0.9, 0.9, 0.999, 0.99, 0, 0)
    assert OptimConfig("adagrad").epsilon == 1e-10
    assert OptimConfig("rmsprop").epsilon == OptimConfig("adam").epsilon == 1e-8
    for name in OPTIMIZERS:
        OptimConfig(name).validated()


def test_learner_configs_validate_their_optimizer():
    with pytest.raises(ConfigError):
        GDConfig(optimizer=OptimConfig("adam", beta2=1.0)).validated()
    with pytest.raises(ConfigError):
        LogRegConfig(optimizer=OptimConfig("gd", batch_size=4)).validated()
    # the learner's rate is the optimizer's
    assert GDConfig(lr=0.3, optimizer=OptimConfig("adam", lr=9.0)).optimizer.lr == 0.3
    assert replace(LogRegConfig(optimizer=OptimConfig("adam")), lr=0.7).optimizer.lr == 0.7


def test_check_applicable_names_the_option():
    check_applicable("adam", {"beta1": 0.8, "eps": 1e-7, "batch_size": 4, "momentum": None})
    with pytest.raises(ConfigError) as info:
        check_applicable("sgd", {"beta1": 0.8})
    assert info.value.code == "option_not_applicable" and info.value.details["option"] == "beta1"
    with pytest.raises(ConfigError):
        check_applicable("gd", {"batch_size": 4})
    with pytest.raises(ConfigError):
        check_applicable("adam", {"momentum": 0.5})


@pytest.mark.parametrize("name", OPTIMIZERS)
def test_copy_continues_identically(name):
    rng = np.random.default_rng(0)
    opt = Optimizer(OptimConfig(name, lr=0.05), 3)
    p = rng.normal(size=3)
    for _ in range(5):
        p = opt.step(p, rng.normal(size=3))
    twin, deep = opt.copy(), copy.deepcopy(opt)
    grads = rng.normal(size=(20, 3))
    outs = []
    for o in (opt, twin, deep):
        q = p.copy()
        for g in grads:
            q = o.step(q, g)
        outs.append(q)
    assert np.array_equal(outs[0], outs[1]) and np.array_equal(outs[0], outs[2])
    restored = Optimizer.restore(opt.config, 3, opt.t, opt.buffers())
    assert np.array_equal(restored.buffers(), opt.buffers()) and restored.t == opt.t


def test_batches_are_seeded_and_reshuffled_each_epoch():
    n, b = 50, 16
    assert batches_per_epoch(n, b) == 4
    s1, s2 = BatchSampler(n, b, 3), BatchSampler(n, b, 3)
    epoch0 = np.concatenate([s1.indices(t) for t in range(4)])
    epoch1 = np.concatenate([s1.indices(t) for t in range(4, 8)])
    assert sorted(epoch0) == list(range(n)) and sorted(epoch1) == list(range(n))
    assert not np.array_equal(epoch0, epoch1)
    assert np.array_equal(s2.indices(5), s1.indices(5))  # any step, in any order, from the seed alone
    assert len(s1.indices(3)) == n - 3 * b  # the last batch is smaller
    assert not np.array_equal(epoch_order(n, 3, 0), epoch_order(n, 4, 0))


def _linear_run(config: OptimConfig, steps: int = 0) -> LinearGD:
    x, y = linear_data(1, 1e3)
    lr = 0.02 if config.name in ("adam", "rmsprop", "adagrad") else 0.2 / linear_curvature(x)
    gd = LinearGD(make_points(x, y), GDConfig(lr=lr, intercept_lr_scale=1.0, max_iters=5000, tol=0.0,
                                              start=(1.0, 0.001), optimizer=config))
    gd.step(steps)
    return gd


@pytest.mark.parametrize("config", [OptimConfig("adam"), OptimConfig("nesterov"),
                                    OptimConfig("sgd", batch_size=10, seed=4),
                                    OptimConfig("rmsprop", batch_size=33)], ids=_id)
def test_step_back_fork_and_replay_reproduce_the_numbers(config):
    straight = _linear_run(config, 300)
    b_ref, k_ref, l_ref = (np.array(a) for a in straight.history())
    # stepping back, changing nothing but the rate back and forth, and going on
    gd = _linear_run(config, 200)
    gd.step_back(80)
    lr = gd.config.lr
    gd.set_config(replace(gd.config, lr=lr * 2))
    gd.set_config(replace(gd.config, lr=lr))  # truncated at 120, the same rule: its state carries on
    gd.step(180)
    assert gd.iteration == 300
    assert np.array_equal(gd.history()[0], b_ref) and np.array_equal(gd.history()[2], l_ref)
    # a fork on "another thread", adopted
    gd = _linear_run(config, 150)
    fork = gd.fork()
    fork.step(150)
    assert gd.adopt(fork)
    assert np.array_equal(gd.history()[1], k_ref) and np.array_equal(gd.history()[2], l_ref)
    # a replay of a schedule with a rate change gives what the run had
    gd = _linear_run(config, 100)
    gd.set_config(replace(gd.config, lr=gd.config.lr / 2))
    gd.step(100)
    fresh = _linear_run(config)
    fresh.replay(gd.schedule, gd.config, gd.history_length - 1, gd.iteration)
    assert np.array_equal(fresh.history()[2], gd.history()[2])


def test_a_new_rule_starts_the_race_again():
    gd = _linear_run(OptimConfig("gd"), 50)
    gd.set_config(replace(gd.config, optimizer=OptimConfig("adam")))
    assert gd.iteration == 0 and gd.history_length == 1 and gd.schedule == ()
    gd.step(10)
    assert gd.iteration == 10 and gd.config.optimizer.name == "adam"


def test_logistic_step_back_and_fork_reproduce():
    X, y = logistic_data(0, 1.0)
    data = ds.make_labeled(X, y, min_classes=2)
    cfg = LogRegConfig(lr=0.05, max_iters=1000, tol=0.0, init=(1.0, 1.0, 1.0),
                       optimizer=OptimConfig("adam", batch_size=20, seed=9))
    ref = LogisticGD(data, cfg)
    ref.step(120)
    gd = LogisticGD(data, cfg)
    gd.step(90)
    gd.step_back(30)
    gd.set_config(replace(cfg, tol=0.0, max_iters=999))  # truncated at 60: the rule's state is the stored one
    fork = gd.fork()
    fork.step(60)
    assert gd.adopt(fork)
    assert np.array_equal(gd.history(), ref.history(), equal_nan=True) and np.array_equal(gd.weights, ref.weights)


def test_the_default_is_plain_gradient_descent_unchanged():
    """The default optimizer runs the same O(1) loop as before: the same bits as an explicit gd."""
    a = _linear_run(OptimConfig("gd"), 500)
    x, y = linear_data(1, 1e3)
    b = LinearGD(make_points(x, y), GDConfig(lr=a.config.lr, intercept_lr_scale=1.0, max_iters=5000, tol=0.0,
                                             start=(1.0, 0.001)))
    b.step(500)
    assert np.array_equal(a.history()[2], b.history()[2])
    # and the general path (sgd on the full batch: the same rule) agrees to rounding
    c = _linear_run(OptimConfig("sgd"), 500)
    assert np.allclose(c.history()[2], a.history()[2], rtol=1e-9)


@pytest.mark.parametrize("config", [OptimConfig("adam"), OptimConfig("momentum"),
                                    OptimConfig("sgd", batch_size=8)], ids=_id)
def test_divergence_is_detected_for_every_rule(config):
    x, y = linear_data(0, 1e3)
    gd = LinearGD(make_points(x, y), GDConfig(lr=1e3 if config.name == "adam" else 1.0, max_iters=5000, tol=0.0,
                                              start=(1.0, 0.001), optimizer=config))
    assert gd.run() is StopReason.DIVERGED
    assert math.isfinite(gd.loss)


@pytest.mark.parametrize("config", [OptimConfig("adam"), OptimConfig("momentum"),
                                    OptimConfig("rmsprop", batch_size=40, seed=1)], ids=_id)
def test_tolerance_stops_rules_whose_loss_may_rise(config):
    x, y = linear_data(2, 1.0)
    lr = 0.05 if config.name != "momentum" else 0.2 / linear_curvature(x)
    tol = 1e-6
    if config.stochastic:  # a constant rate on mini-batches jitters around the optimum: a coarser bar
        lr, tol = 0.005, 1e-3
    gd = LinearGD(make_points(x, y), GDConfig(lr=lr, max_iters=200_000, tol=tol, start=(0.0, 0.0),
                                              optimizer=config))
    reason = gd.run()
    assert reason is StopReason.TOLERANCE
    assert gd.iteration < 200_000
    # and it stopped near the least-squares line
    assert gd.loss < 1.05 * gd.moments.j_star + 1e-3


def test_tol_zero_runs_every_iteration():
    for config in (OptimConfig("gd"), OptimConfig("adam")):
        gd = _linear_run(config)
        gd.set_config(replace(gd.config, max_iters=777, tol=0.0))
        assert gd.run() is StopReason.MAX_ITERS and gd.iteration == 777


@pytest.mark.torch
@pytest.mark.parametrize("name, lr", [("momentum", 1e-5), ("nesterov", 3e-5), ("adagrad", 1.0), ("rmsprop", 0.001),
                                      ("adam", 0.1), ("adam", 1.0)])
def test_seed_house_data_matches_torch(name, lr):
    """The seed's data (x in 100–200) from its start (1, 1), raw parameters, as a user runs it."""
    from core.linreg import SEED_PRESET

    points = SEED_PRESET.points()
    config = OptimConfig(name)
    gd = LinearGD(points, GDConfig(lr=lr, intercept_lr_scale=1.0, max_iters=STEPS, tol=0.0, start=(1.0, 1.0),
                                   optimizer=config))
    gd.step(STEPS)
    b, k, loss = gd.history()
    P_ref, L_ref = torch_run(gd.config.optimizer, np.array([1.0, 1.0]), torch_linear(points.x, points.y),
                             lambda p: linear_loss(p, points.x, points.y))
    assert_same(np.column_stack([b, k]), np.asarray(loss), P_ref, L_ref)


def test_a_new_rate_keeps_the_state():
    opt = Optimizer(OptimConfig("adam", lr=0.1), 2)
    p = opt.step(np.zeros(2), np.array([1.0, -2.0]))
    before = opt.buffers()
    opt.set_lr(0.01)
    assert opt.config.lr == 0.01 and opt.t == 1 and np.array_equal(opt.buffers(), before)
    with pytest.raises(ConfigError):
        opt.set_lr(-1.0)
    assert np.all(np.isfinite(opt.step(p, np.array([0.5, 0.5]))))
