"""The Linear lab's optimizer choice and the optimizer race, driven through the widgets."""

import numpy as np
import pytest
from PySide6.QtCore import Qt

from core.linreg import SEED_PRESET, GDConfig, LinearGD
from core.optim import OptimConfig
from gui.labs.linear.state import LinearState


@pytest.fixture
def make_panel(qtbot, app_language):
    from gui.labs.linear_panel import LinearRegressionPanel

    def make():
        p = LinearRegressionPanel()
        qtbot.addWidget(p)
        return p

    return make


def choose(p, name: str) -> None:
    p.optimizer_combo.setCurrentIndex(p.optimizer_combo.findData(name))


def test_the_combo_sets_the_learners_rule_and_shows_only_its_hyperparameters(qtbot, make_panel):
    p = make_panel()
    assert p.learner().config.optimizer.name == "gd" and p.optimizer_group.applicable() == []
    p.advance(20, None)
    choose(p, "momentum")
    gd = p.learner()
    assert gd.config.optimizer.name == "momentum" and gd.iteration == 0  # another rule: the run starts again
    assert p.optimizer_group.applicable() == ["batch_size", "momentum"]
    assert p.optimizer_group.momentum_spin.value() == pytest.approx(0.9)  # torch's default, visible
    choose(p, "adam")
    assert p.optimizer_group.applicable() == ["batch_size", "beta1", "beta2", "eps"]
    assert p.optimizer_group.beta2_spin.value() == pytest.approx(0.999)
    assert p.optimizer_group.eps_slider.value() == pytest.approx(1e-8)
    p.optimizer_group.beta1_spin.setValue(0.8)
    assert p.learner().config.optimizer.beta1 == pytest.approx(0.8)


def test_the_run_equals_an_independent_learner_with_the_same_config(qtbot, make_panel):
    p = make_panel()
    choose(p, "adam")
    p.lr_slider.set_value(0.5)
    p.advance(120, None)
    ref = LinearGD(SEED_PRESET.points(), GDConfig(lr=0.5, intercept_lr_scale=SEED_PRESET.config.intercept_lr_scale,
                                                  max_iters=SEED_PRESET.config.max_iters, start=(1.0, 1.0),
                                                  optimizer=OptimConfig("adam", lr=0.5)))
    ref.step(120)
    assert p.learner().iteration == 120
    assert (p.learner().intercept, p.learner().slope) == (ref.intercept, ref.slope)


def test_the_optimizer_survives_the_state_round_trip(qtbot, make_panel):
    p = make_panel()
    choose(p, "sgd")
    p.optimizer_group.batch_spin.setValue(7)
    p.advance(30, None)
    st = p.state()
    assert st.optimizer == "sgd" and st.batch_size == 7 and st.iteration == 30
    back = LinearState.from_dict(st.to_dict())
    q = make_panel()
    q.set_state(back)
    assert q.state() == st
    assert q.optimizer_combo.currentData() == "sgd" and q.optimizer_group.batch_spin.value() == 7
    assert (q.learner().intercept, q.learner().slope) == (p.learner().intercept, p.learner().slope)


def test_the_formula_pane_says_which_rule_runs_and_hides_gradient_descents_update(qtbot, make_panel):
    p = make_panel()
    p.show_formulas(True)
    assert p.formula_view.pane.row("upd0").isVisibleTo(p.formula_view.pane)
    choose(p, "adam")
    p.lr_slider.set_value(0.5)
    p.advance(10, None)
    p._update_formulas()
    pane = p.formula_view.pane
    assert not pane.row("upd0").isVisibleTo(pane) and not pane.row("upd1").isVisibleTo(pane)
    frame = p.formula_view.frame()
    assert frame is not None and frame.rule_step is not None and frame.rule_step.rule == "adam"
    gd = p.learner()
    gd.step(1)  # the step the pane announced is the one the learner takes
    c0, c1 = gd.internal_theta
    assert frame.rule_step.next_theta == pytest.approx((c0, c1), rel=1e-12)
    assert "Adam" in pane.header.text()
