"""Crashes are logged and shown; the app has an icon, a Linux menu entry and an About page."""

from __future__ import annotations

import logging
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QObject, Signal

from tests.conftest import REPO


@pytest.fixture
def log_folder(tmp_path, monkeypatch):
    """The log file in a temp folder, detached again after the test."""
    from gui import logfile

    folder = tmp_path / "logs"
    monkeypatch.setenv("MLBL_LOG_DIR", str(folder))
    logfile.stop_logging()
    yield folder
    logfile.stop_logging()


class Source(QObject):
    fired = Signal()


def test_an_exception_in_a_slot_is_logged_and_shown(qtbot, log_folder, monkeypatch):
    from gui import crash

    shown = []

    def fake_exec(dialog):
        shown.append((dialog.message.text(), dialog.details.toPlainText()))
        dialog.copy_button.click()
        return 0

    monkeypatch.setattr(crash.CrashDialog, "exec", fake_exec)
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # restored after the test
    path = crash.install()
    assert path == log_folder / "ml-basics-lab.log"

    def broken_slot():
        raise ZeroDivisionError("the slot's own bug")

    source = Source()
    source.fired.connect(broken_slot)
    source.fired.emit()  # PySide6 hands the exception to sys.excepthook
    assert len(shown) == 1
    message, details = shown[0]
    assert str(path) in message and "Something went wrong" in message
    assert "ZeroDivisionError: the slot's own bug" in details and "broken_slot" in details
    from PySide6.QtWidgets import QApplication

    assert QApplication.clipboard().text() == details
    logged = path.read_text(encoding="utf-8")
    assert "ERROR gui.crash: uncaught exception" in logged and "the slot's own bug" in logged


def test_log_lines_for_start_files_and_a_fallback_folder(log_folder, tmp_path, monkeypatch):
    from gui import logfile

    path = logfile.setup_logging()
    from core.linreg import load_points_csv

    csv = tmp_path / "点.csv"
    csv.write_text("x,y\n1,2\n2,3\n", encoding="utf-8")
    load_points_csv(csv)
    logging.getLogger("pyqtgraph").info("a library's chatter")  # libraries stay at WARNING
    for handler in logging.getLogger().handlers:
        handler.flush()
    text = path.read_text(encoding="utf-8")
    assert f"INFO core.tabular: reading the table {csv}" in text and "chatter" not in text
    # a folder that cannot be made: the app runs on, logging to stderr
    logfile.stop_logging()
    blocker = tmp_path / "file"
    blocker.write_text("")
    monkeypatch.setenv("MLBL_LOG_DIR", str(blocker / "logs"))
    assert logfile.setup_logging() is None


def test_the_cli_prints_one_line_and_the_log_path(tmp_path):
    code = ("import sys; sys.argv[1:] = ['linreg']; import gui.cli as c; "
            "c.run_linreg = lambda args: 1 / 0; sys.exit(c.main(['linreg']))")
    env = {"MLBL_LOG_DIR": str(tmp_path), "PATH": "/usr/bin:/bin", "QT_QPA_PLATFORM": "offscreen"}
    r = subprocess.run([sys.executable, "-c", code], cwd=REPO, env=env, capture_output=True, text=True, timeout=60)
    assert r.returncode == 1
    lines = r.stderr.strip().splitlines()
    assert lines == [f"error: unexpected ZeroDivisionError: division by zero; the details are in "
                     f"{tmp_path / 'ml-basics-lab.log'}"]
    assert "Traceback" in (tmp_path / "ml-basics-lab.log").read_text(encoding="utf-8")


def test_unknown_language_is_a_clean_error():
    r = subprocess.run([sys.executable, str(REPO / "main.py"), "--lang", "xx"], capture_output=True, text=True,
                       timeout=60)
    assert r.returncode == 2 and r.stderr.strip().splitlines() == [
        "error: --lang must be en or zh_CN (got xx) (see main.py --help)"]


def test_the_window_has_the_apps_icon(main_window):
    from PySide6.QtWidgets import QApplication

    icon = QApplication.windowIcon()
    assert not icon.isNull() and {16, 32, 256} <= {s.width() for s in icon.availableSizes()}
    image = icon.pixmap(64, 64).toImage()
    assert image.pixelColor(32, 32).alpha() == 255 and image.pixelColor(0, 0).alpha() == 0


@pytest.mark.parametrize("xdg", [True, False])
def test_install_desktop_entry_writes_into_xdg_data_home(tmp_path, xdg):
    from gui.desktop import xdg_data_home

    env = {"HOME": str(tmp_path / "home"), "PATH": "/usr/bin:/bin", "QT_QPA_PLATFORM": "offscreen"}
    if xdg:
        env["XDG_DATA_HOME"] = str(tmp_path / "data")
    data = Path(env["XDG_DATA_HOME"]) if xdg else tmp_path / "home" / ".local" / "share"
    assert xdg_data_home(env, tmp_path / "home") == data
    r = subprocess.run([sys.executable, str(REPO / "main.py"), "--install-desktop-entry"], env=env,
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    entry = (data / "applications" / "ml-basics-lab.desktop").read_text(encoding="utf-8")
    assert "Name=ML Basics Lab\n" in entry and "Name[zh_CN]=机器学习基础实验室\n" in entry
    assert f"Exec={sys.executable} {REPO / 'main.py'} %F\n" in entry and "Icon=ml-basics-lab\n" in entry
    for size in (16, 48, 256):
        assert (data / "icons" / "hicolor" / f"{size}x{size}" / "apps" / "ml-basics-lab.png").stat().st_size > 100
    assert (data / "icons" / "hicolor" / "scalable" / "apps" / "ml-basics-lab.svg").is_file()
    assert not list((tmp_path / "home").rglob("*")) if xdg else True  # nothing outside XDG_DATA_HOME


def test_desktop_entry_quoting_and_relative_xdg(tmp_path):
    from gui.desktop import desktop_entry, launch_command, xdg_data_home

    assert xdg_data_home({"XDG_DATA_HOME": "relative/path"}, tmp_path) == tmp_path / ".local" / "share"
    line = [ln for ln in desktop_entry(["/opt/my apps/python", "/x/100%/main.py"]).splitlines()
            if ln.startswith("Exec=")][0]
    assert line == 'Exec="/opt/my apps/python" /x/100%%/main.py %F'
    script = tmp_path / "bin" / "ml-basics-lab"
    script.parent.mkdir()
    script.write_text("#!/bin/sh\n")
    (tmp_path / "bin" / "ml-basics-lab-cli").write_text("#!/bin/sh\n")
    assert launch_command(str(tmp_path / "bin" / "ml-basics-lab-cli")) == [str(script)]
    assert launch_command("main.py", "/venv/bin/python") == ["/venv/bin/python", str(REPO / "main.py")]


def test_about_gives_version_licence_credits_and_paths(main_window, monkeypatch, log_folder, app_language):
    from gui.about import AboutDialog
    from gui.version import app_version

    pages = []
    monkeypatch.setattr(AboutDialog, "exec", lambda self: pages.append(self.text.toPlainText()) or 0)
    main_window.about_action.trigger()
    (page,) = pages
    assert f"ML Basics Lab {app_version()}" in page
    for fragment in ("MIT", "机器学习基础", "Fashion-MNIST", "Zalando", "CC BY 4.0", "Intel", "PySide6", "PyTorch",
                     str(log_folder)):
        assert fragment in page, fragment
    app_language.set_language("zh_CN")
    dialog = AboutDialog(None, main_window)
    assert "许可" in dialog.text.toPlainText() and "MIT" in dialog.text.toPlainText()
