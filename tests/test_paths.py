"""The app's data folder is Qt's AppDataLocation, worked out without Qt (the headless
commands do not load Qt), and the headless commands load no Qt at all (issue 12, item 6)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from gui.paths import app_data_dir
from tests.conftest import REPO, SOURCE_TREE


def test_app_data_dir_is_qts_app_data_location(qapp):
    from PySide6.QtCore import QCoreApplication, QStandardPaths

    from gui.paths import APPLICATION, ORGANIZATION

    old = QCoreApplication.organizationName(), QCoreApplication.applicationName()
    QCoreApplication.setOrganizationName(ORGANIZATION)
    QCoreApplication.setApplicationName(APPLICATION)
    try:
        qt = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    finally:
        QCoreApplication.setOrganizationName(old[0])
        QCoreApplication.setApplicationName(old[1])
    assert Path(qt) == app_data_dir()


def test_app_data_dir_on_each_platform(tmp_path):
    home = Path("/home/li")
    assert app_data_dir("linux", {}, home) == home / ".local/share/MLBasicsLab/ML Basics Lab"
    assert app_data_dir("linux", {"XDG_DATA_HOME": "/data/li"}, home) == Path("/data/li/MLBasicsLab/ML Basics Lab")
    assert app_data_dir("linux", {"XDG_DATA_HOME": "relative"}, home) == home / ".local/share/MLBasicsLab/ML Basics Lab"
    assert app_data_dir("darwin", {}, home) == home / "Library/Application Support/MLBasicsLab/ML Basics Lab"
    assert app_data_dir("win32", {"APPDATA": "C:/Users/Li/AppData/Roaming"}, home) == \
        Path("C:/Users/Li/AppData/Roaming/MLBasicsLab/ML Basics Lab")


@pytest.mark.parametrize("command", [
    ["linreg", "--n", "50", "--json"],
    ["logreg", "--n", "60", "--json"],
    ["read-dial", str(REPO / "resources" / "samples" / "photos" / "dark_01_intel_gauge1.jpg"), "--json"],
    ["linreg", "--n", "0"],  # an error: its sentence comes from gui/messages.py
    ["--lang", "zh", "linreg", "--n", "20"],
    ["--version"],
])
def test_headless_commands_load_no_qt(command, tmp_path):
    if command[0] == "read-dial" and not Path(command[1]).is_file():
        pytest.skip("the bundled photos are not installed here")
    code = ("import sys, contextlib, io\n"
            "from gui.cli import main\n"
            "with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):\n"
            "    try:\n"
            "        main(sys.argv[1:])\n"
            "    except SystemExit:\n"
            "        pass\n"
            "bad = sorted({m.split('.')[0] for m in sys.modules} & {'PySide6', 'shiboken6', 'pyqtgraph', 'superqt'})\n"
            "print(bad)\n")
    env = {**os.environ, "PYTHONPATH": str(REPO) if SOURCE_TREE else ""}
    r = subprocess.run([sys.executable, "-c", code, *command], capture_output=True, text=True, timeout=120,
                       cwd=tmp_path, env=env)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip().splitlines()[-1] == "[]", r.stdout + r.stderr
