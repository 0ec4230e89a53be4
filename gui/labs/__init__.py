"""The labs shown as tabs, in order. Only labs that work are listed."""

from gui.labs.linear_panel import LinearRegressionPanel
from gui.labs.logistic_panel import LogisticRegressionPanel

LABS = {
    LinearRegressionPanel.key: LinearRegressionPanel,
    LogisticRegressionPanel.key: LogisticRegressionPanel,
}
