"""gui/widgets/curves.py: named curves built once, drawn without NaN/inf, exported whole."""

import csv
import math

import numpy as np
import pytest


@pytest.fixture
def plot(qtbot):
    from gui.widgets.curves import CurvesPlot

    w = CurvesPlot(legend=True)
    qtbot.addWidget(w)
    w.plot.setLabel("bottom", "epoch")
    w.add_curve("loss", "train loss", pen="b")
    w.add_curve("acc", "test accuracy", pen="r", symbol="o")
    return w


def read_csv(path):
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return list(csv.reader(fh))


def test_nan_and_inf_are_not_drawn_but_kept(plot):
    item = plot.curve("loss")
    plot.set_curve("loss", [1, 2, 3, 4, 5], [0.9, math.nan, math.inf, 0.5, -math.inf])
    x, y = item.getData()
    assert list(x) == [1, 4] and list(y) == [0.9, 0.5]
    gx, gy = plot.data("loss")
    assert len(gx) == 5 and math.isnan(gy[1]) and gy[2] == math.inf  # what the lab gave, for Export
    plot.set_curve("loss", [1, math.nan], [0.9, 0.8])  # a non-finite x is left out too
    assert list(item.getData()[0]) == [1]
    # the view frames the finite points only (an inf in the data made the range inf)
    plot.set_curve("loss", [1, 2, 3], [1.0, math.inf, 2.0])
    plot.set_curve("acc", [], [])
    plot.item.autoRange()
    (_, _), (y0, y1) = plot.item.viewRange()
    assert math.isfinite(y0) and math.isfinite(y1) and y1 < 10


def test_updates_reuse_the_items_and_thin_long_curves(qtbot):
    from gui.widgets.curves import CurvesPlot

    w = CurvesPlot()
    qtbot.addWidget(w)
    item = w.add_curve("batch", max_points=100)
    items = list(w.item.getViewBox().addedItems)
    for n in (10, 1000, 5000):
        w.set_curve("batch", np.arange(n), np.linspace(2, 1, n))
        assert w.curve("batch") is item and list(w.item.getViewBox().addedItems) == items
        x, _ = item.getData()
        assert len(x) == (n if n <= 100 else len(range(0, n, n // 100)))  # every (n // 100)-th point
        assert len(w.data("batch")[0]) == n
    with pytest.raises(ValueError):
        w.add_curve("batch")
    with pytest.raises(ValueError):
        w.set_curve("batch", [1, 2], [1])


def test_export_writes_every_number_under_the_names(plot, tmp_path):
    plot.set_curve("loss", [1, 2, 3], [0.75, math.nan, 0.25])
    plot.set_curve("acc", [2, 3, 3.5], [0.5, 0.625, 0.875])
    path = tmp_path / "curves.csv"
    plot.export(str(path))
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")  # UTF-8 with a BOM: Excel keeps Chinese names
    assert read_csv(path) == [["epoch", "train loss", "test accuracy"],
                              ["1", "0.75", ""],
                              ["2", "", "0.5"],  # NaN is left blank
                              ["3", "0.25", "0.625"],
                              ["3.5", "", "0.875"]]
    plot.set_names({"loss": "训练损失"})
    plot.export(str(path))
    assert read_csv(path)[0] == ["epoch", "训练损失", "test accuracy"]
    assert [label.text for _, label in plot.legend.items] == ["训练损失", "test accuracy"]


def test_export_keeps_points_the_plot_thins_and_repeated_x(qtbot, tmp_path):
    from gui.widgets.curves import CurvesPlot

    w = CurvesPlot()
    qtbot.addWidget(w)
    w.plot.setLabel("bottom", "batch")
    w.add_curve("raw", "loss", max_points=10)
    y = np.random.default_rng(1).random(1000)
    w.set_curve("raw", np.arange(1000), y)
    w.export(str(tmp_path / "b.csv"))
    rows = read_csv(tmp_path / "b.csv")
    assert rows[0] == ["batch", "loss"] and len(rows) == 1001
    assert np.array_equal([float(r[1]) for r in rows[1:]], y)  # every value, exactly (repr round-trips)
    w.set_curve("raw", [1, 1, 2], [0.5, 0.25, 0.125])  # an x twice: two rows, none lost
    w.export(str(tmp_path / "r.csv"))
    assert read_csv(tmp_path / "r.csv")[1:] == [["1", "0.5"], ["1", "0.25"], ["2", "0.125"]]


def test_the_right_click_export_writes_the_curves_table(plot, tmp_path, monkeypatch):
    """The plot menu's Export… (not pyqtgraph's, not the drawn points) writes csv_text()."""
    from PySide6.QtCore import QPointF
    from PySide6.QtGui import QImage
    from PySide6.QtWidgets import QMenu

    from gui import dialogs

    plot.set_curve("loss", [1, 2], [0.5, math.inf])
    vb = plot.item.getViewBox()

    class Ev:
        def screenPos(self):
            return QPointF(10, 10)

    vb.raiseContextMenu(Ev())
    menu = plot.plot.findChild(QMenu, "plotMenu")
    export = [a for a in menu.actions() if a.text() == "Export…"]
    assert export
    target = tmp_path / "menu.csv"
    monkeypatch.setattr(dialogs, "save_file", lambda *a, **k: (str(target), "CSV table (*.csv)"))
    export[0].trigger()
    menu.close()
    assert read_csv(target) == [["epoch", "train loss", "test accuracy"], ["1", "0.5", ""], ["2", "", ""]]
    monkeypatch.setattr(dialogs, "save_file", lambda *a, **k: (str(tmp_path / "menu"), "PNG image (*.png)"))
    export[0].trigger()
    image = QImage(str(tmp_path / "menu.png"))
    assert not image.isNull() and image.width() >= plot.plot.width()
