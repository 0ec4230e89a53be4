"""core.dial_io: the images of a folder, and the one readings CSV the CLI and the lab write."""

import csv
import io
import math

import cv2
import pytest

from core.dial import Calibration, DialSettings
from core.dial_synth import make_dial
from core.errors import LabError, SaveError

CALIBRATION = Calibration(((225.0, 0.0), (315.0, 100.0)))  # the synthetic dials' scale, 0 to 100


def write_dial(folder, name, angle, **kw):
    img, _ = make_dial(angle, **kw)
    path = folder / name
    ok, buf = cv2.imencode(path.suffix, img)
    assert ok
    path.write_bytes(buf.tobytes())  # cv2.imwrite cannot write non-ASCII names on every platform
    return path


def read_back(path):
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "Excel needs the BOM to read UTF-8"
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))


def test_image_files_are_files_with_image_suffixes_in_natural_order(tmp_path):
    from core.dial_io import image_files

    for name in ("img10.png", "img2.png", "IMG1.JPG", "notes.txt", "b.webp"):
        (tmp_path / name).write_bytes(b"x")
    (tmp_path / "folder.png").mkdir()
    assert [p.rsplit("/", 1)[-1] for p in image_files(tmp_path)] == ["b.webp", "IMG1.JPG", "img2.png", "img10.png"]
    with pytest.raises(LabError) as err:
        image_files(tmp_path / "missing")
    assert err.value.code == "folder_not_found"


def test_readings_csv_one_schema_with_the_calibrated_reading_and_the_in_range_flag(tmp_path):
    from core.dial_io import COLUMNS, read_image_file, write_readings_csv

    inside = write_dial(tmp_path, "表盘_inside.png", 90.0)  # straight up: half way, 50
    outside = write_dial(tmp_path, "outside.png", 270.0)  # the dead zone at the bottom
    broken = tmp_path / "broken.png"
    broken.write_bytes(b"\x89PNG\r\n\x1a\n garbage")
    settings = DialSettings(calibration=CALIBRATION)
    readings = [read_image_file(str(p), settings) for p in (inside, outside, broken)]
    assert [r.ok for r in readings] == [True, True, False]
    out = tmp_path / "readings.csv"
    write_readings_csv(out, readings, lambda exc: f"无法读取：{exc.code}")
    rows = read_back(out)
    assert tuple(rows[0]) == COLUMNS
    a, b, c = rows
    assert a["file"] == "表盘_inside.png" and a["path"] == str(inside)
    assert float(a["reading"]) == pytest.approx(50.0, abs=0.5) and a["in_range"] == "true"
    assert float(a["angle_deg"]) == pytest.approx(90.0, abs=0.5)
    assert a["reliable"] == "true" and 0.5 < float(a["confidence"]) <= 1
    assert b["in_range"] == "false" and not 0 <= float(b["reading"]) <= 100
    assert c["error_code"] == "corrupt_image" and c["error"] == "无法读取：corrupt_image"
    assert c["angle_deg"] == c["reading"] == c["in_range"] == ""
    for key in ("pivot_x", "pivot_y", "tip_x", "tip_y", "residual_rms_px", "width", "height", "pixels"):
        assert math.isfinite(float(a[key])), key


def test_without_a_calibration_the_reading_and_flag_are_empty(tmp_path):
    from core.dial_io import read_image_file, write_readings_csv

    path = write_dial(tmp_path, "d.png", 40.0)
    out = tmp_path / "r.csv"
    write_readings_csv(out, [read_image_file(str(path), DialSettings())], str)
    (row,) = read_back(out)
    assert row["reading"] == row["in_range"] == "" and float(row["angle_deg"]) == pytest.approx(40.0, abs=0.5)


