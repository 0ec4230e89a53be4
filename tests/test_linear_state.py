"""The Linear Regression lab's state (gui/labs/linear/state.py): checked fields, files, the
session, the old settings, and the panel that shows it."""

from __future__ import annotations

import math

import numpy as np
import pytest

from core.linreg import SEED_PRESET, GDConfig
from gui.labs.linear.state import LinearState, schedule_table
from gui.state import INLINE_VALUES, StateError, Table

# --------------------------------------------------------------------------- Qt-free


def test_defaults_are_the_seed_settings():
    st = LinearState()
    assert st == LinearState.from_dict({"version": 1})
    assert (st.source, st.n, st.seed, st.noise) == ("seed", SEED_PRESET.n, SEED_PRESET.seed, SEED_PRESET.noise)
    assert st.config() == SEED_PRESET.config
    assert len(st.points) == 0 and st.iteration == 0 and st.schedule.shape == (0, 6)


def test_round_trip_inline_and_through_blobs():
    rng = np.random.default_rng(1)
    big = rng.normal(size=(INLINE_VALUES, 2))  # 2·INLINE_VALUES numbers: a blob
    cfg = GDConfig(lr=0.001, intercept_lr_scale=10.0, standardize=True, max_iters=900, tol=1e-9, start=(2.0, -3.0))
    st = LinearState(source="edited", points=Table(big), lr=0.002, standardize=True, tol_enabled=True, tol=1e-9,
                     schedule=schedule_table(((40, cfg),)), computed=120, iteration=77, surface_view=(0, 1, 2, 3),
                     csv_columns=(3, 1), csv_column_names="a\nb", speed=55.0)
    blobs: dict[str, bytes] = {}
    d = st.to_dict(blobs)
    assert d["points"] == "blob:linear/points.npy" and "linear/points.npy" in blobs
    back = LinearState.from_dict(d, blobs=blobs)
    assert back == st
    assert back.run_schedule() == [(40, GDConfig(lr=0.001, intercept_lr_scale=10.0, standardize=True, max_iters=900,
                                                 tol=1e-9, start=(1.0, 1.0)))]
    small = LinearState(points=Table([[1.0, 2.0], [3.0, 4.0]]), source="csv")
    assert LinearState.from_dict(small.to_dict()) == small  # inline without a sink


@pytest.mark.parametrize("name, bad", [
    ("lr", 100.0),  # number above the slider's 10
    ("lr", "0.1"),  # number as text
    ("n", 1),  # integer below 2
    ("n", 2.5),  # integer that is not whole
    ("standardize", 1),  # flag that is not a bool
    ("source", "bogus"),  # choice
    ("csv_path", 7),  # text
    ("csv_columns", [1, 2, 3]),  # numbers: too many
    ("surface_view", [0, math.inf]),  # numbers: not finite
    ("points", [[1.0, 2.0, 3.0]]),  # table: three columns
    ("points", [[1.0, float("nan")]]),  # table: not finite
    ("schedule", [[1, 2, 3]]),  # table: wrong width
    ("iteration", -1),
])
def test_strict_refuses_each_kind_of_bad_value(name, bad):
    with pytest.raises(StateError) as info:
        LinearState.from_dict({"version": 1, name: bad})
    assert info.value.code == "bad_value" and info.value.details["field"] == name


def test_lenient_takes_the_default_for_a_bad_value_only():
    st = LinearState.from_dict({"version": 1, "lr": -1.0, "n": 250, "source": "nope", "seed": 7}, strict=False)
    assert st.lr == LinearState().lr and st.source == "seed"
    assert st.n == 250 and st.seed == 7


def test_a_future_version_is_refused():
    with pytest.raises(StateError) as info:
        LinearState.from_dict({"version": LinearState.VERSION + 1, "lr": 0.1})
    assert info.value.code == "future_version"
    with pytest.raises(StateError):
        LinearState.from_dict({"lr": 0.1})  # no version at all


