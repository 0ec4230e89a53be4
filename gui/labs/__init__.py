"""The labs shown as tabs, in order. Only labs that work are listed."""

from gui.labs.linear_panel import LinearRegressionPanel

LABS = {
    LinearRegressionPanel.key: LinearRegressionPanel,
}
