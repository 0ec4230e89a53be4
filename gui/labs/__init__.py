"""The labs shown as tabs, in order. Only labs that work are listed.

A lab's module is imported when its tab is first built, not at start-up: the window
appears without paying for labs nobody has opened. The tab titles are written here so
the tab bar can be labelled before then.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, cast

if TYPE_CHECKING:  # Qt only where it is used: a lab's state module (gui/labs/<lab>/state.py) stays Qt-free
    from gui.labs.base import LabPanel

# key → (module, class)
LABS = {
    "linear": ("gui.labs.linear_panel", "LinearRegressionPanel"),
    "logistic": ("gui.labs.logistic.panel", "LogisticRegressionPanel"),
    "dial": ("gui.labs.dial.panel", "DialReaderPanel"),
    "mlp": ("gui.labs.mlp.panel", "MLPPanel"),
    "concepts": ("gui.labs.concepts_panel", "ConceptsPanel"),
}


def lab_class(key: str) -> type[LabPanel]:
    """The panel class of a lab, importing its module the first time."""
    module, name = LABS[key]
    return cast("type[LabPanel]", getattr(importlib.import_module(module), name))


def tab_title(key: str) -> str:
    """The lab's tab title in the current language (each in its panel's translation context)."""
    from PySide6.QtCore import QCoreApplication

    titles = {
        "linear": lambda: QCoreApplication.translate("LinearRegressionPanel", "Linear regression"),
        "logistic": lambda: QCoreApplication.translate("LogisticRegressionPanel", "Logistic regression"),
        "dial": lambda: QCoreApplication.translate("DialReaderPanel", "Dial reader"),
        "mlp": lambda: QCoreApplication.translate("MLPPanel", "Neural network"),
        "concepts": lambda: QCoreApplication.translate("ConceptsPanel", "Concepts"),
    }
    return titles[key]()


MODEL_SUFFIXES = (".pt", ".pth")


def lab_for_path(path: str) -> str | None:
    """The lab that opens `path` (main.py FILE): a model or a Fashion-MNIST folder the
    Neural Network lab, a photo or a folder of photos the Dial lab, a table by its columns
    (x1, x2, label → Logistic; x, y or two numbers → Linear). None when no lab takes it."""
    from pathlib import Path

    from core.datasets2d import CSV_ROLES
    from core.errors import LabError
    from core.fashion import has_idx_files
    from core.imageio import IMAGE_SUFFIXES
    from core.tabular import csv_header

    p = Path(path)
    if p.is_dir():
        if has_idx_files(p):
            return "mlp"
        return "dial" if any(f.suffix.lower() in IMAGE_SUFFIXES for f in p.iterdir()) else None
    suffix = p.suffix.lower()
    if suffix in MODEL_SUFFIXES:
        return "mlp"
    if suffix in IMAGE_SUFFIXES:
        return "dial"
    if suffix in (".gz", ".idx1-ubyte", ".idx3-ubyte") or p.name.endswith("-ubyte"):
        return "mlp"  # one of the four IDX files: its folder
    try:
        header = [h.strip().lower() for h in csv_header(p)]
    except LabError:
        return None
    label_names = set(CSV_ROLES[2]) - {"y"}
    if any(h in label_names or h in ("x1", "x2") for h in header):
        return "logistic"
    named = [h for h in header if h]
    if not named and len(header) >= 3:
        return "logistic"  # x1, x2, label without a header
    return "linear" if header else None
