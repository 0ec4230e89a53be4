"""A message strip above a lab's plots: errors in red, outcomes in green.

It keeps how to compose the sentence, not the sentence, so a language switch
re-translates a message that is already on screen. Long file names and paths in a message
wrap (gui.widgets.wrap_label.breakable) instead of widening the lab.
"""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

from gui.widgets.wrap_label import breakable, plain

STYLES = {
    "error": "QLabel { background: #fde2e1; color: #8a1c1c; padding: 6px; border-radius: 4px; }",
    "info": "QLabel { background: #e3f1e3; color: #1d5b1d; padding: 6px; border-radius: 4px; }",
}


class MessageBanner(QLabel):
    """Shows one message at a time; hidden when there is none."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._kind = ""
        self._compose: Callable[[], str] | None = None
        self.setWordWrap(True)
        # a command or a path in a message can be selected and copied
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        self.hide()

    def show_message(self, kind: str, compose: Callable[[], str]) -> None:
        """`kind` is "error" or "info"; `compose()` returns the sentence in the current language."""
        self._kind = kind
        self._compose = compose
        self._render()

    def clear_message(self) -> None:
        self._compose = None
        self._render()

    def message(self) -> str:
        """The sentence shown (as composed, without the line-break chances), "" when none."""
        return plain(self.text()) if self._compose is not None else ""

    def kind(self) -> str:
        return self._kind if self._compose is not None else ""

    def _render(self) -> None:
        if self._compose is None:
            self.setText("")
            self.hide()
            return
        self.setStyleSheet(STYLES.get(self._kind, STYLES["info"]))
        self.setText(breakable(self._compose()))
        self.show()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._render()
        super().changeEvent(event)
