"""The seed's neural-network concepts (1.3.2–1.3.3): activations, softmax, cross-entropy, chain rule.

Everything is numpy in float64 and small enough to recompute on every slider move:
  - activations g(x) and their derivatives g'(x), and where g' is so small that gradients
    vanish (the regions the lab shades);
  - softmax with a temperature T, as written in the seed (e^{z/T} / Σ e^{z/T}, which
    overflows) and in its max-subtracted form (which never does), the cross-entropy
    −ln p_k from logits by log-sum-exp, and its gradient (p − y)/T;
  - the seed's chain-rule example c = a + b, d = b + 1, e = c·d, forward, edge by edge
    backward, and the same derivatives from torch autograd (torch is imported only there).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from core.errors import ConfigError

ACTIVATIONS = ("sigmoid", "tanh", "relu", "leaky_relu", "gelu")
#: Slope of leaky ReLU for x ≤ 0 (torch's default negative_slope).
LEAKY_SLOPE = 0.01
MIN_LOGITS = 2
MAX_LOGITS = 10

_SQRT_HALF = math.sqrt(0.5)
_INV_SQRT_2PI = 1.0 / math.sqrt(2.0 * math.pi)
# libm's erfc, elementwise: exact to the last bits (numpy has no erf, scipy is not a
# dependency) and fast enough for the few thousand points a curve is drawn with.
_erfc = np.frompyfunc(math.erfc, 1, 1)


# --------------------------------------------------------------------------- activations


def _as_float_array(x: object) -> np.ndarray:
    return np.asarray(x, dtype=np.float64)


def _check_activation(name: str) -> str:
    if name not in ACTIVATIONS:
        raise ConfigError("bad_activation", {"activation": name, "choices": ACTIVATIONS})
    return name


def _sigmoid(x: np.ndarray) -> np.ndarray:
    """σ(x) = e^{−log(1 + e^{−x})}: no overflow (and no warning) for any x."""
    return np.exp(-np.logaddexp(0.0, -x))


def _normal_cdf(x: np.ndarray) -> np.ndarray:
    """Φ(x) = ½·erfc(−x/√2): accurate in both tails, unlike ½(1 + erf(x/√2)) for x ≪ 0."""
    return 0.5 * np.asarray(_erfc(-x * _SQRT_HALF), dtype=np.float64)


def activation(name: str, x: object) -> np.ndarray:
    """g(x) for one of ACTIVATIONS, elementwise (GELU in its exact form x·Φ(x))."""
    _check_activation(name)
    xa = _as_float_array(x)
    if name == "sigmoid":
        return _sigmoid(xa)
    if name == "tanh":
        return np.tanh(xa)
    if name == "relu":
        return np.maximum(xa, 0.0)
    if name == "leaky_relu":
        return np.where(xa > 0, xa, LEAKY_SLOPE * xa)
    return xa * _normal_cdf(xa)


def derivative(name: str, x: object) -> np.ndarray:
    """g'(x), elementwise, at a kink taking torch's side (ReLU'(0) = 0, leaky ReLU'(0) = slope)."""
    _check_activation(name)
    xa = _as_float_array(x)
    if name == "sigmoid":
        y = _sigmoid(xa)
        return y * (1.0 - y)  # the seed's σ' = σ(1 − σ); exactly 0 once σ rounds to 1
    if name == "tanh":
        t = np.tanh(xa)
        return 1.0 - t * t
    if name == "relu":
        return (xa > 0).astype(np.float64)
    if name == "leaky_relu":
        return np.where(xa > 0, 1.0, LEAKY_SLOPE)
    # φ(x) is 0.0 in float64 beyond |x| ≈ 38.6; clipping first keeps x² from overflowing
    xc = np.clip(xa, -40.0, 40.0)
    return _normal_cdf(xa) + xa * (_INV_SQRT_2PI * np.exp(-0.5 * xc * xc))


def saturation(name: str, x: object, eps: float = 1e-2) -> np.ndarray:
    """True where |g'(x)| < eps: there the gradient vanishes (saturated or dead units).

    The absolute value matters for GELU only, whose derivative is negative for x below
    about −0.75 without being small there."""
    if not (math.isfinite(eps) and eps > 0):
        raise ConfigError("bad_eps", {"eps": eps})
    return np.abs(derivative(name, x)) < eps


def saturated_ranges(name: str, lo: float, hi: float, n: int = 2001, eps: float = 1e-2
                     ) -> list[tuple[float, float]]:
    """Intervals of [lo, hi] where |g'| < eps, from n evenly spaced samples (for shading).

    Each interval runs from its first to its last saturated sample."""
    if not (math.isfinite(lo) and math.isfinite(hi) and lo < hi):
        raise ConfigError("bad_range", {"lo": lo, "hi": hi})
    if not 2 <= int(n) <= 1_000_000:
        raise ConfigError("bad_samples", {"n": n})
    x = np.linspace(lo, hi, int(n))
    mask = saturation(name, x, eps)
    # a run starts where mask goes False→True and ends where it goes True→False
    edges = np.diff(np.concatenate([[False], mask, [False]]).astype(np.int8))
    starts = np.flatnonzero(edges == 1)
    stops = np.flatnonzero(edges == -1) - 1
    return [(float(x[a]), float(x[b])) for a, b in zip(starts, stops)]


# --------------------------------------------------------------------------- softmax, cross-entropy


def _check_logits(z: object) -> np.ndarray:
    try:
        za = np.array(z, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise ConfigError("bad_logits", {"reason": str(exc)}) from exc
    if za.ndim != 1 or not MIN_LOGITS <= za.size <= MAX_LOGITS:
        raise ConfigError("bad_logits", {"shape": list(za.shape), "min": MIN_LOGITS, "max": MAX_LOGITS})
    if not np.isfinite(za).all():
        raise ConfigError("bad_logits", {"index": int(np.argmax(~np.isfinite(za)))})
    return za


def _check_temperature(temperature: float) -> float:
    if not (math.isfinite(temperature) and temperature > 0):
        raise ConfigError("temperature_not_positive", {"temperature": temperature})
    return float(temperature)


def _check_class(k: int, size: int) -> int:
    if not 0 <= int(k) < size:
        raise ConfigError("bad_class", {"class": k, "count": size})
    return int(k)


def _scaled_shifted(z: np.ndarray, temperature: float) -> np.ndarray:
    """(z − max z)/T: every entry ≤ 0, the largest exactly 0, so e^{·} is in [0, 1]."""
    with np.errstate(over="ignore"):  # a difference past ±1.8e308 is −inf, and e^{−inf} = 0
        return (z - z.max()) / temperature


def softmax_naive(z: object, temperature: float = 1.0) -> np.ndarray:
    """e^{z/T} / Σ e^{z/T} exactly as the seed writes it: may give inf/NaN, on purpose."""
    za = _check_logits(z)
    t = _check_temperature(temperature)
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        e = np.exp(za / t)
        return e / e.sum()


def softmax_stable(z: object, temperature: float = 1.0) -> np.ndarray:
    """The seed's optimised softmax e^{(z − max z)/T} / Σ …: finite and summing to 1 for any finite z."""
    za = _check_logits(z)
    t = _check_temperature(temperature)
    e = np.exp(_scaled_shifted(za, t))
    return e / e.sum()  # the sum is ≥ 1 (the largest term is e^0)


