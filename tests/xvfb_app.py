"""The app of the real-window smoke test (tests/test_xvfb_smoke.py): `python main.py ARGS`,
unchanged, plus a probe that answers the test's questions about what is on screen.

    python tests/xvfb_app.py [--lang en] [FILE ...]

The app is started by gui.cli.main, as main.py does, and its exit status is this process's.
The probe reads one word a line on stdin ("state") and answers, on the GUI thread, with
one line on stdout: `@@probe ` and a JSON object of where things are (global screen
coordinates, for xdotool) and what they show. It only looks; everything the test does to
the app is done from outside, with the X server's pointer and keyboard.
"""

from __future__ import annotations

import hashlib
import json
import sys
import threading
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if (ROOT / "gui").is_dir():
    sys.path.insert(0, str(ROOT))  # the checkout's app, as main.py does; else the installed one

from PySide6.QtCore import QObject, QPoint, QRect, Signal, Slot  # noqa: E402
from PySide6.QtGui import QGuiApplication, QImage  # noqa: E402
from PySide6.QtWidgets import QApplication, QMenu, QWidget  # noqa: E402

PREFIX = "@@probe "


def _centre(widget: QWidget, rect: QRect | None = None) -> list[int]:
    """The global screen position of the centre of `rect` in `widget` (all of it by default)."""
    r = rect if rect is not None else widget.rect()
    p = widget.mapToGlobal(r.center())
    return [p.x(), p.y()]


def _screen_pixels(widget: QWidget) -> dict:
    """What the X server shows where `widget` is: how many colours, and a digest to compare."""
    import numpy as np

    top_left = widget.mapToGlobal(QPoint(0, 0))
    pixmap = QGuiApplication.primaryScreen().grabWindow(0, top_left.x(), top_left.y(), widget.width(),
                                                        widget.height())
    image = pixmap.toImage().convertToFormat(QImage.Format.Format_RGB32)
    if image.isNull() or image.width() == 0 or image.height() == 0:
        return {"colours": 0, "digest": ""}
    pixels = np.frombuffer(image.constBits(), np.uint32, image.height() * image.bytesPerLine() // 4)
    pixels = pixels.reshape(image.height(), image.bytesPerLine() // 4)[:, : image.width()]
    sample = np.ascontiguousarray(pixels[::3, ::3])
    return {"colours": int(np.unique(sample).size), "digest": hashlib.sha1(sample.tobytes()).hexdigest()}


class Probe(QObject):
    """Answers on the GUI thread what a line on stdin asks (read on a thread of its own)."""

    asked = Signal(str)

    def __init__(self) -> None:
        super().__init__()
        self.asked.connect(self._on_asked)  # queued: emitted from the reader thread

    def read_stdin(self) -> None:
        while QApplication.instance() is None:  # the question waits for the app to exist
            time.sleep(0.02)
        for line in sys.stdin:
            self.asked.emit(line.strip())

    @Slot(str)
    def _on_asked(self, question: str) -> None:
        try:
            answer = self.state() if question == "state" else {"error": f"unknown question {question!r}"}
        except Exception:  # noqa: BLE001 — the probe must never raise into the app (its crash dialog)
            answer = {"error": traceback.format_exc()}
        sys.stdout.write(PREFIX + json.dumps(answer, ensure_ascii=False) + "\n")
        sys.stdout.flush()

    def state(self) -> dict:
        from gui.labs import LABS
        from gui.main_window import MainWindow

        app = QApplication.instance()
        windows = [w for w in app.topLevelWidgets() if isinstance(w, MainWindow)]
        # other windows on screen: a dialog or a crash report would stop the smoke test
        others = [f"{type(w).__name__} {w.windowTitle()!r}" for w in app.topLevelWidgets()
                  if w.isVisible() and not isinstance(w, (MainWindow, QMenu))
                  and w.windowType().name not in ("ToolTip", "Popup")]
        if not windows:
            return {"window": None, "others": others}
        w = windows[0]
        keys = list(LABS)
        bar = w.tabs.tabBar()
        handle = w.windowHandle()
        g = w.geometry()
        state: dict = {
            "window": {
                "visible": w.isVisible(),
                "exposed": bool(handle is not None and handle.isExposed()),
                "id": int(w.winId()),
                "geometry": [g.x(), g.y(), g.width(), g.height()],
                "title": w.windowTitle(),
            },
            "others": others,
            "tabs": [{"key": k, "text": bar.tabText(i), "centre": _centre(bar, bar.tabRect(i))}
                     for i, k in enumerate(keys)],
            "current": w.current_key(),
            "status": w.statusBar().currentMessage(),
            "menus": self._menus(w),
        }
        panel = w.panels.get(w.current_key())  # a dict lookup: builds nothing
        page = w.tabs.currentWidget()
        state["page"] = {
            "built": panel is not None,
            "busy": bool(panel is not None and panel.is_busy()),
            "shown": bool(panel is not None and panel.isVisible()),
            **_screen_pixels(page),
        }
        dial = w.panels.get("dial")
        if dial is not None:
            state["dial"] = {"file_label": dial.photo_box.file_label.text(), "shown": dial.isVisible(),
                             "drop_point": _centre(dial.views.photo_plot),
                             "sample": dial.photo_box.sample_combo.currentText()}
        return state

    @staticmethod
    def _menus(w) -> dict:
        """Where to click for View → Language → each language, as far as the menus are open."""
        bar = w.menuBar()
        menus: dict = {
            "view": _centre(bar, bar.actionGeometry(w.view_menu.menuAction())),
            "file": _centre(bar, bar.actionGeometry(w.file_menu.menuAction())),
        }
        if w.view_menu.isVisible():
            menus["language"] = _centre(w.view_menu, w.view_menu.actionGeometry(w.language_menu.menuAction()))
        if w.language_menu.isVisible():
            menus["languages"] = {code: _centre(w.language_menu, w.language_menu.actionGeometry(act))
                                  for code, act in w.language_actions.items()}
        if w.file_menu.isVisible():
            menus["quit"] = _centre(w.file_menu, w.file_menu.actionGeometry(w.quit_action))
        return menus


def main() -> int:
    import main as entry  # the installed command's entry point (it reads sys.argv[1:])

    probe = Probe()
    threading.Thread(target=probe.read_stdin, name="probe-stdin", daemon=True).start()
    return entry.main()


if __name__ == "__main__":
    sys.exit(main())
