"""`main.py FILE` opens a file in the lab that takes it; `screenshot --open FILE` renders a
lab after opening FILE as File → Import would, even when the lab refuses it."""

from __future__ import annotations

import subprocess
import sys

import cv2
import numpy as np
import pytest

from core.dial_synth import make_dial
from core.idx import write_idx
from gui.labs import lab_for_path
from tests.conftest import REPO


@pytest.fixture
def files(tmp_path):
    out = {}
    (tmp_path / "points.csv").write_text("x,y\n1,2\n2,4.1\n3,5.9\n", encoding="utf-8")
    (tmp_path / "height_weight.csv").write_text("height,weight\n1,2\n2,4\n3,7\n", encoding="utf-8")
    (tmp_path / "labelled.csv").write_text("x1,x2,label\n0,0,0\n1,1,1\n0,1,0\n1,0,1\n", encoding="utf-8")
    (tmp_path / "bare3.csv").write_text("0,0,0\n1,1,1\n0,1,0\n", encoding="utf-8")
    img, _ = make_dial(40.0)
    cv2.imwrite(str(tmp_path / "gauge.png"), img)
    (tmp_path / "model.pt").write_bytes(b"PK\x03\x04 not really")
    (tmp_path / "blob.bin").write_bytes(bytes(range(256)) * 4)
    photos = tmp_path / "photos"
    photos.mkdir()
    cv2.imwrite(str(photos / "a.jpg"), img)
    fashion = tmp_path / "fashion"
    fashion.mkdir()
    for stem, shape in (("train-images-idx3-ubyte", (3, 28, 28)), ("t10k-images-idx3-ubyte", (2, 28, 28))):
        write_idx(fashion / stem, np.zeros(shape, np.uint8))
    for stem, n in (("train-labels-idx1-ubyte", 3), ("t10k-labels-idx1-ubyte", 2)):
        write_idx(fashion / stem, np.zeros(n, np.uint8))
    for name in ("points.csv", "height_weight.csv", "labelled.csv", "bare3.csv", "gauge.png", "model.pt",
                 "blob.bin"):
        out[name] = tmp_path / name
    out["photos"], out["fashion"] = photos, fashion
    return out


@pytest.mark.parametrize("name, lab", [("points.csv", "linear"), ("height_weight.csv", "linear"),
                                       ("labelled.csv", "logistic"), ("bare3.csv", "logistic"),
                                       ("gauge.png", "dial"), ("model.pt", "mlp"), ("photos", "dial"),
                                       ("fashion", "mlp"), ("blob.bin", None)])
def test_each_file_goes_to_the_lab_that_takes_it(files, name, lab):
    assert lab_for_path(str(files[name])) == lab


def test_the_window_opens_a_file_in_its_lab(qtbot, main_window, files):
    assert main_window.open_path(str(files["labelled.csv"]))
    assert main_window.current_key() == "logistic"
    panel = main_window.panels["logistic"]
    qtbot.waitUntil(lambda: not panel.is_busy(), timeout=20000)
    assert panel.data().n == 4
    assert main_window.open_path(str(files["points.csv"]))
    linear = main_window.panels["linear"]
    qtbot.waitUntil(lambda: not linear.is_busy(), timeout=20000)
    assert main_window.current_key() == "linear" and linear.points().n == 3


def test_a_file_no_lab_takes_is_said_on_screen(qtbot, main_window, files, tmp_path):
    before = main_window.current_key()
    assert not main_window.open_path(str(files["blob.bin"]))
    assert "blob.bin" in main_window.statusBar().currentMessage()
    assert not main_window.open_path(str(tmp_path / "missing.csv"))
    assert "missing.csv" in main_window.statusBar().currentMessage()
    assert main_window.current_key() == before


def run_main(*args, timeout=180):
    return subprocess.run([sys.executable, "main.py", *args], cwd=REPO, capture_output=True, text=True,
                          timeout=timeout, env={**__import__("os").environ, "QT_QPA_PLATFORM": "offscreen"})


def test_screenshot_opens_a_file_and_renders_even_when_refused(files, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("x,y\n1,oops\n", encoding="utf-8")
    for source, out in ((files["points.csv"], tmp_path / "good.png"), (bad, tmp_path / "refused.png")):
        r = run_main("screenshot", "--tab", "linear", "--open", str(source), "--out", str(out), "--size", "1024x700")
        assert r.returncode == 0, r.stderr
        assert out.stat().st_size > 10_000
    a = cv2.imread(str(tmp_path / "good.png"))
    b = cv2.imread(str(tmp_path / "refused.png"))
    assert a.shape == b.shape and np.abs(a.astype(int) - b.astype(int)).sum() > 0  # the refusal shows


def test_main_with_a_file_starts_the_app(files, tmp_path):
    r = run_main("--exit-when-shown", str(files["points.csv"]))
    assert r.returncode == 0, r.stderr
    assert "Traceback" not in r.stderr
