"""The Neural Network lab's controller, alone (no panel, no views): its state transitions,
the frames it emits and the notes it says. The tests marked torch skip without it."""

import time

import numpy as np
import pytest

from core.fashion import load_bundled
from gui.labs.mlp.controller import (
    BatchFrame,
    EpochFrame,
    MLPController,
    OwnImageFrame,
    ProgressFrame,
    ScoresFrame,
    TrainSettings,
    typed_sizes,
)
from gui.labs.mlp.state import CURVES_BLOB, MODEL_BLOB, MLPState

SMALL = TrainSettings(hidden=(16,), activation="relu", optimizer="sgd", lr=0.1, batch_size=64, epochs=1,
                      normalize=False, seed=0)


class Seen:
    """Everything a controller emitted, by signal."""

    def __init__(self, c: MLPController) -> None:
        self.items: dict[str, list] = {}
        for name in ("batches_changed", "epochs_changed", "scores_changed", "progress_changed", "banner_noted",
                     "progress_noted", "status_noted", "image_classified", "architecture_opened", "state_shown",
                     "training_finished", "model_opened", "state_applied"):
            getattr(c, name).connect(lambda x, name=name: self.items.setdefault(name, []).append(x))

    def __getitem__(self, name: str) -> list:
        return self.items.get(name, [])

    def last(self, name: str):
        return self[name][-1]

    def codes(self, name: str) -> list[str]:
        return [n.code for n in self[name] if n is not None]


@pytest.fixture
def make(qapp):
    made = []

    def build() -> tuple[MLPController, Seen]:
        c = MLPController()
        made.append(c)
        return c, Seen(c)

    yield build
    for c in made:
        c.shutdown()
        assert c.tasks.shutdown(time.monotonic() + 30)


def loaded(qtbot, make):
    c, seen = make()
    c.load(bundled=True)
    qtbot.waitUntil(lambda: c.data is not None and not c.busy(), timeout=60000)
    return c, seen


def test_typed_sizes_leave_the_checking_to_core():
    assert typed_sizes("512, 256") == (512, 256) and typed_sizes("9000") == (9000,) and typed_sizes("a,1") == ()


def test_without_torch_the_data_loads_and_training_says_how_to_add_it(qtbot, make, monkeypatch):
    monkeypatch.setattr("gui.labs.mlp.controller.has_torch", lambda: False)
    c, seen = loaded(qtbot, make)
    assert c.data.source == "bundled" and not c.torch_loaded and not c.torch_ok and c.device_kind() is None
    assert "no_torch" in seen.codes("banner_noted")
    c.start(SMALL)
    assert not c.is_training() and seen.last("banner_noted").code == "no_torch"
    c.download()
    assert seen.last("banner_noted").code == "no_torchvision" and not c.busy()
    # a state's curves are shown and its model kept as it came, to be saved again
    curves = b'{"version":1,"metrics":[{"epoch":0,"train_loss":1.0,"train_acc":0.5,"test_loss":0.9,' \
             b'"test_acc":0.6}],"batch_losses":[2.0,1.5]}'
    state = MLPState(source="bundled", hidden=(8,), has_model=True, epochs_done=1.0)
    c.apply_state(state, {MODEL_BLOB: b"weights", CURVES_BLOB: curves})
    assert seen.last("state_applied") is True and seen.last("state_shown") == state
    assert seen.last("banner_noted").code == "model_kept"
    frame = seen.last("batches_changed")
    assert isinstance(frame, BatchFrame) and list(frame.losses) == [2.0, 1.5] and frame.planned == 2
    assert [r["test_acc"] for r in seen.last("epochs_changed").rows] == [0.6]
    assert c.model_in_state() == (True, 1.0) and c.model_members()[MODEL_BLOB] == b"weights"


