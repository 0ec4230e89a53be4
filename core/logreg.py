"""Logistic regression by batch gradient descent, as in the seed (1.2), for two classes and many.

Every strategy is a set of P linear models over the same features A = [φ(x), 1]:
  - binary: one sigmoid model (the seed's);
  - one-vs-rest: K sigmoid models, class k against all others, each on every point;
  - one-vs-one: K(K−1)/2 sigmoid models, class i against class j, each on those two
    classes' points only (a mask);
  - softmax: one model with K outputs.
The weights are one matrix W of shape (d+1, P), intercept in the last row, so one step of
all the models is a handful of vectorised matrix products. The cross-entropy is computed
from logits with logaddexp (never log(σ)), so no weight, however large, gives NaN.

The reference answer is Newton's method (IRLS) on the same objective, optionally with an
L2 penalty in scikit-learn's convention: C·Σ CE + ½‖w‖², intercept not penalised, which in
mean form is mean CE + λ/2·‖w‖² with λ = 1/(C·m) for a model trained on m points.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, replace

import numpy as np

from core.datasets2d import Labeled, check_scale, polynomial_features
from core.descent import DescentRun, StopReason
from core.errors import ConfigError, DataError, NumericError
from core.numeric import column_scale
from core.optim import BatchSampler, OptimConfig, Optimizer

STRATEGIES = ("ovr", "ovo", "softmax")
MAX_ITERS = 50_000


# --------------------------------------------------------------------------- problem set-up


@dataclass(frozen=True)
class Decomposition:
    """How K classes become P models: who is positive, who takes part, in each model."""

    kind: str  # "binary", "ovr", "ovo" or "softmax"
    k: int
    pairs: tuple[tuple[int, int], ...]  # (positive class, negative class or -1 for "the rest")
    targets: np.ndarray  # (n, P) 1.0 for the positive class
    mask: np.ndarray  # (n, P) 1.0 where the point takes part in the model
    counts: np.ndarray  # (P,) points per model

    @property
    def models(self) -> int:
        return 1 if self.kind == "softmax" else len(self.pairs)

    @property
    def outputs(self) -> int:
        """Columns of W: K for softmax, one per model otherwise."""
        return self.k if self.kind == "softmax" else len(self.pairs)

    def balance(self) -> np.ndarray:
        """(P, 2) points of the positive and the negative side of each sigmoid model."""
        pos = (self.targets * self.mask).sum(axis=0)
        return np.stack([pos, self.counts - pos], axis=1)


def decompose(y: np.ndarray, k: int, strategy: str) -> Decomposition:
    """Split labels 0..k−1 into the models of a strategy (two classes: one binary model)."""
    if strategy not in STRATEGIES:
        raise ConfigError("bad_strategy", {"strategy": strategy, "choices": STRATEGIES})
    if k < 2:
        raise DataError("one_class", {"count": k})
    n = y.shape[0]
    if strategy == "softmax":
        targets = np.zeros((n, k))
        targets[np.arange(n), y] = 1.0
        return Decomposition("softmax", k, tuple((c, -1) for c in range(k)), targets, np.ones((n, k)),
                             np.full(k, float(n)))
    if k == 2:
        pairs: tuple[tuple[int, int], ...] = ((1, 0),)
        kind = "binary"
    elif strategy == "ovr":
        pairs = tuple((c, -1) for c in range(k))
        kind = "ovr"
    else:
        pairs = tuple((i, j) for i in range(k) for j in range(i + 1, k))
        kind = "ovo"
    # each class's row of targets and mask, looked up for every point: one gather, where a
    # comparison per model took several passes over the points (a million, 15 models)
    pos = np.eye(k)[:, [i for i, _ in pairs]]
    targets = pos[y]
    if kind == "ovo":
        mask = (pos + np.eye(k)[:, [j for _, j in pairs]])[y]
    else:
        mask = np.ones((n, len(pairs)))
    return Decomposition(kind, k, pairs, targets, mask, mask.sum(axis=0))


def design(X: np.ndarray, poly: bool) -> np.ndarray:
    """A = [φ(x), 1]: the features (x1, x2, or their degree-2 map) and a column of ones."""
    phi = polynomial_features(X) if poly else np.asarray(X, dtype=np.float64)
    return np.hstack([phi, np.ones((phi.shape[0], 1))])


# --------------------------------------------------------------------------- the objective


def sigmoid(z: np.ndarray) -> np.ndarray:
    """σ(z) without overflow for any finite z."""
    return np.exp(-np.logaddexp(0.0, -z))


def softmax(z: np.ndarray) -> np.ndarray:
    """Row-wise softmax, max-subtracted (the overflow-safe form)."""
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


class Objective:
    """Loss, gradient and predictions of all models of a decomposition at once."""

    def __init__(self, A: np.ndarray, dec: Decomposition, lam: np.ndarray,
                 penal: np.ndarray | None = None) -> None:
        self.A = A
        self.dec = dec
        self.lam = lam  # (outputs,) L2 strength per column (0 when unpenalised)
        if penal is None:
            penal = np.ones(A.shape[1])
            penal[-1] = 0.0  # the intercept is not penalised
        # the penalty is λ/2·Σ(penal·w)²: weights other than 1 let Newton work on rescaled features
        self.penal = penal
        m = dec.counts if dec.kind != "softmax" else np.full(dec.k, float(A.shape[0]))
        self.m = np.maximum(m, 1.0)

    def logits(self, W: np.ndarray, A: np.ndarray | None = None) -> np.ndarray:
        return (self.A if A is None else A) @ W

    def evaluate(self, W: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Per-model losses (P,), the gradient (d+1, outputs) and the logits, from one pass."""
        Z = self.A @ W
        reg = 0.5 * self.lam * ((W * self.penal[:, None]) ** 2).sum(axis=0)
        if self.dec.kind == "softmax":
            zmax = Z.max(axis=1, keepdims=True)
            E = np.exp(Z - zmax)
            total = E.sum(axis=1, keepdims=True)
            lse = (zmax + np.log(total))[:, 0]
            n = Z.shape[0]
            ce = lse - (Z * self.dec.targets).sum(axis=1)
            loss = np.array([ce.mean() + reg.sum()])
            G = self.A.T @ (E / total - self.dec.targets) / n
        else:
            T, M = self.dec.targets, self.dec.mask
            L = np.logaddexp(0.0, Z)  # log(1 + e^z), never overflows
            loss = ((L - T * Z) * M).sum(axis=0) / self.m + reg
            G = self.A.T @ ((np.exp(Z - L) - T) * M) / self.m  # e^(z − log(1+e^z)) = σ(z)
        G += self.lam * W * (self.penal * self.penal)[:, None]
        return loss, G, Z

    def loss_grad(self, W: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Per-model losses (P,) and the gradient (d+1, outputs)."""
        loss, G, _ = self.evaluate(W)
        return loss, G

    def loss(self, W: np.ndarray) -> np.ndarray:
        return self.loss_grad(W)[0]

    def scores(self, Z: np.ndarray) -> np.ndarray:
        return class_scores(Z, self.dec)

    def predict(self, W: np.ndarray, A: np.ndarray | None = None) -> np.ndarray:
        return predict_from_logits(self.logits(W, A), self.dec)


def predict_from_logits(Z: np.ndarray, dec: Decomposition) -> np.ndarray:
    """Predicted classes from logits; σ and softmax are monotone, so no probability is needed."""
    if dec.kind == "binary":
        return (Z[:, 0] >= 0).astype(np.int64)
    if dec.kind in ("ovr", "softmax"):
        return np.argmax(Z, axis=1)
    return np.argmax(ovo_votes(Z, dec), axis=1)


def class_scores(Z: np.ndarray, dec: Decomposition) -> np.ndarray:
    """Per-class scores (n, K) from logits: probabilities, or OvO votes plus a tie-break."""
    if dec.kind == "softmax":
        return softmax(Z)
    if dec.kind == "binary":
        p1 = sigmoid(Z[:, 0])
        return np.stack([1.0 - p1, p1], axis=1)
    if dec.kind == "ovr":
        return sigmoid(Z)
    return ovo_votes(Z, dec)


def ovo_votes(Z: np.ndarray, dec: Decomposition) -> np.ndarray:
    """Votes per class (n, K), plus confidences scaled below one vote (scikit-learn's tie-break)."""
    # class by class on contiguous rows (Zᵀ), the same sums in the same order as column by
    # column, several times faster on a million points
    Zt = np.ascontiguousarray(Z.T)
    votes = np.zeros((dec.k, Z.shape[0]))
    conf = np.zeros((dec.k, Z.shape[0]))
    for p, (i, j) in enumerate(dec.pairs):
        z = Zt[p]
        ahead = z >= 0
        votes[i] += ahead
        votes[j] += ~ahead
        conf[i] += z
        conf[j] -= z
    return (votes + conf / (3.0 * (np.abs(conf) + 1.0))).T


def ovo_ties(Z: np.ndarray, dec: Decomposition) -> np.ndarray:
    """True where two or more classes share the most votes (the ambiguous areas of OvO)."""
    n = Z.shape[0]
    votes = np.zeros((n, dec.k))
    for p, (i, j) in enumerate(dec.pairs):
        votes[:, i] += Z[:, p] >= 0
        votes[:, j] += Z[:, p] < 0
    top = votes.max(axis=1, keepdims=True)
    return (votes == top).sum(axis=1) > 1


def l2_strength(dec: Decomposition, C: float | None) -> np.ndarray:
    """λ per output column for scikit-learn's C (None: no penalty)."""
    if C is None:
        return np.zeros(dec.outputs)
    if dec.kind == "softmax":
        return np.full(dec.k, 1.0 / (C * dec.targets.shape[0]))
    return 1.0 / (C * np.maximum(dec.counts, 1.0))


# --------------------------------------------------------------------------- configuration


@dataclass(frozen=True)
class LogRegConfig:
    """Hyperparameters. init = (w1, w2, b) for a two-class linear model (the seed's 1,1,1).

    optimizer is the update rule (core.optim; plain gradient descent by default); its lr is
    always this config's lr (set on construction), so the two never disagree.
    """

    lr: float = 0.1
    max_iters: int = 3000
    tol: float = 0.0
    l2_C: float | None = None
    strategy: str = "ovr"
    poly: bool = False
    init: tuple[float, ...] | None = None
    optimizer: OptimConfig = OptimConfig()

    def __post_init__(self) -> None:
        if self.optimizer.lr != self.lr:
            object.__setattr__(self, "optimizer", replace(self.optimizer, lr=self.lr))

    def validated(self) -> "LogRegConfig":
        if not (math.isfinite(self.lr) and self.lr > 0):
            raise ConfigError("lr_not_positive", {"lr": self.lr})
        self.optimizer.validated()
        if not (1 <= int(self.max_iters) <= MAX_ITERS):
            raise ConfigError("bad_max_iters", {"max_iters": self.max_iters, "limit": MAX_ITERS})
        if not (math.isfinite(self.tol) and self.tol >= 0):
            raise ConfigError("bad_tolerance", {"tol": self.tol})
        if self.l2_C is not None and not (math.isfinite(self.l2_C) and self.l2_C > 0):
            raise ConfigError("bad_l2", {"C": self.l2_C})
        if self.strategy not in STRATEGIES:
            raise ConfigError("bad_strategy", {"strategy": self.strategy, "choices": STRATEGIES})
        if self.init is not None and not all(math.isfinite(v) for v in self.init):
            raise ConfigError("bad_start", {"start": self.init})
        return self


def initial_weights(d1: int, outputs: int, init: tuple[float, ...] | None) -> np.ndarray:
    """Zeros, or the given (w..., b) for every model when its length fits."""
    W = np.zeros((d1, outputs))
    if init is not None:
        if len(init) != d1:
            raise ConfigError("bad_init_length", {"given": len(init), "expected": d1})
        W[:, :] = np.asarray(init, dtype=np.float64)[:, None]
    return W


# --------------------------------------------------------------------------- descent


@dataclass(frozen=True)
class Metrics:
    loss: float
    accuracy: float
    test_loss: float
    test_accuracy: float


class LogisticGD(DescentRun):
    """A steppable run of batch gradient descent on all the models of a strategy.

    A history of every state with a cursor (core.descent); a new rate, cap or tolerance
    keeps the history up to the cursor; a new update rule starts again from iteration 0.
    The update rule (config.optimizer, core.optim) steps W flattened row by row (for two
    classes: w1, w2, b), as torch.optim would on the mean cross-entropy (plus the penalty);
    mini-batches see their points only, the recorded metrics are always the full data's.
    The optimizer's state after each step is part of the history (stepping back, forks and
    replays go on with the same numbers).
    Metrics of a state are those of its weights (the seed printed the loss of the weights
    before each update, i.e. of the state the step started from).
    """

    def __init__(self, data: Labeled, config: LogRegConfig, test_mask: np.ndarray | None = None,
                 start_weights: np.ndarray | None = None) -> None:
        """start_weights (d+1, outputs), if given and of the right shape, replaces config.init:
        edited data goes on from the current models instead of starting over."""
        self._data = data
        self._config = config.validated()
        self._test = np.zeros(data.n, dtype=bool) if test_mask is None else np.asarray(test_mask, dtype=bool)
        if self._test.shape != (data.n,):
            raise DataError("bad_split", {"mask": self._test.shape, "points": data.n})
        self._prepare()
        W0 = initial_weights(self._A.shape[1], self._dec.outputs, config.init)
        if start_weights is not None and start_weights.shape == W0.shape and np.isfinite(start_weights).all():
            W0 = np.array(start_weights, dtype=np.float64)
        self._reset_history(W0)

    # ---- set-up
    def _prepare(self) -> None:
        cfg = self._config
        train = ~self._test
        if not train.any():
            raise DataError("no_training_points", {})
        y_train = self._data.y[train]
        k = self._data.k
        if np.unique(y_train).size < 2:
            raise DataError("one_class", {"count": int(np.unique(y_train).size)})
        A_all = design(self._data.X, cfg.poly)
        if cfg.poly:  # x1², x2², x1·x2 square the data again: stricter limits on x1 and x2
            check_scale(self._data.X, poly=True)
        self._A = A_all[train]
        self._A_test = A_all[self._test]
        self._y = y_train
        self._y_test = self._data.y[self._test]
        self._dec = decompose(y_train, k, cfg.strategy)
        self._obj = Objective(self._A, self._dec, l2_strength(self._dec, cfg.l2_C))
        self._dec_test = decompose(self._y_test, k, cfg.strategy) if self._test.any() else None
        self._obj_test = (Objective(self._A_test, self._dec_test, np.zeros(self._dec.outputs))
                          if self._dec_test is not None else None)
        # a step below 2/L never raises the loss: L bounds the Hessian (σ' ≤ 1/4)
        self._lipschitz = float(self._smoothness())
        self._null_loss, self._chance = self._baseline()

    def _smoothness(self) -> float:
        """L = max over models of ¼·λmax(A_pᵀA_p / m_p) + λ_p (½ for softmax).

        Each model's matrix is a sum of per-class Gram matrices AᵀA over that class's rows, so
        one pass over the points gives them all (a model of one-vs-one no longer multiplies
        every row by its mask, and one-vs-rest's models share one matrix). The door
        (core.numeric, check_scale) keeps every feature within 1e150, so the Gram matrices
        are finite; _top_eigenvalue checks anyway, so LAPACK never sees NaN or inf."""
        A, dec, lam = self._A, self._dec, self._obj.lam
        if dec.kind == "softmax":
            return _top_eigenvalue(A.T @ A / A.shape[0]) * 0.5 + float(lam.max())
        if dec.kind != "ovo":  # every model sees every point: one matrix
            return 0.25 * _top_eigenvalue(A.T @ A / A.shape[0]) + float(lam.max())
        grams = [A[self._y == c].T @ A[self._y == c] for c in range(dec.k)]
        sizes = np.bincount(self._y, minlength=dec.k)
        best = 0.0
        for p, (i, j) in enumerate(dec.pairs):
            H = (grams[i] + grams[j]) / max(float(sizes[i] + sizes[j]), 1.0)
            best = max(best, 0.25 * _top_eigenvalue(H) + float(lam[p]))
        return best

    def _baseline(self) -> tuple[float, float]:
        """The loss of the best constant models (each predicting its own class frequency: what
        is learned from the labels alone) and the accuracy of always guessing the commonest
        class. A run that beats neither has learned nothing from the features."""
        dec = self._dec
        sizes = np.bincount(self._y, minlength=dec.k).astype(np.float64)
        with np.errstate(divide="ignore", invalid="ignore"):
            if dec.kind == "softmax":
                f = sizes / self._y.size
                null = float(-(f[f > 0] * np.log(f[f > 0])).sum())
            else:  # each sigmoid model: its positive class's share of the points it sees
                f = sizes[[pos for pos, _ in dec.pairs]] / np.maximum(dec.counts, 1.0)
                h = -(np.where(f > 0, f * np.log(f), 0.0) + np.where(f < 1, (1 - f) * np.log1p(-f), 0.0))
                null = float(h.mean())
        return null, float(sizes.max() / self._y.size)

    def _reset_history(self, W0: np.ndarray) -> None:
        cap = 256
        self._W = np.empty((cap,) + W0.shape)
        self._metrics = np.empty((cap, 4))
        self._model_loss = np.empty((cap, self._dec.models))
        self._W[0] = W0
        with np.errstate(over="ignore", invalid="ignore"):
            self._fill_metrics(0)
        if not np.isfinite(self._metrics[0, :2]).all():  # else the first step would "diverge"
            raise ConfigError("start_too_far", {"start": tuple(float(v) for v in W0[:, 0])})
        self._new_optimizer_history(cap)
        self._start_history()

    def _new_optimizer_history(self, cap: int) -> None:
        """The optimizer's state per history state, with row 0 its initial state."""
        opt = Optimizer(self._config.optimizer, self._W[0].size)
        self._opt = np.empty((cap, opt.state_size))
        self._opt[0] = opt.buffers()
        self._sampler: BatchSampler | None = None

    def _fill_metrics(self, i: int) -> None:
        W = self._W[i]
        losses, _, Z = self._obj.evaluate(W)
        self._model_loss[i] = losses
        self._metrics[i, 0] = losses.mean()
        self._metrics[i, 1] = np.mean(predict_from_logits(Z, self._dec) == self._y)
        self._metrics[i, 2:] = self._test_metrics(W)

    def _test_metrics(self, W: np.ndarray) -> tuple[float, float]:
        if self._obj_test is None:
            return (math.nan, math.nan)
        return (float(self._obj_test.loss(W).mean()), float(np.mean(self._obj_test.predict(W) == self._y_test)))

    # ---- state
    @property
    def data(self) -> Labeled:
        return self._data

    @property
    def config(self) -> LogRegConfig:
        return self._config

    @property
    def decomposition(self) -> Decomposition:
        return self._dec

    @property
    def objective(self) -> Objective:
        return self._obj

    @property
    def test_mask(self) -> np.ndarray:
        return self._test

    @property
    def weights(self) -> np.ndarray:
        """W at the cursor, (d+1, outputs), intercept in the last row (a copy)."""
        return self._W[self._pos].copy()

    @property
    def start_weights(self) -> np.ndarray:
        """W of iteration 0 (a copy): the config's init, or the models edited data went on from."""
        return self._W[0].copy()

    @property
    def metrics(self) -> Metrics:
        return Metrics(*(float(v) for v in self._metrics[self._pos]))

    @property
    def model_losses(self) -> np.ndarray:
        return self._model_loss[self._pos].copy()

    @property
    def max_stable_lr(self) -> float:
        """2/L: any rate below it lowers the loss at every step (a guarantee, not a limit)."""
        return 2.0 / self._lipschitz

    def history(self, upto: int | None = None) -> np.ndarray:
        """(n, 4) read-only metrics of states 0..upto: loss, accuracy, test loss, test accuracy."""
        stop = (self._pos if upto is None else min(upto, self._end - 1)) + 1
        view = self._metrics[:stop]
        view.flags.writeable = False
        return view

    def weights_history(self, upto: int | None = None) -> np.ndarray:
        """(n, d+1, outputs) read-only weights of states 0..upto (default: the cursor): the path."""
        stop = (self._pos if upto is None else min(upto, self._end - 1)) + 1
        view = self._W[:stop]
        view.flags.writeable = False
        return view

    # ---- changes
    def set_config(self, config: LogRegConfig) -> None:
        """New hyperparameters. Rate, cap and tolerance keep the history up to the cursor;
        a new strategy, feature map or penalty changes the models and starts again."""
        config = config.validated()
        old = self._config
        self._note_config_change(old)
        self._config = config
        if (config.strategy, config.poly, config.l2_C) != (old.strategy, old.poly, old.l2_C):
            self._prepare()
            self._reset_history(initial_weights(self._A.shape[1], self._dec.outputs, self._init_for(config)))
            return
        if not config.optimizer.same_rule(old.optimizer):  # another rule: the race starts again
            self._pos = 0
            self._new_optimizer_history(self._W.shape[0])
        self._truncate()

    def _init_for(self, config: LogRegConfig) -> tuple[float, ...] | None:
        if config.init is not None and len(config.init) == self._A.shape[1]:
            return config.init
        return None

    def reset(self) -> None:
        """Back to the start with an empty history. The first state is kept when it is the
        start (re-evaluating it meant a pass over every point: seconds for a million)."""
        W0 = initial_weights(self._A.shape[1], self._dec.outputs, self._init_for(self._config))
        if np.array_equal(self._W[0], W0):
            self._pos = 0
            self._truncate()
            return
        self._reset_history(W0)

    _history_arrays = ("_W", "_metrics", "_model_loss", "_opt")

    def _max_iters(self) -> int:
        return self._config.max_iters

    def _loss_of(self, i: int) -> float:
        return float(self._metrics[i, 0])

    def _judge_window(self) -> int:
        sampler = self._batches()
        return sampler.per_epoch if sampler is not None else 1

    def _batches(self) -> BatchSampler | None:
        """The mini-batch sampler of a stochastic rule over the training points (None: full batch)."""
        opt = self._config.optimizer
        if opt.batch_size is None:
            return None
        n = self._A.shape[0]
        sampler = getattr(self, "_sampler", None)
        if sampler is None or sampler.n != n or sampler.batch_size != min(opt.batch_size, n) or sampler.seed != opt.seed:
            sampler = self._sampler = BatchSampler(n, opt.batch_size, opt.seed)
        return sampler

    def fork(self) -> DescentRun:
        f = super().fork()
        f._sampler = None  # type: ignore[attr-defined]  # its own cache: the fork steps on another thread
        return f

    def batch_objective(self, idx: np.ndarray) -> Objective:
        """The objective on the training points idx only (a mini-batch), the penalty unchanged."""
        dec = self._dec
        mask = dec.mask[idx]
        sub = Decomposition(dec.kind, dec.k, dec.pairs, dec.targets[idx], mask, mask.sum(axis=0))
        return Objective(self._A[idx], sub, self._obj.lam, self._obj.penal)

    @property
    def baseline(self) -> tuple[float, float]:
        """(loss, accuracy) of knowing only the class frequencies: the bar for learning anything."""
        return self._null_loss, self._chance

    def _stalled(self) -> bool:
        """No progress: the training accuracy is no better than guessing the commonest class,
        and the loss is no lower than at the start or than the constant models' loss."""
        end = self._end - 1
        loss, accuracy = float(self._metrics[end, 0]), float(self._metrics[end, 1])
        bar = min(float(self._metrics[0, 0]), self._null_loss)
        return accuracy <= self._chance + 1e-12 and loss >= bar * (1.0 - 1e-9)

    def _compute(self, n: int, deadline: float | None) -> tuple[int, StopReason | None]:
        if self._config.optimizer.name != "gd":
            return self._compute_rule(n, deadline)
        self._grow(self._end + n)
        obj, lr, tol, dec = self._obj, self._config.lr, self._config.tol, self._dec
        i = self._end - 1
        W = self._W[i]
        prev = float(self._metrics[i, 0])
        _, G, _ = obj.evaluate(W)
        reason: StopReason | None = None
        done = 0
        while done < n:
            W_new = W - lr * G
            losses, G_new, Z = obj.evaluate(W_new)
            loss = float(losses.mean())
            if not (math.isfinite(loss) and np.isfinite(W_new).all()):
                reason = StopReason.DIVERGED  # keep the last finite state
                break
            i += 1
            done += 1
            self._W[i] = W_new
            self._model_loss[i] = losses
            self._metrics[i, 0] = loss
            self._metrics[i, 1] = np.mean(predict_from_logits(Z, dec) == self._y)
            self._metrics[i, 2:] = self._test_metrics(W_new)
            W, G = W_new, G_new
            reason = self.judge(prev, loss, tol)
            if reason is not None:
                break
            prev = loss
            if deadline is not None and time.perf_counter() > deadline:
                break
        return done, reason

    def _compute_rule(self, n: int, deadline: float | None) -> tuple[int, StopReason | None]:
        """Steps of any other update rule (core.optim) on W flattened."""
        self._grow(self._end + n)
        obj, tol, dec, cfg = self._obj, self._config.tol, self._dec, self._config
        sampler = self._batches()
        monotone = cfg.optimizer.monotone
        i = self._end - 1
        it0 = self._base + i  # the rule's step count: its state starts with the run
        shape = self._W[i].shape
        opt = Optimizer.restore(cfg.optimizer, self._W[i].size, it0, self._opt[i])
        W = self._W[i]
        prev = float(self._metrics[i, 0])
        G = obj.evaluate(W)[1] if sampler is None else None
        reason: StopReason | None = None
        done = 0
        while done < n:
            if G is None:
                assert sampler is not None
                G = self.batch_objective(sampler.indices(it0 + done)).loss_grad(W)[1]
            W_new = opt.step(W.reshape(-1), G.reshape(-1)).reshape(shape)
            with np.errstate(over="ignore", invalid="ignore"):
                losses, G_new, Z = obj.evaluate(W_new)
            loss = float(losses.mean())
            if not (math.isfinite(loss) and np.isfinite(W_new).all()):
                reason = StopReason.DIVERGED  # keep the last finite state
                break
            i += 1
            done += 1
            self._W[i] = W_new
            self._opt[i] = opt.buffers()
            self._model_loss[i] = losses
            self._metrics[i, 0] = loss
            self._metrics[i, 1] = np.mean(predict_from_logits(Z, dec) == self._y)
            self._metrics[i, 2:] = self._test_metrics(W_new)
            W = W_new
            G = G_new if sampler is None else None
            reason = self.judge(prev, loss, tol) if monotone else self.judge_free(self._base + i, loss, tol)
            if reason is not None:
                break
            prev = loss
            if deadline is not None and time.perf_counter() > deadline:
                break
        return done, reason


# --------------------------------------------------------------------------- the exact answer


@dataclass(frozen=True)
class NewtonResult:
    """The optimum of the same objective, found by Newton's method (IRLS)."""

    weights: np.ndarray  # (d+1, outputs)
    converged: bool
    iterations: int
    separable: bool  # some model has no finite optimum: its classes are separable and there is no penalty
    #: per model (one for softmax): True where that model's classes are separable, so its
    #: weights grow without bound and its column of `weights` is only a point far out
    separable_models: tuple[bool, ...] = ()


def newton(A: np.ndarray, dec: Decomposition, lam: np.ndarray, max_iter: int = 100,
           tol: float = 1e-10) -> NewtonResult:
    """Minimise every model's objective with damped Newton steps (backtracking line search).

    The steps are taken on standardised features (each centred and divided by its spread)
    and the optimum mapped back to A's units: the same objective, penalty included (a
    weight w on x is w·σ on (x − μ)/σ, so its penalty weight becomes 1/σ), but with a
    Hessian that is well conditioned whatever the data's offset and scale (1e12 + x, say).
    Nothing that is not finite reaches the linear solver: NumericError instead.

    The sigmoid models of one-vs-rest and one-vs-one are independent: a model whose weights
    grow without bound (its two sides separable, no penalty) is set aside, and the others
    go on to their own optimum (one separable pair used to stop them all midway).
    """
    if not np.isfinite(A).all():
        raise NumericError("newton_not_finite", {"what": "features", "iteration": 0})
    Az, mu, sigma = _standardize(A)
    penal = np.zeros(A.shape[1])
    penal[:-1] = 1.0 / sigma
    obj = Objective(Az, dec, lam, penal)
    W = np.zeros((A.shape[1], dec.outputs))
    # a column set aside once its weights grow without bound (no penalty on it)
    unpenalised = obj.lam == 0.0
    grows = np.zeros(dec.outputs, dtype=bool)
    converged = False
    it = 0
    with np.errstate(over="ignore", invalid="ignore"):
        for it in range(1, max_iter + 1):
            loss, G = obj.loss_grad(W)
            if not (np.isfinite(loss).all() and np.isfinite(G).all()):
                raise NumericError("newton_not_finite", {"what": "gradient", "iteration": it})
            live = ~grows
            if float(np.abs(G[:, live]).max(initial=0.0)) < tol:
                converged = True
                break
            step = -_newton_direction(obj, W, G, it)
            step[:, grows] = 0.0
            t = 1.0
            base = float(loss.sum())
            slope = float((G * step).sum())
            if -slope < tol * tol:
                # the Newton decrement gᵀH⁻¹g bounds twice the loss left to gain: below 1e-20
                # nothing is left, even where a strong penalty keeps the gradient above tol
                converged = True
                break
            while t > 1e-10:
                trial = W + t * step
                if float(obj.loss(trial).sum()) <= base + 1e-4 * t * slope:
                    break
                t *= 0.5
            W = W + t * step
            if dec.kind == "softmax":
                if float(lam.min()) == 0.0 and float(np.abs(W).max()) > 1e4:
                    grows[:] = True  # one model: the loss keeps falling as its weights grow
            else:
                grows |= unpenalised & (np.abs(W).max(axis=0) > 1e4)
            if grows.all():
                break
        final = obj.loss(W)
        if dec.kind == "softmax":
            # without a penalty, a model that separates its points perfectly has no finite
            # optimum: its loss only approaches 0 as its (standardised) weights grow
            per_model = np.array([bool(grows.any() or (float(lam.min()) == 0.0 and final[0] < 1e-6))])
        else:
            per_model = grows | (unpenalised & (final < 1e-6))
        weights = np.empty_like(W)
        weights[:-1] = W[:-1] / sigma[:, None]
        weights[-1] = W[-1] - mu @ weights[:-1]
    if not np.isfinite(weights).all():
        raise NumericError("newton_not_finite", {"what": "weights", "iteration": it})
    separable = bool(per_model.any())
    return NewtonResult(weights, converged and not separable, it, separable, tuple(bool(v) for v in per_model))


def _standardize(A: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """[(φ − μ)/σ, 1] and μ, σ per feature column (σ = 1 for a constant column, which
    becomes 0 and gets no weight). The moments come from core.numeric: no overflow."""
    d = A.shape[1] - 1
    mu, sigma = np.zeros(d), np.ones(d)
    Az = np.empty_like(A)
    Az[:, -1] = 1.0
    for j in range(d):
        s = column_scale(A[:, j])
        mu[j] = s.mean
        if not s.constant and s.std > 0:
            sigma[j] = s.std
        Az[:, j] = (A[:, j] - mu[j]) / sigma[j]
    return Az, mu, sigma


def _solve(H: np.ndarray, g: np.ndarray, it: int) -> np.ndarray:
    """The least-squares (least-norm) solution of H·x = g; never given NaN or inf."""
    if not (np.isfinite(H).all() and np.isfinite(g).all()):
        raise NumericError("newton_not_finite", {"what": "hessian", "iteration": it})
    try:
        x = np.linalg.lstsq(H, g, rcond=None)[0]
    except np.linalg.LinAlgError as exc:
        raise NumericError("newton_failed", {"reason": str(exc), "iteration": it}) from exc
    if not np.isfinite(x).all():
        raise NumericError("newton_not_finite", {"what": "step", "iteration": it})
    return x


def _newton_direction(obj: Objective, W: np.ndarray, G: np.ndarray, it: int = 0) -> np.ndarray:
    A, dec = obj.A, obj.dec
    d1 = A.shape[1]
    reg = np.diag(obj.penal * obj.penal)
    if dec.kind != "softmax":
        Z = A @ W
        S = sigmoid(Z)
        D = np.empty_like(G)
        for p in range(dec.outputs):
            w = S[:, p] * (1 - S[:, p]) * dec.mask[:, p] / obj.m[p]
            H = (A * w[:, None]).T @ A + obj.lam[p] * reg
            D[:, p] = _solve(H, G[:, p], it)
        return D
    n, k = A.shape[0], dec.k
    P = softmax(A @ W)
    H = np.zeros((d1 * k, d1 * k))
    for a in range(k):
        for b in range(a, k):
            w = P[:, a] * ((a == b) - P[:, b]) / n
            block = (A * w[:, None]).T @ A
            H[a * d1:(a + 1) * d1, b * d1:(b + 1) * d1] = block
            H[b * d1:(b + 1) * d1, a * d1:(a + 1) * d1] = block.T
        H[a * d1:(a + 1) * d1, a * d1:(a + 1) * d1] += obj.lam[a] * reg
    g = G.T.reshape(-1)
    # softmax is unchanged by adding one vector to every class: H is singular, take the
    # least-norm step, which keeps W centred across classes
    step = _solve(H, g, it)
    return step.reshape(k, d1).T


def _top_eigenvalue(H: np.ndarray) -> float:
    """λmax of a symmetric matrix, or NumericError where H is not finite (never into LAPACK)."""
    if not np.isfinite(H).all():
        raise NumericError("not_finite", {"what": "smoothness"})
    top = float(np.linalg.eigvalsh(H)[-1])
    if not (math.isfinite(top) and top > 0):  # the door (core.numeric) keeps this from happening
        raise NumericError("not_finite", {"what": "smoothness"})
    return top


def grid_design(xs: np.ndarray, ys: np.ndarray, poly: bool) -> np.ndarray:
    """The transposed design matrix (d+1, nx·ny) of the grid xs × ys, x on axis 0.

    Transposed because the map is evaluated class by class: reductions over a handful of
    rows of 40,000 values are many times faster in numpy than over 40,000 rows of a few."""
    gx, gy = np.meshgrid(xs, ys, indexing="ij")
    return np.ascontiguousarray(design(np.column_stack([gx.ravel(), gy.ravel()]), poly).T)


def evaluate_grid(AT: np.ndarray, W: np.ndarray, dec: Decomposition) -> tuple[np.ndarray, np.ndarray]:
    """Logits (outputs, N) and class scores (K, N) of W on a grid from grid_design.

    For drawing only: the sigmoid clips its argument at ±40, where it is 0 or 1 to the
    display's precision anyway, instead of the slower overflow-free form used in training."""
    Z = W.T @ AT
    if dec.kind == "softmax":
        E = np.exp(Z - Z.max(axis=0))
        return Z, E / E.sum(axis=0)
    if dec.kind in ("binary", "ovr"):
        P = 1.0 / (1.0 + np.exp(-np.clip(Z, -40.0, 40.0)))
        return Z, (np.vstack([1.0 - P, P]) if dec.kind == "binary" else P)
    votes = np.zeros((dec.k, Z.shape[1]))
    conf = np.zeros((dec.k, Z.shape[1]))
    for p, (i, j) in enumerate(dec.pairs):
        win = Z[p] >= 0
        votes[i] += win
        votes[j] += ~win
        conf[i] += Z[p]
        conf[j] -= Z[p]
    return Z, votes + conf / (3.0 * (np.abs(conf) + 1.0))


def center_softmax(W: np.ndarray, dec: Decomposition) -> np.ndarray:
    """Softmax weights with their mean over classes removed (the identifiable part)."""
    return W - W.mean(axis=1, keepdims=True) if dec.kind == "softmax" else W


def weight_distance(W: np.ndarray, W_star: np.ndarray, dec: Decomposition) -> float:
    """‖W − W*‖ (Frobenius), comparing softmax weights up to their common shift."""
    return float(np.linalg.norm(center_softmax(W, dec) - center_softmax(W_star, dec)))


def solve_reference(data: Labeled, config: LogRegConfig, test_mask: np.ndarray | None = None) -> NewtonResult:
    """Newton's optimum for the training points of a run with this configuration."""
    train = np.ones(data.n, dtype=bool) if test_mask is None else ~np.asarray(test_mask, dtype=bool)
    if config.poly:
        check_scale(data.X, poly=True)
    A = design(data.X[train], config.poly)
    dec = decompose(data.y[train], data.k, config.strategy)
    return newton(A, dec, l2_strength(dec, config.l2_C))


__all__ = [
    "STRATEGIES", "MAX_ITERS", "Decomposition", "decompose", "design", "sigmoid", "softmax", "Objective",
    "ovo_votes", "ovo_ties", "l2_strength", "StopReason", "LogRegConfig", "initial_weights", "Metrics",
    "LogisticGD", "NewtonResult", "newton", "predict_from_logits", "class_scores", "grid_design", "evaluate_grid", "center_softmax", "weight_distance", "solve_reference",
]


# --------------------------------------------------------------------------- the step, written out


@dataclass(frozen=True)
class StepNumbers:
    """The arithmetic of one descent step from W, as LogisticGD's step does it: each model's
    loss (mean cross-entropy plus the L2 term), the gradient and the next weights W − α·∇J."""

    weights: np.ndarray  # (d+1, outputs) W
    losses: np.ndarray  # (P,) each model's J (the run's loss is their mean)
    l2_terms: np.ndarray  # (P,) each model's λ/2·‖w‖² (0 without L2; softmax: one, summed over classes)
    lam: np.ndarray  # (outputs,) λ per column
    gradient: np.ndarray  # (d+1, outputs) ∇J, L2's λ·w included
    lr: float
    next_weights: np.ndarray  # (d+1, outputs) W − α·∇J


def step_numbers(obj: Objective, W: np.ndarray, lr: float) -> StepNumbers:
    """The numbers of one gradient step from W on `obj` (those LogisticGD computes; read-only)."""
    losses, G, _ = obj.evaluate(W)
    reg = 0.5 * obj.lam * ((W * obj.penal[:, None]) ** 2).sum(axis=0)
    l2 = np.array([reg.sum()]) if obj.dec.kind == "softmax" else reg
    return StepNumbers(np.array(W, dtype=np.float64), losses, l2, obj.lam.copy(), G, float(lr), W - lr * G)


def descent_step_numbers(gd: LogisticGD) -> StepNumbers:
    """The numbers of the step from the run's state at its cursor."""
    return step_numbers(gd.objective, gd.weights, gd.config.lr)


__all__ += ["StepNumbers", "step_numbers", "descent_step_numbers"]


# --------------------------------------------------------------------------- the loss over a plane of two weights


def loss_slice(objective: Objective, W: np.ndarray, axes: tuple[int, int], grid_x: np.ndarray,
               grid_y: np.ndarray, chunk: int = 2_000_000) -> np.ndarray:
    """J (mean cross-entropy plus the L2 term, as objective.loss) of a two-class model over the
    plane of weights `axes` = (i, j), the others held at W's: (len(grid_x), len(grid_y)), x on axis 0.

    What the loss-contour view draws. Every grid weight at once through the design matrix,
    A @ W_grid, in chunks of about `chunk` logits so memory stays bounded for big data.
    For a point of class t the cross-entropy is log(1 + e^z) − t·z = softplus((1 − 2t)·z),
    so the signs go into A once and each chunk is one product and one logaddexp."""
    dec = objective.dec
    if dec.kind != "binary":
        raise ConfigError("slice_not_binary", {"kind": dec.kind})
    A = objective.A
    d1 = A.shape[1]
    i, j = int(axes[0]), int(axes[1])
    if i == j or not (0 <= i < d1 and 0 <= j < d1):
        raise ConfigError("bad_slice_axes", {"axes": (i, j), "weights": d1})
    w = np.asarray(W, dtype=np.float64).reshape(-1)
    if w.shape != (d1,):
        raise ConfigError("bad_init_length", {"given": w.size, "expected": d1})
    gx, gy = np.meshgrid(np.asarray(grid_x, dtype=np.float64), np.asarray(grid_y, dtype=np.float64), indexing="ij")
    N = gx.size
    Wg = np.repeat(w[:, None], N, axis=1)
    Wg[i] = gx.ravel()
    Wg[j] = gy.ravel()
    keep = dec.mask[:, 0] > 0
    # float32 logits and softplus (several times faster than float64's logaddexp on 10⁸
    # values), summed in float64: a relative error near 1e-6, far below what a colour shows
    As = (A[keep] * (1.0 - 2.0 * dec.targets[keep, 0])[:, None]).astype(np.float32)
    Wg32 = Wg.astype(np.float32)
    total = np.empty(N)
    step = max(1, chunk // max(As.shape[0], 1))
    with np.errstate(over="ignore"):
        for s in range(0, N, step):
            U = As @ Wg32[:, s:s + step]
            # softplus(u) = max(u, 0) + log(1 + e^−|u|): no overflow for any u
            sp = np.log1p(np.exp(-np.abs(U)))
            sp += np.maximum(U, 0.0)
            total[s:s + step] = sp.sum(axis=0, dtype=np.float64)
    reg = 0.5 * objective.lam[0] * ((Wg * objective.penal[:, None]) ** 2).sum(axis=0)
    return (total / objective.m[0] + reg).reshape(gx.shape)


__all__ += ["loss_slice"]
