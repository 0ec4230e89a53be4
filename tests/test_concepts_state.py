"""The Concepts lab's state (gui/labs/concepts/state.py): checked fields, files, the session,
the old settings, and what marks an experiment unsaved."""

from __future__ import annotations

import json

import numpy as np
import pytest

from core.experiment import Experiment, read_experiment, write_experiment
from gui.labs.concepts.state import PAGES, ConceptsState, parameter_count
from gui.state import StateError, Table

# ---------------------------------------------------------------------- the state, without Qt


def test_defaults_are_the_labs_first_look():
    s = ConceptsState()
    assert s.page == "activations" and s.shown_functions() == ("sigmoid", "tanh", "relu")
    assert s.activations_focus == "sigmoid" and s.activations_range == 6.0 and s.activations_eps == 0.01
    assert s.softmax_count == 4 and s.softmax_logits[:4] == (2.0, 1.0, 0.1, -1.0) and s.softmax_scale == 1
    assert (s.chain_a, s.chain_b, s.chain_step) == (2.0, 1.0, 0)
    assert (s.backprop_preset, s.backprop_points, s.backprop_hidden) == ("moons", 400, 16)
    assert s.backprop_activation == "tanh" and s.backprop_noise == 0.15 and s.backprop_init_seed == 0
    assert s.backprop_lr == 0.5 and not s.backprop_momentum and s.backprop_steps == 0
    assert len(s.backprop_weights) == 0 and s.backprop_weights.shape == (0, 2)
    d = s.to_dict()
    assert d["version"] == 1 and ConceptsState.from_dict(d) == s


def trained_state(**changes) -> ConceptsState:
    """A state as the lab writes it after a run: weights, velocity and curves."""
    rng = np.random.default_rng(1)
    hidden = changes.pop("backprop_hidden", 5)
    weights = Table(rng.normal(size=(parameter_count(hidden), 2)))
    history = Table(np.column_stack([np.arange(0, 40, 10), [0.69, 0.5, 0.4, 0.3], [0.5, 0.7, 0.8, 0.9]]))
    fields = dict(page="backprop", activations_gelu=True, activations_sigmoid=False, activations_focus="gelu",
                  softmax_logits=(1.5, -2.25) + (0.0,) * 8, softmax_scale=100, softmax_count=6, softmax_class=5,
                  chain_step=3, backprop_hidden=hidden, backprop_momentum=True, backprop_steps=30,
                  backprop_weights=weights, backprop_history=history)
    return ConceptsState(**{**fields, **changes})


def test_round_trip_through_json_and_blobs():
    s = trained_state(backprop_lr=0.037, chain_a=-9.5)
    blobs: dict[str, bytes] = {}
    d = json.loads(json.dumps(s.to_dict(blobs), allow_nan=False))
    back = ConceptsState.from_dict(d, blobs=blobs)
    assert back == s and back.backprop_weights.array[3, 1] == s.backprop_weights.array[3, 1]
    assert back.backprop_history.array[-1].tolist() == [30.0, 0.3, 0.9]
    assert back != s.replace(backprop_lr=0.036)  # equality compares values, weights included
    w = s.backprop_weights.array.copy()
    w[0, 0] += 1e-12
    assert back != s.replace(backprop_weights=w)


@pytest.mark.parametrize("field, value", [
    ("page", "settings"),                       # choice
    ("softmax_scale", 5),                       # choice of numbers
    ("softmax_scale", "100"),                   # a number written as text is not the number
    ("activations_gelu", "yes"),                # flag
    ("activations_range", 0.5),                 # number below the range box's minimum
    ("activations_eps", float("nan")),          # not finite
    ("backprop_lr", 50.0),                      # above the slider's maximum
    ("softmax_count", 11),                      # integer above the box's maximum
    ("backprop_points", 100.5),                 # not whole
    ("backprop_hidden", True),                  # a flag is not a number
    ("softmax_logits", [1.0, 25.0]),            # numbers outside ±20
    ("softmax_logits", [0.0] * 11),             # too many
    ("backprop_weights", [[1.0, 2.0, 3.0]]),    # table of the wrong width
    ("backprop_history", [[0.0, float("inf"), 0.5]]),  # table with a value not finite
])
def test_strict_refuses_a_bad_value_naming_its_field(field, value):
    d = ConceptsState().to_dict()
    d[field] = value
    with pytest.raises(StateError) as info:
        ConceptsState.from_dict(d, strict=True)
    assert info.value.code == "bad_value" and info.value.details["field"] == field


