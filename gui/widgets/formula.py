"""A pane of typeset formulas, each with a caption in words and a line of live numbers.

The symbols are typeset by ziamath (LaTeX → SVG, pure Python) into pixmaps at the screen's
pixel ratio, in the palette's text colour. That costs 15–60 ms a formula, so it is done
when the pane is first shown and again only when the formula, the font size, the colour or
the pixel ratio changes (a cache keyed by all four); the numbers that change every frame
are ordinary rich text beside it (TextPane: a repaint, no layout pass). Words are never
inside the LaTeX (its math font has no Chinese): captions are Qt text, given by the lab in
the language of the moment.

ziamath is imported on first show, never at start-up; when it is missing or fails on a
formula, the row shows its plain Unicode form instead.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QByteArray, QEvent, QRectF, QSize, Qt
from PySide6.QtGui import QFont, QPainter, QPalette, QPixmap
from PySide6.QtWidgets import QLabel, QSizePolicy, QVBoxLayout, QWidget

from gui.widgets.text_pane import MARGIN, TextPane

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Formula:
    """One row: its key, its LaTeX, and the same in Unicode for when it cannot be typeset."""

    key: str
    tex: str
    plain: str


# (tex, pixel size, colour name, pixel ratio) -> the typeset pixmap, or None: it failed
_cache: dict[tuple[str, float, str, float], QPixmap | None] = {}
# how many formulas were typeset (the tests check a number update typesets none)
typeset_count = 0
_ziamath_failed = False


def typeset(tex: str, size: float, color: str, ratio: float) -> QPixmap | None:
    """`tex` typeset at `size` pixels in `color` for a screen of pixel ratio `ratio`, or
    None when ziamath is missing or cannot typeset it. Cached: each is typeset once."""
    global typeset_count, _ziamath_failed
    key = (tex, size, color, ratio)
    if key in _cache:
        return _cache[key]
    if _ziamath_failed:
        return None
    try:
        import ziamath  # lazily: ~0.2 s of imports the app's start-up does not need
        from PySide6.QtSvg import QSvgRenderer
    except Exception as exc:  # noqa: BLE001 — a missing or broken ziamath: plain text instead
        log.warning("formulas shown as plain text: ziamath unavailable (%s)", exc)
        _ziamath_failed = True
        return None
    typeset_count += 1
    try:
        ziamath.config.svg2 = False  # plain paths: QtSvg (SVG Tiny 1.2) draws no <symbol>/<use>
        svg = ziamath.Latex(tex, size=size, color=color).svg()
        renderer = QSvgRenderer(QByteArray(svg.encode("utf-8")))
        if not renderer.isValid():
            raise ValueError("invalid SVG")
        view = renderer.viewBoxF()
        w, h = max(1, round(view.width() * ratio)), max(1, round(view.height() * ratio))
        pixmap = QPixmap(w, h)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter, QRectF(0, 0, w, h))
        painter.end()
        pixmap.setDevicePixelRatio(ratio)
        result: QPixmap | None = pixmap
    except Exception as exc:  # noqa: BLE001 — one formula ziamath cannot do: that row in plain text
        log.warning("formula %r shown as plain text: %s", tex, exc)
        result = None
    _cache[key] = result
    return result


class NumbersLine(TextPane):
    """A TextPane as tall as its text (one line, or two when it wraps), never taller."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, lines=2)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)

    def sizeHint(self) -> QSize:
        return QSize(200, max(self._line + 2 * MARGIN + 2, self._content_height))


class FormulaRow(QWidget):
    """A caption (words), the formula (typeset, or its Unicode form) and a line of numbers."""

    def __init__(self, formula: Formula, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.formula = formula
        self.caption = QLabel(self)
        self.caption.setWordWrap(True)
        self.caption.setTextFormat(Qt.TextFormat.RichText)  # code in a caption is set in <code>
        self.caption.setStyleSheet("color: #555;")
        self.symbols = QLabel(self)
        self.symbols.setTextFormat(Qt.TextFormat.PlainText)
        self.symbols.setText(formula.plain)
        self.symbols.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.numbers = NumbersLine(self)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 2, 0, 4)
        box.setSpacing(1)
        box.addWidget(self.caption)
        box.addWidget(self.symbols)
        box.addWidget(self.numbers)
        self.typeset_shown = False  # the formula is shown as a typeset pixmap (not plain text)

    def show_formula(self, formula: Formula, size: float, color: str, ratio: float) -> None:
        """Show `formula` typeset (from the cache when it was typeset before), else as text."""
        self.formula = formula
        pixmap = typeset(formula.tex, size, color, ratio)
        if pixmap is None:
            self.symbols.setPixmap(QPixmap())
            self.symbols.setText(formula.plain)
            self.typeset_shown = False
        else:
            self.symbols.setPixmap(pixmap)
            self.typeset_shown = True

    def pixmap(self) -> QPixmap:
        return self.symbols.pixmap()


