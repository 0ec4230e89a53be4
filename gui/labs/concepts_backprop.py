"""Concepts lab, backpropagation from scratch: the seed's two-layer network in numpy, live.

The run is a core.backprop.BackpropRun (a core.descent run: a history with a cursor) driven
by the descent labs' player (gui/widgets/player.py): play/pause (Space), step (.), step back
(,), reset (Ctrl+R), a timeline and the speed. Full-batch steps run on the GUI thread, each
frame spending a bounded slice (about 5 ms); the decision regions, loss and accuracy of the
state at the cursor are redrawn with setData. The gradient check (finite differences and
torch autograd) runs on a worker.
"""

from __future__ import annotations

import html
import math
import time
from dataclasses import dataclass
from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, QEvent, QRectF, Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from core.backprop import (
    ACTIVATIONS,
    MAX_HIDDEN,
    PRESETS,
    BackpropConfig,
    BackpropRun,
    Divergence,
    TwoLayerNet,
    evaluate_grid,
    gradcheck_autograd,
    gradcheck_fd,
    linear_baseline,
    PointChain,
    make_preset,
    point_chain,
    thin_rows,
)
from core.descent import StopReason
from core.contour import zero_segments
from core.datasets2d import Labeled
from core.errors import LabError
from gui.extras import has_torch, missing_nn_sentence
from gui.labs.concepts.state import HISTORY_ROWS, ConceptsState
from gui.labs.concepts_common import (
    CheckedDoubleSpinBox,
    CheckedSpinBox,
    EntryReporter,
)
from gui.messages import describe_error, describe_stop
from gui.state import Table
from gui.tasks import TaskRunner
from gui.widgets.banner import MessageBanner
from gui.widgets.control_column import ControlColumn
from gui.widgets.formula import Formula, FormulaPane, formula_number
from gui.widgets.log_slider import LogSlider, format_number
from gui.widgets.player import PlayerBar
from gui.widgets.plot_tools import decimate
from gui.widgets.plots import make_plot
from gui.widgets.text_pane import TextPane

BUDGET_S = 0.005  # of gradient steps per frame: the rest of the frame is drawing
SPEED = 2000.0  # steps per second the player asks for at first
TIMELINE_MAX = 2**31 - 1  # a QSlider's range: beyond it the timeline counts from the run's start
GRID = 90  # decision-region resolution per side (the boundary is drawn from it, sub-cell)
CURVES_EVERY_S = 0.1  # the loss and accuracy plots redraw their axes: ten times a second is enough
HISTORY = HISTORY_ROWS  # loss/accuracy rows a state keeps for the curves (thinned evenly)
CLASS_COLORS = ((31, 119, 180), (255, 127, 14))
# the regions' tints: each class's colour mixed with white, blended by P(class 2)
REGION_TINTS = np.array([[255 - 0.35 * (255 - c) for c in color] for color in CLASS_COLORS])
FD_GOOD, AUTOGRAD_GOOD = 1e-5, 1e-9
FORMULA_INTERVAL_S = 0.25  # the chain's numbers while playing: 4 times a second
VECTOR_SHOWN = 4  # entries of a hidden-layer vector written out (H may be 256)

# the chain rule through softmax for one point, in the backward pass's own order and its
# row-vector convention (the seed's: h = xW₁ + b₁). Symbols only: the words are captions.
CHAIN_FORMULAS = (
    Formula("forward", r"h = x W_1 + b_1,\quad a = g(h)", "h = x·W₁ + b₁,  a = g(h)"),
    Formula("logits", r"z = a W_2 + b_2,\quad p_k = \frac{e^{z_k}}{\sum_j e^{z_j}}",
            "z = a·W₂ + b₂,  p_k = e^(z_k) / Σⱼ e^(z_j)"),
    Formula("loss", r"L = -\log p_y", "L = −log p_y"),
    Formula("dz", r"\frac{\partial L}{\partial z} = p - y", "∂L/∂z = p − y"),
    Formula("dW2", r"\frac{\partial L}{\partial W_2} = a^{T}(p - y),\quad \frac{\partial L}{\partial b_2} = p - y",
            "∂L/∂W₂ = aᵀ·(p − y),  ∂L/∂b₂ = p − y"),
    Formula("da", r"\frac{\partial L}{\partial a} = (p - y)\,W_2^{T}", "∂L/∂a = (p − y)·W₂ᵀ"),
    Formula("dh", r"\frac{\partial L}{\partial h} = \frac{\partial L}{\partial a} \odot g'(h)",
            "∂L/∂h = ∂L/∂a ⊙ g′(h)"),
    Formula("dW1", r"\frac{\partial L}{\partial W_1} = x^{T}\,\frac{\partial L}{\partial h},\quad "
                   r"\frac{\partial L}{\partial b_1} = \frac{\partial L}{\partial h}",
            "∂L/∂W₁ = xᵀ·∂L/∂h,  ∂L/∂b₁ = ∂L/∂h"),
    Formula("batch", r"\nabla J = \frac{1}{m}\sum_{i=1}^{m} \nabla L^{(i)}", "∇J = (1/m)·Σᵢ ∇L⁽ⁱ⁾"),
)


def num(value: float, digits: int = 4) -> str:
    """A number in a formula line (four significant digits here: vectors are long)."""
    return formula_number(value, digits)


