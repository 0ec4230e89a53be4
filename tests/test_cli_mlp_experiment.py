"""train-mlp --save-experiment FILE and --experiment FILE: the file holds the Neural Network
lab's state with the trained model and its curves, written as the lab writes them; it opens
in the lab showing that model; the same file trains again to the same numbers (torch on the
CPU with the same seed is deterministic: compared exactly); a run the lab saved (also one
stopped midway) is reproduced by the CLI; a hostile model never runs; other labs' and
damaged files are refused with one line and exit status 2.

Kept quick: the bundled 10,000-image subset, a few units, large batches, one or two epochs."""

from __future__ import annotations

import json
import os
import pickle
import subprocess
import sys
import zipfile
from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("torch")  # the extra nn: these tests skip without it

import torch  # noqa: E402

from core.experiment import Experiment, read_experiment, write_experiment  # noqa: E402
from gui.cli import main  # noqa: E402
from gui.labs.mlp.state import CURVES_BLOB, MODEL_BLOB, MLPState, load_curves  # noqa: E402
from tests.conftest import REPO, SOURCE_TREE  # noqa: E402

SMALL = ["--subset", "--epochs", "2", "--hidden", "12", "--batch-size", "500", "--seed", "3"]
TIMINGS = ("seconds", "samples_per_s")


def train_mlp(capsys, *argv) -> tuple[int, dict | None, str]:
    status = main(["train-mlp", *argv, "--json"])
    out, err = capsys.readouterr()
    return status, (json.loads(out) if out.strip() else None), err


def numbers(result: dict) -> dict:
    """The result without its timings (and without --save's path)."""
    out = {k: v for k, v in result.items() if k not in TIMINGS + ("saved",)}
    out["epochs"] = [{k: v for k, v in row.items() if k != "seconds"} for row in result["epochs"]]
    return out


def saved_state(path: Path) -> tuple[MLPState, dict[str, bytes]]:
    e = read_experiment(path)
    assert e.current == "mlp" and set(e.labs) == {"mlp"}
    return MLPState.from_dict(e.labs["mlp"], blobs=e.blobs), e.blobs


@pytest.mark.parametrize("options", [
    [],
    ["--activation", "tanh", "--optimizer", "adam", "--lr", "0.003", "--normalize"],
    ["--hidden", "10,6", "--optimizer", "momentum", "--lr", "0.05", "--epochs", "1"],
])
def test_a_saved_run_trains_again_to_the_same_numbers(options, capsys, tmp_path):
    file = tmp_path / "nn.mlbl"
    status, first, err = train_mlp(capsys, *SMALL, *options, "--save-experiment", str(file))
    assert status == 0 and err.splitlines()[-1] == f"saved the experiment {file}"
    state, blobs = saved_state(file)
    cfg = first["config"]
    assert (list(state.hidden), state.activation, state.optimizer, state.lr, state.batch_size, state.normalize,
            state.seed, state.replicable) == (cfg["hidden"], cfg["activation"], cfg["optimizer"], cfg["lr"],
                                              cfg["batch_size"], cfg["normalize"], cfg["seed"], True)
    assert state.epochs == len(first["epochs"]) and state.has_model and state.epochs_done == state.epochs
    assert (state.source, state.folder) == ("bundled", first["data"]["location"])
    # the curves are the lab's rows (0-based epoch, epochs completed) and every batch loss
    rows, losses = load_curves(blobs[CURVES_BLOB])
    assert [r["test_acc"] for r in rows] == [e["test_acc"] for e in first["epochs"]]
    assert [r["epochs_completed"] for r in rows] == [1.0 * (i + 1) for i in range(state.epochs)]
    assert len(losses) == 20 * state.epochs and all(np.isfinite(losses))

    status, again, err = train_mlp(capsys, "--experiment", str(file))
    assert status == 0 and err.count("epoch:") == len(first["epochs"]) and "note:" not in err
    assert numbers(again) == numbers(first)


def test_the_saved_model_is_the_trained_one_and_opens_in_the_lab(qtbot, capsys, tmp_path):
    import core.mlp as mlp
    from gui.labs.mlp.panel import MLPPanel

    file = tmp_path / "nn.mlbl"
    status, first, _ = train_mlp(capsys, *SMALL, "--save-experiment", str(file), "--save", str(tmp_path / "m.pt"))
    assert status == 0
    state, blobs = saved_state(file)
    (tmp_path / "member.pt").write_bytes(blobs[MODEL_BLOB])
    member, cfg, metrics = mlp.load_model(tmp_path / "member.pt")
    plain, _, _ = mlp.load_model(tmp_path / "m.pt")  # --save's model: the same weights
    for k, v in plain.state_dict().items():
        assert torch.equal(member.state_dict()[k], v), k
    assert cfg.hidden == (12,) and cfg.seed == 3 and [m["test_acc"] for m in metrics] == \
        [e["test_acc"] for e in first["epochs"]]

    p = MLPPanel()
    qtbot.addWidget(p)
    qtbot.waitUntil(lambda: p.data() is not None and not p.is_busy(), timeout=60000)
    with qtbot.waitSignal(p.state_applied, timeout=60000) as applied:
        p.set_state(state, blobs)
    assert applied.args == [True]
    qtbot.waitUntil(lambda: not p.is_busy(), timeout=30000)
    run = p.controller.run
    assert [(r["epoch"], r["train_loss"], r["train_acc"], r["test_loss"], r["test_acc"]) for r in run.metrics] == \
        [(e["epoch"], e["train_loss"], e["train_acc"], e["test_loss"], e["test_acc"]) for e in first["epochs"]]
    # the lab scores the model it read on the same test images: the CLI's accuracy
    assert np.trace(run.scores.confusion) / run.scores.confusion.sum() == first["test_acc"]
    assert f"test accuracy {first['test_acc']:.4f}" in p.progress_label.text()
    assert p.state() == state and p.data().source == "bundled"


