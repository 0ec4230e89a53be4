"""The Logistic lab's Formulas tab, the exact answer beside the descent (and the jump to it),
and the colour bar of the probability map: the numbers are the learner's, the exact weights
are scikit-learn's, the bar's colours are the map's."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import Qt

from core import datasets2d as ds
from core.class_map import map_colors
from core.logreg import LogisticGD, LogRegConfig, descent_step_numbers, design, sigmoid
from gui.labs.logistic import texts

# scikit-learn's LogisticRegression() on the seed's data (C = 1, L2), as the seed printed it
# and tests/test_logreg_core.py pins it
SKLEARN_SEED = (1.18105812, 1.13321831, -10.82334604)


@pytest.fixture
def panel(main_window):
    main_window.select_tab("logistic")
    return main_window.panels["logistic"]


def click(qtbot, button):
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def shown(panel):
    frame = panel.formula_view.frame()
    assert frame is not None
    return frame


def assert_is_the_learners(panel):
    """The pane shows the run's own loss and gradient at its cursor, computed from scratch
    here from the seed's formulas, and its next weights are those the run steps to."""
    gd = panel.learner()
    f = shown(panel)
    assert not f.exact and f.iteration == gd.iteration
    W = gd.weights
    assert np.array_equal(f.step.weights, W)
    assert float(f.step.losses.mean()) == gd.metrics.loss  # the learner's own number, exactly
    # the seed's formulas: J = −mean(y log p + (1 − y) log(1 − p)) (+ λ/2‖w‖²), ∇ = Aᵀ(p − y)/m (+ λw)
    A, y = design(gd.data.X, False), gd.data.y.astype(float)
    p = sigmoid(A @ W[:, 0])
    lam = float(f.step.lam[0])
    J = -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)) + lam / 2 * float(W[:-1, 0] @ W[:-1, 0])
    g = A.T @ (p - y) / len(y) + lam * np.append(W[:-1, 0], 0.0)
    assert float(f.step.losses[0]) == pytest.approx(J, rel=1e-10)
    assert f.step.gradient[:, 0] == pytest.approx(g, rel=1e-9, abs=1e-13)
    np.testing.assert_array_equal(f.step.gradient, descent_step_numbers(gd).gradient)
    # the text on screen says them
    pane = panel.formula_view.pane
    assert texts.num(float(f.step.losses.mean()), 8) in pane.numbers("loss")
    for i in range(3):
        assert texts.num(float(f.step.gradient[i, 0])) in pane.numbers("grad" if i < 2 else "gradb")
        assert texts.num(float(f.step.next_weights[i, 0]), 8) in pane.numbers("update")
    assert f"{gd.iteration:,}" in pane.header.text()
    return f


def test_the_numbers_are_the_learners_after_step_step_back_and_scrub(qtbot, panel):
    panel.show_formulas(True)
    gd = panel.learner()
    for _ in range(5):
        click(qtbot, panel.player.step_button)
    f = assert_is_the_learners(panel)
    assert f.iteration == 5
    click(qtbot, panel.player.step_button)
    np.testing.assert_array_equal(gd.weights, f.step.next_weights)  # the step the pane wrote out
    assert_is_the_learners(panel)
    click(qtbot, panel.player.back_button)
    click(qtbot, panel.player.back_button)
    assert assert_is_the_learners(panel).iteration == 4
    panel.player.timeline.setValue(2)
    assert assert_is_the_learners(panel).iteration == 2


def test_with_l2_the_loss_and_gradient_carry_its_term(qtbot, panel):
    panel.show_formulas(True)
    panel.l2_check.setChecked(True)
    for _ in range(3):
        click(qtbot, panel.player.step_button)
    f = assert_is_the_learners(panel)
    assert f.l2_C == 1.0 and float(f.step.lam[0]) == pytest.approx(1.0 / 300)
    assert float(f.step.l2_terms[0]) > 0
    assert r"\lambda" in panel.formula_view.pane.row("loss").formula.tex
    assert "λ" in panel.formula_view.pane.numbers("loss")


def test_while_playing_the_numbers_change_a_few_times_a_second(qtbot, panel, monkeypatch):
    panel.show_formulas(True)
    drawn = []
    original = panel.formula_view.draw
    monkeypatch.setattr(panel.formula_view, "draw", lambda c, f: (drawn.append(f.iteration), original(c, f)))
    panel.player.speed.set_value(2000)
    panel.player.set_playing(True)
    qtbot.wait(1200)
    panel.player.set_playing(False)
    qtbot.waitUntil(lambda: drawn and drawn[-1] == panel.learner().iteration, timeout=2000)
    assert 2 <= len(drawn) <= 10  # ~4 a second, plus the one on pause
    assert_is_the_learners(panel)


