"""The Logistic Regression lab's state (gui/labs/logistic/state.py): checked fields, files,
the session, the old settings, and the panel that shows it."""

from __future__ import annotations

import numpy as np
import pytest

from core.logreg import LogRegConfig
from gui.labs.logistic.state import SEED_INIT, LogisticState, schedule_table
from gui.state import INLINE_VALUES, StateError, Table

# --------------------------------------------------------------------------- Qt-free


def test_defaults_are_the_seed_settings():
    st = LogisticState()
    assert st == LogisticState.from_dict({"version": 1})
    assert (st.preset, st.source, st.strategy, st.lr, st.max_iters) == ("seed", "seed", "ovr", 0.1, 3000)
    assert st.config(2) == LogRegConfig(lr=0.1, max_iters=3000, tol=0.0, l2_C=None, strategy="ovr", poly=False,
                                        init=SEED_INIT)
    assert st.config(3).init is None and st.start() is None


def test_round_trip_inline_and_through_blobs():
    rng = np.random.default_rng(2)
    n = INLINE_VALUES // 2
    pts = np.column_stack([rng.normal(size=(n, 2)), rng.integers(0, 3, n), rng.random(n) < 0.2])
    st = LogisticState(source="edited", points=Table(pts), strategy="softmax", poly=True, l2=True, C=0.5,
                       start_weights=tuple(float(v) for v in range(18)), show_models=True, confusion="test",
                       schedule=schedule_table(((12, LogRegConfig(lr=0.7, max_iters=99, tol=1e-8)),)),
                       computed=40, iteration=30, add_class=3, test_percent=20)
    blobs: dict[str, bytes] = {}
    d = st.to_dict(blobs)
    assert d["points"] == "blob:logistic/points.npy"
    back = LogisticState.from_dict(d, blobs=blobs)
    assert back == st
    assert back.start().shape == (6, 3)
    cfg = back.config(3)
    assert cfg.l2_C == 0.5 and cfg.poly and cfg.init is None
    assert back.run_schedule(cfg) == [(12, LogRegConfig(lr=0.7, max_iters=99, tol=1e-8, l2_C=0.5,
                                                        strategy="softmax", poly=True, init=None))]


@pytest.mark.parametrize("name, bad", [
    ("lr", 1000.0),  # number above the slider's 100
    ("C", 0.0),  # number below 1e-3
    ("max_iters", 10**9),  # integer above the cap
    ("classes", 7),  # integer above six classes
    ("poly", "true"),  # flag as text
    ("strategy", "binary"),  # choice: binary is what two classes make, not a choice
    ("confusion", "both"),
    ("csv_path", None),  # text
    ("start_weights", [1.0] * 91),  # numbers: too many
    ("points", [[1.0, 2.0, 0.0]]),  # table: three columns (x1, x2, label, test)
    ("points", [[1.0, 2.0, 0.0, float("inf")]]),
    ("test_percent", 60),
])
def test_strict_refuses_each_kind_of_bad_value(name, bad):
    with pytest.raises(StateError) as info:
        LogisticState.from_dict({"version": 1, name: bad})
    assert info.value.code == "bad_value" and info.value.details["field"] == name


def test_lenient_takes_the_default_for_a_bad_value_only():
    st = LogisticState.from_dict({"version": 1, "strategy": "bogus", "lr": 0.5, "classes": 99, "n": 500},
                                 strict=False)
    assert st.strategy == "ovr" and st.classes == 3
    assert st.lr == 0.5 and st.n == 500


def test_a_future_version_is_refused():
    with pytest.raises(StateError) as info:
        LogisticState.from_dict({"version": 5})
    assert info.value.code == "future_version"


# --------------------------------------------------------------------------- the panel


@pytest.fixture
def make_panel(qtbot, app_language):
    from gui.labs.logistic.panel import LogisticRegressionPanel

    def make():
        p = LogisticRegressionPanel()
        qtbot.addWidget(p)
        return p

    return make


def choose(combo, key):
    i = combo.findData(key)
    assert i >= 0
    combo.setCurrentIndex(i)


