"""The Linear Regression lab's control column: where the points come from (the generator,
the seed's settings, a file) and the descent's settings. The boxes build and label their
widgets and show values; the panel binds them to the controller. Their words keep the
translation context of the panel they were written in ("LinearRegressionPanel").
"""

from __future__ import annotations

import math

import numpy as np
from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)
from superqt import QLabeledDoubleSlider

from core.linreg import MAX_ITERS, SEED_PRESET, GDConfig
from core.optim import APPLIES, DEFAULT_EPS, MAX_BATCH, OPTIMIZERS, SGD_BATCH, OptimConfig
from gui.state import Table
from gui.widgets.log_slider import LogSlider, format_number
from gui.widgets.wrap_label import WrapLabel


class DataBox(QGroupBox):
    """The generator's sliders, the seed's settings, a file, and where the points came from."""

    generator_changed = Signal()  # a slider or the seed of the generator moved

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.n_slider = LogSlider(2, 100_000, SEED_PRESET.n, self, integer=True)
        self.slope_slider = QLabeledDoubleSlider(Qt.Orientation.Horizontal, self)
        self.slope_slider.setRange(-5.0, 5.0)
        self.slope_slider.setDecimals(3)
        self.intercept_slider = QLabeledDoubleSlider(Qt.Orientation.Horizontal, self)
        self.intercept_slider.setRange(-200.0, 200.0)
        self.intercept_slider.setDecimals(2)
        self.noise_slider = QLabeledDoubleSlider(Qt.Orientation.Horizontal, self)
        self.noise_slider.setRange(0.0, 50.0)
        self.noise_slider.setDecimals(2)
        self.seed_spin = QSpinBox(self)
        self.seed_spin.setRange(0, 999_999)
        self.preset_button = QPushButton(self)
        self.import_button = QPushButton(self)
        self.source_label = WrapLabel(self)  # a long file name wraps, not widens the column
        self.residuals_check = QCheckBox(self)  # residual segments on the data plot (this session)
        self.hint_label = QLabel(self)
        self.hint_label.setWordWrap(True)
        self.hint_label.setStyleSheet("color: #555;")
        form = QFormLayout()
        self.n_label, self.slope_label, self.intercept_label = QLabel(self), QLabel(self), QLabel(self)
        self.noise_label, self.seed_label = QLabel(self), QLabel(self)
        form.addRow(self.n_label, self.n_slider)
        form.addRow(self.slope_label, self.slope_slider)
        form.addRow(self.intercept_label, self.intercept_slider)
        form.addRow(self.noise_label, self.noise_slider)
        form.addRow(self.seed_label, self.seed_spin)
        buttons = QHBoxLayout()
        buttons.addWidget(self.preset_button)
        buttons.addWidget(self.import_button)
        box = QVBoxLayout(self)
        box.addLayout(form)
        box.addLayout(buttons)
        box.addWidget(self.source_label)
        box.addWidget(self.residuals_check)
        box.addWidget(self.hint_label)
        for w in (self.slope_slider, self.intercept_slider, self.noise_slider):
            w.valueChanged.connect(self.generator_changed)
        self.n_slider.value_changed.connect(self.generator_changed)
        self.seed_spin.valueChanged.connect(self.generator_changed)

    def generator(self) -> tuple[int, float, float, float, int]:
        """The generator's settings: points, slope, intercept, noise, seed."""
        return (int(self.n_slider.value()), float(self.slope_slider.value()), float(self.intercept_slider.value()),
                float(self.noise_slider.value()), int(self.seed_spin.value()))

    def show_generator(self, n: int, slope: float, intercept: float, noise: float, seed: int) -> None:
        self.n_slider.set_value(n)
        self.slope_slider.setValue(slope)
        self.intercept_slider.setValue(intercept)
        self.noise_slider.setValue(noise)
        self.seed_spin.setValue(seed)

    def retranslate(self) -> None:
        self.setTitle(QCoreApplication.translate("LinearRegressionPanel", "Data"))
        self.n_label.setText(QCoreApplication.translate("LinearRegressionPanel", "Points"))
        self.slope_label.setText(QCoreApplication.translate("LinearRegressionPanel", "Slope"))
        self.intercept_label.setText(QCoreApplication.translate("LinearRegressionPanel", "Intercept"))
        self.noise_label.setText(QCoreApplication.translate("LinearRegressionPanel", "Noise (σ)"))
        self.seed_label.setText(QCoreApplication.translate("LinearRegressionPanel", "Random seed"))
        self.preset_button.setText(QCoreApplication.translate("LinearRegressionPanel", "Seed settings"))
        self.preset_button.setToolTip(QCoreApplication.translate(
            "LinearRegressionPanel",
            "The tutorial's own loop: lr 5e-5, intercept rate ×10000, 3000 iterations from k = b = 1, "
            "on dial-pointer-like data with x in 100–200"))
        self.residuals_check.setText(QCoreApplication.translate("LinearRegressionPanel", "Show residuals"))
        self.residuals_check.setToolTip(QCoreApplication.translate(
            "LinearRegressionPanel",
            "Vertical segments from each point to the current line: the errors h(x) − y that J squares "
            "(at most 2,000 of the points drawn)"))
        self.import_button.setText(QCoreApplication.translate("LinearRegressionPanel", "Import CSV…"))
        self.import_button.setToolTip(QCoreApplication.translate(
            "LinearRegressionPanel", "Load x,y points from a CSV file (a header row is allowed)"))
        self.hint_label.setText(QCoreApplication.translate(
            "LinearRegressionPanel",
            "On the data plot: click to add a point, drag a point to move it, right-click a point to delete it. "
            "On the loss surface: click to start the descent there."))