@pytest.mark.torch
def test_a_run_emits_its_frames_and_ends_with_a_model(qtbot, make):
    c, seen = loaded(qtbot, make)
    assert c.torch_loaded and c.device_kind() in ("cpu", "cuda")
    with qtbot.waitSignal(c.training_finished, timeout=120000) as done:
        c.start(SMALL)
        assert c.is_training() and c.busy()
    assert done.args == ["finished"]
    qtbot.waitUntil(lambda: not c.busy(), timeout=10000)
    run = c.run
    assert run.model is not None and len(run.metrics) == 1 and run.epochs_done == 1.0 and c.has_unsaved_model()
    batches = seen.last("batches_changed")
    assert isinstance(batches, BatchFrame) and batches.planned == 157 and len(batches.losses) == 157
    assert np.array_equal(batches.losses, run.batch_losses)
    epochs = seen.last("epochs_changed")
    assert isinstance(epochs, EpochFrame) and epochs.rows[0]["test_acc"] == run.metrics[0]["test_acc"]
    scores = seen.last("scores_changed")
    assert isinstance(scores, ScoresFrame) and scores.confusion.sum() == 2000 and scores.probs.shape == (2000, 10)
    assert scores.first.shape == (16, 784) and scores.images[1] is c.data.test_y
    acc = float(np.mean(scores.probs.argmax(axis=1) == c.data.test_y))
    assert acc == pytest.approx(run.metrics[0]["test_acc"]) and acc > 0.6
    assert seen.last("progress_changed") == ProgressFrame(157, 157)
    assert seen.codes("progress_noted")[0] == "starting" and seen.last("progress_noted").code == "finished"
    assert seen.last("banner_noted").code == "finished" and "epoch" in seen.codes("status_noted")
    tensors = c.tensors
    with qtbot.waitSignal(c.training_finished, timeout=120000):  # the same data and inputs: tensors reused
        c.start(SMALL)
    qtbot.waitUntil(lambda: not c.busy(), timeout=10000)
    assert c.tensors[1] is tensors[1] and len(c.run.metrics) == 1


@pytest.mark.torch
def test_a_bad_network_is_refused_before_a_run_starts(qtbot, make):
    c, seen = loaded(qtbot, make)
    c.start(TrainSettings(**{**SMALL.__dict__, "hidden": (9000,)}))
    assert not c.is_training() and c.run.model is None
    assert seen.last("banner_noted").code == "lab_error" and seen.last("banner_noted").kind == "error"


@pytest.mark.torch
def test_pause_lets_the_model_be_saved_and_the_state_hold_it(qtbot, make, tmp_path):
    c, seen = loaded(qtbot, make)
    c.start(TrainSettings(**{**SMALL.__dict__, "epochs": 50}))
    qtbot.waitUntil(lambda: len(c.run.batch_losses) > 0, timeout=30000)
    assert not c.can_save() and c.model_in_state() == (False, 0.0) and not c.save(str(tmp_path / "m.pt"))
    c.set_lr(0.01)
    assert c.run.control.lr == 0.01 and seen.last("status_noted").code == "lr_now"
    c.set_paused(True)
    assert c.paused and c.can_save() and c.model_in_state()[0]
    assert c.save(str(tmp_path / "m.pt")) and seen.last("status_noted").code == "saved"
    with qtbot.waitSignal(c.training_finished, timeout=30000) as stopped:
        c.stop()
    assert stopped.args == ["stopped"]
    qtbot.waitUntil(lambda: not c.busy(), timeout=10000)
    assert not c.paused and seen.last("progress_noted").code == "stopped"
    # stopped mid-epoch: the last row scores the weights kept; a pause that fell between two
    # epochs (a small net's epochs are short) stops at a whole epoch instead
    last = c.run.metrics[-1]
    assert last.get("partial") or c.run.epochs_done == last["epoch"] + 1, (last, c.run.epochs_done)


@pytest.mark.torch
def test_open_model_shows_the_opened_model_only(qtbot, make, tmp_path):
    import core.mlp as mlp

    net = mlp.build_model(mlp.MLPConfig(hidden=(32,), activation="tanh"))
    metrics = [{"epoch": e, "train_loss": 1.0, "train_acc": 0.5, "test_loss": 0.9, "test_acc": 0.6} for e in range(3)]
    mlp.save_model(tmp_path / "other.pt", net, mlp.MLPConfig(hidden=(32,), activation="tanh", epochs=3), metrics)
    c, seen = loaded(qtbot, make)
    with qtbot.waitSignal(c.model_opened, timeout=30000) as opened:
        assert c.open_model(str(tmp_path / "other.pt"))
    assert opened.args == [True]
    cfg = seen.last("architecture_opened")
    assert cfg.hidden == (32,) and cfg.activation == "tanh"
    assert c.run.batch_losses == [] and len(c.run.metrics) == 3 and c.run.epochs_done == 3.0
    assert not c.has_unsaved_model() and len(seen.last("batches_changed").losses) == 0
    score = mlp.score_model(net, c.data.test_x, c.data.test_y, False)
    assert np.array_equal(seen.last("scores_changed").confusion, score.confusion)
    assert seen.last("banner_noted").code == "opened"
    assert seen.last("banner_noted").values["acc"] == f"{score.accuracy:.4f}"
    (tmp_path / "bad.pt").write_bytes(b"garbage")
    model = c.run.model
    qtbot.waitUntil(lambda: not c.busy(), timeout=10000)  # the open's end is delivered after its result
    with qtbot.waitSignal(c.model_opened, timeout=30000) as opened:
        c.open_model(str(tmp_path / "bad.pt"))
    assert opened.args == [False] and c.run.model is model and seen.last("banner_noted").code == "lab_error"


