"""The seed's MLP on Fashion-MNIST (1.3): Linear(784, 1024) → ReLU → Linear(1024, 10), SGD.

Training runs from tensors held in memory (no per-sample Python transforms) as a generator
of small frozen snapshots; it knows nothing about threads. It yields at most every
`min_interval` seconds (each snapshot carries every batch loss since the previous one) and
at the end of every epoch, reads the learning rate and a stop flag from a control object
before every batch, and never leaves the model with non-finite weights.

Epochs are counted two ways, and the snapshots say which: `epoch` is the 0-based index of
the epoch a snapshot belongs to (the seed prints `epoch:0` after the first one), and
`epochs_completed` is how much training the weights have had, in epochs (1.0 after the
first full epoch, 2.25 when stopped a quarter into the third). Show people
`epochs_completed`, or `epoch + 1` for a full epoch.

A run that is not learning (test accuracy near chance and the loss no lower than
guessing, after enough steps) is flagged on its EpochSnapshot (`not_learning`, with the
likely cause) and ends with StopSnapshot reason "not_learning" instead of "finished".
With `partial_on_stop`, a run stopped (or diverged) mid-epoch first yields an EpochSnapshot
with `partial=True` that scores the weights it leaves, as an epoch end does.

The default model's state dict has the seed's keys (net.0.*, net.2.*), so the seed's
`last.pt` opens here and the lab can save that form. Model files are checked before
anything is built: every tensor's shape against the lab's limits (one to four hidden
layers of 1 to 8192 units), then every field's type; any fault is a ModelError.
"""

from __future__ import annotations

import logging
import math
import numbers
import os
import pickle
import stat
import sys
import time
import zipfile
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any, Iterator

import numpy as np
import torch
from torch import nn

from core.atomic import atomic_write
from core.errors import LabError
from core.metrics import confusion_matrix

log = logging.getLogger(__name__)

ACTIVATIONS = ("relu", "sigmoid", "tanh")
OPTIMIZERS = ("sgd", "momentum", "adam")
SEED_NORMALIZATION = (0.485, 0.229)  # the seed's online variant: transforms.Normalize
LAB_FORMAT = "ml-basics-lab/mlp"
LAB_FORMAT_VERSION = 1
CHUNK_ROWS = 8192  # training rows shuffled into place at a time (25 MB of float32 images)
INPUTS, CLASSES = 28 * 28, 10
MAX_HIDDEN, MAX_LAYERS = 8192, 4  # the lab's width cap, for the controls and for files alike
SEED_HIDDEN = (1024,)
# The largest network the cap allows, in elements; a file may hold no more than this.
MAX_ELEMENTS = (INPUTS * MAX_HIDDEN + (MAX_LAYERS - 1) * MAX_HIDDEN ** 2 + MAX_HIDDEN * CLASSES
                + MAX_LAYERS * MAX_HIDDEN + CLASSES)
MAX_MODEL_FILE_BYTES = 8 * MAX_ELEMENTS + 64 * 1024 * 1024  # float64 weights of the largest network, and slack
MAX_METRICS = 100_000
METRIC_KEYS = ("epoch", "train_loss", "train_acc", "test_loss", "test_acc")
EVAL_BATCH = 2000
NOT_LEARNING_MIN_STEPS = 50  # fewer steps than this are too few to call a run stuck
MEMORY_FRACTION = 0.5  # of the memory there is: the data, the app and the OS need the rest
FALLBACK_MEMORY = 4 * 1024 ** 3  # when the platform will not say how much memory there is


class ModelError(LabError):
    """A model file or a training configuration cannot be used."""


@dataclass(frozen=True)
class MLPConfig:
    hidden: tuple[int, ...] = SEED_HIDDEN
    activation: str = "relu"
    optimizer: str = "sgd"
    lr: float = 0.1
    batch_size: int = 64
    epochs: int = 5
    normalize: bool = False
    seed: int | None = 0

    def validated(self) -> "MLPConfig":
        """This configuration, or a ModelError naming the first field out of range."""
        if not _hidden_ok(self.hidden):
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


def _hidden_ok(hidden: tuple[int, ...]) -> bool:
    return 1 <= len(hidden) <= MAX_LAYERS and all(1 <= h <= MAX_HIDDEN for h in hidden)


