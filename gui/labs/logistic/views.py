"""The Logistic Regression lab's views: the map with its points, the loss and accuracy
curves, and (LabViews) the two with the confusion matrix, laid out and drawn from the
controller. Each is built once and draws the controller's frames with setData / setImage;
the words they show (titles, legend entries) are texts.py's, said in the panel's
translation context.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import QGridLayout, QScrollArea, QTabWidget, QWidget

from core import datasets2d as ds
from core.class_map import CLASS_COLORS, LEVELS, color_table, map_colors
from gui.labs.logistic import texts
from gui.labs.logistic.contour import ContourView
from gui.labs.logistic.controller import CurvesFrame, FormulaFrame, LogisticController, MapFrame
from gui.labs.logistic_work import Numbers
from gui.widgets.confusion import ConfusionView
from gui.widgets.formula import Formula, FormulaPane
from gui.widgets.legend import OutsideLegend
from gui.widgets.plots import align_left_axes, make_colour_bar, make_plot
from gui.widgets.points_view import PointsViewBox


BAR_WIDTH_PX = 12  # the colour bar's strip
BAR_AXIS_PX = 44  # its ticks and label beside it


def class_brushes(alpha: int = 220) -> list[QBrush]:
    return [pg.mkBrush(*c, alpha) for c in CLASS_COLORS]


def class_pens(width: float = 1.0) -> list:
    return [pg.mkPen(*c, width=width) for c in CLASS_COLORS]


class MapView:
    """The probability map, its boundaries, the points (filled: training, hollow squares:
    held out) and the misclassified ones, with the classes' legend under the plot."""

    def __init__(self) -> None:
        self.points_vb = PointsViewBox()
        self.plot = make_plot(viewBox=self.points_vb)
        self.image = pg.ImageItem()
        self.points_vb.addItem(self.image, ignoreBounds=True)
        self.image.setZValue(-10)
        self.boundary = pg.PlotCurveItem(pen=pg.mkPen((20, 20, 20), width=2.5), connect="pairs",
                                         skipFiniteCheck=True)
        self.plot.addItem(self.boundary, ignoreBounds=True)
        self.model_lines: list[pg.PlotCurveItem] = []
        self.train_scatter = pg.ScatterPlotItem(size=7, pen=pg.mkPen(255, 255, 255, 180, width=0.8))
        self.test_scatter = pg.ScatterPlotItem(size=8, symbol="s", brush=pg.mkBrush(255, 255, 255, 230))
        self._wrong_items: dict[tuple[int, int, int], pg.ScatterPlotItem] = {}
        for item in (self.train_scatter, self.test_scatter):
            self.plot.addItem(item)
        # under the map, never over the points (it covered a corner, and most of the map at
        # 1024×700 with six classes)
        self.legend = OutsideLegend(self.plot.getPlotItem())
        self._legend_items: list[pg.ScatterPlotItem] = []
        self._brushes = class_brushes()
        self._pens = class_pens(2.5)
        self.drawn_key: tuple | None = None  # the frame's key last drawn
        # what the map's colours mean, right of the plot (never over the points): P(class 1)
        # for two classes, the winning class's confidence for more (set_color_bar)
        self.color_bar = make_colour_bar(self.plot, self.plot.getPlotItem(), values=(0.0, 1.0), width=BAR_WIDTH_PX,
                                         interactive=False, rounding=0.01, colorMap=probability_colormap(),
                                         pen=pg.mkPen((120, 120, 120)))
        self.color_bar.axis.setTicks([[(0.0, "0"), (0.5, "0.5"), (1.0, "1")]])
        layout = self.plot.getPlotItem().layout
        layout.addItem(self.color_bar, 2, 5)
        layout.setColumnFixedWidth(4, 4)
        # room for the ticks and the label at any width (at 1024×700 the label was cut off)
        self.color_bar.axis.setWidth(BAR_AXIS_PX)
        layout.setColumnFixedWidth(5, BAR_WIDTH_PX + BAR_AXIS_PX)
        # the title over the plot and the bar: its width alone made the plot wider than its
        # widget at 1024×700, which cut the bar off
        title = self.plot.getPlotItem().titleLabel
        layout.removeItem(title)
        layout.addItem(title, 0, 1, 1, 5)
        self.color_bar_kind = "binary"  # "binary": P(class 1); "confidence": of the winning class

    def set_color_bar(self, binary: bool, label: str) -> None:
        """The colour bar for two classes (P of the second, the map's own colours) or more
        (the winning class's confidence: the shading every class's colour takes)."""
        kind = "binary" if binary else "confidence"
        if kind != self.color_bar_kind:
            self.color_bar.setColorMap(probability_colormap() if binary else confidence_colormap())
            self.color_bar_kind = kind
        self.color_bar.axis.setLabel(label)

    def view_range(self) -> tuple[tuple[float, float], tuple[float, float]]:
        (x0, x1), (y0, y1) = self.points_vb.viewRange()
        return (float(x0), float(x1)), (float(y0), float(y1))

    def set_classes(self, names: Sequence[str]) -> None:
        """The legend: one entry per class, in its colour."""
        self.legend.clear()
        self._legend_items = []
        for c, name in enumerate(names):
            sample = pg.ScatterPlotItem(size=9, brush=self._brushes[c], pen=pg.mkPen("w"))
            self._legend_items.append(sample)
            self.legend.addItem(sample, name)

    def set_points(self, data: ds.Labeled, drawn: np.ndarray, mask: np.ndarray) -> None:
        """The points drawn (a sample of big data): training points filled in their class's
        colour, held-out ones as squares outlined in it."""
        X, y, test = data.X[drawn], data.y[drawn], mask[drawn]
        train = ~test
        self.points_vb.set_points(X[:, 0], X[:, 1])
        self.train_scatter.setData(X[train, 0], X[train, 1], brush=[self._brushes[k] for k in y[train]])
        self.test_scatter.setData(X[test, 0], X[test, 1], pen=[pg.mkPen(*CLASS_COLORS[k], width=2) for k in y[test]])

    def draw(self, frame: MapFrame) -> None:
        self.drawn_key = frame.key
        self.image.setImage(frame.rgb, autoLevels=False)
        self.image.setRect(QRectF(*frame.rect))
        self.boundary.setData(*frame.boundary)
        count = len(frame.model_lines)
        while len(self.model_lines) < count:
            line = pg.PlotCurveItem(connect="pairs", skipFiniteCheck=True)
            self.plot.addItem(line, ignoreBounds=True)
            self.model_lines.append(line)
        for p, line in enumerate(self.model_lines):
            if p >= count:
                line.hide()
                continue
            pos, lx, ly = frame.model_lines[p]
            line.setPen(pg.mkPen(*CLASS_COLORS[pos], width=2, style=Qt.PenStyle.DashLine))
            line.setData(lx, ly)
            line.show()

    def draw_misclassified(self, numbers: Numbers, data: ds.Labeled, drawn: np.ndarray, mask: np.ndarray) -> None:
        """One scatter per (true, predicted, train/test): each has a single pen and brush,
        so thousands of misclassified points cost no per-point styling."""
        X, y, test = data.X[drawn], data.y[drawn], mask[drawn]
        wrong, pred = numbers.wrong_drawn, numbers.pred_drawn
        seen = set()
        if wrong.any():
            # one integer per (true, predicted, test) group: a 1-D unique, not a row-wise one
            k = data.k
            code = np.where(wrong, (y * k + pred) * 2 + test, -1)
            for key in np.unique(code[wrong]):
                c, d, t = int(key) // 2 // k, int(key) // 2 % k, int(key) % 2
                sel = code == key
                item = self._wrong_items.get((c, d, t))
                if item is None:
                    item = pg.ScatterPlotItem(size=9, symbol="s" if t else "o", pen=self._pens[c],
                                              brush=self._brushes[d])
                    item.setZValue(5)
                    self.plot.addItem(item)
                    self._wrong_items[(c, d, t)] = item
                item.setData(X[sel, 0], X[sel, 1])
                item.show()
                seen.add((c, d, t))
        for key, item in self._wrong_items.items():
            if key not in seen and item.isVisible():
                item.setData([], [])
                item.hide()