def click(qtbot, button, times=1):
    from PySide6.QtCore import Qt

    for _ in range(times):
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def on_screen(p) -> dict:
    """What a user reads: the equation, the numbers, the confusion matrix, the source line."""
    gd = p.learner()
    cells = p.confusion_view.cells()
    return {"equation": p.equation_label.text(), "info": p.info_label.text(), "source": p.source_label.text(),
            "confusion": (p.confusion_view.title_label.text(), cells), "position": (gd.iteration, gd.history_length),
            # repr: NaN (no test points) equals itself
            "weights": gd.weights.tolist(), "metrics": repr(gd.metrics), "banner": p.message(),
            "data_set": p.preset_combo.currentText()}


def test_panel_round_trip_through_a_file(qtbot, make_panel, tmp_path):
    from core.experiment import Experiment, read_experiment, write_experiment

    p = make_panel()
    assert p.state() == LogisticState()
    choose(p.preset_combo, "blobs")
    p.classes_spin.setValue(4)
    p.n_slider.set_value(200)
    p.spread_slider.setValue(1.5)
    p.seed_spin.setValue(11)
    p.test_slider.setValue(25)
    choose(p.strategy_combo, "ovo")
    p.l2_check.setChecked(True)
    p.c_slider.set_value(2.0)
    p.player.speed.set_value(50)
    click(qtbot, p.player.step_button, 3)
    p.advance(30, None)
    p.lr_slider.set_value(0.4)  # in mid-run: the history keeps the old rate's steps
    p.advance(20, None)
    p.show_models_check.setChecked(True)
    choose(p.confusion_combo, "test")
    p.add_class_combo.setCurrentIndex(1)
    p.points_vb.point_added.emit(0.0, 0.0)  # a point of class 1: the models go on from where they were
    p.advance(15, None)
    p.points_vb.point_moved.emit(3, 5.0, 5.0)
    click(qtbot, p.player.step_button, 4)
    p.lr_slider.set_value(0.2)
    p.advance(6, None)
    click(qtbot, p.player.back_button, 2)
    st = p.state()
    assert st.source == "edited" and len(st.points) == 201 and st.points.array[:, 3].sum() > 0
    assert len(st.start_weights) == 3 * 6 and st.schedule.shape == (1, 4)
    assert (st.iteration, st.computed, st.strategy, st.l2, st.C, st.classes) == (8, 10, "ovo", True, 2.0, 4)
    before = on_screen(p)

    path = tmp_path / "logistic.mlbl"
    blobs: dict[str, bytes] = {}
    write_experiment(str(path), Experiment(labs={"logistic": p.export_state(blobs)}, blobs=blobs,
                                           current="logistic", app_version="test"))
    back = read_experiment(str(path))
    q = make_panel()
    q.set_state(LogisticState.from_dict(back.labs["logistic"], blobs=back.blobs), back.blobs)
    assert q.state() == st
    assert on_screen(q) == before
    assert np.array_equal(q.learner().history(10**9), p.learner().history(10**9))
    assert q.show_models_check.isChecked() and q.confusion_combo.currentData() == "test"
    assert q.test_slider.value() == 25 and q.classes_spin.value() == 4


def test_generated_data_round_trip_and_the_seed_start(qtbot, make_panel):
    p = make_panel()
    choose(p.preset_combo, "moons")
    p.poly_check.setChecked(True)
    p.test_slider.setValue(10)
    p.advance(25, None)
    st = p.state()
    assert st.source == "generated" and len(st.points) == 0 and st.start_weights == ()
    q = make_panel()
    q.set_state(st)
    assert q.state() == st and on_screen(q) == on_screen(p)
    assert np.array_equal(q.learner().test_mask, p.learner().test_mask)

    p.apply_seed_preset()
    p.seed_start_check.setChecked(False)
    st = p.state()
    assert not st.seed_start and p.learner().config.init is None
    q.set_state(st)
    assert not q.seed_start_check.isChecked() and q.learner().config.init is None


