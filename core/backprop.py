"""The seed's two-layer network (1.3.3) in numpy, with its backward pass written out by hand.

For a batch of n points (the seed's table of names):
    h = X·W1 + b1          (n, H)   first layer
    a = g(h)               (n, H)   activation: relu, sigmoid or tanh
    z = a·W2 + b2          (n, K)   logits
    p = softmax(z)         (n, K)
    L = −(1/n) Σ ln p_{y}  (+ λ/2·(‖W1‖² + ‖W2‖²), off by default; biases are not penalised)
and backward, each line the chain rule through one line above:
    ∂L/∂z  = (p − Y)/n                 (the seed's p_k − 1 and p_i, averaged)
    ∂L/∂W2 = aᵀ·∂L/∂z + λW2,   ∂L/∂b2 = Σ_rows ∂L/∂z
    ∂L/∂a  = ∂L/∂z·W2ᵀ
    ∂L/∂h  = ∂L/∂a ⊙ g'(h)             (g' from a: a(1−a), 1−a², [h > 0])
    ∂L/∂W1 = Xᵀ·∂L/∂h + λW1,   ∂L/∂b1 = Σ_rows ∂L/∂h

The parameters live in one flat float64 vector (W1, b1, W2, b2 are views into it), so a
gradient step, the divergence check and a roll-back are one array operation each; a few
hundred full-batch steps on a few hundred points take a few milliseconds.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, replace
from enum import Enum

import numpy as np

from core import datasets2d
from core.datasets2d import MAX_CLASSES, Labeled
from core.descent import DescentRun, StopReason
from core.errors import ConfigError, DataError, LabError

ACTIVATIONS = ("relu", "sigmoid", "tanh")
PRESETS = ("circles", "moons", "xor", "spiral")
PARAM_NAMES = ("W1", "b1", "W2", "b2")
MAX_HIDDEN = 256
MAX_STEPS = 100_000
INPUTS = 2


@dataclass(frozen=True)
class _Pass:
    """What one forward pass leaves for the backward pass (points are columns; e and s are the
    shifted logits' exponentials and their column sums; predicted is each point's class)."""

    hT: np.ndarray
    aT: np.ndarray
    e: np.ndarray
    s: np.ndarray
    predicted: np.ndarray


class DivergedError(LabError):
    """A step would have made the loss or the parameters non-finite; the parameters were kept."""


# --------------------------------------------------------------------------- checks


def _check_lr(lr: float) -> float:
    if not (math.isfinite(lr) and lr > 0):
        raise ConfigError("lr_not_positive", {"lr": lr})
    return float(lr)


def _check_X(X: object) -> np.ndarray:
    try:
        Xa = np.asarray(X, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise DataError("not_a_number", {"reason": str(exc)}) from exc
    if Xa.ndim != 2 or Xa.shape[1] != INPUTS or Xa.shape[0] < 1:
        raise DataError("bad_shape", {"shape": list(Xa.shape)})
    bad = ~np.isfinite(Xa).all(axis=1)
    if bad.any():
        raise DataError("non_finite", {"index": int(np.argmax(bad))})
    return Xa


def _check_y(y: object, n: int, classes: int) -> np.ndarray:
    ya = np.asarray(y).reshape(-1)
    if ya.size != n:
        raise DataError("bad_shape", {"x": n, "y": int(ya.size)})
    if ya.dtype.kind not in "iub":
        raise DataError("labels_not_whole", {"dtype": str(ya.dtype)})
    bad = (ya < 0) | (ya >= classes)
    if bad.any():
        i = int(np.argmax(bad))
        raise DataError("bad_label", {"index": i, "value": int(ya[i]), "classes": classes})
    return ya.astype(np.int64)


def _one_hot(y: np.ndarray, classes: int) -> np.ndarray:
    Y = np.zeros((y.size, classes))
    Y[np.arange(y.size), y] = 1.0
    return Y


# --------------------------------------------------------------------------- the network


class TwoLayerNet:
    """X (n, 2) → H hidden units → K logits → softmax cross-entropy, trained by full-batch descent.

    Initialisation from `seed`: He (std √(2/fan_in)) for the first layer before ReLU, Xavier
    (std √(2/(fan_in + fan_out))) otherwise and for the output layer; biases start at 0.
    momentum μ gives PyTorch's heavy ball: v ← μv + ∇L, θ ← θ − lr·v (μ = 0: plain descent).
    """

    def __init__(self, hidden: int = 16, activation: str = "tanh", classes: int = 2, seed: int = 0,
                 l2: float = 0.0, momentum: float = 0.0) -> None:
        if isinstance(hidden, bool) or not isinstance(hidden, (int, np.integer)) or not 1 <= hidden <= MAX_HIDDEN:
            raise ConfigError("bad_hidden", {"hidden": hidden, "limit": MAX_HIDDEN})
        if activation not in ACTIVATIONS:
            raise ConfigError("bad_activation", {"activation": activation, "choices": ACTIVATIONS})
        if not 2 <= int(classes) <= MAX_CLASSES:
            raise ConfigError("bad_classes", {"classes": classes, "limit": MAX_CLASSES})
        if not (math.isfinite(l2) and l2 >= 0):
            raise ConfigError("bad_l2", {"l2": l2})
        if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
            raise ConfigError("bad_seed", {"seed": seed})
        self._hidden = int(hidden)
        self._activation = activation
        self._classes = int(classes)
        self._seed = int(seed)
        self._l2 = float(l2)
        self.momentum = momentum
        H, K = self._hidden, self._classes
        self._shapes = {"W1": (INPUTS, H), "b1": (H,), "W2": (H, K), "b2": (K,)}
        self._theta = np.zeros(self.parameter_count)
        self._grad = np.zeros_like(self._theta)
        self._velocity = np.zeros_like(self._theta)
        self._prev_theta = np.zeros_like(self._theta)  # before the last step, for its undo
        self._prev_velocity = np.zeros_like(self._theta)
        self._undo_ok = False
        self._W1, self._b1, self._W2, self._b2 = self._views(self._theta)
        self._gW1, self._gb1, self._gW2, self._gb2 = self._views(self._grad)
        rng = np.random.default_rng(seed)
        std1 = math.sqrt(2.0 / INPUTS) if activation == "relu" else math.sqrt(2.0 / (INPUTS + H))
        self._W1[...] = rng.normal(0.0, std1, size=(INPUTS, H))
        self._W2[...] = rng.normal(0.0, math.sqrt(2.0 / (H + K)), size=(H, K))
        self.steps = 0  # gradient steps taken since construction or set_params

    # ---- layout
    def _views(self, flat: np.ndarray) -> tuple[np.ndarray, ...]:
        out, start = [], 0
        for name in PARAM_NAMES:
            shape = self._shapes[name]
            size = int(np.prod(shape))
            out.append(flat[start:start + size].reshape(shape))
            start += size
        return tuple(out)

    @property
    def hidden(self) -> int:
        return self._hidden

    @property
    def activation(self) -> str:
        return self._activation

    @property
    def classes(self) -> int:
        return self._classes

    @property
    def l2(self) -> float:
        return self._l2

    @property
    def seed(self) -> int:
        return self._seed

    @property
    def parameter_count(self) -> int:
        """2H + H + HK + K: every weight and bias."""
        H, K = self._hidden, self._classes
        return INPUTS * H + H + H * K + K

    @property
    def momentum(self) -> float:
        return self._momentum

    @momentum.setter
    def momentum(self, value: float) -> None:
        if not (math.isfinite(value) and 0.0 <= value < 1.0):
            raise ConfigError("bad_momentum", {"momentum": value})
        self._momentum = float(value)

    # ---- parameters
    def get_params(self) -> dict[str, np.ndarray]:
        """Copies of W1 (2, H), b1 (H,), W2 (H, K), b2 (K,)."""
        return {name: view.copy() for name, view in zip(PARAM_NAMES, self._views(self._theta))}

    def set_params(self, params: dict[str, np.ndarray]) -> None:
        """Replace all parameters (shapes must match, values finite); resets the momentum."""
        arrays = {}
        for name in PARAM_NAMES:
            if name not in params:
                raise DataError("missing_param", {"param": name})
            value = np.asarray(params[name], dtype=np.float64)
            if value.shape != self._shapes[name]:
                raise DataError("bad_shape", {"param": name, "shape": list(value.shape),
                                              "expected": list(self._shapes[name])})
            if not np.isfinite(value).all():
                raise DataError("non_finite", {"param": name})
            arrays[name] = value
        for name, view in zip(PARAM_NAMES, self._views(self._theta)):
            view[...] = arrays[name]
        self._velocity[:] = 0.0
        self._undo_ok = False
        self.steps = 0

    def flat_params(self) -> np.ndarray:
        """All parameters as one vector in PARAM_NAMES order (a copy)."""
        return self._theta.copy()

    def training_state(self) -> tuple[np.ndarray, np.ndarray, int]:
        """Where training stands: the flat parameters, the momentum's velocity (copies) and the
        step count; `restore_training` puts them back, so a saved run goes on as it would have."""
        return self._theta.copy(), self._velocity.copy(), self.steps

    def restore_training(self, theta: object, velocity: object, steps: int) -> None:
        """Put back what `training_state` gave (DataError, nothing changed, when the vectors do
        not fit this network or are not finite)."""
        t = np.asarray(theta, dtype=np.float64).reshape(-1)
        v = np.asarray(velocity, dtype=np.float64).reshape(-1)
        for name, value in (("theta", t), ("velocity", v)):
            if value.size != self.parameter_count:
                raise DataError("bad_shape", {"param": name, "shape": [int(value.size)],
                                              "expected": [self.parameter_count]})
            if not np.isfinite(value).all():
                raise DataError("non_finite", {"param": name})
        if isinstance(steps, bool) or not isinstance(steps, (int, np.integer)) or steps < 0:
            raise ConfigError("bad_step_count", {"steps": steps})
        self._theta[:] = t
        self._velocity[:] = v
        self._undo_ok = False
        self.steps = int(steps)

    def copy(self) -> "TwoLayerNet":
        """An independent network with the same configuration, parameters, momentum and step count."""
        twin = TwoLayerNet(self._hidden, self._activation, self._classes, self._seed, self._l2, self._momentum)
        twin._theta[:] = self._theta
        twin._velocity[:] = self._velocity
        twin._prev_theta[:] = self._prev_theta
        twin._prev_velocity[:] = self._prev_velocity
        twin._undo_ok = self._undo_ok
        twin.steps = self.steps
        return twin

    # ---- forward and backward
    # Internally points are columns (X is (2, n), z is (K, n)): numpy reduces over the K
    # rows of a (K, n) array far faster than over the K columns of an (n, K) one.
    def _act(self, hT: np.ndarray) -> np.ndarray:
        if self._activation == "relu":
            return np.maximum(hT, 0.0)
        return _tanh(hT) if self._activation == "tanh" else _sigmoid(hT)

    def _forward(self, XT: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        hT = self._W1.T @ XT
        hT += self._b1[:, None]
        aT = self._act(hT)
        zT = self._W2.T @ aT
        zT += self._b2[:, None]
        return hT, aT, zT

    def forward(self, X: object) -> dict[str, np.ndarray]:
        """Every intermediate of the forward pass, one row per point: X, h, a, z, p (the seed's names)."""
        Xa = _check_X(X)
        hT, aT, zT = self._forward(Xa.T)
        return {"X": Xa, "h": hT.T, "a": aT.T, "z": zT.T, "p": _softmax_columns(zT).T}

    def _penalty(self) -> float:
        return 0.5 * self._l2 * float(self._W1.ravel() @ self._W1.ravel() + self._W2.ravel() @ self._W2.ravel())

    def _loss(self, XT: np.ndarray, YT: np.ndarray) -> float:
        zT = self._forward(XT)[2]
        zT -= zT.max(axis=0)
        # mean of log Σ e^z − z_y on the shifted logits (the shift cancels)
        loss = float(np.log(np.exp(zT).sum(axis=0)).sum() - (zT * YT).sum()) / XT.shape[1]
        return loss + self._penalty() if self._l2 else loss

    def _forward_loss(self, XT: np.ndarray, YT: np.ndarray) -> tuple[float, _Pass]:
        """Loss at the current parameters, and what the backward pass needs from the forward."""
        n = XT.shape[1]
        hT, aT, zT = self._forward(XT)
        predicted = zT.argmax(axis=0)  # before the shift: the accuracy is predict()'s
        zT -= zT.max(axis=0)
        e = np.exp(zT)
        s = e.sum(axis=0)
        loss = float(np.log(s).sum() - (zT * YT).sum()) / n
        if self._l2:
            loss += self._penalty()
        return loss, _Pass(hT, aT, e, s, predicted)

    def _backward(self, XT: np.ndarray, YT: np.ndarray, fwd: _Pass) -> None:
        """Fill self._grad (all gradients, flat) from a forward pass at the current parameters."""
        n = XT.shape[1]
        hT, aT = fwd.hT, fwd.aT
        dz = fwd.e
        dz /= fwd.s
        dz -= YT
        dz /= n                                    # ∂L/∂z = (p − Y)/n
        np.matmul(aT, dz.T, out=self._gW2)         # ∂L/∂W2 = aᵀ ∂L/∂z
        dz.sum(axis=1, out=self._gb2)
        da = self._W2 @ dz                         # ∂L/∂a
        if self._activation == "relu":
            da *= hT > 0
        elif self._activation == "tanh":
            da *= 1.0 - aT * aT
        else:
            da *= aT * (1.0 - aT)                  # σ' = σ(1 − σ)
        np.matmul(XT, da.T, out=self._gW1)         # ∂L/∂W1 = Xᵀ ∂L/∂h
        da.sum(axis=1, out=self._gb1)
        if self._l2:
            self._gW1 += self._l2 * self._W1
            self._gW2 += self._l2 * self._W2

    def _loss_grads(self, XT: np.ndarray, YT: np.ndarray) -> float:
        """Loss at the current parameters; fills self._grad (all gradients, flat)."""
        loss, fwd = self._forward_loss(XT, YT)
        self._backward(XT, YT, fwd)
        return loss

    def loss_and_grads(self, X: object, y: object) -> tuple[float, dict[str, np.ndarray]]:
        """Mean cross-entropy (+ L2) at the current parameters and its gradient for each of W1, b1, W2, b2."""
        Xa = _check_X(X)
        Y = _one_hot(_check_y(y, Xa.shape[0], self._classes), self._classes)
        loss = self._loss_grads(Xa.T, Y.T)
        return loss, {name: g.copy() for name, g in zip(PARAM_NAMES, self._views(self._grad))}

    def loss(self, X: object, y: object) -> float:
        """Mean cross-entropy (+ L2) at the current parameters."""
        Xa = _check_X(X)
        return self._loss(Xa.T, _one_hot(_check_y(y, Xa.shape[0], self._classes), self._classes).T)

    def predict_proba(self, X: object) -> np.ndarray:
        """Class probabilities (n, K)."""
        return _softmax_columns(self._forward(_check_X(X).T)[2]).T

    def predict(self, X: object) -> np.ndarray:
        """The most probable class of each point, (n,) int64."""
        return np.argmax(self._forward(_check_X(X).T)[2], axis=0)

    def accuracy(self, X: object, y: object) -> float:
        """Fraction of points whose most probable class is their label."""
        Xa = _check_X(X)
        ya = _check_y(y, Xa.shape[0], self._classes)
        return float(np.mean(self.predict(Xa) == ya))

    # ---- descent
    def _step(self, XT: np.ndarray, YT: np.ndarray, lr: float) -> float:
        """One step, or DivergedError with the last parameters whose loss was finite put back."""
        loss = self._loss_grads(XT, YT)
        if not math.isfinite(loss):
            # the previous step overflowed the logits: undo it (its start had a finite loss)
            if self._undo_ok:
                self._theta[:] = self._prev_theta
                self._velocity[:] = self._prev_velocity
                self.steps -= 1
                self._undo_ok = False
            raise DivergedError("diverged", {"lr": lr, "loss": loss, "step": self.steps})
        if not self._advance(lr):
            raise DivergedError("diverged", {"lr": lr, "loss": loss, "step": self.steps})
        return loss

    def _advance(self, lr: float) -> bool:
        """Move the parameters along self._grad (heavy ball with momentum); False, nothing
        changed, when they would not be finite."""
        if self._momentum:
            v = self._momentum * self._velocity + self._grad
            new = self._theta - lr * v
        else:
            v = self._velocity
            new = self._theta - lr * self._grad
        # new is finite iff its sum is (barring an overflowing sum of huge finite values,
        # which is divergence too); checking one number keeps the step cheap
        if not math.isfinite(float(new.sum())):
            return False
        self._prev_theta[:] = self._theta
        self._prev_velocity[:] = self._velocity
        self._undo_ok = True
        self._theta[:] = new
        self._velocity[:] = v
        self.steps += 1
        return True

    def step(self, X: object, y: object, lr: float) -> float:
        """One full-batch gradient step; returns the loss of the parameters it started from
        (as the seed printed it).

        Raises DivergedError if the step would make the parameters non-finite, or if the
        loss is already non-finite (the previous step overflowed): then the parameters are
        put back to the last ones whose loss was finite, and `steps` counts down with them.
        The error's "step" is `steps` afterwards."""
        lr = _check_lr(lr)
        Xa = _check_X(X)
        YT = _one_hot(_check_y(y, Xa.shape[0], self._classes), self._classes).T
        with np.errstate(all="ignore"):  # overflow on the way to divergence is reported, not warned
            return self._step(np.ascontiguousarray(Xa.T), np.ascontiguousarray(YT), lr)

    def train_steps(self, X: object, y: object, lr: float, n: int) -> float:
        """n full-batch steps, the checks done once; returns the loss before the last step.

        Divergence is handled as in `step`."""
        lr = _check_lr(lr)
        if not 1 <= int(n) <= MAX_STEPS:
            raise ConfigError("bad_steps", {"steps": n, "limit": MAX_STEPS})
        Xa = _check_X(X)
        XT = np.ascontiguousarray(Xa.T)
        YT = np.ascontiguousarray(_one_hot(_check_y(y, Xa.shape[0], self._classes), self._classes).T)
        loss = math.nan
        with np.errstate(all="ignore"):  # overflow on the way to divergence is reported, not warned
            for _ in range(int(n)):
                loss = self._step(XT, YT, lr)
        return loss


def _tanh(h: np.ndarray) -> np.ndarray:
    """tanh(h) = sign(h)·(1 − e)/(1 + e), e = e^{−2|h|} ≤ 1: within 1 ulp of np.tanh in absolute
    terms, no overflow, and about twice as fast (np.tanh dominated a training step)."""
    e = np.abs(h)
    e *= -2.0
    np.exp(e, out=e)
    t = 1.0 - e
    e += 1.0
    t /= e
    return np.copysign(t, h, out=t)


def _sigmoid(h: np.ndarray) -> np.ndarray:
    """σ(h) = 1/(1 + e^{−h}) for h ≥ 0, e^{h}/(1 + e^{h}) below: e^{−|h|} ≤ 1 never overflows."""
    e = np.abs(h)
    e *= -1.0
    np.exp(e, out=e)
    num = np.where(h >= 0, 1.0, e)
    e += 1.0
    num /= e
    return num


def _softmax_columns(zT: np.ndarray) -> np.ndarray:
    e = np.exp(zT - zT.max(axis=0))
    return e / e.sum(axis=0)


# --------------------------------------------------------------------------- a steppable run

#: a cross-entropy this high (from ln 2 at the start) means the steps overshoot: a run stops
#: there, before the numbers overflow (sigmoid and tanh never do: their loss just keeps growing)
LOSS_EXPLODED = 1e6
#: states after the start one run may compute (its timeline); it stops there (MAX_ITERS)
MAX_RUN_STEPS = 1_000_000
#: bytes of parameter snapshots a run keeps for its keyframes, and as much for its window
SNAPSHOT_BYTES = 16 * 2**20
MIN_SNAPSHOTS = 64
MAX_WINDOW = 4096


class Divergence(str, Enum):
    """How a run diverged: the loss or the parameters overflowed (the last finite state is
    kept), or the loss passed LOSS_EXPLODED (that state is kept and shown)."""

    OVERFLOW = "overflow"
    EXPLODED = "exploded"


@dataclass(frozen=True)
class BackpropConfig:
    """The settings a run's steps use: rate, momentum μ (0: plain descent), and its length cap."""

    lr: float = 0.5
    momentum: float = 0.0
    max_steps: int = MAX_RUN_STEPS

    def validated(self) -> "BackpropConfig":
        lr = _check_lr(self.lr)
        if not (math.isfinite(self.momentum) and 0.0 <= self.momentum < 1.0):
            raise ConfigError("bad_momentum", {"momentum": self.momentum})
        if isinstance(self.max_steps, bool) or not 1 <= int(self.max_steps) <= MAX_RUN_STEPS:
            raise ConfigError("bad_steps", {"steps": self.max_steps, "limit": MAX_RUN_STEPS})
        return replace(self, lr=lr, momentum=float(self.momentum), max_steps=int(self.max_steps))


class BackpropRun(DescentRun):
    """Full-batch descent of a TwoLayerNet as a steppable run: a history with a cursor
    (core.descent), so a player can step, step back, seek and replay it.

    Every state's loss and training accuracy are kept (16 bytes a state). The parameters and
    the momentum's velocity are not, for a network's can be large: keyframes every K-th state
    (K doubles when they fill SNAPSHOT_BYTES) and a window of the states last computed or
    visited (SNAPSHOT_BYTES too) hold them, and any other state is recomputed from the nearest
    held one before it with the settings that made it (see `schedule`). The steps are
    deterministic, so that is the state the run had, bit for bit. Memory: at most
    2·SNAPSHOT_BYTES of snapshots whatever the run's length, and MAX_RUN_STEPS states.

    The run starts from `net` as it stands (its parameters, velocity and step count: a run
    restored from a saved state goes on from its weights); `earlier` are the curves' rows
    (step, loss, accuracy) from before that start, drawn but not stepped to. A row of `earlier`
    at the start's own step gives state 0's numbers as they were saved (for a curve this code
    saved they are the ones it would compute), so a saved picture comes back as it was.

    Divergence (the page's rule): a state whose loss or parameters are not finite is not kept
    (Divergence.OVERFLOW), one whose loss passes LOSS_EXPLODED is kept and ends the run
    (Divergence.EXPLODED); either way the stop reason is DIVERGED. A loss that rises for a few
    steps is not divergence here: with momentum it often does on the way down.
    """

    _history_arrays = ("_metrics",)

    def __init__(self, data: Labeled, net: TwoLayerNet, config: BackpropConfig,
                 earlier: np.ndarray | None = None) -> None:
        Xa = _check_X(data.X)
        self._data = data
        self._y = _check_y(data.y, Xa.shape[0], net.classes)
        self._XT = np.ascontiguousarray(Xa.T)
        self._YT = np.ascontiguousarray(_one_hot(self._y, net.classes).T)
        self._config = config.validated()
        self._net = net.copy()
        self._net.momentum = self._config.momentum
        self._first = net.steps
        rows = np.zeros((0, 3)) if earlier is None else np.asarray(earlier, dtype=np.float64).reshape(-1, 3)
        self._earlier = rows[rows[:, 0] < self._first]
        self._P = net.parameter_count
        size = 2 * self._P * 8
        self._keys_max = max(MIN_SNAPSHOTS, SNAPSHOT_BYTES // size)
        self._window = np.empty((max(MIN_SNAPSHOTS, min(MAX_WINDOW, SNAPSHOT_BYTES // size)), 2 * self._P))
        self._metrics = np.empty((256, 2))
        self._divergence: Divergence | None = None
        self._keys: dict[int, np.ndarray] = {0: self._snapshot()}
        self._every = 1
        self._win_lo, self._win_hi = 0, -1
        self._put(0)
        self._net_at = 0
        with np.errstate(all="ignore"):
            loss, fwd = self._net._forward_loss(self._XT, self._YT)
        self._metrics[0] = (loss, float(np.mean(fwd.predicted == self._y)))
        own = rows[rows[:, 0] == self._first]
        if len(own) and np.isfinite(own[-1]).all():
            self._metrics[0] = own[-1, 1:]
        self._start_history()

    # ---- what it shows
    @property
    def data(self) -> Labeled:
        return self._data

    @property
    def config(self) -> BackpropConfig:
        return self._config

    @property
    def first_step(self) -> int:
        """The network's step count at the run's start (state 0)."""
        return self._first

    @property
    def step_number(self) -> int:
        """The network's step count at the cursor."""
        return self._first + self._pos

    @property
    def last_step(self) -> int:
        """The network's step count at the last state computed."""
        return self._first + self._end - 1

    @property
    def metrics(self) -> tuple[float, float]:
        """(loss, training accuracy) at the cursor."""
        loss, acc = self._metrics[self._pos]
        return float(loss), float(acc)

    @property
    def divergence(self) -> Divergence | None:
        """How the run diverged, when the cursor is at its end and it did."""
        return self._divergence if self.stop_reason is StopReason.DIVERGED else None

    def curve(self) -> np.ndarray:
        """(m, 3) rows (step, loss, training accuracy): the earlier rows, then every state up to the cursor."""
        n = self._pos + 1
        run = np.column_stack([np.arange(self._first, self._first + n, dtype=np.float64), self._metrics[:n]])
        return np.concatenate([self._earlier, run]) if len(self._earlier) else run

    def network(self) -> TwoLayerNet:
        """The network at the cursor (a copy: parameters, velocity, step count, the current momentum)."""
        self._seat(self._pos)
        twin = self._net.copy()
        twin.momentum = self._config.momentum
        return twin

    def training_state(self) -> tuple[np.ndarray, np.ndarray, int]:
        """The cursor's flat parameters, velocity (copies) and step count (TwoLayerNet.training_state)."""
        self._seat(self._pos)
        return self._net.training_state()

    # ---- changes
    def set_config(self, config: BackpropConfig) -> None:
        """New rate, momentum or cap: the states after the cursor are dropped, the run goes on."""
        config = config.validated()
        if config == self._config:
            return
        self._note_config_change(self._config)
        self._config = config
        self._truncate()

    def reset(self) -> None:
        """Back to the run's start, the rest of the history dropped."""
        self._pos = 0
        self._truncate()

    def fork(self) -> DescentRun:
        raise NotImplementedError("a backprop run steps on the thread that shows it")

    # ---- the engine's hooks
    def _max_iters(self) -> int:
        return self._config.max_steps

    def _truncate(self) -> None:
        super()._truncate()
        pos = self._pos
        self._keys = {k: v for k, v in self._keys.items() if k <= pos}
        self._win_hi = min(self._win_hi, pos)
        if self._net_at > pos:
            self._net_at = -1
        self._divergence = None

    def _compute(self, n: int, deadline: float | None) -> tuple[int, StopReason | None]:
        self._grow(self._end + n)
        i = self._end - 1
        self._seat(i)
        net, XT, YT, lr = self._net, self._XT, self._YT, self._config.lr
        net.momentum = self._config.momentum
        done = 0
        reason: StopReason | None = None
        with np.errstate(all="ignore"):  # overflow on the way to divergence is reported, not warned
            loss, fwd = net._forward_loss(XT, YT)
            if not math.isfinite(loss):  # a start that already overflows
                self._divergence = Divergence.OVERFLOW
                return 0, StopReason.DIVERGED
            while done < n:
                net._backward(XT, YT, fwd)
                if not net._advance(lr):
                    self._divergence, reason = Divergence.OVERFLOW, StopReason.DIVERGED
                    break
                loss, fwd = net._forward_loss(XT, YT)
                if not math.isfinite(loss):  # keep the last state whose loss was finite
                    self._load(self._window[i % len(self._window)], i)
                    self._divergence, reason = Divergence.OVERFLOW, StopReason.DIVERGED
                    break
                i += 1
                done += 1
                self._metrics[i] = (loss, float(np.mean(fwd.predicted == self._y)))
                self._put(i)
                self._keyframe(i)
                if loss > LOSS_EXPLODED:
                    self._divergence, reason = Divergence.EXPLODED, StopReason.DIVERGED
                    break
                if deadline is not None and time.perf_counter() > deadline:
                    break
        self._net_at = i
        return done, reason

    # ---- snapshots
    def _snapshot(self) -> np.ndarray:
        return np.concatenate([self._net._theta, self._net._velocity])

    def _load(self, snap: np.ndarray, i: int) -> None:
        """Put state i's snapshot into the working network."""
        net = self._net
        net._theta[:] = snap[:self._P]
        net._velocity[:] = snap[self._P:]
        net._undo_ok = False
        net.steps = self._first + i
        self._net_at = i

    def _put(self, i: int) -> None:
        """Keep the working network (at state i) in the window: a ring of consecutive states."""
        w = len(self._window)
        if self._win_lo <= self._win_hi and i == self._win_hi + 1:
            self._win_hi = i
            self._win_lo = max(self._win_lo, i - w + 1)
        elif not self._win_lo <= i <= self._win_hi:
            self._win_lo = self._win_hi = i
        row = self._window[i % w]
        row[:self._P] = self._net._theta
        row[self._P:] = self._net._velocity

    def _keyframe(self, i: int) -> None:
        if i % self._every:
            return
        self._keys[i] = self._snapshot()
        if len(self._keys) > self._keys_max:
            self._every *= 2
            self._keys = {k: v for k, v in self._keys.items() if k % self._every == 0}

    def _config_for(self, state: int) -> BackpropConfig:
        """The settings of the step that made `state` (state ≥ 1)."""
        for until, config in self._schedule:
            if until >= state:
                return config
        return self._config

    def _seat(self, i: int) -> None:
        """Put the working network at state i: from the window, or recomputed from the nearest
        state held before it (a keyframe or the window's last), each step as it was taken."""
        if self._net_at == i:
            return
        w = len(self._window)
        if self._win_lo <= i <= self._win_hi:
            self._load(self._window[i % w], i)
            return
        key = (i // self._every) * self._every
        while key not in self._keys:  # keys are the multiples of `every` computed; 0 always is
            key -= self._every
        if self._win_lo <= self._win_hi < i and self._win_hi > key:
            start = self._win_hi
            self._load(self._window[start % w], start)
        else:
            start = key
            self._load(self._keys[key], key)
            self._put(key)
        net, XT, YT = self._net, self._XT, self._YT
        with np.errstate(all="ignore"):
            for j in range(start, i):
                config = self._config_for(j + 1)
                net.momentum = config.momentum
                _, fwd = net._forward_loss(XT, YT)
                net._backward(XT, YT, fwd)
                net._advance(config.lr)  # finite: it was when the step was first taken
                self._put(j + 1)
        net.momentum = self._config.momentum
        self._net_at = i


def thin_rows(rows: np.ndarray, limit: int) -> np.ndarray:
    """At most `limit` rows, evenly spread, the first and the last kept (curves to save)."""
    n = len(rows)
    if n <= limit:
        return rows
    return rows[np.unique(np.round(np.linspace(0, n - 1, limit)).astype(np.int64))]


# --------------------------------------------------------------------------- drawing


def evaluate_grid(net: TwoLayerNet, xs: np.ndarray, ys: np.ndarray) -> np.ndarray:
    """Probabilities (len(ys), len(xs), K) on the grid of xs × ys: row i is y = ys[i] (for an image)."""
    xa = np.asarray(xs, dtype=np.float64).reshape(-1)
    ya = np.asarray(ys, dtype=np.float64).reshape(-1)
    gx, gy = np.meshgrid(xa, ya)
    P = net.predict_proba(np.column_stack([gx.ravel(), gy.ravel()]))
    return P.reshape(ya.size, xa.size, net.classes)


# --------------------------------------------------------------------------- gradient checks


def _max_rel_error(a: np.ndarray, b: np.ndarray) -> float:
    """‖a − b‖∞ / max(‖a‖∞, ‖b‖∞, 1e-12), over all parameters at once.

    Relative to the largest gradient component rather than element by element: a component
    that is ~0 has a finite-difference round-off (~1e-10) as large as itself, which says
    nothing about the derivation."""
    scale = max(float(np.abs(a).max()), float(np.abs(b).max()), 1e-12)
    return float(np.abs(a - b).max() / scale)


def _analytic_flat(net: TwoLayerNet, X: np.ndarray, y: np.ndarray) -> np.ndarray:
    net._loss_grads(X.T, _one_hot(y, net.classes).T)
    return net._grad.copy()


def gradcheck_fd(net: TwoLayerNet, X: object, y: object, eps: float = 1e-6) -> float:
    """Largest error of the hand-derived gradient against central differences (L(θ+ε) − L(θ−ε))/2ε
    over every parameter, as ‖·‖∞ relative to the gradient's size (see _max_rel_error).

    ReLU has a kink at h = 0: if a pre-activation lies within ε·max(1, |x|) of 0 the
    difference straddles it and the check reports a large error that is not a bug (with
    random data this is very unlikely; gradcheck reports the margin as "kink_margin")."""
    if not (math.isfinite(eps) and 0 < eps < 1):
        raise ConfigError("bad_eps", {"eps": eps})
    Xa = _check_X(X)
    ya = _check_y(y, Xa.shape[0], net.classes)
    XT, YT = Xa.T, _one_hot(ya, net.classes).T
    analytic = _analytic_flat(net, Xa, ya)
    theta = net._theta
    numeric = np.empty_like(theta)
    for i in range(theta.size):
        keep = theta[i]
        theta[i] = keep + eps
        up = net._loss(XT, YT)
        theta[i] = keep - eps
        down = net._loss(XT, YT)
        theta[i] = keep
        numeric[i] = (up - down) / (2.0 * eps)
    return _max_rel_error(analytic, numeric)


def autograd_grads(net: TwoLayerNet, X: object, y: object) -> tuple[float, dict[str, np.ndarray]]:
    """The same loss and gradients from torch autograd in float64 (torch's own cross-entropy)."""
    Xa = _check_X(X)
    ya = _check_y(y, Xa.shape[0], net.classes)
    import torch  # here, so importing core.backprop does not load torch
    import torch.nn.functional as F

    params = {k: torch.tensor(v, dtype=torch.float64, requires_grad=True) for k, v in net.get_params().items()}
    act = {"relu": torch.relu, "sigmoid": torch.sigmoid, "tanh": torch.tanh}[net.activation]
    h = torch.tensor(Xa, dtype=torch.float64) @ params["W1"] + params["b1"]
    z = act(h) @ params["W2"] + params["b2"]
    loss = F.cross_entropy(z, torch.tensor(ya, dtype=torch.int64))
    if net.l2:
        loss = loss + 0.5 * net.l2 * ((params["W1"] ** 2).sum() + (params["W2"] ** 2).sum())
    loss.backward()
    grads = {k: p.grad for k, p in params.items()}
    assert all(g is not None for g in grads.values())  # every parameter is a leaf in the loss
    return float(loss.detach()), {k: g.numpy().copy() for k, g in grads.items() if g is not None}


def gradcheck_autograd(net: TwoLayerNet, X: object, y: object) -> float:
    """Largest error of the hand-derived gradient against torch autograd (same measure as gradcheck_fd)."""
    Xa = _check_X(X)
    ya = _check_y(y, Xa.shape[0], net.classes)
    analytic = _analytic_flat(net, Xa, ya)
    _, grads = autograd_grads(net, Xa, ya)
    reference = np.concatenate([grads[name].ravel() for name in PARAM_NAMES])
    return _max_rel_error(analytic, reference)


def gradcheck(hidden: int = 16, activation: str = "tanh", seed: int = 0, n: int = 40) -> dict:
    """Both checks for a fresh network on n points of moons (noise 0.1): the CLI's `gradcheck` report."""
    if not 2 <= int(n) <= 10_000:
        raise ConfigError("bad_points", {"points": n, "limit": 10_000})
    data = datasets2d.moons(int(n), 0.1, seed)
    net = TwoLayerNet(hidden, activation, 2, seed)
    h = net.forward(data.X)["h"]
    return {
        "max_rel_error_fd": gradcheck_fd(net, data.X, data.y),
        "max_rel_error_autograd": gradcheck_autograd(net, data.X, data.y),
        "parameters": net.parameter_count,
        "hidden": net.hidden,
        "activation": net.activation,
        "seed": int(seed),
        "points": int(n),
        "kink_margin": float(np.abs(h).min()),  # smallest |h|: only matters for relu
    }


# --------------------------------------------------------------------------- data


def linear_baseline(data: Labeled) -> float:
    """Training accuracy of the best straight boundary (logistic regression, Newton, C = 1):
    the seed's "why neural networks" — on circles, XOR or a spiral a line is near chance."""
    from core import logreg

    config = logreg.LogRegConfig(l2_C=1.0)
    result = logreg.solve_reference(data, config)
    dec = logreg.decompose(data.y, data.k, config.strategy)
    pred = logreg.predict_from_logits(logreg.design(data.X, False) @ result.weights, dec)
    return float(np.mean(pred == data.y))


def make_preset(name: str, n: int, noise: float, seed: int) -> Labeled:
    """One of PRESETS from core.datasets2d (two classes each)."""
    makers = {"circles": datasets2d.circles, "moons": datasets2d.moons, "xor": datasets2d.xor,
              "spiral": datasets2d.spiral}
    if name not in makers:
        raise ConfigError("bad_preset", {"preset": name, "choices": PRESETS})
    return makers[name](n, noise, seed)


__all__ = [
    "ACTIVATIONS", "PRESETS", "PARAM_NAMES", "MAX_HIDDEN", "MAX_STEPS", "DivergedError", "TwoLayerNet",
    "evaluate_grid", "gradcheck_fd", "autograd_grads", "gradcheck_autograd", "gradcheck", "make_preset",
    "linear_baseline", "BackpropConfig", "BackpropRun", "Divergence", "LOSS_EXPLODED", "MAX_RUN_STEPS", "thin_rows",
]


# --------------------------------------------------------------------------- one point's chain


@dataclass(frozen=True)
class PointChain:
    """The chain rule through softmax for one point (x, y), as the backward pass does it
    (row vectors, the seed's convention): h = x·W₁ + b₁, a = g(h), z = a·W₂ + b₂,
    p = softmax(z), L = −log p_y, then ∂L/∂z = p − y (one-hot), ∂L/∂W₂ = aᵀ(p − y),
    ∂L/∂b₂ = p − y, ∂L/∂a = (p − y)·W₂ᵀ, ∂L/∂h = ∂L/∂a ⊙ g′(h), ∂L/∂W₁ = xᵀ·∂L/∂h.
    The batch's gradient is the mean of these over its m points (plus L2's term)."""

    x: np.ndarray  # (2,)
    label: int
    h: np.ndarray  # (H,)
    a: np.ndarray  # (H,)
    z: np.ndarray  # (K,)
    p: np.ndarray  # (K,)
    y: np.ndarray  # (K,) one-hot
    loss: float  # −log p_y
    dz: np.ndarray  # (K,)
    dW2: np.ndarray  # (H, K)
    db2: np.ndarray  # (K,)
    da: np.ndarray  # (H,)
    g_prime: np.ndarray  # (H,) g′(h)
    dh: np.ndarray  # (H,)
    dW1: np.ndarray  # (2, H)
    db1: np.ndarray  # (H,)


def point_chain(net: TwoLayerNet, x: object, label: int) -> PointChain:
    """Every factor of the chain rule for one point at the network's current weights."""
    X = _check_X(np.asarray(x, dtype=np.float64).reshape(1, -1))
    lab = int(_check_y(np.array([label]), 1, net.classes)[0])
    f = net.forward(X)
    h, a, z, p = f["h"][0], f["a"][0], f["z"][0], f["p"][0]
    W2 = net.get_params()["W2"]
    y = np.zeros(net.classes)
    y[lab] = 1.0
    zs = z - z.max()
    loss = float(np.log(np.exp(zs).sum()) - zs[lab])  # −log p_y without log(0)
    dz = p - y
    da = W2 @ dz
    if net.activation == "relu":
        g_prime = (h > 0).astype(np.float64)
    elif net.activation == "tanh":
        g_prime = 1.0 - a * a
    else:
        g_prime = a * (1.0 - a)
    dh = da * g_prime
    return PointChain(X[0], lab, h, a, z, p, y, loss, dz, np.outer(a, dz), dz.copy(), da, g_prime, dh,
                      np.outer(X[0], dh), dh.copy())


__all__ += ["PointChain", "point_chain"]
