"""The Logistic lab's loss-contour view: J over a plane of two of the weights (w1, w2, b) of
a two-class linear model, the third held at the run's current value (a slice of the loss
surface), with the descent's path projected on the plane, the current point and Newton's
optimum.

LossSlice (owned by the controller) makes the frames: the slice's grid is evaluated by
core.logreg.loss_slice here for tiny data, else on the lab's TaskRunner (the latest request
wins), and only when the plane, the view or the held weight changed enough to matter, at
most 4 times a second while playing; the path and the current point are taken from the run
every frame (cheap). ContourView draws them and says in a sentence when the view does not apply.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QObject, QRectF, Qt, Signal, Slot
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QStackedWidget, QVBoxLayout, QWidget

from core.logreg import LogisticGD, Objective, loss_slice
from gui.tasks import Policy, TaskRunner
from gui.widgets.plot_tools import decimate
from gui.widgets.plots import make_colour_bar, make_plot

if TYPE_CHECKING:
    from gui.labs.logistic.controller import LogisticController

AXES: tuple[tuple[int, int], ...] = ((0, 1), (0, 2), (1, 2))  # (w1, w2), (w1, b), (w2, b)
GRID = 100  # the slice is evaluated on GRID × GRID weights of the view
SYNC_WORK = 1_000_000  # points × grid weights evaluated on the GUI thread; more: on a worker
INTERVAL_S = 0.25  # while playing, a new slice at most 4 times a second
MARGIN = 0.2  # of the path's and the optimum's extent, on each side
MIN_SPAN = 0.5  # the plane shown is at least this wide in each weight
BANDS = 12
PATH_DOTS = 60  # the path's steps are dotted up to this many

ViewRange = tuple[tuple[float, float], tuple[float, float]]


def unavailable_reason(gd: LogisticGD) -> str:
    """"" when the view applies (two classes, one sigmoid model on x1, x2); else why not:
    "classes" (more than two), "softmax" (two weight vectors) or "poly" (more than three weights)."""
    dec = gd.decomposition
    if dec.k != 2:
        return "classes"
    if dec.kind != "binary":
        return "softmax"
    if gd.config.poly:
        return "poly"
    return ""


@dataclass(frozen=True, eq=False)
class SliceGrid:
    """J over GRID × GRID weights of a plane, the third weight held at `held_value`."""

    key: tuple  # (run serial, axes, view range)
    held_value: float
    xs: np.ndarray
    ys: np.ndarray
    values: np.ndarray  # (len(xs), len(ys)), x on axis 0


@dataclass(frozen=True, eq=False)
class ContourFrame:
    """What the contour view draws: the plane, the held weight, the path, the current point,
    the optimum, the range that shows them, and the last slice evaluated (it may lag the
    held weight while playing; None until the first is in)."""

    unavailable: str  # "" when the view applies, else unavailable_reason's code
    axes: tuple[int, int]
    held: int  # the index of the held weight
    held_value: float  # its value in the model shown
    path: np.ndarray  # (m, 2) the descent's weights on the plane, iterations 0..cursor (decimated)
    current: tuple[float, float]
    optimum: tuple[float, float] | None  # Newton's optimum on the plane (None: none finite yet)
    optimum_held: float | None  # the optimum's own value of the held weight
    fit: ViewRange
    grid: SliceGrid | None


def _slice_job(tag: tuple, objective: Objective, W: np.ndarray, axes: tuple[int, int], xs: np.ndarray,
               ys: np.ndarray) -> tuple:
    """loss_slice on a worker, tagged; a failure comes back too (never lost)."""
    start = time.perf_counter()
    try:
        return tag, loss_slice(objective, W, axes, xs, ys), None, time.perf_counter() - start
    except Exception as exc:  # noqa: BLE001 — the lab shows why
        return tag, None, exc, time.perf_counter() - start


def fit_range(points: np.ndarray) -> ViewRange:
    """The box of `points` (m, 2) with a margin, at least MIN_SPAN wide."""
    lo, hi = points.min(axis=0), points.max(axis=0)
    out = []
    for a in range(2):
        span = max(float(hi[a] - lo[a]), MIN_SPAN)
        mid = 0.5 * float(hi[a] + lo[a])
        half = 0.5 * span * (1.0 + 2.0 * MARGIN)
        out.append((mid - half, mid + half))
    return (out[0], out[1])


class LossSlice(QObject):
    """The loss-contour view's frames and its slice's evaluation, for the controller's run."""

    grid_changed = Signal()  # a new slice is in (or its evaluation failed: see error)

    def __init__(self, controller: LogisticController, tasks: TaskRunner) -> None:
        super().__init__(controller)
        self._c = controller
        self.tasks = tasks
        self.sync_work = SYNC_WORK
        self.clock = time.perf_counter  # the throttle's clock (a test sets its own)
        self._axes_index = 0
        self._grid: SliceGrid | None = None
        self._asked: tuple | None = None  # (key, held value) last asked for
        self._asked_time = -math.inf
        self._cost = 0.0  # seconds the last slice took
        self.error: BaseException | None = None

    # ---- the plane
    @property
    def axes(self) -> tuple[int, int]:
        return AXES[self._axes_index]

    @property
    def axes_index(self) -> int:
        return self._axes_index

    def set_axes(self, index: int) -> None:
        """Another plane: (w1, w2), (w1, b) or (w2, b) by index."""
        self._axes_index = max(0, min(len(AXES) - 1, int(index)))

    def held(self) -> int:
        return ({0, 1, 2} - set(self.axes)).pop()

    # ---- frames
    def frame(self) -> ContourFrame:
        """The current frame (cheap: no slice is evaluated here)."""
        c = self._c
        gd = c.gd
        why = unavailable_reason(gd)
        i, j = self.axes
        h = self.held()
        if why:
            empty = np.zeros((0, 2))
            return ContourFrame(why, (i, j), h, math.nan, empty, (math.nan, math.nan), None, None,
                                ((0.0, 1.0), (0.0, 1.0)), None)
        H = gd.weights_history()[:, :, 0]
        idx = decimate(H.shape[0])
        path = np.ascontiguousarray(H[idx][:, [i, j]])
        W = c.shown_weights()[:, 0]
        star = c.exact_weights()
        optimum = (float(star[i, 0]), float(star[j, 0])) if star is not None else None
        optimum_held = float(star[h, 0]) if star is not None else None
        pts = [path, W[[i, j]][None, :]] + ([np.array([optimum])] if optimum is not None else [])
        allp = np.vstack(pts)
        allp = allp[np.isfinite(allp).all(axis=1)]
        fit = fit_range(allp) if allp.size else ((-1.0, 1.0), (-1.0, 1.0))
        grid = self._grid if self._grid is not None and self._grid.key[:2] == (c.serial, (i, j)) else None
        return ContourFrame("", (i, j), h, float(W[h]), path, (float(W[i]), float(W[j])), optimum, optimum_held,
                            fit, grid)

    def request(self, view: ViewRange, playing: bool) -> bool:
        """Ask for the slice over `view` at the held weight shown, when it is not the last
        one asked for: here for tiny data (True: grid_changed was emitted), else on the
        TaskRunner. While playing, at most every INTERVAL_S; and only when the held weight
        moved by more than a 500th of its size (or of the view's), which no colour shows."""
        c = self._c
        gd = c.gd
        if unavailable_reason(gd):
            return False
        (x0, x1), (y0, y1) = view
        if not all(math.isfinite(v) for v in (x0, x1, y0, y1)) or x1 <= x0 or y1 <= y0:
            return False
        key = (c.serial, self.axes, view)
        W = c.shown_weights()
        held = float(W[self.held(), 0])
        if self._asked is not None and self._asked[0] == key:
            scale = max(abs(held), x1 - x0, y1 - y0, 1e-9)
            if held == self._asked[1] or (playing and abs(held - self._asked[1]) < 2e-3 * scale):
                return False
        now = self.clock()
        # while playing, at most 4 times a second, and the worker busy at most a third of the
        # time (a slice of 10,000 points takes ~0.5 s: the descent keeps the CPU it needs)
        if playing and now - self._asked_time < self.interval():
            return False
        self._asked = (key, held)
        self._asked_time = now
        xs, ys = np.linspace(x0, x1, GRID), np.linspace(y0, y1, GRID)
        obj = gd.objective
        tag = (key, held)
        if obj.A.shape[0] * GRID * GRID <= self.sync_work:
            self._on_slice_returned(_slice_job(tag, obj, W, self.axes, xs, ys))
            return True
        self.tasks.submit("contour", _slice_job, tag, obj, W.copy(), self.axes, xs, ys,
                          on_result=self._on_slice_returned, policy=Policy.AFTER)
        return False

    def interval(self) -> float:
        """The least time between two slices while playing: a quarter second, or three times
        what the last one took."""
        return max(INTERVAL_S, 3.0 * self._cost)

    def forget(self) -> None:
        """A new run: the last slice is of other data or another objective."""
        self._grid = None
        self._asked = None
        self.error = None

    @Slot(object)
    def _on_slice_returned(self, result: tuple) -> None:
        (key, held), values, exc, cost = result
        self._cost = float(cost)
        if key[0] != self._c.serial:
            return  # a slice of a run no longer shown
        if exc is not None:
            self.error = exc
        else:
            (x0, x1), (y0, y1) = key[2]
            self.error = None
            self._grid = SliceGrid(key, held, np.linspace(x0, x1, GRID), np.linspace(y0, y1, GRID), values)
        self.grid_changed.emit()


