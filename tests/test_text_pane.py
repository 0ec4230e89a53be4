"""A one-line TextPane is tall enough for Chinese: its glyphs come from a fallback font (Noto
Sans CJK) taller than the Latin font's line spacing the pane was sized by, and the tops and
bottoms of Chinese lines were cut by 2 px (at 2.2× in the Dial lab's reading, by 4 px)."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QFont, QTextDocument
from PySide6.QtWidgets import QApplication, QVBoxLayout, QWidget

from gui.widgets.text_pane import TextPane

CHINESE = "迭代 3 / 10，损失 0.25，读数 42.5°"


def chinese_line_height(font: QFont) -> int:
    """How tall one line of Chinese is in `font` (the fallback font included), no margin."""
    doc = QTextDocument()
    doc.setDocumentMargin(0)
    doc.setDefaultFont(font)
    doc.setPlainText(CHINESE)
    return int(doc.size().height())


@pytest.mark.parametrize("scale", [1.0, 1.3, 2.2])
def test_a_one_line_pane_at_its_smallest_shows_a_chinese_line_whole(qtbot, app_language, scale):
    app_language.set_language("zh_CN")
    holder = QWidget()
    qtbot.addWidget(holder)
    col = QVBoxLayout(holder)
    pane = TextPane(holder)
    font = QFont(pane.font())
    font.setPointSizeF(font.pointSizeF() * scale)
    pane.setFont(font)
    col.addWidget(pane)
    col.addStretch(1)
    holder.resize(600, 10)  # squeezed: the pane gets its minimum height
    holder.show()
    qtbot.waitExposed(holder)
    pane.set_text(CHINESE)
    QApplication.processEvents()
    assert pane.fontMetrics().lineSpacing() < chinese_line_height(font)  # why the old size cut it
    assert pane.height() >= chinese_line_height(font) + 4  # the line and the margins
    assert pane.height() >= pane.content_height(), (pane.height(), pane.content_height())
    assert pane.sizeHint().height() >= pane.content_height()


def test_the_labs_one_line_panes_show_chinese_whole_at_1024x700(qtbot, main_window, app_language):
    app_language.set_language("zh_CN")
    main_window.resize(1024, 700)
    panes = []
    for key in ("linear", "logistic", "dial"):
        main_window.select_tab(key)
        panel = main_window.panels[key]
        if key == "dial":
            panel.start_demo("red_22")
            qtbot.waitUntil(lambda: not panel.is_busy(), timeout=10000)
        qtbot.wait(30)
        QApplication.processEvents()
        shown = [p for p in panel.findChildren(TextPane) if p.isVisible() and p._lines == 1 and p.text()]
        assert shown, key
        for pane in shown:
            panes.append(pane)
            assert pane.height() >= pane.content_height(), (key, pane.text()[:40], pane.height(),
                                                            pane.content_height())
            assert pane.height() >= chinese_line_height(pane.font()) + 4, (key, pane.text()[:40])
    assert len(panes) >= 5
