"""train-mlp's exit status and its one error line: a run that stopped learning, refusals
made before training (seed form, memory) and a failed save."""

import json

import pytest

pytest.importorskip("torch")  # the extra nn: these tests skip without it

import core.mlp as mlp  # noqa: E402
from gui.cli import main


def test_a_rate_far_too_high_exits_1_naming_the_cause(capsys):
    status = main(["train-mlp", "--subset", "--epochs", "1", "--hidden", "64", "--lr", "1e6", "--json"])
    out, err = capsys.readouterr()
    assert status == 1
    result = json.loads(out)
    assert result["stop_reason"] == "not_learning" and result["not_learning_cause"] == "lr_too_high"
    lines = [line for line in err.splitlines() if not line.startswith("epoch:")]
    assert len(lines) == 1 and lines[0].startswith("error: the network is not learning")
    assert "learning rate 1e+06 is probably too high" in lines[0]


def test_seed_form_of_another_architecture_is_refused_before_training(capsys, tmp_path):
    status = main(["train-mlp", "--subset", "--epochs", "1", "--hidden", "64", "--save", str(tmp_path / "last.pt"),
                   "--seed-format"])
    out, err = capsys.readouterr()
    assert status == 2 and out == "" and "epoch:" not in err  # nothing was trained
    assert "Linear(784, 1024)" in err and "64" in err and list(tmp_path.iterdir()) == []


def test_a_config_that_would_not_fit_in_memory_is_refused_before_training(capsys, monkeypatch):
    monkeypatch.setattr(mlp, "memory_limit", lambda dev=None: 1024 ** 3)
    status = main(["train-mlp", "--subset", "--epochs", "1", "--hidden", "8192,8192,8192,8192", "--optimizer",
                   "adam"])
    out, err = capsys.readouterr()
    assert status == 2 and out == "" and "MB" in err and "1024 MB" in err


def test_a_failed_save_exits_1_with_a_sentence(capsys, tmp_path, monkeypatch):
    import torch

    def full(*a, **k):
        raise RuntimeError("PytorchStreamWriter failed writing file data/0: file write failed")

    monkeypatch.setattr(torch, "save", full)
    status = main(["train-mlp", "--subset", "--epochs", "1", "--hidden", "16", "--save", str(tmp_path / "m.pt")])
    _, err = capsys.readouterr()
    assert status == 1 and "could not be saved" in err and "file write failed" in err
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("argv", [["--hidden", "64"]])
def test_a_normal_run_still_exits_0(capsys, argv):
    assert main(["train-mlp", "--subset", "--epochs", "1", *argv]) == 0
    out, err = capsys.readouterr()
    assert out.startswith("epoch:0 train_loss:") and err == ""


def test_not_learning_sentences_name_the_cause():
    from gui.messages import describe_not_learning

    assert "too high" in describe_not_learning("lr_too_high")
    assert "too low" in describe_not_learning("lr_too_low")


def test_help_says_the_epoch_lines_count_from_0_as_the_seed_does(capsys):
    with pytest.raises(SystemExit):
        main(["train-mlp", "--help"])
    out = " ".join(capsys.readouterr().out.split())
    assert "counts epochs from 0" in out and "epoch:0 is the first epoch" in out
