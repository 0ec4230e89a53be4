"""The Logistic Regression lab's controller: the run on screen and the work around it.

It owns the data set and its run (core.logreg.LogisticGD, prepared by
gui.labs.logistic_work.prepare_state), the requests for new ones (prepared here for small
data, on the lab's TaskRunner for big data: the latest request wins and the old run stays
until the new one is in), saved states shown again (their data made or read and their run
replayed to the saved iteration: here when that is quick, else on the TaskRunner too),
Newton's exact optimum (always on a worker) and the per-point numbers (misclassified points,
confusion matrices). It maps its run and the controls' other choices to the lab's state
(state()). It emits events when these change and hands out frames (small frozen snapshots
of what to draw); it builds no widget and says no sentence: the panel turns its events and
errors into words.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable
from dataclasses import dataclass, replace

import numpy as np
from PySide6.QtCore import QObject, Signal, Slot

from core import datasets2d as ds
from core.class_map import class_map
from core.errors import LabError
from core.logreg import (
    LogisticGD,
    LogRegConfig,
    NewtonResult,
    Objective,
    StepNumbers,
    descent_step_numbers,
    grid_design,
    initial_weights,
    solve_reference,
    step_numbers,
)
from gui.labs.logistic.contour import LossSlice
from gui.labs.logistic.state import STORED_SOURCES, LogisticState, generated_data, schedule_table
from gui.labs.logistic_work import ASYNC_POINTS, Numbers, PreparedRun, numbers_of, prepare_state
from gui.labs.optimizer_state import optimizer_fields
from gui.state import Table
from gui.tasks import Policy, TaskRunner
from gui.widgets.plot_tools import decimate

MAP_SIZE = 200  # the map's grid: MAP_SIZE × MAP_SIZE points of the view
SEED_CONFIG = LogRegConfig(lr=0.1, max_iters=3000, tol=0.0, l2_C=None, strategy="ovr", poly=False, init=(1.0, 1.0, 1.0))
STRUCTURE = ("strategy", "poly", "l2_C", "init")  # settings that make other models: a new run
# a saved state whose run replays more point-iterations than this is restored on a worker
# (the seed's 300 points × 300 iterations take ~15 ms; 3000 iterations ~0.1 s or more)
RESTORE_WORK = 200_000

ViewRange = tuple[tuple[float, float], tuple[float, float]]
Edit = tuple[np.ndarray, np.ndarray, np.ndarray]  # X, labels (the data's own), held out
ConfigFor = Callable[[int], LogRegConfig]  # the models' settings the controls describe, for k classes


def same_structure(a: LogRegConfig, b: LogRegConfig) -> bool:
    """True when two settings make the same models (only the rate, cap or tolerance differ)."""
    return all(getattr(a, f) == getattr(b, f) for f in STRUCTURE)


@dataclass(frozen=True, eq=False)
class Request:
    """What a new run is made of: the data, its held-out points (None: split them off as
    `split` = (fraction, seed) says), the models' settings and start, and where it came from."""

    data: ds.Labeled
    mask: np.ndarray | None
    split: tuple[float, int]
    config: LogRegConfig
    start: np.ndarray | None
    source: str
    path: str
    refit: bool  # the map re-fits its view to the new points

    def args(self) -> tuple:
        return (self.data, self.mask, self.split, self.config, self.start, self.source, self.path)


@dataclass(frozen=True)
class Choices:
    """What the lab's state keeps of its controls beyond the run's own settings: the
    generator's settings, the split, the class a click adds, the rate's and tolerance's
    values while they are off, the seed's start as wanted, and the view."""

    preset: str
    classes: int
    n: int
    spread: float
    seed: int
    test_percent: int
    add_class: int
    C: float
    tol: float
    seed_start: bool
    show_models: bool
    confusion: str
    speed: float


def state_size(state: LogisticState) -> int:
    """How many points a state's data has, without making or reading them."""
    if state.source in STORED_SOURCES and len(state.points) >= 2:
        return len(state.points)
    return 300 if state.preset == "seed" else state.n  # the seed's data: 100 + 200 points


