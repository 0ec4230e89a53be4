"""The Logistic Regression lab's settings as versions before experiment files wrote them
(QSettings group "logistic"), turned into a LogisticState: read once, at the first start
after the update, when there is no session yet. Every value is read leniently (a bad one
takes its default).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings

from gui.labs.logistic.state import SOURCES, LogisticState
from gui.settings import read

# the keys the lab wrote, each the state's field of the same name
KEYS = ("preset", "classes", "n", "spread", "seed", "test_percent", "strategy", "poly", "l2", "C", "lr", "max_iters",
        "tol_enabled", "tol", "seed_start", "show_models", "confusion", "speed")


def state_from_settings(s: QSettings) -> tuple[LogisticState, str, str] | None:
    """(state, the CSV file to read again or "", its columns as the settings wrote them);
    None when the settings hold none. Hand edits and other labs' points were not kept: those
    start from the preset, as does a file that is no longer there."""
    s.beginGroup(LogisticState.KEY)
    try:
        if not s.contains("lr"):
            return None
        default = LogisticState()
        values: dict[str, object] = {"version": 1}
        for key in KEYS:
            values[key] = read(s, key, getattr(default, key))
        source = read(s, "source", "seed", choices=SOURCES)
        csv_path = read(s, "csv_path", "")
        csv_columns = read(s, "csv_columns", "")
    finally:
        s.endGroup()
    values["source"] = "seed" if values["preset"] == "seed" else "generated"
    state = LogisticState.from_dict(values, strict=False)
    again = csv_path if source == "csv" and csv_path and Path(csv_path).is_file() else ""
    return state, again, csv_columns


__all__ = ["state_from_settings"]
