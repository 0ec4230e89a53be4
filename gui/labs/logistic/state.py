"""The Logistic Regression lab's state: every user choice, the user's own labelled points,
and where the run is. Qt-free (tests/test_architecture.py checks).

The run is not stored, only how to compute it again: the models' start (the config's, or
the weights edited data went on from), the settings, the earlier settings of the same run
(`schedule`, see core.descent.DescentRun.schedule), how far it was computed and the
iteration shown. The descent is deterministic: the lab replays it
(`gui.labs.logistic.controller.restore_run`) and shows the numbers that were on screen.

Version 2 added the update rule (optimizer, batch_size, momentum, beta1, beta2, eps,
shuffle_seed; see gui.labs.optimizer_state): a version-1 state is plain gradient descent.
The whole run uses the state's rule (a new rule starts a run again), so `schedule` holds
only the rates, caps and tolerances.

Adding a migration: raise VERSION to 3, write `_v2_to_v3(d: dict) -> dict` that turns a
version-2 dict (as `to_dict` wrote it) into a version-3 one (rename or convert keys; a new
field needs nothing, it takes its default), and register it in MIGRATIONS. Keep every old
migration: a file of version 1 then goes 1 → 2 → 3.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import ClassVar, Mapping

import numpy as np

from core import datasets2d as ds
from core.datasets2d import MAX_CLASSES, MAX_POINTS
from core.logreg import MAX_ITERS, STRATEGIES, LogisticGD, LogRegConfig
from core.tabular import ColumnChoice
from core.optim import MAX_BATCH, OPTIMIZERS, OptimConfig
from gui.labs.optimizer_state import MAX_DECAY, MAX_SHUFFLE_SEED, optim_config, to_v2
from gui.state import LabState, Migration, Table, choice, flag, integer, number, numbers, table, text

PRESETS = ("seed", "blobs", "circles", "moons", "xor", "spiral")
SOURCES = ("seed", "generated", "csv", "edited", "external")
# the points a preset made are made again; the others are stored
STORED_SOURCES = ("csv", "edited", "external")
POINT_COLUMNS = 4  # x1, x2, label (the file's own value), held out for testing (1) or not (0)
MAX_SCHEDULE = 100_000
SCHEDULE_COLUMNS = 4  # until, lr, max_iters, tol
# the most weights a run has: 6 rows (x1, x2, x1², x2², x1·x2, b) × 15 one-vs-one models
MAX_WEIGHTS = 6 * MAX_CLASSES * (MAX_CLASSES - 1) // 2
SEED_INIT = (1.0, 1.0, 1.0)  # the seed's start: w1 = w2 = b = 1


@dataclass(frozen=True)
class LogisticState(LabState):
    """The Logistic Regression lab: data, the models and descent, the run's position, the view."""

    KEY: ClassVar[str] = "logistic"
    VERSION: ClassVar[int] = 2
    MIGRATIONS: ClassVar[Mapping[int, Migration]] = {1: to_v2}

    # ---- data
    preset: str = choice("seed", *PRESETS)  # the generator the Data set box last chose
    source: str = choice("seed", *SOURCES)
    # rows (x1, x2, label, test) of data not made by a preset (a file, edits, another lab); else empty
    points: Table = table(columns=POINT_COLUMNS, max_rows=MAX_POINTS)
    csv_path: str = text("")  # where a file's points came from: information only
    csv_columns: tuple = numbers((), lo=0, hi=9_999, max_len=3, whole=True)  # its columns x1, x2, label
    csv_column_names: str = text("", max_len=3_000)  # their header names, one a line
    classes: int = integer(3, 2, MAX_CLASSES)  # the blobs' classes
    n: int = integer(300, 20, 100_000)
    spread: float = number(1.0, 0.0, 3.0)
    seed: int = integer(0, 0, 999_999)
    test_percent: int = integer(0, 0, 50)
    add_class: int = integer(0, 0, MAX_CLASSES)  # what a click adds: a class, or (= classes) a new one
    # ---- the models and the descent
    strategy: str = choice("ovr", *STRATEGIES)
    poly: bool = flag(False)
    l2: bool = flag(False)
    C: float = number(1.0, 1e-3, 1e3)
    lr: float = number(0.1, 1e-4, 100.0)
    max_iters: int = integer(3000, 1, MAX_ITERS)
    tol_enabled: bool = flag(False)
    tol: float = number(1e-10, 1e-16, 1e-2)
    seed_start: bool = flag(True)  # two classes, linear: start at w = (1, 1), b = 1
    # W of iteration 0, (features + 1) × models, row by row, when edited data went on from
    # the models it had; () when the run starts where the settings say
    start_weights: tuple = numbers((), lo=-1e300, hi=1e300, max_len=MAX_WEIGHTS)
    # ---- the update rule (core.optim): plain gradient descent unless another is chosen
    optimizer: str = choice("gd", *OPTIMIZERS)
    batch_size: int = integer(0, 0, MAX_BATCH)  # 0: the full batch
    momentum: float = number(0.9, 0.0, MAX_DECAY)
    beta1: float = number(0.9, 0.0, MAX_DECAY)
    beta2: float = number(0.999, 0.0, MAX_DECAY)
    eps: float | None = number(None, 1e-300, 1.0, optional=True)  # None: the rule's default
    shuffle_seed: int = integer(0, 0, MAX_SHUFFLE_SEED)  # the mini-batches' shuffles
    # ---- the run: earlier settings (rows of SCHEDULE_COLUMNS), iterations computed, shown
    schedule: Table = table(columns=SCHEDULE_COLUMNS, max_rows=MAX_SCHEDULE)
    computed: int = integer(0, 0, MAX_ITERS)
    iteration: int = integer(0, 0, MAX_ITERS)
    # ---- the view
    show_models: bool = flag(False)  # each model's boundary
    confusion: str = choice("train", "train", "test")
    speed: float = number(300.0, 1.0, 1e6)

    def config(self, classes: int) -> LogRegConfig:
        """The models' settings for data of `classes` classes."""
        return LogRegConfig(lr=self.lr, max_iters=self.max_iters, tol=self.tol if self.tol_enabled else 0.0,
                            l2_C=self.C if self.l2 else None, strategy=self.strategy, poly=self.poly,
                            init=SEED_INIT if classes == 2 and not self.poly and self.seed_start else None,
                            optimizer=self.optim())

    def start(self) -> np.ndarray | None:
        """start_weights as the (features + 1, models) matrix, or None."""
        rows = 6 if self.poly else 3
        if not self.start_weights or len(self.start_weights) % rows:
            return None
        return np.array(self.start_weights, dtype=np.float64).reshape(rows, -1)

    def optim(self) -> OptimConfig:
        """The update rule these fields describe (at the state's rate)."""
        return optim_config(self)

    def column_choice(self) -> ColumnChoice | None:
        """The file columns the points came from, for the source line (None: not from a file)."""
        if self.source != "csv" or len(self.csv_columns) != 3:
            return None
        names = tuple(self.csv_column_names.split("\n")) if self.csv_column_names else ("", "", "")
        if len(names) != 3:
            names = ("", "", "")
        return ColumnChoice(tuple(int(i) for i in self.csv_columns), names, False)

    def run_schedule(self, config: LogRegConfig) -> list[tuple[int, LogRegConfig]]:
        """`schedule` as (until, LogRegConfig) pairs for DescentRun.replay (the models'
        structure is the current one: a new structure starts a new run)."""
        return [(int(r[0]), LogRegConfig(lr=float(r[1]), max_iters=int(r[2]), tol=float(r[3]), l2_C=config.l2_C,
                                         strategy=config.strategy, poly=config.poly, init=config.init,
                                         optimizer=config.optimizer))
                for r in self.schedule.array]


    def dataset(self) -> tuple[ds.Labeled, np.ndarray | None, str]:
        """The data this state describes, the held-out points when they were stored (None:
        split them off as test_percent and seed say), and the source: stored points as they
        are, a preset's made again (a stored source without points: its preset)."""
        if self.source in STORED_SOURCES and len(self.points) >= 2:
            a = self.points.array
            data = replace(ds.make_labeled(a[:, :2], a[:, 2], min_classes=2), columns=self.column_choice())
            return data, a[:, 3] != 0, self.source
        data = generated_data(self.preset, self.classes, self.n, self.spread, self.seed)
        return data, None, "seed" if self.preset == "seed" else "generated"

    def test_mask(self, data: ds.Labeled, stored: np.ndarray | None) -> np.ndarray:
        """The points held out for testing: the stored ones, else the seeded split."""
        if stored is not None:
            return stored
        fraction = self.test_percent / 100.0
        return np.zeros(data.n, dtype=bool) if fraction <= 0 else ds.split_mask(data.n, fraction, self.seed, data.y)

    def build_run(self) -> LogisticGD:
        """The run this state describes, recomputed to its iteration (LabError when the data
        or the learner refuse it)."""
        data, stored, _ = self.dataset()
        config = self.config(data.k)
        gd = LogisticGD(data, config, self.test_mask(data, stored), start_weights=self.start())
        gd.replay(self.run_schedule(config), config, self.computed, self.iteration)
        return gd


def generated_data(preset: str, classes: int, n: int, spread: float, seed: int) -> ds.Labeled:
    """The data a preset makes (LabError when it cannot): the lab's generators."""
    if preset == "seed":
        return ds.seed_dataset()
    if preset == "blobs":
        return ds.blobs(classes, n, spread, seed)
    maker = {"circles": ds.circles, "moons": ds.moons, "xor": ds.xor, "spiral": ds.spiral}[preset]
    return maker(n, 0.1 * spread, seed)


def schedule_table(schedule: tuple[tuple[int, LogRegConfig], ...]) -> Table:
    """A run's schedule (core.descent.DescentRun.schedule) as the state's table."""
    rows = [(until, c.lr, c.max_iters, c.tol) for until, c in schedule]
    return Table(np.array(rows, dtype=np.float64).reshape(-1, SCHEDULE_COLUMNS))
