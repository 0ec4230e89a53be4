"""Every lab's control column scrolls up and down only: a field taking the focus never moves
it sideways (a plain QScrollArea did, and cut the column's left edge with no bar to bring it
back), and the column is as wide as its widest control, so nothing is cut on the right."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractSpinBox, QApplication, QComboBox, QLineEdit, QScrollArea, QWidget

from gui.widgets.control_column import ControlColumn

SIZES = [(1024, 700), (1366, 768)]
LANGUAGES = ["en", "zh_CN"]
# (lab, page of the Concepts lab or "")
PLACES = [("linear", ""), ("logistic", ""), ("dial", ""), ("concepts", "activations"), ("concepts", "softmax"),
          ("concepts", "chain"), ("concepts", "backprop"), ("mlp", "")]


def settle(qtbot) -> None:
    qtbot.wait(20)
    QApplication.processEvents()
    QApplication.processEvents()


def fields_of(inner: QWidget) -> list[QWidget]:
    """The visible fields a user types into, right-most first (their right edge in the column)."""
    fields = [w for w in inner.findChildren(QWidget)
              if isinstance(w, (QAbstractSpinBox, QComboBox, QLineEdit)) and w.isVisibleTo(inner)
              and not isinstance(w.parentWidget(), (QAbstractSpinBox, QComboBox))]
    return sorted(fields, key=lambda w: -(w.mapTo(inner, w.rect().topRight()).x()))


def control_column(window, key: str, page: str, qtbot) -> QScrollArea:
    window.select_tab(key)
    panel = window.panels[key]
    shown: QWidget = panel
    if page:
        shown = getattr(panel, page)
        panel.pages.setCurrentWidget(shown)
    settle(qtbot)
    areas = [a for a in shown.findChildren(QScrollArea) if a.isVisible() and a.widget() is not None
             and fields_of(a.widget())]
    assert len(areas) == 1, f"{key} {page}: {len(areas)} scrolling columns with fields"
    return areas[0]


@pytest.mark.parametrize("place", PLACES, ids=lambda p: "-".join(x for x in p if x))
@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("language", LANGUAGES)
def test_a_focused_field_never_scrolls_the_column_sideways(qtbot, main_window, app_language, place, size,
                                                           language):
    key, page = place
    app_language.set_language(language)
    main_window.resize(*size)
    main_window.activateWindow()
    column = control_column(main_window, key, page, qtbot)
    assert isinstance(column, ControlColumn)
    inner = column.widget()
    bar = column.horizontalScrollBar()
    # the column is wide enough for what it holds: nothing is cut on the right
    assert inner.minimumSizeHint().width() <= column.viewport().width()
    fields = fields_of(inner)
    assert fields
    for field in fields[:3]:  # the right-most first: the one that scrolled the column most
        field.setFocus(Qt.FocusReason.TabFocusReason)
        column.ensureWidgetVisible(field)  # what a scroll area does when Tab brings the focus in
        settle(qtbot)
        assert bar.value() == 0 and inner.x() == 0, (key, page, field, bar.value(), inner.x())
        assert bar.maximum() == 0 and inner.width() <= column.viewport().width(), (key, page, field)
        right = field.mapTo(column.viewport(), field.rect().topRight()).x()
        left = field.mapTo(column.viewport(), field.rect().topLeft()).x()
        assert 0 <= left and right < column.viewport().width(), (key, page, field, left, right)
    # and Tab through the whole column, as a keyboard user does
    fields[-1].setFocus(Qt.FocusReason.TabFocusReason)
    for _ in range(len(fields) + 4):
        qtbot.keyClick(QApplication.focusWidget() or column, Qt.Key.Key_Tab)
        assert bar.value() == 0 and inner.x() == 0, (key, page, QApplication.focusWidget())
    assert column.horizontalScrollBarPolicy() == Qt.ScrollBarPolicy.ScrollBarAlwaysOff
    bar.setValue(50)  # even asked to, it does not move
    assert bar.value() == 0 and inner.x() == 0
