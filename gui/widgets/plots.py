"""Every plot of the app is made here: honest axes, a translated menu, and a working Export.

- pyqtgraph's automatic SI prefixes put multipliers students read as data ("iteration
  (x0.001)" with ticks −400…400, "J (x1e+27)" on a log axis): they are off on every axis.
- Iteration, step and epoch axes (make_plot(counts=True)) start at 0, never below, and
  tick whole numbers only: at iteration 0 pyqtgraph showed −0.4 … 0.4.
- Log axes label decades (1, 10, 100 … or 10ᵏ) and never label the minor ticks, which
  overlapped into one string when the loss spanned a decade or two.
- The right-click menu is ours, in the current language: View all, and Export… to PNG,
  SVG (rendered through QSvgGenerator: pyqtgraph's SVG exporter raises on Qt 6.11) or
  CSV with the real values (10^v on a log axis, where pyqtgraph wrote log10) under the
  axis names, as UTF-8 with a BOM so Excel keeps Chinese names. A view that keeps its own
  table (gui/widgets/curves.py: every point, not the ones drawn) hands its CSV text in.
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, QPoint, QRect, QRectF, QSize
from PySide6.QtGui import QFontMetrics, QImage, QPainter
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import QGraphicsView, QMenu, QMessageBox

from core.atomic import atomic_write_bytes
from core.errors import LabError


_SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def decade_label(k: int) -> str:
    """10^k as a student reads it: 0.001 … 10000 in full, 10⁵ and 10⁻⁴ beyond."""
    if -3 <= k <= 4:
        return f"{10.0 ** k:.{max(0, -k)}f}"
    return "10" + str(k).translate(_SUPERSCRIPT)


def log_value_label(v: float) -> str:
    """A label for log10 value v that is not a whole decade: 0.05, 300, 1050, 2×10⁶."""
    real = 10.0 ** v
    if 1e-3 <= real < 1e5:
        return f"{real:.6g}"
    k = math.floor(math.log10(real))
    return f"{real / 10.0 ** k:.4g}×{decade_label(k)}"


def _linear_steps(lo: float, hi: float) -> list[float]:
    """log10 of round values spread over a range narrower than a factor of 2 (1000 … 1120)."""
    a, b = 10.0 ** lo, 10.0 ** hi
    raw = (b - a) / 3
    base = 10.0 ** math.floor(math.log10(raw))
    step = next(m * base for m in (1, 2, 5, 10) if m * base >= raw)
    first = math.ceil(a / step) * step
    return [math.log10(first + i * step) for i in range(int((b - first) / step) + 1)]


class LabAxis(pg.AxisItem):
    """An axis without SI-prefix multipliers, whose log mode labels decades only."""

    def __init__(self, orientation: str, **kwargs) -> None:
        super().__init__(orientation, **kwargs)
        self.enableAutoSIPrefix(False)
        self._majors: set[float] = set()

    def logTickValues(self, minVal, maxVal, size, stdTicks):  # noqa: N802 (pyqtgraph's name)
        lo, hi = (minVal, maxVal) if minVal <= maxVal else (maxVal, minVal)
        if not (math.isfinite(lo) and math.isfinite(hi)):
            return []
        first, last = math.ceil(lo - 1e-9), math.floor(hi + 1e-9)
        # labels that fit along the axis: a line of text upright, a number's width across
        room = max(2, int(size // (30 if self.orientation in ("left", "right") else 60)))
        if last - first >= 1:
            step = 1
            while (last - first) // step + 1 > room:
                step = {1: 2, 2: 3, 3: 5, 5: 10}.get(step, step * 2)
            majors = [float(k) for k in range(first, last + 1) if k % step == 0]
            if len(majors) < 2:
                majors = [float(k) for k in range(first, last + 1)][:: max(1, (last - first) // 2)]
        else:
            majors = []
            for mult in ((1, 2, 5), (1, 2, 3, 4, 5, 6, 7, 8, 9)):
                majors = [math.log10(m) + k for k in range(math.floor(lo) - 1, math.ceil(hi) + 1) for m in mult
                          if lo - 1e-9 <= math.log10(m) + k <= hi + 1e-9]
                if len(majors) >= 2:
                    break
            if len(majors) < 2:
                majors = _linear_steps(lo, hi)
            while len(majors) > room and len(majors) > 2:
                majors = majors[::2]
        minors: list[float] = []
        if hi - lo <= 6:
            minors = [math.log10(m) + k for k in range(math.floor(lo), math.ceil(hi) + 1) for m in range(1, 10)
                      if lo <= math.log10(m) + k <= hi and not any(abs(math.log10(m) + k - v) < 1e-9 for v in majors)]
        self._majors = {round(v, 9) for v in majors}
        return [(1.0, majors), (None, minors)]

    def logTickStrings(self, values, scale, spacing):  # noqa: N802 (pyqtgraph's name)
        out = []
        for v in values:
            if round(v, 9) not in self._majors:
                out.append("")  # minor ticks are never labelled: they overlapped
            elif abs(v - round(v)) < 1e-9:
                out.append(decade_label(int(round(v))))
            else:
                out.append(log_value_label(v))
        return out


class CountAxis(LabAxis):
    """An axis of counts (iterations, steps, epochs): ticks at whole numbers only, never
    at 0.5 or −0.2, whatever the zoom."""

    def boundingRect(self):  # noqa: N802 (Qt's name)
        # the view starts at 0 exactly: the "0" under its left edge may stick out to the left
        # (over the corner under the y axis), where pyqtgraph hid it and the axis seemed to
        # start nowhere; on the right, labels still stop at the plot's edge
        rect = super().boundingRect()
        return rect.adjusted(-15, 0, 0, 0) if self.orientation in ("bottom", "top") else rect

    def tickSpacing(self, minVal, maxVal, size):  # noqa: N802 (pyqtgraph's name)
        levels = super().tickSpacing(minVal, maxVal, size)
        whole = [(spacing, offset) for spacing, offset in levels
                 if spacing >= 1 and abs(spacing - round(spacing)) < 1e-9]
        return whole or [(1.0, 0.0)]


def lab_axes(counts: bool = False) -> dict[str, LabAxis]:
    """The axes a plot shows (PlotItem shows every axis it is given); `counts`: the x axis
    counts iterations, steps or epochs."""
    return {"left": LabAxis("left"), "bottom": CountAxis("bottom") if counts else LabAxis("bottom")}


def count_limits(vb: pg.ViewBox) -> None:
    """An x axis of counts: the view never goes below 0, nor narrower than one count (a
    single point at 0 showed −0.5 … 0.5)."""
    vb.setLimits(xMin=0, minXRange=1)


def align_left_axes(plots: list[pg.PlotWidget], sample: str = "0.0000") -> None:
    """Give stacked plots that share their x range left axes of one width, wide enough for
    `sample`. pyqtgraph lines linked views up by their place on screen: with a narrower axis
    above, the plot below started at iteration 0.48 and never showed iteration 0."""
    width = 0.0
    for plot in plots:
        axis = plot.getAxis("left")
        font = axis.style["tickFont"] or plot.font()
        w = QFontMetrics(font).horizontalAdvance(sample) + axis.style["tickTextOffset"][0]
        w += max(0, axis.style["tickLength"])
        if axis.label.isVisible():
            w += axis.label.boundingRect().height() * 0.8
        width = max(width, w)
    for plot in plots:
        plot.getAxis("left").setWidth(math.ceil(width))


def make_plot(viewBox: pg.ViewBox | None = None, counts: bool = False, **kwargs) -> pg.PlotWidget:
    """A PlotWidget with LabAxis axes and the app's menu (use instead of pg.PlotWidget).
    `counts`: the x axis counts iterations, steps or epochs (from 0, whole numbers)."""
    widget = pg.PlotWidget(viewBox=viewBox, axisItems=lab_axes(counts), **kwargs)
    install_menu(widget, widget.getPlotItem().getViewBox(), widget.getPlotItem())
    if counts:
        count_limits(widget.getPlotItem().getViewBox())
    return widget


def add_plot(layout: pg.GraphicsLayoutWidget, counts: bool = False, **kwargs) -> pg.PlotItem:
    """GraphicsLayoutWidget.addPlot with LabAxis axes and the app's menu (`counts`: as for
    make_plot)."""
    item = layout.addPlot(axisItems=lab_axes(counts), **kwargs)
    install_menu(layout, item.getViewBox(), item)
    if counts:
        count_limits(item.getViewBox())
    return item


def add_view_box(layout: pg.GraphicsLayoutWidget, **kwargs) -> pg.ViewBox:
    """GraphicsLayoutWidget.addViewBox with the app's menu (images: View all, Export PNG/SVG)."""
    vb = layout.addViewBox(**kwargs)
    install_menu(layout, vb, None)
    return vb


