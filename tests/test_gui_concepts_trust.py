"""The Concepts lab in a real window: nothing the user does freezes, lies or clips.

At the three common window sizes, in English and Chinese: the chain-rule page keeps its
layout still while the backward pass runs; the backprop page's decision map covers the whole
plot whatever the view; titles, tick labels and legends stay whole and off the data; Space
and "." drive the animations; every number box that refuses what was typed says why.
"""

import time

import numpy as np
import pyqtgraph as pg
import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QFontMetrics, QImage, QPainter
from PySide6.QtWidgets import QAbstractSpinBox, QApplication, QLabel

from core.concepts import CHAIN_EDGES
from gui.widgets.log_slider import LogSlider, format_number

SIZES = [(1024, 700), (1366, 768), (1280, 800)]
LANGUAGES = ["en", "zh_CN"]


def settle(qtbot) -> None:
    qtbot.wait(20)
    QApplication.processEvents()
    QApplication.processEvents()


@pytest.fixture
def panel(qtbot, main_window):
    main_window.select_tab("concepts")
    p = main_window.panels["concepts"]
    qtbot.waitUntil(lambda: not p.is_busy(), timeout=30000)  # torch imported on its worker
    return p


def shows_whole(label: QLabel) -> bool:
    """The label's text fits its box (wrapped when it wraps)."""
    rect = label.contentsRect()
    fm = QFontMetrics(label.font())
    if label.wordWrap():
        need = fm.boundingRect(QRect(0, 0, rect.width(), 100000), Qt.TextFlag.TextWordWrap, label.text())
        return need.height() <= rect.height() and need.width() <= rect.width()
    return fm.horizontalAdvance(label.text()) <= rect.width()


# ---------------------------------------------------------------- chain rule


@pytest.mark.parametrize("language", LANGUAGES)
def test_chain_column_keeps_its_width_and_the_progress_text_is_whole(qtbot, panel, main_window, app_language,
                                                                      language):
    app_language.set_language(language)
    chain = panel.chain
    panel.pages.setCurrentWidget(chain)
    for size in SIZES:
        main_window.resize(*size)
        chain.set_inputs(2.0, 1.0)
        chain.reset_backward()
        settle(qtbot)
        view = chain.view.geometry()
        for a, b in ((2.0, 1.0), (-9.87, -9.99), (9.99, 0.01)):
            chain.set_inputs(a, b)
            for k in range(len(CHAIN_EDGES) + 1):
                settle(qtbot)
                assert chain.shown_steps() == k
                assert chain.view.geometry() == view, (size, a, b, k)
                assert shows_whole(chain.progress_label), (size, chain.progress_label.text())
                chain.step_button.click()
        chain.play_button.click()  # the button reads Pause now: the column must not move either
        settle(qtbot)
        assert chain.view.geometry() == view and shows_whole(chain.progress_label)
        chain.play_button.click()


# ---------------------------------------------------------------- backprop: the decision map


def image_covers_view(page) -> bool:
    vb = page.region_plot.getViewBox()
    (x0, x1), (y0, y1) = vb.viewRange()
    r = page.region_image.mapRectToView(page.region_image.boundingRect())
    eps = 1e-9 * max(x1 - x0, y1 - y0)
    return r.left() <= x0 + eps and r.right() >= x1 - eps and r.top() <= y0 + eps and r.bottom() >= y1 - eps


