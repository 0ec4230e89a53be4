"""Application-wide set-up: where Python's cycle collector runs."""

import gc
import threading
import weakref


def test_cycles_are_collected_on_the_gui_thread_only(qtbot):
    from gui.app import create_application

    create_application()
    assert not gc.isenabled()  # never in whichever (worker) thread happens to allocate
    collected_in: list[str] = []

    class Node:
        pass

    for _ in range(2000):  # past gen 0's threshold, all garbage held only by cycles
        a, b = Node(), Node()
        a.other, b.other = b, a
    weakref.finalize(a, lambda: collected_in.append(threading.current_thread().name))
    del a, b
    qtbot.waitUntil(lambda: bool(collected_in), timeout=5000)  # the collector's timer (0.5 s) found them
    assert collected_in == [threading.main_thread().name]


def test_a_quick_start_and_close_prints_nothing(tmp_path):
    """`--exit-when-shown` (bench/startup.py) with the Neural Network lab last open: its
    loader is still running when the window closes. It printed "Signal source has been
    deleted" from superqt's workers under load."""
    import os
    import subprocess
    import sys

    from tests.conftest import REPO

    cfg = tmp_path / "MLBasicsLab"
    cfg.mkdir()
    (cfg / "ML Basics Lab.ini").write_text("[General]\nsettings_version=1\n\n[window]\nlast_tab=mlp\n")
    env = {**os.environ, "XDG_CONFIG_HOME": str(tmp_path), "QT_QPA_PLATFORM": "offscreen"}
    for _ in range(2):
        r = subprocess.run([sys.executable, "main.py", "--exit-when-shown"], cwd=REPO, env=env,
                           capture_output=True, text=True, timeout=120)
        assert r.returncode == 0, r.stderr
        assert r.stderr.strip() == "", r.stderr
