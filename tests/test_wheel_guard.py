"""Scrolling a controls column does not change the combo box, spin box or slider under the pointer."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication, QComboBox, QScrollArea, QSlider, QSpinBox, QVBoxLayout, QWidget


def wheel(widget: QWidget, steps: int = -1) -> None:
    pos = QPointF(widget.width() / 2, widget.height() / 2)
    ev = QWheelEvent(pos, widget.mapToGlobal(pos), QPoint(0, 0), QPoint(0, 120 * steps),
                     Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(widget, ev)


@pytest.fixture
def column(qtbot):
    from gui.app import create_application

    create_application()
    inner = QWidget()
    col = QVBoxLayout(inner)
    combo, spin, slider = QComboBox(), QSpinBox(), QSlider(Qt.Orientation.Horizontal)
    combo.addItems(["training points", "test points", "third"])
    spin.setRange(0, 100)
    spin.setValue(50)
    slider.setRange(0, 100)
    slider.setValue(50)
    for w in (combo, spin, slider):
        col.addWidget(w)
    col.addSpacing(2000)  # taller than the area: it scrolls
    area = QScrollArea()
    area.setWidget(inner)
    area.setWidgetResizable(True)
    area.resize(300, 200)
    qtbot.addWidget(area)
    area.show()
    qtbot.waitExposed(area)
    area.setFocus()  # the first control would otherwise have focus
    return area, combo, spin, slider


def test_the_wheel_scrolls_the_column_not_the_control_under_the_pointer(column):
    area, combo, spin, slider = column
    for w in (combo, spin, slider):
        before = area.verticalScrollBar().value()
        wheel(w)
        assert combo.currentIndex() == 0 and spin.value() == 50 and slider.value() == 50
        assert area.verticalScrollBar().value() > before  # the column scrolled instead
        area.verticalScrollBar().setValue(0)


def test_a_focused_control_takes_the_wheel(column, qtbot):
    area, combo, spin, slider = column
    combo.setFocus()
    qtbot.waitUntil(combo.hasFocus)
    wheel(combo)
    assert combo.currentIndex() == 1


def test_every_labs_controls_are_guarded(qtbot, main_window):
    """The real case: the Logistic lab's "Confusion matrix of" combo under the pointer."""
    main_window.select_tab("logistic")
    panel = main_window.panels["logistic"]
    combo = panel.confusion_combo
    panel.setFocus()
    assert not combo.hasFocus()
    before = combo.currentIndex()
    wheel(combo)
    assert combo.currentIndex() == before
