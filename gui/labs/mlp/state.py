"""The Neural Network lab's state: every choice of the user, the data source, the view
toggles and where the run stands. Qt-free (tests/test_architecture.py checks).

The images are not embedded: Fashion-MNIST is a public data set, so a state names its
source ("bundled", "folder" with its path, "debian", ...) and the computer that opens it
reads the data from there, or from the first source it has (core.fashion.load_source).

The trained network and its curves are binary members beside the state, written by the
panel's export_state when a model exists:

    mlp/model.pt      core.mlp.save_model's file (read back with load_model: weights_only,
                      shapes and sizes checked before anything is built)
    mlp/curves.json   {"version": 1, "metrics": [per-epoch rows], "batch_losses": [...]}

`has_model` says they are there; `epochs_done` is the training behind the weights. The
lab and `main.py train-mlp --save-experiment` write both members with `run_members` and
the same per-epoch rows (`epoch_row`); `model_from_member` reads the model back.

Adding a migration: when a field changes meaning or name, raise VERSION to 2 and add
MIGRATIONS = {1: _v1_to_v2}, where `_v1_to_v2(d: dict) -> dict` takes a version-1 dict
and returns it as version 2 (rename or convert keys; set d["version"] = 2). A new field
with a default needs no migration: an older dict simply lacks it. Keep old migrations:
a file from any earlier version is carried up one step at a time.
"""

from __future__ import annotations

import json
import math
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any, ClassVar, Mapping

from gui.state import LabState, Migration, StateError, choice, flag, integer, number, numbers, text

KEY = "mlp"
MODEL_BLOB = "mlp/model.pt"
CURVES_BLOB = "mlp/curves.json"
CURVES_VERSION = 1

# the limits of the controls (gui/labs/mlp/panel.py) and of core.mlp (MAX_HIDDEN, MAX_LAYERS)
MAX_HIDDEN, MAX_LAYERS = 8192, 4
LR_RANGE = (1e-5, 1.0)
BATCH_RANGE = (1, 4096)
EPOCHS_RANGE = (1, 1000)
SEED_RANGE = (0, 999_999)
UNITS_PER_PAGE = 32  # gui/labs/mlp/views.py: first-layer pictures per page
MAX_WEIGHTS_PAGE = MAX_HIDDEN // UNITS_PER_PAGE - 1
SOURCES = ("auto", "bundled", "folder", "env", "downloaded", "torchvision", "debian")
ACTIVATIONS = ("relu", "sigmoid", "tanh")
OPTIMIZERS = ("sgd", "momentum", "adam")
TABS = ("confusion", "gallery", "weights", "own")
METRIC_KEYS = ("epoch", "train_loss", "train_acc", "test_loss", "test_acc")
MAX_METRICS = 100_000
# a run of 1000 epochs with batches of one image of the 60,000 (the most the controls allow)
MAX_BATCH_LOSSES = EPOCHS_RANGE[1] * 60_000