@pytest.mark.parametrize("field, value", [
    ("softmax_class", 4),          # the true class must be one of the 4 logits in play
    ("backprop_weights", np.zeros((parameter_count(16) + 1, 2)).tolist()),  # not the network's size
    ("backprop_steps", 12),        # a run's position without its weights
])
def test_strict_refuses_fields_that_do_not_fit_together(field, value):
    d = ConceptsState().to_dict()
    d[field] = value
    with pytest.raises(StateError) as info:
        ConceptsState.from_dict(d)
    assert info.value.details["field"] == field
    lenient = ConceptsState.from_dict(d, strict=False)
    assert getattr(lenient, field) == getattr(ConceptsState(), field)


def test_lenient_takes_the_default_of_each_bad_value_only():
    d = trained_state().to_dict()
    d.update(page=7, activations_range=-3.0, softmax_temperature="hot", chain_a=1e9, backprop_activation="swish",
             backprop_weights=[[1.0, 2.0]])  # one row: not this network's weights
    s = ConceptsState.from_dict(d, strict=False)
    default = ConceptsState()
    assert s.page == default.page and s.activations_range == default.activations_range
    assert s.softmax_temperature == default.softmax_temperature and s.chain_a == default.chain_a
    assert s.backprop_activation == "tanh"
    # the run's weights did not fit: the network starts from its seed, at step 0, without curves
    assert len(s.backprop_weights) == 0 and s.backprop_steps == 0 and len(s.backprop_history) == 0
    # the good values stay
    assert s.softmax_scale == 100 and s.softmax_class == 5 and s.chain_step == 3 and s.backprop_momentum


def test_a_future_version_and_a_non_state_are_refused():
    d = ConceptsState().to_dict()
    d["version"] = 2
    with pytest.raises(StateError) as info:
        ConceptsState.from_dict(d, strict=False)
    assert info.value.code == "future_version"
    for bad in ([], {"version": "1"}, {"page": "chain"}):
        with pytest.raises(StateError):
            ConceptsState.from_dict(bad)


def test_the_focused_function_is_always_drawn_and_short_logits_are_completed():
    d = ConceptsState().to_dict()
    d.update(activations_focus="gelu", activations_gelu=False, softmax_logits=[5.0, 4.0, 3.0])
    s = ConceptsState.from_dict(d)
    assert s.activations_gelu and s.shown_functions() == ("sigmoid", "tanh", "relu", "gelu")
    assert s.softmax_logits == (5.0, 4.0, 3.0) + ConceptsState().softmax_logits[3:]


def test_a_network_put_back_where_it_stood_trains_on_the_same():
    from core.backprop import TwoLayerNet, make_preset
    from core.errors import DataError

    data = make_preset("moons", 60, 0.1, 2)
    net = TwoLayerNet(4, "tanh", 2, 1, momentum=0.9)
    net.train_steps(data.X, data.y, 0.3, 7)
    theta, velocity, steps = net.training_state()
    twin = TwoLayerNet(4, "tanh", 2, 99, momentum=0.9)
    twin.restore_training(theta, velocity, steps)
    net.train_steps(data.X, data.y, 0.3, 5)
    twin.train_steps(data.X, data.y, 0.3, 5)
    assert twin.steps == 12 and twin.flat_params().tolist() == net.flat_params().tolist()
    before = twin.flat_params()
    with pytest.raises(DataError):
        twin.restore_training(theta[:-1], velocity, 3)
    with pytest.raises(DataError):
        twin.restore_training(theta, velocity * np.inf, 3)
    assert twin.flat_params().tolist() == before.tolist() and twin.steps == 12


