"""The Concepts lab: the chain-rule page, the backprop page, the tab as a whole."""

import json

import numpy as np
import pytest

from core.backprop import gradcheck_fd
from core.concepts import CHAIN_EDGES
from gui.widgets.plot_tools import PLOT_POINTS


@pytest.fixture
def panel(qtbot, main_window):
    main_window.select_tab("concepts")
    p = main_window.panels["concepts"]
    qtbot.waitUntil(lambda: not p.is_busy(), timeout=30000)  # torch imported on its worker
    return p


# ---------------------------------------------------------------- chain rule


@pytest.mark.torch
@pytest.mark.parametrize("a, b", [(2.0, 1.0), (-3.5, 0.7), (0.0, -1.0), (9.9, -9.9)])
def test_chain_rule_forward_values_and_totals(qtbot, panel, a, b):
    chain = panel.chain
    chain.set_inputs(a, b)
    c, d = a + b, b + 1
    assert chain.node_values["c"].text() == f"c = {c:.4g}"
    assert chain.node_values["e"].text() == f"e = {c * d:.4g}"
    text = chain.derivation.text()
    assert f"= b + 1 = {b + 1:.4g}" in text and f"a + 2b + 1 = {a + 2 * b + 1:.4g}" in text
    check = chain.check_pane.text()
    assert "torch autograd" in check and "matches" in check and "DIFFERS" not in check
    assert f"∂e/∂a = {b + 1:.4g}" in check and f"∂e/∂b = {a + 2 * b + 1:.4g}" in check


def test_chain_rule_backward_pass_edge_by_edge(qtbot, panel):
    chain = panel.chain
    chain.set_inputs(2.0, 1.0)  # c = 3, d = 2, e = 6: ∂e/∂a = 2, ∂e/∂b = 5
    assert chain.shown_steps() == 0 and chain.node_grads["a"].text() == ""
    for k in range(1, len(CHAIN_EDGES) + 1):
        chain.step_button.click()
        assert chain.shown_steps() == k
    assert chain.node_grads["c"].text() == "∂e/∂c = 2" and chain.node_grads["d"].text() == "∂e/∂d = 3"
    assert chain.node_grads["a"].text() == "∂e/∂a = 2" and chain.node_grads["b"].text() == "∂e/∂b = 5"
    assert "second path" in chain.progress_label.text() and "5" in chain.progress_label.text()
    assert chain.edge_texts[("c", "e")].text() == "∂e/∂c = 2"  # the local derivative d, on its edge
    chain.reset_button.click()
    assert chain.shown_steps() == 0 and chain.node_grads["b"].text() == ""
    # played, the animation runs to the end by itself
    chain.timer.setInterval(10)
    with qtbot.waitSignal(chain.step_changed, timeout=5000, check_params_cb=lambda k: k == len(CHAIN_EDGES)):
        chain.play_button.click()
    qtbot.waitUntil(lambda: not chain.timer.isActive(), timeout=5000)
    assert chain.play_button.text() == "Play backward pass"


def test_chain_rule_sliders_and_spins_agree(qtbot, panel):
    chain = panel.chain
    chain.a_slider.setValue(-25)
    assert chain.a_spin.value() == pytest.approx(-2.5)
    chain.b_spin.setValue(4.2)
    assert chain.b_slider.value() == 42
    assert chain.node_values["d"].text() == "d = 5.2"


# ---------------------------------------------------------------- backprop


def test_backprop_page_learns_xor_and_beats_a_straight_line(qtbot, panel):
    page = panel.backprop
    page.preset_combo.setCurrentIndex(page.preset_combo.findData("xor"))
    assert page._baseline < 0.75  # a line cannot separate XOR
    loss0 = page.run().metrics[0]
    panel.pages.setCurrentWidget(page)
    page.play_button.setChecked(True)
    qtbot.waitUntil(lambda: page.run().metrics[1] >= 0.95, timeout=20000)
    page.play_button.setChecked(False)
    step, (loss, acc) = page.run().step_number, page.run().metrics
    assert step > 0 and loss < loss0 and acc == pytest.approx(page.net().accuracy(page.data().X, page.data().y))
    assert "Best straight line" in page.summary.text() and "cannot do this" in page.summary.text()
    P = page._probability
    assert P.shape == (90, 90) and 0 <= P.min() < 0.1 and 0.9 < P.max() <= 1
    image = page.region_image.image  # tinted by class: blue where P is low, orange where high
    low, high = np.unravel_index(P.argmin(), P.shape), np.unravel_index(P.argmax(), P.shape)
    assert image[low[1], low[0], 2] > image[low[1], low[0], 0] and image[high[1], high[0], 0] > image[high[1], high[0], 2]
    px, _ = page.boundary.getData()
    assert px is not None and len(px) > 10
    x, y = page.loss_curve.getData()
    assert len(x) == min(len(page.run().curve()), PLOT_POINTS) and x[-1] == step


def test_backprop_step_reset_and_controls_rebuild_the_network(qtbot, panel):
    page = panel.backprop
    page.step_button.click()
    assert page.net().steps == 1
    page.hidden_spin.setValue(5)
    assert page.net().hidden == 5 and page.net().steps == 0 and page.net().parameter_count == 2 * 5 + 5 + 5 * 2 + 2
    page.activation_combo.setCurrentIndex(page.activation_combo.findData("relu"))
    assert page.net().activation == "relu"
    page.step_button.click()
    page.reset_button.click()
    assert page.net().steps == 0 and page.run().history_length == 1 and len(page.run().curve()) == 1
    n = page.data().n
    page.points_spin.setValue(100)
    assert page.data().n == 100 != n


