"""Test set-up: Qt offscreen, settings in a temporary folder, no thread left running.

The tests run on a checkout (tests/ beside gui/ and core/), or, copied elsewhere, on the
installed package (CI does this with the built wheel): REPO is then the folder the
package was installed into (site-packages, which holds main.py, core, gui and resources).
Tests marked `source_tree` need the checkout itself and are skipped there; tests marked
`torch` are skipped when torch (the extra nn) is not installed.
"""

import gc
import importlib.util
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# the app's log file (gui/logfile.py), also of the app started in a subprocess: not the user's
os.environ.setdefault("MLBL_LOG_DIR", os.path.join(tempfile.gettempdir(), f"mlbl-test-logs-{os.getpid()}"))
# and its downloads (gui/paths.py): never the user's data folder
os.environ.setdefault("MLBL_DATA_DIR", os.path.join(tempfile.gettempdir(), f"mlbl-test-data-{os.getpid()}"))
# and its data folder (the session file, gui/paths.py): on Linux under XDG_DATA_HOME, as Qt puts it
os.environ.setdefault("XDG_DATA_HOME", os.path.join(tempfile.gettempdir(), f"mlbl-test-xdg-{os.getpid()}"))

import pytest  # noqa: E402

_HERE = Path(__file__).resolve().parent.parent
SOURCE_TREE = (_HERE / "pyproject.toml").is_file() and (_HERE / "gui").is_dir()
if SOURCE_TREE:
    sys.path.insert(0, str(_HERE))
    REPO = _HERE
else:
    sys.path.insert(1, str(_HERE))  # `tests` itself; the app comes from site-packages
    _spec = importlib.util.find_spec("gui")
    assert _spec is not None and _spec.origin, "the app is neither beside the tests nor installed"
    REPO = Path(_spec.origin).resolve().parent.parent
HAS_TORCH = importlib.util.find_spec("torch") is not None


def pytest_configure(config):
    """The markers, declared here so that a copy of tests/ run on the installed app knows them."""
    config.addinivalue_line("markers", "torch: needs PyTorch (the extra nn); skipped when torch is not installed")
    config.addinivalue_line("markers", "source_tree: needs the checkout (scripts/, pyproject.toml), not only the "
                                       "installed package; skipped there")


def pytest_collection_modifyitems(config, items):
    """Skip what this installation cannot run, saying why."""
    no_torch = pytest.mark.skip(reason="torch is not installed (the extra nn)")
    no_source = pytest.mark.skip(reason="needs the checkout, not only the installed package")
    for item in items:
        if not HAS_TORCH and item.get_closest_marker("torch"):
            item.add_marker(no_torch)
        if not SOURCE_TREE and item.get_closest_marker("source_tree"):
            item.add_marker(no_source)


@pytest.fixture(autouse=True)
def _isolated_settings(tmp_path_factory, request):
    """Point QSettings at a fresh folder for every GUI test (core tests never load Qt)."""
    if "qtbot" not in request.fixturenames and "qapp" not in request.fixturenames:
        gc.enable()  # a GUI test before may have left collection to the GUI thread's timer
        yield
        return
    from PySide6.QtCore import QSettings

    from gui.app import collect_on_gui_thread

    request.getfixturevalue("qapp")  # the collector's timer needs the application
    collect_on_gui_thread()  # as the app does: never in a worker thread

    folder = tmp_path_factory.mktemp("settings")
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))
    yield
    from PySide6.QtCore import QThreadPool

    pool = QThreadPool.globalInstance()
    finished = pool.waitForDone(5000)
    assert finished and pool.activeThreadCount() == 0, "a worker thread was left running"
    from gui.tasks import live_threads

    # a closed lab abandons its tasks (told to stop) after half a second; give those that
    # cannot stop midway (an import of torch, a solve) time to end before calling them leaked
    deadline = time.monotonic() + 60
    while live_threads() and time.monotonic() < deadline:
        time.sleep(0.01)
    assert not live_threads(), f"task threads were left running: {live_threads()}"


@pytest.fixture
def app_language(qapp):
    """A LanguageManager in English, switched back to English after the test."""
    from gui.app import create_application
    from gui.i18n import LanguageManager

    create_application()
    manager = LanguageManager(qapp)
    manager.set_language("en")
    yield manager
    manager.set_language("en")


@pytest.fixture
def main_window(qtbot, app_language):
    """The app's window at 1280×800, offscreen, closed after the test."""
    from gui.main_window import MainWindow

    w = MainWindow(app_language, None)
    w.ask_before_closing = False  # pytest-qt closes it before fixtures end: no modal question
    qtbot.addWidget(w)
    w.resize(1280, 800)
    w.show()
    qtbot.waitExposed(w)
    yield w
    w.ask_before_closing = False
    w.close()
