"""The Logistic Regression lab driven through its own widgets with pytest-qt."""

import numpy as np
import pytest
from PySide6.QtCore import QPointF, Qt

from core import datasets2d as ds
from core.logreg import LogisticGD, LogRegConfig


@pytest.fixture
def window(main_window):
    main_window.select_tab("logistic")
    return main_window


@pytest.fixture
def panel(window):
    return window.panels["logistic"]


def to_widget(plot, x, y):
    return plot.mapFromScene(plot.getViewBox().mapViewToScene(QPointF(x, y)))


def test_seed_settings_play_like_the_seeds_loop(qtbot, panel):
    qtbot.mouseClick(panel.seed_button, Qt.MouseButton.LeftButton)
    gd = panel.learner()
    assert gd.config.lr == 0.1 and gd.config.init == (1.0, 1.0, 1.0) and gd.config.max_iters == 3000
    panel.player.speed.set_value(100000)
    panel.player.set_playing(True)
    qtbot.waitUntil(lambda: not panel.player.is_playing(), timeout=20000)
    assert gd.iteration == 3000 and "iteration cap" in panel.message()
    ref = LogisticGD(ds.seed_dataset(), LogRegConfig(lr=0.1, max_iters=3000, init=(1, 1, 1)))
    ref.run()
    assert np.allclose(gd.weights, ref.weights)
    assert "σ(" in panel.equation_label.text()
    # the boundary is drawn and the map has both classes' colours
    px, _ = panel.boundary.getData()
    assert px is not None and len(px) > 10
    img = panel.map_image.image
    assert img.shape == (200, 200, 3) and len({tuple(v) for v in img.reshape(-1, 3)[::97]}) > 20


def test_step_back_and_reset(qtbot, panel):
    gd = panel.learner()
    for _ in range(3):
        qtbot.mouseClick(panel.player.step_button, Qt.MouseButton.LeftButton)
    assert gd.iteration == 3
    qtbot.mouseClick(panel.player.back_button, Qt.MouseButton.LeftButton)
    assert gd.iteration == 2
    panel.player.timeline.setValue(1)
    assert gd.iteration == 1
    qtbot.mouseClick(panel.player.reset_button, Qt.MouseButton.LeftButton)
    assert gd.iteration == 0 and gd.history_length == 1


def choose(combo, key):
    combo.setCurrentIndex(combo.findData(key))


def test_three_classes_each_strategy(qtbot, panel):
    choose(panel.preset_combo, "blobs")
    panel.classes_spin.setValue(3)
    assert panel.data().k == 3 and panel.strategy_combo.isEnabled()
    panel.show_models_check.setChecked(True)
    panel.lr_slider.set_value(0.5)
    for key, models in (("ovr", 3), ("ovo", 3), ("softmax", 1)):
        choose(panel.strategy_combo, key)
        gd = panel.learner()
        assert gd.decomposition.models == models
        panel.advance(400, None)
        assert gd.metrics.accuracy > 0.95
        visible = [line for line in panel.model_lines if line.isVisible()]
        assert len(visible) == (3 if key != "softmax" else 0)
        assert len(panel.confusion_view.cells()) == 3
        assert int(panel.confusion_view.cells()[0][0]) > 90


def test_ovo_vote_ties_are_grey(qtbot, panel):
    """Three pairwise lines that do not meet in one point leave a triangle where every class
    has one vote: one class spread wide along x makes its two boundaries tilt apart."""
    from core.class_map import TIE_COLOR

    rng = np.random.default_rng(0)
    X = np.vstack([rng.normal((0, 0), 0.4, (100, 2)), rng.normal((4, 0), 0.4, (100, 2)),
                   rng.normal((2, 3), [3.0, 0.4], (100, 2))])
    assert panel.set_data(X, np.repeat([0, 1, 2], 100))
    choose(panel.strategy_combo, "ovo")
    panel.lr_slider.set_value(0.5)
    panel.advance(300, None)

    def grey() -> int:
        img = panel.map_image.image.reshape(-1, 3)
        return int((img == np.array(TIE_COLOR, dtype=np.uint8)).all(axis=1).sum())

    # the map is redrawn once the view has fitted the new points (it showed the seed's range
    # until then, where the triangle is only a sliver at the edge, or none)
    qtbot.waitUntil(lambda: grey() > 0, timeout=5000)
    assert "tie" in panel.info_label.text()


def test_polynomial_features_fix_circles(qtbot, panel):
    choose(panel.preset_combo, "circles")
    panel.lr_slider.set_value(0.5)
    panel.seed_start_check.setChecked(False)
    panel.advance(2000, None)
    assert panel.learner().metrics.accuracy < 0.75
    panel.poly_check.setChecked(True)
    panel.advance(2000, None)
    assert panel.learner().metrics.accuracy > 0.95


def test_spiral_defeats_a_linear_boundary(qtbot, panel):
    """The Concepts lab's answer to 'why neural networks' starts here: no line fits a spiral."""
    choose(panel.preset_combo, "spiral")
    data = panel.learner().data
    assert data.k == 2 and abs(int(data.counts()[0]) - int(data.counts()[1])) <= 1
    panel.lr_slider.set_value(0.5)
    panel.seed_start_check.setChecked(False)
    panel.advance(2000, None)
    assert panel.learner().metrics.accuracy < 0.8


