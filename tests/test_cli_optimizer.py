"""linreg and logreg --optimizer: the options, their one-line refusals (exit 2), --json's
report, --tol 0 running every iteration, and experiment files that keep the rule."""

from __future__ import annotations

import json

import pytest

from gui.cli import build_parser, main, run_linreg, run_logreg


def linreg(*args: str) -> dict:
    return run_linreg(build_parser().parse_args(["linreg", *args]))


def logreg(*args: str) -> dict:
    return run_logreg(build_parser().parse_args(["logreg", *args]))


def test_default_is_plain_gradient_descent_as_before():
    out = linreg("--iters", "500")
    assert out["optimizer"] == "gd" and out["optimizer_settings"] == {}
    assert out["lr"] == 5e-5 and out["lr_intercept_scale"] == 10000
    out = logreg("--iters", "200")
    assert out["optimizer"] == "gd" and out["lr"] == 0.1


@pytest.mark.parametrize("args, settings", [
    (["--optimizer", "adam", "--beta1", "0.8", "--beta2", "0.99", "--eps", "1e-6"],
     {"batch_size": None, "beta1": 0.8, "beta2": 0.99, "eps": 1e-6}),
    (["--optimizer", "momentum", "--momentum", "0.5"], {"batch_size": None, "momentum": 0.5}),
    (["--optimizer", "nesterov"], {"batch_size": None, "momentum": 0.9}),
    (["--optimizer", "sgd"], {"batch_size": 32, "seed": 0}),
    (["--optimizer", "rmsprop", "--batch-size", "50", "--seed", "3"], {"batch_size": 50, "eps": 1e-8, "alpha": 0.99, "seed": 3}),
    (["--optimizer", "adagrad"], {"batch_size": None, "eps": 1e-10, "lr_decay": 0.0, "initial_accumulator": 0.0}),
])
def test_json_reports_the_optimizer_and_its_hyperparameters(args, settings):
    out = linreg("--synthetic", "300", "--iters", "300", *args)
    assert out["optimizer"] == args[1]
    assert out["optimizer_settings"] == settings
    assert out["iterations"] >= 1 and out["loss"] > 0
    out = logreg("--iters", "100", *args)
    assert out["optimizer"] == args[1] and out["optimizer_settings"] == settings


def test_adaptive_rules_default_to_torchs_rate_and_no_intercept_factor():
    out = linreg("--optimizer", "adam", "--iters", "10")
    assert out["lr"] == 0.001 and out["lr_intercept_scale"] == 1.0 and not out["lr_auto"]
    assert logreg("--optimizer", "rmsprop", "--iters", "10")["lr"] == 0.01
    assert linreg("--optimizer", "adam", "--lr", "0.5", "--iters", "10")["lr"] == 0.5


@pytest.mark.parametrize("optimizer", ["gd", "momentum", "adam", "sgd"])
def test_tol_zero_runs_exactly_iters_steps(optimizer):
    out = linreg("--synthetic", "200", "--optimizer", optimizer, "--tol", "0", "--iters", "1234")
    assert out["iterations"] == 1234 and out["stop_reason"] == "max_iters"
    out = logreg("--optimizer", optimizer, "--tol", "0", "--iters", "321")
    assert out["iterations"] == 321 and out["stop_reason"] in ("max_iters", "no_progress")


@pytest.mark.parametrize("command", ["linreg", "logreg"])
@pytest.mark.parametrize("args, message", [
    (["--optimizer", "sgd", "--beta1", "0.5"], "The sgd optimizer does not use --beta1; it applies to adam."),
    (["--optimizer", "adam", "--momentum", "0.5"], "The adam optimizer does not use --momentum"),
    (["--batch-size", "8"], "The gd optimizer does not use --batch-size"),
    (["--optimizer", "momentum", "--eps", "1e-3"], "The momentum optimizer does not use --eps"),
    (["--optimizer", "adam", "--beta2", "1"], "--beta2 must be a number from 0 to below 1 (got 1)"),
    (["--optimizer", "momentum", "--momentum", "-0.1"], "--momentum must be a number from 0 to below 1"),
    (["--optimizer", "sgd", "--batch-size", "0"], "--batch-size must be a whole number from 1 to 1000000 (got 0)"),
    (["--optimizer", "adam", "--eps", "0"], "--eps must be a positive number up to 1 (got 0)"),
    (["--optimizer", "lbfgs"], "--optimizer"),
])
def test_bad_options_are_one_line_and_exit_2(command, args, message, capsys):
    assert main([command, *args, "--iters", "5"]) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1 and "Traceback" not in err


def test_newton_refuses_an_optimizer(capsys):
    assert main(["logreg", "--solver", "newton", "--optimizer", "adam"]) == 2
    assert "--solver newton" in capsys.readouterr().err


@pytest.mark.parametrize("args", [
    ["--optimizer", "adam", "--lr", "0.05", "--beta1", "0.85"],
    ["--optimizer", "sgd", "--batch-size", "40", "--seed", "5"],
    ["--optimizer", "nesterov", "--momentum", "0.7"],
])
def test_linreg_experiment_keeps_the_optimizer(tmp_path, args):
    path = tmp_path / "run.mlbl"
    first = linreg("--synthetic", "400", "--seed", "5", "--iters", "700", *args, "--save-experiment", str(path))
    again = linreg("--experiment", str(path))
    assert again["optimizer"] == first["optimizer"] and again["optimizer_settings"] == first["optimizer_settings"]
    assert again["iterations"] == first["iterations"]
    for key in ("slope", "intercept", "loss"):
        assert again[key] == pytest.approx(first[key], rel=1e-9, abs=1e-12)


@pytest.mark.parametrize("args", [
    ["--optimizer", "adam", "--lr", "0.05"],
    ["--optimizer", "rmsprop", "--batch-size", "16", "--seed", "2", "--eps", "1e-6"],
])
def test_logreg_experiment_keeps_the_optimizer(tmp_path, args):
    path = tmp_path / "run.mlbl"
    first = logreg("--iters", "400", *args, "--save-experiment", str(path))
    again = logreg("--experiment", str(path))
    assert again["optimizer"] == first["optimizer"] and again["optimizer_settings"] == first["optimizer_settings"]
    assert again["iterations"] == first["iterations"]
    for key in ("loss", "accuracy"):
        assert again[key] == pytest.approx(first[key], rel=1e-9, abs=1e-12)
    assert again["weights"][0] == pytest.approx(first["weights"][0], rel=1e-9, abs=1e-12)


def test_one_json_object_through_main(capsys):
    assert main(["linreg", "--optimizer", "adam", "--iters", "50", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["optimizer"] == "adam" and out["optimizer_settings"]["beta2"] == 0.999


def test_export_refuses_a_run_of_another_rule(tmp_path, capsys):
    """The exported programs write plain gradient descent: an Adam run is refused, not misexported."""
    path = tmp_path / "run.mlbl"
    linreg("--optimizer", "adam", "--iters", "20", "--save-experiment", str(path))
    assert main(["export", str(path), "--out", str(tmp_path / "run.py")]) == 2
    assert "adam" in capsys.readouterr().err
    assert not (tmp_path / "run.py").exists()
    plain = tmp_path / "plain.mlbl"
    linreg("--iters", "20", "--save-experiment", str(plain))
    assert main(["export", str(plain), "--out", str(tmp_path / "plain.py")]) == 0
