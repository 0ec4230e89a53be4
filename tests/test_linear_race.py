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


# ---------------------------------------------------------------- the race

def independent(cfg: GDConfig, iteration: int) -> LinearGD:
    run = LinearGD(SEED_PRESET.points(), cfg)
    run.step(iteration)
    run.seek(iteration)
    return run


def check_racers_equal_independent_runs(p) -> None:
    race = p.controller.race
    assert race is not None
    for run in race.runs:
        ref = independent(run.config, race.iteration)
        assert run.iteration == min(race.iteration, ref.history_length - 1)
        assert (run.intercept, run.slope, run.loss) == (ref.intercept, ref.slope, ref.loss)


def test_the_racers_equal_independent_runs_after_play_step_back_and_scrub(qtbot, make_panel):
    from PySide6.QtCore import Qt

    p = make_panel()
    p.race_check.setChecked(True)
    race = p.controller.race
    assert race is not None and race.rules == ["gd", "momentum", "rmsprop", "adam"]
    assert p.learner() is race  # the player drives the race
    p.player.speed.set_value(5000)
    qtbot.mouseClick(p.player.play_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: race.iteration > 200, timeout=10000)
    qtbot.mouseClick(p.player.play_button, Qt.MouseButton.LeftButton)
    check_racers_equal_independent_runs(p)
    at = race.iteration
    qtbot.mouseClick(p.player.step_button, Qt.MouseButton.LeftButton)
    assert race.iteration == at + 1
    check_racers_equal_independent_runs(p)
    for _ in range(3):
        qtbot.mouseClick(p.player.back_button, Qt.MouseButton.LeftButton)
    assert race.iteration == at - 2
    check_racers_equal_independent_runs(p)
    p.player.seek_requested.emit(50)
    assert race.iteration == 50
    check_racers_equal_independent_runs(p)
    # the surface and loss plot show each racer's own path and curve, in its own colour
    for run in race.runs:
        rule = run.config.optimizer.name
        xs, ys = p.race_layer.curves[rule].getData()
        assert xs[-1] == 50 and ys[-1] == pytest.approx(np.log10(run.loss))
        assert p.race_layer.paths[rule].isVisible()
    assert not p.path_item.isVisible()  # the lab's own run is not drawn over the racers


def test_the_tables_arrival_equals_a_direct_computation(qtbot, make_panel):
    from core.race import RACE_TOL

    p = make_panel()
    p.race_check.setChecked(True)
    p.advance(1600, None)
    p._refresh_views(force_text=True)
    race = p.controller.race
    for run in race.runs:
        ref = independent(run.config, race.iteration)
        _, _, losses = ref.history()
        jstar = ref.moments.j_star
        excess = losses - jstar
        hits = np.nonzero(excess <= RACE_TOL * excess[0])[0]
        rule = run.config.optimizer.name
        expected = f"{int(hits[0]):,}" if hits.size else "—"
        assert p.race_readout.cell(rule, 3) == expected
        assert p.race_readout.cell(rule, 1) == f"{run.iteration:,}"
    assert p.race_readout.cell("adam", 3) != "—" and p.race_readout.cell("gd", 3) != "—"


def test_a_diverging_racer_says_so(qtbot, make_panel):
    from gui.labs.linear.state import default_race_rows
    from gui.state import Table

    p = make_panel()
    rows = default_race_rows().array.copy()
    rows[:, 1] = 0
    rows[3, 1] = 1  # nesterov, at a rate too big for it
    rows[3, 2] = 5e-5
    rows[0, 1] = 1
    p.race_group.show_rows(Table(rows), True)
    p.race_group.race_changed.emit()
    p.advance(200, None)
    p._refresh_views(force_text=True)
    assert p.race_readout.cell("nesterov", 3) == "diverged"
    assert p.race_readout.cell("gd", 3) == "—"