def test_csv_points_survive_with_their_columns(qtbot, make_panel, tmp_path):
    f = tmp_path / "labelled.csv"
    rng = np.random.default_rng(5)
    rows = [f"{a:.4f},{b:.4f},{int(c) * 5}" for a, b, c in zip(rng.normal(size=40), rng.normal(size=40),
                                                                rng.random(40) < 0.5)]
    f.write_text("u,v,kind\n" + "\n".join(rows))
    p = make_panel()
    p.load_csv(str(f), (0, 1, 2))
    qtbot.waitUntil(lambda: p.state().source == "csv", timeout=5000)
    st = p.state()
    assert len(st.points) == 40 and set(st.points.array[:, 2]) == {0.0, 5.0}
    f.unlink()  # shared to another computer: the file is not there
    q = make_panel()
    q.set_state(LogisticState.from_dict(st.to_dict()))
    assert q.state() == st and q.data().labels == (0, 5)
    assert q.source_label.text() == p.source_label.text() and "Columns used" in q.source_label.text()


def test_hand_edits_survive_a_restart(qtbot, app_language, tmp_path, monkeypatch):
    from gui.experiments import session_path
    from gui.main_window import MainWindow
    from gui.settings import open_settings

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("MLBL_DATA_DIR", str(tmp_path / "downloads"))
    assert str(session_path()).startswith(str(tmp_path))
    w = MainWindow(app_language, open_settings())
    qtbot.addWidget(w)
    w.select_tab("logistic")
    p = w.panels["logistic"]
    p.add_class_combo.setCurrentIndex(2)  # a new class
    p.points_vb.point_added.emit(1.0, 9.0)
    p.points_vb.point_added.emit(1.5, 9.5)
    p.points_vb.point_removed.emit(0)
    X, labels = p.data().X.copy(), p.data().labels
    click(qtbot, p.player.step_button, 3)
    shown = on_screen(p)
    w.close()

    w2 = MainWindow(app_language, open_settings())
    qtbot.addWidget(w2)
    assert w2.current_panel() is w2.panels["logistic"]
    p2 = w2.panels["logistic"]
    assert np.array_equal(p2.data().X, X) and p2.data().labels == labels == (0, 1, 2)
    assert p2.source_label.text().startswith("Edited by hand")
    assert on_screen(p2) == shown
    w2.close()


def test_old_settings_become_the_same_state(qtbot, make_panel):
    from gui.settings import open_settings

    s = open_settings()
    s.beginGroup("logistic")  # as the lab's save_settings wrote them before experiment files
    for key, value in {"preset": "blobs", "classes": 5, "n": 400, "spread": 0.5, "seed": 3, "test_percent": 30,
                       "source": "generated", "csv_path": "", "csv_columns": "", "strategy": "softmax",
                       "poly": True, "l2": True, "C": 0.1, "lr": 0.3, "max_iters": 1234, "tol_enabled": True,
                       "tol": 1e-9, "seed_start": False, "show_models": True, "confusion": "test",
                       "speed": 80.0}.items():
        s.setValue(key, value)
    s.endGroup()
    s.sync()
    p = make_panel()
    with qtbot.assertNotEmitted(p.state_changed):
        p.restore_settings(open_settings())  # read back from the file: values come back as text
    assert p.state() == LogisticState(preset="blobs", source="generated", classes=5, n=400, spread=0.5, seed=3,
                                      test_percent=30, strategy="softmax", poly=True, l2=True, C=0.1, lr=0.3,
                                      max_iters=1234, tol_enabled=True, tol=1e-9, seed_start=False,
                                      show_models=True, confusion="test", speed=80.0)
    assert p.data().k == 5 and p.learner().test_mask.any()


