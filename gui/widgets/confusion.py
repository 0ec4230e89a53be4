"""A confusion matrix drawn as a K×K table: rows the true class, columns the predicted one,
counts or row rates, the diagonal shaded green and the mistakes red, stronger for more.
Optionally, under it, the most confused pairs and the images of one cell (the cell clicked,
else the most frequent mistake of the most confused pair).

Shared by the labs that classify: the Logistic Regression lab (the table alone) and the
Neural Network lab (pairs and a cell's test images too). The matrix and what is read from it
come from core.metrics; this view only draws them. The class names, a title and the text
shown before there is a matrix are the lab's (in its own words); the axis labels, the rates
option, the pairs and a cell's caption are the view's own strings, in the context
ConfusionView.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from PySide6.QtCore import QEvent, QSize, Qt, Signal, Slot
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from core.metrics import cell_members, confused_pairs, row_rates, worse_direction
from gui.widgets.image_grid import ImageGrid

PAIRS = 3  # the most confused pairs named under the table
EXAMPLES_PX = 56  # the height of the row of a cell's images
Samples = tuple[np.ndarray, np.ndarray, np.ndarray]  # (images (n, h, w), true classes, predictions)

RIGHT = (44, 160, 44)  # the diagonal: points put in their own class
WRONG = (214, 39, 40)  # off the diagonal: mistakes
SHADE = 0.6  # the strongest cell's share of its colour (the rest is white: its text stays legible)


def cell_color(value: float, top: float, diagonal: bool) -> QColor:
    """A cell's background: white for 0, up to SHADE of green (diagonal) or red at `top`."""
    f = SHADE * (value / top if top > 0 else 0.0)
    base = RIGHT if diagonal else WRONG
    return QColor(*[int(255 - (255 - b) * f) for b in base])


class _MatrixTable(QTableWidget):
    """A table that asks for the height its rows need at their lowest, not Qt's 192 px
    whatever it holds (which took the plots' room at 1024×700); it grows with its layout.
    With `whole_rows` it never shrinks below that either (in a scroll area, which scrolls)."""

    whole_rows = False

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        rows = self.rowCount() * self.verticalHeader().minimumSectionSize()
        return QSize(hint.width(), self.horizontalHeader().sizeHint().height() + rows + 2 * self.frameWidth())

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        return QSize(hint.width(), self.sizeHint().height()) if self.whole_rows else hint


