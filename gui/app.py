"""Starting the application: the window, and the offscreen screenshot."""

from __future__ import annotations

import gc
import logging
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QEventLoop, QSettings, QSize, Qt, QTimer, qInstallMessageHandler
from PySide6.QtWidgets import QApplication

from gui.i18n import LANGUAGES, LanguageManager, normalize_language
from gui.settings import APPLICATION, ORGANIZATION, open_settings, read

log = logging.getLogger(__name__)


def import_pyqtgraph() -> Any:  # pyqtgraph has no types
    """pyqtgraph, without the CUDA runtime bindings its RawImageWidget (unused here) loads when
    they are installed: PyPI's CUDA build of torch brings them, and they cost ~0.15 s at every
    start. They are hidden for that one import only, so torch still finds them."""
    if "pyqtgraph" in sys.modules:
        return sys.modules["pyqtgraph"]
    hidden = "cuda.bindings.runtime" not in sys.modules
    if hidden:
        sys.modules["cuda.bindings.runtime"] = None  # type: ignore[assignment]  # None: "not importable"
    try:
        import pyqtgraph
    finally:
        if hidden and sys.modules.get("cuda.bindings.runtime", 0) is None:
            del sys.modules["cuda.bindings.runtime"]
    return pyqtgraph


def create_application(argv: list[str] | None = None) -> QApplication:
    """The QApplication with the app's names and pyqtgraph's look set once."""
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        app = existing
    else:
        QCoreApplication.setOrganizationName(ORGANIZATION)
        QCoreApplication.setApplicationName(APPLICATION)
        app = QApplication(argv if argv is not None else sys.argv[:1])
    pg = import_pyqtgraph()

    pg.setConfigOptions(background="w", foreground="k", antialias=True)
    from gui.widgets.wheel_guard import install_wheel_guard

    install_wheel_guard()
    collect_on_gui_thread()
    from gui.desktop import APP_ID, app_icon

    app.setWindowIcon(app_icon())  # the window's and the taskbar's
    app.setDesktopFileName(APP_ID)  # ties the window to the menu entry (Wayland's app id)
    return app


_collector = None


def collect_on_gui_thread() -> None:
    """Run Python's cycle collector from a timer on this (the GUI) thread only.

    Left automatic, it runs in whichever thread happens to allocate, a worker importing
    torch for instance, and then destroys Qt objects from that thread: it deadlocked a
    worker against the GUI here. pyqtgraph's GarbageCollector disables the automatic
    collector and collects on a timer instead (same thresholds)."""
    global _collector
    if _collector is None:
        from pyqtgraph.util.garbage_collector import GarbageCollector

        _collector = GarbageCollector(interval=0.5)
    gc.disable()


def run_gui(language: str | None = None, exit_when_shown: bool = False, paths: list[str] | None = None) -> int:
    """Show the main window (opening `paths` in the labs that take them) and run the event
    loop until it closes."""
    qInstallMessageHandler(_quiet_offscreen_messages)
    from gui import crash

    crash.install()
    app = create_application()
    import platform

    from PySide6 import __version__ as pyside_version

    from gui.version import app_version

    log.info("ML Basics Lab %s started: Python %s, PySide6 %s, %s", app_version(), platform.python_version(),
             pyside_version, platform.platform())
    settings = open_settings()
    languages = LanguageManager(app)
    saved = read(settings, "language", "", choices=tuple(LANGUAGES))
    languages.set_language(language or saved or normalize_language(None))
    from gui.main_window import MainWindow

    window = MainWindow(languages, settings)
    window.show()
    for path in paths or []:
        window.open_path(path)
    # what start-up made lives as long as the app: out of the collector's way, so that its
    # full passes (on this thread) stay short
    gc.freeze()
    if exit_when_shown:
        # for bench/startup.py: the time until the first frame is painted
        QTimer.singleShot(0, lambda: (print(f"shown {time.perf_counter():.3f}", flush=True), window.close()))
    status = app.exec()
    log.info("ML Basics Lab closed (status %d)", status)
    return status


def wait_until(condition, seconds: float) -> bool:
    """Run the event loop until `condition()` holds or `seconds` pass; whether it held."""
    deadline = time.monotonic() + seconds
    app = QCoreApplication.instance()
    assert app is not None  # the screenshot made it
    while not condition():
        if time.monotonic() > deadline:
            return False
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
        time.sleep(0.01)
    return True


def _quiet_offscreen_messages(mode, context, message: str) -> None:
    """Drop the offscreen plugin's harmless chatter; pass everything else to stderr."""
    if "propagateSizeHints" in message:
        return
    print(message, file=sys.stderr)


def take_screenshot(tab: str, out: Path, language: str | None, size: QSize, demo_seconds: float,
                    demo: str = "", open_path: str = "", experiment: str = "") -> None:
    """Render the window offscreen after the lab has run its default demo (or, with
    `open_path`, after opening that file as File → Import would; with `experiment`, after
    opening that experiment file, on `tab` or else the lab it was saved on), and save a PNG.
    A file the lab refuses is rendered with its message on screen.

    Uses fresh settings in a temporary folder: the user's settings are neither read nor changed.
    """
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    qInstallMessageHandler(_quiet_offscreen_messages)
    with tempfile.TemporaryDirectory() as tmp:
        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, tmp)
        app = create_application()
        languages = LanguageManager(app)
        languages.set_language(normalize_language(language))
        from gui.main_window import MainWindow

        window = MainWindow(languages, None)
        window.ask_before_closing = False
        window.resize(size)
        if experiment:
            window.open_experiment(experiment)
            tab = tab or window.current_key()
        window.select_tab(tab)
        window.show()
        panel = window.panels[tab]
        if experiment:
            wait_until(lambda: not any(p.is_busy() for p in window.panels.values()), 60.0)
            demo_seconds = min(demo_seconds, 0.5)
        elif open_path:
            if not panel.can_import() or not panel.open_path(open_path):
                window.statusBar().showMessage(QCoreApplication.translate(
                    "MainWindow", "The {lab} lab does not open files.").format(lab=window.tabs.tabText(
                        window.tabs.currentIndex())))
            wait_until(lambda: not panel.is_busy(), 60.0)
            demo_seconds = min(demo_seconds, 0.5)
        else:
            panel.start_demo(demo) if demo else panel.start_demo()
        # a local loop: QApplication.quit() would close the window before it is grabbed
        loop = QEventLoop()
        QTimer.singleShot(int(demo_seconds * 1000), loop.quit)
        loop.exec()
        image = window.grab()
        window.ask_before_closing = False
        window.close()
        if not image.save(str(out), "PNG"):
            raise OSError(f"could not write {out}")


__all__ = ["create_application", "run_gui", "take_screenshot", "Qt"]
