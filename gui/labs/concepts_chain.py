"""Concepts lab, chain rule: the seed's graph c = a + b, d = b + 1, e = c·d, forward and backward.

The graph is drawn once (QGraphicsScene items) and only its texts and colours change. The
backward pass is animated edge by edge from core.concepts.backward_steps; torch autograd's
answer is shown beside the hand-derived one once torch has been imported on a worker.
"""

from __future__ import annotations

import html
import math
from typing import Any

from PySide6.QtCore import QEvent, QPointF, QRect, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QBrush, QColor, QFont, QPainter, QPen, QPolygonF
from PySide6.QtWidgets import (
    QFormLayout,
    QGraphicsLineItem,
    QGraphicsPolygonItem,
    QGraphicsScene,
    QGraphicsSimpleTextItem,
    QGraphicsView,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QSlider,
    QVBoxLayout,
    QWidget,
)

from core.concepts import CHAIN_EDGES, backward_steps, chain_autograd, chain_forward
from gui.extras import missing_nn_sentence
from gui.labs.concepts.state import ConceptsState
from gui.labs.concepts_common import (
    CheckedDoubleSpinBox,
    EntryReporter,
    bind_player_keys,
)
from gui.widgets.banner import MessageBanner
from gui.widgets.control_column import ControlColumn
from gui.widgets.text_pane import TextPane

# node positions in scene units: inputs left, intermediates middle, output right
NODES = {"a": (0, 0), "b": (0, 200), "c": (260, 0), "d": (260, 200), "e": (520, 100)}
FORWARD_EDGES = (("a", "c"), ("b", "c"), ("b", "d"), ("c", "e"), ("d", "e"))
RADIUS = 34
STEP_MS = 900  # one edge of the backward animation
SLIDER_SCALE = 10  # slider ticks per unit: a and b move in steps of 0.1
LIMIT = 10.0

INK = QColor(40, 40, 40)
FORWARD = QColor(31, 119, 180)
BACKWARD = QColor(214, 39, 40)
DONE = QColor(255, 127, 14)


def _fmt(v: float) -> str:
    return f"{v:.4g}" if abs(v) < 1e5 else f"{v:.3e}"


