"""Every plot: no SI-prefix multipliers, decade labels on log axes, a translated menu, and an
Export that writes PNG, SVG and CSV with the real values."""

from __future__ import annotations

import csv
import math

import pyqtgraph as pg
import pytest

from gui.labs import LABS
from gui.widgets.plots import LabAxis, decade_label, export_plot, make_plot, plot_csv


def all_view_boxes(window):
    for key in LABS:
        panel = window.panels[key]
        for view in panel.findChildren(pg.GraphicsView):
            for item in view.scene().items():
                if isinstance(item, pg.ViewBox):
                    yield key, view, item


def test_every_plot_in_every_lab_has_honest_axes_and_the_apps_menu(main_window):
    seen = 0
    for key, view, vb in all_view_boxes(main_window):
        seen += 1
        assert getattr(vb, "lab_view", None) is view, f"{key}: a view box with pyqtgraph's own menu"
        plot = vb.parentItem()
        while plot is not None and not isinstance(plot, pg.PlotItem):
            plot = plot.parentItem()
        if isinstance(plot, pg.ColorBarItem):  # a colour scale: one axis, the values themselves
            assert not plot.axis.autoSIPrefix, f"{key}: a colour bar with a multiplier"
        elif plot is not None:
            for name in ("left", "bottom"):
                axis = plot.getAxis(name)
                assert isinstance(axis, LabAxis) and not axis.autoSIPrefix, f"{key}: {name} axis"
    assert seen >= 15  # every lab has several


@pytest.mark.parametrize("k, text", [(0, "1"), (1, "10"), (3, "1000"), (4, "10000"), (5, "10⁵"), (-1, "0.1"),
                                     (-3, "0.001"), (-4, "10⁻⁴"), (-12, "10⁻¹²")])
def test_decade_labels(k, text):
    assert decade_label(k) == text


def test_log_axis_labels_decades_only_and_never_repeats(qtbot):
    axis = LabAxis("left")
    axis.setLogMode(False, True)
    for lo, hi in [(0.0, 1.4), (5.9, 6.3), (-3.2, 2.1), (2.0, 27.0), (-0.2, 0.1), (3.0, 3.05)]:
        levels = axis.logTickValues(lo, hi, 300, [])
        labelled = []
        for _spacing, values in levels:
            labelled += [s for s in axis.logTickStrings(values, 1.0, 1.0) if s]
        assert len(labelled) >= 2, (lo, hi, labelled)
        assert len(labelled) == len(set(labelled)), (lo, hi, labelled)  # "four identical 1e+06 ticks"
        assert len(labelled) <= 300 // 30 + 1


def test_no_multiplier_on_a_large_range(qtbot):
    w = make_plot()
    qtbot.addWidget(w)
    w.setLabel("bottom", "iteration")
    w.getPlotItem().getViewBox().setRange(xRange=(0, 2e6), yRange=(0, 1e-5), padding=0)
    w.show()
    for name in ("bottom", "left"):
        axis = w.getPlotItem().getAxis(name)
        assert "x0." not in axis.labelString() and "(x" not in axis.labelString()
        assert axis.autoSIPrefixScale == 1.0


def test_csv_export_of_a_log_plot_writes_the_real_values_under_the_axis_names(qtbot, main_window, tmp_path):
    main_window.select_tab("linear")
    panel = main_window.panels["linear"]
    panel.advance(50, budget=None)
    plot = panel.loss_plot.getPlotItem()
    path = tmp_path / "loss.csv"
    export_plot(panel.loss_plot, plot, str(path))
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # Excel reads UTF-8 only with a BOM
    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines()))
    header = rows[0]
    assert header[0].endswith("iteration") and header[1].endswith("J")
    assert "x0000" not in ",".join(header)
    b, k, losses = panel.learner().history()
    got = [float(r[1]) for r in rows[1:] if r[1]]
    assert got[:5] == pytest.approx(list(losses[:5]), rel=1e-12)  # J itself, not log10(J)


def test_svg_and_png_export(qtbot, main_window, tmp_path):
    main_window.select_tab("logistic")
    panel = main_window.panels["logistic"]
    svg, png = tmp_path / "map.svg", tmp_path / "map.png"
    export_plot(panel.loss_plot, panel.loss_plot.getPlotItem(), str(svg))
    export_plot(panel.loss_plot, panel.loss_plot.getPlotItem(), str(png))
    text = svg.read_text(encoding="utf-8")
    assert "<svg" in text and "</svg>" in text
    from PySide6.QtGui import QImage

    img = QImage(str(png))
    assert not img.isNull() and img.width() >= panel.loss_plot.width()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["map.png", "map.svg"]  # no temporary left


def test_the_menu_is_translated(qtbot, main_window, app_language):
    from PySide6.QtWidgets import QMenu

    main_window.select_tab("linear")
    panel = main_window.panels["linear"]
    vb = panel.loss_plot.getPlotItem().getViewBox()

    class Ev:
        def screenPos(self):
            from PySide6.QtCore import QPointF

            return QPointF(10, 10)

    app_language.set_language("zh_CN")
    vb.raiseContextMenu(Ev())
    menu = panel.loss_plot.findChild(QMenu, "plotMenu")
    texts = [a.text() for a in menu.actions()]
    menu.close()
    assert texts and all(not any(c.isascii() and c.isalpha() for c in t) for t in texts), texts


def test_plot_csv_with_several_series_names_each(qtbot):
    w = make_plot()
    qtbot.addWidget(w)
    w.setLabel("bottom", "epoch")
    w.setLabel("left", "loss")
    legend = w.addLegend()
    a = pg.PlotDataItem([0, 1, 2], [3.0, 2.0, 1.0])
    b = pg.PlotDataItem([0, 1], [5.0, 4.0])
    w.addItem(a)
    w.addItem(b)
    legend.addItem(a, "train")
    legend.addItem(b, "test")
    rows = list(csv.reader(plot_csv(w.getPlotItem()).splitlines()))
    assert rows[0] == ["train: epoch", "train: loss", "test: epoch", "test: loss"]
    assert rows[3] == ["2.0", "1.0", "", ""]
    assert all(math.isfinite(float(v)) for v in rows[1])