def test_the_learner_replays_a_history_of_several_settings():
    """core.descent: the schedule of a run whose settings changed in mid-run (also after a
    stop, and back in its history) rebuilds exactly the same states from the start."""
    from dataclasses import replace

    from core.linreg import LinearGD

    pts = SEED_PRESET.points()
    cfg = replace(SEED_PRESET.config, tol=1e-3)
    gd = LinearGD(pts, cfg)
    for _ in range(30):
        gd.step(7, time_budget=None)  # in frames, as Play steps it
    assert gd.stop_reason is not None and gd.stop_reason.value == "tolerance"
    stopped = gd.iteration
    gd.set_config(replace(cfg, tol=0.0, standardize=True, lr=0.3, intercept_lr_scale=1.0))  # goes on past the stop
    gd.step(50)
    gd.seek(stopped + 20)
    gd.set_config(replace(cfg, tol=0.0, lr=2e-5))  # back in the history: what came after is dropped
    gd.step(40)
    gd.seek(stopped + 45)
    assert [until for until, _ in gd.schedule] == [stopped, stopped + 20]
    again = LinearGD(pts, gd.config)
    again.replay(gd.schedule, gd.config, gd.history_length - 1, gd.iteration)
    assert (again.iteration, again.history_length) == (gd.iteration, gd.history_length)
    for a, b in zip(gd.history(10**9), again.history(10**9)):
        assert np.array_equal(a, b)
    gd.reset()
    assert gd.schedule == ()


# --------------------------------------------------------------------------- the panel


@pytest.fixture
def make_panel(qtbot, app_language):
    from gui.labs.linear_panel import LinearRegressionPanel

    def make():
        p = LinearRegressionPanel()
        qtbot.addWidget(p)
        return p

    return make


def on_screen(p) -> dict:
    """What a user reads: the equation, the numbers, the source line, the timeline, the start."""
    gd = p.learner()
    return {"equation": p.equation_label.text(), "info": p.info_label.text(), "source": p.source_label.text(),
            "start": p.start_label.text(), "position": (gd.iteration, gd.history_length),
            "theta": (gd.intercept, gd.slope, gd.loss), "banner": p.message()}


def click(qtbot, button, times=1):
    from PySide6.QtCore import Qt

    for _ in range(times):
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_panel_round_trip_through_a_file(qtbot, make_panel, tmp_path):
    from core.experiment import Experiment, read_experiment, write_experiment

    p = make_panel()
    assert p.state() == LinearState()
    p.noise_slider.setValue(9.5)  # new data: synthetic
    p.seed_spin.setValue(42)
    p.scale_slider.set_value(50.0)
    p.lr_slider.set_value(2e-5)
    p.tol_check.setChecked(True)
    p.tol_slider.set_value(1e-14)
    p.iters_spin.setValue(5000)
    p.player.speed.set_value(777)
    click(qtbot, p.player.step_button, 5)
    p.advance(40, None)
    p.lr_slider.set_value(4e-5)  # a new rate in mid-run: the history keeps the old one's steps
    p.advance(60, None)
    p.standardize_check.setChecked(True)
    p.advance(30, None)
    click(qtbot, p.player.back_button, 3)
    p.points_vb.point_added.emit(150.0, 200.0)  # a hand edit: the run goes on from the current line
    p.advance(25, None)
    click(qtbot, p.player.back_button, 2)
    st = p.state()
    assert st.source == "edited" and len(st.points) == SEED_PRESET.n + 1
    assert st.iteration == 23 and st.computed == 25 and st.standardize and st.speed == 777
    before = on_screen(p)

    path = tmp_path / "linear.mlbl"
    blobs: dict[str, bytes] = {}
    write_experiment(str(path), Experiment(labs={"linear": p.export_state(blobs)}, blobs=blobs, current="linear",
                                           app_version="test"))
    back = read_experiment(str(path))
    q = make_panel()
    q.set_state(LinearState.from_dict(back.labs["linear"], blobs=back.blobs), back.blobs)
    assert q.state() == st
    assert on_screen(q) == before
    assert q.standardize_check.isChecked() and q.iters_spin.value() == 5000 and q.tol_check.isChecked()
    assert q.noise_slider.value() == pytest.approx(9.5) and q.seed_spin.value() == 42


