"""The Neural Network lab's state (issue 12): the state itself (Qt-free), the panel's round
trip through an experiment file with its model and curves, the session across a restart,
the old settings' migration, refusals that keep what the lab had, and state_changed.

Tests that train or read a model are marked torch; the rest run without it. They train on
the bundled subset with networks of a few units, so each run takes a second or so."""

from __future__ import annotations

import math
import pickle
import re

import numpy as np
import pytest

from gui.labs.mlp.state import (
    CURVES_BLOB,
    MODEL_BLOB,
    MLPState,
    dump_curves,
    load_curves,
    parse_hidden,
)
from gui.state import StateError

# ---------------------------------------------------------------- (a) the state, Qt-free


def test_defaults_are_the_controls_defaults():
    s = MLPState()
    assert (s.source, s.hidden, s.activation, s.optimizer, s.lr, s.batch_size, s.epochs) == \
        ("auto", (1024,), "relu", "sgd", 0.1, 64, 5)
    assert (s.normalize, s.replicable, s.seed, s.tab, s.has_model, s.epochs_done) == \
        (False, True, 0, "confusion", False, 0.0)


def some_state() -> MLPState:
    return MLPState(source="folder", folder="/data/fashion", hidden=(512, 256), activation="tanh", optimizer="adam",
                    lr=0.003, batch_size=256, epochs=12, normalize=True, replicable=False, seed=42, tab="weights",
                    show_rates=True, mistakes_only=True, weights_page=3, has_model=True, epochs_done=2.25)


def test_round_trip_through_a_dict_and_json():
    import json

    s = some_state()
    d = json.loads(json.dumps(s.to_dict({})))
    assert d["version"] == 1 and d["hidden"] == [512, 256]
    back = MLPState.from_dict(d)
    assert back == s and back != MLPState()


@pytest.mark.parametrize("field, bad", [
    ("lr", 2.0), ("lr", 0.0), ("lr", "0.1"),            # number
    ("batch_size", 0), ("batch_size", 5000), ("seed", 1.5), ("weights_page", 256),  # integer
    ("normalize", "yes"), ("has_model", 1),              # flag
    ("activation", "gelu"), ("source", "cloud"), ("tab", 2),  # choice
    ("folder", "x" * 5000), ("folder", 3),               # text
    ("hidden", [0]), ("hidden", [9000]), ("hidden", [8, 8, 8, 8, 8]), ("hidden", "64"),  # numbers
    ("epochs_done", 1001.0), ("epochs_done", -1.0),
])
def test_strict_refuses_a_bad_value_naming_its_field(field, bad):
    d = some_state().to_dict()
    d[field] = bad
    with pytest.raises(StateError) as err:
        MLPState.from_dict(d, strict=True)
    assert err.value.code == "bad_value" and err.value.details["field"] == field
    lenient = MLPState.from_dict(d, strict=False)
    assert getattr(lenient, field) == getattr(MLPState(), field)  # the default
    assert lenient.optimizer == "adam"  # the other values stand


def test_a_state_from_a_newer_version_is_refused():
    d = MLPState().to_dict()
    d["version"] = 2
    with pytest.raises(StateError) as err:
        MLPState.from_dict(d, strict=False)
    assert err.value.code == "future_version"


def test_hidden_sizes_are_read_as_typed():
    assert parse_hidden("512, 256") == (512, 256)
    assert parse_hidden("64") == (64,)
    for bad in ("", "abc", "0", "9000", "1,2,3,4,5", "64;32"):
        assert parse_hidden(bad) == ()


