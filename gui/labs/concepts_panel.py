"""The Concepts lab: activations, softmax, the chain rule and backpropagation, one page each.

The pages are independent widgets (gui/labs/concepts_*.py) sharing this tab, its state
(gui/labs/concepts/state.py: each page reads and shows its own fields) and its shutdown.
Torch is imported on a worker when the lab opens, so the chain-rule page can check its
derivatives with autograd without the GUI waiting for the import.
"""

from __future__ import annotations

import importlib
import math
from typing import Any, Mapping

from PySide6.QtCore import QEvent, QSettings, Slot
from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from core.concepts import ACTIVATIONS, MAX_LOGITS
from gui.extras import has_torch
from gui.labs.base import LabPanel
from gui.labs.concepts.state import DEFAULT_LOGITS, LOGIT_LIMIT, PAGES, ConceptsState
from gui.state import LabState, StateError
from gui.labs.concepts_activations import ActivationsPage
from gui.labs.concepts_backprop import BackpropPage
from gui.labs.concepts_chain import ChainRulePage
from gui.labs.concepts_softmax import SoftmaxPage
from gui.settings import read

DEMOS = PAGES


def _import_torch() -> None:
    """Only the import: the GUI thread then finds torch loaded."""
    importlib.import_module("torch")


class ConceptsPanel(LabPanel):
    """Four interactive pages on the ideas behind a neural network."""

    key = "concepts"
    state_type = ConceptsState

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._applying = False  # set_state is showing a state: its own changes are not the user's
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
        for page in self.all_pages():
            page.state_changed.connect(self._on_page_state_changed)
        self.retranslate_ui()
        if has_torch():
            self.tasks.submit("torch", _import_torch, on_result=self._on_torch_loaded, on_error=self._on_torch_failed)
        else:  # without the extra nn: the page says how to add it
            self.chain.set_torch_not_installed()

    def all_pages(self) -> tuple[ActivationsPage, SoftmaxPage, ChainRulePage, BackpropPage]:
        return (self.activations, self.softmax, self.chain, self.backprop)

    def retranslate_ui(self) -> None:
        titles = (self.activations.tab_title(), self.softmax.tab_title(), self.chain.tab_title(),
                  self.backprop.tab_title())
        for i, title in enumerate(titles):
            self.pages.setTabText(i, title)

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
        self._on_page_state_changed()

    @Slot()
    def _on_page_state_changed(self) -> None:
        if not self._applying:
            self.state_changed.emit()

    def is_busy(self) -> bool:
        return self.tasks.busy() or self.backprop.is_busy()

    def import_tooltip(self) -> str:
        return self.tr("The Concepts lab makes its own data: there is nothing to import here.")

    def start_demo(self, name: str = "") -> None:
        """The screenshot's demo: a page in an instructive state (default: backprop training)."""
        chain_rule = name == "backprop-formulas"  # the backprop page with its chain rule tab shown
        name = name if name in DEMOS else "backprop"
        self.pages.setCurrentIndex(DEMOS.index(name))
        if name == "backprop":
            self.backprop.show_formulas(chain_rule)
            self.backprop.play_button.setChecked(True)
        elif name == "chain":
            for _ in range(4):
                self.chain.step_backward()
        elif name == "softmax":
            self.softmax.show_overflow_demo()

    # ------------------------------------------------------------------ state
    def state(self) -> ConceptsState:
        """The page shown and every page's choices; the backprop run's weights and curves."""
        fields: dict[str, Any] = {"page": PAGES[max(0, self.pages.currentIndex())]}
        for page in self.all_pages():
            fields.update(page.state_fields())
        return ConceptsState(**fields)

    def set_state(self, state: LabState, blobs: Mapping[str, bytes] | None = None) -> None:
        """Show a checked state: the backprop page's data and network are made first (a
        LabError then leaves everything as it was), then every page shows its part, paused."""
        if not isinstance(state, ConceptsState):
            raise StateError("not_a_state", {"lab": self.key, "type": type(state).__name__})
        state = state.consistent(strict=True)
        run = self.backprop.prepare_state(state)
        self._applying = True
        try:
            self.activations.apply_state(state)
            self.softmax.apply_state(state)
            self.chain.apply_state(state)
            self.pages.setCurrentIndex(PAGES.index(state.page))
            self.backprop.apply_state(state, run)
        finally:
            self._applying = False

    def restore_settings(self, s: QSettings) -> None:
        """The settings the lab wrote before its state existed, read leniently as a state
        (only when the session holds none for this lab)."""
        s.beginGroup(self.key)
        try:
            state = state_from_settings(s)
        finally:
            s.endGroup()
        self.set_state(state)

    def shutdown(self, deadline: float | None = None) -> None:
        """Stop the animations and this lab's tasks (the window is closing)."""
        self.chain.shutdown()
        self.backprop.shutdown(deadline)
        super().shutdown(deadline)


def state_from_settings(s: QSettings) -> ConceptsState:
    """The state the old QSettings keys describe (`s` in the "concepts" group): each value read
    as the pages used to read it, then checked leniently by the state (a bad one: its default)."""
    d: dict[str, Any] = {"version": 1}
    page = read(s, "page", 0)
    if 0 <= page < len(PAGES):
        d["page"] = PAGES[page]
    shown = [k for k in read(s, "activations/shown", "").split() if k in ACTIVATIONS]
    if shown:
        d.update({f"activations_{key}": key in shown for key in ACTIVATIONS})
    d["activations_focus"] = read(s, "activations/focus", "sigmoid")
    for key in ("range", "eps", "cursor"):
        d[f"activations_{key}"] = read(s, f"activations/{key}", math.nan)
    try:
        logits = [float(v) for v in read(s, "softmax/logits", "").split()]
    except ValueError:
        logits = []
    if len(logits) == MAX_LOGITS and all(math.isfinite(v) for v in logits):
        d["softmax_logits"] = [min(max(v, -LOGIT_LIMIT), LOGIT_LIMIT) for v in logits]  # as they were read
    else:
        d["softmax_logits"] = list(DEFAULT_LOGITS)
    d["softmax_count"] = read(s, "softmax/count", -1)
    d["softmax_scale"] = read(s, "softmax/scale", 1)
    d["softmax_temperature"] = read(s, "softmax/temperature", math.nan)
    d["softmax_class"] = read(s, "softmax/true_class", 0)
    d["chain_a"] = read(s, "chain/a", math.nan)
    d["chain_b"] = read(s, "chain/b", math.nan)
    for key in ("preset", "activation"):
        d[f"backprop_{key}"] = read(s, f"backprop/{key}", "")
    for key in ("points", "data_seed", "hidden", "init_seed"):
        d[f"backprop_{key}"] = read(s, f"backprop/{key}", -1)
    for key in ("noise", "lr"):
        d[f"backprop_{key}"] = read(s, f"backprop/{key}", math.nan)
    d["backprop_momentum"] = read(s, "backprop/momentum", False)
    return ConceptsState.from_dict(d, strict=False)
