"""The window's experiment files (issue 12, item 7): File → Save / Save as / Open / Open
recent, the title's file name and unsaved mark, a dropped .mlbl, main.py FILE, and bad
files refused with nothing changed."""

from __future__ import annotations

import json
import zipfile

import numpy as np
import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QMessageBox

from core.experiment import read_experiment


@pytest.fixture
def warnings(monkeypatch):
    """QMessageBox.warning calls, answered at once (a modal dialog would wait for ever)."""
    said = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a: said.append(text))
    return said


@pytest.fixture
def window(qtbot, app_language, tmp_path, monkeypatch):
    from gui.main_window import MainWindow
    from gui.settings import open_settings

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    w = MainWindow(app_language, open_settings())
    w.ask_before_closing = False
    qtbot.addWidget(w)
    w.resize(1280, 800)
    w.show()
    return w


def _edit_linear(w):
    p = w.panels["linear"]
    p.points_vb.point_added.emit(150.0, 420.0)
    p.player.step_button.click()
    p.player.step_button.click()
    return p


def test_save_then_open_in_a_new_window_gives_the_same_labs(qtbot, window, app_language, tmp_path, warnings):
    from gui.main_window import MainWindow

    lin = _edit_linear(window)
    window.select_tab("logistic")
    log = window.panels["logistic"]
    log.player.step_button.click()
    path = tmp_path / "实验 1.mlbl"
    assert window.save_experiment(str(path))
    saved = read_experiment(path)
    assert {"linear", "logistic"} <= set(saved.labs) and saved.current == "logistic"
    assert window.windowTitle().startswith("实验 1.mlbl") and not window.isWindowModified()

    other = MainWindow(app_language, None)
    other.ask_before_closing = False
    qtbot.addWidget(other)
    assert other.open_experiment(str(path))
    assert other.current_key() == "logistic"
    assert other.panels["linear"].state() == lin.state()
    assert other.panels["logistic"].state() == log.state()
    assert np.array_equal(other.panels["linear"].points().x, lin.points().x)
    assert other.windowTitle().startswith("实验 1.mlbl") and not warnings


def test_the_title_marks_unsaved_changes(qtbot, window, tmp_path):
    path = tmp_path / "a.mlbl"
    window.panels["linear"]  # noqa: B018
    assert window.save_experiment(str(path))
    assert window.windowTitle() == "a.mlbl[*] — ML Basics Lab" and not window.isWindowModified()
    window.panels["linear"].player.step_button.click()
    assert window.isWindowModified()
    assert window.save_experiment(str(path))  # Save writes the same file again
    assert not window.isWindowModified()


def test_recent_files_reopen(qtbot, window, tmp_path, warnings):
    paths = [tmp_path / f"e{i}.mlbl" for i in range(3)]
    _edit_linear(window)
    for p in paths:
        assert window.save_experiment(str(p))
    assert window.experiments.recent()[:3] == [str(p) for p in reversed(paths)]
    window._fill_recent_menu()
    names = [a.text() for a in window.recent_menu.actions() if a.data()]
    assert names[:3] == ["e2.mlbl", "e1.mlbl", "e0.mlbl"]
    action = next(a for a in window.recent_menu.actions() if a.data() == str(paths[0]))
    action.trigger()
    assert window.experiments.path == str(paths[0]) and not warnings


@pytest.mark.parametrize("content", [
    b"not a zip at all",
    "zip-future",
    "zip-bad-value",
])
def test_a_bad_file_changes_nothing_and_says_why(qtbot, window, tmp_path, warnings, content):
    p = _edit_linear(window)
    before = p.state()
    good = tmp_path / "good.mlbl"
    assert window.save_experiment(str(good))
    bad = tmp_path / "bad.mlbl"
    if content == "zip-future":
        with zipfile.ZipFile(bad, "w") as z:
            z.writestr("experiment.json", json.dumps({"format": "ml-basics-lab-experiment", "version": 99,
                                                      "labs": {}}))
    elif content == "zip-bad-value":
        exp = read_experiment(good)
        exp.labs["linear"]["lr"] = -1.0
        with zipfile.ZipFile(bad, "w") as z:
            z.writestr("experiment.json", json.dumps({"format": "ml-basics-lab-experiment", "version": 1,
                                                      "labs": exp.labs}))
    else:
        bad.write_bytes(content)
    assert not window.open_experiment(str(bad))
    assert warnings and (str(bad) in warnings[-1] or "lr" in warnings[-1]), warnings
    assert p.state() == before and window.experiments.path == str(good)


