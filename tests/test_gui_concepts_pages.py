"""The Concepts lab's activations and softmax pages, driven through their own widgets."""

import math

import numpy as np
import pytest
from PySide6.QtCore import QPointF, Qt

from core.concepts import (
    activation,
    cross_entropy_from_logits,
    derivative,
    saturated_ranges,
    softmax_gradient,
    softmax_stable,
)
from gui.labs.concepts.state import ConceptsState
from gui.labs.concepts_activations import ActivationsPage
from gui.labs.concepts_softmax import BAD_BACKGROUND, SoftmaxPage


@pytest.fixture
def act(qtbot):
    page = ActivationsPage()
    qtbot.addWidget(page)
    page.resize(1000, 700)
    return page


@pytest.fixture
def soft(qtbot):
    page = SoftmaxPage()
    qtbot.addWidget(page)
    page.resize(1000, 700)
    return page


def visible_regions(page):
    return [r.getRegion() for r in page.derivative_regions if r.isVisible()]


def column(page, c):
    return [page.table.item(r, c).text() for r in range(page.table.rowCount())]


# ---------------------------------------------------------------------- activations


def test_default_curves_are_the_seeds_three(act):
    assert act.shown_functions() == ["sigmoid", "tanh", "relu"] and act.focus() == "sigmoid"
    for key in ("sigmoid", "tanh", "relu"):
        x, y = act.value_curves[key].getData()
        assert x[0] == pytest.approx(-6.0) and x[-1] == pytest.approx(6.0) and len(x) > 500
        np.testing.assert_allclose(y, activation(key, x))
        xd, yd = act.derivative_curves[key].getData()
        np.testing.assert_allclose(yd, derivative(key, xd))
        assert act.value_curves[key].isVisible() and act.derivative_curves[key].isVisible()
    assert not act.value_curves["gelu"].isVisible()
    assert len(act.value_legend.items) == 3


def test_choosing_functions_changes_the_curves(act):
    act.function_checks["gelu"].setChecked(True)
    x, y = act.value_curves["gelu"].getData()
    assert act.value_curves["gelu"].isVisible()
    np.testing.assert_allclose(y, activation("gelu", x))
    _, yd = act.derivative_curves["gelu"].getData()
    assert yd.min() < -0.1  # GELU's derivative dips below 0
    act.function_checks["tanh"].setChecked(False)
    assert not act.value_curves["tanh"].isVisible()
    assert act.shown_functions() == ["sigmoid", "relu", "gelu"]
    assert len(act.value_legend.items) == 3
    # the last function cannot be unchecked
    for key in ("sigmoid", "relu"):
        act.function_checks[key].setChecked(False)
    act.function_checks["gelu"].setChecked(False)
    assert act.shown_functions() == ["gelu"] and act.focus() == "gelu"


def test_wider_range(act):
    act.range_spin.setValue(20.0)
    x, y = act.value_curves["relu"].getData()
    assert x[0] == pytest.approx(-20.0) and x[-1] == pytest.approx(20.0) and y.max() == pytest.approx(20.0)
    act.set_cursor(100.0)
    assert act.cursor_x() == pytest.approx(20.0)
    act.range_spin.setValue(5.0)
    assert act.cursor_x() == pytest.approx(5.0)


def expected_line(name, key, x):
    return f"{name}: g = {float(activation(key, x)):.4f}, g′ = {float(derivative(key, x)):.4f}"


def test_cursor_readout(qtbot, act):
    act.set_cursor(1.5)
    text = act.readout_label.text()
    assert text.splitlines()[0] == "x = 1.50"
    assert "Sigmoid: g = 0.8176, g′ = 0.1491" in text
    assert expected_line("Tanh", "tanh", 1.5) in text and "ReLU: g = 1.5000, g′ = 1.0000" in text
    # dragging the lower line moves the upper one and the readout
    act.derivative_cursor.setValue(-2.0)
    assert act.value_cursor.value() == pytest.approx(-2.0)
    assert act.readout_label.text().startswith("x = -2.00")
    assert "ReLU: g = 0.0000, g′ = 0.0000" in act.readout_label.text()
    xs, ys = act.value_markers.getData()
    assert list(xs) == pytest.approx([-2.0] * 3)
    assert ys[0] == pytest.approx(float(activation("sigmoid", -2.0)))


