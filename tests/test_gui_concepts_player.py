"""The backprop page on the descent labs' player: step back, timeline, keys and reset show
the states the forward steps made, number for number and pixel for pixel."""

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from core.descent import StopReason


@pytest.fixture
def make_panel(qtbot):
    from gui.labs.concepts_panel import ConceptsPanel

    made = []

    def make():
        panel = ConceptsPanel()
        qtbot.addWidget(panel)
        panel.resize(1200, 800)
        panel.pages.setCurrentWidget(panel.backprop)
        made.append(panel)
        return panel

    yield make
    for panel in made:  # torch imported on its worker
        qtbot.waitUntil(lambda p=panel: not p.is_busy(), timeout=30000)


def small_page(panel):
    page = panel.backprop
    page.points_spin.setValue(120)
    page.hidden_spin.setValue(6)
    page.lr_slider.set_value(0.8)
    page.momentum_check.setChecked(True)
    return page


def shown(page) -> dict:
    """What the page draws for the state at the cursor."""
    x, y = page.loss_curve.getData()
    ax, ay = page.acc_curve.getData()
    bx, by = page.boundary.getData()
    return {"summary": page.summary.text(), "loss": (x.tolist(), y.tolist()), "acc": (ax.tolist(), ay.tolist()),
            "map": page.region_image.image.copy(), "boundary": (np.asarray(bx).tolist(), np.asarray(by).tolist()),
            "params": page.net().flat_params().tolist(), "steps": page.net().steps,
            "position": page.player.position_label.text(), "timeline": page.player.timeline.value()}


def assert_same(a: dict, b: dict) -> None:
    """The same picture (the timeline's length aside: the run computed more than it shows)."""
    assert a.keys() == b.keys()
    for key in a.keys() - {"position"}:
        if key == "map":
            assert np.array_equal(a[key], b[key]), key
        else:
            assert a[key] == b[key], key


def test_step_back_and_the_timeline_show_what_the_forward_steps_showed(qtbot, make_panel):
    panel = make_panel()
    page = small_page(panel)
    forward = [shown(page)]
    for _ in range(12):
        page.step_button.click()
        forward.append(shown(page))
    assert forward[-1]["steps"] == 12 and forward[-1]["position"] == "step 12 / 12"
    assert len(forward[-1]["loss"][0]) == 13  # one point a step
    for i in range(11, -1, -1):
        page.back_button.click()
        assert_same(shown(page), forward[i])
        assert page.player.position_label.text() == f"step {i} / 12"
    assert page.player.timeline.value() == 0
    for i in (7, 12, 3, 0, 9):
        page.player.timeline.setValue(i)  # the user drags the timeline
        assert_same(shown(page), forward[i])
        assert page.player.position_label.text() == f"step {i} / 12"
    # Step from a back position replays the stored states
    page.player.timeline.setValue(4)
    page.step_button.click()
    assert_same(shown(page), forward[5])
    assert page.run().history_length == 13