CsvText = Callable[[], str]  # a view's own table as CSV text (None: the drawn series')


def make_colour_bar(view: pg.GraphicsView, plot: pg.PlotItem | None = None, **kwargs: Any) -> pg.ColorBarItem:
    """pg.ColorBarItem(**kwargs) for a plot in `view`: its ticks are the values themselves
    (no SI multiplier) and a right-click gives the app's menu, exporting `plot`."""
    bar = pg.ColorBarItem(**kwargs)
    bar.axis.enableAutoSIPrefix(False)
    install_menu(view, bar.getViewBox(), None)
    bar.getViewBox().lab_plot = plot
    return bar


def install_menu(view: pg.GraphicsView, vb: pg.ViewBox, plot: pg.PlotItem | None, csv: CsvText | None = None) -> None:
    """Replace pyqtgraph's right-click menu (English, with options that break the labs'
    plots, and an Export that fails) by View all and Export…, translated when shown;
    Export's CSV is `csv()` when given, else the series drawn."""
    if plot is not None:
        plot.setMenuEnabled(False, None)  # no "Plot Options" (FFT, log, alpha …)
    vb.setMenuEnabled(True)
    vb.lab_view = view
    vb.lab_plot = plot
    vb.lab_csv = csv
    vb.raiseContextMenu = lambda ev, vb=vb: _raise_menu(vb, ev)
    view.scene().contextMenu = []  # pyqtgraph's own "Export..." entry