# ---------------------------------------------------------------------- the lab


@pytest.fixture
def make_panel(qtbot):
    from gui.labs.concepts_panel import ConceptsPanel

    made = []

    def make():
        panel = ConceptsPanel()
        qtbot.addWidget(panel)
        panel.resize(1200, 800)
        made.append(panel)
        return panel

    yield make
    for panel in made:  # torch imported on its worker; qtbot closes the panels
        qtbot.waitUntil(lambda p=panel: not p.is_busy(), timeout=30000)


def choose(combo, data):
    index = combo.findData(data)
    assert index >= 0
    combo.setCurrentIndex(index)


def drive(panel) -> None:
    """Change many things on every page, through the widgets, as a user would."""
    act = panel.activations
    act.function_checks["gelu"].setChecked(True)
    act.function_checks["sigmoid"].setChecked(False)
    choose(act.focus_combo, "tanh")
    act.range_spin.setValue(10.0)
    act.eps_slider.set_value(0.05)
    act.set_cursor(-2.5)
    soft = panel.softmax
    soft.count_spin.setValue(6)
    choose(soft.scale_combo, 100)
    soft.logit_spins[4].setValue(750.0)
    soft.logit_sliders[1].setValue(-37)
    soft.temperature_slider.set_value(0.5)
    soft.class_combo.setCurrentIndex(5)
    chain = panel.chain
    chain.a_spin.setValue(-1.5)
    chain.b_slider.setValue(30)
    chain.step_button.click()
    chain.step_button.click()
    bp = panel.backprop
    choose(bp.preset_combo, "spiral")
    bp.points_spin.setValue(300)
    bp.noise_spin.setValue(0.2)
    bp.data_seed_spin.setValue(7)
    bp.hidden_spin.setValue(12)
    choose(bp.activation_combo, "relu")
    bp.lr_slider.set_value(0.2)
    bp.init_seed_spin.setValue(3)
    for _ in range(3):
        bp.step_button.click()
    bp.momentum_check.setChecked(True)  # midway: the velocity starts from here
    assert bp.train(25)
    bp.lr_slider.set_value(0.1)  # a run whose rate changed: replaying at one rate would not give it
    assert bp.train(12)
    panel.pages.setCurrentWidget(chain)


def screen(panel) -> dict:
    """What the lab shows: texts, curves and the decision map."""
    act, soft, chain, bp = panel.activations, panel.softmax, panel.chain, panel.backprop
    loss_x, loss_y = bp.loss_curve.getData()
    return {
        "act": (act.readout_label.text(), act.saturation_label.text(), act.shown_functions(), act.focus(),
                act.saturated_intervals()),
        "soft": ([soft.table.item(r, c).text() for r in range(soft.table.rowCount()) for c in range(6)],
                 soft.ce_label.text(), soft.gradient_label.text(), soft.message()),
        "chain": (chain.progress_label.text(), chain.derivation.text(), chain.shown_steps(),
                  [chain.node_grads[n].text() for n in "abcde"]),
        "bp": (bp.summary.text(), loss_x.tolist(), loss_y.tolist(), bp.net().flat_params().tolist(),
               bp.net().steps, bp.net().momentum),
        "page": panel.pages.currentIndex(),
    }


