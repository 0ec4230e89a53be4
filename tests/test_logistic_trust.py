"""The Logistic Regression lab never freezes, half-updates or lies: big data prepared off the
GUI thread (the old state stays until the new one is ready), Newton's failures shown, the
seed's start and the class count only where they are true, the data set's real source, and
which one-vs-one models are separable."""

from __future__ import annotations

import math
import threading

import numpy as np
import pytest

from core.errors import DataError, NumericError


@pytest.fixture
def panel(main_window):
    main_window.select_tab("logistic")
    return main_window.panels["logistic"]


def choose(combo, key):
    combo.setCurrentIndex(combo.findData(key))


def write_csv(path, X, y, header="x1,x2,label"):
    path.write_text(header + "\n" + "\n".join(f"{a!r},{b!r},{int(c)}" for (a, b), c in zip(X.tolist(), y)) + "\n")
    return str(path)


def blobs(k, n_each, spread=0.5, seed=0):
    rng = np.random.default_rng(seed)
    centres = [(4 * math.cos(2 * math.pi * c / k), 4 * math.sin(2 * math.pi * c / k)) for c in range(k)]
    X = np.vstack([rng.normal(c, spread, (n_each, 2)) for c in centres])
    return X, np.repeat(np.arange(k), n_each)


@pytest.mark.parametrize("error", [NumericError("newton_failed", {"reason": "singular matrix", "iteration": 3}),
                                   DataError("values_too_large", {"column": "x1", "value": 1e80, "limit": 1e75,
                                                                  "factor": 1e80, "poly": True})])
def test_a_failed_exact_optimum_is_shown_not_computing_for_ever(qtbot, panel, monkeypatch, error):
    from gui.labs.logistic import controller

    def fail(*_a, **_k):
        raise error

    monkeypatch.setattr(controller, "solve_reference", fail)
    panel.l2_check.setChecked(True)  # a new objective: a new reference
    qtbot.waitUntil(lambda: "could not be computed" in panel.info_label.text(), timeout=10000)
    assert "computing…" not in panel.info_label.text()
    assert "exact optimum could not be computed" in panel.message()
    assert ("singular matrix" in panel.message()) or ("polynomial" in panel.message())


def test_the_seeds_start_applies_only_where_it_is_used(qtbot, panel):
    box = panel.seed_start_check
    assert box.isEnabled() and box.isChecked() and panel.learner().config.init == (1.0, 1.0, 1.0)
    assert "Two classes" in box.text()
    choose(panel.preset_combo, "blobs")
    panel.classes_spin.setValue(3)
    assert panel.data().k == 3
    assert not box.isEnabled() and not box.isChecked()
    assert "3 classes" in box.toolTip() and "starts at 0" in box.toolTip()
    assert panel.learner().config.init is None
    assert np.all(panel.learner().weights == 0)
    choose(panel.preset_combo, "seed")
    assert box.isEnabled() and box.isChecked()
    panel.poly_check.setChecked(True)
    assert not box.isEnabled() and not box.isChecked() and "polynomial" in box.toolTip()
    assert np.all(panel.learner().weights == 0)
    panel.poly_check.setChecked(False)
    box.setChecked(False)  # the user's choice is kept while the box does not apply
    choose(panel.preset_combo, "blobs")
    choose(panel.preset_combo, "seed")
    assert box.isEnabled() and not box.isChecked() and panel.learner().config.init is None


def test_the_classes_box_shows_the_datas_class_count(qtbot, panel, tmp_path):
    choose(panel.preset_combo, "blobs")
    panel.classes_spin.setValue(4)
    assert panel.data().k == 4
    choose(panel.preset_combo, "circles")
    assert panel.data().k == 2 and panel.classes_spin.value() == 2 and not panel.classes_spin.isEnabled()
    choose(panel.preset_combo, "blobs")
    assert panel.classes_spin.value() == 4 and panel.data().k == 4
    X, y = blobs(5, 12)
    panel.load_csv(write_csv(tmp_path / "five.csv", X, y))
    qtbot.waitUntil(lambda: not panel.is_busy() and panel.data().k == 5, timeout=15000)
    assert panel.classes_spin.value() == 5 and not panel.classes_spin.isEnabled()