class ConfusionView(QWidget):
    """A title, the axes' names, an optional 'show rates' box, and the K×K table; with
    `pairs`, the most confused pairs under it; with `examples` (a count), the images of one
    cell, which a click on the table chooses. Built once and updated with set_matrix.

    `whole_rows`: every row keeps the height of its text (put the view in a scroll area)."""

    cell_clicked = Signal(int, int)  # (true class, predicted class) of a clicked cell

    def __init__(self, parent: QWidget | None = None, rates_option: bool = False, pairs: bool = False,
                 examples: int = 0, whole_rows: bool = False) -> None:
        super().__init__(parent)
        self.title_label = QLabel(self)
        self.title_label.setWordWrap(True)
        self.title_label.hide()  # until the lab gives one
        self.rates_check = QCheckBox(self)
        self.rates_check.setVisible(rates_option)
        self.true_label = QLabel(self)
        self.predicted_label = QLabel(self)
        self.predicted_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.table = _MatrixTable(self)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        across = self.table.horizontalHeader()
        across.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        across.setMinimumSectionSize(20)  # ten columns fit a narrow window
        # a column name given with line breaks ("Ankle\nboot") keeps them, centred
        across.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap)
        down = self.table.verticalHeader()
        down.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        # rows as low as their text: six classes' rows and the axes' names fit under the plots
        down.setMinimumSectionSize(down.fontMetrics().height() + 2)
        if whole_rows:
            self.table.whole_rows = True
            self.table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.pairs_label = QLabel(self)
        self.pairs_label.setWordWrap(True)
        self.pairs_label.setVisible(pairs)
        self.cell_label = QLabel(self)
        self.cell_label.setWordWrap(True)
        self.cell_label.setVisible(examples > 0)
        self.examples: ImageGrid | None = None  # a cell's images, in a row
        if examples:
            self.examples = ImageGrid(examples, examples, ink=True, parent=self)
            self.examples.setFixedHeight(EXAMPLES_PX)
        col = QVBoxLayout(self)
        col.setContentsMargins(0, 0, 0, 0)
        col.addWidget(self.title_label)
        if rates_option:
            col.addWidget(self.rates_check)
        axes = QHBoxLayout()
        axes.addWidget(self.true_label)
        axes.addWidget(self.predicted_label, 1)
        col.addLayout(axes)
        col.addWidget(self.table, 1)
        if pairs:
            col.addWidget(self.pairs_label)
        if self.examples is not None:
            col.addWidget(self.cell_label)
            col.addWidget(self.examples)
        self._pairs = pairs
        self._cm: np.ndarray | None = None
        self._names: list[str] = []
        self._samples: Samples | None = None
        self._empty_text = ""
        self.chosen_cell: tuple[int, int] | None = None  # clicked; else the most confused direction
        self.rates_check.toggled.connect(self._on_rates_check_toggled)
        self.table.cellClicked.connect(self.cell_clicked)
        self.table.cellClicked.connect(self._on_table_cell_clicked)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.rates_check.setText(self.tr("Show rates (each row sums to 1)"))
        self.true_label.setText(self.tr("↓ true class"))
        self.predicted_label.setText(self.tr("predicted class →"))
        if self.examples is not None:
            self.table.setToolTip(self.tr("Rows: the true class; columns: the class predicted. Click a cell to see "
                                          "its test images."))
        self._describe()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    # ---- what it shows
    def set_title(self, text: str) -> None:
        self.title_label.setText(text)
        self.title_label.setVisible(bool(text))

    def set_empty_text(self, text: str) -> None:
        """What the pairs' line says while there is no matrix (the lab's words)."""
        self._empty_text = text
        self._describe()

    def set_matrix(self, cm: np.ndarray | None, rows: Sequence[str], columns: Sequence[str] | None = None,
                   samples: Samples | None = None) -> None:
        """Show a (K, K) matrix of counts (None: empty cells) with the classes' names along
        the rows and (`columns`, else the same names) along the columns; `samples`, the
        images, true classes and predictions it counts, give a cell's examples."""
        k = len(rows)
        if cm is not None and cm.shape != (k, k):
            raise ValueError(f"a {cm.shape} matrix for {k} classes")
        if samples is not None and not len(samples[0]) >= len(samples[1]) == len(samples[2]):
            raise ValueError(f"{len(samples[0])} images for {len(samples[1])} points")
        if self.table.rowCount() != k:
            self.table.setRowCount(k)
            self.table.setColumnCount(k)
            self.table.updateGeometry()
        self.table.setHorizontalHeaderLabels(list(columns if columns is not None else rows))
        self.table.setVerticalHeaderLabels(list(rows))
        self._cm = None if cm is None else np.asarray(cm)
        self._names = list(rows)
        self._samples = samples
        self._redraw()
        self._describe()

    def show_rates(self, rates: bool) -> None:
        self.rates_check.setChecked(rates)

    def rates_shown(self) -> bool:
        return self.rates_check.isChecked()

    def matrix(self) -> np.ndarray | None:
        """The counts shown (None: none yet)."""
        return self._cm

    def cells(self) -> list[list[str]]:
        """The cells' texts, row by row (what a user reads)."""
        t = self.table
        return [[self._item(i, j).text() for j in range(t.columnCount())] for i in range(t.rowCount())]

    # ---- drawing
    def _item(self, i: int, j: int) -> QTableWidgetItem:
        item = self.table.item(i, j)
        if item is None:
            item = QTableWidgetItem()
            item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
            self.table.setItem(i, j, item)
        return item

    @Slot(bool)
    def _on_rates_check_toggled(self, _checked: bool) -> None:
        self._redraw()

    @Slot(int, int)
    def _on_table_cell_clicked(self, row: int, column: int) -> None:
        if self.examples is not None:
            self.chosen_cell = (row, column)
            self._describe()

    def _describe(self) -> None:
        """The pairs' line, and the chosen cell's caption and images."""
        cm, name, grid = self._cm, self._names, self.examples
        if not self._pairs and grid is None:
            return
        pairs = confused_pairs(cm, PAIRS) if cm is not None and len(name) >= 2 else []
        if not pairs:
            self.pairs_label.setText(self._empty_text if cm is None else "")
        else:
            self.pairs_label.setText(self.tr("Most confused: {pairs}").format(pairs=self.tr("; ").join(
                self.tr("{a} ↔ {b} ({n})").format(a=name[a], b=name[b], n=n) for n, a, b in pairs)))
        if grid is None:
            return
        if cm is None or not pairs or self._samples is None:
            self.cell_label.setText("")
            grid.set_images([])
            return
        chosen = self.chosen_cell if self.chosen_cell and max(self.chosen_cell) < len(name) else None
        i, j = chosen or worse_direction(cm, pairs[0][1], pairs[0][2])
        images, y_true, y_pred = self._samples
        idx = cell_members(y_true, y_pred, i, j)
        k = len(grid)
        if len(idx) > k:
            text = self.tr("True {true}, predicted {pred}: {n} test images (the first {k})").format(
                true=name[i], pred=name[j], n=len(idx), k=k)
        else:
            text = self.tr("True {true}, predicted {pred}: {n} test images").format(true=name[i], pred=name[j],
                                                                                      n=len(idx))
        self.cell_label.setText(text)
        grid.set_images([images[n] for n in idx[:k]])

    def _redraw(self) -> None:
        k = self.table.rowCount()
        cm = self._cm
        if cm is None:
            for i in range(k):
                for j in range(k):
                    item = self._item(i, j)
                    item.setText("")
                    item.setBackground(QColor(255, 255, 255))
            return
        rates = self.rates_check.isChecked()
        shown = row_rates(cm) if rates else cm
        top = float(shown.max()) if shown.size else 0.0
        top = top if top > 0 else 1.0
        for i in range(k):
            for j in range(k):
                item = self._item(i, j)
                item.setText(f"{shown[i, j]:.2f}" if rates else f"{int(shown[i, j]):,}")
                item.setBackground(cell_color(float(shown[i, j]), top, i == j))