def banded_colormap(bands: int = BANDS) -> pg.ColorMap:
    """viridis in `bands` flat steps: filled contour bands, each one level of J."""
    base = pg.colormap.get("viridis")
    pos, colors = [], []
    for b in range(bands):
        c = base.map((b + 0.5) / bands, mode="byte")
        pos += [b / bands, (b + 1) / bands]
        colors += [c, c]
    return pg.ColorMap(np.array(pos), np.array(colors, dtype=np.ubyte))


class ContourView(QWidget):
    """The plane's combo and the slice's label over the plot (filled bands of J, a colour bar
    with its values, the path, the current point, the optimum), or the sentence that says
    why the view does not apply."""

    axes_changed = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.axes_combo = QComboBox(self)
        for i, j in AXES:
            self.axes_combo.addItem("", (i, j))
        self.slice_label = QLabel(self)
        self.slice_label.setWordWrap(True)
        self.plot = make_plot()
        vb = self.plot.getPlotItem().getViewBox()
        vb.setAspectLocked(False)
        self.image = pg.ImageItem(axisOrder="col-major")
        self.plot.addItem(self.image)
        self.color_bar = make_colour_bar(self.plot, self.plot.getPlotItem(), values=(0.0, 1.0), width=14,
                                         interactive=False, colorMap=banded_colormap(), pen=pg.mkPen((120, 120, 120)))
        self.color_bar.setImageItem(self.image)
        self.plot.getPlotItem().layout.addItem(self.color_bar, 2, 5)
        self.color_bar.axis.setWidth(46)
        # white with a dark edge: seen on the dark bands and on the light ones
        self.path = pg.PlotCurveItem(pen=pg.mkPen((255, 255, 255), width=2), shadowPen=pg.mkPen((30, 30, 30), width=4),
                                     skipFiniteCheck=True)
        self.path_dots = pg.ScatterPlotItem(size=5, pen=pg.mkPen((30, 30, 30)), brush=pg.mkBrush(255, 255, 255))
        self.current = pg.ScatterPlotItem(size=12, pen=pg.mkPen((0, 0, 0), width=1.5), brush=pg.mkBrush(214, 39, 40))
        self.optimum = pg.ScatterPlotItem(size=16, symbol="star", pen=pg.mkPen((0, 0, 0), width=1),
                                          brush=pg.mkBrush(255, 127, 14))
        for item in (self.path, self.path_dots, self.current, self.optimum):
            self.plot.addItem(item)
        self.unavailable = QLabel(self)
        self.unavailable.setWordWrap(True)
        self.unavailable.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack = QStackedWidget(self)
        page = QWidget(self)
        v = QVBoxLayout(page)
        v.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        top.addWidget(self.axes_combo)
        top.addWidget(self.slice_label, 1)
        v.addLayout(top)
        v.addWidget(self.plot, 1)
        self.stack.addWidget(page)
        self.stack.addWidget(self.unavailable)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.stack)
        self.user_range = False
        self._fitted: tuple | None = None  # (serial, axes, range) last fitted
        self._drawn_grid: SliceGrid | None = None
        self._texts: tuple[str, ...] = ("", "", "", "")
        vb.sigRangeChangedManually.connect(self._on_range_changed_manually)
        self.axes_combo.currentIndexChanged.connect(self.axes_changed)

    def set_words(self, names: list[str], bar: str, axes_tip: str, current_tip: str) -> None:
        """The combo's entries (the weights' names: w₁, w₂, b), the colour bar's label, the tips."""
        for k, (i, j) in enumerate(AXES):
            self.axes_combo.setItemText(k, f"({names[i]}, {names[j]})")
        self.axes_combo.setToolTip(axes_tip)
        self.color_bar.axis.setLabel(bar)
        self.current.setToolTip(current_tip)

    def set_texts(self, label: str, optimum_tip: str, x_name: str, y_name: str) -> None:
        """The slice's label, the optimum's tip and the axes' names, each set only when it
        changed (a new label or axis title lays the view out again: not in every frame)."""
        texts = (label, optimum_tip, x_name, y_name)
        if texts == self._texts:
            return
        if label != self._texts[0]:
            self.slice_label.setText(label)
        if optimum_tip != self._texts[1]:
            self.optimum.setToolTip(optimum_tip)
        if (x_name, y_name) != self._texts[2:]:
            self.plot.setLabel("bottom", x_name)
            self.plot.setLabel("left", y_name)
        self._texts = texts

    def view_range(self) -> ViewRange:
        (x0, x1), (y0, y1) = self.plot.getPlotItem().getViewBox().viewRange()
        return (float(x0), float(x1)), (float(y0), float(y1))

    def fit(self, f: ContourFrame, serial: int) -> None:
        """The range that shows the path and the optimum, unless the user zoomed or panned:
        set on a new run or plane, and again only when something leaves the view."""
        if self.user_range or f.unavailable:
            return
        tag = (serial, f.axes)
        (x0, x1), (y0, y1) = self.view_range()
        (fx0, fx1), (fy0, fy1) = f.fit
        inside = x0 <= fx0 and fx1 <= x1 and y0 <= fy0 and fy1 <= y1
        if self._fitted != tag or not inside:
            self._fitted = tag
            self.plot.getPlotItem().getViewBox().setRange(xRange=f.fit[0], yRange=f.fit[1], padding=0)

    def draw(self, f: ContourFrame) -> None:
        """The path and the current point every frame; the bands when a new slice is in."""
        self.stack.setCurrentIndex(1 if f.unavailable else 0)
        if f.unavailable:
            return
        path = f.path[np.isfinite(f.path).all(axis=1)]
        self.path.setData(path[:, 0], path[:, 1])
        # a dot per step while they can be told apart (a scatter of thousands costs a frame)
        short = path.shape[0] <= PATH_DOTS
        if short:
            self.path_dots.setData(path[:, 0], path[:, 1])
        self.path_dots.setVisible(short)
        self.current.setData([f.current[0]], [f.current[1]])
        if f.optimum is not None:
            self.optimum.setData([f.optimum[0]], [f.optimum[1]])
        self.optimum.setVisible(f.optimum is not None)
        g = f.grid
        if g is not None and g is not self._drawn_grid:
            self._drawn_grid = g
            vals = g.values
            finite = vals[np.isfinite(vals)]
            lo = float(finite.min()) if finite.size else 0.0
            hi = float(np.quantile(finite, 0.8)) if finite.size else 1.0
            hi = hi if hi > lo else lo + 1.0
            self.image.setImage(np.nan_to_num(vals, nan=hi, posinf=hi), autoLevels=False)
            dx = (g.xs[-1] - g.xs[0]) / (len(g.xs) - 1)
            dy = (g.ys[-1] - g.ys[0]) / (len(g.ys) - 1)
            self.image.setRect(QRectF(g.xs[0] - dx / 2, g.ys[0] - dy / 2, g.xs[-1] - g.xs[0] + dx,
                                      g.ys[-1] - g.ys[0] + dy))
            self.color_bar.setLevels((lo, hi))
        self.image.setVisible(g is not None)

    def _on_range_changed_manually(self, *_: object) -> None:
        self.user_range = True