def test_the_data_set_box_names_the_real_source(qtbot, panel, tmp_path):
    choose(panel.preset_combo, "circles")
    X, y = blobs(3, 10)
    panel.load_csv(write_csv(tmp_path / "mine.csv", X, y))
    qtbot.waitUntil(lambda: not panel.is_busy() and panel.data().n == 30, timeout=15000)
    assert panel.preset_combo.currentText() == "From file: mine.csv"
    assert not panel.n_slider.isEnabled() and not panel.spread_slider.isEnabled()
    # an edit by hand
    (x0, x1), (y0, y1) = panel.map_plot.getViewBox().viewRange()
    panel.points_vb.point_added.emit(x0 + 0.5 * (x1 - x0), y0 + 0.5 * (y1 - y0))
    assert panel.data().n == 31 and panel.preset_combo.currentText() == "Edited by hand"
    assert panel.set_data(X, y)
    assert panel.preset_combo.currentText() == "Sent from another lab"
    # a preset again: the extra entry goes, and the generator's controls come back
    choose(panel.preset_combo, "moons")
    assert panel.preset_combo.findData("source") == -1
    assert panel.preset_combo.currentText() == "Moons" and panel.n_slider.isEnabled()
    assert panel.source_label.text().startswith("Generated")


def test_the_info_says_which_one_vs_one_models_are_separable(qtbot, panel):
    rng = np.random.default_rng(1)
    X = np.vstack([rng.normal((0, 0), 1.0, (60, 2)), rng.normal((1, 0), 1.0, (60, 2)),
                   rng.normal((12, 0), 0.3, (60, 2))])
    X[:60][X[:60, 0] > 5] = 0.0
    assert panel.set_data(X, np.repeat([0, 1, 2], 60))
    choose(panel.strategy_combo, "ovo")
    qtbot.waitUntil(lambda: panel.reference() is not None, timeout=15000)
    text = panel.info_label.text()
    assert "the classes are separable" not in text
    assert "none for 0 vs 2, 1 vs 2" in text
    assert panel.separable_models() == ["0 vs 2", "1 vs 2"]
    assert text.count("separable</i>") == 2


def test_big_data_is_prepared_off_the_gui_thread_and_the_latest_request_wins(qtbot, panel, monkeypatch):
    from gui.labs.logistic import controller

    threads = []
    real = controller.prepare_state

    def spy(*args, **kwargs):
        threads.append(threading.current_thread() is threading.main_thread())
        return real(*args, **kwargs)

    monkeypatch.setattr(controller, "prepare_state", spy)
    panel.controller.async_points = 1000  # 'big' for this test: the worker path on quick data
    X, y = blobs(3, 1000)
    assert panel.set_data(X, y) is None  # accepted, being prepared
    old = panel.learner()
    assert panel.is_computing() and "Computing the models for 3,000 points" in panel.message()
    assert not panel.player.isEnabled()
    qtbot.waitUntil(lambda: not panel.is_computing(), timeout=20000)
    assert threads and not any(threads)
    assert panel.learner() is not old and panel.data().n == 3000 and panel.message() == ""
    assert panel.player.isEnabled()
    # three changes in a row: the old run stays on screen, and only the last is installed
    current = panel.learner()
    choose(panel.strategy_combo, "ovo")
    panel.poly_check.setChecked(True)
    panel.lr_slider.set_value(0.02)
    assert panel.learner() is current and panel.is_computing()
    qtbot.waitUntil(lambda: not panel.is_computing(), timeout=30000)
    cfg = panel.learner().config
    assert cfg.strategy == "ovo" and cfg.poly and cfg.lr == 0.02
    assert panel.learner().decomposition.models == 3
    # per-point numbers come from the worker too, and arrive
    panel.advance(5, None)
    qtbot.waitUntil(lambda: panel.controller.numbers() is not None and panel.controller.numbers().key[1] == 5, timeout=20000)
    total = sum(int(panel.confusion_view.cells()[i][j].replace(",", "")) for i in range(3) for j in range(3))
    assert total == 3000


