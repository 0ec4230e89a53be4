"""Simple linear regression h(x) = θ0 + θ1·x by batch gradient descent, as in the seed (1.1).

J(θ) = 1/(2m)·Σ(h(x) − y)². Its gradient depends on the data only through five moments
(the means of x and y, the centred variance of x and covariance of x and y, and the
least-squares residual), so the data is summarised once in O(m), vectorised, and each
descent step costs O(1): the lab can run thousands of steps per frame on a million points.
Written around the centred moments, J − J* is computed without cancellation.
"""

from __future__ import annotations

import math
import os
import time
from dataclasses import dataclass, replace
from typing import Any, Sequence

import numpy as np

from core.descent import DIVERGE_RISES, DescentRun, StopReason
from core.errors import ConfigError, DataError
from core.numeric import check_magnitude, check_seed, check_spread, exponent_of, ldexp
from core.optim import BatchSampler, OptimConfig, Optimizer
from core.tabular import ColumnChoice, read_table

MAX_POINTS = 1_000_000
MAX_ITERS = 2_000_000  # 48 MB of history at most
#: the intercept's rate factor: beyond these the rate-scaled Hessian's eigenvalues leave float64
SCALE_LIMITS = (1e-6, 1e6)
#: condition numbers are reported up to here; beyond it the slow direction never moves in float64
CONDITION_CAP = 1e300
#: the columns of a points file, and the header names that pick them (case-insensitive)
CSV_ROLES = (("x", "x1", "input", "feature"), ("y", "target", "output"))


# --------------------------------------------------------------------------- data


@dataclass(frozen=True, eq=False)  # eq=False: numpy arrays make field-wise == ambiguous
class Points:
    """A validated 1-D regression data set: finite float64 x and y of equal length, on a scale
    float64 can square (see core.numeric). `columns` says which file columns they came from."""

    x: np.ndarray
    y: np.ndarray
    columns: ColumnChoice | None = None

    @property
    def n(self) -> int:
        return int(self.x.shape[0])


def make_points(x: object, y: object, *, max_points: int = MAX_POINTS) -> Points:
    """The one entry point for data into the linear lab: validate and copy x, y."""
    try:
        xa = np.array(x, dtype=np.float64).reshape(-1)
        ya = np.array(y, dtype=np.float64).reshape(-1)
    except (TypeError, ValueError) as exc:
        raise DataError("not_a_number", {"reason": str(exc)}) from exc
    if xa.shape != ya.shape:
        raise DataError("length_mismatch", {"x": int(xa.size), "y": int(ya.size)})
    if xa.size > max_points:
        raise DataError("too_many_points", {"count": int(xa.size), "limit": max_points})
    if xa.size < 2:
        raise DataError("too_few_points", {"count": int(xa.size), "minimum": 2})
    bad = ~(np.isfinite(xa) & np.isfinite(ya))
    if bad.any():
        raise DataError("non_finite", {"index": int(np.argmax(bad))})
    # J, its Hessian and the rates all square x and y: decide here whether they can
    x_scale = check_magnitude(xa, "x")
    check_magnitude(ya, "y")
    check_spread(xa, "x", x_scale)
    xa.setflags(write=False)
    ya.setflags(write=False)
    return Points(xa, ya)


#: the largest noise, slope, intercept or x bound of synthetic data: far beyond any lesson,
#: and far enough below core.numeric.LARGEST that y stays on a scale float64 can square
MAX_NOISE = 1e100
MAX_PARAMETER = 1e100
def synthetic_points(
    n: int,
    slope: float,
    intercept: float,
    noise: float,
    seed: int,
    x_low: float = 100.0,
    x_high: float = 200.0,
) -> Points:
    """Points with x uniform in [x_low, x_high] and y = intercept + slope·x + N(0, noise²)."""
    if n > MAX_POINTS:
        raise DataError("too_many_points", {"count": int(n), "limit": MAX_POINTS})
    if n < 2:
        raise DataError("too_few_points", {"count": int(n), "minimum": 2})
    if not (math.isfinite(noise) and 0 <= noise <= MAX_NOISE):
        raise DataError("bad_noise", {"noise": noise, "limit": MAX_NOISE})
    for name, value in (("slope", slope), ("intercept", intercept), ("x_low", x_low), ("x_high", x_high)):
        if not (math.isfinite(value) and abs(value) <= MAX_PARAMETER):
            raise DataError("bad_parameter", {"name": name, "value": value, "limit": MAX_PARAMETER})
    rng = np.random.default_rng(check_seed(seed))
    x = rng.uniform(x_low, x_high, size=n)
    y = intercept + slope * x + rng.normal(0.0, noise, size=n)
    return make_points(x, y)