@pytest.mark.parametrize("key", ["linear", "logistic", "dial", "mlp", "window"])
def test_a_dropped_experiment_opens_wherever_it_lands(qtbot, window, tmp_path, warnings, key):
    """On a lab that takes dropped files (which would read it as data) or on the window."""
    from PySide6.QtGui import QDragEnterEvent

    p = _edit_linear(window)
    path = tmp_path / "dropped.mlbl"
    assert window.save_experiment(str(path))
    window.experiments.set_path("")
    p.player.step_button.click()
    changed = p.state()
    target = window if key == "window" else window.panels[key]
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    enter = QDragEnterEvent(QPoint(5, 5), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                            Qt.KeyboardModifier.NoModifier)
    target.dragEnterEvent(enter)
    assert enter.isAccepted()
    drop = QDropEvent(QPointF(5, 5), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                      Qt.KeyboardModifier.NoModifier)
    target.dropEvent(drop)
    qtbot.waitUntil(lambda: window.experiments.path == str(path), timeout=5000)
    assert p.state() != changed and not warnings
    if key not in ("window", "linear"):
        assert not window.panels[key].message() if hasattr(window.panels[key], "message") else True


def test_main_py_file_opens_an_experiment(qtbot, window, tmp_path):
    _edit_linear(window)
    path = tmp_path / "x.mlbl"
    assert window.save_experiment(str(path))
    window.experiments.set_path("")
    assert window.open_path(str(path)) and window.experiments.path == str(path)


@pytest.mark.parametrize("options", [
    [],  # the seed's data and settings
    ["--synthetic", "300", "--slope", "1.5", "--noise", "2", "--seed", "4", "--standardize", "--tol", "1e-10"],
    ["--csv", "CSV", "--lr", "3e-5", "--iters", "500"],
])
def test_an_experiment_saved_by_the_cli_reopens_with_the_same_numbers(qtbot, window, tmp_path, options):
    """linreg --save-experiment, then the app and linreg --experiment: identical results (1e-9)."""
    import os
    import subprocess
    import sys

    from tests.conftest import REPO, SOURCE_TREE

    csv = tmp_path / "面积.csv"
    csv.write_text("面积,价格\n" + "\n".join(f"{50 + 7 * i},{120 + 16.5 * i + (i % 5)}" for i in range(40)),
                   encoding="utf-8")
    options = [str(csv) if o == "CSV" else o for o in options]
    path = tmp_path / "run.mlbl"
    env = {**os.environ, "PYTHONPATH": str(REPO) if SOURCE_TREE else ""}

    def linreg(*extra):
        r = subprocess.run([sys.executable, "-c", "import sys; from gui.cli import main; sys.exit(main())", "linreg", "--json", *extra], capture_output=True,
                           text=True, timeout=120, cwd=tmp_path, env=env)
        assert r.returncode == 0, r.stderr
        return json.loads(r.stdout)

    first = linreg(*options, "--save-experiment", str(path))
    again = linreg("--experiment", str(path))
    for key in ("slope", "intercept", "loss", "iterations", "stop_reason", "lr", "points"):
        assert again[key] == pytest.approx(first[key], rel=1e-9) if isinstance(first[key], float) \
            else again[key] == first[key], key
    assert window.open_experiment(str(path))
    gd = window.panels["linear"].learner()
    assert gd.iteration == first["iterations"]
    assert gd.slope == pytest.approx(first["slope"], rel=1e-9)
    assert gd.intercept == pytest.approx(first["intercept"], rel=1e-9)
    assert gd.loss == pytest.approx(first["loss"], rel=1e-9)