def test_a_run_with_changed_settings_replays_exactly(qtbot, make_panel):
    p = make_panel()
    p.advance(300, None)
    p.lr_slider.set_value(1e-4)  # in mid-run
    p.advance(200, None)
    p.player.seek_requested.emit(400)
    p.scale_slider.set_value(3000.0)  # back in the history, then another change
    p.advance(100, None)
    st = p.state()
    assert st.schedule.shape == (2, 6)
    q = make_panel()
    q.set_state(st)
    b, k, losses = p.learner().history()
    b2, k2, losses2 = q.learner().history()
    assert np.array_equal(b, b2) and np.array_equal(k, k2) and np.array_equal(losses, losses2)
    assert on_screen(q) == on_screen(p)


def test_surface_zoom_and_csv_columns_survive(qtbot, make_panel, tmp_path):
    f = tmp_path / "pts.csv"
    f.write_text("a,b,c\n" + "\n".join(f"{i},{2 * i + 1},{i % 3}" for i in range(30)))
    p = make_panel()
    p.load_csv(str(f), (0, 1))
    qtbot.waitUntil(lambda: p.state().source == "csv", timeout=5000)
    p.surface_vb.setRange(xRange=(-5, 5), yRange=(-1, 3), padding=0)
    p.surface_vb.sigRangeChangedManually.emit([True, True])
    st = p.state()
    assert st.csv_columns == (0, 1) and st.csv_column_names == "a\nb" and len(st.points) == 30
    assert st.surface_view == pytest.approx((-5, 5, -1, 3))
    q = make_panel()
    q.set_state(LinearState.from_dict(st.to_dict()))
    assert q.source_label.text() == p.source_label.text() and "Columns used" in q.source_label.text()
    assert q.state() == st


def test_hand_edits_survive_a_restart(qtbot, app_language, tmp_path, monkeypatch):
    from gui.experiments import session_path
    from gui.main_window import MainWindow
    from gui.settings import open_settings

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("MLBL_DATA_DIR", str(tmp_path / "downloads"))
    assert str(session_path()).startswith(str(tmp_path))
    w = MainWindow(app_language, open_settings())
    qtbot.addWidget(w)
    p = w.panels["linear"]
    p.points_vb.point_added.emit(120.0, 300.0)
    p.points_vb.point_removed.emit(0)
    p.points_vb.point_moved.emit(1, 130.0, 10.0)
    x, y = p.points().x.copy(), p.points().y.copy()
    click(qtbot, p.player.step_button, 4)
    shown = on_screen(p)
    w.close()
    assert session_path().is_file()

    w2 = MainWindow(app_language, open_settings())
    qtbot.addWidget(w2)
    p2 = w2.panels["linear"]
    assert np.array_equal(p2.points().x, x) and np.array_equal(p2.points().y, y)
    assert p2.source_label.text().startswith("Edited by hand")
    assert on_screen(p2) == shown
    w2.close()


def test_old_settings_become_the_same_state(qtbot, make_panel, tmp_path):
    from gui.settings import open_settings

    s = open_settings()
    s.beginGroup("linear")  # as the lab's save_settings wrote them before experiment files
    for key, value in {"n": 300, "slope": 1.5, "intercept": -20.0, "noise": 2.0, "seed": 9, "source": "synthetic",
                       "csv_path": "", "csv_columns": "", "lr": 3e-5, "lr_scale": 20.0, "standardize": True,
                       "max_iters": 777, "tol_enabled": True, "tol": 1e-10, "start_b": 2.0, "start_k": -0.5,
                       "speed": 1234.0}.items():
        s.setValue(key, value)
    s.endGroup()
    s.sync()
    p = make_panel()
    with qtbot.assertNotEmitted(p.state_changed):
        p.restore_settings(open_settings())  # read back from the file: values come back as text
    assert p.state() == LinearState(source="synthetic", n=300, slope=1.5, intercept=-20.0, noise=2.0, seed=9,
                                    lr=3e-5, intercept_lr_scale=20.0, standardize=True, max_iters=777,
                                    tol_enabled=True, tol=1e-10, start_b=2.0, start_k=-0.5, speed=1234.0)
    assert p.learner().config.tol == 1e-10 and p.points().n == 300


