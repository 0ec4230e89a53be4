"""Issue 13, the gradient step made visible in the Linear lab: the arrow of −∇J and the last
step on the loss surface, residual segments, the colour bar of J − J*, the jump to the
exact answer, and the numbers of the step just taken."""

import math

import numpy as np
import pytest
from PySide6.QtCore import QPointF, Qt

from core.linreg import gradient_of, least_squares
from gui.labs.linear import texts
from gui.labs.linear.controller import SURFACE_GRID, LinearController, band_scale, surface_bands
from gui.labs.linear.views import ARROW_PX, MAX_RESIDUALS


@pytest.fixture
def panel(main_window):
    return main_window.panels["linear"]


def click(qtbot, button) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def downhill(panel) -> tuple[float, float]:
    """−∇J at the iteration shown, computed here from the run's moments."""
    gd = panel.learner()
    g0, g1 = gradient_of(gd.moments, *gd.internal_theta)
    return -g0, -g1


def assert_arrow_is_minus_gradient(panel) -> None:
    sv = panel.surface_view
    assert sv.arrow_item.isVisible() and sv.arrow_vector is not None
    d0, d1 = downhill(panel)
    a0, a1 = sv.arrow_vector
    # parallel and the same way: the cross product vanishes, the dot product is positive
    assert a0 * d1 - a1 * d0 == pytest.approx(0.0, abs=1e-9 * math.hypot(a0, a1) * math.hypot(d0, d1))
    assert a0 * d0 + a1 * d1 > 0
    xs, ys = sv.arrow_item.getData()
    c0, c1 = panel.learner().internal_theta
    assert (xs[0], ys[0]) == pytest.approx((c0, c1))  # it starts at the current θ
    assert (xs[1] - xs[0], ys[1] - ys[0]) == pytest.approx((a0, a1))
    # a readable length on screen, whatever the axes' units
    p0 = sv.vb.mapViewToScene(QPointF(xs[0], ys[0]))
    p1 = sv.vb.mapViewToScene(QPointF(xs[1], ys[1]))
    assert math.hypot(p1.x() - p0.x(), p1.y() - p0.y()) == pytest.approx(ARROW_PX, rel=0.02)


def assert_step_segment(panel) -> None:
    gd = panel.learner()
    b, k, _ = gd.history()
    i = gd.iteration
    prev = gd.to_internal(float(b[i - 1]), float(k[i - 1]))
    xs, ys = panel.surface_view.step_item.getData()
    assert panel.surface_view.step_item.isVisible()
    assert (xs[0], ys[0]) == pytest.approx(prev)
    assert (xs[1], ys[1]) == pytest.approx(gd.internal_theta)


@pytest.mark.parametrize("standardize", [False, True])
def test_the_arrow_is_minus_the_gradient_and_the_segment_the_last_step(qtbot, panel, standardize):
    panel.standardize_check.setChecked(standardize)
    if standardize:
        panel.lr_slider.set_value(0.1)
        panel.scale_slider.set_value(1.0)
    for _ in range(3):
        click(qtbot, panel.player.step_button)
    assert panel.learner().iteration == 3
    assert_arrow_is_minus_gradient(panel)
    assert_step_segment(panel)

    click(qtbot, panel.player.back_button)
    assert panel.learner().iteration == 2
    assert_arrow_is_minus_gradient(panel)
    assert_step_segment(panel)

    panel.advance(40, budget=None)
    panel.player.seek_requested.emit(17)
    assert panel.learner().iteration == 17
    assert_arrow_is_minus_gradient(panel)
    assert_step_segment(panel)

    panel.player.seek_requested.emit(0)  # no step before iteration 0
    assert not panel.surface_view.step_item.isVisible()
    assert_arrow_is_minus_gradient(panel)


def test_the_arrow_keeps_its_length_when_the_view_zooms(qtbot, panel):
    click(qtbot, panel.player.step_button)
    panel.surface_vb.scaleBy((0.3, 0.5))
    assert_arrow_is_minus_gradient(panel)


def residual_pairs(panel):
    xs, ys = panel.data_view.residual_item.getData()
    return xs[0::2], ys[0::2], xs[1::2], ys[1::2]


