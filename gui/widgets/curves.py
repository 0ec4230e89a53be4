"""A plot of named curves (losses, accuracies) that exports what it was given.

Each curve is made once (add_curve) and then only its data changes (set_curve → setData).
What is drawn leaves out NaN and ±inf (a diverged run draws the points it has, not a
crash, nor a line to infinity) and, on a long run, all but about `max_points` of its points;
the right-click Export… writes every number given as CSV — one x column under the x axis's
name, one column per curve under its name, a blank where a curve has no value there — or
the plot as PNG or SVG (gui/widgets/plots.py does the writing and the menu, in its context
PlotMenu). The curves' names are the lab's, in its words: set_names on a language change.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Mapping

import numpy as np
import pyqtgraph as pg
from PySide6.QtWidgets import QVBoxLayout, QWidget

from gui.widgets.legend import OutsideLegend
from gui.widgets.plots import axis_name, export_plot, install_menu, make_plot

Series = tuple[str, np.ndarray, np.ndarray]  # (name, x, y)


def finite_points(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The points whose x and y are both finite (the arrays themselves when all are)."""
    keep = np.isfinite(x) & np.isfinite(y)
    return (x, y) if keep.all() else (x[keep], y[keep])


def _number(v: float) -> str:
    if not math.isfinite(v):
        return ""
    return str(int(v)) if v.is_integer() and abs(v) < 2 ** 53 else repr(v)


def curves_csv(x_name: str, series: list[Series]) -> str:
    """The curves as one table: a row per x value (in order), a column per curve. A curve
    that holds an x twice gets a second row for it; a non-finite value is left blank."""
    rows: dict[tuple[float, int], list[str]] = {}
    for c, (_, x, y) in enumerate(series):
        seen: dict[float, int] = {}
        for xv, yv in zip(x.tolist(), y.tolist()):
            k = seen[xv] = seen.get(xv, -1) + 1
            row = rows.setdefault((xv, k), [""] * len(series))
            row[c] = _number(float(yv))
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow([x_name or "x", *[name or f"{c + 1}" for c, (name, _, _) in enumerate(series)]])
    for (xv, _), row in sorted(rows.items(), key=lambda kv: (math.isnan(kv[0][0]), kv[0])):
        w.writerow([_number(xv), *row])
    return buf.getvalue()


class CurvesPlot(QWidget):
    """A PlotWidget (`plot`) of named curves, a legend under it when `legend`, and an
    Export… (right-click) that writes the curves' numbers, not the points drawn."""

    def __init__(self, parent: QWidget | None = None, legend: bool = False, counts: bool = False) -> None:
        super().__init__(parent)
        self.plot = make_plot(counts=counts)
        self.item: pg.PlotItem = self.plot.getPlotItem()
        install_menu(self.plot, self.item.getViewBox(), self.item, self.csv_text)
        self.legend = OutsideLegend(self.item) if legend else None
        self._items: dict[str, pg.PlotDataItem] = {}
        self._data: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        self._names: dict[str, str] = {}
        self._max_points: dict[str, int] = {}
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.plot)

    def add_curve(self, key: str, name: str = "", max_points: int = 0, **opts: object) -> pg.PlotDataItem:
        """A curve drawn with pyqtgraph's PlotDataItem options (pen, symbol …); at most
        about `max_points` of its points are drawn (0: all)."""
        if key in self._items:
            raise ValueError(f"a second curve {key!r}")
        item = pg.PlotDataItem(skipFiniteCheck=True, **opts)  # set_curve leaves only finite points
        self.item.addItem(item)
        self._items[key] = item
        self._data[key] = (np.empty(0), np.empty(0))
        self._max_points[key] = max_points
        self._names[key] = name
        self._relabel()
        return item

    def set_names(self, names: Mapping[str, str]) -> None:
        """The curves' names (in the legend and the CSV's header), by key."""
        self._names.update(names)
        self._relabel()

    def _relabel(self) -> None:
        if self.legend is None:
            return
        self.legend.clear()
        for key, item in self._items.items():
            if self._names[key]:
                self.legend.addItem(item, self._names[key])

    def set_curve(self, key: str, x: np.ndarray | list[float], y: np.ndarray | list[float]) -> None:
        """The curve's points: all kept for Export, the finite ones drawn (thinned to
        every n-th point past max_points)."""
        xa, ya = np.asarray(x, dtype=np.float64).reshape(-1), np.asarray(y, dtype=np.float64).reshape(-1)
        if xa.shape != ya.shape:
            raise ValueError(f"{xa.size} x values for {ya.size} y values")
        self._data[key] = (xa, ya)
        fx, fy = finite_points(xa, ya)
        limit = self._max_points[key]
        step = max(1, fx.size // limit) if limit else 1
        self._items[key].setData(fx[::step], fy[::step])

    def clear_curves(self) -> None:
        for key in self._items:
            self.set_curve(key, [], [])

    def curve(self, key: str) -> pg.PlotDataItem:
        return self._items[key]

    def data(self, key: str) -> tuple[np.ndarray, np.ndarray]:
        """The curve's points as given (non-finite ones included)."""
        return self._data[key]

    # ---- export
    def csv_text(self) -> str:
        """Every curve's numbers as CSV text (what Export… writes)."""
        series = [(self._names[k], *self._data[k]) for k in self._items]
        return curves_csv(axis_name(self.item, "bottom"), series)

    def export(self, path: str) -> None:
        """Write the curves to `path`: CSV, PNG or SVG by its suffix (atomically; raises
        OSError or core.errors.LabError)."""
        export_plot(self.plot, self.item, path, self.csv_text)
