"""The Dial Reader's control column: the needle colour, the calibration, and a scroll area
that is always as wide as its widest control, so it never cuts one or scrolls sideways.

Each box shows what the reading uses and nothing else: red shows the seed's two hue ranges
(not editable), custom shows and keeps the user's own ranges, dark shows the brightness
threshold in use (the automatic one the reading chose, or the user's).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QSettings, QSize, Qt, Signal, Slot
from PySide6.QtWidgets import (
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
    QScrollArea,
    QSizePolicy,
    QStyle,
    QVBoxLayout,
    QWidget,
)
from superqt import QLabeledRangeSlider, QLabeledSlider

from core.dial import COLORS, SEED_HSV, Calibration, DialError, HSVBounds
from gui.settings import read, read_for, read_pair

DARK_DEFAULT = 100


class ControlColumn(QScrollArea):
    """A column of controls that scrolls up and down only. It asks its layout for the width
    its widest control needs (plus room for the vertical scroll bar), and keeps the
    horizontal position at 0 whatever asks it to move (focusing a field, for one)."""

    def __init__(self, inner: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidget(inner)
        self.setWidgetResizable(True)
        self.setFrameShape(QScrollArea.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Expanding)
        inner.installEventFilter(self)
        self.horizontalScrollBar().valueChanged.connect(self._on_horizontal_bar_value_changed)

    def _needed_width(self) -> int:
        inner = self.widget()
        if inner is None:
            return 0
        bar = self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent, None, self)
        return max(inner.minimumSizeHint().width(), inner.minimumWidth()) + bar + 2 * self.frameWidth() + 2

    def sizeHint(self) -> QSize:
        return QSize(self._needed_width(), super().sizeHint().height())

    def minimumSizeHint(self) -> QSize:
        return QSize(self._needed_width(), super().minimumSizeHint().height())

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if obj is self.widget() and event.type() == QEvent.Type.LayoutRequest:
            self.updateGeometry()  # a control's text changed its width (a language, a mode)
        return super().eventFilter(obj, event)

    @Slot(int)
    def _on_horizontal_bar_value_changed(self, value: int) -> None:
        if value != 0:
            self.horizontalScrollBar().setValue(0)


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

    # ---- settings
    def save_settings(self, s: QSettings) -> None:
        s.setValue("color", self.color_group.checkedId())
        s.setValue("h1", list(self._custom.h1))
        s.setValue("h2", list(self._custom.h2))
        s.setValue("s_min", int(self._custom.s_min))
        s.setValue("v_min", int(self._custom.v_min))
        s.setValue("dark_auto", self.dark_auto.isChecked())
        s.setValue("dark_v_max", int(self._dark_manual))

    def restore_settings(self, s: QSettings) -> None:
        self._showing = True
        try:
            button = self.color_group.button(read(s, "color", 0, lo=0, hi=len(self.color_group.buttons()) - 1))
            if button is not None:
                button.setChecked(True)
            h1 = read_pair(s, "h1", SEED_HSV.h1, int(self.h1_slider.minimum()), int(self.h1_slider.maximum()))
            h2 = read_pair(s, "h2", SEED_HSV.h2, int(self.h2_slider.minimum()), int(self.h2_slider.maximum()))
            self._custom = HSVBounds((int(h1[0]), int(h1[1])), (int(h2[0]), int(h2[1])),
                                     int(read_for(s, "s_min", SEED_HSV.s_min, self.s_slider)),
                                     int(read_for(s, "v_min", SEED_HSV.v_min, self.v_slider)))
            self.dark_auto.setChecked(read(s, "dark_auto", True))
            self._dark_manual = int(read_for(s, "dark_v_max", DARK_DEFAULT, self.dark_slider))
        finally:
            self._showing = False
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

    def calibration(self) -> tuple[Calibration | None, DialError | None]:
        """The scale the marks describe, or None; an error when the marks cannot make one."""
        if self.marks["min"] is None or self.marks["max"] is None:
            return None, None
        marks = [(self.marks["min"], self.min_value.value()), (self.marks["max"], self.max_value.value())]
        marks += self.extra
        cal = Calibration(tuple(marks), ccw=self.direction_combo.currentData() == "ccw")
        try:
            return cal.validated(), None
        except DialError as exc:
            return None, exc

    def set_marks(self, min_angle: float, min_value: float, max_angle: float, max_value: float) -> None:
        for sb, v in ((self.min_value, min_value), (self.max_value, max_value)):
            sb.blockSignals(True)
            sb.setValue(v)
            sb.blockSignals(False)
        self.marks = {"min": float(min_angle), "max": float(max_angle)}
        self.update_label()
        self.calibration_changed.emit()

    def add_mark(self, kind: str, angle: float) -> None:
        """A clicked mark: "min", "max" or "extra" (at the extra field's value)."""
        if kind == "extra":
            self.extra.append((float(angle), self.extra_value.value()))
        else:
            self.marks[kind] = float(angle)
        self.update_label()
        self.calibration_changed.emit()

    def set_pivot(self, pivot: tuple[float, float] | None) -> None:
        self.pivot = pivot
        self.update_label()
        self.calibration_changed.emit()

    def clear(self, emit: bool = True) -> None:
        self.pivot = None
        self.marks = {"min": None, "max": None}
        self.extra = []
        self.update_label()
        if emit:
            self.calibration_changed.emit()

    @Slot()
    def _on_value_changed(self, *_: object) -> None:
        self.calibration_changed.emit()

    def save_settings(self, s: QSettings) -> None:
        s.setValue("direction", self.direction_combo.currentData())
        s.setValue("min_value", self.min_value.value())
        s.setValue("max_value", self.max_value.value())

    def restore_settings(self, s: QSettings) -> None:
        widgets = (self.direction_combo, self.min_value, self.max_value)
        for w in widgets:
            w.blockSignals(True)
        try:
            self.direction_combo.setCurrentIndex(
                max(0, self.direction_combo.findData(read_for(s, "direction", "cw", self.direction_combo))))
            self.min_value.setValue(read_for(s, "min_value", 0.0, self.min_value))
            self.max_value.setValue(read_for(s, "max_value", 100.0, self.max_value))
        finally:
            for w in widgets:
                w.blockSignals(False)


__all__ = ["CalibrationBox", "ControlColumn", "NeedleColourBox"]
