"""Plots over iterations (steps, epochs) start at 0, never below, and tick whole numbers only:
at iteration 0 pyqtgraph showed the x axis from −0.5 to 0.5 with ticks −0.4 … 0.4, and the
labs' padding put the axis at −0.2."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication

from gui.widgets.plots import CountAxis, make_plot


def settle(qtbot) -> None:
    qtbot.wait(30)
    QApplication.processEvents()
    QApplication.processEvents()


def x_range(plot) -> tuple[float, float]:
    lo, hi = plot.getViewBox().viewRange()[0]
    return float(lo), float(hi)


def x_ticks(plot) -> list[float]:
    """Every tick the bottom axis draws (all levels, labelled or not) for the range on screen."""
    axis = plot.getAxis("bottom")
    lo, hi = x_range(plot)
    return [v for _, values in axis.tickValues(lo, hi, max(axis.width(), 100.0)) for v in values]


def drawn_labels(plot) -> list[str]:
    """The tick labels the bottom axis draws (pyqtgraph leaves out those it would cut)."""
    from PySide6.QtGui import QImage, QPainter

    axis = plot.getAxis("bottom")
    image = QImage(10, 10, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    try:
        specs = axis.generateDrawSpecs(painter)
    finally:
        painter.end()
    return [text for _, _, text in specs[2]] if specs else []


def check(plot, last: int, where: str) -> None:
    lo, hi = x_range(plot)
    assert lo == 0, (where, lo, hi)
    assert hi >= last, (where, lo, hi)
    ticks = x_ticks(plot)
    assert ticks, where
    assert all(v == int(v) and 0 <= v <= hi for v in ticks), (where, ticks)
    assert isinstance(plot.getAxis("bottom"), CountAxis), where


def test_the_count_axis_ticks_whole_numbers_at_any_zoom(qtbot):
    plot = make_plot(counts=True)
    qtbot.addWidget(plot)
    plot.resize(400, 300)
    plot.show()
    qtbot.waitExposed(plot)
    curve = plot.plot([0.0], [1.0])
    plot.getViewBox().autoRange()
    settle(qtbot)
    check(plot, 0, "one point at 0")
    assert x_range(plot)[1] >= 1  # never narrower than one count
    axis = plot.getAxis("bottom")
    for lo, hi in ((0, 0.3), (0, 3), (0, 7), (0, 55), (0, 1234), (100, 2_000_000)):
        values = [v for _, vs in axis.tickValues(lo, hi, 300) for v in vs]
        assert values and all(v == int(v) for v in values), (lo, hi, values)
    plot.getViewBox().setXRange(-5, 5, padding=0)  # asked for, it still stops at 0
    settle(qtbot)
    assert x_range(plot)[0] == 0
    curve.setData([0.0, 1.0, 2.0, 3.0], [1.0, 0.5, 0.3, 0.2])
    plot.getViewBox().autoRange()
    settle(qtbot)
    check(plot, 3, "four points")
    assert "0" in drawn_labels(plot)  # the axis is seen to start at 0


@pytest.mark.parametrize("key", ["linear", "logistic"])
def test_the_descent_labs_curves_start_at_iteration_0(qtbot, main_window, key):
    main_window.resize(1024, 700)
    main_window.select_tab(key)
    panel = main_window.panels[key]
    settle(qtbot)
    plots = [panel.loss_plot] + ([panel.acc_plot] if key == "logistic" else [])
    assert panel.learner().iteration == 0
    for plot in plots:
        check(plot, 0, f"{key} at iteration 0")
    for _ in range(3):
        panel.player.step_requested.emit()
    settle(qtbot)
    assert panel.learner().iteration == 3
    for plot in plots:
        check(plot, 3, f"{key} after 3 steps")
    shown = panel.acc_plot if key == "logistic" else panel.loss_plot  # the loss plot's x axis is hidden there
    assert "0" in drawn_labels(shown)


def test_the_backprop_curves_start_at_step_0(qtbot, main_window):
    main_window.resize(1024, 700)
    main_window.select_tab("concepts")
    panel = main_window.panels["concepts"]
    page = panel.backprop
    panel.pages.setCurrentWidget(page)
    qtbot.waitUntil(lambda: not panel.is_busy(), timeout=30000)
    settle(qtbot)
    assert page.net().steps == 0
    for plot in (page.loss_plot, page.acc_plot):
        check(plot, 0, "backprop at step 0")
    for _ in range(3):
        page.step_button.click()
    settle(qtbot)
    assert page.net().steps == 3
    for plot in (page.loss_plot, page.acc_plot):
        check(plot, 3, "backprop after 3 steps")