def probability_colors(n: int = 257) -> np.ndarray:
    """(n, 3) uint8: the two-class map's colour where P(class 1) goes from 0 to 1 (the map's
    own function on those probabilities: the bar cannot drift from the map)."""
    p = np.linspace(0.0, 1.0, n)
    return map_colors(np.vstack([1.0 - p, p]), "binary", None)


def probability_colormap() -> pg.ColorMap:
    colors = probability_colors()
    return pg.ColorMap(np.linspace(0.0, 1.0, len(colors)), colors)


def confidence_colormap() -> pg.ColorMap:
    """The shading of every class's colour from unsure (0) to sure (1), shown in grey."""
    colors = color_table(((70, 70, 70),), levels=LEVELS)[:-1]
    return pg.ColorMap(np.linspace(0.0, 1.0, len(colors)), colors)


class CurvesView:
    """The loss (with the exact optimum's level) and accuracy curves, train solid and test
    dashed, sharing their iterations axis; the ranges grow now and then, not every frame,
    and stay where the user put them."""

    def __init__(self) -> None:
        self.loss_plot = make_plot(counts=True)  # x: iterations from 0, whole numbers
        self.loss_train = pg.PlotCurveItem(pen=pg.mkPen((31, 119, 180), width=2), skipFiniteCheck=True)
        self.loss_test = pg.PlotCurveItem(pen=pg.mkPen((31, 119, 180), width=2, style=Qt.PenStyle.DashLine),
                                          skipFiniteCheck=True)
        ref_pen = pg.mkPen((90, 90, 90), width=1.5, style=Qt.PenStyle.DashLine)
        self.loss_ref = pg.InfiniteLine(angle=0, pen=ref_pen)
        self._ref_legend_sample = pg.PlotDataItem(pen=ref_pen)  # legends cannot draw an InfiniteLine
        self.loss_cursor = pg.InfiniteLine(angle=90, pen=pg.mkPen((214, 39, 40)))
        self.acc_plot = make_plot(counts=True)
        self.acc_train = pg.PlotCurveItem(pen=pg.mkPen((44, 160, 44), width=2), skipFiniteCheck=True)
        self.acc_test = pg.PlotCurveItem(pen=pg.mkPen((44, 160, 44), width=2, style=Qt.PenStyle.DashLine),
                                         skipFiniteCheck=True)
        self.acc_cursor = pg.InfiniteLine(angle=90, pen=pg.mkPen((214, 39, 40)))
        self.loss_legend = OutsideLegend(self.loss_plot.getPlotItem())
        self.acc_legend = OutsideLegend(self.acc_plot.getPlotItem())
        for plot, items in ((self.loss_plot, (self.loss_train, self.loss_test)),
                            (self.acc_plot, (self.acc_train, self.acc_test))):
            for it in items:
                plot.addItem(it)
        self.loss_plot.addItem(self.loss_ref, ignoreBounds=True)
        self.loss_plot.addItem(self.loss_cursor, ignoreBounds=True)
        self.acc_plot.addItem(self.acc_cursor, ignoreBounds=True)
        self.acc_plot.setYRange(0, 1.02, padding=0)
        self.acc_plot.getViewBox().setLimits(yMin=-0.05, yMax=1.1)
        self.acc_plot.enableAutoRange(axis="y", enable=False)
        self.acc_plot.setXLink(self.loss_plot)
        # the iterations are read on the accuracy plot below (the two share their x range): the
        # loss plot's own axis would take the height its legend needs, at 1024×700
        self.loss_plot.hideAxis("bottom")
        # three ticks: at 1024×700 six labels on a 60 px axis ran into each other
        self.acc_plot.getAxis("left").setTicks([[(0.0, "0"), (0.5, "0.5"), (1.0, "1")]])
        # one width for both left axes: the linked x ranges then line up, both from iteration 0
        align_left_axes([self.loss_plot, self.acc_plot])
        for plot in (self.loss_plot, self.acc_plot):
            plot.getViewBox().disableAutoRange()
            plot.getViewBox().sigRangeChangedManually.connect(self._on_range_changed_manually)
            plot.setMinimumWidth(220)
        self._names = ("train", "test", "exact optimum")
        self._has_test = False
        self._has_ref = False
        self._range: tuple | None = None
        self.user_range = False  # the user zoomed or panned: the ranges stay where they are

    def set_names(self, train: str, test: str, optimum: str) -> None:
        """The legend entries, in the lab's words."""
        self._names = (train, test, optimum)
        self._fill_legends()

    def _fill_legends(self) -> None:
        """Train curves always; test curves only while points are held out; the optimum only
        while its line is drawn (none when separable)."""
        train_name, test_name, optimum = self._names
        for legend, train, test in ((self.loss_legend, self.loss_train, self.loss_test),
                                    (self.acc_legend, self.acc_train, self.acc_test)):
            legend.clear()
            legend.addItem(train, train_name)
            if self._has_test:
                legend.addItem(test, test_name)
        if self._has_ref:
            self.loss_legend.addItem(self._ref_legend_sample, optimum)

    def draw(self, f: CurvesFrame) -> None:
        self.loss_train.setData(f.iterations, f.loss_train)
        self.acc_train.setData(f.iterations, f.accuracy_train)
        has_test = f.loss_test is not None and f.accuracy_test is not None
        if f.loss_test is not None and f.accuracy_test is not None:
            self.loss_test.setData(f.iterations, f.loss_test)
            self.acc_test.setData(f.iterations, f.accuracy_test)
        self.loss_test.setVisible(has_test)
        self.acc_test.setVisible(has_test)
        self.loss_cursor.setPos(f.iteration)
        self.acc_cursor.setPos(f.iteration)
        self._fit(f)
        has_ref = f.reference_loss is not None
        if f.reference_loss is not None:
            self.loss_ref.setPos(f.reference_loss)
        self.loss_ref.setVisible(has_ref)
        if (has_test, has_ref) != (self._has_test, self._has_ref):
            self._has_test, self._has_ref = has_test, has_ref
            self._fill_legends()

    def _fit(self, f: CurvesFrame) -> None:
        """Grow the x range by half again when the run reaches its edge, and set the loss
        range from the run's first loss: axes are then redrawn now and then, not every frame
        (an axis redraw costs more than the rest of a frame). Only finite values set it."""
        if self.user_range:
            return
        losses = np.concatenate([f.loss_train] + ([f.loss_test] if f.loss_test is not None else []))
        losses = losses[np.isfinite(losses)]
        top = float(losses.max()) if losses.size else 1.0
        top = top if math.isfinite(top) and top > 0 else 1.0
        n = f.last + 1
        x1 = self._range[0] if self._range else 0
        if n - 1 > x1 or x1 > 4 * max(n, 10) or x1 < 10:
            x1 = max(10, int((n - 1) * 1.5))
        y1 = self._range[1] if self._range else 0.0
        if top > y1 or top < 0.25 * y1:
            y1 = 1.1 * top
        if (x1, y1) != self._range:
            self._range = (x1, y1)
            self.loss_plot.getViewBox().setRange(xRange=(0, x1), yRange=(0, y1), padding=0.02)

    def _on_range_changed_manually(self, *_: object) -> None:
        self.user_range = True