def _raise_menu(vb: pg.ViewBox, ev) -> None:
    view: pg.GraphicsView = vb.lab_view
    menu = QMenu(view)
    menu.setObjectName("plotMenu")
    menu.addAction(QCoreApplication.translate("PlotMenu", "View all"), vb.autoRange)
    menu.addAction(QCoreApplication.translate("PlotMenu", "Export…"), lambda: export_dialog(view, vb.lab_plot, vb.lab_csv))
    pos = ev.screenPos()
    menu.popup(QPoint(int(pos.x()), int(pos.y())))


# --------------------------------------------------------------------------- export


def _plain(text: str) -> str:
    return re.sub(r"<[^>]+>", "", text or "").replace("&nbsp;", " ").strip()


def axis_name(plot: pg.PlotItem, name: str) -> str:
    axis = plot.getAxis(name)
    text = _plain(axis.labelText)
    units = _plain(axis.labelUnits)
    return f"{text} ({units})" if units else text


def _legend_names(plot: pg.PlotItem) -> dict[int, str]:
    names: dict[int, str] = {}
    scene = plot.scene()
    legends = [it for it in (scene.items() if scene is not None else []) if isinstance(it, pg.LegendItem)]
    for legend in legends:
        for sample, label in legend.items:
            item = getattr(sample, "item", None)
            if item is not None:
                names[id(item)] = _plain(label.text)
    return names


def plot_series(plot: pg.PlotItem) -> list[tuple[str, np.ndarray, np.ndarray]]:
    """(name, x, y) of every visible curve, scatter and bar set, in data units."""
    log_x, log_y = plot.getAxis("bottom").logMode, plot.getAxis("left").logMode
    names = _legend_names(plot)
    out = []
    for item in plot.getViewBox().addedItems:
        if not item.isVisible():
            continue
        if isinstance(item, pg.PlotDataItem):
            x, y = item.getOriginalDataset()  # what the lab gave it, before any log mode
        elif isinstance(item, (pg.PlotCurveItem, pg.ScatterPlotItem)):
            x, y = item.getData()
            if x is not None and log_x:
                x = np.power(10.0, x)  # the labs hand log10 values to items on a log axis
            if y is not None and log_y:
                y = np.power(10.0, y)
        elif isinstance(item, pg.BarGraphItem):
            x, y = item.opts.get("x"), item.opts.get("height")
        else:
            continue
        if x is None or y is None or len(x) == 0:
            continue
        out.append((names.get(id(item), ""), np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64)))
    return out