def test_a_failed_write_keeps_the_old_file_and_leaves_no_temporary_file(tmp_path, monkeypatch):
    import core.atomic
    from core.dial_io import read_image_file, write_readings_csv

    path = write_dial(tmp_path / "", "d.png", 40.0)
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    out = out_dir / "readings.csv"
    out.write_text("the old readings", encoding="utf-8")

    def full_disk(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(core.atomic.os, "replace", full_disk)
    with pytest.raises(SaveError) as err:
        write_readings_csv(out, [read_image_file(str(path), DialSettings())], str)
    assert err.value.details["path"] == str(out) and "No space" in err.value.details["reason"]
    assert out.read_text(encoding="utf-8") == "the old readings"
    assert sorted(p.name for p in out_dir.iterdir()) == ["readings.csv"]


def test_a_reading_keeps_the_results_pivot_tip_and_size(tmp_path):
    """The readings CSV's pivot and tip columns are the result's, x then y (mutation survivor)."""
    from core.dial import read_dial
    from core.dial_io import Reading, read_image_file

    path = write_dial(tmp_path, "d.png", 40)
    r = read_image_file(str(path), DialSettings())
    res = read_dial(cv2.imread(str(path)), DialSettings())
    assert r.ok and r.pivot == res.pivot and r.tip == res.tip and r.pivot[0] != r.pivot[1]
    assert r.size == (cv2.imread(str(path)).shape[1], cv2.imread(str(path)).shape[0])
    failed = Reading.failed("x.png", LabError("no_needle"), (640, 480))
    assert failed.size == (640, 480) and not failed.ok


def test_a_dial_with_a_face_says_so_and_names_its_fit(tmp_path):
    """pivot_source and fit are looked up by the panel and written to the CSV: their values are
    a fixed vocabulary (mutation survivors: "FACE" and None passed every test)."""
    from core.dial import read_dial

    img, _ = make_dial(40)
    for fit in ("tls", "robust", "seed"):
        res = read_dial(img, DialSettings(fit=fit))
        assert res.pivot_source == "face" and res.fit.method == fit


def test_folder_refusals_name_the_folder_and_the_reason(tmp_path, monkeypatch):
    import core.dial_io as dial_io

    with pytest.raises(LabError) as err:
        dial_io.image_files(tmp_path / "none")
    assert err.value.code == "folder_not_found" and err.value.details == {"path": str(tmp_path / "none")}

    def refused(path):
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(dial_io.os, "scandir", refused)  # root reads any folder: simulate the refusal
    with pytest.raises(LabError) as err:
        dial_io.image_files(tmp_path)
    assert err.value.code == "unreadable"
    assert err.value.details == {"path": str(tmp_path), "reason": "Permission denied"}


def test_read_batch_lists_first_then_reads_each_image_in_order(tmp_path):
    from core.dial_io import BatchListed, Reading, batch_files, batch_readings, read_batch

    folder = tmp_path / "in"
    folder.mkdir()
    write_dial(folder, "img10.png", 30.0)
    write_dial(folder, "img2.png", 120.0)
    (folder / "notes.txt").write_text("not an image")
    loose = write_dial(tmp_path, "loose.jpg", 200.0)
    (tmp_path / "other.txt").write_text("left out")
    sources = [str(folder), str(tmp_path / "other.txt"), str(loose)]
    expected = [str(folder / "img2.png"), str(folder / "img10.png"), str(loose)]
    assert batch_files(sources) == expected
    items = list(read_batch(sources, DialSettings(calibration=CALIBRATION)))
    assert items[0] == BatchListed(tuple(expected))
    readings = batch_readings(items)
    assert all(isinstance(r, Reading) and r.ok for r in readings) and len(items) == 4
    assert [r.path for r in readings] == expected
    assert [round(r.angle_deg) for r in readings] == [120, 30, 200]


def test_read_batch_refuses_a_folder_it_cannot_list_before_reading_anything(tmp_path, monkeypatch):
    import core.dial_io as dial_io

    assert list(dial_io.read_batch([], DialSettings())) == [dial_io.BatchListed(())]
    # a path that is neither a folder nor an image is left out, as a dropped text file is
    assert list(dial_io.read_batch([str(tmp_path / "missing")], DialSettings())) == [dial_io.BatchListed(())]

    def refused(path):
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(dial_io.os, "scandir", refused)
    with pytest.raises(LabError) as err:
        next(dial_io.read_batch([str(tmp_path)], DialSettings()))
    assert err.value.code == "unreadable"
