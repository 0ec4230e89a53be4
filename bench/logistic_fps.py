"""Logistic lab speed: probability map and boundary frames while descending on 10,000 points.

    .venv/bin/python bench/logistic_fps.py [--points 10000] [--seconds 5] [--classes 2] [--no-contour]

Prints, each measured in this run:
  1. frames/s and the longest frame of the lab (1280×800 window, offscreen) descending as
     fast as it can on N points with its 200×200 probability map and boundary redrawn
     every frame; bar (issue 3): ≥ 30 frames/s; for two classes, the same again with the
     loss-contour tab shown in the map's place (issue 13: its path every frame, its slice
     on a worker at most 4 times a second);
  2. the baseline: the seed's way of showing progress, redrawn each frame — clear the plot,
     scatter every point again, and recompute the map with the seed's own formulas
     (sigmoid 1/(1+exp(-x)) on every grid point) into a new image;
  3. their ratio.
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

import numpy as np  # noqa: E402

from core import datasets2d as ds  # noqa: E402
from core.logreg import LogisticGD, LogRegConfig  # noqa: E402
from linear_fps import frame_stats  # noqa: E402


def lab_frames(n: int, k: int, seconds: float, views: tuple[str, ...] = ("map",)):
    from PySide6.QtCore import QEventLoop, QTimer

    from gui.app import create_application
    from gui.i18n import LanguageManager
    from gui.main_window import MainWindow

    app = create_application()
    w = MainWindow(LanguageManager(app), None)
    w.resize(1280, 800)
    w.show()
    w.select_tab("logistic")
    panel = w.panels["logistic"]
    panel.preset_combo.setCurrentIndex(panel.preset_combo.findData("blobs"))
    panel.classes_spin.setValue(k)
    panel.spread_slider.setValue(2.0)
    panel.n_slider.set_value(n)
    panel.iters_spin.setValue(50_000)
    panel.lr_slider.set_value(0.05)
    panel.player.speed.set_value(1e6)
    assert panel.data().n == n
    stamps: list[float] = []
    iters: list[int] = []
    panel.player.advance_requested.connect(lambda _n: (stamps.append(time.perf_counter()),
                                                        iters.append(panel.learner().iteration)))
    results = []
    for view in views:
        # the map, or the loss-contour tab in its place (its slices on the lab's TaskRunner)
        panel.show_contours(view == "contour")
        panel.learner().reset()
        for _ in range(10):
            app.processEvents()
        stamps.clear()
        iters.clear()
        panel.player.set_playing(True)
        loop = QEventLoop()
        QTimer.singleShot(int(seconds * 1000), loop.quit)
        loop.exec()
        panel.player.set_playing(False)
        fps, longest, median = frame_stats(stamps[2:])
        results.append((view, fps, longest, median, (iters[-1] - iters[2]) / (stamps[-1] - stamps[2])))
    w.close()
    return results


def baseline_frames(n: int, k: int, seconds: float):
    import pyqtgraph as pg
    from PySide6.QtCore import QEventLoop, QTimer

    from gui.app import create_application

    create_application()
    data = ds.blobs(k, n, 2.0, 0)
    gd = LogisticGD(data, LogRegConfig(lr=0.05, max_iters=50_000))
    plot = pg.PlotWidget()
    plot.resize(560, 470)
    plot.show()
    xs = np.linspace(data.X[:, 0].min(), data.X[:, 0].max(), 200)
    ys = np.linspace(data.X[:, 1].min(), data.X[:, 1].max(), 200)
    gx, gy = np.meshgrid(xs, ys, indexing="ij")
    stamps: list[float] = []

    def frame() -> None:
        stamps.append(time.perf_counter())
        gd.step(5)
        W = gd.weights
        plot.clear()
        z = W[0, 0] * gx + W[1, 0] * gy + W[2, 0]
        p = 1 / (1 + np.exp(-z))  # the seed's sigmoid
        img = pg.ImageItem((p * 255).astype(np.uint8))
        plot.addItem(img)
        plot.plot(data.X[:, 0], data.X[:, 1], pen=None, symbol="o", symbolSize=5)

    timer = QTimer()
    timer.setInterval(12)
    timer.timeout.connect(frame)
    timer.start()
    loop = QEventLoop()
    QTimer.singleShot(int(seconds * 1000), loop.quit)
    with np.errstate(over="ignore"):
        loop.exec()
    timer.stop()
    plot.close()
    return frame_stats(stamps[2:])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--points", type=int, default=10_000)
    ap.add_argument("--classes", type=int, default=2)
    ap.add_argument("--seconds", type=float, default=5.0)
    ap.add_argument("--no-contour", action="store_true", help="measure the map only, not the loss-contour tab")
    args = ap.parse_args()
    views = ("map",) if args.no_contour or args.classes != 2 else ("map", "contour")
    results = lab_frames(args.points, args.classes, args.seconds, views)
    bfps, blongest, bmedian = baseline_frames(args.points, args.classes, args.seconds)
    for view, fps, longest, median, its in results:
        what = "200x200 map" if view == "map" else "loss contours (100x100 slice on a worker)"
        print(f"logistic lab, {args.points} points, {args.classes} classes, {what}: {fps:.1f} frames/s, "
              f"longest frame {longest:.1f} ms, median {median:.1f} ms, {its:,.0f} iterations/s on screen")
    print(f"baseline (clear, re-scatter, seed's sigmoid map each frame): {bfps:.1f} frames/s, "
          f"longest frame {blongest:.1f} ms, median {bmedian:.1f} ms")
    for view, fps, *_ in results:
        print(f"{view}: ratio frames/s lab/baseline: {fps / bfps:.2f}x; "
              f"bar 30 frames/s: {'met' if fps >= 30 else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
