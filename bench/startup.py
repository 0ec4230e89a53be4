"""Start-up time: from `python main.py` to the window on screen.

    .venv/bin/python bench/startup.py [--runs 5]

Each run starts a fresh interpreter (offscreen, with empty settings) and waits until the
window has been shown and the event loop has started. The baseline, measured in the same
run, is the least a PySide6 program can do: create a QApplication and show an empty
QMainWindow. Bar (issue 2): under 1.5 s; torch must not be imported on the way.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

BASELINE = (
    "import sys\n"
    "from PySide6.QtCore import QTimer\n"
    "from PySide6.QtWidgets import QApplication, QMainWindow\n"
    "app = QApplication(sys.argv)\n"
    "w = QMainWindow(); w.resize(1280, 800); w.show()\n"
    "QTimer.singleShot(0, lambda: (print('shown', flush=True), w.close()))\n"
    "app.exec()\n"
)


def time_until_shown(cmd: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env, cwd=ROOT)
    assert proc.stdout is not None
    for line in proc.stdout:
        if line.startswith("shown"):
            elapsed = time.perf_counter() - start
            break
    else:
        raise RuntimeError(f"{cmd} never showed its window")
    proc.wait(timeout=30)
    return elapsed


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as home:
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen", HOME=home, XDG_CONFIG_HOME=home)
        app_cmd = [sys.executable, str(ROOT / "main.py"), "--exit-when-shown", "--lang", "en"]
        base_cmd = [sys.executable, "-c", BASELINE]
        time_until_shown(app_cmd, env)  # warm the file cache once
        ours, base = [], []
        for _ in range(args.runs):
            ours.append(time_until_shown(app_cmd, env))
            base.append(time_until_shown(base_cmd, env))
        probe = subprocess.run(
            [sys.executable, "-c", "import sys, os; sys.path.insert(0, '.');"
             "os.environ['QT_QPA_PLATFORM']='offscreen'; import gui.main_window;"
             "print('torch' in sys.modules)"],
            capture_output=True, text=True, env=env, cwd=ROOT,
        )
    med, worst, bmed = statistics.median(ours), max(ours), statistics.median(base)
    print(f"window shown after {med:.2f} s (median of {args.runs}, worst {worst:.2f} s); "
          f"empty PySide6 window {bmed:.2f} s; ratio {med / bmed:.2f}x")
    print(f"torch imported at start-up: {probe.stdout.strip()}; bar 1.5 s: {'met' if worst < 1.5 else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
