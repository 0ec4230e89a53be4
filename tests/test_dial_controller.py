"""The Dial Reader's controller alone (gui/labs/dial/controller.py): no panel, no view. It
is driven through its public API and judged by its frames and events."""

from __future__ import annotations

import time
from pathlib import Path

import cv2
import numpy as np
import pytest

from core.dial import Calibration, DialSettings, HSVBounds, angle_error, mark_position
from core.dial_synth import make_dial
from gui.labs.dial.controller import (
    BatchFrame,
    DialController,
    DialInputs,
    LoadedPhoto,
    MarkClicked,
    NeedlePicked,
    OpenFailure,
    PivotClicked,
    PivotMissing,
    ReadingFrame,
    dial_inputs,
    load_photo,
)
from gui.tasks import TaskRunner

SCALE = Calibration(((225.0, 0.0), (315.0, 100.0)))  # the synthetic dials' scale, 0 to 100


def write_dial(folder, angle, name="d.png", **kw):
    img, truth = make_dial(angle, **kw)
    path = Path(folder) / name
    ok, buf = cv2.imencode(path.suffix, img)
    assert ok
    path.write_bytes(buf.tobytes())
    return path, truth


class Recorder:
    """Every frame and event the controller emits, in order."""

    def __init__(self, c: DialController) -> None:
        self.frames: list[ReadingFrame] = []
        self.batches: list[BatchFrame] = []
        self.events: list[tuple[str, object]] = []
        c.frame_ready.connect(self.frames.append)
        c.batch_changed.connect(self.batches.append)
        c.open_started.connect(lambda x: self.events.append(("opening", x)))
        c.image_loaded.connect(lambda x: self.events.append(("loaded", x)))
        c.open_failed.connect(lambda x: self.events.append(("failed", x)))
        c.batch_empty.connect(lambda: self.events.append(("empty", None)))
        c.batch_failed.connect(lambda x: self.events.append(("batch_failed", x)))
        c.batch_finished.connect(lambda x: self.events.append(("batch_finished", x)))


@pytest.fixture
def controller(qtbot):
    tasks = TaskRunner(None, label="dial-test")
    c = DialController(tasks)
    yield c
    tasks.shutdown(time.monotonic() + 5.0)
    tasks.deleteLater()


@pytest.fixture
def rec(controller):
    return Recorder(controller)


def wait_idle(qtbot, c: DialController, timeout=20000):
    qtbot.waitUntil(lambda: not c.tasks.busy(), timeout=timeout)


def show(c: DialController, path, inputs=None):
    image, data = load_photo(str(path))
    c.set_image(image, "file", data, inputs)
    return image


# --------------------------------------------------------------------------- reading


def test_without_an_image_the_frame_says_so(controller, rec):
    frame = controller.read()
    assert rec.frames == [frame] and not frame.has_image and frame.result is None and frame.marks == ()


def test_an_image_is_read_with_the_inputs_and_its_marks_are_placed(controller, rec, tmp_path):
    path, truth = write_dial(tmp_path, 90.0)
    show(controller, path)
    frame = rec.frames[-1]
    assert frame.has_image and frame.error is None and frame.mask is not None and frame.mask.max() == 255
    assert angle_error(frame.result.angle_deg, 90.0) < 0.5 and frame.result.reading is None
    controller.set_inputs(DialInputs(DialSettings(calibration=SCALE), ((225.0, 0.0), (315.0, 100.0))))
    frame = rec.frames[-1]
    assert frame.result.reading == pytest.approx(50.0, abs=0.5)
    radius = 0.42 * min(controller.image.bgr.shape[:2])
    assert frame.pivot == pytest.approx(frame.result.pivot)
    expected = [(*mark_position(frame.pivot, a, radius), v) for a, v in ((225.0, 0.0), (315.0, 100.0))]
    assert np.allclose(frame.marks, expected)
    assert controller.result() is frame.result and controller.frame is frame


def test_a_failed_read_keeps_the_mask_and_the_marks_error_travels(controller, rec, tmp_path):
    path, _ = write_dial(tmp_path, 200.0)
    show(controller, path)
    blue = DialSettings(color="custom", hsv=HSVBounds((90, 120), (150, 151), 250, 46))
    bad_marks = Calibration(((10.0, 0.0), (10.0, 5.0)))
    try:
        bad_marks.validated()
    except Exception as exc:  # the marks cannot make a scale: the panel sends their error along
        cal_error = exc
    controller.set_inputs(DialInputs(blue, ((10.0, 0.0), (10.0, 5.0)), cal_error))
    frame = rec.frames[-1]
    assert frame.result is None and frame.error is not None and frame.error.code == "no_pixels"
    assert frame.mask is not None and frame.threshold_known
    assert frame.calibration_error is cal_error
    assert frame.marks == () and frame.pivot is None  # no reading, no pivot: nowhere to draw the marks
    assert controller.seed_points() is None


