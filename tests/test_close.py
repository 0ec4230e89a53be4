"""Closing the window while every lab works: it closes within a second, and each lab waits
only for its own tasks (quitting during training took up to 61 s)."""

from __future__ import annotations

import time

import cv2
import pytest

from core import datasets2d as ds
from core.dial_synth import make_dial
from gui.labs import LABS


@pytest.mark.torch
def test_quitting_with_every_lab_busy_closes_within_a_second(qtbot, app_language, tmp_path):
    from gui.main_window import MainWindow

    w = MainWindow(app_language, None)
    w.ask_before_closing = False
    qtbot.addWidget(w)
    w.resize(1280, 800)
    w.show()
    qtbot.waitExposed(w)
    for key in LABS:
        w.select_tab(key)

    # the Neural Network lab trains the seed's network on the bundled subset
    mlp = w.panels["mlp"]
    qtbot.waitUntil(lambda: mlp.data() is not None and not mlp.is_busy(), timeout=60000)
    from core.fashion import load_bundled

    mlp.controller.use_data(load_bundled())
    mlp.hidden_edit.setText("1024")
    mlp.epochs_spin.setValue(50)
    mlp.start_training()
    qtbot.waitUntil(lambda: mlp.progress.value() > 0, timeout=30000)
    assert mlp.is_training()

    # the dial lab reads a folder of photos
    dial = w.panels["dial"]
    files = []
    for i in range(40):
        img, _ = make_dial(10.0 + 7 * i, size=900)
        path = tmp_path / f"dial{i:02d}.png"
        cv2.imwrite(str(path), img)
        files.append(str(path))
    dial.read_batch(files)
    assert dial.is_busy()

    # the logistic lab solves for the exact optimum of a large data set
    logistic = w.panels["logistic"]
    data = ds.blobs(6, 60_000, 1.0, 3)
    logistic.set_data(data.X, data.y)
    assert logistic.is_busy()

    # the linear lab and the backpropagation page animate
    w.panels["linear"].player.set_playing(True)
    concepts = w.panels["concepts"]
    concepts.start_demo("backprop")
    w.select_tab("concepts")
    qtbot.wait(300)

    t0 = time.perf_counter()
    w.close()
    seconds = time.perf_counter() - t0
    assert not w.isVisible()
    print(f"closed in {seconds:.3f} s")
    assert seconds <= 1.0, f"closing took {seconds:.2f} s"
    # what was abandoned stops on its own soon after: the conftest checks no thread is left


@pytest.mark.torch
def test_a_small_import_does_not_wait_behind_training_and_a_batch(qtbot, app_language, tmp_path):
    """With one pool the size of the core count, a 50-row CSV waited 12 s behind a training
    run and a dial batch."""
    from gui.main_window import MainWindow

    w = MainWindow(app_language, None)
    w.ask_before_closing = False
    qtbot.addWidget(w)
    w.show()
    mlp = w.panels["mlp"]
    qtbot.waitUntil(lambda: mlp.data() is not None and not mlp.is_busy(), timeout=60000)
    from core.fashion import load_bundled

    mlp.controller.use_data(load_bundled())
    mlp.epochs_spin.setValue(50)
    mlp.start_training()
    qtbot.waitUntil(lambda: mlp.progress.value() > 0, timeout=30000)
    files = []
    for i in range(30):
        img, _ = make_dial(5.0 * i, size=900)
        files.append(str(tmp_path / f"d{i}.png"))
        cv2.imwrite(files[-1], img)
    w.panels["dial"].read_batch(files)
    csv = tmp_path / "small.csv"
    csv.write_text("x,y\n" + "".join(f"{i},{2 * i + 1}\n" for i in range(50)), encoding="utf-8")
    linear = w.panels["linear"]
    t0 = time.perf_counter()
    linear.load_csv(str(csv))
    qtbot.waitUntil(lambda: linear.points().n == 50, timeout=20000)
    waited = time.perf_counter() - t0
    assert waited < 3.0, f"the import waited {waited:.1f} s"
    w.close()