def load_points_csv(path: str | os.PathLike[str], columns: Sequence[str | int] | None = None) -> Points:
    """Read x,y points from a CSV file (see core.tabular for the accepted shape).

    The columns are those named x and y in the header (or an alias in CSV_ROLES), else the
    first two; `columns` chooses them instead, by header name or 0-based index (x first).
    The result's `columns` says which were used.
    """
    table = read_table(path, CSV_ROLES, columns, max_rows=MAX_POINTS)
    try:
        points = make_points(table.values[:, 0], table.values[:, 1])
    except DataError as exc:
        exc.details.setdefault("path", str(path))
        if "column" in exc.details and table.choice.names[0]:  # say the file's own name for it
            role = {"x": 0, "y": 1}.get(exc.details["column"])
            if role is not None:
                exc.details["column"] = table.choice.names[role]
        raise
    return replace(points, columns=table.choice)


# --------------------------------------------------------------------------- exact answer


@dataclass(frozen=True)
class Moments:
    """The sufficient statistics of J for a data set (x possibly standardised)."""

    n: int
    x_mean: float
    y_mean: float
    sxx: float  # mean((x - x̄)²)
    sxy: float  # mean((x - x̄)(y - ȳ))
    syy: float  # mean((y - ȳ)²)
    j_star: float  # min J = mean(residual²)/2 of the least-squares line

    @staticmethod
    def of(x: np.ndarray, y: np.ndarray) -> "Moments":
        """The moments, computed on x and y scaled by powers of two into (-1, 1) and scaled
        back: the same bits as the direct sums, which could overflow for large data."""
        ex = exponent_of(float(np.max(np.abs(x))))
        ey = exponent_of(float(np.max(np.abs(y))))
        u = np.ldexp(x, -ex)
        v = np.ldexp(y, -ey)
        um = float(np.mean(u))
        vm = float(np.mean(v))
        du = u - um
        dv = v - vm
        suu = float(np.dot(du, du)) / x.size
        suv = float(np.dot(du, dv)) / x.size
        svv = float(np.dot(dv, dv)) / x.size
        resid = dv - (suv / suu) * du
        j = 0.5 * float(np.dot(resid, resid)) / x.size
        return Moments(int(x.size), ldexp(um, ex), ldexp(vm, ey), ldexp(suu, 2 * ex), ldexp(suv, ex + ey),
                       ldexp(svv, 2 * ey), ldexp(j, 2 * ey))

    @property
    def beta(self) -> float:
        return self.sxy / self.sxx

    def loss(self, c0: float | np.ndarray, c1: float | np.ndarray) -> float | np.ndarray:
        """J at (c0, c1): J* + ½a² + ½·Sxx·(c1 − β)², with a the mean residual."""
        a = c0 + c1 * self.x_mean - self.y_mean
        d = c1 - self.beta
        return self.j_star + 0.5 * a * a + 0.5 * self.sxx * d * d

    def hessian(self) -> np.ndarray:
        """∇²J in (c0, c1): [[1, x̄], [x̄, mean(x²)]]."""
        xm = self.x_mean
        return np.array([[1.0, xm], [xm, self.sxx + xm * xm]])


@dataclass(frozen=True)
class LeastSquares:
    """The closed-form least-squares line, as scikit-learn's LinearRegression reports it."""

    slope: float
    intercept: float
    r2: float
    loss: float


