"""The Linear Regression lab's controller: the data, the run on it, and the work around them.

It owns the points and their descent (core.linreg.LinearGD), prepared with what the screen
needs of them (prepare_run: the exact answer, the stability numbers, the points drawn); the
requests for new data (prepared here for small data, on the lab's TaskRunner for big data:
the latest request wins and the old run stays until the new one is in); restoring a saved
run (replayed on the TaskRunner when it is long); and the run's settings and start. It hands
out frames (small frozen snapshots of what to draw); it builds no widget and says no
sentence: the panel turns its events and errors into words.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, replace

import numpy as np
from PySide6.QtCore import QObject, Signal, Slot

from core.descent import StopReason
from core.errors import ConfigError
from core.linreg import (
    SEED_PRESET,
    GDConfig,
    LeastSquares,
    LinearGD,
    Points,
    RuleStep,
    Stability,
    Valley,
    gradient_of,
    least_squares,
    make_points,
    synthetic_points,
)
from core.optim import OptimConfig
from core.race import RACE_TOL, Race, Standing
from gui.labs.linear.state import RACE_COLUMNS, STORED_SOURCES, LinearState, default_race_rows, race_configs, schedule_table
from gui.labs.optimizer_state import optimizer_fields
from gui.state import Table
from gui.tasks import Policy, TaskRunner
from gui.widgets.plot_tools import decimate
from gui.widgets.points_view import drawn_sample

ASYNC_POINTS = 200_000  # data this large is prepared on a worker (1M points took ~0.7 s)
ASYNC_REPLAY = 200_000  # a restored run this many iterations long is replayed on a worker (2M: ~3 s)
MAX_DRAWN = 20_000  # points drawn at most (a random sample, said so); every point is fitted
SURFACE_GRID = 160
RACE_POINTS = 400  # points of each racer's path and loss curve drawn at most (several are drawn each frame)
SURFACE_BANDS = 24  # colour bands of the surface, spread over SURFACE_DECADES of J − J*
SURFACE_DECADES = 7

Span = tuple[float, float]
ViewRange = tuple[Span, Span]
Curve = tuple[np.ndarray, np.ndarray]


@dataclass(frozen=True)
class PreparedRun:
    """Everything a data set needs on screen, computed before anything is shown: installing
    it cannot fail half-way (a failure while computing it leaves the lab as it was)."""

    points: Points
    gd: LinearGD
    ols: LeastSquares
    stab: Stability
    valley: Valley
    source: str
    csv_path: str
    ols_xy: Curve  # the exact line across the data, finite
    drawn: np.ndarray  # the indices of the points drawn (all, or a sample)


@dataclass(frozen=True, eq=False)
class Request:
    """New data and how its run begins: from `config` as it is (no `starts`), or going on
    from the first of `starts` where J is finite on the new data. `reset`: a new data set
    (the data plot re-fits to it), not an edit of the one shown."""

    points: Points
    source: str
    path: str
    config: GDConfig
    starts: tuple[tuple[float, float], ...]
    reset: bool

    def args(self) -> tuple:
        return (self.points, self.source, self.path, self.config, self.starts)


@dataclass(frozen=True, eq=False)
class PointsFrame:
    """The points drawn (all, or a sample of big data) and the exact line across them."""

    x: np.ndarray
    y: np.ndarray
    ols: Curve


@dataclass(frozen=True, eq=False)
class RunFrame:
    """The run at its cursor: one animation frame. Surface items are in the run's coordinates
    (θ′ on standardized x), only finite values; the loss curves are log10 values."""

    line: Curve | None  # the current line across the data (None: not finite)
    path: Curve  # decimated
    start: Span
    optimum: Span
    current: Span
    loss: Curve  # (iterations, log10 J) where J > 0
    excess: Curve  # (iterations, log10 (J − J*)) where it is > 0
    log_jstar: float | None  # None: J* = 0, no line on a log axis
    span: Span | None  # the smallest and largest finite, positive J and J − J* (None: none)
    count: int  # the states up to the cursor
    iteration: int
    last: int


@dataclass(frozen=True, eq=False)
class RacerFrame:
    """One racer at the race's iteration: its path (run's coordinates, decimated, finite),
    its point, its loss curve (iterations, log10 J) and its standing."""

    rule: str
    path: Curve
    current: Span
    loss: Curve
    standing: Standing | None  # None: not asked for (the readout is refreshed a few times a second)


@dataclass(frozen=True, eq=False)
class RaceFrame:
    """Every racer at the race's iteration, and the tolerance they arrive within."""

    iteration: int
    tol: float
    racers: tuple[RacerFrame, ...]