class DescentBox(QGroupBox):
    """The descent's settings and its start."""

    settings_changed = Signal()  # a setting of the descent changed (the tolerance's slider is on only with it)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lr_slider = LogSlider(1e-8, 10.0, 0.01, self)
        self.scale_slider = LogSlider(1.0, 1e5, 1.0, self)
        self.standardize_check = QCheckBox(self)
        self.iters_spin = QSpinBox(self)
        self.iters_spin.setRange(1, MAX_ITERS)
        self.iters_spin.setSingleStep(100)
        self.iters_spin.setGroupSeparatorShown(True)
        self.tol_check = QCheckBox(self)
        self.tol_slider = LogSlider(1e-16, 1e-2, 1e-12, self)
        self.start_label = QLabel(self)
        self.exact_button = QPushButton(self)  # start at the least-squares answer
        self.explain_check = QCheckBox(self)  # Step and Back open the formula pane
        self.lr_label, self.scale_label, self.iters_label = QLabel(self), QLabel(self), QLabel(self)
        self.start_title = QLabel(self)
        form = QFormLayout(self)
        form.addRow(self.lr_label, self.lr_slider)
        form.addRow(self.scale_label, self.scale_slider)
        form.addRow(self.standardize_check)
        form.addRow(self.iters_label, self.iters_spin)
        form.addRow(self.tol_check, self.tol_slider)
        form.addRow(self.start_title, self.start_label)
        form.addRow(self.exact_button)
        form.addRow(self.explain_check)
        self.tol_check.toggled.connect(self.tol_slider.setEnabled)
        for s in (self.lr_slider, self.scale_slider, self.tol_slider):
            s.value_changed.connect(self.settings_changed)
        self.standardize_check.toggled.connect(self.settings_changed)
        self.iters_spin.valueChanged.connect(self.settings_changed)
        self.tol_check.toggled.connect(self.settings_changed)

    def tolerance(self) -> float:
        """The tolerance in use: 0 when it is off."""
        return float(self.tol_slider.value()) if self.tol_check.isChecked() else 0.0

    def show_config(self, cfg: GDConfig, tol_enabled: bool, tol: float | None = None) -> None:
        """Show settings (tol: the slider's value when it differs from the one in use)."""
        self.lr_slider.set_value(cfg.lr)
        self.scale_slider.set_value(cfg.intercept_lr_scale)
        self.standardize_check.setChecked(cfg.standardize)
        self.iters_spin.setValue(cfg.max_iters)
        self.tol_check.setChecked(tol_enabled)
        if tol is not None:
            self.tol_slider.set_value(tol)
        self.tol_slider.setEnabled(tol_enabled)

    def retranslate(self) -> None:
        self.setTitle(QCoreApplication.translate("LinearRegressionPanel", "Gradient descent"))
        self.lr_label.setText(QCoreApplication.translate("LinearRegressionPanel", "Learning rate α"))
        self.lr_slider.setToolTip(QCoreApplication.translate("LinearRegressionPanel", "Step size for the slope (log scale)"))
        self.scale_label.setText(QCoreApplication.translate("LinearRegressionPanel", "Intercept rate ×"))
        self.scale_slider.setToolTip(QCoreApplication.translate(
            "LinearRegressionPanel", "The intercept's learning rate is α times this factor (the seed used 10000)"))
        self.standardize_check.setText(QCoreApplication.translate(
            "LinearRegressionPanel", "Standardize x (descend on (x − mean)/std)"))
        self.standardize_check.setToolTip(QCoreApplication.translate(
            "LinearRegressionPanel",
            "Makes the loss surface round, so one learning rate suits both parameters. "
            "Coefficients are always reported in the original units."))
        self.iters_label.setText(QCoreApplication.translate("LinearRegressionPanel", "Iteration cap"))
        self.tol_check.setText(QCoreApplication.translate("LinearRegressionPanel", "Tolerance"))
        self.tol_check.setToolTip(QCoreApplication.translate(
            "LinearRegressionPanel", "Stop when the loss falls by less than this fraction in one iteration"))
        self.start_title.setText(QCoreApplication.translate("LinearRegressionPanel", "Start (b, k)"))
        self.start_title.setToolTip(QCoreApplication.translate(
            "LinearRegressionPanel", "Iteration 0 of this run, in the data's units: where Reset goes back to"))
        self.exact_button.setText(QCoreApplication.translate("LinearRegressionPanel", "Jump to the exact answer"))
        self.exact_button.setToolTip(QCoreApplication.translate(
            "LinearRegressionPanel",
            "Start the descent at the least-squares answer θ* (the normal equations' solution): the line, "
            "the point on the surface and the numbers show it exactly, and the gradient there is zero. "
            "The run so far is replaced by one that starts at θ*: Reset comes back here, Back has nothing "
            "before it; click the loss surface to start elsewhere."))
        self.explain_check.setText(QCoreApplication.translate("LinearRegressionPanel", "Explain each step"))
        self.explain_check.setToolTip(QCoreApplication.translate(
            "LinearRegressionPanel",
            "Step and Back open the Formulas tab: the old θ, the gradient, α·gradient and the new θ, as numbers"))