def test_curves_round_trip_with_a_nan_and_refuse_what_is_not_curves():
    rows = [{"epoch": 0, "train_loss": 0.9, "train_acc": 0.7, "test_loss": math.inf, "test_acc": 0.75,
             "seconds": 1.5, "epochs_completed": 1, "partial": False}]
    metrics, losses = load_curves(dump_curves(rows, [2.3, 1.25, 0.5]))
    assert losses == [2.3, 1.25, 0.5] and metrics[0]["train_acc"] == 0.7 and metrics[0]["partial"] is False
    assert math.isnan(metrics[0]["test_loss"])  # inf is not JSON: written as null, read as NaN
    for bad in (b"not json", b'{"version": 1, "metrics": [], "batch_losses": [NaN]}',
                b'{"version": 2, "metrics": [], "batch_losses": []}',
                b'{"version": 1, "metrics": [{"epoch": 0}], "batch_losses": []}',
                b'{"version": 1, "metrics": [], "batch_losses": ["os.system"]}',
                b'{"version": 1, "metrics": {}, "batch_losses": []}', b"\xff\xfe"):
        with pytest.raises(StateError) as err:
            load_curves(bad)
        assert err.value.code == "bad_value" and "curves.json" in err.value.details["field"]


def test_a_source_missing_here_falls_back_to_the_first_found(monkeypatch, tmp_path):
    import core.fashion as fashion

    monkeypatch.delenv("FASHION_MNIST_DIR", raising=False)
    monkeypatch.setattr(fashion, "DEBIAN_DIR", tmp_path / "no-debian")
    monkeypatch.setattr(fashion, "TORCHVISION_DIR", tmp_path / "no-torchvision")
    data, fell_back = fashion.load_source("folder", str(tmp_path / "gone"), downloads=tmp_path)
    assert fell_back and data.source == "bundled"
    data, fell_back = fashion.load_source("debian", "/usr/share/datasets/fashion-mnist", downloads=tmp_path)
    assert fell_back and data.source == "bundled"
    data, fell_back = fashion.load_source("bundled")
    assert not fell_back and data.source == "bundled"
    data, fell_back = fashion.load_source("auto", downloads=tmp_path)
    assert not fell_back


# ---------------------------------------------------------------- the panel


def make_panel(qtbot):
    from gui.labs.mlp.panel import MLPPanel

    p = MLPPanel()
    qtbot.addWidget(p)
    qtbot.waitUntil(lambda: p.data() is not None and not p.is_busy(), timeout=60000)
    return p


def use_bundled(qtbot, p):
    p.subset_button.click()
    qtbot.waitUntil(lambda: not p.is_busy() and p.data().source == "bundled", timeout=30000)


def choose(combo, key):
    combo.setCurrentIndex(combo.findData(key))


def set_up_and_train(qtbot, p, hidden="16"):
    """Change things as a user would, then train one quick epoch."""
    use_bundled(qtbot, p)
    p.hidden_edit.setText(hidden)
    choose(p.activation_combo, "tanh")
    choose(p.optimizer_combo, "adam")
    p.lr_slider.set_value(0.003)
    p.batch_spin.setValue(256)
    p.epochs_spin.setValue(1)
    p.normalize_check.setChecked(True)
    p.seed_spin.setValue(42)
    with qtbot.waitSignal(p.training_finished, timeout=120000):
        p.start_button.click()
    qtbot.waitUntil(lambda: not p.is_busy(), timeout=10000)
    p.inside.setCurrentIndex(1)  # the gallery
    p.rates_check.setChecked(True)
    p.mistakes_check.setChecked(True)


def accuracy_on_screen(p) -> str:
    return re.search(r"test accuracy (\d\.\d{4})", p.progress_label.text()).group(1)


def confusion_on_screen(p) -> list[str]:
    return [p.confusion.item(i, j).text() for i in range(10) for j in range(10)]