def vector(values: np.ndarray, shown: int = VECTOR_SHOWN) -> str:
    """(v₁, v₂, …) with its first `shown` entries, and how many there are when more."""
    flat = np.asarray(values, dtype=np.float64).ravel()
    text = ", ".join(num(float(v)) for v in flat[:shown])
    return f"({text}, … [{flat.size}])" if flat.size > shown else f"({text})"


class BackpropPlayer(PlayerBar):
    """The descent labs' player, its buttons named for training a network (the page's texts,
    translated in the page's context)."""

    def _update_play_button(self) -> None:
        super()._update_play_button()
        if self.play_button.isChecked():
            self.play_button.setText(QCoreApplication.translate("BackpropPage", "Pause"))
        else:
            self.play_button.setText(QCoreApplication.translate("BackpropPage", "Play"))

    def position_text(self, i: str, n: str) -> str:
        # the page counts gradient steps ("Diverged after step 40", "Step 40: loss …")
        return QCoreApplication.translate("BackpropPage", "step {i} / {n}").format(i=i, n=n)

    def retranslate_ui(self) -> None:
        super().retranslate_ui()
        self.step_button.setText(QCoreApplication.translate("BackpropPage", "Step"))
        self.reset_button.setText(QCoreApplication.translate("BackpropPage", "Reset weights"))
        self.play_button.setToolTip(QCoreApplication.translate("BackpropPage", "Play or pause the training (Space)"))
        self.step_button.setToolTip(QCoreApplication.translate("BackpropPage", "One full-batch gradient step (.)"))
        self.back_button.setToolTip(QCoreApplication.translate("BackpropPage", "One step back through the history (,)"))
        self.speed_label.setText(QCoreApplication.translate("BackpropPage", "Speed (steps/s)"))
        self.speed.setToolTip(QCoreApplication.translate("BackpropPage", "How many gradient steps run per second"))


@dataclass(frozen=True)
class PreparedRun:
    """A state's data and run (its network and curves), computed before anything on screen changes."""

    data: Labeled
    run: BackpropRun
    baseline: float


