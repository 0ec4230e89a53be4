"""Importing a CSV into the descent labs, as a user does it: the Import button's dialog, the
columns the file's header names (and a chooser when it names none), and an install that is
all or nothing (a failure keeps what the user had, and the status line says why)."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

LABS = ["linear", "logistic"]


@pytest.fixture
def lab(request, main_window):
    key = request.param
    main_window.select_tab(key)
    return main_window.panels[key]


def data_of(panel):
    return panel.points() if panel.key == "linear" else panel.data()


def wait_loaded(qtbot, panel):
    qtbot.waitUntil(lambda: not panel.is_busy(), timeout=15000)


def linear_rows(n=12):
    return [(i, 3.0 * i + 1.0 + (i % 3) * 0.1) for i in range(n)]


def labeled_rows():
    rng = np.random.default_rng(3)
    a = rng.normal((0, 0), 0.5, (20, 2))
    b = rng.normal((3, 3), 0.5, (20, 2))
    return [(x1, x2, c) for (x1, x2), c in zip(np.vstack([a, b]), [0] * 20 + [1] * 20)]


def write(path, header, rows):
    path.write_text(header + "\n" + "\n".join(",".join(repr(float(v)) for v in r) for r in rows) + "\n",
                    encoding="utf-8")
    return path


@pytest.mark.parametrize("lab", LABS, indirect=True)
def test_the_import_button_opens_the_dialog_and_loads_the_file(qtbot, lab, tmp_path, monkeypatch):
    """The button's dialog returned a path that was unpacked as a pair: every click raised."""
    from PySide6.QtWidgets import QFileDialog

    f = write(tmp_path / "pts.csv", "x,y" if lab.key == "linear" else "x1,x2,label",
              linear_rows() if lab.key == "linear" else labeled_rows())
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(f), "")))
    qtbot.mouseClick(lab.import_button, Qt.MouseButton.LeftButton)
    wait_loaded(qtbot, lab)
    assert data_of(lab).n == (12 if lab.key == "linear" else 40)
    assert "pts.csv" in lab.source_label.text()
    # cancelling the dialog changes nothing and raises nothing
    before = data_of(lab)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: ("", "")))
    qtbot.mouseClick(lab.import_button, Qt.MouseButton.LeftButton)
    assert data_of(lab) is before


def test_linear_says_which_columns_were_used(qtbot, main_window, tmp_path):
    panel = main_window.panels["linear"]
    rows = [(7, x, y) for x, y in linear_rows()]
    panel.load_csv(str(write(tmp_path / "ids.csv", "id,x,y", rows)))
    wait_loaded(qtbot, panel)
    assert panel.points().x[3] == 3.0  # x is the column named x, not the id
    text = panel.source_label.text()
    assert "x = column 2 “x”" in text and "y = column 3 “y”" in text

    panel.load_csv(str(write(tmp_path / "hw.csv", "height,weight", linear_rows())))
    wait_loaded(qtbot, panel)
    text = panel.source_label.text()
    assert "x = column 1 “height”" in text and "y = column 2 “weight”" in text


def test_logistic_says_which_columns_were_used(qtbot, main_window, tmp_path):
    main_window.select_tab("logistic")
    panel = main_window.panels["logistic"]
    rows = [(c, x2, x1) for x1, x2, c in labeled_rows()]
    panel.load_csv(str(write(tmp_path / "named.csv", "class,x2,x1", rows)))
    wait_loaded(qtbot, panel)
    assert panel.data().labels == (0, 1)
    text = panel.source_label.text()
    assert "x1 = column 3 “x1”" in text and "x2 = column 2 “x2”" in text and "label = column 1 “class”" in text


@pytest.mark.parametrize("lab", LABS, indirect=True)
def test_unnamed_columns_are_chosen_in_a_dialog(qtbot, lab, tmp_path):
    """A header that names none of the roles used to be refused outright."""
    if lab.key == "linear":
        f = write(tmp_path / "people.csv", "id,height,weight", [(i, x, y) for i, (x, y) in enumerate(linear_rows())])
        choice = {"x": "height", "y": "weight"}
    else:
        f = write(tmp_path / "people.csv", "id,a,b,kind", [(i, *r) for i, r in enumerate(labeled_rows())])
        choice = {"x1": "a", "x2": "b", "label": "kind"}
    before = data_of(lab)
    lab.load_csv(str(f))
    qtbot.waitUntil(lambda: lab.column_dialog is not None and lab.column_dialog.isVisible(), timeout=15000)
    dialog = lab.column_dialog
    assert data_of(lab) is before  # nothing changes until the user has chosen
    for role, name in choice.items():
        combo = dialog.combo(role)
        texts = [combo.itemText(i) for i in range(combo.count())]
        assert any("id" in t for t in texts) and any(name in t for t in texts)
        combo.setCurrentIndex(next(i for i, t in enumerate(texts) if name in t))
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
    wait_loaded(qtbot, lab)
    data = data_of(lab)
    assert data is not before and data.n == (12 if lab.key == "linear" else 40)
    if lab.key == "linear":
        assert data.x[5] == 5.0
    text = lab.source_label.text()
    assert all(f"“{name}”" in text for name in choice.values())


