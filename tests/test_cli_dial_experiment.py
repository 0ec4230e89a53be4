"""read-dial --save-experiment FILE and --experiment FILE: the photo travels in the file (its
bytes, as the Dial lab keeps an opened one), the file gives the same reading from the CLI
and in the lab, and a file that is not the Dial lab's, or is damaged, is refused with one
line and exit status 2."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from core.experiment import Experiment, read_experiment, write_experiment
from gui.cli import main
from gui.labs.dial.state import DialState, reading_settings
from tests.conftest import REPO, SOURCE_TREE

PHOTOS = REPO / "resources" / "samples" / "photos"
SHARED = Path("/work/shared/dials")
TIMINGS = ("decode_seconds", "pipeline_seconds")


def photo(name: str) -> Path:
    path = PHOTOS / name
    if not path.is_file():
        pytest.skip("the bundled photos are not installed here")
    return path


def read_dial(capsys, *argv) -> tuple[int, dict | None, str]:
    status = main(["read-dial", *argv, "--json"])
    out, err = capsys.readouterr()
    return status, (json.loads(out) if out.strip() else None), err


def same_reading(a: dict, b: dict) -> None:
    """Every field but the timings, exactly: the same bytes read with the same settings."""
    assert {k: v for k, v in a.items() if k not in TIMINGS} == {k: v for k, v in b.items() if k not in TIMINGS}


CASES = {
    "red": ("red_19_oil_pressure_red.jpg", []),
    "calibrated_ccw_extra": ("red_20_fuel_pressure_oblique.jpg",
                             ["--calib", "225:0,-45:200,270:100", "--ccw", "--fit", "robust"]),
    "dark_pivot": ("dark_01_intel_gauge1.jpg", ["--color", "dark", "--pivot", "200,210", "--calib", "225:0,315:100"]),
    "dark_threshold_seed": ("dark_03_jis_pressure_0001.png", ["--color", "dark", "--dark-vmax", "90",
                                                              "--seed-resize", "--fit", "seed"]),
    "custom_hsv": ("red_22_autometer_oil_orangered.jpg", ["--hsv", "0,20,150,180,60,60", "--calib", "0:0,180:50"]),
}


@pytest.mark.parametrize("case", list(CASES))
def test_a_saved_reading_is_read_again_from_the_file(case, capsys, tmp_path):
    name, options = CASES[case]
    path = tmp_path / ("照片" + photo(name).suffix)  # a copy, taken away before the file is read
    path.write_bytes(photo(name).read_bytes())
    file = tmp_path / "dial.mlbl"
    status, first, err = read_dial(capsys, str(path), *options, "--save-experiment", str(file))
    assert status == 0 and "saved the experiment" in err
    # the photo is in the file, byte for byte, and the file names the Dial lab
    experiment = read_experiment(file)
    assert experiment.current == "dial" and set(experiment.labs) == {"dial"}
    state = DialState.from_dict(experiment.labs["dial"], blobs=experiment.blobs)
    assert experiment.blobs[state.photo] == path.read_bytes() and state.photo.endswith(path.suffix.lower())
    assert state.photo_path == str(path) and state.origin == "file"
    # read again from the file alone: the photo on disk is not needed
    path.unlink()
    status, again, err = read_dial(capsys, "--experiment", str(file))
    assert status == 0 and err == ""
    same_reading(first, again)
    if "--calib" in options:
        assert first["reading"] is not None


def test_the_saved_settings_are_the_labs_own(capsys, tmp_path):
    """The options become the lab's controls: colour, thresholds, fit, pivot, marks and direction."""
    file = tmp_path / "d.mlbl"
    assert main(["read-dial", str(photo("dark_01_intel_gauge1.jpg")), "--color", "dark", "--dark-vmax", "130",
                 "--pivot", "200.5,210", "--calib", "225:0,-45:200,270:100", "--ccw", "--fit", "robust",
                 "--seed-resize", "--save-experiment", str(file)]) == 0
    capsys.readouterr()
    e = read_experiment(file)
    state = DialState.from_dict(e.labs["dial"], blobs=e.blobs)
    assert (state.color, state.dark_auto, state.dark_v_max, state.fit, state.seed_resize) == \
        ("dark", False, 130, "robust", True)
    assert (state.pivot, state.min_angle, state.min_value, state.max_angle, state.max_value, state.direction) == \
        ((200.5, 210.0), 225.0, 0.0, 315.0, 200.0, "ccw")
    assert state.extra_marks.array.tolist() == [[270.0, 100.0]]
    settings, error = reading_settings(state)
    assert error is None and settings.dark_v_max == 130 and settings.calibration.ccw
    assert settings.calibration.marks == ((225.0, 0.0), (315.0, 200.0), (270.0, 100.0))