class LabViews:
    """The map, the curves and the confusion matrix of the controller's run: shown when a
    run is installed, drawn every frame (the map only when its frame changed), and the
    per-point numbers when they are counted."""

    def __init__(self, parent: QWidget) -> None:
        self.map, self.curves = MapView(), CurvesView()
        self.confusion = ConfusionView(parent)
        self.formulas = FormulaView()
        # the loss contours over two weights: a tab beside the map, which keeps its full size
        self.contour = ContourView(parent)
        self.map_tabs = QTabWidget(parent)
        self.map_tabs.setDocumentMode(True)
        self.map_tabs.addTab(self.map.plot, "")
        self.map_tabs.addTab(self.contour, "")

    def grid(self, info: QWidget) -> QGridLayout:
        """The map on the left over the numbers (`info`), the loss and accuracy curves on the
        right over the confusion matrix."""
        grid = QGridLayout()
        grid.addWidget(self.map_tabs, 0, 0, 2, 1)
        grid.addWidget(self.curves.loss_plot, 0, 1)
        grid.addWidget(self.curves.acc_plot, 1, 1)
        grid.addWidget(info, 2, 0)
        grid.addWidget(self.confusion, 2, 1)
        grid.setColumnStretch(0, 5)
        grid.setColumnStretch(1, 3)
        grid.setRowStretch(0, 3)
        grid.setRowStretch(1, 3)
        grid.setRowStretch(2, 2)
        return grid

    def set_words(self, c: LogisticController) -> None:
        """Titles, axis and legends in the current language."""
        self.map.set_color_bar(c.gd.decomposition.kind == "binary", texts.color_bar_label(c))
        self.formulas.retranslate(c)
        words = texts.plot_words()
        self.map.plot.setTitle(words["map"])
        self.curves.loss_plot.setTitle(words["loss"])
        self.curves.acc_plot.setTitle(words["accuracy"])
        self.curves.acc_plot.setLabel("bottom", words["iteration"])
        self.curves.set_names(words["train"], words["test"], words["optimum"])
        self.map_tabs.setTabText(0, texts.map_tab())
        self.map_tabs.setTabText(1, texts.contour_tab())
        self.map_tabs.setTabToolTip(1, texts.contour_tab_tip())
        self.contour.set_words(texts.weight_names(3), texts.contour_bar_label(), texts.contour_axes_tip(),
                               texts.current_tip())

    def contour_shown(self) -> bool:
        return self.map_tabs.currentWidget() is self.contour

    def draw_contour(self, c: LogisticController, playing: bool) -> None:
        """The loss-contour view: its range fitted, a new slice asked for when it is due
        (controller.contour decides), the path and the current point drawn, the words set."""
        f = c.contour.frame()
        self.contour.fit(f, c.serial)
        if not f.unavailable:
            c.contour.request(self.contour.view_range(), playing)
            f = c.contour.frame()  # a slice made here is in it now
        self.contour.draw(f)
        if f.unavailable:
            self.contour.unavailable.setText(texts.contour_unavailable(f.unavailable))
            return
        names = texts.weight_names(3)
        held = f.grid.held_value if f.grid is not None else f.held_value
        label = texts.slice_label(names[f.held], held)
        if c.contour.error is not None:  # the last slice failed: the bands drawn are older
            label += " — " + texts.contour_failed(texts.reason(c.contour.error))
        tip = texts.optimum_tip(names[f.held], f.optimum_held, f.held_value) if f.optimum_held is not None else ""
        self.contour.set_texts(label, tip, names[f.axes[0]], names[f.axes[1]])

    def show_run(self, c: LogisticController, refit: bool) -> None:
        """A new run: its points (unless they are the last run's), and ranges that follow it."""
        if not c.same_points:
            self.map.set_points(c.data, c.drawn, c.mask)
        if refit:
            self.map.points_vb.enableAutoRange()
        self.map.drawn_key = None
        self.map.set_color_bar(c.gd.decomposition.kind == "binary", texts.color_bar_label(c))
        self.formulas.set_form(c)
        self.curves.user_range = False
        self.contour.user_range = False

    def draw(self, c: LogisticController, models: bool) -> CurvesFrame:
        """One frame: the map (with each model's boundary when `models`) and the curves. The
        map only while its tab is shown (showing it again draws it: its key is then stale)."""
        view = self.map.view_range()
        if not self.contour_shown() and (c.frame_key(), view, models) != self.map.drawn_key:
            frame = c.map_frame(view, models)
            if frame is not None:  # else a view that cannot be drawn: the last map stays
                self.map.draw(frame)
        f = c.curves_frame()
        self.curves.draw(f)
        return f

    def draw_numbers(self, numbers: Numbers, c: LogisticController, test: bool) -> None:
        """The misclassified points and the confusion matrix (of the test points when `test`
        and some are held out)."""
        self.map.draw_misclassified(numbers, c.data, c.drawn, c.mask)
        self.draw_confusion(c, test)

    def draw_confusion(self, c: LogisticController, test: bool) -> None:
        """The confusion matrix of the run's last numbers (none yet: the last one drawn stays)."""
        numbers = c.numbers()
        if numbers is None:
            return
        test = test and bool(c.mask.any())
        cm = numbers.confusion_test if test else numbers.confusion_train
        names = [str(lbl) for lbl in c.data.labels]
        self.confusion.set_matrix(cm, names, texts.confusion_labels(names))
        self.confusion.set_title(texts.confusion_title(test, cm))