def test_a_clicked_pivot_places_the_marks_even_without_a_reading(controller, rec, tmp_path):
    path, truth = write_dial(tmp_path, 200.0)
    show(controller, path)
    blue = DialSettings(color="custom", hsv=HSVBounds((90, 120), (150, 151), 250, 46), pivot=truth.pivot)
    controller.set_inputs(DialInputs(blue, ((0.0, 7.0),)))
    frame = rec.frames[-1]
    assert frame.result is None and frame.pivot == pytest.approx(truth.pivot)
    radius = 0.42 * min(controller.image.bgr.shape[:2])
    assert np.allclose(frame.marks, [(truth.pivot[0] + radius, truth.pivot[1], 7.0)])


def test_seed_points_are_the_mask_pixels_as_the_seed_plots_them(controller, tmp_path):
    path, _ = write_dial(tmp_path, 20.0, style="plain")
    show(controller, path)
    x, y = controller.seed_points()
    assert x.dtype == np.float64 and len(x) == len(y) == controller.result().pixels


# --------------------------------------------------------------------------- clicks


def test_clicks_mean_what_the_armed_mode_says(controller, tmp_path):
    assert controller.click("pivot", 5, 5) is None  # no image
    path, truth = write_dial(tmp_path, 45.0, style="plain")
    show(controller, path)
    h, w = controller.image.bgr.shape[:2]
    assert controller.click("none", 5, 5) is None
    assert controller.click("pivot", w + 1, 5) is None and controller.click("pivot", 5, -1) is None
    assert controller.click("pivot", 12.5, 30.0) == PivotClicked((12.5, 30.0))
    pivot = controller.result().pivot
    mark = controller.click("min", pivot[0] - 100.0, pivot[1])  # straight left of the pivot: 180°
    assert isinstance(mark, MarkClicked) and mark.kind == "min" and mark.angle == pytest.approx(180.0)
    (px, py), (tx, ty) = truth.pivot, truth.tip
    picked = controller.click("eyedropper", px + 0.6 * (tx - px), py + 0.6 * (ty - py))
    assert isinstance(picked, NeedlePicked) and picked.colour.hsv is not None and picked.colour.hsv.h1[0] == 0


def test_a_mark_before_any_pivot_is_refused(controller, tmp_path):
    path, _ = write_dial(tmp_path, 45.0)
    blue = DialSettings(color="custom", hsv=HSVBounds((90, 120), (150, 151), 250, 46))
    show(controller, path, DialInputs(blue))
    assert controller.result() is None
    assert controller.click("max", 10, 10) == PivotMissing()


# --------------------------------------------------------------------------- opening


def test_an_open_delivers_the_image_and_a_failed_one_keeps_it(qtbot, controller, rec, tmp_path):
    path, _ = write_dial(tmp_path, 33.0)
    controller.open_file(str(path), "sample", keep_calibration=True)
    wait_idle(qtbot, controller)
    kind, loaded = rec.events[-1]
    assert kind == "loaded" and isinstance(loaded, LoadedPhoto)
    assert loaded.origin == "sample" and loaded.keep_calibration and loaded.data == path.read_bytes()
    controller.set_image(loaded.image, loaded.origin, loaded.data)
    assert controller.image is loaded.image and controller.origin == "sample"
    bad = tmp_path / "bad.png"
    bad.write_bytes(b"hello, this is text")
    controller.open_file(str(bad))
    wait_idle(qtbot, controller)
    kind, failure = rec.events[-1]
    assert kind == "failed" and isinstance(failure, OpenFailure)
    assert failure.where == str(bad) and failure.error.code == "not_an_image"
    assert controller.image is loaded.image  # the image on screen stays


def test_a_pasted_picture_is_decoded_like_a_file_and_kept_as_png(qtbot, controller, rec):
    img, _ = make_dial(260.0, style="plain")
    controller.open_pixels(np.ascontiguousarray(img[:, :, ::-1]), "clipboard image", "clipboard")
    wait_idle(qtbot, controller)
    kind, loaded = rec.events[-1]
    assert kind == "loaded" and loaded.origin == "clipboard" and loaded.data.startswith(b"\x89PNG")
    controller.set_image(loaded.image, loaded.origin, loaded.data)
    assert controller.is_data() and np.array_equal(controller.image.bgr, img)
    fields = controller.photo_fields()
    assert fields == {"photo": "dial/photo.png", "photo_path": "", "origin": "clipboard", "sample": ""}
    blobs: dict[str, bytes] = {}
    controller.export_photo(fields["photo"], blobs)
    assert blobs == {"dial/photo.png": loaded.data}