@pytest.mark.torch
def test_panel_round_trip_through_an_experiment_file(qtbot, tmp_path):
    import torch

    from core.experiment import Experiment, read_experiment, write_experiment

    a = make_panel(qtbot)
    set_up_and_train(qtbot, a)
    state = a.state()
    assert state.has_model and state.epochs_done == 1.0 and state.source == "bundled"
    assert (state.hidden, state.activation, state.optimizer, state.lr, state.batch_size, state.seed) == \
        ((16,), "tanh", "adam", 0.003, 256, 42)
    assert (state.tab, state.show_rates, state.mistakes_only, state.normalize) == ("gallery", True, True, True)
    blobs: dict[str, bytes] = {}
    data = a.export_state(blobs)
    assert set(blobs) == {MODEL_BLOB, CURVES_BLOB}
    write_experiment(tmp_path / "run.mlbl", Experiment(labs={"mlp": data}, blobs=blobs, current="mlp"))
    experiment = read_experiment(tmp_path / "run.mlbl")
    read_back = MLPState.from_dict(experiment.labs["mlp"], strict=True, blobs=experiment.blobs)
    assert read_back == state

    b = make_panel(qtbot)
    assert b.state() != state
    with qtbot.waitSignal(b.state_applied, timeout=60000) as applied:
        b.set_state(read_back, experiment.blobs)
    assert applied.args == [True]
    qtbot.waitUntil(lambda: not b.is_busy(), timeout=30000)
    assert b.state() == state
    again: dict[str, bytes] = {}  # what the restored lab saves is what it opened
    assert b.export_state(again) == data and again[CURVES_BLOB] == blobs[CURVES_BLOB]
    # the same numbers on screen: the weights, the accuracy, the confusion matrix, both plots
    for (k, va), (_, vb) in zip(a.controller.run.model.state_dict().items(), b.controller.run.model.state_dict().items()):
        assert torch.equal(va, vb), k
    assert accuracy_on_screen(b) == f"{a.controller.run.metrics[-1]['test_acc']:.4f}"
    b.inside.setCurrentIndex(0)
    a.inside.setCurrentIndex(0)
    assert confusion_on_screen(b) == confusion_on_screen(a)
    for curve in ("test_acc", "train_loss"):
        xa, ya = getattr(a.epochs_view, curve).getData()
        xb, yb = getattr(b.epochs_view, curve).getData()
        assert np.array_equal(xa, xb) and np.array_equal(ya, yb)
    assert np.array_equal(a.batch_raw.getData()[1], b.batch_raw.getData()[1]) and len(b.controller.run.batch_losses) == 40
    assert b.save_button.isEnabled() and not b.has_unsaved_model()


