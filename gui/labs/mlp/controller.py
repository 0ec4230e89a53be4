"""The Neural Network lab's controller: the data, the model and its run, and their tasks.

It owns what the lab holds (the data, torch's module once imported, one run record), runs
every job on the lab's TaskRunner (loading, downloading, opening, training) and emits
frames (small frozen snapshots of what to draw) and notes (what to tell the user, as a
code and values: the panel words them, gui/labs/mlp/texts.py). It has no widgets.

Torch stays off the GUI thread: core.mlp (which imports torch) is imported on the loader's
worker, and models are read and scored there too. Once the GUI thread has run an OpenMP
region (reading a model does), libgomp makes every region the training thread starts
~100 µs slower, and a training epoch ~1.5× longer. Without torch the data still loads; a
state's model and curves are kept as they came, to be saved again.

Epochs are shown 1-based everywhere (the progress line, the x axis, the status bar): the
first epoch is epoch 1. The run record keeps core's 0-based "epoch" in its metrics rows.
"""

from __future__ import annotations

import gc
import importlib
import itertools
import logging
import math
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any, Callable, Iterator, Mapping

import numpy as np
from PySide6.QtCore import QCoreApplication, QObject, Signal, Slot

from core.atomic import atomic_open
from core.errors import LabError
from core.imageio import IMAGE_SUFFIXES
from core.fashion import DOWNLOAD_SUBDIR, FashionData, load_bundled, load_fashion, load_folder, load_source
from gui.extras import has_torch
from gui.labs.mlp.state import CURVES_BLOB, MODEL_BLOB, MLPState, epoch_row, model_from_member, run_members, \
    state_members
from gui.paths import downloads_dir
from gui.tasks import TaskRunner, check_cancelled

SNAPSHOT_INTERVAL_S = 0.1  # the training thread reports 10 times a second: drawing competes for the GIL
# a model larger than this stays out of experiment files and the session (an experiment
# file holds at most 512 MB): 8192-unit layers, say; Save model still writes it
MODEL_IN_STATE_BYTES = 256 * 1024 * 1024
EPOCH_COLUMNS = ("epoch", "epochs_completed", "train_loss", "train_acc", "test_loss", "test_acc", "seconds")

Curves = tuple[list[dict], list[float]]
_serials = itertools.count(1)

log = logging.getLogger(__name__)


# --------------------------------------------------------------------------- frames and notes


@dataclass(frozen=True)
class Note:
    """Something to tell the user: a code and its values (the panel words it). `kind` is
    the banner's ("error" or "info"); a status note with kind "transient" is not re-sent
    when the language changes."""

    code: str
    values: Mapping[str, Any] = field(default_factory=dict)
    kind: str = "info"


@dataclass(frozen=True)
class BatchFrame:
    """The batch plot: every batch loss so far, on an x axis framed for `planned` batches;
    `run` tells runs apart (a new one is framed afresh)."""

    losses: np.ndarray
    planned: int
    run: int = 0


@dataclass(frozen=True)
class EpochFrame:
    """The per-epoch plot: metrics rows (core's 0-based "epoch"), framing `planned` epochs
    while a run is under way (0 otherwise)."""

    rows: tuple[dict, ...]
    planned: int


@dataclass(frozen=True)
class ScoresFrame:
    """The "look inside" views: the test set's confusion matrix, its class probabilities and
    the first layer's weights; `images` are the test images and labels the probabilities
    belong to (None when they were scored on other data: the counts stand, the images not)."""

    confusion: np.ndarray
    probs: np.ndarray | None = None
    first: np.ndarray | None = None
    images: tuple[np.ndarray, np.ndarray] | None = None


@dataclass(frozen=True)
class ProgressFrame:
    done: int
    total: int


@dataclass(frozen=True)
class OwnImageFrame:
    """One's own picture as the network sees it (28×28 uint8) and its ten probabilities."""

    image: np.ndarray
    probs: np.ndarray


# --------------------------------------------------------------------------- the run record


@dataclass
class Scores:
    """What was measured of the model on the test set (the views' data, before framing)."""

    confusion: np.ndarray
    probs: np.ndarray | None = None
    first: np.ndarray | None = None


