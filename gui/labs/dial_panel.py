"""The Dial Reader lab: from a gauge photo to a reading, every step visible."""

from __future__ import annotations

import csv
import math
import os
from pathlib import Path

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QSettings, Qt, Signal, Slot
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QFont, QGuiApplication, QImage
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QRadioButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from superqt import QLabeledRangeSlider, QLabeledSlider
from superqt.utils import qthrottled

from core.dial import Calibration, DialError, DialResult, DialSettings, HSVBounds, angle_of, read_dial
from core.errors import LabError
from core.imageio import LoadedImage, decode_image, load_image
from gui import dialogs
from gui.labs.base import LabPanel
from gui.labs.descent_lab import scrolling
from gui.messages import describe_error
from gui.settings import read, read_for, read_pair
from gui.widgets.banner import MessageBanner
from gui.widgets.plots import make_plot
from gui.widgets.text_pane import TextPane

SAMPLES = Path(__file__).resolve().parent.parent.parent / "resources" / "samples"
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".bmp", ".webp", ".tif", ".tiff", ".gif")
CLICK_MODES = ("none", "pivot", "min", "max", "extra", "eyedropper")


def bundled_samples() -> list[Path]:
    """The sample dials shipped with the app: generated ones, then the real photos."""
    out: list[Path] = []
    for folder in (SAMPLES / "dials", SAMPLES / "photos"):
        if folder.is_dir():
            out += sorted(p for p in folder.iterdir() if p.suffix.lower() in IMAGE_SUFFIXES)
    return out


def bgr_to_rgb_image(bgr: np.ndarray) -> np.ndarray:
    """(w, h, 3) RGB for pyqtgraph's column-major ImageItem, with row 0 at the top."""
    return np.ascontiguousarray(bgr[:, :, ::-1].transpose(1, 0, 2))


class ImageViewBox(pg.ViewBox):
    """An image view, y down like the photo; clicks report image coordinates."""

    clicked = Signal(float, float)

    def __init__(self) -> None:
        super().__init__(lockAspect=True, invertY=True)

    def mouseClickEvent(self, ev) -> None:  # noqa: N802
        if ev.button() == Qt.MouseButton.LeftButton:
            ev.accept()
            p = self.mapSceneToView(ev.scenePos())
            self.clicked.emit(p.x(), p.y())
            return
        super().mouseClickEvent(ev)