def test_a_changed_lab_comes_back_equal_from_a_file(qtbot, make_panel, tmp_path):
    panel = make_panel()
    drive(panel)
    state = panel.state()
    assert state.page == "chain" and state.chain_step == 2 and state.chain_b == 3.0
    assert state.softmax_scale == 100 and state.softmax_logits[4] == 7.5 and state.softmax_logits[1] == -3.7
    assert state.backprop_steps == 40 and state.backprop_momentum and state.backprop_lr == 0.1
    assert len(state.backprop_weights) == parameter_count(12) and len(state.backprop_history) >= 4
    shown = screen(panel)
    assert "Step 40:" in shown["bp"][0]

    blobs: dict[str, bytes] = {}
    path = tmp_path / "concepts.mlbl"
    write_experiment(path, Experiment(labs={"concepts": panel.export_state(blobs)}, blobs=blobs,
                                      current="concepts", app_version="test"))
    experiment = read_experiment(path)
    back = ConceptsState.from_dict(experiment.labs["concepts"], strict=True, blobs=experiment.blobs)
    assert back == state
    fresh = make_panel()
    assert screen(fresh) != shown
    fresh.set_state(back, experiment.blobs)
    assert fresh.state() == state
    assert screen(fresh) == shown
    # and the run goes on from there as the first one does
    assert panel.backprop.train(5) and fresh.backprop.train(5)
    assert fresh.backprop.net().flat_params().tolist() == panel.backprop.net().flat_params().tolist()
    assert fresh.backprop.summary.text() == panel.backprop.summary.text()


def test_widget_limits_are_the_states(qtbot, make_panel):
    panel = make_panel()
    checks = ConceptsState.checks()
    act, soft, chain, bp = panel.activations, panel.softmax, panel.chain, panel.backprop
    boxes = {"activations_range": act.range_spin, "softmax_count": soft.count_spin, "chain_a": chain.a_spin,
             "chain_b": chain.b_spin, "backprop_points": bp.points_spin, "backprop_noise": bp.noise_spin,
             "backprop_data_seed": bp.data_seed_spin, "backprop_hidden": bp.hidden_spin,
             "backprop_init_seed": bp.init_seed_spin}
    for name, box in boxes.items():
        assert (box.minimum(), box.maximum()) == (checks[name].lo, checks[name].hi), name
    for name, slider in (("activations_eps", act.eps_slider), ("softmax_temperature", soft.temperature_slider),
                         ("backprop_lr", bp.lr_slider)):
        assert (slider.minimum, slider.maximum) == pytest.approx((checks[name].lo, checks[name].hi)), name
    for name, combo in (("activations_focus", act.focus_combo), ("softmax_scale", soft.scale_combo),
                        ("backprop_preset", bp.preset_combo), ("backprop_activation", bp.activation_combo)):
        assert tuple(combo.itemData(i) for i in range(combo.count())) == checks[name].choices, name
    assert soft.logit_spins[0].maximum() == checks["softmax_logits"].hi  # at scale ×1
    assert checks["chain_step"].hi == 5 and checks["page"].choices == PAGES
    assert tuple(panel.pages.widget(i) for i in range(4)) == panel.all_pages()


def test_a_state_that_cannot_be_shown_changes_nothing(qtbot, make_panel):
    panel = make_panel()
    drive(panel)
    before, shown = panel.state(), screen(panel)
    bad = trained_state()  # weights for 5 hidden units
    with pytest.raises(StateError) as info:
        panel.set_state(bad.replace(backprop_hidden=7))  # built directly: set_state checks it too
    assert info.value.details["field"] == "backprop_weights"
    assert panel.state() == before and screen(panel) == shown


