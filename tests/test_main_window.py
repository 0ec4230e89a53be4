"""The window asks labs only what they declare (gui/labs/base.py): File → Import data…
is enabled only where it does something, and says why where it does not."""

from __future__ import annotations

import pytest

from gui.labs import LABS


def test_import_is_enabled_only_where_it_does_something(qtbot, main_window, monkeypatch):
    called = []
    for key in LABS:
        main_window.select_tab(key)
        panel = main_window.panels[key]
        monkeypatch.setattr(panel, "import_data", lambda key=key: called.append(key))
        main_window.file_menu.aboutToShow.emit()
        action = main_window.import_action
        if panel.can_import():
            assert action.isEnabled()
            action.trigger()
            assert called[-1] == key
        else:
            assert not action.isEnabled() and action.toolTip(), key  # disabled, with a reason
    assert set(called) == {"linear", "logistic", "dial", "mlp"}
    main_window.select_tab("concepts")
    assert not main_window.import_action.isEnabled()


@pytest.mark.torch
def test_the_neural_network_lab_refuses_import_while_training(qtbot, main_window):
    main_window.select_tab("mlp")
    panel = main_window.panels["mlp"]
    qtbot.waitUntil(lambda: panel.data() is not None and not panel.is_busy(), timeout=60000)
    from core.fashion import load_bundled

    panel.controller.use_data(load_bundled())
    panel.hidden_edit.setText("32")
    panel.epochs_spin.setValue(3)
    panel.start_training()
    main_window.file_menu.aboutToShow.emit()
    assert not main_window.import_action.isEnabled()
    assert main_window.import_action.toolTip()
    panel.stop_training()
    qtbot.waitUntil(lambda: not panel.is_training(), timeout=30000)
    main_window.file_menu.aboutToShow.emit()
    assert main_window.import_action.isEnabled()


def test_import_through_the_real_dialog_path_in_every_lab(qtbot, main_window, monkeypatch, tmp_path):
    """File → Import with the file dialog answering: the Open buttons unpacked the dialog's
    answer wrongly and crashed on any real path, and no test went through the dialog."""
    import cv2
    from PySide6.QtWidgets import QFileDialog

    from core.dial_synth import make_dial

    csv = tmp_path / "pts.csv"
    csv.write_text("x,y\n1,2\n2,3\n3,5\n", encoding="utf-8")
    labelled = tmp_path / "lab.csv"
    labelled.write_text("x1,x2,label\n0,0,0\n1,1,1\n0,1,0\n1,0,1\n", encoding="utf-8")
    img, _ = make_dial(30.0)
    photo = tmp_path / "g.png"
    cv2.imwrite(str(photo), img)
    answers = {"linear": str(csv), "logistic": str(labelled), "dial": str(photo), "mlp": str(tmp_path)}
    for key, answer in answers.items():
        main_window.select_tab(key)
        panel = main_window.panels[key]
        monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a, answer=answer: (answer, "")))
        monkeypatch.setattr(QFileDialog, "getExistingDirectory", staticmethod(lambda *a, answer=answer: answer))
        main_window.file_menu.aboutToShow.emit()
        main_window.import_action.trigger()  # pytest-qt fails the test on an exception in the slot
        qtbot.waitUntil(lambda p=panel: not p.is_busy(), timeout=60000)
    assert main_window.panels["linear"].points().n == 3
    assert main_window.panels["logistic"].data().n == 4
    assert main_window.panels["dial"].result() is not None
    assert "IDX" in main_window.panels["mlp"].message() or main_window.panels["mlp"].message()


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_each_menu_has_distinct_accelerators(main_window, app_language, language):
    """Alt+letter reaches one item of a menu, never two (File had Save experiment and Save
    screenshot both on S)."""
    import re

    from PySide6.QtWidgets import QMenu

    app_language.set_language(language)
    menus = [main_window.menuBar()] + main_window.findChildren(QMenu)
    for menu in menus:
        keys = []
        for action in menu.actions():
            m = re.search(r"&([^&])", action.text().replace("&&", ""))
            if m and action.isVisible():
                keys.append(m.group(1).lower())
        assert len(keys) == len(set(keys)), (menu.title(), [a.text() for a in menu.actions()])