@dataclass
class Run:
    """The model the lab holds and everything measured of it: one record instead of loose
    fields. The model and its config are core.mlp's (torch), typed loosely so this module
    imports without torch."""

    model: Any = None  # core.mlp.MLP
    config: Any = None  # core.mlp.MLPConfig
    metrics: list[dict] = field(default_factory=list)  # per-epoch rows, core's 0-based "epoch"
    batch_losses: list[float] = field(default_factory=list)
    scores: Scores | None = None
    epochs_done: float = 0.0  # training behind the weights, in epochs
    unsaved: bool = False  # trained since the last save
    control: Any = None  # core.mlp.TrainControl of the run under way
    carried: dict[str, bytes] | None = None  # without torch: a state's model and curves, kept as they came
    planned_batches: int = 1  # the batch plot's frame
    serial: int = field(default_factory=lambda: next(_serials))  # tells one run record from the next


@dataclass(frozen=True)
class TrainSettings:
    """The choices a run is made of (core.mlp.MLPConfig's fields; seed None: not replicable)."""

    hidden: tuple[int, ...]
    activation: str
    optimizer: str
    lr: float
    batch_size: int
    epochs: int
    normalize: bool
    seed: int | None


def typed_sizes(text: str) -> tuple[int, ...]:
    """The hidden sizes as typed ("512, 256"), unchecked (core refuses bad ones with its own
    message); () when they are not whole numbers."""
    try:
        return tuple(int(v) for v in text.replace(" ", "").split(",") if v)
    except ValueError:
        return ()


def _epochs_text(done: float) -> str:
    return f"{done:.0f}" if abs(done - round(done)) < 1e-9 else f"{done:.2f}"


def what_to_open(paths: list[Path]) -> tuple[str, str]:
    """What opened or dropped paths are to the lab: ("model", a .pt/.pth file), ("image", a
    picture to classify), ("data", a folder, also for its IDX files) or ("none", "")."""
    if len(paths) == 1:
        suffix = paths[0].suffix.lower()
        if suffix in (".pt", ".pth"):
            return "model", str(paths[0])
        if suffix in IMAGE_SUFFIXES:
            return "image", str(paths[0])
        if paths[0].is_dir():
            return "data", str(paths[0])
    folders = {p.parent for p in paths}
    if paths and all(p.is_file() for p in paths) and len(folders) == 1:
        return "data", str(folders.pop())
    return "none", ""


