"""The labs shown as tabs, in order. Only labs that work are listed.

A lab's module is imported when its tab is first built, not at start-up: the window
appears without paying for labs nobody has opened. The tab titles are written here so
the tab bar can be labelled before then.
"""

from __future__ import annotations

import importlib

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

#: key → (module, class)
LABS = {
    "linear": ("gui.labs.linear_panel", "LinearRegressionPanel"),
    "logistic": ("gui.labs.logistic_panel", "LogisticRegressionPanel"),
    "dial": ("gui.labs.dial_panel", "DialReaderPanel"),
    "mlp": ("gui.labs.mlp_panel", "MLPPanel"),
    "concepts": ("gui.labs.concepts_panel", "ConceptsPanel"),
}


def lab_class(key: str) -> type[QWidget]:
    """The panel class of a lab, importing its module the first time."""
    module, name = LABS[key]
    return getattr(importlib.import_module(module), name)


def tab_title(key: str) -> str:
    """The lab's tab title in the current language (each in its panel's translation context)."""
    titles = {
        "linear": lambda: QCoreApplication.translate("LinearRegressionPanel", "Linear regression"),
        "logistic": lambda: QCoreApplication.translate("LogisticRegressionPanel", "Logistic regression"),
        "dial": lambda: QCoreApplication.translate("DialReaderPanel", "Dial reader"),
        "mlp": lambda: QCoreApplication.translate("MLPPanel", "Neural network"),
        "concepts": lambda: QCoreApplication.translate("ConceptsPanel", "Concepts"),
    }
    return titles[key]()
