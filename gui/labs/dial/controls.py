"""The Dial Reader's control column: the photo, needle colour, line fit and calibration boxes
(the column they sit in is gui.widgets.control_column.ControlColumn, shared by the labs).
Each box reads and shows its own part of the lab's state (state_fields, apply_state);
DialControls stacks them with the Send button and arms one click on the photo at a time. The
boxes ask for files themselves (Open…, Folder…, Export…) and say what the user chose.

Each box shows what the reading uses and nothing else: red shows the seed's two hue ranges
(not editable), custom shows and keeps the user's own ranges, dark shows the brightness
threshold in use (the automatic one the reading chose, or the user's).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal, SignalInstance, Slot
from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)
from superqt import QLabeledRangeSlider, QLabeledSlider

from core.dial import COLORS, SEED_HSV, HSVBounds, NeedleColour
from gui import dialogs
from gui.labs.dial.controller import ClickAction, MarkClicked, NeedlePicked, PivotClicked, ReadingFrame
from gui.labs.dial.state import CLICK_MODES, DARK_DEFAULT, MAX_EXTRA_MARKS, DialState
from gui.state import Table
from gui.widgets.wrap_label import WrapLabel

FIT_ORDER = ("tls", "robust", "seed")  # the fit combo's entries


class NeedleColourBox(QGroupBox):
    """Which pixels are the needle: the seed's red, dark, or the user's own HSV ranges."""

    # the user changed what the mask keeps
    mask_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._custom = SEED_HSV  # the user's own ranges, kept while another mode shows
        self._dark_manual = DARK_DEFAULT  # the user's own threshold
        self._dark_in_use: int | None = None  # the automatic threshold the last reading used
        self._showing = False
        self.red_radio, self.dark_radio, self.custom_radio = (QRadioButton(self) for _ in range(3))
        self.color_group = QButtonGroup(self)
        for i, b in enumerate((self.red_radio, self.dark_radio, self.custom_radio)):
            self.color_group.addButton(b, i)
        self.red_radio.setChecked(True)
        self.h1_slider = QLabeledRangeSlider(Qt.Orientation.Horizontal, self)
        self.h2_slider = QLabeledRangeSlider(Qt.Orientation.Horizontal, self)
        for rs in (self.h1_slider, self.h2_slider):
            rs.setRange(0, 180)
        self.s_slider = QLabeledSlider(Qt.Orientation.Horizontal, self)
        self.v_slider = QLabeledSlider(Qt.Orientation.Horizontal, self)
        self.dark_slider = QLabeledSlider(Qt.Orientation.Horizontal, self)
        for s in (self.s_slider, self.v_slider, self.dark_slider):
            s.setRange(0, 255)
        self.dark_auto = QCheckBox(self)
        self.dark_auto.setChecked(True)
        self.dark_label = QLabel(self)
        self.eyedropper_button = QPushButton(self)
        self.eyedropper_button.setCheckable(True)
        self.h1_label, self.h2_label, self.s_label, self.v_label = (QLabel(self) for _ in range(4))

        radios = QHBoxLayout()
        for b in (self.red_radio, self.dark_radio, self.custom_radio):
            radios.addWidget(b)
        radios.addStretch(1)
        self.form = QFormLayout()
        self.form.addRow(self.h1_label, self.h1_slider)
        self.form.addRow(self.h2_label, self.h2_slider)
        self.form.addRow(self.s_label, self.s_slider)
        self.form.addRow(self.v_label, self.v_slider)
        self.form.addRow(self.dark_auto)
        self.form.addRow(self.dark_label, self.dark_slider)
        box = QVBoxLayout(self)
        box.addLayout(radios)
        box.addLayout(self.form)
        box.addWidget(self.eyedropper_button)

        self.color_group.idToggled.connect(self._on_color_group_id_toggled)
        for w in (self.h1_slider, self.h2_slider, self.s_slider, self.v_slider):
            w.valueChanged.connect(self._on_hsv_slider_value_changed)
        self.dark_slider.valueChanged.connect(self._on_dark_slider_value_changed)
        self.dark_auto.toggled.connect(self._on_dark_auto_toggled)
        self._show_mode()

    def retranslate_ui(self) -> None:
        self.setTitle(self.tr("Needle colour (HSV mask)"))
        self.red_radio.setText(self.tr("Red (the seed's)"))
        self.red_radio.setToolTip(self.tr("The seed's two hue ranges, 0–10 and 156–180, saturation ≥ 43, value ≥ 46"))
        self.dark_radio.setText(self.tr("Dark"))
        self.custom_radio.setText(self.tr("Custom"))
        self.h1_label.setText(self.tr("Hue range 1"))
        self.h2_label.setText(self.tr("Hue range 2"))
        self.s_label.setText(self.tr("Saturation ≥"))
        self.v_label.setText(self.tr("Value ≥"))
        self.dark_auto.setText(self.tr("Automatic threshold"))
        self.dark_auto.setToolTip(self.tr("Otsu's split of the dial face's brightness, made stricter when text "
                                          "near the hub joins the needle"))
        self.dark_label.setText(self.tr("Value ≤"))
        self.eyedropper_button.setText(self.tr("Eyedropper: click the needle"))

    # ---- what the mask uses
    def color(self) -> str:
        return COLORS[max(0, self.color_group.checkedId())]

    def hsv(self) -> HSVBounds:
        """The ranges in use: the seed's unless custom (dark uses none)."""
        return self._custom if self.color() == "custom" else SEED_HSV

    def dark_v_max(self) -> int | None:
        """The user's threshold in dark mode; None when automatic, or not in dark mode."""
        if self.color() != "dark" or self.dark_auto.isChecked():
            return None
        return self._dark_manual

    def apply_picked(self, colour: NeedleColour) -> None:
        """The eyedropper's pick: a grey-black needle (hue means nothing) sets dark mode, a coloured one custom."""
        if colour.dark_v_max is not None:
            self.set_dark_manual(colour.dark_v_max)
        elif colour.hsv is not None:
            self.set_custom(colour.hsv)

    def set_custom(self, hsv: HSVBounds) -> None:
        """The eyedropper's ranges become the user's own, and custom mode shows them."""
        self._custom = hsv
        if self.custom_radio.isChecked():
            self._show_mode()
            self.mask_changed.emit()
        else:
            self.custom_radio.setChecked(True)

    def set_dark_manual(self, v_max: int) -> None:
        """A threshold of the user's own (the eyedropper on a grey needle)."""
        self._dark_manual = int(min(255, max(0, v_max)))
        self._showing = True
        try:
            self.dark_auto.setChecked(False)
            self.dark_radio.setChecked(True)
        finally:
            self._showing = False
        self._show_mode()
        self.mask_changed.emit()

    def show_frame(self, frame: ReadingFrame) -> None:
        """A read of the photo: the dark threshold it used, when it is known."""
        if frame.threshold_known:
            self.show_threshold_in_use(frame.dark_v_max)

    def show_threshold_in_use(self, v_max: int | None) -> None:
        """The automatic threshold the latest reading (or its failure) used."""
        self._dark_in_use = v_max
        if self.color() == "dark" and self.dark_auto.isChecked():
            self._show_mode()

    # ---- showing
    def _show_mode(self) -> None:
        color = self.color()
        was, self._showing = self._showing, True
        try:
            shown = self._custom if color == "custom" else SEED_HSV
            self.h1_slider.setValue(shown.h1)
            self.h2_slider.setValue(shown.h2)
            self.s_slider.setValue(shown.s_min)
            self.v_slider.setValue(shown.v_min)
            auto = self.dark_auto.isChecked()
            if auto and self._dark_in_use is not None:
                self.dark_slider.setValue(self._dark_in_use)
            elif not auto:
                self.dark_slider.setValue(self._dark_manual)
        finally:
            self._showing = was
        for w in (self.h1_slider, self.h2_slider, self.s_slider, self.v_slider):
            w.setEnabled(color == "custom")
        self.dark_slider.setEnabled(color == "dark" and not self.dark_auto.isChecked())
        for w in (self.h1_slider, self.h2_slider, self.s_slider, self.v_slider):
            self.form.setRowVisible(w, color != "dark")
        self.form.setRowVisible(self.dark_auto, color == "dark")
        self.form.setRowVisible(self.dark_slider, color == "dark")

    @Slot(int, bool)
    def _on_color_group_id_toggled(self, _id: int, checked: bool) -> None:
        if checked:
            self._show_mode()
            if not self._showing:
                self.mask_changed.emit()

    @Slot()
    def _on_hsv_slider_value_changed(self, *_: object) -> None:
        if self._showing or self.color() != "custom":
            return
        h1, h2 = self.h1_slider.value(), self.h2_slider.value()
        self._custom = HSVBounds((int(h1[0]), int(h1[1])), (int(h2[0]), int(h2[1])), int(self.s_slider.value()),
                                 int(self.v_slider.value()))
        self.mask_changed.emit()

    @Slot(int)
    def _on_dark_slider_value_changed(self, value: int) -> None:
        if self._showing or self.dark_auto.isChecked():
            return
        self._dark_manual = int(value)
        self.mask_changed.emit()

    @Slot(bool)
    def _on_dark_auto_toggled(self, _checked: bool) -> None:
        self._show_mode()
        if not self._showing:
            self.mask_changed.emit()

    # ---- the state (gui/labs/dial/state.py)
    def state_fields(self) -> dict[str, Any]:
        """The mode, the user's own ranges (kept while red or dark shows) and threshold."""
        c = self._custom
        return {"color": self.color(), "hue1_lo": c.h1[0], "hue1_hi": c.h1[1], "hue2_lo": c.h2[0],
                "hue2_hi": c.h2[1], "s_min": c.s_min, "v_min": c.v_min, "dark_auto": self.dark_auto.isChecked(),
                "dark_v_max": self._dark_manual}

    def apply_state(self, state: DialState) -> None:
        """Show saved values (checked by the state) without saying the mask changed."""
        was, self._showing = self._showing, True
        try:
            self._custom = HSVBounds((state.hue1_lo, state.hue1_hi), (state.hue2_lo, state.hue2_hi), state.s_min,
                                     state.v_min)
            self._dark_manual = int(state.dark_v_max)
            self.dark_auto.setChecked(state.dark_auto)
            button = self.color_group.button(COLORS.index(state.color))
            if button is not None:
                button.setChecked(True)
        finally:
            self._showing = was
        self._show_mode()


