"""The Dial Reader's three views, built once and updated with setData/setImage: the photo
with the needle, pivot and marks; the HSV mask; the seed's scatter of mask pixels with the
fitted line. They draw the controller's frames (gui/labs/dial/controller.py)."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QGridLayout, QSplitter, QWidget

from core.dial import DialResult
from core.imageio import LoadedImage
from gui.labs.dial.controller import ReadingFrame
from gui.widgets.plots import make_plot
from gui.widgets.text_pane import TextPane


def bgr_to_rgb_image(bgr: np.ndarray) -> np.ndarray:
    """(w, h, 3) RGB for pyqtgraph's column-major ImageItem, with row 0 at the top."""
    return np.ascontiguousarray(bgr[:, :, ::-1].transpose(1, 0, 2))


class ImageViewBox(pg.ViewBox):
    """An image view, y down like the photo; clicks report image coordinates."""

    clicked = Signal(float, float)

    def __init__(self) -> None:
        super().__init__(lockAspect=True, invertY=True)

    def mouseClickEvent(self, ev) -> None:
        if ev.button() == Qt.MouseButton.LeftButton:
            ev.accept()
            p = self.mapSceneToView(ev.scenePos())
            self.clicked.emit(p.x(), p.y())
            return
        super().mouseClickEvent(ev)


