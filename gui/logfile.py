"""The app's log file: INFO lines (start, files opened, training runs) and uncaught tracebacks.

A rotating file in the app's log folder: QStandardPaths' AppDataLocation/logs (on Linux
~/.local/share/MLBasicsLab/ML Basics Lab/logs, on Windows %APPDATA%\\MLBasicsLab\\ML Basics
Lab\\logs, on macOS ~/Library/Application Support/MLBasicsLab/ML Basics Lab/logs), or the
folder in MLBL_LOG_DIR. Qt is optional here: should PySide6 itself fail to import, the CLI
still logs why, under ~/.ml-basics-lab/logs.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
import sys
import traceback
from pathlib import Path
from types import TracebackType

LOG_NAME = "ml-basics-lab.log"
LOG_BYTES, LOG_BACKUPS = 1_000_000, 3  # at most 4 MB in all
LOGGERS = ("core", "gui")  # INFO from the app's own modules; WARNING from libraries
_handler: logging.Handler | None = None


def log_dir() -> Path:
    """Where the log files go (MLBL_LOG_DIR, else AppDataLocation/logs)."""
    chosen = os.environ.get("MLBL_LOG_DIR")
    if chosen:
        return Path(chosen)
    from gui.paths import app_data_dir

    return app_data_dir() / "logs"


def log_path() -> Path | None:
    """The file being logged to, or None when it could not be opened."""
    return Path(_handler.baseFilename) if isinstance(_handler, logging.FileHandler) else None


def setup_logging() -> Path | None:
    """Send the app's log lines to the rotating file (once); its path, or None if the folder
    cannot be written (then they go to stderr, and the app runs on)."""
    global _handler
    if _handler is not None:
        return log_path()
    try:
        folder = log_dir()
        folder.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = logging.handlers.RotatingFileHandler(
            folder / LOG_NAME, maxBytes=LOG_BYTES, backupCount=LOG_BACKUPS, encoding="utf-8")
    except OSError as exc:
        handler = logging.StreamHandler(sys.stderr)
        print(f"warning: no log file ({exc})", file=sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logging.getLogger().addHandler(handler)
    for name in LOGGERS:
        logging.getLogger(name).setLevel(logging.INFO)
    _handler = handler
    return log_path()


def stop_logging() -> None:
    """Detach and close the file handler (tests, and a second setup elsewhere)."""
    global _handler
    if _handler is not None:
        logging.getLogger().removeHandler(_handler)
        _handler.close()
        _handler = None


def format_exception(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> str:
    return "".join(traceback.format_exception(kind, value, tb))