def test_the_keys_step_back_and_reset(qtbot, main_window):
    main_window.show()
    main_window.activateWindow()
    qtbot.waitUntil(main_window.isActiveWindow)
    main_window.select_tab("concepts")
    panel = main_window.panels["concepts"]
    qtbot.waitUntil(lambda: not panel.is_busy(), timeout=30000)
    panel.pages.setCurrentWidget(panel.backprop)
    page = small_page(panel)
    page.region_plot.setFocus()
    for _ in range(3):
        qtbot.keyClick(page.region_plot, Qt.Key.Key_Period)
    assert page.net().steps == 3
    qtbot.keyClick(page.region_plot, Qt.Key.Key_Comma)
    assert page.net().steps == 2 and page.run().history_length == 4
    qtbot.keyClick(page.region_plot, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    assert page.net().steps == 0 and page.run().history_length == 1
    assert not page.play_button.isChecked()
    focus = QApplication.focusWidget() or main_window
    qtbot.keyClick(focus, Qt.Key.Key_Space)
    assert page.play_button.isChecked()
    qtbot.waitUntil(lambda: page.run().history_length > 5, timeout=10000)
    qtbot.keyClick(focus, Qt.Key.Key_Space)
    assert not page.play_button.isChecked()


def test_playing_is_the_same_run_as_stepping(qtbot, make_panel):
    panel = make_panel()
    page = small_page(panel)
    page.player.speed.set_value(400)
    page.play_button.setChecked(True)
    qtbot.waitUntil(lambda: page.run().history_length > 30, timeout=20000)
    page.play_button.setChecked(False)
    n = page.net().steps
    played = shown(page)
    stepper = make_panel()
    other = small_page(stepper)
    assert other.train(n)
    # the same numbers (the curves while playing are the same states, drawn once paused)
    assert played["params"] == shown(other)["params"] and played["summary"] == shown(other)["summary"]
    assert played["loss"] == shown(other)["loss"] and played["acc"] == shown(other)["acc"]


def test_a_state_saved_at_a_back_position_comes_back_as_shown(qtbot, make_panel):
    panel = make_panel()
    page = small_page(panel)
    assert page.train(20)
    page.player.timeline.setValue(8)
    state = panel.state()
    assert state.backprop_steps == 8 and len(state.backprop_history) == 9
    before = shown(page)
    fresh = make_panel()
    fresh.set_state(state)
    after = shown(fresh.backprop)
    assert after["position"] == "step 8 / 8"  # the states after the cursor are not saved
    for key in ("summary", "loss", "acc", "map", "params", "steps", "boundary"):
        assert (np.array_equal(after[key], before[key]) if key == "map" else after[key] == before[key]), key
    # and both go on alike from there (the first one drops its states after the cursor)
    page.lr_slider.set_value(0.3)
    fresh.backprop.lr_slider.set_value(0.3)
    assert page.run().history_length == 9
    assert page.train(6) and fresh.backprop.train(6)
    assert shown(fresh.backprop)["params"] == shown(page)["params"]
    # the restored run cannot go back before its saved step
    assert fresh.backprop.player.timeline.minimum() == 8
    fresh.backprop.player.timeline.setValue(0)
    assert fresh.backprop.net().steps == 8


def test_divergence_ends_the_run_and_stepping_back_leaves_it(qtbot, make_panel):
    panel = make_panel()
    page = small_page(panel)
    page.activation_combo.setCurrentIndex(page.activation_combo.findData("relu"))
    page.lr_slider.set_value(10.0)
    assert not page.train(500)
    assert "Diverged" in page.banner.message() and page.run().stop_reason is StopReason.DIVERGED
    last = page.net().steps
    page.step_button.click()  # nothing left to run: said again
    assert page.net().steps == last and "Diverged" in page.banner.message()
    page.back_button.click()
    assert page.net().steps == last - 1 and page.banner.message() == ""
    assert np.isfinite(page.net().flat_params()).all()


def test_gradient_check_is_of_the_state_at_the_cursor(qtbot, make_panel):
    panel = make_panel()
    page = small_page(panel)
    assert page.train(10)
    page.player.timeline.setValue(4)
    with qtbot.waitSignal(page.gradcheck_finished, timeout=60000) as done:
        page.check_button.click()
    assert done.args[0]["step"] == 4 and done.args[0]["fd"] < 1e-5
    assert "at step 4" in page.check_pane.text()


def test_the_player_keeps_the_pages_button_names_in_both_languages(qtbot, make_panel, app_language):
    panel = make_panel()
    page = panel.backprop
    assert page.reset_button.text() == "Reset weights" and page.back_button.text() == "Back"
    assert page.step_button.toolTip() == "One full-batch gradient step (.)"
    app_language.set_language("zh_CN")
    texts = (page.reset_button.text(), page.back_button.text(), page.step_button.text(), page.play_button.text())
    assert all(t and t.isascii() is False for t in texts), texts
    page.play_button.setChecked(True)
    assert not page.play_button.text().isascii()
    page.play_button.setChecked(False)
    app_language.set_language("en")
    assert page.reset_button.text() == "Reset weights" and page.play_button.text() == "Play"


def test_the_player_counts_in_the_page_s_own_unit(qtbot, make_panel):
    """The page says "Diverged after step 40" and "Step 40: loss …": its player counts steps
    too (it said "iteration"), while the descent labs' player keeps counting iterations."""
    from gui.widgets.player import PlayerBar

    panel = make_panel()
    page = small_page(panel)
    page.step_button.click()
    assert page.player.position_label.text().startswith("step 1 / ")
    assert "steps" in page.player.speed_label.text() and "iteration" not in page.player.speed_label.text()
    assert "step" in page.player.back_button.toolTip() and "iteration" not in page.player.back_button.toolTip()
    bar = PlayerBar()
    qtbot.addWidget(bar)
    bar.show_position(3, 5)
    assert bar.position_label.text() == "iteration 3 / 5"
