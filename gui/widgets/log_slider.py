"""A slider on a log scale with an editable value box (learning rates, speeds, tolerances)."""

from __future__ import annotations

import math

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QSlider, QWidget

STEPS_PER_DECADE = 100


def format_number(value: float, digits: int = 3) -> str:
    """Compact text for a value from 1e-12 to 1e12: 0.05, 5e-05, 1200, 1e+06."""
    if value == 0:
        return "0"
    a = abs(value)
    if 1e-3 <= a < 1e5:
        return f"{value:.{digits}g}"
    return f"{value:.{max(0, digits - 1)}e}".replace("e-0", "e-").replace("e+0", "e+")


class LogSlider(QWidget):
    """Chooses a positive value between `minimum` and `maximum` on a log10 scale."""

    value_changed = Signal(float)
    # The user typed something that is not a number in the range; the old value is kept.
    entry_rejected = Signal(str)

    def __init__(self, minimum: float, maximum: float, value: float, parent: QWidget | None = None,
                 integer: bool = False) -> None:
        super().__init__(parent)
        if not (0 < minimum < maximum):
            raise ValueError("LogSlider needs 0 < minimum < maximum")
        self._lo = math.log10(minimum)
        self._hi = math.log10(maximum)
        self._integer = integer
        self._value = minimum
        self.slider = QSlider(Qt.Orientation.Horizontal, self)
        self.slider.setRange(0, round((self._hi - self._lo) * STEPS_PER_DECADE))
        self.slider.setPageStep(STEPS_PER_DECADE // 4)
        self.edit = QLineEdit(self)
        self.edit.setFixedWidth(76)
        self.edit.setAlignment(Qt.AlignmentFlag.AlignRight)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.slider, 1)
        layout.addWidget(self.edit)
        self.slider.valueChanged.connect(self._on_slider_value_changed)
        self.edit.editingFinished.connect(self._on_edit_editing_finished)
        self.set_value(value)

    @property
    def minimum(self) -> float:
        return 10.0 ** self._lo

    @property
    def maximum(self) -> float:
        return 10.0 ** self._hi

    def value(self) -> float:
        return self._value

    def set_value(self, value: float) -> None:
        """Set the value (clamped to the range) without rounding it to a slider step."""
        if not math.isfinite(value) or value <= 0:
            value = self.minimum
        value = min(max(value, self.minimum), self.maximum)
        if self._integer:
            value = float(round(value))
        changed = value != self._value
        self._value = value
        pos = round((math.log10(value) - self._lo) * STEPS_PER_DECADE)
        self.slider.blockSignals(True)
        self.slider.setValue(pos)
        self.slider.blockSignals(False)
        self.edit.setText(self._text(value))
        if changed:
            self.value_changed.emit(value)

    def _text(self, value: float) -> str:
        return str(int(value)) if self._integer else format_number(value)

    def show_instead(self, value: float | None) -> None:
        """Show `value` (even outside the range) instead of the slider's own, which is kept:
        a disabled control then says what is true of the data (a file's 240 points, not the
        generator's 300). None shows the slider's own value again. Nothing is emitted."""
        shown = self._value if value is None else value
        self.edit.setText(self._text(shown) if value is None or not self._integer else f"{int(value):,}")
        if math.isfinite(shown) and shown > 0:
            clamped = min(max(shown, self.minimum), self.maximum)
            self.slider.blockSignals(True)
            self.slider.setValue(round((math.log10(clamped) - self._lo) * STEPS_PER_DECADE))
            self.slider.blockSignals(False)

    @Slot(int)
    def _on_slider_value_changed(self, pos: int) -> None:
        value = 10.0 ** (self._lo + pos / STEPS_PER_DECADE)
        # round to 3 significant digits so the box shows what is used
        value = float(f"{value:.3g}")
        if self._integer:
            value = float(round(value))
        if value != self._value:
            self._value = value
            self.edit.setText(self._text(value))
            self.value_changed.emit(value)

    @Slot()
    def _on_edit_editing_finished(self) -> None:
        text = self.edit.text().strip()
        try:
            value = float(text)
        except ValueError:
            value = math.nan
        if not math.isfinite(value) or not (self.minimum <= value <= self.maximum):
            self.edit.setText(self._text(self._value))  # keep what the user had
            if text != self._text(self._value):
                self.entry_rejected.emit(text)
            return
        self.set_value(value)
