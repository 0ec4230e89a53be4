"""File → Copy as command: the command line reproduces the lab's run (issue 12, item 8)."""

from __future__ import annotations

import contextlib
import io
import json
import os
import shlex
import subprocess
import sys

import numpy as np
import pytest

from gui.commands import command_for
from gui.labs.linear.state import LinearState, schedule_table
from gui.labs.logistic.state import LogisticState
from gui.state import Table
from tests.conftest import REPO, SOURCE_TREE


def run(command: str, cwd) -> dict:
    args = shlex.split(command)
    assert args[0] == sys.executable and args[1].endswith("main.py")  # the checkout's own way
    env = {**os.environ, "PYTHONPATH": str(REPO) if SOURCE_TREE else ""}
    r = subprocess.run(args, capture_output=True, text=True, timeout=120, cwd=cwd, env=env)
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout)


@pytest.fixture
def csv_file(tmp_path):
    f = tmp_path / "房价 data.csv"
    f.write_text("id,面积,价格\n" + "\n".join(f"{i},{50 + 7 * i},{120 + 16.5 * i + i % 5}" for i in range(40)),
                 encoding="utf-8")
    return f


def linear_states(csv_file):
    return [
        LinearState(),  # the seed's, never run: the whole run
        LinearState(computed=1500, iteration=1200),  # paused at 1200
        LinearState(source="synthetic", n=300, slope=1.5, intercept=-20.0, noise=2.0, seed=9, standardize=True,
                    lr=0.5, intercept_lr_scale=1.0, tol_enabled=True, tol=1e-10, start_b=2.0, start_k=-0.5),
        LinearState(source="csv", points=Table(np.loadtxt(csv_file, delimiter=",", skiprows=1)[:, 1:]),
                    csv_path=str(csv_file), csv_columns=(1, 2), csv_column_names="面积\n价格", lr=3e-5,
                    intercept_lr_scale=100.0, max_iters=700),
    ]


@pytest.mark.parametrize("index", range(4))
def test_linear_command_gives_the_labs_numbers(index, csv_file, tmp_path):
    state = linear_states(csv_file)[index]
    command = command_for("linear", state, kind="checkout")
    assert command and " linreg " in command and command.endswith("--json")
    got = run(command, tmp_path)
    gd = state.build_run()
    if state.iteration == 0:
        gd.run()  # a run never started: the command runs it to its end, as Play would
    assert got["iterations"] == gd.iteration
    for key, value in (("slope", gd.slope), ("intercept", gd.intercept), ("loss", gd.loss)):
        assert got[key] == pytest.approx(value, rel=1e-9), key


@pytest.mark.parametrize("state", [
    LogisticState(),  # the seed's two blobs from 1,1,1
    LogisticState(preset="blobs", source="generated", classes=3, n=200, spread=1.2, seed=3, strategy="softmax",
                  test_percent=20, lr=0.3, max_iters=400),
    LogisticState(preset="moons", source="generated", n=150, spread=2.0, seed=1, poly=True, l2=True, C=2.0,
                  strategy="ovo", max_iters=300),
    LogisticState(preset="blobs", source="generated", classes=4, seed_start=True, strategy="ovr", max_iters=200),
])
def test_logistic_command_gives_the_labs_numbers(state, tmp_path):
    command = command_for("logistic", state, kind="checkout")
    assert command and " logreg " in command
    got = run(command, tmp_path)
    gd = state.build_run()
    gd.run()
    assert got["iterations"] == gd.iteration
    np.testing.assert_allclose(got["weights"], gd.weights[:-1].T, rtol=1e-9)
    np.testing.assert_allclose(got["intercepts"], gd.weights[-1], rtol=1e-9)


