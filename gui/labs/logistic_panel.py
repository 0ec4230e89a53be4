"""The Logistic Regression lab: decision boundaries and probability maps moving live."""

from __future__ import annotations

import math
import time
from pathlib import Path
from typing import Callable

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF, QSettings, Qt, QTimer, Slot
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from superqt import QLabeledDoubleSlider, QLabeledSlider

from core import datasets2d as ds
from core.contour import zero_segments
from core.errors import LabError
from core.logreg import (
    MAX_ITERS,
    LogisticGD,
    LogRegConfig,
    NewtonResult,
    design,
    evaluate_grid,
    grid_design,
    ovo_ties,
    solve_reference,
    weight_distance,
)
from gui.labs.descent_lab import DescentLab
from gui.settings import read, read_for
from gui.tasks import Policy
from gui.widgets.log_slider import LogSlider, format_number
from gui.widgets.plot_tools import decimate, fmt
from gui.widgets.plots import make_plot
from gui.widgets.points_view import PointsViewBox

CLASS_COLORS = [(31, 119, 180), (255, 127, 14), (44, 160, 44), (214, 39, 40), (148, 103, 189), (140, 86, 75)]
TIE_COLOR = (190, 190, 190)
MAP_SIZE = 200
TEXT_INTERVAL_S = 0.1
PRESETS = ("seed", "blobs", "circles", "moons", "xor", "spiral")  # the last four shared with the Concepts lab
SEED_CONFIG = LogRegConfig(lr=0.1, max_iters=3000, tol=0.0, l2_C=None, strategy="ovr", poly=False, init=(1.0, 1.0, 1.0))


def class_brushes(alpha: int = 220) -> list[QBrush]:
    return [pg.mkBrush(*c, alpha) for c in CLASS_COLORS]


def class_pens(width: float = 1.0) -> list:
    return [pg.mkPen(*c, width=width) for c in CLASS_COLORS]


LEVELS = 64


def _color_table() -> np.ndarray:
    """(K·LEVELS + 1, 3) uint8: each class's colour from faint to strong, then the tie grey."""
    white = np.array([255.0, 255.0, 255.0])
    strength = 0.12 + 0.5 * np.linspace(0.0, 1.0, LEVELS)
    rows = [white + (np.array(c, dtype=np.float64) - white) * strength[:, None] for c in CLASS_COLORS]
    return np.vstack(rows + [np.array([TIE_COLOR], dtype=np.float64)]).astype(np.uint8)


COLOR_TABLE = _color_table()


def map_colors(S: np.ndarray, kind: str, ties: np.ndarray | None) -> np.ndarray:
    """RGB (N, 3) uint8 from class scores (K, N): the winning class's colour, stronger where
    the model is surer. Reductions run over the short class axis, then one table look-up."""
    k, n = S.shape
    top = S.argmax(axis=0)
    s_top = S.max(axis=0)
    rest = S.copy()
    rest[top, np.arange(n)] = -np.inf
    s_2nd = rest.max(axis=0)
    if kind == "ovo":
        conf = (np.floor(s_top) - np.floor(s_2nd)) / max(k - 1, 1)
    elif kind == "ovr":
        conf = (s_top - s_2nd) / np.maximum(S.sum(axis=0), 1e-12)
    else:
        conf = s_top - s_2nd
    index = top * LEVELS + np.clip((conf * (LEVELS - 1)).astype(np.int64), 0, LEVELS - 1)
    if ties is not None:
        index[ties] = len(COLOR_TABLE) - 1
    return COLOR_TABLE[index]


