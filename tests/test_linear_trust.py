"""The Linear Regression lab never freezes, half-updates or lies: extreme data through the
real import path, clicks far out on the loss surface, a hint that names the real cause of a
narrow valley, the surface drawn in the coordinates the descent runs in, and the Start row."""

from __future__ import annotations

import math

import numpy as np
import pytest
from PySide6.QtCore import QPointF, Qt

from core.linreg import least_squares


@pytest.fixture
def panel(main_window):
    return main_window.panels["linear"]


def write_csv(path, x, y):
    path.write_text("x,y\n" + "\n".join(f"{float(a)!r},{float(b)!r}" for a, b in zip(x, y)) + "\n")
    return str(path)


def load(qtbot, panel, path):
    statuses = []
    panel.status_message.connect(statuses.append)
    panel.load_csv(path)
    qtbot.waitUntil(lambda: not panel.is_loading(), timeout=15000)
    qtbot.wait(20)
    return statuses


def finite_range(vb):
    (a, b), (c, d) = vb.viewRange()
    return all(math.isfinite(v) for v in (a, b, c, d)) and b > a and d > c


def bands(panel):
    img = panel.surface_image.image
    assert img is not None and np.isfinite(img).all()
    return np.unique(img)


def view_to_widget(plot, x, y):
    return plot.mapFromScene(plot.getViewBox().mapViewToScene(QPointF(x, y)))


def assert_whole(panel):
    """Every range, image and number on screen is finite and says something."""
    assert finite_range(panel.loss_plot.getViewBox())
    assert finite_range(panel.surface_vb) and finite_range(panel.data_plot.getViewBox())
    assert len(bands(panel)) >= 5, "the loss surface is one flat colour"
    for text in (panel.info_label.text(), panel.equation_label.text(), panel.message()):
        assert "nan" not in text.lower() and "inf" not in text.lower()
    # the start and the optimum are on the surface as drawn
    (b0, b1), (k0, k1) = panel.surface_vb.viewRange()
    for marker in (panel.start_marker, panel.ols_marker):
        (x,), (y,) = marker.getData()
        assert b0 <= x <= b1 and k0 <= y <= k1


REFUSED = {
    "huge": (np.linspace(1, 2, 50) * 1e200, np.linspace(1, 2, 50) * 1e200, "overflow"),
    "tiny": (np.linspace(1, 2, 50) * 1e-300, np.linspace(1, 2, 50) * 1e-300, "underflow"),
}
ACCEPTED = {
    "offset": (1e12 + np.linspace(0, 1, 50), np.linspace(0, 1, 50) + 0.01 * np.sin(np.arange(50))),
    "outlier": (np.r_[np.linspace(0, 1, 49), 1e150], np.r_[np.linspace(0, 1, 49) * 2 + 1, 3.0]),
    "flat_slope": (np.linspace(1, 2, 50) * 1e100, np.linspace(1, 2, 50) * 1e100),
    "big_y": (np.linspace(0, 1, 50), np.linspace(1, 2, 50) * 1e140),
}


@pytest.mark.parametrize("case", sorted(REFUSED))
def test_data_beyond_float64_is_refused_and_nothing_changes(qtbot, panel, tmp_path, case):
    x, y, word = REFUSED[case]
    before, equation = panel.points(), panel.equation_label.text()
    statuses = load(qtbot, panel, write_csv(tmp_path / f"{case}.csv", x, y))
    assert panel.points() is before and panel.equation_label.text() == equation
    assert word in panel.message() and panel.banner.kind() == "error"
    assert statuses and "Loading" not in statuses[-1]
    assert_whole(panel)


@pytest.mark.parametrize("case", sorted(ACCEPTED))
def test_extreme_but_usable_data_is_drawn_whole(qtbot, panel, tmp_path, case):
    x, y = ACCEPTED[case]
    statuses = load(qtbot, panel, write_csv(tmp_path / f"{case}.csv", x, y))
    assert panel.points().n == 50 and panel.message() == ""
    assert statuses and statuses[-1].startswith("Loaded 50 points")
    assert_whole(panel)
    for rate in (1e-8, 1e-3, 10.0):  # too slow, a fair try, and divergence
        panel.lr_slider.set_value(rate)
        panel.advance(300, None)
        assert_whole(panel)


