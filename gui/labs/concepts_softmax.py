"""The Concepts lab's softmax page: the naive formula overflowing next to the max-subtracted one.

Probabilities, cross-entropy and its gradient come from core.concepts on every change.
"""

from __future__ import annotations

import math
import sys
from functools import partial
from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, QEvent, Qt, Signal, Slot
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSlider,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from core.concepts import (
    MAX_LOGITS,
    MIN_LOGITS,
    cross_entropy,
    cross_entropy_from_logits,
    softmax_gradient,
    softmax_naive,
    softmax_stable,
)
from gui.labs.concepts import state as concepts_state
from gui.labs.concepts.state import ConceptsState
from gui.labs.concepts_common import CheckedDoubleSpinBox, CheckedSpinBox, EntryReporter
from gui.widgets.banner import MessageBanner
from gui.widgets.control_column import ControlColumn
from gui.widgets.log_slider import LogSlider, format_number
from gui.widgets.plots import make_plot

MIN_COUNT = max(concepts_state.MIN_COUNT, MIN_LOGITS)
DEFAULT_COUNT = 4
# Logits at scale ×1, one per possible row; a row that comes back keeps its value.
DEFAULT_LOGITS = concepts_state.DEFAULT_LOGITS
LOGIT_LIMIT = concepts_state.LOGIT_LIMIT  # a slider runs over ±LOGIT_LIMIT × scale
SLIDER_STEPS = 10  # slider positions per unit at scale ×1 (steps of 0.1)
SCALES = concepts_state.SCALES
DEFAULT_TEMPERATURE = 1.0
EXP_OVERFLOW = math.log(sys.float_info.max)  # e^x is inf beyond ≈ 709.78
EXP_UNDERFLOW = math.log(5e-324)  # e^x rounds to 0 below ≈ −744.4
COLUMNS = ("z", "zt", "exp", "naive", "stable", "grad")
BAR_COLOR = (31, 119, 180)
TRUE_COLOR = (255, 127, 14)
BAD_BACKGROUND = QColor(253, 226, 225)
BAD_FOREGROUND = QColor(176, 28, 28)
TRUE_BACKGROUND = QColor(255, 238, 217)
SUBSCRIPTS = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")


def number_text(value: float) -> str:
    """A table cell: inf and NaN spelled out (they are the point of the naive column)."""
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "inf" if value > 0 else "−inf"
    if value == 0:
        return "0"
    return f"{value:.4g}"


def logit_symbol(i: int) -> str:
    """z₁, z₂, … for the i-th logit (counted from 0)."""
    return "z" + str(i + 1).translate(SUBSCRIPTS)