def test_polynomial_features_refused_for_the_data_keep_the_run_and_the_box(qtbot, panel):
    """Turning polynomial features on for data whose squares overflow changed the run's
    settings half-way (set_config raised after storing them) and left the box checked."""
    X, y = blobs(2, 30)
    X[0] = (1e100, 0.0)
    assert panel.set_data(X, y)
    gd = panel.learner()
    panel.poly_check.setChecked(True)
    assert "polynomial" in panel.message()
    assert panel.learner() is gd and not gd.config.poly and not panel.poly_check.isChecked()
    panel.advance(10, None)
    assert gd.iteration == 10 and np.isfinite(gd.weights).all()


def test_a_run_that_learns_nothing_says_so(qtbot, panel):
    panel.lr_slider.set_value(1e-4)
    panel.iters_spin.setValue(5)
    panel.player.set_playing(True)
    qtbot.waitUntil(lambda: not panel.player.is_playing(), timeout=5000)
    assert panel.learner().stop_reason.value == "no_progress"
    assert "without learning" in panel.message() and panel.banner.kind() == "error"


@pytest.mark.parametrize("case", ["offset", "outlier"])
def test_extreme_but_usable_data_is_drawn_whole(qtbot, panel, tmp_path, case):
    X, y = blobs(2, 30)
    if case == "offset":
        X = X + 1e12
    else:
        X[0] = (1e150, 1.0)
    panel.load_csv(write_csv(tmp_path / f"{case}.csv", X, y))
    qtbot.waitUntil(lambda: not panel.is_busy() and panel.data().n == 60, timeout=15000)
    for rate in (1e-4, 0.1, 100.0):
        panel.lr_slider.set_value(rate)
        panel.advance(200, None)
        for plot in (panel.map_plot, panel.loss_plot, panel.acc_plot):
            (a, b), (c, d) = plot.getViewBox().viewRange()
            assert all(math.isfinite(v) for v in (a, b, c, d))
        img = panel.map_image.image
        assert img is not None and img.dtype == np.uint8
        for text in (panel.info_label.text(), panel.equation_label.text(), panel.message()):
            assert "nan" not in text.lower()


def test_what_the_lab_now_says_follows_the_language(qtbot, panel, app_language, tmp_path):
    X, y = blobs(3, 10)
    panel.load_csv(write_csv(tmp_path / "mine.csv", X, y))
    qtbot.waitUntil(lambda: not panel.is_busy() and panel.data().n == 30, timeout=15000)
    assert app_language.set_language("zh_CN")
    assert panel.preset_combo.currentText() == "来自文件：mine.csv"
    assert "所用的列" in panel.source_label.text() and "第 1 列“x1”" in panel.source_label.text()
    assert "3 个类别时不适用" in panel.seed_start_check.toolTip()
    assert "混淆矩阵" in panel.confusion_view.title_label.text()
    assert app_language.set_language("en")
    assert panel.preset_combo.currentText() == "From file: mine.csv"


def test_big_runs_step_on_a_worker_and_the_users_change_wins(qtbot, panel, monkeypatch):
    """One iteration on a million points takes a second or more: Step and Play ran it on the
    GUI thread, which froze for that long every frame."""
    from PySide6.QtCore import Qt

    from gui.labs import descent_lab

    where = []
    real = descent_lab.step_fork

    def spy(fork, n, budget):
        where.append(threading.current_thread() is threading.main_thread())
        return real(fork, n, budget)

    monkeypatch.setattr(descent_lab, "step_fork", spy)
    panel.controller.async_points = 1000
    X, y = blobs(3, 1000)
    panel.set_data(X, y)
    qtbot.waitUntil(lambda: not panel.is_computing(), timeout=20000)
    gd = panel.learner()
    for _ in range(3):
        qtbot.mouseClick(panel.player.step_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: gd.iteration == 3 and not panel.tasks.is_running("step"), timeout=20000)
    assert where and not any(where)
    assert "3 / " in panel.info_label.text()
    # play, then pause: the numbers show the iteration the timeline shows
    panel.player.speed.set_value(2000)
    panel.player.set_playing(True)
    qtbot.waitUntil(lambda: gd.iteration > 10, timeout=20000)
    panel.player.set_playing(False)
    qtbot.waitUntil(lambda: not panel.tasks.is_running("step"), timeout=20000)
    it = gd.iteration
    assert f"{it:,} / " in panel.info_label.text() and panel.player.timeline.value() == it
    # a reset while a step is on its way: the reset wins
    qtbot.mouseClick(panel.player.step_button, Qt.MouseButton.LeftButton)
    assert panel.tasks.is_running("step")
    qtbot.mouseClick(panel.player.reset_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not panel.tasks.is_running("step"), timeout=20000)
    assert gd.iteration == 0 and gd.history_length == 1