class CalibrationBox(QGroupBox):
    """The pivot and the scale's marks: buttons that arm a click on the photo, the marks'
    values, the direction, and one line saying what is set."""

    # the marks, their values or the direction changed
    calibration_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.pivot: tuple[float, float] | None = None  # clicked, in image pixels
        self.marks: dict[str, float | None] = {"min": None, "max": None}  # angles
        self.extra: list[tuple[float, float]] = []  # (angle, value)
        self.pivot_button = QPushButton(self)
        self.min_button = QPushButton(self)
        self.max_button = QPushButton(self)
        self.extra_button = QPushButton(self)
        self.clear_button = QPushButton(self)
        self.min_value = QDoubleSpinBox(self)
        self.max_value = QDoubleSpinBox(self)
        self.extra_value = QDoubleSpinBox(self)
        for sb, v in ((self.min_value, 0.0), (self.max_value, 100.0), (self.extra_value, 50.0)):
            sb.setRange(-1e7, 1e7)
            sb.setDecimals(3)
            sb.setValue(v)
        self.direction_combo = QComboBox(self)
        self.direction_combo.addItem("", "cw")
        self.direction_combo.addItem("", "ccw")
        self.label = QLabel(self)
        self.label.setWordWrap(True)
        grid = QGridLayout(self)
        grid.addWidget(self.pivot_button, 0, 0, 1, 2)
        grid.addWidget(self.min_button, 1, 0)
        grid.addWidget(self.min_value, 1, 1)
        grid.addWidget(self.max_button, 2, 0)
        grid.addWidget(self.max_value, 2, 1)
        grid.addWidget(self.extra_button, 3, 0)
        grid.addWidget(self.extra_value, 3, 1)
        grid.addWidget(self.direction_combo, 4, 0, 1, 2)
        grid.addWidget(self.clear_button, 5, 0, 1, 2)
        grid.addWidget(self.label, 6, 0, 1, 2)
        grid.setColumnStretch(1, 1)
        for sb in (self.min_value, self.max_value):
            sb.valueChanged.connect(self._on_value_changed)
        self.clear_button.clicked.connect(self._on_clear_button_clicked)
        self.direction_combo.currentIndexChanged.connect(self._on_value_changed)

    def retranslate_ui(self) -> None:
        self.setTitle(self.tr("Pivot and calibration"))
        self.pivot_button.setText(self.tr("Click the pivot"))
        self.min_button.setText(self.tr("Click the minimum mark"))
        self.max_button.setText(self.tr("Click the maximum mark"))
        self.extra_button.setText(self.tr("Click an extra mark"))
        self.direction_combo.setItemText(0, self.tr("Values grow clockwise"))
        self.direction_combo.setItemText(1, self.tr("Values grow counterclockwise"))
        self.clear_button.setText(self.tr("Clear pivot and marks"))
        self.update_label()

    def update_label(self) -> None:
        """One translatable sentence per shape of the line (the language's own punctuation)."""
        pivot = self.tr("clicked") if self.pivot is not None else self.tr("automatic")
        low, high = (f"{a:.1f}°" if a is not None else "—" for a in (self.marks["min"], self.marks["max"]))
        if self.extra:
            text = self.tr("Pivot: {pivot}; minimum mark: {low}; maximum mark: {high}; extra marks: {n}").format(
                pivot=pivot, low=low, high=high, n=len(self.extra))
        else:
            text = self.tr("Pivot: {pivot}; minimum mark: {low}; maximum mark: {high}").format(
                pivot=pivot, low=low, high=high)
        self.label.setText(text)

    def set_marks(self, min_angle: float, min_value: float, max_angle: float, max_value: float) -> None:
        for sb, v in ((self.min_value, min_value), (self.max_value, max_value)):
            sb.blockSignals(True)
            sb.setValue(v)
            sb.blockSignals(False)
        self.marks = {"min": float(min_angle) % 360.0, "max": float(max_angle) % 360.0}
        self.update_label()
        self.calibration_changed.emit()

    def add_mark(self, kind: str, angle: float) -> None:
        """A clicked mark: "min", "max" or "extra" (at the extra field's value)."""
        angle = float(angle) % 360.0  # the state keeps [0, 360): the same direction
        if kind == "extra":
            self.extra.append((angle, self.extra_value.value()))
        else:
            self.marks[kind] = angle
        self.update_label()
        self.calibration_changed.emit()

    def set_pivot(self, pivot: tuple[float, float] | None) -> None:
        self.pivot = pivot
        self.update_label()
        self.calibration_changed.emit()

    def forget_photo(self, keep_marks: bool) -> None:
        """A new photo: the pivot belongs to the old one; the marks too, unless `keep_marks`
        (a row of the batch is read with the same marks). Says nothing changed."""
        if keep_marks:
            self.pivot = None
            self.update_label()
        else:
            self.clear(emit=False)

    def clear(self, emit: bool = True) -> None:
        self.pivot = None
        self.marks = {"min": None, "max": None}
        self.extra = []
        self.update_label()
        if emit:
            self.calibration_changed.emit()

    @Slot()
    def _on_clear_button_clicked(self) -> None:
        self.clear()

    @Slot()
    def _on_value_changed(self, *_: object) -> None:
        self.calibration_changed.emit()

    def marks_set(self) -> list[tuple[float, float]]:
        """Every mark set, (angle, value): the minimum, the maximum, the extra ones (drawn even
        when they make no scale)."""
        ends = [(a, sb.value()) for a, sb in ((self.marks["min"], self.min_value), (self.marks["max"], self.max_value))]
        return [(a, v) for a, v in ends if a is not None] + self.extra

    # ---- the state (gui/labs/dial/state.py)
    def state_fields(self) -> dict[str, Any]:
        """The pivot, the marks, their values and the direction."""
        pivot = self.pivot
        return {"pivot_x": None if pivot is None else float(pivot[0]),
                "pivot_y": None if pivot is None else float(pivot[1]),
                "min_angle": self.marks["min"], "max_angle": self.marks["max"], "min_value": self.min_value.value(),
                "max_value": self.max_value.value(), "extra_value": self.extra_value.value(),
                "extra_marks": Table(self.extra[:MAX_EXTRA_MARKS], columns=2),
                "direction": str(self.direction_combo.currentData())}

    def apply_state(self, state: DialState) -> None:
        """Show saved marks (checked by the state) without saying the calibration changed."""
        widgets = (self.direction_combo, self.min_value, self.max_value, self.extra_value)
        for w in widgets:
            w.blockSignals(True)
        try:
            self.direction_combo.setCurrentIndex(1 if state.direction == "ccw" else 0)
            for sb, v in zip((self.min_value, self.max_value, self.extra_value),
                             (state.min_value, state.max_value, state.extra_value)):
                sb.setValue(v)
        finally:
            for w in widgets:
                w.blockSignals(False)
        self.pivot = state.pivot
        self.marks = {"min": None if state.min_angle is None else float(state.min_angle) % 360.0,
                      "max": None if state.max_angle is None else float(state.max_angle) % 360.0}
        self.extra = [(float(a) % 360.0, float(v)) for a, v in state.extra_marks.array]
        self.update_label()


