"""Concepts lab, backpropagation page: training speed and frames while it learns live.

    .venv/bin/python bench/backprop_fps.py [--points 400] [--hidden 16] [--seconds 4]

Prints, each measured in this run, for the seed's two-layer network (2 → H → 2, softmax
cross-entropy, full-batch gradient descent) on moons:
  1. steps/s of core.backprop (numpy, the seed's derivation) and of the baseline, the same
     network and loss with torch autograd (float64, one step per call), and their ratio;
  2. frames/s, the longest frame and the steps/s on screen of the page playing in the
     window (1280×800, offscreen), decision regions redrawn every frame.
No number is named for this page; smooth is taken as ≥ 30 frames/s.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from core.backprop import TwoLayerNet, make_preset  # noqa: E402
from linear_fps import frame_stats  # noqa: E402


def numpy_steps(data, hidden: int, seconds: float) -> float:
    net = TwoLayerNet(hidden, "tanh", 2, 0)
    n, t0 = 0, time.perf_counter()
    while time.perf_counter() - t0 < seconds:
        net.train_steps(data.X, data.y, 0.5, 100)
        n += 100
    return n / (time.perf_counter() - t0)


def autograd_steps(data, hidden: int, seconds: float) -> float:
    import torch

    net = TwoLayerNet(hidden, "tanh", 2, 0)
    params = {k: torch.tensor(v, requires_grad=True) for k, v in net.get_params().items()}
    X = torch.tensor(data.X)
    y = torch.tensor(data.y)
    opt = torch.optim.SGD(params.values(), lr=0.5)
    n, t0 = 0, time.perf_counter()
    while time.perf_counter() - t0 < seconds:
        z = torch.tanh(X @ params["W1"] + params["b1"]) @ params["W2"] + params["b2"]
        loss = torch.nn.functional.cross_entropy(z, y)
        opt.zero_grad()
        loss.backward()
        opt.step()
        n += 1
    return n / (time.perf_counter() - t0)


def page_frames(points: int, hidden: int, seconds: float) -> tuple[float, float, float, float]:
    from PySide6.QtCore import QEventLoop, QTimer

    from gui.app import create_application
    from gui.i18n import LanguageManager
    from gui.main_window import MainWindow

    app = create_application()
    w = MainWindow(LanguageManager(app), None)
    w.resize(1280, 800)
    w.show()
    w.select_tab("concepts")
    panel = w.panels["concepts"]
    page = panel.backprop
    panel.pages.setCurrentWidget(page)
    page.points_spin.setValue(points)
    page.hidden_spin.setValue(hidden)
    stamps: list[float] = []
    page.timer.timeout.connect(lambda: stamps.append(time.perf_counter()))
    page.play_button.setChecked(True)
    loop = QEventLoop()
    QTimer.singleShot(int(seconds * 1000), loop.quit)
    t0 = time.perf_counter()
    loop.exec()
    steps = page.net().steps / (time.perf_counter() - t0)
    page.play_button.setChecked(False)
    w.ask_before_closing = False
    w.close()
    fps, longest, median = frame_stats(stamps[1:])
    return fps, longest, median, steps


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--points", type=int, default=400)
    ap.add_argument("--hidden", type=int, default=16)
    ap.add_argument("--seconds", type=float, default=4.0)
    args = ap.parse_args()
    data = make_preset("moons", args.points, 0.15, 0)
    ours = numpy_steps(data, args.hidden, 2.0)
    base = autograd_steps(data, args.hidden, 2.0)
    print(f"moons, {args.points} points, H = {args.hidden}, tanh, full batch:")
    print(f"  core.backprop (numpy): {ours:,.0f} steps/s; torch autograd, same network: {base:,.0f} steps/s; "
          f"ratio {ours / base:.2f}x")
    fps, longest, median, steps = page_frames(args.points, args.hidden, args.seconds)
    print(f"  the page playing (1280x800): {fps:.1f} frames/s, longest frame {longest:.1f} ms, median {median:.1f} ms,"
          f" {steps:,.0f} steps/s on screen (smooth, ≥ 30 frames/s: {'yes' if fps >= 30 else 'NO'})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