@dataclass(frozen=True)
class MLPState(LabState):
    """The Neural Network lab's choices and the run's position (the weights are a blob)."""

    KEY: ClassVar[str] = KEY
    VERSION: ClassVar[int] = 1
    MIGRATIONS: ClassVar[Mapping[int, Migration]] = {}

    # the data: where it comes from ("auto": the first source found); folder is where it was
    # read (re-read only for "folder"; information for the others)
    source: str = choice("auto", *SOURCES)
    folder: str = text("", max_len=4096)
    # the network and its training
    hidden: tuple[int, ...] = numbers((1024,), lo=1, hi=MAX_HIDDEN, max_len=MAX_LAYERS, whole=True)
    activation: str = choice("relu", *ACTIVATIONS)
    optimizer: str = choice("sgd", *OPTIMIZERS)
    lr: float = number(0.1, lo=LR_RANGE[0], hi=LR_RANGE[1])
    batch_size: int = integer(64, *BATCH_RANGE)
    epochs: int = integer(5, *EPOCHS_RANGE)
    normalize: bool = flag(False)
    replicable: bool = flag(True)
    seed: int = integer(0, *SEED_RANGE)
    # what is on show
    tab: str = choice("confusion", *TABS)
    show_rates: bool = flag(False)
    mistakes_only: bool = flag(False)
    weights_page: int = integer(0, 0, MAX_WEIGHTS_PAGE)
    # the run: a trained model beside the state (mlp/model.pt, mlp/curves.json) and the
    # epochs of training behind it (fractional when a run was stopped or paused mid-epoch)
    has_model: bool = flag(False)
    epochs_done: float = number(0.0, lo=0.0, hi=float(EPOCHS_RANGE[1]))

    def run_config(self) -> dict[str, Any]:
        """The run the state describes, as core.mlp.MLPConfig's fields (seed None when the
        run is not replicable): what Start trains with these controls."""
        return {"hidden": tuple(self.hidden), "activation": self.activation, "optimizer": self.optimizer,
                "lr": self.lr, "batch_size": self.batch_size, "epochs": self.epochs, "normalize": self.normalize,
                "seed": self.seed if self.replicable else None}

    def stop_after(self, batches: int) -> int | None:
        """Batches (counted over the whole run, `batches` an epoch) after which a run of
        this state stops, because its model had that much training when it was saved (the
        lab stopped or paused the run there); None: the whole run."""
        if not self.has_model or not 0.0 < self.epochs_done < self.epochs:
            return None
        return round(self.epochs_done * batches)


def parse_hidden(typed: str) -> tuple[int, ...]:
    """The hidden sizes typed in the lab ("512, 256"); () when they are not 1 to 4 sizes
    from 1 to 8192 (the lab refuses those at Start, with its own message)."""
    try:
        sizes = tuple(int(v) for v in typed.replace(" ", "").split(",") if v)
    except ValueError:
        return ()
    ok = 1 <= len(sizes) <= MAX_LAYERS and all(1 <= h <= MAX_HIDDEN for h in sizes)
    return sizes if ok else ()


# --------------------------------------------------------------------------- the run's members


def epoch_row(snap: Any) -> dict[str, Any]:
    """The per-epoch row the lab keeps (and curves.json and the model file hold) for a
    core.mlp.EpochSnapshot: core's 0-based "epoch", and where a stopped run left off."""
    row = {"epoch": snap.epoch, "train_loss": snap.train_loss, "train_acc": snap.train_acc,
           "test_loss": snap.test_loss, "test_acc": snap.test_acc, "seconds": snap.seconds,
           "epochs_completed": snap.epochs_completed}
    if snap.partial:  # the weights a stop (or a divergence) leaves, scored: the model kept
        row.update(partial=True, batches_done=snap.batches_done, batches=snap.batches)
    return row


def run_members(mlp: ModuleType, model: Any, config: Any, metrics: list[dict],
                batch_losses: list[float]) -> dict[str, bytes]:
    """mlp/model.pt as Save model writes it (core.mlp.save_model, given as `mlp`: torch is
    imported by the caller) and mlp/curves.json (LabError or OSError when the temporary
    folder is full)."""
    with tempfile.TemporaryDirectory(prefix="mlbl-mlp-") as folder:
        path = Path(folder) / "model.pt"  # save_model writes paths: a temporary one
        mlp.save_model(path, model, config, metrics)
        data = path.read_bytes()
    return {MODEL_BLOB: data, CURVES_BLOB: dump_curves(metrics, batch_losses)}


def state_members(state: MLPState, blobs: Mapping[str, bytes] | None
                  ) -> tuple[dict[str, bytes], tuple[list[dict], list[float]] | None]:
    """A state's model and curves members and its curves, checked (StateError when one is
    missing or the curves are not the lab's); ({}, None) for a state without a model. The
    model is only read by model_from_member, which needs torch."""
    if not state.has_model:
        return {}, None
    members: dict[str, bytes] = {}
    for name in (MODEL_BLOB, CURVES_BLOB):
        blob = (blobs or {}).get(name)
        if not isinstance(blob, bytes):
            raise StateError("bad_value", {"lab": KEY, "field": "has_model", "value": name,
                                           "expected": "the file's member " + name})
        members[name] = blob
    return members, load_curves(members[CURVES_BLOB])


