"""File dialogs start in the folder last used for the same purpose."""

from __future__ import annotations

from PySide6.QtWidgets import QFileDialog

from gui import dialogs


def test_each_purpose_remembers_its_own_folder(qtbot, tmp_path, monkeypatch):
    data, photos = tmp_path / "data", tmp_path / "photos"
    data.mkdir()
    photos.mkdir()
    asked = []

    def fake_open(parent, title, start, filters):
        asked.append(start)
        return (str(data / "points.csv") if len(asked) == 1 else ""), ""

    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(fake_open))
    first = dialogs.open_file(None, "data", "Import", "CSV (*.csv)")
    assert first == str(data / "points.csv")
    dialogs.open_file(None, "data", "Import", "CSV (*.csv)")
    assert asked[1] == str(data)  # not the working directory
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", staticmethod(lambda p, t, start: asked.append(start) or ""))
    dialogs.open_folder(None, "photo", "Folder")
    assert asked[2] != str(data)  # another purpose keeps its own place
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda p, t, start, f: (asked.append(start) or str(photos / "x.png"), f)))
    dialogs.save_file(None, "photo", "Save", "shot.png", "PNG (*.png)")
    dialogs.save_file(None, "photo", "Save", "shot.png", "PNG (*.png)")
    assert asked[-1] == str(photos / "shot.png")


def test_a_vanished_folder_falls_back(qtbot, tmp_path):
    gone = tmp_path / "gone"
    gone.mkdir()
    dialogs.remember("model", str(gone / "m.pt"))
    gone.rmdir()
    assert dialogs.last_folder("model") != str(gone)
