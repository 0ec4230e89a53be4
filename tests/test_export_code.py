"""Export as code (gui/export_code.py, issue 12 item 8): the exported script and notebook
reproduce the lab's run. Each script runs in a subprocess from a temporary folder with only
the standard library and numpy importable; its last line of output, one JSON object, must
equal the numbers the lab computes for the same state to 1e-9 relative."""

from __future__ import annotations

import ast
import contextlib
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from core.linreg import GDConfig, LinearGD
from core.logreg import LogisticGD, LogRegConfig
from gui.export_code import (
    INLINE_POINTS,
    ExportError,
    export_experiment,
    export_notebook,
    export_script,
    linear_points,
    logistic_data,
    write_export,
)
from gui.labs.linear.state import LinearState
from gui.labs.linear.state import schedule_table as linear_schedule
from gui.labs.logistic.state import LogisticState
from gui.labs.logistic.state import schedule_table as logistic_schedule
from gui.state import Table
from tests.conftest import REPO

RTOL = 1e-9

# Runs a script with only the standard library and numpy importable: no app (core, gui),
# no matplotlib, no Qt, no torch, whatever the environment holds.
ONLY_NUMPY = r"""
import importlib.abc, runpy, sys
ALLOWED = set(sys.stdlib_module_names) | {"numpy"}
class Refuse(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] not in ALLOWED:
            raise ModuleNotFoundError(f"No module named {name!r} (only numpy is allowed)", name=name)
        return None
sys.meta_path.insert(0, Refuse())
sys.argv = [sys.argv[1]]
runpy.run_path(sys.argv[0], run_name="__main__")
"""


# --------------------------------------------------------------------------- the lab's numbers


def app_linear(state: LinearState) -> dict:
    """What the Linear lab shows for a state: the run replayed as LinearRegressionPanel.set_state does."""
    points, _ = linear_points(state)
    config = state.config()
    gd = LinearGD(points, config)
    gd.replay(state.run_schedule(), config, state.computed, state.iteration)
    return {"slope": gd.slope, "intercept": gd.intercept, "loss": gd.loss, "iterations": gd.iteration}


def app_logistic(state: LogisticState) -> dict:
    """What the Logistic lab shows for a state, replayed as LogisticRegressionPanel.set_state does."""
    data, mask, _ = logistic_data(state)
    config = state.config(data.k)
    gd = LogisticGD(data, config, mask, start_weights=state.start())
    gd.replay(state.run_schedule(config), config, state.computed, state.iteration)
    W = gd.weights
    out = {"weights": W[:-1].T.tolist(), "intercepts": W[-1].tolist(), "loss": gd.metrics.loss,
           "accuracy": gd.metrics.accuracy, "iterations": gd.iteration}
    if mask.any():
        out["test_accuracy"] = gd.metrics.test_accuracy
    return out


def linear_after(state: LinearState, changes: list[tuple[int, dict]], seek: int | None = None) -> LinearState:
    """The state the lab saves after running: each (steps, settings changed before them), as
    the user plays, stops and moves a slider (the history after the cursor is dropped)."""
    points, _ = linear_points(state)
    gd = LinearGD(points, state.config())
    for steps, new in changes:
        if new:
            state = state.replace(**new)
            gd.set_config(state.config())
        gd.step(steps)
    if seek is not None:
        gd.seek(seek)
    return state.replace(schedule=linear_schedule(gd.schedule), computed=gd.history_length - 1,
                         iteration=gd.iteration)


def logistic_after(state: LogisticState, changes: list[tuple[int, dict]]) -> LogisticState:
    data, mask, _ = logistic_data(state)
    gd = LogisticGD(data, state.config(data.k), mask, start_weights=state.start())
    for steps, new in changes:
        if new:
            state = state.replace(**new)
            gd.set_config(state.config(data.k))
        gd.step(steps)
    return state.replace(schedule=logistic_schedule(gd.schedule), computed=gd.history_length - 1,
                         iteration=gd.iteration)


def max_rel(got: object, want: object) -> float:
    """The largest relative difference between two JSON values (numbers, lists)."""
    a = np.asarray(got, dtype=np.float64)
    b = np.asarray(want, dtype=np.float64)
    assert a.shape == b.shape
    if a.size == 0:
        return 0.0
    return float(np.max(np.abs(a - b) / np.maximum(np.abs(b), 1e-300)))