def test_big_data_is_drawn_as_a_sample_and_every_point_trains(qtbot, panel, monkeypatch):
    from gui.labs import logistic_work

    monkeypatch.setattr(logistic_work, "MAX_DRAWN", 90)
    X, y = blobs(3, 100)
    assert panel.set_data(X, y)
    assert len(panel.train_scatter.data) == 90
    assert "The map shows 90 of them" in panel.source_label.text()
    panel.advance(50, None)
    total = sum(int(panel.confusion_view.cells()[i][j]) for i in range(3) for j in range(3))
    assert total == 300  # the confusion matrix counts every point


def test_the_seed_reshuffles_the_test_points_of_file_data(qtbot, panel, tmp_path):
    X, y = blobs(2, 50)
    panel.load_csv(write_csv(tmp_path / "two.csv", X, y))
    qtbot.waitUntil(lambda: not panel.is_busy() and panel.data().n == 100, timeout=15000)
    panel.test_slider.setValue(30)
    before = panel.learner().test_mask.copy()
    assert before.sum() == 30 and panel.seed_spin.isEnabled()
    panel.seed_spin.setValue(panel.seed_spin.value() + 1)
    after = panel.learner().test_mask
    assert after.sum() == 30 and not np.array_equal(before, after)
    assert panel.data().n == 100 and panel.preset_combo.currentText() == "From file: two.csv"


def test_disabled_data_controls_show_the_datas_own_values(qtbot, panel, tmp_path):
    """Disabled, the Points box said 300 (the generator's) for a file of 240 points; a long
    file name in the Data set box widened the controls column until text was cut."""
    from tests.layout_check import clipped

    X, y = blobs(4, 60)
    name = "a_rather_long_experiment_name_from_the_lab_2024.csv"
    panel.load_csv(write_csv(tmp_path / name, X, y))
    qtbot.waitUntil(lambda: not panel.is_busy() and panel.data().n == 240, timeout=15000)
    assert not panel.n_slider.isEnabled() and panel.n_slider.edit.text() == "240"
    assert panel.classes_spin.value() == 4
    assert "…" in panel.preset_combo.currentText()
    assert name in panel.preset_combo.itemData(panel.preset_combo.currentIndex(), 3)  # its tooltip
    panel.window().resize(1024, 700)
    qtbot.wait(30)
    assert not clipped(panel.window())
    choose(panel.preset_combo, "blobs")
    assert panel.n_slider.isEnabled() and panel.n_slider.edit.text() == str(int(panel.n_slider.value()))


def test_many_separable_models_are_named_by_the_shorter_list(qtbot, panel):
    rng = np.random.default_rng(4)
    centres = [(0, 0), (0.6, 0), (6, 0), (12, 0)]
    X = np.vstack([rng.normal(c, 0.5, (40, 2)) for c in centres])
    assert panel.set_data(X, np.repeat(np.arange(4), 40))
    choose(panel.strategy_combo, "ovo")
    qtbot.waitUntil(lambda: panel.reference() is not None, timeout=15000)
    assert len(panel.separable_models()) == 5
    assert "none for 5 of the 6 models, all but 0 vs 1" in panel.info_label.text()


def test_a_refused_test_split_puts_the_slider_back(qtbot, panel):
    assert panel.set_data(np.array([[0.0, 0.0], [1.0, 1.0]]), [0, 1])
    panel.test_slider.setValue(50)  # both points held out: nothing to train on
    assert "nothing is left to train on" in panel.message()
    assert panel.test_slider.value() == 0 and not panel.learner().test_mask.any()