def naive_broken(z: object, temperature: float = 1.0) -> bool:
    """True when the naive softmax of z is wrong: a non-finite value (the overflow the seed
    warns of), or finite terms whose sum overflowed, leaving every p at 0."""
    p = softmax_naive(z, temperature)
    return not bool(np.isfinite(p).all()) or abs(float(p.sum()) - 1.0) > 1e-9


def cross_entropy(p: object, k: int) -> float:
    """−ln p_k from probabilities, as in the seed; inf when p_k is 0 (e.g. underflowed)."""
    pa = np.asarray(p, dtype=np.float64).reshape(-1)
    k = _check_class(k, pa.size)
    with np.errstate(divide="ignore", invalid="ignore"):
        return float(-np.log(pa[k]))


def cross_entropy_from_logits(z: object, k: int, temperature: float = 1.0) -> float:
    """−ln softmax(z/T)_k = log Σ e^{s_j} − s_k with s = (z − max z)/T: finite whenever the
    true value is (no e^{…} of a large number is ever formed)."""
    za = _check_logits(z)
    t = _check_temperature(temperature)
    k = _check_class(k, za.size)
    s = _scaled_shifted(za, t)
    return float(np.log(np.exp(s).sum()) - s[k])


def softmax_gradient(z: object, k: int, temperature: float = 1.0) -> np.ndarray:
    """∂CE/∂z = (p − y)/T for the one-hot y of class k (the seed's p_k − 1 and p_i, over T)."""
    p = softmax_stable(z, temperature)
    k = _check_class(k, p.size)
    y = np.zeros_like(p)
    y[k] = 1.0
    return (p - y) / float(temperature)


