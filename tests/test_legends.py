"""Legends never cover the data: in the descent labs they sit under their plot (at 1024×700
the loss legend lay on the J − J* curve and the map's covered most of the map), every entry
whole and inside the plot, with six classes, at the common sizes, in English and Chinese."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
import pytest
from PySide6.QtWidgets import QApplication

SIZES = [(1024, 700), (1366, 768), (1280, 800)]


def six_classes():
    rng = np.random.default_rng(0)
    centres = [(4 * np.cos(a), 4 * np.sin(a)) for a in np.linspace(0, 2 * np.pi, 7)[:6]]
    X = np.vstack([rng.normal(c, 0.6, (30, 2)) for c in centres])
    return X, np.repeat(np.arange(6), 30)


PLOTS = {"linear": {"data_legend": "data_plot", "loss_legend": "loss_plot"},
         "logistic": {"legend": "map_plot", "loss_legend": "loss_plot", "acc_legend": "acc_plot"}}


def legends_of(panel):
    """(legend, its plot's PlotItem) for every legend of the lab."""
    return [(getattr(panel, legend), getattr(panel, plot).getPlotItem()) for legend, plot in PLOTS[panel.key].items()]


def check(panel):
    problems = []
    legends = legends_of(panel)
    assert legends
    for legend, plot_item in legends:
        assert isinstance(legend, pg.LegendItem)
        view = plot_item.getViewBox()
        widget = plot_item.scene().views()[0]
        lr = legend.sceneBoundingRect()
        vr = view.sceneBoundingRect()
        inter = lr.intersected(vr)
        if inter.width() > 1 and inter.height() > 1:
            problems.append(f"legend of “{plot_item.titleLabel.text}” covers the data ({inter})")
        scene = widget.sceneRect()
        if lr.bottom() > scene.bottom() + 1 or lr.right() > scene.right() + 1:
            problems.append(f"legend of “{plot_item.titleLabel.text}” runs out of its plot")
        for sample, label in legend.items:
            r = label.sceneBoundingRect()
            text = label.item.sceneBoundingRect()
            if text.right() > scene.right() + 1 or text.bottom() > scene.bottom() + 1 or not sample.isVisible():
                problems.append(f"legend entry “{label.text}” is cut")
            if r.height() < 8:
                problems.append(f"legend entry “{label.text}” is squeezed")
        if lr.height() > 0.34 * scene.height():
            problems.append(f"legend of “{plot_item.titleLabel.text}” takes {lr.height():.0f} of {scene.height():.0f} px")
    return problems


@pytest.mark.parametrize("key", ["linear", "logistic"])
@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_legends_sit_outside_the_data(qtbot, main_window, app_language, key, size, language):
    app_language.set_language(language)
    main_window.select_tab(key)
    panel = main_window.panels[key]
    if key == "logistic":
        assert panel.set_data(*six_classes())
        panel.test_slider.setValue(20)  # the test curves join the curve legends
        assert panel.data().k == 6 and len(panel.legend.items) == 6
    main_window.resize(*size)
    qtbot.wait(40)
    QApplication.processEvents()
    problems = check(panel)
    assert not problems, "\n".join(problems)