def test_decision_map_covers_the_whole_plot_after_resizes_pans_zooms_and_new_data(qtbot, panel, main_window):
    page = panel.backprop
    panel.pages.setCurrentWidget(page)
    vb = page.region_plot.getViewBox()
    for size in SIZES:
        main_window.resize(*size)
        settle(qtbot)
        qtbot.waitUntil(lambda: image_covers_view(page), timeout=3000)
    vb.scaleBy((0.5, 0.5))
    qtbot.waitUntil(lambda: image_covers_view(page), timeout=3000)
    vb.translateBy(x=3.0, y=-2.0)
    qtbot.waitUntil(lambda: image_covers_view(page), timeout=3000)
    vb.scaleBy((4.0, 4.0))
    qtbot.waitUntil(lambda: image_covers_view(page), timeout=3000)
    # the map shows the network's answer over the view, not the old grid stretched
    (x0, x1), (y0, y1) = vb.viewRange()
    assert page._xs[0] == pytest.approx(x0, abs=(x1 - x0) / 50) and page._ys[-1] == pytest.approx(y1, abs=(y1 - y0) / 50)
    page.step_button.click()
    assert image_covers_view(page)
    # "View all" fits the points: the map, which spans the view, must not make it grow each time
    vb.autoRange()
    first = vb.viewRange()
    qtbot.waitUntil(lambda: image_covers_view(page), timeout=3000)
    vb.autoRange()
    assert np.ravel(vb.viewRange()) == pytest.approx(np.ravel(first))
    page.preset_combo.setCurrentIndex(page.preset_combo.findData("spiral"))
    qtbot.waitUntil(lambda: image_covers_view(page), timeout=3000)


# ---------------------------------------------------------------- every plot: titles, ticks, legends


def plot_problems(plot) -> list[str]:
    """A plot's title, tick labels and legends that are cut by its widget, or legends on its data."""
    out = []
    item = plot.getPlotItem()
    width = plot.viewport().width()
    title = item.titleLabel
    if title.isVisible() and title.text:
        need = title.item.boundingRect().width()
        if need > width or item.boundingRect().width() > width + 1:
            out.append(f"title “{title.text}” needs {need:.0f} px of {width}")
    view_rect = plot.viewport().rect()
    image = QImage(10, 10, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    for name in ("left", "bottom"):
        axis = item.getAxis(name)
        if not axis.isVisible():
            continue
        specs = axis.generateDrawSpecs(painter)
        if specs is None:
            continue
        for rect, _flags, text in specs[2]:
            r = plot.mapFromScene(axis.mapRectToScene(rect)).boundingRect()
            if not view_rect.adjusted(-1, -1, 1, 1).contains(r):
                out.append(f"{name} tick label “{text}” cut at {r.getRect()} of {view_rect.getRect()}")
    painter.end()
    data = item.getViewBox().sceneBoundingRect()
    for legend in [c for c in item.scene().items() if isinstance(c, pg.LegendItem)]:
        if not legend.isVisible() or not legend.items:
            continue
        box = legend.sceneBoundingRect()
        if box.intersects(data):
            out.append(f"a legend covers the data ({box.getRect()} over {data.getRect()})")
        if not plot.sceneRect().adjusted(-1, -1, 1, 1).contains(box):
            out.append("a legend is cut by its widget")
    return out


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_concepts_plot_cuts_its_title_ticks_or_hides_data_under_a_legend(qtbot, panel, main_window, app_language,
                                                                            language):
    app_language.set_language(language)
    act = panel.activations
    for check in act.function_checks.values():
        check.setChecked(True)  # the tallest legend
    act.set_focus("tanh")  # the identity overlay has a legend too
    act.range_spin.setValue(1.5)  # curves reach the top-left corner
    panel.backprop.train(25)
    found = []
    for size in SIZES:
        main_window.resize(*size)
        for page in panel.all_pages():
            panel.pages.setCurrentWidget(page)
            settle(qtbot)
            for plot in page.findChildren(pg.PlotWidget):
                found += [f"{size} {type(page).__name__}: {p}" for p in plot_problems(plot)]
    assert not found, "\n".join(found)


# ---------------------------------------------------------------- keys


def click_tab(qtbot, tabs, widget) -> None:
    bar = tabs.tabBar()
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(tabs.indexOf(widget)).center())


