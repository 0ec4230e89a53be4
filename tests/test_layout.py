"""No text is cut and no control pushed out of view, at 1024×700, 1366×768 and 1280×800,
in English and Chinese, on every lab and every inner tab (tests/layout_check.py says what
"cut" means: narrower than its text, shorter than its text, or outside the panel around it)."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication, QTabWidget

from gui.labs import LABS
from tests.layout_check import clipped

SIZES = [(1024, 700), (1366, 768), (1280, 800)]
LANGUAGES = ["en", "zh_CN"]
# labs whose layout is still being fixed (each entry is removed with its fix)
KNOWN_CLIPPED: set[str] = set()


def settle(qtbot) -> None:
    qtbot.wait(30)
    QApplication.processEvents()


def problems_of(window, key, qtbot) -> list[str]:
    window.select_tab(key)
    settle(qtbot)
    panel = window.panels[key]
    tabs = panel.findChildren(QTabWidget)
    if not tabs:
        return clipped(window)
    found = []
    for tabs_widget in tabs:
        for i in range(tabs_widget.count()):
            tabs_widget.setCurrentIndex(i)
            settle(qtbot)
            found += [f"[{tabs_widget.tabText(i)}] {p}" for p in clipped(window)]
        tabs_widget.setCurrentIndex(0)
    return found


@pytest.mark.parametrize("key", [
    pytest.param(k, marks=pytest.mark.xfail(strict=False, reason="layout fix pending")) if k in KNOWN_CLIPPED else k
    for k in LABS])
@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("language", LANGUAGES)
def test_no_text_is_cut(qtbot, main_window, app_language, key, size, language):
    app_language.set_language(language)
    main_window.resize(*size)
    settle(qtbot)
    found = problems_of(main_window, key, qtbot)
    assert not found, "\n".join(sorted(set(found)))


def test_the_checker_sees_a_cut_label(qtbot):
    """The checker itself: a label squeezed below its text's width is reported."""
    from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

    w = QWidget()
    qtbot.addWidget(w)
    row = QHBoxLayout(w)
    label = QLabel("A label far too long for the room it is given here")
    label.setMinimumWidth(0)
    label.setMaximumWidth(60)
    row.addWidget(label)
    w.show()
    qtbot.waitExposed(w)
    assert any("A label far too long" in p for p in clipped(w))