def test_each_open_says_what_it_opens_and_the_sample_and_row_shown_follow_the_image(qtbot, controller, rec,
                                                                                      tmp_path):
    path, _ = write_dial(tmp_path, 50.0, name="gauge.png")
    controller.open_sample(str(path))
    assert rec.events[-1] == ("opening", "gauge.png")  # said at once, before the worker is done
    wait_idle(qtbot, controller)
    loaded = rec.events[-1][1]
    assert loaded.origin == "sample" and not loaded.keep_calibration
    controller.set_image(loaded.image, loaded.origin, loaded.data)
    assert controller.sample_shown() == str(path) and controller.row_shown() is None
    controller.set_image(loaded.image, "batch", loaded.data)
    assert controller.sample_shown() == str(path) and controller.row_shown() == str(path)
    controller.open_pixels(np.zeros((20, 30, 3), np.uint8), "clipboard image", "clipboard")
    assert rec.events[-1] == ("opening", "clipboard image")
    wait_idle(qtbot, controller)
    pasted = rec.events[-1][1]
    controller.set_image(pasted.image, pasted.origin, pasted.data)
    assert controller.sample_shown() == "" and controller.row_shown() is None
    from PySide6.QtGui import QImage

    assert not controller.open_data(QImage(), "dropped picture", "dropped")  # no picture: nothing opens
    assert rec.events[-1][0] == "loaded"


def test_a_row_of_the_table_opens_its_file_with_the_marks_kept(qtbot, controller, rec, tmp_path):
    files = dial_folder(tmp_path / "in", (15.0, 160.0))
    controller.start_batch([str(f) for f in files])
    wait_idle(qtbot, controller)
    controller.open_row(5)  # no such row: nothing
    controller.open_row(-1)
    assert rec.events[-1][0] == "batch_finished"
    controller.open_row(1)
    wait_idle(qtbot, controller)
    kind, loaded = rec.events[-1]
    assert rec.events[-2] == ("opening", "dial01.png")
    assert kind == "loaded" and loaded.origin == "batch" and loaded.keep_calibration
    assert loaded.image.path == str(files[1])


def test_the_inputs_of_a_state_are_its_settings_marks_and_the_marks_error():
    from core.dial import DialError
    from gui.labs.dial.state import DialState, reading_settings

    state = DialState(color="dark", dark_auto=False, dark_v_max=80, fit="robust", pivot_x=10.0, pivot_y=20.0,
                      min_angle=225.0, max_angle=315.0, min_value=0.0, max_value=100.0)
    marks = ((225.0, 0.0), (315.0, 100.0), (270.0, 50.0))
    inputs = dial_inputs(state, marks)
    assert inputs.settings == reading_settings(state)[0] and inputs.marks == marks
    assert inputs.settings.dark_v_max == 80 and inputs.settings.pivot == (10.0, 20.0)
    assert inputs.calibration_error is None and inputs.settings.calibration is not None
    same = dial_inputs(state.replace(max_angle=225.0), ())  # both marks at one angle: no scale
    assert isinstance(same.calibration_error, DialError) and same.settings.calibration is None


def test_no_image_means_empty_photo_fields(controller):
    assert controller.photo_fields() == {"photo": "", "photo_path": "", "origin": "file", "sample": ""}
    blobs: dict[str, bytes] = {}
    controller.export_photo("dial/photo.png", blobs)
    assert blobs == {}


# --------------------------------------------------------------------------- the batch


def dial_folder(folder, angles):
    folder.mkdir(exist_ok=True)
    return [write_dial(folder, a, name=f"dial{i:02d}.png")[0] for i, a in enumerate(angles)]


def test_a_batch_lists_then_reads_each_image_then_finishes(qtbot, controller, rec, tmp_path):
    dial_folder(tmp_path / "in", (15.0, 160.0, 250.0))
    (tmp_path / "in" / "broken.jpg").write_bytes(b"\xff\xd8\xff\xe0 not really")
    assert controller.start_batch([str(tmp_path / "in")])
    assert controller.batch.phase == "listing" and controller.batch.shown and controller.batch.running
    wait_idle(qtbot, controller)
    phases = [b.phase for b in rec.batches]
    assert phases[0] == "listing" and phases[1] == "reading" and phases[-1] == "finished"
    assert [b.done for b in rec.batches if b.phase == "reading"] == [0, 1, 2, 3, 4]
    final = controller.batch
    assert final.total == 4 and final.done == 4 and final.ok == 3 and not final.running
    assert ("batch_finished", final) in rec.events
    assert [Path(p).name for p in controller.batch_files()] == ["broken.jpg", "dial00.png", "dial01.png",
                                                                "dial02.png"]
    assert controller.batch_rows() == list(final.readings)


