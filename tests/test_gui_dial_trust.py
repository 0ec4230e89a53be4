"""The Dial Reader lab never freezes, lies or clips: batches that stop and say so, controls
that show what the reading uses, the status bar's last word, one CSV, Ctrl+V."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import cv2
import numpy as np
import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent, QGuiApplication, QImage
from PySide6.QtWidgets import QApplication

from core.dial import (
    SEED_HSV,
    DialSettings,
    HSVBounds,
    angle_error,
    read_dial,
    threshold_mask,
)
from core.dial_synth import make_dial
from tests.conftest import REPO

SAMPLES = REPO / "resources" / "samples"


@pytest.fixture
def window(main_window):
    main_window.select_tab("dial")
    return main_window


@pytest.fixture
def panel(window):
    return window.panels["dial"]


@pytest.fixture
def status(panel):
    """Every line the lab sent to the status bar, in order."""
    lines: list[str] = []
    panel.status_message.connect(lines.append)
    return lines


def write_dial(folder, angle, name="d.png", **kw):
    img, _ = make_dial(angle, **kw)
    path = Path(folder) / name
    ok, buf = cv2.imencode(path.suffix, img)
    assert ok
    path.write_bytes(buf.tobytes())
    return path


def dial_folder(folder, count, size=400, first=10.0, step=7.0):
    folder.mkdir(exist_ok=True)
    return [str(write_dial(folder, first + step * i, name=f"dial{i:02d}.png", size=size)) for i in range(count)]


@pytest.fixture
def slow_batch(monkeypatch):
    """Each batch image takes at least 60 ms, so a batch is still running when the test acts
    on it, however fast the machine."""
    import time

    import core.dial_io as batch

    real = batch.read_image_file

    def slow(path, settings):
        time.sleep(0.06)
        return real(path, settings)

    monkeypatch.setattr(batch, "read_image_file", slow)


def wait_idle(qtbot, panel, timeout=20000):
    qtbot.waitUntil(lambda: not panel.is_busy(), timeout=timeout)


def open_and_wait(qtbot, panel, path):
    panel.open_path(str(path))
    wait_idle(qtbot, panel)


def put_image_on_clipboard(angle):
    img, _ = make_dial(angle, style="plain")
    rgb = np.ascontiguousarray(img[:, :, ::-1])
    qimg = QImage(rgb.data, rgb.shape[1], rgb.shape[0], rgb.shape[1] * 3, QImage.Format.Format_RGB888).copy()
    QGuiApplication.clipboard().setImage(qimg)


def drop(panel, *paths):
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    panel.dropEvent(QDropEvent(QPointF(5, 5), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                               Qt.KeyboardModifier.NoModifier))


def shown_hsv(panel) -> HSVBounds:
    h1, h2 = panel.colour_box.h1_slider.value(), panel.colour_box.h2_slider.value()
    return HSVBounds((int(h1[0]), int(h1[1])), (int(h2[0]), int(h2[1])), int(panel.colour_box.s_slider.value()),
                     int(panel.colour_box.v_slider.value()))


# --------------------------------------------------------------------------- the sliders show what is used


def test_every_colour_mode_shows_the_ranges_it_uses(qtbot, panel, tmp_path):
    path = write_dial(tmp_path, 45.0, style="plain")
    open_and_wait(qtbot, panel, path)
    img = cv2.imread(str(path))
    truth = make_dial(45.0, style="plain")[1]
    (px, py), (tx, ty) = truth.pivot, truth.tip

    # the eyedropper makes custom ranges of the user's own
    panel.controls.set_click_mode("eyedropper")
    panel.views.photo_vb.clicked.emit(px + 0.6 * (tx - px), py + 0.6 * (ty - py))
    assert panel.colour_box.custom_radio.isChecked()
    custom = shown_hsv(panel)
    assert custom != SEED_HSV and panel.colour_box.h1_slider.isEnabled()
    qtbot.waitUntil(lambda: panel.result() is not None and panel.settings().hsv == custom, timeout=3000)

    # red shows the seed's two ranges, not editable, and the mask is the seed's
    panel.colour_box.red_radio.setChecked(True)
    qtbot.waitUntil(lambda: panel.settings().color == "red", timeout=3000)
    assert shown_hsv(panel) == SEED_HSV
    assert not any(w.isEnabled() for w in (panel.colour_box.h1_slider, panel.colour_box.h2_slider, panel.colour_box.s_slider, panel.colour_box.v_slider))
    qtbot.waitUntil(lambda: panel.result() is not None
                    and np.array_equal(panel.result().mask, read_dial(img, DialSettings()).mask), timeout=3000)

    # custom again: the user's ranges come back, editable, and are used
    panel.colour_box.custom_radio.setChecked(True)
    assert shown_hsv(panel) == custom and panel.colour_box.h1_slider.isEnabled()
    assert panel.settings().hsv == custom

    # dark, automatic: the slider shows the threshold the reading used, not editable; no hue rows
    panel.colour_box.dark_radio.setChecked(True)
    panel.colour_box.dark_auto.setChecked(True)
    qtbot.waitUntil(lambda: panel.result() is None or panel.result().dark_v_max is not None, timeout=3000)
    used = panel.result().dark_v_max if panel.result() is not None else threshold_mask(img, panel.settings())[1]
    assert panel.colour_box.dark_slider.value() == used and not panel.colour_box.dark_slider.isEnabled()
    assert panel.colour_box.dark_slider.isVisible() and not panel.colour_box.h1_slider.isVisible() and not panel.colour_box.s_slider.isVisible()

    # dark, chosen by hand: the user's value, editable, used
    panel.colour_box.dark_auto.setChecked(False)
    panel.colour_box.dark_slider.setValue(90)
    assert panel.colour_box.dark_slider.isEnabled() and panel.settings().dark_v_max == 90
    # ...and kept while automatic is on and off again
    panel.colour_box.dark_auto.setChecked(True)
    panel.colour_box.dark_auto.setChecked(False)
    assert panel.colour_box.dark_slider.value() == 90

    # red and custom hide the dark threshold: it is not used there
    panel.colour_box.red_radio.setChecked(True)
    assert not panel.colour_box.dark_slider.isVisible() and panel.colour_box.h1_slider.isVisible()


def test_custom_ranges_survive_red_and_a_restart(qtbot, app_language, tmp_path, monkeypatch):
    from gui.main_window import MainWindow
    from gui.settings import open_settings

    # the session the window writes on close (and reads at start) in tmp_path, not the user's home
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))

    w = MainWindow(app_language, open_settings())
    qtbot.addWidget(w)
    p = w.panels["dial"]
    p.colour_box.custom_radio.setChecked(True)
    p.colour_box.h1_slider.setValue((100, 130))
    p.colour_box.s_slider.setValue(80)
    mine = shown_hsv(p)
    p.colour_box.red_radio.setChecked(True)
    assert shown_hsv(p) == SEED_HSV
    w.close()
    w2 = MainWindow(app_language, open_settings())
    qtbot.addWidget(w2)
    p2 = w2.panels["dial"]
    assert p2.colour_box.red_radio.isChecked() and shown_hsv(p2) == SEED_HSV
    p2.colour_box.custom_radio.setChecked(True)
    assert shown_hsv(p2) == mine
    w2.close()


def test_after_a_failure_the_mask_is_the_one_the_reading_made(qtbot, panel, tmp_path):
    """Dark mode keeps only the dial face: the mask shown after a failure must too."""
    img = np.full((300, 300, 3), 60, np.uint8)  # a dark photo with a light disk: no needle in it
    cv2.circle(img, (150, 150), 120, (235, 235, 235), -1)
    path = tmp_path / "empty_face.png"
    cv2.imwrite(str(path), img)
    panel.colour_box.dark_radio.setChecked(True)
    panel.colour_box.dark_auto.setChecked(False)
    panel.colour_box.dark_slider.setValue(100)
    open_and_wait(qtbot, panel, path)
    assert panel.result() is None
    expected, _ = threshold_mask(img, panel.settings())
    assert np.array_equal(panel.views.mask_item.image, expected.T)


# --------------------------------------------------------------------------- confidence


def test_a_poor_fit_is_flagged_not_shown_as_confident(qtbot, panel, tmp_path):
    path = write_dial(tmp_path, 90.0, style="plain", tail=False)
    open_and_wait(qtbot, panel, path)
    assert panel.result().reliable and panel.message() == ""
    panel.fit_box.fit_combo.setCurrentIndex(panel.fit_box.fit_combo.findData("seed"))
    qtbot.waitUntil(lambda: panel.result() is None or panel.result().fit.method == "seed", timeout=3000)
    res = panel.result()
    if res is None:  # every pixel in one column: the seed's fit cannot run at all
        assert "vertical" in panel.message()
        return
    assert not res.reliable
    assert "unreliable" in panel.message()
    assert f"{res.confidence:.2f}" in panel.detail_label.text()


# --------------------------------------------------------------------------- status bar and sample combo


def test_the_combo_and_the_status_bar_follow_what_is_on_screen(qtbot, panel, status, tmp_path):
    samples = [panel.photo_box.sample_combo.itemData(i) for i in range(panel.photo_box.sample_combo.count())]
    index = next(i for i, p in enumerate(samples) if p and "ticks" in p)
    panel.photo_box.sample_combo.setCurrentIndex(index)
    panel.photo_box.sample_combo.activated.emit(index)
    wait_idle(qtbot, panel)
    assert panel.photo_box.sample_combo.currentIndex() == index
    assert "ticks" in status[-1] and "Opening" not in status[-1]

    # a file of the user's: the combo no longer names the sample
    path = write_dial(tmp_path, 123.0, name="mine.png")
    open_and_wait(qtbot, panel, path)
    assert panel.photo_box.sample_combo.currentIndex() == 0
    assert "mine.png" in status[-1] and "123" in status[-1] and "Opening" not in status[-1]

    # a sample again, then a paste
    panel.photo_box.sample_combo.setCurrentIndex(index)
    panel.photo_box.sample_combo.activated.emit(index)
    wait_idle(qtbot, panel)
    put_image_on_clipboard(200.0)
    panel.paste_from_clipboard()
    wait_idle(qtbot, panel)
    assert angle_error(panel.result().angle_deg, 200.0) < 0.5
    assert panel.photo_box.sample_combo.currentIndex() == 0
    assert "200" in status[-1]

    # a sample, then a drop
    panel.photo_box.sample_combo.setCurrentIndex(index)
    panel.photo_box.sample_combo.activated.emit(index)
    wait_idle(qtbot, panel)
    drop(panel, path)
    wait_idle(qtbot, panel)
    assert panel.photo_box.sample_combo.currentIndex() == 0 and "mine.png" in status[-1]


def test_a_failed_open_ends_in_the_status_bar_and_keeps_the_combo_honest(qtbot, panel, status, tmp_path):
    samples = [panel.photo_box.sample_combo.itemData(i) for i in range(panel.photo_box.sample_combo.count())]
    index = next(i for i, p in enumerate(samples) if p and "ticks" in p)
    panel.photo_box.sample_combo.activated.emit(index)
    wait_idle(qtbot, panel)
    before = panel.result()
    bad = tmp_path / "broken.png"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n garbage")
    open_and_wait(qtbot, panel, bad)
    assert panel.result() is before  # the sample stays on screen...
    assert panel.photo_box.sample_combo.currentIndex() == index  # ...and the combo still names it
    assert "broken.png" in status[-1] and "damaged" in status[-1]
    # a photo that opens but cannot be read: the status bar says so
    blue = tmp_path / "blue.png"
    cv2.imwrite(str(blue), np.full((200, 200, 3), (200, 50, 10), np.uint8))
    open_and_wait(qtbot, panel, blue)
    assert panel.result() is None
    assert "blue.png" in status[-1] and "No pixels pass" in status[-1]
    assert panel.photo_box.sample_combo.currentIndex() == 0


# --------------------------------------------------------------------------- batches


def test_a_batch_shows_k_of_n_and_can_be_cancelled(qtbot, panel, status, tmp_path, slow_batch):
    files = dial_folder(tmp_path / "many", 24, size=200)
    panel.read_batch(files)
    assert panel.batch_box.cancel_button.isVisible() and panel.batch_box.cancel_button.isEnabled()
    qtbot.waitUntil(lambda: len(panel.controller.batch_rows()) >= 2, timeout=20000)
    k = len(panel.controller.batch_rows())
    assert panel.batch_box.progress.maximum() == 24 and panel.batch_box.progress.value() >= 2
    assert "of 24" in panel.batch_box.status_label.text()
    panel.batch_box.cancel_button.click()
    wait_idle(qtbot, panel)
    done = len(panel.controller.batch_rows())
    assert k <= done < 24
    assert panel.batch_box.table.rowCount() == done
    assert f"{done} of 24" in panel.batch_box.status_label.text() and "Stopped" in panel.batch_box.status_label.text()
    assert "Stopped" in status[-1]
    assert not panel.batch_box.cancel_button.isVisible()
    assert panel.batch_box.export_button.isEnabled()  # the rows read so far can be saved


def test_a_new_batch_replaces_the_running_one_and_says_so(qtbot, panel, tmp_path, slow_batch):
    first = dial_folder(tmp_path / "first", 24, size=200)
    second = dial_folder(tmp_path / "second", 3, size=200, first=100.0)
    panel.read_batch(first)
    qtbot.waitUntil(lambda: len(panel.controller.batch_rows()) >= 1, timeout=20000)
    panel.read_batch(second)
    wait_idle(qtbot, panel)
    rows = panel.controller.batch_rows()
    assert [Path(r.path).parent.name for r in rows] == ["second"] * 3
    text = panel.batch_box.status_label.text()
    assert "3 of 3" in text and "of 24" in text  # the previous batch's end is reported


def test_opening_a_file_while_a_batch_runs_shows_it_and_lets_the_batch_finish(qtbot, panel, tmp_path,
                                                                              slow_batch):
    files = dial_folder(tmp_path / "many", 10, size=200)
    single = write_dial(tmp_path, 250.0, name="single.png")
    panel.read_batch(files)
    qtbot.waitUntil(lambda: len(panel.controller.batch_rows()) >= 1, timeout=20000)
    panel.open_path(str(single))
    qtbot.waitUntil(lambda: panel.result() is not None and angle_error(panel.result().angle_deg, 250.0) < 0.5,
                    timeout=20000)
    assert panel.batch_box.running()  # the photo came while the batch was still reading
    wait_idle(qtbot, panel)
    assert len(panel.controller.batch_rows()) == 10 and panel.batch_box.table.isVisible()
    assert "single.png" in panel.photo_box.file_label.text()


def test_clicking_a_row_shows_that_image_its_mask_and_reading(qtbot, panel, tmp_path):
    angles = [30.0, 140.0, 260.0]
    files = [str(write_dial(tmp_path, a, name=f"r{i}.png")) for i, a in enumerate(angles)]
    panel.set_calibration(225.0, 0.0, 315.0, 100.0)
    panel.read_batch(files)
    wait_idle(qtbot, panel)
    panel.batch_box.table.selectRow(1)
    qtbot.waitUntil(lambda: panel.result() is not None and angle_error(panel.result().angle_deg, 140.0) < 0.5,
                    timeout=10000)
    wait_idle(qtbot, panel)
    res = panel.result()
    assert "r1.png" in panel.photo_box.file_label.text()
    assert panel.views.photo_item.image.shape[:2] == (400, 400)
    assert np.array_equal(panel.views.mask_item.image, res.mask.T)
    row = panel.controller.batch_rows()[1]
    assert res.reading == pytest.approx(row.reading) and res.reading is not None  # the calibration is kept
    assert f"{res.reading:.4g}" in panel.reading_label.text()


def test_the_table_is_marked_stale_when_the_settings_change_and_reads_again(qtbot, panel, tmp_path):
    files = [str(write_dial(tmp_path, a, name=f"s{i}.png")) for i, a in enumerate((20.0, 80.0))]
    panel.read_batch(files)
    wait_idle(qtbot, panel)
    assert not panel.batch_box.stale_label.isVisible()
    panel.fit_box.fit_combo.setCurrentIndex(panel.fit_box.fit_combo.findData("robust"))
    qtbot.waitUntil(lambda: panel.batch_box.stale_label.isVisible(), timeout=3000)
    assert panel.batch_box.rerun_button.isVisible()
    panel.batch_box.rerun_button.click()
    wait_idle(qtbot, panel)
    assert not panel.batch_box.stale_label.isVisible()
    assert [r.fit for r in panel.controller.batch_rows()] == ["robust", "robust"]
    # a calibration is a setting of the table too
    panel.set_calibration(225.0, 0.0, 315.0, 100.0)
    qtbot.waitUntil(lambda: panel.batch_box.stale_label.isVisible(), timeout=3000)
    # going back to what the table was read with makes it current again
    panel.calib_box.clear()
    qtbot.waitUntil(lambda: not panel.batch_box.stale_label.isVisible(), timeout=3000)


def test_the_table_flags_readings_off_the_scale(qtbot, panel, tmp_path):
    files = [str(write_dial(tmp_path, a, name=f"f{i}.png")) for i, a in enumerate((90.0, 270.0))]
    panel.set_calibration(225.0, 0.0, 315.0, 100.0)
    panel.read_batch(files)
    wait_idle(qtbot, panel)
    header = [panel.batch_box.table.horizontalHeaderItem(c).text() for c in range(panel.batch_box.table.columnCount())]
    col = header.index("On the scale")
    assert panel.batch_box.table.item(0, col).text() == "yes"
    assert panel.batch_box.table.item(1, col).text() == "no"
    assert [r.in_range for r in panel.controller.batch_rows()] == [True, False]


def test_a_reading_off_the_scale_says_so_on_screen(qtbot, panel, app_language, tmp_path):
    open_and_wait(qtbot, panel, write_dial(tmp_path, 270.0))  # the dead zone at the bottom
    panel.set_calibration(225.0, 0.0, 315.0, 100.0)
    assert panel.result().in_range is False
    assert "outside the marked scale" in panel.message() and f"{panel.result().reading:.4g}" in panel.message()
    assert "color" in panel.reading_label.text()  # the value in red
    app_language.set_language("zh_CN")
    assert "超出了标定的刻度范围" in panel.message()
    panel.set_calibration(300.0, 0.0, 240.0, 100.0)  # now the needle is on the scale
    assert panel.result().in_range is True and panel.message() == ""
    assert "color" not in panel.reading_label.text()


def test_a_folder_with_no_images_says_so(qtbot, panel, tmp_path):
    (tmp_path / "notes.txt").write_text("hello")
    panel.open_path(str(tmp_path))
    wait_idle(qtbot, panel)
    assert "No images" in panel.message()


# --------------------------------------------------------------------------- export


def test_the_labs_export_is_the_clis_csv(qtbot, panel, tmp_path, monkeypatch):
    from core.dial_io import COLUMNS
    from gui import dialogs

    folder = tmp_path / "in"
    folder.mkdir()
    write_dial(folder, 90.0, name="表盘.png")
    write_dial(folder, 270.0, name="low.png")
    (folder / "broken.jpg").write_bytes(b"\xff\xd8\xff\xe0 not really")
    panel.set_calibration(225.0, 0.0, 315.0, 100.0)
    panel.open_path(str(folder))
    wait_idle(qtbot, panel)
    out = tmp_path / "readings.csv"
    monkeypatch.setattr(dialogs, "save_file", lambda *a, **k: (str(out), ""))
    panel.batch_box.export_button.click()
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    reader = csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline=""))
    rows = {r["file"]: r for r in reader}
    assert tuple(reader.fieldnames) == COLUMNS
    assert rows["表盘.png"]["in_range"] == "true" and float(rows["表盘.png"]["reading"]) == pytest.approx(50, abs=0.5)
    assert rows["low.png"]["in_range"] == "false"
    assert rows["broken.jpg"]["error_code"] == "corrupt_image"
    assert "readings.csv" in panel.message() and panel.banner.kind() == "info"
    assert panel.message().startswith("Saved 3 readings to ")  # every row, the failed one too


def test_a_failed_export_keeps_the_old_file_and_says_so(qtbot, panel, tmp_path, monkeypatch):
    import core.atomic
    from gui import dialogs

    files = [str(write_dial(tmp_path, 40.0))]
    panel.read_batch(files)
    wait_idle(qtbot, panel)
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    out = out_dir / "readings.csv"
    out.write_text("old", encoding="utf-8")
    monkeypatch.setattr(dialogs, "save_file", lambda *a, **k: (str(out), ""))

    def full_disk(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(core.atomic.os, "replace", full_disk)
    panel.batch_box.export_button.click()
    assert out.read_text(encoding="utf-8") == "old"
    assert [p.name for p in out_dir.iterdir()] == ["readings.csv"]
    assert panel.banner.kind() == "error"
    assert "could not be saved" in panel.message() and "Nothing was changed" in panel.message()


# --------------------------------------------------------------------------- Ctrl+V, the Open button


def test_ctrl_v_pastes_where_the_lab_is_shown_but_not_into_a_text_field(qtbot, window, panel, status):
    from PySide6.QtTest import QTest

    window.activateWindow()
    put_image_on_clipboard(300.0)
    panel.views.photo_plot.setFocus()
    QTest.keyClick(panel.views.photo_plot, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    wait_idle(qtbot, panel)
    assert panel.result() is not None and angle_error(panel.result().angle_deg, 300.0) < 0.5

    assert any("clipboard image" in line for line in status)

    # in a number field Ctrl+V pastes text there, and no image is read
    status.clear()
    QGuiApplication.clipboard().setText("42")
    panel.calib_box.max_value.setFocus()
    panel.calib_box.max_value.lineEdit().selectAll()
    QTest.keyClick(panel.calib_box.max_value.lineEdit(), Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    QApplication.processEvents()
    assert panel.calib_box.max_value.lineEdit().text().startswith("42")
    assert not panel.is_busy() and not status and "no image" not in panel.message()

    # another lab shown: the dial lab does not take Ctrl+V
    put_image_on_clipboard(10.0)
    window.select_tab("linear")
    QTest.keyClick(window, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    QApplication.processEvents()
    assert not panel.is_busy() and not status


def test_the_open_button_opens_the_chosen_file(qtbot, panel, status, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QFileDialog

    path = write_dial(tmp_path, 66.0, name="chosen.png")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))
    panel.photo_box.open_button.click()
    assert status[-1] == "Opening chosen.png …"  # said while the worker decodes it
    wait_idle(qtbot, panel)
    assert panel.result() is not None and angle_error(panel.result().angle_deg, 66.0) < 0.5
    assert panel.photo_box.file_label.text().startswith("chosen.png: ")


def test_the_folder_button_reads_every_dial_in_the_chosen_folder(qtbot, panel, status, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QFileDialog

    dial_folder(tmp_path / "in", 2)
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(tmp_path / "in"))
    panel.photo_box.folder_button.click()
    wait_idle(qtbot, panel)
    assert [Path(r.path).name for r in panel.controller.batch_rows()] == ["dial00.png", "dial01.png"]
    assert panel.batch_box.isVisible() and status[-1] == "Read 2 of 2 images."
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: "")  # cancelled: nothing happens
    panel.photo_box.folder_button.click()
    assert not panel.is_busy() and len(panel.controller.batch_rows()) == 2


def test_the_combos_placeholder_opens_nothing_and_the_combo_keeps_naming_the_sample(qtbot, panel, status):
    combo = panel.photo_box.sample_combo
    index = next(i for i in range(combo.count()) if combo.itemData(i) and "ticks" in combo.itemData(i))
    combo.setCurrentIndex(index)
    combo.activated.emit(index)
    wait_idle(qtbot, panel)
    shown, said = panel.controller.image, len(status)
    combo.setCurrentIndex(0)
    combo.activated.emit(0)
    assert combo.currentIndex() == index and combo.currentData() == panel.controller.image.path
    assert not panel.is_busy() and panel.controller.image is shown and len(status) == said


# --------------------------------------------------------------------------- words


def test_the_scatter_has_axis_labels_in_both_languages(qtbot, panel, app_language):
    bottom, left = (panel.views.scatter_plot.getAxis(n).labelText for n in ("bottom", "left"))
    assert "column" in bottom and "row" in left
    app_language.set_language("zh_CN")
    bottom_zh, left_zh = (panel.views.scatter_plot.getAxis(n).labelText for n in ("bottom", "left"))
    assert bottom_zh != bottom and "列" in bottom_zh and "行" in left_zh


def test_the_calibration_line_is_one_sentence_in_each_language(qtbot, panel, app_language, tmp_path):
    open_and_wait(qtbot, panel, write_dial(tmp_path, 90.0))
    panel.set_calibration(225.0, 0.0, 315.0, 100.0)
    en = panel.calib_box.label.text()
    assert "225.0°" in en and "315.0°" in en and "mark" in en
    app_language.set_language("zh_CN")
    zh = panel.calib_box.label.text()
    assert zh == "转轴：自动；最小刻度：225.0°；最大刻度：315.0°"
    panel.calib_box.add_mark("extra", 90.0)
    zh = panel.calib_box.label.text()
    assert zh == "转轴：自动；最小刻度：225.0°；最大刻度：315.0°；额外刻度：1 个"
    for half in ("; ", ": ", "(", ")"):
        assert half not in zh, (half, zh)


def test_batch_words_follow_the_language(qtbot, panel, app_language, tmp_path):
    files = [str(write_dial(tmp_path, a, name=f"w{i}.png")) for i, a in enumerate((90.0, 270.0))]
    panel.set_calibration(225.0, 0.0, 315.0, 100.0)
    panel.read_batch(files)
    wait_idle(qtbot, panel)
    en_status = panel.batch_box.status_label.text()
    app_language.set_language("zh_CN")
    zh_status = panel.batch_box.status_label.text()
    assert zh_status != en_status and "2" in zh_status
    header = [panel.batch_box.table.horizontalHeaderItem(c).text() for c in range(panel.batch_box.table.columnCount())]
    assert "在刻度范围内" in header
    col = header.index("在刻度范围内")
    assert panel.batch_box.table.item(0, col).text() == "是" and panel.batch_box.table.item(1, col).text() == "否"


def test_marks_that_make_no_scale_say_so_instead_of_dropping_the_reading(qtbot, panel, tmp_path):
    """Both marks at one angle: the reading used to vanish without a word."""
    open_and_wait(qtbot, panel, write_dial(tmp_path, 90.0))
    panel.set_calibration(225.0, 0.0, 225.0, 100.0)
    assert panel.result() is not None and panel.result().reading is None
    assert "different angles" in panel.message()
    panel.set_calibration(225.0, 0.0, 315.0, 100.0)
    assert panel.result().reading == pytest.approx(50.0, abs=0.5) and panel.message() == ""


def test_a_dropped_picture_is_read_not_called_text(qtbot, panel, status):
    """Dragging a picture out of a browser or a viewer brings image data, not a file: it
    was refused as "Text was dropped"."""
    img, _ = make_dial(135.0, style="plain")
    rgb = np.ascontiguousarray(img[:, :, ::-1])
    qimg = QImage(rgb.data, rgb.shape[1], rgb.shape[0], rgb.shape[1] * 3, QImage.Format.Format_RGB888).copy()
    mime = QMimeData()
    mime.setImageData(qimg)
    panel.dropEvent(QDropEvent(QPointF(5, 5), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                               Qt.KeyboardModifier.NoModifier))
    wait_idle(qtbot, panel)
    assert panel.result() is not None and angle_error(panel.result().angle_deg, 135.0) < 0.5
    assert "Text was dropped" not in panel.message() and "135" in status[-1]
