"""Scrolling a panel never changes the control under the pointer.

Qt gives the wheel to whatever combo box, spin box or slider is under the pointer, so
scrolling the controls column flipped "Confusion matrix of" to the test points. As in
polished Qt apps, such a control inside a scroll area takes the wheel only once it has
focus (clicked or tabbed to); otherwise the wheel scrolls the area.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt
from PySide6.QtWidgets import QAbstractScrollArea, QAbstractSlider, QAbstractSpinBox, QComboBox, QScrollBar, QWidget

_GUARDED = (QComboBox, QAbstractSpinBox, QAbstractSlider)


def _scroll_area(widget: QWidget) -> QAbstractScrollArea | None:
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QAbstractScrollArea):
            return parent
        parent = parent.parentWidget()
    return None


class WheelGuard(QObject):
    """An application-wide event filter (install once, on the QApplication)."""

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() != QEvent.Type.Wheel or not isinstance(obj, _GUARDED) or isinstance(obj, QScrollBar):
            return False
        if obj.hasFocus():
            return False
        area = _scroll_area(obj)
        if area is None:
            return False
        # Qt gives a spin box focus when the wheel turns it: keep it from taking focus that way
        if obj.focusPolicy() == Qt.FocusPolicy.WheelFocus:
            obj.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        bar = area.verticalScrollBar()
        if bar is not None and bar.isVisible():
            QCoreApplication.sendEvent(bar, event)
        return True


_guard: WheelGuard | None = None


def install_wheel_guard() -> None:
    """Filter wheel events for every widget of the application (idempotent)."""
    global _guard
    app = QCoreApplication.instance()
    if app is None or _guard is not None:
        return
    _guard = WheelGuard(app)
    app.installEventFilter(_guard)