def test_the_labs_batch_csv_is_byte_for_byte_the_clis(qtbot, controller, tmp_path):
    from gui.cli import build_parser, run_read_dial
    from gui.messages import describe_error

    folder = tmp_path / "in"
    dial_folder(folder, (90.0, 270.0))
    write_dial(folder, 30.0, name="表盘.png")
    (folder / "broken.png").write_bytes(b"\x89PNG\r\n\x1a\n garbage")
    controller.set_inputs(DialInputs(DialSettings(calibration=SCALE)))
    controller.start_batch([str(folder)])
    wait_idle(qtbot, controller)
    ours = tmp_path / "lab.csv"
    controller.export_batch(str(ours), describe_error)
    theirs = tmp_path / "cli.csv"
    run_read_dial(build_parser().parse_args(["read-dial", str(folder), "--csv", str(theirs),
                                             "--calib", "225:0,315:100"]))
    assert ours.read_bytes() == theirs.read_bytes()
    assert ours.read_bytes().count(b"\n") == 5


def test_the_table_is_stale_when_the_inputs_would_read_it_differently(qtbot, controller, tmp_path):
    dial_folder(tmp_path / "in", (40.0,))
    controller.start_batch([str(tmp_path / "in")])
    wait_idle(qtbot, controller)
    assert not controller.batch.stale
    controller.set_inputs(DialInputs(DialSettings(fit="robust")))
    assert controller.batch.stale
    controller.set_inputs(DialInputs(DialSettings(pivot=(10.0, 10.0))))  # a pivot is not used by a batch
    assert not controller.batch.stale and controller.batch_settings().pivot is None


def test_a_cancelled_batch_stops_between_images_and_keeps_its_rows(qtbot, controller, rec, tmp_path, monkeypatch):
    import core.dial_io as dial_io

    real = dial_io.read_image_file

    def slow(path, settings):
        time.sleep(0.06)
        return real(path, settings)

    monkeypatch.setattr(dial_io, "read_image_file", slow)
    dial_folder(tmp_path / "in", [10.0 + 7 * i for i in range(12)])
    controller.start_batch([str(tmp_path / "in")])
    qtbot.waitUntil(lambda: controller.batch.done >= 2, timeout=20000)
    controller.cancel_batch()
    assert controller.batch.cancelling
    wait_idle(qtbot, controller)
    final = controller.batch
    assert final.phase == "stopped" and 2 <= final.done < 12 and final.total == 12 and not final.cancelling
    assert rec.events[-1] == ("batch_finished", final)


def test_a_new_batch_replacing_a_running_one_remembers_how_far_it_got(qtbot, controller, tmp_path, monkeypatch):
    import core.dial_io as dial_io

    real = dial_io.read_image_file
    monkeypatch.setattr(dial_io, "read_image_file", lambda p, s: (time.sleep(0.06), real(p, s))[1])
    dial_folder(tmp_path / "a", [10.0 + 7 * i for i in range(10)])
    dial_folder(tmp_path / "b", (20.0,))
    controller.start_batch([str(tmp_path / "a")])
    qtbot.waitUntil(lambda: controller.batch.done >= 1, timeout=20000)
    controller.start_batch([str(tmp_path / "b")])
    done, total = controller.batch.previous
    assert done >= 1 and total == 10
    wait_idle(qtbot, controller)
    assert controller.batch.phase == "finished" and controller.batch.done == 1


def test_batches_with_nothing_to_read(qtbot, controller, rec, tmp_path):
    assert not controller.start_batch([]) and rec.events == [("empty", None)]
    (tmp_path / "notes.txt").write_text("no images here")
    controller.start_batch([str(tmp_path)])
    wait_idle(qtbot, controller)
    assert ("empty", None) in rec.events[1:]
    assert not controller.batch.shown and not controller.batch.running
    assert not any(kind == "batch_finished" for kind, _ in rec.events)


def test_a_folder_that_cannot_be_listed_fails_the_batch(qtbot, controller, rec, tmp_path, monkeypatch):
    import core.dial_io as dial_io

    def refused(path):
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(dial_io.os, "scandir", refused)
    controller.start_batch([str(tmp_path)])
    wait_idle(qtbot, controller)
    assert controller.batch.phase == "failed"
    kind, exc = rec.events[-1]
    assert kind == "batch_failed" and exc.code == "unreadable"


def test_closing_the_table_hides_it_and_forgets_its_files(qtbot, controller, tmp_path):
    dial_folder(tmp_path / "in", (40.0,))
    controller.start_batch([str(tmp_path / "in")])
    wait_idle(qtbot, controller)
    assert controller.batch_text().endswith("dial00.png")
    controller.close_batch()
    assert not controller.batch.shown and controller.batch_text() == ""