def test_racer_colours_are_distinct():
    from gui.labs.linear.views import RACE_COLOURS
    from core.optim import OPTIMIZERS

    assert set(RACE_COLOURS) == set(OPTIMIZERS)
    assert len(set(RACE_COLOURS.values())) == len(OPTIMIZERS)


def test_the_race_survives_the_state_round_trip_and_its_edits_restart_it(qtbot, make_panel):
    p = make_panel()
    p.race_check.setChecked(True)
    item = p.race_group.table.item(6, 1)  # Adam's α
    item.setText("0.25")
    race = p.controller.race
    assert race.runs[-1].config.optimizer.lr == 0.25 and race.iteration == 0
    p.race_group.table.selectRow(6)
    assert not p.optimizer_combo.isEnabled() and p.optimizer_combo.currentData() == "adam"
    p.optimizer_group.beta1_spin.setValue(0.7)  # the update-rule box edits the selected racer
    race = p.controller.race
    assert race.runs[-1].config.optimizer.beta1 == pytest.approx(0.7)
    assert p.controller.gd.config.optimizer.name == "gd"  # the lab's own run (the clock) is untouched
    p.advance(40, None)
    st = p.state()
    assert st.race and st.race_table().array[6, 2] == 0.25 and st.race_table().array[6, 6] == pytest.approx(0.7)
    back = LinearState.from_dict(st.to_dict())
    assert back == st
    q = make_panel()
    q.set_state(back)
    assert q.state().race_rules == st.race_rules and q.race_check.isChecked()
    assert q.controller.race.runs[-1].config.optimizer.beta1 == pytest.approx(0.7)
    q.race_check.setChecked(False)
    assert q.controller.race is None and q.optimizer_combo.isEnabled()


def test_a_version_2_state_migrates_to_no_race():
    d = LinearState().to_dict()
    d.pop("race")
    d.pop("race_rules")
    d["version"] = 2
    st = LinearState.from_dict(d)
    assert not st.race and len(st.race_rules) == 0 and len(st.race_table()) == 7


def test_the_race_demo(qtbot, make_panel):
    p = make_panel()
    p.start_demo("race")
    assert p.controller.race.rules == ["gd", "momentum", "rmsprop", "adam"]
    assert p.player.is_playing() and p.info_tabs.currentWidget() is p.race_readout
    assert "Adam" in p.race_group.help_label.text() and "10000" in p.race_group.help_label.text()
    p.player.set_playing(False)


def test_the_numbers_table_makes_no_gradient_descent_claim_for_another_rule(qtbot, make_panel):
    p = make_panel()
    choose(p, "adam")
    p.lr_slider.set_value(0.5)  # far above plain gradient descent's stable rate: not Adam's
    p._refresh_views(force_text=True)
    text = p.info_label.text() if hasattr(p.info_label, "text") else ""
    assert "diverge" not in text and "Largest stable" not in text
    choose(p, "gd")
    p._refresh_views(force_text=True)
    text = p.info_label.text() if hasattr(p.info_label, "text") else ""
    assert "diverge" in text


def test_racing_the_update_rule_box_edits_a_racer_not_the_clock(qtbot, make_panel):
    p = make_panel()
    p.race_check.setChecked(True)
    assert not p.optimizer_combo.isEnabled() and p.optimizer_combo.currentData() == "gd"  # the first ticked row
    p.race_group.table.selectRow(2)  # momentum
    p.optimizer_group.momentum_spin.setValue(0.5)
    assert p.controller.race.runs[1].config.optimizer.momentum == pytest.approx(0.5)
    assert p.controller.gd.config.optimizer.name == "gd"


def test_a_restored_race_edits_a_racer_too(qtbot, make_panel):
    p = make_panel()
    p.set_state(LinearState(race=True))
    assert not p.optimizer_combo.isEnabled()
    p.set_state(LinearState())
    assert p.optimizer_combo.isEnabled() and p.controller.race is None
