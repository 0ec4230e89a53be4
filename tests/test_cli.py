"""main.py's commands: one JSON object on stdout, errors on stderr with a non-zero exit."""

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from tests.conftest import REPO


def run(*args, timeout=120):
    return subprocess.run([sys.executable, str(REPO / "main.py"), *args], capture_output=True, text=True,
                          timeout=timeout, cwd=REPO)


def test_linreg_seed_preset_reaches_the_exact_answer():
    r = run("linreg", "--json")
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)  # exactly one JSON object
    for key in ("slope", "intercept", "loss", "iterations", "stop_reason", "ols_slope", "ols_intercept", "r2"):
        assert key in out
    assert out["iterations"] == 3000 and out["stop_reason"] == "max_iters"
    assert out["lr"] == 5e-5 and out["lr_intercept_scale"] == 10000
    assert out["slope"] == pytest.approx(out["ols_slope"], rel=1e-6)
    assert out["intercept"] == pytest.approx(out["ols_intercept"], rel=1e-6)


def test_linreg_csv_and_synthetic(tmp_path):
    rng = np.random.default_rng(0)
    x = rng.uniform(-3, 3, 200)
    y = 1.5 * x - 2 + rng.normal(0, 0.1, 200)
    f = tmp_path / "p.csv"
    np.savetxt(f, np.c_[x, y], delimiter=",", header="x,y", comments="")
    r = run("linreg", "--csv", str(f), "--iters", "5000", "--json")
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert out["lr_auto"] and out["slope"] == pytest.approx(out["ols_slope"], abs=1e-6)

    r = run("linreg", "--synthetic", "500", "--slope", "2", "--intercept", "3", "--noise", "0.5", "--seed", "4",
            "--standardize", "--json")
    out = json.loads(r.stdout)
    assert out["points"] == 500 and out["standardize"] and out["condition_number"] == pytest.approx(1.0)
    assert out["ols_slope"] == pytest.approx(2, abs=0.05)
    assert out["slope"] == pytest.approx(out["ols_slope"], rel=1e-6)


@pytest.mark.parametrize(
    "args, fragment",
    [
        (["--lr", "0"], "positive"),
        (["--lr", "-1"], "positive"),
        (["--synthetic", "1"], "--synthetic must be a whole number from 2 to 1000000 (got 1)"),
        (["--synthetic", "100000000"], "--synthetic must be a whole number from 2 to 1000000 (got 100000000)"),
        (["--csv", "/nonexistent/file.csv"], "does not exist"),
        (["--start", "a,b"], "--start"),
    ],
)
def test_linreg_bad_input(args, fragment):
    r = run("linreg", *args, "--json")
    assert r.returncode == 2
    assert r.stdout == ""
    assert fragment in r.stderr


def test_linreg_bad_csv_names_line(tmp_path):
    f = tmp_path / "bad.csv"
    f.write_text("x,y\n1,2\n3,hello\n")
    r = run("linreg", "--csv", str(f), "--json")
    assert r.returncode == 2 and "Line 3, column 2" in r.stderr and "hello" in r.stderr


def test_linreg_divergence_exits_non_zero_with_reason():
    r = run("linreg", "--lr", "1e-3", "--json")
    assert r.returncode == 1
    out = json.loads(r.stdout)
    assert out["stop_reason"] == "diverged" and out["iterations"] < 10
    assert np.isfinite(out["loss"])
    assert "too high" in r.stderr and "6.022e-05" in r.stderr


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_screenshot_writes_a_png_of_the_requested_size(tmp_path, lang):
    from PySide6.QtGui import QImage

    out = tmp_path / f"shot_{lang}.png"
    r = run("screenshot", "--tab", "linear", "--out", str(out), "--lang", lang, "--size", "1024x700",
            "--demo-seconds", "0.5")
    assert r.returncode == 0, r.stderr
    img = QImage(str(out))
    assert (img.width(), img.height()) == (1024, 700)
    # not a blank window: many distinct colours (plots, heat map)
    sample = {img.pixel(x, y) for x in range(0, 1024, 16) for y in range(0, 700, 16)}
    assert len(sample) > 50


