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


_BUSY_AT_EXIT = '''
import sys, threading
sys.path.insert(0, sys.argv[1])
import main as entry
from gui import cli


def command_that_leaves_a_task_running(argv=None):
    from PySide6.QtCore import QCoreApplication

    from gui.tasks import TaskRunner

    app = QCoreApplication.instance() or QCoreApplication([])
    started = threading.Event()

    def work():  # a long torch step that does not look at cancellation
        import torch

        x = torch.randn(600, 600)
        started.set()
        while True:
            x = x @ x.T
            x = x / x.norm()

    runner = TaskRunner(label="test")
    runner.submit("train", work)
    assert started.wait(120)
    runner.shutdown(deadline=0)  # as the window does when its deadline has passed
    return 3


cli.main = command_that_leaves_a_task_running
sys.exit(entry.main())
'''


def test_leaving_while_a_task_still_runs_torch_ends_cleanly(tmp_path):
    """The window closed while a worker was inside torch (its import at start-up, or a
    training step): the interpreter was torn down beneath the daemon thread, which printed
    torch's finalizer errors ("Exception ignored ... _del_library") or aborted in C++
    ("terminate called without an active exception", exit 134). The entry point ends the
    process at once instead, with the command's own status and nothing on stderr."""
    import os
    import subprocess
    import sys

    import pytest

    from gui.extras import has_torch
    from tests.conftest import REPO

    if not has_torch():
        pytest.skip("needs torch (the extra nn)")
    script = tmp_path / "busy_at_exit.py"
    script.write_text(_BUSY_AT_EXIT)
    for _ in range(2):
        r = subprocess.run([sys.executable, str(script), str(REPO)], capture_output=True, text=True, timeout=180,
                           env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
        assert r.returncode == 3, r.stderr
        assert r.stderr.strip() == "", r.stderr
