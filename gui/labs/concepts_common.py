"""What the Concepts lab's pages share: number boxes that say why they refuse what was
typed, and the player's keys (Space plays or pauses, "." steps).

A plain QSpinBox drops a keystroke that would leave its range (typing 123 in a box that
stops at 10 gives 1) and silently puts the old value back when the text is not a number.
These boxes keep what the user typed on screen and, when it cannot be used, emit
`entry_rejected` with it; EntryReporter turns that (and a LogSlider's own entry_rejected)
into a sentence in the page's banner: the range, and the value that was kept.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from typing import cast

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, Signal, SignalInstance
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut, QValidator
from PySide6.QtWidgets import QAbstractSpinBox, QDoubleSpinBox, QSpinBox, QWidget

from gui.widgets.banner import MessageBanner
from gui.widgets.log_slider import LogSlider, format_number

# what could still become a number: one sign, digits, a point and an exponent ("-", "1e", "2.")
_DECIMAL = re.compile(r"^[+\-]?(\d+\.?\d*|\.\d*)?([eE][+\-]?\d*)?$")
_WHOLE = re.compile(r"^[+\-]?\d*$")


def _minus(text: str) -> str:
    """A leading "-" written as the minus sign "−" (an exponent's stays as typed)."""
    return "−" + text[1:] if text.startswith("-") else text


def _number(text: str) -> float:
    """The number in `text` (a real minus sign allowed), NaN when there is none."""
    try:
        return float(text.strip().replace("−", "-"))
    except ValueError:
        return math.nan


class _Checked:
    """validate/fixup for QSpinBox and QDoubleSpinBox (mixed in before the Qt class)."""

    entry_rejected: SignalInstance  # declared by each box class

    def bare_text(self, text: str) -> str:
        """`text` without the box's prefix and suffix."""
        box: QAbstractSpinBox = self  # type: ignore[assignment]
        body = text
        prefix, suffix = box.prefix(), box.suffix()  # type: ignore[attr-defined]
        if prefix and body.startswith(prefix):
            body = body[len(prefix):]
        elif prefix.strip() and body.startswith(prefix.strip()):
            body = body[len(prefix.strip()):]
        if suffix and body.endswith(suffix):
            body = body[: len(body) - len(suffix)]
        return body.strip().replace("−", "-")

    def event(self, event: QEvent) -> bool:  # noqa: D102 (Qt's name)
        # a number has no use for Space: leave it to the page's Space shortcut (play/pause), if any
        if (event.type() == QEvent.Type.ShortcutOverride and cast(QKeyEvent, event).key() == Qt.Key.Key_Space
                and cast(QKeyEvent, event).modifiers() == Qt.KeyboardModifier.NoModifier):
            event.ignore()
            return False
        return super().event(event)  # type: ignore[misc]

    def validate(self, text: str, pos: int):  # noqa: D102 (Qt's name)
        state, text, pos = super().validate(text, pos)  # type: ignore[misc]
        if state == QValidator.State.Invalid:
            pattern = _DECIMAL if isinstance(self, QDoubleSpinBox) else _WHOLE
            if pattern.match(self.bare_text(text)):
                state = QValidator.State.Intermediate  # out of range or too precise: judged on Enter
            else:
                self.entry_rejected.emit(text)  # the keystroke is refused: say why
        return state, text, pos

    def fixup(self, text: str) -> str:  # noqa: D102 (Qt's name)
        """Text that is not acceptable, being committed: a number in range with more decimals
        than the box keeps is rounded to them; anything else is reported (the box keeps its value)."""
        box: QSpinBox | QDoubleSpinBox = self  # type: ignore[assignment]
        body = self.bare_text(text)
        value = _number(body)
        if math.isfinite(value) and box.minimum() <= value <= box.maximum():
            if isinstance(box, QDoubleSpinBox):
                return box.prefix() + box.textFromValue(value) + box.suffix()
            if value == int(value):
                return box.prefix() + box.textFromValue(int(value)) + box.suffix()
        if isinstance(box, QDoubleSpinBox):
            kept = box.textFromValue(box.value())
        else:
            kept = box.textFromValue(int(box.value()))
        if body != self.bare_text(kept):
            self.entry_rejected.emit(text)
        return text


class CheckedSpinBox(_Checked, QSpinBox):
    """A QSpinBox that keeps out-of-range text on screen and reports it when committed."""

    entry_rejected = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # the value changes when the number is committed, not at each digit ("1" of "123")
        self.setKeyboardTracking(False)


class CheckedDoubleSpinBox(_Checked, QDoubleSpinBox):
    """A QDoubleSpinBox that keeps out-of-range text on screen, rounds extra decimals,
    and reports what it cannot use when committed."""

    entry_rejected = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setKeyboardTracking(False)


Entry = CheckedSpinBox | CheckedDoubleSpinBox | LogSlider  # what an EntryReporter watches


class EntryReporter(QObject):
    """Shows in `banner` why a watched box refused what was typed; clears that message when a
    watched value next changes (the user has moved on)."""

    def __init__(self, banner: MessageBanner, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._banner = banner
        self._compose: Callable[[], str] | None = None
        self._kept: tuple[Entry, float] | None = None  # the refusing widget and the value it kept

    def watch(self, widget: Entry, name: Callable[[], str]) -> None:
        """Report `widget`'s refusals under `name()` (its translated label, asked when shown)."""
        widget.entry_rejected.connect(lambda text, w=widget, n=name: self._report(w, n, text))
        changed = widget.value_changed if isinstance(widget, LogSlider) else widget.valueChanged
        changed.connect(lambda *_, w=widget: self._on_watched_value_changed(w))

    def message(self) -> str:
        """The refusal now shown in the banner ("" when none)."""
        if self._compose is None:
            return ""
        text = self._compose()
        return text if self._banner.message() == text else ""

    def _report(self, widget: Entry, name: Callable[[], str], text: str) -> None:
        typed = text.strip()
        if isinstance(widget, (CheckedSpinBox, CheckedDoubleSpinBox)):
            typed = widget.bare_text(typed)
        value = _number(typed)
        whole = isinstance(widget, CheckedSpinBox)

        def compose() -> str:
            lo, hi, kept = _limits(widget)
            label = name().rstrip(":：").strip()
            if not typed:
                sentence = QCoreApplication.translate(
                    "ConceptsCommon", "{name}: the box was left empty. It takes {lo} to {hi}; the value stays {kept}.")
            elif math.isnan(value):
                sentence = QCoreApplication.translate(
                    "ConceptsCommon", "{name}: “{typed}” is not a number. The box takes {lo} to {hi}; the value "
                    "stays {kept}.")
            elif whole and not _WHOLE.match(typed):
                sentence = QCoreApplication.translate(
                    "ConceptsCommon", "{name}: {typed} is not a whole number. The box takes {lo} to {hi}; the value "
                    "stays {kept}.")
            else:
                sentence = QCoreApplication.translate(
                    "ConceptsCommon", "{name}: {typed} is outside the range {lo} to {hi}; the value stays {kept}.")
            return sentence.format(name=label, typed=_minus(typed), lo=lo, hi=hi, kept=kept)

        self._compose = compose
        self._kept = (widget, widget.value())
        self._banner.show_message("error", compose)

    def _on_watched_value_changed(self, widget: Entry) -> None:
        if self._kept is not None and self._kept == (widget, widget.value()):
            return  # the box committing the value it kept, not a new one
        if self.message():
            self._banner.clear_message()
        self._compose = None
        self._kept = None


def _limits(widget: Entry) -> tuple[str, str, str]:
    """The range and the value kept, written as the widget writes numbers (a real minus sign)."""
    if isinstance(widget, LogSlider):
        lo, hi, kept = (format_number(v) for v in (widget.minimum, widget.maximum, widget.value()))
    else:
        lo, hi, kept = (widget.textFromValue(v) for v in (widget.minimum(), widget.maximum(), widget.value()))  # type: ignore[arg-type]
    return _minus(lo), _minus(hi), _minus(kept)


def bind_player_keys(page: QWidget, toggle: Callable[[], None], step: Callable[[], None]) -> None:
    """Space plays or pauses and "." takes one step while `page` is on screen, as on the descent
    labs' player bar.

    The keys belong to the window, not only to the page's children: clicking the page's tab gives
    the focus to the tab bar, outside the page, and Space then did nothing. Qt matches a window
    shortcut only while its page is visible, so the other pages' keys are off; and a text field or
    number box with the focus keeps these keys, because Qt offers them to it first
    (ShortcutOverride) and it takes the ones it types."""
    for keys, slot in (("Space", toggle), (".", step)):
        shortcut = QShortcut(QKeySequence(keys), page)
        shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
        shortcut.activated.connect(slot)