def lab_run(qtbot, epochs: int, stop_after_losses: int | None = None):
    """Train in the lab as a user would (stopping when `stop_after_losses` batch losses are in)."""
    from gui.labs.mlp.panel import MLPPanel

    p = MLPPanel()
    qtbot.addWidget(p)
    qtbot.waitUntil(lambda: p.data() is not None and not p.is_busy(), timeout=60000)
    p.subset_button.click()
    qtbot.waitUntil(lambda: not p.is_busy() and p.data().source == "bundled", timeout=30000)
    p.hidden_edit.setText("8")
    p.optimizer_combo.setCurrentIndex(p.optimizer_combo.findData("momentum"))
    p.lr_slider.set_value(0.01)
    p.batch_spin.setValue(32 if stop_after_losses else 400)
    p.epochs_spin.setValue(epochs)
    p.seed_spin.setValue(7)
    with qtbot.waitSignal(p.training_finished, timeout=180000) as finished:
        p.start_button.click()
        if stop_after_losses:
            qtbot.waitUntil(lambda: len(p.controller.run.batch_losses) >= stop_after_losses, timeout=60000)
            p.stop_button.click()
    qtbot.waitUntil(lambda: not p.is_busy(), timeout=10000)
    return p, finished.args[0]


@pytest.mark.parametrize("stopped", [False, True])
def test_a_run_saved_in_the_lab_is_reproduced_by_the_cli(stopped, qtbot, capsys, tmp_path):
    p, reason = lab_run(qtbot, epochs=3 if stopped else 1, stop_after_losses=420 if stopped else None)
    blobs: dict[str, bytes] = {}
    data = p.export_state(blobs)
    write_experiment(tmp_path / "lab.mlbl", Experiment(labs={"mlp": data}, blobs=blobs, current="mlp"))
    state = MLPState.from_dict(data, blobs=blobs)
    rows = p.controller.run.metrics
    if stopped:
        assert reason == "stopped" and 0 < state.epochs_done < 3 and rows[-1].get("partial")
    status, out, err = train_mlp(capsys, "--experiment", str(tmp_path / "lab.mlbl"))
    assert status == 0 and "note:" not in err, err  # the weights it trained are the lab's, bit for bit
    assert out["stop_reason"] == reason
    assert [(e["epoch"], e["train_loss"], e["train_acc"], e["test_loss"], e["test_acc"], bool(e.get("partial")))
            for e in out["epochs"]] == [(r["epoch"], r["train_loss"], r["train_acc"], r["test_loss"], r["test_acc"],
                                         bool(r.get("partial"))) for r in rows]
    if stopped:
        assert out["epochs"][-1]["epochs_completed"] == state.epochs_done
        assert "stopped after" in err


def test_a_run_that_differs_from_the_saved_model_says_so(capsys, tmp_path):
    file = tmp_path / "nn.mlbl"
    assert train_mlp(capsys, *SMALL, "--save-experiment", str(file))[0] == 0
    e = read_experiment(file)
    other = dict(e.labs["mlp"], lr=0.05)  # the lab's slider moved after the run: the model is not this run's
    write_experiment(tmp_path / "other.mlbl", Experiment(labs={"mlp": other}, blobs=e.blobs))
    status, out, err = train_mlp(capsys, "--experiment", str(tmp_path / "other.mlbl"))
    assert status == 0 and out["config"]["lr"] == 0.05
    assert [line for line in err.splitlines() if line.startswith("note:")] == [
        "note: the weights this run trained differ from the model saved in the experiment (its run changed "
        "settings midway, had no seed, or ran on other hardware)"]


def _zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w") as z:
        for name, data in members.items():
            z.writestr(name, data)
    return path


def _manifest(labs: dict, version: int = 1) -> bytes:
    return json.dumps({"format": "ml-basics-lab-experiment", "version": version, "labs": labs}).encode()


class Evil:
    def __init__(self, marker: str) -> None:
        self.marker = marker

    def __reduce__(self):
        return (os.system, ("echo pwned > " + self.marker,))


@pytest.mark.parametrize("kind", ["dial_lab", "junk", "truncated", "future_file", "future_state", "model_missing",
                                  "hostile_model", "torch_hostile_model", "wrong_model", "bad_curves", "bad_value"])
