"""The Dial Reader lab: from a gauge photo to a reading, every step visible.

The panel assembles the control column (dial_controls), the views (dial_views) and the
batch box (dial_batch), and owns the images: files, samples, pastes and drops are decoded
on the lab's TaskRunner ("open"), folders are read there too ("batch"), and every open
ends with its outcome in the status bar.
"""

from __future__ import annotations

import math
import re
from dataclasses import replace
from pathlib import Path

import numpy as np
from PySide6.QtCore import QEvent, QSettings, Qt, Slot
from PySide6.QtGui import (
    QDragEnterEvent,
    QDropEvent,
    QFont,
    QGuiApplication,
    QImage,
    QKeySequence,
    QShortcut,
    QTextDocument,
)
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)
from superqt.utils import qthrottled

from core.dial import (
    DialResult,
    DialSettings,
    HSVBounds,
    angle_of,
    read_dial,
    threshold_mask,
)
from core.dial_io import IMAGE_SUFFIXES, Reading, write_readings_csv
from core.errors import LabError
from core.imageio import LoadedImage, decode_image, load_image
from gui import dialogs
from gui.labs.base import LabPanel
from gui.labs.dial_batch import BatchBox, batch_work
from gui.labs.dial_controls import CalibrationBox, ControlColumn, NeedleColourBox
from gui.labs.dial_views import DialViews
from gui.messages import describe_error
from gui.settings import read, read_for
from gui.tasks import Task
from gui.widgets.banner import MessageBanner
from gui.widgets.text_pane import TextPane

SAMPLES = Path(__file__).resolve().parent.parent.parent / "resources" / "samples"
CLICK_MODES = ("none", "pivot", "min", "max", "extra", "eyedropper")
OFF_SCALE_COLOR = "#b00020"
DATA_ORIGINS = ("clipboard", "dropped")  # pictures that came as data, with no file behind them


def bundled_samples() -> list[Path]:
    """The sample dials shipped with the app: generated ones, then the real photos."""
    out: list[Path] = []
    for folder in (SAMPLES / "dials", SAMPLES / "photos"):
        if folder.is_dir():
            out += sorted(p for p in folder.iterdir() if p.suffix.lower() in IMAGE_SUFFIXES)
    return out


def decode_pixels(rgb: np.ndarray, name: str) -> LoadedImage:
    """A pasted picture through the same decoder and budgets as a file (on a worker)."""
    import cv2

    ok, png = cv2.imencode(".png", np.ascontiguousarray(rgb[:, :, ::-1]))
    if not ok:
        raise LabError("not_an_image", {"path": name})
    return decode_image(png.tobytes(), name)


ZWSP = "\u200b"  # a zero-width space: where a line may break


def breakable(text: str, longest: int = 32) -> str:
    """`text` with line-break chances inside runs longer than `longest` characters without a
    space (paths, file names): after / \\ _ - and, failing those, every `longest` characters.
    A word-wrapped label asks for the width of its longest unbreakable run."""
    def split(run: str) -> str:
        if len(run) <= longest:
            return run
        run = re.sub(r"([/\\_\-])", "\\1" + ZWSP, run)
        return ZWSP.join(part if len(part) <= longest else ZWSP.join(
            part[i:i + longest] for i in range(0, len(part), longest)) for part in run.split(ZWSP))

    return re.sub(r"\S+", lambda m: split(m.group(0)), text)


def text_height(font: QFont, sample: str) -> int:
    """The height one line of `sample` takes in a TextPane with `font`: Chinese glyphs are
    taller than the Latin font's line spacing the pane assumes."""
    doc = QTextDocument()
    doc.setDocumentMargin(2)
    doc.setDefaultFont(font)
    doc.setPlainText(sample)
    return math.ceil(doc.size().height()) + 2


