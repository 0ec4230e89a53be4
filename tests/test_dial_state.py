"""The Dial Reader lab's state (gui/labs/dial/state.py): checked fields, experiment files
that carry the photo itself, the session that brings back hand-made marks and pasted
pictures, the migration of the old settings, and when the lab says it changed."""

from __future__ import annotations

import json
import struct
import zlib
from pathlib import Path

import cv2
import numpy as np
import pytest

from core.dial import SEED_HSV
from core.dial_synth import make_dial
from core.experiment import Experiment, read_experiment, write_experiment
from gui.labs.dial.state import MAX_BATCH_TEXT, DialState, batch_text, photo_member
from gui.state import StateError, Table
from tests.conftest import REPO

SAMPLES = REPO / "resources" / "samples"


# --------------------------------------------------------------------------- helpers


def write_dial(folder, angle, name="d.png", **kw):
    img, truth = make_dial(angle, **kw)
    path = Path(folder) / name
    cv2.imwrite(str(path), img)
    return path, truth


def png_chunk(kind, payload):
    return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", zlib.crc32(kind + payload))


def bomb_png() -> bytes:
    """A PNG whose header promises 60000 × 60000 pixels (the loader refuses it unread)."""
    return (b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", struct.pack(">IIBBBBB", 60000, 60000, 8, 2, 0, 0, 0))
            + png_chunk(b"IDAT", zlib.compress(b"\x00" * 64)) + png_chunk(b"IEND", b""))


def wait_idle(qtbot, panel, timeout=20000):
    qtbot.waitUntil(lambda: not panel.is_busy(), timeout=timeout)


def open_and_wait(qtbot, panel, path):
    panel.open_path(str(path))
    wait_idle(qtbot, panel)


def click_at(panel, mode, x, y):
    """Arm a click mode with its button and click the photo (image pixels)."""
    button = {"pivot": panel.calib_box.pivot_button, "min": panel.calib_box.min_button, "max": panel.calib_box.max_button,
              "extra": panel.calib_box.extra_button, "eyedropper": panel.colour_box.eyedropper_button}[mode]
    button.click()
    assert panel.controls.click_mode() == mode
    panel.views.photo_vb.clicked.emit(float(x), float(y))


def click_mark(panel, mode, pivot, angle, radius=150.0):
    d = np.array([np.cos(np.radians(angle)), -np.sin(np.radians(angle))])
    x, y = np.asarray(pivot, dtype=float) + radius * d
    click_at(panel, mode, x, y)


def screen(panel):
    """What the lab shows: the reading, its details, the pixels, the mask, the marks."""
    res = panel.result()
    return {
        "reading": panel.reading_label.text(),
        "detail": panel.detail_label.text(),
        "angle": None if res is None else round(res.angle_deg, 9),
        "value": None if res is None or res.reading is None else round(res.reading, 9),
        "calib": panel.calib_box.label.text(),
        "file": panel.photo_box.file_label.text(),
        "marks": [list(np.round(a, 6)) for a in panel.views.mark_items.getData()],
        "sample": panel.photo_box.sample_combo.currentIndex(),
    }


def through_a_file(panel, tmp_path, name="e.mlbl"):
    """state → experiment file → read back → the state and its blobs (strict, as File → Open)."""
    blobs: dict[str, bytes] = {}
    data = panel.export_state(blobs)
    path = tmp_path / name
    write_experiment(path, Experiment(labs={"dial": data}, blobs=blobs, current="dial"))
    back = read_experiment(path)
    return DialState.from_dict(back.labs["dial"], strict=True, blobs=back.blobs), back.blobs


