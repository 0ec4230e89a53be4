"""The seed's MLP on Fashion-MNIST (1.3): Linear(784, 1024) → ReLU → Linear(1024, 10), SGD.

Training runs from tensors held in memory (no per-sample Python transforms) as a generator
of small frozen snapshots; it knows nothing about threads. It yields at most every
`min_interval` seconds (each snapshot carries every batch loss since the previous one) and
at the end of every epoch, reads the learning rate and a stop flag from a control object
between batches, and never leaves the model with non-finite weights.

The default model's state dict has the seed's keys (net.0.*, net.2.*), so the seed's
`last.pt` opens here and the lab can save that form.
"""

from __future__ import annotations

import math
import os
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Iterator

import numpy as np
import torch
from torch import nn

from core.errors import LabError

ACTIVATIONS = ("relu", "sigmoid", "tanh")
OPTIMIZERS = ("sgd", "momentum", "adam")
SEED_NORMALIZATION = (0.485, 0.229)  # the seed's online variant: transforms.Normalize
LAB_FORMAT = "ml-basics-lab/mlp"
CHUNK_ROWS = 8192  # training rows shuffled into place at a time (25 MB of float32 images)


class ModelError(LabError):
    """A model file or a training configuration cannot be used."""


@dataclass(frozen=True)
class MLPConfig:
    hidden: tuple[int, ...] = (1024,)
    activation: str = "relu"
    optimizer: str = "sgd"
    lr: float = 0.1
    batch_size: int = 64
    epochs: int = 5
    normalize: bool = False
    seed: int | None = 0

    def validated(self) -> "MLPConfig":
        if not self.hidden or any(not (1 <= h <= 8192) for h in self.hidden) or len(self.hidden) > 4:
            raise ModelError("bad_hidden", {"hidden": list(self.hidden)})
        if self.activation not in ACTIVATIONS:
            raise ModelError("bad_activation", {"activation": self.activation})
        if self.optimizer not in OPTIMIZERS:
            raise ModelError("bad_optimizer", {"optimizer": self.optimizer})
        if not (math.isfinite(self.lr) and self.lr > 0):
            raise ModelError("lr_not_positive", {"lr": self.lr})
        if not (1 <= self.batch_size <= 60000):
            raise ModelError("bad_batch_size", {"batch_size": self.batch_size})
        if not (1 <= self.epochs <= 1000):
            raise ModelError("bad_epochs", {"epochs": self.epochs})
        return self


class MLP(nn.Module):
    """Fully connected network; one hidden layer of 1024 with ReLU is the seed's Fashion."""

    def __init__(self, hidden: tuple[int, ...] = (1024,), activation: str = "relu") -> None:
        super().__init__()
        act = {"relu": nn.ReLU, "sigmoid": nn.Sigmoid, "tanh": nn.Tanh}[activation]
        layers: list[nn.Module] = []
        width = 28 * 28
        for h in hidden:
            layers += [nn.Linear(width, h), act()]
            width = h
        layers.append(nn.Linear(width, 10))
        self.net = nn.Sequential(*layers)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.net(x.view(x.shape[0], -1))


def build_model(config: MLPConfig) -> MLP:
    if config.seed is not None:
        torch.manual_seed(config.seed)
    return MLP(config.hidden, config.activation)


def device() -> torch.device:
    """CUDA when available, the CPU otherwise."""
    return torch.device("cuda" if torch.cuda.is_available() else "cpu")


def to_tensors(x: np.ndarray, y: np.ndarray, normalize: bool, dev: torch.device | None = None
               ) -> tuple[torch.Tensor, torch.Tensor]:
    """uint8 images → float32 (n, 784) in [0, 1] (or normalised as the seed's variant), labels."""
    dev = dev or torch.device("cpu")
    t = torch.from_numpy(np.ascontiguousarray(x)).to(dev).reshape(len(x), -1).float().div_(255.0)
    if normalize:
        mean, std = SEED_NORMALIZATION
        t.sub_(mean).div_(std)
    return t, torch.from_numpy(np.asarray(y, dtype=np.int64)).to(dev)


