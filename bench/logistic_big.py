"""Logistic lab on big data: how long the GUI thread is blocked (the longest frozen frame).

    .venv/bin/python bench/logistic_big.py [--points 1000000] [--classes 3]

A timer ticks every 2 ms on the GUI thread; the longest gap between ticks is the longest
time nothing on screen could move or answer a click. Measured for what a user does with a
big CSV: import it, switch to one-vs-one, turn polynomial features on, take one step, play
for two seconds. Each phase ends when the lab has shown its result.

Printed twice, in the same process: the lab as it is, and a baseline with every set-up on
the GUI thread (the lab's worker threshold raised above the data's size: the old way).
Run it on an older checkout to get that code's own figures (the threshold is then absent).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np  # noqa: E402


def write_csv(path: Path, n: int, k: int) -> None:
    rng = np.random.default_rng(0)
    y = rng.integers(0, k, n)
    angles = 2 * np.pi * y / k
    X = np.column_stack([4 * np.cos(angles), 4 * np.sin(angles)]) + rng.normal(0, 1.5, (n, 2))
    with open(path, "w", encoding="utf-8") as f:
        f.write("x1,x2,label\n")
        for start in range(0, n, 100_000):
            block = np.column_stack([X[start:start + 100_000], y[start:start + 100_000]])
            f.write("\n".join(f"{a:.5f},{b:.5f},{int(c)}" for a, b, c in block) + "\n")


class Watch:
    """The longest gap between ticks of a 2 ms timer on the GUI thread."""

    def __init__(self, app) -> None:
        from PySide6.QtCore import Qt, QTimer

        self.app = app
        self.timer = QTimer()
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.setInterval(2)
        self.timer.timeout.connect(self._tick)
        self.last = 0.0
        self.longest = 0.0

    def _tick(self) -> None:
        now = time.perf_counter()
        self.longest = max(self.longest, now - self.last)
        self.last = now

    def run(self, action, done, timeout: float = 600.0) -> tuple[float, float]:
        """Do `action` (on the GUI thread, counted), then let the event loop run until done();
        returns (longest gap in s, total time in s)."""
        self.longest = 0.0
        start = self.last = time.perf_counter()
        self.timer.start()
        self.app.processEvents()
        action()
        while not done() and time.perf_counter() - start < timeout:
            self.app.processEvents()
            time.sleep(0.001)
        self._tick()
        self.timer.stop()
        return self.longest, time.perf_counter() - start


def measure(csv: Path, n: int, threshold: int | None) -> dict[str, tuple[float, float]]:
    from gui.app import create_application
    from gui.i18n import LanguageManager
    from gui.main_window import MainWindow

    app = create_application()
    w = MainWindow(LanguageManager(app), None)
    w.resize(1280, 800)
    w.show()
    w.select_tab("logistic")
    panel = w.panels["logistic"]
    lab = getattr(panel, "controller", panel)  # the threshold is the controller's (older checkouts: the panel's)
    if threshold is not None and hasattr(lab, "async_points"):
        lab.async_points = threshold
    for _ in range(20):
        app.processEvents()
    watch = Watch(app)
    computing = getattr(panel, "is_computing", lambda: False)

    def settled() -> bool:
        return not panel.is_loading() and not computing() and not any(
            panel.tasks.is_running(name) for name in ("numbers", "step", "prepare"))

    out = {}
    out["import"] = watch.run(lambda: panel.load_csv(str(csv)), lambda: settled() and panel.data().n == n)
    combo = panel.strategy_combo
    out["one-vs-one"] = watch.run(lambda: combo.setCurrentIndex(combo.findData("ovo")),
                                  lambda: settled() and panel.learner().config.strategy == "ovo")
    out["polynomial"] = watch.run(lambda: panel.poly_check.setChecked(True),
                                  lambda: settled() and panel.learner().config.poly)
    out["step"] = watch.run(lambda: panel.player.step_requested.emit(), settled)
    until = []
    out["play 2 s"] = watch.run(lambda: (panel.player.set_playing(True), until.append(time.perf_counter() + 2.0)),
                                lambda: time.perf_counter() > until[0])
    panel.player.set_playing(False)
    watch.run(lambda: None, settled)
    w.close()
    panel.tasks.shutdown(time.monotonic() + 60)
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--points", type=int, default=1_000_000)
    ap.add_argument("--classes", type=int, default=3)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        csv = Path(tmp) / "big.csv"
        write_csv(csv, args.points, args.classes)
        lab = measure(csv, args.points, None)
        base = measure(csv, args.points, 10**9)
    print(f"logistic lab, {args.points:,} points, {args.classes} classes: longest frozen frame (total time)")
    for phase in lab:
        (g, t), (bg, bt) = lab[phase], base[phase]
        print(f"  {phase:<11} lab {g * 1000:8.0f} ms ({t:5.1f} s)   baseline, set-up on the GUI thread "
              f"{bg * 1000:8.0f} ms ({bt:5.1f} s)   ratio {bg / max(g, 1e-9):6.1f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
