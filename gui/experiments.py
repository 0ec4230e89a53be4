"""Experiments in the window: File → Save experiment / Save as / Open / Open recent, the
window title's file name and unsaved mark, and the session (every lab's state written to
the app's data folder on close and reopened at start, through the same code).

Labs are built when first shown: the states of labs not built yet wait in `pending` and
are applied when the lab is built; a save writes them back unchanged.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any, Mapping

from PySide6.QtCore import QObject, QSettings, Signal

from core.errors import LabError
from core.experiment import SUFFIX, Experiment, ExperimentError, read_experiment, write_experiment
from gui.labs import LABS, lab_class
from gui.paths import app_data_dir
from gui.settings import read
from gui.state import LabState
from gui.version import app_version

if TYPE_CHECKING:
    from gui.labs.base import LabPanel

log = logging.getLogger(__name__)

SESSION_NAME = "session" + SUFFIX
MAX_RECENT = 8


def session_path() -> Path:
    return app_data_dir() / SESSION_NAME


def state_type(key: str) -> type[LabState] | None:
    return getattr(lab_class(key), "state_type", None)


def check_experiment(experiment: Experiment, strict: bool = True) -> dict[str, LabState]:
    """Each known lab's state, checked (and migrated) before any lab changes: a bad one
    raises StateError when strict, and is left out when not. Unknown labs are ignored."""
    states: dict[str, LabState] = {}
    for key, data in experiment.labs.items():
        if key not in LABS:
            continue
        kind = state_type(key)
        if kind is None:
            continue
        try:
            states[key] = kind.from_dict(data, strict=strict, blobs=experiment.blobs)
        except LabError:
            if strict:
                raise
            log.warning("the session's %s state could not be read; the lab starts from its defaults", key)
    return states


class ExperimentFiles(QObject):
    """The open experiment's path and unsaved mark, the recent list, pending states."""

    changed = Signal()  # the path or the unsaved mark changed: the title follows

    def __init__(self, settings: QSettings | None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._settings = settings
        self.path = ""
        self.modified = False
        self.pending: dict[str, LabState] = {}
        self.pending_blobs: dict[str, bytes] = {}

    # ---- the recent list
    def recent(self) -> list[str]:
        if self._settings is None:
            return []
        raw = read(self._settings, "experiments/recent", "")
        return [p for p in raw.split("\n") if p][:MAX_RECENT]

    def add_recent(self, path: str) -> None:
        if self._settings is None:
            return
        items = [path] + [p for p in self.recent() if p != path]
        self._settings.setValue("experiments/recent", "\n".join(items[:MAX_RECENT]))

    def clear_recent(self) -> None:
        if self._settings is not None:
            self._settings.setValue("experiments/recent", "")

    # ---- state of the file
    def set_path(self, path: str) -> None:
        self.path = path
        self.modified = False
        self.changed.emit()

    def mark_modified(self) -> None:
        if not self.modified:
            self.modified = True
            self.changed.emit()

    # ---- reading and writing
    def collect(self, panels: Mapping[str, "LabPanel"], current: str) -> Experiment:
        """Every lab's state: built labs say theirs, the others keep what is pending."""
        labs: dict[str, dict[str, Any]] = {}
        blobs: dict[str, bytes] = {}
        for key in LABS:
            if key in panels:
                data = panels[key].export_state(blobs)
            elif key in self.pending:
                data = self.pending[key].to_dict(blobs)
                blobs.update({k: v for k, v in self.pending_blobs.items() if k.startswith(key + "/")})
            else:
                data = None
            if data is not None:
                labs[key] = data
        return Experiment(labs=labs, blobs=blobs, current=current, app_version=app_version())

    def save(self, path: str, experiment: Experiment) -> None:
        """Write (SaveError on failure, the old file intact)."""
        write_experiment(path, experiment)
        log.info("saved the experiment %s (%s)", path, ", ".join(experiment.labs))

    @staticmethod
    def load(path: str) -> tuple[Experiment, dict[str, LabState]]:
        """Read and check a file (ExperimentError or StateError, nothing changed)."""
        log.info("opening the experiment %s", path)
        experiment = read_experiment(path)
        states = check_experiment(experiment, strict=True)
        if not states:
            raise ExperimentError("experiment_empty", {"path": path})
        return experiment, states

    def load_session(self) -> Experiment | None:
        """The last session's states, read leniently (a bad value takes its default); None
        when there is none or it cannot be read (then the labs start from QSettings)."""
        path = session_path()
        if not path.is_file():
            return None
        try:
            experiment = read_experiment(path)
        except LabError as exc:
            log.warning("the session file %s could not be read (%s); starting from the settings", path, exc)
            return None
        self.pending = check_experiment(experiment, strict=False)
        self.pending_blobs = dict(experiment.blobs)
        return experiment

    def save_session(self, experiment: Experiment) -> None:
        path = session_path()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            write_experiment(path, experiment)
        except (OSError, LabError) as exc:  # a full disk: the settings still hold the basics
            log.warning("the session could not be saved to %s: %s", path, exc)
