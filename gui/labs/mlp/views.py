"""The Neural Network lab's views: each is built once and updated with setData/setImage.
The panel calls their retranslate_ui (their names of classes come from it).

The batch losses and the per-epoch curves (gui/widgets/curves.py: Export… writes their
numbers), the confusion matrix with the images of one cell (gui/widgets/confusion.py), the
gallery of test images with their top-3 probabilities and the first-layer weights with a
colour scale (grids of gui/widgets/image_grid.py), and the bar chart of one's own image;
InsideView holds the last four as tabs. They draw the controller's frames
(gui/labs/mlp/controller.py) and know nothing of training.
"""

from __future__ import annotations

import math
from typing import Any, Callable, Sequence

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, QPointF, Qt, Signal, Slot
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSlider,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from gui.labs.mlp.controller import BatchFrame, EpochFrame, OwnImageFrame, ScoresFrame
from gui.labs.mlp.state import MAX_WEIGHTS_PAGE, MLPState
from gui.widgets.confusion import ConfusionView
from gui.widgets.curves import CurvesPlot
from gui.widgets.image_grid import ImageGrid
from gui.widgets.plots import add_plot, add_view_box, install_menu

GALLERY = 24  # test images shown with their top-3 probabilities
GALLERY_COLUMNS = 6
GALLERY_CELL = (116, 96)  # px per image and its three bars: full class names fit
GALLERY_CAPTION = 44  # px of a cell's height for its three bars (the image has the rest)
BAR_PX = 22  # a probability of 1 in the gallery's top-3 bars
EXAMPLES = 12  # images of one confusion-matrix cell
UNITS_PER_PAGE = 32
WEIGHT_COLUMNS = 8
TRAIN_LOSS, TEST_LOSS = (31, 119, 180), (255, 127, 14)  # blue, orange
TRAIN_ACC, TEST_ACC = (44, 160, 44), (148, 103, 189)  # green, purple
BEST = (214, 39, 40)

ClassName = Callable[[int], str]


def _scrolled(widget: QWidget, resizable: bool = True) -> QScrollArea:
    """`widget` in a frameless scroll area: a page shorter than its content scrolls rather
    than pushing the plots above it smaller (or being cut)."""
    area = QScrollArea()
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setWidgetResizable(resizable)
    area.setWidget(widget)
    return area


def _x_of(row: dict) -> float:
    """Where a metrics row sits on the epoch axis: epochs of training behind it, 1-based
    (an epoch's end is epoch + 1; a run stopped a quarter into the third, 2.25)."""
    done = row.get("epochs_completed")
    return float(done) if isinstance(done, (int, float)) else float(row["epoch"]) + 1.0


class BatchLossView(CurvesPlot):
    """Every batch loss (faint) and its moving average over 50 batches, on an x axis framed
    for the whole run: a range that moves makes pyqtgraph redo both axes (ticks, text) on
    every update, the largest cost of a redraw."""

    SMOOTH = 50
    MAX_POINTS = 800  # vertices drawn per curve: painting holds the interpreter too

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.raw = self.add_curve("raw", max_points=self.MAX_POINTS, pen=pg.mkPen(31, 119, 180, 60), antialias=False)
        self.smooth = self.add_curve("smooth", max_points=self.MAX_POINTS, pen=pg.mkPen((31, 119, 180), width=2))
        self._run = -1
        self._top = 0.0

    def retranslate_ui(self) -> None:
        self.plot.setTitle(QCoreApplication.translate("MLPPanel", "Loss per batch (faint) and smoothed"))
        self.plot.setLabel("bottom", QCoreApplication.translate("MLPPanel", "batch"))
        self.set_names({"raw": self.tr("loss"),
                        "smooth": self.tr("moving average over {n} batches").format(n=self.SMOOTH)})

    def show_frame(self, frame: BatchFrame) -> None:
        y = frame.losses
        if frame.run != self._run:  # a new run (or model): frame it afresh
            self._run, self._top = frame.run, 0.0
            self.item.disableAutoRange()
            self.item.setXRange(0, max(frame.planned, 1), padding=0.01)
        if y.size == 0:
            self.clear_curves()
            return
        finite = y[np.isfinite(y)]
        top = float(finite.max()) if finite.size else 0.0
        if top > self._top:  # grows only: losses start high and fall
            self._top = top
            self.item.setYRange(0, top * 1.05, padding=0)
        self.set_curve("raw", np.arange(y.size), y)
        k = min(self.SMOOTH, y.size)
        self.set_curve("smooth", np.arange(k - 1, y.size), np.convolve(y, np.ones(k) / k, mode="valid"))