def test_backprop_divergence_is_reported_and_keeps_finite_weights(qtbot, panel, monkeypatch):
    page = panel.backprop
    page.activation_combo.setCurrentIndex(page.activation_combo.findData("relu"))
    page.lr_slider.set_value(10.0)
    page.momentum_check.setChecked(True)
    page.hidden_spin.setValue(64)
    panel.pages.setCurrentWidget(page)
    page.play_button.setChecked(True)
    qtbot.waitUntil(lambda: "Diverged" in page.banner.message(), timeout=20000)
    assert not page.play_button.isChecked() and not page.player.is_playing()
    assert np.isfinite(page.net().flat_params()).all()
    assert np.isfinite(page.net().loss(page.data().X, page.data().y))
    # sigmoid and tanh never overflow, their loss only grows: the page stops it past a limit
    import core.backprop

    page.reset_button.click()
    page.banner.clear_message()
    monkeypatch.setattr(core.backprop, "LOSS_EXPLODED", 0.5)  # the first loss, ln 2, is above it
    assert not page.train(1)
    assert "exploded" in page.banner.message() and not page.player.is_playing()


@pytest.mark.torch
def test_gradient_check_button_runs_on_a_worker(qtbot, panel):
    page = panel.backprop
    for _ in range(5):
        page.step_button.click()
    with qtbot.waitSignal(page.gradcheck_finished, timeout=30000) as done:
        page.check_button.click()
        assert not page.check_button.isEnabled()
    result = done.args[0]
    assert result["fd"] < 1e-5 and result["autograd"] < 1e-9 and result["parameters"] == page.net().parameter_count
    assert result["fd"] == pytest.approx(gradcheck_fd(page.net(), page.data().X, page.data().y), rel=1e-3, abs=1e-12)
    qtbot.waitUntil(lambda: page.check_button.isEnabled(), timeout=5000)
    assert "Both agree" in page.check_pane.text() and f"all {result['parameters']} parameters" in page.check_pane.text()


def test_leaving_the_page_pauses_training(qtbot, panel):
    page = panel.backprop
    panel.pages.setCurrentWidget(page)
    page.play_button.setChecked(True)
    panel.pages.setCurrentWidget(panel.chain)
    assert not page.player.is_playing()


# ---------------------------------------------------------------- the tab


def test_state_round_trip_and_old_settings(qtbot, panel, tmp_path):
    from PySide6.QtCore import QSettings

    panel.chain.set_inputs(-1.5, 3.0)
    page = panel.backprop
    page.preset_combo.setCurrentIndex(page.preset_combo.findData("spiral"))
    page.hidden_spin.setValue(32)
    page.lr_slider.set_value(0.05)
    panel.pages.setCurrentWidget(panel.chain)
    state = panel.state()
    panel.chain.set_inputs(0, 0)
    page.preset_combo.setCurrentIndex(0)
    page.hidden_spin.setValue(3)
    panel.pages.setCurrentIndex(0)
    panel.set_state(state)
    assert panel.chain.a_spin.value() == -1.5 and panel.chain.b_spin.value() == 3.0
    assert page.preset_combo.currentData() == "spiral" and page.hidden_spin.value() == 32
    assert page.net().hidden == 32 and page.lr_slider.value() == pytest.approx(0.05)
    assert panel.pages.currentWidget() is panel.chain
    # the settings written before the lab had a state: read leniently, a bad value gives its default
    (tmp_path / "bad.ini").write_text("[concepts]\npage=99\nbackprop\\hidden=x\nchain\\a=nan\n")
    panel.restore_settings(QSettings(str(tmp_path / "bad.ini"), QSettings.Format.IniFormat))
    assert panel.pages.currentIndex() == 0 and page.hidden_spin.value() == 16 and panel.chain.a_spin.value() == 2.0


def test_chinese_switch_retranslates_every_page(qtbot, panel, app_language):
    app_language.set_language("zh_CN")
    assert panel.pages.tabText(2) == "链式法则" and panel.pages.tabText(3) == "反向传播"
    assert "torch autograd" in panel.chain.check_pane.text()
    assert "步" in panel.backprop.summary.text()
    app_language.set_language("en")
    assert panel.pages.tabText(3) == "Backpropagation"


def test_closing_while_training_and_checking_stops_cleanly(qtbot, main_window, panel):
    page = panel.backprop
    panel.pages.setCurrentWidget(page)
    page.play_button.setChecked(True)
    page.check_button.click()
    main_window.close()
    assert not page.player.is_playing() and not panel.chain.timer.isActive()


@pytest.mark.torch
def test_gradcheck_cli(capsys):
    from gui.cli import main

    assert main(["gradcheck", "--hidden", "8", "--activation", "relu", "--seed", "3", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["parameters"] == 2 * 8 + 8 + 8 * 2 + 2 and out["activation"] == "relu" and out["seed"] == 3
    assert out["max_rel_error_fd"] < 1e-5 and out["max_rel_error_autograd"] < 1e-9 and out["passed"]
    assert main(["gradcheck", "--hidden", "0"]) == 2
    assert "1 to 256" in capsys.readouterr().err
    assert main(["gradcheck"]) == 0
    assert "vs torch autograd" in capsys.readouterr().out
