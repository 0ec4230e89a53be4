"""Each lab's state class by key, without Qt (the CLI and exporters read experiment files)."""

from __future__ import annotations

import importlib

from gui.state import LabState

STATES = {
    "linear": ("gui.labs.linear.state", "LinearState"),
    "logistic": ("gui.labs.logistic.state", "LogisticState"),
    "dial": ("gui.labs.dial.state", "DialState"),
    "mlp": ("gui.labs.mlp.state", "MLPState"),
    "concepts": ("gui.labs.concepts.state", "ConceptsState"),
}


def state_class(key: str) -> type[LabState]:
    """The state class of a lab (KeyError for an unknown key)."""
    module, name = STATES[key]
    cls = getattr(importlib.import_module(module), name)
    assert issubclass(cls, LabState) and cls.KEY == key
    return cls
