"""What happens on a crash: an exception nobody caught (in a slot, say) is written to the
log file with its traceback (gui/logfile.py) and, in the app, shown in a dialog with a short
sentence and the details to copy. Under pythonw (Windows) there is no console, and a crash
used to be silent.
"""

from __future__ import annotations

import logging
import sys
import threading
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import Qt, QThread
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from gui.logfile import format_exception, log_path, setup_logging

class CrashDialog(QDialog):
    """A short sentence, the log file's path, and the traceback to select or copy."""

    def __init__(self, details: str, log_file: Path | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("ML Basics Lab: unexpected error"))
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        if log_file is not None:
            self.message.setText(self.tr(
                "Something went wrong inside ML Basics Lab. The app keeps running, but what you were doing may not "
                "have finished. The details below were also written to {path}; please include them if you report "
                "the problem.").format(path=str(log_file)))
        else:
            self.message.setText(self.tr(
                "Something went wrong inside ML Basics Lab. The app keeps running, but what you were doing may not "
                "have finished. Please include the details below if you report the problem."))
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details = QPlainTextEdit(details, self)
        self.details.setReadOnly(True)
        self.details.setMinimumSize(560, 220)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.copy_button = QPushButton(self.tr("Copy details"), self)
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.copy_button.clicked.connect(self._on_copy_button_clicked)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addWidget(self.details, 1)
        layout.addWidget(buttons)

    def _on_copy_button_clicked(self) -> None:
        QApplication.clipboard().setText(self.details.toPlainText())


_showing = False


def handle_exception(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
    """sys.excepthook: log the traceback; in the app, on its GUI thread, show the dialog."""
    global _showing
    if issubclass(kind, KeyboardInterrupt):
        sys.__excepthook__(kind, value, tb)
        return
    details = format_exception(kind, value, tb)
    logging.getLogger("gui.crash").error("uncaught exception\n%s", details.rstrip())
    print(details, file=sys.stderr, end="")
    app = QApplication.instance()
    on_gui_thread = app is not None and QThread.currentThread() is app.thread()
    if not on_gui_thread or _showing or not isinstance(app, QApplication):
        return  # a second crash while the dialog is open is logged only
    _showing = True
    try:
        CrashDialog(details, log_path(), app.activeWindow()).exec()
    finally:
        _showing = False


def _thread_hook(args: threading.ExceptHookArgs) -> None:
    """threading.excepthook: a worker's uncaught exception is logged (no dialog off the GUI thread)."""
    if args.exc_type is SystemExit:
        return
    details = format_exception(args.exc_type, args.exc_value or args.exc_type(), args.exc_traceback)
    name = args.thread.name if args.thread else "?"
    logging.getLogger("gui.crash").error("uncaught exception in thread %s\n%s", name, details.rstrip())
    print(details, file=sys.stderr, end="")


def install() -> Path | None:
    """Start logging and catch uncaught exceptions; the log file's path."""
    path = setup_logging()
    sys.excepthook = handle_exception
    threading.excepthook = _thread_hook
    return path