def test_residual_segments_join_the_points_and_the_line(qtbot, panel):
    dv = panel.data_view
    assert not panel.residuals_check.isChecked() and not dv.residual_item.isVisible()
    panel.residuals_check.setChecked(True)
    assert dv.residual_item.isVisible()
    gd = panel.learner()
    for steps in (0, 5):
        if steps:
            panel.advance(steps, budget=None)
        x0, y0, x1, y1 = residual_pairs(panel)
        px, py = panel.scatter.getData()
        assert np.array_equal(x0, px) and np.array_equal(y0, py)  # from each point drawn...
        assert np.array_equal(x1, px)  # ... straight up or down ...
        np.testing.assert_allclose(y1, gd.intercept + gd.slope * px, rtol=1e-12)  # ... to the line
    click(qtbot, panel.player.back_button)
    _, _, x1, y1 = residual_pairs(panel)
    np.testing.assert_allclose(y1, gd.intercept + gd.slope * x1, rtol=1e-12)
    panel.residuals_check.setChecked(False)
    assert not dv.residual_item.isVisible()


def test_big_data_gets_a_bounded_sample_of_residuals(qtbot, panel):
    panel.residuals_check.setChecked(True)
    panel.n_slider.set_value(10_000)
    assert panel.points().n == 10_000
    x0, y0, x1, y1 = residual_pairs(panel)
    assert 0 < x0.size <= MAX_RESIDUALS
    px, py = panel.scatter.getData()
    drawn = set(zip(px.tolist(), py.tolist()))
    assert all(p in drawn for p in zip(x0.tolist(), y0.tolist()))  # points the plot draws
    gd = panel.learner()
    np.testing.assert_allclose(y1, gd.intercept + gd.slope * x1, rtol=1e-12)


def test_the_colour_bar_is_the_mapping_of_the_image(qtbot, panel):
    sv = panel.surface_view
    panel.advance(30, budget=None)
    sv.dirty = True
    sv.redraw()
    frame = panel.controller.surface_frame(sv.view_range())
    scale = frame.scale
    assert scale is not None and sv.bar_scale == scale
    # the mapping is the image's: a cell's level is its J − J* mapped
    (b0, b1), (k0, k1) = sv.view_range()
    bs, ks = np.linspace(b0, b1, SURFACE_GRID), np.linspace(k0, k1, SURFACE_GRID)
    excess = panel.learner().excess_grid(bs, ks)
    assert band_scale(excess) == scale
    image = surface_bands(excess)
    for i, j in ((0, 0), (40, 100), (159, 3), (80, 80)):
        assert scale.level(float(excess[i, j])) == pytest.approx(image[i, j], abs=1e-12)
    # the bar spans the mapping's range, with the image's colours
    assert sv.bar_vb.viewRange()[1] == pytest.approx([scale.log_lo, scale.log_hi])
    assert np.array_equal(sv.bar_image.lut, sv.image.lut)
    assert tuple(sv.bar_image.getLevels()) == (0, 1) and tuple(sv.image.getLevels()) == (0, 1)
    rows = sv.bar_image.image[0]
    lo, hi = scale.log_lo, scale.log_hi
    assert len(sv.bar_ticks) >= 2
    ticks = sv.bar_axis._tickLevels[0]
    assert [pos for pos, _ in ticks] == [pos for pos, _ in sv.bar_ticks]
    for (pos, value), (_, label) in zip(sv.bar_ticks, ticks):
        assert lo <= pos <= hi
        assert pos == pytest.approx(math.log10(value + scale.floor))  # the value's place on a log scale
        assert label == texts.num(value, 2)
        row = min(int((pos - lo) / (hi - lo) * rows.size), rows.size - 1)
        t = (row + 0.5) / rows.size * (hi - lo) + lo  # the middle of that row of the bar
        assert rows[row] == pytest.approx(scale.level(10 ** t - scale.floor), abs=1e-12)


def test_the_colour_bar_follows_a_zoom(qtbot, panel):
    sv = panel.surface_view
    sv.dirty = True
    sv.redraw()
    before = sv.bar_scale
    o0, o1 = panel.learner().internal_optimum
    sv.show_range(((o0 - 1, o0 + 1), (o1 - 0.01, o1 + 0.01)))
    sv.redraw()
    assert sv.bar_scale != before
    assert sv.bar_scale == panel.controller.surface_frame(sv.view_range()).scale