class DialReaderPanel(LabPanel):
    """Drop a gauge photo; see the mask, the fitted line and the reading."""

    key = "dial"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAcceptDrops(True)
        self._image: LoadedImage | None = None
        self._origin = ""  # where the image on screen came from: file, sample, clipboard, batch
        self._result: DialResult | None = None
        self._read_error: LabError | None = None
        self._opening: tuple[str, str, bool] = ("", "file", False)  # (path or name, origin, keep calibration)
        self._batch_task: Task | None = None
        self._batch_sources: list[str] = []
        self._batch_settings: DialSettings | None = None
        self._build_ui()
        self.retranslate_ui()

    # ------------------------------------------------------------------ UI
    def _build_ui(self) -> None:
        self.image_group = QGroupBox(self)
        self.open_button = QPushButton(self)
        self.folder_button = QPushButton(self)
        self.paste_button = QPushButton(self)
        self.sample_combo = QComboBox(self)
        self.sample_combo.addItem("", "")
        for p in bundled_samples():
            self.sample_combo.addItem(p.name, str(p))
        self.file_label = QLabel(self)
        self.file_label.setWordWrap(True)
        row = QHBoxLayout()
        for b in (self.open_button, self.folder_button, self.paste_button):
            row.addWidget(b)
        box = QVBoxLayout(self.image_group)
        box.addLayout(row)
        box.addWidget(self.sample_combo)
        box.addWidget(self.file_label)

        self.colour_box = NeedleColourBox(self)
        c = self.colour_box
        self.red_radio, self.dark_radio, self.custom_radio = c.red_radio, c.dark_radio, c.custom_radio
        self.h1_slider, self.h2_slider, self.s_slider, self.v_slider = c.h1_slider, c.h2_slider, c.s_slider, c.v_slider
        self.dark_auto, self.dark_slider, self.eyedropper_button = c.dark_auto, c.dark_slider, c.eyedropper_button

        self.fit_group = QGroupBox(self)
        self.fit_combo = QComboBox(self)
        for key in ("tls", "robust", "seed"):
            self.fit_combo.addItem("", key)
        self.seed_resize_check = QCheckBox(self)
        self.fit_label = QLabel(self)
        fform = QFormLayout(self.fit_group)
        fform.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        fform.addRow(self.fit_label, self.fit_combo)
        fform.addRow(self.seed_resize_check)

        self.calib_box = CalibrationBox(self)
        k = self.calib_box
        self.pivot_button, self.min_button, self.max_button, self.extra_button = (
            k.pivot_button, k.min_button, k.max_button, k.extra_button)
        self.min_value, self.max_value, self.extra_value = k.min_value, k.max_value, k.extra_value
        self.direction_combo, self.clear_calib_button, self.calib_label = k.direction_combo, k.clear_button, k.label
        self.click_group = QButtonGroup(self)
        self.click_group.setExclusive(False)
        for b in (self.pivot_button, self.min_button, self.max_button, self.extra_button, self.eyedropper_button):
            b.setCheckable(True)
            self.click_group.addButton(b)

        self.send_button = QPushButton(self)
        controls = QWidget(self)
        col = QVBoxLayout(controls)
        col.setContentsMargins(0, 0, 4, 0)
        for w in (self.image_group, self.colour_box, self.fit_group, self.calib_box):
            col.addWidget(w)
        col.addWidget(self.send_button)
        col.addStretch(1)
        self.column = ControlColumn(controls, self)

        self.views = DialViews(self)
        v = self.views
        self.photo_vb, self.photo_plot, self.photo_item = v.photo_vb, v.photo_plot, v.photo_item
        self.mask_vb, self.mask_plot, self.mask_item = v.mask_vb, v.mask_plot, v.mask_item
        self.scatter_plot, self.seed_scatter, self.fit_curve = v.scatter_plot, v.seed_scatter, v.fit_curve
        self.needle_line, self.pivot_marker, self.tip_marker = v.needle_line, v.pivot_marker, v.tip_marker
        self.mark_items = v.mark_items

        self.reading_label = TextPane(self)
        font = QFont(self.font())
        font.setPointSizeF(font.pointSizeF() * 2.2)
        font.setBold(True)
        self.reading_label.setFont(font)
        self.detail_label = TextPane(self)
        self.banner = MessageBanner(self)
        self.banner.setTextFormat(Qt.TextFormat.PlainText)

        self.batch_box = BatchBox(self)
        bb = self.batch_box
        self.batch_table, self.batch_progress, self.batch_status_label = bb.table, bb.progress, bb.status_label
        self.batch_cancel_button, self.batch_rerun_button, self.batch_stale_label = (
            bb.cancel_button, bb.rerun_button, bb.stale_label)
        self.batch_close_button, self.export_button = bb.close_button, bb.export_button
        self.batch_box.hide()

        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.addWidget(self.views)
        self.splitter.addWidget(self.batch_box)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        right = QVBoxLayout()
        right.addWidget(self.reading_label)
        right.addWidget(self.detail_label)
        right.addWidget(self.banner)
        right.addWidget(self.splitter, 1)
        top = QHBoxLayout(self)
        top.addWidget(self.column)
        top.addLayout(right, 1)

        # Ctrl+V while the lab is shown; a focused text field takes it first (ShortcutOverride)
        self.paste_shortcut = QShortcut(QKeySequence(QKeySequence.StandardKey.Paste), self)
        self.paste_shortcut.setContext(Qt.ShortcutContext.WindowShortcut)

        # --- wiring
        self.open_button.clicked.connect(self._on_open_button_clicked)
        self.folder_button.clicked.connect(self._on_folder_button_clicked)
        self.paste_button.clicked.connect(self.paste_from_clipboard)
        self.paste_shortcut.activated.connect(self.paste_from_clipboard)
        self.sample_combo.activated.connect(self._on_sample_combo_activated)
        self.colour_box.mask_changed.connect(self._on_settings_changed)
        self.fit_combo.currentIndexChanged.connect(self._on_settings_changed)
        self.seed_resize_check.toggled.connect(self._on_settings_changed)
        self.calib_box.calibration_changed.connect(self._on_calib_box_calibration_changed)
        self.click_group.buttonToggled.connect(self._on_click_group_button_toggled)
        self.clear_calib_button.clicked.connect(self.clear_calibration)
        self.photo_vb.clicked.connect(self._on_photo_vb_clicked)
        self.send_button.clicked.connect(self.send_points)
        self.batch_box.cancel_requested.connect(self._on_batch_box_cancel_requested)
        self.batch_box.rerun_requested.connect(self._on_batch_box_rerun_requested)
        self.batch_box.export_requested.connect(self._on_export_button_clicked)
        self.batch_box.close_requested.connect(self._on_batch_box_close_requested)
        self.batch_box.row_selected.connect(self._on_batch_box_row_selected)
        self._rerun_throttled = qthrottled(self._rerun, timeout=33)  # ≤ 30 re-reads a second

    def retranslate_ui(self) -> None:
        self.image_group.setTitle(self.tr("Photo"))
        self.open_button.setText(self.tr("Open…"))
        self.folder_button.setText(self.tr("Folder…"))
        self.paste_button.setText(self.tr("Paste"))
        self.paste_button.setToolTip(self.tr("Paste an image or an image file (Ctrl+V)"))
        self.sample_combo.setItemText(0, self.tr("— a bundled sample —"))
        self.fit_group.setTitle(self.tr("Line fit"))
        self.fit_label.setText(self.tr("Method"))
        self.fit_combo.setItemText(0, self.tr("Total least squares (any angle)"))
        self.fit_combo.setItemText(1, self.tr("Robust (Huber)"))
        self.fit_combo.setItemText(2, self.tr("The seed's: y on x (fails when vertical)"))
        self.seed_resize_check.setText(self.tr("Resize to 250×250 (the seed's)"))
        self.seed_resize_check.setToolTip(self.tr("Off: keep full resolution (large photos are read on a copy at most 1000 pixels wide)"))
        self.send_button.setText(self.tr("Send pixels to the Linear Regression lab"))
        self.send_button.setToolTip(self.tr("The seed's path: the mask pixels as points (x = column, y = height − row)"))
        self.colour_box.retranslate_ui()
        self.calib_box.retranslate_ui()
        self.views.retranslate_ui()
        self.batch_box.retranslate_ui()
        for pane in (self.reading_label, self.detail_label):
            pane.setMinimumHeight(text_height(pane.font(), self.tr("Reading") + " 0123456789°"))
        self._update_file_label()
        self._show_texts()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    # ------------------------------------------------------------------ settings
    def settings(self) -> DialSettings:
        """The pipeline settings the controls describe (what the views show is read with these)."""
        calibration, _ = self.calib_box.calibration()
        return DialSettings(
            color=self.colour_box.color(), hsv=self.colour_box.hsv(), dark_v_max=self.colour_box.dark_v_max(),
            seed_resize=self.seed_resize_check.isChecked(), fit=str(self.fit_combo.currentData()),
            pivot=self.calib_box.pivot, calibration=calibration,
        )

    def batch_settings(self) -> DialSettings:
        """A batch reads with the same controls, but a pivot clicked on one photo means nothing on the others."""
        return replace(self.settings(), pivot=None)

    def save_settings(self, s: QSettings) -> None:
        s.beginGroup(self.key)
        self.colour_box.save_settings(s)
        s.setValue("fit", self.fit_combo.currentData())
        s.setValue("seed_resize", self.seed_resize_check.isChecked())
        self.calib_box.save_settings(s)
        s.setValue("path", self._image.path if self._image is not None and self._origin not in DATA_ORIGINS else "")
        s.endGroup()

    def restore_settings(self, s: QSettings) -> None:
        s.beginGroup(self.key)
        if not s.contains("fit"):
            s.endGroup()
            return
        widgets = (self.fit_combo, self.seed_resize_check)
        for w in widgets:
            w.blockSignals(True)
        try:
            self.colour_box.restore_settings(s)
            self.fit_combo.setCurrentIndex(max(0, self.fit_combo.findData(read_for(s, "fit", "tls", self.fit_combo))))
            self.seed_resize_check.setChecked(read(s, "seed_resize", False))
            self.calib_box.restore_settings(s)
            path = read(s, "path", "")
        finally:
            for w in widgets:
                w.blockSignals(False)
            s.endGroup()
        if path and Path(path).is_file():
            self.open_path(path)
        else:
            self._rerun()

    # ------------------------------------------------------------------ images in
    def can_import(self) -> bool:
        return True

    def import_data(self) -> None:
        self._on_open_button_clicked()

    def open_path(self, path: str) -> bool:
        """Decode a file on a worker thread (a folder: read each image in it); a failure keeps
        the current image. The latest file asked for wins."""
        if Path(path).is_dir():
            self.read_folder(path)
        else:
            self._open_file(str(path), "file")
        return True

    def _open_file(self, path: str, origin: str, keep_calibration: bool = False) -> None:
        self._opening = (path, origin, keep_calibration)
        self.tasks.submit("open", load_image, path, on_result=self._on_loader_returned,
                          on_error=self._on_loader_errored)
        self.status_message.emit(self.tr("Opening {name} …").format(name=Path(path).name))

    @Slot(object)
    def _on_loader_returned(self, image: LoadedImage) -> None:
        _, origin, keep = self._opening
        self.set_image(image, origin=origin, keep_calibration=keep)

    @Slot(object)
    def _on_loader_errored(self, exc: BaseException) -> None:
        where, origin, _ = self._opening
        name = self._data_name(origin) if origin in DATA_ORIGINS else Path(where).name
        if isinstance(exc, LabError):
            self._show_error(exc)
        else:
            error = str(exc) or type(exc).__name__
            self._say("error", lambda: self.tr("Could not open {name}: {error}").format(
                name=name, error=error))
            self.status_message.emit(self.tr("Could not open {name}: {error}").format(name=name, error=error))
        self._sync_sample_combo()  # the combo names what is still on screen
        self.batch_box.select(self._image.path if self._image is not None and self._origin == "batch" else None)

    def set_image(self, image: LoadedImage, origin: str = "file", keep_calibration: bool = False) -> None:
        """Show a decoded image and read it. The pivot belongs to the old photo; the marks
        too, unless the image is a row of the batch (read with the same marks)."""
        self._image = image
        self._origin = origin
        if keep_calibration:
            self.calib_box.pivot = None
            self.calib_box.update_label()
        else:
            self.calib_box.clear(emit=False)
        self.views.show_photo(image.bgr)
        self._sync_sample_combo()
        self.batch_box.select(image.path if origin == "batch" else None)
        self._update_file_label()
        self._rerun()
        self._report_outcome()

    def _report_outcome(self) -> None:
        """The status bar's last word on an open: the reading, or why there is none."""
        name = self._display_name()
        res = self._result
        if res is None:
            error = describe_error(self._read_error) if self._read_error is not None else ""
            text = self.tr("{name} opened, but no dial could be read: {error}").format(name=name, error=error)
        elif res.reading is not None:
            text = self.tr("{name}: reading {value}, needle at {angle}° (confidence {conf}).").format(
                name=name, value=f"{res.reading:.4g}", angle=f"{res.angle_deg:.1f}", conf=f"{res.confidence:.2f}")
        else:
            text = self.tr("{name}: needle at {angle}° (confidence {conf}).").format(
                name=name, angle=f"{res.angle_deg:.1f}", conf=f"{res.confidence:.2f}")
        self.status_message.emit(text)

    def _display_name(self) -> str:
        if self._image is None:
            return ""
        return self._data_name(self._origin) if self._origin in DATA_ORIGINS else Path(self._image.path).name

    def _data_name(self, origin: str) -> str:
        """What to call a picture that came as data, not a file."""
        return self.tr("dropped picture") if origin == "dropped" else self.tr("clipboard image")

    def _sync_sample_combo(self) -> None:
        """The combo names the sample on screen, or shows its placeholder for any other image."""
        path = self._image.path if self._image is not None and self._origin not in DATA_ORIGINS else ""
        index = self.sample_combo.findData(path) if path else -1
        self.sample_combo.setCurrentIndex(max(0, index))

    @Slot()
    def paste_from_clipboard(self) -> None:
        """An image on the clipboard is read; a file path or URL on it is opened; text is refused."""
        mime = QGuiApplication.clipboard().mimeData()
        if mime is not None and mime.hasImage() and self._open_image_data(mime.imageData(), "clipboard"):
            return
        if mime is not None and mime.hasUrls() and mime.urls()[0].isLocalFile():
            self.open_path(mime.urls()[0].toLocalFile())
            return
        compose = lambda: self.tr(
            "The clipboard holds no image. Copy a picture (or an image file) and paste again.")
        self._say("error", compose)
        self.status_message.emit(compose())

    def _open_image_data(self, data: object, origin: str) -> bool:
        """A picture pasted or dropped as data (not a file): decoded on the worker like a file.
        False when the data is no picture."""
        qimg = QImage(data)
        if qimg.isNull():
            return False
        qimg = qimg.convertToFormat(QImage.Format.Format_RGB888)
        arr = np.frombuffer(qimg.constBits(), np.uint8).reshape(qimg.height(), qimg.bytesPerLine())
        rgb = arr[:, : qimg.width() * 3].reshape(qimg.height(), qimg.width(), 3).copy()
        name = self._data_name(origin)
        self._opening = (name, origin, False)
        self.tasks.submit("open", decode_pixels, rgb, name, on_result=self._on_loader_returned,
                          on_error=self._on_loader_errored)
        self.status_message.emit(self.tr("Opening {name} …").format(name=name))
        return True

    @Slot()
    def _on_open_button_clicked(self) -> None:
        path = dialogs.open_file(self, "photo", self.tr("Open a dial photo"),
                                 self.tr("Images (*.png *.jpg *.jpeg *.bmp *.webp *.tif *.tiff *.gif)"))
        if path:
            self.open_path(path)

    @Slot()
    def _on_folder_button_clicked(self) -> None:
        folder = dialogs.open_folder(self, "photo", self.tr("Read every dial in a folder"))
        if folder:
            self.read_folder(folder)

    @Slot(int)
    def _on_sample_combo_activated(self, index: int) -> None:
        path = self.sample_combo.itemData(index)
        if path:
            self._open_file(path, "sample")
        else:
            self._sync_sample_combo()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        mime = event.mimeData()
        if mime.hasUrls() or mime.hasImage() or mime.hasText():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        mime = event.mimeData()
        local = [u.toLocalFile() for u in mime.urls() if u.isLocalFile()]
        event.acceptProposedAction()
        if len(local) == 1 and Path(local[0]).is_file():
            self._open_file(local[0], "file")
        elif local:
            self._start_batch(local)  # folders are listed on the worker
        elif mime.hasImage() and self._open_image_data(mime.imageData(), "dropped"):
            return
        elif mime.hasUrls():
            url = mime.urls()[0].toString()
            self._say("error", lambda: self.tr(
                "“{url}” is a web address; the lab reads files on this computer. Save the image first.").format(url=url))
        else:
            self._say("error", lambda: self.tr(
                "Text was dropped, not an image: drop a photo file, a folder, or several files."))

    # ------------------------------------------------------------------ batch
    def read_batch(self, files: list[str]) -> None:
        """Read many images on a worker; a failed image is a row with its error."""
        self._start_batch(list(files))

    def read_folder(self, folder: str) -> None:
        """Read every image in a folder (listed on the worker)."""
        self._start_batch([str(folder)])

    def _start_batch(self, sources: list[str]) -> None:
        if not sources:
            self._show_no_images()
            return
        previous = None
        if self.batch_box.running():  # this batch replaces it: say how far it got
            previous = self.batch_box.progress_of()
        self._batch_sources = sources
        self._batch_settings = self.batch_settings()
        opening = self.batch_box.isHidden()
        self.batch_box.start(previous)
        if opening:  # the views keep most of the height; the table scrolls (and the splitter moves)
            h = sum(self.splitter.sizes())
            box = max(self.batch_box.minimumSizeHint().height(), h // 4)
            self.splitter.setSizes([h - box, box])
        self._batch_task = self.tasks.submit("batch", batch_work, sources, self._batch_settings,
                                             on_yield=self._on_batch_yielded, on_error=self._on_batch_errored,
                                             on_finished=self._on_batch_finished)
        self.status_message.emit(self.tr("Looking for images …"))

    def _show_no_images(self) -> None:
        self._say("error", lambda: self.tr("No images (PNG, JPEG, BMP, WebP, TIFF, GIF) there."))
        self.status_message.emit(self.tr("No images (PNG, JPEG, BMP, WebP, TIFF, GIF) there."))

    @Slot(object)
    def _on_batch_yielded(self, item: tuple[str, object]) -> None:
        kind, payload = item
        if kind == "files":
            files = list(payload)  # type: ignore[call-overload]
            self.batch_box.set_total(len(files))
            if not files:
                self._show_no_images()
        elif isinstance(payload, Reading):
            self.batch_box.add(payload)

    @Slot(object)
    def _on_batch_errored(self, exc: BaseException) -> None:
        self.batch_box.fail()
        if isinstance(exc, LabError):
            self._show_error(exc)
        else:
            error = str(exc) or type(exc).__name__
            self._say("error", lambda: self.tr("The batch stopped: {error}").format(error=error))

    @Slot()
    def _on_batch_finished(self) -> None:
        task = self._batch_task
        if not self.batch_box.running():  # failed: the message says why
            return
        stopped = task is not None and task.is_cancelled()
        self.batch_box.finish(stopped)
        done, total = self.batch_box.progress_of()
        if total == 0 and not stopped:
            self.batch_box.hide()
            return
        ok = sum(r.ok for r in self.batch_box.rows())
        if stopped:
            self.status_message.emit(self.tr("Stopped after {k} of {n} images.").format(
                k=done, n=total if total is not None else "?"))
        else:
            self.status_message.emit(self.tr("Read {ok} of {n} images.").format(ok=ok, n=total))
        self._update_batch_stale()

    @Slot()
    def _on_batch_box_cancel_requested(self) -> None:
        self.batch_box.cancelling()
        self.tasks.cancel("batch")

    @Slot()
    def _on_batch_box_rerun_requested(self) -> None:
        if self._batch_sources:
            self._start_batch(self._batch_sources)

    @Slot()
    def _on_batch_box_close_requested(self) -> None:
        self.tasks.cancel("batch")
        self.batch_box.hide()

    @Slot(int)
    def _on_batch_box_row_selected(self, row: int) -> None:
        rows = self.batch_box.rows()
        if 0 <= row < len(rows):
            self._open_file(rows[row].path, "batch", keep_calibration=True)

    def _update_batch_stale(self) -> None:
        """The table is marked stale when the controls would read it differently now."""
        if self._batch_settings is None or self.batch_box.isHidden():
            return
        self.batch_box.set_stale(self.batch_settings() != self._batch_settings)

    def batch_rows(self) -> list[Reading]:
        return self.batch_box.rows()

    def export_batch(self, path: str) -> None:
        """Write the batch table as the readings CSV (raises SaveError, the old file intact)."""
        write_readings_csv(path, self.batch_box.rows(), describe_error)

    @Slot()
    def _on_export_button_clicked(self) -> None:
        path, _ = dialogs.save_file(self, "export", self.tr("Export readings"), "readings.csv",
                                    self.tr("CSV files (*.csv)"))
        if not path:
            return
        n = len(self.batch_box.rows())
        try:
            self.export_batch(path)
        except LabError as exc:
            self._show_error(exc)
            return
        compose = lambda: self.tr("Saved {n} readings to {path}.").format(n=n, path=path)
        self._say("info", compose)
        self.status_message.emit(compose())

    # ------------------------------------------------------------------ clicks
    @Slot(object, bool)
    def _on_click_group_button_toggled(self, button, checked: bool) -> None:
        if checked:  # one click mode at a time
            for other in self.click_group.buttons():
                if other is not button and other.isChecked():
                    other.setChecked(False)

    def click_mode(self) -> str:
        for name, b in (("pivot", self.pivot_button), ("min", self.min_button), ("max", self.max_button),
                        ("extra", self.extra_button), ("eyedropper", self.eyedropper_button)):
            if b.isChecked():
                return name
        return "none"

    def set_click_mode(self, mode: str) -> None:
        target = {"pivot": self.pivot_button, "min": self.min_button, "max": self.max_button,
                  "extra": self.extra_button, "eyedropper": self.eyedropper_button}.get(mode)
        for b in self.click_group.buttons():
            b.setChecked(b is target)

    @Slot(float, float)
    def _on_photo_vb_clicked(self, x: float, y: float) -> None:
        """A click on the photo, in image pixels (x right, y down)."""
        if self._image is None:
            return
        h, w = self._image.bgr.shape[:2]
        if not (0 <= x < w and 0 <= y < h):
            return
        mode = self.click_mode()
        if mode == "none":
            return
        self.set_click_mode("none")
        if mode == "pivot":
            self.calib_box.set_pivot((x, y))
        elif mode == "eyedropper":
            self.pick_color(x, y)
        else:
            pivot = self.calib_box.pivot or (self._result.pivot if self._result is not None else None)
            if pivot is None:
                self._say("error", lambda: self.tr(
                    "Set the pivot first: the marks are angles seen from it."))
                return
            self.calib_box.add_mark(mode, angle_of(np.array([x - pivot[0], y - pivot[1]])))

    def pick_color(self, x: float, y: float) -> None:
        """The eyedropper: hue range around the clicked colour (two ranges across red's wrap)."""
        import cv2

        if self._image is None:
            return
        img = self._image.bgr
        xi, yi = int(x), int(y)
        patch = img[max(0, yi - 2): yi + 3, max(0, xi - 2): xi + 3].reshape(-1, 1, 3)
        hsv = cv2.cvtColor(patch, cv2.COLOR_BGR2HSV).reshape(-1, 3)
        h, s, v = (float(np.median(hsv[:, i])) for i in range(3))
        if s < 40 and v < 90:  # a grey-black needle: hue means nothing, use dark mode
            self.colour_box.set_dark_manual(int(min(255, v + 40)))
            return
        lo, hi = int(h) - 10, int(h) + 10
        if lo < 0:
            h1, h2 = (0, hi), (180 + lo, 180)
        elif hi > 180:
            h1, h2 = (0, hi - 180), (lo, 180)
        else:
            h1, h2 = (lo, hi), ((180, 180) if lo > 0 else (0, 0))
        self.colour_box.set_custom(HSVBounds(h1, h2, int(max(0, s * 0.5)), int(max(0, v * 0.5))))

    @Slot()
    def clear_calibration(self) -> None:
        self.calib_box.clear()

    def set_calibration(self, min_angle: float, min_value: float, max_angle: float, max_value: float) -> None:
        """Two marks set at once (what clicking the minimum and maximum marks does)."""
        self.calib_box.set_marks(min_angle, min_value, max_angle, max_value)

    def _update_file_label(self) -> None:
        if self._image is None:
            self.file_label.setText(self.tr("Drop a photo, a folder or several files here, paste, or pick a sample."))
            return
        h, w = self._image.bgr.shape[:2]
        self.file_label.setText(breakable(self.tr("{name}: {w}×{h} pixels").format(name=self._display_name(), w=w, h=h)))

    # ------------------------------------------------------------------ reading
    @Slot()
    def _on_settings_changed(self, *_: object) -> None:
        self._rerun_throttled()

    @Slot()
    def _on_calib_box_calibration_changed(self) -> None:
        self._rerun()

    def _rerun(self) -> None:
        """Run the pipeline on the current image (a few ms; up to ~100 ms for huge photos)."""
        self._result, self._read_error = None, None
        if self._image is not None:
            settings = self.settings()
            try:
                self._result = read_dial(self._image.bgr, settings)
                self.colour_box.show_threshold_in_use(self._result.dark_v_max)
                self.views.show_result(self._result)
            except LabError as exc:
                self._read_error = exc
                mask = None
                try:
                    mask, v_max = threshold_mask(self._image.bgr, settings)
                    self.colour_box.show_threshold_in_use(v_max)
                except LabError:
                    pass
                self.views.show_failure(mask)
        else:
            self.views.clear()
        self._draw_marks()
        self._show_texts()
        self._show_problem()
        self._update_batch_stale()

    def result(self) -> DialResult | None:
        return self._result

    def _show_problem(self) -> None:
        """The banner says what is wrong with the reading on screen (or nothing)."""
        _, cal_error = self.calib_box.calibration()
        res = self._result
        if self._read_error is not None:
            read_error = self._read_error
            self._say("error", lambda: describe_error(read_error))
        elif cal_error is not None:
            self._say("error", lambda: describe_error(cal_error))
        elif res is not None and not res.reliable:
            rms, conf = f"{res.residual_px:.1f}", f"{res.confidence:.2f}"
            self._say("error", lambda: self.tr(
                "The line misses the needle (residual {rms} px, confidence {conf}): the angle is unreliable. "
                "Choose total least squares.").format(rms=rms, conf=conf))
        elif res is not None and res.reading is not None and not res.in_range:
            value = f"{res.reading:.4g}"
            self._say("error", lambda: self.tr(
                "The needle points outside the marked scale: the reading {value} is extrapolated past the "
                "marks.").format(value=value))
        elif self._image is not None:
            self.banner.clear_message()

    def _show_texts(self) -> None:
        res = self._result
        if res is None:
            self.reading_label.set_text(self.tr("No reading yet") if self._image is None
                                        else self.tr("No reading: see the message"))
            self.detail_label.set_text("")
            return
        if res.reading is not None:
            value = f"{res.reading:.4g}"
            if not res.in_range:  # in red; the banner says why
                value = f"<span style='color:{OFF_SCALE_COLOR}'>{value}</span>"
            text = self.tr("Reading {value}  ({angle}°)").format(value=value, angle=f"{res.angle_deg:.1f}")
        else:
            text = self.tr("Needle at {angle}°").format(angle=f"{res.angle_deg:.1f}")
        self.reading_label.set_text(text)
        sources = {"user": self.tr("clicked"), "face": self.tr("dial centre"), "needle": self.tr("needle's wide end")}
        self.detail_label.set_text(self.tr(
            "confidence {conf} · {n} needle pixels · pivot: {source} · residual {rms} px").format(
            conf=f"{res.confidence:.2f}", n=res.pixels, source=sources[res.pivot_source],
            rms=f"{res.residual_px:.2f}"))

    def _draw_marks(self) -> None:
        res = self._result
        pivot = self.calib_box.pivot or (res.pivot if res is not None else None)
        if self._image is None or pivot is None:
            self.views.show_marks(None, [], 0.0)
            return
        marks = []
        if self.calib_box.marks["min"] is not None:
            marks.append((self.calib_box.marks["min"], self.min_value.value()))
        if self.calib_box.marks["max"] is not None:
            marks.append((self.calib_box.marks["max"], self.max_value.value()))
        marks += self.calib_box.extra
        self.views.show_marks(pivot, marks, 0.42 * min(self._image.bgr.shape[:2]))

    # ------------------------------------------------------------------ out
    @Slot()
    def send_points(self) -> None:
        """The seed's path: the needle's mask pixels, as points, to the linear lab."""
        if self._result is None:
            self._say("error", lambda: self.tr("Read a dial first: there are no needle pixels to send."))
            return
        x, y = self._result.seed_points
        self.send_requested.emit("linear", (np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64)))

    def _show_error(self, exc: LabError) -> None:
        self._say("error", lambda: describe_error(exc))
        self.status_message.emit(describe_error(exc))

    def _say(self, kind: str, compose) -> None:
        """A banner message, composed in the current language, with long paths breakable."""
        self.banner.show_message(kind, lambda: breakable(compose()))

    def message(self) -> str:
        return self.banner.message().replace(ZWSP, "")

    def start_demo(self, name: str = "") -> None:
        """Open a bundled sample (the screenshot's demo). The generated dials' scale runs
        clockwise from 225° to −45°, so they are shown calibrated 0–100."""
        samples = bundled_samples()
        pick = next((p for p in samples if name and name in p.name), None)
        pick = pick or next((p for p in samples if "ticks" in p.name), samples[0] if samples else None)
        if pick is None:
            return
        self.set_image(load_image(str(pick)), origin="sample")
        if pick.name.startswith("synthetic"):
            self.set_calibration(225.0, 0.0, 315.0, 100.0)


__all__ = ["CLICK_MODES", "DialReaderPanel", "bundled_samples", "decode_pixels"]
