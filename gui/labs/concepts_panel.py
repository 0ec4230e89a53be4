"""The Concepts lab: activations, softmax, the chain rule and backpropagation, one page each.

The pages are independent widgets (gui/labs/concepts_*.py) sharing this tab, its settings
group and its shutdown. Torch is imported on a worker when the lab opens, so the chain-rule
page can check its derivatives with autograd without the GUI waiting for the import.
"""

from __future__ import annotations

import importlib

from PySide6.QtCore import QEvent, QSettings, Slot
from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from gui.labs.base import LabPanel
from gui.labs.concepts_activations import ActivationsPage
from gui.labs.concepts_backprop import BackpropPage
from gui.labs.concepts_chain import ChainRulePage
from gui.labs.concepts_softmax import SoftmaxPage
from gui.settings import read

DEMOS = ("activations", "softmax", "chain", "backprop")


def _import_torch() -> None:
    """Only the import: the GUI thread then finds torch loaded."""
    importlib.import_module("torch")


class ConceptsPanel(LabPanel):
    """Four interactive pages on the ideas behind a neural network."""

    key = "concepts"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.activations = ActivationsPage(self)
        self.softmax = SoftmaxPage(self)
        self.chain = ChainRulePage(self)
        self.backprop = BackpropPage(self)
        self.pages = QTabWidget(self)
        for page in self.all_pages():
            self.pages.addTab(page, "")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.pages)
        self.pages.currentChanged.connect(self._on_pages_current_changed)
        self.retranslate_ui()
        self.tasks.submit("torch", _import_torch, on_result=self._on_torch_loaded, on_error=self._on_torch_failed)

    def all_pages(self) -> tuple[QWidget, ...]:
        return (self.activations, self.softmax, self.chain, self.backprop)

    def retranslate_ui(self) -> None:
        for i, page in enumerate(self.all_pages()):
            self.pages.setTabText(i, page.tab_title())

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    @Slot(object)
    def _on_torch_loaded(self, _result: object) -> None:
        self.chain.set_torch_ready()

    @Slot(object)
    def _on_torch_failed(self, exc: BaseException) -> None:
        self.chain.set_torch_missing(str(exc)[:200])  # it said "loading torch …" for ever

    @Slot(int)
    def _on_pages_current_changed(self, index: int) -> None:
        if self.pages.widget(index) is not self.backprop:
            self.backprop.play_button.setChecked(False)  # no training behind a page nobody sees

    def is_busy(self) -> bool:
        return self.tasks.busy() or self.backprop.is_busy()

    def import_tooltip(self) -> str:
        return self.tr("The Concepts lab makes its own data: there is nothing to import here.")

    def start_demo(self, name: str = "") -> None:
        """The screenshot's demo: a page in an instructive state (default: backprop training)."""
        name = name if name in DEMOS else "backprop"
        self.pages.setCurrentIndex(DEMOS.index(name))
        if name == "backprop":
            self.backprop.play_button.setChecked(True)
        elif name == "chain":
            for _ in range(4):
                self.chain.step_backward()
        elif name == "softmax":
            self.softmax.show_overflow_demo()

    # ------------------------------------------------------------------ settings
    def save_settings(self, s: QSettings) -> None:
        s.beginGroup(self.key)
        s.setValue("page", self.pages.currentIndex())
        for page in self.all_pages():
            page.save_settings(s)
        s.endGroup()

    def restore_settings(self, s: QSettings) -> None:
        s.beginGroup(self.key)
        try:
            for page in self.all_pages():
                page.restore_settings(s)
            self.pages.setCurrentIndex(read(s, "page", 0, lo=0, hi=self.pages.count() - 1))
        finally:
            s.endGroup()

    def shutdown(self, deadline: float | None = None) -> None:
        """Stop the animations and this lab's tasks (the window is closing)."""
        self.chain.shutdown()
        self.backprop.shutdown(deadline)
        super().shutdown(deadline)
