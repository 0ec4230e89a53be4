"""The labs shown as tabs, in order. Only labs that work are listed."""

from gui.labs.concepts_panel import ConceptsPanel
from gui.labs.dial_panel import DialReaderPanel
from gui.labs.linear_panel import LinearRegressionPanel
from gui.labs.logistic_panel import LogisticRegressionPanel
from gui.labs.mlp_panel import MLPPanel

LABS = {
    LinearRegressionPanel.key: LinearRegressionPanel,
    LogisticRegressionPanel.key: LogisticRegressionPanel,
    DialReaderPanel.key: DialReaderPanel,
    MLPPanel.key: MLPPanel,
    ConceptsPanel.key: ConceptsPanel,
}