def test_old_settings_bad_values_and_a_csv_file(qtbot, make_panel, tmp_path):
    from gui.settings import open_settings

    f = tmp_path / "old.csv"
    f.write_text("x1,x2,label\n" + "\n".join(f"{i},{i % 4},{i % 2}" for i in range(20)))
    s = open_settings()
    s.beginGroup("logistic")
    for key, value in {"lr": 1e9, "strategy": "nope", "classes": 40, "preset": "circles", "source": "csv",
                       "csv_path": str(f), "csv_columns": "0,1,2"}.items():
        s.setValue(key, value)
    s.endGroup()
    p = make_panel()
    with qtbot.assertNotEmitted(p.state_changed):
        p.restore_settings(s)
        qtbot.waitUntil(lambda: p.state().source == "csv", timeout=5000)
    st = p.state()
    assert (st.lr, st.strategy, st.classes, st.preset) == (0.1, "ovr", 3, "circles")
    assert len(st.points) == 20 and st.csv_columns == (0, 1, 2)


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
    choose(p.preset_combo, "xor")
    click(qtbot, p.player.step_button, 2)
    kept, shown = p.state(), on_screen(p)
    bad = kept.to_dict()
    bad["C"] = 1e6  # beyond the slider's 1000
    with pytest.raises(StateError):
        p.import_state(bad, {}, strict=True)
    # checked values the learner cannot take: every point held out, or one class only
    every_test = np.array([[0.0, 0.0, 0.0, 1.0], [1.0, 1.0, 1.0, 1.0]])
    assert refusal(p, kept.replace(source="edited", points=every_test)) == "no_training_points"
    one_class = np.array([[0.0, 0.0, 4.0, 0.0], [1.0, 1.0, 4.0, 0.0]])
    assert refusal(p, kept.replace(source="edited", points=one_class)) == "one_class"
    assert p.state() == kept and on_screen(p) == shown

    monkeypatch.setattr(mw.QMessageBox, "warning", lambda *a, **k: None)
    w = mw.MainWindow(app_language, None)
    qtbot.addWidget(w)
    w.select_tab("logistic")
    lab = w.panels["logistic"]
    lab.lr_slider.set_value(0.7)
    before = lab.state()
    path = tmp_path / "bad.mlbl"
    write_experiment(str(path), Experiment(labs={"logistic": bad}, blobs={}, current="logistic", app_version="t"))
    assert w.open_experiment(str(path)) is False
    assert lab.state() == before
    w.close()


def test_state_changed_by_the_user_not_by_set_state(qtbot, make_panel):
    p = make_panel()
    q = make_panel()
    for act in (lambda: choose(p.preset_combo, "circles"), lambda: p.test_slider.setValue(10),
                lambda: p.lr_slider.set_value(0.5), lambda: p.poly_check.setChecked(True),
                lambda: p.show_models_check.setChecked(True), lambda: choose(p.confusion_combo, "test"),
                lambda: click(qtbot, p.player.step_button), lambda: p.player.speed.set_value(40),
                lambda: p.points_vb.point_added.emit(0.1, 0.2), lambda: click(qtbot, p.player.reset_button)):
        with qtbot.waitSignal(p.state_changed, timeout=1000):
            act()
    st = p.state()
    with qtbot.assertNotEmitted(q.state_changed):
        q.set_state(st)
    assert q.state() == st
    with qtbot.assertNotEmitted(p.state_changed):
        p.advance(10, None)  # the frames of Play are not the user's changes


# --------------------------------------------------------------------------- restored on the lab's worker


def big_state(n: int) -> LogisticState:
    """n stored points of three classes, their run replayed to iteration 20."""
    rng = np.random.default_rng(0)
    y = rng.integers(0, 3, n)
    angles = 2 * np.pi * y / 3
    X = np.column_stack([4 * np.cos(angles), 4 * np.sin(angles)]) + rng.normal(0, 1.5, (n, 2))
    return LogisticState(source="external", points=Table(np.column_stack([X, y, np.zeros(n)])), strategy="ovr",
                         lr=0.3, computed=20, iteration=20, show_models=True)


def test_restoring_a_big_state_never_blocks_the_gui_thread(qtbot, make_panel):
    """set_state made the data, the models and the replay of a million points on the GUI thread
    (1.9 s and more, the window frozen); it is the lab's worker's now. A timer ticking every
    10 ms on the GUI thread measures the longest time nothing could move until the run is in."""
    import time

    from PySide6.QtCore import Qt, QTimer

    st = big_state(300_000)
    p = make_panel()
    old = p.learner()
    gaps: list[float] = []
    last = [time.perf_counter()]

    def tick() -> None:
        now = time.perf_counter()
        gaps.append(now - last[0])
        last[0] = now

    timer = QTimer()
    timer.setTimerType(Qt.TimerType.PreciseTimer)
    timer.setInterval(10)
    timer.timeout.connect(tick)
    timer.start()
    qtbot.wait(50)
    start = last[0] = time.perf_counter()
    p.set_state(st)
    # set_state returned before the data was made: the old run stays, the lab says it is busy
    assert p.is_busy() and p.is_computing() and p.learner() is old
    assert "Computing the models for 300,000 points" in p.message() and not p.player.isEnabled()
    assert p.state() == st  # what a save (or the session, on closing) writes meanwhile
    qtbot.waitUntil(lambda: p.learner() is not old, timeout=120_000)
    installed = time.perf_counter() - start
    qtbot.wait(50)
    timer.stop()
    assert len(gaps) > 3
    longest = max(gaps)
    # blocked synchronously, the longest gap would be the whole time until the run is in
    assert longest < 0.5 * installed, f"the GUI thread was blocked {longest:.3f} s of {installed:.3f} s"
    gd = p.learner()
    assert p.data().n == 300_000 and (gd.iteration, gd.history_length) == (20, 21)
    assert p.message() == "" and p.player.isEnabled() and p.column.isEnabled() and p.show_models_check.isChecked()
    qtbot.waitUntil(lambda: not p.is_busy(), timeout=120_000)
    assert p.state() == st


