"""Finds text a user cannot read in full: a label, button, combo box, group title, tab or
plot title narrower than its text, a pane shorter than its text, a control cut off by
the panel around it. Used by tests/test_layout.py at the common window sizes."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QCheckBox,
    QComboBox,
    QGroupBox,
    QLabel,
    QRadioButton,
    QStyle,
    QStyleOptionButton,
    QStyleOptionComboBox,
    QTableView,
    QTabBar,
    QTabWidget,
    QWidget,
)

from gui.widgets.text_pane import TextPane

SLACK = 1  # pixels of rounding
MIN_PLOT_PX = 110  # a plot smaller than this shows nothing a student can read


def _name(w: QWidget) -> str:
    text = ""
    for attr in ("text", "title", "currentText"):
        f = getattr(w, attr, None)
        if callable(f):
            try:
                text = f()
            except TypeError:
                continue
            if text:
                break
    return f"{type(w).__name__} {w.objectName() or ''} “{str(text)[:50]}”".replace("  ", " ")


def _shown(w: QWidget) -> bool:
    return w.isVisible() and w.width() > 0 and w.height() > 0


def _text_width(w: QWidget, text: str) -> int:
    return w.fontMetrics().horizontalAdvance(text.replace("&&", "\0").replace("&", "").replace("\0", "&"))


def needed_width(w: QWidget) -> int | None:
    """The width `w` needs to show its text whole, or None when it does not matter."""
    style = w.style()
    if isinstance(w, QLabel):
        if w.wordWrap() or not w.text() or w.pixmap() is not None and not w.pixmap().isNull():
            return None
        return w.minimumSizeHint().width() if w.textFormat() != 0 else w.sizeHint().width()
    if isinstance(w, (QCheckBox, QRadioButton)):
        return w.sizeHint().width() if w.text() else None
    if isinstance(w, QAbstractButton):
        if not w.text():
            return None
        opt = QStyleOptionButton()
        opt.initFrom(w)
        content = QSize(_text_width(w, w.text()) + (w.iconSize().width() + 4 if not w.icon().isNull() else 0),
                        w.fontMetrics().height())
        return style.sizeFromContents(QStyle.ContentsType.CT_PushButton, opt, content, w).width() - 8
    if isinstance(w, QComboBox):
        if not w.currentText():
            return None
        opt = QStyleOptionComboBox()
        w.initStyleOption(opt)
        content = QSize(_text_width(w, w.currentText()), w.fontMetrics().height())
        return style.sizeFromContents(QStyle.ContentsType.CT_ComboBox, opt, content, w).width() - 4
    if isinstance(w, QGroupBox):
        return _text_width(w, w.title()) + 16 if w.title() else None
    return None


def _horizontally_cut(w: QWidget) -> bool:
    """Part of `w` lies outside the visible width of a scroll area (or the window) around it."""
    top = w.window()
    rect = QRect(w.mapTo(top, w.rect().topLeft()), w.size())
    parent = w.parentWidget()
    child = w
    while parent is not None and parent is not top:
        if isinstance(parent, QAbstractScrollArea) and child is parent.viewport():
            vp = parent.viewport()
            view = QRect(vp.mapTo(top, vp.rect().topLeft()), vp.size())
            if rect.left() < view.left() - SLACK or rect.right() > view.right() + SLACK:
                return True
        child, parent = parent, parent.parentWidget()
    return rect.left() < -SLACK or rect.right() > top.width() + SLACK


def clipped(root: QWidget) -> list[str]:
    """Every visible piece of text under `root` that is cut, as readable lines."""
    problems: list[str] = []
    for w in [root, *root.findChildren(QWidget)]:
        if not _shown(w):
            continue
        if isinstance(w, (QLabel, QAbstractButton, QComboBox, QGroupBox, TextPane)) and _horizontally_cut(w):
            problems.append(f"{_name(w)}: cut off by the panel around it")
            continue
        need = needed_width(w)
        if need is not None and w.width() + SLACK < need:
            problems.append(f"{_name(w)}: {w.width()} px wide, needs {need}")
        if isinstance(w, TextPane) and w.text() and w.content_height() > w.height() + 2:
            inside_scroll = any(isinstance(a, QAbstractScrollArea) for a in _ancestors(w))
            if not inside_scroll:
                problems.append(f"TextPane “{w.text()[:50]}”: {w.height()} px high, needs {w.content_height()}")
        if isinstance(w, QTabBar):
            for i in range(w.count()):
                r = w.tabRect(i)
                if r.width() + SLACK < w.tabSizeHint(i).width() or r.right() > w.width() + SLACK:
                    problems.append(f"tab “{w.tabText(i)}”: cut ({r.width()} of {w.tabSizeHint(i).width()} px)")
        if isinstance(w, QTableView):
            problems += _headers(w)
        if isinstance(w, pg.GraphicsView):
            problems += _plot_titles(w)
            if isinstance(w, pg.PlotWidget) and (w.height() < MIN_PLOT_PX or w.width() < MIN_PLOT_PX):
                problems.append(f"plot “{_plain(w.getPlotItem().titleLabel.text)}” squeezed to "
                                f"{w.width()}×{w.height()} px")
    return problems


def _plain(text: str) -> str:
    import re

    return re.sub(r"<[^>]+>", "", text or "")[:50]


def _headers(table: QTableView) -> list[str]:
    out = []
    model = table.model()
    if model is None:
        return out
    for header, orientation, count in ((table.horizontalHeader(), Qt.Orientation.Horizontal, model.columnCount()),
                                       (table.verticalHeader(), Qt.Orientation.Vertical, model.rowCount())):
        if not header.isVisible():
            continue
        fm = header.fontMetrics()
        for i in range(count):
            text = str(model.headerData(i, orientation, Qt.ItemDataRole.DisplayRole) or "")
            if not text:
                continue
            size = header.sectionSize(i)
            if orientation == Qt.Orientation.Horizontal:
                need = max(fm.horizontalAdvance(line) for line in text.split("\n")) + 6
            else:
                need = fm.height() * (text.count("\n") + 1)
                if header.width() + SLACK < max(fm.horizontalAdvance(line) for line in text.split("\n")) + 6:
                    out.append(f"row header “{text[:40]}”: {header.width()} px wide")
                    continue
            if size + SLACK < need:
                out.append(f"header “{text[:40]}”: {size} px, needs {need}")
    return out


def _ancestors(w: QWidget):
    p = w.parentWidget()
    while p is not None:
        yield p
        p = p.parentWidget()


def _plot_titles(view: pg.GraphicsView) -> list[str]:
    out = []
    for item in view.scene().items():
        if isinstance(item, pg.PlotItem):
            label = item.titleLabel
            if label.isVisible() and label.text:
                need = label.item.boundingRect().width()
                # an over-long title widens its plot item past the widget: the widget is the limit
                have = min(item.boundingRect().width(), view.viewport().width())
                if need > have + SLACK:
                    out.append(f"plot title “{label.text[:50]}”: {have:.0f} px wide, needs {need:.0f}")
            out += _tick_overlaps(item)
            for name in ("left", "bottom"):
                axis = item.getAxis(name)
                if axis.isVisible() and axis.label.isVisible() and axis.labelText:
                    need = axis.label.boundingRect().width()
                    span = item.getViewBox().boundingRect().height() if name == "left" else \
                        item.getViewBox().boundingRect().width()
                    if need > span + 2 * SLACK:
                        out.append(f"axis label “{axis.labelText[:50]}”: {span:.0f} px, needs {need:.0f}")
    return out


def _tick_overlaps(plot: pg.PlotItem) -> list[str]:
    """Explicit tick labels (class names under bars) wider than the space between ticks."""
    axis = plot.getAxis("bottom")
    ticks = getattr(axis, "_tickLevels", None)
    if not axis.isVisible() or not ticks:
        return []
    vb = plot.getViewBox()
    (x0, x1), _ = vb.viewRange()
    width = vb.boundingRect().width()
    if x1 <= x0 or width <= 0:
        return []
    fm = QFontMetrics(axis.style.get("tickFont") or axis.font() if hasattr(axis, "font") else QFont())
    out = []
    for level in ticks:
        pos = sorted((float(v) * 1.0, str(t)) for v, t in level)
        px = [((v - x0) / (x1 - x0) * width, t) for v, t in pos if x0 <= v <= x1]
        for (a, ta), (b, tb) in zip(px, px[1:]):
            if (fm.horizontalAdvance(ta) + fm.horizontalAdvance(tb)) / 2 + 2 > b - a:
                out.append(f"tick labels “{ta}” and “{tb}” overlap ({b - a:.0f} px apart)")
                break
    return out


def inner_tab_widgets(root: QWidget) -> list[QTabWidget]:
    return [t for t in root.findChildren(QTabWidget)]