class FormulaPane(QWidget):
    """Rows of formulas with captions and live numbers. The lab sets the words
    (set_caption), the numbers (set_numbers, cheap) and, rarely, a row's formula
    (set_formula: typeset only if it was not before)."""

    def __init__(self, formulas: Sequence[Formula], parent: QWidget | None = None, scale: float = 1.25) -> None:
        super().__init__(parent)
        self._scale = scale
        self._rows: dict[str, FormulaRow] = {}
        self._typeset_for: tuple[float, str, float] | None = None  # (size, colour, ratio) shown
        box = QVBoxLayout(self)
        box.setContentsMargins(4, 2, 4, 2)
        box.setSpacing(2)
        self.header = TextPane(self)  # a line above the rows (which iteration), changed often
        self.note = QLabel(self)  # a sentence under the rows (words, set by the lab)
        self.note.setWordWrap(True)
        self.note.setStyleSheet("color: #555;")
        box.addWidget(self.header)
        for f in formulas:
            row = FormulaRow(f, self)
            self._rows[f.key] = row
            box.addWidget(row)
        box.addWidget(self.note)
        box.addStretch(1)

    # ---- what the lab sets
    def row(self, key: str) -> FormulaRow:
        return self._rows[key]

    def keys(self) -> list[str]:
        return list(self._rows)

    def set_caption(self, key: str, text: str) -> None:
        """The words above a row ("": none, the row follows the one above)."""
        caption = self._rows[key].caption
        caption.setText(text)
        caption.setVisible(bool(text))

    def set_header(self, html: str) -> None:
        self.header.set_text(html)

    def set_note(self, text: str) -> None:
        self.note.setText(text)

    def set_numbers(self, key: str, html: str) -> None:
        """The live numbers of a row (rich text): a repaint, no typesetting, no layout."""
        self._rows[key].numbers.set_text(html)

    def numbers(self, key: str) -> str:
        return self._rows[key].numbers.text()

    def set_formula(self, formula: Formula) -> None:
        """Change a row's formula (a setting changed its form); typeset now if the pane is shown."""
        row = self._rows[formula.key]
        if formula == row.formula:
            return
        row.formula = formula
        if self._typeset_for is not None:
            row.show_formula(formula, *self._typeset_for)
        else:
            row.symbols.setText(formula.plain)

    # ---- typesetting: on first show, and when the size, colour or pixel ratio change
    def _style(self) -> tuple[float, str, float]:
        size = QFont(self.font()).pointSizeF() * self._scale * self.logicalDpiY() / 72.0
        color = self.palette().color(QPalette.ColorRole.WindowText).name()
        return round(size, 1), color, float(self.devicePixelRatioF())

    def typeset_rows(self) -> None:
        """Typeset every row for the current style (nothing new when it is unchanged)."""
        style = self._style()
        if style == self._typeset_for:
            return
        self._typeset_for = style
        for row in self._rows.values():
            row.show_formula(row.formula, *style)

    def showEvent(self, event) -> None:  # noqa: N802
        self.typeset_rows()
        super().showEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.FontChange, QEvent.Type.StyleChange,
                            QEvent.Type.DevicePixelRatioChange) and self.isVisible():
            self.typeset_rows()
        super().changeEvent(event)


# --------------------------------------------------------------------------- numbers in formula lines


def formula_number(value: float, digits: int = 5) -> str:
    """A number in a formula line: `digits` significant digits, a true minus sign, and a
    short exponent (4.12e−5, not 4.12e-05); ∞, −∞ or — for what is not finite."""
    if not math.isfinite(value):
        return "∞" if value > 0 else "−∞" if value < 0 else "—"
    text = f"{value:.{digits}g}"
    if "e" in text:
        mantissa, exponent = text.split("e")
        text = f"{mantissa}e{int(exponent)}"
    return text.replace("-", "−")


def formula_factor(value: float, digits: int = 5) -> str:
    """A number multiplied by another: in parentheses when negative."""
    text = formula_number(value, digits)
    return f"({text})" if text.startswith("−") else text