class EpochView(CurvesPlot):
    """Loss and accuracy per epoch, train and test told apart by colour and marker, with
    the epoch of the best test accuracy marked and labelled."""

    KEYS = ("train_loss", "test_loss", "train_acc", "test_acc")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, legend=True)

        def curve(key: str, color: tuple[int, int, int], symbol: str, dashed: bool) -> pg.PlotDataItem:
            style = Qt.PenStyle.DashLine if dashed else Qt.PenStyle.SolidLine
            return self.add_curve(key, pen=pg.mkPen(color, width=2, style=style), symbol=symbol, symbolSize=8,
                                  symbolPen=pg.mkPen(color), symbolBrush=pg.mkBrush(color))

        self.train_loss = curve("train_loss", TRAIN_LOSS, "o", False)
        self.test_loss = curve("test_loss", TEST_LOSS, "t", True)
        self.train_acc = curve("train_acc", TRAIN_ACC, "s", False)
        self.test_acc = curve("test_acc", TEST_ACC, "d", True)
        self.curves = (self.train_loss, self.test_loss, self.train_acc, self.test_acc)
        self.best_line = pg.InfiniteLine(angle=90, pen=pg.mkPen(BEST, width=1, style=Qt.PenStyle.DotLine),
                                         label="", labelOpts={"position": 0.92, "color": BEST, "anchors": [(1, 0.5),
                                                                                                           (1, 0.5)]})
        self.item.addItem(self.best_line, ignoreBounds=True)
        self.best_line.hide()
        self._best_x = 0.0
        vb = self.item.getViewBox()
        vb.sigResized.connect(self._place_best_label)
        vb.sigXRangeChanged.connect(self._place_best_label)

    def retranslate_ui(self) -> None:
        self.plot.setTitle(self.tr("Per epoch: loss and accuracy"))
        self.plot.setLabel("bottom", self.tr("epoch"))
        self.set_names(dict(zip(self.KEYS, (self.tr("train loss"), self.tr("test loss"), self.tr("train accuracy"),
                                            self.tr("test accuracy")))))
        self._label_best()

    def _label_best(self) -> None:
        x = self._best_x
        shown = f"{x:.0f}" if abs(x - round(x)) < 1e-9 else f"{x:.2f}"
        self.best_line.label.setFormat(self.tr("best test accuracy (epoch {e})").format(e=shown))
        self._place_best_label()

    def _place_best_label(self, *_: object) -> None:
        """Keep the label inside the plot, in pixels: to the right of the line if it has room
        there, else to the left, else across the line as far as it must (it read leftwards
        over the y axis in Chinese at 1024×700, the best epoch in the middle of a narrow plot)."""
        vb = self.item.getViewBox()
        label = self.best_line.label
        room = vb.sceneBoundingRect()
        x = vb.mapViewToScene(QPointF(self._best_x, 0.0)).x()
        width = max(label.boundingRect().width(), 1.0)
        # the label spans [x − f·width, x + (1 − f)·width] for the anchor fraction f
        lo, hi = max(0.0, 1.0 - (room.right() - x) / width), min(1.0, (x - room.left()) / width)
        if lo <= 0.0 <= hi:
            f = 0.0
        elif lo <= 1.0 <= hi:
            f = 1.0
        elif lo <= hi:
            f = lo
        else:  # wider than the plot: from its left edge
            f = min(max((x - room.left()) / width, 0.0), 1.0)
        anchor = (f, 0.5)
        if label.anchors != [anchor, anchor]:
            label.anchors = [anchor, anchor]
            label.updatePosition()

    def show_frame(self, frame: EpochFrame) -> None:
        self.show_rows(frame.rows, frame.planned)

    def show_rows(self, rows: Sequence[dict], planned: int = 0) -> None:
        """Draw metrics rows (core's 0-based "epoch"; placed at epochs of training, 1-based);
        `planned` frames that many epochs while a run is under way."""
        if not rows:
            self.clear_curves()
            self.best_line.hide()
            return
        e = np.array([_x_of(r) for r in rows])
        for key in self.KEYS:
            self.set_curve(key, e, [r[key] for r in rows])
        best = int(np.argmax([r["test_acc"] for r in rows]))
        self._best_x = float(e[best])
        self.best_line.setPos(self._best_x)
        self.best_line.show()  # first: a hidden line's label does not take its new text
        self._label_best()
        first = min(1.0, float(e.min()))
        last = max(float(e.max()), float(planned), first + 1.0)
        self.plot.setXRange(first - 0.3, last + 0.3, padding=0)
        self._place_best_label()
        self.plot.getAxis("bottom").setTickSpacing(*((1, 1) if last - first <= 20 else (None, None)))