def restore_run(state: LogisticState) -> PreparedRun:
    """A saved state's data and its run, replayed to the saved iteration (LabError when the
    data or the learner refuse it). The descent is deterministic: the numbers are the saved ones."""
    data, mask, source = state.dataset()
    config = state.config(data.k)
    run = prepare_state(data, mask, (state.test_percent / 100.0, int(state.seed)), config, state.start(), source,
                        state.csv_path)
    run.gd.replay(state.run_schedule(config), config, state.computed, state.iteration)
    return run


@dataclass(frozen=True, eq=False)
class MapFrame:
    """The probability map over a view, its combined decision boundary and (when asked for)
    each model's own boundary as (positive class, x pairs, y pairs)."""

    key: tuple
    rgb: np.ndarray  # (MAP_SIZE, MAP_SIZE, 3) uint8, x on axis 0
    rect: tuple[float, float, float, float]  # x, y, width, height the image covers
    boundary: tuple[np.ndarray, np.ndarray]
    model_lines: tuple[tuple[int, np.ndarray, np.ndarray], ...]


@dataclass(frozen=True, eq=False)
class CurvesFrame:
    """The loss and accuracy curves up to the last iteration computed (decimated for
    drawing), the iteration shown, and the exact optimum's loss when there is one."""

    iterations: np.ndarray
    loss_train: np.ndarray
    accuracy_train: np.ndarray
    loss_test: np.ndarray | None  # None: no point is held out
    accuracy_test: np.ndarray | None
    iteration: int
    last: int
    reference_loss: float | None  # None: no optimum (separable classes, not yet solved, failed)


@dataclass(frozen=True, eq=False)
class FormulaFrame:
    """The arithmetic of the descent at the model shown, as the learner does it
    (core.logreg.step_numbers): the losses, the gradient and the next weights; for the exact
    answer (`exact`), the same at Newton's optimum (its gradient is zero there)."""

    iteration: int
    exact: bool  # the model shown is Newton's optimum, not the descent's state at `iteration`
    kind: str  # "binary", "ovr", "ovo" or "softmax"
    k: int
    models: int
    poly: bool
    m: tuple[int, ...]  # the points each model is trained on
    l2_C: float | None
    step: StepNumbers
    exact_weights: np.ndarray | None  # Newton's optimum (None: not yet, failed or separable)


def _prepare_job(rid: int, args: tuple) -> tuple:
    """prepare_state on a worker, tagged with its request, failures returned (not raised) so
    the lab can tell a superseded request's failure from the latest one's."""
    try:
        return rid, prepare_state(*args), None
    except Exception as exc:  # noqa: BLE001 — every failure reaches the lab, which says why
        return rid, None, exc


def _restore_job(rid: int, state: LogisticState) -> tuple:
    """restore_run on a worker, tagged and with its failure returned, as _prepare_job."""
    try:
        return rid, restore_run(state), None
    except Exception as exc:  # noqa: BLE001 — every failure reaches the lab, which says why
        return rid, None, exc


def _reference_job(key: tuple, data: ds.Labeled, cfg: LogRegConfig, mask: np.ndarray, objective: Objective) -> tuple:
    """Newton's optimum and the run's loss there, on a worker (on 1M points the loss alone
    held the GUI thread for 0.2–0.4 s), tagged with what it is for; a failure comes back too."""
    try:
        result = solve_reference(data, cfg, mask)
        return key, result, float(objective.loss(result.weights).mean()), None
    except Exception as exc:  # noqa: BLE001 — a NumericError or DataError must reach the screen
        return key, None, math.nan, exc


