"""Concepts lab, backpropagation from scratch: the seed's two-layer network in numpy, live.

Full-batch steps run on the GUI thread from a timer, each tick spending a bounded slice
(about 5 ms); the decision regions, loss and accuracy are redrawn with setData. The
gradient check (finite differences and torch autograd) runs on a worker.
"""

from __future__ import annotations

import math
import time

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, QRectF, QSettings, Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from core.backprop import (
    ACTIVATIONS,
    MAX_HIDDEN,
    PRESETS,
    DivergedError,
    TwoLayerNet,
    evaluate_grid,
    gradcheck_autograd,
    gradcheck_fd,
    linear_baseline,
    make_preset,
)
from core.contour import zero_segments
from core.errors import LabError
from gui.labs.concepts_common import (
    CheckedDoubleSpinBox,
    CheckedSpinBox,
    EntryReporter,
    bind_player_keys,
)
from gui.labs.descent_lab import scrolling
from gui.messages import describe_error
from gui.settings import read, read_for
from gui.tasks import TaskRunner
from gui.widgets.banner import MessageBanner
from gui.widgets.log_slider import LogSlider, format_number
from gui.widgets.plots import make_plot
from gui.widgets.text_pane import TextPane

TICK_MS = 16
BUDGET_S = 0.005  # of gradient steps per tick: the rest of the frame is drawing
GRID = 90  # decision-region resolution per side (the boundary is drawn from it, sub-cell)
CURVES_EVERY_S = 0.1  # the loss and accuracy plots redraw their axes: ten times a second is enough
HISTORY = 4000  # loss/accuracy points kept for the curves (older ones thinned)
CLASS_COLORS = ((31, 119, 180), (255, 127, 14))
#: the regions' tints: each class's colour mixed with white, blended by P(class 2)
REGION_TINTS = np.array([[255 - 0.35 * (255 - c) for c in color] for color in CLASS_COLORS])
FD_GOOD, AUTOGRAD_GOOD = 1e-5, 1e-9
#: a cross-entropy this high (from ln 2 at the start) means the steps overshoot: stop there,
#: before the numbers overflow (sigmoid and tanh never do: their loss just keeps growing)
LOSS_EXPLODED = 1e6


