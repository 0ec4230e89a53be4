"""The Dial Reader lab driven through its widgets with pytest-qt."""

import csv

import cv2
import numpy as np
import pytest
from PySide6.QtCore import QMimeData, QPointF, QUrl

from core.dial import angle_error
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


def write_dial(tmp_path, angle, name="d.png", **kw):
    img, truth = make_dial(angle, **kw)
    path = tmp_path / name
    cv2.imwrite(str(path), img)
    return path, truth


def open_and_wait(qtbot, panel, path):
    panel.open_path(str(path))
    qtbot.waitUntil(lambda: not panel.is_busy(), timeout=10000)


def test_open_reads_the_dial_and_draws_every_stage(qtbot, panel, tmp_path):
    path, truth = write_dial(tmp_path, 123.0)
    open_and_wait(qtbot, panel, path)
    res = panel.result()
    assert res is not None and angle_error(res.angle_deg, 123.0) < 0.5
    assert "123" in panel.reading_label.text()
    assert panel.views.mask_item.image is not None and panel.views.mask_item.image.max() == 255
    x, _ = panel.views.needle_line.getData()
    assert len(x) == 2
    sx, sy = panel.views.seed_scatter.getData()
    assert len(sx) == res.pixels


def test_calibration_clicks_give_a_reading(qtbot, panel, tmp_path):
    path, truth = write_dial(tmp_path, 90.0)
    open_and_wait(qtbot, panel, path)
    pivot = np.array(panel.result().pivot)
    # click the minimum mark at 225° and the maximum at -45°, seen from the pivot
    for mode, angle, value in (("min", 225.0, 0.0), ("max", 315.0, 200.0)):
        (panel.calib_box.min_value if mode == "min" else panel.calib_box.max_value).setValue(value)
        panel.controls.set_click_mode(mode)
        d = np.array([np.cos(np.radians(angle)), -np.sin(np.radians(angle))])
        x, y = pivot + 150 * d
        panel.views.photo_vb.clicked.emit(float(x), float(y))
    assert panel.controls.click_mode() == "none"
    res = panel.result()
    assert res.reading == pytest.approx(100.0, abs=0.5)  # straight up is half way
    assert "100" in panel.reading_label.text()
    assert len(panel.views.mark_items.getData()[0]) == 2


def test_clicking_the_pivot(qtbot, panel, tmp_path):
    path, truth = write_dial(tmp_path, 30.0)
    open_and_wait(qtbot, panel, path)
    panel.controls.set_click_mode("pivot")
    panel.views.photo_vb.clicked.emit(*truth.pivot)
    res = panel.result()
    assert res.pivot_source == "user" and angle_error(res.angle_deg, 30.0) < 0.5


def test_a_mark_before_any_pivot_is_refused_and_disarms_the_click(qtbot, panel, tmp_path):
    blank = tmp_path / "blank.png"
    cv2.imwrite(str(blank), np.full((120, 160, 3), 255, np.uint8))  # no needle: no pivot either
    open_and_wait(qtbot, panel, blank)
    assert panel.result() is None
    panel.controls.set_click_mode("min")
    panel.views.photo_vb.clicked.emit(40.0, 30.0)
    assert "Set the pivot first" in panel.message() and panel.controls.click_mode() == "none"
    assert panel.calib_box.marks == {"min": None, "max": None}
    panel.controls.set_click_mode("pivot")  # with a pivot the same click is a mark
    panel.views.photo_vb.clicked.emit(80.0, 60.0)
    panel.controls.set_click_mode("min")
    panel.views.photo_vb.clicked.emit(40.0, 60.0)
    assert panel.calib_box.marks["min"] == pytest.approx(180.0) and panel.controls.click_mode() == "none"


def test_hsv_sliders_and_no_pixels_message(qtbot, panel, tmp_path):
    path, _ = write_dial(tmp_path, 200.0)
    open_and_wait(qtbot, panel, path)
    panel.colour_box.custom_radio.setChecked(True)
    panel.colour_box.h1_slider.setValue((90, 120))  # blue: the red needle is gone
    panel.colour_box.h2_slider.setValue((150, 151))
    panel.colour_box.s_slider.setValue(250)
    qtbot.waitUntil(lambda: panel.result() is None, timeout=3000)
    assert "thresholds" in panel.message()
    assert panel.views.mask_item.image is not None  # the mask still shows what the thresholds keep
    panel.colour_box.red_radio.setChecked(True)
    qtbot.waitUntil(lambda: panel.result() is not None, timeout=3000)
    assert panel.message() == ""