def compare(result: dict, want: dict) -> float:
    worst = 0.0
    for key, value in want.items():
        assert key in result, key
        if key == "iterations":
            assert result[key] == value
            continue
        d = max_rel(result[key], value)
        assert d <= RTOL, f"{key}: {result[key]} vs {value} (relative {d:.3g})"
        worst = max(worst, d)
    return worst


def run_script(path: Path) -> dict:
    """Run an exported script from its folder, numpy alone importable; its last line as JSON."""
    r = subprocess.run([sys.executable, "-I", "-c", ONLY_NUMPY, str(path)], cwd=path.parent,
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr[-3000:]
    return json.loads(r.stdout.strip().splitlines()[-1])


def run_notebook(text: str, folder: Path, monkeypatch: pytest.MonkeyPatch) -> dict:
    """Validate a notebook with nbformat and run its code cells in order in one namespace."""
    nbformat = pytest.importorskip("nbformat")
    nb = nbformat.reads(text, as_version=4)
    nbformat.validate(nb)
    assert nb.nbformat == 4
    assert [c.cell_type for c in nb.cells].count("code") >= 4
    monkeypatch.chdir(folder)
    namespace: dict = {"__name__": "__main__"}
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        for cell in nb.cells:
            if cell.cell_type == "code":
                exec(compile(cell.source, "<cell>", "exec"), namespace)
    return json.loads(out.getvalue().strip().splitlines()[-1])


# --------------------------------------------------------------------------- states


def edited_points() -> Table:
    x = np.array([0.5, 1.25, 2.0, 3.5, 4.0, 5.75, 6.0, 7.5, 8.25, 9.0])
    y = np.array([1.1, 1.9, 3.2, 4.1, 4.4, 6.9, 6.5, 8.8, 8.9, 10.3])
    return Table(np.column_stack([x, y]))


LINEAR_STATES = {
    "seed": lambda: LinearState(computed=3000, iteration=3000),
    "seed_paused": lambda: LinearState(computed=2000, iteration=1234),
    "synthetic_standardize": lambda: linear_after(
        LinearState(source="synthetic", n=400, slope=-1.3, intercept=42.0, noise=4.0, seed=7, lr=0.3,
                    intercept_lr_scale=1.0, standardize=True, tol_enabled=True, tol=1e-12, max_iters=5000),
        [(5000, {})]),
    "edited": lambda: linear_after(
        LinearState(source="edited", points=edited_points(), lr=0.01, intercept_lr_scale=3.0, max_iters=2000,
                    start_b=0.0, start_k=0.0), [(700, {})]),
    "schedule": lambda: linear_after(
        LinearState(max_iters=5000),
        [(700, {}), (500, {"lr": 2e-5}), (300, {"standardize": True, "lr": 0.1, "intercept_lr_scale": 1.0}),
         (400, {"standardize": False, "lr": 5e-5, "intercept_lr_scale": 10000.0})]),
    "schedule_seeked_back": lambda: linear_after(
        LinearState(max_iters=5000), [(700, {}), (500, {"lr": 2e-5}), (300, {"lr": 4e-5})], seek=600),
    "from_file_large": lambda: linear_after(
        LinearState(source="synthetic", n=INLINE_POINTS + 500, seed=3, lr=2e-5, max_iters=400), [(400, {})]),
}


def blobs(**kw) -> LogisticState:
    kw = {"n": 240, **kw}
    return LogisticState(preset="blobs", source="generated", classes=3, spread=1.0, seed=5, **kw)


def edited_labeled() -> Table:
    rng = np.random.default_rng(11)
    a = rng.normal(size=(60, 2)) + np.repeat([[0.0, 0.0], [3.0, 1.0], [0.5, 3.5]], 20, axis=0)
    labels = np.repeat([9.0, 2.0, 5.0], 20)  # a file's own labels, not 0..k-1
    test = (np.arange(60) % 6 == 0).astype(float)
    return Table(np.column_stack([a, labels, test]))


LOGISTIC_STATES = {
    "seed": lambda: LogisticState(computed=3000, iteration=3000),
    "moons_poly": lambda: logistic_after(
        LogisticState(preset="moons", source="generated", n=200, spread=1.5, seed=2, poly=True, lr=0.5), [(800, {})]),
    "three_ovr_test": lambda: logistic_after(blobs(strategy="ovr", test_percent=20, lr=0.2), [(500, {})]),
    "three_softmax_l2": lambda: logistic_after(blobs(strategy="softmax", l2=True, C=0.5, lr=0.3), [(400, {})]),
    "three_ovo_poly": lambda: logistic_after(blobs(strategy="ovo", poly=True, lr=0.05), [(300, {})]),
    "edited_schedule": lambda: logistic_after(
        LogisticState(source="edited", points=edited_labeled(), strategy="ovr", lr=0.1),
        [(200, {}), (150, {"lr": 0.6})]),
    "large": lambda: logistic_after(blobs(strategy="softmax", n=INLINE_POINTS + 300, lr=0.3), [(100, {})]),
}


# --------------------------------------------------------------------------- tests


def test_export_code_is_qt_free():
    tree = ast.parse((REPO / "gui" / "export_code.py").read_text(encoding="utf-8"))
    names = {a.name.split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    names |= {n.module.split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module}
    assert not names & {"PySide6", "pyqtgraph", "superqt", "shiboken6"}
    code = ("import sys, gui.export_code as e\n"
            "e.export_experiment('linear', {'version': 1, 'iteration': 5, 'computed': 5}, {}, 'py')\n"
            "e.export_experiment('logistic', {'version': 1, 'iteration': 5, 'computed': 5}, {}, 'py')\n"
            "bad = [m for m in sys.modules if m.split('.')[0] in ('PySide6', 'pyqtgraph', 'superqt')]\n"
            "print(bad); sys.exit(1 if bad else 0)\n")
    r = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr


@pytest.mark.parametrize("name", list(LINEAR_STATES))
def test_linear_script_prints_the_labs_numbers(name, tmp_path):
    state = LINEAR_STATES[name]()
    exported = export_experiment("linear", state.to_dict(), {}, "py", name="run")
    written = write_export(tmp_path / "run.py", exported)
    if name == "from_file_large":  # the data beside the script, not in it
        assert [p.name for p in written] == ["run.py", "run_data.csv"]
        assert len(exported.text) < 20_000
    else:
        assert written == [tmp_path / "run.py"] and not exported.files
    result = run_script(tmp_path / "run.py")
    want = app_linear(state)
    compare(result, want)
    assert result["iterations"] == state.iteration
    from core.linreg import least_squares
    ols = least_squares(linear_points(state)[0])
    compare(result, {"ols_slope": ols.slope, "ols_intercept": ols.intercept, "ols_loss": ols.loss, "r2": ols.r2})
    assert {"slope", "intercept", "loss", "iterations", "lr", "standardize", "points", "source"} <= set(result)


@pytest.mark.parametrize("name", list(LOGISTIC_STATES))
def test_logistic_script_prints_the_labs_numbers(name, tmp_path):
    state = LOGISTIC_STATES[name]()
    exported = export_script(state, {}, name="run")
    write_export(tmp_path / "run.py", exported)
    assert bool(exported.files) == (name == "large")
    result = run_script(tmp_path / "run.py")
    compare(result, app_logistic(state))
    data, mask, _ = logistic_data(state)
    assert result["classes"] == data.k and result["labels"] == list(data.labels)
    assert {"weights", "intercepts", "loss", "accuracy", "iterations", "strategy", "models", "poly"} <= set(result)


def test_the_seed_scripts_read_like_the_seed():
    text = export_script(LinearState(computed=3000, iteration=3000)).text
    for piece in ("theta0 + theta1 * x", "J(θ) = 1/(2m)·Σ(h − y)²", "∂J/∂θ1 = 1/m·Σ(h − y)·x", "(3000, 5e-05, 10000.0, False)",
                  "from matplotlib import pyplot as plt", "print(json.dumps("):
        assert piece in text, piece
    assert "import core" not in text and "from gui" not in text and "from core" not in text
    ast.parse(text)
    logistic = export_script(LogisticState(computed=3000, iteration=3000)).text
    assert "np.logaddexp(0.0, Z)" in logistic and "w1 = w2 = b = 1" in logistic


@pytest.mark.parametrize("lab, name", [("linear", "seed"), ("linear", "schedule"), ("linear", "from_file_large"),
                                       ("logistic", "seed"), ("logistic", "three_ovo_poly"),
                                       ("logistic", "three_softmax_l2"), ("logistic", "large")])
def test_notebook_validates_and_its_cells_give_the_same_numbers(lab, name, tmp_path, monkeypatch):
    pytest.importorskip("nbformat")
    state = (LINEAR_STATES if lab == "linear" else LOGISTIC_STATES)[name]()
    exported = export_experiment(lab, state.to_dict(), {}, "ipynb", name="nb")
    assert exported.fmt == "ipynb"
    written = write_export(tmp_path / "nb.ipynb", exported)
    assert written[0].read_text(encoding="utf-8") == exported.text
    result = run_notebook(exported.text, tmp_path, monkeypatch)
    compare(result, app_linear(state) if lab == "linear" else app_logistic(state))
    # the notebook's markdown names the seed's formulas; the same state gives the same file
    import nbformat

    markdown = "".join(c.source for c in nbformat.reads(exported.text, as_version=4).cells if c.cell_type == "markdown")
    assert ("\\frac{1}{2m}" if lab == "linear" else "\\frac{1}{1+e^{-\\theta ^ T x}}") in markdown
    assert export_experiment(lab, state.to_dict(), {}, "ipynb", name="nb").text == exported.text


def test_blobs_and_unsupported_labs():
    big = LinearState(source="edited", points=Table(np.random.default_rng(0).normal(size=(12_000, 2))),
                      iteration=3, computed=3, lr=1e-3)
    blobs_: dict[str, bytes] = {}
    d = big.to_dict(blobs_)
    assert blobs_ and isinstance(d["points"], str)
    exported = export_experiment("linear", d, blobs_, "py")
    assert exported.files and "experiment_data.csv" in exported.files
    with pytest.raises(ExportError) as info:
        export_experiment("concepts", {"version": 1}, {}, "py")
    assert info.value.code == "unsupported_lab"
    with pytest.raises(ExportError):
        export_experiment("linear", {"version": 1}, {}, "pdf")


def test_write_export_keeps_the_old_file_when_it_cannot_write(tmp_path):
    from core.errors import SaveError

    target = tmp_path / "run.py"
    target.write_text("old", encoding="utf-8")
    exported = export_script(LinearState(iteration=2, computed=2))
    missing = tmp_path / "no" / "such" / "folder" / "run.py"
    with pytest.raises(SaveError):
        write_export(missing, exported)
    assert target.read_text(encoding="utf-8") == "old"
    assert write_export(target, exported) == [target]
    assert target.read_text(encoding="utf-8") == exported.text
    assert not [p for p in os.listdir(tmp_path) if p.startswith(".mlbl-tmp-")]


# --------------------------------------------------------------------------- the panels agree


def test_the_panels_show_the_numbers_the_tests_compare_with(qtbot):
    """app_linear / app_logistic replay as the panels do: a panel given the state shows the same bits."""
    from gui.labs.linear_panel import LinearRegressionPanel
    from gui.labs.logistic_panel import LogisticRegressionPanel

    panel = LinearRegressionPanel()
    qtbot.addWidget(panel)
    for name in ("schedule", "synthetic_standardize", "edited"):
        state = LINEAR_STATES[name]()
        panel.set_state(state)
        gd = panel.learner()
        assert (gd.slope, gd.intercept, gd.loss, gd.iteration) == tuple(app_linear(state).values())
    lpanel = LogisticRegressionPanel()
    qtbot.addWidget(lpanel)
    for name in ("three_ovr_test", "edited_schedule"):
        state = LOGISTIC_STATES[name]()
        lpanel.set_state(state)
        gd = lpanel.learner()
        want = app_logistic(state)
        assert gd.weights[:-1].T.tolist() == want["weights"] and gd.metrics.loss == want["loss"]


def test_points_exactly_on_a_line(tmp_path):
    """J* = 0: near the optimum J is rounding noise (1e-29) and its two computations (the
    script's direct sum, the lab's centred moments) agree only absolutely; θ still to 1e-9."""
    x = np.arange(10.0)
    state = linear_after(LinearState(source="edited", points=Table(np.column_stack([x, 2 * x + 1])), lr=0.02,
                                     intercept_lr_scale=1.0, max_iters=50_000, start_b=0.0, start_k=0.0),
                         [(20_000, {})])
    write_export(tmp_path / "run.py", export_script(state))
    result = run_script(tmp_path / "run.py")
    want = app_linear(state)
    compare(result, {"slope": want["slope"], "intercept": want["intercept"]})
    assert abs(result["loss"] - want["loss"]) <= 1e-20


def test_the_cli_offers_every_lab_the_export_writes_and_no_other():
    """`export --lab` lists its choices by hand (the CLI does not import the exporters until
    a command needs them): the list must follow export_code.LABS."""
    from gui import cli
    from gui.export_code import LABS

    parser = cli.build_parser()
    export = next(a for a in parser._subparsers._group_actions[0].choices["export"]._actions if "--lab" in a.option_strings)
    assert set(export.choices) == set(LABS)