@pytest.mark.parametrize("case", ["calibrated_ccw_extra", "dark_pivot", "custom_hsv"])
def test_the_file_opens_in_the_dial_lab_with_the_same_reading(case, qtbot, capsys, tmp_path):
    from gui.labs.dial.panel import DialReaderPanel

    name, options = CASES[case]
    file = tmp_path / "d.mlbl"
    status, first, _ = read_dial(capsys, str(photo(name)), *options, "--save-experiment", str(file))
    assert status == 0
    e = read_experiment(file)
    state = DialState.from_dict(e.labs["dial"], blobs=e.blobs)
    p = DialReaderPanel()
    qtbot.addWidget(p)
    p.set_state(state, e.blobs)
    qtbot.waitUntil(lambda: not p.is_busy(), timeout=20000)
    result = p.result()
    assert result is not None
    assert result.angle_deg == first["angle_deg"] and result.reading == first["reading"]
    assert [float(v) for v in result.pivot] == first["pivot"] and result.confidence == first["confidence"]
    assert p.settings() == reading_settings(state)[0]  # the lab reads its controls as the CLI reads the file
    saved: dict[str, bytes] = {}
    assert DialState.from_dict(p.export_state(saved), blobs=saved) == state  # and saves what it opened


def test_an_experiment_saved_in_the_lab_reads_the_same_from_the_cli(qtbot, capsys, tmp_path):
    """A photo opened in the lab, a pivot and two marks clicked: read-dial --experiment gives its numbers."""
    from gui.labs.dial.panel import DialReaderPanel

    p = DialReaderPanel()
    qtbot.addWidget(p)
    p.resize(1000, 700)
    p.open_path(str(photo("red_21_marsh_setpointer.jpg")))
    qtbot.waitUntil(lambda: not p.is_busy() and p.result() is not None, timeout=20000)
    p.set_calibration(230.0, 0.0, 310.0, 10.0)
    qtbot.waitUntil(lambda: p.result() is not None and p.result().reading is not None, timeout=5000)
    blobs: dict[str, bytes] = {}
    data = p.export_state(blobs)
    write_experiment(tmp_path / "lab.mlbl", Experiment(labs={"dial": data}, blobs=blobs, current="dial"))
    status, out, err = read_dial(capsys, "--experiment", str(tmp_path / "lab.mlbl"))
    assert status == 0 and err == ""
    assert out["angle_deg"] == p.result().angle_deg and out["reading"] == p.result().reading


def test_marks_that_make_no_scale_are_said_and_the_angle_still_read(capsys, tmp_path):
    state = DialState(photo="dial/photo.jpg", photo_path="x.jpg", min_angle=90.0, max_angle=90.0)
    data = photo("red_19_oil_pressure_red.jpg").read_bytes()
    write_experiment(tmp_path / "d.mlbl", Experiment(labs={"dial": state.to_dict()}, blobs={state.photo: data}))
    status, out, err = read_dial(capsys, "--experiment", str(tmp_path / "d.mlbl"))
    assert status == 0 and out["reading"] is None and out["angle_deg"] > 0
    assert err.startswith("note: the saved marks make no scale") and len(err.splitlines()) == 1


def _manifest(labs: dict, version: int = 1) -> bytes:
    return json.dumps({"format": "ml-basics-lab-experiment", "version": version, "labs": labs}).encode()


def _zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w") as z:
        for name, data in members.items():
            z.writestr(name, data)
    return path


@pytest.mark.parametrize("kind", ["linear_lab", "junk", "truncated", "future_file", "future_state", "photo_missing",
                                  "bomb_photo", "half_pivot", "no_photo", "missing_file"])
