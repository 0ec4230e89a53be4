"""The Logistic Regression lab's old module path: the lab lives in gui/labs/logistic/."""

from gui.labs.logistic.panel import LogisticRegressionPanel

__all__ = ["LogisticRegressionPanel"]