def model_from_member(mlp: ModuleType, data: bytes) -> tuple[Any, Any, list[dict]]:
    """core.mlp.load_model on mlp/model.pt held in memory (weights_only: nothing in it runs;
    shapes and sizes checked before anything is built), its errors naming the member
    rather than the temporary file it is read from."""
    from core.errors import LabError

    fd, name = tempfile.mkstemp(prefix="mlbl-state-", suffix=".pt")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        try:
            return mlp.load_model(name)
        except LabError as exc:
            raise type(exc)(exc.code, {**exc.details, "path": MODEL_BLOB}) from None
    finally:
        try:
            os.unlink(name)
        except OSError:
            pass


# --------------------------------------------------------------------------- curves.json


def _bad_curves(where: str, value: object = "") -> StateError:
    return StateError("bad_value", {"lab": KEY, "field": f"curves.json: {where}", "value": repr(value)[:80],
                                    "expected": "the lab's per-epoch rows and batch losses"})


def _plain(value: Any) -> Any:
    """A metric as strict JSON allows: a non-finite float becomes null."""
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int):
        return int(value)
    value = float(value)
    return value if math.isfinite(value) else None


def dump_curves(metrics: list[dict], batch_losses: list[float]) -> bytes:
    """The run's curves as mlp/curves.json (strict JSON: NaN and inf are written as null)."""
    rows = [{str(k): _plain(v) for k, v in row.items()} for row in metrics]
    losses = [_plain(v) for v in batch_losses]
    return json.dumps({"version": CURVES_VERSION, "metrics": rows, "batch_losses": losses},
                      allow_nan=False, separators=(",", ":")).encode("utf-8")


def _is_number(v: object) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)


def _no_constants(token: str) -> Any:
    raise ValueError(f"{token} is not a number JSON allows")


def load_curves(data: bytes) -> tuple[list[dict], list[float]]:
    """Per-epoch rows and batch losses from mlp/curves.json, every value checked
    (StateError bad_value naming what is wrong; nothing in it is executed)."""
    try:
        doc = json.loads(data.decode("utf-8"), parse_constant=_no_constants)
    except (UnicodeDecodeError, ValueError, RecursionError, AttributeError) as exc:
        raise _bad_curves("json", str(exc)[:60]) from None
    if not isinstance(doc, dict) or doc.get("version") != CURVES_VERSION or isinstance(doc.get("version"), bool):
        raise _bad_curves("version", doc.get("version") if isinstance(doc, dict) else type(doc).__name__)
    raw_rows, raw_losses = doc.get("metrics"), doc.get("batch_losses")
    if not isinstance(raw_rows, list) or len(raw_rows) > MAX_METRICS:
        raise _bad_curves("metrics", type(raw_rows).__name__)
    if not isinstance(raw_losses, list) or len(raw_losses) > MAX_BATCH_LOSSES:
        raise _bad_curves("batch_losses", type(raw_losses).__name__)
    rows: list[dict] = []
    for i, row in enumerate(raw_rows):
        if not isinstance(row, dict) or len(row) > 64:
            raise _bad_curves(f"metrics[{i}]", row)
        out: dict[str, Any] = {}
        for k, v in row.items():
            if not isinstance(k, str) or not (_is_number(v) or isinstance(v, bool) or v is None):
                raise _bad_curves(f"metrics[{i}].{k}", v)
            out[k] = math.nan if v is None else v
        epoch = out.get("epoch")
        if not all(isinstance(out.get(k), (int, float)) and not isinstance(out.get(k), bool) for k in METRIC_KEYS) \
                or not isinstance(epoch, int) or isinstance(epoch, bool) \
                or not 0 <= epoch < EPOCHS_RANGE[1]:
            raise _bad_curves(f"metrics[{i}]", row)
        rows.append(out)
    losses: list[float] = []
    for i, v in enumerate(raw_losses):
        if v is None:
            losses.append(math.nan)
        elif _is_number(v):
            losses.append(float(v))
        else:
            raise _bad_curves(f"batch_losses[{i}]", v)
    return rows, losses
