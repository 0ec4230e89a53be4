"""The window asks labs only what they declare (gui/labs/base.py): File → Import data…
is enabled only where it does something, and says why where it does not."""

from __future__ import annotations

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


def test_the_neural_network_lab_refuses_import_while_training(qtbot, main_window):
    main_window.select_tab("mlp")
    panel = main_window.panels["mlp"]
    qtbot.waitUntil(lambda: panel.data() is not None and not panel.is_busy(), timeout=60000)
    from core.fashion import load_bundled

    panel._on_data_loaded(load_bundled())
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
