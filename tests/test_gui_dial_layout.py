"""The Dial Reader lab clips nothing at the common window sizes in either language, in the
states a user reaches (a photo read, a batch table open, each colour mode), and its control
column never scrolls sideways (focusing a number field used to cut "Photo" to "hoto")."""

from __future__ import annotations

from pathlib import Path

import cv2
import pytest
from PySide6.QtWidgets import QAbstractSpinBox, QApplication, QComboBox, QWidget

from core.dial_synth import make_dial
from tests.layout_check import clipped

SIZES = [(1024, 700), (1366, 768), (1280, 800)]
LANGUAGES = ["en", "zh_CN"]


def settle(qtbot) -> None:
    qtbot.wait(30)
    QApplication.processEvents()


def batch_files(folder: Path) -> list[str]:
    files = []
    for i, angle in enumerate((40.0, 130.0, 290.0)):
        img, _ = make_dial(angle, size=300)
        path = folder / f"a_rather_long_file_name_for_a_gauge_{i}.png"
        cv2.imwrite(str(path), img)
        files.append(str(path))
    return files


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("language", LANGUAGES)
def test_nothing_is_cut_in_the_states_a_user_reaches(qtbot, main_window, app_language, tmp_path, size, language):
    app_language.set_language(language)
    main_window.resize(*size)
    main_window.select_tab("dial")
    panel = main_window.panels["dial"]
    settle(qtbot)
    found = [f"[empty] {p}" for p in clipped(main_window)]
    panel.start_demo("red_22")
    settle(qtbot)
    found += [f"[photo] {p}" for p in clipped(main_window)]
    panel.set_calibration(60.0, 0.0, 20.0, 1000.0)  # the needle far off the scale: the longest reading
    settle(qtbot)
    assert panel.result().in_range is False
    found += [f"[off the scale] {p}" for p in clipped(main_window)]
    panel.fit_box.fit_combo.setCurrentIndex(panel.fit_box.fit_combo.findData("seed"))
    settle(qtbot)
    found += [f"[seed fit] {p}" for p in clipped(main_window)]
    panel.fit_box.fit_combo.setCurrentIndex(panel.fit_box.fit_combo.findData("tls"))
    panel.read_batch(batch_files(tmp_path))
    qtbot.waitUntil(lambda: not panel.is_busy(), timeout=20000)
    settle(qtbot)
    found += [f"[batch] {p}" for p in clipped(main_window)]
    panel.fit_box.fit_combo.setCurrentIndex(panel.fit_box.fit_combo.findData("robust"))  # the table goes stale
    settle(qtbot)
    found += [f"[stale] {p}" for p in clipped(main_window)]
    for radio in (panel.colour_box.dark_radio, panel.colour_box.custom_radio):
        radio.setChecked(True)
        settle(qtbot)
        found += [f"[{radio.text()}] {p}" for p in clipped(main_window)]
    panel.start_demo("vertical")
    panel.fit_box.fit_combo.setCurrentIndex(panel.fit_box.fit_combo.findData("seed"))  # the longest method name, a poor fit
    settle(qtbot)
    found += [f"[vertical, seed fit] {p}" for p in clipped(main_window)]
    assert not found, "\n".join(dict.fromkeys(found))


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_control_column_never_scrolls_sideways(qtbot, main_window, app_language, size, language):
    app_language.set_language(language)
    main_window.resize(*size)
    main_window.select_tab("dial")
    panel = main_window.panels["dial"]
    panel.start_demo("red_22")
    settle(qtbot)
    column = panel.column
    inner = column.widget()
    bar = column.horizontalScrollBar()
    fields = [w for w in inner.findChildren(QWidget)
              if isinstance(w, (QAbstractSpinBox, QComboBox)) and w.isVisible()]
    assert len(fields) >= 4
    for w in fields:
        w.setFocus()
        column.ensureWidgetVisible(w)
        settle(qtbot)
        assert bar.maximum() == 0 and bar.value() == 0, (w, bar.maximum(), bar.value())
        assert inner.x() == 0 and inner.width() <= column.viewport().width(), w
    bar.setValue(50)  # even asked to, it does not move
    assert bar.value() == 0 and inner.x() == 0


@pytest.mark.parametrize("language", LANGUAGES)
def test_long_file_names_and_paths_do_not_widen_the_lab(qtbot, main_window, app_language, tmp_path, language):
    """A file name or a path of a hundred characters without a space wrapped nowhere, so
    the label asked for its whole width: the column grew to 725 px and squeezed the plots."""
    app_language.set_language(language)
    main_window.resize(1024, 700)
    main_window.select_tab("dial")
    panel = main_window.panels["dial"]
    settle(qtbot)
    width = panel.column.width()
    name = "gauge_photo_taken_in_the_boiler_room_on_the_second_floor_2024-03-14_09-15-33_IMG_20240314.png"
    deep = tmp_path / "a_folder_with_a_very_long_name_that_goes_on_and_on" / "and_another_one_below_it_too"
    deep.mkdir(parents=True)
    img, _ = make_dial(77.0, size=300)
    cv2.imwrite(str(deep / name), img)
    panel.open_path(str(deep / name))
    qtbot.waitUntil(lambda: not panel.is_busy(), timeout=10000)
    settle(qtbot)
    assert name in panel.photo_box.file_label.text().replace("\u200b", "")
    assert panel.column.width() <= width + 2
    problems = clipped(main_window)
    broken = deep / ("x" * 120 + ".png")
    broken.write_bytes(b"\x89PNG\r\n\x1a\n garbage")
    panel.open_path(str(broken))
    qtbot.waitUntil(lambda: not panel.is_busy(), timeout=10000)
    settle(qtbot)
    assert str(broken) in panel.message()
    assert panel.column.width() <= width + 2 and main_window.width() == 1024
    problems += clipped(main_window)
    assert not problems, "\n".join(problems)
