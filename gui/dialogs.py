"""File dialogs that remember the last folder used for each purpose (opening data,
photos, models, exporting), instead of starting in the working directory every time."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QSettings, QStandardPaths
from PySide6.QtWidgets import QFileDialog, QWidget

from gui.settings import open_settings, read


def _settings() -> QSettings:
    return open_settings()


def last_folder(purpose: str) -> str:
    """The folder last used for `purpose`, or the user's documents folder."""
    folder = read(_settings(), f"dialogs/{purpose}", "")
    if folder and Path(folder).is_dir():
        return folder
    docs = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return docs if docs and Path(docs).is_dir() else str(Path.home())


def remember(purpose: str, path: str) -> None:
    """Remember the folder of `path` (or `path` itself, a folder) for `purpose`."""
    if not path:
        return
    p = Path(path)
    folder = p if p.is_dir() else p.parent
    s = _settings()
    s.setValue(f"dialogs/{purpose}", str(folder))
    s.sync()


def _start(purpose: str, name: str) -> str:
    folder = last_folder(purpose)
    return os.path.join(folder, name) if name else folder


def open_file(parent: QWidget | None, purpose: str, title: str, filters: str, name: str = "") -> str:
    """Ask for one file to open; "" when cancelled."""
    path, _ = QFileDialog.getOpenFileName(parent, title, _start(purpose, name), filters)
    remember(purpose, path)
    return path


def open_files(parent: QWidget | None, purpose: str, title: str, filters: str) -> list[str]:
    """Ask for one or more files; [] when cancelled."""
    paths, _ = QFileDialog.getOpenFileNames(parent, title, _start(purpose, ""), filters)
    if paths:
        remember(purpose, paths[0])
    return list(paths)


def open_folder(parent: QWidget | None, purpose: str, title: str) -> str:
    """Ask for a folder; "" when cancelled."""
    folder = QFileDialog.getExistingDirectory(parent, title, _start(purpose, ""))
    remember(purpose, folder)
    return folder


def save_file(parent: QWidget | None, purpose: str, title: str, name: str, filters: str) -> tuple[str, str]:
    """Ask where to save; (path, chosen filter), ("", "") when cancelled."""
    path, chosen = QFileDialog.getSaveFileName(parent, title, _start(purpose, name), filters)
    remember(purpose, path)
    return path, chosen