class DialReaderPanel(LabPanel):
    """Drop a gauge photo; see the mask, the fitted line and the reading."""

    key = "dial"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAcceptDrops(True)
        self._image: LoadedImage | None = None
        self._result: DialResult | None = None
        self._user_pivot: tuple[float, float] | None = None
        self._marks: dict[str, float | None] = {"min": None, "max": None}  # angles
        self._extra: list[tuple[float, float]] = []  # (angle, value)
        self._batch_rows: list[dict] = []
        self._updating = False
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

        self.mask_group = QGroupBox(self)
        self.red_radio, self.dark_radio, self.custom_radio = QRadioButton(self), QRadioButton(self), QRadioButton(self)
        self.color_group = QButtonGroup(self)
        for i, b in enumerate((self.red_radio, self.dark_radio, self.custom_radio)):
            self.color_group.addButton(b, i)
        self.red_radio.setChecked(True)
        self.h1_slider = QLabeledRangeSlider(Qt.Orientation.Horizontal, self)
        self.h2_slider = QLabeledRangeSlider(Qt.Orientation.Horizontal, self)
        for s in (self.h1_slider, self.h2_slider):
            s.setRange(0, 180)
        self.h1_slider.setValue((0, 10))
        self.h2_slider.setValue((156, 180))
        self.s_slider = QLabeledSlider(Qt.Orientation.Horizontal, self)
        self.v_slider = QLabeledSlider(Qt.Orientation.Horizontal, self)
        for s, v in ((self.s_slider, 43), (self.v_slider, 46)):
            s.setRange(0, 255)
            s.setValue(v)
        self.dark_auto = QCheckBox(self)
        self.dark_auto.setChecked(True)
        self.dark_slider = QLabeledSlider(Qt.Orientation.Horizontal, self)
        self.dark_slider.setRange(0, 255)
        self.dark_slider.setValue(100)
        self.eyedropper_button = QPushButton(self)
        self.eyedropper_button.setCheckable(True)
        self.h1_label, self.h2_label, self.s_label, self.v_label = (QLabel(self) for _ in range(4))
        radios = QHBoxLayout()
        for b in (self.red_radio, self.dark_radio, self.custom_radio):
            radios.addWidget(b)
        form = QFormLayout()
        form.addRow(self.h1_label, self.h1_slider)
        form.addRow(self.h2_label, self.h2_slider)
        form.addRow(self.s_label, self.s_slider)
        form.addRow(self.v_label, self.v_slider)
        form.addRow(self.dark_auto, self.dark_slider)
        mbox = QVBoxLayout(self.mask_group)
        mbox.addLayout(radios)
        mbox.addLayout(form)
        mbox.addWidget(self.eyedropper_button)

        self.fit_group = QGroupBox(self)
        self.fit_combo = QComboBox(self)
        for key in ("tls", "robust", "seed"):
            self.fit_combo.addItem("", key)
        self.seed_resize_check = QCheckBox(self)
        self.fit_label = QLabel(self)
        fform = QFormLayout(self.fit_group)
        fform.addRow(self.fit_label, self.fit_combo)
        fform.addRow(self.seed_resize_check)

        self.calib_group = QGroupBox(self)
        self.pivot_button = QPushButton(self)
        self.min_button = QPushButton(self)
        self.max_button = QPushButton(self)
        self.extra_button = QPushButton(self)
        self.clear_calib_button = QPushButton(self)
        self.click_group = QButtonGroup(self)
        self.click_group.setExclusive(False)
        for b in (self.pivot_button, self.min_button, self.max_button, self.extra_button, self.eyedropper_button):
            b.setCheckable(True)
            self.click_group.addButton(b)
        self.min_value = QDoubleSpinBox(self)
        self.max_value = QDoubleSpinBox(self)
        self.extra_value = QDoubleSpinBox(self)
        for sb, v in ((self.min_value, 0.0), (self.max_value, 100.0), (self.extra_value, 50.0)):
            sb.setRange(-1e9, 1e9)
            sb.setDecimals(3)
            sb.setValue(v)
        self.direction_combo = QComboBox(self)
        self.direction_combo.addItem("", "cw")
        self.direction_combo.addItem("", "ccw")
        self.calib_label = QLabel(self)
        self.calib_label.setWordWrap(True)
        cgrid = QGridLayout(self.calib_group)
        cgrid.addWidget(self.pivot_button, 0, 0, 1, 2)
        cgrid.addWidget(self.min_button, 1, 0)
        cgrid.addWidget(self.min_value, 1, 1)
        cgrid.addWidget(self.max_button, 2, 0)
        cgrid.addWidget(self.max_value, 2, 1)
        cgrid.addWidget(self.extra_button, 3, 0)
        cgrid.addWidget(self.extra_value, 3, 1)
        cgrid.addWidget(self.direction_combo, 4, 0, 1, 2)
        cgrid.addWidget(self.clear_calib_button, 5, 0, 1, 2)
        cgrid.addWidget(self.calib_label, 6, 0, 1, 2)

        self.send_button = QPushButton(self)
        self.export_button = QPushButton(self)

        controls = QWidget(self)
        col = QVBoxLayout(controls)
        col.setContentsMargins(0, 0, 0, 0)
        for w in (self.image_group, self.mask_group, self.fit_group, self.calib_group):
            col.addWidget(w)
        col.addWidget(self.send_button)
        col.addStretch(1)
        column = scrolling(self, controls)
        column.setMinimumWidth(330)
        column.setMaximumWidth(400)

        # --- views
        self.photo_vb = ImageViewBox()
        self.photo_plot = make_plot(viewBox=self.photo_vb)
        self.photo_item = pg.ImageItem()
        self.photo_vb.addItem(self.photo_item)
        self.needle_line = pg.PlotCurveItem(pen=pg.mkPen((0, 200, 255), width=3))
        self.pivot_marker = pg.ScatterPlotItem(size=14, symbol="+", pen=pg.mkPen((0, 200, 255), width=3))
        self.tip_marker = pg.ScatterPlotItem(size=12, symbol="o", pen=pg.mkPen("w", width=2), brush=pg.mkBrush(0, 200, 255))
        self.mark_items = pg.ScatterPlotItem(size=12, symbol="d", pen=pg.mkPen("k"), brush=pg.mkBrush(255, 220, 0))
        self.mark_labels: list[pg.TextItem] = []
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

        self.reading_label = TextPane(self)
        font = QFont(self.font())
        font.setPointSizeF(font.pointSizeF() * 2.2)
        font.setBold(True)
        self.reading_label.setFont(font)
        self.detail_label = TextPane(self)
        self.banner = MessageBanner(self)
        self.banner.setTextFormat(Qt.TextFormat.PlainText)
        self.batch_table = QTableWidget(self)
        self.batch_table.setColumnCount(4)
        self.batch_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.batch_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.batch_table.hide()
        self.export_button.hide()

        views = QGridLayout()
        views.addWidget(self.photo_plot, 0, 0, 2, 1)
        views.addWidget(self.mask_plot, 0, 1)
        views.addWidget(self.scatter_plot, 1, 1)
        views.setColumnStretch(0, 3)
        views.setColumnStretch(1, 2)
        right = QVBoxLayout()
        right.addWidget(self.reading_label)
        right.addWidget(self.detail_label)
        right.addWidget(self.banner)
        right.addLayout(views, 1)
        right.addWidget(self.batch_table)
        right.addWidget(self.export_button)
        top = QHBoxLayout(self)
        top.addWidget(column)
        top.addLayout(right, 1)

        # --- wiring
        self.open_button.clicked.connect(self._on_open_button_clicked)
        self.folder_button.clicked.connect(self._on_folder_button_clicked)
        self.paste_button.clicked.connect(self.paste_from_clipboard)
        self.sample_combo.activated.connect(self._on_sample_combo_activated)
        self.color_group.idToggled.connect(self._on_settings_changed)
        for s in (self.h1_slider, self.h2_slider, self.s_slider, self.v_slider, self.dark_slider):
            s.valueChanged.connect(self._on_settings_changed)
        self.dark_auto.toggled.connect(self._on_settings_changed)
        self.fit_combo.currentIndexChanged.connect(self._on_settings_changed)
        self.seed_resize_check.toggled.connect(self._on_settings_changed)
        self.direction_combo.currentIndexChanged.connect(self._on_settings_changed)
        for sb in (self.min_value, self.max_value):
            sb.valueChanged.connect(self._on_settings_changed)
        self.click_group.buttonToggled.connect(self._on_click_group_button_toggled)
        self.clear_calib_button.clicked.connect(self.clear_calibration)
        self.photo_vb.clicked.connect(self._on_photo_vb_clicked)
        self.send_button.clicked.connect(self.send_points)
        self.export_button.clicked.connect(self._on_export_button_clicked)
        self._rerun_throttled = qthrottled(self._rerun, timeout=33)  # ≤ 30 re-reads a second

    def retranslate_ui(self) -> None:
        self.image_group.setTitle(self.tr("Photo"))
        self.open_button.setText(self.tr("Open…"))
        self.folder_button.setText(self.tr("Folder…"))
        self.paste_button.setText(self.tr("Paste"))
        self.sample_combo.setItemText(0, self.tr("— a bundled sample —"))
        self.mask_group.setTitle(self.tr("Needle colour (HSV mask)"))
        self.red_radio.setText(self.tr("Red (the seed's)"))
        self.dark_radio.setText(self.tr("Dark"))
        self.custom_radio.setText(self.tr("Custom"))
        self.h1_label.setText(self.tr("Hue range 1"))
        self.h2_label.setText(self.tr("Hue range 2"))
        self.s_label.setText(self.tr("Saturation ≥"))
        self.v_label.setText(self.tr("Value ≥"))
        self.dark_auto.setText(self.tr("Dark: value ≤ (auto)"))
        self.eyedropper_button.setText(self.tr("Eyedropper: click the needle"))
        self.fit_group.setTitle(self.tr("Line fit"))
        self.fit_label.setText(self.tr("Method"))
        self.fit_combo.setItemText(0, self.tr("Total least squares (any angle)"))
        self.fit_combo.setItemText(1, self.tr("Robust (Huber)"))
        self.fit_combo.setItemText(2, self.tr("The seed's: y on x (fails when vertical)"))
        self.seed_resize_check.setText(self.tr("Resize to 250×250 (the seed's)"))
        self.seed_resize_check.setToolTip(self.tr("Off: keep full resolution (large photos are read on a copy at most 1000 pixels wide)"))
        self.calib_group.setTitle(self.tr("Pivot and calibration"))
        self.pivot_button.setText(self.tr("Click the pivot"))
        self.min_button.setText(self.tr("Click the minimum mark"))
        self.max_button.setText(self.tr("Click the maximum mark"))
        self.extra_button.setText(self.tr("Click an extra mark"))
        self.direction_combo.setItemText(0, self.tr("Values grow clockwise"))
        self.direction_combo.setItemText(1, self.tr("Values grow counterclockwise"))
        self.clear_calib_button.setText(self.tr("Clear pivot and marks"))
        self.send_button.setText(self.tr("Send pixels to the Linear Regression lab"))
        self.send_button.setToolTip(self.tr("The seed's path: the mask pixels as points (x = column, y = height − row)"))
        self.export_button.setText(self.tr("Export the table as CSV…"))
        self.batch_table.setHorizontalHeaderLabels([self.tr("File"), self.tr("Angle"), self.tr("Reading"),
                                                    self.tr("Confidence or error")])
        self.photo_plot.setTitle(self.tr("Photo, needle and pivot"))
        self.mask_plot.setTitle(self.tr("HSV mask (needle in white)"))
        self.scatter_plot.setTitle(self.tr("Mask pixels and fitted line"))
        self.scatter_plot.setToolTip(self.tr("The seed's figure: x = column, y = height − row"))
        self._update_file_label()
        self._update_calibration_label()
        self._show_result()

    def changeEvent(self, event) -> None:
        from PySide6.QtCore import QEvent

        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    # ------------------------------------------------------------------ settings
    def settings(self) -> DialSettings:
        """The pipeline settings the controls describe."""
        color = ("red", "dark", "custom")[max(0, self.color_group.checkedId())]
        h1, h2 = self.h1_slider.value(), self.h2_slider.value()
        hsv = HSVBounds((int(h1[0]), int(h1[1])), (int(h2[0]), int(h2[1])), int(self.s_slider.value()),
                        int(self.v_slider.value()))
        return DialSettings(
            color=color, hsv=hsv, dark_v_max=None if self.dark_auto.isChecked() else int(self.dark_slider.value()),
            seed_resize=self.seed_resize_check.isChecked(), fit=str(self.fit_combo.currentData()),
            pivot=self._user_pivot, calibration=self._calibration(),
        )

    def _calibration(self) -> Calibration | None:
        if self._marks["min"] is None or self._marks["max"] is None:
            return None
        marks = [(self._marks["min"], self.min_value.value()), (self._marks["max"], self.max_value.value())]
        marks += self._extra
        cal = Calibration(tuple(marks), ccw=self.direction_combo.currentData() == "ccw")
        try:
            return cal.validated()
        except DialError:
            return None

    def save_settings(self, s: QSettings) -> None:
        s.beginGroup(self.key)
        s.setValue("color", self.color_group.checkedId())
        s.setValue("h1", list(self.h1_slider.value()))
        s.setValue("h2", list(self.h2_slider.value()))
        s.setValue("s_min", int(self.s_slider.value()))
        s.setValue("v_min", int(self.v_slider.value()))
        s.setValue("dark_auto", self.dark_auto.isChecked())
        s.setValue("dark_v_max", int(self.dark_slider.value()))
        s.setValue("fit", self.fit_combo.currentData())
        s.setValue("seed_resize", self.seed_resize_check.isChecked())
        s.setValue("direction", self.direction_combo.currentData())
        s.setValue("min_value", self.min_value.value())
        s.setValue("max_value", self.max_value.value())
        s.setValue("path", self._image.path if self._image is not None else "")
        s.endGroup()

    def restore_settings(self, s: QSettings) -> None:
        s.beginGroup(self.key)
        if not s.contains("fit"):
            s.endGroup()
            return
        self._updating = True
        try:
            button = self.color_group.button(read(s, "color", 0, lo=0, hi=len(self.color_group.buttons()) - 1))
            if button is not None:
                button.setChecked(True)
            for slider, key, default in ((self.h1_slider, "h1", (0, 10)), (self.h2_slider, "h2", (156, 180))):
                slider.setValue(read_pair(s, key, default, int(slider.minimum()), int(slider.maximum())))
            self.s_slider.setValue(read_for(s, "s_min", 43, self.s_slider))
            self.v_slider.setValue(read_for(s, "v_min", 46, self.v_slider))
            self.dark_auto.setChecked(read(s, "dark_auto", True))
            self.dark_slider.setValue(read_for(s, "dark_v_max", 100, self.dark_slider))
            self.fit_combo.setCurrentIndex(max(0, self.fit_combo.findData(read_for(s, "fit", "tls", self.fit_combo))))
            self.seed_resize_check.setChecked(read(s, "seed_resize", False))
            self.direction_combo.setCurrentIndex(
                max(0, self.direction_combo.findData(read_for(s, "direction", "cw", self.direction_combo))))
            self.min_value.setValue(read_for(s, "min_value", 0.0, self.min_value))
            self.max_value.setValue(read_for(s, "max_value", 100.0, self.max_value))
            path = read(s, "path", "")
        finally:
            self._updating = False
            s.endGroup()
        if path and Path(path).is_file():
            self.open_path(path)

    # ------------------------------------------------------------------ images in
    def open_path(self, path: str) -> bool:
        """Decode a file on a worker thread (a folder: read each image in it); a failure keeps
        the current image. The latest file asked for wins."""
        if Path(path).is_dir():
            self.read_batch(sorted(str(p) for p in Path(path).iterdir() if p.suffix.lower() in IMAGE_SUFFIXES))
            return True
        self._loading = str(path)
        self.tasks.submit("open", load_image, str(path), on_result=self._on_loader_returned,
                          on_error=self._on_loader_errored)
        self.status_message.emit(self.tr("Opening {name} …").format(name=Path(path).name))
        return True

    def can_import(self) -> bool:
        return True

    def import_data(self) -> None:
        self._on_open_button_clicked()

    @Slot(object)
    def _on_loader_returned(self, image: LoadedImage) -> None:
        self.set_image(image)

    @Slot(object)
    def _on_loader_errored(self, exc: BaseException) -> None:
        if isinstance(exc, LabError):
            self._show_error(exc)
        else:
            name = Path(self._loading).name
            self.banner.show_message("error", lambda: self.tr("Could not open {name}: {error}").format(
                name=name, error=exc))

    def set_image(self, image: LoadedImage) -> None:
        """Show a decoded image and read it; calibration clicks belong to the old photo."""
        self._image = image
        self._user_pivot = None
        self._marks = {"min": None, "max": None}
        self._extra = []
        self.photo_item.setImage(bgr_to_rgb_image(image.bgr), autoLevels=False, levels=(0, 255))
        self.photo_vb.autoRange(padding=0.02)
        self.batch_table.hide()
        self.export_button.hide()
        self._update_file_label()
        self._update_calibration_label()
        self._rerun()

    @Slot()
    def paste_from_clipboard(self) -> None:
        """An image on the clipboard is read; a file path or URL on it is opened; text is refused."""
        mime = QGuiApplication.clipboard().mimeData()
        if mime is not None and mime.hasImage():
            qimg = QImage(mime.imageData()).convertToFormat(QImage.Format.Format_RGB888)
            arr = np.frombuffer(qimg.constBits(), np.uint8).reshape(qimg.height(), qimg.bytesPerLine())
            rgb = arr[:, : qimg.width() * 3].reshape(qimg.height(), qimg.width(), 3)
            ok, png = __import__("cv2").imencode(".png", np.ascontiguousarray(rgb[:, :, ::-1]))
            if ok:
                try:
                    self.set_image(decode_image(png.tobytes(), self.tr("clipboard image")))
                except LabError as exc:
                    self._show_error(exc)
                return
        if mime is not None and mime.hasUrls() and mime.urls()[0].isLocalFile():
            self.open_path(mime.urls()[0].toLocalFile())
            return
        self.banner.show_message("error", lambda: self.tr(
            "The clipboard holds no image. Copy a picture (or an image file) and paste again."))

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
            self.read_batch(sorted(str(p) for p in Path(folder).iterdir() if p.suffix.lower() in IMAGE_SUFFIXES))

    @Slot(int)
    def _on_sample_combo_activated(self, index: int) -> None:
        path = self.sample_combo.itemData(index)
        if path:
            self.open_path(path)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        mime = event.mimeData()
        if mime.hasUrls() or mime.hasImage() or mime.hasText():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        mime = event.mimeData()
        local = [u.toLocalFile() for u in mime.urls() if u.isLocalFile()]
        event.acceptProposedAction()
        if len(local) == 1 and Path(local[0]).is_file():
            self.open_path(local[0])
        elif local:
            files: list[str] = []
            for p in map(Path, local):
                if p.is_dir():
                    files += sorted(str(f) for f in p.iterdir() if f.suffix.lower() in IMAGE_SUFFIXES)
                elif p.suffix.lower() in IMAGE_SUFFIXES:
                    files.append(str(p))
            self.read_batch(files)
        elif mime.hasUrls():
            url = mime.urls()[0].toString()
            self.banner.show_message("error", lambda: self.tr(
                "“{url}” is a web address; the lab reads files on this computer. Save the image first.").format(url=url))
        else:
            self.banner.show_message("error", lambda: self.tr(
                "Text was dropped, not an image: drop a photo file, a folder, or several files."))

    # ------------------------------------------------------------------ batch
    def read_batch(self, files: list[str]) -> None:
        """Read many images on a worker; a failed image is a row with its error."""
        if not files:
            self.banner.show_message("error", lambda: self.tr("No images (PNG, JPEG, BMP, WebP, TIFF, GIF) there."))
            return
        settings = replace_pivotless(self.settings())
        self._batch_rows = []
        self.batch_table.setRowCount(0)
        self.batch_table.show()
        self.export_button.show()
        self.export_button.setEnabled(False)

        def work():
            for path in files:
                try:
                    image = load_image(path)
                    res = read_dial(image.bgr, settings)
                    yield {"path": path, "angle_deg": res.angle_deg, "reading": res.reading,
                           "confidence": res.confidence, "error": None}
                except LabError as exc:
                    yield {"path": path, "angle_deg": None, "reading": None, "confidence": None, "error": exc}

        # a new batch replaces one still running (its remaining rows are dropped)
        self.tasks.submit("batch", work, on_yield=self._on_batch_yielded, on_finished=self._on_batch_finished)

    @Slot(object)
    def _on_batch_yielded(self, row: dict) -> None:
        self._batch_rows.append(row)
        r = self.batch_table.rowCount()
        self.batch_table.insertRow(r)
        cells = [Path(row["path"]).name,
                 "" if row["angle_deg"] is None else f"{row['angle_deg']:.2f}°",
                 "" if row["reading"] is None else f"{row['reading']:.4g}",
                 describe_error(row["error"]) if row["error"] is not None else f"{row['confidence']:.2f}"]
        for c, text in enumerate(cells):
            self.batch_table.setItem(r, c, QTableWidgetItem(text))

    @Slot()
    def _on_batch_finished(self) -> None:
        self.export_button.setEnabled(True)
        done = sum(r["error"] is None for r in self._batch_rows)
        self.status_message.emit(self.tr("Read {ok} of {n} images.").format(ok=done, n=len(self._batch_rows)))

    def batch_rows(self) -> list[dict]:
        return list(self._batch_rows)

    def export_batch(self, path: str) -> None:
        """Write the batch table as CSV (atomically: a temporary file, then a rename)."""
        tmp = path + ".tmp"
        with open(tmp, "w", newline="", encoding="utf-8") as fh:
            w = csv.writer(fh)
            w.writerow(["path", "angle_deg", "reading", "confidence", "error_code", "error"])
            for r in self._batch_rows:
                err = r["error"]
                w.writerow([r["path"], "" if r["angle_deg"] is None else f"{r['angle_deg']:.4f}",
                            "" if r["reading"] is None else r["reading"],
                            "" if r["confidence"] is None else f"{r['confidence']:.4f}",
                            err.code if err is not None else "", describe_error(err) if err is not None else ""])
        os.replace(tmp, path)

    @Slot()
    def _on_export_button_clicked(self) -> None:
        path, _ = dialogs.save_file(self, "export", self.tr("Export readings"), "readings.csv",
                                    self.tr("CSV files (*.csv)"))
        if path:
            try:
                self.export_batch(path)
            except OSError as exc:
                reason = exc.strerror or str(exc)  # `exc` is gone after the except block
                self.banner.show_message("error", lambda: self.tr("Could not write {path}: {error}").format(
                    path=path, error=reason))

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
        if mode == "pivot":
            self._user_pivot = (x, y)
        elif mode == "eyedropper":
            self.pick_color(x, y)
        elif mode in ("min", "max", "extra"):
            pivot = self._user_pivot or (self._result.pivot if self._result is not None else None)
            if pivot is None:
                self.banner.show_message("error", lambda: self.tr("Set the pivot first: the marks are angles seen from it."))
                return
            angle = angle_of(np.array([x - pivot[0], y - pivot[1]]))
            if mode == "extra":
                self._extra.append((angle, self.extra_value.value()))
            else:
                self._marks[mode] = angle
        else:
            return
        self.set_click_mode("none")
        self._update_calibration_label()
        self._rerun()

    def pick_color(self, x: float, y: float) -> None:
        """The eyedropper: hue range around the clicked colour (two ranges across red's wrap)."""
        import cv2

        img = self._image.bgr
        xi, yi = int(x), int(y)
        patch = img[max(0, yi - 2): yi + 3, max(0, xi - 2): xi + 3].reshape(-1, 1, 3)
        hsv = cv2.cvtColor(patch, cv2.COLOR_BGR2HSV).reshape(-1, 3)
        h, s, v = (float(np.median(hsv[:, i])) for i in range(3))
        if s < 40 and v < 90:  # a grey-black needle: hue means nothing, use dark mode
            self.dark_radio.setChecked(True)
            self.dark_auto.setChecked(False)
            self.dark_slider.setValue(int(min(255, v + 40)))
            return
        lo, hi = int(h) - 10, int(h) + 10
        self._updating = True
        if lo < 0:
            self.h1_slider.setValue((0, hi))
            self.h2_slider.setValue((180 + lo, 180))
        elif hi > 180:
            self.h1_slider.setValue((0, hi - 180))
            self.h2_slider.setValue((lo, 180))
        else:
            self.h1_slider.setValue((lo, hi))
            self.h2_slider.setValue((180, 180) if lo > 0 else (0, 0))
        self.s_slider.setValue(int(max(0, s * 0.5)))
        self.v_slider.setValue(int(max(0, v * 0.5)))
        self._updating = False
        self.custom_radio.setChecked(True)

    @Slot()
    def clear_calibration(self) -> None:
        self._user_pivot = None
        self._marks = {"min": None, "max": None}
        self._extra = []
        self._update_calibration_label()
        self._rerun()

    def _update_calibration_label(self) -> None:
        parts = []
        parts.append(self.tr("pivot: clicked") if self._user_pivot else self.tr("pivot: automatic"))
        for name, text in (("min", self.tr("minimum")), ("max", self.tr("maximum"))):
            a = self._marks[name]
            parts.append(f"{text}: " + (f"{a:.1f}°" if a is not None else "—"))
        if self._extra:
            parts.append(self.tr("{n} extra marks").format(n=len(self._extra)))
        self.calib_label.setText("; ".join(parts))

    def _update_file_label(self) -> None:
        if self._image is None:
            self.file_label.setText(self.tr("Drop a photo, a folder or several files here, paste, or pick a sample."))
            return
        h, w = self._image.bgr.shape[:2]
        name = Path(self._image.path).name or self.tr("clipboard image")
        self.file_label.setText(self.tr("{name}: {w}×{h} pixels").format(name=name, w=w, h=h))

    # ------------------------------------------------------------------ reading
    @Slot()
    def _on_settings_changed(self, *_: object) -> None:
        enabled_hue = self.color_group.checkedId() == 2
        for w in (self.h1_slider, self.h2_slider, self.s_slider, self.v_slider):
            w.setEnabled(enabled_hue)
        self.dark_slider.setEnabled(self.color_group.checkedId() == 1 and not self.dark_auto.isChecked())
        if not self._updating:
            self._rerun_throttled()

    def _rerun(self) -> None:
        """Run the pipeline on the current image (a few ms; up to ~100 ms for huge photos)."""
        if self._image is None:
            self._show_result()
            return
        try:
            self._result = read_dial(self._image.bgr, self.settings())
            self.banner.clear_message()
        except LabError as exc:
            self._result = None
            self._show_error(exc)
            self._show_mask_only()
        self._show_result()

    def result(self) -> DialResult | None:
        return self._result

    def _show_mask_only(self) -> None:
        """After a failure the mask still shows what the thresholds keep."""
        from core.dial import color_mask, work_copy

        work, _ = work_copy(self._image.bgr, self.settings())
        self.mask_item.setImage(color_mask(work, self.settings()).T, autoLevels=False, levels=(0, 255))
        for item in (self.needle_line, self.pivot_marker, self.tip_marker):
            item.setData([], [])
        self.seed_scatter.setData([], [])
        self.fit_curve.setData([], [])

    def _show_result(self) -> None:
        res = self._result
        self._draw_marks()
        if res is None:
            self.reading_label.set_text(self.tr("No reading yet") if self._image is None
                                        else self.tr("No reading: see the message"))
            self.detail_label.set_text("")
            return
        self.mask_item.setImage(res.mask.T, autoLevels=False, levels=(0, 255))
        self.mask_vb.autoRange(padding=0.02)
        px, py = res.pivot
        tx, ty = res.tip
        self.needle_line.setData([px, tx], [py, ty])
        self.pivot_marker.setData([px], [py])
        self.tip_marker.setData([tx], [ty])
        X, Y = res.seed_points
        self.seed_scatter.setData(X, Y)
        h = res.mask.shape[0]
        d = res.fit.direction
        p0 = res.fit.point
        t = np.array([-1.0, 1.0]) * max(res.mask.shape) * 0.6
        lx = p0[0] + t * d[0]
        ly = h - (p0[1] + t * d[1])
        self.fit_curve.setData(lx, ly)
        self.scatter_plot.setXRange(float(X.min()) - 5, float(X.max()) + 5)
        self.scatter_plot.setYRange(float(Y.min()) - 5, float(Y.max()) + 5)
        if res.reading is not None:
            text = self.tr("Reading {value}  ({angle}°)").format(value=f"{res.reading:.4g}", angle=f"{res.angle_deg:.1f}")
            if not res.in_range:
                text += " " + self.tr("— outside the marked scale")
        else:
            text = self.tr("Needle at {angle}°").format(angle=f"{res.angle_deg:.1f}")
        self.reading_label.set_text(text)
        sources = {"user": self.tr("clicked"), "face": self.tr("dial centre"), "needle": self.tr("needle's wide end")}
        self.detail_label.set_text(self.tr(
            "confidence {conf} · {n} needle pixels · pivot: {source} · residual {rms} px · fit: {fit}").format(
            conf=f"{res.confidence:.2f}", n=res.pixels, source=sources[res.pivot_source],
            rms=f"{res.fit.rms * max(res.scale):.2f}", fit=self.fit_combo.currentText()))

    def _draw_marks(self) -> None:
        for label in self.mark_labels:
            self.photo_vb.removeItem(label)
        self.mark_labels = []
        res = self._result
        pivot = self._user_pivot or (res.pivot if res is not None else None)
        if pivot is None or self._image is None:
            self.mark_items.setData([], [])
            return
        r = 0.42 * min(self._image.bgr.shape[:2])
        marks = []
        if self._marks["min"] is not None:
            marks.append((self._marks["min"], self.min_value.value()))
        if self._marks["max"] is not None:
            marks.append((self._marks["max"], self.max_value.value()))
        marks += self._extra
        xs, ys = [], []
        for angle, value in marks:
            x = pivot[0] + r * math.cos(math.radians(angle))
            y = pivot[1] - r * math.sin(math.radians(angle))
            xs.append(x)
            ys.append(y)
            label = pg.TextItem(f"{value:g}", color=(0, 0, 0), fill=pg.mkBrush(255, 220, 0, 200), anchor=(0.5, 1.2))
            label.setPos(x, y)
            self.photo_vb.addItem(label)
            self.mark_labels.append(label)
        self.mark_items.setData(xs, ys)

    # ------------------------------------------------------------------ out
    @Slot()
    def send_points(self) -> None:
        """The seed's path: the needle's mask pixels, as points, to the linear lab."""
        if self._result is None:
            self.banner.show_message("error", lambda: self.tr("Read a dial first: there are no needle pixels to send."))
            return
        X, Y = self._result.seed_points
        self.send_requested.emit("linear", (np.asarray(X, dtype=np.float64), np.asarray(Y, dtype=np.float64)))

    def _show_error(self, exc: LabError) -> None:
        self.banner.show_message("error", lambda: describe_error(exc))
        self.status_message.emit(describe_error(exc))

    def message(self) -> str:
        return self.banner.message()

    def start_demo(self, name: str = "") -> None:
        """Open a bundled sample (the screenshot's demo). The generated dials' scale runs
        clockwise from 225° to −45°, so they are shown calibrated 0–100."""
        samples = bundled_samples()
        pick = next((p for p in samples if name and name in p.name), None)
        pick = pick or next((p for p in samples if "ticks" in p.name), samples[0] if samples else None)
        if pick is None:
            return
        self.set_image(load_image(str(pick)))
        if pick.name.startswith("synthetic"):
            self.set_calibration(225.0, 0.0, 315.0, 100.0)

    def set_calibration(self, min_angle: float, min_value: float, max_angle: float, max_value: float) -> None:
        """Two marks set at once (what clicking the minimum and maximum marks does)."""
        self._updating = True
        self.min_value.setValue(min_value)
        self.max_value.setValue(max_value)
        self._updating = False
        self._marks = {"min": float(min_angle), "max": float(max_angle)}
        self._update_calibration_label()
        self._rerun()


def replace_pivotless(settings: DialSettings) -> DialSettings:
    """Batch reading: a pivot clicked on one photo means nothing on the others."""
    from dataclasses import replace

    return replace(settings, pivot=None)


__all__ = ["DialReaderPanel", "bundled_samples"]
