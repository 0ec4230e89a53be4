"""The update rules every steppable learner uses: one implementation, equal to torch.optim's.

An `OptimConfig` names a rule and its hyperparameters (torch's defaults); an `Optimizer` is
its small state (velocity, squared-gradient sums, moments, step count) over one flat float64
parameter vector, with `step(params, grad) -> new params`. The state is plain numpy arrays:
a learner stores it with each state of its history (`buffers()` / `Optimizer.restore`), so
stepping back and going on again, a fork on another thread, or a replay from the start all
compute the very same numbers.

The rules, each as torch computes it (torch.optim, single-tensor path, float64):
  - gd:        p ← p − lr·g                                  (SGD, no momentum)
  - sgd:       the same step on mini-batches (`batch_indices`)
  - momentum:  b ← g on the first step, then b ← μ·b + g;  p ← p − lr·b   (SGD, dampening 0)
  - nesterov:  b as momentum;  p ← p − lr·(g + μ·b)
  - adagrad:   s ← s + g²;  p ← p − lr/(1 + (t−1)·lr_decay) · g/(√s + ε)
  - rmsprop:   v ← α·v + (1−α)·g²;  p ← p − lr·g/(√v + ε)     (ε outside the root)
  - adam:      m ← m + (1−β1)(g − m);  v ← β2·v + (1−β2)·g²;
               p ← p − lr/(1−β1ᵗ) · m / (√v/√(1−β2ᵗ) + ε)
A per-parameter rate factor (`lr_scale`) multiplies lr for some parameters, as a torch
param group with its own lr does (the linear lab's intercept factor).

Mini-batches: epoch e shuffles the points with numpy's generator seeded (seed, e), and step
t takes batch t mod B of epoch t div B (B batches of batch_size, the last one smaller, as
torch's DataLoader with drop_last=False): reproducible from the seed, reshuffled each epoch.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from core.errors import ConfigError

OPTIMIZERS = ("gd", "sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam")
#: the rules whose loss never rises below the stable rate on a convex loss (full batch only)
MONOTONE = ("gd", "sgd")
#: which optimizers each hyperparameter (other than lr) applies to
APPLIES = {
    "batch_size": ("sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam"),
    "momentum": ("momentum", "nesterov"),
    "beta1": ("adam",),
    "beta2": ("adam",),
    "eps": ("adagrad", "rmsprop", "adam"),
    "alpha": ("rmsprop",),
    "lr_decay": ("adagrad",),
    "initial_accumulator": ("adagrad",),
}
#: torch's default ε of each rule that has one
DEFAULT_EPS = {"adagrad": 1e-10, "rmsprop": 1e-8, "adam": 1e-8}
MAX_BATCH = 1_000_000
#: the rules whose step is about lr whatever the gradient's size (the rate is in parameter units)
ADAPTIVE = ("adagrad", "rmsprop", "adam")
#: torch's default rate of each adaptive rule
DEFAULT_LR = {"adagrad": 0.01, "rmsprop": 0.01, "adam": 0.001}
#: the batch size the command line gives sgd when none is named
SGD_BATCH = 32
MAX_SEED = 2**63 - 1


@dataclass(frozen=True)
class OptimConfig:
    """An update rule and its hyperparameters, with torch's defaults.

    eps None means the rule's own default (AdaGrad 1e-10, RMSProp and Adam 1e-8).
    batch_size None is the full batch; a number makes mini-batches of that many points,
    shuffled from `seed` (see the module's docstring). Hyperparameters that a rule does not
    use are ignored by it (`check_applicable` refuses them where a user named them).
    """

    name: str = "gd"
    lr: float = 0.01
    momentum: float = 0.9
    beta1: float = 0.9
    beta2: float = 0.999
    eps: float | None = None
    alpha: float = 0.99
    lr_decay: float = 0.0
    initial_accumulator: float = 0.0
    batch_size: int | None = None
    seed: int = 0

    @property
    def epsilon(self) -> float:
        """ε as the rule uses it (its default where none was given)."""
        return self.eps if self.eps is not None else DEFAULT_EPS.get(self.name, 1e-8)

    @property
    def nesterov(self) -> bool:
        return self.name == "nesterov"

    @property
    def stochastic(self) -> bool:
        """True when each step sees a mini-batch rather than every point."""
        return self.batch_size is not None

    @property
    def monotone(self) -> bool:
        """True for the plain full-batch step, whose loss falls at every step below the
        stable rate (so a sustained rise means divergence); the others may rise and fall."""
        return self.name in MONOTONE and not self.stochastic

    def validated(self) -> "OptimConfig":
        """Return self, or raise ConfigError naming the bad hyperparameter."""
        if self.name not in OPTIMIZERS:
            raise ConfigError("bad_optimizer", {"optimizer": self.name, "choices": OPTIMIZERS})
        if not (_finite(self.lr) and self.lr > 0):
            raise ConfigError("lr_not_positive", {"lr": self.lr})
        if not (_finite(self.momentum) and 0 <= self.momentum < 1):
            raise ConfigError("bad_momentum", {"momentum": self.momentum})
        for name, value in (("β1", self.beta1), ("β2", self.beta2)):
            if not (_finite(value) and 0 <= value < 1):
                raise ConfigError("bad_beta", {"name": name, "value": value})
        if self.eps is not None and not (_finite(self.eps) and 0 < self.eps <= 1):
            raise ConfigError("bad_epsilon", {"eps": self.eps})
        if not (_finite(self.alpha) and 0 <= self.alpha < 1):
            raise ConfigError("bad_alpha", {"alpha": self.alpha})
        if not (_finite(self.lr_decay) and self.lr_decay >= 0):
            raise ConfigError("bad_lr_decay", {"lr_decay": self.lr_decay})
        if not (_finite(self.initial_accumulator) and self.initial_accumulator >= 0):
            raise ConfigError("bad_accumulator", {"value": self.initial_accumulator})
        if self.batch_size is not None:
            if self.name == "gd":  # gradient descent is the full batch by definition
                raise ConfigError("option_not_applicable",
                                  {"option": "batch_size", "optimizer": self.name,
                                   "applies": APPLIES["batch_size"]})
            if isinstance(self.batch_size, bool) or not isinstance(self.batch_size, (int, np.integer)) \
                    or not 1 <= self.batch_size <= MAX_BATCH:
                raise ConfigError("bad_optim_batch_size", {"batch_size": self.batch_size, "limit": MAX_BATCH})
        if isinstance(self.seed, bool) or not isinstance(self.seed, (int, np.integer)) \
                or not 0 <= self.seed <= MAX_SEED:
            raise ConfigError("bad_seed", {"seed": self.seed})
        return self

    def same_rule(self, other: "OptimConfig") -> bool:
        """True when `other` differs from this at most in lr: the state carries over."""
        return _without_lr(self) == _without_lr(other)

    def hyperparameters(self) -> dict[str, Any]:
        """The rule's name and the hyperparameters it uses (for reports: --json)."""
        out: dict[str, Any] = {"optimizer": self.name, "lr": self.lr}
        for key, names in APPLIES.items():
            if self.name in names:
                out[key] = self.epsilon if key == "eps" else getattr(self, key)
        if self.stochastic:
            out["seed"] = self.seed
        return out


def _finite(value: object) -> bool:
    return isinstance(value, (int, float, np.floating, np.integer)) and not isinstance(value, bool) \
        and math.isfinite(float(value))


def _without_lr(config: OptimConfig) -> tuple[Any, ...]:
    return (config.name, config.momentum, config.beta1, config.beta2, config.epsilon, config.alpha,
            config.lr_decay, config.initial_accumulator, config.batch_size, config.seed)


def check_applicable(name: str, given: dict[str, object]) -> None:
    """ConfigError option_not_applicable for the first hyperparameter in `given` (those a
    user named, not None) that the optimizer `name` does not use: --beta1 with sgd, say."""
    for option, value in given.items():
        if value is None:
            continue
        applies = APPLIES.get(option, ())
        if name not in applies:
            raise ConfigError("option_not_applicable", {"option": option, "optimizer": name, "applies": applies})


def buffer_count(name: str) -> int:
    """How many state vectors (each the size of the parameters) a rule keeps."""
    return {"momentum": 1, "nesterov": 1, "adagrad": 1, "rmsprop": 1, "adam": 2}.get(name, 0)


class Optimizer:
    """The state of one update rule over a flat float64 parameter vector of size `size`.

    `t` counts the steps taken. `lr_scale`, if given, multiplies lr per parameter.
    `copy()` (or copy.deepcopy) gives an independent optimizer that continues identically.
    """

    def __init__(self, config: OptimConfig, size: int, lr_scale: np.ndarray | None = None) -> None:
        self.config = config.validated()
        self.size = int(size)
        self.t = 0
        self.lr_scale = None if lr_scale is None else np.asarray(lr_scale, dtype=np.float64).reshape(-1)
        self.state = np.zeros((buffer_count(config.name), self.size))
        if config.name == "adagrad":
            self.state[0] = config.initial_accumulator

    @property
    def state_size(self) -> int:
        """Numbers in `buffers()`: what a history stores per state."""
        return int(self.state.size)

    def buffers(self) -> np.ndarray:
        """The state arrays as one flat vector (a copy); `restore` puts them back."""
        return self.state.reshape(-1).copy()

    @classmethod
    def restore(cls, config: OptimConfig, size: int, t: int, buffers: np.ndarray,
                lr_scale: np.ndarray | None = None) -> "Optimizer":
        """An optimizer in the state that `buffers()` returned after `t` steps."""
        opt = cls(config, size, lr_scale)
        opt.t = int(t)
        if opt.state.size:
            opt.state[...] = np.asarray(buffers, dtype=np.float64).reshape(opt.state.shape)
        return opt

    def copy(self) -> "Optimizer":
        """An independent copy that steps on identically."""
        return Optimizer.restore(self.config, self.size, self.t, self.buffers(), self.lr_scale)

    def __deepcopy__(self, memo: dict[int, Any]) -> "Optimizer":
        return self.copy()

    def set_lr(self, lr: float) -> None:
        """A new rate; the state carries over (as changing a torch param group's lr)."""
        self.config = replace(self.config, lr=lr).validated()

    def step(self, params: np.ndarray, grad: np.ndarray) -> np.ndarray:
        """The new parameters after one step with gradient `grad` (params is not changed)."""
        cfg = self.config
        g = np.asarray(grad, dtype=np.float64)
        p = np.asarray(params, dtype=np.float64)
        lr: Any = cfg.lr if self.lr_scale is None else cfg.lr * self.lr_scale
        self.t += 1
        t = self.t
        name = cfg.name
        with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
            if name in ("gd", "sgd"):
                return p - lr * g
            if name in ("momentum", "nesterov"):
                buf = self.state[0]
                if t == 1:
                    buf[...] = g  # torch: the first buffer is the gradient itself
                else:
                    buf *= cfg.momentum
                    buf += g
                d = g + cfg.momentum * buf if cfg.nesterov else buf
                return p - lr * d
            # the products in torch's order (addcmul: a + (v·b)·c; addcdiv: a + (v·b)/c). torch's
            # CPU kernels may fuse a multiply-add (FMA) where numpy rounds twice: the last bit
            # can differ, which matters only where a run amplifies it (see tests/test_optim_core)
            if name == "adagrad":
                acc = self.state[0]
                acc += g * g
                clr = lr / (1.0 + (t - 1) * cfg.lr_decay)
                return p + (-clr * g) / (np.sqrt(acc) + cfg.epsilon)
            if name == "rmsprop":
                sq = self.state[0]
                sq *= cfg.alpha
                sq += ((1.0 - cfg.alpha) * g) * g
                return p + (-lr * g) / (np.sqrt(sq) + cfg.epsilon)
            # adam
            m, v = self.state[0], self.state[1]
            m += (1.0 - cfg.beta1) * (g - m)  # torch's lerp(m, g, 1 − β1) for a weight below ½
            v *= cfg.beta2
            v += ((1.0 - cfg.beta2) * g) * g
            bias1 = 1.0 - cfg.beta1 ** t
            bias2_sqrt = (1.0 - cfg.beta2 ** t) ** 0.5  # torch's pow, which can differ from sqrt in the last bit
            denom = np.sqrt(v) / bias2_sqrt + cfg.epsilon
            return p + (-(lr / bias1) * m) / denom


def batches_per_epoch(n: int, batch_size: int) -> int:
    """Mini-batches in one pass over n points (the last one may be smaller)."""
    return max(1, -(-int(n) // max(1, min(int(batch_size), int(n)))))


def epoch_order(n: int, seed: int, epoch: int) -> np.ndarray:
    """The shuffled order of n points in an epoch: numpy's generator seeded (seed, epoch)."""
    return np.random.default_rng([int(seed), int(epoch)]).permutation(int(n))


class BatchSampler:
    """The indices of step t's mini-batch (t counted from 0), one shuffle per epoch, cached."""

    def __init__(self, n: int, batch_size: int, seed: int) -> None:
        self.n = int(n)
        self.batch_size = max(1, min(int(batch_size), self.n))
        self.seed = int(seed)
        self.per_epoch = batches_per_epoch(self.n, self.batch_size)
        self._epoch = -1
        self._order = np.arange(0)

    def indices(self, t: int) -> np.ndarray:
        epoch, k = divmod(int(t), self.per_epoch)
        if epoch != self._epoch:
            self._order = epoch_order(self.n, self.seed, epoch)
            self._epoch = epoch
        return self._order[k * self.batch_size:(k + 1) * self.batch_size]


__all__ = ["OPTIMIZERS", "APPLIES", "DEFAULT_EPS", "MAX_BATCH", "ADAPTIVE", "DEFAULT_LR", "SGD_BATCH", "OptimConfig", "Optimizer", "BatchSampler", "check_applicable",
           "buffer_count", "batches_per_epoch", "epoch_order"]