class GalleryView(QWidget):
    """24 test images, each with its three most probable classes as bars, in a grid built
    once and then updated with setImage and setText."""

    def __init__(self, class_name: ClassName, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._class_name = class_name
        self.mistakes_check = QCheckBox(self)
        self.grid = ImageGrid(GALLERY, GALLERY_COLUMNS, captions=True, ink=True, cell_px=GALLERY_CELL,
                              caption_px=GALLERY_CAPTION)
        self.view, self.images, self.labels = self.grid.view, self.grid.images, self.grid.captions
        self.scroll_area = _scrolled(self.grid, resizable=False)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.mistakes_check)
        lay.addWidget(self.scroll_area, 1)
        self._state: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None
        self.mistakes_check.toggled.connect(self._redraw)

    def retranslate_ui(self) -> None:
        self.mistakes_check.setText(self.tr("Mistakes only"))
        self._redraw()

    def show_probs(self, probs: np.ndarray | None, test_x: np.ndarray | None = None,
                   test_y: np.ndarray | None = None) -> None:
        self._state = None if probs is None or test_x is None or test_y is None else (probs, test_x, test_y)
        self._redraw()

    @Slot()
    def _redraw(self, *_: object) -> None:
        if self._state is None:
            self.grid.set_images([])
            return
        probs, test_x, test_y = self._state
        pred = probs.argmax(axis=1)
        idx = np.arange(len(pred))
        if self.mistakes_check.isChecked():
            idx = idx[pred != test_y[: len(pred)]]
        idx = idx[:GALLERY]
        self.grid.set_images([test_x[i] for i in idx], [self._top3_html(probs[i], int(test_y[i])) for i in idx])

    def _top3_html(self, p: np.ndarray, truth: int) -> str:
        """The three most probable classes as bars: the first green when right, red when
        wrong, the others grey; the true class's name in bold wherever it appears."""
        rows = []
        for rank, c in enumerate(np.argsort(p)[::-1][:3]):
            color = ("#2ca02c" if c == truth else "#d62728") if rank == 0 else "#9a9a9a"
            width = max(1, round(BAR_PX * float(p[c])))
            name = self._class_name(int(c))
            name = f"<b>{name}</b>" if c == truth else name
            rows.append(f'<table cellspacing="0" cellpadding="0"><tr><td width="{BAR_PX + 4}">'
                        f'<table cellspacing="0" cellpadding="0"><tr><td width="{width}" height="7" '
                        f'bgcolor="{color}"></td></tr></table></td><td>{name} {p[c]:.2f}</td></tr></table>')
        return "".join(rows)


