"""Export as code for the Neural Network lab (gui/export_mlp.py): the script and the notebook
train the experiment's network again on the data it read and print, as their last line, the
JSON object `train-mlp --experiment FILE` prints for the same file.

On the CPU torch is deterministic for the same seed and the same number of threads (both
processes here use torch's default), and the program makes the same calls in the same
order as core.mlp, so the numbers are compared to RTOL = 1e-9 relative (they come out
equal: WORST collects the differences, all 0 when this was written). The scripts run in a subprocess with the
app (core, gui), Qt and matplotlib made unimportable."""

from __future__ import annotations

import ast
import contextlib
import io
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("torch")  # the extra nn: these tests skip without it

from core.experiment import Experiment, read_experiment, write_experiment  # noqa: E402
from core.fashion import DEBIAN_DIR, has_idx_files, load_bundled  # noqa: E402
from core.idx import write_idx  # noqa: E402
from gui.cli import main  # noqa: E402
from gui.export_code import LABS, export_experiment, write_export  # noqa: E402
from gui.labs.mlp.state import MLPState  # noqa: E402

RTOL = 1e-9
TIMINGS = ("seconds", "samples_per_s")

# Runs a script with the app, Qt and matplotlib unimportable: it stands on numpy and torch alone.
NO_APP = r"""
import importlib.abc, runpy, sys
REFUSED = {"core", "gui", "main", "PySide6", "shiboken6", "pyqtgraph", "superqt", "matplotlib"}
class Refuse(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in REFUSED:
            raise ModuleNotFoundError(f"No module named {name!r} (refused)", name=name)
        return None
sys.meta_path.insert(0, Refuse())
sys.argv = [sys.argv[1]]
runpy.run_path(sys.argv[0], run_name="__main__")
"""


def cli_experiment(capsys, file: Path) -> dict:
    status = main(["train-mlp", "--experiment", str(file), "--json"])
    out, err = capsys.readouterr()
    assert status == 0, err
    return json.loads(out)


def run_script(path: Path) -> tuple[subprocess.CompletedProcess, dict | None]:
    r = subprocess.run([sys.executable, "-I", "-c", NO_APP, str(path)], cwd=path.parent, capture_output=True,
                       text=True, timeout=600)
    last = r.stdout.strip().splitlines()[-1] if r.returncode == 0 and r.stdout.strip() else ""
    return r, (json.loads(last) if last else None)


def max_rel(a: object, b: object) -> float:
    """The largest relative difference between two JSON values, keys and non-numbers compared exactly."""
    if isinstance(b, dict):
        assert isinstance(a, dict) and set(a) == set(b), (a, b)
        return max((max_rel(a[k], b[k]) for k in b if k not in TIMINGS), default=0.0)
    if isinstance(b, list):
        assert isinstance(a, list) and len(a) == len(b)
        return max((max_rel(x, y) for x, y in zip(a, b)), default=0.0)
    if isinstance(b, float) and not isinstance(a, bool):
        assert isinstance(a, (int, float)), (a, b)
        return abs(a - b) / max(abs(b), 1e-300)
    assert a == b and type(a) is type(b), (a, b)
    return 0.0


WORST: list[float] = []


def compare(got: dict, want: dict) -> None:
    d = max_rel(got, want)
    WORST.append(d)
    print(f"largest relative difference, exported program vs train-mlp --experiment: {d:.3g}")
    assert d <= RTOL, d


# --------------------------------------------------------------------------- experiments to export


def saved_by_cli(capsys, folder: Path, *options: str) -> Path:
    file = folder / "cli.mlbl"
    assert main(["train-mlp", "--subset", "--json", *options, "--save-experiment", str(file)]) == 0
    capsys.readouterr()
    return file


def state_file(folder: Path, state: MLPState, blobs: dict[str, bytes] | None = None) -> Path:
    file = folder / "state.mlbl"
    write_experiment(file, Experiment(labs={"mlp": state.to_dict()}, blobs=blobs or {}, current="mlp"))
    return file


def idx_folder(folder: Path, train: int = 3000, test: int = 700) -> Path:
    """Raw (not gzipped) IDX files of a slice of the bundled subset: a folder the lab could open."""
    data = load_bundled()
    out = folder / "FashionMNIST 数据"
    out.mkdir()
    write_idx(out / "train-images-idx3-ubyte", data.train_x[:train])
    write_idx(out / "train-labels-idx1-ubyte", data.train_y[:train])
    write_idx(out / "t10k-images-idx3-ubyte", data.test_x[:test])
    write_idx(out / "t10k-labels-idx1-ubyte", data.test_y[:test])
    return out