def test_files_that_are_not_a_readable_dial_lab_are_refused_with_one_line(kind, capsys, tmp_path):
    from tests.test_dial_state import bomb_png

    good = tmp_path / "good.mlbl"
    assert main(["read-dial", str(photo("red_19_oil_pressure_red.jpg")), "--save-experiment", str(good)]) == 0
    capsys.readouterr()
    e = read_experiment(good)
    state = e.labs["dial"]
    bad = tmp_path / "bad.mlbl"
    if kind == "linear_lab":
        assert main(["linreg", "--save-experiment", str(bad)]) == 0
        capsys.readouterr()
    elif kind == "junk":
        bad.write_bytes(b"not a zip at all\n" * 20)
    elif kind == "truncated":
        bad.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    elif kind == "future_file":
        _zip(bad, {"experiment.json": _manifest({"dial": state}, version=99)})
    elif kind == "future_state":
        _zip(bad, {"experiment.json": _manifest({"dial": {**state, "version": 99}})})
    elif kind == "photo_missing":
        _zip(bad, {"experiment.json": _manifest({"dial": state})})
    elif kind == "bomb_photo":
        _zip(bad, {"experiment.json": _manifest({"dial": {**state, "photo": "dial/photo.png"}}),
                   "blobs/dial/photo.png": bomb_png()})
    elif kind == "half_pivot":
        _zip(bad, {"experiment.json": _manifest({"dial": {**state, "pivot_x": 10.0}}),
                   "blobs/" + state["photo"]: e.blobs[state["photo"]]})
    elif kind == "no_photo":
        write_experiment(bad, Experiment(labs={"dial": DialState(batch_files="a.png\nb.png").to_dict()}))
    status, out, err = read_dial(capsys, "--experiment", str(bad if kind != "missing_file" else tmp_path / "no.mlbl"))
    assert status == 2 and out is None
    assert len(err.splitlines()) == 1 and err.startswith("error: "), err
    expected = {"linear_lab": "holds no dial lab", "photo_missing": "photo", "future_file": "newer",
                "bomb_photo": "pixels", "half_pivot": "pivot", "no_photo": "holds no photo",
                "missing_file": "does not exist"}.get(kind)
    if expected:
        assert expected in err, err


def test_the_options_that_cannot_go_together_are_refused(capsys, tmp_path):
    path = str(photo("red_19_oil_pressure_red.jpg"))
    assert main(["read-dial", path, "--save-experiment", str(tmp_path / "a.mlbl")]) == 0
    capsys.readouterr()
    for argv, words in ([[path, "--experiment", str(tmp_path / "a.mlbl")], "not both"],
                        [[], "needs an image"],
                        [[str(PHOTOS), "--csv", str(tmp_path / "o.csv"), "--save-experiment", str(tmp_path / "b.mlbl")],
                         "one photo"],
                        [[path, "--pivot=-5,10", "--save-experiment", str(tmp_path / "c.mlbl")], "pivot_x"]):
        status, out, err = read_dial(capsys, *argv)
        assert status == 2 and len(err.splitlines()) == 1 and words in err, err
    assert not (tmp_path / "b.mlbl").exists() and not (tmp_path / "c.mlbl").exists()


@pytest.mark.skipif(not SHARED.is_dir(), reason="the shared dial photos are not here")
def test_every_shared_photo_reads_the_same_from_its_file(capsys, tmp_path):
    photos = sorted(p for p in SHARED.iterdir() if p.suffix.lower() in (".jpg", ".png"))
    for i, path in enumerate(photos):
        file = tmp_path / f"{i}.mlbl"
        status, first, _ = read_dial(capsys, str(path), "--calib", "225:0,315:100", "--save-experiment", str(file))
        if status != 0:  # a photo the pipeline cannot read: nothing is saved
            assert not file.exists()
            continue
        status, again, _ = read_dial(capsys, "--experiment", str(file))
        assert status == 0
        same_reading(first, again)


def test_read_dial_experiments_load_no_qt(tmp_path):
    file = tmp_path / "d.mlbl"
    code = ("import sys, contextlib, io\n"
            "from gui.cli import main\n"
            "with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):\n"
            f"    assert main(['read-dial', {str(photo('red_19_oil_pressure_red.jpg'))!r}, "
            f"'--save-experiment', {str(file)!r}]) == 0\n"
            f"    assert main(['read-dial', '--experiment', {str(file)!r}, '--json']) == 0\n"
            "bad = sorted({m.split('.')[0] for m in sys.modules} & {'PySide6', 'shiboken6', 'pyqtgraph', 'superqt'})\n"
            "print(bad)\n")
    env = {**os.environ, "PYTHONPATH": str(REPO) if SOURCE_TREE else ""}
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, cwd=tmp_path,
                       env=env)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip().splitlines()[-1] == "[]", r.stdout + r.stderr