def rule_names() -> dict[str, str]:
    """Each update rule's name as the lab shows it (core.optim.OPTIMIZERS order)."""
    return {
        "gd": QCoreApplication.translate("LinearRegressionPanel", "Gradient descent"),
        "sgd": QCoreApplication.translate("LinearRegressionPanel", "Mini-batch SGD"),
        "momentum": QCoreApplication.translate("LinearRegressionPanel", "Momentum"),
        "nesterov": QCoreApplication.translate("LinearRegressionPanel", "Nesterov"),
        "adagrad": QCoreApplication.translate("LinearRegressionPanel", "AdaGrad"),
        "rmsprop": QCoreApplication.translate("LinearRegressionPanel", "RMSProp"),
        "adam": QCoreApplication.translate("LinearRegressionPanel", "Adam"),
    }


def short_rule_names() -> dict[str, str]:
    """Each rule's short name (the race readout's narrow column)."""
    names = rule_names()
    names["gd"] = QCoreApplication.translate("LinearRegressionPanel", "GD")
    names["sgd"] = QCoreApplication.translate("LinearRegressionPanel", "SGD")
    return names


class OptimizerBox(QGroupBox):
    """The update rule (core.optim) and the hyperparameters that apply to it, with torch's
    defaults; the rows a rule does not use are hidden. The rate is the descent box's."""

    rule_changed = Signal()  # the rule or one of its hyperparameters changed

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.combo = QComboBox(self)
        for name in OPTIMIZERS:
            self.combo.addItem(name, name)
        self.batch_spin = QSpinBox(self)
        self.batch_spin.setRange(0, MAX_BATCH)
        self.batch_spin.setGroupSeparatorShown(True)
        self.batch_spin.setValue(SGD_BATCH)
        self.momentum_spin = self._fraction(0.9, 4)
        self.beta1_spin = self._fraction(0.9, 4)
        self.beta2_spin = self._fraction(0.999, 5)
        self.eps_slider = LogSlider(1e-12, 1e-1, 1e-8, self)
        self.batch_label, self.momentum_label = QLabel(self), QLabel(self)
        self.beta1_label, self.beta2_label, self.eps_label = QLabel("β1", self), QLabel("β2", self), QLabel("ε", self)
        self.rule_label = QLabel(self)
        self.form = form = QFormLayout(self)
        form.addRow(self.rule_label, self.combo)
        form.addRow(self.batch_label, self.batch_spin)
        form.addRow(self.momentum_label, self.momentum_spin)
        form.addRow(self.beta1_label, self.beta1_spin)
        form.addRow(self.beta2_label, self.beta2_spin)
        form.addRow(self.eps_label, self.eps_slider)
        self._rule = "gd"
        self._show_rows("gd")
        self.combo.currentIndexChanged.connect(self._on_combo_current_index_changed)
        for w in (self.batch_spin, self.momentum_spin, self.beta1_spin, self.beta2_spin):
            w.valueChanged.connect(self.rule_changed)
        self.eps_slider.value_changed.connect(self.rule_changed)

    def _fraction(self, value: float, decimals: int) -> QDoubleSpinBox:
        spin = QDoubleSpinBox(self)
        spin.setDecimals(decimals)
        spin.setRange(0.0, 1.0 - 10.0 ** -decimals)
        spin.setSingleStep(10.0 ** -min(decimals, 2))
        spin.setValue(value)
        return spin

    def _rows(self) -> dict[str, QWidget]:
        return {"batch_size": self.batch_spin, "momentum": self.momentum_spin, "beta1": self.beta1_spin,
                "beta2": self.beta2_spin, "eps": self.eps_slider}

    def _show_rows(self, name: str) -> None:
        for key, widget in self._rows().items():
            self.form.setRowVisible(widget, name in APPLIES[key])

    def applicable(self) -> list[str]:
        """The hyperparameters shown (those the chosen rule uses)."""
        return [key for key, widget in self._rows().items() if self.form.isRowVisible(widget)]

    def rule(self) -> str:
        return str(self.combo.currentData())

    def config(self, lr: float) -> OptimConfig:
        """The rule and hyperparameters shown, at rate lr (batch 0: the full batch; ε at the
        rule's default: None)."""
        name = self.rule()
        batch = int(self.batch_spin.value()) if name in APPLIES["batch_size"] else 0
        if name == "sgd" and batch == 0:
            batch = SGD_BATCH
        eps: float | None = float(self.eps_slider.value())
        if name not in DEFAULT_EPS or math.isclose(eps or 0.0, DEFAULT_EPS[name], rel_tol=1e-6):
            eps = None
        return OptimConfig(name=name, lr=lr, momentum=float(self.momentum_spin.value()),
                           beta1=float(self.beta1_spin.value()), beta2=float(self.beta2_spin.value()),
                           eps=eps, batch_size=batch or None)

    def show_config(self, cfg: OptimConfig) -> None:
        """Show a rule and its hyperparameters (no signal: the caller applies them)."""
        self.blockSignals(True)
        try:
            self._rule = cfg.name
            self.combo.setCurrentIndex(max(0, self.combo.findData(cfg.name)))
            self.batch_spin.setValue(cfg.batch_size or 0)
            self.momentum_spin.setValue(cfg.momentum)
            self.beta1_spin.setValue(cfg.beta1)
            self.beta2_spin.setValue(cfg.beta2)
            self.eps_slider.set_value(cfg.epsilon)
            self._show_rows(cfg.name)
        finally:
            self.blockSignals(False)

    def _on_combo_current_index_changed(self, _index: int) -> None:
        name = self.rule()
        if name == self._rule:
            return
        self._rule = name
        if name in DEFAULT_EPS:  # each rule's own default ε (torch's)
            self.eps_slider.set_value(DEFAULT_EPS[name])
        if name == "sgd" and self.batch_spin.value() == 0:
            self.batch_spin.setValue(SGD_BATCH)
        self._show_rows(name)
        self.rule_changed.emit()

    def retranslate(self) -> None:
        self.setTitle(QCoreApplication.translate("LinearRegressionPanel", "Update rule"))
        self.rule_label.setText(QCoreApplication.translate("LinearRegressionPanel", "Optimizer"))
        for i, (name, label) in enumerate(rule_names().items()):
            self.combo.setItemText(i, label)
        self.combo.setToolTip(QCoreApplication.translate("LinearRegressionPanel",
                                "How each step uses the gradient (torch.optim's rules and defaults). "
                                "Choosing another rule starts the run again."))
        self.batch_label.setText(QCoreApplication.translate("LinearRegressionPanel", "Batch size"))
        self.batch_spin.setSpecialValueText(QCoreApplication.translate("LinearRegressionPanel", "all points"))
        self.batch_spin.setToolTip(QCoreApplication.translate("LinearRegressionPanel",
                                     "Points per step, reshuffled each epoch (0: all points, the full batch)"))
        self.momentum_label.setText(QCoreApplication.translate("LinearRegressionPanel", "Momentum μ"))
        self.momentum_spin.setToolTip(QCoreApplication.translate("LinearRegressionPanel", "How much of the last step carries on (default 0.9)"))
        self.beta1_spin.setToolTip(QCoreApplication.translate("LinearRegressionPanel", "Adam's decay of the mean gradient m (default 0.9)"))
        self.beta2_spin.setToolTip(QCoreApplication.translate("LinearRegressionPanel",
                                     "Adam's decay of the mean squared gradient v (default 0.999)"))
        self.eps_slider.setToolTip(QCoreApplication.translate("LinearRegressionPanel",
                                     "Added to √v so the step stays finite (AdaGrad 1e-10, RMSProp and Adam 1e-8)"))