def make_case(name: str, capsys, folder: Path) -> Path:
    if name == "cli_saved":  # a run saved by train-mlp, its model in the file
        return saved_by_cli(capsys, folder, "--epochs", "2", "--hidden", "16", "--batch-size", "256")
    if name == "settings_only":  # the lab's settings, no model yet: the whole run; a batch that does not divide
        return state_file(folder, MLPState(source="bundled", hidden=(10, 6), activation="tanh", optimizer="adam",
                                           lr=0.003, batch_size=333, epochs=1, normalize=True, seed=11))
    if name == "stopped":  # a run the lab stopped halfway through its second epoch
        file = saved_by_cli(capsys, folder, "--epochs", "2", "--hidden", "12", "--batch-size", "400",
                            "--optimizer", "momentum", "--lr", "0.02", "--activation", "sigmoid")
        e = read_experiment(file)
        state = MLPState.from_dict(e.labs["mlp"], blobs=e.blobs).replace(epochs=3, epochs_done=1.6)
        return state_file(folder, state, dict(e.blobs))
    if name == "idx_folder":
        data = idx_folder(folder)
        return state_file(folder, MLPState(source="folder", folder=str(data), hidden=(20,), lr=0.2, batch_size=128,
                                           epochs=2, seed=5))
    if name == "debian_full":
        if not has_idx_files(DEBIAN_DIR):
            pytest.skip("Fashion-MNIST is not installed in /usr/share/datasets (Debian's dataset-fashion-mnist)")
        return state_file(folder, MLPState(source="debian", folder=str(DEBIAN_DIR), hidden=(8,), lr=0.1,
                                           batch_size=1000, epochs=1, seed=2))
    raise AssertionError(name)


CASES = ["cli_saved", "settings_only", "stopped", "idx_folder", "debian_full"]


# --------------------------------------------------------------------------- tests


@pytest.mark.parametrize("case", CASES)
def test_the_script_prints_what_train_mlp_prints_for_the_same_file(case, capsys, tmp_path):
    file = make_case(case, capsys, tmp_path)
    want = cli_experiment(capsys, file)
    e = read_experiment(file)
    exported = export_experiment("mlp", e.labs["mlp"], e.blobs, "py", name="nn")
    assert not exported.files  # the data is read where the experiment read it, not copied
    written = write_export(tmp_path / "nn.py", exported)
    assert written == [tmp_path / "nn.py"]
    r, got = run_script(tmp_path / "nn.py")
    assert r.returncode == 0 and got is not None, r.stderr[-3000:]
    compare(got, want)
    assert got["epochs"] and got["stop_reason"] == want["stop_reason"]
    if case == "stopped":
        assert got["stop_reason"] == "stopped" and got["epochs"][-1]["partial"] and \
            got["epochs"][-1]["epochs_completed"] == 1.6
    # the seed's per-epoch lines, one per epoch
    lines = [line for line in r.stdout.splitlines() if line.startswith("epoch:")]
    assert len(lines) == len(want["epochs"]) and lines[0].startswith("epoch:0 train_loss:")