def test_state_changed_comes_from_the_user_not_from_set_state(qtbot, make_panel):
    panel = make_panel()
    seen = []
    panel.state_changed.connect(lambda: seen.append(1))
    panel.set_state(trained_state())
    panel.set_state(ConceptsState())
    assert seen == []
    bp = panel.backprop
    user_changes = [
        lambda: panel.activations.eps_slider.set_value(0.2),
        lambda: panel.activations.function_checks["gelu"].setChecked(True),
        lambda: panel.softmax.logit_sliders[0].setValue(12),
        lambda: choose(panel.softmax.scale_combo, 10),
        lambda: panel.chain.b_spin.setValue(-4.0),
        lambda: panel.chain.step_button.click(),
        lambda: panel.pages.setCurrentWidget(bp),
        lambda: bp.hidden_spin.setValue(9),
        lambda: bp.lr_slider.set_value(0.05),
        lambda: bp.momentum_check.setChecked(True),
        lambda: bp.step_button.click(),
        lambda: bp.reset_button.click(),
    ]
    for change in user_changes:
        seen.clear()
        change()
        assert seen, change
    # a run: Play and Pause say so; the timer's steps in between do not, one by one
    seen.clear()
    bp.play_button.setChecked(True)
    assert len(seen) == 1
    qtbot.waitUntil(lambda: bp.net().steps > 20, timeout=10000)
    assert len(seen) == 1
    bp.play_button.setChecked(False)
    assert len(seen) == 2 and panel.state().backprop_steps == bp.net().steps


# ---------------------------------------------------------------------- the window


@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    """The app's data folder in tmp_path. MLBL_DATA_DIR moves only the downloads: the session
    file goes to the app data folder (gui/paths.py), the user's own, so it is moved here too."""
    folder = tmp_path / "data"
    monkeypatch.setenv("MLBL_DATA_DIR", str(folder))
    monkeypatch.setattr("gui.experiments.session_path", lambda: folder / "session.mlbl")
    return folder


def open_window(qtbot, app_language):
    from gui.main_window import MainWindow
    from gui.settings import open_settings

    w = MainWindow(app_language, open_settings())
    w.ask_before_closing = False
    qtbot.addWidget(w)
    return w


def concepts_of(qtbot, window):
    window.select_tab("concepts")
    panel = window.panels["concepts"]
    qtbot.waitUntil(lambda: not panel.is_busy(), timeout=30000)
    return panel


def test_the_lab_survives_a_restart_through_the_session(qtbot, app_language, data_dir):
    w = open_window(qtbot, app_language)
    panel = concepts_of(qtbot, w)
    drive(panel)
    state, shown = panel.state(), screen(panel)
    w.close()
    assert (data_dir / "session.mlbl").is_file()
    w2 = open_window(qtbot, app_language)
    panel2 = concepts_of(qtbot, w2)
    assert panel2 is not panel and panel2.state() == state
    assert screen(panel2) == shown
    assert not w2.experiments.modified  # reopening is not a change
    w2.close()


def write_old_settings(values: dict) -> None:
    """The keys as the lab's save_settings wrote them before it had a state."""
    from gui.settings import open_settings

    s = open_settings()
    s.beginGroup("concepts")
    for key, value in values.items():
        s.setValue(key, value)
    s.endGroup()
    s.sync()


OLD_KEYS = {
    "page": 3,
    "activations/shown": "tanh relu gelu", "activations/focus": "tanh", "activations/range": 10.0,
    "activations/eps": 0.05, "activations/cursor": -2.5,
    "softmax/count": 6, "softmax/logits": "2.0 -3.7 0.1 -1.0 7.5 -0.5 1.5 -2.0 3.0 0.0", "softmax/scale": 100,
    "softmax/temperature": 0.5, "softmax/true_class": 5,
    "chain/a": -1.5, "chain/b": 3.0,
    "backprop/preset": "spiral", "backprop/points": 300, "backprop/noise": 0.2, "backprop/data_seed": 7,
    "backprop/hidden": 12, "backprop/activation": "relu", "backprop/lr": 0.1, "backprop/momentum": True,
    "backprop/init_seed": 3,
}


