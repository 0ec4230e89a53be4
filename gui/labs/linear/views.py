"""The Linear Regression lab's views: the data with the current and the exact line, the loss
surface with the descent's path, and the loss curves. Each is built once and draws the
controller's frames with setData / setImage. Their words keep the translation context of
the panel they were written in ("LinearRegressionPanel"), so their Chinese is kept.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QAbstractItemView, QBoxLayout, QHeaderView, QScrollArea, QTableWidget, QTableWidgetItem

from gui.labs.linear import texts
from gui.labs.linear.controller import (
    RaceFrame,
    BandScale,
    FormulaFrame,
    PointsFrame,
    RunFrame,
    Span,
    StepFrame,
    SurfaceFrame,
    ViewRange,
)
from core.race import RACE_TOL
from gui.widgets.formula import Formula, FormulaPane
from gui.widgets.legend import OutsideLegend
from gui.widgets.text_pane import TextPane
from gui.widgets.plots import install_menu, make_plot
from gui.widgets.points_view import PointsViewBox

class BarViewBox(pg.ViewBox):
    """The colour bar's box: no mouse, and its menu's View all fits the surface beside it
    (the bar's own range is the mapping's, set by the lab)."""

    def __init__(self, surface: pg.ViewBox) -> None:
        super().__init__(enableMouse=False, defaultPadding=0.0)
        self.surface = surface

    def autoRange(self, *args, **kwargs) -> None:  # noqa: N802 (pyqtgraph's name)
        self.surface.autoRange()


class SurfaceViewBox(pg.ViewBox):
    """A click on the loss surface chooses the starting point (in the run's coordinates);
    View all fits the start, the path and the optimum (the lab decides the box: the items'
    own bounds include symbols' pixel sizes, which blew a flat axis up to ±1e148)."""

    start_chosen = Signal(float, float)
    fit_requested = Signal()

    def autoRange(self, *args, **kwargs) -> None:  # noqa: N802 (pyqtgraph's name)
        self.fit_requested.emit()

    def mouseClickEvent(self, ev) -> None:  # noqa: N802
        if ev.button() == Qt.MouseButton.LeftButton:
            ev.accept()
            p = self.mapSceneToView(ev.scenePos())
            self.start_chosen.emit(p.x(), p.y())
            return
        super().mouseClickEvent(ev)


MAX_RESIDUALS = 2_000  # residual segments drawn at most (an even spread of the points drawn)
ARROW_PX = 60.0  # the gradient arrow's length on screen, in pixels
ARROW_HEAD_PX = 11.0
BAR_SAMPLES = 480  # rows of the colour bar's image


def _finite_point(x: float, y: float) -> tuple[list[float], list[float]]:
    """[x], [y] for a one-point scatter, or nothing when it is not finite."""
    return ([x], [y]) if math.isfinite(x) and math.isfinite(y) else ([], [])


class DataView:
    """The points (click to add, drag to move, right-click to delete), the exact line and
    the current line, with their legend under the plot."""

    def __init__(self) -> None:
        self.points_vb = PointsViewBox()
        self.plot = make_plot(viewBox=self.points_vb)
        self.plot.showGrid(x=True, y=True, alpha=0.2)
        self.scatter = pg.ScatterPlotItem(size=5, pen=None, brush=pg.mkBrush(31, 119, 180, 150))
        self.ols_line = pg.PlotDataItem(pen=pg.mkPen((90, 90, 90), width=1.5, style=Qt.PenStyle.DashLine))
        self.fit_line = pg.PlotDataItem(pen=pg.mkPen((214, 39, 40), width=2.5))
        self.plot.addItem(self.scatter)
        self.plot.addItem(self.ols_line)
        self.plot.addItem(self.fit_line, ignoreBounds=True)  # the view follows the data, not the line
        # residuals: one segment per drawn point (at most MAX_RESIDUALS of them), as one item
        self.residual_item = pg.PlotCurveItem(pen=pg.mkPen((214, 39, 40, 110), width=1), connect="pairs",
                                              skipFiniteCheck=True)
        self.residual_item.setZValue(-1)
        self.residual_item.hide()
        self.plot.addItem(self.residual_item, ignoreBounds=True)
        self._res_x = np.empty(0)  # the points' x, each twice: (x, x) per segment
        self._res_y = np.empty(0)  # (y, line at x) per segment, rewritten in place
        self._res_px = np.empty(0)  # the x of the points with a segment
        self._res_line: Span | None = None  # the line the segments were drawn to
        # under the plot, never over the points (it covered a corner of the data)
        self.legend = OutsideLegend(self.plot.getPlotItem())
        self._shown: tuple[np.ndarray, np.ndarray] = (np.empty(0), np.empty(0))

    def set_points(self, frame: PointsFrame, refit: bool) -> None:
        """A new data set (refit: the view fits it) or edited points (the view stays)."""
        self._shown = (frame.x, frame.y)
        self._set_residual_points(frame.x, frame.y)
        self.restore_points()
        self.scatter.setData(frame.x, frame.y)
        self.ols_line.setData(*frame.ols)
        if refit:
            self.plot.enableAutoRange()

    def restore_points(self) -> None:
        """The points the mouse edits are those drawn (an edit that was refused is undone)."""
        self.points_vb.set_points(*self._shown)

    def draw(self, frame: RunFrame) -> None:
        if frame.line is not None:
            self.fit_line.setData(*frame.line)

    # ---- residuals
    def _set_residual_points(self, x: np.ndarray, y: np.ndarray) -> None:
        """The points that get a segment: those drawn, or an even spread of MAX_RESIDUALS of them."""
        stride = max(1, math.ceil(x.size / MAX_RESIDUALS))
        px, py = np.asarray(x[::stride], dtype=np.float64), np.asarray(y[::stride], dtype=np.float64)
        self._res_px = px
        self._res_x = np.repeat(px, 2)
        self._res_y = np.repeat(py, 2)
        self._res_line = None

    def show_residuals(self, shown: bool) -> None:
        self.residual_item.setVisible(shown)
        self._res_line = None  # drawn at the next frame

    def residuals_shown(self) -> bool:
        return self.residual_item.isVisible()

    def draw_residuals(self, line: Span) -> None:
        """Vertical segments from each point to the line b + k·x (when shown and moved)."""
        if not self.residual_item.isVisible() or line == self._res_line:
            return
        self._res_line = line
        b, k = line
        if not (math.isfinite(b) and math.isfinite(k)):
            self.residual_item.setData(np.empty(0), np.empty(0), connect="pairs")
            return
        with np.errstate(over="ignore", invalid="ignore"):
            self._res_y[1::2] = b + k * self._res_px
        ok = np.isfinite(self._res_y).all()
        if ok:
            self.residual_item.setData(self._res_x, self._res_y, connect="pairs")
        else:  # a line far out: its values overflow; no segments rather than a crash
            self.residual_item.setData(np.empty(0), np.empty(0), connect="pairs")

    def retranslate(self) -> None:
        self.residual_item.setToolTip(QCoreApplication.translate(
            "LinearRegressionPanel", "Residuals: from each point to the current line, h(x) − y"))
        self.plot.setTitle(QCoreApplication.translate("LinearRegressionPanel", "Data and the current line"))
        self.plot.setLabel("bottom", "x")
        self.plot.setLabel("left", "y")
        self.legend.clear()
        self.legend.addItem(self.fit_line, QCoreApplication.translate("LinearRegressionPanel", "gradient descent"))
        self.legend.addItem(self.ols_line, QCoreApplication.translate("LinearRegressionPanel", "least squares (exact)"))


class SurfaceView:
    """J − J* as colour bands in the coordinates the descent runs in, its path, start,
    current point and optimum. It fits the start, the path and the optimum until the user
    zooms or pans (user_range); the image is redrawn for the view when that changes, from
    the frames `surface` makes (LinearController.surface_frame)."""

    def __init__(self, surface: Callable[[ViewRange], SurfaceFrame | None]) -> None:
        self._surface = surface
        self.vb = SurfaceViewBox()
        self.plot = make_plot(viewBox=self.vb)
        self.image = pg.ImageItem()
        self.image.setLookupTable(pg.colormap.get("viridis").getLookupTable(nPts=256))
        self.vb.addItem(self.image, ignoreBounds=True)
        self.image.setZValue(-10)
        # PlotCurveItem, not PlotDataItem: these change every frame and need none of its extras
        self.path_item = pg.PlotCurveItem(pen=pg.mkPen((255, 255, 255), width=2), skipFiniteCheck=True)
        self.start_marker = pg.ScatterPlotItem(size=11, symbol="o", pen=pg.mkPen("w", width=2),
                                               brush=pg.mkBrush(255, 127, 14))
        self.ols_marker = pg.ScatterPlotItem(size=16, symbol="star", pen=pg.mkPen("k"), brush=pg.mkBrush(255, 255, 255))
        self.current_marker = pg.ScatterPlotItem(size=11, symbol="o", pen=pg.mkPen("w", width=1.5),
                                                 brush=pg.mkBrush(214, 39, 40))
        self.current_marker.setData([0.0], [0.0])  # drawn at the origin, moved with setPos
        # the step just taken (previous θ → current θ), and −∇J at the current θ as an arrow
        # of ARROW_PX pixels (shaft and head: one item of three segments)
        self.step_item = pg.PlotCurveItem(pen=pg.mkPen((255, 221, 0), width=4), skipFiniteCheck=True)
        self.arrow_item = pg.PlotCurveItem(pen=pg.mkPen((255, 60, 200), width=2.5), connect="pairs",
                                           skipFiniteCheck=True)
        for item in (self.path_item, self.step_item, self.start_marker, self.ols_marker, self.arrow_item,
                     self.current_marker):
            self.plot.addItem(item, ignoreBounds=item in (self.step_item, self.arrow_item))
        self._step: StepFrame | None = None
        self._arrow = (np.zeros(6), np.zeros(6))  # the arrow's segments, rewritten in place
        self.arrow_vector: Span | None = None  # the shaft (dx, dy) in the run's coordinates; None: hidden
        self.vb.sigResized.connect(self._on_vb_resized)
        self._build_colour_bar()
        self.vb.disableAutoRange()  # the lab fits the box (LinearController.surface_box)
        self.vb.sigRangeChanged.connect(self._on_range_changed)
        self.vb.sigRangeChangedManually.connect(self._on_range_changed_manually)
        self.user_range = False  # the user zoomed or panned: the view stays where they put it
        self.dirty = True  # the image is not drawn for the view shown
        self._markers: tuple[Span, Span] | None = None  # (start, optimum) the markers show
        self.standardized: bool | None = None  # the coordinates the axes are labelled for

    def view_range(self) -> ViewRange:
        (b0, b1), (k0, k1) = self.vb.viewRange()
        return (float(b0), float(b1)), (float(k0), float(k1))

    def contains(self, point: Span) -> bool:
        (b0, b1), (k0, k1) = self.vb.viewRange()
        return b0 <= point[0] <= b1 and k0 <= point[1] <= k1

    def show_range(self, view: ViewRange) -> None:
        self.vb.setRange(xRange=view[0], yRange=view[1], padding=0)

    def zoom(self) -> tuple[float, ...]:
        """(b0, b1, k0, k1) the user zoomed or panned to; () while the view fits the run."""
        if not self.user_range:
            return ()
        (b0, b1), (k0, k1) = self.view_range()
        return (b0, b1, k0, k1) if all(math.isfinite(v) and abs(v) <= 1e300 for v in (b0, b1, k0, k1)) else ()

    def zoom_to(self, view: tuple[float, ...]) -> None:
        """Show a zoom kept by zoom() (nothing for (), or a view that is empty)."""
        if len(view) == 4 and view[0] < view[1] and view[2] < view[3]:
            self.user_range = True
            self.show_range((view[:2], view[2:]))

    def fit(self, box: Callable[[], ViewRange | None], current: Span, force: bool) -> None:
        """Show `box()` (unless the user has zoomed or panned); without force, only when the
        current point has left the view."""
        if self.user_range or (not force and self.contains(current)):
            return
        view = box()
        if view is not None:
            self.show_range(view)

    def _on_range_changed_manually(self, *_: object) -> None:
        self.user_range = True  # the user zoomed or panned: the view stays where they put it

    def _on_range_changed(self, *_: object) -> None:
        self.dirty = True
        self._draw_arrow()  # its length is in pixels
        QTimer.singleShot(0, self.plot, self.redraw)  # cancelled if the plot is deleted first

    def redraw(self) -> None:
        """Draw the surface for the view shown, if it is not drawn yet."""
        if not self.dirty:
            return
        self.dirty = False
        frame = self._surface(self.view_range())
        if frame is not None:
            self.draw_surface(frame)

    def draw(self, frame: RunFrame) -> None:
        self.path_item.setData(*frame.path)
        if (frame.start, frame.optimum) != self._markers:  # they seldom move: not set in every frame
            self._markers = (frame.start, frame.optimum)
            self.start_marker.setData(*_finite_point(*frame.start))
            self.ols_marker.setData(*_finite_point(*frame.optimum))
        cur0, cur1 = frame.current
        if math.isfinite(cur0) and math.isfinite(cur1):
            self.current_marker.setPos(cur0, cur1)

    def draw_surface(self, frame: SurfaceFrame) -> None:
        self.image.setImage(frame.image, autoLevels=False, levels=(0, 1))
        if frame.rect is not None:
            self.image.setRect(QRectF(*frame.rect))
        self.draw_colour_bar(frame.scale)

    # ---- the gradient step
    def draw_step(self, frame: StepFrame) -> None:
        """The step just taken and −∇J at the current θ (cheap: a few numbers per frame)."""
        self._step = frame
        prev = frame.previous
        if prev is not None and all(math.isfinite(v) for v in (*prev, *frame.current)):
            self.step_item.setData([prev[0], frame.current[0]], [prev[1], frame.current[1]])
            self.step_item.show()
        else:
            self.step_item.hide()
        self._draw_arrow()

    def _on_vb_resized(self, *_: object) -> None:
        self._draw_arrow()

    def _draw_arrow(self) -> None:
        """−∇J at the current θ, ARROW_PX pixels long on screen, in the view's coordinates:
        its direction is that of the vector (−∂J/∂θ0, −∂J/∂θ1) as the axes draw it."""
        f = self._step
        sx, sy = self.vb.viewPixelSize() if f is not None else (0.0, 0.0)
        if f is None or f.at_optimum or not all(math.isfinite(v) for v in (*f.grad, *f.current, sx, sy)) \
                or sx <= 0 or sy <= 0:
            self._hide_arrow()
            return
        g0, g1 = f.grad
        u0, u1 = -g0 / sx, -g1 / sy  # −∇J in pixels
        norm = math.hypot(u0, u1)
        if not math.isfinite(norm) or norm == 0.0:
            self._hide_arrow()  # at the optimum there is no downhill
            return
        u0, u1 = u0 / norm, u1 / norm
        c0, c1 = f.current
        t0, t1 = ARROW_PX * u0, ARROW_PX * u1  # the tip, in pixels from θ
        h = ARROW_HEAD_PX
        cos, sin = math.cos(math.radians(25)), math.sin(math.radians(25))
        # the head: the shaft's direction turned back by ±25°
        l0, l1 = t0 - h * (u0 * cos - u1 * sin), t1 - h * (u0 * sin + u1 * cos)
        r0, r1 = t0 - h * (u0 * cos + u1 * sin), t1 - h * (-u0 * sin + u1 * cos)
        xs, ys = self._arrow
        xs[:] = (0.0, t0, t0, l0, t0, r0)
        ys[:] = (0.0, t1, t1, l1, t1, r1)
        xs *= sx
        ys *= sy
        xs += c0
        ys += c1
        self.arrow_vector = (t0 * sx, t1 * sy)
        self.arrow_item.setData(xs, ys, connect="pairs")
        self.arrow_item.show()

    def _hide_arrow(self) -> None:
        self.arrow_vector = None
        self.arrow_item.hide()

    # ---- the colour bar
    def _build_colour_bar(self) -> None:
        """A narrow bar right of the plot with the image's own colours and bands, on an axis of
        log10(J − J* + floor), its ticks labelled with values of J − J*."""
        layout = self.plot.getPlotItem().layout
        self.bar_vb = BarViewBox(self.vb)
        # the app's menu (View all, Export…) here too, never pyqtgraph's own
        install_menu(self.plot, self.bar_vb, self.plot.getPlotItem())
        self.bar_vb.setMinimumWidth(12)
        self.bar_vb.setMaximumWidth(12)
        self.bar_image = pg.ImageItem()
        self.bar_image.setLookupTable(self.image.lut)
        self.bar_vb.addItem(self.bar_image)
        self.bar_axis = pg.AxisItem("right")
        self.bar_axis.enableAutoSIPrefix(False)  # its ticks are the values themselves
        self.bar_axis.linkToView(self.bar_vb)
        self.bar_axis.setStyle(tickLength=4)
        layout.addItem(self.bar_vb, 2, 3)
        layout.addItem(self.bar_axis, 2, 4)
        # named under the bar, in the bottom axis's row: a label beside its ticks took the
        # width the surface's own axis label needs at 1024×700
        self.bar_label = pg.LabelItem("J − J*", size="9pt")
        layout.addItem(self.bar_label, 3, 3, 1, 2)
        layout.setColumnSpacing(2, 6)
        # the title spans the plot and the bar: in the plot's column alone, its width added
        # to the bar's pushed the bar out of the window at 1024×700
        title = self.plot.getPlotItem().titleLabel
        layout.removeItem(title)
        layout.addItem(title, 0, 1, 1, 4)
        self.bar_scale: BandScale | None = None
        self.bar_ticks: list[tuple[float, float]] = []  # (position on the bar, J − J*) of each tick

    def draw_colour_bar(self, scale: BandScale | None) -> None:
        """The bar for this mapping: its range is [log_lo, log_hi], its rows the bands the image
        shows there, its ticks the values of J − J* at their positions (log scale)."""
        if scale == self.bar_scale:
            return
        self.bar_scale = scale
        if scale is None or not (math.isfinite(scale.log_lo) and math.isfinite(scale.log_hi)):
            self.bar_image.clear()
            self.bar_axis.setTicks([[]])
            self.bar_ticks = []
            return
        lo, hi = scale.log_lo, scale.log_hi
        if not hi > lo:
            hi = lo + 1.0  # one band: the image is one colour
            rows = np.zeros((1, BAR_SAMPLES))
        else:
            t = (np.arange(BAR_SAMPLES) + 0.5) / BAR_SAMPLES
            rows = (np.floor(t * scale.bands) / scale.bands)[None, :]
        self.bar_image.setImage(rows, autoLevels=False, levels=(0, 1))
        self.bar_image.setRect(QRectF(0.0, lo, 1.0, hi - lo))
        self.bar_vb.setRange(xRange=(0, 1), yRange=(lo, hi), padding=0)
        self.bar_ticks = bar_ticks(scale, lo, hi)
        self.bar_axis.setTicks([[(pos, texts.num(value, 2)) for pos, value in self.bar_ticks]])

    def label(self, standardized: bool) -> None:
        """The surface is drawn in the coordinates the descent runs in: say which."""
        self.standardized = standardized
        if standardized:
            # short: a title wider than the plot pushed the plot out of the window at 1024×700
            title = QCoreApplication.translate("LinearRegressionPanel", "Loss surface J(θ0′, θ1′) and the path")
            bottom = QCoreApplication.translate("LinearRegressionPanel", "intercept θ0′ (on standardized x)")
            left = QCoreApplication.translate("LinearRegressionPanel", "slope θ1′ (on standardized x)")
        else:
            title = QCoreApplication.translate("LinearRegressionPanel", "Loss surface J(θ0, θ1) and the path")
            bottom = QCoreApplication.translate("LinearRegressionPanel", "intercept θ0 (b)")
            left = QCoreApplication.translate("LinearRegressionPanel", "slope θ1 (k)")
        self.plot.setTitle(title)
        self.plot.setLabel("bottom", bottom)
        self.plot.setLabel("left", left)
        # standardized, the surface is round: equal units on both axes show it round
        self.vb.setAspectLocked(standardized, ratio=1.0)

    def retranslate(self, standardized: bool) -> None:
        self.plot.setToolTip(QCoreApplication.translate(
            "LinearRegressionPanel", "Click to start the descent from that point; drag to pan, wheel to zoom"))
        self.arrow_item.setToolTip(QCoreApplication.translate(
            "LinearRegressionPanel", "Arrow: −∇J at the current θ, the steepest way downhill (its direction; "
                                     "drawn at a fixed length)"))
        self.step_item.setToolTip(QCoreApplication.translate(
            "LinearRegressionPanel", "Yellow: the step just taken, from the previous θ to the current θ"))
        bar_tip = QCoreApplication.translate(
            "LinearRegressionPanel", "The colours of the surface: J − J*, in bands on a log scale")
        self.bar_vb.setToolTip(bar_tip)
        self.bar_axis.setToolTip(bar_tip)
        self.label(standardized)


def bar_ticks(scale: BandScale, lo: float, hi: float) -> list[tuple[float, float]]:
    """(position, J − J*) of the colour bar's ticks: the powers of ten within [lo, hi] (every
    second or third when there are many), else three values spread over it."""
    decades = [d for d in range(math.ceil(lo), math.floor(hi) + 1)]
    values = [10.0 ** d for d in decades if 10.0 ** d > scale.floor * 1e-3]
    values = [v for v in values if lo <= scale.position(v) <= hi]
    if len(values) > 6:
        every = math.ceil(len(values) / 5)
        values = values[::-1][::every][::-1]
    if len(values) < 2:
        values = [max(10.0 ** p - scale.floor, 0.0) for p in np.linspace(lo, hi, 3)]
    return [(scale.position(v), v) for v in values]


class LossView:
    """J and J − J* per iteration on a log axis, the exact loss J* and the cursor. The range
    grows in big steps, not every frame, and stays where the user put it."""

    def __init__(self) -> None:
        self.plot = make_plot(counts=True)  # x: iterations from 0, whole numbers
        self.plot.setLogMode(y=True)
        # no grid here: its lines are redrawn with the axes whenever the range grows (~20 ms)
        # curves take log10 values themselves: the axes are in log mode, the items are not
        self.loss_curve = pg.PlotCurveItem(pen=pg.mkPen((31, 119, 180), width=2), skipFiniteCheck=True)
        self.excess_curve = pg.PlotCurveItem(pen=pg.mkPen((255, 127, 14), width=2), skipFiniteCheck=True)
        self.jstar_line = pg.InfiniteLine(angle=0, pen=pg.mkPen((90, 90, 90), style=Qt.PenStyle.DashLine))
        self.cursor_line = pg.InfiniteLine(angle=90, pen=pg.mkPen((214, 39, 40), width=1))
        # under the plot: inside, it sat on the J − J* curve as it fell
        self.legend = OutsideLegend(self.plot.getPlotItem())
        self.plot.getViewBox().disableAutoRange()
        self.plot.getViewBox().sigRangeChangedManually.connect(self._on_range_changed_manually)
        self.plot.addItem(self.loss_curve)
        self.plot.addItem(self.excess_curve)
        self.plot.addItem(self.jstar_line, ignoreBounds=True)
        self.plot.addItem(self.cursor_line, ignoreBounds=True)
        self.user_range = False  # the user zoomed or panned: the range is left alone
        self._range: tuple | None = None

    def draw(self, frame: RunFrame) -> None:
        self.loss_curve.setData(*frame.loss)
        self.excess_curve.setData(*frame.excess)
        if frame.log_jstar is not None:
            self.jstar_line.setPos(frame.log_jstar)
            self.jstar_line.show()
        else:
            self.jstar_line.hide()
        self.cursor_line.setPos(frame.iteration)
        self._fit(frame)

    def fit_race(self, frame: RaceFrame) -> None:
        """Racing: the range and the cursor follow the racers (the lab's own run is the clock)."""
        logs = np.concatenate([r.loss[1] for r in frame.racers]) if frame.racers else np.empty(0)
        logs = logs[np.isfinite(logs)]
        count = max((int(r.loss[0][-1]) + 1 for r in frame.racers if r.loss[0].size), default=1)
        span = (float(10.0 ** logs.min()), float(10.0 ** logs.max())) if logs.size else None
        self.cursor_line.setPos(frame.iteration)
        self._fit_to(span, max(count, frame.iteration + 1))

    def _fit(self, frame: RunFrame) -> None:
        self._fit_to(frame.span, frame.count)

    def _fit_to(self, span: Span | None, count: int) -> None:
        """Grow the range in big steps (x: ×1.5, y: decades) instead of every frame, so the
        axes are not redrawn in each animation frame. Only finite, positive values reach the
        range: a NaN or inf here made the axes raise and the lab stop."""
        if self.user_range or span is None:
            return
        lo, hi = span
        # the lower edge moves in steps of 3 decades: J − J* falls by a decade every few frames
        y0 = 3 * math.floor(math.log10(lo) / 3)
        y1 = math.ceil(math.log10(hi))
        if y1 <= y0:
            y1 = y0 + 1
        n = count
        x1 = self._range[1] if self._range else 0
        if n - 1 > x1 or x1 > 4 * max(n, 10) or x1 < 10:
            x1 = max(10, int((n - 1) * 1.5))
        wanted = (0, x1, y0, y1)
        if wanted != self._range:
            self._range = wanted
            self.plot.getViewBox().setRange(xRange=(0, x1), yRange=(y0, y1), padding=0.02)

    def _on_range_changed_manually(self, *_: object) -> None:
        self.user_range = True

    def retranslate(self) -> None:
        self.plot.setTitle(QCoreApplication.translate("LinearRegressionPanel", "Loss per iteration (log scale)"))
        self.plot.setLabel("bottom", QCoreApplication.translate("LinearRegressionPanel", "iteration"))
        self.plot.setLabel("left", "J")
        self.legend.clear()
        self.legend.addItem(self.loss_curve, "J")
        self.legend.addItem(self.excess_curve, QCoreApplication.translate(
            "LinearRegressionPanel", "J − J* (distance to the exact loss)"))


def linear_formulas(standardized: bool, scale: float) -> list[Formula]:
    """The formula pane's rows, in the run's coordinates (z for standardized x), with the
    intercept's rate factor s in θ0's update where it is not 1."""
    x = "z" if standardized else "x"
    h = rf"h_\theta({x}^{{(i)}}) - y^{{(i)}}"
    hp = f"h_θ({x}⁽ⁱ⁾) − y⁽ⁱ⁾"
    rate0 = r"s\,\alpha" if scale != 1.0 else r"\alpha"
    rate0p = "s·α" if scale != 1.0 else "α"
    return [
        Formula("model", rf"h_\theta({x}) = \theta_0 + \theta_1 {x}", f"h_θ({x}) = θ₀ + θ₁·{x}"),
        Formula("loss", rf"J(\theta) = \frac{{1}}{{2m}}\sum_{{i=1}}^{{m}}\left({h}\right)^2",
                f"J(θ) = 1/(2m)·Σᵢ ({hp})²"),
        Formula("mse", rf"\mathrm{{MSE}} = \frac{{1}}{{m}}\sum_{{i=1}}^{{m}}\left({h}\right)^2 = 2J",
                f"MSE = (1/m)·Σᵢ ({hp})² = 2J"),
        Formula("grad0", rf"\frac{{\partial J}}{{\partial \theta_0}} = \frac{{1}}{{m}}\sum_{{i=1}}^{{m}}\left({h}\right)",
                f"∂J/∂θ₀ = (1/m)·Σᵢ ({hp})"),
        Formula("grad1", rf"\frac{{\partial J}}{{\partial \theta_1}} = \frac{{1}}{{m}}\sum_{{i=1}}^{{m}}"
                         rf"\left({h}\right){x}^{{(i)}}",
                f"∂J/∂θ₁ = (1/m)·Σᵢ ({hp})·{x}⁽ⁱ⁾"),
        Formula("upd0", rf"\theta_0 \coloneqq \theta_0 - {rate0}\,\frac{{\partial J}}{{\partial \theta_0}}",
                f"θ₀ := θ₀ − {rate0p}·∂J/∂θ₀"),
        Formula("upd1", r"\theta_1 \coloneqq \theta_1 - \alpha\,\frac{\partial J}{\partial \theta_1}",
                "θ₁ := θ₁ − α·∂J/∂θ₁"),
    ]


class FormulaView:
    """The formulas of the descent (typeset once), with the numbers of the iteration shown
    (rich text, cheap to change), in a scroll area."""

    def __init__(self) -> None:
        self.pane = FormulaPane(linear_formulas(False, 1.0))
        self._form = (False, False)  # (standardized, a rate factor other than 1): the formulas' form
        self.area = QScrollArea()
        self.area.setWidget(self.pane)
        self.area.setWidgetResizable(True)
        self.area.setFrameShape(QScrollArea.Shape.NoFrame)
        self._frame: FormulaFrame | None = None
        self._step: StepFrame | None = None
        # the step that led here, under the header (wrapped: it is a sentence of numbers)
        self.step_pane = TextPane(self.pane, lines=2)
        layout = self.pane.layout()
        assert isinstance(layout, QBoxLayout)
        layout.insertWidget(layout.indexOf(self.pane.header) + 1, self.step_pane)

    def is_shown(self) -> bool:
        return self.pane.isVisible()

    def frame(self) -> FormulaFrame | None:
        """The frame whose numbers are shown."""
        return self._frame

    def set_form(self, standardized: bool, scale: float) -> None:
        """The formulas for these settings (z for standardized x; s where the intercept's
        rate factor is not 1). Cheap when they are unchanged: the lab calls it every frame."""
        form = (standardized, scale != 1.0)
        if form != self._form:
            for f in linear_formulas(standardized, scale):
                self.pane.set_formula(f)
            self._form = form

    def draw(self, frame: FormulaFrame) -> None:
        """The numbers of `frame` (and the formulas' form, when the settings changed it)."""
        self.set_form(frame.standardize, frame.scale)
        self._frame = frame
        for key, html in texts.formula_numbers(frame).items():
            self.pane.set_numbers(key, html)
        rule = frame.rule_step
        # the update rows are plain gradient descent's: another rule's step is said in the note
        for key in ("upd0", "upd1"):
            self.pane.row(key).setVisible(rule is None)
        self.pane.set_header(texts.formula_header(frame.iteration, None if rule is None else rule.rule))
        self.step_pane.set_text(self.last_step())
        note = texts.formula_note(frame.standardize, frame.scale, frame.mu, frame.sigma)
        if rule is not None:
            note = texts.rule_update(rule, frame.lr, frame.scale) + "<br>" + note
        self.pane.set_note(note)

    def draw_step(self, frame: StepFrame) -> None:
        """The step that led to the iteration shown, under the header (with `draw`'s numbers)."""
        self._step = frame
        self.step_pane.set_text(self.last_step())

    def last_step(self) -> str:
        """The last-step line shown ("" at iteration 0)."""
        f = self._step
        if f is None or self._frame is None or f.iteration != self._frame.iteration:
            return ""
        return texts.last_step(f.previous, f.prev_grad, f.current, f.iteration)

    def retranslate(self) -> None:
        for key, text in texts.formula_captions().items():
            self.pane.set_caption(key, text)
        if self._frame is not None:
            self.draw(self._frame)


# each rule's colour in the race (path, point, loss curve, readout): distinct on the surface's
# viridis bands and on the white loss plot
RACE_COLOURS = {
    "gd": (228, 26, 28), "sgd": (255, 127, 0), "momentum": (255, 0, 255), "nesterov": (140, 80, 20),
    "adagrad": (247, 129, 191), "rmsprop": (0, 190, 255), "adam": (20, 20, 20),
}


class RaceLayer:
    """The racers on the loss surface (path and point) and on the loss plot (J), one colour
    per rule; built once per rule, shown only while it races."""

    def __init__(self, surface: pg.PlotWidget, loss: pg.PlotWidget, loss_legend: OutsideLegend) -> None:
        self.paths: dict[str, pg.PlotCurveItem] = {}
        self.points: dict[str, pg.ScatterPlotItem] = {}
        self.curves: dict[str, pg.PlotCurveItem] = {}
        self._legend = loss_legend
        # not antialiased: several thick antialiased paths cost ~7 ms a frame (60 frames/s bar)
        for rule, colour in RACE_COLOURS.items():
            self.paths[rule] = pg.PlotCurveItem(pen=pg.mkPen(colour, width=2), skipFiniteCheck=True, antialias=False)
            self.points[rule] = pg.ScatterPlotItem(size=10, symbol="o", pen=pg.mkPen("w", width=1.5),
                                                   brush=pg.mkBrush(*colour))
            self.points[rule].setData([0.0], [0.0])  # drawn at the origin, moved with setPos
            self.curves[rule] = pg.PlotCurveItem(pen=pg.mkPen(colour, width=1.5), skipFiniteCheck=True, antialias=False)
            surface.addItem(self.paths[rule], ignoreBounds=True)
            surface.addItem(self.points[rule], ignoreBounds=True)
            loss.addItem(self.curves[rule])
            for item in (self.paths[rule], self.points[rule], self.curves[rule]):
                item.setZValue(5)
                item.hide()
        self.shown: tuple[str, ...] = ()

    def draw(self, frame: RaceFrame | None) -> None:
        rules = tuple(r.rule for r in frame.racers) if frame is not None else ()
        if rules != self.shown:
            for rule in RACE_COLOURS:
                for item in (self.paths[rule], self.points[rule], self.curves[rule]):
                    item.setVisible(rule in rules)
            self.shown = rules
        if frame is None:
            return
        for r in frame.racers:
            self.paths[r.rule].setData(*r.path)
            c0, c1 = r.current
            if math.isfinite(c0) and math.isfinite(c1):
                self.points[r.rule].setPos(c0, c1)
            self.curves[r.rule].setData(*r.loss)


class RaceReadout(QTableWidget):
    """Per racer: its iteration, J there, when it came within the tolerance (iteration and
    compute time) or "diverged"; each row in its rule's colour."""

    COLUMNS = 5

    def __init__(self) -> None:
        super().__init__(0, self.COLUMNS)
        self.verticalHeader().hide()
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)  # J takes the room left
        self._tol = RACE_TOL
        self._names: dict[str, str] = {}

    def _fit_names(self) -> None:
        """The rules' column as wide as its header and its longest name (ResizeToContents
        cut the Chinese header by 2 px with no rows yet)."""
        label = self.horizontalHeaderItem(0)
        header = self.horizontalHeader().fontMetrics().horizontalAdvance(label.text() if label is not None else "")
        names = [self.fontMetrics().horizontalAdvance(n) for n in self._names.values()]
        self.setColumnWidth(0, max([header, *names]) + 20)

    def draw(self, frame: RaceFrame | None, names: dict[str, str]) -> None:
        if names != self._names:
            self._names = dict(names)
            self._fit_names()
        racers = frame.racers if frame is not None else ()
        if frame is not None and frame.tol != self._tol:
            self._tol = frame.tol
            self.retranslate()
        if self.rowCount() != len(racers):
            self.setRowCount(len(racers))
        for i, r in enumerate(racers):
            s = r.standing
            if s is None:
                continue
            values = [
                names.get(r.rule, r.rule),
                f"{s.iteration:,}",
                texts.num(s.loss, 6),
                QCoreApplication.translate("LinearRegressionPanel", "diverged") if s.diverged and s.arrival is None
                else ("—" if s.arrival is None else f"{s.arrival:,}"),
                "—" if s.seconds is None else f"{s.seconds * 1000:.2f}",
            ]
            for col, value in enumerate(values):
                item = self.item(i, col)
                if item is None:
                    item = QTableWidgetItem()
                    self.setItem(i, col, item)
                if item.text() != value:
                    item.setText(value)
                if col == 0:
                    item.setForeground(QColor(*RACE_COLOURS.get(r.rule, (0, 0, 0))))
                    item.setData(Qt.ItemDataRole.UserRole, r.rule)

    def cell(self, rule: str, column: int) -> str:
        """The text of a racer's cell (tests)."""
        for i in range(self.rowCount()):
            name, cell = self.item(i, 0), self.item(i, column)
            if name is not None and cell is not None and name.data(Qt.ItemDataRole.UserRole) == rule:
                return cell.text()
        raise KeyError(rule)

    def retranslate(self) -> None:
        self.setHorizontalHeaderLabels([
            QCoreApplication.translate("LinearRegressionPanel", "Rule"), QCoreApplication.translate("LinearRegressionPanel", "Iteration"), "J",
            QCoreApplication.translate("LinearRegressionPanel", "Arrived"), QCoreApplication.translate("LinearRegressionPanel", "ms")])
        tip = QCoreApplication.translate("LinearRegressionPanel",
                "Arrived: the first iteration where J − J* ≤ {tol}·(J0 − J*); ms: the compute time it took to "
                "get there (this machine, measured as it ran); “diverged”: the run blew up").format(
            tol=f"{self._tol:g}")
        fm = self.horizontalHeader().fontMetrics()
        for col, least in ((1, "00,000"), (3, "diverged"), (4, "00.00")):  # the widest values they show
            label = self.horizontalHeaderItem(col)
            text = label.text() if label is not None else ""
            self.setColumnWidth(col, max(fm.horizontalAdvance(text), fm.horizontalAdvance(least)) + 12)
        self._fit_names()
        for col in (3, 4):
            header = self.horizontalHeaderItem(col)
            if header is not None:
                header.setToolTip(tip)
        self.setToolTip(tip)