@pytest.fixture
def session_dir(tmp_path, monkeypatch):
    """The session file (the app's data folder, QStandardPaths' AppDataLocation) in tmp_path,
    not the user's home, where other test runs write theirs. The window opens on the dial
    lab alone: a window that also built the linear lab fails, now and then, at teardown
    (its legend's dropped labels are collected while Qt still asks them for a size)."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv("MLBL_DATA_DIR", str(tmp_path / "data"))
    from gui.experiments import session_path
    from gui.settings import open_settings

    assert str(tmp_path) in str(session_path())
    s = open_settings()
    s.setValue("window/last_tab", "dial")
    s.sync()
    return session_path()


@pytest.fixture
def panel(main_window):
    main_window.select_tab("dial")
    return main_window.panels["dial"]


def fresh_panel(qtbot):
    from gui.labs.dial.panel import DialReaderPanel

    p = DialReaderPanel()
    qtbot.addWidget(p)
    p.resize(1000, 700)
    return p


# --------------------------------------------------------------------------- (a) the state, without Qt


def full_state() -> DialState:
    return DialState(
        photo="dial/photo.jpg", photo_path="/photos/gauge 1.jpg", origin="file", sample="",
        color="custom", hue1_lo=100, hue1_hi=130, hue2_lo=0, hue2_hi=0, s_min=80, v_min=60,
        dark_auto=False, dark_v_max=90, fit="robust", seed_resize=True,
        pivot_x=201.5, pivot_y=198.25, min_angle=225.0, max_angle=315.0, min_value=-5.0, max_value=250.0,
        extra_value=12.5, extra_marks=Table([(90.0, 120.0), (180.0, 60.0)]), direction="ccw",
        click_mode="extra", batch_files="/a/one.png\n/a/two.jpg",
    )


def test_the_defaults_are_the_labs_first_start():
    s = DialState()
    assert s.KEY == "dial" and s.VERSION == 1
    assert s.photo == "" and s.sample == "" and s.pivot is None and s.batch == []
    assert (s.color, s.fit, s.direction, s.click_mode) == ("red", "tls", "cw", "none")
    assert ((s.hue1_lo, s.hue1_hi), (s.hue2_lo, s.hue2_hi), s.s_min, s.v_min) == \
        (SEED_HSV.h1, SEED_HSV.h2, SEED_HSV.s_min, SEED_HSV.v_min)
    assert s.dark_auto and s.dark_v_max == 100 and not s.seed_resize
    assert (s.min_value, s.max_value, s.extra_value) == (0.0, 100.0, 50.0)
    assert s.extra_marks.shape == (0, 2)
    assert DialState.from_dict({"version": 1}) == s  # every field missing: its default


def test_to_dict_and_back_through_json():
    s = full_state()
    d = json.loads(json.dumps(s.to_dict({})))
    assert d["version"] == 1 and d["extra_marks"] == [[90.0, 120.0], [180.0, 60.0]]
    back = DialState.from_dict(d)
    assert back == s
    assert back.pivot == (201.5, 198.25) and back.batch == ["/a/one.png", "/a/two.jpg"]
    assert back != s.replace(extra_marks=Table([(90.0, 120.0)]))


@pytest.mark.parametrize("field, bad", [
    ("color", "blue"),  # a choice
    ("fit", 1),
    ("photo", "../../etc/passwd"),  # only dial/photo<suffix> members
    ("photo", "dial/photo.exe"),
    ("origin", "internet"),
    ("hue1_lo", 181),  # an integer out of range
    ("hue2_hi", -1),
    ("s_min", 256),
    ("dark_v_max", 2.5),  # not whole
    ("v_min", "46"),
    ("dark_auto", "yes"),  # a flag
    ("seed_resize", 1),
    ("min_value", 1e8),  # a number out of the spin box's range
    ("max_value", "100"),
    ("pivot_x", -1.0),  # an optional number
    ("min_angle", 400.0),
    ("photo_path", "x" * 5000),  # text too long
    ("sample", 3),
    ("extra_marks", [[1.0, 2.0, 3.0]]),  # a table of the wrong shape
    ("extra_marks", [[1.0, 2e7]]),  # beyond the values' range
    ("extra_marks", [[float(i), 1.0] for i in range(1001)]),  # too many marks
    ("batch_files", ["a.png"]),
    ("click_mode", "drag"),
])
def test_a_bad_value_is_refused_by_name_when_strict(field, bad):
    d = full_state().to_dict({})
    d[field] = bad
    with pytest.raises(StateError) as info:
        DialState.from_dict(d, strict=True)
    assert info.value.code == "bad_value" and info.value.details["field"] == field


def test_lenient_reading_takes_the_default_for_a_bad_value_and_keeps_the_rest():
    d = full_state().to_dict({})
    d.update(hue1_lo=999, fit="best", pivot_x="left", extra_marks="many")
    s = DialState.from_dict(d, strict=False)
    assert s.hue1_lo == SEED_HSV.h1[0] and s.fit == "tls" and s.pivot_x is None
    assert s.extra_marks.shape == (0, 2)
    assert s.hue1_hi == 130 and s.color == "custom" and s.max_value == 250.0 and s.pivot_y == 198.25


def test_a_future_or_missing_version_is_refused():
    with pytest.raises(StateError) as info:
        DialState.from_dict({**full_state().to_dict({}), "version": 2})
    assert info.value.code == "future_version"
    with pytest.raises(StateError) as info:
        DialState.from_dict({"color": "red"})
    assert info.value.code == "bad_version"


def test_photo_member_and_batch_text():
    png = cv2.imencode(".png", np.zeros((4, 4, 3), np.uint8))[1].tobytes()
    jpg = cv2.imencode(".jpg", np.zeros((8, 8, 3), np.uint8))[1].tobytes()
    assert photo_member("/x/Gauge.JPEG", jpg) == "dial/photo.jpeg"
    assert photo_member("/x/gauge", jpg) == "dial/photo.jpg"  # no suffix: the format's
    assert photo_member("clipboard image", png) == "dial/photo.png"
    assert photo_member("/x/odd.dat", png) == "dial/photo.png"
    assert batch_text(["/a.png", "/bad\nname.png", "", "/b.png"]) == "/a.png\n/b.png"
    long = ["/" + "x" * 999] * 3000  # 3 MB of paths: cut to what a state holds
    text = batch_text(long)
    assert len(text) <= MAX_BATCH_TEXT and text.count("\n") == 1997  # 1998 paths of 1000 characters
    DialState(batch_files=text).replace(batch_files=text)  # and it is a valid value


# --------------------------------------------------------------------------- (b) the panel's round trip


def test_everything_the_user_did_survives_a_file_on_another_computer(qtbot, panel, tmp_path):
    path, truth = write_dial(tmp_path, 70.0, name="gauge.png")
    b1, _ = write_dial(tmp_path, 20.0, name="b1.png")
    b2, _ = write_dial(tmp_path, 140.0, name="b2.png")
    open_and_wait(qtbot, panel, path)
    # the controls, as the user sets them
    panel.colour_box.custom_radio.setChecked(True)
    panel.colour_box.h1_slider.setValue((0, 12))
    panel.colour_box.h2_slider.setValue((150, 180))
    panel.colour_box.s_slider.setValue(60)
    panel.colour_box.v_slider.setValue(50)
    panel.colour_box.dark_radio.setChecked(True)
    panel.colour_box.dark_auto.setChecked(False)
    panel.colour_box.dark_slider.setValue(77)
    panel.colour_box.red_radio.setChecked(True)  # the custom ranges and the dark threshold are kept meanwhile
    panel.fit_box.fit_combo.setCurrentIndex(panel.fit_box.fit_combo.findData("robust"))
    panel.calib_box.direction_combo.setCurrentIndex(panel.calib_box.direction_combo.findData("cw"))
    panel.calib_box.min_value.setValue(-10.0)
    panel.calib_box.max_value.setValue(190.0)
    # the pivot and the marks, clicked
    click_at(panel, "pivot", *truth.pivot)
    click_mark(panel, "min", truth.pivot, 225.0)
    click_mark(panel, "max", truth.pivot, 315.0)
    panel.calib_box.extra_value.setValue(90.0)
    click_mark(panel, "extra", truth.pivot, 90.0)
    panel.colour_box.eyedropper_button.click()  # armed, not used
    qtbot.waitUntil(lambda: panel.result() is not None and panel.result().fit.method == "robust", timeout=3000)
    panel.read_batch([str(b1), str(b2)])
    wait_idle(qtbot, panel)
    rows = [(r.path, r.angle_deg, r.reading) for r in panel.controller.batch_rows()]
    assert len(rows) == 2 and all(r[1] is not None for r in rows)

    before = panel.state()
    assert before.photo == "dial/photo.png" and before.photo_path == str(path)
    assert before.pivot == pytest.approx(truth.pivot) and before.extra_marks.shape == (1, 2)
    assert (before.color, before.hue1_hi, before.dark_auto, before.dark_v_max) == ("red", 12, False, 77)
    assert before.click_mode == "eyedropper" and before.batch == [str(b1), str(b2)]
    shown = screen(panel)
    assert shown["value"] is not None
    pixels = panel.controller.image.bgr.copy()

    state, blobs = through_a_file(panel, tmp_path)
    assert blobs["dial/photo.png"] == path.read_bytes()  # the original file's bytes, not a re-encoding
    path.unlink()  # the photo is not on the other computer: it travels in the file
    assert state == before

    other = fresh_panel(qtbot)
    spy = []
    other.state_changed.connect(lambda: spy.append(1))
    other.set_state(state, blobs)
    wait_idle(qtbot, other)
    assert other.state() == before
    assert screen(other) == shown
    assert np.array_equal(other.controller.image.bgr, pixels)
    assert [(r.path, r.angle_deg, r.reading) for r in other.controller.batch_rows()] == rows  # read again
    assert other.controls.click_mode() == "eyedropper" and other.colour_box.red_radio.isChecked()
    other.colour_box.dark_radio.setChecked(True)
    assert other.colour_box.dark_slider.value() == 77
    other.colour_box.custom_radio.setChecked(True)
    assert (other.colour_box.h1_slider.value(), other.colour_box.s_slider.value()) == ((0, 12), 60)
    assert spy == [1, 1]  # set_state said nothing; the two radios above did


def test_a_pasted_picture_and_a_sample_travel_too(qtbot, panel, tmp_path):
    from PySide6.QtGui import QGuiApplication, QImage

    img, truth = make_dial(250.0, style="plain")
    rgb = np.ascontiguousarray(img[:, :, ::-1])
    QGuiApplication.clipboard().setImage(
        QImage(rgb.data, rgb.shape[1], rgb.shape[0], rgb.shape[1] * 3, QImage.Format.Format_RGB888).copy())
    panel.paste_from_clipboard()
    wait_idle(qtbot, panel)
    assert panel.result() is not None
    state, blobs = through_a_file(panel, tmp_path)
    assert state.origin == "clipboard" and state.photo == "dial/photo.png" and state.photo_path == ""
    other = fresh_panel(qtbot)
    other.set_state(state, blobs)
    assert np.array_equal(other.controller.image.bgr, img) and screen(other) == screen(panel)
    assert "clipboard image" in other.photo_box.file_label.text()

    sample = next(p for p in sorted((SAMPLES / "dials").glob("*.png")))
    panel.photo_box.sample_combo.setCurrentIndex(panel.photo_box.sample_combo.findData(str(sample)))
    panel.photo_box.sample_combo.activated.emit(panel.photo_box.sample_combo.currentIndex())
    wait_idle(qtbot, panel)
    state, blobs = through_a_file(panel, tmp_path)
    assert state.origin == "sample" and state.sample == sample.name
    other.set_state(state, blobs)
    assert other.photo_box.sample_combo.currentData() == str(sample) and screen(other) == screen(panel)
    # a state naming a bundled sample and no photo opens the sample
    bare = DialState(sample=sample.name, origin="sample")
    other.set_state(bare, {})
    assert other.photo_box.sample_combo.currentData() == str(sample) and screen(other) == screen(panel)
    assert other.state().photo == "dial/photo.png"  # and, saved, carries its bytes


def test_a_state_without_a_photo_empties_the_lab(qtbot, panel, tmp_path):
    path, _ = write_dial(tmp_path, 40.0)
    open_and_wait(qtbot, panel, path)
    panel.fit_box.fit_combo.setCurrentIndex(panel.fit_box.fit_combo.findData("seed"))
    panel.set_state(DialState(), {})
    assert panel.state() == DialState()
    assert panel.result() is None and panel.controller.image is None
    assert panel.reading_label.text() == "No reading yet" and panel.batch_box.isHidden()


# --------------------------------------------------------------------------- (c) a restart


def test_pasted_photo_clicked_marks_and_batch_survive_a_restart(qtbot, app_language, tmp_path, session_dir):
    from PySide6.QtGui import QGuiApplication, QImage

    from gui.main_window import MainWindow
    from gui.settings import open_settings

    img, truth = make_dial(110.0, style="plain")
    b1, _ = write_dial(tmp_path, 20.0, name="b1.png")
    w = MainWindow(app_language, open_settings())
    w.ask_before_closing = False
    qtbot.addWidget(w)
    w.select_tab("dial")
    p = w.panels["dial"]
    rgb = np.ascontiguousarray(img[:, :, ::-1])
    QGuiApplication.clipboard().setImage(
        QImage(rgb.data, rgb.shape[1], rgb.shape[0], rgb.shape[1] * 3, QImage.Format.Format_RGB888).copy())
    p.paste_from_clipboard()  # a picture with no file behind it: the old settings lost it
    wait_idle(qtbot, p)
    click_at(p, "pivot", *truth.pivot)
    click_mark(p, "min", truth.pivot, 225.0)
    click_mark(p, "max", truth.pivot, 315.0)
    click_mark(p, "extra", truth.pivot, 90.0)
    p.read_batch([str(b1)])
    wait_idle(qtbot, p)
    before, shown = p.state(), screen(p)
    assert before.pivot is not None and len(before.extra_marks) == 1 and shown["value"] is not None
    w.close()
    assert session_dir.is_file()

    QGuiApplication.clipboard().clear()
    w2 = MainWindow(app_language, open_settings())
    w2.ask_before_closing = False
    qtbot.addWidget(w2)
    w2.select_tab("dial")
    p2 = w2.panels["dial"]
    wait_idle(qtbot, p2)
    assert p2.state() == before
    assert screen(p2) == shown and np.array_equal(p2.controller.image.bgr, img)
    assert [r.path for r in p2.controller.batch_rows()] == [str(b1)]
    assert not w2.experiments.modified  # reopening the session is no change of the user's
    w2.close()


# --------------------------------------------------------------------------- (d) the old settings


def old_settings(tmp_path, **values):
    from PySide6.QtCore import QSettings

    s = QSettings(str(tmp_path / "old.ini"), QSettings.Format.IniFormat)
    s.beginGroup("dial")
    for k, v in values.items():
        s.setValue(k, v)
    s.endGroup()
    s.sync()
    return s


OLD = dict(color=2, h1=[100, 130], h2=[0, 0], s_min=80, v_min=60, dark_auto=False, dark_v_max=90, fit="robust",
           seed_resize=True, direction="ccw", min_value=-5.0, max_value=250.0)


def test_the_old_settings_become_the_same_state(qtbot, tmp_path):
    path, _ = write_dial(tmp_path, 60.0, name="old.jpg")
    s = old_settings(tmp_path, **OLD, path=str(path))
    p = fresh_panel(qtbot)
    p.restore_settings(s)
    wait_idle(qtbot, p)
    assert p.state() == DialState(
        photo="dial/photo.jpg", photo_path=str(path), origin="file", color="custom", hue1_lo=100, hue1_hi=130,
        hue2_lo=0, hue2_hi=0, s_min=80, v_min=60, dark_auto=False, dark_v_max=90, fit="robust", seed_resize=True,
        direction="ccw", min_value=-5.0, max_value=250.0)
    assert p.controller.image is not None and p.colour_box.custom_radio.isChecked()
    assert p.calib_box.direction_combo.currentData() == "ccw" and p.calib_box.max_value.value() == 250.0
    # the keys as read back from an ini file (strings) work the same
    from PySide6.QtCore import QSettings

    p2 = fresh_panel(qtbot)
    p2.restore_settings(QSettings(str(tmp_path / "old.ini"), QSettings.Format.IniFormat))
    assert p2.state() == p.state()


def test_a_window_without_a_session_migrates_the_old_settings(qtbot, app_language, tmp_path, session_dir):
    from gui.main_window import MainWindow
    from gui.settings import open_settings

    sample = sorted((SAMPLES / "dials").glob("*.png"))[0]
    s = open_settings()
    for k, v in {**OLD, "path": str(sample)}.items():
        s.setValue(f"dial/{k}", v)
    s.sync()
    w = MainWindow(app_language, open_settings())
    w.ask_before_closing = False
    qtbot.addWidget(w)
    w.select_tab("dial")
    p = w.panels["dial"]
    wait_idle(qtbot, p)
    st = p.state()
    assert (st.color, st.fit, st.direction, st.max_value) == ("custom", "robust", "ccw", 250.0)
    assert st.origin == "sample" and st.sample == sample.name and p.photo_box.sample_combo.currentData() == str(sample)
    assert not w.experiments.modified
    w.close()


@pytest.mark.parametrize("hostile", ["100000000000000000000", "1e300", "-1", "nan", "", "abc", "1, 2, 3"])
def test_hostile_old_values_fall_back_to_defaults(qtbot, tmp_path, hostile):
    p = fresh_panel(qtbot)
    for key in (*OLD, "path"):
        s = old_settings(tmp_path, **{**OLD, key: hostile})
        p.restore_settings(s)  # pytest-qt fails the test on an exception in a slot
        st = p.state()
        DialState.from_dict(st.to_dict({}), strict=True)  # whatever came back is a valid state
        if key == "fit":
            assert st.fit == "tls"
        if key == "max_value" and hostile not in ("-1",):
            assert st.max_value == 100.0
    wait_idle(qtbot, p)


def test_an_old_path_to_a_hostile_photo_says_so_and_keeps_the_controls(qtbot, tmp_path):
    from gui.messages import describe_error

    bad = tmp_path / "bomb.png"
    bad.write_bytes(bomb_png())
    p = fresh_panel(qtbot)
    p.restore_settings(old_settings(tmp_path, **OLD, path=str(bad)))
    assert p.controller.image is None and p.state().fit == "robust" and p.state().color == "custom"
    from core.imageio import load_image

    with pytest.raises(Exception) as info:
        load_image(str(bad))
    assert p.message() == describe_error(info.value) and "60000" in p.message()


# --------------------------------------------------------------------------- (e) refusals


@pytest.fixture
def no_dialogs(monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(lambda parent, title, text, *a: told.append(text)))
    return told


def test_a_value_out_of_range_in_a_file_is_refused_and_nothing_changes(qtbot, main_window, tmp_path, no_dialogs):
    import zipfile

    main_window.select_tab("dial")
    panel = main_window.panels["dial"]
    path, _ = write_dial(tmp_path, 80.0)
    open_and_wait(qtbot, panel, path)
    good = tmp_path / "good.mlbl"
    assert main_window.save_experiment(str(good))
    panel.fit_box.fit_combo.setCurrentIndex(panel.fit_box.fit_combo.findData("seed"))
    panel.calib_box.max_value.setValue(42.0)
    before, shown = panel.state(), screen(panel)

    with zipfile.ZipFile(good) as z:
        manifest = json.loads(z.read("experiment.json"))
        members = {n: z.read(n) for n in z.namelist() if n != "experiment.json"}
    manifest["labs"]["dial"]["hue1_lo"] = 999
    bad = tmp_path / "bad.mlbl"
    with zipfile.ZipFile(bad, "w") as z:
        z.writestr("experiment.json", json.dumps(manifest))
        for n, data in members.items():
            z.writestr(n, data)
    assert not main_window.open_experiment(str(bad))
    assert panel.state() == before and screen(panel) == shown
    assert "hue1_lo" in main_window.statusBar().currentMessage() and "hue1_lo" in no_dialogs[0]
    # the good one opens
    assert main_window.open_experiment(str(good))
    assert panel.state().fit == "tls" and panel.state().max_value == 100.0


def test_a_hostile_photo_in_a_file_is_refused_as_an_opened_one_is(qtbot, panel, tmp_path):
    from core.imageio import ImageLoadError

    path, _ = write_dial(tmp_path, 80.0)
    open_and_wait(qtbot, panel, path)
    before, shown = panel.state(), screen(panel)
    bad = tmp_path / "bomb.png"
    bad.write_bytes(bomb_png())
    # opening it as a photo: the message the user knows
    open_and_wait(qtbot, panel, bad)
    opened = panel.message()
    assert "60000" in opened and panel.state() == before
    panel.banner.clear_message()
    # the same bytes inside an experiment file
    state = before.replace(photo="dial/photo.png", photo_path=str(bad), fit="seed")
    with pytest.raises(ImageLoadError):
        panel.set_state(state, {"dial/photo.png": bomb_png()})
    assert panel.message() == opened
    assert panel.state() == before and screen(panel) == shown  # nothing half-applied
    # a truncated photo, and a member the state names but the file lacks
    truncated = path.read_bytes()[:500]
    with pytest.raises(ImageLoadError) as info:
        panel.set_state(state, {"dial/photo.png": truncated})
    assert info.value.code == "corrupt_image"
    with pytest.raises(StateError) as info2:
        panel.set_state(state, {})
    assert info2.value.details["field"] == "photo"
    assert panel.state() == before


def test_a_hostile_photo_in_an_opened_experiment_leaves_the_lab_as_it_was(qtbot, main_window, tmp_path,
                                                                          no_dialogs):
    main_window.select_tab("dial")
    panel = main_window.panels["dial"]
    path, _ = write_dial(tmp_path, 80.0)
    open_and_wait(qtbot, panel, path)
    before = panel.state()
    f = tmp_path / "hostile.mlbl"
    write_experiment(f, Experiment(labs={"dial": DialState(photo="dial/photo.png", fit="seed").to_dict({})},
                                   blobs={"dial/photo.png": bomb_png()}, current="dial"))
    main_window.open_experiment(str(f))
    assert panel.state() == before
    assert "60000" in panel.message()


# --------------------------------------------------------------------------- (f) state_changed


def test_state_changed_comes_from_the_user_not_from_set_state(qtbot, panel, tmp_path):
    path, truth = write_dial(tmp_path, 100.0)
    b1, _ = write_dial(tmp_path, 30.0, name="b1.png")
    spy: list[int] = []
    panel.state_changed.connect(lambda: spy.append(1))

    def changed_by(action) -> int:
        n = len(spy)
        action()
        return len(spy) - n

    assert changed_by(lambda: open_and_wait(qtbot, panel, path)) == 1
    assert changed_by(lambda: panel.fit_box.fit_combo.setCurrentIndex(panel.fit_box.fit_combo.findData("robust"))) == 1
    assert changed_by(lambda: panel.fit_box.seed_resize_check.setChecked(True)) == 1
    assert changed_by(lambda: panel.colour_box.dark_radio.setChecked(True)) >= 1
    assert changed_by(lambda: panel.colour_box.dark_auto.setChecked(False)) >= 1
    assert changed_by(lambda: panel.colour_box.dark_slider.setValue(120)) == 1
    assert changed_by(lambda: panel.calib_box.max_value.setValue(300.0)) == 1
    assert changed_by(lambda: panel.calib_box.extra_value.setValue(7.0)) == 1
    assert changed_by(lambda: panel.calib_box.direction_combo.setCurrentIndex(1)) == 1
    assert changed_by(lambda: click_at(panel, "pivot", *truth.pivot)) >= 1
    assert changed_by(lambda: panel.calib_box.clear_button.click()) == 1
    assert changed_by(lambda: (panel.read_batch([str(b1)]), wait_idle(qtbot, panel))) == 1
    assert changed_by(lambda: panel.batch_box.close_button.click()) == 1
    # a reading's own work (a throttled re-read, a batch's progress) is not a change
    assert changed_by(lambda: qtbot.wait(100)) == 0
    saved = panel.state()
    blobs: dict[str, bytes] = {}
    panel.export_state(blobs)
    for state in (DialState(), saved, full_state().replace(photo="", batch_files="")):
        assert changed_by(lambda s=state: (panel.set_state(s, blobs), wait_idle(qtbot, panel),
                                           qtbot.wait(60))) == 0
    assert panel.state() == full_state().replace(photo="", batch_files="", photo_path="")