class LogisticRegressionPanel(DescentLab):
    """Gradient descent on the cross-entropy of one or many logistic models, animated."""

    key = "logistic"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._data: ds.Labeled = ds.seed_dataset()
        self._mask = np.zeros(self._data.n, dtype=bool)
        self._source = "seed"
        self._gd = LogisticGD(self._data, SEED_CONFIG)
        self._ref: NewtonResult | None = None
        self._ref_loss = math.nan
        self._updating = False
        self._AT: np.ndarray | None = None
        self._grid: tuple | None = None
        self._grid_dirty = True
        self._drawn_state: tuple | None = None
        self._text_time = 0.0
        self._legend_has_test = False
        self._curve_range: tuple | None = None
        self._curves_user = False
        self._A_points: np.ndarray | None = None
        self._brushes = class_brushes()
        self._pens = class_pens(2.5)
        self._build_ui()
        self._apply_seed_controls()
        self.retranslate_ui()
        self._on_data_replaced(reset=True)

    # ------------------------------------------------------------------ UI
    def _build_ui(self) -> None:
        self.data_group = QGroupBox(self)
        self.preset_combo = QComboBox(self)
        for key in PRESETS:
            self.preset_combo.addItem("", key)
        self.classes_spin = QSpinBox(self)
        self.classes_spin.setRange(2, ds.MAX_CLASSES)
        self.classes_spin.setValue(3)
        self.n_slider = LogSlider(20, 100_000, 300, self, integer=True)
        self.spread_slider = QLabeledDoubleSlider(Qt.Orientation.Horizontal, self)
        self.spread_slider.setRange(0.0, 3.0)
        self.spread_slider.setDecimals(2)
        self.spread_slider.setValue(1.0)
        self.seed_spin = QSpinBox(self)
        self.seed_spin.setRange(0, 999_999)
        self.test_slider = QLabeledSlider(Qt.Orientation.Horizontal, self)
        self.test_slider.setRange(0, 50)
        self.add_class_combo = QComboBox(self)
        self.import_button = QPushButton(self)
        self.source_label = QLabel(self)
        self.source_label.setWordWrap(True)
        self.hint_label = QLabel(self)
        self.hint_label.setWordWrap(True)
        self.hint_label.setStyleSheet("color: #555;")
        self.preset_label, self.classes_label, self.n_label = QLabel(self), QLabel(self), QLabel(self)
        self.spread_label, self.seed_label, self.test_label = QLabel(self), QLabel(self), QLabel(self)
        self.add_class_label = QLabel(self)
        form = QFormLayout()
        form.addRow(self.preset_label, self.preset_combo)
        form.addRow(self.classes_label, self.classes_spin)
        form.addRow(self.n_label, self.n_slider)
        form.addRow(self.spread_label, self.spread_slider)
        form.addRow(self.seed_label, self.seed_spin)
        form.addRow(self.test_label, self.test_slider)
        form.addRow(self.add_class_label, self.add_class_combo)
        box = QVBoxLayout(self.data_group)
        box.addLayout(form)
        box.addWidget(self.import_button)
        box.addWidget(self.source_label)
        box.addWidget(self.hint_label)

        self.model_group = QGroupBox(self)
        self.strategy_combo = QComboBox(self)
        for key in ("ovr", "ovo", "softmax"):
            self.strategy_combo.addItem("", key)
        self.poly_check = QCheckBox(self)
        self.l2_check = QCheckBox(self)
        self.c_slider = LogSlider(1e-3, 1e3, 1.0, self)
        self.lr_slider = LogSlider(1e-4, 100.0, 0.1, self)
        self.iters_spin = QSpinBox(self)
        self.iters_spin.setRange(1, MAX_ITERS)
        self.iters_spin.setSingleStep(100)
        self.iters_spin.setGroupSeparatorShown(True)
        self.tol_check = QCheckBox(self)
        self.tol_slider = LogSlider(1e-16, 1e-2, 1e-10, self)
        self.seed_start_check = QCheckBox(self)
        self.seed_button = QPushButton(self)
        self.strategy_label, self.lr_label, self.iters_label = QLabel(self), QLabel(self), QLabel(self)
        mform = QFormLayout(self.model_group)
        mform.addRow(self.strategy_label, self.strategy_combo)
        mform.addRow(self.poly_check)
        mform.addRow(self.l2_check, self.c_slider)
        mform.addRow(self.lr_label, self.lr_slider)
        mform.addRow(self.iters_label, self.iters_spin)
        mform.addRow(self.tol_check, self.tol_slider)
        mform.addRow(self.seed_start_check)
        mform.addRow(self.seed_button)

        self.view_group = QGroupBox(self)
        self.show_models_check = QCheckBox(self)
        self.confusion_combo = QComboBox(self)
        self.confusion_combo.addItem("", "train")
        self.confusion_combo.addItem("", "test")
        self.confusion_label = QLabel(self)
        vform = QFormLayout(self.view_group)
        vform.addRow(self.show_models_check)
        vform.addRow(self.confusion_label, self.confusion_combo)

        # --- the map with the points
        self.points_vb = PointsViewBox()
        self.map_plot = make_plot(viewBox=self.points_vb)
        self.map_image = pg.ImageItem()
        self.points_vb.addItem(self.map_image, ignoreBounds=True)
        self.map_image.setZValue(-10)
        self.boundary = pg.PlotCurveItem(pen=pg.mkPen((20, 20, 20), width=2.5), connect="pairs", skipFiniteCheck=True)
        self.map_plot.addItem(self.boundary, ignoreBounds=True)
        self.model_lines: list[pg.PlotCurveItem] = []
        self.train_scatter = pg.ScatterPlotItem(size=7, pen=pg.mkPen(255, 255, 255, 180, width=0.8))
        self.test_scatter = pg.ScatterPlotItem(size=8, symbol="s", brush=pg.mkBrush(255, 255, 255, 230))
        self._wrong_items: dict[tuple[int, int, int], pg.ScatterPlotItem] = {}
        for item in (self.train_scatter, self.test_scatter):
            self.map_plot.addItem(item)
        self.legend = self.map_plot.addLegend(offset=(10, 10), brush=pg.mkBrush(255, 255, 255, 230),
                                              pen=pg.mkPen(190, 190, 190))
        self.points_vb.sigRangeChanged.connect(self._on_points_vb_range_changed)

        # --- curves
        self.loss_plot = make_plot()
        self.loss_train = pg.PlotCurveItem(pen=pg.mkPen((31, 119, 180), width=2), skipFiniteCheck=True)
        self.loss_test = pg.PlotCurveItem(pen=pg.mkPen((31, 119, 180), width=2, style=Qt.PenStyle.DashLine),
                                          skipFiniteCheck=True)
        ref_pen = pg.mkPen((90, 90, 90), width=1.5, style=Qt.PenStyle.DashLine)
        self.loss_ref = pg.InfiniteLine(angle=0, pen=ref_pen)
        self._ref_legend_sample = pg.PlotDataItem(pen=ref_pen)  # legends cannot draw an InfiniteLine
        self.loss_cursor = pg.InfiniteLine(angle=90, pen=pg.mkPen((214, 39, 40)))
        self.acc_plot = make_plot()
        self.acc_train = pg.PlotCurveItem(pen=pg.mkPen((44, 160, 44), width=2), skipFiniteCheck=True)
        self.acc_test = pg.PlotCurveItem(pen=pg.mkPen((44, 160, 44), width=2, style=Qt.PenStyle.DashLine),
                                         skipFiniteCheck=True)
        self.acc_cursor = pg.InfiniteLine(angle=90, pen=pg.mkPen((214, 39, 40)))
        self.loss_legend = self.loss_plot.addLegend(offset=(-10, 10), brush=pg.mkBrush(255, 255, 255, 230),
                                                    pen=pg.mkPen(190, 190, 190))
        self.acc_legend = self.acc_plot.addLegend(offset=(-10, -10), brush=pg.mkBrush(255, 255, 255, 230),
                                                  pen=pg.mkPen(190, 190, 190))
        for plot, items in ((self.loss_plot, (self.loss_train, self.loss_test)),
                            (self.acc_plot, (self.acc_train, self.acc_test))):
            for it in items:
                plot.addItem(it)
        self.loss_plot.addItem(self.loss_ref, ignoreBounds=True)
        self.loss_plot.addItem(self.loss_cursor, ignoreBounds=True)
        self.acc_plot.addItem(self.acc_cursor, ignoreBounds=True)
        self.acc_plot.setYRange(0, 1.02, padding=0)
        self.acc_plot.getViewBox().setLimits(yMin=-0.05, yMax=1.1)
        self.acc_plot.enableAutoRange(axis="y", enable=False)
        self.acc_plot.setXLink(self.loss_plot)
        self.loss_plot.getViewBox().disableAutoRange()
        self.acc_plot.getViewBox().disableAutoRange()
        for plot in (self.loss_plot, self.acc_plot):
            plot.getViewBox().sigRangeChangedManually.connect(self._on_curves_range_changed_manually)
        for plot in (self.loss_plot, self.acc_plot):
            plot.setMinimumWidth(220)

        # --- confusion matrix and the numbers
        self.confusion = QTableWidget(self)
        self.confusion.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.confusion.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.confusion.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.confusion.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.confusion_title = QLabel(self)
        self.confusion_title.setWordWrap(True)
        conf_box = QWidget(self)
        conf_col = QVBoxLayout(conf_box)
        conf_col.setContentsMargins(0, 0, 0, 0)
        conf_col.addWidget(self.confusion_title)
        conf_col.addWidget(self.confusion, 1)

        info = self._make_text_panes(equation_scale=1.35, info_lines=10)

        grid = QGridLayout()
        grid.addWidget(self.map_plot, 0, 0, 2, 1)
        grid.addWidget(self.loss_plot, 0, 1)
        grid.addWidget(self.acc_plot, 1, 1)
        grid.addWidget(info, 2, 0)
        grid.addWidget(conf_box, 2, 1)
        grid.setColumnStretch(0, 5)
        grid.setColumnStretch(1, 3)
        grid.setRowStretch(0, 3)
        grid.setRowStretch(1, 3)
        grid.setRowStretch(2, 2)

        self._assemble([self.data_group, self.model_group, self.view_group], grid, speed=300.0)
        self._cache_static([self.map_plot, self.loss_plot, self.acc_plot], [self.train_scatter, self.test_scatter])

        # --- wiring
        self.preset_combo.currentIndexChanged.connect(self._on_generator_changed)
        self.classes_spin.valueChanged.connect(self._on_generator_changed)
        self.n_slider.value_changed.connect(self._on_generator_changed)
        self.spread_slider.valueChanged.connect(self._on_generator_changed)
        self.seed_spin.valueChanged.connect(self._on_generator_changed)
        self.test_slider.valueChanged.connect(self._on_test_slider_value_changed)
        self.strategy_combo.currentIndexChanged.connect(self._on_config_changed)
        self.poly_check.toggled.connect(self._on_config_changed)
        self.l2_check.toggled.connect(self._on_config_changed)
        self.c_slider.value_changed.connect(self._on_config_changed)
        self.lr_slider.value_changed.connect(self._on_config_changed)
        self.iters_spin.valueChanged.connect(self._on_config_changed)
        self.tol_check.toggled.connect(self._on_config_changed)
        self.tol_slider.value_changed.connect(self._on_config_changed)
        self.seed_start_check.toggled.connect(self._on_config_changed)
        self.seed_button.clicked.connect(self.apply_seed_preset)
        self.show_models_check.toggled.connect(self._on_view_option_changed)
        self.confusion_combo.currentIndexChanged.connect(self._on_view_option_changed)
        self.points_vb.point_added.connect(self._on_points_vb_point_added)
        self.points_vb.point_moved.connect(self._on_points_vb_point_moved)
        self.points_vb.point_removed.connect(self._on_points_vb_point_removed)
        self._wire_player()

    def retranslate_ui(self) -> None:
        names = {
            "seed": self.tr("The seed's data (2 classes)"),
            "blobs": self.tr("Blobs"),
            "circles": self.tr("Circles"),
            "moons": self.tr("Moons"),
            "xor": self.tr("XOR"),
            "spiral": self.tr("Spiral"),
        }
        for i in range(self.preset_combo.count()):
            self.preset_combo.setItemText(i, names[self.preset_combo.itemData(i)])
        strategies = {
            "ovr": self.tr("One-vs-rest"),
            "ovo": self.tr("One-vs-one"),
            "softmax": self.tr("Softmax regression"),
        }
        for i in range(self.strategy_combo.count()):
            self.strategy_combo.setItemText(i, strategies[self.strategy_combo.itemData(i)])
        self.confusion_combo.setItemText(0, self.tr("training points"))
        self.confusion_combo.setItemText(1, self.tr("test points"))
        self.data_group.setTitle(self.tr("Data"))
        self.preset_label.setText(self.tr("Data set"))
        self.classes_label.setText(self.tr("Classes"))
        self.n_label.setText(self.tr("Points"))
        self.spread_label.setText(self.tr("Spread / noise"))
        self.seed_label.setText(self.tr("Random seed"))
        self.test_label.setText(self.tr("Test points (%)"))
        self.add_class_label.setText(self.tr("Click adds"))
        self.import_button.setText(self.tr("Import CSV (x1, x2, label)…"))
        self.hint_label.setText(self.tr(
            "Click the map to add a point of the chosen class, drag a point to move it, right-click one to delete "
            "it. Filled circles train the model; hollow squares are held out for testing. A point outlined in "
            "its true class's colour and filled with another is misclassified."))
        self.model_group.setTitle(self.tr("Model and descent"))
        self.strategy_label.setText(self.tr("Many classes"))
        self.strategy_combo.setToolTip(self.tr(
            "One-vs-rest: one model per class against all others. One-vs-one: one model per pair of classes, "
            "then a vote. Softmax: one model with a probability for every class."))
        self.poly_check.setText(self.tr("Polynomial features (x1², x2², x1·x2)"))
        self.l2_check.setText(self.tr("L2 penalty, C ="))
        self.l2_check.setToolTip(self.tr("As scikit-learn: C·Σ loss + ½‖w‖², intercept not penalised; "
                                         "C = 1 is its default. Smaller C, stronger penalty."))
        self.lr_label.setText(self.tr("Learning rate α"))
        self.iters_label.setText(self.tr("Iteration cap"))
        self.tol_check.setText(self.tr("Tolerance"))
        self.seed_start_check.setText(self.tr("Start at w1 = w2 = b = 1 (the seed's start)"))
        self.seed_button.setText(self.tr("Seed settings"))
        self.seed_button.setToolTip(self.tr("The tutorial's loop: its data, lr 0.1, 3000 iterations from w = (1, 1), b = 1"))
        self.view_group.setTitle(self.tr("View"))
        self.show_models_check.setText(self.tr("Show each model's boundary"))
        self.confusion_label.setText(self.tr("Confusion matrix of"))
        self.map_plot.setTitle(self.tr("Probability map and decision boundary"))
        self.loss_plot.setTitle(self.tr("Cross-entropy loss"))
        self.acc_plot.setTitle(self.tr("Accuracy"))
        self.acc_plot.setLabel("bottom", self.tr("iteration"))
        self._fill_curve_legends()
        self._update_class_widgets()
        self._update_source_label()
        self._refresh_views(force_text=True)

    def _fill_curve_legends(self) -> None:
        """Train curves always; test curves only while points are held out."""
        for legend, train, test in ((self.loss_legend, self.loss_train, self.loss_test),
                                    (self.acc_legend, self.acc_train, self.acc_test)):
            legend.clear()
            legend.addItem(train, self.tr("train"))
            if self._legend_has_test:
                legend.addItem(test, self.tr("test"))
        self.loss_legend.addItem(self._ref_legend_sample, self.tr("exact optimum"))

    def class_name(self, c: int) -> str:
        return self.tr("class {label}").format(label=self._data.labels[c])

    def _update_class_widgets(self) -> None:
        """Legend and the 'click adds' list follow the classes of the data."""
        self.legend.clear()
        k = self._data.k
        self._legend_items = []
        for c in range(k):
            sample = pg.ScatterPlotItem(size=9, brush=self._brushes[c], pen=pg.mkPen("w"))
            self._legend_items.append(sample)
            self.legend.addItem(sample, self.class_name(c))
        current = self.add_class_combo.currentIndex()
        self.add_class_combo.blockSignals(True)
        self.add_class_combo.clear()
        for c in range(k):
            self.add_class_combo.addItem(self.class_name(c), c)
        if k < ds.MAX_CLASSES:
            self.add_class_combo.addItem(self.tr("a new class"), k)
        self.add_class_combo.setCurrentIndex(max(0, min(current, self.add_class_combo.count() - 1)))
        self.add_class_combo.blockSignals(False)

    # ------------------------------------------------------------------ settings
    def save_settings(self, s: QSettings) -> None:
        s.beginGroup(self.key)
        s.setValue("preset", self.preset_combo.currentData())
        s.setValue("classes", self.classes_spin.value())
        s.setValue("n", int(self.n_slider.value()))
        s.setValue("spread", float(self.spread_slider.value()))
        s.setValue("seed", self.seed_spin.value())
        s.setValue("test_percent", self.test_slider.value())
        s.setValue("source", self._source)
        s.setValue("csv_path", self._csv_path)
        s.setValue("strategy", self.strategy_combo.currentData())
        s.setValue("poly", self.poly_check.isChecked())
        s.setValue("l2", self.l2_check.isChecked())
        s.setValue("C", float(self.c_slider.value()))
        s.setValue("lr", float(self.lr_slider.value()))
        s.setValue("max_iters", self.iters_spin.value())
        s.setValue("tol_enabled", self.tol_check.isChecked())
        s.setValue("tol", float(self.tol_slider.value()))
        s.setValue("seed_start", self.seed_start_check.isChecked())
        s.setValue("show_models", self.show_models_check.isChecked())
        s.setValue("confusion", self.confusion_combo.currentData())
        s.setValue("speed", float(self.player.speed.value()))
        s.endGroup()

    def restore_settings(self, s: QSettings) -> None:
        s.beginGroup(self.key)
        if not s.contains("lr"):
            s.endGroup()
            return
        self._updating = True
        try:
            self._select(self.preset_combo, read_for(s, "preset", "seed", self.preset_combo))
            self.classes_spin.setValue(read_for(s, "classes", 3, self.classes_spin))
            self.n_slider.set_value(read_for(s, "n", 300, self.n_slider))
            self.spread_slider.setValue(read_for(s, "spread", 1.0, self.spread_slider))
            self.seed_spin.setValue(read_for(s, "seed", 0, self.seed_spin))
            self.test_slider.setValue(read_for(s, "test_percent", 0, self.test_slider))
            self._select(self.strategy_combo, read_for(s, "strategy", "ovr", self.strategy_combo))
            self.poly_check.setChecked(read(s, "poly", False))
            self.l2_check.setChecked(read(s, "l2", False))
            self.c_slider.set_value(read_for(s, "C", 1.0, self.c_slider))
            self.lr_slider.set_value(read_for(s, "lr", 0.1, self.lr_slider))
            self.iters_spin.setValue(read_for(s, "max_iters", 3000, self.iters_spin))
            self.tol_check.setChecked(read(s, "tol_enabled", False))
            self.tol_slider.set_value(read_for(s, "tol", 1e-10, self.tol_slider))
            self.seed_start_check.setChecked(read(s, "seed_start", True))
            self.show_models_check.setChecked(read(s, "show_models", False))
            self._select(self.confusion_combo, read_for(s, "confusion", "train", self.confusion_combo))
            self.player.speed.set_value(read_for(s, "speed", 300.0, self.player.speed))
            source = read(s, "source", "seed", choices=("seed", "generated", "csv", "edited", "external"))
            csv_path = read(s, "csv_path", "")
        finally:
            self._updating = False
            s.endGroup()
        if source == "csv" and csv_path and Path(csv_path).is_file():
            self.load_csv(csv_path)
        else:
            self._regenerate()

    @staticmethod
    def _select(combo: QComboBox, key: str) -> None:
        i = combo.findData(key)
        if i >= 0:
            combo.setCurrentIndex(i)

    # ------------------------------------------------------------------ data
    def data(self) -> ds.Labeled:
        return self._data

    def reference(self) -> NewtonResult | None:
        return self._ref

    def set_data(self, X: object, y: object, source: str = "external") -> bool:
        """The one entry point for outside data; bad data leaves the lab as it was."""
        try:
            data = ds.make_labeled(X, y, min_classes=2)
        except LabError as exc:
            self._show_error(exc)
            return False
        return self._set_data(data, source, reset=True)

    def _split(self, data: ds.Labeled) -> np.ndarray:
        fraction = self.test_slider.value() / 100.0
        if fraction <= 0:
            return np.zeros(data.n, dtype=bool)
        return ds.split_mask(data.n, fraction, self.seed_spin.value(), data.y)

    def _set_data(self, data: ds.Labeled, source: str, reset: bool, mask: np.ndarray | None = None,
                  config: LogRegConfig | None = None) -> bool:
        """Install new data; the descent restarts, or goes on from the current models when
        the data was only edited and the models still fit it."""
        mask = self._split(data) if mask is None else mask
        cfg = config or self._config_for(data)
        start = None if reset else self._gd.weights
        try:
            gd = LogisticGD(data, cfg, mask, start_weights=start)
        except LabError as exc:
            self._show_error(exc)
            return False
        self._data, self._mask, self._source, self._gd = data, mask, source, gd
        self._on_data_replaced(reset)
        return True

    def _on_data_replaced(self, reset: bool) -> None:
        data = self._data
        train, test = ~self._mask, self._mask
        self.points_vb.set_points(data.X[:, 0], data.X[:, 1])
        self.train_scatter.setData(data.X[train, 0], data.X[train, 1],
                                   brush=[self._brushes[c] for c in data.y[train]])
        self.test_scatter.setData(data.X[test, 0], data.X[test, 1],
                                  pen=[pg.mkPen(*CLASS_COLORS[c], width=2) for c in data.y[test]])
        self._A_points = design(data.X, self._gd.config.poly)
        self._update_class_widgets()
        self._update_source_label()
        self._sync_enabled()
        self.banner.clear_message()
        if reset:
            self.points_vb.enableAutoRange()
        self._grid_dirty = True
        self._drawn_state = None
        self._curves_user = False
        self._request_reference()
        self._refresh_views(force_text=True)

    def _apply_seed_controls(self) -> None:
        self._updating = True
        try:
            self._select(self.preset_combo, "seed")
            self.test_slider.setValue(0)
            self._select(self.strategy_combo, "ovr")
            self.poly_check.setChecked(False)
            self.l2_check.setChecked(False)
            self.lr_slider.set_value(SEED_CONFIG.lr)
            self.iters_spin.setValue(SEED_CONFIG.max_iters)
            self.tol_check.setChecked(False)
            self.seed_start_check.setChecked(True)
        finally:
            self._updating = False
        self._sync_enabled()

    def apply_seed_preset(self) -> None:
        """The seed's data and loop (the 'Seed settings' button)."""
        self._apply_seed_controls()
        data = ds.seed_dataset()
        self._set_data(data, "seed", reset=True, mask=np.zeros(data.n, dtype=bool), config=SEED_CONFIG)

    def _sync_enabled(self) -> None:
        preset = self.preset_combo.currentData()
        self.classes_spin.setEnabled(preset == "blobs")
        self.n_slider.setEnabled(preset != "seed")
        self.spread_slider.setEnabled(preset != "seed")
        self.c_slider.setEnabled(self.l2_check.isChecked())
        self.tol_slider.setEnabled(self.tol_check.isChecked())

    @Slot()
    def _on_generator_changed(self, *_: object) -> None:
        self._sync_enabled()
        if not self._updating:
            self._regenerate()

    def _regenerate(self) -> None:
        preset = self.preset_combo.currentData()
        n, spread, seed = int(self.n_slider.value()), float(self.spread_slider.value()), self.seed_spin.value()
        try:
            if preset == "seed":
                data = ds.seed_dataset()
            elif preset == "blobs":
                data = ds.blobs(self.classes_spin.value(), n, spread, seed)
            else:
                maker = {"circles": ds.circles, "moons": ds.moons, "xor": ds.xor, "spiral": ds.spiral}[preset]
                data = maker(n, 0.1 * spread, seed)
        except LabError as exc:
            self._show_error(exc)
            return
        self._set_data(data, preset if preset == "seed" else "generated", reset=True)

    @Slot(int)
    def _on_test_slider_value_changed(self, _value: int) -> None:
        if not self._updating:
            self._set_data(self._data, self._source, reset=True)

    # ---- CSV
    # ---- editing points
    def _edit(self, X: np.ndarray, labels: np.ndarray, mask: np.ndarray) -> None:
        try:
            data = ds.make_labeled(X, labels, min_classes=2)
        except LabError as exc:
            self._show_error(exc)
            self.points_vb.set_points(self._data.X[:, 0], self._data.X[:, 1])
            return
        same_shape = data.k == self._data.k
        self._set_data(data, "edited", reset=not same_shape, mask=mask)

    def _original_labels(self) -> np.ndarray:
        return np.asarray(self._data.labels)[self._data.y]

    @Slot(float, float)
    def _on_points_vb_point_added(self, x: float, y: float) -> None:
        c = int(self.add_class_combo.currentData() or 0)
        labels = list(self._data.labels)
        label = labels[c] if c < len(labels) else (max(labels) + 1)
        self._edit(np.vstack([self._data.X, [x, y]]), np.append(self._original_labels(), label),
                   np.append(self._mask, False))

    @Slot(int, float, float)
    def _on_points_vb_point_moved(self, i: int, x: float, y: float) -> None:
        X = self._data.X.copy()
        X[i] = (x, y)
        self._edit(X, self._original_labels(), self._mask)

    @Slot(int)
    def _on_points_vb_point_removed(self, i: int) -> None:
        self._edit(np.delete(self._data.X, i, axis=0), np.delete(self._original_labels(), i),
                   np.delete(self._mask, i))

    def _update_source_label(self) -> None:
        d = self._data
        texts = {
            "seed": self.tr("The seed's data: 100 points of class 0 around (3, 4), 200 of class 1 around (7, 6)."),
            "generated": self.tr("Generated: {n} points, {k} classes."),
            "csv": self.tr("From {name}: {n} points, {k} classes."),
            "edited": self.tr("Edited by hand: {n} points, {k} classes."),
            "external": self.tr("Sent from another lab: {n} points, {k} classes."),
        }
        text = texts.get(self._source, texts["generated"]).format(n=d.n, k=d.k, name=Path(self._csv_path).name)
        tests = int(self._mask.sum())
        if tests:
            text += " " + self.tr("{t} of them held out for testing.").format(t=tests)
        self.source_label.setText(text)

    # ------------------------------------------------------------------ model settings
    def _config_for(self, data: ds.Labeled) -> LogRegConfig:
        poly = self.poly_check.isChecked()
        binary_linear = data.k == 2 and not poly
        return LogRegConfig(
            lr=float(self.lr_slider.value()),
            max_iters=int(self.iters_spin.value()),
            tol=float(self.tol_slider.value()) if self.tol_check.isChecked() else 0.0,
            l2_C=float(self.c_slider.value()) if self.l2_check.isChecked() else None,
            strategy=str(self.strategy_combo.currentData()),
            poly=poly,
            init=(1.0, 1.0, 1.0) if binary_linear and self.seed_start_check.isChecked() else None,
        )

    @Slot()
    def _on_config_changed(self, *_: object) -> None:
        self._sync_enabled()
        if self._updating:
            return
        cfg = self._config_for(self._data)
        old = self._gd.config
        try:
            if cfg.init != old.init:
                self._gd = LogisticGD(self._data, cfg, self._mask)
            else:
                self._gd.set_config(cfg)
        except LabError as exc:
            self._show_error(exc)
            return
        if (cfg.poly, cfg.strategy, cfg.l2_C) != (old.poly, old.strategy, old.l2_C):
            self._A_points = design(self._data.X, cfg.poly)
            self._grid_dirty = True
            self._request_reference()
        self.banner.clear_message()
        self._drawn_state = None
        self._refresh_views(force_text=True)

    @Slot()
    def _on_view_option_changed(self, *_: object) -> None:
        self._drawn_state = None
        self._refresh_views(force_text=True)

    # ------------------------------------------------------------------ the reference answer
    def _request_reference(self) -> None:
        """Newton's optimum for the current data and objective, on a worker thread. A solve
        cannot stop midway, so a new request waits for the running one and only the latest
        runs; a result for other data or another objective than the current is dropped."""
        self._ref = None
        cfg = self._gd.config
        key = (self._data, cfg.strategy, cfg.poly, cfg.l2_C)
        self._ref_for = key
        data, mask = self._data, self._mask.copy()
        self.tasks.submit("reference", lambda: (key, solve_reference(data, cfg, mask)),
                          on_result=self._on_reference_returned, policy=Policy.AFTER)

    @Slot(object)
    def _on_reference_returned(self, tagged: tuple) -> None:
        key, result = tagged
        if key == self._ref_for:
            self._ref = result
            self._ref_loss = float(self._gd.objective.loss(result.weights).mean())
            self._refresh_views(force_text=True)

    # ------------------------------------------------------------------ player
    # ------------------------------------------------------------------ DescentLab hooks
    def _diverged_message(self) -> Callable[[], str]:
        lr, top = format_number(self._gd.config.lr), format_number(self._gd.max_stable_lr)
        return lambda: self.tr(
            "Diverged: the learning rate α = {lr} is too high — the loss grew step after step. Below {max} "
            "every step is guaranteed to lower the loss. Lower α, then Play to go on, or Reset.").format(
            lr=lr, max=top)

    def _load_file(self, path: str) -> ds.Labeled:
        return ds.load_labeled_csv(path)

    def _accept_loaded(self, data: ds.Labeled) -> bool:
        return self._set_data(data, "csv", reset=True)

    def _import_dialog(self) -> tuple[str, str]:
        return self.tr("Import labelled points"), self.tr("CSV files (*.csv *.txt);;All files (*)")

    def _on_run_reset(self) -> None:
        self._curves_user = False

    def start_demo(self, name: str = "seed") -> None:
        """Play a run from its start: the seed's two classes, or three blobs ('blobs3')."""
        if name == "blobs3":
            self._updating = True
            self._select(self.preset_combo, "blobs")
            self.classes_spin.setValue(3)
            self.n_slider.set_value(300)
            self.spread_slider.setValue(1.0)
            self.seed_start_check.setChecked(False)
            self.lr_slider.set_value(0.3)
            self.show_models_check.setChecked(True)
            self._updating = False
            self._sync_enabled()
            self._regenerate()
        self._gd.reset()
        self.player.set_playing(True)

    # ------------------------------------------------------------------ drawing
    @Slot()
    def _on_points_vb_range_changed(self, *_: object) -> None:
        self._grid_dirty = True
        QTimer.singleShot(0, self, self._redraw_if_needed)  # cancelled if the lab is deleted first

    def _redraw_if_needed(self) -> None:
        if self._grid_dirty:
            self._drawn_state = None
            self._refresh_views()

    def _ensure_grid(self) -> None:
        if not self._grid_dirty and self._AT is not None:
            return
        (x0, x1), (y0, y1) = self.points_vb.viewRange()
        if not all(math.isfinite(v) for v in (x0, x1, y0, y1)) or x1 <= x0 or y1 <= y0:
            return
        self._grid_dirty = False
        xs = np.linspace(x0, x1, MAP_SIZE)
        ys = np.linspace(y0, y1, MAP_SIZE)
        self._grid = (xs, ys)
        self._AT = grid_design(xs, ys, self._gd.config.poly)
        dx, dy = (x1 - x0) / (MAP_SIZE - 1), (y1 - y0) / (MAP_SIZE - 1)
        self.map_image.setRect(QRectF(x0 - dx / 2, y0 - dy / 2, x1 - x0 + dx, y1 - y0 + dy))

    def _draw_map(self) -> None:
        """The probability map, the combined decision boundary and each model's boundary."""
        self._ensure_grid()
        if self._AT is None or self._grid is None:
            return
        gd = self._gd
        if self._AT.shape[0] != gd.weights.shape[0]:
            self._grid_dirty = True
            self._ensure_grid()
        state = (gd.iteration, gd.history_length, id(gd), self.show_models_check.isChecked(), id(self._AT))
        if state == self._drawn_state:
            return
        self._drawn_state = state
        W = gd.weights
        dec = gd.decomposition
        xs, ys = self._grid
        shape = (len(xs), len(ys))
        Z, S = evaluate_grid(self._AT, W, dec)
        ties = None
        if dec.kind == "ovo":
            ties = ovo_ties(Z.T, dec)
        rgb = map_colors(S, dec.kind, ties).reshape(shape + (3,))
        self.map_image.setImage(rgb, autoLevels=False)
        # the combined boundary: where the winning class changes
        if dec.kind == "binary":
            px, py = zero_segments(Z[0].reshape(shape), xs, ys)
        else:
            # class c's region is where S_c beats every other class: f_c = S_c − max_{j≠c} S_j,
            # which is S_top − S_second where c wins and S_c − S_top elsewhere
            top = S.argmax(axis=0)
            s_top = S.max(axis=0)
            rest = S.copy()
            rest[top, np.arange(S.shape[1])] = -np.inf
            s_2nd = rest.max(axis=0)
            parts_x, parts_y = [], []
            for c in range(dec.k):
                f = np.where(top == c, s_top - s_2nd, S[c] - s_top)
                sx, sy = zero_segments(f.reshape(shape), xs, ys)
                parts_x.append(sx)
                parts_y.append(sy)
            px, py = np.concatenate(parts_x), np.concatenate(parts_y)
        self.boundary.setData(px, py)
        self._draw_model_lines(Z, dec, shape, xs, ys)

    def _draw_model_lines(self, Z: np.ndarray, dec, shape, xs, ys) -> None:
        show = self.show_models_check.isChecked() and dec.kind in ("ovr", "ovo")
        count = dec.outputs if show else 0
        while len(self.model_lines) < count:
            line = pg.PlotCurveItem(connect="pairs", skipFiniteCheck=True)
            self.map_plot.addItem(line, ignoreBounds=True)
            self.model_lines.append(line)
        for p, line in enumerate(self.model_lines):
            if p >= count:
                line.hide()
                continue
            pos, neg = dec.pairs[p]
            color = CLASS_COLORS[pos]
            line.setPen(pg.mkPen(*color, width=2, style=Qt.PenStyle.DashLine))
            line.setData(*zero_segments(Z[p].reshape(shape), xs, ys))
            line.show()

    def _refresh_views(self, force_text: bool = False) -> None:
        """One animation frame: map and boundaries, curves; numbers ~10 times a second."""
        gd = self._gd
        self._draw_map()
        hist = gd.history()
        n = hist.shape[0]
        idx = decimate(n)
        it = np.arange(n, dtype=np.float64) if isinstance(idx, slice) else idx.astype(np.float64)
        h = hist[idx]
        self.loss_train.setData(it, h[:, 0])
        has_test = bool(self._mask.any())
        if has_test:
            self.loss_test.setData(it, h[:, 2])
            self.acc_test.setData(it, h[:, 3])
        if has_test != self._legend_has_test:
            self._legend_has_test = has_test
            self._fill_curve_legends()
        self.loss_test.setVisible(has_test)
        self.acc_test.setVisible(has_test)
        self.acc_train.setData(it, h[:, 1])
        self.loss_cursor.setPos(gd.iteration)
        self.acc_cursor.setPos(gd.iteration)
        self._range_curves(n, h)
        if self._ref is not None and not self._ref.separable:
            ref_loss = self._ref_loss
            self.loss_ref.setPos(ref_loss)
            self.loss_ref.show()
        else:
            self.loss_ref.hide()
        self.player.show_position(gd.iteration, gd.history_length - 1)
        now = time.perf_counter()
        if force_text or not self.player.is_playing() or now - self._text_time > TEXT_INTERVAL_S \
                or gd.stop_reason is not None:
            self._text_time = now
            self._update_points_and_numbers()

    def _range_curves(self, n: int, h: np.ndarray) -> None:
        """Grow the curves' x range by half again when the run reaches its edge, and set the
        loss range from the run's first loss: axes are then redrawn now and then, not every
        frame (an axis redraw costs more than the rest of a frame)."""
        vb = self.loss_plot.getViewBox()
        if self._curves_user:
            return
        top = float(np.nanmax(h[:, [0, 2]])) if h.size else 1.0
        top = top if math.isfinite(top) and top > 0 else 1.0
        x1 = self._curve_range[0] if self._curve_range else 0
        if n - 1 > x1 or x1 > 4 * max(n, 10):
            x1 = max(10, int((n - 1) * 1.5))
        y1 = self._curve_range[1] if self._curve_range else 0.0
        if top > y1 or top < 0.25 * y1:
            y1 = 1.1 * top
        if (x1, y1) != self._curve_range:
            self._curve_range = (x1, y1)
            vb.setRange(xRange=(0, x1), yRange=(0, y1), padding=0.02)

    @Slot()
    def _on_curves_range_changed_manually(self, *_: object) -> None:
        self._curves_user = True

    def _update_points_and_numbers(self) -> None:
        gd = self._gd
        data = self._data
        if self._A_points is None or self._A_points.shape[1] != gd.weights.shape[0]:
            self._A_points = design(data.X, gd.config.poly)
        W = gd.weights
        pred = gd.objective.predict(W, self._A_points)
        wrong = pred != data.y
        self._draw_misclassified(wrong, pred)
        self._update_confusion(pred)
        self._update_equation(W)
        self._update_info(W, wrong)

    def _draw_misclassified(self, wrong: np.ndarray, pred: np.ndarray) -> None:
        """One scatter per (true, predicted, train/test): each has a single pen and brush,
        so thousands of misclassified points cost no per-point styling."""
        X, y, test = self._data.X, self._data.y, self._mask
        seen = set()
        if wrong.any():
            keys = np.stack([y[wrong], pred[wrong], test[wrong]], axis=1)
            for key in np.unique(keys, axis=0):
                c, d, t = (int(v) for v in key)
                sel = wrong & (y == c) & (pred == d) & (test == bool(t))
                item = self._wrong_items.get((c, d, t))
                if item is None:
                    item = pg.ScatterPlotItem(size=9, symbol="s" if t else "o", pen=self._pens[c],
                                              brush=self._brushes[d])
                    item.setZValue(5)
                    self.map_plot.addItem(item)
                    self._wrong_items[(c, d, t)] = item
                item.setData(X[sel, 0], X[sel, 1])
                item.show()
                seen.add((c, d, t))
        for key, item in self._wrong_items.items():
            if key not in seen and item.isVisible():
                item.setData([], [])
                item.hide()

    def _update_confusion(self, pred: np.ndarray) -> None:
        data = self._data
        use_test = self.confusion_combo.currentData() == "test" and self._mask.any()
        sel = self._mask if use_test else ~self._mask
        k = data.k
        cm = np.zeros((k, k), dtype=int)
        np.add.at(cm, (data.y[sel], pred[sel]), 1)
        if self.confusion.rowCount() != k:
            self.confusion.setRowCount(k)
            self.confusion.setColumnCount(k)
        names = [str(lbl) for lbl in data.labels]
        self.confusion.setHorizontalHeaderLabels([self.tr("→ {c}").format(c=c) for c in names])
        self.confusion.setVerticalHeaderLabels(names)
        top = max(int(cm.max()), 1)
        for i in range(k):
            for j in range(k):
                item = self.confusion.item(i, j)
                if item is None:
                    item = QTableWidgetItem()
                    item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                    self.confusion.setItem(i, j, item)
                item.setText(str(cm[i, j]))
                shade = cm[i, j] / top
                base = (44, 160, 44) if i == j else (214, 39, 40)
                color = QColor(*[int(255 - (255 - b) * 0.6 * shade) for b in base])
                item.setBackground(color)
        which = self.tr("test points") if use_test else self.tr("training points")
        acc = np.trace(cm) / max(cm.sum(), 1)
        self.confusion_title.setText(self.tr("Confusion matrix ({which}): rows true, columns predicted — "
                                             "accuracy {acc}").format(which=which, acc=f"{acc:.3f}"))

    def _model_equation(self, w: np.ndarray) -> str:
        names = ("x1", "x2", "x1²", "x2²", "x1·x2")
        terms = [f"{fmt(w[i], 4)}·{names[i]}" for i in range(len(w) - 1)]
        text = " + ".join(terms + [fmt(w[-1], 4)])
        return text.replace("+ -", "− ")

    def _update_equation(self, W: np.ndarray) -> None:
        dec = self._gd.decomposition
        if dec.kind == "binary":
            label = self._data.labels[1]
            self.equation_label.set_text(self.tr("p(y = {label} | x) = σ({z})").format(
                label=label, z=self._model_equation(W[:, 0])))
        elif dec.kind == "softmax":
            self.equation_label.set_text(self.tr("p(y = c | x) = softmax(z)_c, one z_c per class ({k} classes)")
                                         .format(k=dec.k))
        else:
            self.equation_label.set_text(self.tr("{m} logistic models, each p = σ(w·x + b); the table lists them")
                                         .format(m=dec.models))

    def _update_info(self, W: np.ndarray, wrong: np.ndarray) -> None:
        gd = self._gd
        dec = gd.decomposition
        m = gd.metrics
        rows = [
            (self.tr("Iteration"), f"{gd.iteration:,} / {gd.config.max_iters:,}"),
            (self.tr("Loss (train)"), fmt(m.loss, 6)),
            (self.tr("Accuracy (train)"), f"{m.accuracy:.4f}"),
        ]
        if self._mask.any():
            rows.append((self.tr("Accuracy (test)"), f"{m.test_accuracy:.4f}"))
        rows.append((self.tr("Misclassified points"), str(int(wrong.sum()))))
        if self._ref is None:
            rows.append((self.tr("Exact optimum (Newton)"), self.tr("computing…")))
        elif self._ref.separable:
            rows.append((self.tr("Exact optimum (Newton)"), self.tr("none: the classes are separable; add L2")))
        else:
            ref_loss = self._ref_loss
            rows.append((self.tr("Exact optimum (Newton)"), self.tr("loss {loss} after {n} Newton steps").format(
                loss=fmt(ref_loss, 6), n=self._ref.iterations)))
            rows.append((self.tr("Distance ‖W − W*‖"), fmt(weight_distance(W, self._ref.weights, dec), 4)))
        rows.append((self.tr("Largest rate with guaranteed descent"), fmt(gd.max_stable_lr, 4)))
        kinds = {"binary": self.tr("one binary model"), "ovr": self.tr("one-vs-rest"),
                 "ovo": self.tr("one-vs-one"), "softmax": self.tr("softmax")}
        rows.append((self.tr("Strategy"), self.tr("{kind}: {m} model(s) trained").format(
            kind=kinds[dec.kind], m=dec.models)))
        if dec.kind == "binary" and gd.config.strategy in ("ovr", "ovo"):
            rows.append(("", self.tr("With two classes, one-vs-rest and one-vs-one are both the single binary "
                                     "model; they differ from three classes on.")))
        html = "<table cellspacing='0' cellpadding='2'>" + "".join(
            f"<tr><td style='color:#555'>{a}</td><td>&nbsp;&nbsp;<b>{b}</b></td></tr>" for a, b in rows) + "</table>"
        if dec.kind in ("ovr", "ovo", "binary"):
            bal = dec.balance()
            losses = gd.model_losses
            lines = []
            for p, (pos, neg) in enumerate(dec.pairs):
                if dec.kind == "ovr":
                    name = self.tr("{a} vs rest").format(a=self._data.labels[pos])
                elif dec.kind == "ovo":
                    name = self.tr("{a} vs {b}").format(a=self._data.labels[pos], b=self._data.labels[neg])
                else:
                    name = self.tr("{a} vs {b}").format(a=self._data.labels[1], b=self._data.labels[0])
                r, g, b = CLASS_COLORS[pos]
                lines.append(
                    f"<tr><td style='color:rgb({r},{g},{b})'><b>{name}</b></td>"
                    f"<td>&nbsp;{int(bal[p, 0])} : {int(bal[p, 1])}</td>"
                    f"<td>&nbsp;{fmt(losses[p], 4)}</td><td>&nbsp;{self._model_equation(W[:, p])}</td></tr>")
            html += ("<p><b>" + self.tr("Models") + "</b> — " + self.tr("points positive : negative, loss, z") +
                     "</p><table cellspacing='0' cellpadding='1'>" + "".join(lines) + "</table>")
            if dec.kind == "ovr":
                html += "<p style='color:#555'>" + self.tr(
                    "Each model sees every point, mostly as 'rest': the more classes, the more lopsided its two "
                    "sides.") + "</p>"
            elif dec.kind == "ovo":
                html += "<p style='color:#555'>" + self.tr(
                    "K(K−1)/2 models, each on two classes' points only: balanced, but many. Grey areas tie in the "
                    "vote.") + "</p>"
        self.info_label.set_text(html)
