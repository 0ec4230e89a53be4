"""The Linear Regression lab driven through its own widgets with pytest-qt."""

import math

import numpy as np
import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtTest import QTest

from core.linreg import SEED_PRESET, least_squares


@pytest.fixture
def window(main_window):
    return main_window


@pytest.fixture
def panel(window):
    return window.panels["linear"]


def view_to_widget(plot, x, y) -> QPoint:
    """Pixel position in the plot's viewport of data point (x, y)."""
    scene = plot.getViewBox().mapViewToScene(QPointF(x, y))
    return plot.mapFromScene(scene)


def test_play_pause_step_back_reset(qtbot, panel):
    gd = panel.learner()
    assert gd.iteration == 0
    panel.player.speed.set_value(2000)
    qtbot.mouseClick(panel.player.play_button, Qt.MouseButton.LeftButton)
    assert panel.player.is_playing()
    qtbot.waitUntil(lambda: gd.iteration > 50, timeout=5000)
    qtbot.mouseClick(panel.player.play_button, Qt.MouseButton.LeftButton)
    assert not panel.player.is_playing()
    paused_at = gd.iteration
    qtbot.wait(100)
    assert gd.iteration == paused_at

    qtbot.mouseClick(panel.player.step_button, Qt.MouseButton.LeftButton)
    assert gd.iteration == paused_at + 1
    qtbot.mouseClick(panel.player.back_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(panel.player.back_button, Qt.MouseButton.LeftButton)
    assert gd.iteration == paused_at - 1
    # the views follow the cursor: the line drawn is the state at the cursor
    xs, ys = panel.fit_line.getData()
    assert ys[0] == pytest.approx(gd.intercept + gd.slope * xs[0])
    assert panel.player.timeline.value() == gd.iteration

    qtbot.mouseClick(panel.player.reset_button, Qt.MouseButton.LeftButton)
    assert gd.iteration == 0 and gd.history_length == 1
    assert (gd.intercept, gd.slope) == (1.0, 1.0)


def test_runs_to_the_cap_and_says_why(qtbot, panel):
    panel.iters_spin.setValue(300)
    panel.player.speed.set_value(100000)
    panel.player.set_playing(True)
    qtbot.waitUntil(lambda: not panel.player.is_playing(), timeout=5000)
    assert panel.learner().iteration == 300
    assert "iteration cap" in panel.message()


def test_timeline_scrubs_history(qtbot, panel):
    gd = panel.learner()
    panel.advance(200, None)
    assert panel.player.timeline.maximum() == 200
    panel.player.timeline.setValue(40)
    assert gd.iteration == 40
    b, k, _ = gd.history(upto=200)
    assert (gd.intercept, gd.slope) == (b[40], k[40])
    path_x, _ = panel.path_item.getData()
    assert len(path_x) == 41  # the path is drawn up to the cursor


def test_learning_rate_slider_and_bad_entry(qtbot, panel):
    gd = panel.learner()
    panel.lr_slider.slider.setValue(panel.lr_slider.slider.value() - 100)  # one decade lower
    assert gd.config.lr == pytest.approx(5e-6, rel=0.02)
    before = gd.config.lr
    panel.lr_slider.edit.setText("0")
    panel.lr_slider.edit.editingFinished.emit()
    assert gd.config.lr == before
    assert "positive" in panel.message()
    panel.lr_slider.edit.setText("abc")
    panel.lr_slider.edit.editingFinished.emit()
    assert gd.config.lr == before and "abc" in panel.message()
    panel.lr_slider.edit.setText("2e-5")
    panel.lr_slider.edit.editingFinished.emit()
    assert gd.config.lr == 2e-5


def test_divergence_stops_and_explains(qtbot, panel):
    gd = panel.learner()
    panel.lr_slider.set_value(1e-3)
    assert "will diverge" in panel.info_label.text()
    panel.player.set_playing(True)
    qtbot.waitUntil(lambda: not panel.player.is_playing(), timeout=5000)
    assert gd.stop_reason is not None and gd.stop_reason.value == "diverged"
    assert gd.iteration < 10
    msg = panel.message()
    assert "too high" in msg and "6.02e-5" in msg  # the largest stable rate for this data
    assert all(math.isfinite(v) for v in (gd.loss, gd.slope, gd.intercept))
    assert "nan" not in panel.equation_label.text().lower()


def test_standardize_switch_converges_fast_in_original_units(qtbot, panel):
    gd = panel.learner()
    panel.scale_slider.set_value(1.0)
    panel.standardize_check.setChecked(True)
    panel.lr_slider.set_value(0.5)
    assert gd.config.standardize
    assert "standardized" in panel.info_label.text()
    panel.advance(200, None)
    ols = least_squares(panel.points())
    assert gd.slope == pytest.approx(ols.slope, rel=1e-6)
    assert gd.intercept == pytest.approx(ols.intercept, rel=1e-6)


def test_generator_sliders_make_new_data(qtbot, panel):
    panel.slope_slider.setValue(-2.0)
    assert panel.source_label.text().startswith("Synthetic")
    assert least_squares(panel.points()).slope == pytest.approx(-2.0, abs=0.05)
    panel.n_slider.set_value(10000)
    assert panel.points().n == 10000
    assert len(panel.scatter.data) == 10000
    qtbot.mouseClick(panel.preset_button, Qt.MouseButton.LeftButton)
    assert panel.points().n == SEED_PRESET.n and panel.learner().config == SEED_PRESET.config


def test_click_adds_right_click_deletes_drag_moves(qtbot, panel):
    plot = panel.data_plot
    n = panel.points().n
    vp = plot.viewport()
    # an empty spot: far below the data cloud
    (x0, x1), (y0, y1) = plot.getViewBox().viewRange()
    target = (x0 + 0.9 * (x1 - x0), y0 + 0.05 * (y1 - y0))
    qtbot.mouseClick(vp, Qt.MouseButton.LeftButton, pos=view_to_widget(plot, *target))
    assert panel.points().n == n + 1
    added = (panel.points().x[-1], panel.points().y[-1])
    assert added[0] == pytest.approx(target[0], rel=0.02) and added[1] == pytest.approx(target[1], rel=0.02)

    # drag the new point up by a few pixels
    start = view_to_widget(plot, *added)
    QTest.mousePress(vp, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    for dy in range(5, 45, 5):
        QTest.mouseMove(vp, start - QPoint(0, dy))
    QTest.mouseRelease(vp, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start - QPoint(0, 40))
    assert panel.points().n == n + 1
    moved = (panel.points().x[-1], panel.points().y[-1])
    assert moved[1] > added[1] and moved[0] == pytest.approx(added[0], rel=0.01)

    qtbot.mouseClick(vp, Qt.MouseButton.RightButton, pos=view_to_widget(plot, *moved))
    assert panel.points().n == n
    assert panel.source_label.text().startswith("Edited")


def test_click_on_surface_chooses_the_start(qtbot, panel):
    plot = panel.surface_plot
    (b0, b1), (k0, k1) = plot.getViewBox().viewRange()
    target = (b0 + 0.3 * (b1 - b0), k0 + 0.6 * (k1 - k0))
    qtbot.mouseClick(plot.viewport(), Qt.MouseButton.LeftButton, pos=view_to_widget(plot, *target))
    gd = panel.learner()
    assert gd.iteration == 0
    assert gd.intercept == pytest.approx(target[0], abs=0.02 * (b1 - b0))
    assert gd.slope == pytest.approx(target[1], abs=0.02 * (k1 - k0))


def test_loss_surface_image_is_drawn(qtbot, panel):
    img = panel.surface_image.image
    assert img is not None and img.shape == (160, 160) and np.isfinite(img).all()
    # the darkest band (lowest loss) lies on the valley through the exact optimum
    assert img.min() == 0.0 and img.max() == 1.0


def test_csv_import_good_and_bad(qtbot, panel, tmp_path):
    before = panel.points()
    bad = tmp_path / "bad.csv"
    bad.write_text("x,y\n1,2\n2,three\n")
    panel.load_csv(str(bad))
    qtbot.waitUntil(lambda: not panel.is_loading(), timeout=5000)
    assert panel.points() is before
    assert "line 3" in panel.message().lower() and "three" in panel.message()

    good = tmp_path / "good.csv"
    good.write_text("x,y\n" + "\n".join(f"{i},{2 * i + 1}" for i in range(10)))
    panel.load_csv(str(good))
    qtbot.waitUntil(lambda: not panel.is_loading(), timeout=5000)
    assert panel.points().n == 10
    assert panel.message() == ""
    assert "good.csv" in panel.source_label.text()


def test_external_data_entry_point_rejects_bad_input(qtbot, panel):
    before = panel.points()
    assert not panel.set_points([1.0], [2.0])
    assert panel.points() is before and "at least 2 points" in panel.message()
    assert panel.set_points([1, 2, 3, 4], [2, 4, 6, 8], source="external")
    assert panel.points().n == 4 and panel.learner().iteration == 0


def test_language_switch_retranslates_at_runtime(qtbot, window, app_language):
    panel = window.panels["linear"]
    assert window.tabs.tabText(0) == "Linear regression"
    assert app_language.set_language("zh_CN")
    assert window.tabs.tabText(0) == "线性回归"
    assert panel.player.play_button.text() == "播放"
    assert window.language_actions["zh_CN"].isChecked()
    assert "Linear" not in panel.info_label.text()
    # a message already on screen follows the language too
    panel.lr_slider.set_value(1e-3)
    panel.advance(50, None)
    assert panel.message().startswith("发散")
    window.language_actions["en"].trigger()
    assert window.tabs.tabText(0) == "Linear regression"
    assert panel.message().startswith("Diverged")
    assert panel.player.play_button.text() == "Play"


def test_settings_round_trip(qtbot, app_language):
    from gui.main_window import MainWindow
    from gui.settings import open_settings

    s = open_settings()
    w = MainWindow(app_language, s)
    qtbot.addWidget(w)
    p = w.panels["linear"]
    p.lr_slider.set_value(3e-5)
    p.standardize_check.setChecked(True)
    p.iters_spin.setValue(777)
    p.noise_slider.setValue(9.5)
    p.player.speed.set_value(1234)
    w.show()
    w.resize(790, 560)  # the offscreen screen is 800×600
    saved = w.size()
    w.close()

    w2 = MainWindow(app_language, open_settings())
    qtbot.addWidget(w2)
    p2 = w2.panels["linear"]
    cfg = p2.learner().config
    assert cfg.lr == 3e-5 and cfg.standardize and cfg.max_iters == 777
    assert p2.noise_slider.value() == pytest.approx(9.5)
    assert p2.player.speed.value() == 1234
    assert p2.source_label.text().startswith("Synthetic")
    # restoreGeometry keeps the window on the (800×600 offscreen) screen
    assert w2.height() == saved.height() == 560
    assert abs(w2.width() - min(saved.width(), w2.screen().availableGeometry().width())) <= 4
    w2.close()


def test_closing_mid_run_stops_cleanly(qtbot, app_language):
    from gui.main_window import MainWindow

    w = MainWindow(app_language, None)
    qtbot.addWidget(w)
    w.show()
    p = w.panels["linear"]
    p.player.set_playing(True)
    qtbot.waitUntil(lambda: p.learner().iteration > 0, timeout=5000)
    w.close()
    assert not p.player.is_playing()
    at = p.learner().iteration
    qtbot.wait(60)
    assert p.learner().iteration == at


def test_labs_are_built_when_first_shown(qtbot, app_language):
    from gui.main_window import MainWindow

    w = MainWindow(app_language, None)
    qtbot.addWidget(w)
    assert list(dict.keys(w.panels)) == ["linear"]  # the first tab only
    w.tabs.setCurrentIndex(1)
    assert "logistic" in dict.keys(w.panels)
    assert w.current_panel() is w.panels["logistic"]
    assert w.tabs.tabText(1) == "Logistic regression"


def test_a_big_file_is_prepared_on_the_worker(qtbot, panel, tmp_path):
    """A million points took ~0.7 s to prepare on the GUI thread after they were read: big
    data is prepared on the lab's worker, and the old points stay until the new are in."""
    panel.controller.async_points = 20  # "big": this file has 30 points
    before = panel.points()
    f = tmp_path / "big.csv"
    f.write_text("x,y\n" + "\n".join(f"{i},{3 * i + 2}" for i in range(30)))
    statuses, meanwhile = [], []
    panel.status_message.connect(statuses.append)
    # what the lab shows while the points are prepared (the worker may be quick: seen at once)
    panel.controller.preparing.connect(lambda n: meanwhile.append(
        (n, panel.is_loading(), panel.points() is before, panel.player.isEnabled())))
    with qtbot.waitSignal(panel.state_changed, timeout=10000):
        panel.load_csv(str(f))
    assert meanwhile == [(30, True, True, False)]
    assert not panel.is_loading() and panel.points().n == 30 and panel.player.isEnabled()
    assert "big.csv" in panel.source_label.text() and statuses[-1] == "Loaded 30 points from big.csv."
    assert least_squares(panel.points()).slope == pytest.approx(3.0)
