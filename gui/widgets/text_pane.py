"""Rich text that changes every animation frame without re-running the window's layout.

A QLabel asks its layout for a new geometry on every setText, and a word-wrapped rich-text
label makes that layout pass lay the text out again and again: at 60 frames a second that
costs more than the plots. This pane keeps a fixed size hint and only repaints.

Its line height is measured on Latin and Chinese glyphs together: Chinese comes from a
fallback font (Noto Sans CJK) that is taller than the Latin font's line spacing, and a
one-line pane sized by that spacing cut the tops and bottoms of Chinese text.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics, QPainter, QPalette, QTextDocument
from PySide6.QtWidgets import QSizePolicy, QWidget


LINE_SAMPLE = "Ágy中文迭代损失"  # a tall Latin accent, a descender, and Chinese glyphs
MARGIN = 2  # the document's margin, on each side


def line_height(font: QFont) -> int:
    """The height one line of mixed Latin and Chinese text takes in `font` (fallback fonts
    included), at least the font's own line spacing."""
    doc = QTextDocument()
    doc.setDocumentMargin(0)
    doc.setDefaultFont(font)
    doc.setPlainText(LINE_SAMPLE)
    return max(QFontMetrics(font).lineSpacing(), math.ceil(doc.size().height()))


class TextPane(QWidget):
    """Shows HTML; set_text() repaints, never re-lays-out the parent."""

    def __init__(self, parent: QWidget | None = None, lines: int = 1) -> None:
        super().__init__(parent)
        self._html = ""
        self._lines = lines
        self._content_height = 0
        self._line = line_height(self.font())
        self._doc = QTextDocument(self)
        self._doc.setDocumentMargin(MARGIN)
        self._doc.setDefaultFont(self.font())
        policy = QSizePolicy.Policy.Fixed if lines == 1 else QSizePolicy.Policy.Expanding
        self.setSizePolicy(QSizePolicy.Policy.Expanding, policy)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent, False)

    def text(self) -> str:
        return self._html

    def content_height(self) -> int:
        """The height the text needs at the pane's width (more than height() means cut off)."""
        return int(self._doc.size().height())

    def set_text(self, html: str) -> None:
        if html == self._html:
            return
        self._html = html
        color = self.palette().color(QPalette.ColorRole.WindowText).name()
        self._doc.setHtml(f"<div style='color:{color}'>{html}</div>")
        self._fit_height()
        self.update()

    def _fit_height(self) -> None:
        """A multi-line pane asks for the height of its text, but only when that changes:
        inside a scroll area this scrolls instead of clipping, and costs no layout per frame."""
        if self._lines == 1:
            return
        height = int(self._doc.size().height()) + 1
        if abs(height - self._content_height) > 2:
            self._content_height = height
            self.updateGeometry()

    def sizeHint(self) -> QSize:
        return QSize(200, max(self._line * self._lines + 2 * MARGIN + 4, self._content_height))

    def minimumSizeHint(self) -> QSize:
        return QSize(100, max(self._line + 2 * MARGIN + 2, self._content_height))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.PaletteChange):
            self._doc.setDefaultFont(self.font())
            self._line = line_height(self.font())
            html, self._html = self._html, ""
            self.set_text(html)
            self.updateGeometry()
        super().changeEvent(event)

    def resizeEvent(self, event) -> None:  # noqa: N802
        self._doc.setTextWidth(self.width())
        self._fit_height()
        super().resizeEvent(event)

    def paintEvent(self, event) -> None:  # noqa: N802
        painter = QPainter(self)
        if self._lines == 1:  # one line: centred vertically, like a label
            painter.translate(0, max(0.0, (self.height() - self._doc.size().height()) / 2))
        self._doc.drawContents(painter)