def test_eyedropper_sets_the_hue_range(qtbot, panel, tmp_path):
    path, truth = write_dial(tmp_path, 45.0, style="plain")
    open_and_wait(qtbot, panel, path)
    (px, py), (tx, ty) = truth.pivot, truth.tip
    panel.controls.set_click_mode("eyedropper")
    panel.views.photo_vb.clicked.emit(px + 0.6 * (tx - px), py + 0.6 * (ty - py))
    assert panel.colour_box.custom_radio.isChecked()
    lo, hi = panel.colour_box.h1_slider.value()
    assert lo == 0 and hi > 0  # red straddles hue 0
    qtbot.waitUntil(lambda: panel.result() is not None, timeout=3000)
    assert angle_error(panel.result().angle_deg, 45.0) < 1


def test_fit_method_and_seed_resize(qtbot, panel, tmp_path):
    path, _ = write_dial(tmp_path, 70.0)
    open_and_wait(qtbot, panel, path)
    panel.fit_box.fit_combo.setCurrentIndex(panel.fit_box.fit_combo.findData("seed"))
    panel.fit_box.seed_resize_check.setChecked(True)
    qtbot.waitUntil(lambda: panel.result() is not None and panel.result().fit.method == "seed"
                    and panel.result().mask.shape == (250, 250), timeout=3000)


@pytest.mark.parametrize("content, fragment", [
    (b"", "empty"),
    (b"hello, this is text", "not an image"),
    (None, "damaged"),
])
def test_bad_files_keep_the_previous_image(qtbot, panel, tmp_path, content, fragment):
    good, _ = write_dial(tmp_path, 10.0)
    open_and_wait(qtbot, panel, good)
    before = panel.result()
    bad = tmp_path / "bad.png"
    if content is None:
        content = good.read_bytes()[: good.stat().st_size // 2]  # truncated
    bad.write_bytes(content)
    open_and_wait(qtbot, panel, bad)
    assert panel.result() is before
    assert fragment in panel.message()


def test_bomb_folder_and_non_ascii_path(qtbot, panel, tmp_path):
    import struct
    import zlib

    ihdr = struct.pack(">IIBBBBB", 100000, 100000, 8, 2, 0, 0, 0)
    bomb = tmp_path / "bomb.png"
    bomb.write_bytes(b"\x89PNG\r\n\x1a\n" + struct.pack(">I", 13) + b"IHDR" + ihdr
                     + struct.pack(">I", zlib.crc32(b"IHDR" + ihdr)))
    open_and_wait(qtbot, panel, bomb)
    assert "decompression bomb" in panel.message()
    open_and_wait(qtbot, panel, tmp_path)
    assert "folder" in panel.message()
    path, _ = write_dial(tmp_path, 300.0, name="表盘.png")
    open_and_wait(qtbot, panel, path)
    assert angle_error(panel.result().angle_deg, 300.0) < 0.5


def test_drop_text_and_url_are_refused(qtbot, panel):
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QDropEvent

    text = QMimeData()
    text.setText("just some words")
    url = QMimeData()
    url.setUrls([QUrl("https://example.com/gauge.jpg")])
    for mime, fragment in ((text, "Text was dropped"), (url, "web address")):
        ev = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                        Qt.KeyboardModifier.NoModifier)
        panel.dropEvent(ev)
        assert fragment in panel.message()


