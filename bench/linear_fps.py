"""Linear lab speed: descent throughput and animation frames with 10,000 points.

    .venv/bin/python bench/linear_fps.py [--points 10000] [--seconds 5]

Prints, each measured in this run:
  1. iterations/s of core's descent vs the seed's own loop (numpy over all points), same data;
  2. frames/s and the longest frame of the lab animating in a 1280×800 window (offscreen),
     playing fast enough that every frame spends its full step budget, vs a baseline that
     redraws the way the seed's notebook does (clear the figure, plot points and line again);
  3. the same animation with the formula pane shown (issue 13: its numbers change 4 times a
     second, its formulas are typeset once), against the run without it;
  4. the same animation with the residual segments shown (issue 13: up to 2,000 segments
     redrawn each frame, beside the gradient arrow and the last step drawn in every run);
  5. the optimizer race (issue 13): five rules (gradient descent, mini-batch SGD, momentum,
     RMSProp, Adam) racing on the same points, all moved by the player each frame;
  bar (issue 2): ≥ 60 frames/s while descending, with the formula pane or the residuals shown or
  not, and while five optimizers race.

    .venv/bin/python bench/linear_fps.py --race-only   (the race and the baseline only)
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np  # noqa: E402

from core.linreg import GDConfig, LinearGD, synthetic_points  # noqa: E402


def seed_loop_rate(x: np.ndarray, y: np.ndarray, seconds: float) -> float:
    """Iterations per second of the seed's loop body (section 1.1), plotting left out."""
    k, b, lr, size = 1.0, 1.0, 0.00005, x.shape[0]
    n = 0
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        for _ in range(100):
            y_pred = k * x + b
            _ = np.mean((y_pred - y) ** 2)  # the seed computes the loss each step too
            k = k - (lr / size) * np.dot(y_pred - y, x.T)
            b = b - 10000 * (lr / size) * np.sum(y_pred - y)
        n += 100
    return n / seconds


def core_rate(points, seconds: float) -> float:
    cfg = GDConfig(lr=5e-5, intercept_lr_scale=1e4, max_iters=2_000_000, tol=0.0)
    gd = LinearGD(points, cfg)
    n = 0
    start = time.perf_counter()
    while time.perf_counter() - start < seconds:
        if gd.history_length > 1_900_000:
            gd.reset()  # keep memory flat; the cost per step is what is measured
        n += gd.step(20_000)
    return n / (time.perf_counter() - start)


def frame_stats(stamps: list[float]) -> tuple[float, float, float]:
    gaps = np.diff(stamps)
    return len(gaps) / float(stamps[-1] - stamps[0]), float(gaps.max()) * 1000, float(np.median(gaps)) * 1000


RACERS = ("gd", "sgd", "momentum", "rmsprop", "adam")


def lab_frames(n_points: int, seconds: float, formulas: bool = False, residuals: bool = False, race: bool = False):
    from PySide6.QtCore import QTimer

    from gui.app import create_application
    from gui.i18n import LanguageManager
    from gui.main_window import MainWindow

    app = create_application()
    w = MainWindow(LanguageManager(app), None)
    w.ask_before_closing = False
    w.resize(1280, 800)
    w.show()
    panel = w.panels["linear"]
    panel.n_slider.set_value(n_points)
    panel.iters_spin.setValue(2_000_000)
    panel.scale_slider.set_value(1e4)
    panel.lr_slider.set_value(5e-5)
    panel.player.speed.set_value(1e6)  # more than a frame can do: every frame uses its budget
    panel.show_formulas(formulas)
    panel.residuals_check.setChecked(residuals)
    assert panel.points().n == n_points and panel.formula_view.is_shown() == formulas
    if race:
        from core.optim import OPTIMIZERS
        from gui.labs.linear.state import default_race_rows
        from gui.state import Table

        rows = default_race_rows().array.copy()
        rows[:, 1] = [1.0 if name in RACERS else 0.0 for name in OPTIMIZERS]
        panel.race_group.show_rows(Table(rows), True)
        panel.race_group.race_changed.emit()
        assert panel.controller.race is not None and panel.controller.race.rules == list(RACERS)
    stamps: list[float] = []
    iters: list[int] = []
    panel.player.advance_requested.connect(lambda _n: stamps.append(time.perf_counter()))
    panel.player.advance_requested.connect(lambda _n: iters.append(panel.learner().iteration))
    for _ in range(10):
        app.processEvents()
    panel.player.set_playing(True)
    QTimer.singleShot(int(seconds * 1000), app.quit)
    app.exec()
    panel.player.set_playing(False)
    w.close()
    fps, longest, median = frame_stats(stamps[2:])
    it_per_s = (iters[-1] - iters[2]) / (stamps[-1] - stamps[2])
    return fps, longest, median, it_per_s