def test_the_strategy_in_use_is_the_formula_shown(qtbot, panel):
    panel.show_formulas(True)
    pane = panel.formula_view.pane
    assert r"\sigma(w \cdot x + b)" in pane.row("model").formula.tex
    panel.set_data(*(lambda d: (d.X, d.y))(ds.blobs(3, 150, 1.0, seed=2)))
    panel.strategy_combo.setCurrentIndex(panel.strategy_combo.findData("softmax"))
    assert panel.learner().decomposition.kind == "softmax"
    assert "e^{z_c}" in pane.row("model").formula.tex
    assert r"\log p_{y^{(i)}}" in pane.row("loss").formula.tex
    click(qtbot, panel.player.step_button)
    f = shown(panel)
    assert f.kind == "softmax" and float(f.step.losses.mean()) == panel.learner().metrics.loss
    panel.strategy_combo.setCurrentIndex(panel.strategy_combo.findData("ovo"))
    assert "p_{ij}" in pane.row("model").formula.tex
    # no word inside the LaTeX
    for key in pane.keys():
        tex = pane.row(key).formula.tex
        assert not any(w in tex for w in ("class", "model", "loss", "rest"))


def test_the_exact_weights_are_scikit_learns_and_shown_beside_the_current_ones(qtbot, panel):
    panel.l2_check.setChecked(True)  # the seed's settings, with sklearn's default penalty C = 1
    qtbot.waitUntil(lambda: panel.controller.exact_weights() is not None, timeout=10000)
    W_star = panel.controller.exact_weights()
    assert W_star[:, 0] == pytest.approx(SKLEARN_SEED, abs=2e-4)
    panel._refresh_views(force_text=True)
    info = panel.info_label.text()
    assert texts.weights_text(W_star[:, 0]) in info
    assert texts.weights_text(panel.learner().weights[:, 0]) in info
    panel.show_formulas(True)
    assert texts.weights_text(W_star[:, 0]) in panel.formula_view.pane.numbers("exact")


def test_jump_to_the_exact_answer_and_back_keeps_the_history(qtbot, panel):
    panel.show_formulas(True)
    qtbot.waitUntil(lambda: panel.jump_button.isEnabled(), timeout=10000)
    gd = panel.learner()
    for _ in range(7):
        click(qtbot, panel.player.step_button)
    history = gd.history().copy()
    W7 = gd.weights
    map_before = panel.map_image.image.copy()
    click(qtbot, panel.jump_button)
    c = panel.controller
    assert c.showing_exact and panel.jump_button.isChecked()
    W_star = c.exact_weights()
    # the map, the formulas and the numbers show the exact model
    np.testing.assert_array_equal(c.shown_weights(), W_star)
    assert not np.array_equal(panel.map_image.image, map_before)
    f = shown(panel)
    assert f.exact and np.array_equal(f.step.weights, W_star)
    assert np.abs(f.step.gradient).max() < 1e-8  # the optimum: no gradient left
    assert float(f.step.losses.mean()) == pytest.approx(c.reference_loss, rel=1e-12)
    assert "Newton" in panel.formula_view.pane.header.text()
    assert "Newton" in panel.info_label.text()
    assert texts.model_equation(W_star[:, 0]) in panel.equation_label.text()
    # the descent is untouched
    assert gd.iteration == 7 and np.array_equal(gd.weights, W7)
    np.testing.assert_array_equal(gd.history(), history)
    # back: the descent's own model again (undo)
    click(qtbot, panel.jump_button)
    assert not c.showing_exact and not panel.jump_button.isChecked()
    np.testing.assert_array_equal(panel.map_image.image, map_before)
    assert assert_is_the_learners(panel).iteration == 7
    # jump again, then Step: the descent goes on from iteration 7, as if never interrupted
    click(qtbot, panel.jump_button)
    assert c.showing_exact
    click(qtbot, panel.player.step_button)
    assert not c.showing_exact and not panel.jump_button.isChecked()
    ref = LogisticGD(ds.seed_dataset(), LogRegConfig(lr=0.1, max_iters=3000, init=(1, 1, 1)))
    ref.step(8)
    np.testing.assert_array_equal(gd.weights, ref.weights)
    assert assert_is_the_learners(panel).iteration == 8
    # and Play after a jump plays the descent on
    click(qtbot, panel.jump_button)
    panel.player.set_playing(True)
    assert not c.showing_exact
    qtbot.waitUntil(lambda: gd.iteration > 8, timeout=5000)
    panel.player.set_playing(False)


