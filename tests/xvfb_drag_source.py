"""The other X client of the real-window smoke test (tests/test_xvfb_smoke.py): a small
window that drags a file to wherever the pointer goes, as a file manager would.

    python tests/xvfb_drag_source.py FILE X Y

It shows a 180×60 window at (X, Y); a press and a move on it start a QDrag carrying FILE's
URL, and the drag is exec()'d, so the drop reaches the app over XDND. The pointer is driven
from outside (xdotool). It prints `ready` once its window is on screen, then
`dropped <action>` when the drag ends. It stays (the target reads the data after the
drop) until stdin is closed, or 60 s have passed.
"""

from __future__ import annotations

import sys
import threading

from PySide6.QtCore import QMetaObject, QMimeData, QPoint, Qt, QTimer, QUrl
from PySide6.QtGui import QDrag, QMouseEvent
from PySide6.QtWidgets import QApplication, QLabel


class DragSource(QLabel):
    """Starts a drag of one file once the pressed pointer has moved past the drag distance."""

    def __init__(self, path: str) -> None:
        super().__init__("drag me: " + path.rsplit("/", 1)[-1])
        self.setWindowTitle("mlbl drag source")
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setStyleSheet("background: #fc6; border: 2px solid #c60;")
        self._path = path
        self._pressed: QPoint | None = None

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self._pressed = event.position().toPoint()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._pressed is None:
            return
        if (event.position().toPoint() - self._pressed).manhattanLength() < QApplication.startDragDistance():
            return
        self._pressed = None
        mime = QMimeData()
        mime.setUrls([QUrl.fromLocalFile(self._path)])
        drag = QDrag(self)
        drag.setMimeData(mime)
        action = drag.exec(Qt.DropAction.CopyAction)
        print(f"dropped {action.name}", flush=True)
        # exec() returns when the drop is sent, before the target has asked for the data
        # (XDND sends it on request): stay, and answer, until the test is done with us


def main() -> int:
    path, x, y = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    app = QApplication(sys.argv[:1])
    source = DragSource(path)
    source.setGeometry(x, y, 180, 60)
    source.show()
    poll = QTimer(interval=20)

    def say_ready() -> None:
        if source.windowHandle() is not None and source.windowHandle().isExposed():
            poll.stop()
            print("ready", flush=True)

    poll.timeout.connect(say_ready)
    poll.start()

    def quit_when_stdin_closes() -> None:
        sys.stdin.read()
        QMetaObject.invokeMethod(app, "quit", Qt.ConnectionType.QueuedConnection)

    threading.Thread(target=quit_when_stdin_closes, daemon=True).start()
    QTimer.singleShot(60_000, app.quit)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