def baseline_frames(n_points: int, seconds: float):
    """The notebook way: every frame clears the plot and draws points and line again."""
    import pyqtgraph as pg
    from PySide6.QtCore import QTimer

    from gui.app import create_application

    app = create_application()
    pts = synthetic_points(n_points, 0.43, 73, 5.3, 0)
    gd = LinearGD(pts, GDConfig(lr=5e-5, intercept_lr_scale=1e4, max_iters=2_000_000, tol=0.0))
    plot = pg.PlotWidget()
    plot.resize(1280 - 330, 800 // 2)
    plot.show()
    xs = np.array([100.0, 200.0])
    stamps: list[float] = []

    def frame() -> None:
        stamps.append(time.perf_counter())
        gd.step(10)
        plot.clear()
        plot.plot(pts.x, pts.y, pen=None, symbol="o", symbolSize=5)
        plot.plot(xs, gd.intercept + gd.slope * xs, pen="r")

    timer = QTimer()
    timer.setInterval(15)
    timer.timeout.connect(frame)
    timer.start()
    QTimer.singleShot(int(seconds * 1000), app.quit)
    app.exec()
    timer.stop()
    plot.close()
    fps, longest, median = frame_stats(stamps[2:])
    return fps, longest, median


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--points", type=int, default=10_000)
    ap.add_argument("--seconds", type=float, default=5.0)
    ap.add_argument("--race-only", action="store_true", help="only the race and the baseline")
    args = ap.parse_args()
    pts = synthetic_points(args.points, 0.43, 73, 5.3, 0)

    qfps, qlongest, qmedian, q_its = lab_frames(args.points, args.seconds, race=True)
    if args.race_only:
        fps, longest, median, lab_its = lab_frames(args.points, args.seconds)
    bfps0, _, _ = baseline_frames(args.points, args.seconds) if args.race_only else (0.0, 0.0, 0.0)
    race_line = (f"lab animation, five optimizers racing ({', '.join(RACERS)}), {args.points} points: {qfps:.1f} "
                 f"frames/s, longest frame {qlongest:.1f} ms, median {qmedian:.1f} ms, {q_its:,.0f} race "
                 f"iterations/s on screen")
    if args.race_only:
        print(race_line)
        print(f"lab animation, one run: {fps:.1f} frames/s; baseline (clear and replot): {bfps0:.1f} frames/s; "
              f"ratio race/baseline {qfps / bfps0:.2f}x, race/one run {qfps / fps:.2f}x; bar 60 frames/s: "
              f"{'met' if qfps >= 60 else 'NOT met'}")
        return 0

    seed = seed_loop_rate(pts.x, pts.y, 2.0)
    ours = core_rate(pts, 2.0)
    print(f"descent on {args.points} points: seed loop {seed:,.0f} it/s, core {ours:,.0f} it/s, "
          f"ratio {ours / seed:.1f}x")

    fps, longest, median, lab_its = lab_frames(args.points, args.seconds)
    ffps, flongest, fmedian, f_its = lab_frames(args.points, args.seconds, formulas=True)
    rfps, rlongest, rmedian, r_its = lab_frames(args.points, args.seconds, residuals=True)
    bfps, blongest, bmedian = baseline_frames(args.points, args.seconds)
    print(f"lab animation, {args.points} points, 1280x800: {fps:.1f} frames/s, longest frame {longest:.1f} ms, "
          f"median {median:.1f} ms, {lab_its:,.0f} iterations/s on screen")
    print(f"baseline (clear and replot each frame): {bfps:.1f} frames/s, longest frame {blongest:.1f} ms, "
          f"median {bmedian:.1f} ms")
    print(f"lab animation with the formula pane shown: {ffps:.1f} frames/s, longest frame {flongest:.1f} ms, "
          f"median {fmedian:.1f} ms, {f_its:,.0f} iterations/s on screen; ratio with/without the pane: "
          f"{ffps / fps:.2f}x")
    print(f"lab animation with the residuals shown: {rfps:.1f} frames/s, longest frame {rlongest:.1f} ms, "
          f"median {rmedian:.1f} ms, {r_its:,.0f} iterations/s on screen; ratio with/without them: "
          f"{rfps / fps:.2f}x")
    print(race_line + f"; ratio race/baseline {qfps / bfps:.2f}x")
    print(f"ratio frames/s lab/baseline: {fps / bfps:.2f}x; bar 60 frames/s: "
          f"{'met' if min(fps, ffps, rfps, qfps) >= 60 else 'NOT met'} (without the pane {fps:.1f}, with it {ffps:.1f}, "
          f"with the residuals {rfps:.1f}, racing {qfps:.1f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