class PhotoBox(QGroupBox):
    """Where the photo comes from: Open, Folder, Paste, the bundled samples, and what is open.
    Its words are the panel's (translation context DialReaderPanel), as they always were."""

    # Open…: the file (or folder) the user chose
    photo_chosen = Signal(str)
    # Folder…: the folder the user chose, every image of it to read
    folder_chosen = Signal(str)
    # the sample combo: the path of the sample the user chose
    sample_chosen = Signal(str)

    def __init__(self, samples: list[Path], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._shown = ""  # the sample on screen ("": another image, or none)
        self.open_button, self.folder_button, self.paste_button = (QPushButton(self) for _ in range(3))
        self.sample_combo = QComboBox(self)
        self.sample_combo.addItem("", "")
        for p in samples:
            self.sample_combo.addItem(p.name, str(p))
        self.file_label = WrapLabel(self)
        row = QHBoxLayout()
        for b in (self.open_button, self.folder_button, self.paste_button):
            row.addWidget(b)
        box = QVBoxLayout(self)
        box.addLayout(row)
        box.addWidget(self.sample_combo)
        box.addWidget(self.file_label)
        self.open_button.clicked.connect(self.ask_for_photo)
        self.folder_button.clicked.connect(self._on_folder_button_clicked)
        self.sample_combo.activated.connect(self._on_sample_combo_activated)

    @Slot()
    def ask_for_photo(self) -> None:
        """Open…: ask for a dial photo (photo_chosen follows, unless the dialog was cancelled)."""
        path = dialogs.open_file(self, "photo", QCoreApplication.translate("DialReaderPanel", "Open a dial photo"),
                                 QCoreApplication.translate(
                                     "DialReaderPanel", "Images (*.png *.jpg *.jpeg *.bmp *.webp *.tif *.tiff *.gif)"))
        if path:
            self.photo_chosen.emit(path)

    @Slot()
    def _on_folder_button_clicked(self) -> None:
        folder = dialogs.open_folder(self, "photo", QCoreApplication.translate(
            "DialReaderPanel", "Read every dial in a folder"))
        if folder:
            self.folder_chosen.emit(folder)

    @Slot(int)
    def _on_sample_combo_activated(self, index: int) -> None:
        path = self.sample_combo.itemData(index)
        if path:
            self.sample_chosen.emit(path)
        else:  # the placeholder opens nothing: the combo names what is on screen again
            self.show_sample(self._shown)

    def retranslate_ui(self) -> None:
        self.setTitle(QCoreApplication.translate("DialReaderPanel", "Photo"))
        self.open_button.setText(QCoreApplication.translate("DialReaderPanel", "Open…"))
        self.folder_button.setText(QCoreApplication.translate("DialReaderPanel", "Folder…"))
        self.paste_button.setText(QCoreApplication.translate("DialReaderPanel", "Paste"))
        self.paste_button.setToolTip(QCoreApplication.translate(
            "DialReaderPanel", "Paste an image or an image file (Ctrl+V)"))
        self.sample_combo.setItemText(0, QCoreApplication.translate("DialReaderPanel", "— a bundled sample —"))

    def show_sample(self, path: str) -> None:
        """The combo names the sample `path`, or shows its placeholder ("": any other image)."""
        self._shown = path
        self.sample_combo.setCurrentIndex(max(0, self.sample_combo.findData(path) if path else -1))


class FitBox(QGroupBox):
    """The line fit's method and the seed's 250×250 resize (the panel's words, as PhotoBox's)."""

    # the user changed the method or the resize
    fit_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.fit_combo = QComboBox(self)
        for key in FIT_ORDER:
            self.fit_combo.addItem("", key)
        self.seed_resize_check = QCheckBox(self)
        self.fit_label = QLabel(self)
        form = QFormLayout(self)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        form.addRow(self.fit_label, self.fit_combo)
        form.addRow(self.seed_resize_check)
        self.fit_combo.currentIndexChanged.connect(self.fit_changed)
        self.seed_resize_check.toggled.connect(self.fit_changed)

    def retranslate_ui(self) -> None:
        self.setTitle(QCoreApplication.translate("DialReaderPanel", "Line fit"))
        self.fit_label.setText(QCoreApplication.translate("DialReaderPanel", "Method"))
        self.fit_combo.setItemText(0, QCoreApplication.translate("DialReaderPanel", "Total least squares (any angle)"))
        self.fit_combo.setItemText(1, QCoreApplication.translate("DialReaderPanel", "Robust (Huber)"))
        self.fit_combo.setItemText(2, QCoreApplication.translate(
            "DialReaderPanel", "The seed's: y on x (fails when vertical)"))
        self.seed_resize_check.setText(QCoreApplication.translate("DialReaderPanel", "Resize to 250×250 (the seed's)"))
        self.seed_resize_check.setToolTip(QCoreApplication.translate(
            "DialReaderPanel", "Off: keep full resolution (large photos are read on a copy at most 1000 pixels wide)"))

    def fit(self) -> str:
        return str(self.fit_combo.currentData())

    def seed_resize(self) -> bool:
        return self.seed_resize_check.isChecked()

    def state_fields(self) -> dict[str, Any]:
        return {"fit": self.fit(), "seed_resize": self.seed_resize()}

    def apply_state(self, state: DialState) -> None:
        """Show saved values without saying the fit changed."""
        was = self.blockSignals(True)
        try:
            self.fit_combo.setCurrentIndex(max(0, self.fit_combo.findData(state.fit)))
            self.seed_resize_check.setChecked(state.seed_resize)
        finally:
            self.blockSignals(was)


class DialControls(QWidget):
    """The control column's contents: the photo, needle colour, line fit and calibration
    boxes, the Send button, and the buttons that arm a click on the photo (one at a time)."""

    def __init__(self, samples: list[Path], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.photo_box = PhotoBox(samples, self)
        self.colour_box = NeedleColourBox(self)
        self.fit_box = FitBox(self)
        self.calib_box = k = CalibrationBox(self)
        self.send_button = QPushButton(self)
        self.click_buttons = dict(zip(CLICK_MODES[1:], (k.pivot_button, k.min_button, k.max_button, k.extra_button,
                                                        self.colour_box.eyedropper_button)))
        self.click_group = QButtonGroup(self)
        self.click_group.setExclusive(False)
        for b in self.click_buttons.values():
            b.setCheckable(True)
            self.click_group.addButton(b)
        col = QVBoxLayout(self)
        col.setContentsMargins(0, 0, 4, 0)
        for w in (self.photo_box, self.colour_box, self.fit_box, self.calib_box, self.send_button):
            col.addWidget(w)
        col.addStretch(1)
        self.click_group.buttonToggled.connect(self._on_click_group_button_toggled)

    def retranslate_ui(self) -> None:
        self.send_button.setText(QCoreApplication.translate(
            "DialReaderPanel", "Send pixels to the Linear Regression lab"))
        self.send_button.setToolTip(QCoreApplication.translate(
            "DialReaderPanel", "The seed's path: the mask pixels as points (x = column, y = height − row)"))
        for box in (self.photo_box, self.colour_box, self.fit_box, self.calib_box):
            box.retranslate_ui()

    def edit_signals(self) -> tuple[SignalInstance, ...]:
        """The signals of a change the state holds (the experiment is then unsaved)."""
        return (self.colour_box.mask_changed, self.fit_box.fit_changed, self.calib_box.calibration_changed,
                self.calib_box.extra_value.valueChanged, self.click_group.buttonToggled)

    # ---- clicks on the photo
    @Slot(object, bool)
    def _on_click_group_button_toggled(self, button: QAbstractButton, checked: bool) -> None:
        if checked:  # one click mode at a time
            for other in self.click_group.buttons():
                if other is not button and other.isChecked():
                    other.setChecked(False)

    def click_mode(self) -> str:
        return next((mode for mode, b in self.click_buttons.items() if b.isChecked()), "none")

    def set_click_mode(self, mode: str) -> None:
        target = self.click_buttons.get(mode)
        for b in self.click_group.buttons():
            b.setChecked(b is target)

    def apply_click(self, action: ClickAction) -> bool:
        """A click the controller read: disarm, then set the pivot, a mark or the needle's
        colour. False when it means nothing yet (a mark before any pivot)."""
        self.set_click_mode("none")
        if isinstance(action, PivotClicked):
            self.calib_box.set_pivot(action.point)
        elif isinstance(action, NeedlePicked):
            self.colour_box.apply_picked(action.colour)
        elif isinstance(action, MarkClicked):
            self.calib_box.add_mark(action.kind, action.angle)
        else:
            return False
        return True

    # ---- the state (gui/labs/dial/state.py)
    def state_fields(self) -> dict[str, Any]:
        """Every control's part of the state: the colour, the fit, the marks, the armed click."""
        return {**self.colour_box.state_fields(), **self.fit_box.state_fields(), **self.calib_box.state_fields(),
                "click_mode": self.click_mode()}

    def apply_state(self, state: DialState) -> None:
        """Show saved values (the boxes say nothing changed; the armed click is set as the user would)."""
        for box in (self.colour_box, self.fit_box, self.calib_box):
            box.apply_state(state)
        self.set_click_mode(state.click_mode)


__all__ = ["CalibrationBox", "DialControls", "FitBox", "NeedleColourBox", "PhotoBox"]