class BackpropPage(QWidget):
    """Data, network and rate on the left; decision regions, loss and accuracy on the right."""

    gradcheck_finished = Signal(object)  # the result dict, or None when it failed
    # the user changed a choice the lab's state holds, or moved the run: Play and Pause (the run
    # stands elsewhere when it stops, also when it stops by itself), Step, Back, Reset, the
    # timeline; the player's steps in between are not each reported
    state_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._data: Labeled | None = None
        self._run: BackpropRun | None = None
        self._baseline = math.nan
        self._rate = 0.0  # steps per second, smoothed
        self._curves_drawn = 0.0
        self._last_tick = 0.0  # when the player last asked for steps, for the steps-per-second figure
        self._last_steps = 0  # how many steps were taken then
        self._timeline_offset = 0  # the timeline's value at the run's state 0
        self._probability = np.zeros((GRID, GRID))
        # the decision map's grid spans the visible range: rebuilt when the view moves
        self._xs = np.linspace(-1.0, 1.0, GRID)
        self._ys = np.linspace(-1.0, 1.0, GRID)
        self._grid_dirty = True
        self.tasks = TaskRunner(self, label="backprop")
        self._check_result: dict | None = None
        self._build_ui()
        self.retranslate_ui()
        self.new_data()

    # ------------------------------------------------------------------ UI
    def _build_ui(self) -> None:
        self.data_group = QGroupBox(self)
        self.preset_combo = QComboBox(self)
        for key in PRESETS:
            self.preset_combo.addItem("", key)
        self.preset_combo.setCurrentIndex(PRESETS.index("moons"))
        self.points_spin = CheckedSpinBox(self)
        self.points_spin.setRange(20, 2000)
        self.points_spin.setSingleStep(50)
        self.points_spin.setValue(400)
        self.noise_spin = CheckedDoubleSpinBox(self)
        self.noise_spin.setRange(0.0, 1.0)
        self.noise_spin.setSingleStep(0.05)
        self.noise_spin.setValue(0.15)
        self.data_seed_spin = CheckedSpinBox(self)
        self.data_seed_spin.setRange(0, 999_999)
        self.preset_label, self.points_label = QLabel(self), QLabel(self)
        self.noise_label, self.data_seed_label = QLabel(self), QLabel(self)
        form = QFormLayout(self.data_group)
        form.addRow(self.preset_label, self.preset_combo)
        form.addRow(self.points_label, self.points_spin)
        form.addRow(self.noise_label, self.noise_spin)
        form.addRow(self.data_seed_label, self.data_seed_spin)

        self.net_group = QGroupBox(self)
        self.hidden_spin = CheckedSpinBox(self)
        self.hidden_spin.setRange(1, MAX_HIDDEN)
        self.hidden_spin.setValue(16)
        self.activation_combo = QComboBox(self)
        for key in ACTIVATIONS:
            self.activation_combo.addItem("", key)
        self.activation_combo.setCurrentIndex(ACTIVATIONS.index("tanh"))
        self.lr_slider = LogSlider(1e-3, 10.0, 0.5, self)
        self.momentum_check = QCheckBox(self)
        self.init_seed_spin = CheckedSpinBox(self)
        self.init_seed_spin.setRange(0, 999_999)
        self.hidden_label, self.act_label = QLabel(self), QLabel(self)
        self.lr_label, self.init_seed_label = QLabel(self), QLabel(self)
        nform = QFormLayout(self.net_group)
        nform.addRow(self.hidden_label, self.hidden_spin)
        nform.addRow(self.act_label, self.activation_combo)
        nform.addRow(self.lr_label, self.lr_slider)
        nform.addRow(self.init_seed_label, self.init_seed_spin)
        nform.addRow(self.momentum_check)

        self.run_group = QGroupBox(self)
        self.check_button = QPushButton(self)
        rcol = QVBoxLayout(self.run_group)
        rcol.addWidget(self.check_button)
        # the descent labs' player: its keys (Space, ".", ",", Ctrl+R) work while the page is shown
        self.player = BackpropPlayer(self, speed=SPEED)
        self.play_button = self.player.play_button
        self.step_button = self.player.step_button
        self.back_button = self.player.back_button
        self.reset_button = self.player.reset_button

        self.summary = TextPane(self, lines=5)
        self.check_pane = TextPane(self, lines=4)
        self.derivation = TextPane(self, lines=7)

        inner = QWidget(self)
        left = QVBoxLayout(inner)
        for w in (self.data_group, self.net_group, self.run_group, self.summary, self.check_pane, self.derivation):
            left.addWidget(w)
        left.addStretch(1)
        self.column = ControlColumn(inner, self, minimum_width=330)

        self.banner = MessageBanner(self)
        self.region_plot = make_plot()
        self.region_plot.setAspectLocked(True)
        self.region_image = pg.ImageItem()
        self.region_image.setZValue(-10)
        # the map and its boundary follow the view: "View all" fits the points, not them
        self.region_plot.addItem(self.region_image, ignoreBounds=True)
        self.boundary = pg.PlotCurveItem(pen=pg.mkPen((40, 40, 40), width=2), connect="pairs")
        self.region_plot.addItem(self.boundary, ignoreBounds=True)
        self.scatters = []
        for color in CLASS_COLORS:
            sc = pg.ScatterPlotItem(size=6, pen=pg.mkPen(255, 255, 255, 160), brush=pg.mkBrush(*color))
            self.region_plot.addItem(sc)
            self.scatters.append(sc)
        self.loss_plot = make_plot(counts=True)  # x: iterations from 0, whole numbers
        self.loss_curve = pg.PlotCurveItem(pen=pg.mkPen((214, 39, 40), width=2))
        self.loss_plot.addItem(self.loss_curve)
        self.acc_plot = make_plot(counts=True)  # x: iterations from 0, whole numbers
        self.acc_plot.setYRange(0.4, 1.0)
        self.acc_curve = pg.PlotCurveItem(pen=pg.mkPen((44, 160, 44), width=2))
        self.baseline_line = pg.InfiniteLine(angle=0, pen=pg.mkPen((120, 120, 120), style=Qt.PenStyle.DashLine))
        self.acc_plot.addItem(self.acc_curve)
        self.acc_plot.addItem(self.baseline_line)
        self.acc_plot.setXLink(self.loss_plot)

        curves_widget = QWidget(self)
        curves = QVBoxLayout(curves_widget)
        curves.setContentsMargins(0, 0, 0, 0)
        curves.addWidget(self.loss_plot, 1)
        curves.addWidget(self.acc_plot, 1)
        # the curves, or the chain rule through softmax for one point with the numbers of the
        # step shown (a tab: typeset when first shown, so start-up never imports ziamath)
        self.formula_pane = FormulaPane(CHAIN_FORMULAS, scale=1.1)
        self.formula_area = QScrollArea(self)
        self.formula_area.setWidget(self.formula_pane)
        self.formula_area.setWidgetResizable(True)
        self.formula_area.setFrameShape(QScrollArea.Shape.NoFrame)
        self.curves_tabs = QTabWidget(self)
        self.curves_tabs.setDocumentMode(True)
        self.curves_widget = curves_widget
        self.curves_tabs.addTab(curves_widget, "")
        self.curves_tabs.addTab(self.formula_area, "")
        self.curves_tabs.currentChanged.connect(self._on_curves_tabs_current_changed)
        self._formula_time = 0.0
        self.chain_shown: PointChain | None = None  # the chain whose numbers the pane shows
        plots = QHBoxLayout()
        plots.addWidget(self.region_plot, 3)
        plots.addWidget(self.curves_tabs, 2)
        right = QVBoxLayout()
        right.addWidget(self.banner)
        right.addLayout(plots, 1)
        top = QHBoxLayout()
        top.addWidget(self.column)
        top.addLayout(right, 1)
        outer = QVBoxLayout(self)
        outer.addLayout(top, 1)
        outer.addWidget(self.player)

        self.player.advance_requested.connect(self._on_player_advance_requested)
        self.player.step_requested.connect(self._on_player_step_requested)
        self.player.step_back_requested.connect(self._on_player_step_back_requested)
        self.player.reset_requested.connect(self._on_player_reset_requested)
        self.player.seek_requested.connect(self._on_player_seek_requested)
        self.player.playing_changed.connect(self._on_player_playing_changed)
        self.lr_slider.value_changed.connect(self._on_settings_changed)
        self.check_button.clicked.connect(self.run_gradcheck)
        self.preset_combo.currentIndexChanged.connect(self.new_data)
        for spin in (self.points_spin, self.data_seed_spin):
            spin.valueChanged.connect(self.new_data)
        self.noise_spin.valueChanged.connect(self.new_data)
        self.hidden_spin.valueChanged.connect(self.reset_network)
        self.activation_combo.currentIndexChanged.connect(self.reset_network)
        self.init_seed_spin.valueChanged.connect(self.reset_network)
        self.momentum_check.toggled.connect(self._on_settings_changed)
        self.region_plot.getViewBox().sigRangeChanged.connect(self._on_region_view_range_changed)
        for signal in (self.preset_combo.currentIndexChanged, self.points_spin.valueChanged,
                       self.noise_spin.valueChanged, self.data_seed_spin.valueChanged, self.hidden_spin.valueChanged,
                       self.activation_combo.currentIndexChanged, self.lr_slider.value_changed,
                       self.momentum_check.toggled, self.init_seed_spin.valueChanged):
            signal.connect(self.state_changed)
        self.entries = EntryReporter(self.banner, self)
        for widget, label in ((self.points_spin, self.points_label), (self.noise_spin, self.noise_label),
                              (self.data_seed_spin, self.data_seed_label), (self.hidden_spin, self.hidden_label),
                              (self.lr_slider, self.lr_label), (self.init_seed_spin, self.init_seed_label)):
            self.entries.watch(widget, label.text)
        self.entries.watch(self.player.speed, self.player.speed_label.text)

    def retranslate_ui(self) -> None:
        self.data_group.setTitle(self.tr("Data (two classes)"))
        for i, text in enumerate((self.tr("Circles"), self.tr("Moons"), self.tr("XOR"), self.tr("Spiral"))):
            self.preset_combo.setItemText(i, text)
        self.preset_label.setText(self.tr("Data set"))
        self.points_label.setText(self.tr("Points"))
        self.noise_label.setText(self.tr("Noise"))
        self.data_seed_label.setText(self.tr("Data seed"))
        self.net_group.setTitle(self.tr("Network: 2 → H → 2, softmax cross-entropy"))
        self.hidden_label.setText(self.tr("Hidden units H"))
        self.act_label.setText(self.tr("Activation"))
        for i, text in enumerate((self.tr("ReLU"), self.tr("Sigmoid"), self.tr("Tanh"))):
            self.activation_combo.setItemText(i, text)
        self.lr_label.setText(self.tr("Learning rate"))
        self.init_seed_label.setText(self.tr("Initial weights seed"))
        self.momentum_check.setText(self.tr("Momentum 0.9"))
        self.run_group.setTitle(self.tr("Run"))
        self.check_button.setText(self.tr("Gradient check"))
        self.check_button.setToolTip(self.tr("Compare the numpy backward pass with finite differences and with "
                                             "torch autograd, in float64"))
        # titles short enough for the plots at 1024×700; what they show in full in the tooltips
        self.region_plot.setTitle(self.tr("Decision regions, boundary at P = 0.5"))
        self.region_plot.setToolTip(self.tr("Each point of the plane tinted by the network's P(class 2): blue "
                                            "near 0, orange near 1. The black line is where P(class 2) = 0.5."))
        self.loss_plot.setTitle(self.tr("Loss (cross-entropy)"))
        self.loss_plot.setLabel("bottom", self.tr("step"))
        self.acc_plot.setTitle(self.tr("Accuracy (dashed: a line)"))
        self.acc_plot.setToolTip(self.tr("Training accuracy after each step; the dashed line is the best "
                                         "straight line's (logistic regression)."))
        self.acc_plot.setLabel("bottom", self.tr("step"))
        self.derivation.set_text(self.tr(
            "<b>The seed's derivation</b><br>h = xW₁ + b₁, a = g(h), z = aW₂ + b₂, p = softmax(z)<br>"
            "L = −(1/m) Σ ln p<sub>k</sub><br>∂L/∂z = (p − y)/m<br>∂L/∂W₂ = aᵀ ∂L/∂z, ∂L/∂b₂ = Σ ∂L/∂z<br>"
            "∂L/∂a = ∂L/∂z W₂ᵀ, ∂L/∂h = ∂L/∂a ⊙ g′(h)<br>∂L/∂W₁ = xᵀ ∂L/∂h, ∂L/∂b₁ = Σ ∂L/∂h"))
        self._update_summary()
        self._update_check_pane()

        self.curves_tabs.setTabText(0, self.tr("Curves"))
        self.curves_tabs.setTabText(1, self.tr("Chain rule"))
        self.curves_tabs.setTabToolTip(1, self.tr("The chain rule through softmax for the first point, with the "
                                                  "numbers of the step shown"))
        self._chain_captions()
        self._update_chain()

    def _chain_captions(self) -> None:
        pane = self.formula_pane
        pane.set_caption("forward", self.tr("Forward: the hidden layer, its activation g"))
        pane.set_caption("logits", self.tr("The output layer's scores z, made probabilities by softmax"))
        pane.set_caption("loss", self.tr("The loss of this point: minus the log of its own class's probability"))
        pane.set_caption("dz", self.tr("Backward: softmax and cross-entropy together give the simplest "
                                       "derivative, p minus the one-hot y"))
        pane.set_caption("dW2", self.tr("The output layer's gradients"))
        pane.set_caption("da", self.tr("Sent back to the hidden layer through W₂"))
        pane.set_caption("dh", self.tr("Through the activation: times its slope at h"))
        pane.set_caption("dW1", self.tr("The first layer's gradients"))
        pane.set_caption("batch", self.tr("The step uses the mean of every point's gradient"))

    # ------------------------------------------------------------------ the chain rule pane
    def show_formulas(self, shown: bool) -> None:
        """Show the chain rule (True) or the curves (False): the tab's own switch."""
        self.curves_tabs.setCurrentWidget(self.formula_area if shown else self.curves_widget)

    def formulas_shown(self) -> bool:
        return self.curves_tabs.currentWidget() is self.formula_area

    @Slot(int)
    def _on_curves_tabs_current_changed(self, _index: int) -> None:
        if self.formulas_shown():
            self._update_chain()

    def _update_chain(self) -> None:
        """The first point's chain at the network's weights now (the step shown)."""
        run = self._run
        if run is None or not self.formulas_shown():
            return
        self._formula_time = time.perf_counter()
        data = run.data
        with np.errstate(all="ignore"):
            c = point_chain(run.network(), data.X[0], int(data.y[0]))
        self.chain_shown = c
        pane = self.formula_pane
        label = data.labels[c.label]
        pane.set_header("<b>" + self.tr("Step {step}, the first point (class {label})").format(
            step=f"{run.step_number:,}", label=html.escape(str(label))) + "</b>")
        pane.set_numbers("forward", f"<i>x</i> = {vector(c.x)}<br><i>h</i> = {vector(c.h)}<br>"
                                    f"<i>a</i> = {vector(c.a)}")
        pane.set_numbers("logits", f"<i>z</i> = {vector(c.z)},  <i>p</i> = {vector(c.p)}")
        pane.set_numbers("loss", f"<i>L</i> = −log {num(float(c.p[c.label]))} = <b>{num(c.loss, 6)}</b>")
        pane.set_numbers("dz", f"{vector(c.p)} − {vector(c.y)} = <b>{vector(c.dz)}</b>")
        pane.set_numbers("dW2", f"∂<i>L</i>/∂<i>W</i><sub>2</sub> = {vector(c.dW2)}  "
                                f"({c.dW2.shape[0]}×{c.dW2.shape[1]}),  ∂<i>L</i>/∂<i>b</i><sub>2</sub> = {vector(c.db2)}")
        pane.set_numbers("da", f"∂<i>L</i>/∂<i>a</i> = <b>{vector(c.da)}</b>")
        pane.set_numbers("dh", f"<i>g</i>′(<i>h</i>) = {vector(c.g_prime)}<br>∂<i>L</i>/∂<i>h</i> = <b>{vector(c.dh)}</b>")
        pane.set_numbers("dW1", f"∂<i>L</i>/∂<i>W</i><sub>1</sub> = {vector(c.dW1)}  "
                                f"({c.dW1.shape[0]}×{c.dW1.shape[1]}),  ∂<i>L</i>/∂<i>b</i><sub>1</sub> = {vector(c.db1)}")
        pane.set_numbers("batch", f"<i>m</i> = {data.n:,}")
        pane.set_note(self.tr("Vectors show their first {n} entries and, in brackets, how many there are; "
                              "matrices are read row by row.").format(n=VECTOR_SHOWN))

    def tab_title(self) -> str:
        return self.tr("Backpropagation")

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def hideEvent(self, event) -> None:  # noqa: N802
        """Another page or lab took the screen: no training behind it (a minimised window,
        a spontaneous hide, goes on)."""
        super().hideEvent(event)
        if not event.spontaneous():
            self.play_button.setChecked(False)

    # ------------------------------------------------------------------ state
    def run(self) -> BackpropRun | None:
        """The run the player drives (its cursor is the state shown)."""
        return self._run

    def net(self) -> TwoLayerNet | None:
        """The network at the cursor (a copy)."""
        return None if self._run is None else self._run.network()

    def data(self) -> Labeled | None:
        return self._data

    def is_busy(self) -> bool:
        return self.tasks.busy()

    def entry_message(self) -> str:
        """Why a number box refused what was typed ("" when it did not)."""
        return self.entries.message()

    @Slot()
    def new_data(self, *_: object) -> None:
        """Draw the chosen preset afresh and start a new network on it."""
        try:
            self._data = make_preset(str(self.preset_combo.currentData()), self.points_spin.value(),
                                     self.noise_spin.value(), self.data_seed_spin.value())
        except LabError as exc:
            error = exc  # the name `exc` is cleared when the except block ends
            self.banner.show_message("error", lambda: describe_error(error))
            return
        self._baseline = linear_baseline(self._data)
        self._show_data()
        self.reset_network()

    def _show_data(self) -> None:
        """The points, the view around them and the straight line's accuracy."""
        assert self._data is not None
        X, y = self._data.X, self._data.y
        for c, sc in enumerate(self.scatters):
            sc.setData(X[y == c, 0], X[y == c, 1])
        lo, hi = X.min(axis=0), X.max(axis=0)
        pad = 0.1 * (hi - lo).max()
        # the view widens one way to keep the aspect: the map's grid follows (see _ensure_grid)
        self.region_plot.setRange(xRange=(lo[0] - pad, hi[0] + pad), yRange=(lo[1] - pad, hi[1] + pad), padding=0)
        self._grid_dirty = True
        self.baseline_line.setPos(self._baseline)

    def _config(self) -> BackpropConfig:
        return BackpropConfig(lr=float(self.lr_slider.value()), momentum=0.9 if self.momentum_check.isChecked() else 0.0)

    @Slot()
    def reset_network(self, *_: object) -> None:
        """Fresh weights from the seed for the current H and activation; the curves start over."""
        if self._data is None:
            return
        net = TwoLayerNet(self.hidden_spin.value(), str(self.activation_combo.currentData()), 2,
                          self.init_seed_spin.value())
        self._run = BackpropRun(self._data, net, self._config())
        self._check_result = None
        self.banner.clear_message()
        self._refresh_views(force_text=True)
        self._update_check_pane()

    @Slot()
    def _on_settings_changed(self, *_: object) -> None:
        """A new rate or momentum applies from the cursor on (the states after it are dropped)."""
        if self._run is not None:
            self._run.set_config(self._config())
            self._refresh_views(force_text=True)

    # ------------------------------------------------------------------ the player
    @Slot(int)
    def _on_player_advance_requested(self, n: int) -> None:
        self.advance(n)

    def advance(self, n: int, budget: float | None = BUDGET_S) -> int:
        """One animation frame: up to n steps within `budget` seconds, then redraw."""
        run = self._run
        if run is None:
            return 0
        # the rate of the steps the last frame took over the time since it started, measured
        # before this frame's summary is written; the first measure as it is, then smoothed
        # (an average started from 0 read "About 0 steps per second" for the first seconds)
        now = time.perf_counter()
        if self._last_tick and self._last_steps:
            measured = self._last_steps / max(now - self._last_tick, 1e-3)
            self._rate = measured if self._rate == 0 else 0.9 * self._rate + 0.1 * measured
        self._last_tick = now
        moved = run.step(n, time_budget=budget)
        self._last_steps = moved
        self._after_steps()
        return moved

    def train(self, steps: int) -> bool:
        """`steps` gradient steps from the cursor, then redraw; False (and paused, with a
        message) when the run diverged."""
        if self._run is None:
            return False
        self._run.step(steps)
        self._after_steps(force_text=True)
        return self._run.stop_reason is not StopReason.DIVERGED

    def _after_steps(self, force_text: bool = False) -> None:
        run = self._run
        assert run is not None
        if run.stop_reason is not None:
            self.player.set_playing(False)
            self._announce_stop(run)
        self._refresh_views(force_text)

    @Slot()
    def _on_player_step_requested(self) -> None:
        self.player.set_playing(False)
        self.train(1)
        self.state_changed.emit()

    @Slot()
    def _on_player_step_back_requested(self) -> None:
        self.player.set_playing(False)
        if self._run is not None:
            self._run.step_back(1)
            self.banner.clear_message()
            self._refresh_views(force_text=True)
        self.state_changed.emit()

    @Slot()
    def _on_player_reset_requested(self) -> None:
        self.player.set_playing(False)
        self.reset_network()
        self.state_changed.emit()

    @Slot(int)
    def _on_player_seek_requested(self, value: int) -> None:
        run = self._run
        if run is None:
            return
        run.seek(value - self._timeline_offset)
        if run.stop_reason is None:
            self.banner.clear_message()
        self._refresh_views(force_text=not self.player.is_playing())
        self.state_changed.emit()

    @Slot(bool)
    def _on_player_playing_changed(self, playing: bool) -> None:
        run = self._run
        if playing:
            self._last_tick, self._last_steps, self._rate = 0.0, 0, 0.0
            if run is not None and run.stop_reason is not None:
                # nothing left to run: say why instead of starting a silent timer
                self._announce_stop(run)
                QTimer.singleShot(0, self.player, lambda: self.player.set_playing(False))
        else:
            # the curves and numbers, throttled while playing, catch up
            self._refresh_views(force_text=True)
        self.state_changed.emit()  # where Play took the run

    def _announce_stop(self, run: BackpropRun) -> None:
        reason, lr, step = run.stop_reason, format_number(run.config.lr), run.step_number
        if reason is StopReason.DIVERGED and run.divergence is Divergence.EXPLODED:
            loss = run.metrics[0]
            self.banner.show_message("error", lambda: self.tr(
                "Diverged after step {step}: the loss exploded to {loss} at learning rate {lr} (it started near "
                "0.69). Lower the rate and reset the weights.").format(step=step, loss=f"{loss:.2g}", lr=lr))
        elif reason is StopReason.DIVERGED:
            self.banner.show_message("error", lambda: self.tr(
                "Diverged after step {step}: the loss overflowed at learning rate {lr}. The last weights with a "
                "finite loss are kept; lower the rate and play again.").format(step=step, lr=lr))
        elif reason is not None:
            self.banner.show_message("info", lambda: describe_stop(reason.value))

    @Slot()
    def _on_region_view_range_changed(self, *_: object) -> None:
        """A pan, a zoom or a resize: draw the map over the new view once the burst is over."""
        if not self._grid_dirty:
            self._grid_dirty = True
            QTimer.singleShot(0, self, self._redraw_map_if_needed)  # cancelled if the page is deleted first

    def _redraw_map_if_needed(self) -> None:
        if self._grid_dirty and self._run is not None:
            self._draw_map()

    def _ensure_grid(self) -> None:
        """The grid over exactly the visible range (the image reaches half a cell beyond it)."""
        if not self._grid_dirty:
            return
        (x0, x1), (y0, y1) = self.region_plot.getViewBox().viewRange()
        if not all(math.isfinite(v) for v in (x0, x1, y0, y1)) or x1 <= x0 or y1 <= y0:
            return
        self._grid_dirty = False
        self._xs = np.linspace(x0, x1, GRID)
        self._ys = np.linspace(y0, y1, GRID)

    def _draw_map(self) -> None:
        """Regions and boundary of the current network over the visible range."""
        self._ensure_grid()
        xs, ys = self._xs, self._ys
        assert self._run is not None
        P = evaluate_grid(self._run.network(), xs, ys)[:, :, 1]  # rows are y
        self._probability = P
        rgb = (1.0 - P.T[..., None]) * REGION_TINTS[0] + P.T[..., None] * REGION_TINTS[1]
        self.region_image.setImage(rgb.astype(np.uint8), autoLevels=False)
        # pixel centres on the grid points (set after the image: a rect set on an empty item is lost)
        dx, dy = (xs[-1] - xs[0]) / (GRID - 1), (ys[-1] - ys[0]) / (GRID - 1)
        self.region_image.setRect(QRectF(xs[0] - dx / 2, ys[0] - dy / 2, xs[-1] - xs[0] + dx, ys[-1] - ys[0] + dy))
        px, py = zero_segments((P - 0.5).T, xs, ys)
        self.boundary.setData(px, py)

    def _refresh_views(self, force_text: bool = False) -> None:
        """The state at the cursor: map and boundary every frame; the curves and the numbers
        about ten times a second while playing, every time otherwise."""
        run = self._run
        if run is None:
            return
        self._draw_map()
        # the chain's numbers while playing: 4 times a second; paused, stepped or scrubbed: at once
        if self.formulas_shown() and (force_text or not self.player.is_playing()
                                      or time.perf_counter() - self._formula_time > FORMULA_INTERVAL_S):
            self._update_chain()
        first, last = run.first_step, run.last_step
        self._timeline_offset = first if last <= TIMELINE_MAX else 0
        off = self._timeline_offset
        self.player.show_position(run.step_number - first + off, last - first + off, off)
        now = time.perf_counter()
        if not force_text and self.player.is_playing() and now - self._curves_drawn < CURVES_EVERY_S:
            return
        self._curves_drawn = now
        h = run.curve()
        h = h[decimate(len(h))]
        loss = h[:, 1]
        ok = np.isfinite(loss)
        self.loss_curve.setData(h[ok, 0], loss[ok])
        self.acc_curve.setData(h[:, 0], h[:, 2])
        self._update_summary()

    def _update_summary(self) -> None:
        run = self._run
        if run is None:
            return
        loss, acc = run.metrics
        net = run.network()
        lines = [
            self.tr("Step {step}: loss {loss}, training accuracy {acc}").format(
                step=run.step_number, loss=format_number(loss, 4), acc=f"{100 * acc:.1f}%"),
            self.tr("Best straight line (logistic regression): {acc}").format(acc=f"{100 * self._baseline:.1f}%"),
            self.tr("Parameters: {n} (W₁ 2×{h}, b₁ {h}, W₂ {h}×2, b₂ 2)").format(
                n=net.parameter_count, h=net.hidden),
        ]
        if self.play_button.isChecked() and self._rate > 0:  # none until a frame has been timed
            lines.append(self.tr("About {rate} steps per second").format(rate=f"{self._rate:,.0f}"))
        if acc >= 0.95 > self._baseline + 0.05:
            lines.append(self.tr("<b>The hidden layer bends the boundary: a straight line cannot do this.</b>"))
        self.summary.set_text("<br>".join(lines))

    # ------------------------------------------------------------------ gradient check
    @Slot()
    def run_gradcheck(self) -> None:
        """Finite differences and torch autograd against the numpy gradients, on a worker (torch
        loads there, and a few thousand forward passes are not for the GUI thread)."""
        if self._run is None or self._data is None or self.tasks.is_running("gradcheck"):
            return
        net, X, y = self._run.network(), self._data.X, self._data.y
        torch_ok = has_torch()

        def work():
            autograd = gradcheck_autograd(net, X, y) if torch_ok else None  # without the extra nn: said
            return {"fd": gradcheck_fd(net, X, y), "autograd": autograd,
                    "parameters": net.parameter_count, "step": net.steps}

        def done(result: dict) -> None:
            self._check_result = result
            self._update_check_pane()
            self.gradcheck_finished.emit(result)

        def failed(exc: BaseException) -> None:
            reason = describe_error(exc) if isinstance(exc, LabError) else str(exc)[:200]
            self.banner.show_message("error", lambda: self.tr("The gradient check failed: {error}").format(
                error=reason))
            self.gradcheck_finished.emit(None)

        self.tasks.submit("gradcheck", work, on_result=done, on_error=failed, on_finished=self._on_checker_finished)
        self.check_button.setEnabled(False)
        self.check_pane.set_text(self.tr("Checking the gradients …"))

    @Slot()
    def _on_checker_finished(self) -> None:
        self.check_button.setEnabled(True)

    def _update_check_pane(self) -> None:
        r = self._check_result
        if r is None:
            self.check_pane.set_text(self.tr("Gradient check: press the button to compare the numpy gradients with "
                                             "finite differences and torch autograd."))
            return
        if r["autograd"] is None:
            verdict = (self.tr("Finite differences agree: the backward pass is right.") if r["fd"] <= FD_GOOD else
                       self.tr("Larger than expected: with ReLU a point may sit on a kink, where finite "
                               "differences are not a derivative."))
            self.check_pane.set_text(self.tr(
                "<b>Gradient check</b> at step {step}, all {n} parameters, largest relative error:<br>"
                "finite differences {fd}<br>{verdict}<br>{autograd}").format(
                step=r["step"], n=r["parameters"], fd=f"{r['fd']:.1e}", verdict=verdict,
                autograd=html.escape(missing_nn_sentence("autograd"), quote=False)))
            return
        good = r["fd"] <= FD_GOOD and r["autograd"] <= AUTOGRAD_GOOD
        verdict = (self.tr("Both agree: the backward pass is right.") if good else
                   self.tr("Larger than expected: with ReLU a point may sit on a kink, where finite differences "
                           "are not a derivative."))
        self.check_pane.set_text(self.tr(
            "<b>Gradient check</b> at step {step}, all {n} parameters, largest relative error:<br>"
            "finite differences {fd} · torch autograd {ag}<br>{verdict}").format(
            step=r["step"], n=r["parameters"], fd=f"{r['fd']:.1e}", ag=f"{r['autograd']:.1e}", verdict=verdict))

    # ------------------------------------------------------------------ state
    def state_fields(self) -> dict[str, Any]:
        """The page's fields of ConceptsState, as shown now: the choices, and where the run
        stands (the network's parameters and velocity, its step, the curves)."""
        out: dict[str, Any] = {
            "backprop_preset": str(self.preset_combo.currentData()), "backprop_points": self.points_spin.value(),
            "backprop_noise": float(self.noise_spin.value()), "backprop_data_seed": self.data_seed_spin.value(),
            "backprop_hidden": self.hidden_spin.value(),
            "backprop_activation": str(self.activation_combo.currentData()),
            "backprop_lr": float(self.lr_slider.value()), "backprop_momentum": self.momentum_check.isChecked(),
            "backprop_init_seed": self.init_seed_spin.value(),
        }
        run = self._run
        if run is not None and run.network().hidden == self.hidden_spin.value():
            theta, velocity, steps = run.training_state()
            history = run.curve()  # up to the cursor: the state is the picture shown
            out.update(backprop_steps=steps, backprop_weights=Table(np.column_stack([theta, velocity])),
                       # a loss that overflowed is not drawn either
                       backprop_history=Table(thin_rows(history[np.isfinite(history).all(axis=1)], HISTORY), 3))
        return out

    def prepare_state(self, state: ConceptsState) -> PreparedRun:
        """The data, network and curves a checked state describes, computed without touching
        the screen (LabError when they cannot be made)."""
        data = make_preset(state.backprop_preset, state.backprop_points, state.backprop_noise,
                           state.backprop_data_seed)
        net = TwoLayerNet(state.backprop_hidden, state.backprop_activation, 2, state.backprop_init_seed)
        if len(state.backprop_weights):
            weights = state.backprop_weights.array
            net.restore_training(weights[:, 0], weights[:, 1], state.backprop_steps)
        config = BackpropConfig(lr=state.backprop_lr, momentum=0.9 if state.backprop_momentum else 0.0)
        # the saved curves before the saved step are drawn; the run itself starts at that step
        run = BackpropRun(data, net, config, earlier=state.backprop_history.array)
        return PreparedRun(data, run, linear_baseline(data))

    def apply_state(self, state: ConceptsState, run: PreparedRun) -> None:
        """Show a checked state and the run prepare_state made from it (paused), without signals."""
        self.play_button.setChecked(False)
        widgets = (self.preset_combo, self.points_spin, self.noise_spin, self.data_seed_spin, self.hidden_spin,
                   self.activation_combo, self.lr_slider, self.momentum_check, self.init_seed_spin)
        for w in widgets:
            w.blockSignals(True)
        try:
            self.preset_combo.setCurrentIndex(self.preset_combo.findData(state.backprop_preset))
            self.points_spin.setValue(state.backprop_points)
            self.noise_spin.setValue(state.backprop_noise)
            self.data_seed_spin.setValue(state.backprop_data_seed)
            self.hidden_spin.setValue(state.backprop_hidden)
            self.activation_combo.setCurrentIndex(self.activation_combo.findData(state.backprop_activation))
            self.lr_slider.set_value(state.backprop_lr)
            self.momentum_check.setChecked(state.backprop_momentum)
            self.init_seed_spin.setValue(state.backprop_init_seed)
        finally:
            for w in widgets:
                w.blockSignals(False)
        self._data, self._run, self._baseline = run.data, run.run, run.baseline
        self._check_result = None
        self.banner.clear_message()
        self._show_data()
        self._refresh_views(force_text=True)
        self._update_check_pane()

    def shutdown(self, deadline: float | None = None) -> None:
        self.player.set_playing(False)
        self.tasks.shutdown(deadline)
