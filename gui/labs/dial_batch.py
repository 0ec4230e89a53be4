"""The Dial Reader's batch: the work (find the images, read each, on the lab's TaskRunner)
and the box that shows it: "k of n" with a Cancel button, the table, whether the table
still matches the controls, Export and Close. The box keeps the readings, not sentences,
so a language switch re-translates everything on it."""

from __future__ import annotations

import os
from collections.abc import Iterator

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from core.dial import DialSettings
from core.dial_io import IMAGE_SUFFIXES, Reading, image_files, read_image_file
from gui.messages import describe_error


def batch_work(sources: list[str], settings: DialSettings) -> Iterator[tuple[str, object]]:
    """On a worker: ("files", [paths]) once the folders are listed, then ("reading", Reading)
    per image. The TaskRunner stops it between images when it is cancelled or replaced."""
    files: list[str] = []
    for source in sources:
        if os.path.isdir(source):
            files += image_files(source)
        elif os.path.splitext(source)[1].lower() in IMAGE_SUFFIXES:
            files.append(source)
    yield "files", files
    for path in files:
        yield "reading", read_image_file(path, settings)


COLUMNS = 5  # file, angle, reading, on the scale, confidence or error


class BatchBox(QWidget):
    """What a batch did and is doing; its buttons ask the lab to act."""

    cancel_requested = Signal()
    rerun_requested = Signal()
    export_requested = Signal()
    close_requested = Signal()
    # a row of the table was chosen: show that image
    row_selected = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: list[Reading] = []
        self._total: int | None = None  # None while the folders are being listed
        self._state = "idle"  # listing, reading, finished, stopped, failed
        self._previous: tuple[int, int | None] | None = None  # (read, of) of the batch this one replaced
        self._filling = False
        self.status_label = QLabel(self)
        self.status_label.setWordWrap(True)
        self.status_label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.progress = QProgressBar(self)
        self.progress.setTextVisible(False)
        self.progress.setMaximumWidth(160)
        self.cancel_button = QPushButton(self)
        self.export_button = QPushButton(self)
        self.close_button = QPushButton(self)
        self.stale_label = QLabel(self)
        self.stale_label.setWordWrap(True)
        self.stale_label.setStyleSheet("QLabel { color: #8a5a00; }")
        self.rerun_button = QPushButton(self)
        self.table = QTableWidget(self)
        self.table.setColumnCount(COLUMNS)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.table.horizontalHeader()
        header.setStyleSheet("QHeaderView::section { padding: 0px 6px; }")  # room for CJK headers' full width
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(COLUMNS - 1, QHeaderView.ResizeMode.Stretch)
        self.table.setMinimumHeight(70)

        top = QHBoxLayout()
        top.addWidget(self.status_label, 1)
        top.addWidget(self.progress)
        top.addWidget(self.cancel_button)
        top.addWidget(self.export_button)
        top.addWidget(self.close_button)
        stale = QHBoxLayout()
        stale.addWidget(self.stale_label, 1)
        stale.addWidget(self.rerun_button)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.addLayout(top)
        box.addLayout(stale)
        box.addWidget(self.table, 1)

        self.cancel_button.clicked.connect(self.cancel_requested)
        self.rerun_button.clicked.connect(self.rerun_requested)
        self.export_button.clicked.connect(self.export_requested)
        self.close_button.clicked.connect(self.close_requested)
        self.table.itemSelectionChanged.connect(self._on_table_item_selection_changed)
        self.set_stale(False)
        self._show_state()

    # ---- the batch's life
    def start(self, previous: tuple[int, int | None] | None) -> None:
        """A new batch: empty table; `previous` is what the batch it replaces had done."""
        self._rows = []
        self._total = None
        self._state = "listing"
        self._previous = previous
        self._filling = True
        self.table.setRowCount(0)
        self._filling = False
        self.set_stale(False)
        self._show_state()
        self.show()

    def set_total(self, total: int) -> None:
        self._total = total
        self._state = "reading"
        self.progress.setRange(0, max(1, total))
        self._show_state()

    def add(self, reading: Reading) -> None:
        self._rows.append(reading)
        r = self.table.rowCount()
        self._filling = True
        self.table.insertRow(r)
        for c in range(COLUMNS):
            self.table.setItem(r, c, QTableWidgetItem())
        self._fill_row(r)
        self._filling = False
        self._show_state()

    def finish(self, stopped: bool) -> None:
        self._state = "stopped" if stopped else "finished"
        self._show_state()

    def fail(self) -> None:
        self._state = "failed"
        self._show_state()

    def cancelling(self) -> None:
        self.cancel_button.setEnabled(False)

    def set_stale(self, stale: bool) -> None:
        self.stale_label.setVisible(stale)
        self.rerun_button.setVisible(stale)

    def is_stale(self) -> bool:
        return not self.stale_label.isHidden()

    def running(self) -> bool:
        return self._state in ("listing", "reading")

    def progress_of(self) -> tuple[int, int | None]:
        return len(self._rows), self._total

    def rows(self) -> list[Reading]:
        return list(self._rows)

    def select(self, path: str | None) -> None:
        """Highlight the row of `path` (None or another image: no row), without asking to show it."""
        row = next((i for i, r in enumerate(self._rows) if r.path == path), None) if path else None
        self._filling = True
        if row is None:
            self.table.clearSelection()
        else:
            self.table.selectRow(row)
        self._filling = False

    # ---- showing
    def retranslate_ui(self) -> None:
        self.table.setHorizontalHeaderLabels([self.tr("File"), self.tr("Angle"), self.tr("Reading"),
                                              self.tr("On the scale"), self.tr("Confidence or error")])
        self.cancel_button.setText(self.tr("Cancel"))
        self.export_button.setText(self.tr("Export the table as CSV…"))
        self.close_button.setText(self.tr("Close the table"))
        self.stale_label.setText(self.tr("The controls have changed since this table was read."))
        self.rerun_button.setText(self.tr("Read again"))
        for r in range(self.table.rowCount()):
            self._fill_row(r)
        self._show_state()

    def _fill_row(self, r: int) -> None:
        reading = self._rows[r]
        on_scale = {None: "", True: self.tr("yes"), False: self.tr("no")}[reading.in_range]
        if reading.error is not None:
            last = describe_error(reading.error)
        elif reading.reliable:
            last = f"{reading.confidence:.2f}"
        else:
            last = self.tr("{confidence} (unreliable: the line misses the needle)").format(
                confidence=f"{reading.confidence:.2f}")
        cells = [reading.name,
                 "" if reading.angle_deg is None else f"{reading.angle_deg:.2f}°",
                 "" if reading.reading is None else f"{reading.reading:.4g}",
                 on_scale, last]
        for c, text in enumerate(cells):
            item = self.table.item(r, c)
            if item is None:
                continue
            item.setText(text)
            item.setToolTip(reading.path if c == 0 else text)

    def _show_state(self) -> None:
        done, total = len(self._rows), self._total
        failed = sum(not r.ok for r in self._rows)
        if self._state == "idle":
            text = ""
        elif self._state == "listing":
            text = self.tr("Looking for images …")
        elif self._state == "reading":
            text = self.tr("Reading image {k} of {n} …").format(k=min(done + 1, total or 0), n=total)
        elif self._state == "stopped":
            text = self.tr("Stopped after {k} of {n} images.").format(k=done, n=total if total is not None else "?")
        elif self._state == "failed":
            text = self.tr("The batch stopped: see the message above.")
        elif failed:
            text = self.tr("Finished {k} of {n} images ({failed} could not be read).").format(
                k=done, n=total, failed=failed)
        else:
            text = self.tr("Finished {k} of {n} images.").format(k=done, n=total)
        if self._previous is not None:
            k, n = self._previous
            previous = (self.tr("The previous batch was stopped after {k} of {n} images.").format(k=k, n=n)
                        if n is not None else self.tr("The previous batch was stopped before it read an image."))
            text += "\n" + previous
        self.status_label.setText(text)
        running = self.running()
        self.progress.setVisible(running)
        self.progress.setValue(done)
        self.cancel_button.setVisible(running)
        self.cancel_button.setEnabled(running)
        self.export_button.setEnabled(bool(self._rows) and not running)

    @Slot()
    def _on_table_item_selection_changed(self) -> None:
        if self._filling:
            return
        rows = self.table.selectionModel().selectedRows()
        if rows:
            self.row_selected.emit(rows[0].row())


__all__ = ["BatchBox", "batch_work"]