def test_a_run_the_options_cannot_say_needs_its_saved_file(tmp_path):
    edited = LinearState(source="edited", points=Table([[1.0, 2.0], [2.0, 3.5], [4.0, 8.0]]))
    changed = LinearState(schedule=schedule_table(()), computed=10, iteration=10)
    assert command_for("linear", edited) is None
    assert command_for("linear", edited, str(tmp_path / "e.mlbl"), saved=False) is None
    line = command_for("linear", edited, str(tmp_path / "my e.mlbl"), saved=True, kind="pipx")
    assert line == f"ml-basics-lab-cli linreg --experiment '{tmp_path / 'my e.mlbl'}' --json"
    assert command_for("linear", changed, kind="pipx").startswith("ml-basics-lab-cli linreg ")
    assert command_for("logistic", LogisticState(preset="spiral", source="generated")) is None
    assert command_for("dial", None) is None and command_for("concepts", LinearState()) is None


# --------------------------------------------------------------------------- the Dial reader

PHOTOS = REPO / "resources" / "samples" / "photos"
TIMINGS = ("path", "decode_seconds", "pipeline_seconds")


def dial_state(path, **fields):
    from gui.labs.dial.state import DialState, photo_member

    data = path.read_bytes()
    state = DialState(photo=photo_member(str(path), data), photo_path=str(path), origin="file", **fields)
    return state, {state.photo: data}


def lab_reading(state, blobs) -> dict:
    """What the lab shows for a state: its photo read with its controls' settings."""
    from core.dial import read_dial
    from gui.labs.dial.photos import state_photo
    from gui.labs.dial.state import reading_settings

    image, _ = state_photo(state, blobs, "")
    res = read_dial(image.bgr, reading_settings(state)[0].validated())
    return {"angle_deg": res.angle_deg, "reading": res.reading, "in_range": res.in_range, "pivot": list(res.pivot),
            "tip": list(res.tip), "pivot_source": res.pivot_source, "pixels": res.pixels,
            "confidence": res.confidence, "reliable": res.reliable, "fit": res.fit.method,
            "residual_rms_px": res.residual_px, "image_size": [image.bgr.shape[1], image.bgr.shape[0]]}


def same_numbers(got: dict, want: dict) -> None:
    assert set(got) - set(TIMINGS) == set(want)
    for key, value in want.items():
        if isinstance(value, float):
            assert got[key] == pytest.approx(value, rel=1e-9), key
        elif isinstance(value, list):
            np.testing.assert_allclose(got[key], value, rtol=1e-9)
        else:
            assert got[key] == value, key


def dial_cases(tmp_path):
    from gui.labs.dial.state import DialState

    if not PHOTOS.is_dir():
        pytest.skip("the bundled photos are not installed here")
    copy = tmp_path / "照片 one.jpg"  # a name with a space and Chinese, quoted in the command
    copy.write_bytes((PHOTOS / "red_20_fuel_pressure_oblique.jpg").read_bytes())
    return {
        "red_default": dial_state(PHOTOS / "red_19_oil_pressure_red.jpg"),
        "calibrated_ccw_robust": dial_state(copy, min_angle=225.0, min_value=0.0, max_angle=315.0, max_value=200.0,
                                            extra_marks=Table([[270.0, 100.0]], columns=2), direction="ccw",
                                            fit="robust"),
        "dark_threshold_seed": dial_state(PHOTOS / "dark_03_jis_pressure_0001.png", color="dark", dark_auto=False,
                                          dark_v_max=90, seed_resize=True, fit="seed"),
        "dark_auto_pivot": dial_state(PHOTOS / "dark_01_intel_gauge1.jpg", color="dark", pivot_x=200.5,
                                      pivot_y=210.0, min_angle=225.0, max_angle=315.0),
        "custom_hsv": dial_state(PHOTOS / "red_22_autometer_oil_orangered.jpg", color="custom", hue1_lo=0,
                                 hue1_hi=20, hue2_lo=150, hue2_hi=180, s_min=60, v_min=60, min_angle=0.0,
                                 max_angle=180.0, max_value=50.0, dark_v_max=30),
        "no_scale": dial_state(PHOTOS / "red_21_marsh_setpointer.jpg", min_angle=90.0, max_angle=90.0),
        "sample": (DialState(sample="synthetic_ticks_037.png", origin="sample", min_angle=225.0, max_angle=315.0,
                             max_value=10.0), {}),
    }


