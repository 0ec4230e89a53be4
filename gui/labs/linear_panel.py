"""The Linear Regression lab: gradient descent fitting a line, live, beside the exact answer."""

from __future__ import annotations

import math
import time
from pathlib import Path
from typing import Callable

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF, QSettings, Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)
from superqt import QLabeledDoubleSlider

from core.errors import ConfigError, DataError
from core.linreg import (
    MAX_ITERS,
    SEED_PRESET,
    GDConfig,
    LeastSquares,
    LinearGD,
    Points,
    least_squares,
    load_points_csv,
    loss_grid,
    make_points,
    stability,
    synthetic_points,
)
from gui.labs.descent_lab import DescentLab
from gui.settings import read, read_for
from gui.widgets.log_slider import LogSlider, format_number
from gui.widgets.plot_tools import decimate, fmt
from gui.widgets.plots import make_plot
from gui.widgets.points_view import PointsViewBox

SURFACE_GRID = 160
START_LIMIT = 1e12  # a restored starting point beyond this is not the user's
TEXT_INTERVAL_S = 0.08


class SurfaceViewBox(pg.ViewBox):
    """A click on the loss surface chooses the starting point (intercept, slope)."""

    start_chosen = Signal(float, float)

    def mouseClickEvent(self, ev) -> None:  # noqa: N802
        if ev.button() == Qt.MouseButton.LeftButton:
            ev.accept()
            p = self.mapSceneToView(ev.scenePos())
            self.start_chosen.emit(p.x(), p.y())
            return
        super().mouseClickEvent(ev)