def test_screenshot_bad_arguments(tmp_path):
    r = run("screenshot", "--tab", "nope", "--out", str(tmp_path / "a.png"))
    assert r.returncode == 2 and "invalid choice" in r.stderr
    r = run("screenshot", "--tab", "linear", "--out", str(tmp_path / "missing" / "a.png"))
    assert r.returncode == 2 and "does not exist" in r.stderr
    r = run("screenshot", "--tab", "linear", "--out", str(tmp_path / "a.png"), "--size", "huge")
    assert r.returncode == 2 and "WIDTHxHEIGHT" in r.stderr


def test_app_without_display_explains(tmp_path):
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    r = subprocess.run([sys.executable, str(REPO / "main.py")], capture_output=True, text=True, env=env,
                       timeout=60, cwd=REPO)
    assert r.returncode == 1 and "DISPLAY" in r.stderr


def test_logreg_reproduces_the_seeds_loop():
    r = run("logreg", "--preset", "seed", "--solver", "gd", "--lr", "0.1", "--iters", "3000", "--init", "1,1,1",
            "--json")
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    for key in ("weights", "intercepts", "loss", "accuracy", "iterations", "stop_reason"):
        assert key in out
    # the seed's loop, run here verbatim
    from core.datasets2d import seed_dataset

    d = seed_dataset()
    w1 = w2 = b = 1
    for _ in range(3000):
        p = 1 / (1 + np.exp(-(w1 * d.X[:, 0] + w2 * d.X[:, 1] + b)))
        w1, w2, b = (w1 - 0.1 / 300 * np.dot(p - d.y, d.X[:, 0]), w2 - 0.1 / 300 * np.dot(p - d.y, d.X[:, 1]),
                     b - 0.1 / 300 * np.sum(p - d.y))
    assert out["weights"][0] == pytest.approx([w1, w2], rel=1e-9)
    assert out["intercepts"][0] == pytest.approx(b, rel=1e-9)
    assert out["iterations"] == 3000 and out["accuracy"] == pytest.approx(0.92)


def test_logreg_newton_l2_matches_the_seeds_scikit_learn_numbers():
    out = json.loads(run("logreg", "--solver", "newton", "--l2-C", "1", "--json").stdout)
    assert [round(v, 2) for v in out["weights"][0]] == [1.18, 1.13]
    assert round(out["intercepts"][0], 1) == -10.8 and out["accuracy"] == pytest.approx(0.91)
    assert out["stop_reason"] == "converged"


@pytest.mark.parametrize("strategy, models", [("ovr", 3), ("ovo", 3), ("softmax", 1)])
def test_logreg_many_classes(strategy, models):
    out = json.loads(run("logreg", "--blobs", "3", "--n", "300", "--spread", "0.8", "--strategy", strategy,
                         "--lr", "0.5", "--iters", "1000", "--test-fraction", "0.2", "--json").stdout)
    assert out["models"] == models and out["classes"] == 3
    assert out["accuracy"] > 0.97 and out["test_accuracy"] > 0.95 and out["test_points"] == 60


@pytest.mark.parametrize(
    "args, fragment",
    [
        (["--lr", "0"], "positive"),
        (["--blobs", "9"], "--blobs must be a whole number from 2 to 6 (got 9)"),
        (["--init", "1,2"], "need 3 numbers"),
        (["--l2-C", "-1"], "C must be a positive"),
        (["--test-fraction", "0.95"], "--test-fraction must be a number from 0 to 0.9 (got 0.95)"),
    ],
)
def test_logreg_bad_input(args, fragment):
    r = run("logreg", *args, "--json")
    assert r.returncode == 2 and r.stdout == "" and fragment in r.stderr


def test_logreg_bad_csv(tmp_path):
    f = tmp_path / "one.csv"
    f.write_text("x1,x2,label\n1,2,0\n3,4,0\n")
    r = run("logreg", "--csv", str(f), "--json")
    assert r.returncode == 2 and "at least two classes" in r.stderr
    f.write_text("x1,x2,label\n1,2,0\n3,4,cat\n")
    r = run("logreg", "--csv", str(f), "--json")
    assert r.returncode == 2 and "cat" in r.stderr


def test_logreg_divergence_exits_non_zero():
    r = run("logreg", "--lr", "100", "--init", "1,1,1", "--json")
    assert r.returncode == 1
    out = json.loads(r.stdout)
    assert out["stop_reason"] == "diverged" and np.isfinite(out["loss"]) and "too high" in r.stderr


