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
from PySide6.QtWidgets import QScrollArea

from gui.labs.linear import texts
from gui.labs.linear.controller import FormulaFrame, PointsFrame, RunFrame, Span, SurfaceFrame, ViewRange
from gui.widgets.formula import Formula, FormulaPane
from gui.widgets.legend import OutsideLegend
from gui.widgets.plots import make_plot
from gui.widgets.points_view import PointsViewBox

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
        # under the plot, never over the points (it covered a corner of the data)
        self.legend = OutsideLegend(self.plot.getPlotItem())
        self._shown: tuple[np.ndarray, np.ndarray] = (np.empty(0), np.empty(0))

    def set_points(self, frame: PointsFrame, refit: bool) -> None:
        """A new data set (refit: the view fits it) or edited points (the view stays)."""
        self._shown = (frame.x, frame.y)
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

    def retranslate(self) -> None:
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
        for item in (self.path_item, self.start_marker, self.ols_marker, self.current_marker):
            self.plot.addItem(item)
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
        self.label(standardized)


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

    def _fit(self, frame: RunFrame) -> None:
        """Grow the range in big steps (x: ×1.5, y: decades) instead of every frame, so the
        axes are not redrawn in each animation frame. Only finite, positive values reach the
        range: a NaN or inf here made the axes raise and the lab stop."""
        if self.user_range or frame.span is None:
            return
        lo, hi = frame.span
        # the lower edge moves in steps of 3 decades: J − J* falls by a decade every few frames
        y0 = 3 * math.floor(math.log10(lo) / 3)
        y1 = math.ceil(math.log10(hi))
        if y1 <= y0:
            y1 = y0 + 1
        n = frame.count
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
        self.pane.set_header(texts.formula_header(frame.iteration))
        self.pane.set_note(texts.formula_note(frame.standardize, frame.scale, frame.mu, frame.sigma))

    def retranslate(self) -> None:
        for key, text in texts.formula_captions().items():
            self.pane.set_caption(key, text)
        if self._frame is not None:
            self.draw(self._frame)