@dataclass
class TrainControl:
    """Read by the trainer between batches: change the rate or ask it to stop at any time."""

    lr: float | None = None
    stop: bool = False


@dataclass(frozen=True)
class BatchSnapshot:
    epoch: int
    batch: int  # batches done in this epoch
    batches: int  # per epoch
    losses: tuple[float, ...]  # every batch loss since the previous snapshot
    samples_per_s: float
    elapsed: float


@dataclass(frozen=True)
class EpochSnapshot:
    epoch: int
    train_loss: float
    train_acc: float
    test_loss: float
    test_acc: float
    seconds: float
    samples_per_s: float
    confusion: np.ndarray = field(repr=False)  # (10, 10) test counts, rows true
    probs: np.ndarray | None = field(default=None, repr=False)  # (n_test, 10), with keep_probs


@dataclass(frozen=True)
class StopSnapshot:
    reason: str  # "finished", "stopped" or "diverged"
    epoch: int
    batch: int


def warm_up() -> None:
    """Pay torch's lazy imports before training: the first optimizer built imports
    torch._dynamo and sympy (about 1.7 s of Python, here), which would otherwise land in
    the first epoch and hold the interpreter while the GUI animates."""
    p = nn.Parameter(torch.zeros(1))
    opt = torch.optim.SGD([p], lr=0.1)
    p.sum().backward()
    opt.step()


def make_optimizer(model: nn.Module, config: MLPConfig) -> torch.optim.Optimizer:
    if config.optimizer == "adam":
        return torch.optim.Adam(model.parameters(), lr=config.lr)
    momentum = 0.9 if config.optimizer == "momentum" else 0.0
    return torch.optim.SGD(model.parameters(), lr=config.lr, momentum=momentum)


@torch.no_grad()
def evaluate(model: nn.Module, x: torch.Tensor, y: torch.Tensor, batch: int = 2000,
             probs_out: np.ndarray | None = None) -> tuple[float, float, np.ndarray]:
    """Mean loss, accuracy and the confusion matrix (rows true) on a whole set; the class
    probabilities too, into `probs_out` (n, 10), from the same forward pass."""
    model.eval()
    total, correct = 0.0, 0
    cm = torch.zeros(10, 10, dtype=torch.int64)
    for i in range(0, len(x), batch):
        out = model(x[i:i + batch])
        if probs_out is not None:
            probs_out[i:i + batch] = torch.softmax(out, dim=1).cpu().numpy()
        yy = y[i:i + batch]
        total += float(nn.functional.cross_entropy(out, yy, reduction="sum"))
        pred = out.argmax(dim=1)
        correct += int((pred == yy).sum())
        cm += torch.bincount((yy * 10 + pred).cpu(), minlength=100).reshape(10, 10)
    model.train()
    n = max(len(x), 1)
    return total / n, correct / n, cm.numpy()


