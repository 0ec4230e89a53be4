"""A lab's column of controls: it scrolls up and down, never sideways, and never cuts a control.

A plain QScrollArea with the horizontal bar switched off still scrolls sideways: when a
field takes the focus, Qt calls ensureWidgetVisible(), which moves the content left until
the field's right edge shows, and the column's left edge ("Photo" became "hoto") is cut
off with no bar to bring it back. That happens whenever the content is wider than the
column, so this column asks for the width its widest control needs, and keeps the
horizontal position at 0 whatever asks it to move.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QSize, Qt, Slot
from PySide6.QtWidgets import QScrollArea, QSizePolicy, QStyle, QWidget


class ControlColumn(QScrollArea):
    """A column of controls that scrolls up and down only. It asks its layout for the width
    its widest control needs (plus room for the vertical scroll bar), and keeps the
    horizontal position at 0 whatever asks it to move (focusing a field, for one)."""

    def __init__(self, inner: QWidget, parent: QWidget | None = None, minimum_width: int = 0) -> None:
        """`minimum_width`: the column is never narrower (wrapped hints read badly in a sliver)."""
        super().__init__(parent)
        self._minimum_width = minimum_width
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
        content = max(inner.minimumSizeHint().width(), inner.minimumWidth()) + bar + 2 * self.frameWidth() + 2
        return max(content, self._minimum_width)

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
