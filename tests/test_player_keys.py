"""Space plays or pauses and "." steps right after the user clicks a lab's tab in the window's
tab bar. The click leaves the focus on the tab bar, outside the lab, and the player's keys,
bound to the lab and its children only, did nothing. A text field with the focus still
takes the keys it types (a space, a decimal point)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QTabBar


def click_lab_tab(qtbot, window, key: str) -> None:
    bar = window.tabs.tabBar()
    index = window.tabs.indexOf(window._pages[key])
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(index).center())
    assert window.tabs.currentIndex() == index


def focus_or_window(window):
    return QApplication.focusWidget() or window


@pytest.fixture
def active_window(qtbot, main_window):
    main_window.resize(1024, 700)
    main_window.activateWindow()
    qtbot.waitUntil(main_window.isActiveWindow)
    return main_window


@pytest.mark.parametrize("key", ["linear", "logistic"])
def test_space_and_period_work_after_clicking_the_labs_tab(qtbot, active_window, key):
    window = active_window
    other = "logistic" if key == "linear" else "linear"
    window.select_tab(other)
    panel = window.panels[key]
    click_lab_tab(qtbot, window, key)
    window.tabs.tabBar().setFocus(Qt.FocusReason.MouseFocusReason)  # where a click leaves it
    assert isinstance(QApplication.focusWidget(), QTabBar)
    gd = panel.learner()
    start = gd.iteration
    qtbot.keyClick(focus_or_window(window), Qt.Key.Key_Period)
    assert gd.iteration == start + 1 and not panel.player.is_playing()
    qtbot.keyClick(focus_or_window(window), Qt.Key.Key_Space)
    assert panel.player.is_playing()
    qtbot.keyClick(focus_or_window(window), Qt.Key.Key_Space)
    assert not panel.player.is_playing()
    # the other lab's player is not driven from here
    assert not window.panels[other].player.is_playing()

    # a number typed into a field keeps its "." and does not step
    edit = panel.lr_slider.edit
    edit.setFocus()
    edit.selectAll()
    at = gd.iteration
    qtbot.keyClicks(edit, "0.05")
    assert edit.text() == "0.05" and gd.iteration == at
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert panel.lr_slider.value() == pytest.approx(0.05) and gd.iteration == at


def test_space_works_after_clicking_the_concepts_tab_on_the_backprop_page(qtbot, active_window):
    window = active_window
    panel = window.panels["concepts"]
    qtbot.waitUntil(lambda: not panel.is_busy(), timeout=30000)
    panel.pages.setCurrentWidget(panel.backprop)
    window.select_tab("linear")
    click_lab_tab(qtbot, window, "concepts")
    window.tabs.tabBar().setFocus(Qt.FocusReason.MouseFocusReason)
    page = panel.backprop
    steps = page.net().steps
    qtbot.keyClick(focus_or_window(window), Qt.Key.Key_Period)
    assert page.net().steps == steps + 1
    qtbot.keyClick(focus_or_window(window), Qt.Key.Key_Space)
    assert page.play_button.isChecked()
    qtbot.keyClick(focus_or_window(window), Qt.Key.Key_Space)
    assert not page.play_button.isChecked()
    assert not window.panels["linear"].player.is_playing()