class ReservedLabel(QLabel):
    """A wrapped label as tall as the tallest text it may show and as wide as the column gives
    it: switching between those texts moves nothing around it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        # its text never widens the column; the column's buttons and boxes set the width
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self._candidates: list[str] = []

    def set_candidates(self, texts: list[str]) -> None:
        """The texts this label may show until the next call (the current one among them)."""
        self._candidates = list(texts)
        self._reserve()

    def _reserve(self) -> None:
        width = self.contentsRect().width()
        if width <= 0:
            return
        fm = self.fontMetrics()
        box = QRect(0, 0, width, 100_000)
        need = max((fm.boundingRect(box, Qt.TextFlag.TextWordWrap, t).height()
                    for t in [*self._candidates, self.text()]), default=0)
        need += self.height() - self.contentsRect().height()
        if need != self.height() or self.minimumHeight() != need:
            self.setFixedHeight(need)

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._reserve()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._reserve()


class ChainRulePage(QWidget):
    """Sliders for a and b, the graph with forward values, and the backward pass edge by edge."""

    step_changed = Signal(int)  # how many backward edges are shown (0 … len(CHAIN_EDGES))
    # the user changed a choice the lab's state holds: a or b, or the edges shown (a step of
    # the animation too: the user started it, and it takes five steps at most)
    state_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._torch_ready = False
        self._torch_error = ""  # why torch could not be imported, when it could not
        self._torch_absent = False  # torch is not installed at all
        self._shown = 0  # backward edges drawn
        self._build_ui()
        self.retranslate_ui()
        self._refresh()

    # ------------------------------------------------------------------ UI
    def _build_ui(self) -> None:
        self.inputs_group = QGroupBox(self)
        self.a_spin, self.a_slider = self._number(2.0)
        self.b_spin, self.b_slider = self._number(1.0)
        self.a_label, self.b_label = QLabel(self), QLabel(self)
        form = QFormLayout(self.inputs_group)
        for label, spin, slider in ((self.a_label, self.a_spin, self.a_slider),
                                    (self.b_label, self.b_spin, self.b_slider)):
            row = QHBoxLayout()
            row.addWidget(slider, 1)
            row.addWidget(spin)
            form.addRow(label, row)

        self.pass_group = QGroupBox(self)
        self.play_button = QPushButton(self)
        self.step_button = QPushButton(self)
        self.reset_button = QPushButton(self)
        self.progress_label = ReservedLabel(self)
        col = QVBoxLayout(self.pass_group)
        row = QHBoxLayout()
        for b in (self.play_button, self.step_button, self.reset_button):
            row.addWidget(b)
        col.addLayout(row)
        col.addWidget(self.progress_label)

        self.derivation = TextPane(self, lines=6)
        self.check_pane = TextPane(self, lines=3)

        left = QVBoxLayout()
        left.addWidget(self.inputs_group)
        left.addWidget(self.pass_group)
        left.addWidget(self.derivation)
        left.addWidget(self.check_pane)
        left.addStretch(1)
        inner = QWidget(self)
        inner.setLayout(left)
        self.column = ControlColumn(inner, self, minimum_width=330)

        self.scene = QGraphicsScene(self)
        self.view = QGraphicsView(self.scene, self)
        self.view.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.view.setMinimumSize(420, 300)
        self._build_graph()

        self.banner = MessageBanner(self)
        right = QVBoxLayout()
        right.addWidget(self.banner)
        right.addWidget(self.view, 1)
        top = QHBoxLayout(self)
        top.addWidget(self.column)
        top.addLayout(right, 1)
        self.entries = EntryReporter(self.banner, self)
        self.entries.watch(self.a_spin, lambda: "a")
        self.entries.watch(self.b_spin, lambda: "b")
        bind_player_keys(self, self.play_button.click, self.step_button.click)

        self.timer = QTimer(self)
        self.timer.setInterval(STEP_MS)
        self.timer.timeout.connect(self._on_timer_timeout)
        self.play_button.clicked.connect(self._on_play_button_clicked)
        self.step_button.clicked.connect(self.step_backward)
        self.reset_button.clicked.connect(self.reset_backward)
        for spin, slider in ((self.a_spin, self.a_slider), (self.b_spin, self.b_slider)):
            spin.valueChanged.connect(self._on_spin_value_changed)
            slider.valueChanged.connect(self._on_slider_value_changed)
            spin.valueChanged.connect(self.state_changed)
            slider.valueChanged.connect(self.state_changed)
        self.step_changed.connect(self.state_changed)

    def _number(self, value: float) -> tuple[CheckedDoubleSpinBox, QSlider]:
        spin = CheckedDoubleSpinBox(self)
        spin.setRange(-LIMIT, LIMIT)
        spin.setDecimals(2)
        spin.setSingleStep(0.1)
        spin.setValue(value)
        slider = QSlider(Qt.Orientation.Horizontal, self)
        slider.setRange(int(-LIMIT * SLIDER_SCALE), int(LIMIT * SLIDER_SCALE))
        slider.setValue(round(value * SLIDER_SCALE))
        return spin, slider

    def _build_graph(self) -> None:
        """Nodes, edges with arrow heads, and the text items that change."""
        font = QFont()
        font.setPointSize(12)
        small = QFont()
        small.setPointSize(10)
        self.edge_lines: dict[tuple[str, str], QGraphicsLineItem] = {}
        self.edge_heads: dict[tuple[str, str], QGraphicsPolygonItem] = {}
        self.edge_texts: dict[tuple[str, str], QGraphicsSimpleTextItem] = {}
        self.edge_anchors: dict[tuple[str, str], tuple[float, float]] = {}
        for src, dst in FORWARD_EDGES:
            (x0, y0), (x1, y1) = NODES[src], NODES[dst]
            length = math.hypot(x1 - x0, y1 - y0)
            ux, uy = (x1 - x0) / length, (y1 - y0) / length
            p0 = QPointF(x0 + ux * RADIUS, y0 + uy * RADIUS)
            p1 = QPointF(x1 - ux * RADIUS, y1 - uy * RADIUS)
            line = self.scene.addLine(p0.x(), p0.y(), p1.x(), p1.y(), QPen(INK, 2))
            head = QPolygonF([p1, QPointF(p1.x() - 12 * ux + 6 * uy, p1.y() - 12 * uy - 6 * ux),
                              QPointF(p1.x() - 12 * ux - 6 * uy, p1.y() - 12 * uy + 6 * ux)])
            self.edge_heads[(src, dst)] = self.scene.addPolygon(head, QPen(INK), QBrush(INK))
            self.edge_lines[(src, dst)] = line
            text = self.scene.addSimpleText("", small)
            text.setBrush(QBrush(BACKWARD))
            # centred beside the middle of the edge, clear of the line on its right-hand side
            self.edge_anchors[(src, dst)] = ((x0 + x1) / 2 - 26 * uy + 14 * abs(uy), (y0 + y1) / 2 + 22 * ux)
            self.edge_texts[(src, dst)] = text
        self.node_circles, self.node_names, self.node_values, self.node_grads = {}, {}, {}, {}
        for name, (x, y) in NODES.items():
            circle = self.scene.addEllipse(x - RADIUS, y - RADIUS, 2 * RADIUS, 2 * RADIUS, QPen(INK, 2),
                                           QBrush(QColor(245, 248, 252)))
            self.node_circles[name] = circle
            label = self.scene.addSimpleText(name, font)
            label.setPos(x - label.boundingRect().width() / 2, y - label.boundingRect().height() / 2)
            self.node_names[name] = label
            value = self.scene.addSimpleText("", small)
            value.setBrush(QBrush(FORWARD))
            self.node_values[name] = value
            grad = self.scene.addSimpleText("", small)
            grad.setBrush(QBrush(BACKWARD))
            self.node_grads[name] = grad
        self.formula_text = self.scene.addSimpleText("", small)
        self.formula_text.setPos(-20, 280)
        self.scene.setSceneRect(-120, -90, 760, 420)

    def retranslate_ui(self) -> None:
        self.inputs_group.setTitle(self.tr("Inputs"))
        self.a_label.setText("a")
        self.b_label.setText("b")
        self.pass_group.setTitle(self.tr("Backward pass"))
        # as wide as its wider text, so Play ⇄ Pause does not move the column's edge
        widths = []
        for text in (self.tr("Pause"), self.tr("Play backward pass")):
            self.play_button.setText(text)
            widths.append(self.play_button.sizeHint().width())
        self.play_button.setMinimumWidth(max(widths))
        self.play_button.setText(self.tr("Pause") if self.timer.isActive() else self.tr("Play backward pass"))
        self.play_button.setToolTip(self.tr("Play or pause the backward pass (Space)"))
        self.step_button.setText(self.tr("Step"))
        self.step_button.setToolTip(self.tr("One more edge of the backward pass (.)"))
        self.reset_button.setText(self.tr("Reset"))
        self.formula_text.setText(self.tr("c = a + b    d = b + 1    e = c · d      blue: forward values, "
                                          "red: gradients ∂e/∂·"))
        self._refresh()

    def tab_title(self) -> str:
        return self.tr("Chain rule")

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        self.view.fitInView(self.scene.sceneRect(), Qt.AspectRatioMode.KeepAspectRatio)

    def showEvent(self, event) -> None:  # noqa: N802
        super().showEvent(event)
        self.view.fitInView(self.scene.sceneRect(), Qt.AspectRatioMode.KeepAspectRatio)

    def hideEvent(self, event) -> None:  # noqa: N802
        """Another page or lab took the screen: the animation stops (a minimised window goes on)."""
        super().hideEvent(event)
        if not event.spontaneous() and self.timer.isActive():
            self.timer.stop()
            self.retranslate_ui()

    # ------------------------------------------------------------------ values
    def values(self):
        return chain_forward(self.a_spin.value(), self.b_spin.value())

    def set_inputs(self, a: float, b: float) -> None:
        self.a_spin.setValue(a)
        self.b_spin.setValue(b)

    def set_torch_ready(self) -> None:
        """Torch has been imported (on a worker): autograd's check can run here in microseconds."""
        self._torch_ready = True
        self._refresh()

    def set_torch_not_installed(self) -> None:
        """Torch is not installed (the extra nn): say how to add it where the check would be."""
        self._torch_absent = True
        self._refresh()

    def set_torch_missing(self, reason: str) -> None:
        """Torch could not be imported: say so where autograd's check would be."""
        self._torch_error = reason or "ImportError"
        self._refresh()

    def shown_steps(self) -> int:
        return self._shown

    def entry_message(self) -> str:
        """Why a number box refused what was typed ("" when it did not)."""
        return self.entries.message()

    @Slot(float)
    def _on_spin_value_changed(self, _value: float) -> None:
        for spin, slider in ((self.a_spin, self.a_slider), (self.b_spin, self.b_slider)):
            slider.blockSignals(True)
            slider.setValue(round(spin.value() * SLIDER_SCALE))
            slider.blockSignals(False)
        self._refresh()

    @Slot(int)
    def _on_slider_value_changed(self, _value: int) -> None:
        for spin, slider in ((self.a_spin, self.a_slider), (self.b_spin, self.b_slider)):
            spin.blockSignals(True)
            spin.setValue(slider.value() / SLIDER_SCALE)
            spin.blockSignals(False)
        self._refresh()

    # ------------------------------------------------------------------ animation
    @Slot()
    def _on_play_button_clicked(self) -> None:
        if self.timer.isActive():
            self.timer.stop()
        else:
            if self._shown >= len(CHAIN_EDGES):
                self._shown = 0
            self.timer.start()
        self.retranslate_ui()

    @Slot()
    def _on_timer_timeout(self) -> None:
        self.step_backward()
        if self._shown >= len(CHAIN_EDGES):
            self.timer.stop()
            self.retranslate_ui()

    @Slot()
    def step_backward(self) -> None:
        """Show one more edge of the backward pass (after the last, start again)."""
        self._shown = 0 if self._shown >= len(CHAIN_EDGES) else self._shown + 1
        self._refresh()
        self.step_changed.emit(self._shown)

    @Slot()
    def reset_backward(self) -> None:
        self.timer.stop()
        self._shown = 0
        self.retranslate_ui()
        self.step_changed.emit(0)

    # ------------------------------------------------------------------ drawing
    def _refresh(self) -> None:
        v = self.values()
        steps = backward_steps(v)
        done = steps[: self._shown]
        forward = {"a": v.a, "b": v.b, "c": v.c, "d": v.d, "e": v.e}
        grads: dict[str, float] = {"e": 1.0} if self._shown > 0 else {}
        for s in done:
            grads[s.dst] = s.accumulated
        for name, (x, y) in NODES.items():
            value = self.node_values[name]
            value.setText(f"{name} = {_fmt(forward[name])}")
            value.setPos(x - value.boundingRect().width() / 2, y - RADIUS - 24)
            grad = self.node_grads[name]
            grad.setText(f"∂e/∂{name} = {_fmt(grads[name])}" if name in grads else "")
            grad.setPos(x - grad.boundingRect().width() / 2, y + RADIUS + 6)
            active = bool(done) and name == done[-1].dst
            self.node_circles[name].setPen(QPen(BACKWARD if active else INK, 3 if active else 2))
        current = (done[-1].src, done[-1].dst) if done else None
        taken = {(s.src, s.dst) for s in done}
        for (src, dst), line in self.edge_lines.items():
            back = (dst, src)  # the backward pass walks each forward edge the other way
            color = BACKWARD if back == current else DONE if back in taken else INK
            line.setPen(QPen(color, 4 if back == current else 2))
            self.edge_heads[(src, dst)].setBrush(QBrush(color))
            self.edge_heads[(src, dst)].setPen(QPen(color))
            step = next((s for s in done if (s.src, s.dst) == back), None)
            text = self.edge_texts[(src, dst)]
            text.setText(f"∂{back[0]}/∂{back[1]} = {_fmt(step.local)}" if step is not None else "")
            ax, ay = self.edge_anchors[(src, dst)]
            rect = text.boundingRect()
            text.setPos(ax - rect.width() / 2, ay - rect.height() / 2)
        self.progress_label.setText(self._progress_text(done))
        self.progress_label.set_candidates([self._progress_text(steps[:k]) for k in range(len(steps) + 1)])
        self.derivation.set_text(self._derivation_html(v))
        self.check_pane.set_text(self._check_html(v))

    def _progress_text(self, done: list) -> str:
        if not done:
            return self.tr("Forward pass done: every node holds its value. Play or step to send ∂e/∂e = 1 back.")
        s = done[-1]
        text = self.tr("Edge {k} of {n}: ∂e/∂{dst} += ∂e/∂{src} × ∂{src}/∂{dst} = {up} × {local} = {contrib}").format(
            k=len(done), n=len(CHAIN_EDGES), src=s.src, dst=s.dst, up=_fmt(s.upstream), local=_fmt(s.local),
            contrib=_fmt(s.contribution))
        if s.dst == "b" and s.accumulated != s.contribution:
            text += " " + self.tr("(b's second path: the two contributions add up to {total})").format(
                total=_fmt(s.accumulated))
        return text

    def _derivation_html(self, v) -> str:
        lines = [
            self.tr("<b>Forward</b>: c = a + b = {c}, d = b + 1 = {d}, e = c·d = {e}").format(
                c=_fmt(v.c), d=_fmt(v.d), e=_fmt(v.e)),
            self.tr("<b>Local derivatives</b>: ∂e/∂c = d = {d}, ∂e/∂d = c = {c}, ∂c/∂a = ∂c/∂b = ∂d/∂b = 1").format(
                d=_fmt(v.d), c=_fmt(v.c)),
            self.tr("<b>Chain rule</b>: ∂e/∂a = ∂e/∂c·∂c/∂a = d = b + 1 = {da}").format(da=_fmt(v.de_da)),
            self.tr("∂e/∂b = ∂e/∂c·∂c/∂b + ∂e/∂d·∂d/∂b = d + c = a + 2b + 1 = {db}").format(db=_fmt(v.de_db)),
        ]
        return "<br>".join(lines)

    def _check_html(self, v) -> str:
        if self._torch_absent:
            return html.escape(missing_nn_sentence("autograd"), quote=False)
        if self._torch_error:
            return self.tr("<b>torch autograd</b>: not available ({error}). The derivatives above are worked out "
                           "by hand and stand on their own.").format(error=html.escape(self._torch_error, quote=False))
        if not self._torch_ready:
            return self.tr("torch autograd: loading torch …")
        ga, gb = chain_autograd(v.a, v.b)
        worst = max(abs(ga - v.de_da), abs(gb - v.de_db))
        verdict = self.tr("matches") if worst <= 1e-12 * max(1.0, abs(ga), abs(gb)) else self.tr("DIFFERS")
        return self.tr("<b>torch autograd</b> (float64): ∂e/∂a = {ga}, ∂e/∂b = {gb} — {verdict} "
                       "(largest difference {diff})").format(ga=_fmt(ga), gb=_fmt(gb), verdict=verdict,
                                                              diff=f"{worst:.1e}")

    # ------------------------------------------------------------------ state
    def state_fields(self) -> dict[str, Any]:
        """The page's fields of ConceptsState, as shown now."""
        return {"chain_a": float(self.a_spin.value()), "chain_b": float(self.b_spin.value()),
                "chain_step": self._shown}

    def apply_state(self, state: ConceptsState) -> None:
        """Show the page's part of a checked state (the animation stopped), without signals."""
        self.timer.stop()
        for spin, slider, value in ((self.a_spin, self.a_slider, state.chain_a),
                                    (self.b_spin, self.b_slider, state.chain_b)):
            for w in (spin, slider):
                w.blockSignals(True)
            spin.setValue(value)
            slider.setValue(round(spin.value() * SLIDER_SCALE))
            for w in (spin, slider):
                w.blockSignals(False)
        self._shown = state.chain_step
        self.retranslate_ui()  # the play button's text, and a refresh

    def shutdown(self) -> None:
        self.timer.stop()