@pytest.mark.parametrize("options", [
    [],  # the seed's two blobs, from w = 0
    ["--blobs", "3", "--n", "200", "--spread", "1.2", "--seed", "3", "--strategy", "softmax", "--test-fraction", "0.2"],
    ["--preset", "moons", "--n", "150", "--noise", "0.2", "--poly", "--lr", "0.5", "--iters", "800"],
    ["--init", "1,1,1", "--tol", "1e-8"],
    ["--blobs", "4", "--strategy", "ovo", "--l2-C", "2"],
    ["--csv", "CSV", "--test-fraction", "0.25"],
])
def test_a_logistic_experiment_saved_by_the_cli_reopens_with_the_same_numbers(qtbot, window, tmp_path, options):
    """logreg --save-experiment, then the app and logreg --experiment: identical results (1e-9)."""
    import os
    import subprocess
    import sys

    from tests.conftest import REPO, SOURCE_TREE

    csv = tmp_path / "花.csv"
    rng = np.random.default_rng(2)
    rows = [(x1, x2, int(x1 + x2 > 0)) for x1, x2 in rng.normal(size=(60, 2))]
    csv.write_text("x1,x2,label\n" + "\n".join(f"{a},{b},{c}" for a, b, c in rows), encoding="utf-8")
    options = [str(csv) if o == "CSV" else o for o in options]
    path = tmp_path / "run.mlbl"
    env = {**os.environ, "PYTHONPATH": str(REPO) if SOURCE_TREE else ""}

    def logreg(*extra):
        r = subprocess.run([sys.executable, "-c", "import sys; from gui.cli import main; sys.exit(main())",
                            "logreg", "--json", *extra], capture_output=True, text=True, timeout=120, cwd=tmp_path,
                           env=env)
        assert r.returncode == 0, r.stderr
        return json.loads(r.stdout)

    first = logreg(*options, "--save-experiment", str(path))
    again = logreg("--experiment", str(path))
    for key in ("iterations", "stop_reason", "strategy", "models", "classes", "points", "source", "test_points"):
        assert again.get(key) == first.get(key), key
    for key in ("loss", "accuracy", "test_accuracy"):
        if key in first:
            assert again[key] == pytest.approx(first[key], rel=1e-9), key
        else:
            assert key not in again
    np.testing.assert_allclose(again["weights"], first["weights"], rtol=1e-9)
    assert window.open_experiment(str(path))
    lab = window.panels["logistic"]
    qtbot.waitUntil(lambda: not lab.is_busy(), timeout=30000)  # a long replay is restored on the lab's worker
    gd = lab.learner()
    assert gd.iteration == first["iterations"]
    np.testing.assert_allclose(gd.weights[:-1].T, first["weights"], rtol=1e-9)
    np.testing.assert_allclose(gd.weights[-1], first["intercepts"], rtol=1e-9)


def test_export_and_copy_as_command_from_the_window(qtbot, window, tmp_path, warnings):
    import os
    import shlex
    import subprocess
    import sys

    from PySide6.QtWidgets import QApplication

    p = _edit_linear(window)  # a point added by hand: the options cannot say it
    window.file_menu.aboutToShow.emit()
    assert window.export_script_action.isEnabled() and window.export_notebook_action.isEnabled()
    assert not window.copy_command_action.isEnabled() and "save the experiment" in \
        window.copy_command_action.toolTip()
    path = tmp_path / "run.mlbl"
    assert window.save_experiment(str(path))
    window.file_menu.aboutToShow.emit()
    assert window.copy_command_action.isEnabled()
    window.copy_command_action.trigger()
    command = QApplication.clipboard().text()
    assert "--experiment" in command and str(path) in command
    env = {**os.environ, "PYTHONPATH": str(os.environ.get("PYTHONPATH", ""))}
    r = subprocess.run(shlex.split(command), capture_output=True, text=True, timeout=120, cwd=tmp_path, env=env)
    assert r.returncode == 0, r.stderr
    gd = p.learner()
    assert json.loads(r.stdout)["slope"] == pytest.approx(gd.slope, rel=1e-9)
    # the script: numpy only, the lab's numbers on its last line
    script = tmp_path / "lab.py"
    assert window.export_code("py", str(script))
    out = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    last = json.loads(out.stdout.strip().splitlines()[-1])
    assert last["slope"] == pytest.approx(gd.slope, rel=1e-9) and last["iterations"] == gd.iteration
    # a lab that cannot be exported says so instead of doing nothing
    window.select_tab("concepts")
    window.file_menu.aboutToShow.emit()
    assert not window.export_script_action.isEnabled() and "cannot be written" in window.export_script_action.toolTip()
    assert not window.copy_command_action.isEnabled() and window.copy_command_action.toolTip()
    assert not warnings


def test_opening_over_an_unsaved_model_asks_about_the_experiment_not_quitting(qtbot, window, tmp_path, monkeypatch):
    """The question before an opened experiment replaces an unsaved model spoke of quitting;
    Cancel keeps the model and the window as they were."""
    window.select_tab("mlp")
    panel = window.panels["mlp"]
    qtbot.waitUntil(lambda: not panel.is_busy(), timeout=60000)
    path = tmp_path / "nn.mlbl"
    assert window.save_experiment(str(path))
    asked: list[str] = []
    monkeypatch.setattr(QMessageBox, "question",
                        lambda parent, title, text, *a: asked.append(text) or QMessageBox.StandardButton.Cancel)
    monkeypatch.setattr(panel, "has_unsaved_model", lambda: True)
    window.ask_before_closing = True
    before = panel.state()
    assert not window.open_experiment(str(path))
    assert len(asked) == 1 and "experiment" in asked[0] and "quitting" not in asked[0]
    assert panel.state() == before
    assert not panel.confirm_close() and "quitting" in asked[1]
    window.ask_before_closing = False