class BackpropPage(QWidget):
    """Data, network and rate on the left; decision regions, loss and accuracy on the right."""

    gradcheck_finished = Signal(object)  # the result dict, or None when it failed

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._data = None
        self._net: TwoLayerNet | None = None
        self._history: list[tuple[int, float, float]] = []
        self._baseline = math.nan
        self._steps_per_tick = 10
        self._rate = 0.0  # steps per second, smoothed
        self._step_seconds = 0.0  # spent stepping in the last train() call
        self._curves_drawn = 0.0
        self._last_tick = 0.0  # when the timer last ran, for the steps-per-second figure
        self._last_steps = 0  # how many steps that tick asked for
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
        self.play_button = QPushButton(self)
        self.play_button.setCheckable(True)
        self.step_button = QPushButton(self)
        self.reset_button = QPushButton(self)
        self.check_button = QPushButton(self)
        rcol = QVBoxLayout(self.run_group)
        row = QHBoxLayout()
        for b in (self.play_button, self.step_button, self.reset_button):
            row.addWidget(b)
        rcol.addLayout(row)
        rcol.addWidget(self.check_button)

        self.summary = TextPane(self, lines=5)
        self.check_pane = TextPane(self, lines=4)
        self.derivation = TextPane(self, lines=7)

        inner = QWidget(self)
        left = QVBoxLayout(inner)
        for w in (self.data_group, self.net_group, self.run_group, self.summary, self.check_pane, self.derivation):
            left.addWidget(w)
        left.addStretch(1)
        column = scrolling(self, inner)
        column.setMinimumWidth(330)
        column.setMaximumWidth(420)

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
        self.loss_plot = make_plot()
        self.loss_curve = pg.PlotCurveItem(pen=pg.mkPen((214, 39, 40), width=2))
        self.loss_plot.addItem(self.loss_curve)
        self.acc_plot = make_plot()
        self.acc_plot.setYRange(0.4, 1.0)
        self.acc_curve = pg.PlotCurveItem(pen=pg.mkPen((44, 160, 44), width=2))
        self.baseline_line = pg.InfiniteLine(angle=0, pen=pg.mkPen((120, 120, 120), style=Qt.PenStyle.DashLine))
        self.acc_plot.addItem(self.acc_curve)
        self.acc_plot.addItem(self.baseline_line)
        self.acc_plot.setXLink(self.loss_plot)

        curves = QVBoxLayout()
        curves.addWidget(self.loss_plot, 1)
        curves.addWidget(self.acc_plot, 1)
        plots = QHBoxLayout()
        plots.addWidget(self.region_plot, 3)
        plots.addLayout(curves, 2)
        right = QVBoxLayout()
        right.addWidget(self.banner)
        right.addLayout(plots, 1)
        top = QHBoxLayout(self)
        top.addWidget(column)
        top.addLayout(right, 1)

        self.timer = QTimer(self)
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self._on_timer_timeout)
        self.play_button.toggled.connect(self._on_play_button_toggled)
        self.step_button.clicked.connect(self._on_step_button_clicked)
        self.reset_button.clicked.connect(self.reset_network)
        self.check_button.clicked.connect(self.run_gradcheck)
        for w in (self.preset_combo,):
            w.currentIndexChanged.connect(self.new_data)
        for w in (self.points_spin, self.data_seed_spin):
            w.valueChanged.connect(self.new_data)
        self.noise_spin.valueChanged.connect(self.new_data)
        self.hidden_spin.valueChanged.connect(self.reset_network)
        self.activation_combo.currentIndexChanged.connect(self.reset_network)
        self.init_seed_spin.valueChanged.connect(self.reset_network)
        self.momentum_check.toggled.connect(self._on_momentum_check_toggled)
        self.region_plot.getViewBox().sigRangeChanged.connect(self._on_region_view_range_changed)
        self.entries = EntryReporter(self.banner, self)
        for widget, label in ((self.points_spin, self.points_label), (self.noise_spin, self.noise_label),
                              (self.data_seed_spin, self.data_seed_label), (self.hidden_spin, self.hidden_label),
                              (self.lr_slider, self.lr_label), (self.init_seed_spin, self.init_seed_label)):
            self.entries.watch(widget, label.text)
        bind_player_keys(self, self.play_button.toggle, self.step_button.click)

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
        self.play_button.setText(self.tr("Pause") if self.play_button.isChecked() else self.tr("Play"))
        self.step_button.setText(self.tr("Step"))
        self.play_button.setToolTip(self.tr("Play or pause the training (Space)"))
        self.step_button.setToolTip(self.tr("One full-batch gradient step (.)"))
        self.reset_button.setText(self.tr("Reset weights"))
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
    def net(self) -> TwoLayerNet | None:
        return self._net

    def data(self):
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
        X, y = self._data.X, self._data.y
        for c, sc in enumerate(self.scatters):
            sc.setData(X[y == c, 0], X[y == c, 1])
        lo, hi = X.min(axis=0), X.max(axis=0)
        pad = 0.1 * (hi - lo).max()
        # the view widens one way to keep the aspect: the map's grid follows (see _ensure_grid)
        self.region_plot.setRange(xRange=(lo[0] - pad, hi[0] + pad), yRange=(lo[1] - pad, hi[1] + pad), padding=0)
        self._grid_dirty = True
        self._baseline = linear_baseline(self._data)
        self.baseline_line.setPos(self._baseline)
        self.reset_network()

    @Slot()
    def reset_network(self, *_: object) -> None:
        """Fresh weights from the seed for the current H and activation; the curves start over."""
        self._net = TwoLayerNet(self.hidden_spin.value(), str(self.activation_combo.currentData()), 2,
                                self.init_seed_spin.value(), momentum=0.9 if self.momentum_check.isChecked() else 0.0)
        self._history = []
        self._check_result = None
        self.banner.clear_message()
        self._record()
        self._redraw()
        self._update_check_pane()

    @Slot(bool)
    def _on_momentum_check_toggled(self, on: bool) -> None:
        if self._net is not None:
            self._net.momentum = 0.9 if on else 0.0

    # ------------------------------------------------------------------ running
    @Slot(bool)
    def _on_play_button_toggled(self, playing: bool) -> None:
        if playing:
            self._last_tick = 0.0
            self._last_steps = 0
            self._rate = 0.0
            self.timer.start()
        else:
            self.timer.stop()
            if self._net is not None:
                self._redraw()  # the curves, throttled while playing, catch up
        self.play_button.setText(self.tr("Pause") if playing else self.tr("Play"))

    @Slot()
    def _on_step_button_clicked(self) -> None:
        self.play_button.setChecked(False)
        self.train(1)

    @Slot()
    def _on_timer_timeout(self) -> None:
        # the rate of the steps the last tick took over the time since it started, measured before
        # this tick's summary is written; the first measure as it is, then smoothed (an average
        # started from 0 read "About 0 steps per second" for the first seconds)
        now = time.perf_counter()
        if self._last_tick and self._last_steps:
            measured = self._last_steps / max(now - self._last_tick, 1e-3)
            self._rate = measured if self._rate == 0 else 0.9 * self._rate + 0.1 * measured
        self._last_tick = now
        steps = self._steps_per_tick
        self.train(steps)
        self._last_steps = steps
        # aim the next tick's step count at the budget (bounded change, at least one step)
        per_step = self._step_seconds / max(steps, 1)
        target = int(BUDGET_S / max(per_step, 1e-7))
        self._steps_per_tick = max(1, min(target, 2 * self._steps_per_tick, 5000))

    def train(self, steps: int) -> bool:
        """`steps` gradient steps, then redraw; False (and paused, with a message) on divergence."""
        net, data = self._net, self._data
        if net is None or data is None:
            return False
        lr = float(self.lr_slider.value())
        t0 = time.perf_counter()
        try:
            net.train_steps(data.X, data.y, lr, steps)
        except DivergedError as exc:
            self._step_seconds = time.perf_counter() - t0
            self.play_button.setChecked(False)
            step = exc.details.get("step", net.steps)
            self.banner.show_message("error", lambda: self.tr(
                "Diverged after step {step}: the loss overflowed at learning rate {lr}. The last weights with a "
                "finite loss are kept; lower the rate and play again.").format(step=step, lr=format_number(lr)))
            self._record()
            self._redraw()
            return False
        self._step_seconds = time.perf_counter() - t0
        self._record()
        self._redraw()
        loss = self._history[-1][1]
        if loss > LOSS_EXPLODED:
            self.play_button.setChecked(False)
            step = net.steps
            self.banner.show_message("error", lambda: self.tr(
                "Diverged after step {step}: the loss exploded to {loss} at learning rate {lr} (it started near "
                "0.69). Lower the rate and reset the weights.").format(step=step, loss=f"{loss:.2g}",
                                                                      lr=format_number(lr)))
            return False
        return True

    def _record(self) -> None:
        net, data = self._net, self._data
        loss = net.loss(data.X, data.y)
        self._history.append((net.steps, loss, net.accuracy(data.X, data.y)))
        if len(self._history) > HISTORY:
            self._history = self._history[::2]

    @Slot()
    def _on_region_view_range_changed(self, *_: object) -> None:
        """A pan, a zoom or a resize: draw the map over the new view once the burst is over."""
        if not self._grid_dirty:
            self._grid_dirty = True
            QTimer.singleShot(0, self, self._redraw_map_if_needed)  # cancelled if the page is deleted first

    def _redraw_map_if_needed(self) -> None:
        if self._grid_dirty and self._net is not None:
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
        P = evaluate_grid(self._net, xs, ys)[:, :, 1]  # rows are y
        self._probability = P
        rgb = (1.0 - P.T[..., None]) * REGION_TINTS[0] + P.T[..., None] * REGION_TINTS[1]
        self.region_image.setImage(rgb.astype(np.uint8), autoLevels=False)
        # pixel centres on the grid points (set after the image: a rect set on an empty item is lost)
        dx, dy = (xs[-1] - xs[0]) / (GRID - 1), (ys[-1] - ys[0]) / (GRID - 1)
        self.region_image.setRect(QRectF(xs[0] - dx / 2, ys[0] - dy / 2, xs[-1] - xs[0] + dx, ys[-1] - ys[0] + dy))
        px, py = zero_segments((P - 0.5).T, xs, ys)
        self.boundary.setData(px, py)

    def _redraw(self) -> None:
        self._draw_map()
        now = time.perf_counter()
        if self.timer.isActive() and now - self._curves_drawn < CURVES_EVERY_S:
            return
        self._curves_drawn = now
        h = np.array(self._history)
        loss = h[:, 1]
        ok = np.isfinite(loss)
        self.loss_curve.setData(h[ok, 0], loss[ok])
        self.acc_curve.setData(h[:, 0], h[:, 2])
        self._update_summary()

    def _update_summary(self) -> None:
        if self._net is None or not self._history:
            return
        step, loss, acc = self._history[-1]
        lines = [
            self.tr("Step {step}: loss {loss}, training accuracy {acc}").format(
                step=step, loss=format_number(loss, 4), acc=f"{100 * acc:.1f}%"),
            self.tr("Best straight line (logistic regression): {acc}").format(acc=f"{100 * self._baseline:.1f}%"),
            self.tr("Parameters: {n} (W₁ 2×{h}, b₁ {h}, W₂ {h}×2, b₂ 2)").format(
                n=self._net.parameter_count, h=self._net.hidden),
        ]
        if self.play_button.isChecked() and self._rate > 0:  # none until a tick has been timed
            lines.append(self.tr("About {rate} steps per second").format(rate=f"{self._rate:,.0f}"))
        if acc >= 0.95 > self._baseline + 0.05:
            lines.append(self.tr("<b>The hidden layer bends the boundary: a straight line cannot do this.</b>"))
        self.summary.set_text("<br>".join(lines))

    # ------------------------------------------------------------------ gradient check
    @Slot()
    def run_gradcheck(self) -> None:
        """Finite differences and torch autograd against the numpy gradients, on a worker (torch
        loads there, and a few thousand forward passes are not for the GUI thread)."""
        if self._net is None or self.tasks.is_running("gradcheck"):
            return
        net, X, y = self._net.copy(), self._data.X, self._data.y

        def work():
            return {"fd": gradcheck_fd(net, X, y), "autograd": gradcheck_autograd(net, X, y),
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
        good = r["fd"] <= FD_GOOD and r["autograd"] <= AUTOGRAD_GOOD
        verdict = (self.tr("Both agree: the backward pass is right.") if good else
                   self.tr("Larger than expected: with ReLU a point may sit on a kink, where finite differences "
                           "are not a derivative."))
        self.check_pane.set_text(self.tr(
            "<b>Gradient check</b> at step {step}, all {n} parameters, largest relative error:<br>"
            "finite differences {fd} · torch autograd {ag}<br>{verdict}").format(
            step=r["step"], n=r["parameters"], fd=f"{r['fd']:.1e}", ag=f"{r['autograd']:.1e}", verdict=verdict))

    # ------------------------------------------------------------------ settings
    def save_settings(self, s: QSettings) -> None:
        s.setValue("backprop/preset", str(self.preset_combo.currentData()))
        s.setValue("backprop/points", self.points_spin.value())
        s.setValue("backprop/noise", self.noise_spin.value())
        s.setValue("backprop/data_seed", self.data_seed_spin.value())
        s.setValue("backprop/hidden", self.hidden_spin.value())
        s.setValue("backprop/activation", str(self.activation_combo.currentData()))
        s.setValue("backprop/lr", float(self.lr_slider.value()))
        s.setValue("backprop/momentum", self.momentum_check.isChecked())
        s.setValue("backprop/init_seed", self.init_seed_spin.value())

    def restore_settings(self, s: QSettings) -> None:
        widgets = (self.preset_combo, self.points_spin, self.noise_spin, self.data_seed_spin, self.hidden_spin,
                   self.activation_combo, self.momentum_check, self.init_seed_spin)
        for w in widgets:
            w.blockSignals(True)
        try:
            self.preset_combo.setCurrentIndex(max(0, self.preset_combo.findData(read_for(s, "backprop/preset", "moons", self.preset_combo))))
            self.points_spin.setValue(read_for(s, "backprop/points", 400, self.points_spin))
            self.noise_spin.setValue(read_for(s, "backprop/noise", 0.15, self.noise_spin))
            self.data_seed_spin.setValue(read_for(s, "backprop/data_seed", 0, self.data_seed_spin))
            self.hidden_spin.setValue(read_for(s, "backprop/hidden", 16, self.hidden_spin))
            self.activation_combo.setCurrentIndex(
                max(0, self.activation_combo.findData(read_for(s, "backprop/activation", "tanh", self.activation_combo))))
            self.momentum_check.setChecked(read(s, "backprop/momentum", False))
            self.init_seed_spin.setValue(read_for(s, "backprop/init_seed", 0, self.init_seed_spin))
        finally:
            for w in widgets:
                w.blockSignals(False)
        self.lr_slider.set_value(read_for(s, "backprop/lr", 0.5, self.lr_slider))
        self.new_data()

    def shutdown(self, deadline: float | None = None) -> None:
        self.play_button.setChecked(False)
        self.timer.stop()
        self.tasks.shutdown(deadline)