DIAL_CASES = ["red_default", "calibrated_ccw_robust", "dark_threshold_seed", "dark_auto_pivot", "custom_hsv",
              "no_scale", "sample"]


@pytest.mark.parametrize("case", DIAL_CASES)
def test_dial_command_gives_the_labs_reading(case, tmp_path):
    state, blobs = dial_cases(tmp_path)[case]
    command = command_for("dial", state, kind="checkout")
    assert command and " read-dial " in command and "--experiment" not in command and command.endswith("--json")
    args = shlex.split(command)
    assert args[3] == (state.photo_path or str(next(PHOTOS.parent.glob(f"*/{state.sample}"))))
    got = run(command, tmp_path)
    want = lab_reading(state, blobs)
    same_numbers(got, want)
    if case in ("calibrated_ccw_robust", "custom_hsv", "dark_auto_pivot", "sample"):
        assert want["reading"] is not None
    if case == "no_scale":  # marks that make no scale: the lab reads the angle alone, and so does the command
        assert want["reading"] is None and "--calib" not in command
    if case == "calibrated_ccw_robust":
        assert "--calib 225.0:0.0,315.0:200.0,270.0:100.0 --ccw" in command and "--fit robust" in command
    if case == "custom_hsv":
        assert "--hsv 0,20,150,180,60,60" in command and "--dark-vmax" not in command


def test_a_dial_photo_with_no_file_is_read_from_its_saved_experiment(tmp_path):
    from core.dial_synth import make_dial
    from core.experiment import Experiment, write_experiment
    from gui.labs.dial.state import DialState

    png = cv2_png(make_dial(40.0)[0])
    pasted = DialState(photo="dial/photo.png", origin="clipboard", min_angle=225.0, max_angle=315.0)
    blobs = {"dial/photo.png": png}
    assert command_for("dial", pasted) is None
    file = tmp_path / "粘贴 e.mlbl"
    write_experiment(file, Experiment(labs={"dial": pasted.to_dict()}, blobs=blobs, current="dial"))
    command = command_for("dial", pasted, str(file), saved=True, kind="checkout")
    assert command and command.endswith(f"read-dial --experiment {shlex.quote(str(file))} --json")
    same_numbers(run(command, tmp_path), lab_reading(pasted, blobs))
    # a file moved since it was opened, or a pivot beyond what --pivot takes: the saved file
    moved, _ = dial_state(PHOTOS / "red_19_oil_pressure_red.jpg")
    assert command_for("dial", moved.replace(photo_path=str(tmp_path / "gone.jpg"))) is None
    far = moved.replace(pivot_x=2e6, pivot_y=10.0)
    assert command_for("dial", far) is None
    assert command_for("dial", far, str(file), saved=True, kind="pipx") == \
        f"ml-basics-lab-cli read-dial --experiment {shlex.quote(str(file))} --json"
    # no photo at all: nothing to read, saved or not
    for empty in (DialState(), DialState(batch_files="a.png\nb.png")):
        assert command_for("dial", empty) is None
        assert command_for("dial", empty, str(file), saved=True) is None


def cv2_png(bgr):
    import cv2

    ok, buf = cv2.imencode(".png", bgr)
    assert ok
    return buf.tobytes()


# --------------------------------------------------------------------------- the Neural Network


def mlp_saved(tmp_path, *options):
    """A run saved by train-mlp as the lab saves one: its state, and the per-epoch rows of its curves."""
    pytest.importorskip("torch")
    from core.experiment import read_experiment
    from gui.cli import main
    from gui.labs.mlp.state import MLPState, state_members

    file = tmp_path / "nn.mlbl"
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        assert main(["train-mlp", "--json", *options, "--save-experiment", str(file)]) == 0
    e = read_experiment(file)
    state = MLPState.from_dict(e.labs["mlp"], blobs=e.blobs)
    _, curves = state_members(state, e.blobs)
    assert curves is not None
    return file, state, curves[0]