def test_a_state_restored_on_the_worker_shows_the_same_as_here(qtbot, make_panel):
    """Small data with the worker forced: the same numbers as a restore on the GUI thread, and the
    latest of two states wins."""
    p = make_panel()
    choose(p.preset_combo, "blobs")
    p.classes_spin.setValue(4)
    p.test_slider.setValue(20)
    choose(p.strategy_combo, "softmax")
    p.advance(40, None)
    p.lr_slider.set_value(0.4)
    p.advance(20, None)
    click(qtbot, p.player.back_button, 3)
    st = p.state()
    here = make_panel()
    here.set_state(st)
    assert not here.is_computing()
    q = make_panel()
    q.controller.restore_work = 0  # every state on the worker
    with qtbot.assertNotEmitted(q.state_changed):
        q.set_state(LogisticState(preset="moons", source="generated", computed=50, iteration=50))
        assert q.is_computing()
        q.set_state(st)  # replaces the first: only this one is shown
        assert q.state() == st and not q.column.isEnabled()
        qtbot.waitUntil(lambda: not q.is_busy(), timeout=30_000)
    assert q.state() == st and on_screen(q) == on_screen(here)
    assert q.classes_spin.value() == 4 and q.column.isEnabled()


def test_a_state_refused_on_the_worker_leaves_the_lab_as_it_was(qtbot, make_panel):
    p = make_panel()
    choose(p.preset_combo, "xor")
    p.lr_slider.set_value(0.7)
    click(qtbot, p.player.step_button, 2)
    qtbot.waitUntil(lambda: not p.is_busy(), timeout=30_000)  # the exact optimum is in the numbers
    kept, shown = p.state(), on_screen(p)
    p.controller.restore_work = 0
    one_class = np.array([[0.0, 0.0, 4.0, 0.0], [1.0, 1.0, 4.0, 0.0]])
    p.set_state(kept.replace(source="edited", points=one_class, lr=0.05, strategy="ovo", preset="moons"))
    assert p.is_computing() and p.lr_slider.value() == 0.05  # its controls, while its run is computed
    qtbot.waitUntil(lambda: not p.is_busy(), timeout=30_000)
    assert "at least two classes" in p.message()
    assert p.state() == kept and p.lr_slider.value() == 0.7 and p.column.isEnabled() and p.player.isEnabled()
    shown["banner"] = p.message()
    assert on_screen(p) == shown


def test_a_state_closed_while_it_is_restored_is_kept(qtbot, app_language, tmp_path, monkeypatch):
    """The window closes (and writes the session) before the state's run is in: the session
    holds that state, not the one it replaces."""
    from gui.main_window import MainWindow
    from gui.settings import open_settings

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("MLBL_DATA_DIR", str(tmp_path / "downloads"))
    w = MainWindow(app_language, open_settings())
    qtbot.addWidget(w)
    w.select_tab("logistic")
    p = w.panels["logistic"]
    p.controller.restore_work = 0
    st = LogisticState(preset="moons", source="generated", poly=True, lr=0.5, computed=40, iteration=30)
    p.set_state(st)
    assert p.is_busy() and p.state() == st
    w.close()

    w2 = MainWindow(app_language, open_settings())
    qtbot.addWidget(w2)
    p2 = w2.panels["logistic"]
    qtbot.waitUntil(lambda: not p2.is_busy(), timeout=30_000)
    assert p2.state() == st and p2.learner().iteration == 30 and not w2.isWindowModified()
    w2.close()