def test_old_settings_become_the_same_state(qtbot, app_language, data_dir):
    write_old_settings(OLD_KEYS)
    w = open_window(qtbot, app_language)  # no session yet: the lab reads the old keys
    panel = concepts_of(qtbot, w)
    s = panel.state()
    expected = ConceptsState(
        page="backprop", activations_sigmoid=False, activations_gelu=True, activations_focus="tanh",
        activations_range=10.0, activations_eps=0.05, activations_cursor=-2.5, softmax_count=6,
        softmax_logits=(2.0, -3.7, 0.1, -1.0, 7.5, -0.5, 1.5, -2.0, 3.0, 0.0), softmax_scale=100,
        softmax_temperature=0.5, softmax_class=5, chain_a=-1.5, chain_b=3.0, backprop_preset="spiral",
        backprop_points=300, backprop_noise=0.2, backprop_data_seed=7, backprop_hidden=12,
        backprop_activation="relu", backprop_lr=0.1, backprop_momentum=True, backprop_init_seed=3)
    # the run starts from its seed at step 0: those are the new network's weights
    assert s.replace(backprop_weights=Table((), 2), backprop_history=Table((), 3)) == expected
    assert s.backprop_steps == 0 and len(s.backprop_weights) == parameter_count(12)
    assert panel.softmax.logits()[4] == 750.0 and panel.backprop.net().momentum == 0.9
    assert panel.pages.currentWidget() is panel.backprop and not w.experiments.modified
    w.close()


def test_hostile_old_settings_give_defaults(qtbot, app_language, data_dir):
    write_old_settings({"page": 99, "activations/shown": "nonsense", "activations/focus": "swish",
                        "activations/range": "wide", "softmax/logits": "1 2 x", "softmax/scale": 7,
                        "softmax/true_class": 42, "chain/a": "nan", "backprop/hidden": "x",
                        "backprop/lr": 1e300, "backprop/momentum": "maybe", "backprop/preset": 3})
    w = open_window(qtbot, app_language)
    panel = concepts_of(qtbot, w)
    s = panel.state()
    assert s.replace(backprop_weights=Table((), 2), backprop_history=Table((), 3)) == ConceptsState()
    w.close()


def test_a_file_with_a_value_out_of_range_is_refused_and_the_lab_keeps_its_own(qtbot, app_language, data_dir,
                                                                                 tmp_path, monkeypatch):
    import gui.main_window

    monkeypatch.setattr(gui.main_window.QMessageBox, "warning", lambda *a, **k: None)
    w = open_window(qtbot, app_language)
    panel = concepts_of(qtbot, w)
    drive(panel)
    before, shown = panel.state(), screen(panel)
    for field, value in (("backprop_lr", 50.0), ("softmax_class", 9), ("backprop_weights", [[0.0, 0.0]])):
        d = trained_state().to_dict()
        d[field] = value
        path = tmp_path / f"bad-{field}.mlbl"
        write_experiment(path, Experiment(labs={"concepts": d}, current="concepts"))
        assert not w.open_experiment(str(path))
        assert panel.state() == before and screen(panel) == shown
    good = tmp_path / "good.mlbl"
    write_experiment(good, Experiment(labs={"concepts": trained_state().to_dict()}, current="concepts"))
    assert w.open_experiment(str(good)) and panel.state() == trained_state()
    w.close()


def test_curves_that_end_before_the_saved_step_are_completed_within_their_limit(qtbot, make_panel):
    from gui.labs.concepts.state import HISTORY_ROWS

    steps = np.arange(HISTORY_ROWS, dtype=float)
    full = Table(np.column_stack([steps, np.full_like(steps, 0.5), np.full_like(steps, 0.75)]))
    state = trained_state(backprop_steps=HISTORY_ROWS + 10, backprop_history=full)
    panel = make_panel()
    panel.set_state(state)
    shown = panel.state()
    assert len(shown.backprop_history) <= HISTORY_ROWS and shown.backprop_steps == HISTORY_ROWS + 10
    assert shown.backprop_history.array[-1, 0] == HISTORY_ROWS + 10  # the step the run stands at
    assert ConceptsState.from_dict(shown.to_dict()) == shown  # and a file of it reads back