def test_files_that_are_not_a_usable_nn_lab_are_refused_before_training(kind, capsys, tmp_path):
    good = tmp_path / "good.mlbl"
    assert train_mlp(capsys, *SMALL, "--epochs", "1", "--save-experiment", str(good))[0] == 0
    e = read_experiment(good)
    state = e.labs["mlp"]
    curves = e.blobs[CURVES_BLOB]
    marker = tmp_path / "pwned"
    bad = tmp_path / "bad.mlbl"
    if kind == "dial_lab":
        photo = REPO / "resources" / "samples" / "photos" / "red_19_oil_pressure_red.jpg"
        if not photo.is_file():
            pytest.skip("the bundled photos are not installed here")
        assert main(["read-dial", str(photo), "--save-experiment", str(bad)]) == 0
    elif kind == "junk":
        bad.write_bytes(b"\x00junk" * 100)
    elif kind == "truncated":
        bad.write_bytes(good.read_bytes()[: good.stat().st_size // 3])
    elif kind == "future_file":
        _zip(bad, {"experiment.json": _manifest({"mlp": state}, version=2)})
    elif kind == "future_state":
        _zip(bad, {"experiment.json": _manifest({"mlp": {**state, "version": 2}})})
    elif kind == "model_missing":
        _zip(bad, {"experiment.json": _manifest({"mlp": state}), "blobs/" + CURVES_BLOB: curves})
    elif kind == "hostile_model":
        _zip(bad, {"experiment.json": _manifest({"mlp": state}), "blobs/" + CURVES_BLOB: curves,
                   "blobs/" + MODEL_BLOB: pickle.dumps(Evil(str(marker)))})
    elif kind == "torch_hostile_model":  # torch's own zip format, the pickle inside it naming os.system
        torch.save({"format": "ml-basics-lab/mlp", "evil": Evil(str(marker))}, tmp_path / "evil.pt")
        _zip(bad, {"experiment.json": _manifest({"mlp": state}), "blobs/" + CURVES_BLOB: curves,
                   "blobs/" + MODEL_BLOB: (tmp_path / "evil.pt").read_bytes()})
    elif kind == "wrong_model":
        torch.save({"net.0.weight": torch.zeros(5, 3), "net.0.bias": torch.zeros(5)}, tmp_path / "w.pt")
        _zip(bad, {"experiment.json": _manifest({"mlp": state}), "blobs/" + CURVES_BLOB: curves,
                   "blobs/" + MODEL_BLOB: (tmp_path / "w.pt").read_bytes()})
    elif kind == "bad_curves":
        _zip(bad, {"experiment.json": _manifest({"mlp": state}), "blobs/" + CURVES_BLOB: b'{"version": 1}',
                   "blobs/" + MODEL_BLOB: e.blobs[MODEL_BLOB]})
    elif kind == "bad_value":
        _zip(bad, {"experiment.json": _manifest({"mlp": {**state, "lr": 5.0}}), "blobs/" + CURVES_BLOB: curves,
                   "blobs/" + MODEL_BLOB: e.blobs[MODEL_BLOB]})
    capsys.readouterr()
    status, out, err = train_mlp(capsys, "--experiment", str(bad))
    assert status == 2 and out is None and "epoch:" not in err  # refused before anything trained
    assert len(err.splitlines()) == 1 and err.startswith("error: "), err
    assert not marker.exists()
    expected = {"dial_lab": "holds no mlp lab", "hostile_model": "mlp/model.pt", "torch_hostile_model": "mlp/model.pt",
                "future_file": "newer", "bad_value": "lr", "model_missing": "mlp/model.pt"}.get(kind)
    if expected:
        assert expected in err, err


def test_a_run_the_lab_cannot_hold_is_refused_before_it_trains(capsys, tmp_path):
    for option, value in (("--seed", "1000000"), ("--lr", "2"), ("--batch-size", "5000")):
        file = tmp_path / "x.mlbl"
        status, out, err = train_mlp(capsys, *SMALL, option, value, "--save-experiment", str(file))
        assert status == 2 and out is None and "epoch:" not in err and not file.exists()
        assert err.startswith("error: the run cannot be saved as an experiment") and len(err.splitlines()) == 1, err


def test_train_mlp_experiments_load_no_qt(tmp_path):
    file = tmp_path / "nn.mlbl"
    code = ("import sys, contextlib, io\n"
            "from gui.cli import main\n"
            "with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):\n"
            f"    assert main(['train-mlp', *{SMALL!r}, '--epochs', '1', '--save-experiment', {str(file)!r}]) == 0\n"
            f"    assert main(['train-mlp', '--experiment', {str(file)!r}, '--json']) == 0\n"
            "bad = sorted({m.split('.')[0] for m in sys.modules} & {'PySide6', 'shiboken6', 'pyqtgraph', 'superqt'})\n"
            "print(bad)\n")
    env = {**os.environ, "PYTHONPATH": str(REPO) if SOURCE_TREE else ""}
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300, cwd=tmp_path,
                       env=env)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip().splitlines()[-1] == "[]", r.stdout + r.stderr