class LinearRegressionPanel(DescentLab):
    """Gradient descent on J(θ0, θ1) = 1/(2m)·Σ(θ0 + θ1·x − y)², animated."""

    key = "linear"
    step_budget_s = 0.003  # steps are cheap here; the frame is mostly drawing

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._points: Points = SEED_PRESET.points()
        self._source = "seed"
        self._gd = LinearGD(self._points, SEED_PRESET.config)
        self._ols: LeastSquares = least_squares(self._points)
        self._stab = stability(self._points, self._gd.config)
        self._surface_dirty = True
        self._text_time = 0.0
        self._drawn_start: tuple[float, float] | None = None
        self._loss_range: tuple | None = None
        self._loss_range_user = False
        self._updating_controls = False
        self._build_ui()
        self._apply_preset_controls()
        self.tol_slider.setEnabled(False)
        self.retranslate_ui()
        self._on_data_replaced(reset=True)

    # ------------------------------------------------------------------ UI
    def _build_ui(self) -> None:
        # --- controls column
        self.data_group = QGroupBox(self)
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
        self.source_label = QLabel(self)
        self.source_label.setWordWrap(True)
        self.hint_label = QLabel(self)
        self.hint_label.setWordWrap(True)
        self.hint_label.setStyleSheet("color: #555;")
        data_form = QFormLayout()
        self.n_label, self.slope_label, self.intercept_label = QLabel(self), QLabel(self), QLabel(self)
        self.noise_label, self.seed_label = QLabel(self), QLabel(self)
        data_form.addRow(self.n_label, self.n_slider)
        data_form.addRow(self.slope_label, self.slope_slider)
        data_form.addRow(self.intercept_label, self.intercept_slider)
        data_form.addRow(self.noise_label, self.noise_slider)
        data_form.addRow(self.seed_label, self.seed_spin)
        data_buttons = QHBoxLayout()
        data_buttons.addWidget(self.preset_button)
        data_buttons.addWidget(self.import_button)
        data_box = QVBoxLayout(self.data_group)
        data_box.addLayout(data_form)
        data_box.addLayout(data_buttons)
        data_box.addWidget(self.source_label)
        data_box.addWidget(self.hint_label)

        self.descent_group = QGroupBox(self)
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
        self.lr_label, self.scale_label, self.iters_label = QLabel(self), QLabel(self), QLabel(self)
        self.start_title = QLabel(self)
        descent_form = QFormLayout(self.descent_group)
        descent_form.addRow(self.lr_label, self.lr_slider)
        descent_form.addRow(self.scale_label, self.scale_slider)
        descent_form.addRow(self.standardize_check)
        descent_form.addRow(self.iters_label, self.iters_spin)
        descent_form.addRow(self.tol_check, self.tol_slider)
        descent_form.addRow(self.start_title, self.start_label)

        # --- plots
        self.points_vb = PointsViewBox()
        self.data_plot = make_plot(viewBox=self.points_vb)
        self.data_plot.showGrid(x=True, y=True, alpha=0.2)
        self.scatter = pg.ScatterPlotItem(size=5, pen=None, brush=pg.mkBrush(31, 119, 180, 150))
        self.ols_line = pg.PlotDataItem(pen=pg.mkPen((90, 90, 90), width=1.5, style=Qt.PenStyle.DashLine))
        self.fit_line = pg.PlotDataItem(pen=pg.mkPen((214, 39, 40), width=2.5))
        self.data_plot.addItem(self.scatter)
        self.data_plot.addItem(self.ols_line)
        self.data_plot.addItem(self.fit_line, ignoreBounds=True)  # the view follows the data, not the line
        self.data_legend = self.data_plot.addLegend(offset=(10, 10), brush=pg.mkBrush(255, 255, 255, 230), pen=pg.mkPen(190, 190, 190))
        self.data_legend.addItem(self.fit_line, "")
        self.data_legend.addItem(self.ols_line, "")

        self.surface_vb = SurfaceViewBox()
        self.surface_plot = make_plot(viewBox=self.surface_vb)
        self.surface_image = pg.ImageItem()
        self.surface_image.setLookupTable(pg.colormap.get("viridis").getLookupTable(nPts=256))
        self.surface_vb.addItem(self.surface_image, ignoreBounds=True)
        self.surface_image.setZValue(-10)
        # PlotCurveItem, not PlotDataItem: these change every frame and need none of its extras
        self.path_item = pg.PlotCurveItem(pen=pg.mkPen((255, 255, 255), width=2), skipFiniteCheck=True)
        self.start_marker = pg.ScatterPlotItem(size=11, symbol="o", pen=pg.mkPen("w", width=2), brush=pg.mkBrush(255, 127, 14))
        self.ols_marker = pg.ScatterPlotItem(size=16, symbol="star", pen=pg.mkPen("k"), brush=pg.mkBrush(255, 255, 255))
        self.current_marker = pg.ScatterPlotItem(size=11, symbol="o", pen=pg.mkPen("w", width=1.5), brush=pg.mkBrush(214, 39, 40))
        self.current_marker.setData([0.0], [0.0])  # drawn at the origin, moved with setPos
        for item in (self.path_item, self.start_marker, self.ols_marker, self.current_marker):
            self.surface_plot.addItem(item)
        self.surface_vb.sigRangeChanged.connect(self._on_surface_vb_range_changed)

        self.loss_plot = make_plot()
        self.loss_plot.setLogMode(y=True)
        # no grid here: its lines are redrawn with the axes whenever the range grows (~20 ms)
        # curves take log10 values themselves: the axes are in log mode, the items are not
        self.loss_curve = pg.PlotCurveItem(pen=pg.mkPen((31, 119, 180), width=2), skipFiniteCheck=True)
        self.excess_curve = pg.PlotCurveItem(pen=pg.mkPen((255, 127, 14), width=2), skipFiniteCheck=True)
        self.jstar_line = pg.InfiniteLine(angle=0, pen=pg.mkPen((90, 90, 90), style=Qt.PenStyle.DashLine))
        self.cursor_line = pg.InfiniteLine(angle=90, pen=pg.mkPen((214, 39, 40), width=1))
        # bottom left: the curves start high on the left and fall to the right
        self.loss_legend = self.loss_plot.addLegend(offset=(10, -10), brush=pg.mkBrush(255, 255, 255, 230), pen=pg.mkPen(190, 190, 190))
        self.loss_plot.getViewBox().disableAutoRange()
        self.loss_plot.getViewBox().sigRangeChangedManually.connect(self._on_loss_vb_range_changed_manually)
        self.loss_plot.addItem(self.loss_curve)
        self.loss_plot.addItem(self.excess_curve)
        self.loss_plot.addItem(self.jstar_line, ignoreBounds=True)
        self.loss_plot.addItem(self.cursor_line, ignoreBounds=True)

        info = self._make_text_panes(equation_scale=1.5, info_lines=12)

        grid = QGridLayout()
        grid.addWidget(self.data_plot, 0, 0)
        grid.addWidget(self.surface_plot, 0, 1)
        grid.addWidget(self.loss_plot, 1, 0)
        grid.addWidget(info, 1, 1)
        grid.setRowStretch(0, 3)
        grid.setRowStretch(1, 2)

        self._assemble([self.data_group, self.descent_group], grid, speed=200.0)
        self._cache_static([self.data_plot, self.surface_plot, self.loss_plot], [self.scatter, self.surface_image])

        # --- wiring
        for w in (self.slope_slider, self.intercept_slider, self.noise_slider):
            w.valueChanged.connect(self._on_generator_changed)
        self.n_slider.value_changed.connect(self._on_generator_changed)
        self.seed_spin.valueChanged.connect(self._on_generator_changed)
        self.preset_button.clicked.connect(self.apply_seed_preset)
        self.lr_slider.value_changed.connect(self._on_config_changed)
        self.scale_slider.value_changed.connect(self._on_config_changed)
        self.standardize_check.toggled.connect(self._on_config_changed)
        self.iters_spin.valueChanged.connect(self._on_config_changed)
        self.tol_check.toggled.connect(self._on_config_changed)
        self.tol_slider.value_changed.connect(self._on_config_changed)
        self.points_vb.point_added.connect(self._on_points_vb_point_added)
        self.points_vb.point_moved.connect(self._on_points_vb_point_moved)
        self.points_vb.point_removed.connect(self._on_points_vb_point_removed)
        self.surface_vb.start_chosen.connect(self._on_surface_vb_start_chosen)
        self._wire_player()

    def retranslate_ui(self) -> None:
        self.data_group.setTitle(self.tr("Data"))
        self.n_label.setText(self.tr("Points"))
        self.slope_label.setText(self.tr("Slope"))
        self.intercept_label.setText(self.tr("Intercept"))
        self.noise_label.setText(self.tr("Noise (σ)"))
        self.seed_label.setText(self.tr("Random seed"))
        self.preset_button.setText(self.tr("Seed settings"))
        self.preset_button.setToolTip(
            self.tr("The tutorial's own loop: lr 5e-5, intercept rate ×10000, 3000 iterations from k = b = 1, "
                    "on dial-pointer-like data with x in 100–200")
        )
        self.import_button.setText(self.tr("Import CSV…"))
        self.import_button.setToolTip(self.tr("Load x,y points from a CSV file (a header row is allowed)"))
        self.hint_label.setText(
            self.tr("On the data plot: click to add a point, drag a point to move it, right-click a point to delete it. "
                    "On the loss surface: click to start the descent there.")
        )
        self.descent_group.setTitle(self.tr("Gradient descent"))
        self.lr_label.setText(self.tr("Learning rate α"))
        self.lr_slider.setToolTip(self.tr("Step size for the slope (log scale)"))
        self.scale_label.setText(self.tr("Intercept rate ×"))
        self.scale_slider.setToolTip(
            self.tr("The intercept's learning rate is α times this factor (the seed used 10000)")
        )
        self.standardize_check.setText(self.tr("Standardize x (descend on (x − mean)/std)"))
        self.standardize_check.setToolTip(
            self.tr("Makes the loss surface round, so one learning rate suits both parameters. "
                    "Coefficients are always reported in the original units.")
        )
        self.iters_label.setText(self.tr("Iteration cap"))
        self.tol_check.setText(self.tr("Tolerance"))
        self.tol_check.setToolTip(self.tr("Stop when the loss falls by less than this fraction in one iteration"))
        self.start_title.setText(self.tr("Start (b, k)"))
        self.data_plot.setTitle(self.tr("Data and the current line"))
        self.data_plot.setLabel("bottom", "x")
        self.data_plot.setLabel("left", "y")
        self.surface_plot.setTitle(self.tr("Loss surface J(θ0, θ1) and the path"))
        self.surface_plot.setToolTip(self.tr("Click to start the descent from that point; drag to pan, wheel to zoom"))
        self.surface_plot.setLabel("bottom", self.tr("intercept θ0 (b)"))
        self.surface_plot.setLabel("left", self.tr("slope θ1 (k)"))
        self.loss_plot.setTitle(self.tr("Loss per iteration (log scale)"))
        self.loss_plot.setLabel("bottom", self.tr("iteration"))
        self.loss_plot.setLabel("left", "J")
        self.data_legend.clear()
        self.data_legend.addItem(self.fit_line, self.tr("gradient descent"))
        self.data_legend.addItem(self.ols_line, self.tr("least squares (exact)"))
        self.loss_legend.clear()
        self.loss_legend.addItem(self.loss_curve, "J")
        self.loss_legend.addItem(self.excess_curve, self.tr("J − J* (distance to the exact loss)"))
        self._update_source_label()
        self._refresh_views()

    # ------------------------------------------------------------------ settings
    def save_settings(self, s: QSettings) -> None:
        s.beginGroup(self.key)
        s.setValue("n", int(self.n_slider.value()))
        s.setValue("slope", float(self.slope_slider.value()))
        s.setValue("intercept", float(self.intercept_slider.value()))
        s.setValue("noise", float(self.noise_slider.value()))
        s.setValue("seed", int(self.seed_spin.value()))
        s.setValue("source", self._source)
        s.setValue("csv_path", self._csv_path)
        cfg = self._gd.config
        s.setValue("lr", cfg.lr)
        s.setValue("lr_scale", cfg.intercept_lr_scale)
        s.setValue("standardize", cfg.standardize)
        s.setValue("max_iters", cfg.max_iters)
        s.setValue("tol_enabled", self.tol_check.isChecked())
        s.setValue("tol", float(self.tol_slider.value()))
        s.setValue("start_b", cfg.start[0])
        s.setValue("start_k", cfg.start[1])
        s.setValue("speed", float(self.player.speed.value()))
        s.endGroup()

    def restore_settings(self, s: QSettings) -> None:
        s.beginGroup(self.key)
        if not s.contains("lr"):
            s.endGroup()
            return
        self._updating_controls = True
        try:
            self.n_slider.set_value(read_for(s, "n", SEED_PRESET.n, self.n_slider))
            self.slope_slider.setValue(read_for(s, "slope", SEED_PRESET.slope, self.slope_slider))
            self.intercept_slider.setValue(read_for(s, "intercept", SEED_PRESET.intercept, self.intercept_slider))
            self.noise_slider.setValue(read_for(s, "noise", SEED_PRESET.noise, self.noise_slider))
            self.seed_spin.setValue(read_for(s, "seed", SEED_PRESET.seed, self.seed_spin))
            self.lr_slider.set_value(read_for(s, "lr", SEED_PRESET.config.lr, self.lr_slider))
            self.scale_slider.set_value(read_for(s, "lr_scale", SEED_PRESET.config.intercept_lr_scale,
                                                 self.scale_slider))
            self.standardize_check.setChecked(read(s, "standardize", False))
            self.iters_spin.setValue(read_for(s, "max_iters", SEED_PRESET.config.max_iters, self.iters_spin))
            self.tol_check.setChecked(read(s, "tol_enabled", False))
            self.tol_slider.set_value(read_for(s, "tol", 1e-12, self.tol_slider))
            self.player.speed.set_value(read_for(s, "speed", 200.0, self.player.speed))
            # a start like 1e300 overflows J on any data: such a value is not the user's
            start = (read(s, "start_b", 1.0, lo=-START_LIMIT, hi=START_LIMIT),
                     read(s, "start_k", 1.0, lo=-START_LIMIT, hi=START_LIMIT))
            source = read(s, "source", "seed", choices=("seed", "synthetic", "csv", "edited", "external"))
            csv_path = read(s, "csv_path", "")
        finally:
            self._updating_controls = False
            s.endGroup()
        try:
            self._gd.set_config(self._config_from_controls())
            self._gd.set_start(*start)
        except ConfigError:
            pass
        if source == "synthetic":
            self._regenerate()
        elif source == "csv" and csv_path and Path(csv_path).is_file():
            self.load_csv(csv_path)
        else:
            self._set_points(SEED_PRESET.points(), "seed", reset=True)

    # ------------------------------------------------------------------ data
    def points(self) -> Points:
        return self._points

    def receive(self, payload: object) -> bool:
        """(x, y) from another lab: the dial lab's needle pixels, as the seed fitted them."""
        x, y = payload  # type: ignore[misc]
        return self.set_points(x, y, source="external")

    def set_points(self, x: object, y: object, source: str = "external") -> bool:
        """The one entry point for outside data (a CSV, the dial lab's pointer pixels)."""
        try:
            points = make_points(x, y)
        except DataError as exc:
            self._show_error(exc)
            return False
        self._set_points(points, source, reset=True)
        return True

    def _set_points(self, points: Points, source: str, reset: bool, config: GDConfig | None = None) -> None:
        self._points = points
        self._source = source
        if reset:
            self._gd = LinearGD(points, config or self._gd.config)
        else:
            self._gd.set_points(points)
        self._on_data_replaced(reset=reset)

    def _on_data_replaced(self, reset: bool) -> None:
        self._ols = least_squares(self._points)
        self._stab = stability(self._points, self._gd.config)
        self.points_vb.set_points(self._points.x, self._points.y)
        self.scatter.setData(self._points.x, self._points.y)
        x0, x1 = float(self._points.x.min()), float(self._points.x.max())
        xs = np.array([x0 - 0.05 * (x1 - x0), x1 + 0.05 * (x1 - x0)])
        self.ols_line.setData(xs, self._ols.intercept + self._ols.slope * xs)
        self.ols_marker.setData([self._ols.intercept], [self._ols.slope])
        self.banner.clear_message()
        self._update_source_label()
        self._surface_dirty = True
        # new data moves the optimum: the surface follows it; the data plot re-fits only on
        # a new data set, never while a point is being dragged under the mouse
        self.surface_vb.enableAutoRange()
        if reset:
            self.data_plot.enableAutoRange()
        self._loss_range_user = False
        self._refresh_views()

    def apply_seed_preset(self) -> None:
        """The seed's settings and data of its scale (the 'Seed settings' button)."""
        self._apply_preset_controls()
        self._set_points(SEED_PRESET.points(), "seed", reset=True, config=SEED_PRESET.config)

    def _apply_preset_controls(self) -> None:
        self._updating_controls = True
        try:
            self.n_slider.set_value(SEED_PRESET.n)
            self.slope_slider.setValue(SEED_PRESET.slope)
            self.intercept_slider.setValue(SEED_PRESET.intercept)
            self.noise_slider.setValue(SEED_PRESET.noise)
            self.seed_spin.setValue(SEED_PRESET.seed)
            cfg = SEED_PRESET.config
            self.lr_slider.set_value(cfg.lr)
            self.scale_slider.set_value(cfg.intercept_lr_scale)
            self.standardize_check.setChecked(cfg.standardize)
            self.iters_spin.setValue(cfg.max_iters)
            self.tol_check.setChecked(False)
        finally:
            self._updating_controls = False

    @Slot()
    def _on_generator_changed(self, *_: object) -> None:
        if self._updating_controls:
            return
        self._regenerate()

    def _regenerate(self) -> None:
        try:
            points = synthetic_points(
                int(self.n_slider.value()),
                float(self.slope_slider.value()),
                float(self.intercept_slider.value()),
                float(self.noise_slider.value()),
                int(self.seed_spin.value()),
            )
        except DataError as exc:
            self._show_error(exc)
            return
        self._set_points(points, "synthetic", reset=False)

    def _edit_points(self, x: np.ndarray, y: np.ndarray) -> None:
        try:
            points = make_points(x, y)
        except DataError as exc:
            self._show_error(exc)
            self.points_vb.set_points(self._points.x, self._points.y)
            return
        self._set_points(points, "edited", reset=False)

    @Slot(float, float)
    def _on_points_vb_point_added(self, x: float, y: float) -> None:
        self._edit_points(np.append(self._points.x, x), np.append(self._points.y, y))

    @Slot(int, float, float)
    def _on_points_vb_point_moved(self, i: int, x: float, y: float) -> None:
        xs, ys = self._points.x.copy(), self._points.y.copy()
        xs[i], ys[i] = x, y
        self._edit_points(xs, ys)

    @Slot(int)
    def _on_points_vb_point_removed(self, i: int) -> None:
        self._edit_points(np.delete(self._points.x, i), np.delete(self._points.y, i))

    def _update_source_label(self) -> None:
        n = self._points.n
        texts = {
            "seed": self.tr("The seed's setting: {n} points like the dial pointer's pixels."),
            "synthetic": self.tr("Synthetic: {n} points."),
            "csv": self.tr("From {name}: {n} points."),
            "edited": self.tr("Edited by hand: {n} points."),
            "external": self.tr("Sent from another lab: {n} points."),
        }
        text = texts.get(self._source, texts["synthetic"])
        self.source_label.setText(text.format(n=n, name=Path(self._csv_path).name))

    # ------------------------------------------------------------------ descent settings
    def _config_from_controls(self) -> GDConfig:
        return GDConfig(
            lr=float(self.lr_slider.value()),
            intercept_lr_scale=float(self.scale_slider.value()),
            standardize=self.standardize_check.isChecked(),
            max_iters=int(self.iters_spin.value()),
            tol=float(self.tol_slider.value()) if self.tol_check.isChecked() else 0.0,
            start=self._gd.config.start,
        )

    @Slot()
    def _on_config_changed(self, *_: object) -> None:
        self.tol_slider.setEnabled(self.tol_check.isChecked())
        if self._updating_controls:
            return
        try:
            self._gd.set_config(self._config_from_controls())
        except ConfigError as exc:
            self._show_error(exc)
            return
        self._stab = stability(self._points, self._gd.config)
        self.banner.clear_message()
        self._refresh_views()

    @Slot(float, float)
    def _on_surface_vb_start_chosen(self, b: float, k: float) -> None:
        self._gd.set_start(b, k)
        self.banner.clear_message()
        self._refresh_views()

    # ------------------------------------------------------------------ player
    # ------------------------------------------------------------------ DescentLab hooks
    def _diverged_message(self) -> Callable[[], str]:
        lr, top = format_number(self._gd.config.lr), format_number(self._stab.max_stable_lr)
        return lambda: self.tr(
            "Diverged: the learning rate α = {lr} is too high for this data — the loss grew step after "
            "step. The largest stable rate here is {max} (2/λmax of J's Hessian). Lower α, then Play "
            "to go on from this point, or Reset."
        ).format(lr=lr, max=top)

    def _load_file(self, path: str) -> Points:
        return load_points_csv(path)

    def _accept_loaded(self, points: Points) -> bool:
        self._set_points(points, "csv", reset=True)
        return True

    def _import_dialog(self) -> tuple[str, str]:
        return self.tr("Import points"), self.tr("CSV files (*.csv *.txt);;All files (*)")

    def _on_run_reset(self) -> None:
        self._loss_range_user = False
        self.surface_vb.enableAutoRange()

    def start_demo(self, name: str = "") -> None:
        """Play the current run from its start (the screenshot command's demo)."""
        self._gd.reset()
        self.player.set_playing(True)

    # ------------------------------------------------------------------ messages
    # ------------------------------------------------------------------ drawing
    @Slot()
    def _on_loss_vb_range_changed_manually(self, *_: object) -> None:
        self._loss_range_user = True  # the user zoomed or panned: leave the range alone

    @Slot()
    def _on_surface_vb_range_changed(self, *_: object) -> None:
        self._surface_dirty = True
        QTimer.singleShot(0, self, self._draw_surface)  # cancelled if the lab is deleted first

    def _draw_surface(self) -> None:
        if not self._surface_dirty:
            return
        self._surface_dirty = False
        (b0, b1), (k0, k1) = self.surface_vb.viewRange()
        if not all(math.isfinite(v) for v in (b0, b1, k0, k1)) or b1 <= b0 or k1 <= k0:
            return
        bs = np.linspace(b0, b1, SURFACE_GRID)
        ks = np.linspace(k0, k1, SURFACE_GRID)
        with np.errstate(over="ignore", invalid="ignore"):
            j = loss_grid(self._points, bs, ks) - self._ols.loss
            span = float(np.nanmax(j)) if np.isfinite(j).any() else 1.0
            img = np.log10(np.maximum(j, 0) + max(span * 1e-7, 1e-12))
        img[~np.isfinite(img)] = np.nanmax(img[np.isfinite(img)]) if np.isfinite(img).any() else 0
        # banded colours read as contour lines without the cost of tracing them
        lo, hi = float(img.min()), float(img.max())
        if hi > lo:
            img = np.floor((img - lo) / (hi - lo) * 24) / 24
        self.surface_image.setImage(img, autoLevels=False, levels=(0, 1))
        db = (b1 - b0) / (SURFACE_GRID - 1)
        dk = (k1 - k0) / (SURFACE_GRID - 1)
        self.surface_image.setRect(QRectF(b0 - db / 2, k0 - dk / 2, b1 - b0 + db, k1 - k0 + dk))

    def _refresh_views(self, force_text: bool = False) -> None:
        """Draw the state at the cursor: one animation frame."""
        gd = self._gd
        b, k, losses = gd.history()
        n = b.shape[0]
        idx = decimate(n)
        # the data plot: the current line across the data's x range
        x0, x1 = float(self._points.x.min()), float(self._points.x.max())
        pad = 0.05 * (x1 - x0)
        xs = np.array([x0 - pad, x1 + pad])
        if math.isfinite(gd.slope) and math.isfinite(gd.intercept):
            self.fit_line.setData(xs, gd.intercept + gd.slope * xs)
        # the surface: path, start and current point (the optimum moves only with the data)
        self.path_item.setData(b[idx], k[idx])
        if (b[0], k[0]) != self._drawn_start:
            self._drawn_start = (b[0], k[0])
            self.start_marker.setData([b[0]], [k[0]])
        self.current_marker.setPos(gd.intercept, gd.slope)
        # the loss curves, as log10 for the log axis (only positive values)
        it = np.arange(n, dtype=np.float64) if isinstance(idx, slice) else idx.astype(np.float64)
        lv = losses[idx]
        ok = lv > 0
        self.loss_curve.setData(it[ok], np.log10(lv[ok]))
        excess = lv - self._ols.loss
        ok_excess = excess > 0
        self.excess_curve.setData(it[ok_excess], np.log10(excess[ok_excess]))
        if self._ols.loss > 0:
            self.jstar_line.setPos(math.log10(self._ols.loss))
            self.jstar_line.show()
        else:
            self.jstar_line.hide()
        self.cursor_line.setPos(gd.iteration)
        self._range_loss_plot(n, lv[ok], excess[ok_excess])
        self.player.show_position(gd.iteration, gd.history_length - 1)
        # numbers are read, not watched: while playing, refresh them ~12 times a second
        now = time.perf_counter()
        if force_text or not self.player.is_playing() or now - self._text_time > TEXT_INTERVAL_S \
                or gd.stop_reason is not None:
            self._text_time = now
            self._update_text()
        if self._surface_dirty:
            self._draw_surface()

    def _range_loss_plot(self, n: int, losses: np.ndarray, excess: np.ndarray) -> None:
        """Grow the loss plot's range in big steps (x: ×1.5, y: decades) instead of every
        frame, so its axes are not redrawn in each animation frame."""
        if self._loss_range_user:
            return
        values = np.concatenate([losses, excess])
        if values.size == 0:
            return
        # the lower edge moves in steps of 3 decades: J − J* falls by a decade every few frames
        y0 = 3 * math.floor(math.log10(float(values.min())) / 3)
        y1 = math.ceil(math.log10(float(values.max())))
        if y1 <= y0:
            y1 = y0 + 1
        x1 = self._loss_range[1] if self._loss_range else 0
        if n - 1 > x1 or x1 > 4 * max(n, 10):
            x1 = max(10, int((n - 1) * 1.5))
        wanted = (0, x1, y0, y1)
        if wanted != self._loss_range:
            self._loss_range = wanted
            self.loss_plot.getViewBox().setRange(xRange=(0, x1), yRange=(y0, y1), padding=0.02)

    def _update_text(self) -> None:
        gd, ols, st = self._gd, self._ols, self._stab
        sign = "+" if gd.slope >= 0 else "−"
        self.equation_label.set_text(
            self.tr("h(x) = {b} {sign} {k}·x    <span style='color:#666'>(exact: {ob} {osign} {ok}·x)</span>").format(
                b=fmt(gd.intercept), sign=sign, k=fmt(abs(gd.slope)), ob=fmt(ols.intercept),
                osign="+" if ols.slope >= 0 else "−", ok=fmt(abs(ols.slope)),
            )
        )
        self.start_label.setText(f"({fmt(gd.config.start[0], 4)}, {fmt(gd.config.start[1], 4)})")
        dist = math.hypot(gd.intercept - ols.intercept, gd.slope - ols.slope)
        rows = [
            (self.tr("Iteration"), f"{gd.iteration:,} / {gd.config.max_iters:,}"),
            (self.tr("Loss J"), fmt(gd.loss, 8)),
            (self.tr("Slope k, intercept b"), f"{fmt(gd.slope)}, {fmt(gd.intercept)}"),
        ]
        if gd.config.standardize:
            c0, c1 = gd.internal_theta
            rows.append((self.tr("In standardized x"), f"θ1′ = {fmt(c1)}, θ0′ = {fmt(c0)}"))
        rows += [
            (self.tr("Least squares (exact)"), f"k = {fmt(ols.slope)}, b = {fmt(ols.intercept)}"),
            ("R²", fmt(ols.r2, 6)),
            (self.tr("Distance ‖θ − θ*‖"), fmt(dist, 4)),
            (self.tr("J − J*"), fmt(gd.loss - ols.loss, 4)),
            (self.tr("Largest stable α"), fmt(st.max_stable_lr, 4)),
            (self.tr("Condition number κ"), fmt(st.condition, 4)),
        ]
        lr_eff_min = gd.config.lr * st.lambda_min
        if 0 < lr_eff_min < 1 and gd.config.lr < st.max_stable_lr:
            tenfold = math.log(10) / -math.log1p(-min(lr_eff_min, 1 - 1e-16))
            rows.append((self.tr("Iterations per 10× closer (slowest direction)"), f"≈ {fmt(tenfold, 3)}"))
        html = "<table cellspacing='0' cellpadding='2'>" + "".join(
            f"<tr><td style='color:#555'>{name}</td><td>&nbsp;&nbsp;<b>{value}</b></td></tr>" for name, value in rows
        ) + "</table>"
        if gd.config.lr >= st.max_stable_lr:
            html += "<p style='color:#a01010'>" + self.tr("α is above the largest stable rate: this run will diverge.") + "</p>"
        elif st.condition > 1000:
            html += "<p style='color:#555'>" + self.tr(
                "The surface is a long narrow valley (κ = {kappa}): the step that is safe across it is tiny along it. "
                "Standardize x, or give the intercept its own larger rate as the seed did."
            ).format(kappa=fmt(st.condition, 3)) + "</p>"
        self.info_label.set_text(html)
