"""The Linear Regression lab's state: every user choice, the user's own points, and where
the run is. Qt-free (tests/test_architecture.py checks).

The run is not stored, only how to compute it again: its start, its settings, the settings
earlier parts of it ran with (`schedule`, see core.descent.DescentRun.schedule), how far it
was computed and the iteration shown. The descent is deterministic, so the lab replays it
(`LinearController.restore`) and shows the very numbers that were on screen.

Version 2 added the update rule (optimizer, batch_size, momentum, beta1, beta2, eps,
shuffle_seed; see gui.labs.optimizer_state): a version-1 state is plain gradient descent.
The whole run uses the state's rule (a new rule starts a run again), so `schedule` holds
only the rates, caps and tolerances.

Version 3 added the optimizer race (`race`, `race_rules`: a row per rule, RACE_COLUMNS; empty:
each rule's default, `default_race_rows`): a version-2 state has no race.

Adding a migration: raise VERSION to 4, write `_v2_to_v3(d: dict) -> dict` that turns a
version-2 dict (as `to_dict` wrote it) into a version-3 one (rename or convert keys; a new
field needs nothing, it takes its default), and register it in MIGRATIONS. Keep every old
migration: a file of version 1 then goes 1 → 2 → 3.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import ClassVar, Mapping

import numpy as np

from core.linreg import MAX_ITERS, MAX_POINTS, SEED_PRESET, GDConfig, LinearGD, Points, make_points, synthetic_points
from core.tabular import ColumnChoice
from core.optim import MAX_BATCH, OPTIMIZERS, OptimConfig
from gui.labs.optimizer_state import MAX_DECAY, MAX_SHUFFLE_SEED, optim_config, to_v2
from gui.state import LabState, Migration, Table, choice, flag, integer, number, numbers, table, text

SOURCES = ("seed", "synthetic", "csv", "edited", "external")
# the points made by the generator (seed, synthetic) are made again; the others are stored
STORED_SOURCES = ("csv", "edited", "external")
START_LIMIT = 1e300  # a start must be finite; J at it is checked when the run is built
MAX_SCHEDULE = 100_000
SCHEDULE_COLUMNS = 6  # until, lr, intercept_lr_scale, standardize (0/1), max_iters, tol


RACE_COLUMNS = 9  # rule index (core.optim.OPTIMIZERS), ticked (0/1), lr, intercept rate ×, batch (0: all),
# momentum, β1, β2, ε (0: the rule's default)
# each rule's race entry by default (ticked, lr, intercept rate ×, batch): on the seed's data
# plain gradient descent needs the ×10000 intercept rate; the adaptive rules need none
RACE_DEFAULTS = {
    "gd": (1, 5e-5, 1e4, 0), "sgd": (0, 5e-5, 1e4, 32), "momentum": (1, 5e-6, 1e4, 0), "nesterov": (0, 5e-6, 1e4, 0),
    "adagrad": (0, 5.0, 1.0, 0), "rmsprop": (1, 0.05, 1.0, 0), "adam": (1, 0.5, 1.0, 0),
}


def default_race_rows() -> Table:
    """A race table with every rule at its defaults (torch's hyperparameters)."""
    rows = [(i, *RACE_DEFAULTS[name][:3], RACE_DEFAULTS[name][3], 0.9, 0.9, 0.999, 0.0)
            for i, name in enumerate(OPTIMIZERS)]
    return Table(np.array(rows, dtype=np.float64))


def race_optim(row: np.ndarray) -> OptimConfig:
    """The OptimConfig of a race row."""
    name = OPTIMIZERS[int(row[0])]
    batch = int(row[4]) if name != "gd" else 0
    return OptimConfig(name=name, lr=float(row[2]), momentum=float(row[5]), beta1=float(row[6]),
                       beta2=float(row[7]), eps=float(row[8]) if row[8] > 0 else None, batch_size=batch or None)


def race_configs(rows: Table, standardize: bool, max_iters: int, start: tuple[float, float]) -> list[GDConfig]:
    """The ticked racers' settings: their rule, rate and intercept rate, with the run's
    standardization, cap and start (no tolerance: each runs until it stops)."""
    out = []
    for row in rows.array:
        if row[1] > 0:
            opt = race_optim(row)
            out.append(GDConfig(lr=opt.lr, intercept_lr_scale=float(row[3]), standardize=standardize,
                                max_iters=max_iters, tol=0.0, start=start, optimizer=opt))
    return out


def _v2_to_v3(d: dict) -> dict:
    """Version 2 had no race: the new fields take their defaults (race off)."""
    out = dict(d)
    out["race"] = False
    return out


@dataclass(frozen=True)
class LinearState(LabState):
    """The Linear Regression lab: data, descent settings, the run's position, the view."""

    KEY: ClassVar[str] = "linear"
    VERSION: ClassVar[int] = 3
    MIGRATIONS: ClassVar[Mapping[int, Migration]] = {1: to_v2, 2: _v2_to_v3}

    # ---- data
    source: str = choice("seed", *SOURCES)
    # (x, y) of data not made by the generator (a file, hand edits, another lab); else empty
    points: Table = table(columns=2, max_rows=MAX_POINTS)
    csv_path: str = text("")  # where a file's points came from: information only
    csv_columns: tuple = numbers((), lo=0, hi=9_999, max_len=2, whole=True)  # its columns x, y
    csv_column_names: str = text("", max_len=2_000)  # their header names, one a line
    n: int = integer(SEED_PRESET.n, 2, 100_000)
    slope: float = number(SEED_PRESET.slope, -5.0, 5.0)
    intercept: float = number(SEED_PRESET.intercept, -200.0, 200.0)
    noise: float = number(SEED_PRESET.noise, 0.0, 50.0)
    seed: int = integer(SEED_PRESET.seed, 0, 999_999)
    # ---- gradient descent
    lr: float = number(SEED_PRESET.config.lr, 1e-8, 10.0)
    intercept_lr_scale: float = number(SEED_PRESET.config.intercept_lr_scale, 1.0, 1e5)
    standardize: bool = flag(False)
    max_iters: int = integer(SEED_PRESET.config.max_iters, 1, MAX_ITERS)
    tol_enabled: bool = flag(False)
    tol: float = number(1e-12, 1e-16, 1e-2)
    start_b: float = number(1.0, -START_LIMIT, START_LIMIT)
    start_k: float = number(1.0, -START_LIMIT, START_LIMIT)
    # ---- the update rule (core.optim): plain gradient descent unless another is chosen
    optimizer: str = choice("gd", *OPTIMIZERS)
    batch_size: int = integer(0, 0, MAX_BATCH)  # 0: the full batch
    momentum: float = number(0.9, 0.0, MAX_DECAY)
    beta1: float = number(0.9, 0.0, MAX_DECAY)
    beta2: float = number(0.999, 0.0, MAX_DECAY)
    eps: float | None = number(None, 1e-300, 1.0, optional=True)  # None: the rule's default
    shuffle_seed: int = integer(0, 0, MAX_SHUFFLE_SEED)  # the mini-batches' shuffles
    # ---- the optimizer race: on or off, and each rule's row (RACE_COLUMNS; empty: the defaults)
    race: bool = flag(False)
    race_rules: Table = table(columns=RACE_COLUMNS, max_rows=len(OPTIMIZERS))
    # ---- the run: earlier settings (rows of SCHEDULE_COLUMNS), iterations computed, shown
    schedule: Table = table(columns=SCHEDULE_COLUMNS, max_rows=MAX_SCHEDULE)
    computed: int = integer(0, 0, MAX_ITERS)
    iteration: int = integer(0, 0, MAX_ITERS)
    # ---- the view
    surface_view: tuple = numbers((), lo=-1e300, hi=1e300, max_len=4)  # (b0, b1, k0, k1) zoomed to; () fitted
    speed: float = number(200.0, 1.0, 1e6)

    def config(self) -> GDConfig:
        """The descent's current settings."""
        return GDConfig(lr=self.lr, intercept_lr_scale=self.intercept_lr_scale, standardize=self.standardize,
                        max_iters=self.max_iters, tol=self.tol if self.tol_enabled else 0.0,
                        start=(self.start_b, self.start_k), optimizer=self.optim())

    def optim(self) -> OptimConfig:
        """The update rule these fields describe (at the state's rate)."""
        return optim_config(self)

    def race_table(self) -> Table:
        """The race's rows, every rule (the defaults where the state has none)."""
        return self.race_rules if len(self.race_rules) == len(OPTIMIZERS) else default_race_rows()

    def race_configs(self) -> list[GDConfig]:
        """The ticked racers' settings (see race_configs)."""
        return race_configs(self.race_table(), self.standardize, self.max_iters, (self.start_b, self.start_k))

    def column_choice(self) -> ColumnChoice | None:
        """The file columns the points came from, for the source line (None: not from a file)."""
        if self.source != "csv" or len(self.csv_columns) != 2:
            return None
        names = tuple(self.csv_column_names.split("\n")) if self.csv_column_names else ("", "")
        if len(names) != 2:
            names = ("", "")
        return ColumnChoice(tuple(int(i) for i in self.csv_columns), names, False)

    def run_schedule(self) -> list[tuple[int, GDConfig]]:
        """`schedule` as (until, GDConfig) pairs for DescentRun.replay."""
        start = (self.start_b, self.start_k)
        optimizer = self.optim()
        return [(int(r[0]), GDConfig(lr=float(r[1]), intercept_lr_scale=float(r[2]), standardize=bool(r[3]),
                                     max_iters=int(r[4]), tol=float(r[5]), start=start, optimizer=optimizer))
                for r in self.schedule.array]


    def data(self) -> tuple[Points, str]:
        """The points this state describes and their source: stored ones as they are, the
        seed's or the generator's made again (a stored source without points: the generator)."""
        if self.source in STORED_SOURCES and len(self.points) >= 2:
            points = replace(make_points(self.points.column(0), self.points.column(1)),
                             columns=self.column_choice())
            return points, self.source
        if self.source == "seed":
            return SEED_PRESET.points(), "seed"
        return synthetic_points(self.n, self.slope, self.intercept, self.noise, self.seed), "synthetic"

    def build_run(self, points: Points | None = None) -> LinearGD:
        """The run this state describes, recomputed to its iteration (LabError when the
        learner refuses it: a start too far, say)."""
        gd = LinearGD(points if points is not None else self.data()[0], self.config())
        gd.replay(self.run_schedule(), self.config(), self.computed, self.iteration)
        return gd


def schedule_table(schedule: tuple[tuple[int, GDConfig], ...]) -> Table:
    """A run's schedule (core.descent.DescentRun.schedule) as the state's table."""
    rows = [(until, c.lr, c.intercept_lr_scale, float(c.standardize), c.max_iters, c.tol) for until, c in schedule]
    return Table(np.array(rows, dtype=np.float64).reshape(-1, SCHEDULE_COLUMNS))
