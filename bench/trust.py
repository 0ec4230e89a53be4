"""The trust figures: closing with every lab busy, the GUI thread's longest freeze on big
data, and the memory a hostile file costs before it is refused.

    .venv/bin/python bench/trust.py [--points 1000000] [--skip close,freeze,memory]

Each figure is printed beside a baseline measured in the same run:
- close: the window closing with every lab working (training, a dial batch, a Newton
  solve, two animations) against the same window idle. Bar: ≤ 1 s.
- freeze: the longest gap between the ticks of a 10 ms GUI timer while the Logistic lab
  loads a CSV of N points and switches to one-vs-one with polynomial features, against
  the same timer on an idle window (it froze 5.6 s and 15 s).
- memory: the peak resident memory of a child process opening a 2 KB model made of
  expand()ed tensors (300,000 hidden units) and a 16-bit RGBA PNG under the pixel limit,
  against the same process opening a normal model and a normal photo (they took 3 GB and
  5.7 GB).
"""

from __future__ import annotations

import argparse
import io
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


# --------------------------------------------------------------------------- the window


def _window():
    from gui.app import create_application
    from gui.i18n import LanguageManager
    from gui.main_window import MainWindow

    app = create_application()
    w = MainWindow(LanguageManager(app), None)
    w.ask_before_closing = False
    w.resize(1280, 800)
    w.show()
    return app, w


def _pump(app, seconds: float, until=None) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end and not (until is not None and until()):
        app.processEvents()
        time.sleep(0.005)


def bench_close(folder: Path) -> None:
    import cv2

    from core import datasets2d as ds
    from core.dial_synth import make_dial
    from core.fashion import load_bundled
    from gui.labs import LABS

    app, idle = _window()
    for key in LABS:
        idle.select_tab(key)
    _pump(app, 30, until=lambda: not idle.panels["mlp"].is_busy())
    t0 = time.perf_counter()
    idle.close()
    base = time.perf_counter() - t0

    app, w = _window()
    for key in LABS:
        w.select_tab(key)
    mlp = w.panels["mlp"]
    _pump(app, 60, until=lambda: mlp.data() is not None and not mlp.is_busy())
    mlp.controller.use_data(load_bundled())
    mlp.epochs_spin.setValue(50)
    mlp.start_training()
    _pump(app, 60, until=lambda: mlp.progress.value() > 0)
    files = []
    for i in range(40):
        img, _ = make_dial(10.0 + 7 * i, size=900)
        files.append(str(folder / f"d{i}.png"))
        cv2.imwrite(files[-1], img)
    w.panels["dial"].read_batch(files)
    data = ds.blobs(6, 60_000, 1.0, 3)
    w.panels["logistic"].set_data(data.X, data.y)
    w.panels["linear"].player.set_playing(True)
    w.panels["concepts"].start_demo("backprop")
    _pump(app, 0.5)
    t0 = time.perf_counter()
    w.close()
    busy = time.perf_counter() - t0
    print(f"close: {busy:.3f} s with every lab busy, {base:.3f} s idle "
          f"({busy - base:+.3f} s for the busy labs; bar 1 s: {'met' if busy <= 1.0 else 'NOT met'})")
    from gui.tasks import live_threads

    _pump(app, 60, until=lambda: not live_threads())


# --------------------------------------------------------------------------- freezes


class Lateness:
    """The longest gap between the ticks of a 10 ms timer on the GUI thread."""

    def __init__(self) -> None:
        from PySide6.QtCore import QTimer

        self.worst = 0.0
        self._last = time.perf_counter()
        self._timer = QTimer()
        self._timer.setInterval(10)
        self._timer.timeout.connect(self._tick)
        self._timer.start()

    def _tick(self) -> None:
        now = time.perf_counter()
        self.worst = max(self.worst, now - self._last)
        self._last = now

    def reset(self) -> None:
        self.worst = 0.0
        self._last = time.perf_counter()