def test_logreg_separable_without_penalty_says_so():
    r = run("logreg", "--blobs", "2", "--spread", "0.3", "--solver", "newton", "--json")
    assert json.loads(r.stdout)["stop_reason"] == "separable" and "--l2-C" in r.stderr


PHOTOS = REPO / "resources" / "samples" / "photos"


def test_read_dial_single_photo_with_calibration():
    r = run("read-dial", str(PHOTOS / "red_19_oil_pressure_red.jpg"), "--calib", "225:0,-45:100", "--json")
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    for key in ("angle_deg", "reading", "pivot", "tip", "pixels", "confidence", "fit"):
        assert key in out
    assert abs(out["angle_deg"] - 227.0) < 3
    assert out["fit"] == "tls" and out["pixels"] > 100
    # the needle rests just before the 0 mark: a slightly negative reading, outside the scale
    assert out["reading"] == pytest.approx((225 - out["angle_deg"]) / 270 * 100, abs=1e-6)
    assert out["in_range"] is False
    assert out["decode_seconds"] > 0 and out["pipeline_seconds"] > 0


def test_read_dial_options_and_the_seeds_fit(tmp_path):
    import cv2

    from core.dial_synth import make_dial

    img, truth = make_dial(90.0, style="plain", tail=False)
    f = tmp_path / "vertical.png"
    cv2.imwrite(str(f), img)
    tls = json.loads(run("read-dial", str(f), "--json").stdout)
    assert abs(tls["angle_deg"] - 90) < 0.5
    seed = run("read-dial", str(f), "--fit", "seed", "--seed-resize", "--json")
    if seed.returncode == 0:
        assert abs(json.loads(seed.stdout)["angle_deg"] - 90) > 5  # the seed's y-on-x fit fails here
    else:
        assert "vertical" in seed.stderr
    pivot = run("read-dial", str(f), "--pivot", f"{truth.pivot[0]},{truth.pivot[1]}", "--json")
    assert json.loads(pivot.stdout)["pivot_source"] == "user"
    dark = run("read-dial", str(PHOTOS / "dark_03_jis_pressure_0001.png"), "--color", "dark", "--json")
    assert abs(json.loads(dark.stdout)["angle_deg"] - 224.2) < 3


