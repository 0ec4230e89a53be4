"""The Dial Reader's batch box: it draws the controller's BatchFrame ("k of n" with a Cancel
button, the table, whether the table still matches the controls, Export and Close); the job
is core.dial_io.read_batch, the same as `read-dial FOLDER --csv`. The box keeps the
readings, not sentences, so a language switch re-translates everything on it."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Signal, Slot
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

from core.dial_io import Reading
from gui import dialogs
from gui.labs.dial.controller import BatchFrame
from gui.messages import describe_error


COLUMNS = 5  # file, angle, reading, on the scale, confidence or error


class BatchBox(QWidget):
    """What a batch did and is doing; its buttons ask the lab to act."""

    cancel_requested = Signal()
    rerun_requested = Signal()
    # Export…: the CSV file the user chose to write the table to
    export_chosen = Signal(str)
    close_requested = Signal()
    # a row of the table was chosen: show that image
    row_selected = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._frame = BatchFrame()
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
        self.export_button.clicked.connect(self._on_export_button_clicked)
        self.close_button.clicked.connect(self.close_requested)
        self.table.itemSelectionChanged.connect(self._on_table_item_selection_changed)
        self._set_stale(False)
        self._show_state()

    # ---- the batch (the controller's BatchFrame)
    @Slot()
    def _on_export_button_clicked(self) -> None:
        path, _ = dialogs.save_file(self, "export", QCoreApplication.translate("DialReaderPanel", "Export readings"),
                                    "readings.csv", QCoreApplication.translate("DialReaderPanel", "CSV files (*.csv)"))
        if path:
            self.export_chosen.emit(path)

    def show_batch(self, frame: BatchFrame) -> None:
        """Draw a batch frame: new rows are appended, a new batch empties the table first."""
        old = self._frame.readings
        new = frame.readings
        self._frame = frame
        self._filling = True
        try:
            if len(new) < len(old) or (old and new[len(old) - 1] is not old[-1]):
                self.table.setRowCount(0)
            for r in range(self.table.rowCount(), len(new)):
                self.table.insertRow(r)
                for c in range(COLUMNS):
                    self.table.setItem(r, c, QTableWidgetItem())
                self._fill_row(r)
        finally:
            self._filling = False
        if frame.total is not None:
            self.progress.setRange(0, max(1, frame.total))
        self._set_stale(frame.stale)
        self._show_state()
        self.setVisible(frame.shown)

    def _set_stale(self, stale: bool) -> None:
        self.stale_label.setVisible(stale)
        self.rerun_button.setVisible(stale)

    def is_stale(self) -> bool:
        return not self.stale_label.isHidden()

    def running(self) -> bool:
        return self._frame.running

    def rows(self) -> list[Reading]:
        return list(self._frame.readings)

    def select(self, path: str | None) -> None:
        """Highlight the row of `path` (None or another image: no row), without asking to show it."""
        rows = self._frame.readings
        row = next((i for i, r in enumerate(rows) if r.path == path), None) if path else None
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
        reading = self._frame.readings[r]
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
        f = self._frame
        done, total, phase = f.done, f.total, f.phase
        failed = done - f.ok
        if phase == "idle":
            text = ""
        elif phase == "listing":
            text = self.tr("Looking for images …")
        elif phase == "reading":
            text = self.tr("Reading image {k} of {n} …").format(k=min(done + 1, total or 0), n=total)
        elif phase == "stopped":
            text = self.tr("Stopped after {k} of {n} images.").format(k=done, n=total if total is not None else "?")
        elif phase == "failed":
            text = self.tr("The batch stopped: see the message above.")
        elif failed:
            text = self.tr("Finished {k} of {n} images ({failed} could not be read).").format(
                k=done, n=total, failed=failed)
        else:
            text = self.tr("Finished {k} of {n} images.").format(k=done, n=total)
        if f.previous is not None:
            k, n = f.previous
            previous = (self.tr("The previous batch was stopped after {k} of {n} images.").format(k=k, n=n)
                        if n is not None else self.tr("The previous batch was stopped before it read an image."))
            text += "\n" + previous
        self.status_label.setText(text)
        running = f.running
        self.progress.setVisible(running)
        self.progress.setValue(done)
        self.cancel_button.setVisible(running)
        self.cancel_button.setEnabled(running and not f.cancelling)
        self.export_button.setEnabled(bool(f.readings) and not running)

    @Slot()
    def _on_table_item_selection_changed(self) -> None:
        if self._filling:
            return
        rows = self.table.selectionModel().selectedRows()
        if rows:
            self.row_selected.emit(rows[0].row())


__all__ = ["BatchBox"]