class WeightsView(QWidget):
    """The first layer's weights as 28×28 pictures, 32 units a page, on one colour scale
    (shown beside them); paging only swaps the images' data."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = QLabel(self)
        self.slider = QSlider(Qt.Orientation.Horizontal, self)
        self.grid = ImageGrid(UNITS_PER_PAGE, WEIGHT_COLUMNS, levels=None)
        self.view, self.images = self.grid.view, self.grid.images
        self.color_bar = pg.ColorBarItem(values=(-1.0, 1.0), colorMap=pg.colormap.get("CET-D1"), interactive=False,
                                         width=14, colorMapMenu=False)
        self.color_bar.setImageItem(self.images)
        self.color_bar.axis.enableAutoSIPrefix(False)  # weights read as themselves, not "×0.001"
        self.view.addItem(self.color_bar, row=0, col=WEIGHT_COLUMNS, rowspan=self.grid.rows)
        install_menu(self.view, self.color_bar.getViewBox(), self.color_bar)  # ours, not pyqtgraph's English one
        row = QHBoxLayout()
        row.addWidget(self.label)
        row.addWidget(self.slider, 1)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addLayout(row)
        lay.addWidget(self.grid, 1)
        self._first: np.ndarray | None = None
        self.slider.valueChanged.connect(self._redraw)

    def retranslate_ui(self) -> None:
        self.color_bar.axis.setLabel(self.tr("weight"))
        self._redraw()

    def show_weights(self, first: np.ndarray | None) -> None:
        """(units, 784) first-layer weights; None: nothing yet. One symmetric scale for the
        whole layer, so a page's pictures (and the next page's) compare."""
        self._first = first
        if first is not None:
            lim = float(np.abs(first).max()) if first.size else 0.0
            lim = lim if math.isfinite(lim) and lim > 0 else 1.0
            self.color_bar.setLevels((-lim, lim))
            pages = max(1, math.ceil(first.shape[0] / UNITS_PER_PAGE))
            self.slider.blockSignals(True)
            self.slider.setRange(0, pages - 1)
            self.slider.blockSignals(False)
        self._redraw()

    @Slot()
    def _redraw(self, *_: object) -> None:
        first = self._first
        if first is None:
            self.label.setText("")
            self.grid.set_images([])
            return
        start = self.slider.value() * UNITS_PER_PAGE
        stop = min(start + UNITS_PER_PAGE, first.shape[0])
        self.label.setText(self.tr("units {a}–{b} of {n}").format(a=start + 1, b=stop, n=first.shape[0]))
        self.grid.set_images([first[u].reshape(28, 28) for u in range(start, stop)], levels=self.color_bar.levels())


class OwnImageView(QWidget):
    """One's own picture as the model sees it (28×28) and its ten class probabilities as
    horizontal bars, the class names beside them (under vertical bars they ran together)."""

    open_requested = Signal()

    def __init__(self, class_name: ClassName, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._class_name = class_name
        self.button = QPushButton(self)
        self.view = pg.GraphicsLayoutWidget()
        self.box = add_view_box(self.view, row=0, col=0, lockAspect=True, invertY=True)
        self.box.setMouseEnabled(False, False)
        self.image = pg.ImageItem()
        self.box.addItem(self.image)
        self.plot = add_plot(self.view, row=0, col=1)
        self.plot.setMouseEnabled(False, False)
        self.plot.invertY(True)  # the first class on top, as in the confusion matrix
        self.plot.setXRange(0, 1, padding=0.02)
        self.plot.setYRange(-0.6, 9.6, padding=0)
        self.bars = pg.BarGraphItem(x0=np.zeros(10), y=np.arange(10), height=0.7, width=np.zeros(10),
                                    brush=(31, 119, 180))
        self.plot.addItem(self.bars)
        self.view.ci.layout.setColumnStretchFactor(0, 2)
        self.view.ci.layout.setColumnStretchFactor(1, 3)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.button)
        lay.addWidget(self.view, 1)
        self.probs: np.ndarray | None = None
        self.button.clicked.connect(self.open_requested)

    def retranslate_ui(self) -> None:
        self.button.setText(self.tr("Open an image…"))
        self.plot.setLabel("bottom", self.tr("probability"))
        axis = self.plot.getAxis("left")
        names = [self._class_name(i) for i in range(10)]
        axis.setTicks([[(i, n) for i, n in enumerate(names)]])
        font = axis.style.get("tickFont") or QApplication.font()
        width = max(QFontMetrics(font).horizontalAdvance(n) for n in names)
        axis.setWidth(width + 14)

    def show_frame(self, frame: OwnImageFrame) -> None:
        """A 28×28 uint8 picture and its (10,) probabilities; the most probable bar stands out."""
        probs = self.probs = frame.probs
        self.image.setImage(frame.image.T, levels=(0, 255))
        best = int(np.argmax(probs))
        brushes = [pg.mkBrush((214, 39, 40) if i == best else (31, 119, 180)) for i in range(10)]
        self.bars.setOpts(width=np.asarray(probs, dtype=float), brushes=brushes)


class CurvesView(QWidget):
    """The batch losses beside the per-epoch curves: what "Export curves" saves as a picture.
    Neither plot shrinks below `min_px`, whichever inner tab is on show."""

    def __init__(self, min_px: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.batch_view = BatchLossView(self)
        self.epochs_view = EpochView(self)
        self.setMinimumHeight(min_px)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.batch_view, 1)
        row.addWidget(self.epochs_view, 1)


class InsideView(QTabWidget):
    """The "look inside" pages as tabs (their titles are the panel's to set): a scores frame
    is drawn on the page on show only, and on another when it is shown (the gallery and the
    weights are many small views, and the training thread shares the interpreter)."""

    TABS = ("confusion", "gallery", "weights", "own")

    def __init__(self, class_name: ClassName, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._class_name = class_name
        self.confusion_view = ConfusionView(rates_option=True, pairs=True, examples=EXAMPLES, whole_rows=True)
        self.gallery_view = GalleryView(class_name, self)
        self.weights_view = WeightsView(self)
        self.own_view = OwnImageView(class_name, self)
        self.pages = (_scrolled(self.confusion_view), self.gallery_view, self.weights_view, self.own_view)
        for page in self.pages:
            self.addTab(page, "")
        self._frame: ScoresFrame | None = None
        self.currentChanged.connect(self._draw)

    def retranslate_ui(self) -> None:
        self.confusion_view.set_empty_text(QCoreApplication.translate(
            "ConfusionView", "Train for an epoch (or open a model) to look inside."))
        self._draw_confusion(self._frame)  # the names of the classes, whichever page is on show
        for view in (self.gallery_view, self.weights_view, self.own_view):
            view.retranslate_ui()

    def view_fields(self) -> dict[str, Any]:
        """The state's fields these pages hold: the page on show and its options."""
        return dict(tab=self.TABS[min(max(self.currentIndex(), 0), len(self.TABS) - 1)],
                    show_rates=self.confusion_view.rates_check.isChecked(),
                    mistakes_only=self.gallery_view.mistakes_check.isChecked(),
                    weights_page=min(max(self.weights_view.slider.value(), 0), MAX_WEIGHTS_PAGE))

    def show_view_fields(self, state: MLPState) -> None:
        self.confusion_view.rates_check.setChecked(state.show_rates)
        self.gallery_view.mistakes_check.setChecked(state.mistakes_only)
        self.setCurrentIndex(self.TABS.index(state.tab))  # drawn now: the weights' pages are known
        self.weights_view.slider.setValue(state.weights_page)

    def show_frame(self, frame: ScoresFrame | None) -> None:
        self._frame = frame
        self._draw()

    def show_own(self, frame: OwnImageFrame) -> None:
        self.own_view.show_frame(frame)
        self.setCurrentWidget(self.own_view)

    @Slot()
    def _draw(self, *_: object) -> None:
        f = self._frame
        page = self.currentWidget()
        if f is None or page is self.pages[0]:
            self._draw_confusion(f)
        if f is None:
            self.gallery_view.show_probs(None)
            self.weights_view.show_weights(None)
        elif page is self.gallery_view:
            self.gallery_view.show_probs(f.probs, *(f.images or (None, None)))
        elif page is self.weights_view:
            self.weights_view.show_weights(f.first)

    def _draw_confusion(self, f: ScoresFrame | None) -> None:
        names = [self._class_name(c) for c in range(10)]
        # a long name breaks at its space or slash instead of being cut in a narrow column
        columns = [n.replace(" ", "\n").replace("/", "/\n") for n in names]
        samples = None
        if f is not None and f.probs is not None and f.images is not None:
            pred = f.probs.argmax(axis=1)
            test_x, test_y = f.images
            samples = (test_x, test_y[: len(pred)], pred)
        self.confusion_view.set_matrix(None if f is None else f.confusion, names, columns, samples)
