"""Test set-up: Qt offscreen, settings in a temporary folder, no thread left running."""

import gc
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import pytest  # noqa: E402

REPO = Path(__file__).resolve().parent.parent


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