@dataclass(frozen=True)
class FormulaFrame:
    """The descent's arithmetic at the cursor, as the learner does it (core.linreg.LinearGD):
    in the run's coordinates (θ′ on standardized x, with mu and sigma; else θ = (b, k)).
    The rates are α·s for θ0 (s: the intercept's rate factor) and α for θ1."""

    iteration: int
    m: int  # the number of points
    standardize: bool
    mu: float
    sigma: float
    theta: Span  # (θ0, θ1) at the cursor
    loss: float  # J at the cursor (the learner's own value)
    mse: float  # the seed's printed loss, mean((h − y)²) = 2·J
    grad: Span  # (∂J/∂θ0, ∂J/∂θ1)
    lr: float  # α
    scale: float  # s
    rates: Span  # (α·s, α)
    steps: Span  # (α·s·∂J/∂θ0, α·∂J/∂θ1)
    next_theta: Span  # θ − steps: the next iteration's θ
    next_line: Span  # the next θ as (intercept b, slope k) in the data's units
    rule_step: RuleStep | None = None  # another rule than plain gradient descent: its real next step


@dataclass(frozen=True)
class StepFrame:
    """The gradient step at the cursor, for the surface's arrow and last-step segment, the
    residuals and the formula pane's last-step line: θ in the run's coordinates (θ′ on
    standardized x), the line in the data's units."""

    iteration: int
    current: Span  # θ at the cursor
    grad: Span  # ∇J at the cursor: the arrow points along −grad
    previous: Span | None  # θ one iteration earlier (None at iteration 0)
    prev_grad: Span | None  # ∇J there: the gradient the step just taken followed
    line: Span  # the current line as (intercept b, slope k) in the data's units
    at_optimum: bool = False  # J − J* is round-off (no downhill: the arrow is hidden)


@dataclass(frozen=True)
class BandScale:
    """How surface_bands maps J − J* to a colour level t in [0, 1]:
    t = floor((log10(J − J* + floor) − log_lo) / (log_hi − log_lo) · bands) / bands."""

    log_lo: float
    log_hi: float
    floor: float
    bands: int = 0  # set by band_scale to SURFACE_BANDS

    def level(self, excess: float) -> float:
        """The colour level of a value of J − J* (as the image has it)."""
        if not self.log_hi > self.log_lo:
            return 0.0
        t = (math.log10(max(excess, 0.0) + self.floor) - self.log_lo) / (self.log_hi - self.log_lo)
        return math.floor(t * self.bands) / self.bands

    def position(self, excess: float) -> float:
        """Where a value of J − J* sits on the colour bar: log10(J − J* + floor)."""
        return math.log10(max(excess, 0.0) + self.floor)


@dataclass(frozen=True, eq=False)
class SurfaceFrame:
    """J − J* over a view as colour bands in [0, 1] (intercepts on axis 0), and the rect
    (x, y, width, height) the image covers (None: not finite, the image keeps its place);
    scale: the mapping from J − J* to the bands (None: nothing finite to map)."""

    image: np.ndarray
    rect: tuple[float, float, float, float] | None
    scale: BandScale | None = None


def prepare_run(points: Points, source: str, path: str, config: GDConfig,
                starts: tuple[tuple[float, float], ...] = ()) -> PreparedRun:
    """A data set ready for the screen, a function of immutable inputs (it runs on a worker
    for big data). Raises LabError, or anything else that goes wrong, with nothing shown."""
    if not starts:
        gd = LinearGD(points, config)
    else:
        gd = _continued_run(points, config, starts)
    ols = least_squares(points)
    x0, x1 = float(points.x.min()), float(points.x.max())
    xs = np.array([x0 - 0.05 * (x1 - x0), x1 + 0.05 * (x1 - x0)])
    with np.errstate(over="ignore", invalid="ignore"):
        ys = ols.intercept + ols.slope * xs
    if not (np.isfinite(xs).all() and np.isfinite(ys).all()):
        xs, ys = np.empty(0), np.empty(0)
    return PreparedRun(points, gd, ols, gd.stability(), gd.valley(), source, path, (xs, ys),
                       drawn_sample(points.n, MAX_DRAWN))