def least_squares(points: Points) -> LeastSquares:
    """The exact minimiser of J, its R² and J*."""
    m = Moments.of(points.x, points.y)
    slope = m.beta
    intercept = m.y_mean - slope * m.x_mean
    r2 = 1.0 - (2.0 * m.j_star) / m.syy if m.syy > 0 else 1.0
    return LeastSquares(slope, intercept, r2, m.j_star)


def loss_grid(points: Points, intercepts: np.ndarray, slopes: np.ndarray) -> np.ndarray:
    """J on the grid intercepts × slopes, shape (len(intercepts), len(slopes))."""
    m = Moments.of(points.x, points.y)
    return np.asarray(m.loss(intercepts[:, None], slopes[None, :]), dtype=np.float64)


# --------------------------------------------------------------------------- descent


@dataclass(frozen=True)
class GDConfig:
    """Hyperparameters of the descent. start is (intercept, slope) in original units.

    optimizer is the update rule (core.optim; plain gradient descent by default); its lr is
    always this config's lr (set on construction), so the two never disagree.
    """

    lr: float = 0.01
    intercept_lr_scale: float = 1.0
    standardize: bool = False
    max_iters: int = 3000
    tol: float = 1e-12
    start: tuple[float, float] = (1.0, 1.0)
    optimizer: OptimConfig = OptimConfig()

    def __post_init__(self) -> None:
        if self.optimizer.lr != self.lr:
            object.__setattr__(self, "optimizer", replace(self.optimizer, lr=self.lr))

    def validated(self) -> "GDConfig":
        """Return self, or raise ConfigError naming the bad field."""
        if not (math.isfinite(self.lr) and self.lr > 0):
            raise ConfigError("lr_not_positive", {"lr": self.lr})
        self.optimizer.validated()
        if not (math.isfinite(self.intercept_lr_scale) and self.intercept_lr_scale > 0):
            raise ConfigError("scale_not_positive", {"scale": self.intercept_lr_scale})
        low, high = SCALE_LIMITS
        if not low <= self.intercept_lr_scale <= high:
            raise ConfigError("scale_out_of_range", {"scale": self.intercept_lr_scale, "low": low, "high": high})
        if not (1 <= int(self.max_iters) <= MAX_ITERS):
            raise ConfigError("bad_max_iters", {"max_iters": self.max_iters, "limit": MAX_ITERS})
        if not (math.isfinite(self.tol) and self.tol >= 0):
            raise ConfigError("bad_tolerance", {"tol": self.tol})
        if not all(math.isfinite(v) for v in self.start):
            raise ConfigError("bad_start", {"start": self.start})
        return self


@dataclass(frozen=True)
class Stability:
    """Why a rate converges or not: eigenvalues of the rate-scaled Hessian D^½·H·D^½ / lr."""

    lambda_max: float
    lambda_min: float
    max_stable_lr: float  # 2 / λmax: any lr at or above this diverges
    condition: float  # λmax / λmin, at most CONDITION_CAP: how many times slower the slow direction is


def stability(points: Points, config: GDConfig) -> Stability:
    """The largest stable learning rate for this data and these settings (always finite)."""
    return _stability_of(_moments(points, config.standardize), config.intercept_lr_scale)


def _stability_of(m: Moments, s: float) -> Stability:
    """Stability from the moments of the run's coordinates and the intercept's rate factor s.

    The 2×2 eigenvalues in closed form: λmax = mid + radius has no cancellation, and
    λmin = det/λmax with det = s·Sxx from the centred variance, so a huge offset (1e12 + x)
    still gives the right small eigenvalue where a numeric solver returns 0 or less.
    """
    a, b, c = s, math.sqrt(s) * m.x_mean, m.sxx + m.x_mean * m.x_mean
    lmax = 0.5 * (a + c) + math.hypot(0.5 * (a - c), b)
    lmin = s * m.sxx / lmax
    condition = lmax / lmin if lmin > 0 and lmax / lmin < CONDITION_CAP else CONDITION_CAP
    return Stability(lmax, lmin, 2.0 / lmax, condition)