class MLP(nn.Module):
    """Fully connected network; one hidden layer of 1024 with ReLU is the seed's Fashion."""

    def __init__(self, hidden: tuple[int, ...] = SEED_HIDDEN, activation: str = "relu") -> None:
        super().__init__()
        act = {"relu": nn.ReLU, "sigmoid": nn.Sigmoid, "tanh": nn.Tanh}[activation]
        layers: list[nn.Module] = []
        width = INPUTS
        for h in hidden:
            layers += [nn.Linear(width, h), act()]
            width = h
        layers.append(nn.Linear(width, CLASSES))
        self.net = nn.Sequential(*layers)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.net(x.view(x.shape[0], -1))


def build_model(config: MLPConfig) -> MLP:
    """A freshly initialised network for `config` (seeded when config.seed is set)."""
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


# --------------------------------------------------------------------------- memory


def memory_needed(config: MLPConfig) -> int:
    """Bytes a training run of `config` needs, roughly: weights, gradients, the optimizer's
    state and the trainer's finite copy, float32; the step's temporaries; activations."""
    widths = [INPUTS, *config.hidden, CLASSES]
    params = sum(a * b + b for a, b in zip(widths, widths[1:]))
    largest = max(a * b for a, b in zip(widths, widths[1:]))
    states = {"sgd": 0, "momentum": 1, "adam": 2}.get(config.optimizer, 2)
    weights = 4 * params * (3 + states)  # weights, gradients, the finite copy, optimizer state
    temporaries = 4 * largest * 2  # an optimizer step works one tensor at a time
    rows = max(config.batch_size, EVAL_BATCH)  # training batch or evaluation batch, whichever is larger
    activations = 4 * rows * sum(widths) * 3  # outputs, activations and their gradients
    gathered = 4 * max(CHUNK_ROWS, config.batch_size) * INPUTS  # a shuffled chunk of images
    return weights + temporaries + activations + gathered


def _physical_memory() -> int | None:
    """Bytes of memory on this machine, or under this process's cgroup limit if lower."""
    total: int | None = None
    try:
        total = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (AttributeError, ValueError, OSError):
        if sys.platform == "win32":
            total = _windows_memory()
    for limit_file in ("/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"):
        try:
            text = Path(limit_file).read_text().strip()
        except OSError:
            continue
        if text.isdigit() and int(text) < (total or 1 << 62):
            total = int(text)
    return total if total and total > 0 else None


def _windows_memory() -> int | None:
    import ctypes

    class MemoryStatus(ctypes.Structure):
        _fields_ = [("length", ctypes.c_ulong), ("load", ctypes.c_ulong), ("total", ctypes.c_ulonglong),
                    ("avail", ctypes.c_ulonglong), ("page_total", ctypes.c_ulonglong),
                    ("page_avail", ctypes.c_ulonglong), ("virtual_total", ctypes.c_ulonglong),
                    ("virtual_avail", ctypes.c_ulonglong), ("extended", ctypes.c_ulonglong)]

    status = MemoryStatus()
    status.length = ctypes.sizeof(MemoryStatus)
    try:
        if ctypes.windll.kernel32.GlobalMemoryStatusEx(ctypes.byref(status)):  # type: ignore[attr-defined]
            return int(status.total)
    except (AttributeError, OSError):
        pass
    return None


def memory_limit(dev: torch.device | str | None = None) -> int:
    """Bytes a training run may plan to use on `dev`: a fraction of the machine's memory
    (of the GPU's free memory for CUDA); 4 GiB's fraction when the platform will not say."""
    dev = torch.device(dev) if dev is not None else torch.device("cpu")
    if dev.type == "cuda":
        try:
            free, _total = torch.cuda.mem_get_info(dev)
            return int(0.9 * (free + torch.cuda.memory_reserved(dev)))
        except (RuntimeError, AssertionError):
            return int(MEMORY_FRACTION * FALLBACK_MEMORY)
    return int(MEMORY_FRACTION * (_physical_memory() or FALLBACK_MEMORY))