@pytest.mark.torch
def test_the_session_brings_back_settings_and_model_after_a_restart(qtbot, app_language, tmp_path, monkeypatch):
    import gui.experiments
    from gui.main_window import MainWindow
    from gui.settings import open_settings

    monkeypatch.setenv("MLBL_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setattr(gui.experiments, "session_path", lambda: tmp_path / "session.mlbl")
    w = MainWindow(app_language, open_settings())
    w.ask_before_closing = False
    qtbot.addWidget(w)
    w.select_tab("mlp")
    p = w.panels["mlp"]
    qtbot.waitUntil(lambda: p.data() is not None and not p.is_busy(), timeout=60000)
    set_up_and_train(qtbot, p, hidden="8,4")
    p.inside.setCurrentIndex(2)  # the weights
    state, first = p.state(), p.controller.run.scores.first.copy()
    w.close()
    assert (tmp_path / "session.mlbl").is_file()

    w2 = MainWindow(app_language, open_settings())
    w2.ask_before_closing = False
    qtbot.addWidget(w2)
    p2 = w2.panels["mlp"]  # the last tab, built at start with the session's state
    qtbot.waitUntil(lambda: p2.controller.run.model is not None and not p2.is_busy(), timeout=60000)
    assert p2.state() == state and p2.hidden_edit.text() == "8,4" and p2.inside.currentIndex() == 2
    assert np.array_equal(p2.controller.run.scores.first, first) and p2.data().source == "bundled"
    w2.close()


def write_old_settings(path, **values):
    from PySide6.QtCore import QSettings

    s = QSettings(str(path), QSettings.Format.IniFormat)
    for k, v in values.items():
        s.setValue(f"mlp/{k}", v)
    s.sync()
    return QSettings(str(path), QSettings.Format.IniFormat)


def test_old_settings_become_the_equivalent_state(qtbot, tmp_path):
    p = make_panel(qtbot)
    s = write_old_settings(tmp_path / "old.ini", folder="", hidden="512,256", activation="tanh", optimizer="adam",
                           lr=0.01, batch=128, epochs=7, normalize=True, seeded=False, seed=17)
    p.restore_settings(s)
    assert p.state() == MLPState(source=p.data().source, folder=p.data().location, hidden=(512, 256),
                                 activation="tanh", optimizer="adam", lr=0.01, batch_size=128, epochs=7,
                                 normalize=True, replicable=False, seed=17)
    assert p.hidden_edit.text() == "512,256" and not p.seed_check.isChecked()
    # hostile values fall back to their defaults, as the settings always did
    s = write_old_settings(tmp_path / "bad.ini", folder="", hidden="abc", activation="gelu", lr="nan", batch=0,
                           epochs="100000000000000000000", normalize="maybe", seeded="x", seed=-1)
    p.restore_settings(s)
    st = p.state()
    assert (st.hidden, st.activation, st.lr, st.batch_size, st.epochs, st.normalize, st.replicable, st.seed) == \
        ((1024,), "relu", 0.1, 64, 5, False, True, 0)


@pytest.mark.torch  # without torch the lab says how to add it, before any data
def test_an_old_folder_that_is_gone_falls_back_and_says_so(qtbot, tmp_path):
    p = make_panel(qtbot)
    s = write_old_settings(tmp_path / "old.ini", folder=str(tmp_path / "gone"), hidden="64", lr=0.1)
    p.restore_settings(s)
    qtbot.waitUntil(lambda: not p.is_busy(), timeout=60000)
    assert str(tmp_path / "gone") in p.message() and "not on this computer" in p.message()
    assert p.data() is not None and p.state().source != "folder"


@pytest.mark.torch
def test_a_bad_value_in_a_file_is_refused_and_the_lab_keeps_what_it_had(qtbot, main_window, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from core.experiment import Experiment, write_experiment

    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: warnings.append(a[2]))
    main_window.select_tab("mlp")
    p = main_window.panels["mlp"]
    qtbot.waitUntil(lambda: p.data() is not None and not p.is_busy(), timeout=60000)
    p.hidden_edit.setText("32")
    before = p.state()
    data = some_state().replace(has_model=False, source="bundled").to_dict()
    data["lr"] = 5.0  # beyond the slider's 1.0
    write_experiment(tmp_path / "bad.mlbl", Experiment(labs={"mlp": data}))
    assert not main_window.open_experiment(str(tmp_path / "bad.mlbl"))
    assert warnings and "lr" in warnings[0] and "Nothing was changed" in warnings[0]
    assert p.state() == before and p.hidden_edit.text() == "32"


@pytest.mark.torch
def test_a_hostile_model_is_refused_without_running_it_and_the_lab_keeps_its_model(qtbot, tmp_path):
    import os

    a = make_panel(qtbot)
    set_up_and_train(qtbot, a)
    before, model = a.state(), a.controller.run.model
    pwned = tmp_path / "pwned"

    class Evil:
        def __reduce__(self):
            return (os.system, ("echo pwned > " + str(pwned),))

    curves = dump_curves(a.controller.run.metrics, a.controller.run.batch_losses)
    hostile = some_state().replace(source="bundled")
    with qtbot.waitSignal(a.state_applied, timeout=60000) as applied:
        a.set_state(hostile, {MODEL_BLOB: pickle.dumps(Evil()), CURVES_BLOB: curves})
        assert a.state() == hostile  # while it is being read, a save would keep it as it came
    assert applied.args == [False]
    qtbot.waitUntil(lambda: not a.is_busy(), timeout=30000)
    assert not pwned.exists()
    assert "mlp/model.pt was refused" in a.message() and "code" in a.message()
    assert a.state() == before and a.controller.run.model is model
    # a model whose layers do not chain 784 → 10 is refused too, and damaged curves before any work
    import torch

    buf = tmp_path / "wrong.pt"
    torch.save({"net.0.weight": torch.zeros(5, 3), "net.0.bias": torch.zeros(5)}, buf)
    with qtbot.waitSignal(a.state_applied, timeout=60000) as applied:
        a.set_state(hostile, {MODEL_BLOB: buf.read_bytes(), CURVES_BLOB: curves})
    assert applied.args == [False] and "different network" in a.message()
    qtbot.waitUntil(lambda: not a.is_busy(), timeout=30000)
    with pytest.raises(StateError):
        a.set_state(hostile, {MODEL_BLOB: b"x", CURVES_BLOB: b'{"version": 1}'})
    with pytest.raises(StateError):
        a.set_state(hostile, {CURVES_BLOB: curves})  # the model's member is missing
    assert a.state() == before and a.controller.run.model is model


@pytest.mark.torch
def test_state_changed_comes_from_the_user_not_from_set_state(qtbot):
    p = make_panel(qtbot)
    use_bundled(qtbot, p)
    seen = []
    p.state_changed.connect(lambda: seen.append(1))
    for act in (lambda: choose(p.activation_combo, "sigmoid"), lambda: p.hidden_edit.setText("12"),
                lambda: p.lr_slider.set_value(0.05), lambda: p.batch_spin.setValue(300),
                lambda: p.rates_check.setChecked(True), lambda: p.inside.setCurrentIndex(3),
                lambda: p.seed_check.setChecked(False)):
        n = len(seen)
        act()
        assert len(seen) > n
    # a whole state, with a model read on the worker, emits nothing
    p.hidden_edit.setText("8")
    p.epochs_spin.setValue(1)
    with qtbot.waitSignal(p.training_finished, timeout=120000):
        p.start_button.click()
    qtbot.waitUntil(lambda: not p.is_busy(), timeout=10000)
    blobs: dict[str, bytes] = {}
    p.export_state(blobs)
    target = p.state().replace(activation="relu", hidden=(8,), batch_size=32, tab="gallery", show_rates=False)
    seen.clear()
    with qtbot.waitSignal(p.state_applied, timeout=60000):
        p.set_state(target, blobs)
    qtbot.waitUntil(lambda: not p.is_busy(), timeout=30000)
    p.set_state(MLPState(source="bundled", hidden=(4,), optimizer="momentum"))
    qtbot.waitUntil(lambda: not p.is_busy(), timeout=30000)
    assert seen == [] and p.state() == MLPState(source="bundled", folder=p.data().location, hidden=(4,),
                                                optimizer="momentum")


@pytest.mark.torch
def test_while_training_the_model_waits_for_a_pause_and_a_state_is_not_applied(qtbot):
    p = make_panel(qtbot)
    use_bundled(qtbot, p)
    p.hidden_edit.setText("8")
    p.epochs_spin.setValue(200)
    p.start_button.click()
    qtbot.waitUntil(lambda: len(p.controller.run.batch_losses) > 0, timeout=30000)
    blobs: dict[str, bytes] = {}
    assert not p.state().has_model and p.export_state(blobs)["has_model"] is False and not blobs
    with qtbot.waitSignal(p.state_applied, timeout=5000) as applied:
        p.set_state(MLPState(hidden=(99,)))
    assert applied.args == [False] and p.is_training() and p.hidden_edit.text() == "8"
    p.pause_button.setChecked(True)
    qtbot.wait(300)
    state = p.state()
    assert state.has_model and state.epochs_done > 0
    p.export_state(blobs)
    assert MODEL_BLOB in blobs
    with qtbot.waitSignal(p.training_finished, timeout=30000):
        p.stop_button.click()
    qtbot.waitUntil(lambda: not p.is_training(), timeout=10000)


@pytest.mark.torch
def test_without_torch_a_state_with_a_model_opens_its_settings_and_keeps_the_model(qtbot, monkeypatch):
    import gui.labs.mlp.controller as mlp_controller

    a = make_panel(qtbot)
    set_up_and_train(qtbot, a)
    blobs: dict[str, bytes] = {}
    a.export_state(blobs)
    state = a.state()
    monkeypatch.setattr(mlp_controller, "has_torch", lambda: False)
    b = make_panel(qtbot)
    with qtbot.waitSignal(b.state_applied, timeout=5000) as applied:
        b.set_state(state, blobs)
    assert applied.args == [True]
    qtbot.waitUntil(lambda: not b.is_busy(), timeout=30000)
    assert "PyTorch" in b.message() and "kept" in b.message()
    assert b.state() == state and b.hidden_edit.text() == "16" and b.controller.run.model is None
    assert len(b.epochs_view.test_acc.getData()[0]) == 1  # its curves are on show
    again: dict[str, bytes] = {}
    b.export_state(again)
    assert again == blobs  # saved again as it came