@pytest.mark.parametrize("lab", LABS, indirect=True)
def test_cancelling_the_column_dialog_keeps_the_data_and_says_why(qtbot, lab, tmp_path):
    f = write(tmp_path / "three.csv", "p,q,r,s", [(1, 2, 3, 0), (2, 3, 4, 1), (3, 1, 0, 0), (0, 5, 1, 1)])
    before = data_of(lab)
    statuses = []
    lab.status_message.connect(statuses.append)
    lab.load_csv(str(f))
    qtbot.waitUntil(lambda: lab.column_dialog is not None and lab.column_dialog.isVisible(), timeout=15000)
    lab.column_dialog.reject()
    assert data_of(lab) is before
    assert "three.csv" in lab.message() and "choose" in lab.message()
    assert statuses and "Loading" not in statuses[-1]


@pytest.mark.parametrize("lab", LABS, indirect=True)
def test_a_failure_while_installing_keeps_everything_and_says_why(qtbot, lab, tmp_path, monkeypatch):
    """Installing new data is all or nothing: an unexpected failure half-way (here forced)
    left the new points with the old equation and 'Loading…' in the status bar for good."""
    from gui.labs import logistic_work
    from gui.labs.linear import controller as linear_controller

    f = write(tmp_path / "ok.csv", "x,y" if lab.key == "linear" else "x1,x2,label",
              linear_rows() if lab.key == "linear" else labeled_rows())
    before = data_of(lab)
    equation = lab.equation_label.text()
    source = lab.source_label.text()

    def boom(*_a, **_k):
        raise OverflowError("math range error")

    if lab.key == "linear":
        monkeypatch.setattr(linear_controller, "least_squares", boom)
    else:
        monkeypatch.setattr(logistic_work, "design", boom)
    statuses = []
    lab.status_message.connect(statuses.append)
    lab.load_csv(str(f))
    wait_loaded(qtbot, lab)
    qtbot.waitUntil(lambda: bool(lab.message()), timeout=5000)
    assert data_of(lab) is before
    assert lab.equation_label.text() == equation and lab.source_label.text() == source
    assert "ok.csv" in lab.message() and "math range error" in lab.message()
    assert statuses and "Loading" not in statuses[-1]
    monkeypatch.undo()
    lab.load_csv(str(f))
    wait_loaded(qtbot, lab)
    assert data_of(lab) is not before and lab.message() == ""


@pytest.mark.parametrize("key", LABS)
def test_the_columns_chosen_are_kept_with_the_file(qtbot, app_language, tmp_path, key):
    """The settings kept the file but not the columns chosen for it: the chooser came back at
    every start."""
    from gui.main_window import MainWindow
    from gui.settings import open_settings

    if key == "linear":
        f = write(tmp_path / "people.csv", "id,height,weight", [(i, x, y) for i, (x, y) in enumerate(linear_rows())])
        columns = (1, 2)
    else:
        f = write(tmp_path / "people.csv", "id,a,b,kind", [(i, *r) for i, r in enumerate(labeled_rows())])
        columns = (1, 2, 3)
    w = MainWindow(app_language, open_settings())
    qtbot.addWidget(w)
    w.select_tab(key)
    panel = w.panels[key]
    panel.load_csv(str(f), columns)
    qtbot.waitUntil(lambda: not panel.is_busy() and data_of(panel).n in (12, 40), timeout=15000)
    w.close()
    w2 = MainWindow(app_language, open_settings())
    qtbot.addWidget(w2)
    w2.select_tab(key)
    p2 = w2.panels[key]
    qtbot.waitUntil(lambda: not p2.is_busy() and data_of(p2).n in (12, 40), timeout=15000)
    assert p2.column_dialog is None
    assert data_of(p2).columns.indices == columns and "people.csv" in p2.source_label.text()
    w2.close()