def logistic_formulas(kind: str, l2: bool, poly: bool) -> list[Formula]:
    """The formula pane's rows for a strategy: σ, the model(s), the mean cross-entropy (with
    the L2 term when it is on, as core.logreg.Objective computes it), the gradient, the
    update, and Newton's optimum. Symbols only: the words are the captions."""
    x = r"\varphi(x)" if poly else "x"
    xp = "φ(x)" if poly else "x"
    reg = r" + \frac{\lambda}{2}\|w\|^2" if l2 else ""
    regp = " + (λ/2)·‖w‖²" if l2 else ""
    lw = r" + \lambda w" if l2 else ""
    lwp = " + λ·w" if l2 else ""
    sig = Formula("sigmoid", r"\sigma(z) = \frac{1}{1 + e^{-z}}", "σ(z) = 1/(1 + e^(−z))")
    if kind == "softmax":
        model = Formula("model", rf"z_c = w_c \cdot {x} + b_c,\quad p_c = \frac{{e^{{z_c}}}}{{\sum_{{j=1}}^{{K}} e^{{z_j}}}}",
                        f"z_c = w_c·{xp} + b_c,  p_c = e^(z_c) / Σⱼ e^(z_j)")
        loss = Formula("loss", rf"J = -\frac{{1}}{{m}}\sum_{{i=1}}^{{m}} \log p_{{y^{{(i)}}}}^{{(i)}}"
                               + (r" + \frac{\lambda}{2}\sum_{c=1}^{K}\|w_c\|^2" if l2 else ""),
                       "J = −(1/m)·Σᵢ log p_(y⁽ⁱ⁾)⁽ⁱ⁾" + (" + (λ/2)·Σ_c ‖w_c‖²" if l2 else ""))
        grad = Formula("grad", rf"\nabla_{{w_c}} J = \frac{{1}}{{m}}\sum_{{i=1}}^{{m}}\left(p_c^{{(i)}} - y_c^{{(i)}}\right)"
                               rf"{x}^{{(i)}}{lw.replace('w', 'w_c')}",
                       f"∇_(w_c) J = (1/m)·Σᵢ (p_c⁽ⁱ⁾ − y_c⁽ⁱ⁾)·{xp}⁽ⁱ⁾{lwp.replace('w', 'w_c')}")
        gradb = Formula("gradb", r"\frac{\partial J}{\partial b_c} = \frac{1}{m}\sum_{i=1}^{m}\left(p_c^{(i)} - y_c^{(i)}\right)",
                        "∂J/∂b_c = (1/m)·Σᵢ (p_c⁽ⁱ⁾ − y_c⁽ⁱ⁾)")
        update = Formula("update", r"w_c \coloneqq w_c - \alpha\,\nabla_{w_c} J,\quad b_c \coloneqq b_c - \alpha\,\frac{\partial J}{\partial b_c}",
                         "w_c := w_c − α·∇_(w_c) J,  b_c := b_c − α·∂J/∂b_c")
    else:
        if kind == "binary":
            model = Formula("model", rf"p = \sigma(w \cdot {x} + b)", f"p = σ(w·{xp} + b)")
        elif kind == "ovr":
            model = Formula("model", rf"p_c = \sigma(w_c \cdot {x} + b_c),\quad \hat y = \arg\max_c p_c",
                            f"p_c = σ(w_c·{xp} + b_c),  ŷ = argmax_c p_c")
        else:
            model = Formula("model", rf"p_{{ij}} = \sigma(w_{{ij}} \cdot {x} + b_{{ij}}),\quad i < j",
                            f"p_ij = σ(w_ij·{xp} + b_ij),  i < j")
        loss = Formula("loss", r"J = -\frac{1}{m}\sum_{i=1}^{m}\left[y^{(i)}\log p^{(i)} + "
                               r"\left(1 - y^{(i)}\right)\log\left(1 - p^{(i)}\right)\right]" + reg,
                       "J = −(1/m)·Σᵢ [y⁽ⁱ⁾·log p⁽ⁱ⁾ + (1 − y⁽ⁱ⁾)·log(1 − p⁽ⁱ⁾)]" + regp)
        grad = Formula("grad", rf"\nabla_w J = \frac{{1}}{{m}}\sum_{{i=1}}^{{m}}\left(p^{{(i)}} - y^{{(i)}}\right){x}^{{(i)}}{lw}",
                       f"∇_w J = (1/m)·Σᵢ (p⁽ⁱ⁾ − y⁽ⁱ⁾)·{xp}⁽ⁱ⁾{lwp}")
        gradb = Formula("gradb", r"\frac{\partial J}{\partial b} = \frac{1}{m}\sum_{i=1}^{m}\left(p^{(i)} - y^{(i)}\right)",
                        "∂J/∂b = (1/m)·Σᵢ (p⁽ⁱ⁾ − y⁽ⁱ⁾)")
        update = Formula("update", r"w \coloneqq w - \alpha\,\nabla_w J,\quad b \coloneqq b - \alpha\,\frac{\partial J}{\partial b}",
                         "w := w − α·∇_w J,  b := b − α·∂J/∂b")
    exact = Formula("exact", r"\nabla J(w^{*}, b^{*}) = 0", "∇J(w*, b*) = 0")
    return [sig, model, loss, grad, gradb, update, exact]


