"""The Logistic lab's loss-contour view: the slice is the learner's objective with the third
weight held at the current one, the path is the history's weights, and where the view does
not apply it says why."""

from __future__ import annotations

import numpy as np
import pytest

from gui.labs.logistic import texts
from gui.labs.logistic.contour import AXES, GRID, unavailable_reason
from gui.labs.logistic.controller import LogisticController


@pytest.fixture
def panel(main_window):
    main_window.select_tab("logistic")
    p = main_window.panels["logistic"]
    p.show_contours(True)
    return p


def choose(combo, key):
    combo.setCurrentIndex(combo.findData(key))


def _settled(panel) -> bool:
    f = panel.controller.contour.frame()
    return f.grid is not None and f.grid.held_value == float(panel.controller.gd.weights[f.held, 0])


def _check_slice(panel) -> None:
    c = panel.controller
    f = c.contour.frame()
    g = f.grid
    assert g is not None and g.values.shape == (GRID, GRID)
    W = c.gd.weights
    i, j = f.axes
    for a, b in [(0, 0), (GRID - 1, GRID - 1), (13, 71), (50, 50), (88, 4)]:
        Wt = W.copy()
        Wt[i, 0], Wt[j, 0] = g.xs[a], g.ys[b]
        assert g.values[a, b] == pytest.approx(float(c.gd.objective.loss(Wt)[0]), rel=1e-6)
    # the bands cover the view the user sees
    (x0, x1), (y0, y1) = panel.contour_view.view_range()
    assert g.xs[0] == pytest.approx(x0) and g.xs[-1] == pytest.approx(x1)
    assert g.ys[0] == pytest.approx(y0) and g.ys[-1] == pytest.approx(y1)


def test_slice_is_the_objective_with_the_held_weight_current(qtbot, panel):
    c = panel.controller
    qtbot.waitUntil(lambda: c.reference() is not None, timeout=20000)
    for _ in range(7):
        panel.player.step_button.click()
    qtbot.waitUntil(lambda: _settled(panel), timeout=20000)
    _check_slice(panel)
    f = c.contour.frame()
    assert f.axes == (0, 1) and f.held == 2
    b = float(c.gd.weights[2, 0])
    assert f.held_value == b
    assert panel.contour_view.slice_label.text() == texts.slice_label("b", b)
    assert texts.held_value_text(b) in panel.contour_view.slice_label.text()
    # the path is the history's weights on the plane, up to the current point
    H = c.gd.weights_history()[:, :, 0]
    assert np.array_equal(f.path, H[:, [0, 1]])
    assert f.current == (float(c.gd.weights[0, 0]), float(c.gd.weights[1, 0]))
    x, y = panel.contour_view.path.getData()
    assert np.array_equal(x, H[:, 0]) and np.array_equal(y, H[:, 1])
    # Newton's optimum is marked, and its tooltip says when it is on the slice
    star = c.exact_weights()
    assert star is not None
    assert f.optimum == (float(star[0, 0]), float(star[1, 0]))
    assert texts.held_value_text(float(star[2, 0])) in panel.contour_view.optimum.toolTip()
    # the range shows the path and the optimum
    (x0, x1), (y0, y1) = panel.contour_view.view_range()
    pts = np.vstack([H[:, :2], [f.optimum]])
    assert (pts[:, 0] >= x0).all() and (pts[:, 0] <= x1).all()
    assert (pts[:, 1] >= y0).all() and (pts[:, 1] <= y1).all()


def test_slice_follows_back_and_the_chosen_plane(qtbot, panel):
    c = panel.controller
    for _ in range(5):
        panel.player.step_button.click()
    panel.player.back_button.click()
    panel.player.back_button.click()
    assert c.gd.iteration == 3
    qtbot.waitUntil(lambda: _settled(panel), timeout=20000)
    assert c.contour.frame().path.shape == (4, 2)
    _check_slice(panel)
    panel.contour_view.axes_combo.setCurrentIndex(1)  # (w1, b): w2 held
    panel._refresh_views()
    qtbot.waitUntil(lambda: _settled(panel), timeout=20000)
    f = c.contour.frame()
    assert f.axes == AXES[1] == (0, 2) and f.held == 1
    w2 = float(c.gd.weights[1, 0])
    assert panel.contour_view.slice_label.text() == texts.slice_label("w₂", w2)
    assert np.array_equal(f.path, c.gd.weights_history()[:, [0, 2], 0])
    _check_slice(panel)


def test_slice_on_a_worker_for_big_data(qtbot, panel):
    c = panel.controller
    c.contour.sync_work = 0  # every slice on the TaskRunner
    for _ in range(3):
        panel.player.step_button.click()
    qtbot.waitUntil(lambda: _settled(panel), timeout=20000)
    _check_slice(panel)