def test_l2_reference_and_distance(qtbot, panel):
    panel.l2_check.setChecked(True)
    qtbot.waitUntil(lambda: panel.reference() is not None, timeout=10000)
    w_star = panel.reference().weights[:, 0]
    assert w_star == pytest.approx([1.18105812, 1.13321831, -10.82334604], abs=2e-4)
    assert "Newton" in panel.info_label.text()


def test_divergence_is_explained(qtbot, panel):
    panel.lr_slider.set_value(100.0)
    panel.player.set_playing(True)
    qtbot.waitUntil(lambda: not panel.player.is_playing(), timeout=5000)
    gd = panel.learner()
    assert gd.stop_reason.value == "diverged"
    assert "too high" in panel.message()
    assert np.isfinite(gd.weights).all()
    assert "nan" not in panel.equation_label.text().lower()


def test_click_adds_points_of_the_chosen_class_and_a_new_class(qtbot, panel):
    plot = panel.map_plot
    vp = plot.viewport()
    (x0, x1), (y0, y1) = plot.getViewBox().viewRange()
    n, k = panel.data().n, panel.data().k
    choose(panel.add_class_combo, 1)
    qtbot.mouseClick(vp, Qt.MouseButton.LeftButton, pos=to_widget(plot, x0 + 0.05 * (x1 - x0), y0 + 0.05 * (y1 - y0)))
    assert panel.data().n == n + 1 and panel.data().y[-1] == 1
    new = panel.add_class_combo.findData(k)
    panel.add_class_combo.setCurrentIndex(new)
    qtbot.mouseClick(vp, Qt.MouseButton.LeftButton, pos=to_widget(plot, x0 + 0.9 * (x1 - x0), y0 + 0.9 * (y1 - y0)))
    assert panel.data().k == k + 1 and panel.learner().decomposition.k == k + 1
    last = panel.data().X[-1]
    qtbot.mouseClick(vp, Qt.MouseButton.RightButton, pos=to_widget(plot, *last))
    # deleting the only point of a class would leave too few for... it just removes the class
    assert panel.data().n == n + 1


def test_test_split_and_confusion_on_test_points(qtbot, panel):
    panel.test_slider.setValue(30)
    assert panel.learner().test_mask.sum() == 90
    assert "held out" in panel.source_label.text()
    panel.advance(200, None)
    assert np.isfinite(panel.learner().metrics.test_accuracy)
    choose(panel.confusion_combo, "test")
    total = sum(int(panel.confusion_view.cells()[i][j]) for i in range(2) for j in range(2))
    assert total == 90


def test_bad_csv_keeps_the_data(qtbot, panel, tmp_path):
    before = panel.data()
    for text, fragment in (("x1,x2,label\n1,2,0\n3,4,0\n", "at least two classes"),
                           ("x1,x2,label\n1,2,0\n3,4,0.5\n", "whole numbers"),
                           ("x1,x2,label\n1,2,0\n3,inf,1\n", "not a finite")):
        f = tmp_path / "bad.csv"
        f.write_text(text)
        panel.load_csv(str(f))
        qtbot.waitUntil(lambda: not panel.is_loading(), timeout=5000)
        assert panel.data() is before
        assert fragment in panel.message()
    good = tmp_path / "good.csv"
    good.write_text("x1,x2,label\n0,0,-1\n0,1,-1\n3,3,1\n3,4,1\n")
    panel.load_csv(str(good))
    qtbot.waitUntil(lambda: not panel.is_loading(), timeout=5000)
    assert panel.data().n == 4 and panel.data().labels == (-1, 1)


def test_language_switch(qtbot, window, app_language):
    panel = window.panels["logistic"]
    assert window.tabs.tabText(1) == "Logistic regression"
    app_language.set_language("zh_CN")
    assert window.tabs.tabText(1) == "逻辑回归"
    assert panel.strategy_combo.itemText(0) == "一对多（OvR）"
    app_language.set_language("en")
    assert panel.strategy_combo.itemText(0) == "One-vs-rest"


def test_settings_round_trip(qtbot, app_language):
    from gui.main_window import MainWindow
    from gui.settings import open_settings

    w = MainWindow(app_language, open_settings())
    qtbot.addWidget(w)
    p = w.panels["logistic"]
    choose(p.preset_combo, "moons")
    choose(p.strategy_combo, "softmax")
    p.poly_check.setChecked(True)
    p.l2_check.setChecked(True)
    p.c_slider.set_value(0.5)
    p.test_slider.setValue(20)
    w.select_tab("logistic")
    w.close()
    w2 = MainWindow(app_language, open_settings())
    qtbot.addWidget(w2)
    p2 = w2.panels["logistic"]
    assert w2.current_panel() is p2
    cfg = p2.learner().config
    assert cfg.strategy == "softmax" and cfg.poly and cfg.l2_C == 0.5
    assert p2.preset_combo.currentData() == "moons" and p2.learner().test_mask.any()
    w2.close()


def test_closing_mid_run_stops_workers(qtbot, app_language):
    from gui.main_window import MainWindow

    w = MainWindow(app_language, None)
    qtbot.addWidget(w)
    w.show()
    p = w.panels["logistic"]
    p.l2_check.setChecked(True)  # starts a Newton worker
    p.player.set_playing(True)
    qtbot.waitUntil(lambda: p.learner().iteration > 0, timeout=5000)
    w.close()
    assert not p.player.is_playing()