def test_the_script_reads_like_the_seed_and_imports_no_app(capsys, tmp_path):
    file = make_case("cli_saved", capsys, tmp_path)
    e = read_experiment(file)
    text = export_experiment("mlp", e.labs["mlp"], e.blobs, "py").text
    tree = ast.parse(text)
    imported = {a.name.split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    imported |= {n.module.split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module}
    assert imported == {"gzip", "json", "math", "os", "struct", "time", "numpy", "torch", "matplotlib"}
    for piece in ("class Fashion(nn.Module):", "nn.Linear(784, 16),  # H1 = X·W1 + b1", "nn.ReLU()",
                  "nn.Linear(16, 10),  # Y = A1·W2 + b2", "optim.SGD(net.parameters(), lr=0.1, momentum=0.0)",
                  "θ := θ − α·∂J/∂θ", "J = −1/m·Σ ln p_k", "S_i = e^(z_i − max z)", "torch.manual_seed(SEED)",
                  "print(f'epoch:{epoch} train_loss:", "from matplotlib import pyplot as plt",
                  "print(json.dumps(finite(result)))"):
        assert piece in text, piece
    adam = export_experiment("mlp", MLPState(optimizer="adam", activation="tanh", hidden=(64, 32), normalize=True,
                                             replicable=False).to_dict(), {}, "py").text
    for piece in ("optim.Adam(net.parameters(), lr=0.1)", "nn.Tanh()", "nn.Linear(64, 32),  # H2 = A1·W2 + b2",
                  "x.sub_(0.485).div_(0.229)", "SEED = None  # the lab's run was not replicable"):
        assert piece in adam, piece


@pytest.mark.parametrize("case", ["stopped", "idx_folder"])
def test_the_notebook_validates_and_its_cells_print_the_same(case, capsys, tmp_path, monkeypatch):
    nbformat = pytest.importorskip("nbformat")
    file = make_case(case, capsys, tmp_path)
    want = cli_experiment(capsys, file)
    e = read_experiment(file)
    exported = export_experiment("mlp", e.labs["mlp"], e.blobs, "ipynb", name="nb")
    nb = nbformat.reads(exported.text, as_version=4)
    nbformat.validate(nb)
    assert [c.cell_type for c in nb.cells] == ["markdown"] + ["markdown", "code"] * 5
    markdown = "".join(c.source for c in nb.cells if c.cell_type == "markdown")
    assert "H_{(1 \\times h)}=X_{(1 \\times x)} \\cdot W_{1(x \\times h)}" in markdown
    assert "J(\\theta) = -\\frac{1}{m} \\sum^m_{i=1} ln\\, p_k^i" in markdown
    assert export_experiment("mlp", e.labs["mlp"], e.blobs, "ipynb", name="nb").text == exported.text
    monkeypatch.chdir(tmp_path)
    namespace: dict = {"__name__": "__main__"}
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        for cell in nb.cells:
            if cell.cell_type == "code":
                exec(compile(cell.source, "<cell>", "exec"), namespace)
    compare(json.loads(out.getvalue().strip().splitlines()[-1]), want)


def test_a_missing_data_folder_stops_the_script_with_a_clear_message(capsys, tmp_path):
    file = make_case("idx_folder", capsys, tmp_path)
    e = read_experiment(file)
    write_export(tmp_path / "nn.py", export_experiment("mlp", e.labs["mlp"], e.blobs, "py"))
    folder = Path(MLPState.from_dict(e.labs["mlp"]).folder)
    (folder / "t10k-labels-idx1-ubyte").unlink()
    r, got = run_script(tmp_path / "nn.py")
    assert r.returncode == 1 and got is None
    message = r.stderr.strip().splitlines()[-1]
    assert "t10k-labels-idx1-ubyte is missing in" in message and str(folder) in message and "DATA_DIR" in message


def test_main_py_export_writes_nn_scripts_and_notebooks(capsys, tmp_path):
    nbformat = pytest.importorskip("nbformat")
    assert "mlp" in LABS
    file = make_case("settings_only", capsys, tmp_path)
    assert main(["export", str(file), "--out", str(tmp_path / "a.py")]) == 0
    assert main(["export", str(file), "--format", "ipynb", "--out", str(tmp_path / "a.ipynb"), "--lab", "mlp"]) == 0
    err = capsys.readouterr().err
    assert f"wrote {tmp_path / 'a.py'}" in err and f"wrote {tmp_path / 'a.ipynb'}" in err
    ast.parse((tmp_path / "a.py").read_text(encoding="utf-8"))
    nbformat.validate(nbformat.read(str(tmp_path / "a.ipynb"), as_version=4))


def test_exporting_an_nn_experiment_loads_no_qt(capsys, tmp_path):
    from tests.conftest import REPO

    file = make_case("settings_only", capsys, tmp_path)
    code = ("import sys\n"
            "from gui.cli import main\n"
            f"assert main(['export', {str(file)!r}, '--out', {str(tmp_path / 'x.py')!r}]) == 0\n"
            f"assert main(['export', {str(file)!r}, '--format', 'ipynb', '--out', {str(tmp_path / 'x.ipynb')!r}]) == 0\n"
            "bad = sorted({m.split('.')[0] for m in sys.modules} & {'PySide6', 'shiboken6', 'pyqtgraph', 'superqt'})\n"
            "print(bad)\n")
    r = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip().splitlines()[-1] == "[]"


def test_the_window_exports_the_nn_lab(qtbot, main_window, tmp_path):
    main_window.select_tab("mlp")
    p = main_window.panels["mlp"]
    qtbot.waitUntil(lambda: p.data() is not None and not p.is_busy(), timeout=60000)
    main_window.file_menu.aboutToShow.emit()
    assert main_window.export_script_action.isEnabled() and main_window.export_notebook_action.isEnabled()
    assert "cannot be written" not in main_window.export_script_action.toolTip()
    p.hidden_edit.setText("24,12")
    assert main_window.export_code("py", str(tmp_path / "lab.py"))
    text = (tmp_path / "lab.py").read_text(encoding="utf-8")
    ast.parse(text)
    assert "nn.Linear(784, 24)" in text and "nn.Linear(24, 12)" in text and "nn.Linear(12, 10)" in text
    assert main_window.export_code("ipynb", str(tmp_path / "lab.ipynb"))
    assert json.loads((tmp_path / "lab.ipynb").read_text(encoding="utf-8"))["nbformat"] == 4

