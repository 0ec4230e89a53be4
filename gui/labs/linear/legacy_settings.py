"""The Linear Regression lab's settings as versions before experiment files wrote them
(QSettings group "linear"), turned into a LinearState: read once, at the first start after
the update, when there is no session yet. Every value is read leniently (a bad one takes its
default)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QSettings

from gui.labs.linear.state import LinearState
from gui.settings import read

START_LIMIT = 1e12  # a starting point in the old settings beyond this is not the user's


@dataclass(frozen=True)
class OldSettings:
    """The state the old settings describe, and the file their points came from, if any
    (read again by the lab, with the columns chosen for it)."""

    state: LinearState
    csv_path: str
    csv_columns: tuple[int, ...] | None


def state_from_settings(s: QSettings, columns: Callable[[str], tuple[int, ...] | None]) -> OldSettings | None:
    """The old keys as a state; None when the settings hold none. `columns` reads the file
    columns the user chose (DescentLab.columns_from_setting)."""
    s.beginGroup(LinearState.KEY)
    try:
        if not s.contains("lr"):
            return None
        default = LinearState()
        values: dict[str, Any] = {"version": 1}
        for key, name in (("n", "n"), ("slope", "slope"), ("intercept", "intercept"), ("noise", "noise"),
                          ("seed", "seed"), ("lr", "lr"), ("lr_scale", "intercept_lr_scale"),
                          ("standardize", "standardize"), ("max_iters", "max_iters"),
                          ("tol_enabled", "tol_enabled"), ("tol", "tol"), ("speed", "speed")):
            values[name] = read(s, key, getattr(default, name))
        # a start like 1e300 overflows J on any data: such a value is not the user's
        values["start_b"] = read(s, "start_b", 1.0, lo=-START_LIMIT, hi=START_LIMIT)
        values["start_k"] = read(s, "start_k", 1.0, lo=-START_LIMIT, hi=START_LIMIT)
        source = read(s, "source", "seed", choices=("seed", "synthetic", "csv", "edited", "external"))
        csv_path = read(s, "csv_path", "")
        csv_columns = columns(read(s, "csv_columns", ""))
    finally:
        s.endGroup()
    # hand edits and other labs' points were not kept: those started from the seed's data
    values["source"] = "synthetic" if source == "synthetic" else "seed"
    return OldSettings(LinearState.from_dict(values, strict=False), csv_path if source == "csv" else "", csv_columns)