#: a condition number above this makes a valley worth a word: the slow direction needs
#: thousands of steps for each tenfold
VALLEY_CONDITION = 1000.0


@dataclass(frozen=True)
class Valley:
    """Why the loss surface, as the descent sees it, is a long narrow valley (κ large).

    cause: "none" (κ ≤ VALLEY_CONDITION), "factor" (the intercept's rate factor alone makes
    it: with standardised x the surface is round, or at ×1 κ would be small), "offset" (x
    lies far from 0 compared with its spread) or "spread" (x's spread is far from 1).
    best_factor is the rate factor that makes κ smallest on unstandardised x (the mean of
    x², within SCALE_LIMITS), and condition_at_best what κ is there.
    """

    cause: str
    condition: float
    condition_at_unit_factor: float
    best_factor: float
    condition_at_best: float
    x_mean: float
    x_std: float


def _valley_of(m: Moments, config: GDConfig) -> Valley:
    """The valley's cause from the moments of the run's coordinates (O(1), no pass over the data)."""
    s = config.intercept_lr_scale
    kappa = _stability_of(m, s).condition
    unit = _stability_of(m, 1.0).condition
    if config.standardize:  # the standardised surface is round: only the factor stretches it
        return Valley("none" if kappa <= VALLEY_CONDITION else "factor", kappa, unit, 1.0, unit, m.x_mean,
                      math.sqrt(m.sxx))
    low, high = SCALE_LIMITS
    best = min(max(m.sxx + m.x_mean * m.x_mean, low), high)
    at_best = _stability_of(m, best).condition
    if kappa <= VALLEY_CONDITION:
        cause = "none"
    elif unit <= VALLEY_CONDITION:
        cause = "factor"
    else:
        cause = "offset" if m.x_mean * m.x_mean > m.sxx else "spread"
    return Valley(cause, kappa, unit, best, at_best, m.x_mean, math.sqrt(m.sxx))


def valley(points: Points, config: GDConfig) -> Valley:
    """Why the descent's surface is a narrow valley for this data and these settings."""
    return _valley_of(_moments(points, config.standardize), config)


def _moments(points: Points, standardize: bool) -> Moments:
    if standardize:
        mu, sigma = _scaling(points)
        return Moments.of((points.x - mu) / sigma, points.y)
    return Moments.of(points.x, points.y)


def _scaling(points: Points) -> tuple[float, float]:
    return float(np.mean(points.x)), float(np.std(points.x))


@dataclass(frozen=True)
class RuleStep:
    """One step of an update rule in the run's coordinates: its step count t (after it), the
    points its gradient saw, θ before, the gradient, the rule's state after (core.optim's
    buffers, flat: momentum's b; AdaGrad's s; RMSProp's v; Adam's m then v, two numbers
 each) and θ after; batch 0: every point."""

    rule: str
    t: int
    batch: int
    theta: tuple[float, float]
    grad: tuple[float, float]
    state: tuple[float, ...]
    next_theta: tuple[float, float]