def test_no_jump_without_an_exact_answer(qtbot, panel):
    d = ds.blobs(2, 100, 0.3, seed=1)  # far apart: separable, no penalty: no finite optimum
    panel.set_data(d.X, d.y)
    qtbot.waitUntil(lambda: panel.reference() is not None, timeout=10000)
    assert panel.reference().separable
    panel._refresh_views(force_text=True)
    assert not panel.jump_button.isEnabled()
    assert panel.show_exact(True) is False and not panel.controller.showing_exact


def test_the_colour_bar_shows_the_maps_colours_from_0_to_1(qtbot, panel):
    bar = panel.views.map.color_bar
    assert bar.isVisible() and bar.levels() == (0.0, 1.0)
    assert "P(" in bar.axis.labelText and "1" in bar.axis.labelText
    # every pixel of the map has the bar's colour at that pixel's P(class 1)
    gd = panel.learner()
    frame = panel.controller.map_frame(panel.views.map.view_range(), False)
    x0, y0, w, h = frame.rect
    n = frame.rgb.shape[0]
    xs = x0 + (np.arange(n) + 0.5) * w / n
    ys = y0 + (np.arange(n) + 0.5) * h / n
    gx, gy = np.meshgrid(xs, ys, indexing="ij")
    P = sigmoid(design(np.column_stack([gx.ravel(), gy.ravel()]), False) @ gd.weights[:, 0])
    lut = bar.colorMap().getLookupTable(0.0, 1.0, 1001, alpha=False)
    from_bar = lut[np.clip(np.round(P * 1000).astype(int), 0, 1000)]
    diff = np.abs(from_bar.astype(int) - frame.rgb.reshape(-1, 3).astype(int))
    assert np.percentile(diff.max(axis=1), 99) <= 6  # 64 shades in the map: neighbours differ a little
    # the two ends are the two classes' strongest colours
    ends = map_colors(np.array([[1.0, 0.0], [0.0, 1.0]]), "binary", None)
    np.testing.assert_array_equal(lut[[0, -1]], ends)


def test_the_colour_bar_says_confidence_for_more_classes_and_fits(qtbot, panel, main_window):
    d = ds.blobs(3, 150, 1.0, seed=2)
    panel.set_data(d.X, d.y)
    bar = panel.views.map.color_bar
    assert bar.levels() == (0.0, 1.0)
    assert "confidence" in bar.axis.labelText
    lut = bar.colorMap().getLookupTable(0.0, 1.0, 3, alpha=False)
    assert len({tuple(int(v) for v in c) for c in lut}) == 3 and all(c[0] == c[1] == c[2] for c in lut)  # greys
    main_window.resize(1024, 700)
    qtbot.wait(50)
    plot = panel.map_plot
    item = plot.getPlotItem()
    # the bar is inside the widget (not cut off) and beside the points' view, not over it
    assert item.geometry().width() <= plot.width() + 0.5
    assert bar.mapRectToScene(bar.boundingRect()).right() <= plot.width() + 0.5
    vb = item.getViewBox().mapRectToScene(item.getViewBox().boundingRect())
    assert bar.mapRectToScene(bar.boundingRect()).left() >= vb.right()


def test_the_formulas_fit_the_tab_at_1024x700(qtbot, panel, main_window):
    main_window.resize(1024, 700)
    panel.l2_check.setChecked(True)  # the widest rows: the loss with its L2 term
    panel.poly_check.setChecked(True)
    panel.show_formulas(True)
    qtbot.waitUntil(lambda: panel.formula_view.pane.isVisible(), timeout=2000)
    qtbot.wait(50)
    pane = panel.formula_view.pane
    assert all(pane.row(k).typeset_shown for k in pane.keys())
    area = panel.formula_view.area
    assert not area.horizontalScrollBar().isVisible()
    widest = max(pane.row(k).pixmap().deviceIndependentSize().width() for k in pane.keys())
    assert widest <= area.viewport().width()