def test_unavailable_cases_say_why(qtbot, panel):
    view = panel.contour_view
    assert view.stack.currentIndex() == 0
    panel.poly_check.setChecked(True)
    qtbot.waitUntil(lambda: panel.learner().config.poly, timeout=20000)
    panel._refresh_views()
    assert view.stack.currentIndex() == 1 and view.unavailable.isVisible()
    assert view.unavailable.text() == texts.contour_unavailable("poly") != ""
    assert "olynomial" in view.unavailable.text()
    panel.poly_check.setChecked(False)
    choose(panel.preset_combo, "blobs")
    panel.classes_spin.setValue(3)
    qtbot.waitUntil(lambda: panel.data().k == 3, timeout=20000)
    panel._refresh_views()
    assert view.stack.currentIndex() == 1
    assert view.unavailable.text() == texts.contour_unavailable("classes")
    assert "two classes" in view.unavailable.text()


def test_controller_reasons_and_throttle(qtbot):
    c = LogisticController()
    try:
        assert unavailable_reason(c.gd) == ""
        c.contour.sync_work = 10**12  # here, at once
        view = ((-1.0, 2.0), (-1.0, 2.0))
        now = [100.0]
        c.contour.clock = lambda: now[0]
        assert c.contour.request(view, playing=False)
        assert not c.contour.request(view, playing=False)  # the same slice: not again
        c.gd.step(1)
        now[0] += c.contour.interval()
        assert c.contour.request(view, playing=True)  # moved enough, a while later
        c.gd.step(2000)
        assert c.contour.request(view, playing=False)
        c.gd.step(1)
        now[0] += c.contour.interval()
        # playing: a held weight that moved by less than a 500th of the view is not worth a slice
        assert 0 < abs(float(c.gd.weights[2, 0]) - c.contour.frame().grid.held_value) < 2e-3 * 3
        assert not c.contour.request(view, playing=True)
        c.gd.step(200)
        assert c.contour.request(view, playing=True)
        c.gd.step(200)
        assert c.contour.interval() >= 0.25
        now[0] += 0.4 * c.contour.interval()
        assert not c.contour.request(view, playing=True)  # within a quarter second while playing
        now[0] += 0.6 * c.contour.interval() + 1e-9
        assert c.contour.request(view, playing=True)  # 4 Hz at most (less when a slice costs more)
        c.gd.step(1)
        assert c.contour.request(view, playing=False)  # paused: at once, any change
        g = c.contour.frame().grid
        assert g is not None and g.held_value == float(c.gd.weights[2, 0])
        assert texts.contour_unavailable("softmax") and texts.contour_unavailable("classes")
    finally:
        c.tasks.shutdown()


def test_zoom_evaluates_the_slice_over_the_new_view(qtbot, panel):
    c = panel.controller
    qtbot.waitUntil(lambda: _settled(panel), timeout=20000)
    vb = panel.contour_view.plot.getPlotItem().getViewBox()
    panel.contour_view.user_range = True  # as a wheel or drag does (sigRangeChangedManually)
    vb.setRange(xRange=(0.3, 0.9), yRange=(-0.2, 0.4), padding=0)
    (x0, x1), (y0, y1) = panel.contour_view.view_range()
    qtbot.waitUntil(lambda: c.contour.frame().grid is not None
                    and c.contour.frame().grid.xs[0] == pytest.approx(x0)
                    and c.contour.frame().grid.ys[-1] == pytest.approx(y1), timeout=20000)
    _check_slice(panel)
    panel._refresh_views()
    assert panel.contour_view.view_range() == ((x0, x1), (y0, y1))  # the user's range stays


def test_reasons_for_each_model_the_plane_cannot_show():
    from core import datasets2d as ds
    from core.logreg import LogisticGD, LogRegConfig

    rng = np.random.default_rng(3)
    X = rng.normal(size=(60, 2))
    two = ds.make_labeled(X, (X[:, 0] > 0).astype(int), min_classes=2)
    three = ds.make_labeled(X, np.repeat([0, 1, 2], 20), min_classes=2)
    assert unavailable_reason(LogisticGD(two, LogRegConfig())) == ""
    assert unavailable_reason(LogisticGD(two, LogRegConfig(poly=True))) == "poly"
    assert unavailable_reason(LogisticGD(two, LogRegConfig(strategy="softmax"))) == "softmax"
    assert unavailable_reason(LogisticGD(three, LogRegConfig())) == "classes"
    for why in ("poly", "softmax", "classes"):
        assert len(texts.contour_unavailable(why)) > 40
    assert len({texts.contour_unavailable(w) for w in ("poly", "softmax", "classes")}) == 3