def same_epochs(got: dict, rows: list[dict]) -> None:
    assert len(got["epochs"]) == len(rows)
    for mine, lab in zip(got["epochs"], rows):
        assert mine["epoch"] == lab["epoch"]
        for key in ("train_loss", "train_acc", "test_loss", "test_acc"):
            assert mine[key] == pytest.approx(lab[key], rel=1e-9), key


def test_nn_command_gives_the_labs_curves(tmp_path):
    file, state, rows = mlp_saved(tmp_path, "--subset", "--epochs", "2", "--hidden", "12,8", "--batch-size", "500",
                                  "--optimizer", "adam", "--lr", "0.003", "--activation", "tanh", "--normalize",
                                  "--seed", "4")
    command = command_for("mlp", state, str(file), saved=True, kind="checkout")
    assert command and "--experiment" not in command  # the options say this run
    for piece in (" train-mlp --subset ", "--hidden 12,8", "--activation tanh", "--optimizer adam", "--lr 0.003",
                  "--batch-size 500", "--epochs 2", "--seed 4", "--normalize"):
        assert piece in command, piece
    got = run(command, tmp_path)
    same_epochs(got, rows)
    assert got["config"] == {"hidden": [12, 8], "activation": "tanh", "optimizer": "adam", "lr": 0.003,
                             "batch_size": 500, "normalize": True, "seed": 4}


def test_nn_command_reads_a_folder_where_the_lab_reads_it(tmp_path):
    pytest.importorskip("torch")
    from core.experiment import Experiment, write_experiment
    from core.fashion import load_bundled
    from core.idx import write_idx
    from gui.cli import main
    from gui.labs.mlp.state import MLPState

    data = load_bundled()
    folder = tmp_path / "Fashion 数据"
    folder.mkdir()
    write_idx(folder / "train-images-idx3-ubyte", data.train_x[:2000])
    write_idx(folder / "train-labels-idx1-ubyte", data.train_y[:2000])
    write_idx(folder / "t10k-images-idx3-ubyte", data.test_x[:500])
    write_idx(folder / "t10k-labels-idx1-ubyte", data.test_y[:500])
    state = MLPState(source="folder", folder=str(folder), hidden=(10,), lr=0.2, batch_size=128, epochs=2, seed=5)
    command = command_for("mlp", state, kind="checkout")
    assert command and f"--data {shlex.quote(str(folder))}" in command
    got = run(command, tmp_path)
    # the lab's run of these settings, as train-mlp --experiment trains it
    file = tmp_path / "s.mlbl"
    write_experiment(file, Experiment(labs={"mlp": state.to_dict()}, current="mlp"))
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        assert main(["train-mlp", "--experiment", str(file), "--json"]) == 0
    want = json.loads(out.getvalue())
    same_epochs(got, want["epochs"])
    assert got["data"]["train"] == 2000 and got["data"]["test"] == 500


def test_an_nn_run_the_options_cannot_say_needs_its_saved_file(tmp_path):
    from gui.labs.mlp.state import MLPState

    stopped = MLPState(source="bundled", epochs=3, has_model=True, epochs_done=1.5)
    unseeded = MLPState(source="bundled", replicable=False)
    for state in (stopped, unseeded):
        assert command_for("mlp", state) is None
        assert command_for("mlp", state, str(tmp_path / "n.mlbl"), saved=False) is None
        line = command_for("mlp", state, str(tmp_path / "n.mlbl"), saved=True, kind="pipx")
        assert line == f"ml-basics-lab-cli train-mlp --experiment {tmp_path / 'n.mlbl'} --json"
    finished = MLPState(source="bundled", epochs=3, has_model=True, epochs_done=3.0)
    assert command_for("mlp", finished, kind="pipx").startswith("ml-basics-lab-cli train-mlp --subset ")
    assert command_for("mlp", MLPState(), kind="pipx").startswith("ml-basics-lab-cli train-mlp --hidden 1024 ")