def _continued_run(points: Points, config: GDConfig, starts: tuple[tuple[float, float], ...]) -> LinearGD:
    """A run on new data that begins at the first start where its loss is finite: the current
    line (iteration 0 is now), the configured start, (0, 0). Its start is where it really
    begins: the Start row and Reset tell the truth."""
    for start in starts:
        try:
            return LinearGD(points, replace(config, start=start))
        except ConfigError:
            continue
    raise ConfigError("start_too_far", {"start": starts[0]})


def _prepare_job(rid: int, args: tuple) -> tuple:
    """prepare_run on a worker, tagged with its request, failures returned (not raised) so a
    superseded request's failure can be told from the latest one's."""
    try:
        return rid, prepare_run(*args), None
    except Exception as exc:  # noqa: BLE001 — every failure reaches the lab, which says why
        return rid, None, exc


def _replay_job(rid: int, points: Points, config: GDConfig, schedule: list, computed: int, iteration: int) -> tuple:
    """A saved run recomputed to its iteration on a worker (a run of its own: the one on
    screen is drawn meanwhile)."""
    try:
        gd = LinearGD(points, config)
        gd.replay(schedule, config, computed, iteration)
        return rid, gd, None
    except Exception as exc:  # noqa: BLE001
        return rid, None, exc


def finite_span(values: np.ndarray) -> Span | None:
    """(min, max) of the finite values, or None when there are none."""
    v = np.asarray(values, dtype=np.float64)
    v = v[np.isfinite(v)]
    if v.size == 0:
        return None
    return float(v.min()), float(v.max())


def padded(lo: float, hi: float, natural: float, pad: float = 0.08) -> Span:
    """[lo, hi] widened by `pad` of its width, or to ±natural around its middle when it has
    (almost) no width: a range a view box can show, always finite."""
    width = hi - lo
    floor = max(1e-9 * max(abs(lo), abs(hi)), 1e-300)
    if not math.isfinite(width) or width <= floor:
        mid = 0.5 * lo + 0.5 * hi
        half = natural if math.isfinite(natural) and natural > floor else max(abs(mid), 1.0) * 0.5
        return mid - half, mid + half
    return lo - pad * width, hi + pad * width


def surface_bands(excess: np.ndarray) -> np.ndarray:
    """J − J* on a grid as colour bands in [0, 1]: log10, SURFACE_BANDS bands over the top
    SURFACE_DECADES decades of what is finite. Where J − J* overflows (part of a zoomed-out
    view), the band is the top one; it used to turn the whole image one flat colour."""
    ex = np.asarray(excess, dtype=np.float64)
    finite = np.isfinite(ex)
    img = np.ones(ex.shape)
    if not finite.any():
        return img
    top = float(np.max(ex[finite]))
    floor = max(top * 10.0 ** -SURFACE_DECADES, 1e-300)
    with np.errstate(all="ignore"):
        logs = np.log10(np.maximum(ex[finite], 0.0) + floor)
    lo, hi = float(logs.min()), float(logs.max())
    if hi > lo:
        img[finite] = np.floor((logs - lo) / (hi - lo) * SURFACE_BANDS) / SURFACE_BANDS
    else:
        img[finite] = 0.0
    return img


def band_scale(excess: np.ndarray) -> BandScale | None:
    """The mapping surface_bands applies to this grid of J − J* (None: nothing finite)."""
    ex = np.asarray(excess, dtype=np.float64)
    finite = np.isfinite(ex)
    if not finite.any():
        return None
    top = float(np.max(ex[finite]))
    floor = max(top * 10.0 ** -SURFACE_DECADES, 1e-300)
    with np.errstate(all="ignore"):
        logs = np.log10(np.maximum(ex[finite], 0.0) + floor)
    return BandScale(float(logs.min()), float(logs.max()), floor, SURFACE_BANDS)