def plot_csv(plot: pg.PlotItem) -> str:
    """The plot's data as CSV text: for each series its x and y, headed by the axis names."""
    x_name = axis_name(plot, "bottom") or "x"
    y_name = axis_name(plot, "left") or "y"
    series = plot_series(plot)
    header: list[str] = []
    columns: list[np.ndarray] = []
    for i, (name, x, y) in enumerate(series):
        label = name or (_plain(plot.titleLabel.text) if len(series) == 1 else f"{i + 1}")
        prefix = f"{label}: " if len(series) > 1 or name else ""
        header += [prefix + x_name, prefix + y_name]
        columns += [x, y]
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    rows = max((len(c) for c in columns), default=0)
    for r in range(rows):
        w.writerow([repr(float(c[r])) if r < len(c) and math.isfinite(c[r]) else "" for c in columns])
    return buf.getvalue()


def render_image(view: QGraphicsView, scale: float = 2.0) -> QImage:
    """The whole view drawn at `scale` times its size (sharper than a screen grab)."""
    size = view.size()
    image = QImage(QSize(int(size.width() * scale), int(size.height() * scale)), QImage.Format.Format_ARGB32)
    image.fill(0xFFFFFFFF)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    view.render(painter, QRectF(0, 0, image.width(), image.height()), QRect(0, 0, size.width(), size.height()))
    painter.end()
    return image


def render_svg(view: QGraphicsView, title: str = "") -> bytes:
    """The view as an SVG drawing, through QSvgGenerator."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice

    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    gen = QSvgGenerator()
    gen.setOutputDevice(buffer)
    gen.setSize(view.size())
    gen.setViewBox(QRect(0, 0, view.width(), view.height()))
    gen.setTitle(title)
    painter = QPainter(gen)
    view.render(painter)
    painter.end()
    buffer.close()
    return bytes(data.data())


def export_plot(view: QGraphicsView, plot: pg.PlotItem | None, path: str, csv: CsvText | None = None) -> None:
    """Write the plot to `path` as PNG, SVG or CSV (by its suffix; the CSV is `csv()` when
    given); raises OSError, or LabError when the file cannot be written."""
    suffix = Path(path).suffix.lower()
    title = _plain(plot.titleLabel.text) if plot is not None else ""
    if suffix == ".svg":
        data = render_svg(view, title)
    elif suffix == ".csv":
        if csv is not None:
            text = csv()
        elif plot is not None:
            text = plot_csv(plot)
        else:
            raise OSError(QCoreApplication.translate("PlotMenu", "this view holds no data table"))
        data = text.encode("utf-8-sig")
    else:
        from PySide6.QtCore import QBuffer, QByteArray, QIODevice

        raw = QByteArray()
        buffer = QBuffer(raw)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        # PySide6's stub types the format as bytes, but at run time it takes only a str
        if not render_image(view).save(buffer, "PNG"):  # type: ignore[call-overload]
            raise OSError(QCoreApplication.translate("PlotMenu", "the picture could not be encoded"))
        buffer.close()
        data = bytes(raw.data())
    atomic_write_bytes(path, data)


def export_dialog(view: QGraphicsView, plot: pg.PlotItem | None, csv: CsvText | None = None) -> str:
    """Ask where and in which form, then export; the path written, or "" if cancelled."""
    from gui.dialogs import save_file

    filters = [QCoreApplication.translate("PlotMenu", "PNG image (*.png)"),
               QCoreApplication.translate("PlotMenu", "SVG drawing (*.svg)")]
    if csv is not None or (plot is not None and plot_series(plot)):
        filters.append(QCoreApplication.translate("PlotMenu", "CSV table (*.csv)"))
    title = _plain(plot.titleLabel.text) if plot is not None else ""
    stem = re.sub(r"[^\w\-]+", "_", title).strip("_")[:60] or "plot"
    path, chosen = save_file(view, "export", QCoreApplication.translate("PlotMenu", "Export plot"), f"{stem}.png",
                             ";;".join(filters))
    if not path:
        return ""
    suffix = {0: ".png", 1: ".svg", 2: ".csv"}.get(filters.index(chosen) if chosen in filters else 0, ".png")
    if Path(path).suffix.lower() not in (".png", ".svg", ".csv"):
        path += suffix
    try:
        export_plot(view, plot, path, csv)
    except (OSError, LabError) as exc:
        reason = exc.details.get("reason", str(exc)) if isinstance(exc, LabError) else (exc.strerror or str(exc))
        QMessageBox.warning(view, QCoreApplication.translate("PlotMenu", "Export plot"),
                            QCoreApplication.translate("PlotMenu", "Could not write {path}: {error}").format(
                                path=path, error=reason))
        return ""
    return path
