"""The Concepts lab's activations page: g(x) and g'(x) side by side, where gradients vanish, a cursor.

Every curve is recomputed from core.concepts on each change (about a thousand points: instant).
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from pyqtgraph.graphicsItems.LegendItem import ItemSample
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from core.concepts import (
    ACTIVATIONS,
    LEAKY_SLOPE,
    activation,
    derivative,
    saturated_ranges,
)
from gui.labs.concepts.state import ConceptsState
from gui.labs.concepts_common import CheckedDoubleSpinBox, EntryReporter
from gui.widgets.banner import MessageBanner
from gui.widgets.control_column import ControlColumn
from gui.widgets.log_slider import LogSlider, format_number
from gui.widgets.plots import make_plot

# One colour per function, the same in both plots.
FUNCTION_COLORS = {
    "sigmoid": (31, 119, 180),
    "tanh": (255, 127, 14),
    "relu": (44, 160, 44),
    "leaky_relu": (214, 39, 40),
    "gelu": (148, 103, 189),
}
DEFAULT_SHOWN = ("sigmoid", "tanh", "relu")  # the seed's three
DEFAULT_FOCUS = "sigmoid"
DEFAULT_RANGE = 6.0
DEFAULT_EPS = 1e-2
DEFAULT_CURSOR = 1.5
POINTS = 1001  # samples per curve
REGION_SAMPLES = 2001  # samples saturated_ranges looks at
REGION_POOL = 4  # shaded regions built up front (each function has at most two)
SHADE = (110, 110, 110, 45)
IDENTITY_PEN = pg.mkPen((20, 20, 20), width=2, style=Qt.PenStyle.DashLine)
LEGEND_ROW = 4  # PlotItem's grid: 0 title, 1 top axis, 2 data, 3 bottom axis; 4 is free


class _StillSample(ItemSample):
    """A legend sample that does not hide its curve when clicked (the check boxes say what is shown)."""

    def mouseClickEvent(self, event) -> None:  # noqa: N802 (pyqtgraph's name)
        event.ignore()


class RowLegend(pg.LegendItem):
    """A one-row legend in its own row of the plot, under the x axis: it never covers the data.

    pyqtgraph's legend floats over the view box, where it hid the curves' corner; this one is a
    cell of the PlotItem's layout and takes the height of its row (none when it is empty)."""

    def __init__(self, plot: pg.PlotItem) -> None:
        super().__init__(colCount=len(ACTIVATIONS), sampleType=_StillSample, brush=pg.mkBrush(255, 255, 255, 0),
                         pen=pg.mkPen(None), verSpacing=0, horSpacing=6)
        self.layout.setContentsMargins(4, 0, 4, 0)
        self.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)  # packed to the left
        plot.layout.addItem(self, LEGEND_ROW, 1)
        plot.layout.setAlignment(self, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.updateSize()

    def updateSize(self) -> None:  # noqa: N802 (pyqtgraph's name)
        """Ask the plot's layout for room, instead of setting a geometry of its own."""
        width = height = 0.0
        for row in range(self.layout.rowCount()):
            row_width = row_height = 0.0
            for col in range(self.layout.columnCount()):
                item = self.layout.itemAt(row, col)
                if item is not None:
                    hint = item.effectiveSizeHint(Qt.SizeHint.PreferredSize)
                    row_width += hint.width() + self.layout.horizontalSpacing()
                    row_height = max(row_height, hint.height())
            width, height = max(width, row_width), height + row_height
        if not self.items:
            width = height = 0.0
        self.setMinimumSize(0, height)
        self.setPreferredSize(width, height)
        self.setMaximumHeight(height)
        self.updateGeometry()

    def mouseDragEvent(self, event) -> None:  # noqa: N802 (pyqtgraph's name)
        event.ignore()  # it has its place in the layout


class ActivationsPage(QWidget):
    """Activation functions, their derivatives and their saturated (vanishing-gradient) regions."""

    state_changed = Signal()  # the user changed a choice the lab's state holds

    @staticmethod
    def tab_title() -> str:
        """The tab's name."""
        return QCoreApplication.translate("ActivationsPage", "Activations")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._x = np.linspace(-DEFAULT_RANGE, DEFAULT_RANGE, POINTS)
        self._focus = DEFAULT_FOCUS
        self._ranges: list[tuple[float, float]] = []
        self._build_ui()
        self.retranslate_ui()

    # ------------------------------------------------------------------ UI
    def _build_ui(self) -> None:
        self.functions_group = QGroupBox(self)
        self.function_checks: dict[str, QCheckBox] = {}
        fcol = QVBoxLayout(self.functions_group)
        for key in ACTIVATIONS:
            check = QCheckBox(self)
            check.setChecked(key in DEFAULT_SHOWN)
            r, g, b = FUNCTION_COLORS[key]
            check.setStyleSheet(f"QCheckBox {{ color: rgb({r}, {g}, {b}); font-weight: bold; }}")
            self.function_checks[key] = check
            fcol.addWidget(check)

        self.view_group = QGroupBox(self)
        self.focus_combo = QComboBox(self)
        for key in ACTIVATIONS:
            self.focus_combo.addItem("", key)
        self.focus_combo.setCurrentIndex(self.focus_combo.findData(DEFAULT_FOCUS))
        self.range_spin = CheckedDoubleSpinBox(self)
        self.range_spin.setRange(1.0, 50.0)
        self.range_spin.setDecimals(1)
        self.range_spin.setSingleStep(1.0)
        self.range_spin.setValue(DEFAULT_RANGE)
        self.range_spin.setPrefix("± ")
        self.eps_slider = LogSlider(1e-4, 0.5, DEFAULT_EPS, self)
        self.focus_label, self.range_label, self.eps_label = QLabel(self), QLabel(self), QLabel(self)
        form = QFormLayout(self.view_group)
        form.addRow(self.focus_label, self.focus_combo)
        form.addRow(self.range_label, self.range_spin)
        form.addRow(self.eps_label, self.eps_slider)

        self.cursor_group = QGroupBox(self)
        self.readout_label = QLabel(self)
        self.readout_label.setTextFormat(Qt.TextFormat.PlainText)
        self.readout_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.readout_label.setWordWrap(True)
        self.cursor_hint = QLabel(self)
        self.cursor_hint.setWordWrap(True)
        self.cursor_hint.setStyleSheet("color: #555;")
        ccol = QVBoxLayout(self.cursor_group)
        ccol.addWidget(self.readout_label)
        ccol.addWidget(self.cursor_hint)

        controls = QWidget(self)
        col = QVBoxLayout(controls)
        col.setContentsMargins(0, 0, 0, 0)
        for group in (self.functions_group, self.view_group, self.cursor_group):
            col.addWidget(group)
        col.addStretch(1)
        self.column = ControlColumn(controls, self, minimum_width=260)

        # --- the plots: g on top, g' below, sharing x
        self.value_plot = make_plot()
        self.derivative_plot = make_plot()
        self.derivative_plot.setXLink(self.value_plot)
        for plot in (self.value_plot, self.derivative_plot):
            plot.setMouseEnabled(x=False, y=False)  # the range box sets x; a click moves the cursor
            plot.hideButtons()
            plot.setMenuEnabled(False)
            plot.showGrid(x=True, y=True, alpha=0.15)
            plot.setMinimumHeight(160)
            plot.getAxis("left").setWidth(52)  # equal axes keep the two plots' x positions aligned
        self.value_legend = RowLegend(self.value_plot.getPlotItem())
        self.derivative_legend = RowLegend(self.derivative_plot.getPlotItem())
        self.value_curves: dict[str, pg.PlotDataItem] = {}
        self.derivative_curves: dict[str, pg.PlotDataItem] = {}
        for key in ACTIVATIONS:
            self.value_curves[key] = pg.PlotDataItem(pen=pg.mkPen(FUNCTION_COLORS[key], width=2))
            self.derivative_curves[key] = pg.PlotDataItem(pen=pg.mkPen(FUNCTION_COLORS[key], width=2))
            self.value_plot.addItem(self.value_curves[key])
            self.derivative_plot.addItem(self.derivative_curves[key])
        self.identity_curve = pg.PlotDataItem(pen=IDENTITY_PEN)
        self.identity_curve.setZValue(5)
        self.derivative_plot.addItem(self.identity_curve)
        self.eps_line = pg.InfiniteLine(angle=0, pen=pg.mkPen((110, 110, 110), style=Qt.PenStyle.DotLine))
        self.derivative_plot.addItem(self.eps_line, ignoreBounds=True)

        self.value_regions: list[pg.LinearRegionItem] = []
        self.derivative_regions: list[pg.LinearRegionItem] = []
        self.region_texts: list[pg.TextItem] = []
        for _ in range(REGION_POOL):
            self._add_region()

        cursor_pen = pg.mkPen((40, 40, 40), width=1.5)
        hover_pen = pg.mkPen((214, 39, 40), width=2.5)
        self.value_cursor = pg.InfiniteLine(pos=DEFAULT_CURSOR, angle=90, movable=True, pen=cursor_pen,
                                            hoverPen=hover_pen)
        self.derivative_cursor = pg.InfiniteLine(pos=DEFAULT_CURSOR, angle=90, movable=True, pen=cursor_pen,
                                                 hoverPen=hover_pen)
        self.value_plot.addItem(self.value_cursor, ignoreBounds=True)
        self.derivative_plot.addItem(self.derivative_cursor, ignoreBounds=True)
        self.value_markers = pg.ScatterPlotItem(size=8, pen=pg.mkPen(255, 255, 255))
        self.derivative_markers = pg.ScatterPlotItem(size=8, pen=pg.mkPen(255, 255, 255))
        for plot, markers in ((self.value_plot, self.value_markers), (self.derivative_plot, self.derivative_markers)):
            markers.setZValue(10)
            plot.addItem(markers, ignoreBounds=True)

        self.saturation_label = QLabel(self)
        self.saturation_label.setWordWrap(True)
        r, g, b, _ = SHADE
        self.saturation_label.setStyleSheet(
            f"QLabel {{ background: rgba({r}, {g}, {b}, 40); padding: 6px; border-radius: 4px; }}")
        self.saturation_label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)

        self.banner = MessageBanner(self)
        self.entries = EntryReporter(self.banner, self)
        self.entries.watch(self.range_spin, self.range_label.text)
        self.entries.watch(self.eps_slider, self.eps_label.text)

        right = QVBoxLayout()
        right.addWidget(self.banner)
        right.addWidget(self.value_plot, 1)
        right.addWidget(self.derivative_plot, 1)
        right.addWidget(self.saturation_label)
        top = QHBoxLayout(self)
        top.addWidget(self.column)
        top.addLayout(right, 1)

        for check in self.function_checks.values():
            check.toggled.connect(self._on_function_check_toggled)
        self.focus_combo.currentIndexChanged.connect(self._on_focus_combo_changed)
        self.range_spin.valueChanged.connect(self._on_range_spin_changed)
        self.eps_slider.value_changed.connect(self._on_eps_slider_changed)
        self.value_cursor.sigPositionChanged.connect(self._on_value_cursor_moved)
        self.derivative_cursor.sigPositionChanged.connect(self._on_derivative_cursor_moved)
        for check in self.function_checks.values():
            check.toggled.connect(self.state_changed)
        self.focus_combo.currentIndexChanged.connect(self.state_changed)
        self.range_spin.valueChanged.connect(self.state_changed)
        self.eps_slider.value_changed.connect(self.state_changed)
        self.value_cursor.sigPositionChanged.connect(self.state_changed)
        self.derivative_cursor.sigPositionChanged.connect(self.state_changed)
        self.value_plot.scene().sigMouseClicked.connect(self._on_value_scene_clicked)
        self.derivative_plot.scene().sigMouseClicked.connect(self._on_derivative_scene_clicked)
        self._apply_range()

    def _add_region(self) -> None:
        """One more pair of shaded regions (value and derivative plot) and its label."""
        for plot, pool in ((self.value_plot, self.value_regions), (self.derivative_plot, self.derivative_regions)):
            region = pg.LinearRegionItem(movable=False, brush=pg.mkBrush(*SHADE), pen=pg.mkPen(None))
            region.setZValue(-10)
            region.hide()
            plot.addItem(region, ignoreBounds=True)
            pool.append(region)
        text = pg.TextItem(anchor=(0.5, 0.5), color=(70, 70, 70))
        text.hide()
        self.derivative_plot.addItem(text, ignoreBounds=True)
        self.region_texts.append(text)

    def function_name(self, key: str) -> str:
        """The display name of one of ACTIVATIONS."""
        names = {
            "sigmoid": self.tr("Sigmoid"),
            "tanh": self.tr("Tanh"),
            "relu": self.tr("ReLU"),
            "leaky_relu": self.tr("Leaky ReLU"),
            "gelu": self.tr("GELU"),
        }
        return names[key]

    def retranslate_ui(self) -> None:
        """Set every visible text in the current language."""
        self.functions_group.setTitle(self.tr("Functions shown"))
        for key, check in self.function_checks.items():
            check.setText(self.function_name(key))
        for i in range(self.focus_combo.count()):
            self.focus_combo.setItemText(i, self.function_name(self.focus_combo.itemData(i)))
        self.function_checks["leaky_relu"].setToolTip(
            self.tr("g(x) = x for x > 0, {slope}·x otherwise").format(slope=LEAKY_SLOPE))
        self.function_checks["gelu"].setToolTip(self.tr("g(x) = x·Φ(x), Φ the standard normal distribution"))
        self.view_group.setTitle(self.tr("View"))
        self.focus_label.setText(self.tr("Focus on"))
        self.focus_combo.setToolTip(self.tr("The function whose saturated regions are shaded"))
        self.range_label.setText(self.tr("x range"))
        self.eps_label.setText(self.tr("Threshold ε"))
        self.eps_slider.setToolTip(self.tr("Shade where |g′(x)| < ε: there the gradient all but vanishes"))
        self.cursor_group.setTitle(self.tr("At the cursor"))
        self.cursor_hint.setText(self.tr("Drag the vertical line, or click in a plot to move it."))
        self.value_plot.setTitle(self.tr("Activation g(x)"))
        self.derivative_plot.setTitle(self.tr("Derivative g′(x)"))
        self.value_plot.setLabel("left", self.tr("g(x)"))
        self.derivative_plot.setLabel("left", self.tr("g′(x)"))
        self.derivative_plot.setLabel("bottom", self.tr("x"))
        for cursor in (self.value_cursor, self.derivative_cursor):
            cursor.setToolTip(self.tr("Drag to read g and g′ at another x"))
        self._refresh()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    # ------------------------------------------------------------------ state
    def shown_functions(self) -> list[str]:
        """The checked functions, in ACTIVATIONS order."""
        return [key for key in ACTIVATIONS if self.function_checks[key].isChecked()]

    def focus(self) -> str:
        """The function whose saturation and derivative identity are shown."""
        return self._focus

    def set_focus(self, key: str) -> None:
        """Focus on one of ACTIVATIONS (it is shown too)."""
        index = self.focus_combo.findData(key)
        if index >= 0:
            self.focus_combo.setCurrentIndex(index)

    def cursor_x(self) -> float:
        """Where the cursor stands."""
        return float(self.value_cursor.value())

    def set_cursor(self, x: float) -> None:
        """Move the cursor (clamped to the x range) and update the readout."""
        half = self.range_spin.value()
        self.value_cursor.setValue(min(max(float(x), -half), half))

    def entry_message(self) -> str:
        """Why a number box refused what was typed ("" when it did not)."""
        return self.entries.message()

    def saturated_intervals(self) -> list[tuple[float, float]]:
        """The intervals shaded now (the focused function's |g′| < ε)."""
        return list(self._ranges)

    # ------------------------------------------------------------------ drawing
    def _apply_range(self) -> None:
        half = self.range_spin.value()
        self._x = np.linspace(-half, half, POINTS)
        for cursor in (self.value_cursor, self.derivative_cursor):
            cursor.setBounds((-half, half))
        self.value_plot.setXRange(-half, half, padding=0.02)
        if abs(self.cursor_x()) > half:
            self.set_cursor(self.cursor_x())

    def _refresh(self) -> None:
        """Recompute every curve, the shaded regions, the identity overlay and the readout."""
        x = self._x
        shown = set(self.shown_functions())
        self.value_legend.clear()
        for key in ACTIVATIONS:
            visible = key in shown
            width = 3.2 if key == self._focus else 2.0
            for curves, fn in ((self.value_curves, activation), (self.derivative_curves, derivative)):
                item = curves[key]
                item.setVisible(visible)
                item.setPen(pg.mkPen(FUNCTION_COLORS[key], width=width))
                if visible:
                    item.setData(x, fn(key, x))
                else:
                    item.setData([], [])
            if visible:
                self.value_legend.addItem(self.value_curves[key], self.function_name(key))

        # the seed's identities: σ' = σ(1 − σ), tanh' = 1 − tanh²; drawn from g alone
        self.derivative_legend.clear()
        if self._focus in ("sigmoid", "tanh"):
            y = activation(self._focus, x)
            if self._focus == "sigmoid":
                self.identity_curve.setData(x, y * (1.0 - y))
                text = self.tr("y(1 − y), y = σ(x): the same curve")
            else:
                self.identity_curve.setData(x, 1.0 - y * y)
                text = self.tr("1 − y², y = tanh(x): the same curve")
            self.identity_curve.show()
            self.derivative_legend.addItem(self.identity_curve, text)
        else:
            self.identity_curve.setData([], [])
            self.identity_curve.hide()
        self.derivative_legend.setVisible(self.identity_curve.isVisible())
        self._draw_regions()
        self._update_readout()

    def _draw_regions(self) -> None:
        eps = self.eps_slider.value()
        half = self.range_spin.value()
        self._ranges = saturated_ranges(self._focus, -half, half, n=REGION_SAMPLES, eps=eps)
        while len(self.value_regions) < len(self._ranges):
            self._add_region()
        self.eps_line.setValue(eps)
        d = derivative(self._focus, self._x)
        mid = 0.5 * float(np.nanmax(d)) if np.isfinite(d).any() else 0.5
        eps_text = format_number(eps)
        for i, (vr, dr, txt) in enumerate(zip(self.value_regions, self.derivative_regions, self.region_texts)):
            if i < len(self._ranges):
                a, b = self._ranges[i]
                vr.setRegion((a, b))
                dr.setRegion((a, b))
                txt.setText("g′ = 0" if self._focus == "relu" else f"|g′| < {eps_text}")
                txt.setPos(0.5 * (a + b), mid)
                for item in (vr, dr, txt):
                    item.show()
            else:
                for item in (vr, dr, txt):
                    item.hide()
        self.saturation_label.setText(self._saturation_text())

    def _saturation_text(self) -> str:
        eps = format_number(self.eps_slider.value())
        name = self.function_name(self._focus)
        if self._focus == "relu" and self._ranges:
            return self.tr("Shaded, x ≤ 0: ReLU′ = 0 there. A dead unit, one whose input stays negative, "
                           "passes no gradient back and stops learning.")
        if self._focus == "leaky_relu":
            if self._ranges:
                return self.tr("Shaded, x ≤ 0: Leaky ReLU′ = {slope} is below ε = {eps}, yet never 0, "
                               "so a unit there still learns, slowly.").format(slope=LEAKY_SLOPE, eps=eps)
            return self.tr("Leaky ReLU′ = {slope} for x ≤ 0 is not below ε = {eps}: the small slope keeps "
                           "every unit learning (no dead units).").format(slope=LEAKY_SLOPE, eps=eps)
        if not self._ranges:
            return self.tr("Nowhere in this range is |g′| below ε = {eps}: {name} passes gradients "
                           "everywhere here.").format(eps=eps, name=name)
        spans = " ∪ ".join(f"[{a:.2f}, {b:.2f}]" for a, b in self._ranges)
        return self.tr("Shaded, x ∈ {spans}: here |g′| < {eps} for {name}, so gradients vanish (saturation) "
                       "and a unit driven this far learns almost nothing.").format(spans=spans, eps=eps, name=name)

    def _update_readout(self) -> None:
        x = self.cursor_x()
        xs, gs, ds = [], [], []
        lines = [self.tr("x = {x}").format(x=f"{x:.2f}")]
        for key in self.shown_functions():
            g = float(activation(key, x))
            d = float(derivative(key, x))
            xs.append(x)
            gs.append(g)
            ds.append(d)
            lines.append(self.tr("{name}: g = {g}, g′ = {d}").format(
                name=self.function_name(key), g=f"{g:.4f}", d=f"{d:.4f}"))
        self.readout_label.setText("\n".join(lines))
        brushes = [pg.mkBrush(FUNCTION_COLORS[key]) for key in self.shown_functions()]
        self.value_markers.setData(xs, gs, brush=brushes)
        self.derivative_markers.setData(xs, ds, brush=brushes)

    # ------------------------------------------------------------------ slots
    @Slot(bool)
    def _on_function_check_toggled(self, checked: bool) -> None:
        if not self.shown_functions():  # keep at least one function on screen
            sender = self.sender()
            if isinstance(sender, QCheckBox):
                sender.blockSignals(True)
                sender.setChecked(True)
                sender.blockSignals(False)
            return
        if not self.function_checks[self._focus].isChecked():
            self.set_focus(self.shown_functions()[0])  # refreshes
            return
        self._refresh()

    @Slot(int)
    def _on_focus_combo_changed(self, index: int) -> None:
        key = self.focus_combo.itemData(index)
        if key not in ACTIVATIONS:
            return
        self._focus = key
        check = self.function_checks[key]
        if not check.isChecked():
            check.blockSignals(True)
            check.setChecked(True)
            check.blockSignals(False)
        self._refresh()

    @Slot(float)
    def _on_range_spin_changed(self, value: float) -> None:
        self._apply_range()
        self._refresh()

    @Slot(float)
    def _on_eps_slider_changed(self, value: float) -> None:
        self._draw_regions()

    @Slot(object)
    def _on_value_cursor_moved(self, line: pg.InfiniteLine) -> None:
        self._sync_cursor(self.derivative_cursor, line.value())

    @Slot(object)
    def _on_derivative_cursor_moved(self, line: pg.InfiniteLine) -> None:
        self._sync_cursor(self.value_cursor, line.value())

    def _sync_cursor(self, other: pg.InfiniteLine, x: float) -> None:
        if other.value() != x:
            other.blockSignals(True)
            other.setValue(x)
            other.blockSignals(False)
        self._update_readout()

    @Slot(object)
    def _on_value_scene_clicked(self, event) -> None:
        self._click_to_cursor(self.value_plot, event)

    @Slot(object)
    def _on_derivative_scene_clicked(self, event) -> None:
        self._click_to_cursor(self.derivative_plot, event)

    def _click_to_cursor(self, plot: pg.PlotWidget, event) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            return
        vb = plot.getViewBox()
        pos = event.scenePos()
        if vb.sceneBoundingRect().contains(pos):
            self.set_cursor(vb.mapSceneToView(pos).x())

    # ------------------------------------------------------------------ state
    def state_fields(self) -> dict[str, Any]:
        """The page's fields of ConceptsState, as shown now."""
        shown = set(self.shown_functions())
        out: dict[str, Any] = {f"activations_{key}": key in shown for key in ACTIVATIONS}
        out.update(activations_focus=self._focus, activations_range=float(self.range_spin.value()),
                   activations_eps=float(self.eps_slider.value()), activations_cursor=self.cursor_x())
        return out

    def apply_state(self, state: ConceptsState) -> None:
        """Show the page's part of a checked state, without a signal per control."""
        shown = state.shown_functions()
        focus = state.activations_focus
        for key, check in self.function_checks.items():
            check.blockSignals(True)
            check.setChecked(key in shown or key == focus)
            check.blockSignals(False)
        self.focus_combo.blockSignals(True)
        self.focus_combo.setCurrentIndex(self.focus_combo.findData(focus))
        self.focus_combo.blockSignals(False)
        self._focus = focus
        self.range_spin.blockSignals(True)
        self.range_spin.setValue(state.activations_range)
        self.range_spin.blockSignals(False)
        self.eps_slider.blockSignals(True)
        self.eps_slider.set_value(state.activations_eps)
        self.eps_slider.blockSignals(False)
        self._apply_range()
        self.set_cursor(state.activations_cursor)
        self._refresh()