class LogisticController(QObject):
    """The run on screen, the requests for new runs, the exact optimum and the numbers."""

    run_replaced = Signal(bool)  # a new run is installed; True: the view re-fits to its points
    preparing = Signal(int)  # a run for this many points is being prepared on a worker
    prepared = Signal(object)  # the PreparedRun a worker made is installed (after run_replaced)
    prepare_failed = Signal(object, object)  # (exception, Request): the latest request failed
    restored = Signal(object)  # the LogisticState whose run restore() made is installed (after run_replaced)
    # (exception, LogisticState): the state being restored was refused; the state of the run still on screen
    restore_failed = Signal(object, object)
    refused = Signal(object)  # the LabError a change of the user's was refused with (nothing changed)
    reference_changed = Signal()  # the exact optimum arrived, or failed (see reference_error)
    reference_failed = Signal(object)  # the exception the exact optimum failed with
    numbers_changed = Signal(object)  # Numbers of the run's current state

    def __init__(self, tasks: TaskRunner | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.tasks = tasks if tasks is not None else TaskRunner(self, label="logistic")
        self.contour = LossSlice(self, self.tasks)  # the loss-contour view's frames and slices
        self.async_points = ASYNC_POINTS  # data this large is prepared, and counted, on a worker
        self.restore_work = RESTORE_WORK  # a state whose replay is longer is restored on a worker
        self._requests = itertools.count(1)
        self._pending: tuple[int, Request | LogisticState] | None = None
        self._kept: LogisticState | None = None  # the state on screen while another is restored
        self._serial = 0
        self.same_points = False  # the last install kept the points (a new model on them)
        self._ref: NewtonResult | None = None
        self._ref_error: BaseException | None = None
        self._ref_loss = math.nan
        self._ref_for: tuple | None = None
        self._numbers: Numbers | None = None
        self._numbers_wanted: tuple | None = None
        self._table_of: tuple[ds.Labeled, np.ndarray, Table] | None = None
        self._grid: tuple[tuple, np.ndarray, np.ndarray, np.ndarray] | None = None  # (key, xs, ys, AT)
        # the run's state over which the exact answer is shown (None: the descent is shown)
        self._exact_over: tuple | None = None
        data = ds.seed_dataset()
        self._run = prepare_state(data, np.zeros(data.n, dtype=bool), (0.0, 0), SEED_CONFIG, None, "seed", "")
        self._install(self._run)
        self._request_reference()

    # ---- what is on screen
    @property
    def run(self) -> PreparedRun:
        return self._run

    @property
    def gd(self) -> LogisticGD:
        return self._run.gd

    @property
    def data(self) -> ds.Labeled:
        return self._run.data

    @property
    def mask(self) -> np.ndarray:
        """True: a point held out for testing."""
        return self._run.mask

    @property
    def source(self) -> str:
        return self._run.source

    @property
    def csv_path(self) -> str:
        return self._run.csv_path

    @property
    def drawn(self) -> np.ndarray:
        """The indices of the points the map shows (all, or a sample of big data)."""
        return self._run.drawn

    @property
    def serial(self) -> int:
        """Names the run on screen (a new one for every install)."""
        return self._serial

    def own_start(self) -> np.ndarray | None:
        """The run's start when it is not what its settings say (edited data that went on
        from the models it had), else None."""
        W0, init = self.gd.start_weights, self.gd.config.init
        init = init if init is not None and len(init) == W0.shape[0] else None
        return None if np.array_equal(W0, initial_weights(W0.shape[0], W0.shape[1], init)) else W0

    def state(self, choices: Choices) -> LogisticState:
        """The lab's state: the run on screen (its data, settings, start, earlier settings and
        position) and the controls' other choices; while a saved state is being restored,
        that state (it is what the lab is about to show, and what a save must keep)."""
        restoring = self.restoring()
        if restoring is not None:
            return restoring
        gd, data, cfg = self.gd, self.data, self.gd.config
        column_choice = data.columns if self.source == "csv" else None
        W0 = self.own_start()
        ch = choices
        return LogisticState(
            preset=ch.preset,
            source=self.source,
            points=self.points_table() if self.source in STORED_SOURCES else Table((), 4),
            csv_path=self.csv_path,
            csv_columns=tuple(column_choice.indices) if column_choice is not None else (),
            csv_column_names="\n".join(column_choice.names) if column_choice is not None else "",
            classes=ch.classes, n=ch.n, spread=ch.spread, seed=ch.seed, test_percent=ch.test_percent,
            add_class=ch.add_class,
            strategy=cfg.strategy,
            poly=cfg.poly,
            l2=cfg.l2_C is not None,
            C=float(cfg.l2_C) if cfg.l2_C is not None else ch.C,
            lr=cfg.lr,
            max_iters=int(cfg.max_iters),
            tol_enabled=cfg.tol > 0,
            tol=cfg.tol if cfg.tol > 0 else ch.tol,
            seed_start=ch.seed_start,
            start_weights=tuple(float(v) for v in W0.reshape(-1)) if W0 is not None else (),
            schedule=schedule_table(gd.schedule),
            computed=gd.history_length - 1,
            iteration=gd.iteration,
            show_models=ch.show_models, confusion=ch.confusion, speed=ch.speed,
            **optimizer_fields(cfg.optimizer),
        )

    # ---- the points, edited by hand
    def original_labels(self) -> np.ndarray:
        """Each point's label as its data names it (a file's own values)."""
        return np.asarray(self.data.labels)[self.data.y]

    def with_point(self, x: float, y: float, c: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(X, labels, held out) with a training point of class c (c = k: a new class) added."""
        labels = list(self.data.labels)
        label = labels[c] if c < len(labels) else (max(labels) + 1)
        return (np.vstack([self.data.X, [x, y]]), np.append(self.original_labels(), label),
                np.append(self.mask, False))

    def with_point_moved(self, drawn_index: int, x: float, y: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(X, labels, held out) with the point the map draws at `drawn_index` moved to (x, y)."""
        i = int(self.drawn[drawn_index])  # the map may show a sample of the points
        X = self.data.X.copy()
        X[i] = (x, y)
        return X, self.original_labels(), self.mask

    def without_point(self, drawn_index: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(X, labels, held out) without the point the map draws at `drawn_index`."""
        i = int(self.drawn[drawn_index])
        return np.delete(self.data.X, i, axis=0), np.delete(self.original_labels(), i), np.delete(self.mask, i)

    def points_table(self) -> Table:
        """The points as the state stores them: x1, x2, the file's label, held out (cached
        per data set: the state is asked for often)."""
        data, mask = self.data, self.mask
        if self._table_of is None or self._table_of[0] is not data or self._table_of[1] is not mask:
            labels = np.asarray(data.labels, dtype=np.float64)[data.y]
            self._table_of = (data, mask, Table(np.column_stack([data.X, labels, mask.astype(np.float64)])))
        return self._table_of[2]

    # ---- new runs
    def is_computing(self) -> bool:
        """True while a new run is being prepared on a worker (the old one stays on screen)."""
        return self._pending is not None

    def pending(self) -> Request | None:
        """The request being prepared, if any (None too while a state is restored)."""
        req = None if self._pending is None else self._pending[1]
        return req if isinstance(req, Request) else None

    def restoring(self) -> LogisticState | None:
        """The saved state being restored on a worker, if any."""
        state = None if self._pending is None else self._pending[1]
        return state if isinstance(state, LogisticState) else None

    def cancel_pending(self) -> None:
        """Forget the request being prepared: its result is dropped when it comes."""
        self._pending = None

    def request(self, req: Request) -> bool | None:
        """Prepare a run and install it: here for small data (True; LabError, with nothing
        changed, when the data or the learner refuse it), on the TaskRunner for big data
        (None; `preparing` now, then `run_replaced` and `prepared`, or `prepare_failed`)."""
        if req.data.n < self.async_points:
            run = prepare_state(*req.args())
            self._pending = None
            self.install(run, req.refit)
            return True
        rid = next(self._requests)
        self._pending = (rid, req)
        self.preparing.emit(req.data.n)
        self.tasks.submit("prepare", _prepare_job, rid, req.args(), on_result=self._on_prepare_returned,
                          policy=Policy.AFTER)
        return None

    # ---- the user's changes: each returns as request does, or False (`refused` emitted,
    # nothing changed) when the data or the learner refuse it
    def _checked(self, change: Callable[[], bool | None]) -> bool | None:
        try:
            return change()
        except LabError as exc:
            self.refused.emit(exc)
            return False

    def request_data(self, data: ds.Labeled, source: str, split: tuple[float, int], config: LogRegConfig,
                     reset: bool, mask: np.ndarray | None = None, path: str | None = None) -> bool | None:
        """New data: the descent restarts, or goes on from the current models when the data
        was only edited and the models still fit it (`reset` False)."""
        return self._checked(lambda: self.request(Request(
            data, mask, split, config, None if reset else self.gd.weights, source,
            self.csv_path if path is None else path, refit=reset)))

    def request_seed(self, split: tuple[float, int]) -> bool | None:
        """The seed's data and loop (its settings, no point held out): a new run."""
        data = ds.seed_dataset()
        return self.request_data(data, "seed", split, SEED_CONFIG, True, mask=np.zeros(data.n, dtype=bool))

    def set_data(self, X: object, y: object, source: str, split: tuple[float, int],
                 config_for: ConfigFor) -> bool | None:
        """Points from outside (another lab, a test): a new run on them."""
        def change() -> bool | None:
            data = ds.make_labeled(X, y, min_classes=2)
            return self.request_data(data, source, split, config_for(data.k), True)

        return self._checked(change)

    def regenerate(self, generator: tuple[str, int, int, float, int], split: tuple[float, int],
                   config_for: ConfigFor) -> bool | None:
        """A preset's data made again, with its (preset, classes, n, spread, seed): a new run."""
        def change() -> bool | None:
            data = generated_data(*generator)
            source = generator[0] if generator[0] == "seed" else "generated"
            return self.request_data(data, source, split, config_for(data.k), True)

        return self._checked(change)

    def resplit(self, split: tuple[float, int], config_for: ConfigFor) -> bool | None:
        """Other points held out (another fraction, or seed): a new run on the same data."""
        return self.request_data(self.data, self.source, split, config_for(self.data.k), True)

    def edit(self, edit: Edit, split: tuple[float, int], config_for: ConfigFor) -> bool | None:
        """Points edited by hand: the models go on from where they were, unless the edit
        added or removed a class (then a new run)."""
        def change() -> bool | None:
            X, labels, mask = edit
            data = ds.make_labeled(X, labels, min_classes=2)
            return self.request_data(data, "edited", split, config_for(data.k), data.k != self.data.k, mask=mask)

        return self._checked(change)

    def change_models(self, config_for: ConfigFor, split: tuple[float, int]) -> str:
        """The models' settings changed. "restoring": nothing now (a state's settings apply
        when its run is in); "retargeted": a run is being prepared and takes them; "new":
        other models, a new run (see request); "set": a new rate, cap or tolerance for the
        run on screen; "refused": the run on screen stays as it was."""
        if self.restoring() is not None:
            return "restoring"
        pending = self.pending()
        if pending is not None:
            self.retarget(config_for(pending.data.k))
            return "retargeted"
        cfg = replace(config_for(self.data.k), optimizer=self.gd.config.optimizer)  # the run's rule (no control yet)
        if not same_structure(cfg, self.gd.config):
            request = Request(self.data, self.mask, split, cfg, None, self.source, self.csv_path, refit=False)
            return "refused" if self._checked(lambda: self.request(request)) is False else "new"
        return "refused" if self._checked(lambda: self.gd.set_config(cfg)) is False else "set"

    def restore(self, state: LogisticState, choices: Choices) -> PreparedRun | None:
        """Show a saved state again. A quick one (small data, a short replay) is computed here
        and returned, for the caller to install_restored (LabError, with nothing changed, when the data
        or the learner refuse it); else None: it is computed on the TaskRunner (`preparing`
        now, then `run_replaced` and `restored`, or `restore_failed` with the state on screen,
        as `choices` and the run make it), the run on screen stays until then, and a later
        request or restore replaces it (the latest wins)."""
        n = state_size(state)
        if n < self.async_points and n * (state.computed + 1) < self.restore_work:
            run = restore_run(state)
            self._pending = None
            return run
        if self.restoring() is None:
            self._kept = self.state(choices)
        rid = next(self._requests)
        self._pending = (rid, state)
        self.preparing.emit(n)
        self.tasks.submit("prepare", _restore_job, rid, state, on_result=self._on_prepare_returned,
                          policy=Policy.AFTER)
        return None

    def retarget(self, config: LogRegConfig) -> bool:
        """The settings changed while a run is prepared: other models are asked for again
        (True); a new rate, cap or tolerance is applied when the run is in (False)."""
        req = self.pending()
        if self._pending is None or req is None:
            return False
        rid = self._pending[0]
        if not same_structure(config, req.config):
            self.request(replace(req, config=config))
            return True
        self._pending = (rid, replace(req, config=config))
        return False

    @Slot(object)
    def _on_prepare_returned(self, result: tuple) -> None:
        rid, run, exc = result
        if self._pending is None or rid != self._pending[0]:
            return  # a newer request is on its way: this one is not shown
        req = self._pending[1]
        self._pending = None
        if isinstance(req, LogisticState):
            if exc is not None:
                self.restore_failed.emit(exc, self._kept)
            else:
                self.install_restored(run, req)
            return
        if exc is not None:
            self.prepare_failed.emit(exc, req)
            return
        # rate, cap and tolerance changed while it was prepared apply to the new run as well
        if same_structure(req.config, run.gd.config):
            run.gd.set_config(req.config)
        self.install(run, req.refit)
        self.prepared.emit(run)

    def install_restored(self, run: PreparedRun, state: LogisticState) -> None:
        """Show the run restore() made of `state`: `run_replaced`, then `restored`."""
        self.install(run, True)
        self.restored.emit(state)

    def install(self, run: PreparedRun, refit: bool) -> None:
        """Show a prepared run (set_state replays it first): plain assignments, then
        `run_replaced`, and Newton's optimum is asked for."""
        self._install(run)
        self._request_reference()
        self.run_replaced.emit(refit)

    def _install(self, run: PreparedRun) -> None:
        previous = self._run if self._serial else None
        # the same points (a new model on them): the scatters need not be rebuilt, which
        # costs more than anything else on the GUI thread for thousands of points
        self.same_points = previous is not None and previous.data is run.data \
            and np.array_equal(previous.drawn, run.drawn) and np.array_equal(previous.mask, run.mask)
        self._run = run
        self.contour.forget()
        self._numbers = None
        self._numbers_wanted = None
        self._serial += 1

    def set_config(self, config: LogRegConfig) -> None:
        """A new rate, cap or tolerance for the run on screen (LabError: refused, unchanged)."""
        self.gd.set_config(config)

    # ---- the exact optimum
    def reference(self) -> NewtonResult | None:
        return self._ref

    @property
    def reference_error(self) -> BaseException | None:
        return self._ref_error

    @property
    def reference_loss(self) -> float:
        return self._ref_loss

    def _request_reference(self) -> None:
        """Newton's optimum for the current data and objective, on a worker thread. A solve
        cannot stop midway, so a new request waits for the running one and only the latest
        runs; a result for other data or another objective than the current is dropped."""
        self._ref = None
        self._ref_error = None
        cfg = self.gd.config
        key = (self.data, cfg.strategy, cfg.poly, cfg.l2_C)
        self._ref_for = key
        self.tasks.submit("reference", _reference_job, key, self.data, cfg, self.mask.copy(), self.gd.objective,
                          on_result=self._on_reference_returned, policy=Policy.AFTER)

    @Slot(object)
    def _on_reference_returned(self, tagged: tuple) -> None:
        key, result, ref_loss, exc = tagged
        if key != self._ref_for:
            return
        if exc is not None:
            self._ref_error = exc
            self.reference_failed.emit(exc)
        else:
            self._ref = result
            self._ref_loss = ref_loss
        self.reference_changed.emit()

    def separable_flags(self) -> tuple[bool, ...]:
        """For each model, whether the optimum found its two sides separable (empty: no
        optimum yet, or none separable)."""
        ref, dec = self._ref, self.gd.decomposition
        if ref is None or not ref.separable or dec.kind == "softmax":
            return ()
        return tuple(ref.separable_models or (True,) * dec.models)

    # ---- the per-point numbers
    def numbers(self) -> Numbers | None:
        """The numbers of the last state counted (None: not yet, for this run)."""
        return self._numbers

    def update_numbers(self) -> bool:
        """Count the run's current state: here for small data (`numbers_changed` now, True),
        on the TaskRunner for big data (the last numbers stay until the new ones come)."""
        gd = self.gd
        key = self.frame_key()
        if self._numbers is not None and self._numbers.key == key:
            return False
        args = (key, self._run.A_points, self.shown_weights(), gd.decomposition, self.data.y, self.mask, self.drawn)
        if self.data.n < self.async_points:
            self._numbers = numbers_of(*args)
            self.numbers_changed.emit(self._numbers)
            return True
        if self._numbers_wanted != key:
            self._numbers_wanted = key
            self.tasks.submit("numbers", numbers_of, *args, on_result=self._on_numbers_returned, policy=Policy.AFTER)
        return False

    @Slot(object)
    def _on_numbers_returned(self, numbers: Numbers) -> None:
        if numbers.key[0] != self._serial:
            return  # numbers of a run no longer shown
        self._numbers = numbers
        self.numbers_changed.emit(numbers)

    # ---- frames
    def frame_key(self) -> tuple:
        """Changes whenever what the map shows may change (the run, its position, its settings,
        the exact answer shown instead)."""
        return self._run_key() + (self.showing_exact,)

    def _run_key(self) -> tuple:
        gd = self.gd
        return (self._serial, gd.iteration, gd.history_length, gd.config)

    def map_frame(self, view: ViewRange, models: bool) -> MapFrame | None:
        """The map of the run's current weights over `view` (None: a view that cannot be
        drawn, too far out or empty: the last map stays)."""
        (x0, x1), (y0, y1) = view
        if not all(math.isfinite(v) for v in (x0, x1, y0, y1)) or x1 <= x0 or y1 <= y0:
            return None
        poly = self.gd.config.poly
        gkey = (x0, x1, y0, y1, poly)
        if self._grid is None or self._grid[0] != gkey:
            xs, ys = np.linspace(x0, x1, MAP_SIZE), np.linspace(y0, y1, MAP_SIZE)
            with np.errstate(over="ignore", invalid="ignore"):
                AT = grid_design(xs, ys, poly)
            if not np.isfinite(AT).all():
                return None  # a view so far out that x² overflows
            self._grid = (gkey, xs, ys, AT)
        _, xs, ys, AT = self._grid
        gd = self.gd
        rgb, boundary, lines = class_map(AT, self.shown_weights(), gd.decomposition, xs, ys, models)
        dx, dy = (x1 - x0) / (MAP_SIZE - 1), (y1 - y0) / (MAP_SIZE - 1)
        rect = (x0 - dx / 2, y0 - dy / 2, x1 - x0 + dx, y1 - y0 + dy)
        return MapFrame((self.frame_key(), view, models), rgb, rect, boundary, lines)

    def curves_frame(self) -> CurvesFrame:
        gd = self.gd
        hist = gd.history()
        n = hist.shape[0]
        idx = decimate(n)
        it = np.arange(n, dtype=np.float64) if isinstance(idx, slice) else idx.astype(np.float64)
        h = hist[idx]
        test = bool(self.mask.any())
        ref = self._ref
        has_ref = ref is not None and not ref.separable and math.isfinite(self._ref_loss)
        return CurvesFrame(it, h[:, 0], h[:, 1], h[:, 2] if test else None, h[:, 3] if test else None,
                           gd.iteration, gd.history_length - 1, self._ref_loss if has_ref else None)

    # ---- the exact answer, shown instead of the descent's state
    def exact_weights(self) -> np.ndarray | None:
        """Newton's optimum W* (d+1, outputs) for the run's data and objective (L2 as set), or
        None: not computed yet, failed, or no finite optimum (separable classes, no L2)."""
        ref = self._ref
        if ref is None or ref.separable:
            return None
        return ref.weights.copy()

    @property
    def showing_exact(self) -> bool:
        """True while the map, the numbers and the formulas show the exact answer. It is shown
        over the descent, never written into its history: the run's state is what it was, and
        any change of it (a step, a step back, the timeline, Reset, new settings or data) shows
        the descent again, going on from where it was."""
        return self._exact_over is not None and self._exact_over == self._run_key() and self._ref is not None \
            and not self._ref.separable

    def show_exact(self, shown: bool) -> bool:
        """Show the exact answer (True) or the descent again (False); False when there is no
        exact answer to show (nothing changed)."""
        if shown and self.exact_weights() is None:
            return False
        self._exact_over = self._run_key() if shown else None
        return True

    def shown_weights(self) -> np.ndarray:
        """The weights on screen: the descent's at its cursor, or the exact answer's."""
        W = self.exact_weights() if self.showing_exact else None
        return W if W is not None else self.gd.weights

    def formula_frame(self) -> FormulaFrame:
        """The numbers of the update rule at the model shown: the step LogisticGD takes from its
        state at the cursor (its next state is step.next_weights), or the same arithmetic at
        the exact answer."""
        gd = self.gd
        dec = gd.decomposition
        exact = self.showing_exact
        W = self.shown_weights()
        with np.errstate(over="ignore", invalid="ignore"):
            step = step_numbers(gd.objective, W, gd.config.lr) if exact else descent_step_numbers(gd)
        m = tuple(int(v) for v in (dec.counts if dec.kind != "softmax" else [gd.objective.A.shape[0]]))
        return FormulaFrame(gd.iteration, exact, dec.kind, dec.k, dec.models, gd.config.poly, m, gd.config.l2_C,
                            step, self.exact_weights())