class FormulaView:
    """The formulas of the descent for the run's strategy (typeset when first shown, again
    only when the strategy, the penalty or the features change their form), with the numbers
    of the model shown (rich text, cheap to change), in a scroll area."""

    def __init__(self) -> None:
        self._form = ("binary", False, False)
        self.pane = FormulaPane(logistic_formulas(*self._form), scale=1.0)  # the widest fits 1024×700
        self.area = QScrollArea()
        self.area.setWidget(self.pane)
        self.area.setWidgetResizable(True)
        self.area.setFrameShape(QScrollArea.Shape.NoFrame)
        self._frame: FormulaFrame | None = None

    def frame(self) -> FormulaFrame | None:
        """The frame whose numbers are shown."""
        return self._frame

    def set_form(self, c: LogisticController) -> None:
        """The formulas of the run's strategy, penalty and features (cheap when unchanged)."""
        cfg = c.gd.config
        form = (c.gd.decomposition.kind, cfg.l2_C is not None, cfg.poly)
        if form != self._form:
            for f in logistic_formulas(*form):
                self.pane.set_formula(f)
            self._form = form
            self.retranslate(c)

    def draw(self, c: LogisticController, frame: FormulaFrame) -> None:
        """The numbers of `frame` substituted."""
        self.set_form(c)
        self._frame = frame
        for key, html in texts.formula_numbers(c, frame).items():
            self.pane.set_numbers(key, html)
        self.pane.set_header(texts.formula_header(frame))
        self.pane.set_note(texts.formula_note(frame))

    def retranslate(self, c: LogisticController) -> None:
        for key, text in texts.formula_captions(self._form[0]).items():
            self.pane.set_caption(key, text)
        if self._frame is not None:
            self.draw(c, self._frame)