def check_memory(config: MLPConfig, dev: torch.device | str | None = None) -> None:
    """Refuse (ModelError not_enough_memory) a configuration that would not fit; call it
    before build_model, which already allocates the weights. train() calls it too."""
    needed, limit = memory_needed(config), memory_limit(dev)
    if needed > limit:
        raise ModelError("not_enough_memory", {"hidden": list(config.hidden), "optimizer": config.optimizer,
                                               "needed_mb": math.ceil(needed / 2 ** 20),
                                               "limit_mb": limit // 2 ** 20})


# --------------------------------------------------------------------------- training


@dataclass
class TrainControl:
    """Read by the trainer before every batch: change the rate or ask it to stop at any time."""

    lr: float | None = None
    stop: bool = False


@dataclass(frozen=True)
class BatchSnapshot:
    epoch: int  # 0-based index of the epoch
    batch: int  # batches done in this epoch
    batches: int  # per epoch
    losses: tuple[float, ...]  # every batch loss since the previous snapshot
    samples_per_s: float
    elapsed: float


@dataclass(frozen=True)
class EpochSnapshot:
    """The weights scored on the test set: at an epoch's end, or (partial) where a run stopped."""

    epoch: int  # 0-based index of the epoch (the seed's `epoch:0` line)
    train_loss: float  # mean of this epoch's batch losses (of the batches done, when partial)
    train_acc: float  # mean of this epoch's per-batch accuracies, in [0, 1]
    test_loss: float
    test_acc: float
    seconds: float
    samples_per_s: float
    confusion: np.ndarray = field(repr=False)  # (10, 10) test counts, rows true
    probs: np.ndarray | None = field(default=None, repr=False)  # (n_test, 10), with keep_probs
    batches_done: int = 0  # batches of this epoch behind these weights (== batches at an epoch's end)
    batches: int = 0  # batches per epoch
    partial: bool = False  # stopped or diverged mid-epoch: these are the weights the run leaves
    not_learning: bool = False  # accuracy at chance and the loss no better than guessing
    cause: str = ""  # with not_learning: "lr_too_high" or "lr_too_low"

    @property
    def epochs_completed(self) -> float:
        """Training behind these weights, in epochs: epoch + 1 at an epoch's end."""
        return self.epoch + (self.batches_done / self.batches if self.batches else 1.0)


@dataclass(frozen=True)
class StopSnapshot:
    """The last snapshot of a run; reason is "finished", "stopped", "diverged" or "not_learning".
    epoch and batch say where the weights the run leaves stand (for "diverged": the last
    finite weights, which the model is restored to)."""

    reason: str
    epoch: int  # 0-based index of the epoch
    batch: int  # batches of that epoch behind the weights (== batches at an epoch's end)
    cause: str = ""  # "lr_too_high" or "lr_too_low" with not_learning; "lr_too_high" with diverged
    batches: int = field(default=0, compare=False)  # batches per epoch

    @property
    def epochs_completed(self) -> float:
        """Training behind the weights the run leaves, in epochs."""
        return self.epoch + (self.batch / self.batches if self.batches else 0.0)


def warm_up() -> None:
    """Pay torch's lazy imports before training: the first optimizer built imports
    torch._dynamo and sympy (about 1.7 s of Python, here), which would otherwise land in
    the first epoch and hold the interpreter while the GUI animates."""
    p = nn.Parameter(torch.zeros(1))
    opt = torch.optim.SGD([p], lr=0.1)
    p.sum().backward()
    opt.step()


def make_optimizer(model: nn.Module, config: MLPConfig) -> torch.optim.Optimizer:
    """The optimizer `config` names, over the model's parameters."""
    if config.optimizer == "adam":
        return torch.optim.Adam(model.parameters(), lr=config.lr)
    momentum = 0.9 if config.optimizer == "momentum" else 0.0
    return torch.optim.SGD(model.parameters(), lr=config.lr, momentum=momentum)


@torch.no_grad()
def evaluate(model: nn.Module, x: torch.Tensor, y: torch.Tensor, batch: int = EVAL_BATCH,
             probs_out: np.ndarray | None = None) -> tuple[float, float, np.ndarray]:
    """Mean loss, accuracy and the confusion matrix (rows true) on a whole set; the class
    probabilities too, into `probs_out` (n, 10), from the same forward pass."""
    model.eval()
    total, correct = 0.0, 0
    cm = np.zeros((CLASSES, CLASSES), dtype=np.int64)
    for i in range(0, len(x), batch):
        out = model(x[i:i + batch])
        if probs_out is not None:
            probs_out[i:i + batch] = torch.softmax(out, dim=1).cpu().numpy()
        yy = y[i:i + batch]
        total += float(nn.functional.cross_entropy(out, yy, reduction="sum"))
        pred = out.argmax(dim=1)
        correct += int((pred == yy).sum())
        cm += confusion_matrix(yy.cpu().numpy(), pred.cpu().numpy(), CLASSES)
    model.train()
    n = max(len(x), 1)
    return total / n, correct / n, cm


def learning_verdict(test_acc: float, test_loss: float, first_loss: float, max_loss: float, steps: int
                     ) -> str:
    """"" while a run learns; else the likely cause, "lr_too_high" or "lr_too_low".

    Not learning: after enough steps, test accuracy under twice chance and a test loss no
    better than guessing uniformly (ln 10), or not finite. Too high when the loss ever
    jumped to twice its first value or ends above guessing; otherwise too low.
    """
    guess = math.log(CLASSES)
    if steps < NOT_LEARNING_MIN_STEPS or test_acc >= 2.0 / CLASSES:
        return ""
    if math.isfinite(test_loss) and test_loss < 0.95 * guess:
        return ""
    if not (math.isfinite(test_loss) and math.isfinite(max_loss)) or max_loss > 2 * first_loss \
            or test_loss > 1.05 * guess:
        return "lr_too_high"
    return "lr_too_low"


def train(model: nn.Module, train_xy: tuple[torch.Tensor, torch.Tensor], test_xy: tuple[torch.Tensor, torch.Tensor],
          config: MLPConfig, control: TrainControl | None = None, min_interval: float = 1 / 30,
          start_epoch: int = 0, keep_probs: bool = False, partial_on_stop: bool = False
          ) -> Iterator[BatchSnapshot | EpochSnapshot | StopSnapshot]:
    """Train for config.epochs epochs; yields snapshots (see the module docstring). With
    keep_probs each EpochSnapshot carries the test set's class probabilities; with
    partial_on_stop a run ended mid-epoch scores the weights it leaves first. A torch
    error inside a step (out of memory, say) propagates unchanged."""
    config = config.validated()
    log.info("training from epoch %d on %d images: %s", start_epoch + 1, len(train_xy[0]), config)
    control = control or TrainControl()
    x, y = train_xy
    check_memory(config, x.device)
    n = len(x)
    bs = config.batch_size
    batches = math.ceil(n / bs)
    opt = make_optimizer(model, config)
    gen = torch.Generator(device="cpu")
    if config.seed is not None:
        gen.manual_seed(config.seed + start_epoch)
    criterion = nn.CrossEntropyLoss()

    def snapshot_state() -> dict[str, torch.Tensor]:
        return {k: v.detach().clone() for k, v in model.state_dict().items()}

    def score(epoch: int, done: int, loss_sum: float, acc_sum: float, seconds: float, partial: bool
              ) -> EpochSnapshot:
        """The weights as they are now, scored on the test set (after `done` batches of `epoch`)."""
        probs = np.empty((len(test_xy[0]), CLASSES), dtype=np.float32) if keep_probs else None
        test_loss, test_acc, cm = evaluate(model, *test_xy, probs_out=probs)
        rows = min(done * bs, n)
        return EpochSnapshot(epoch, loss_sum / max(done, 1), acc_sum / max(done, 1), test_loss, test_acc, seconds,
                             rows / seconds if seconds > 0 else 0.0, cm, probs, done, batches, partial)

    # the last finite weights, and where they stand (batches of `safe_epoch` done, running sums)
    safe = snapshot_state()
    safe_at: tuple[int, int, float, float] = (start_epoch, 0, 0.0, 0.0)
    first_loss, max_loss, steps = math.nan, -math.inf, 0
    verdict = ""
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

        def flush(done: int) -> Iterator[BatchSnapshot]:
            if pending:
                now = time.perf_counter()
                yield BatchSnapshot(epoch, done, batches, tuple(pending), min(done * bs, n) / max(now - t0, 1e-9),
                                    now - t0)
                pending.clear()

        def restore_and_stop(done: int) -> Iterator[BatchSnapshot | EpochSnapshot | StopSnapshot]:
            # back to the last finite weights; score them when they are not an epoch's end already scored
            model.load_state_dict(safe)
            yield from flush(done)
            safe_epoch, safe_done, safe_loss, safe_acc = safe_at
            if partial_on_stop and safe_done > 0:
                yield score(safe_epoch, safe_done, safe_loss, safe_acc, time.perf_counter() - t0, True)
            log.info("training ended: %s at epoch %d", "diverged", safe_epoch)
            yield StopSnapshot("diverged", safe_epoch, safe_done, "lr_too_high", batches=batches)

        for b in range(batches):
            if control.stop:
                yield from flush(b)
                if partial_on_stop and b > 0:
                    yield score(epoch, b, loss_sum, float(acc_sum), time.perf_counter() - t0, True)
                log.info("training ended: %s at epoch %d", "stopped", epoch)
                yield StopSnapshot("stopped", epoch, b, batches=batches)
                return
            if control.lr is not None:  # before every batch: a change applies to the very next step
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
                yield from restore_and_stop(b)
                return
            if steps == 0:
                first_loss = value
            max_loss = max(max_loss, value)
            steps += 1
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            loss_sum += value
            acc_sum += (out.argmax(dim=1) == yb).sum() / len(yb)
            pending.append(value)
            if b % 100 == 99:  # keep a finite copy now and then: a step can make weights NaN
                if all(bool(torch.isfinite(p).all()) for p in model.parameters()):
                    safe = snapshot_state()
                    safe_at = (epoch, b + 1, loss_sum, float(acc_sum))
            now = time.perf_counter()
            if now - last_yield >= min_interval:
                yield from flush(b + 1)
                last_yield = now
        seconds = time.perf_counter() - t0
        if not all(bool(torch.isfinite(p).all()) for p in model.parameters()):
            yield from restore_and_stop(batches)
            return
        safe = snapshot_state()
        safe_at = (epoch + 1, 0, 0.0, 0.0)
        yield from flush(batches)
        snap = score(epoch, batches, loss_sum, float(acc_sum), seconds, False)
        verdict = learning_verdict(snap.test_acc, snap.test_loss, first_loss, max_loss, steps)
        if verdict:
            snap = replace(snap, not_learning=True, cause=verdict)
        yield snap
    last = start_epoch + config.epochs - 1
    log.info("training ended: %s at epoch %d", "not_learning" if verdict else "finished", last)
    yield StopSnapshot("not_learning" if verdict else "finished", last, batches, verdict, batches=batches)


# --------------------------------------------------------------------------- files


def is_seed_architecture(model: nn.Module) -> bool:
    """True when `model` is exactly the seed's Linear(784, 1024) → ReLU → Linear(1024, 10)."""
    net = getattr(model, "net", None)
    if not isinstance(net, nn.Sequential) or [type(m) for m in net] != [nn.Linear, nn.ReLU, nn.Linear]:
        return False
    shapes = {k: tuple(v.shape) for k, v in model.state_dict().items()}
    return shapes == {"net.0.weight": (1024, INPUTS), "net.0.bias": (1024,), "net.2.weight": (CLASSES, 1024),
                      "net.2.bias": (CLASSES,)}


def check_seed_form(config: MLPConfig) -> None:
    """Refuse (ModelError seed_form_mismatch) a configuration the seed's class cannot load."""
    if tuple(config.hidden) != SEED_HIDDEN or config.activation != "relu":
        raise ModelError("seed_form_mismatch", {"path": "", "hidden": list(config.hidden),
                                                "activation": config.activation})


def check_seed_model(model: nn.Module, path: str | os.PathLike[str] = "") -> None:
    """Refuse (ModelError seed_form_mismatch) a model the seed's class cannot load, before
    anything is written: the lab asks this before it even offers a file name."""
    if not is_seed_architecture(model):
        hidden, activation = _model_shape(model)
        raise ModelError("seed_form_mismatch", {"path": str(path), "hidden": hidden, "activation": activation})


def _model_shape(model: nn.Module) -> tuple[list[int], str]:
    """Hidden widths and activation name of a model, for messages."""
    net = getattr(model, "net", None)
    if not isinstance(net, nn.Sequential):
        return [], type(model).__name__
    hidden = [int(m.out_features) for m in net if isinstance(m, nn.Linear)][:-1]
    acts = {nn.ReLU: "relu", nn.Sigmoid: "sigmoid", nn.Tanh: "tanh"}
    activation = next((acts.get(type(m), type(m).__name__) for m in net if not isinstance(m, nn.Linear)), "")
    return hidden, activation


def _plain_metrics(metrics: list[dict] | None) -> list[dict[str, Any]]:
    """Metrics as plain str → int/float/bool dicts, which a weights_only load accepts."""
    out: list[dict[str, Any]] = []
    for i, row in enumerate(metrics or []):
        if not isinstance(row, dict):
            raise ModelError("model_bad_content", {"path": "", "field": f"metrics[{i}]"})
        plain: dict[str, Any] = {}
        for k, v in row.items():
            if isinstance(v, (bool, np.bool_)):
                plain[str(k)] = bool(v)
            elif isinstance(v, numbers.Integral):
                plain[str(k)] = int(v)
            elif isinstance(v, numbers.Real):
                plain[str(k)] = float(v)
            else:
                raise ModelError("model_bad_content", {"path": "", "field": f"metrics[{i}].{k}"})
        out.append(plain)
    return out


def save_model(path: str | os.PathLike[str], model: nn.Module, config: MLPConfig | None = None,
               metrics: list[dict] | None = None, seed_form: bool = False) -> None:
    """Save atomically (core.atomic: the old file stays intact on any failure). The seed form
    is the bare state dict, as the seed's `save(net.state_dict(), 'last.pt')`, and only for
    the seed's architecture (ModelError seed_form_mismatch otherwise); a failed write is a
    SaveError save_failed (a full disk, a denied folder) with no temporary file left."""
    p = Path(path)
    if seed_form:
        check_seed_model(model, p)
    state = {k: v.detach().cpu() for k, v in model.state_dict().items()}
    if seed_form:
        payload: object = state
    else:
        try:
            plain = _plain_metrics(metrics)
        except ModelError as exc:
            raise ModelError(exc.code, {**exc.details, "path": str(p)}) from None
        payload = {"format": LAB_FORMAT, "version": LAB_FORMAT_VERSION, "state_dict": state,
                   "config": asdict(config) if config is not None else None, "metrics": plain}
    atomic_write(p, lambda fh: torch.save(payload, fh))


def _reason(exc: BaseException) -> str:
    """A short single line for an exception, never an IndexError of its own (an empty message)."""
    lines = str(exc).strip().splitlines()
    return (lines[-1] if isinstance(exc, pickle.UnpicklingError) and lines else
            lines[0] if lines else type(exc).__name__)[:200]


def _bad(path: Path, field_name: str) -> ModelError:
    return ModelError("model_bad_content", {"path": str(path), "field": field_name})


def _check_container(p: Path, size: int) -> None:
    """Refuse a file before torch reads it: too large, or a zip whose members unpack too large."""
    if size == 0:
        raise ModelError("empty_file", {"path": str(p)})
    if size > MAX_MODEL_FILE_BYTES:
        raise ModelError("file_too_large", {"path": str(p), "bytes": size, "limit": MAX_MODEL_FILE_BYTES})
    try:
        if not zipfile.is_zipfile(p):
            return  # the pre-1.6 format, or not a model at all: torch.load decides
        with zipfile.ZipFile(p) as z:
            unpacked = sum(i.file_size for i in z.infolist())
    except (OSError, zipfile.BadZipFile, ValueError, EOFError) as exc:
        raise ModelError("model_unreadable", {"path": str(p), "reason": _reason(exc)}) from exc
    if unpacked > MAX_MODEL_FILE_BYTES:
        raise ModelError("file_too_large", {"path": str(p), "bytes": unpacked, "limit": MAX_MODEL_FILE_BYTES})


def _split_payload(payload: object, p: Path) -> tuple[dict, object, object]:
    """(state dict, raw config, raw metrics) from the lab's form or the seed's bare state dict."""
    if isinstance(payload, dict) and "format" in payload:
        if payload.get("format") != LAB_FORMAT:
            raise _bad(p, "format")
        version = payload.get("version")
        if type(version) is not int or version != LAB_FORMAT_VERSION:
            raise _bad(p, "version")
        unknown = set(payload) - {"format", "version", "state_dict", "config", "metrics"}
        if unknown:
            raise _bad(p, str(sorted(map(str, unknown))[0]))
        state = payload.get("state_dict")
        if not isinstance(state, dict):
            raise _bad(p, "state_dict")
        return state, payload.get("config"), payload.get("metrics", [])
    if not isinstance(payload, dict):
        raise _bad(p, "state_dict")
    return payload, None, []


def _check_tensors(state: dict, p: Path) -> None:
    """Every entry a plain dense floating-point tensor, and none larger than the lab's limits,
    judged from shapes alone: an expand()ed tensor holds one row but promises millions."""
    total = 0
    for key, value in state.items():
        if not isinstance(key, str):
            raise _bad(p, "state_dict")
        if type(value) not in (torch.Tensor, nn.Parameter) or value.layout != torch.strided \
                or value.is_quantized or not value.is_floating_point():
            raise _bad(p, key)
        numel = math.prod(int(d) for d in value.shape)
        total += numel
        if numel > MAX_ELEMENTS or total > MAX_ELEMENTS:
            raise ModelError("model_too_large", {"path": str(p), "key": key, "shape": list(value.shape),
                                                 "elements": total, "limit": MAX_ELEMENTS})


def _hidden_sizes(state: dict, path: Path) -> tuple[int, ...]:
    """The hidden widths from a state dict with keys net.{0,2,4,...}.{weight,bias} chaining
    784 → 10, within the lab's cap; from shapes only, before anything is built."""
    weights = []
    i = 0
    while f"net.{i}.weight" in state:
        weights.append(state[f"net.{i}.weight"])
        i += 2
    expected = {f"net.{2 * j}.{kind}" for j in range(len(weights)) for kind in ("weight", "bias")}
    if not weights or set(state) != expected or any(w.dim() != 2 for w in weights):
        raise ModelError("model_wrong_architecture", {"path": str(path)})
    if weights[0].shape[1] != INPUTS or weights[-1].shape[0] != CLASSES:
        raise ModelError("model_wrong_architecture", {"path": str(path)})
    for a, b in zip(weights, weights[1:]):
        if b.shape[1] != a.shape[0]:
            raise ModelError("model_wrong_architecture", {"path": str(path)})
    for j, w in enumerate(weights):
        bias = state[f"net.{2 * j}.bias"]
        if tuple(bias.shape) != (w.shape[0],):
            raise ModelError("model_wrong_architecture", {"path": str(path)})
    hidden = tuple(int(w.shape[0]) for w in weights[:-1])
    if not _hidden_ok(hidden):
        raise ModelError("model_beyond_limits", {"path": str(path), "hidden": list(hidden), "limit": MAX_HIDDEN,
                                                 "layers": MAX_LAYERS})
    return hidden


def _is_int(v: object) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


def _is_number(v: object) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def _parse_config(raw: object, hidden: tuple[int, ...], p: Path) -> MLPConfig:
    """The saved hyperparameters, each checked for type and range; None gives the seed's."""
    if raw is None:
        return MLPConfig(hidden=hidden)
    if not isinstance(raw, dict) or not all(isinstance(k, str) for k in raw):
        raise _bad(p, "config")
    checks = {
        "hidden": lambda v: isinstance(v, (list, tuple)) and all(_is_int(h) for h in v) and tuple(v) == hidden,
        "activation": lambda v: v in ACTIVATIONS,
        "optimizer": lambda v: v in OPTIMIZERS,
        "lr": lambda v: _is_number(v) and math.isfinite(v) and v > 0,
        "batch_size": lambda v: _is_int(v) and 1 <= v <= 60000,
        "epochs": lambda v: _is_int(v) and 1 <= v <= 1000,
        "normalize": lambda v: isinstance(v, bool),
        "seed": lambda v: v is None or _is_int(v),
    }
    fields: dict[str, Any] = {}
    for name, ok in checks.items():
        if name in raw:
            value = raw[name]
            if not ok(value):
                raise _bad(p, f"config.{name}")
            fields[name] = value
    fields["hidden"] = hidden
    if "lr" in fields:
        fields["lr"] = float(fields["lr"])
    return MLPConfig(**fields)  # unknown keys are ignored: a later version may add some


def _parse_metrics(raw: object, p: Path) -> list[dict]:
    """Per-epoch records: a list of dicts with the five numbers the lab plots (and any others)."""
    if not isinstance(raw, list) or len(raw) > MAX_METRICS:
        raise _bad(p, "metrics")
    out = []
    for i, row in enumerate(raw):
        if not isinstance(row, dict):
            raise _bad(p, f"metrics[{i}]")
        for k, v in row.items():
            if not isinstance(k, str) or not (_is_number(v) or isinstance(v, bool)):
                raise _bad(p, f"metrics[{i}]")
        if not all(k in row and _is_number(row[k]) for k in METRIC_KEYS) or not _is_int(row["epoch"]):
            raise _bad(p, f"metrics[{i}]")
        out.append(dict(row))
    return out


def load_model(path: str | os.PathLike[str]) -> tuple[MLP, MLPConfig, list[dict]]:
    """Open a model safely (weights_only: no code in a pickle runs), in the lab's form or the
    seed's. Sizes, shapes and every field's type are checked before the network is built,
    and finiteness after; any fault is a ModelError."""
    log.info("opening the model %s", path)
    p = Path(path)
    try:
        st = p.stat()
    except (FileNotFoundError, NotADirectoryError) as exc:
        raise ModelError("file_not_found", {"path": str(p)}) from exc
    except (OSError, ValueError) as exc:
        raise ModelError("unreadable", {"path": str(p), "reason": _reason(exc)}) from exc
    if not stat.S_ISREG(st.st_mode):
        raise ModelError("not_a_file", {"path": str(p)})
    _check_container(p, st.st_size)
    try:
        payload = torch.load(p, map_location="cpu", weights_only=True)
    except pickle.UnpicklingError as exc:
        # weights_only refused it; say "unsafe" when the pickle names code outside torch
        unsafe = bool(foreign_globals(p))
        raise ModelError("model_unsafe" if unsafe else "model_unreadable",
                         {"path": str(p), "reason": _reason(exc)}) from exc
    except MemoryError as exc:
        raise ModelError("model_unreadable", {"path": str(p), "reason": "out of memory"}) from exc
    except Exception as exc:  # torch raises many kinds for a damaged file
        raise ModelError("model_unreadable", {"path": str(p), "reason": _reason(exc)}) from exc
    state, raw_config, raw_metrics = _split_payload(payload, p)
    _check_tensors(state, p)
    hidden = _hidden_sizes(state, p)
    config = _parse_config(raw_config, hidden, p)
    metrics = _parse_metrics(raw_metrics, p)
    model = MLP(hidden, config.activation)
    try:
        model.load_state_dict(state)  # copies: an expanded tensor becomes real weights only here
    except (RuntimeError, ValueError, TypeError) as exc:
        raise ModelError("model_wrong_architecture", {"path": str(p), "reason": _reason(exc)}) from exc
    if not all(bool(torch.isfinite(t).all()) for t in model.parameters()):
        raise ModelError("model_not_finite", {"path": str(p)})
    return model, config, metrics


SAFE_MODULES = ("torch", "collections", "_codecs", "builtins")


def foreign_globals(path: Path) -> list[str]:
    """Names a pickle (plain, or torch's zip's data.pkl) would import from outside torch:
    what an unpickler would call. Read with pickletools, which runs nothing."""
    import pickletools

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


@torch.no_grad()
def predict_proba(model: nn.Module, images: np.ndarray, normalize: bool) -> np.ndarray:
    """Class probabilities (n, 10) for uint8 28×28 images."""
    x, _ = to_tensors(images, np.zeros(len(images)), normalize)
    model.eval()
    p = torch.softmax(model(x), dim=1).numpy()
    model.train()
    return p


def first_layer_weights(model: MLP) -> np.ndarray:
    """The first layer's weights as a (units, 784) float array, copied off the model (and
    off the GPU), so it can be drawn while training goes on."""
    first = model.net[0]
    assert isinstance(first, nn.Linear)
    return first.weight.detach().cpu().numpy().copy()


@dataclass(frozen=True)
class ModelScore:
    """A model scored on a test set: what the lab's "look inside" views draw."""

    probs: np.ndarray = field(repr=False)  # (n, 10) class probabilities
    confusion: np.ndarray = field(repr=False)  # (10, 10) counts, rows true
    accuracy: float
    first: np.ndarray = field(repr=False)  # first_layer_weights


def score_model(model: MLP, test_x: np.ndarray, test_y: np.ndarray, normalize: bool) -> ModelScore:
    """Probabilities, confusion matrix and accuracy of `model` on uint8 test images, and
    its first layer: an opened (or restored) model is shown as a trained one is."""
    probs = predict_proba(model, test_x, normalize)
    pred = probs.argmax(axis=1)
    cm = confusion_matrix(test_y, pred, CLASSES)
    return ModelScore(probs=probs, confusion=cm, accuracy=float(np.mean(pred == test_y)),
                      first=first_layer_weights(model))