# --------------------------------------------------------------------------- chain rule


CHAIN_NODES = ("a", "b", "c", "d", "e")
#: The backward pass of e = (a + b)·(b + 1), edge (from, to) in the order it is taken:
#: both edges out of e first, so c and d hold their full gradient before passing it on.
CHAIN_EDGES = (("e", "c"), ("e", "d"), ("c", "a"), ("c", "b"), ("d", "b"))


@dataclass(frozen=True)
class ChainValues:
    """Values, local derivatives and total derivatives of the seed's graph c = a + b, d = b + 1, e = c·d."""

    a: float
    b: float
    c: float
    d: float
    e: float
    de_dc: float  # = d
    de_dd: float  # = c
    dc_da: float  # = 1
    dc_db: float  # = 1
    dd_db: float  # = 1
    de_da: float  # = de/dc·dc/da = b + 1
    de_db: float  # = de/dc·dc/db + de/dd·dd/db = a + 2b + 1

    def local(self, src: str, dst: str) -> float:
        """∂src/∂dst along one edge of CHAIN_EDGES."""
        table = {("e", "c"): self.de_dc, ("e", "d"): self.de_dd, ("c", "a"): self.dc_da,
                 ("c", "b"): self.dc_db, ("d", "b"): self.dd_db}
        if (src, dst) not in table:
            raise ConfigError("bad_edge", {"edge": (src, dst)})
        return table[(src, dst)]


@dataclass(frozen=True)
class BackwardStep:
    """One edge of the backward pass: grad[dst] += upstream (∂e/∂src) × local (∂src/∂dst)."""

    src: str
    dst: str
    local: float
    upstream: float
    contribution: float  # upstream × local
    accumulated: float  # ∂e/∂dst summed over the edges taken so far


def _check_finite(**values: float) -> None:
    for key, value in values.items():
        if not math.isfinite(value):
            raise ConfigError("bad_value", {key: value})


def chain_forward(a: float, b: float) -> ChainValues:
    """Forward pass of the seed's example and every derivative the seed writes down."""
    _check_finite(a=a, b=b)
    a, b = float(a), float(b)
    c = a + b
    d = b + 1.0
    return ChainValues(a=a, b=b, c=c, d=d, e=c * d, de_dc=d, de_dd=c, dc_da=1.0, dc_db=1.0, dd_db=1.0,
                       de_da=d * 1.0, de_db=d * 1.0 + c * 1.0)


def backward_steps(values: ChainValues) -> list[BackwardStep]:
    """The backward pass edge by edge from ∂e/∂e = 1; b's gradient arrives in two parts (via c and d)."""
    grad = {"e": 1.0}
    steps = []
    for src, dst in CHAIN_EDGES:
        local = values.local(src, dst)
        upstream = grad[src]
        contribution = upstream * local
        grad[dst] = grad.get(dst, 0.0) + contribution
        steps.append(BackwardStep(src, dst, local, upstream, contribution, grad[dst]))
    return steps


def chain_autograd(a: float, b: float) -> tuple[float, float]:
    """(∂e/∂a, ∂e/∂b) from torch autograd in float64: the check that the hand derivation is right."""
    _check_finite(a=a, b=b)
    import torch  # here, so importing core.concepts does not load torch

    ta = torch.tensor(float(a), dtype=torch.float64, requires_grad=True)
    tb = torch.tensor(float(b), dtype=torch.float64, requires_grad=True)
    e = (ta + tb) * (tb + 1.0)
    e.backward()
    assert ta.grad is not None and tb.grad is not None  # both are leaves that require grad
    return float(ta.grad), float(tb.grad)


__all__ = [
    "ACTIVATIONS", "LEAKY_SLOPE", "MIN_LOGITS", "MAX_LOGITS", "activation", "derivative", "saturation",
    "saturated_ranges", "softmax_naive", "softmax_stable", "naive_broken", "cross_entropy",
    "cross_entropy_from_logits", "softmax_gradient", "CHAIN_NODES", "CHAIN_EDGES", "ChainValues",
    "BackwardStep", "chain_forward", "backward_steps", "chain_autograd",
]