class DialViews(QWidget):
    """Photo (left, two rows high), mask (top right), pixels and line (bottom right)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.photo_vb = ImageViewBox()
        self.photo_plot = make_plot(viewBox=self.photo_vb)
        self.photo_item = pg.ImageItem()
        self.photo_vb.addItem(self.photo_item)
        self.needle_line = pg.PlotCurveItem(pen=pg.mkPen((0, 200, 255), width=3))
        self.pivot_marker = pg.ScatterPlotItem(size=14, symbol="+", pen=pg.mkPen((0, 200, 255), width=3))
        self.tip_marker = pg.ScatterPlotItem(size=12, symbol="o", pen=pg.mkPen("w", width=2),
                                             brush=pg.mkBrush(0, 200, 255))
        self.mark_items = pg.ScatterPlotItem(size=12, symbol="d", pen=pg.mkPen("k"), brush=pg.mkBrush(255, 220, 0))
        self.mark_labels: list[pg.TextItem] = []  # a pool: shown and moved, never rebuilt
        for item in (self.needle_line, self.pivot_marker, self.tip_marker, self.mark_items):
            self.photo_vb.addItem(item)
        self.mask_vb = pg.ViewBox(lockAspect=True, invertY=True)
        self.mask_plot = make_plot(viewBox=self.mask_vb)
        self.mask_item = pg.ImageItem()
        self.mask_vb.addItem(self.mask_item)
        self.scatter_plot = make_plot()
        self.scatter_plot.showGrid(x=True, y=True, alpha=0.2)
        self.seed_scatter = pg.ScatterPlotItem(size=3, pen=None, brush=pg.mkBrush(31, 119, 180, 120))
        self.fit_curve = pg.PlotCurveItem(pen=pg.mkPen((214, 39, 40), width=2.5))
        self.scatter_plot.addItem(self.seed_scatter)
        self.scatter_plot.addItem(self.fit_curve)
        for plot in (self.photo_plot, self.mask_plot):
            plot.hideAxis("left")
            plot.hideAxis("bottom")
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.addWidget(self.photo_plot, 0, 0, 2, 1)
        grid.addWidget(self.mask_plot, 0, 1)
        grid.addWidget(self.scatter_plot, 1, 1)
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(1, 2)
        grid.setRowStretch(0, 2)  # the mask is a picture; the scatter needs room for its axes
        grid.setRowStretch(1, 3)

    def retranslate_ui(self) -> None:
        self.photo_plot.setTitle(self.tr("Photo, needle and pivot"))
        self.mask_plot.setTitle(self.tr("HSV mask (needle in white)"))
        self.scatter_plot.setTitle(self.tr("Mask pixels and fitted line"))
        self.scatter_plot.setToolTip(self.tr("The seed's figure: x = column, y = height − row"))
        self.scatter_plot.setLabel("bottom", self.tr("x = column"))
        self.scatter_plot.setLabel("left", self.tr("y = height − row"))

    def show_photo(self, image: LoadedImage | None) -> None:
        """A new photo (None: none, and nothing drawn on it)."""
        if image is None:
            self.clear()
            self.photo_item.clear()
            self.mask_item.clear()
            return
        self.photo_item.setImage(bgr_to_rgb_image(image.bgr), autoLevels=False, levels=(0, 255))
        self.photo_vb.autoRange(padding=0.02)

    def show_frame(self, frame: ReadingFrame) -> None:
        """A read of the photo: every stage of a reading, or the mask alone when it failed."""
        if frame.result is not None:
            self.show_result(frame.result)
        elif frame.has_image:
            self.show_failure(frame.mask)
        else:
            self.clear()
        self.show_marks(frame.marks)

    def show_result(self, res: DialResult) -> None:
        """Every stage of a reading."""
        self.show_mask(res.mask)
        px, py = res.pivot
        tx, ty = res.tip
        self.needle_line.setData([px, tx], [py, ty])
        self.pivot_marker.setData([px], [py])
        self.tip_marker.setData([tx], [ty])
        x, y = res.seed_points
        self.seed_scatter.setData(x, y)
        h = res.mask.shape[0]
        d = res.fit.direction
        p0 = res.fit.point
        t = np.array([-1.0, 1.0]) * max(res.mask.shape) * 0.6
        self.fit_curve.setData(p0[0] + t * d[0], h - (p0[1] + t * d[1]))
        self.scatter_plot.setXRange(float(x.min()) - 5, float(x.max()) + 5)
        self.scatter_plot.setYRange(float(y.min()) - 5, float(y.max()) + 5)

    def show_mask(self, mask: np.ndarray) -> None:
        self.mask_item.setImage(mask.T, autoLevels=False, levels=(0, 255))
        self.mask_vb.autoRange(padding=0.02)

    def show_failure(self, mask: np.ndarray | None) -> None:
        """No reading: the mask (what the thresholds keep) stays, the fit's drawings go."""
        if mask is not None:
            self.show_mask(mask)
        for item in (self.needle_line, self.pivot_marker, self.tip_marker, self.seed_scatter, self.fit_curve):
            item.setData([], [])

    def clear(self) -> None:
        self.show_failure(None)
        self.show_marks(())

    def show_marks(self, marks: tuple[tuple[float, float, float], ...]) -> None:
        """The calibration marks, (x, y, value) in image pixels, as diamonds with their values."""
        xs, ys = [], []
        for i, (x, y, value) in enumerate(marks):
            xs.append(x)
            ys.append(y)
            if i == len(self.mark_labels):
                label = pg.TextItem("", color=(0, 0, 0), fill=pg.mkBrush(255, 220, 0, 200), anchor=(0.5, 1.2))
                self.photo_vb.addItem(label)
                self.mark_labels.append(label)
            label = self.mark_labels[i]
            label.setText(f"{value:g}")
            label.setPos(x, y)
            label.show()
        for label in self.mark_labels[len(marks):]:
            label.hide()
        self.mark_items.setData(xs, ys)


def reading_pane(parent: QWidget) -> TextPane:
    """The big reading line: the parent's font, 2.2 times the size, bold."""
    pane = TextPane(parent)
    font = QFont(parent.font())
    font.setPointSizeF(font.pointSizeF() * 2.2)
    font.setBold(True)
    pane.setFont(font)
    return pane


def views_over_table(views: QWidget, table: QWidget, parent: QWidget) -> QSplitter:
    """The views over the batch table, which the user can resize and never collapse."""
    splitter = QSplitter(Qt.Orientation.Vertical, parent)
    splitter.addWidget(views)
    splitter.addWidget(table)
    splitter.setStretchFactor(0, 2)
    splitter.setStretchFactor(1, 1)
    splitter.setChildrenCollapsible(False)
    return splitter


def open_table(splitter: QSplitter, table: QWidget) -> None:
    """The table opens: the views keep most of the height; the table scrolls (and the splitter moves)."""
    h = sum(splitter.sizes())
    box = max(table.minimumSizeHint().height(), h // 4)
    splitter.setSizes([h - box, box])


__all__ = ["DialViews", "ImageViewBox", "bgr_to_rgb_image", "open_table", "reading_pane", "views_over_table"]