def colour_icon(colour: tuple[int, int, int]) -> QIcon:
    """A small square of a racer's colour (its row in the race tables)."""
    pix = QPixmap(12, 12)
    pix.fill(QColor(*colour))
    return QIcon(pix)


class RaceBox(QGroupBox):
    """The optimizer race: on or off, a row per rule (ticked: it races; its rate α and its
    intercept rate ×, editable), and why the adaptive rules need no intercept hack. The
    other hyperparameters of the selected row are edited in the update-rule box."""

    race_changed = Signal()  # the race was switched, or a row ticked or edited
    row_selected = Signal(int)  # the rule index (core.optim.OPTIMIZERS) whose row is selected

    def __init__(self, colours: dict[str, tuple[int, int, int]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.race_check = QCheckBox(self)
        self.table = QTableWidget(len(OPTIMIZERS), 3, self)
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._hyper = np.zeros((len(OPTIMIZERS), 9))  # the rows as the state keeps them
        self._filling = False
        for i, name in enumerate(OPTIMIZERS):
            item = QTableWidgetItem(name)
            item.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
            item.setCheckState(Qt.CheckState.Unchecked)
            item.setIcon(colour_icon(colours[name]))
            self.table.setItem(i, 0, item)
            for col in (1, 2):
                self.table.setItem(i, col, QTableWidgetItem(""))
        self.table.resizeRowsToContents()
        height = self.table.horizontalHeader().sizeHint().height() + sum(
            self.table.rowHeight(i) for i in range(len(OPTIMIZERS))) + 4
        self.table.setFixedHeight(height)
        self.help_label = WrapLabel(self)
        box = QVBoxLayout(self)
        box.addWidget(self.race_check)
        box.addWidget(self.table)
        box.addWidget(self.help_label)
        self.race_check.toggled.connect(self._on_race_check_toggled)
        self.table.itemChanged.connect(self._on_table_item_changed)
        self.table.itemSelectionChanged.connect(self._on_table_item_selection_changed)

    def rows(self) -> Table:
        """Every rule's row (state.RACE_COLUMNS) as shown."""
        return Table(self._hyper.copy())

    def show_rows(self, rows: Table, on: bool) -> None:
        """Show the rows and whether the race is on (no signal)."""
        self._filling = True
        try:
            self._hyper = np.array(rows.array, dtype=np.float64)
            for i in range(len(OPTIMIZERS)):
                row = self._hyper[i]
                self._item(i, 0).setCheckState(Qt.CheckState.Checked if row[1] > 0 else Qt.CheckState.Unchecked)
                self._item(i, 1).setText(format_number(float(row[2])))
                self._item(i, 2).setText(format_number(float(row[3])))
            self.race_check.setChecked(on)
        finally:
            self._filling = False

    def _item(self, row: int, column: int) -> QTableWidgetItem:
        item = self.table.item(row, column)
        assert item is not None  # every cell is made in __init__
        return item

    def set_row_rule(self, index: int, cfg: OptimConfig) -> None:
        """Another rule's hyperparameters for row `index` (from the update-rule box)."""
        row = self._hyper[index]
        row[4] = cfg.batch_size or 0
        row[5], row[6], row[7] = cfg.momentum, cfg.beta1, cfg.beta2
        row[8] = cfg.eps if cfg.eps is not None else 0.0
        self.race_changed.emit()

    def selected(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].row() if rows else None

    def _on_race_check_toggled(self, _on: bool) -> None:
        if not self._filling:
            self.race_changed.emit()

    def _on_table_item_changed(self, item: QTableWidgetItem) -> None:
        if self._filling:
            return
        i, col = item.row(), item.column()
        if col == 0:
            self._hyper[i, 1] = 1.0 if item.checkState() == Qt.CheckState.Checked else 0.0
        else:
            lo, hi = (1e-8, 10.0) if col == 1 else (1.0, 1e5)
            try:
                value = float(item.text())
                ok = lo <= value <= hi
            except ValueError:
                ok = False
            if ok:
                self._hyper[i, col + 1] = value
            self._filling = True
            item.setText(format_number(float(self._hyper[i, col + 1])))  # a bad entry: the old value
            self._filling = False
            if not ok:
                return
        self.race_changed.emit()

    def _on_table_item_selection_changed(self) -> None:
        i = self.selected()
        if i is not None:
            self.row_selected.emit(i)

    def retranslate(self) -> None:
        self.setTitle(QCoreApplication.translate("LinearRegressionPanel", "Optimizer race"))
        self.race_check.setText(QCoreApplication.translate("LinearRegressionPanel", "Race the ticked optimizers"))
        self.race_check.setToolTip(QCoreApplication.translate("LinearRegressionPanel",
                                     "Every ticked rule descends from the same start on the same data; "
                                     "the player moves them together"))
        self.table.setHorizontalHeaderLabels([QCoreApplication.translate("LinearRegressionPanel", "Rule"), "α",
                                              QCoreApplication.translate("LinearRegressionPanel", "×b")])
        scale_header = self.table.horizontalHeaderItem(2)
        if scale_header is not None:
            scale_header.setToolTip(QCoreApplication.translate("LinearRegressionPanel", "The intercept's rate factor"))
        self._filling = True
        try:
            for i, label in enumerate(rule_names().values()):
                self._item(i, 0).setText(label)
        finally:
            self._filling = False
        self.table.setToolTip(QCoreApplication.translate("LinearRegressionPanel",
                                "Tick the rules that race; edit α and the intercept rate × in their cells. "
                                "Select a row to edit its other hyperparameters in the Update rule box."))
        self.help_label.setText(race_explanation())


def race_explanation() -> str:
    """Why Adam copes with the seed's badly scaled intercept (the race's help line)."""
    return QCoreApplication.translate(
        "LinearRegressionPanel",
        "On the seed's data x is 100–200, so ∂J/∂k is about 150 times ∂J/∂b: one rate that is stable for k "
        "barely moves b, and plain gradient descent needed the ×10000 intercept rate. Adam (and RMSProp, "
        "AdaGrad) divide each parameter's step by the root of its own mean squared gradient, so each step is "
        "about α whatever the gradient's scale: they race with the intercept rate ×1.")