@pytest.mark.torch
def test_own_image_is_reduced_to_28x28_and_classified(qtbot, make, tmp_path):
    import cv2

    c, seen = loaded(qtbot, make)
    assert c.classify(str(tmp_path / "none.png")) is None and seen.last("banner_noted").code == "no_model"
    with qtbot.waitSignal(c.training_finished, timeout=120000):
        c.start(TrainSettings(**{**SMALL.__dict__, "hidden": (64,)}))
    qtbot.waitUntil(lambda: not c.busy(), timeout=10000)
    trouser = load_bundled().test_x[load_bundled().test_y == 1][0]
    cv2.imwrite(str(tmp_path / "t.png"), cv2.resize(255 - trouser, (200, 200), interpolation=cv2.INTER_CUBIC))
    probs = c.classify(str(tmp_path / "t.png"))
    frame = seen.last("image_classified")
    assert isinstance(frame, OwnImageFrame) and frame.image.shape == (28, 28) and frame.probs is probs
    assert int(probs.argmax()) == 1 and probs.sum() == pytest.approx(1.0, abs=1e-5)
    assert seen.last("status_noted").code == "looks_like" and seen.last("status_noted").values["best"] == 1


@pytest.mark.torch
def test_a_state_with_its_model_is_restored_exactly_on_another_controller(qtbot, make, tmp_path):
    a, _ = loaded(qtbot, make)
    with qtbot.waitSignal(a.training_finished, timeout=120000):
        a.start(SMALL)
    qtbot.waitUntil(lambda: not a.busy(), timeout=10000)
    has_model, epochs_done = a.model_in_state()
    assert has_model and epochs_done == 1.0
    members = a.model_members()
    state = MLPState(source="bundled", hidden=(16,), has_model=True, epochs_done=epochs_done, tab="weights")
    assert a.export_csv(str(tmp_path / "e.csv")) and a.export_csv(str(tmp_path / "b.csv"), batches=True)
    assert len((tmp_path / "b.csv").read_text(encoding="utf-8-sig").splitlines()) == 1 + 157

    b, seen = loaded(qtbot, make)
    with qtbot.waitSignal(b.state_applied, timeout=60000) as applied:
        b.apply_state(state, members)
        assert b.incoming == state and b.incoming_members() == members
    assert applied.args == [True] and seen.last("state_shown") == state and b.incoming is None
    assert b.run.metrics == a.run.metrics and b.run.batch_losses == a.run.batch_losses
    assert np.array_equal(seen.last("scores_changed").confusion, a.run.scores.confusion)
    assert seen.last("progress_noted").code == "restored" and seen.last("progress_noted").values["e"] == "1"
    # a refused model changes nothing and says why
    model = b.run.model
    with qtbot.waitSignal(b.state_applied, timeout=60000) as applied:
        b.apply_state(state, {**members, MODEL_BLOB: b"garbage"})
    assert applied.args == [False] and b.run.model is model and seen.last("banner_noted").kind == "error"


@pytest.mark.torch
def test_a_state_is_refused_while_training(qtbot, make):
    c, seen = loaded(qtbot, make)
    c.start(TrainSettings(**{**SMALL.__dict__, "epochs": 50}))
    qtbot.waitUntil(lambda: len(c.run.batch_losses) > 0, timeout=30000)
    with qtbot.waitSignal(c.state_applied, timeout=1000) as applied:
        c.apply_state(MLPState())
    assert applied.args == [False] and seen.last("banner_noted").code == "not_while_training" and c.is_training()
    with qtbot.waitSignal(c.training_finished, timeout=30000):
        c.stop()


def test_what_an_opened_or_dropped_path_is_to_the_lab(tmp_path):
    """One rule for File → Import, main.py PATH and a drop: a dropped model opens as a model
    (a drop used to take its folder for data), files from two folders are refused."""
    from gui.labs.mlp.controller import what_to_open

    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir(), b.mkdir()
    idx = [a / "train-images-idx3-ubyte", a / "train-labels-idx1-ubyte"]
    for p in idx:
        p.write_bytes(b"x")
    other = b / "t10k-images-idx3-ubyte"
    other.write_bytes(b"x")
    assert what_to_open([a / "model.PT"]) == ("model", str(a / "model.PT"))
    assert what_to_open([a / "shirt.png"]) == ("image", str(a / "shirt.png"))
    assert what_to_open([a]) == ("data", str(a))
    assert what_to_open(idx) == ("data", str(a))
    assert what_to_open([idx[0]]) == ("data", str(a))
    assert what_to_open([idx[0], other]) == ("none", "")
    assert what_to_open([a, b]) == ("none", "")
    assert what_to_open([]) == ("none", "")