def test_jump_to_the_exact_answer_shows_least_squares(qtbot, panel):
    panel.advance(100, budget=None)
    ols = least_squares(panel.points())
    click(qtbot, panel.exact_button)
    gd = panel.learner()
    assert (gd.intercept, gd.slope) == (ols.intercept, ols.slope)  # exactly
    assert gd.iteration == 0 and gd.history_length == 1
    xs, ys = panel.fit_line.getData()
    np.testing.assert_allclose(ys, ols.intercept + ols.slope * xs, rtol=1e-12)
    pos = panel.current_marker.pos()
    assert (pos.x(), pos.y()) == pytest.approx(gd.to_internal(ols.intercept, ols.slope))
    assert not panel.surface_view.arrow_item.isVisible()  # no downhill at the optimum
    assert panel.start_label.text() == texts.start_text(gd)
    # Back has nothing before it; Reset comes back here; a step stays at the answer
    click(qtbot, panel.player.back_button)
    assert (gd.iteration, gd.intercept, gd.slope) == (0, ols.intercept, ols.slope)
    click(qtbot, panel.player.step_button)
    assert gd.iteration == 1
    assert gd.intercept == pytest.approx(ols.intercept, rel=1e-9)
    assert gd.slope == pytest.approx(ols.slope, rel=1e-9)
    click(qtbot, panel.player.reset_button)
    assert (gd.iteration, gd.intercept, gd.slope) == (0, ols.intercept, ols.slope)
    assert panel.state().start_b == ols.intercept and panel.state().start_k == ols.slope


def test_step_explains_itself_and_back_undoes_it(qtbot, panel):
    panel.show_formulas(False)
    panel.explain_check.setChecked(True)
    pane = panel.formula_view.pane
    gd = panel.learner()
    panel.advance(4, budget=None)
    click(qtbot, panel.player.step_button)  # opens the formula pane at the new iteration
    assert panel.formulas_shown() and gd.iteration == 5
    before = {k: pane.numbers(k) for k in pane.keys()}
    before_step = panel.formula_view.last_step()

    click(qtbot, panel.player.step_button)
    assert gd.iteration == 6
    cfg = gd.config
    b, k, _ = gd.history()
    old = gd.to_internal(float(b[5]), float(k[5]))
    g0, g1 = gradient_of(gd.moments, *old)
    new = gd.internal_theta
    # the step just taken: old θ, ∇J there, the change (−α·∇J) and the new θ, as numbers
    assert new[0] == pytest.approx(old[0] - cfg.lr * cfg.intercept_lr_scale * g0, rel=1e-12)
    assert new[1] == pytest.approx(old[1] - cfg.lr * g1, rel=1e-12)
    line = panel.formula_view.last_step()
    for value in (old[0], old[1], new[0], new[1]):
        assert texts.num(value, 8) in line
    for value in (g0, g1, new[0] - old[0], new[1] - old[1]):
        assert texts.num(value) in line
    assert panel.formula_view.step_pane.text() == line
    # the update rows: θ now, its gradient, α·gradient and the next θ
    assert texts.num(new[0]) in pane.numbers("upd0") and texts.num(new[1]) in pane.numbers("upd1")
    assert {k: pane.numbers(k) for k in pane.keys()} != before

    click(qtbot, panel.player.back_button)
    assert gd.iteration == 5
    assert {k: pane.numbers(k) for k in pane.keys()} == before
    assert panel.formula_view.last_step() == before_step


def test_without_explain_step_leaves_the_tab_alone(qtbot, panel):
    panel.show_formulas(False)
    click(qtbot, panel.player.step_button)
    assert not panel.formulas_shown()


def test_step_frame_is_the_run_at_its_cursor():
    c = LinearController()
    f = c.step_frame()
    assert f.iteration == 0 and f.previous is None and f.prev_grad is None
    c.gd.step(3)
    c.gd.step_back(1)
    f = c.step_frame()
    gd = c.gd
    b, k, _ = gd.history()
    assert f.iteration == 2
    assert f.previous == gd.to_internal(float(b[1]), float(k[1]))
    assert f.current == gd.internal_theta
    assert f.grad == gradient_of(gd.moments, *gd.internal_theta)
    assert f.prev_grad == gradient_of(gd.moments, *f.previous)
    assert f.line == (gd.intercept, gd.slope) and not f.at_optimum
    c.jump_to_exact()
    assert c.step_frame().at_optimum