class LinearGD(DescentRun):
    """A steppable gradient-descent run with a full history and a cursor into it.

    History is kept in original units (intercept, slope, loss). Changing the configuration
    keeps the history up to the cursor and continues from there (see core.descent); a new
    update rule (config.optimizer other than its lr) starts again from iteration 0.

    The update rule: plain gradient descent (the default) runs the O(1) moments loop. Any
    other rule of core.optim steps the run's coordinates (θ0, θ1): the user's raw
    (intercept, slope) when x is not standardised, (θ0′, θ1′) on standardised x otherwise,
    with the intercept's rate lr·intercept_lr_scale and the slope's lr, exactly as torch.optim
    with two parameter groups (intercept, slope) would on J = 1/(2m)·Σ(h − y)². Full-batch
    gradients come from the moments (O(1) a step); mini-batches from their points. The
    optimizer's state after each step is part of the history, so stepping back, forking and
    replaying all go on with the same numbers. The loss recorded is always the full J.
    """

    def __init__(self, points: Points, config: GDConfig) -> None:
        self._points = points
        self._config = config.validated()
        self._prepare()
        self._reset_history(config.start)

    # ---- set-up
    def _prepare(self) -> None:
        cfg = self._config
        if cfg.standardize:
            self._mu, self._sigma = _scaling(self._points)
        else:
            self._mu, self._sigma = 0.0, 1.0
        self._m = _moments(self._points, cfg.standardize)

    def _start_loss(self, start: tuple[float, float]) -> float:
        """J at a start in original units, or ConfigError start_too_far where it overflows."""
        with np.errstate(over="ignore", invalid="ignore"):
            c0, c1 = self._to_internal(*start)
            loss = float(self._m.loss(c0, c1))
        if not math.isfinite(loss):
            raise ConfigError("start_too_far", {"start": tuple(start)})
        return loss

    def _reset_history(self, start: tuple[float, float]) -> None:
        loss = self._start_loss(start)
        cap = 1024
        self._b = np.empty(cap)
        self._k = np.empty(cap)
        self._loss = np.empty(cap)
        self._b[0], self._k[0] = start
        self._loss[0] = loss
        self._new_optimizer_history(cap)
        self._start_history()

    def _new_optimizer_history(self, cap: int) -> None:
        """The optimizer's state per history state, with row 0 its initial state."""
        opt = Optimizer(self._config.optimizer, 2)
        self._opt = np.empty((cap, opt.state_size))
        self._opt[0] = opt.buffers()
        self._sampler: BatchSampler | None = None

    def _to_internal(self, intercept: float, slope: float) -> tuple[float, float]:
        c1 = slope * self._sigma
        return intercept + slope * self._mu, c1

    # ---- the coordinates the descent runs in: (θ0′, θ1′) on standardised x, else (b, k)
    def to_internal(self, intercept: Any, slope: Any) -> tuple[Any, Any]:
        """(intercept, slope) in original units, scalars or arrays, as (θ0, θ1) in the run's
        coordinates: θ1′ = k·σ, θ0′ = b + k·μ on standardised x; unchanged otherwise."""
        with np.errstate(over="ignore", invalid="ignore"):
            return intercept + slope * self._mu, slope * self._sigma

    def from_internal(self, c0: Any, c1: Any) -> tuple[Any, Any]:
        """The inverse of to_internal: (θ0, θ1) of the run's coordinates as (intercept, slope)."""
        with np.errstate(over="ignore", invalid="ignore"):
            slope = c1 / self._sigma
            return c0 - slope * self._mu, slope

    @property
    def moments(self) -> Moments:
        """J's sufficient statistics in the run's coordinates (x standardised if chosen)."""
        return self._m

    @property
    def internal_optimum(self) -> tuple[float, float]:
        """The least-squares (θ0, θ1) in the run's coordinates, from its moments (no round trip)."""
        m = self._m
        return m.y_mean - m.beta * m.x_mean, m.beta

    def stability(self) -> Stability:
        """stability() for this run's data and settings, from its moments (O(1))."""
        return _stability_of(self._m, self._config.intercept_lr_scale)

    def valley(self) -> Valley:
        """valley() for this run's data and settings, from its moments (O(1))."""
        return _valley_of(self._m, self._config)

    def excess_grid(self, c0: np.ndarray, c1: np.ndarray) -> np.ndarray:
        """J − J* on the grid c0 × c1 of the run's coordinates, shape (len(c0), len(c1)),
        computed without cancellation; +inf where it leaves float64 (never NaN)."""
        m = self._m
        with np.errstate(over="ignore", invalid="ignore"):
            a = np.asarray(c0, dtype=np.float64)[:, None] + np.asarray(c1, dtype=np.float64)[None, :] * m.x_mean \
                - m.y_mean
            d = np.asarray(c1, dtype=np.float64)[None, :] - m.beta
            out = 0.5 * a * a + 0.5 * m.sxx * d * d
        out[~np.isfinite(out)] = np.inf
        return out

    # ---- public state
    @property
    def points(self) -> Points:
        return self._points

    @property
    def config(self) -> GDConfig:
        return self._config

    @property
    def intercept(self) -> float:
        return float(self._b[self._pos])

    @property
    def slope(self) -> float:
        return float(self._k[self._pos])

    @property
    def loss(self) -> float:
        return float(self._loss[self._pos])

    @property
    def internal_theta(self) -> tuple[float, float]:
        """(θ0, θ1) in the coordinates the descent runs in (standardised x if chosen)."""
        return self._to_internal(self.intercept, self.slope)

    def history(self, upto: int | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Read-only views (intercepts, slopes, losses) of states 0..upto (the cursor by default)."""
        stop = (self._pos if upto is None else min(upto, self._end - 1)) + 1
        views = (self._b[:stop], self._k[:stop], self._loss[:stop])
        for v in views:
            v.flags.writeable = False
        return views

    # ---- changes
    def set_config(self, config: GDConfig) -> None:
        """New hyperparameters: the history after the cursor is dropped, the run goes on."""
        config = config.validated()
        old = self._config
        self._note_config_change(old)
        self._config = config
        if config.standardize != old.standardize:
            self._prepare()
            self._sampler = None
        if not config.optimizer.same_rule(old.optimizer):  # another rule: the race starts again
            self._pos = 0
            self._new_optimizer_history(self._b.shape[0])
        self._truncate()

    def set_points(self, points: Points) -> None:
        """New data: the descent goes on from the current line (iteration 0 is now), or from
        the configured start, or (0, 0), when the current line's loss overflows on it."""
        current = (self.intercept, self.slope)
        self._points = points
        self._prepare()
        for start in (current, self._config.start, (0.0, 0.0)):
            try:
                self._reset_history(start)
                return
            except ConfigError:
                continue
        raise ConfigError("start_too_far", {"start": current})  # not reached: J(0, 0) = ½·mean(y²)

    def set_start(self, intercept: float, slope: float) -> None:
        """Start again from a new point (a click on the loss surface); ConfigError if J overflows there."""
        config = replace(self._config, start=(float(intercept), float(slope))).validated()
        self._reset_history(config.start)
        self._config = config

    def reset(self) -> None:
        """Back to the start point with an empty history."""
        self._reset_history(self._config.start)

    _history_arrays = ("_b", "_k", "_loss", "_opt")

    def _max_iters(self) -> int:
        return self._config.max_iters

    def _loss_of(self, i: int) -> float:
        return float(self._loss[i])

    def _judge_window(self) -> int:
        sampler = self._batches()
        return sampler.per_epoch if sampler is not None else 1

    def fork(self) -> DescentRun:
        f = super().fork()
        f._sampler = None  # type: ignore[attr-defined]  # its own cache: the fork steps on another thread
        return f

    def _batches(self) -> BatchSampler | None:
        """The mini-batch sampler of a stochastic rule (None: the full batch)."""
        opt = self._config.optimizer
        if opt.batch_size is None:
            return None
        sampler = getattr(self, "_sampler", None)
        if sampler is None or sampler.batch_size != min(opt.batch_size, self._points.n) or sampler.seed != opt.seed:
            sampler = self._sampler = BatchSampler(self._points.n, opt.batch_size, opt.seed)
            self._xs = (self._points.x - self._mu) / self._sigma if self._config.standardize else self._points.x
        return sampler

    def _stalled(self) -> bool:
        """No progress: the excess loss J − J* is no smaller than at the start (a start already
        at the optimum has nothing to learn, so it is not a stall)."""
        jstar = self._m.j_star
        excess0 = float(self._loss[0]) - jstar
        excess = float(self._loss[self._end - 1]) - jstar
        return excess0 > 1e-9 * max(jstar, float(self._loss[0])) and excess >= excess0 * (1.0 - 1e-6)

    def _compute(self, n: int, deadline: float | None) -> tuple[int, StopReason | None]:
        """The hot loop: plain floats, the stop rules inlined (a method call per step would
        cost a tenth of the step)."""
        if self._config.optimizer.name != "gd":
            return self._compute_rule(n, deadline)
        self._grow(self._end + n)
        cfg = self._config
        m = self._m
        xm, ym, sxx, beta, jstar = m.x_mean, m.y_mean, m.sxx, m.beta, m.j_star
        lr1 = cfg.lr
        lr0 = cfg.lr * cfg.intercept_lr_scale
        mu, sigma, tol = self._mu, self._sigma, cfg.tol
        i = self._end - 1
        c0, c1 = self._to_internal(float(self._b[i]), float(self._k[i]))
        prev = float(self._loss[i])
        rises = self._rises
        b_arr, k_arr, l_arr = self._b, self._k, self._loss
        done = 0
        reason: StopReason | None = None
        isfinite = math.isfinite
        while done < n:
            # the gradient of J: g0 = mean(h - y) = a, g1 = mean((h - y)·x) = a·x̄ + Sxx·(c1 - β)
            a = c0 + c1 * xm - ym
            d = c1 - beta
            g1 = a * xm + sxx * d
            n0 = c0 - lr0 * a
            n1 = c1 - lr1 * g1
            a = n0 + n1 * xm - ym
            d = n1 - beta
            loss = jstar + 0.5 * a * a + 0.5 * sxx * d * d
            if not (isfinite(loss) and isfinite(n0) and isfinite(n1)):
                reason = StopReason.DIVERGED  # keep the last finite state
                break
            c0, c1 = n0, n1
            i += 1
            done += 1
            b_arr[i] = c0 - c1 * mu / sigma
            k_arr[i] = c1 / sigma
            l_arr[i] = loss
            if loss > prev * (1.0 + 1e-12) + 1e-300:  # the rules of DescentRun.judge
                rises += 1
                if rises >= DIVERGE_RISES:
                    reason = StopReason.DIVERGED
                    break
            else:
                rises = 0
                if tol > 0 and prev - loss <= tol * max(loss, 1e-300):
                    reason = StopReason.TOLERANCE
                    break
            prev = loss
            if deadline is not None and (done & 255) == 0 and time.perf_counter() > deadline:
                break
        self._rises = rises
        return done, reason

    def rule_step(self) -> "RuleStep":
        """The next step of the update rule from the cursor, as `_compute_rule` takes it: the
        gradient it follows (a mini-batch's for a stochastic rule), the rule's state after it
        and the θ it gives (the formula pane's numbers; nothing is stored)."""
        cfg = self._config
        i = self._pos
        it0 = self._base + i
        opt = Optimizer.restore(cfg.optimizer, 2, it0, self._opt[i], np.array([cfg.intercept_lr_scale, 1.0]))
        theta = np.array(self._to_internal(float(self._b[i]), float(self._k[i])))
        m = self._m
        sampler = self._batches()
        with np.errstate(over="ignore", invalid="ignore"):
            if sampler is None:
                a = theta[0] + theta[1] * m.x_mean - m.y_mean
                grad = np.array([a, a * m.x_mean + m.sxx * (theta[1] - m.beta)])
                batch = 0
            else:
                idx = sampler.indices(it0)
                xb = self._xs[idx]
                r = theta[0] + theta[1] * xb - self._points.y[idx]
                grad = np.array([np.mean(r), np.mean(r * xb)])
                batch = int(idx.size)
            new = opt.step(theta, grad)
        return RuleStep(cfg.optimizer.name, opt.t, batch, (float(theta[0]), float(theta[1])),
                        (float(grad[0]), float(grad[1])), tuple(float(v) for v in opt.state.reshape(-1)),
                        (float(new[0]), float(new[1])))

    def _compute_rule(self, n: int, deadline: float | None) -> tuple[int, StopReason | None]:
        """Steps of any other update rule (core.optim) in the run's coordinates."""
        self._grow(self._end + n)
        cfg = self._config
        m = self._m
        xm, ym, sxx, beta, jstar = m.x_mean, m.y_mean, m.sxx, m.beta, m.j_star
        mu, sigma, tol = self._mu, self._sigma, cfg.tol
        sampler = self._batches()
        monotone = cfg.optimizer.monotone
        i = self._end - 1
        it0 = self._base + i  # the rule's step count: its state starts with the run
        opt = Optimizer.restore(cfg.optimizer, 2, it0, self._opt[i], np.array([cfg.intercept_lr_scale, 1.0]))
        theta = np.array(self._to_internal(float(self._b[i]), float(self._k[i])))
        prev = float(self._loss[i])
        done = 0
        reason: StopReason | None = None
        while done < n:
            if sampler is None:
                a = theta[0] + theta[1] * xm - ym
                grad = np.array([a, a * xm + sxx * (theta[1] - beta)])
            else:
                idx = sampler.indices(it0 + done)
                xb = self._xs[idx]
                with np.errstate(over="ignore", invalid="ignore"):
                    r = theta[0] + theta[1] * xb - self._points.y[idx]
                    grad = np.array([np.mean(r), np.mean(r * xb)])
            new = opt.step(theta, grad)
            n0, n1 = float(new[0]), float(new[1])
            with np.errstate(over="ignore", invalid="ignore"):
                a = n0 + n1 * xm - ym
                d = n1 - beta
                loss = jstar + 0.5 * a * a + 0.5 * sxx * d * d
            if not (math.isfinite(loss) and math.isfinite(n0) and math.isfinite(n1)):
                reason = StopReason.DIVERGED  # keep the last finite state
                break
            theta = new
            i += 1
            done += 1
            self._b[i] = n0 - n1 * mu / sigma
            self._k[i] = n1 / sigma
            self._loss[i] = loss
            self._opt[i] = opt.buffers()
            reason = self.judge(prev, loss, tol) if monotone else self.judge_free(self._base + i, loss, tol)
            if reason is not None:
                break
            prev = loss
            if deadline is not None and (done & 15) == 0 and time.perf_counter() > deadline:
                break
        return done, reason


# --------------------------------------------------------------------------- the seed's preset


@dataclass(frozen=True)
class SeedPreset:
    """The seed's loop (lr 5e-5, intercept ×10000, 3000 iterations, k=b=1) and data like its
    dial pixels: x in 100–200 around the line scikit-learn printed (0.431·x + 73.0, R² ≈ 0.85)."""

    n: int = 1500
    slope: float = 0.43111815
    intercept: float = 73.02176077297048
    noise: float = 5.3
    seed: int = 1115
    config: GDConfig = GDConfig(
        lr=5e-5, intercept_lr_scale=10000.0, standardize=False, max_iters=3000, tol=0.0, start=(1.0, 1.0)
    )

    def points(self) -> Points:
        return synthetic_points(self.n, self.slope, self.intercept, self.noise, self.seed)


SEED_PRESET = SeedPreset()


# --------------------------------------------------------------------------- the gradient, on its own


def gradient_of(m: Moments, c0: float, c1: float) -> tuple[float, float]:
    """∇J at (c0, c1) from the moments, by the very operations LinearGD's step uses:
    ∂J/∂θ0 = mean(h − y) = a, ∂J/∂θ1 = mean((h − y)·x) = a·x̄ + Sxx·(θ1 − β)."""
    a = c0 + c1 * m.x_mean - m.y_mean
    return a, a * m.x_mean + m.sxx * (c1 - m.beta)


def gradient(points: Points, intercept: float, slope: float) -> tuple[float, float]:
    """(∂J/∂θ0, ∂J/∂θ1) of J(θ) = 1/(2m)·Σ(θ0 + θ1·x − y)² at (intercept, slope), in O(1)
    after the data's moments (the formula pane shows it beside the update rule)."""
    return gradient_of(Moments.of(points.x, points.y), intercept, slope)
