"""What the main window may ask of every lab, declared once instead of probed with hasattr."""

from __future__ import annotations

import time

from PySide6.QtCore import QSettings, Signal
from PySide6.QtWidgets import QWidget

from gui.tasks import TaskRunner


class LabPanel(QWidget):
    """A lab's panel. Subclasses override what they support; the defaults say "nothing"."""

    key = ""
    # a line for the window's status bar
    status_message = Signal(str)
    # (lab key, payload): hand data to another lab (the dial's pixels to the linear lab)
    send_requested = Signal(str, object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # the lab's background work; it waits only for its own threads when closing
        self.tasks = TaskRunner(self, label=self.key or type(self).__name__)

    # ---- File → Import data…
    def can_import(self) -> bool:
        """True when File → Import data… does something in this lab."""
        return False

    def import_tooltip(self) -> str:
        """Why File → Import data… is disabled here (shown as its tooltip)."""
        return ""

    def import_data(self) -> None:
        """File → Import data…: ask for a file and load it (only called when can_import())."""

    def open_path(self, path: str) -> bool:
        """Open a file or folder as File → Import would (main.py FILE, screenshot --open).
        False when this lab does not take files; a file it refuses is explained on screen."""
        return False

    def receive(self, payload: object) -> bool:
        """Data sent by another lab (see send_requested); False if refused."""
        return False

    # ---- the window's life
    def start_demo(self, name: str = "") -> None:
        """Put the lab in a state worth a screenshot (the screenshot command)."""

    def is_busy(self) -> bool:
        """True while background work runs (a load, a solve, training)."""
        return self.tasks.busy()

    def confirm_close(self) -> bool:
        """Asked before the window closes; False keeps it open (unsaved work)."""
        return True

    def save_settings(self, s: QSettings) -> None:
        """Write the lab's controls to the settings."""

    def restore_settings(self, s: QSettings) -> None:
        """Read them back; every value is checked and a bad one falls back to its default."""

    def shutdown(self, deadline: float | None = None) -> None:
        """The window is closing: stop timers and tasks, waiting for them until `deadline`
        (time.monotonic()); a task still running then is abandoned, never delivered."""
        self.tasks.shutdown(deadline if deadline is not None else time.monotonic() + 1.0)
