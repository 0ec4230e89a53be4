"""A file name of 200 characters (no space anywhere) in a lab's message or source line wraps:
it does not widen the window, squeeze the plots or push the control column sideways.

A word-wrapped QLabel asks for the width of its longest unbreakable run; a long file name
is one, so the label asked for its whole width (gui/widgets/wrap_label.py)."""

from __future__ import annotations

import cv2
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from core.dial_synth import make_dial
from gui.widgets.wrap_label import ZWSP, WrapLabel, breakable, plain
from tests.layout_check import clipped

LANGUAGES = ["en", "zh_CN"]
NAME = ("measurements_of_the_spring_constant_taken_in_the_physics_lab_by_group_seven_"
        "on_the_second_floor_during_the_autumn_term_2024-10-14_09-15-33_final_version_"
        "checked_by_the_teacher_and_resubmitted_v2")


def settle(qtbot) -> None:
    qtbot.wait(30)
    QApplication.processEvents()
    QApplication.processEvents()


def test_breakable_breaks_long_runs_only_and_keeps_markup_and_chinese_whole():
    assert len(NAME) >= 150
    text = f"Could not use {NAME}.csv: the file is empty."
    out = breakable(text)
    assert plain(out) == text
    assert all(len(run) <= 32 for word in out.split() for run in word.split(ZWSP))
    assert breakable("a short sentence, nothing to break.") == "a short sentence, nothing to break."
    html = f"<span style='color:#8a1c1c;font-family:monospace'>{NAME}</span>&nbsp;&amp;"
    out = breakable(html)
    assert out.startswith("<span style='color:#8a1c1c;font-family:monospace'>") and out.endswith("</span>&nbsp;&amp;")
    chinese = "无法使用这个文件：它是空的。请检查文件的内容以后再试一次，或者选择另一个文件来导入数据。"
    assert breakable(chinese) == chinese  # Chinese breaks between any two characters already
    assert breakable(breakable(text)) == breakable(text)  # idempotent


def test_a_wrap_label_asks_for_a_narrow_width(qtbot):
    label = WrapLabel()
    qtbot.addWidget(label)
    label.setText(f"From {NAME}.csv: 12 points.")
    assert label.plain_text() == f"From {NAME}.csv: 12 points."
    assert label.minimumSizeHint().width() < 400


def write_points(path) -> None:
    path.write_text("x,y\n" + "\n".join(f"{i},{2 * i + 1}" for i in range(12)) + "\n", encoding="utf-8")


@pytest.mark.parametrize("language", LANGUAGES)
def test_linear_long_file_name_in_the_source_line_and_in_a_message(qtbot, main_window, app_language, tmp_path,
                                                                    language):
    app_language.set_language(language)
    main_window.resize(1024, 700)
    main_window.select_tab("linear")
    panel = main_window.panels["linear"]
    settle(qtbot)
    column_width = panel.column.width()
    plot_width = panel.loss_plot.width()
    good = tmp_path / f"{NAME}.csv"
    write_points(good)
    panel.load_csv(str(good))
    qtbot.waitUntil(lambda: not panel.is_loading() and panel.points().n == 12, timeout=10000)
    settle(qtbot)
    assert NAME in panel.source_label.plain_text()
    assert panel.column.width() <= column_width + 2 and main_window.width() == 1024
    inner, bar = panel.column.widget(), panel.column.horizontalScrollBar()
    assert inner.minimumSizeHint().width() <= panel.column.viewport().width()
    panel.iters_spin.setFocus(Qt.FocusReason.TabFocusReason)
    panel.column.ensureWidgetVisible(panel.iters_spin)
    settle(qtbot)
    assert bar.value() == 0 and inner.x() == 0

    bad = tmp_path / f"{NAME}_broken.csv"
    bad.write_bytes(b"\xff\xfe\x00garbage\x00\x01")
    panel.load_csv(str(bad))
    qtbot.waitUntil(lambda: not panel.is_loading() and panel.message() != "", timeout=10000)
    settle(qtbot)
    assert NAME in panel.message(), panel.message()
    assert panel.banner.width() < 1024 - column_width
    assert main_window.width() == 1024 and panel.column.width() <= column_width + 2
    assert panel.loss_plot.width() >= plot_width - 2
    problems = clipped(main_window)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("language", LANGUAGES)
def test_dial_long_file_name_in_a_message(qtbot, main_window, app_language, tmp_path, language):
    app_language.set_language(language)
    main_window.resize(1024, 700)
    main_window.select_tab("dial")
    panel = main_window.panels["dial"]
    settle(qtbot)
    column_width = panel.column.width()
    good = tmp_path / f"{NAME}.png"
    img, _ = make_dial(77.0, size=300)
    cv2.imwrite(str(good), img)
    panel.open_path(str(good))
    qtbot.waitUntil(lambda: not panel.is_busy(), timeout=10000)
    settle(qtbot)
    assert NAME in panel.photo_box.file_label.plain_text()
    bad = tmp_path / f"{NAME}_broken.png"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n garbage")
    panel.open_path(str(bad))
    qtbot.waitUntil(lambda: not panel.is_busy() and panel.message() != "", timeout=10000)
    settle(qtbot)
    assert NAME in panel.message()
    assert panel.banner.width() < 1024 - column_width
    assert main_window.width() == 1024 and panel.column.width() <= column_width + 2
    problems = clipped(main_window)
    assert not problems, "\n".join(problems)