def test_read_dial_folder_to_csv(tmp_path):
    import csv
    import shutil

    from core.dial_io import COLUMNS

    for name in ("red_20_fuel_pressure_oblique.jpg", "red_21_marsh_setpointer.jpg"):
        shutil.copy(PHOTOS / name, tmp_path / name)
    shutil.copy(PHOTOS / "red_19_oil_pressure_red.jpg", tmp_path / "油压表.jpg")
    (tmp_path / "broken.png").write_bytes(b"\x89PNG\r\n\x1a\n garbage")
    (tmp_path / "notes.txt").write_text("not an image")
    out = tmp_path / "out" / "readings.csv"
    out.parent.mkdir()
    r = run("read-dial", str(tmp_path), "--csv", str(out), "--calib", "225:0,-45:100", "--json")
    assert r.returncode == 0, r.stderr
    summary = json.loads(r.stdout)
    assert summary["read"] == 3 and summary["failed"] == 1
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")  # UTF-8 with a BOM, for Excel
    with open(out, encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        rows = list(reader)
    assert tuple(reader.fieldnames) == COLUMNS  # the lab's Export writes the same columns
    assert len(rows) == 4
    broken = next(row for row in rows if row["path"].endswith("broken.png"))
    assert broken["error_code"] == "corrupt_image" and broken["angle_deg"] == "" and "damaged" in broken["error"]
    oil = next(row for row in rows if row["file"] == "油压表.jpg")
    # the needle rests just before the 0 mark: a slightly negative reading, off the scale
    assert float(oil["reading"]) == pytest.approx((225 - float(oil["angle_deg"])) / 270 * 100, abs=1e-3)
    assert oil["in_range"] == "false" and oil["reliable"] == "true"
    marsh = next(row for row in rows if row["file"].startswith("red_21"))  # at 183°: 15.6 on the scale
    assert marsh["in_range"] == "true" and float(marsh["reading"]) == pytest.approx(15.6, abs=1.5)
    json_rows = {Path(row["path"]).name: row for row in summary["images"]}
    assert json_rows["油压表.jpg"]["in_range"] is False and json_rows["broken.png"]["error_code"] == "corrupt_image"


def test_read_dial_csv_that_cannot_be_written_says_so_and_leaves_nothing(tmp_path):
    import shutil

    shutil.copy(PHOTOS / "red_19_oil_pressure_red.jpg", tmp_path / "a.jpg")
    target = tmp_path / "readings.csv"
    target.mkdir()  # a folder where the file should go: the rename fails
    r = run("read-dial", str(tmp_path), "--csv", str(target), "--json")
    assert r.returncode == 2 and r.stdout == ""
    assert "could not be saved" in r.stderr and "Nothing was changed" in r.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.jpg", "readings.csv"]


def test_read_dial_failed_export_keeps_the_old_csv(tmp_path, monkeypatch):
    import shutil

    import core.atomic
    from gui.cli import CliError, build_parser, run_read_dial

    shutil.copy(PHOTOS / "red_19_oil_pressure_red.jpg", tmp_path / "a.jpg")
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    out = out_dir / "readings.csv"
    out.write_text("old", encoding="utf-8")

    def full_disk(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(core.atomic.os, "replace", full_disk)
    args = build_parser().parse_args(["read-dial", str(tmp_path), "--csv", str(out)])
    with pytest.raises(CliError) as err:
        run_read_dial(args)
    assert "No space left" in str(err.value)
    assert out.read_text(encoding="utf-8") == "old" and [p.name for p in out_dir.iterdir()] == ["readings.csv"]


@pytest.mark.parametrize("setup, fragment", [
    ("missing", "does not exist"),
    ("empty", "empty"),
    ("text", "not an image"),
    ("blue", "No pixels pass"),
])
def test_read_dial_bad_input(tmp_path, setup, fragment):
    import cv2

    f = tmp_path / "x.png"
    if setup == "empty":
        f.write_bytes(b"")
    elif setup == "text":
        f.write_text("hello")
    elif setup == "blue":
        cv2.imwrite(str(f), np.full((100, 100, 3), (200, 50, 10), np.uint8))
    r = run("read-dial", str(f), "--json")
    assert r.returncode == 2 and r.stdout == "" and fragment in r.stderr


def test_read_dial_bad_arguments(tmp_path):
    photo = str(PHOTOS / "red_19_oil_pressure_red.jpg")
    assert "ANGLE:VALUE" in run("read-dial", photo, "--calib", "oops").stderr
    assert "6 numbers" in run("read-dial", photo, "--hsv", "1,2,3").stderr
    assert "--csv" in run("read-dial", str(tmp_path)).stderr
    r = run("read-dial", photo, "--calib", "10:0", "--json")
    assert r.returncode == 2 and "at least two marks" in r.stderr


@pytest.mark.torch
def test_train_mlp_on_the_subset_saves_both_forms(tmp_path):
    r = run("train-mlp", "--subset", "--epochs", "1", "--hidden", "64", "--save", str(tmp_path / "m.pt"), "--json",
            timeout=300)
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert out["data"] == {"source": "bundled", "location": out["data"]["location"], "train": 10000, "test": 2000}
    assert len(out["epochs"]) == 1 and 0.5 < out["test_acc"] <= 1 and out["samples_per_s"] > 0
    assert "epoch:0 train_loss:" in r.stderr  # the seed's line, on stderr with --json
    from core.mlp import load_model

    _, cfg, metrics = load_model(tmp_path / "m.pt")
    assert cfg.hidden == (64,) and metrics[0]["test_acc"] == out["test_acc"]
    r = run("train-mlp", "--subset", "--epochs", "1", "--save", str(tmp_path / "last.pt"), "--seed-format",
            timeout=300)
    assert r.returncode == 0 and r.stdout.startswith("epoch:0 train_loss:")
    import torch

    assert set(torch.load(tmp_path / "last.pt", weights_only=True)) == {"net.0.weight", "net.0.bias", "net.2.weight",
                                                                        "net.2.bias"}


@pytest.mark.torch
def test_train_mlp_bad_input(tmp_path):
    r = run("train-mlp", "--data", str(tmp_path / "none"), "--json")
    assert r.returncode == 2 and "does not exist" in r.stderr and r.stdout == ""
    assert "1024 or 512,256" in run("train-mlp", "--hidden", "big").stderr
    r = run("train-mlp", "--subset", "--lr", "0", "--json")
    assert r.returncode == 2 and "positive" in r.stderr


# ---------------------------------------------------------------- extreme but finite data


def extreme_files(tmp_path):
    """The four cases: squares overflow, squares underflow, a huge offset, one wild outlier."""
    rng = np.random.default_rng(0)
    n = 200
    x = rng.uniform(-1, 1, n)
    y = 1.5 * x + rng.normal(0, 0.1, n)
    X = rng.normal(size=(n, 2))
    label = (X[:, 0] + X[:, 1] + rng.normal(0, 0.5, n) > 0).astype(int)
    cases = {"big": (1e200, 0.0), "tiny": (1e-300, 0.0), "offset": (1.0, 1e12), "outlier": (1.0, 0.0)}
    files = {}
    for name, (scale, offset) in cases.items():
        xs, ys, Xs = x * scale + offset, y * scale + offset, X * scale + offset
        if name == "outlier":
            xs, Xs = xs.copy(), Xs.copy()
            xs[5] = Xs[5, 0] = 1e150
        lin, log = tmp_path / f"lin_{name}.csv", tmp_path / f"log_{name}.csv"
        lin.write_text("x,y\n" + "".join(f"{a!r},{b!r}\n" for a, b in zip(xs.tolist(), ys.tolist())))
        log.write_text("x1,x2,label\n" + "".join(f"{a!r},{b!r},{c}\n" for (a, b), c in zip(Xs.tolist(), label)))
        files[name] = (lin, log)
    return files


def check_outcome(r):
    """exit 0 with a finite result; 1 with a failed descent said in one line; 2 with one line."""
    assert "Traceback" not in r.stderr
    if r.returncode == 2:
        assert r.stdout == "" and len(r.stderr.strip().splitlines()) == 1, r.stderr
        return None
    out = json.loads(r.stdout)  # strict JSON: NaN or Infinity would not parse as Python floats here
    for key in ("loss", "max_stable_lr"):
        assert out[key] is not None and np.isfinite(out[key])
    if r.returncode == 1:
        assert out["stop_reason"] in ("no_progress", "diverged")
        assert len(r.stderr.strip().splitlines()) == 1, r.stderr
    else:
        assert r.returncode == 0, r.stderr
    return out


@pytest.mark.parametrize("case", ["big", "tiny", "offset", "outlier"])
def test_extreme_data_finishes_quickly_with_a_result_or_one_line(tmp_path, case):
    lin, log = extreme_files(tmp_path)[case]
    results = [check_outcome(run("linreg", "--csv", str(lin), "--json", timeout=60))]
    for solver in ("gd", "newton"):
        results.append(check_outcome(run("logreg", "--csv", str(log), "--solver", solver, "--json", timeout=60)))
    if case in ("big", "tiny"):  # refused at the door, saying what to do
        assert results == [None, None, None]
    else:
        lin_out, _, newton_out = results
        assert lin_out["condition_number"] is not None and np.isfinite(lin_out["condition_number"])
        assert newton_out["stop_reason"] == "converged" and newton_out["accuracy"] > 0.7


def test_values_too_large_says_which_column_and_what_to_do(tmp_path):
    lin, _ = extreme_files(tmp_path)["big"]
    r = run("linreg", "--csv", str(lin))
    assert r.returncode == 2 and "x holds a value as large as" in r.stderr and "power of ten" in r.stderr


def test_a_run_that_learns_nothing_exits_1_and_says_so(tmp_path):
    _, log = extreme_files(tmp_path)["offset"]
    r = run("logreg", "--csv", str(log), "--solver", "gd", "--json")
    assert r.returncode == 1
    assert json.loads(r.stdout)["stop_reason"] == "no_progress"
    assert "no progress" in r.stderr and "--solver newton" in r.stderr
    r = run("linreg", "--lr", "1e-30", "--iters", "100", "--json")
    assert r.returncode == 1 and json.loads(r.stdout)["stop_reason"] == "no_progress" and "no progress" in r.stderr


# ---------------------------------------------------------------- JSON


def test_json_never_holds_nan_or_infinity(capsys):
    from gui.cli import print_json

    print_json({"a": float("nan"), "b": [1.0, float("inf"), {"c": -float("inf")}], "d": np.float64("nan"),
                "e": np.array([1.0, np.nan]), "f": (2, 3), "g": "nan"})
    text = capsys.readouterr().out
    assert "NaN" not in text and "Infinity" not in text
    assert json.loads(text) == {"a": None, "b": [1.0, None, {"c": None}], "d": None, "e": [1.0, None],
                                "f": [2, 3], "g": "nan"}


def test_every_json_print_goes_through_one_function():
    source = (REPO / "gui" / "cli.py").read_text(encoding="utf-8")
    assert source.count("json.dumps(") == 1 and "allow_nan=False" in source


# ---------------------------------------------------------------- every numeric option


READ_DIAL = ["read-dial", "dial.png"]
SHOT = ["screenshot", "--tab", "linear", "--out", "shot.png"]
BAD_NUMBERS = ["nan", "inf", "1e308", "-1", "abc"]
BAD_LISTS = ["nan,1", "inf,1", "1e308,1", "-1e308,1", "abc,1", "1"]
NUMERIC_OPTIONS = [
    (["linreg"], "--synthetic", BAD_NUMBERS),
    (["linreg"], "--slope", ["nan", "inf", "1e308", "-1e308", "abc"]),
    (["linreg"], "--intercept", ["nan", "inf", "1e308", "-1e308", "abc"]),
    (["linreg"], "--noise", BAD_NUMBERS),
    (["linreg"], "--seed", BAD_NUMBERS),
    (["linreg"], "--lr", BAD_NUMBERS),
    (["linreg"], "--lr-intercept-scale", BAD_NUMBERS),
    (["linreg"], "--iters", BAD_NUMBERS),
    (["linreg"], "--tol", BAD_NUMBERS),
    (["linreg"], "--start", BAD_LISTS),
    (["logreg"], "--blobs", BAD_NUMBERS),
    (["logreg"], "--n", BAD_NUMBERS),
    (["logreg"], "--spread", BAD_NUMBERS),
    (["logreg"], "--noise", BAD_NUMBERS),
    (["logreg"], "--seed", BAD_NUMBERS),
    (["logreg"], "--lr", BAD_NUMBERS),
    (["logreg"], "--iters", BAD_NUMBERS),
    (["logreg"], "--tol", BAD_NUMBERS),
    (["logreg"], "--init", BAD_LISTS[:-1]),
    (["logreg"], "--l2-C", BAD_NUMBERS),
    (["logreg"], "--test-fraction", BAD_NUMBERS),
    (READ_DIAL, "--pivot", BAD_LISTS),
    (READ_DIAL, "--hsv", ["nan,10,156,180,43,46", "inf,10,156,180,43,46", "1e308,10,156,180,43,46",
                          "-1,10,156,180,43,46", "abc,10,156,180,43,46", "1,2,3"]),
    (READ_DIAL, "--dark-vmax", BAD_NUMBERS),
    (READ_DIAL, "--calib", ["nan:0,90:1", "inf:0,90:1", "1e308:0,90:1", "0:-1e308,90:1", "abc:0,90:1", "oops"]),
    (["train-mlp"], "--epochs", BAD_NUMBERS),
    (["train-mlp"], "--lr", BAD_NUMBERS),
    (["train-mlp"], "--batch-size", BAD_NUMBERS),
    (["train-mlp"], "--seed", BAD_NUMBERS),
    (["gradcheck"], "--hidden", BAD_NUMBERS),
    (["gradcheck"], "--seed", BAD_NUMBERS),
    (["gradcheck"], "--points", BAD_NUMBERS),
    (SHOT, "--demo-seconds", BAD_NUMBERS),
]


@pytest.mark.parametrize("command, option, values", NUMERIC_OPTIONS, ids=lambda v: v if isinstance(v, str) else None)
def test_every_numeric_option_refuses_bad_values_in_one_line(capsys, command, option, values):
    """nan, inf, a huge value, a negative one and a non-number: exit 2 and one line naming the
    option, its range and the value given, for every numeric option of every command."""
    from gui.cli import main

    for value in values:
        status = main([*command, f"{option}={value}", "--json"])
        captured = capsys.readouterr()
        assert status == 2, (option, value, captured.err)
        assert captured.out == ""
        lines = captured.err.strip().splitlines()
        assert len(lines) == 1 and "Traceback" not in captured.err, captured.err
        assert option in lines[0] and value in lines[0], lines[0]


@pytest.mark.parametrize("args, fragment", [
    (["linreg", "--seed", "-1"], "--seed must be a whole number from 0 to 4294967295 (got -1)"),
    (["logreg", "--seed", "-1"], "--seed must be a whole number from 0 to 4294967295 (got -1)"),
    (["gradcheck", "--seed", "-1"], "--seed must be a whole number from 0 to 4294967295 (got -1)"),
    (["read-dial", "x.png", "--hsv", "nan,10,156,180,43,46"], "--hsv must be 6 numbers"),
    (["logreg", "--spread", "1e308"], "--spread must be a number from 0 to 1e+100 (got 1e308)"),
    (["--lang", "fr"], "--lang must be en or zh_CN (got fr)"),
    (["linreg", "--synthetic", "100", "--noise", "-1"], "--noise must be a number from 0 to 1e+100 (got -1)"),
    (["logreg", "--n", "0"], "--n must be a whole number from 2 to 1000000 (got 0)"),
    (["linreg", "--start", "1e308,1e308"], "--start must be 2 numbers"),
    (["logreg", "--test-fraction", "nan"], "--test-fraction must be a number from 0 to 0.9 (got nan)"),
])
def test_tracebacks_and_wrong_messages_of_the_past(args, fragment):
    r = run(*args)
    assert r.returncode == 2 and r.stdout == "" and "Traceback" not in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1 and fragment in r.stderr, r.stderr


def test_core_messages_name_the_right_lab():
    """too_few_points comes from the linear and the classification labs alike."""
    from core.datasets2d import blobs, make_labeled
    from core.errors import DataError
    from gui.messages import describe_error

    for make in (lambda: make_labeled([[0.0, 1.0]], [0]), lambda: blobs(4, 3, 1.0, 0)):
        with pytest.raises(DataError) as err:
            make()
        text = describe_error(err.value)
        assert "Linear" not in text and "{" not in text and "at least" in text


def test_csv_columns_by_name_and_by_number(tmp_path):
    f = tmp_path / "people.csv"
    rows = [(i, 150 + i, 45 + 0.5 * i + (i % 3)) for i in range(30)]
    f.write_text("id,height,weight\n" + "".join(f"{a},{b},{c}\n" for a, b, c in rows))
    r = run("linreg", "--csv", str(f), "--json")
    assert r.returncode == 2 and "no column named “x”" in r.stderr and "id, height, weight" in r.stderr
    for cols in ("height,weight", "2,3", "HEIGHT,3"):
        r = run("linreg", "--csv", str(f), "--columns", cols, "--iters", "20000", "--json")
        assert r.returncode == 0, r.stderr
        out = json.loads(r.stdout)
        assert out["columns"] == {"names": ["height", "weight"], "numbers": [2, 3], "by_name": False}
        assert out["ols_slope"] == pytest.approx(0.5, abs=0.05)
    r = run("linreg", "--columns", "2,3")
    assert r.returncode == 2 and "--csv" in r.stderr
    g = tmp_path / "xy.csv"
    g.write_text("id,x,y\n1,1,2\n2,2,4\n3,3,6.5\n")
    out = json.loads(run("linreg", "--csv", str(g), "--json").stdout)
    assert out["columns"]["names"] == ["x", "y"] and out["columns"]["by_name"]
    assert out["ols_slope"] == pytest.approx(2.25)
    assert "x = column 2 “x”, y = column 3 “y”" in run("linreg", "--csv", str(g)).stdout


def test_read_dial_json_names_agree_between_one_image_and_a_folder(tmp_path):
    """A folder's rows carry the same names as the one-image object (residual_rms_px, reliable, ...)."""
    import shutil

    shutil.copy(PHOTOS / "red_19_oil_pressure_red.jpg", tmp_path / "a.jpg")
    one = json.loads(run("read-dial", str(tmp_path / "a.jpg"), "--json").stdout)
    folder = json.loads(run("read-dial", str(tmp_path), "--csv", str(tmp_path / "r.csv"), "--json").stdout)
    row = folder["images"][0]
    shared = {"path", "angle_deg", "reading", "in_range", "pivot", "tip", "pivot_source", "pixels", "confidence",
              "reliable", "fit", "residual_rms_px", "image_size"}
    assert shared <= set(one) and shared <= set(row)
    for key in ("angle_deg", "confidence", "residual_rms_px", "pixels", "reliable"):
        assert row[key] == one[key], key