def test_an_empty_file_list_is_refused_not_a_crash(qtbot, panel):
    """A drag source that quits before the drop is read, or a failed transfer, gives a
    uri-list with no URL in it: hasUrls() is true, urls() is empty."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QDropEvent, QGuiApplication

    empty = QMimeData()
    empty.setData("text/uri-list", b"")
    assert empty.hasUrls() and empty.urls() == []
    ev = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, empty, Qt.MouseButton.LeftButton,
                    Qt.KeyboardModifier.NoModifier)
    panel.dropEvent(ev)
    assert "Text was dropped" in panel.message()
    clip = QMimeData()
    clip.setData("text/uri-list", b"")
    QGuiApplication.clipboard().setMimeData(clip)
    panel.paste_from_clipboard()
    assert panel.message()


def test_batch_table_and_csv_export(qtbot, panel, tmp_path):
    for i, a in enumerate((15.0, 160.0, 250.0)):
        write_dial(tmp_path, a, name=f"d{i}.png")
    (tmp_path / "broken.jpg").write_bytes(b"\xff\xd8\xff\xe0 not really")
    panel.read_batch(sorted(str(p) for p in tmp_path.iterdir()))
    qtbot.waitUntil(lambda: not panel.is_busy(), timeout=20000)
    rows = panel.controller.batch_rows()
    assert len(rows) == 4 and panel.batch_box.table.rowCount() == 4
    assert sum(r.ok for r in rows) == 3
    out = tmp_path / "out.csv"
    panel.export_batch(str(out))
    lines = list(csv.DictReader(open(out, encoding="utf-8-sig", newline="")))
    assert len(lines) == 4 and any(row["error_code"] == "corrupt_image" for row in lines)


def test_send_pixels_to_the_linear_lab(qtbot, window, panel, tmp_path):
    path, _ = write_dial(tmp_path, 20.0, style="plain")
    open_and_wait(qtbot, panel, path)
    n = panel.result().pixels
    panel.controls.send_button.click()
    linear = window.panels["linear"]
    assert linear.points().n == n
    assert window.current_panel() is linear
    assert linear.source_label.text().startswith("Sent from another lab")


def test_samples_are_bundled_and_readable(qtbot, panel):
    assert panel.photo_box.sample_combo.count() > 10
    names = [panel.photo_box.sample_combo.itemText(i) for i in range(panel.photo_box.sample_combo.count())]
    assert "red_19_oil_pressure_red.jpg" in names
    panel.start_demo()
    assert panel.result() is not None and panel.result().reading is not None


def test_language_switch(qtbot, window, app_language):
    app_language.set_language("zh_CN")
    assert window.tabs.tabText(2) == "表盘读数"
    app_language.set_language("en")
    assert window.tabs.tabText(2) == "Dial reader"


def test_drop_a_file_and_a_folder(qtbot, panel, tmp_path):
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QDropEvent

    path, _ = write_dial(tmp_path, 77.0)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    panel.dropEvent(QDropEvent(QPointF(5, 5), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                               Qt.KeyboardModifier.NoModifier))
    qtbot.waitUntil(lambda: not panel.is_busy(), timeout=10000)
    assert angle_error(panel.result().angle_deg, 77.0) < 0.5
    write_dial(tmp_path, 150.0, name="e.png")
    folder = QMimeData()
    folder.setUrls([QUrl.fromLocalFile(str(tmp_path))])
    panel.dropEvent(QDropEvent(QPointF(5, 5), Qt.DropAction.CopyAction, folder, Qt.MouseButton.LeftButton,
                               Qt.KeyboardModifier.NoModifier))
    qtbot.waitUntil(lambda: not panel.is_busy(), timeout=10000)
    assert panel.batch_box.table.isVisible() and panel.batch_box.table.rowCount() == 2


def test_paste_an_image_and_refuse_text(qtbot, panel):
    from PySide6.QtGui import QGuiApplication, QImage

    img, _ = make_dial(260.0, style="plain")
    rgb = np.ascontiguousarray(img[:, :, ::-1])
    qimg = QImage(rgb.data, rgb.shape[1], rgb.shape[0], rgb.shape[1] * 3, QImage.Format.Format_RGB888).copy()
    QGuiApplication.clipboard().setImage(qimg)
    panel.paste_from_clipboard()  # decoded on the lab's worker, as a file is
    qtbot.waitUntil(lambda: not panel.is_busy(), timeout=10000)
    assert panel.result() is not None and angle_error(panel.result().angle_deg, 260.0) < 0.5
    QGuiApplication.clipboard().setText("no image here")
    panel.paste_from_clipboard()
    assert "no image" in panel.message()
    assert panel.result() is not None  # the pasted dial stays


def test_settings_round_trip(qtbot, app_language, tmp_path, monkeypatch):
    from gui.main_window import MainWindow
    from gui.settings import open_settings

    # the session the window writes on close (and reads at start) in tmp_path, not the user's home
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))

    path, _ = write_dial(tmp_path, 33.0)
    w = MainWindow(app_language, open_settings())
    qtbot.addWidget(w)
    p = w.panels["dial"]
    p.colour_box.dark_radio.setChecked(True)
    p.fit_box.fit_combo.setCurrentIndex(p.fit_box.fit_combo.findData("robust"))
    p.calib_box.direction_combo.setCurrentIndex(1)
    p.calib_box.max_value.setValue(250.0)
    p.open_path(str(path))
    qtbot.waitUntil(lambda: not p.is_busy(), timeout=10000)
    w.close()
    w2 = MainWindow(app_language, open_settings())
    qtbot.addWidget(w2)
    p2 = w2.panels["dial"]
    qtbot.waitUntil(lambda: not p2.is_busy(), timeout=10000)
    s = p2.settings()
    assert s.color == "dark" and s.fit == "robust" and p2.calib_box.max_value.value() == 250.0
    assert p2.calib_box.direction_combo.currentData() == "ccw"
    assert p2.controller.image is not None and p2.controller.image.path == str(path)
    w2.close()
