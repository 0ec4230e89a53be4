"""What the main window may ask of every lab, declared once instead of probed with hasattr."""

from __future__ import annotations

import time
from typing import Any, ClassVar, Mapping, MutableMapping

from PySide6.QtCore import QEvent, QMimeData, QSettings, Signal
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QWidget

from gui.state import LabState
from gui.tasks import TaskRunner


class LabPanel(QWidget):
    """A lab's panel. Subclasses override what they support; the defaults say "nothing"."""

    key = ""
    # a line for the window's status bar
    status_message = Signal(str)
    # (lab key, payload): hand data to another lab (the dial's pixels to the linear lab)
    send_requested = Signal(str, object)
    # the user changed something the lab's state holds (the window marks the experiment unsaved)
    state_changed = Signal()
    # an experiment file (.mlbl) was dropped on the lab: the window opens it
    experiment_dropped = Signal(str)
    # the lab's state class (gui/state.py); None while the lab keeps only QSettings
    state_type: ClassVar[type[LabState] | None] = None

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

    # ---- its state: experiment files and the session reopened at start (gui/state.py)
    def state(self) -> LabState | None:
        """Every user choice and the user's own data, now (None: this lab has no state yet)."""
        return None

    def set_state(self, state: LabState, blobs: Mapping[str, bytes] | None = None) -> None:
        """Show `state` (already checked): controls, data, the run's position. `blobs` holds
        the binary members the state refers to (arrays, a model's weights)."""
        raise NotImplementedError

    def state_refusal(self) -> str:
        """Why the lab cannot take a state now ("" when it can): the window then opens no
        experiment rather than half of one (the Neural Network lab while it trains)."""
        return ""

    def export_state(self, blobs: MutableMapping[str, bytes]) -> dict[str, Any] | None:
        """The state as a dict for a file; binary parts go into `blobs`. None without a state."""
        state = self.state()
        return None if state is None else state.to_dict(blobs)

    def import_state(self, data: Mapping[str, Any], blobs: Mapping[str, bytes], strict: bool = True) -> None:
        """Read a dict written by export_state (StateError, with nothing changed, when strict
        and a value is bad; lenient reads take defaults for bad values) and show it."""
        if self.state_type is None:
            return
        self.set_state(self.state_type.from_dict(data, strict=strict, blobs=blobs), blobs)

    def command_inputs(self) -> dict[str, bytes]:
        """The files File → Copy as command's line would read, each with the bytes this lab
        holds of it ({}: none to check). A file changed since the lab read it gets no such line."""
        return {}

    # ---- drops
    def take_experiment_drop(self, event: QDropEvent) -> bool:
        """Call first in dragEnterEvent/dropEvent: an experiment file is the window's to open,
        never data for the lab. True when the event was such a drop (and is handled)."""
        paths = experiment_paths(event.mimeData())
        if not paths:
            return False
        event.acceptProposedAction()
        if event.type() == QEvent.Type.Drop:
            self.experiment_dropped.emit(paths[0])
        return True

    # ---- the window's life
    def start_demo(self, name: str = "") -> None:
        """Put the lab in a state worth a screenshot (the screenshot command)."""

    def is_busy(self) -> bool:
        """True while background work runs (a load, a solve, training)."""
        return self.tasks.busy()

    def confirm_close(self, replacing: bool = False) -> bool:
        """Asked before the window closes (or, with `replacing`, before an opened experiment
        replaces this lab's work); False keeps what is there (unsaved work)."""
        return True

    def save_settings(self, s: QSettings) -> None:
        """Write the lab's controls to the settings."""

    def restore_settings(self, s: QSettings) -> None:
        """Read them back; every value is checked and a bad one falls back to its default."""

    def shutdown(self, deadline: float | None = None) -> None:
        """The window is closing: stop timers and tasks, waiting for them until `deadline`
        (time.monotonic()); a task still running then is abandoned, never delivered."""
        self.tasks.shutdown(deadline if deadline is not None else time.monotonic() + 1.0)


def experiment_paths(mime: QMimeData | None) -> list[str]:
    """The local experiment files (.mlbl) a drag carries, when that is all it carries."""
    from core.experiment import SUFFIX

    if mime is None:
        return []
    local = [u.toLocalFile() for u in mime.urls() if u.isLocalFile()]
    return local if local and all(p.lower().endswith(SUFFIX) for p in local) else []