def test_losses_that_overflow_on_part_of_the_view_leave_the_rest_drawn(qtbot, panel, tmp_path):
    """Zooming the surface out until J overflows in a corner turned the whole image one colour."""
    x = np.r_[np.linspace(0, 1, 49), 1e150]
    y = np.r_[np.linspace(0, 1, 49) * 2 + 1, 3.0]
    load(qtbot, panel, write_csv(tmp_path / "outlier.csv", x, y))
    gd = panel.learner()
    o0, _ = gd.internal_optimum
    # slopes up to ±1e6: k·x reaches 1e156, whose square overflows; near k = 0 it does not
    panel.surface_vb.setRange(xRange=(o0 - 10, o0 + 10), yRange=(-1e6, 1e6), padding=0)
    qtbot.wait(30)
    img = panel.surface_image.image
    levels = np.unique(img)
    assert len(levels) >= 10
    assert img[:, 0].max() == 1.0 and img[:, img.shape[1] // 2].min() < 0.5


def test_a_click_where_the_loss_overflows_is_explained(qtbot, panel):
    plot = panel.surface_plot
    panel.surface_vb.setRange(xRange=(-1e3, 1e3), yRange=(1e150, 1e160), padding=0)
    qtbot.wait(20)
    gd = panel.learner()
    start = gd.config.start
    qtbot.mouseClick(plot.viewport(), Qt.MouseButton.LeftButton, pos=view_to_widget(plot, 0.0, 9e159))
    assert gd.config.start == start and gd.iteration == 0
    assert "too large to compute" in panel.message() and panel.banner.kind() == "error"


def hint(panel):
    return panel.valley_hint()


def test_the_valley_hint_names_the_real_cause(qtbot, panel):
    """With x standardized and the seed's ×10000 intercept rate, the hint said 'Standardize x':
    it was on, and the cause was the rate factor."""
    panel.standardize_check.setChecked(True)
    assert panel.scale_slider.value() == 1e4
    text = hint(panel)
    assert "×1e+04" in text and "rate factor to 1" in text and "Standardize x" not in text
    assert text in panel.info_label.text()

    panel.scale_slider.set_value(1.0)
    assert hint(panel) == ""  # standardized, factor 1: a round bowl

    panel.standardize_check.setChecked(False)  # the seed's data: x in 100–200
    text = hint(panel)
    assert "far from 0" in text and "Standardize x, or set the intercept rate factor near 2.35e+04" in text

    panel.scale_slider.set_value(1e4)  # the seed's own remedy
    assert hint(panel) == ""

    # x centred with spread ≈ 0.6: the factor alone makes the valley
    assert panel.set_points(np.linspace(-1, 1, 50), 2 * np.linspace(-1, 1, 50) + 1)
    text = hint(panel)
    assert "because of the intercept's rate factor ×1e+04" in text and "at ×1, κ would be 2.88" in text

    # a huge offset: no factor helps
    x = 1e12 + np.linspace(0, 1, 50)
    assert panel.set_points(x, np.linspace(0, 1, 50))
    assert "No intercept rate factor fixes it here: standardize x." in hint(panel)

    # a tiny spread around 0
    assert panel.set_points(1e-3 * np.linspace(-1, 1, 50), np.linspace(0, 1, 50))
    assert "spread" in hint(panel) and "far from 1" in hint(panel)


def test_the_surface_is_drawn_where_the_descent_runs(qtbot, panel):
    """Standardized, the descent runs on θ′ (a round bowl): the surface, path, start, current
    point and optimum are drawn there, and the axes say so."""
    gd = panel.learner()
    panel.standardize_check.setChecked(True)
    panel.scale_slider.set_value(1.0)
    panel.lr_slider.set_value(0.3)
    qtbot.wait(30)
    assert "standardized" in panel.surface_plot.getAxis("bottom").labelText
    assert "standardized" in panel.surface_plot.getAxis("left").labelText
    assert "′" in panel.surface_plot.getPlotItem().titleLabel.text
    panel.advance(15, None)
    b, k, _ = gd.history()
    c0, c1 = gd.to_internal(b, k)
    px, py = panel.path_item.getData()
    assert np.allclose(px, c0) and np.allclose(py, c1)
    (ox,), (oy,) = panel.ols_marker.getData()
    assert (ox, oy) == pytest.approx(gd.internal_optimum)
    (sx,), (sy,) = panel.start_marker.getData()
    assert (sx, sy) == pytest.approx(gd.to_internal(*gd.config.start))
    pos = panel.current_marker.pos()
    assert (pos.x(), pos.y()) == pytest.approx(gd.internal_theta)
    # round: J − J* is the same at the same distance from the optimum along either axis
    ex = gd.excess_grid(np.array([ox + 3.0, ox]), np.array([oy, oy + 3.0]))
    assert ex[0, 0] == pytest.approx(ex[1, 1], rel=1e-6)
    assert panel.surface_vb.state["aspectLocked"]
    # a click chooses the start in these coordinates
    (x0, x1), (y0, y1) = panel.surface_vb.viewRange()
    target = (x0 + 0.3 * (x1 - x0), y0 + 0.7 * (y1 - y0))
    qtbot.mouseClick(panel.surface_plot.viewport(), Qt.MouseButton.LeftButton,
                     pos=view_to_widget(panel.surface_plot, *target))
    assert gd.internal_theta == pytest.approx(target, abs=0.02 * max(x1 - x0, y1 - y0))
    # back to the original coordinates
    panel.standardize_check.setChecked(False)
    assert "intercept θ0 (b)" == panel.surface_plot.getAxis("bottom").labelText
    (ox,), (oy,) = panel.ols_marker.getData()
    ols = least_squares(panel.points())
    assert (ox, oy) == pytest.approx((ols.intercept, ols.slope))


def test_the_start_row_follows_new_data_and_reset_goes_there(qtbot, panel):
    gd = panel.learner()
    panel.advance(40, None)
    line = (gd.intercept, gd.slope)
    (x0, x1), (y0, y1) = panel.data_plot.getViewBox().viewRange()
    panel.points_vb.point_added.emit(x0 + 0.5 * (x1 - x0), y0 + 0.5 * (y1 - y0))  # a click adds a point
    gd = panel.learner()
    assert gd.iteration == 0 and (gd.intercept, gd.slope) == line
    from gui.widgets.plot_tools import fmt

    assert panel.start_label.text() == f"({fmt(line[0], 4)}, {fmt(line[1], 4)})"
    panel.advance(20, None)
    qtbot.mouseClick(panel.player.reset_button, Qt.MouseButton.LeftButton)
    assert (gd.intercept, gd.slope) == line


def test_a_run_that_learns_nothing_says_so(qtbot, panel):
    x = 1e-3 * np.linspace(-1, 1, 50)
    assert panel.set_points(x, 1000 * x + 5)  # x's spread far below 1: tiny steps on the slope
    panel.scale_slider.set_value(1.0)
    panel.lr_slider.set_value(1e-8)
    panel.iters_spin.setValue(10)
    panel.player.set_playing(True)
    qtbot.waitUntil(lambda: not panel.player.is_playing(), timeout=5000)
    assert panel.learner().stop_reason.value == "no_progress"
    assert "without learning" in panel.message() and panel.banner.kind() == "error"
    assert "standardize x" in panel.message().lower()


def test_what_the_lab_now_says_follows_the_language(qtbot, panel, app_language):
    panel.standardize_check.setChecked(True)
    assert app_language.set_language("zh_CN")
    assert panel.surface_plot.getAxis("bottom").labelText == "标准化 x 上的截距 θ0′"
    assert "截距学习率的倍数 ×1e+04" in panel.info_label.text()
    assert app_language.set_language("en")
    assert "rate factor ×1e+04" in panel.info_label.text()
    assert panel.surface_plot.getAxis("left").labelText == "slope θ1′ (on standardized x)"


def test_big_data_is_drawn_as_a_sample_and_every_point_is_fitted(qtbot, panel, monkeypatch):
    """A scatter of a million points froze the window for seconds when it was set up."""
    from gui.labs.linear import controller

    monkeypatch.setattr(controller, "MAX_DRAWN", 100)
    rng = np.random.default_rng(2)
    x = rng.uniform(0, 10, 3000)
    y = 2 * x + 1 + rng.normal(0, 0.1, 3000)
    assert panel.set_points(x, y)
    assert len(panel.scatter.data) == 100
    assert "shows 100 of them" in panel.source_label.text()
    ols = least_squares(panel.points())
    assert ols.slope == pytest.approx(np.polyfit(x, y, 1)[0])  # all 3000 points are fitted
    # dragging a drawn point moves that point of the data
    i = 7
    j = int(panel.controller.drawn[i])
    panel.points_vb.point_moved.emit(i, 5.0, 100.0)
    assert panel.points().n == 3000 and (panel.points().x[j], panel.points().y[j]) == (5.0, 100.0)
    panel.points_vb.point_removed.emit(i)
    assert panel.points().n == 2999 and 100.0 not in panel.points().y


@pytest.mark.parametrize("language", ["en", "zh_CN"])
@pytest.mark.parametrize("size", [(1024, 700), (1366, 768), (1280, 800)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_the_standardized_surface_fits_its_plot(qtbot, main_window, app_language, panel, language, size):
    """Its first title was wider than the plot and pushed the plot out of the window."""
    from PySide6.QtWidgets import QApplication

    from tests.layout_check import clipped

    app_language.set_language(language)
    panel.standardize_check.setChecked(True)
    panel.scale_slider.set_value(1.0)
    panel.lr_slider.set_value(0.5)
    panel.advance(20, None)
    main_window.resize(*size)
    qtbot.wait(40)
    QApplication.processEvents()
    assert not clipped(main_window)
    for plot in (panel.surface_plot, panel.data_plot, panel.loss_plot):
        assert plot.getPlotItem().sceneBoundingRect().right() <= plot.width() + 1
    # the start, the path and the optimum are in view
    (b0, b1), (k0, k1) = panel.surface_vb.viewRange()
    for marker in (panel.start_marker, panel.ols_marker):
        (x,), (y,) = marker.getData()
        assert b0 <= x <= b1 and k0 <= y <= k1


def test_seed_settings_bring_the_surface_back_to_the_original_units(qtbot, panel):
    """Seed settings turned standardizing off, but the surface kept the standardized axes'
    names and their locked aspect while it was drawn in the original units."""
    panel.standardize_check.setChecked(True)
    assert panel.surface_vb.state["aspectLocked"]
    qtbot.mouseClick(panel.preset_button, Qt.MouseButton.LeftButton)
    assert not panel.standardize_check.isChecked() and not panel.learner().config.standardize
    assert panel.surface_plot.getAxis("bottom").labelText == "intercept θ0 (b)"
    assert panel.surface_plot.getAxis("left").labelText == "slope θ1 (k)"
    assert "′" not in panel.surface_plot.getPlotItem().titleLabel.text
    assert not panel.surface_vb.state["aspectLocked"]