def test_old_settings_bad_values_and_a_csv_file(qtbot, make_panel, tmp_path):
    from gui.settings import open_settings

    f = tmp_path / "old.csv"
    f.write_text("x,y\n" + "\n".join(f"{i},{3 * i}" for i in range(12)))
    s = open_settings()
    s.beginGroup("linear")
    for key, value in {"lr": 1e9, "start_b": 1e300, "n": "many", "source": "csv", "csv_path": str(f),
                       "speed": 5.0}.items():
        s.setValue(key, value)
    s.endGroup()
    p = make_panel()
    with qtbot.assertNotEmitted(p.state_changed):
        p.restore_settings(s)
        qtbot.waitUntil(lambda: p.state().source == "csv", timeout=5000)
    st = p.state()
    assert st.lr == LinearState().lr and st.start_b == 1.0 and st.n == LinearState().n and st.speed == 5.0
    assert len(st.points) == 12 and st.csv_path == str(f)


def refusal(panel, state) -> str:
    """The code of the LabError set_state raises (no traceback is kept: one holding the
    panel's frames upset pyqtgraph when the panel was deleted)."""
    from core.errors import LabError

    try:
        panel.set_state(state)
    except LabError as exc:
        return exc.code
    return ""


def test_a_bad_state_is_refused_and_the_lab_keeps_its_own(qtbot, make_panel, tmp_path, app_language, monkeypatch):
    from core.experiment import Experiment, write_experiment
    from gui import main_window as mw

    p = make_panel()
    p.noise_slider.setValue(3.0)
    click(qtbot, p.player.step_button, 3)
    kept, shown = p.state(), on_screen(p)
    bad = kept.to_dict()
    bad["lr"] = 1e3  # beyond the slider's 10
    with pytest.raises(StateError):
        p.import_state(bad, {}, strict=True)
    # checked values that the learner cannot take (J overflows at this start): nothing changes
    assert refusal(p, kept.replace(start_b=1e200, start_k=1e200)) == "start_too_far"
    assert p.state() == kept and on_screen(p) == shown

    # through the window: File → Open of a file with the bad value
    monkeypatch.setattr(mw.QMessageBox, "warning", lambda *a, **k: None)
    w = mw.MainWindow(app_language, None)
    qtbot.addWidget(w)
    lab = w.panels["linear"]
    lab.noise_slider.setValue(4.0)
    before = lab.state()
    path = tmp_path / "bad.mlbl"
    write_experiment(str(path), Experiment(labs={"linear": bad}, blobs={}, current="linear", app_version="t"))
    assert w.open_experiment(str(path)) is False
    assert lab.state() == before
    w.close()


def test_state_changed_by_the_user_not_by_set_state(qtbot, make_panel):
    p = make_panel()
    q = make_panel()
    for act in (lambda: p.lr_slider.set_value(2e-5), lambda: p.seed_spin.setValue(5),
                lambda: p.standardize_check.setChecked(True), lambda: click(qtbot, p.player.step_button),
                lambda: click(qtbot, p.player.back_button), lambda: p.player.speed.set_value(99),
                lambda: p.points_vb.point_added.emit(1.0, 2.0), lambda: click(qtbot, p.player.reset_button)):
        with qtbot.waitSignal(p.state_changed, timeout=1000):
            act()
    st = p.state()
    with qtbot.assertNotEmitted(q.state_changed):
        q.set_state(st)
    assert q.state() == st
    with qtbot.assertNotEmitted(p.state_changed):
        p.advance(10, None)  # the frames of Play are not the user's changes


def test_a_long_run_is_replayed_on_the_worker_and_shown_when_in(qtbot, make_panel):
    """Opening an experiment saved after millions of iterations held the window for seconds:
    a long run is now recomputed on the lab's worker, the state meanwhile is the one opened."""
    p = make_panel()
    p.noise_slider.setValue(7.0)
    p.advance(300, None)
    p.lr_slider.set_value(4e-5)  # in mid-run: the replay goes through the schedule
    p.advance(200, None)
    click(qtbot, p.player.back_button, 3)
    st, shown = p.state(), on_screen(p)
    q = make_panel()
    q.controller.async_replay = 100  # "long": this run is 500 iterations
    with qtbot.assertNotEmitted(q.state_changed):
        with qtbot.waitSignal(q.controller.replayed, timeout=20000):
            q.set_state(st)
            assert q.controller.is_replaying() and not q.player.isEnabled()
            assert q.state() == st and q.learner().iteration == 0  # at its start until the replay is in
    assert q.player.isEnabled() and q.state() == st
    assert on_screen(q) == shown