def train(model: nn.Module, train_xy: tuple[torch.Tensor, torch.Tensor], test_xy: tuple[torch.Tensor, torch.Tensor],
          config: MLPConfig, control: TrainControl | None = None, min_interval: float = 1 / 30,
          start_epoch: int = 0, keep_probs: bool = False) -> Iterator[BatchSnapshot | EpochSnapshot | StopSnapshot]:
    """Train for config.epochs epochs; yields snapshots (see the module docstring). With
    keep_probs each EpochSnapshot carries the test set's class probabilities."""
    config = config.validated()
    control = control or TrainControl()
    x, y = train_xy
    n = len(x)
    bs = config.batch_size
    batches = math.ceil(n / bs)
    opt = make_optimizer(model, config)
    gen = torch.Generator(device="cpu")
    if config.seed is not None:
        gen.manual_seed(config.seed + start_epoch)
    criterion = nn.CrossEntropyLoss()
    safe = {k: v.detach().clone() for k, v in model.state_dict().items()}
    model.train()
    for epoch in range(start_epoch, start_epoch + config.epochs):
        t0 = time.perf_counter()
        last_yield = t0
        pending: list[float] = []
        loss_sum = 0.0
        # the seed's train_acc: the mean of per-batch accuracies, summed as a tensor (no float() per batch)
        acc_sum = torch.zeros((), dtype=torch.float64, device=x.device)
        order = torch.randperm(n, generator=gen).to(x.device)
        per_chunk = max(1, CHUNK_ROWS // bs)  # batches gathered at once: one copy, not one per batch
        for b in range(batches):
            if control.stop:
                yield StopSnapshot("stopped", epoch, b)
                return
            if control.lr is not None:
                for g in opt.param_groups:
                    g["lr"] = control.lr
            if b % per_chunk == 0:
                rows = order[b * bs:(b + per_chunk) * bs]
                xs, ys = x.index_select(0, rows), y.index_select(0, rows)
            k = (b % per_chunk) * bs
            xb, yb = xs[k:k + bs], ys[k:k + bs]
            out = model(xb)
            loss = criterion(out, yb)
            value = loss.item()
            if not math.isfinite(value):
                model.load_state_dict(safe)  # the last finite weights
                yield StopSnapshot("diverged", epoch, b)
                return
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            loss_sum += value
            acc_sum += (out.argmax(dim=1) == yb).sum() / len(yb)
            pending.append(value)
            if b % 100 == 99:  # keep a finite copy now and then: a step can make weights NaN
                if all(bool(torch.isfinite(p).all()) for p in model.parameters()):
                    safe = {k: v.detach().clone() for k, v in model.state_dict().items()}
            now = time.perf_counter()
            if now - last_yield >= min_interval:
                yield BatchSnapshot(epoch, b + 1, batches, tuple(pending), (b + 1) * bs / (now - t0), now - t0)
                pending = []
                last_yield = now
        seconds = time.perf_counter() - t0
        if not all(bool(torch.isfinite(p).all()) for p in model.parameters()):
            model.load_state_dict(safe)
            yield StopSnapshot("diverged", epoch, batches)
            return
        safe = {k: v.detach().clone() for k, v in model.state_dict().items()}
        probs = np.empty((len(test_xy[0]), 10), dtype=np.float32) if keep_probs else None
        test_loss, test_acc, cm = evaluate(model, *test_xy, probs_out=probs)
        if pending:
            yield BatchSnapshot(epoch, batches, batches, tuple(pending), n / seconds, seconds)
        yield EpochSnapshot(epoch, loss_sum / batches, float(acc_sum) / batches, test_loss, test_acc, seconds, n / seconds,
                            cm, probs)
    yield StopSnapshot("finished", start_epoch + config.epochs - 1, batches)


# --------------------------------------------------------------------------- files


def save_model(path: str | os.PathLike[str], model: nn.Module, config: MLPConfig | None = None,
               metrics: list[dict] | None = None, seed_form: bool = False) -> None:
    """Save atomically (a temporary file in the same folder, then a rename). The seed form
    is the bare state dict, as the seed's `save(net.state_dict(), 'last.pt')`."""
    p = Path(path)
    state = {k: v.detach().cpu() for k, v in model.state_dict().items()}
    if seed_form:
        payload: object = state
    else:
        payload = {"format": LAB_FORMAT, "version": 1, "state_dict": state,
                   "config": asdict(config) if config is not None else None, "metrics": metrics or []}
    fd, tmp = tempfile.mkstemp(prefix=".saving-", suffix=".pt", dir=str(p.parent) if str(p.parent) else ".")
    os.close(fd)
    try:
        torch.save(payload, tmp)
        os.replace(tmp, p)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def load_model(path: str | os.PathLike[str]) -> tuple[MLP, MLPConfig, list[dict]]:
    """Open a model safely (weights_only: no code in a pickle runs), in the lab's form or the
    seed's; shapes and finiteness are checked."""
    p = Path(path)
    if not p.is_file():
        raise ModelError("file_not_found" if not p.exists() else "not_a_file", {"path": str(p)})
    try:
        payload = torch.load(p, map_location="cpu", weights_only=True)
    except __import__("pickle").UnpicklingError as exc:
        # weights_only refused it; say "unsafe" when the pickle names code outside torch
        unsafe = bool(foreign_globals(p))
        raise ModelError("model_unsafe" if unsafe else "model_unreadable",
                         {"path": str(p), "reason": str(exc).strip().splitlines()[-1][:200]}) from exc
    except Exception as exc:  # torch raises many kinds for a damaged file
        raise ModelError("model_unreadable", {"path": str(p), "reason": str(exc).splitlines()[0][:200]}) from exc
    if isinstance(payload, dict) and payload.get("format") == LAB_FORMAT:
        state = payload.get("state_dict")
        raw = payload.get("config") or {}
        metrics = list(payload.get("metrics") or [])
    else:
        state, raw, metrics = payload, {}, []
    if not isinstance(state, dict) or not all(isinstance(v, torch.Tensor) for v in state.values()):
        raise ModelError("model_wrong_architecture", {"path": str(p)})
    hidden = _hidden_sizes(state, p)
    activation = raw.get("activation", "relu") if isinstance(raw, dict) else "relu"
    fields = {k: v for k, v in (raw.items() if isinstance(raw, dict) else []) if k in MLPConfig.__dataclass_fields__}
    fields["hidden"] = hidden
    fields["activation"] = activation if activation in ACTIVATIONS else "relu"
    try:
        config = MLPConfig(**fields).validated()
    except (TypeError, ModelError):
        config = MLPConfig(hidden=hidden, activation=fields["activation"])
    model = MLP(hidden, config.activation)
    try:
        model.load_state_dict(state)
    except RuntimeError as exc:
        raise ModelError("model_wrong_architecture", {"path": str(p), "reason": str(exc)[:200]}) from exc
    if not all(bool(torch.isfinite(t).all()) for t in state.values()):
        raise ModelError("model_not_finite", {"path": str(p)})
    return model, config, metrics


SAFE_MODULES = ("torch", "collections", "_codecs", "builtins")


def foreign_globals(path: Path) -> list[str]:
    """Names a pickle (plain, or torch's zip's data.pkl) would import from outside torch:
    what an unpickler would call. Read with pickletools, which runs nothing."""
    import pickletools
    import zipfile

    try:
        if zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as z:
                name = next((n for n in z.namelist() if n.endswith("data.pkl")), None)
                data = z.read(name) if name else b""
        else:
            data = path.read_bytes()
        found, strings = [], []
        for op, arg, _ in pickletools.genops(data):
            if op.name in ("SHORT_BINUNICODE", "BINUNICODE", "UNICODE", "STRING", "BINSTRING"):
                strings.append(str(arg))
            elif op.name == "GLOBAL":
                found.append(str(arg).replace(" ", "."))
            elif op.name == "STACK_GLOBAL" and len(strings) >= 2:
                found.append(f"{strings[-2]}.{strings[-1]}")
        return [g for g in found if not g.split(".")[0] in SAFE_MODULES]
    except Exception:
        return []


def _hidden_sizes(state: dict, path: Path) -> tuple[int, ...]:
    """The hidden widths from a state dict with keys net.{0,2,4,...}.weight chaining 784 → 10."""
    weights = []
    i = 0
    while f"net.{i}.weight" in state:
        weights.append(state[f"net.{i}.weight"])
        i += 2
    if not weights or any(w.dim() != 2 for w in weights) or weights[0].shape[1] != 784 or weights[-1].shape[0] != 10:
        raise ModelError("model_wrong_architecture", {"path": str(path)})
    for a, b in zip(weights, weights[1:]):
        if b.shape[1] != a.shape[0]:
            raise ModelError("model_wrong_architecture", {"path": str(path)})
    expected = {f"net.{2 * j}.{kind}" for j in range(len(weights)) for kind in ("weight", "bias")}
    if set(state) != expected:
        raise ModelError("model_wrong_architecture", {"path": str(path)})
    return tuple(int(w.shape[0]) for w in weights[:-1])


@torch.no_grad()
def predict_proba(model: nn.Module, images: np.ndarray, normalize: bool) -> np.ndarray:
    """Class probabilities (n, 10) for uint8 28×28 images."""
    x, _ = to_tensors(images, np.zeros(len(images)), normalize)
    model.eval()
    p = torch.softmax(model(x), dim=1).numpy()
    model.train()
    return p