class LinearController(QObject):
    """The data on screen and its run, the requests for new data, a saved run's replay."""

    run_replaced = Signal(bool)  # a new run is installed; True: a new data set (not an edit)
    preparing = Signal(int)  # a run for this many points is being prepared on a worker
    prepared = Signal(object)  # the PreparedRun a worker made is installed (after run_replaced)
    prepare_failed = Signal(object, object)  # (exception, Request): the latest request failed
    replaying = Signal(int)  # a restored run is recomputed to this many iterations on a worker
    replayed = Signal()  # ... and is on screen at its saved iteration
    replay_failed = Signal(object)  # the exception that replay failed with (the run stays at its start)

    def __init__(self, tasks: TaskRunner | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.tasks = tasks if tasks is not None else TaskRunner(self, label="linear")
        self.async_points = ASYNC_POINTS
        self.async_replay = ASYNC_REPLAY
        self._requests = itertools.count(1)
        self._pending: tuple[int, Request, GDConfig] | None = None  # (id, request, the settings then)
        self._replay: tuple[int, LinearGD, LinearState] | None = None  # (id, the run at its start, the state)
        self._table_of: tuple[Points, Table] | None = None
        self._serial = 0
        self._race_table = Table((), RACE_COLUMNS)  # the race's rows as the state keeps them (empty: defaults)
        self._racing = False
        self._race: tuple[tuple, Race] | None = None  # (what it was built for, the race)
        self._run = prepare_run(SEED_PRESET.points(), "seed", "", SEED_PRESET.config)

    # ---- what is on screen
    @property
    def run(self) -> PreparedRun:
        return self._run

    @property
    def gd(self) -> LinearGD:
        return self._run.gd

    @property
    def points(self) -> Points:
        return self._run.points

    @property
    def ols(self) -> LeastSquares:
        return self._run.ols

    @property
    def stab(self) -> Stability:
        return self._run.stab

    @property
    def valley(self) -> Valley:
        return self._run.valley

    @property
    def source(self) -> str:
        return self._run.source

    @property
    def csv_path(self) -> str:
        return self._run.csv_path

    @property
    def drawn(self) -> np.ndarray:
        """The indices of the points drawn (all, or a sample of big data)."""
        return self._run.drawn

    @property
    def serial(self) -> int:
        """Names the run on screen (a new one for every install)."""
        return self._serial

    def points_table(self) -> Table:
        """The points as the state stores them (made once per data set: the state is asked often)."""
        points = self.points
        if self._table_of is None or self._table_of[0] is not points:
            self._table_of = (points, Table(np.column_stack([points.x, points.y])))
        return self._table_of[1]

    def position(self) -> tuple[Table, int, int]:
        """The run's schedule, iterations computed and iteration shown, as the state keeps them
        (a run being replayed: those it is replayed to)."""
        if self._replay is not None:
            st = self._replay[2]
            return st.schedule, st.computed, st.iteration
        gd = self.gd
        return schedule_table(gd.schedule), gd.history_length - 1, gd.iteration

    def state(self, n: int, slope: float, intercept: float, noise: float, seed: int, tol: float,
              surface_view: tuple[float, ...] = (), speed: float = 200.0) -> LinearState:
        """What is on screen as a state: the data, the run's settings and position, with the
        choices the run does not hold (the generator's settings, the tolerance shown while it
        is off, the surface's zoom, the speed). Cheap: no point is copied but once per data set."""
        cfg = self.gd.config
        choice = self.points.columns if self.source == "csv" else None
        schedule, computed, iteration = self.position()
        return LinearState(
            source=self.source,
            points=self.points_table() if self.source in STORED_SOURCES else Table((), 2),
            csv_path=self.csv_path,
            csv_columns=tuple(choice.indices) if choice is not None else (),
            csv_column_names="\n".join(choice.names) if choice is not None else "",
            n=n, slope=slope, intercept=intercept, noise=noise, seed=seed,
            lr=cfg.lr, intercept_lr_scale=cfg.intercept_lr_scale, standardize=cfg.standardize,
            max_iters=int(cfg.max_iters), tol_enabled=cfg.tol > 0, tol=cfg.tol if cfg.tol > 0 else tol,
            start_b=float(cfg.start[0]), start_k=float(cfg.start[1]),
            schedule=schedule, computed=computed, iteration=iteration,
            surface_view=surface_view, speed=speed, **optimizer_fields(cfg.optimizer),
            race=self._racing, race_rules=self._race_table,
        )

    # ---- new data
    def is_computing(self) -> bool:
        """True while new data is being prepared on a worker (the old run stays on screen)."""
        return self._pending is not None

    def is_replaying(self) -> bool:
        """True while a restored run is recomputed on a worker (it is shown at its start)."""
        return self._replay is not None

    def request(self, req: Request) -> bool | None:
        """Prepare a run and install it: here for small data (True; LabError, with nothing
        changed, when the data or the learner refuse it), on the TaskRunner for big data
        (None; `preparing` now, then `run_replaced` and `prepared`, or `prepare_failed`)."""
        if req.points.n < self.async_points:
            run = prepare_run(*req.args())
            self._pending = None
            self.install(run, req.reset)
            return True
        rid = next(self._requests)
        self._pending = (rid, req, self.gd.config)
        self.preparing.emit(req.points.n)
        self.tasks.submit("prepare", _prepare_job, rid, req.args(), on_result=self._on_prepare_returned,
                          policy=Policy.AFTER)
        return None

    def new_data(self, points: Points, source: str, path: str | None = None,
                 config: GDConfig | None = None) -> bool | None:
        """A new data set: its run starts afresh from `config` (the current settings by default)."""
        return self.request(Request(points, source, self.csv_path if path is None else path,
                                    config or self.gd.config, (), True))

    def changed_data(self, points: Points, source: str) -> bool | None:
        """The data changed (edits, the generator): the run goes on from the current line."""
        gd = self.gd
        starts = ((gd.intercept, gd.slope), gd.config.start, (0.0, 0.0))
        return self.request(Request(points, source, self.csv_path, gd.config, starts, False))

    def set_points(self, x: object, y: object, source: str) -> bool | None:
        """Outside data (another lab's): a new data set (DataError when it is not one)."""
        return self.new_data(make_points(x, y), source)

    def generate(self, n: int, slope: float, intercept: float, noise: float, seed: int) -> bool | None:
        """The generator's points for these settings (DataError when it refuses them)."""
        return self.changed_data(synthetic_points(n, slope, intercept, noise, seed), "synthetic")

    def seed_preset(self) -> bool | None:
        """The seed's data and settings."""
        return self.new_data(SEED_PRESET.points(), "seed", config=SEED_PRESET.config)

    def add_point(self, x: float, y: float) -> bool | None:
        p = self.points
        return self.changed_data(make_points(np.append(p.x, x), np.append(p.y, y)), "edited")

    def move_point(self, drawn_index: int, x: float, y: float) -> bool | None:
        """Move a drawn point (the plot may show a sample: its index there is not the data's)."""
        i = int(self.drawn[drawn_index])
        xs, ys = self.points.x.copy(), self.points.y.copy()
        xs[i], ys[i] = x, y
        return self.changed_data(make_points(xs, ys), "edited")

    def remove_point(self, drawn_index: int) -> bool | None:
        i = int(self.drawn[drawn_index])
        p = self.points
        return self.changed_data(make_points(np.delete(p.x, i), np.delete(p.y, i)), "edited")

    @Slot(object)
    def _on_prepare_returned(self, result: tuple) -> None:
        rid, run, exc = result
        if self._pending is None or rid != self._pending[0]:
            return  # a newer request is on its way: this one is not shown
        _, req, then = self._pending
        self._pending = None
        if exc is not None:
            self.prepare_failed.emit(exc, req)
            return
        run = self._with_settings_since(run, then, fresh=not req.starts)
        self.install(run, req.reset)
        self.prepared.emit(run)

    def _with_settings_since(self, run: PreparedRun, then: GDConfig, fresh: bool) -> PreparedRun:
        """The settings the user chose while the run was prepared apply to it as well (and
        their start, to a run that starts afresh, where J is finite there)."""
        now = self.gd.config
        if now == then:
            return run
        gd = run.gd
        try:
            gd.set_config(replace(now, start=gd.config.start))
            if fresh and now.start != then.start:
                gd.set_start(*now.start)
        except ConfigError:
            pass
        return replace(run, stab=gd.stability(), valley=gd.valley())

    def install(self, run: PreparedRun, reset: bool) -> None:
        """Show a prepared run: plain assignments, then `run_replaced`. A replay on its way is
        forgotten (its result is dropped)."""
        self._run = run
        self._replay = None
        self._serial += 1
        self.run_replaced.emit(reset)

    def cancel_pending(self) -> None:
        """Forget the data being prepared: its result is dropped when it comes."""
        self._pending = None

    # ---- a saved state
    def restore(self, state: LinearState) -> bool:
        """Show a saved state's data and its run at the saved iteration (LabError, with nothing
        changed, when refused). A short run is replayed here (True); a long one is shown at
        its start and replayed on the TaskRunner (False; `replaying` now, then `replayed`)."""
        points, source = state.data()
        config = state.config()
        run = prepare_run(points, source, state.csv_path, config)
        if state.race:
            Race(points, state.race_configs())  # a refused racer refuses the state, with nothing changed
        self._race_table, self._racing = state.race_rules, state.race
        self._pending = None
        if state.computed < self.async_replay:
            run.gd.replay(state.run_schedule(), config, state.computed, state.iteration)
            self.install(run, True)
            return True
        self.install(run, True)
        rid = next(self._requests)
        self._replay = (rid, run.gd, state)
        self.replaying.emit(state.computed)
        self.tasks.submit("replay", _replay_job, rid, points, config, state.run_schedule(), state.computed,
                          state.iteration, on_result=self._on_replay_returned, policy=Policy.AFTER)
        return False

    @Slot(object)
    def _on_replay_returned(self, result: tuple) -> None:
        rid, gd, exc = result
        if self._replay is None or rid != self._replay[0]:
            return  # other data, settings or a start came since: the user's change wins
        _, start, _ = self._replay
        self._replay = None
        if start is not self.gd or start.history_length > 1:
            return
        if exc is not None:
            self.replay_failed.emit(exc)
            return
        self._run = replace(self._run, gd=gd, stab=gd.stability(), valley=gd.valley())
        self.replayed.emit()

    # ---- the run's settings and start
    def set_config(self, config: GDConfig) -> bool:
        """New settings for the run on screen (LabError: refused, nothing changed). True when
        the coordinates the descent runs in changed (x standardized, or no longer)."""
        gd = self.gd
        standardized = gd.config.standardize
        gd.set_config(config)
        self._replay = None
        self._run = replace(self._run, stab=gd.stability(), valley=gd.valley())
        return gd.config.standardize != standardized

    def settings(self, lr: float, intercept_lr_scale: float, standardize: bool, max_iters: int,
                 tol: float, optimizer: OptimConfig | None = None) -> GDConfig:
        """The settings the controls show, from the run's own start (optimizer: the update
        rule; None keeps the run's)."""
        return GDConfig(lr=lr, intercept_lr_scale=intercept_lr_scale, standardize=standardize,
                        max_iters=max_iters, tol=tol, start=self.gd.config.start,
                        optimizer=optimizer if optimizer is not None else self.gd.config.optimizer)

    def choose_start(self, c0: float, c1: float) -> None:
        """Start again from (c0, c1) in the run's coordinates (a click on the loss surface);
        ConfigError, with nothing changed, where J overflows."""
        b, k = self.gd.from_internal(c0, c1)
        self.gd.set_start(float(b), float(k))
        self._replay = None

    # ---- the optimizer race
    def set_race(self, on: bool, rows: Table | None = None) -> None:
        """Race the ticked rows (state.LinearState.race_rules; None: those kept) from the
        run's start on its data, or not (on False). LabError, with the race as it was, when
        a row is refused."""
        table = self._race_table if rows is None else rows
        if table == default_race_rows():
            table = Table((), RACE_COLUMNS)  # the defaults: the state keeps none
        if on:
            self._build_race(self._full(table))  # raises before anything changes
        self._race_table, self._racing = table, on

    @staticmethod
    def _full(table: Table) -> Table:
        return table if len(table) == len(default_race_rows()) else default_race_rows()

    def race_rows(self) -> Table:
        """The race's rows (every rule; the defaults when none were set)."""
        return self._full(self._race_table)

    def racing(self) -> bool:
        return self._racing

    def _race_key(self, rows: Table) -> tuple:
        cfg = self.gd.config
        return (self.points, cfg.standardize, cfg.max_iters, cfg.start, rows)

    def _build_race(self, rows: Table) -> Race:
        cfg = self.gd.config
        return Race(self.points, race_configs(rows, cfg.standardize, cfg.max_iters, cfg.start))

    @property
    def race(self) -> Race | None:
        """The race at the run's iteration (made again when the data, the start or the
        settings the racers share changed), or None when there is none."""
        if not self._racing:
            return None
        rows = self.race_rows()
        key = self._race_key(rows)
        if self._race is None or self._race[0] != key:
            self._race = (key, self._build_race(rows))
        return self._race[1]

    def race_frame(self, standings: bool = True) -> RaceFrame | None:
        """The racers at the race's iteration (standings: with the readout's numbers, which
        search each racer's history)."""
        race = self.race
        if race is None:
            return None
        racers = []
        table: list[Standing | None] = list(race.standings()) if standings else [None] * len(race.runs)
        for run, standing in zip(race.runs, table):
            b, k, losses = run.history()
            idx = decimate(b.shape[0], RACE_POINTS)
            c0, c1 = run.to_internal(b[idx], k[idx])
            ok = np.isfinite(c0) & np.isfinite(c1)
            lv = losses[idx]
            it = np.arange(b.shape[0], dtype=np.float64) if isinstance(idx, slice) else idx.astype(np.float64)
            pos = lv > 0
            racers.append(RacerFrame(run.config.optimizer.name, (c0[ok], c1[ok]), run.internal_theta,
                                     (it[pos], np.log10(lv[pos])), standing))
        return RaceFrame(race.iteration, race.tol, tuple(racers))

    # ---- frames
    def points_frame(self) -> PointsFrame:
        run = self._run
        return PointsFrame(run.points.x[run.drawn], run.points.y[run.drawn], run.ols_xy)

    def run_frame(self) -> RunFrame:
        gd, ols = self.gd, self.ols
        b, k, losses = gd.history()
        n = b.shape[0]
        idx = decimate(n)
        x0, x1 = float(self.points.x.min()), float(self.points.x.max())
        pad = 0.05 * (x1 - x0)
        xs = np.array([x0 - pad, x1 + pad])
        with np.errstate(over="ignore", invalid="ignore"):
            ys = gd.intercept + gd.slope * xs
        c0, c1 = gd.to_internal(b[idx], k[idx])
        ok = np.isfinite(c0) & np.isfinite(c1)
        it = np.arange(n, dtype=np.float64) if isinstance(idx, slice) else idx.astype(np.float64)
        lv = losses[idx]
        pos = lv > 0
        excess = lv - ols.loss
        pos_excess = excess > 0
        values = np.concatenate([lv[pos], excess[pos_excess]])
        values = values[np.isfinite(values) & (values > 0)]
        return RunFrame(
            line=(xs, ys) if np.isfinite(ys).all() else None,
            path=(c0, c1) if ok.all() else (c0[ok], c1[ok]),
            start=gd.to_internal(float(b[0]), float(k[0])),
            optimum=gd.internal_optimum,
            current=gd.internal_theta,
            loss=(it[pos], np.log10(lv[pos])),
            excess=(it[pos_excess], np.log10(excess[pos_excess])),
            log_jstar=math.log10(ols.loss) if ols.loss > 0 else None,
            span=(float(values.min()), float(values.max())) if values.size else None,
            count=n,
            iteration=gd.iteration,
            last=gd.history_length - 1,
        )

    def formula_frame(self) -> FormulaFrame:
        """The numbers of the update rule at the cursor: the operations of LinearGD's step,
        in its order, from the state it resumes from (so its next iteration is next_theta)."""
        gd = self.gd
        cfg = gd.config
        c0, c1 = gd.internal_theta
        g0, g1 = gradient_of(gd.moments, c0, c1)
        lr0, lr1 = cfg.lr * cfg.intercept_lr_scale, cfg.lr
        with np.errstate(over="ignore", invalid="ignore"):
            s0, s1 = lr0 * g0, lr1 * g1
            n0, n1 = c0 - s0, c1 - s1
            nb, nk = gd.from_internal(n0, n1)
        mu, sigma = gd.to_internal(0.0, 1.0)  # (b + k·μ, k·σ) at b = 0, k = 1: (μ, σ), or (0, 1)
        return FormulaFrame(
            iteration=gd.iteration, m=gd.points.n, standardize=cfg.standardize, mu=float(mu), sigma=float(sigma),
            theta=(c0, c1), loss=gd.loss, mse=2.0 * gd.loss, grad=(g0, g1), lr=cfg.lr,
            scale=cfg.intercept_lr_scale, rates=(lr0, lr1), steps=(s0, s1), next_theta=(n0, n1),
            next_line=(float(nb), float(nk)),
            rule_step=gd.rule_step() if cfg.optimizer.name != "gd" else None,
        )

    def step_frame(self) -> StepFrame:
        """The gradient at the cursor and the step that led there (O(1): the arrow, the
        last-step segment and the residuals follow every frame)."""
        gd = self.gd
        m = gd.moments
        c0, c1 = gd.internal_theta
        with np.errstate(over="ignore", invalid="ignore"):
            grad = gradient_of(m, c0, c1)
        previous = prev_grad = None
        i = gd.iteration
        if i > 0:
            b, k, _ = gd.history()
            previous = gd.to_internal(float(b[i - 1]), float(k[i - 1]))
            with np.errstate(over="ignore", invalid="ignore"):
                prev_grad = gradient_of(m, *previous)
        jstar = self.ols.loss
        at_optimum = gd.loss - jstar <= 1e-10 * max(abs(jstar), gd.loss, 1e-300)
        return StepFrame(i, (c0, c1), grad, previous, prev_grad, (gd.intercept, gd.slope), at_optimum)

    def jump_to_exact(self) -> None:
        """Start the run at the least-squares answer (θ exact): the run shown begins there,
        at iteration 0 (Reset comes back here; the earlier run is replaced, not altered)."""
        ols = self.ols
        self.gd.set_start(float(ols.intercept), float(ols.slope))
        self._replay = None

    def surface_frame(self, view: ViewRange) -> SurfaceFrame | None:
        """J − J* over `view` (None: a view that cannot be drawn, empty or not finite)."""
        (b0, b1), (k0, k1) = view
        if not all(math.isfinite(v) for v in (b0, b1, k0, k1)) or b1 <= b0 or k1 <= k0:
            return None
        bs = np.linspace(b0, b1, SURFACE_GRID)
        ks = np.linspace(k0, k1, SURFACE_GRID)
        excess = self.gd.excess_grid(bs, ks)
        image = surface_bands(excess)
        db = (b1 - b0) / (SURFACE_GRID - 1)
        dk = (k1 - k0) / (SURFACE_GRID - 1)
        rect = (b0 - db / 2, k0 - dk / 2, b1 - b0 + db, k1 - k0 + dk)
        return SurfaceFrame(image, rect if all(math.isfinite(v) for v in rect) else None, band_scale(excess))

    def surface_box(self) -> ViewRange | None:
        """The start, the path and the optimum, padded, in the run's coordinates."""
        gd = self.gd
        b, k, _ = gd.history()
        idx = decimate(b.shape[0])
        c0, c1 = gd.to_internal(b[idx], k[idx])
        o0, o1 = gd.internal_optimum
        race = self.race_frame(standings=False)
        if race is not None:  # the racers' paths too (they share the run's start and coordinates), but a
            # diverged one's, which would zoom out to its blow-up
            kept = [r for r, run in zip(race.racers, self.race.runs)  # type: ignore[union-attr]
                    if run.stop_reason is not StopReason.DIVERGED]
            c0 = np.concatenate([c0, *(r.path[0] for r in kept)])
            c1 = np.concatenate([c1, *(r.path[1] for r in kept)])
        span0 = finite_span(np.append(c0, o0))
        span1 = finite_span(np.append(c1, o1))
        if span0 is None or span1 is None:
            return None
        m = gd.moments
        # where J − J* grows by y's variance along each axis alone: a flat box's natural size
        with np.errstate(all="ignore"):
            n0 = math.sqrt(m.syy) if m.syy > 0 else 1.0
            n1 = math.sqrt(m.syy / m.sxx) if m.syy > 0 and m.sxx > 0 else 1.0
        return padded(*span0, n0), padded(*span1, n1)
