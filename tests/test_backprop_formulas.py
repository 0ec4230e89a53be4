"""The backprop page's chain rule tab: one point's chain through softmax, typeset, with the
numbers of the step shown, which are the backward pass's own (core.backprop)."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import Qt

from core.backprop import TwoLayerNet, make_preset, point_chain
from gui.labs.concepts_backprop import num, vector


@pytest.mark.parametrize("activation", ["tanh", "relu", "sigmoid"])
def test_one_points_chain_is_the_backward_pass_on_that_point(activation):
    d = make_preset("moons", 200, 0.15, 0)
    net = TwoLayerNet(8, activation, 2, 3)
    net.train_steps(d.X, d.y, 0.5, 30)
    for i in (0, 7):
        c = point_chain(net, d.X[i], int(d.y[i]))
        loss, g = net.loss_and_grads(d.X[i:i + 1], d.y[i:i + 1])  # a batch of one: its own gradient
        assert c.loss == pytest.approx(loss, rel=1e-12)
        assert c.loss == pytest.approx(-np.log(c.p[c.label]), rel=1e-9)
        np.testing.assert_allclose(c.dz, c.p - c.y)
        np.testing.assert_allclose(c.dW2, g["W2"], rtol=1e-12, atol=1e-15)
        np.testing.assert_allclose(c.db2, g["b2"], rtol=1e-12, atol=1e-15)
        np.testing.assert_allclose(c.dW1, g["W1"], rtol=1e-12, atol=1e-15)
        np.testing.assert_allclose(c.db1, g["b1"], rtol=1e-12, atol=1e-15)
        np.testing.assert_allclose(c.da, net.get_params()["W2"] @ (c.p - c.y))
    # the batch's gradient is the mean of the points' (no L2 on the page)
    _, g = net.loss_and_grads(d.X, d.y)
    mean = np.mean([point_chain(net, d.X[i], int(d.y[i])).dW2 for i in range(d.n)], axis=0)
    np.testing.assert_allclose(mean, g["W2"], rtol=1e-10, atol=1e-14)


@pytest.fixture
def page(main_window):
    main_window.select_tab("concepts")
    panel = main_window.panels["concepts"]
    panel.start_demo("backprop-formulas")
    panel.backprop.player.set_playing(False)
    return panel.backprop


def test_the_tab_shows_the_steps_numbers_after_step_back_and_reset(qtbot, page):
    assert page.formulas_shown()
    for key in page.formula_pane.keys():
        assert page.formula_pane.row(key).typeset_shown, key
    def check():
        run = page.run()
        c = page.chain_shown
        expected = point_chain(run.network(), run.data.X[0], int(run.data.y[0]))
        np.testing.assert_array_equal(c.dW2, expected.dW2)
        np.testing.assert_array_equal(c.dW1, expected.dW1)
        assert c.loss == expected.loss
        assert f"{run.step_number:,}" in page.formula_pane.header.text()
        assert num(c.loss, 6) in page.formula_pane.numbers("loss")
        assert vector(c.dz) in page.formula_pane.numbers("dz")
        assert vector(c.da) in page.formula_pane.numbers("da")
        return c
    before = check()
    qtbot.mouseClick(page.step_button, Qt.MouseButton.LeftButton)
    after = check()
    assert not np.array_equal(before.dW2, after.dW2)
    qtbot.mouseClick(page.back_button, Qt.MouseButton.LeftButton)
    np.testing.assert_array_equal(check().dW2, before.dW2)
    qtbot.mouseClick(page.reset_button, Qt.MouseButton.LeftButton)
    assert page.run().step_number == 0
    check()


def test_the_curves_tab_is_the_default(qtbot, main_window):
    main_window.select_tab("concepts")
    page = main_window.panels["concepts"].backprop
    assert not page.formulas_shown()
    page.show_formulas(True)
    assert page.formulas_shown() and page.chain_shown is not None
