"""The Neural Network lab's old module path: the lab lives in gui/labs/mlp/ (panel, controller, views)."""

from gui.labs.mlp.panel import MLPPanel

__all__ = ["MLPPanel"]
