"""After Play then Pause (button or Space), the equation and the numbers show the iteration
the timeline and the drawn line show: they were 2–13 iterations behind."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("key", ["linear", "logistic"])
def test_pause_shows_the_current_iteration_everywhere(qtbot, main_window, key):
    main_window.select_tab(key)
    panel = main_window.panels[key]
    panel.player.speed.set_value(2000.0)
    for _ in range(3):
        panel.player.set_playing(True)
        qtbot.wait(250)
        panel.player.toggle_playing()  # what Space does
        it = panel.learner().iteration
        assert it > 0
        info = panel.info_label.text()
        assert f"{it:,} / " in info, (it, info[:120])
        assert f"{it:,}" in panel.player.position_label.text()