def test_click_moves_the_cursor(qtbot, act):
    act.show()
    qtbot.waitExposed(act)
    vb = act.value_plot.getViewBox()
    scene = vb.mapViewToScene(QPointF(3.0, 0.5))
    pos = act.value_plot.mapFromScene(scene)
    qtbot.mouseClick(act.value_plot.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    assert act.cursor_x() == pytest.approx(3.0, abs=0.05)
    assert act.derivative_cursor.value() == pytest.approx(act.cursor_x())
    assert act.readout_label.text().startswith("x = 3.0") or act.readout_label.text().startswith("x = 2.9")


def test_saturation_regions(act):
    regions = visible_regions(act)
    assert len(regions) == 2
    (a0, b0), (a1, b1) = regions
    assert a0 == pytest.approx(-6.0) and -5.0 < b0 < -4.0 and 4.0 < a1 < 5.0 and b1 == pytest.approx(6.0)
    np.testing.assert_allclose(regions, saturated_ranges("sigmoid", -6.0, 6.0, n=2001, eps=0.01))
    assert act.saturated_intervals() == saturated_ranges("sigmoid", -6.0, 6.0, n=2001, eps=0.01)
    assert np.all(derivative("sigmoid", np.array([a0, b1])) < 0.01)
    assert "saturation" in act.saturation_label.text()
    assert sum(r.isVisible() for r in act.value_regions) == 2
    act.set_focus("relu")
    regions = visible_regions(act)
    assert len(regions) == 1 and regions[0][0] == pytest.approx(-6.0) and regions[0][1] == pytest.approx(0.0)
    assert "ReLU′ = 0" in act.saturation_label.text()
    act.set_focus("leaky_relu")  # slope 0.01 is not below ε = 0.01: nothing shaded, the unit still learns
    assert act.function_checks["leaky_relu"].isChecked()
    assert visible_regions(act) == [] and "Leaky ReLU" in act.saturation_label.text()
    act.eps_slider.set_value(0.05)
    assert len(visible_regions(act)) == 1


def test_identity_overlay_equals_the_derivative(act):
    x, y = act.identity_curve.getData()
    _, yd = act.derivative_curves["sigmoid"].getData()
    assert act.identity_curve.isVisible()
    np.testing.assert_allclose(y, yd, atol=1e-15)
    act.set_focus("tanh")
    x, y = act.identity_curve.getData()
    _, yd = act.derivative_curves["tanh"].getData()
    np.testing.assert_allclose(y, yd, atol=1e-15)
    assert len(act.derivative_legend.items) == 1
    act.set_focus("relu")
    assert not act.identity_curve.isVisible()


def test_clicking_a_legend_sample_leaves_its_curve_shown(act):
    """pyqtgraph's legend hid a curve on a click while its check box still said "shown"."""

    class Click:
        accepted = None

        def button(self):
            return Qt.MouseButton.LeftButton

        def accept(self):
            self.accepted = True

        def ignore(self):
            self.accepted = False

    for legend in (act.value_legend, act.derivative_legend):
        for sample, _label in legend.items:
            sample.mouseClickEvent(Click())
            assert sample.item.isVisible()
    assert all(act.value_curves[k].isVisible() for k in act.shown_functions())


def page_state(page, **changes):
    """The lab's state with `page`'s fields as shown now."""
    return ConceptsState(**{**page.state_fields(), **changes})


def test_activations_state_round_trip(qtbot, act):
    act.function_checks["gelu"].setChecked(True)
    act.function_checks["sigmoid"].setChecked(False)
    act.set_focus("tanh")
    act.range_spin.setValue(10.0)
    act.eps_slider.set_value(0.05)
    act.set_cursor(-2.5)
    state = page_state(act)
    other = ActivationsPage()
    qtbot.addWidget(other)
    other.apply_state(state)
    assert other.shown_functions() == ["tanh", "relu", "gelu"] and other.focus() == "tanh"
    assert other.focus_combo.currentData() == "tanh"
    assert other.range_spin.value() == 10.0 and other.eps_slider.value() == pytest.approx(0.05)
    assert other.cursor_x() == pytest.approx(-2.5)
    x, _ = other.value_curves["tanh"].getData()
    assert x[-1] == pytest.approx(10.0)
    assert ConceptsState(**other.state_fields()) == state
    # the focused function is drawn even when the state leaves it out
    other.apply_state(state.replace(activations_focus="leaky_relu"))
    assert other.shown_functions() == ["tanh", "relu", "leaky_relu", "gelu"] and other.focus() == "leaky_relu"


def test_activations_language_switch(qtbot, act, app_language):
    app_language.set_language("zh_CN")
    act.retranslate_ui()
    assert act.readout_label.text() and act.saturation_label.text() and act.functions_group.title()
    assert act.tab_title() and ActivationsPage.tab_title()
    app_language.set_language("en")
    assert act.functions_group.title() == "Functions shown"
    assert act.tab_title() == "Activations"
    assert "Sigmoid: g = 0.8176" in act.readout_label.text()


# ---------------------------------------------------------------------- softmax


def heights(bars):
    return np.asarray(bars.opts["height"], dtype=np.float64)


def test_softmax_defaults(soft):
    assert soft.count() == 4 and soft.table.rowCount() == 4 and soft.class_combo.count() == 4
    z = soft.logits()
    np.testing.assert_allclose(heights(soft.prob_bars), softmax_stable(z, 1.0))
    np.testing.assert_allclose(heights(soft.grad_bars), softmax_gradient(z, 0, 1.0))
    assert soft.banner.kind() == "info" and "works" in soft.message()
    assert column(soft, 0) == ["2", "1", "0.1", "-1"]


def test_changing_a_logit_changes_the_bars(soft):
    soft.logit_sliders[2].setValue(50)  # 5.0
    assert soft.logit_spins[2].value() == pytest.approx(5.0)
    z = soft.logits()
    assert z[2] == pytest.approx(5.0)
    np.testing.assert_allclose(heights(soft.prob_bars), softmax_stable(z, 1.0))
    soft.logit_spins[0].setValue(-3.25)
    assert soft.logit_sliders[0].value() == -32 or soft.logit_sliders[0].value() == -33
    z = soft.logits()
    assert z[0] == pytest.approx(-3.25)
    np.testing.assert_allclose(heights(soft.prob_bars), softmax_stable(z, 1.0))
    assert float(column(soft, 4)[2]) == pytest.approx(softmax_stable(z)[2], rel=1e-3)


def test_huge_logits_break_only_the_naive_formula(soft):
    soft.scale_combo.setCurrentIndex(soft.scale_combo.findData(1000))
    z = soft.logits()
    assert list(z) == pytest.approx([2000.0, 1000.0, 100.0, -1000.0])
    assert soft.logit_spins[0].value() == pytest.approx(2000.0)
    exp_col, naive_col, stable_col = column(soft, 2), column(soft, 3), column(soft, 4)
    assert exp_col[:2] == ["inf", "inf"] and naive_col[:2] == ["NaN", "NaN"]
    for c in (2, 3):
        for r in (0, 1):
            assert soft.table.item(r, c).background().color() == BAD_BACKGROUND
    assert soft.table.item(0, 4).background().color() != BAD_BACKGROUND
    stable = np.array([float(v) for v in stable_col])
    assert np.isfinite(stable).all() and stable.sum() == pytest.approx(1.0)
    assert np.isfinite(heights(soft.prob_bars)).all()
    assert soft.banner.kind() == "error" and "overflowed" in soft.message() and "709.8" in soft.message()
    # back to ×1: the slider values were kept, the naive formula works again
    soft.scale_combo.setCurrentIndex(0)
    assert list(soft.logits()) == pytest.approx([2.0, 1.0, 0.1, -1.0])
    assert "NaN" not in column(soft, 3) and soft.banner.kind() == "info"


def test_underflow_is_explained(soft):
    soft.scale_combo.setCurrentIndex(soft.scale_combo.findData(100))
    for i in range(soft.count()):
        soft.set_logit(i, -1000.0 - i)
    assert column(soft, 2) == ["0"] * 4 and column(soft, 3) == ["NaN"] * 4
    assert "underflowed" in soft.message()
    assert np.array([float(v) for v in column(soft, 4)]).sum() == pytest.approx(1.0)


def test_tiny_temperature_stays_finite(soft):
    soft.temperature_slider.set_value(1e-3)
    assert soft.temperature() == 1e-3
    z, t = soft.logits(), soft.temperature()
    p = heights(soft.prob_bars)
    assert np.isfinite(p).all() and p.sum() == pytest.approx(1.0) and p[0] == pytest.approx(1.0)
    assert "NaN" not in column(soft, 4) and "NaN" in column(soft, 3)
    np.testing.assert_allclose(heights(soft.grad_bars), softmax_gradient(z, 0, t))
    soft.class_combo.setCurrentIndex(3)
    ce = cross_entropy_from_logits(z, 3, t)
    assert math.isfinite(ce) and ce == pytest.approx(3000.0)
    assert f"{ce:.6g}" in soft.ce_label.text() and "inf" in soft.ce_label.text()  # p_k itself is 0
    soft.scale_combo.setCurrentIndex(3)
    assert np.isfinite(heights(soft.prob_bars)).all() and np.isfinite(heights(soft.grad_bars)).all()


def test_logit_count(soft):
    soft.count_spin.setValue(7)
    assert soft.table.rowCount() == 7 and soft.class_combo.count() == 7
    assert sum(s.isVisibleTo(soft) for s in soft.logit_sliders) == 7
    assert sum(s.isVisibleTo(soft) for s in soft.logit_spins) == 7
    assert len(heights(soft.prob_bars)) == 7 and len(soft.logits()) == 7
    soft.class_combo.setCurrentIndex(6)
    soft.count_spin.setValue(3)
    assert soft.table.rowCount() == 3 and sum(s.isVisibleTo(soft) for s in soft.logit_sliders) == 3
    assert soft.true_class() == 2  # clamped to the last class left
    soft.count_spin.setValue(20)
    assert soft.count() == 10 and soft.table.rowCount() == 10


def test_cross_entropy_and_gradient_labels(soft):
    soft.class_combo.setCurrentIndex(1)
    soft.temperature_slider.set_value(2.0)
    z = soft.logits()
    ce = cross_entropy_from_logits(z, 1, 2.0)
    assert f"−ln p_k = {ce:.6g}" in soft.ce_label.text() and "Class 2" in soft.ce_label.text()
    g = softmax_gradient(z, 1, 2.0)
    assert g[1] < 0 and g.sum() == pytest.approx(0.0, abs=1e-12)
    text = soft.gradient_label.text()
    assert ", ".join(f"{v:.4g}" for v in g) in text and "T = 2" in text
    np.testing.assert_allclose(heights(soft.grad_bars), g)
    assert column(soft, 5) == [f"{v:.4g}" for v in g]
    assert soft.table.verticalHeaderItem(1).text().endswith("✓")


def test_softmax_state_round_trip(qtbot, soft):
    soft.count_spin.setValue(6)
    soft.logit_spins[4].setValue(7.5)
    soft.scale_combo.setCurrentIndex(2)
    soft.temperature_slider.set_value(0.5)
    soft.class_combo.setCurrentIndex(5)
    state = page_state(soft)
    other = SoftmaxPage()
    qtbot.addWidget(other)
    other.apply_state(state)
    assert other.count() == 6 and other.scale() == 100 and other.temperature() == 0.5 and other.true_class() == 5
    np.testing.assert_allclose(other.logits(), soft.logits())
    np.testing.assert_allclose(heights(other.prob_bars), heights(soft.prob_bars))
    assert other.table.rowCount() == 6 and other.logit_spins[4].value() == pytest.approx(750.0)
    assert ConceptsState(**other.state_fields()) == state
    other.apply_state(ConceptsState())
    assert other.count() == 4 and other.scale() == 1 and other.temperature() == 1.0 and other.true_class() == 0
    assert list(other.logits()) == pytest.approx([2.0, 1.0, 0.1, -1.0])


def test_softmax_language_switch(qtbot, soft, app_language):
    soft.scale_combo.setCurrentIndex(3)
    app_language.set_language("zh_CN")
    soft.retranslate_ui()
    assert soft.message() and soft.ce_label.text() and soft.gradient_label.text() and soft.tab_title()
    assert all(soft.table.horizontalHeaderItem(c).text() for c in range(soft.table.columnCount()))
    app_language.set_language("en")
    assert "overflowed" in soft.message() and soft.tab_title() == "Softmax"
    assert soft.table.horizontalHeaderItem(4).text() == "p_i stable"