class SoftmaxPage(QWidget):
    """Softmax with a temperature, as the seed writes it and in its overflow-free form."""

    state_changed = Signal()  # the user changed a choice the lab's state holds

    @staticmethod
    def tab_title() -> str:
        """The tab's name."""
        return QCoreApplication.translate("SoftmaxPage", "Softmax")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._base = list(DEFAULT_LOGITS)  # logits at scale ×1
        self._scale = 1
        self._build_ui()
        self.retranslate_ui()

    # ------------------------------------------------------------------ UI
    def _build_ui(self) -> None:
        self.settings_group = QGroupBox(self)
        self.count_spin = CheckedSpinBox(self)
        self.count_spin.setRange(MIN_COUNT, MAX_LOGITS)
        self.count_spin.setValue(DEFAULT_COUNT)
        self.scale_combo = QComboBox(self)
        for s in SCALES:
            self.scale_combo.addItem(f"×{s}", s)
        self.temperature_slider = LogSlider(1e-3, 100.0, DEFAULT_TEMPERATURE, self)
        self.class_combo = QComboBox(self)
        self.reset_button = QPushButton(self)
        self.count_label, self.scale_label = QLabel(self), QLabel(self)
        self.temperature_label, self.class_label = QLabel(self), QLabel(self)
        form = QFormLayout(self.settings_group)
        form.addRow(self.count_label, self.count_spin)
        form.addRow(self.scale_label, self.scale_combo)
        form.addRow(self.temperature_label, self.temperature_slider)
        form.addRow(self.class_label, self.class_combo)
        form.addRow(self.reset_button)

        self.logits_group = QGroupBox(self)
        grid = QGridLayout(self.logits_group)
        self.logit_labels: list[QLabel] = []
        self.logit_sliders: list[QSlider] = []
        self.logit_spins: list[CheckedDoubleSpinBox] = []
        steps = int(LOGIT_LIMIT * SLIDER_STEPS)
        for i in range(MAX_LOGITS):
            label = QLabel(logit_symbol(i), self)
            slider = QSlider(Qt.Orientation.Horizontal, self)
            slider.setRange(-steps, steps)
            slider.setPageStep(SLIDER_STEPS)
            spin = CheckedDoubleSpinBox(self)
            spin.setDecimals(2)
            spin.setFixedWidth(96)
            spin.setAlignment(Qt.AlignmentFlag.AlignRight)
            grid.addWidget(label, i, 0)
            grid.addWidget(slider, i, 1)
            grid.addWidget(spin, i, 2)
            self.logit_labels.append(label)
            self.logit_sliders.append(slider)
            self.logit_spins.append(spin)
            slider.valueChanged.connect(lambda pos, i=i: self._on_logit_slider_changed(i, pos))
            spin.valueChanged.connect(lambda value, i=i: self._on_logit_spin_changed(i, value))
            slider.valueChanged.connect(self.state_changed)
            spin.valueChanged.connect(self.state_changed)
        self.logits_hint = QLabel(self)
        self.logits_hint.setWordWrap(True)
        self.logits_hint.setStyleSheet("color: #555;")
        grid.addWidget(self.logits_hint, MAX_LOGITS, 0, 1, 3)
        grid.setColumnStretch(1, 1)

        controls = QWidget(self)
        col = QVBoxLayout(controls)
        col.setContentsMargins(0, 0, 0, 0)
        col.addWidget(self.settings_group)
        col.addWidget(self.logits_group)
        col.addStretch(1)
        self.column = ControlColumn(controls, self, minimum_width=300)

        # --- right side: messages, bars, table, numbers
        self.entry_banner = MessageBanner(self)  # why a box refused what was typed
        self.entries = EntryReporter(self.entry_banner, self)
        self.entries.watch(self.count_spin, self.count_label.text)
        self.entries.watch(self.temperature_slider, self.temperature_label.text)
        for i, spin in enumerate(self.logit_spins):
            self.entries.watch(spin, partial(logit_symbol, i))
        self.banner = MessageBanner(self)  # what the naive formula does with these logits
        self.banner.setTextFormat(Qt.TextFormat.PlainText)
        self.prob_plot = make_plot()
        self.prob_bars = pg.BarGraphItem(x=np.arange(DEFAULT_COUNT), height=np.zeros(DEFAULT_COUNT), width=0.7,
                                         brush=pg.mkBrush(BAR_COLOR), pen=pg.mkPen(None))
        self.prob_plot.addItem(self.prob_bars)
        self.prob_texts: list[pg.TextItem] = []
        for _ in range(MAX_LOGITS):
            text = pg.TextItem(anchor=(0.5, 1.0), color=(40, 40, 40))
            text.hide()
            self.prob_plot.addItem(text, ignoreBounds=True)
            self.prob_texts.append(text)
        self.prob_plot.setYRange(-0.01, 1.12, padding=0)
        self.grad_plot = make_plot()
        self.grad_bars = pg.BarGraphItem(x=np.arange(DEFAULT_COUNT), height=np.zeros(DEFAULT_COUNT), width=0.7,
                                         brush=pg.mkBrush(BAR_COLOR), pen=pg.mkPen(None))
        self.grad_plot.addItem(self.grad_bars)
        self.grad_zero = pg.InfiniteLine(pos=0.0, angle=0, pen=pg.mkPen((90, 90, 90)))
        self.grad_plot.addItem(self.grad_zero, ignoreBounds=True)
        for plot in (self.prob_plot, self.grad_plot):
            plot.setMouseEnabled(x=False, y=False)
            plot.hideButtons()
            plot.setMenuEnabled(False)
            plot.showGrid(y=True, alpha=0.15)
            plot.setMinimumHeight(170)
        self.prob_plot.enableAutoRange(axis="y", enable=False)

        self.table = QTableWidget(DEFAULT_COUNT, len(COLUMNS), self)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)

        self.ce_label = QLabel(self)
        self.ce_label.setWordWrap(True)
        self.ce_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.gradient_label = QLabel(self)
        self.gradient_label.setWordWrap(True)
        self.gradient_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        plots = QHBoxLayout()
        plots.addWidget(self.prob_plot, 1)
        plots.addWidget(self.grad_plot, 1)
        right = QVBoxLayout()
        right.addWidget(self.entry_banner)
        right.addWidget(self.banner)
        right.addLayout(plots, 3)
        right.addWidget(self.table)
        right.addWidget(self.ce_label)
        right.addWidget(self.gradient_label)
        top = QHBoxLayout(self)
        top.addWidget(self.column)
        top.addLayout(right, 1)

        self.count_spin.valueChanged.connect(self._on_count_spin_changed)
        self.scale_combo.currentIndexChanged.connect(self._on_scale_combo_changed)
        self.temperature_slider.value_changed.connect(self._on_temperature_slider_changed)
        self.class_combo.currentIndexChanged.connect(self._on_class_combo_changed)
        self.reset_button.clicked.connect(self._on_reset_button_clicked)
        for signal in (self.count_spin.valueChanged, self.scale_combo.currentIndexChanged,
                       self.temperature_slider.value_changed, self.class_combo.currentIndexChanged,
                       self.reset_button.clicked):
            signal.connect(self.state_changed)
        self._apply_scale()
        self._apply_count()

    def retranslate_ui(self) -> None:
        """Set every visible text in the current language."""
        self.settings_group.setTitle(self.tr("Softmax"))
        self.count_label.setText(self.tr("Number of logits"))
        self.scale_label.setText(self.tr("Logit scale"))
        self.scale_combo.setToolTip(self.tr(
            "Multiplies the sliders' range: at ×1000 the logits reach ±{limit} and e^(z/T) overflows.").format(
            limit=f"{LOGIT_LIMIT * SCALES[-1]:.0f}"))
        self.temperature_label.setText(self.tr("Temperature T"))
        self.temperature_slider.setToolTip(self.tr(
            "p = softmax(z/T): a large T flattens the probabilities, a small T sharpens them towards the largest logit"))
        self.class_label.setText(self.tr("True class k"))
        self.reset_button.setText(self.tr("Reset logits"))
        self.logits_group.setTitle(self.tr("Logits z"))
        self._update_logits_hint()
        self.prob_plot.setTitle(self.tr("Probabilities p"))
        self.prob_plot.setToolTip(self.tr("The max-subtracted softmax of z/T; the true class in orange"))
        self.prob_plot.setLabel("left", self.tr("p"))
        self.grad_plot.setTitle(self.tr("Gradient (p − y)/T"))
        self.grad_plot.setToolTip(self.tr("∂CE/∂z_i for each logit; the true class in orange"))
        self.table.setHorizontalHeaderLabels([
            self.tr("z_i"),
            self.tr("z_i/T"),
            self.tr("e^(z_i/T)"),
            self.tr("p_i naive"),
            self.tr("p_i stable"),
            self.tr("(p_i − y_i)/T"),
        ])
        tips = {2: self.tr("The seed's formula: inf once z/T > {limit}").format(limit=f"{EXP_OVERFLOW:.1f}"),
                3: self.tr("The seed's formula e^(z_i/T) / Σ_j e^(z_j/T)"),
                4: self.tr("Max subtracted first: e^((z_i − max z)/T) / Σ_j e^((z_j − max z)/T)")}
        for c, tip in tips.items():
            header = self.table.horizontalHeaderItem(c)
            if header is not None:  # set just above
                header.setToolTip(tip)
        self._fill_class_combo()
        self._refresh()
        self._fit_table()

    def _update_logits_hint(self) -> None:
        """What the sliders and boxes take at the current scale (it changes with the scale)."""
        limit = LOGIT_LIMIT * self._scale
        self.logits_hint.setText(self.tr(
            "Each slider runs from −{limit} to {limit} in steps of {step}; its box takes any value in that range, "
            "to two decimals. A larger logit scale widens the range.").format(
            limit=f"{limit:g}", step=f"{self._scale / SLIDER_STEPS:g}"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def class_name(self, i: int) -> str:
        """Class i (counted from 0) as shown to the user."""
        return self.tr("Class {n}").format(n=i + 1)

    def _fill_class_combo(self) -> None:
        n = self.count_spin.value()
        current = max(0, self.class_combo.currentIndex())
        self.class_combo.blockSignals(True)
        while self.class_combo.count() > n:
            self.class_combo.removeItem(self.class_combo.count() - 1)
        while self.class_combo.count() < n:
            self.class_combo.addItem("", self.class_combo.count())
        for i in range(n):
            self.class_combo.setItemText(i, self.class_name(i))
        self.class_combo.setCurrentIndex(min(current, n - 1))
        self.class_combo.blockSignals(False)

    # ------------------------------------------------------------------ state
    def count(self) -> int:
        """How many logits are in play."""
        return self.count_spin.value()

    def scale(self) -> int:
        """The factor the sliders' values are multiplied by."""
        return self._scale

    def logits(self) -> np.ndarray:
        """The logits z in play (slider values times the scale)."""
        return np.array(self._base[: self.count()], dtype=np.float64) * self._scale

    def set_logit(self, i: int, z: float) -> None:
        """Set logit i to z (clamped to the current scale's range)."""
        self.logit_spins[i].setValue(z)

    def temperature(self) -> float:
        """The temperature T."""
        return self.temperature_slider.value()

    def true_class(self) -> int:
        """The class k whose cross-entropy is shown (counted from 0)."""
        return max(0, self.class_combo.currentIndex())

    def probabilities(self) -> np.ndarray:
        """The max-subtracted softmax of the logits at the temperature."""
        return softmax_stable(self.logits(), self.temperature())

    def message(self) -> str:
        """The sentence about the naive formula now shown."""
        return self.banner.message()

    def entry_message(self) -> str:
        """Why a number box refused what was typed ("" when it did not)."""
        return self.entries.message()

    # ------------------------------------------------------------------ drawing
    def _apply_scale(self) -> None:
        """Spin ranges and values for the current scale; the slider positions do not move."""
        limit = LOGIT_LIMIT * self._scale
        for i, spin in enumerate(self.logit_spins):
            spin.blockSignals(True)
            spin.setRange(-limit, limit)
            spin.setSingleStep(self._scale / SLIDER_STEPS)
            spin.setValue(self._base[i] * self._scale)
            spin.blockSignals(False)
            self._set_slider(i)
        self._update_logits_hint()

    def _set_slider(self, i: int) -> None:
        slider = self.logit_sliders[i]
        slider.blockSignals(True)
        slider.setValue(round(self._base[i] * SLIDER_STEPS))
        slider.blockSignals(False)

    def _apply_count(self) -> None:
        n = self.count()
        for i in range(MAX_LOGITS):
            for w in (self.logit_labels[i], self.logit_sliders[i], self.logit_spins[i]):
                w.setVisible(i < n)
        self.table.setRowCount(n)
        for r in range(n):
            for c in range(len(COLUMNS)):
                if self.table.item(r, c) is None:
                    item = QTableWidgetItem()
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                    self.table.setItem(r, c, item)
        ticks = [[(i, logit_symbol(i)) for i in range(n)]]
        for plot in (self.prob_plot, self.grad_plot):
            plot.getAxis("bottom").setTicks(ticks)
            plot.setXRange(-0.6, n - 0.4, padding=0)
        self._fit_table()
        self._fill_class_combo()

    def _fit_table(self) -> None:
        """The table as tall as its rows, the plots taking the rest (again after a language
        switch: Chinese headers and labels are taller)."""
        self.table.resizeRowsToContents()
        header = self.table.horizontalHeader().sizeHint().height()
        rows = sum(self.table.rowHeight(r) for r in range(self.table.rowCount()))
        self.table.setFixedHeight(header + rows + 2 * self.table.frameWidth() + 2)

    def showEvent(self, event) -> None:  # noqa: N802
        super().showEvent(event)
        self._fit_table()

    def _refresh(self) -> None:
        """Recompute the softmax both ways, the cross-entropy and its gradient; redraw everything."""
        z = self.logits()
        t = self.temperature()
        k = self.true_class()
        n = z.size
        with np.errstate(over="ignore", under="ignore"):
            zt = z / t
            e = np.exp(zt)
            total = e.sum()
        naive = softmax_naive(z, t)
        stable = softmax_stable(z, t)
        grad = softmax_gradient(z, k, t)
        ce = cross_entropy_from_logits(z, k, t)
        with np.errstate(invalid="ignore"):
            naive_wrong = ~np.isfinite(naive) | ~(np.abs(naive - stable) <= 1e-6)

        brushes = [pg.mkBrush(TRUE_COLOR if i == k else BAR_COLOR) for i in range(n)]
        self.prob_bars.setOpts(x=np.arange(n), height=stable, width=0.7, brushes=brushes)
        self.grad_bars.setOpts(x=np.arange(n), height=grad, width=0.7, brushes=brushes)
        digits = 3 if n <= 6 else 2
        for i, text in enumerate(self.prob_texts):
            if i < n and stable[i] >= 0.5 * 10.0 ** -digits:  # a label reading 0.00 says nothing
                text.setText(f"{stable[i]:.{digits}f}")
                text.setPos(i, float(stable[i]) + 0.01)
                text.show()
            else:
                text.hide()
        self.grad_plot.getViewBox().enableAutoRange(axis="y")

        headers = []
        bold = QFont(self.table.font())
        bold.setBold(True)
        normal = QFont(self.table.font())
        for r in range(n):
            headers.append(self.class_name(r) + (" ✓" if r == k else ""))
            values = (z[r], zt[r], e[r], naive[r], stable[r], grad[r])
            for c, value in enumerate(values):
                item = self.table.item(r, c)
                assert item is not None  # made by _apply_count
                item.setText(number_text(float(value)))
                bad = (c == 2 and not np.isfinite(value)) or (c == 3 and bool(naive_wrong[r]))
                item.setData(Qt.ItemDataRole.BackgroundRole,
                             BAD_BACKGROUND if bad else (TRUE_BACKGROUND if r == k else None))
                item.setData(Qt.ItemDataRole.ForegroundRole, BAD_FOREGROUND if bad else None)
                item.setFont(bold if r == k else normal)
        self.table.setVerticalHeaderLabels(headers)

        self._show_naive_message(e, total, zt)
        lines = [self.tr("Cross-entropy with {k} as the true class: −ln p_k = {ce}").format(
            k=self.class_name(k), ce=f"{ce:.6g}")]
        lines.append(self.tr("Computed from the logits as ln Σ_j e^(s_j) − s_k with s = (z − max z)/T, so it stays "
                             "finite even where p_k rounds to 0."))
        if math.isinf(cross_entropy(stable, k)):
            lines.append(self.tr("Here p_k itself rounds to 0: −ln p_k taken from p would be inf."))
        self.ce_label.setText("\n".join(lines))
        grad_text = ", ".join(number_text(float(g)) for g in grad)
        self.gradient_label.setText("\n".join([
            self.tr("Gradient of the cross-entropy: ∂CE/∂z = (p − y)/T = [{values}]").format(values=grad_text),
            self.tr("y is 1 for {name} and 0 elsewhere. The logits enter softmax as z/T, so the chain rule "
                    "divides p − y by T = {t}.").format(name=self.class_name(k), t=format_number(t)),
        ]))

    def _show_naive_message(self, e: np.ndarray, total: float, zt: np.ndarray) -> None:
        over = f"{EXP_OVERFLOW:.1f}"
        under = f"{EXP_UNDERFLOW:.1f}".replace("-", "−")
        if not np.isfinite(e).all():
            self.banner.show_message("error", lambda: self.tr(
                "The naive formula overflowed: e^(z/T) is inf for z/T > {limit}, and inf/inf is NaN. Subtracting "
                "the maximum first keeps every exponent ≤ 0, so the max-subtracted column stays finite.").format(
                limit=over))
        elif not math.isfinite(total):
            self.banner.show_message("error", lambda: self.tr(
                "The naive formula overflowed: every e^(z/T) is finite but their sum is inf, so each naive p_i = "
                "e^(z_i/T)/inf is 0. Subtracting the maximum first keeps every exponent ≤ 0 and the sum between "
                "1 and {n}.").format(n=e.size))
        elif total == 0:
            self.banner.show_message("error", lambda: self.tr(
                "The naive formula underflowed: every e^(z/T) is 0 (z/T < {limit}), and 0/0 is NaN. Subtracting the "
                "maximum first makes the largest exponent exactly 0, so the sum is at least 1.").format(limit=under))
        else:
            top = f"{float(zt.max()):.4g}"
            self.banner.show_message("info", lambda: self.tr(
                "The naive formula works here: the largest z/T is {top}, below the overflow point {limit}. "
                "Subtracting the maximum m gives the same numbers: e^((z_i − m)/T) / Σ_j e^((z_j − m)/T) is the "
                "naive fraction with e^(−m/T) cancelled above and below the line.").format(top=top, limit=over))

    # ------------------------------------------------------------------ slots
    def _on_logit_slider_changed(self, i: int, pos: int) -> None:
        self._base[i] = pos / SLIDER_STEPS
        spin = self.logit_spins[i]
        spin.blockSignals(True)
        spin.setValue(self._base[i] * self._scale)
        spin.blockSignals(False)
        self._refresh()

    def _on_logit_spin_changed(self, i: int, value: float) -> None:
        self._base[i] = value / self._scale
        self._set_slider(i)
        self._refresh()

    @Slot(int)
    def _on_count_spin_changed(self, n: int) -> None:
        self._apply_count()
        self._refresh()

    @Slot(int)
    def _on_scale_combo_changed(self, index: int) -> None:
        scale = self.scale_combo.itemData(index)
        if scale in SCALES:
            self._scale = int(scale)
            self._apply_scale()
            self._refresh()

    @Slot(float)
    def _on_temperature_slider_changed(self, value: float) -> None:
        self._refresh()

    @Slot(int)
    def _on_class_combo_changed(self, index: int) -> None:
        self._refresh()

    @Slot()
    def _on_reset_button_clicked(self) -> None:
        self._base = list(DEFAULT_LOGITS)
        self.scale_combo.blockSignals(True)
        self.scale_combo.setCurrentIndex(0)
        self.scale_combo.blockSignals(False)
        self._scale = 1
        self.temperature_slider.blockSignals(True)
        self.temperature_slider.set_value(DEFAULT_TEMPERATURE)
        self.temperature_slider.blockSignals(False)
        self._apply_scale()
        self._refresh()

    # ------------------------------------------------------------------ settings
    def show_overflow_demo(self) -> None:
        """The screenshot's state: logits ×1000, so the naive formula overflows beside the stable one."""
        self.scale_combo.setCurrentIndex(self.scale_combo.findData(1000))

    def state_fields(self) -> dict[str, Any]:
        """The page's fields of ConceptsState, as shown now."""
        return {"softmax_count": self.count(), "softmax_logits": tuple(float(v) for v in self._base),
                "softmax_scale": self._scale, "softmax_temperature": float(self.temperature()),
                "softmax_class": self.true_class()}

    def apply_state(self, state: ConceptsState) -> None:
        """Show the page's part of a checked state, without a signal per control."""
        self._base = list(state.logits())
        self._scale = state.softmax_scale
        self.scale_combo.blockSignals(True)
        self.scale_combo.setCurrentIndex(SCALES.index(self._scale))
        self.scale_combo.blockSignals(False)
        self.count_spin.blockSignals(True)
        self.count_spin.setValue(state.softmax_count)
        self.count_spin.blockSignals(False)
        self.temperature_slider.blockSignals(True)
        self.temperature_slider.set_value(state.softmax_temperature)
        self.temperature_slider.blockSignals(False)
        self._apply_scale()
        self._apply_count()
        self.class_combo.blockSignals(True)
        self.class_combo.setCurrentIndex(min(state.softmax_class, self.count() - 1))
        self.class_combo.blockSignals(False)
        self._refresh()