class MLPController(QObject):
    """The lab without its widgets: data, torch, the run record and their tasks."""

    activity_changed = Signal()  # a task started or ended, a model came or went, paused or resumed
    torch_changed = Signal()  # core.mlp imported (or found broken)
    data_changed = Signal()  # the data in use (or being looked for)
    batches_changed = Signal(object)  # BatchFrame
    epochs_changed = Signal(object)  # EpochFrame
    scores_changed = Signal(object)  # ScoresFrame or None
    progress_changed = Signal(object)  # ProgressFrame
    banner_noted = Signal(object)  # Note, or None to clear
    progress_noted = Signal(object)  # Note, or None: the line beside the progress bar
    status_noted = Signal(object)  # Note: a status-bar line
    image_classified = Signal(object)  # OwnImageFrame
    architecture_opened = Signal(object)  # the opened model's MLPConfig: its hidden sizes and activation
    state_shown = Signal(object)  # MLPState: the controls and views to show now
    user_changed = Signal()  # the experiment changed by the user's doing (a load, a run, an opened model)
    training_finished = Signal(str)  # "finished", "stopped", "diverged", "not_learning" or "failed"
    model_opened = Signal(bool)
    state_applied = Signal(bool)

    def __init__(self, tasks: TaskRunner | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.tasks = tasks if tasks is not None else TaskRunner(self, label="mlp")
        self._mlp: ModuleType | None = None  # core.mlp (torch), imported on the loader's worker
        self._has_torch = has_torch()
        self._torch_error = ""  # why torch, though installed, could not be imported
        self._data: FashionData | None = None
        self._folder = ""
        self._wanted: tuple[str, str] | None = None  # the source a running load was asked for
        # the float tensors of the data in use (220 MB for the full set), kept for the next run
        self._tensors: tuple[tuple[int, bool], Any] | None = None
        self._run = Run()
        self._paused = False
        # held by the training thread while it changes the weights, and by the GUI thread to
        # save them while paused: a save never reads a model halfway through a step
        self.step_lock = threading.Lock()
        # a state with a model being applied on the worker, and its members: what the lab's
        # state is meanwhile, so a save or the session never loses it
        self._incoming: tuple[MLPState, dict[str, bytes]] | None = None
        self._reload_after = False  # a refused state replaced the first load: load again

    # ------------------------------------------------------------------ what it holds
    @property
    def run(self) -> Run:
        """The run record (read it; the controller changes it)."""
        return self._run

    @property
    def data(self) -> FashionData | None:
        return self._data

    @property
    def tensors(self) -> tuple[tuple[int, bool], Any] | None:
        """((id of the data, normalize), (train, test) tensors) kept from the last run."""
        return self._tensors

    @property
    def has_torch(self) -> bool:
        return self._has_torch

    @property
    def torch_error(self) -> str:
        return self._torch_error

    @property
    def torch_ok(self) -> bool:
        """torch is installed and not known to be broken."""
        return self._has_torch and not self._torch_error

    @property
    def torch_loaded(self) -> bool:
        """core.mlp has been imported (on the loader's worker)."""
        return self._mlp is not None

    def device_kind(self) -> str | None:
        """"cuda" or "cpu" once torch is loaded; None before."""
        return None if self._mlp is None else str(self._mlp.device().type)

    @property
    def paused(self) -> bool:
        return self._paused

    @property
    def incoming(self) -> MLPState | None:
        """A state with a model being applied on the worker (it is the lab's state meanwhile)."""
        return None if self._incoming is None else self._incoming[0]

    def is_training(self) -> bool:
        return self.tasks.is_running("train")

    def is_loading(self) -> bool:
        return self.tasks.is_running("load")

    def busy(self) -> bool:
        return self.tasks.busy()

    def can_save(self) -> bool:
        """A model whose weights stand still (not training, or paused)."""
        return self._run.model is not None and (not self.is_training() or self._paused)

    def has_unsaved_model(self) -> bool:
        return self._run.unsaved and self._run.model is not None

    def has_curves(self) -> bool:
        return bool(self._run.metrics or self._run.batch_losses)

    def data_source(self) -> tuple[str, str]:
        """(source, location) of the data in use, or of the data being loaded."""
        if self._wanted is not None and self.is_loading():
            return self._wanted
        if self._data is not None:
            return self._data.source, self._data.location
        return "auto", ""

    # ------------------------------------------------------------------ notes
    def _banner(self, code: str, kind: str = "info", **values: Any) -> None:
        self.banner_noted.emit(Note(code, values, kind))

    def _status(self, code: str, kind: str = "info", **values: Any) -> None:
        self.status_noted.emit(Note(code, values, kind))

    def _progress_note(self, code: str | None, **values: Any) -> None:
        self.progress_noted.emit(None if code is None else Note(code, values))

    def _error(self, exc: LabError) -> None:
        """A typed error, on the banner and in the status bar."""
        self._banner("lab_error", "error", exc=exc)
        self._status("lab_error", exc=exc)

    def _no_torch(self) -> None:
        self._banner("no_torch", "error", error=self._torch_error)

    # ------------------------------------------------------------------ frames
    def _emit_batches(self) -> None:
        run = self._run
        self.batches_changed.emit(BatchFrame(np.asarray(run.batch_losses, dtype=float), run.planned_batches,
                                             run.serial))

    def _emit_epochs(self) -> None:
        config = self._run.config
        planned = config.epochs if self.is_training() and config is not None else 0
        self.epochs_changed.emit(EpochFrame(tuple(self._run.metrics), planned))

    def _emit_scores(self) -> None:
        s = self._run.scores
        if s is None:
            self.scores_changed.emit(None)
            return
        data = self._data
        probs, images = s.probs, (data.test_x, data.test_y) if data is not None else None
        if probs is not None and data is not None and len(probs) != len(data.test_y):
            probs, images = None, None  # scored on other data: the counts stand, the images do not
        self.scores_changed.emit(ScoresFrame(s.confusion, probs, s.first, images))

    def _emit_progress(self, done: int, total: int) -> None:
        self.progress_changed.emit(ProgressFrame(done, total))

    def frames(self) -> None:
        """Emit every frame again (a view built after the controller, say)."""
        self._emit_batches()
        self._emit_epochs()
        self._emit_scores()

    # ------------------------------------------------------------------ data
    def load(self, folder: str | None = None, bundled: bool = False, user: bool = True) -> None:
        """Find and read the data on the loader's worker (the full set takes about half a
        second). `user`: the user asked for it, so the experiment changes once it has loaded."""
        if self.is_training():
            return
        chosen = folder or self._folder or None
        downloads = downloads_dir()
        self._wanted = ("bundled", "") if bundled else ("folder", chosen) if chosen else ("auto", "")

        def fetch() -> tuple[FashionData, bool]:
            return (load_bundled() if bundled else load_fashion(chosen, downloads=downloads)), False

        self._start_load(fetch, user)

    def _start_load(self, fetch: Callable[[], tuple[FashionData, bool]], user: bool) -> None:
        """Run `fetch` (data, fell back?) on the loader's worker, importing torch there first."""
        with_torch = self.torch_ok and self._mlp is None

        def work() -> tuple[FashionData, bool]:
            mlp = self._import_mlp() if with_torch else None
            check_cancelled()
            loaded = fetch()
            check_cancelled()
            if mlp is not None:
                mlp.warm_up()  # here, while nothing animates, rather than in the first epoch
            return loaded

        wanted = self._wanted

        def done(loaded: tuple[FashionData, bool]) -> None:
            data, fell_back = loaded
            self.use_data(data)
            if fell_back and wanted is not None:
                self._say_fell_back(wanted, data)
            if user:
                self.user_changed.emit()

        self.tasks.submit("load", work, on_result=done, on_error=self._on_load_failed,
                          on_finished=self._on_loader_finished)
        self._status("loading", "transient")
        self.data_changed.emit()
        self.activity_changed.emit()

    def _import_mlp(self) -> ModuleType | None:
        """core.mlp (torch) on a worker; None, with the reason kept, when torch is broken."""
        try:
            return importlib.import_module("core.mlp")  # torch: here, not on the GUI thread
        except (ImportError, OSError) as exc:  # installed but broken (a missing .so): the data still loads
            self._torch_error = str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__
            return None

    def _say_fell_back(self, wanted: tuple[str, str], data: FashionData) -> None:
        """A state's data is not on this computer: say which source is used instead."""
        self._banner("fell_back", wanted=wanted, found=(data.source, data.location), in_use=data.location)

    def prepare_demo(self) -> None:
        """The screenshot's demo: wait for the data being looked for (20 s at most), else
        take the bundled subset, so that a run can start at once."""
        loading = self.tasks.task("load")
        if loading is not None:
            loading.wait(20.0)
        QCoreApplication.processEvents()  # the loader's result, delivered to this thread
        if self.data is None or self.data.is_full:
            self.use_data(load_bundled())

    def use_data(self, data: FashionData) -> None:
        """Make `data` the data in use (the scores of an earlier model stay: counts only)."""
        self._data = data
        self._tensors = None
        if data.source == "folder":
            self._folder = data.location
        self.data_changed.emit()
        self.activity_changed.emit()

    @Slot(object)
    def _on_load_failed(self, exc: BaseException) -> None:
        if isinstance(exc, LabError):
            self._error(exc)
        else:
            self._banner("load_failed", "error", error=str(exc))

    @Slot()
    def _on_loader_finished(self) -> None:
        self._wanted = None
        if self._mlp is None:  # the worker has imported it by now (or failed to)
            if self.torch_ok:
                self._mlp = sys.modules.get("core.mlp")
            self.torch_changed.emit()
            if self._mlp is None:
                self.banner_noted.emit(Note("no_torch", {"error": self._torch_error}, "error_unless_shown"))
        self.data_changed.emit()
        self.activity_changed.emit()
        if self._reload_after:  # a refused state had replaced the first load
            self._reload_after = False
            if self._data is None:
                self.load(user=False)

    def download(self) -> None:
        """torchvision's downloader into the app's data folder (never the working directory);
        offline it fails with a message, the data in use kept."""
        if self.is_loading():
            return
        if not self._has_torch:
            self._banner("no_torchvision", "error")
            return
        root = downloads_dir()

        def work() -> FashionData:
            from torchvision import datasets  # type: ignore[import-untyped]  # no type information

            root.mkdir(parents=True, exist_ok=True)
            for train in (True, False):
                datasets.FashionMNIST(root=str(root), train=train, download=True)
            return load_folder(root / DOWNLOAD_SUBDIR, "downloaded")

        def done(data: FashionData) -> None:
            self.use_data(data)
            self.user_changed.emit()

        self._wanted = ("downloaded", str(root / DOWNLOAD_SUBDIR))
        self.tasks.submit("load", work, on_result=done, on_error=self._on_download_failed,
                          on_finished=self._on_loader_finished)
        self._status("downloading", "transient")
        self.activity_changed.emit()

    @Slot(object)
    def _on_download_failed(self, exc: BaseException) -> None:
        reason = str(exc).splitlines()[0][:160] if str(exc) else type(exc).__name__
        self._banner("download_failed", "error", reason=reason)

    # ------------------------------------------------------------------ training
    def start(self, settings: TrainSettings) -> None:
        """A new model with `settings`, built and trained on a worker thread."""
        if self._data is None or self.busy():
            return
        mlp = self._mlp
        if mlp is None:
            self._no_torch()
            return
        try:
            cfg = mlp.MLPConfig(hidden=settings.hidden, activation=settings.activation, optimizer=settings.optimizer,
                                lr=settings.lr, batch_size=settings.batch_size, epochs=settings.epochs,
                                normalize=settings.normalize, seed=settings.seed).validated()
            mlp.check_memory(cfg)  # before the weights are allocated: 4×8192 units would not fit everywhere
        except LabError as exc:
            self._error(exc)
            return
        data = self._data
        control = mlp.TrainControl()
        # the worker builds the model (hundreds of MB for the widest nets)
        self._run = Run(config=cfg, control=control,
                        planned_batches=math.ceil(len(data.train_y) / cfg.batch_size) * cfg.epochs)
        self._paused = False
        lock = self.step_lock
        key = (id(data), cfg.normalize)
        cached = self._tensors[1] if self._tensors is not None and self._tensors[0] == key else None

        def work() -> Iterator[tuple[Any, Any]]:
            with lock:
                model = mlp.build_model(cfg)
                tensors = cached if cached is not None else (
                    mlp.to_tensors(data.train_x, data.train_y, cfg.normalize),
                    mlp.to_tensors(data.test_x, data.test_y, cfg.normalize))
            yield model, ("start", key, tensors)
            steps = mlp.train(model, *tensors, cfg, control, min_interval=SNAPSHOT_INTERVAL_S, keep_probs=True,
                              partial_on_stop=True)
            while True:
                with lock:  # released while the snapshot waits (and while paused): the model is whole
                    snap = next(steps, None)
                    if snap is None:
                        return
                    # the first layer is copied here, off the GUI thread
                    first = mlp.first_layer_weights(model) if isinstance(snap, mlp.EpochSnapshot) else None
                yield snap, first

        # Torch allocates a Python object per tensor op, so the collector runs often while
        # training, and a full collection scans every object the app and torch ever made,
        # holding the interpreter (and so the GUI) for 100-150 ms. Moving what exists now
        # to the permanent generation keeps those passes small; collecting first means no
        # garbage (a previous run's model in a cycle, say) is frozen with it for good.
        gc.collect()
        gc.freeze()
        self.tasks.submit("train", work, on_yield=self._on_train_yielded, on_error=self._on_train_failed,
                          on_finished=self._on_train_finished)
        self._show_run()
        self._progress_note("starting")
        self.banner_noted.emit(None)
        self.activity_changed.emit()
        self.user_changed.emit()

    def _show_run(self) -> None:
        """Every frame of the run record, the progress bar at its start or end."""
        self.frames()
        self._emit_progress(1 if self._run.metrics else 0, 1)

    @Slot(object)
    def _on_train_yielded(self, item: tuple[Any, Any]) -> None:
        snap, extra = item
        run, mlp = self._run, self._mlp
        assert mlp is not None
        if isinstance(extra, tuple) and extra[0] == "start":
            run.model = snap
            self._tensors = (extra[1], extra[2])
            self.activity_changed.emit()
        elif isinstance(snap, mlp.BatchSnapshot):
            run.unsaved = True
            run.batch_losses.extend(snap.losses)
            epochs = run.config.epochs
            total = snap.batches * epochs
            done = snap.epoch * snap.batches + snap.batch
            run.epochs_done = done / max(snap.batches, 1)
            remaining = (total - done) * snap.elapsed / max(snap.batch, 1)
            self._emit_progress(done, total)
            self._progress_note("batch", e=snap.epoch + 1, n=epochs, b=snap.batch, bs=snap.batches,
                                rate=f"{snap.samples_per_s:,.0f}", eta=f"{remaining:.0f}")
            self._emit_batches()
        elif isinstance(snap, mlp.EpochSnapshot):
            run.metrics.append(epoch_row(snap))
            run.epochs_done = float(snap.epochs_completed)
            run.scores = Scores(snap.confusion, snap.probs, extra)
            self._emit_epochs()
            self._emit_scores()
            acc = f"{snap.test_acc:.4f}"
            if snap.partial:
                self._status("epoch_partial", e=snap.epoch + 1, b=snap.batches_done, n=snap.batches, acc=acc)
            else:
                self._status("epoch", e=snap.epoch + 1, acc=acc)
            if snap.not_learning:
                self._banner("not_learning", "error", cause=snap.cause)
        elif isinstance(snap, mlp.StopSnapshot):
            self._on_run_stopped(snap)

    def _on_run_stopped(self, snap: Any) -> None:
        """The run's last word: say how it ended, and where the model it leaves stands."""
        run = self._run
        run.epochs_done = float(snap.epochs_completed)
        shown = _epochs_text(snap.epochs_completed)
        acc = run.metrics[-1]["test_acc"] if run.metrics else None
        acc_text = f"{acc:.4f}" if acc is not None else "–"
        if snap.reason == "diverged":
            self._banner("diverged", "error")
            self._progress_note("diverged", e=shown)
        elif snap.reason == "stopped":
            self._banner("stopped")
            self._progress_note("stopped", e=shown, acc=acc_text)
        elif snap.reason == "not_learning":
            self._banner("not_learning", "error", cause=snap.cause)
            self._progress_note("not_learning", acc=acc_text, e=shown)
        else:
            self._banner("finished")
            self._progress_note("finished", e=shown, acc=acc_text)
        self.training_finished.emit(snap.reason)

    @Slot(object)
    def _on_train_failed(self, exc: BaseException) -> None:
        """Every failure of a run (a ModelError, torch's RuntimeError, out of memory) is said;
        the weights trained so far, if any, stay."""
        if isinstance(exc, LabError):
            self._error(exc)
        else:
            reason = (str(exc).strip().splitlines() or [type(exc).__name__])[0][:200]
            if isinstance(exc, MemoryError) or "out of memory" in reason.lower():
                self._banner("out_of_memory", "error", error=reason)
            else:
                self._banner("training_failed", "error", error=reason)
        self._progress_note("failed")
        self._status("failed")
        self.training_finished.emit("failed")

    @Slot()
    def _on_train_finished(self) -> None:
        self._paused = False
        self.activity_changed.emit()

    def set_paused(self, paused: bool) -> None:
        """Pause or resume the run; paused, its weights stand still (they can be saved, and are
        part of the experiment)."""
        self._paused = paused
        task = self.tasks.task("train")
        if task is not None:
            task.pause() if paused else task.resume()
        self.activity_changed.emit()
        if task is not None:
            self.user_changed.emit()

    def stop(self) -> None:
        if self._run.control is not None:
            self._run.control.stop = True
        task = self.tasks.task("train")
        if task is not None:
            task.resume()  # a paused generator must run to see the stop

    def set_lr(self, lr: float) -> None:
        """The learning rate of the run under way (read between batches)."""
        if self._run.control is not None and self.is_training():
            self._run.control.lr = lr
            self._status("lr_now", "transient", lr=lr)

    # ------------------------------------------------------------------ models
    def open_model(self, path: str) -> bool:
        """Open and score a model on a worker; `model_opened` tells how it went. False when
        another job is running (torch stays off the GUI thread: see the module's notes)."""
        if self.busy():
            return False
        if not self._has_torch:
            self._no_torch()
            self.model_opened.emit(False)
            return True
        data = self._data
        name = Path(path).name

        def work() -> tuple[Any, Any, list[dict], Any]:
            mlp = importlib.import_module("core.mlp")
            model, cfg, metrics = mlp.load_model(path)
            score = None if data is None else mlp.score_model(model, data.test_x, data.test_y, cfg.normalize)
            return model, cfg, metrics, score

        def done(result: tuple[Any, Any, list[dict], Any]) -> None:
            model, cfg, metrics, score = result
            self._mlp = self._mlp or sys.modules.get("core.mlp")  # imported by the worker
            last = metrics[-1] if metrics else None
            # everything on show now describes the opened model: no batch losses of an earlier run
            self._run = Run(model=model, config=cfg, metrics=list(metrics),
                            epochs_done=float(last.get("epochs_completed", last["epoch"] + 1)) if last else 0.0,
                            scores=None if score is None else Scores(score.confusion, score.probs, score.first))
            self.architecture_opened.emit(cfg)
            self._show_run()
            if score is not None:
                acc = f"{score.accuracy:.4f}"
                self._banner("opened", name=name, acc=acc)
                self._progress_note("opened_scored", name=name, e=len(metrics), acc=acc)
            else:
                self._progress_note("opened", name=name, e=len(metrics))
            self._status("opened", name=name)
            self.activity_changed.emit()
            self.user_changed.emit()
            self.model_opened.emit(True)

        def failed(exc: BaseException) -> None:
            if isinstance(exc, LabError):
                self._error(exc)
            else:
                self._banner("open_failed", "error", path=path, error=str(exc)[:200])
            self.model_opened.emit(False)

        self.tasks.submit("open", work, on_result=done, on_error=failed, on_finished=self.activity_changed.emit)
        self.activity_changed.emit()
        return True

    def save(self, path: str, seed_form: bool = False) -> bool:
        """Save the model (while paused too: the weights as they stand at the pause). A
        failure (a full disk, a denied folder, a net the seed's class cannot load) is said
        and the model stays."""
        run = self._run
        if run.model is None or self._mlp is None or not self.can_save():
            return False  # while training runs the weights change under the save: pause first
        try:
            with self.step_lock:
                self._mlp.save_model(path, run.model, run.config, run.metrics, seed_form=seed_form)
        except LabError as exc:
            self._error(exc)
            return False
        run.unsaved = False  # until the next batch, when training goes on
        self._status("saved", path=path)
        return True

    def seed_form_problem(self) -> LabError | None:
        """Why the model cannot be saved in the seed's last.pt form (None when it can)."""
        if self._run.model is None or self._mlp is None:
            return None
        try:
            self._mlp.check_seed_model(self._run.model)
        except LabError as exc:
            return exc
        return None

    def classify(self, path: str) -> np.ndarray | None:
        """Reduce a photo to 28×28 the way the model sees it (core.fashion.to_fashion_image)
        and give its class probabilities (image_classified)."""
        from core.fashion import to_fashion_image
        from core.imageio import load_image

        run = self._run
        if run.model is None or self._mlp is None:
            self._banner("no_model", "error")
            return None
        try:
            small = to_fashion_image(load_image(path).bgr)
        except LabError as exc:
            self._error(exc)
            return None
        with self.step_lock:
            probs = self._mlp.predict_proba(run.model, small[None], run.config.normalize if run.config else False)[0]
        self.image_classified.emit(OwnImageFrame(small, probs))
        self._status("looks_like", best=int(probs.argmax()), p=f"{probs.max():.2f}")
        return probs

    def export_csv(self, path: str, batches: bool = False) -> bool:
        """Per-epoch figures (or every batch loss) to CSV in UTF-8 with a BOM (Excel reads it),
        written atomically. Epochs are 1-based, as on screen."""
        import csv

        run = self._run
        if batches and not run.batch_losses:
            self._banner("no_batch_losses", "error")
            return False
        try:
            with atomic_open(path, "w", encoding="utf-8-sig", newline="") as fh:
                w = csv.writer(fh)
                if batches:
                    w.writerow(["batch", "loss"])
                    w.writerows(enumerate(run.batch_losses, 1))
                else:
                    w.writerow(EPOCH_COLUMNS)
                    for r in run.metrics:
                        row = {**r, "epoch": int(r["epoch"]) + 1,
                               "epochs_completed": r.get("epochs_completed", int(r["epoch"]) + 1)}
                        w.writerow([row.get(k, "") for k in EPOCH_COLUMNS])
        except LabError as exc:
            self._error(exc)
            return False
        self._status("saved", path=path)
        return True

    def note_error(self, exc: LabError) -> None:
        """Say a typed error found outside the controller (writing the picture of the plots)."""
        self._error(exc)

    # ------------------------------------------------------------------ state
    def model_in_state(self) -> tuple[bool, float]:
        """(has_model, epochs_done) for the lab's state: the model is part of it only while
        its weights stand still and it is small enough for a file (or is carried)."""
        run = self._run
        has = run.carried is not None or (
            self.can_save() and sum(p.numel() for p in run.model.parameters()) * 4 <= MODEL_IN_STATE_BYTES)
        return has, min(max(run.epochs_done, 0.0), 1000.0) if has else 0.0

    def incoming_members(self) -> dict[str, bytes] | None:
        return None if self._incoming is None else dict(self._incoming[1])

    def model_members(self) -> dict[str, bytes]:
        """mlp/model.pt as Save model writes it and mlp/curves.json (LabError or OSError when
        the temporary folder is full)."""
        run = self._run
        if run.carried is not None:
            return dict(run.carried)
        assert self._mlp is not None
        with self.step_lock:
            return run_members(self._mlp, run.model, run.config, run.metrics, run.batch_losses)

    def apply_state(self, state: MLPState, blobs: Mapping[str, bytes] | None = None) -> None:
        """Show a checked state. Its curves are checked here (StateError, nothing changed);
        a model is read on the loader's worker (core.mlp.load_model: weights_only, shapes and
        sizes checked before anything is built) with the data it names, and everything is
        shown only once both are in (state_applied); a refused model changes nothing and is
        said. Without torch the settings and curves are shown and the model is kept as it
        came. Not while training: the run's model is not thrown away."""
        if self.is_training():
            self._banner("not_while_training", "error")
            self.state_applied.emit(False)
            return
        members, curves = state_members(state, blobs)
        self.tasks.cancel("open")  # an Open model still under way would land on top
        if curves is not None and self.torch_ok:
            self._apply_with_model(state, members, curves)
        else:
            self._apply_now(state, members, curves)
            self.state_applied.emit(True)

    def _reset_run(self, run: Run | None = None) -> None:
        """A new run record (no model, no curves: what a state without a model shows)."""
        self._run = run or Run()
        self._show_run()
        self._progress_note(None)

    def _data_matches(self, state: MLPState) -> bool:
        source, location = self.data_source()
        if self._data is None and not self.is_loading():
            return False
        if state.source == "auto":
            return True
        return source == state.source and (source != "folder" or location == state.folder)

    def _apply_now(self, state: MLPState, members: dict[str, bytes], curves: Curves | None) -> None:
        """A state without a model (or without torch to read it): everything at once; the
        data it names loads on the worker, as a chosen folder does."""
        replaced = self._incoming is not None  # a state still on the worker: this one wins
        self._incoming = None
        self.banner_noted.emit(None)
        if curves is not None:  # no torch: the curves are shown, the model kept for the next save
            self._reset_run(Run(metrics=list(curves[0]), batch_losses=list(curves[1]), epochs_done=state.epochs_done,
                                carried=dict(members), planned_batches=len(curves[1])))
            self._banner("model_kept", "error")
        else:
            self._reset_run()
        self.state_shown.emit(state)
        if replaced or not self._data_matches(state):
            self._load_state_data(state)
        self.activity_changed.emit()

    def _load_state_data(self, state: MLPState) -> None:
        if state.source == "folder":
            self._folder = state.folder
        downloads = downloads_dir()
        self._wanted = (state.source, state.folder)
        self._start_load(lambda: load_source(state.source, state.folder, downloads), user=False)

    def _apply_with_model(self, state: MLPState, members: dict[str, bytes], curves: Curves) -> None:
        """Read the model and the data on the loader's worker, score the model, then show
        everything at once (compute first, then show); a refusal changes nothing."""
        reuse = self._data if self._data is not None and not self.is_loading() and self._data_matches(state) else None
        downloads = downloads_dir()
        with_torch = self._mlp is None
        model_bytes = members[MODEL_BLOB]

        def work() -> tuple[FashionData, bool, Any]:
            mlp = self._import_mlp()
            check_cancelled()
            data, fell_back = (reuse, False) if reuse is not None else load_source(state.source, state.folder,
                                                                                    downloads)
            check_cancelled()
            if mlp is None:  # torch is installed but broken: as without it
                return data, fell_back, None
            model, cfg, _ = model_from_member(mlp, model_bytes)
            score = mlp.score_model(model, data.test_x, data.test_y, cfg.normalize)
            if with_torch:
                mlp.warm_up()
            return data, fell_back, (model, cfg, score)

        def done(result: tuple[FashionData, bool, Any]) -> None:
            data, fell_back, loaded = result
            self._incoming = None
            if data is not self._data:
                self.use_data(data)
            if loaded is None:
                self._apply_now(state, members, curves)
            else:
                model, cfg, score = loaded
                self._mlp = self._mlp or sys.modules.get("core.mlp")  # imported by the worker
                self.banner_noted.emit(None)
                self._reset_run(Run(model=model, config=cfg, metrics=list(curves[0]), batch_losses=list(curves[1]),
                                    epochs_done=state.epochs_done, planned_batches=len(curves[1]),
                                    scores=Scores(score.confusion, score.probs, score.first)))
                self.state_shown.emit(state)
                self._progress_note("restored", e=_epochs_text(state.epochs_done), acc=f"{score.accuracy:.4f}")
            if fell_back:
                self._say_fell_back((state.source, state.folder), data)
            self.activity_changed.emit()
            self.state_applied.emit(True)

        def failed(exc: BaseException) -> None:
            self._incoming = None
            if isinstance(exc, LabError):
                self._error(exc)
            else:
                self._banner("open_failed", "error", path=MODEL_BLOB, error=str(exc)[:200])
            self._reload_after = self._data is None  # this replaced the first load
            self.state_applied.emit(False)

        self._incoming = (state, dict(members))
        self._wanted = (state.source, state.folder)
        self.tasks.submit("load", work, on_result=done, on_error=failed, on_finished=self._on_loader_finished)
        self._status("loading", "transient")
        self.activity_changed.emit()

    def shutdown(self) -> None:
        """Stop training (the window is closing; the lab's runner waits for its tasks)."""
        self.stop()