def bench_freeze(folder: Path, points: int) -> None:
    import numpy as np

    rng = np.random.default_rng(0)
    k = 6
    y = rng.integers(0, k, points)
    centres = rng.normal(0, 4, (k, 2))
    X = centres[y] + rng.normal(0, 1, (points, 2))
    path = folder / "big.csv"
    with open(path, "w", encoding="utf-8") as fh:
        fh.write("x1,x2,label\n")
        np.savetxt(fh, np.column_stack([X, y]), delimiter=",", fmt=["%.6f", "%.6f", "%d"])
    app, w = _window()
    w.select_tab("logistic")
    panel = w.panels["logistic"]
    late = Lateness()
    _pump(app, 1.0)
    late.reset()
    _pump(app, 1.0)
    idle = late.worst
    late.reset()
    t0 = time.perf_counter()
    panel.load_csv(str(path))
    _pump(app, 300, until=lambda: not panel.is_busy() and panel.data().n == points)
    _pump(app, 0.5)
    load_s, load_worst = time.perf_counter() - t0, late.worst
    late.reset()
    t0 = time.perf_counter()
    panel.poly_check.setChecked(True)
    panel.strategy_combo.setCurrentIndex(panel.strategy_combo.findData("ovo"))
    _pump(app, 300, until=lambda: not panel.is_busy())
    _pump(app, 0.5)
    switch_s, switch_worst = time.perf_counter() - t0, late.worst
    print(f"freeze: {points:,} points, longest GUI-thread gap {load_worst:.2f} s while loading ({load_s:.1f} s in "
          f"all) and {switch_worst:.2f} s switching to one-vs-one + polynomial ({switch_s:.1f} s); idle window "
          f"{idle * 1000:.0f} ms (was 5.6 s and 15 s)")
    w.close()
    from gui.tasks import live_threads

    _pump(app, 120, until=lambda: not live_threads())


# --------------------------------------------------------------------------- memory


# VmHWM, not ru_maxrss: a child started by a large parent inherits the parent's ru_maxrss
# across fork and exec, while the high-water mark belongs to the new address space
PEAK = """
import sys
sys.path.insert(0, {root!r})
{setup}
try:
    {action}
    outcome = "opened"
except Exception as exc:
    outcome = getattr(exc, "code", type(exc).__name__)
hwm = next(line for line in open("/proc/self/status") if line.startswith("VmHWM"))
print(outcome, int(hwm.split()[1]) // 1024)
"""


def _peak(setup: str, action: str) -> tuple[str, int]:
    """What opening costs: the child's peak resident memory above that of the same child
    doing nothing after the same imports (MB)."""
    def run(act: str) -> tuple[str, int]:
        script = PEAK.format(root=str(ROOT), setup=setup, action=act)
        out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=600)
        outcome, peak = out.stdout.split()[-2:]
        return outcome, int(peak)

    _, base = run("pass")
    outcome, peak = run(action)
    return outcome, max(0, peak - base)


def bench_memory(folder: Path) -> None:
    import numpy as np
    import torch

    wide = folder / "wide.pt"
    state = {"net.0.weight": torch.zeros(1, 784).expand(300_000, 784), "net.0.bias": torch.zeros(1).expand(300_000),
             "net.2.weight": torch.zeros(10, 1).expand(10, 300_000), "net.2.bias": torch.zeros(10)}
    buf = io.BytesIO()
    torch.save(state, buf)
    wide.write_bytes(buf.getvalue())
    normal = folder / "normal.pt"
    from core.mlp import MLPConfig, build_model, save_model

    save_model(normal, build_model(MLPConfig()), MLPConfig(), [])
    setup = "from core.mlp import load_model\nimport torch"
    bad = _peak(setup, f"load_model({str(wide)!r})")
    good = _peak(setup, f"load_model({str(normal)!r})")
    print(f"memory, model: a {wide.stat().st_size / 1024:.0f} KB file of 300,000 hidden units → {bad[0]}, "
          f"+{bad[1]} MB; the seed's 3.3 MB model → {good[0]}, +{good[1]} MB (it took 3 GB)")

    import cv2

    side = 10_000  # 100 Mpx: under the pixel limit; 16-bit RGBA decodes to 800 MB
    big = folder / "rgba16.png"
    cv2.imwrite(str(big), np.zeros((side, side, 4), np.uint16), [cv2.IMWRITE_PNG_COMPRESSION, 9])
    photo = folder / "photo.png"
    cv2.imwrite(str(photo), (np.random.default_rng(0).random((3000, 4000, 3)) * 255).astype(np.uint8))
    setup = "from core.imageio import load_image"
    bad = _peak(setup, f"load_image({str(big)!r})")
    good = _peak(setup, f"load_image({str(photo)!r})")
    print(f"memory, image: a {big.stat().st_size / 1024:.0f} KB 16-bit RGBA PNG of {side}×{side} → {bad[0]}, "
          f"+{bad[1]} MB; a 12 Mpx photo → {good[0]}, +{good[1]} MB (it took 5.7 GB and 25 s)")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--points", type=int, default=1_000_000)
    ap.add_argument("--skip", default="", help="comma-separated: close, freeze, memory")
    args = ap.parse_args()
    skip = set(filter(None, args.skip.split(",")))
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        if "memory" not in skip:
            bench_memory(folder)
        if "close" not in skip:
            bench_close(folder)
        if "freeze" not in skip:
            bench_freeze(folder, args.points)
    return 0


if __name__ == "__main__":
    sys.exit(main())