def test_space_plays_and_period_steps_on_the_backprop_and_chain_pages(qtbot, panel, main_window):
    main_window.activateWindow()
    qtbot.waitUntil(main_window.isActiveWindow)
    page = panel.backprop
    # as a user gets there: clicking the tabs, which leaves the focus on a tab bar
    click_tab(qtbot, main_window.tabs, main_window.tabs.widget(main_window.tabs.count() - 1))
    click_tab(qtbot, panel.pages, page)
    assert panel.pages.currentWidget() is page
    focus = QApplication.focusWidget() or main_window
    qtbot.keyClick(focus, Qt.Key.Key_Space)
    assert page.play_button.isChecked()
    qtbot.keyClick(focus, Qt.Key.Key_Space)
    assert not page.play_button.isChecked()
    page.region_plot.setFocus()
    settle(qtbot)
    steps = page.net().steps
    qtbot.keyClick(page.region_plot, Qt.Key.Key_Period)
    assert page.net().steps == steps + 1
    qtbot.keyClick(page.region_plot, Qt.Key.Key_Space)
    assert page.play_button.isChecked()
    qtbot.keyClick(page.region_plot, Qt.Key.Key_Space)
    assert not page.play_button.isChecked()
    # keys typed into a text field stay there
    steps = page.net().steps
    edit = page.lr_slider.edit
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClicks(edit, "0.25")
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert page.lr_slider.value() == 0.25 and page.net().steps == steps and not page.play_button.isChecked()
    page.points_spin.setFocus()
    page.points_spin.lineEdit().selectAll()
    qtbot.keyClicks(page.points_spin, "300")
    qtbot.keyClick(page.points_spin, Qt.Key.Key_Return)
    assert page.data().n == 300 and not page.play_button.isChecked()

    chain = panel.chain
    click_tab(qtbot, panel.pages, chain)
    focus = QApplication.focusWidget() or main_window
    qtbot.keyClick(focus, Qt.Key.Key_Space)
    assert chain.timer.isActive() and not page.play_button.isChecked()  # only the page on screen
    qtbot.keyClick(focus, Qt.Key.Key_Space)
    assert not chain.timer.isActive()
    chain.reset_backward()
    chain.view.setFocus()
    settle(qtbot)
    qtbot.keyClick(chain.view, Qt.Key.Key_Period)
    assert chain.shown_steps() == 1
    qtbot.keyClick(chain.view, Qt.Key.Key_Space)
    assert chain.timer.isActive()
    qtbot.keyClick(chain.view, Qt.Key.Key_Space)
    assert not chain.timer.isActive()
    # in a number box "." is a decimal point, while Space still plays (a number has no use for it)
    chain.a_spin.setFocus()
    chain.a_spin.lineEdit().selectAll()
    qtbot.keyClicks(chain.a_spin, "1.5")
    qtbot.keyClick(chain.a_spin, Qt.Key.Key_Space)
    assert chain.timer.isActive() and chain.shown_steps() == 1
    chain.play_button.click()
    qtbot.keyClick(chain.a_spin, Qt.Key.Key_Return)
    assert chain.a_spin.value() == 1.5 and chain.entry_message() == ""


# ---------------------------------------------------------------- entries that refuse input


def page_of(panel, widget):
    for page in panel.all_pages():
        if page.isAncestorOf(widget):
            return page
    raise AssertionError(widget)


def type_into(qtbot, widget, text: str) -> None:
    target = widget.edit if isinstance(widget, LogSlider) else widget
    line = widget.edit if isinstance(widget, LogSlider) else widget.lineEdit()
    line.setFocus()
    line.selectAll()
    qtbot.keyClicks(target, text)
    qtbot.keyClick(target, Qt.Key.Key_Return)


