"""A legend that never covers the data: it sits in its own row under a plot's x axis, and
its entries flow into as many columns as the plot's width holds (one line for two or three
short names, more lines for six classes at 1024×700)."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import QSizeF, Qt

SAMPLE_PX = 20  # pyqtgraph's ItemSample is 20 px square
GAP_PX = 12  # between one entry and the next in a row


class OutsideLegend(pg.LegendItem):
    """Entries below the plot, in columns that fit its width. Not movable (it is laid out)."""

    def __init__(self, plot: pg.PlotItem, row: int = 4) -> None:
        super().__init__(offset=None, horSpacing=4, verSpacing=-6, frame=False, labelTextSize="9pt")
        self.layout.setContentsMargins(0, 0, 0, 0)
        self._plot = plot
        self._width = 0.0
        # the whole width of the plot, under the left axis too
        plot.layout.addItem(self, row, 0, 1, 3)
        plot.layout.setRowSpacing(row - 1, 0)
        self.setZValue(10)
        plot.getViewBox().sigResized.connect(self._on_view_resized)

    # ---- pyqtgraph's LegendItem sizes itself by setGeometry(0, 0, …): here the plot's layout
    # places it, so its size is a hint instead
    def updateSize(self) -> None:  # noqa: N802 (pyqtgraph's name)
        self._reflow()

    def sizeHint(self, which, constraint=None):  # noqa: N802 (Qt's name)
        if which in (Qt.SizeHint.MinimumSize, Qt.SizeHint.PreferredSize):
            return QSizeF(0.0, self._height())
        return super().sizeHint(which, QSizeF() if constraint is None else constraint)

    def mouseDragEvent(self, ev) -> None:  # noqa: N802 (laid out, not dragged)
        ev.ignore()

    def hoverEvent(self, ev) -> None:  # noqa: N802 (pyqtgraph's name; no drag cursor: it does not move)
        pass

    # ---- flowing into columns
    def _entry_widths(self) -> list[float]:
        return [SAMPLE_PX + label.item.boundingRect().width() + GAP_PX for _, label in self.items]

    def _columns_for(self, width: float) -> int:
        widths = self._entry_widths()
        if not widths:
            return 1
        for cols in range(len(widths), 0, -1):
            # the columns of a grid are as wide as their widest entry
            col_widths = [max(widths[c::cols]) for c in range(cols)]
            if sum(col_widths) <= width:
                return cols
        return 1

    def _height(self) -> float:
        return self.layout.effectiveSizeHint(Qt.SizeHint.PreferredSize).height() if self.items else 0.0

    def _room(self) -> float:
        return self._plot.width() - 8

    def _on_view_resized(self, *_: object) -> None:
        width = self._room()
        if abs(width - self._width) >= 1:
            self._width = width
            self._reflow()

    def _reflow(self) -> None:
        width = self._width or self._room()
        cols = self._columns_for(width) if width > 0 else max(1, len(self.items))
        if cols != self.columnCount:
            self.setColumnCount(cols)  # re-lays the entries out (and calls updateSize again)
            return
        self.updateGeometry()
        self._plot.layout.invalidate()

    def rows(self) -> int:
        """How many lines the entries take (for tests and layout checks)."""
        return -(-len(self.items) // max(1, self.columnCount)) if self.items else 0
