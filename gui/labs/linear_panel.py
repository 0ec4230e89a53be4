"""The Linear Regression lab's old module path: the lab lives in gui/labs/linear/."""

from gui.labs.linear.panel import LinearRegressionPanel

__all__ = ["LinearRegressionPanel"]