def limits(widget):
    if isinstance(widget, LogSlider):
        return widget.minimum, widget.maximum, widget.value(), format_number
    return widget.minimum(), widget.maximum(), widget.value(), widget.textFromValue


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_number_box_says_why_it_refuses_a_value(qtbot, panel, app_language, language):
    """Above the maximum, below the minimum, and not a number: the banner names the range and
    the value kept, and the value is kept."""
    app_language.set_language(language)
    boxes = panel.findChildren(QAbstractSpinBox) + panel.findChildren(LogSlider)
    boxes = [b for b in boxes if not isinstance(b.parentWidget(), LogSlider)]
    assert len(boxes) >= 15
    for box in boxes:
        page = page_of(panel, box)
        panel.pages.setCurrentWidget(page)
        if not box.isVisibleTo(page):
            continue  # a logit row beyond the count in play
        lo, hi, kept, fmt = limits(box)
        too_big = hi * 10 + 7 if hi > 0 else hi + 1000
        too_small = lo / 10 if isinstance(box, LogSlider) else lo - 1000
        for typed in (f"{too_big:.10g}", f"{too_small:.10g}", "x"):
            if typed == "x" and isinstance(box, LogSlider):
                typed = "abc"
            type_into(qtbot, box, typed)
            message = page.entry_message()
            assert box.value() == kept, (type(page).__name__, box, typed)
            shown = [fmt(v) for v in (lo, hi, kept)]
            shown = ["−" + t[1:] if t.startswith("-") else t for t in shown]  # written with a real minus
            assert message and all(t in message for t in shown), (type(page).__name__, typed, message)
            if language == "zh_CN":
                assert "：" in message and "outside" not in message
        # a good value clears the message
        good = hi if kept != hi else lo
        type_into(qtbot, box, fmt(good))
        assert box.value() == good and page.entry_message() == "", (type(page).__name__, box.value(), good)


# ---------------------------------------------------------------- training state told truly


def test_steps_per_second_is_right_from_the_first_measured_tick(qtbot, panel, monkeypatch):
    """It read "About 0 steps per second" for the first seconds: the average started from 0."""
    from types import SimpleNamespace

    from gui.labs import concepts_backprop

    clock = [time.perf_counter() + 100.0]  # after every time the page noted before
    monkeypatch.setattr(concepts_backprop, "time", SimpleNamespace(perf_counter=lambda: clock[0]))
    page = panel.backprop
    panel.pages.setCurrentWidget(page)
    page.play_button.setChecked(True)
    page.player.advance_requested.disconnect()  # the frames are driven by hand, half a second apart
    page.advance(40, budget=None)
    rate = page.net().steps / 0.5  # the first frame's steps, over the half second to the next
    clock[0] += 0.5
    page.advance(40, budget=None)
    assert rate == 80 and f"About {rate:,.0f} steps per second" in page.summary.text()


def test_leaving_the_lab_pauses_its_animations(qtbot, panel, main_window):
    """Training kept the GUI thread busy behind another lab's tab; the chain animation too."""
    page = panel.backprop
    panel.pages.setCurrentWidget(page)
    page.play_button.setChecked(True)
    main_window.select_tab("linear")
    assert not page.play_button.isChecked() and not page.player.is_playing()
    main_window.select_tab("concepts")
    panel.pages.setCurrentWidget(panel.chain)
    panel.chain.play_button.click()
    assert panel.chain.timer.isActive()
    main_window.select_tab("linear")
    assert not panel.chain.timer.isActive() and panel.chain.play_button.text() == "Play backward pass"


def test_without_torch_the_chain_page_says_so_instead_of_loading_forever(qtbot, main_window, monkeypatch):
    from gui.labs import concepts_panel

    def no_torch() -> None:
        raise ImportError("No module named 'torch'")

    monkeypatch.setattr(concepts_panel, "has_torch", lambda: True)  # installed, but its import fails
    monkeypatch.setattr(concepts_panel, "_import_torch", no_torch)
    main_window.select_tab("concepts")
    panel = main_window.panels["concepts"]
    qtbot.waitUntil(lambda: not panel.is_busy(), timeout=10000)
    text = panel.chain.check_pane.text()
    assert "loading" not in text and "not available" in text and "No module named 'torch'" in text
    panel.chain.set_inputs(3.0, -2.0)  # the hand-derived check still updates
    assert "= −1" in panel.chain.derivation.text() or "= -1" in panel.chain.derivation.text()
