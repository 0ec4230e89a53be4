"""Export an experiment as code: a standalone Python script or Jupyter notebook that
reproduces a lab's run the way the seed tutorial writes code (issue 12, item 8).

The program is plain numpy, seed-style (`theta0`, `theta1`, `h = theta0 + theta1 * x`, the
gradient written out), with comments naming the seed's formulas. It imports nothing from
the app, runs with numpy alone, draws with matplotlib only where matplotlib is installed,
and prints as its last line one JSON object with the keys `main.py linreg --json` /
`logreg --json` print for the final parameters.

The data is not generated again: the points the lab's state gives (computed here through
the same core functions the lab uses) are written into the program, or beside it in a
.csv file when there are more than INLINE_POINTS. The run is the state's: the same start,
each part of its `schedule` with the settings it ran with, up to the iteration shown.
The update rules are written with the same floating-point operations as core's, so the
printed numbers equal the lab's (tests/test_export_code.py: 1e-9 relative, ~1e-15 seen).

Qt-free (tests/test_export_code.py checks): the CLI and the window both call
`export_experiment`. Labs done: linear, logistic, mlp (numpy and torch, written by
gui/export_mlp.py) and dial (numpy and OpenCV, with the photo beside the program, written by
gui/export_dial.py). `export_refusal` says why a lab's state cannot be exported (the window
disables its Export actions with that sentence).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

import numpy as np

from core import datasets2d as ds
from core.atomic import atomic_open
from core.errors import LabError
from core.linreg import Points
from gui.state import LabState

INLINE_POINTS = 2_000  # more points than this go into a .csv file beside the program
FORMATS = ("py", "ipynb")
LABS = ("linear", "logistic", "mlp", "dial")  # the labs that can be exported


class ExportError(LabError):
    """An experiment cannot be exported: codes unsupported_lab (details: lab),
    unsupported_format (details: format), no_photo (the Dial lab shows no photo; details:
    lab, files: the batch's files), unsupported_optimizer (a Linear or Logistic run with an
    update rule other than plain gradient descent; details: optimizer)."""


def _optimizer_refusal(state: Any) -> ExportError | None:
    """The programs write plain gradient descent: a run of another rule is not exported
    (rather than exported as a different run)."""
    name = getattr(state, "optimizer", "gd")
    return None if name == "gd" else ExportError("unsupported_optimizer", {"optimizer": name})


@dataclass(frozen=True)
class Section:
    """One natural step of the program: a markdown cell (the notebook) and its code."""

    title: str
    markdown: str
    code: str


@dataclass(frozen=True)
class ExportedCode:
    """A program ready to write: its text (a .py script or a notebook's JSON), the file
    name it suggests, and files to write beside it (name → bytes), such as the data."""

    text: str
    fmt: str  # "py" or "ipynb"
    files: Mapping[str, bytes] = field(default_factory=dict)

    @property
    def suffix(self) -> str:
        return "." + self.fmt


# --------------------------------------------------------------------------- public API


def export_experiment(lab_key: str, state_dict: Mapping[str, Any], blobs: Mapping[str, bytes] | None = None,
                      fmt: str = "py", name: str = "experiment") -> ExportedCode:
    """The program for a lab's state as a dict (an experiment file's or `state().to_dict()`):
    fmt "py" (a script) or "ipynb" (a notebook); `name` is the stem of its side files."""
    state = _state_from_dict(lab_key, state_dict, blobs or {})
    if fmt == "py":
        return export_script(state, blobs or {}, name)
    if fmt == "ipynb":
        return export_notebook(state, blobs or {}, name)
    raise ExportError("unsupported_format", {"format": fmt, "choices": FORMATS})


def export_refusal(lab_key: str, state: LabState | None) -> ExportError | None:
    """Why a lab's current state cannot be exported (None: it can), said before the user
    picks a file: a lab export does not write, or a Dial lab with no photo."""
    if lab_key not in LABS or state is None:
        return ExportError("unsupported_lab", {"lab": lab_key, "choices": LABS})
    if lab_key == "dial":
        from gui.export_dial import export_refusal as dial_refusal
        return dial_refusal(state)
    return _optimizer_refusal(state) if lab_key in ("linear", "logistic") else None


def export_script(state: LabState, blobs: Mapping[str, bytes] | None = None,
                  name: str = "experiment") -> ExportedCode:
    """A standalone Python script that reproduces the state's run."""
    title, intro, sections, files = _sections(state, blobs or {}, name, notebook=False)
    parts = ['"""' + title + "\n\n" + intro.replace('"""', "'''") + '\n"""']
    for s in sections:
        parts.append(f"# %% {s.title}\n" + s.code)
    return ExportedCode("\n\n".join(parts) + "\n", "py", files)


def export_notebook(state: LabState, blobs: Mapping[str, bytes] | None = None,
                    name: str = "experiment") -> ExportedCode:
    """An nbformat v4 notebook that reproduces the state's run (validated before it is returned)."""
    import nbformat
    from nbformat import v4

    title, intro, sections, files = _sections(state, blobs or {}, name, notebook=True)
    cells = [v4.new_markdown_cell(f"# {title}\n\n{intro}")]
    for s in sections:
        cells.append(v4.new_markdown_cell(f"## {s.title}\n\n{s.markdown}"))
        cells.append(v4.new_code_cell(s.code))
    for i, cell in enumerate(cells):
        cell.id = f"cell-{i}"  # the same state gives the same file (nbformat would draw random ids)
    nb = v4.new_notebook(cells=cells, metadata={
        "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
        "language_info": {"name": "python"},
    })
    nbformat.validate(nb)
    return ExportedCode(nbformat.writes(nb), "ipynb", files)


def write_export(path: str | os.PathLike[str], exported: ExportedCode) -> list[Path]:
    """Write the program to `path` and its side files beside it, each atomically (a
    SaveError leaves every file as it was); returns the paths written."""
    dest = Path(path)
    written = []
    for name, data in exported.files.items():
        side = dest.with_name(name)
        with atomic_open(side, "wb") as fh:
            fh.write(data)
        written.append(side)
    with atomic_open(dest, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(exported.text)
    written.insert(0, dest)
    return written


# --------------------------------------------------------------------------- the labs' data


def linear_points(state: Any) -> tuple[Points, str]:
    """The points a LinearState runs on and their source (LinearState.data: as the lab makes them)."""
    points, source = state.data()
    return points, source


def logistic_data(state: Any) -> tuple[ds.Labeled, np.ndarray, str]:
    """The labelled points, the test mask and the source of a LogisticState, as the lab makes
    them (LogisticState.dataset and test_mask); a preset is named by its preset."""
    data, stored, source = state.dataset()
    return data, state.test_mask(data, stored), state.preset if source == "generated" else source


# --------------------------------------------------------------------------- helpers


def _state_from_dict(lab_key: str, state_dict: Mapping[str, Any], blobs: Mapping[str, bytes]) -> LabState:
    if lab_key == "linear":
        from gui.labs.linear.state import LinearState
        return LinearState.from_dict(state_dict, blobs=blobs)
    if lab_key == "logistic":
        from gui.labs.logistic.state import LogisticState
        return LogisticState.from_dict(state_dict, blobs=blobs)
    if lab_key == "mlp":
        from gui.labs.mlp.state import MLPState
        return MLPState.from_dict(state_dict, blobs=blobs)
    if lab_key == "dial":
        from gui.labs.dial.state import DialState
        return DialState.from_dict(state_dict, blobs=blobs)
    raise ExportError("unsupported_lab", {"lab": lab_key, "choices": LABS})


def _sections(state: LabState, blobs: Mapping[str, bytes], name: str,
              notebook: bool) -> tuple[str, str, list[Section], dict[str, bytes]]:
    if state.KEY == "linear":
        return _linear_sections(state, name, notebook)
    if state.KEY == "logistic":
        return _logistic_sections(state, name, notebook)
    if state.KEY == "mlp":
        from gui.export_mlp import mlp_sections
        return mlp_sections(state, name, notebook)
    if state.KEY == "dial":
        from gui.export_dial import dial_sections
        return dial_sections(state, blobs, name, notebook)
    raise ExportError("unsupported_lab", {"lab": state.KEY, "choices": LABS})


def _num(v: float) -> str:
    """A float as Python reads it back to the same bits."""
    v = float(v)
    return repr(v) if np.isfinite(v) else f"float({str(v)!r})"


def _array_text(values: np.ndarray, indent: str = "    ", width: int = 96, as_int: bool = False) -> str:
    """A flat list literal over several lines, every value exact."""
    items = [str(int(v)) for v in values] if as_int else [_num(v) for v in values]
    lines, line = [], ""
    for item in items:
        piece = item + ", "
        if line and len(indent) + len(line) + len(piece) > width:
            lines.append(indent + line.rstrip())
            line = ""
        line += piece
    if line:
        lines.append(indent + line.rstrip())
    return "[\n" + "\n".join(lines) + "\n]"


def _csv_bytes(header: str, columns: list[np.ndarray], ints: tuple[int, ...] = ()) -> bytes:
    rows = [header]
    for row in zip(*columns):
        rows.append(",".join(str(int(v)) if i in ints else _num(v) for i, v in enumerate(row)))
    return ("\n".join(rows) + "\n").encode("utf-8")


def _data_path_code(file_name: str, notebook: bool) -> str:
    if notebook:  # a notebook runs in its own folder
        return f"DATA_FILE = {file_name!r}  # written beside this notebook\n"
    return ("# written beside this script\n"
            f"DATA_FILE = os.path.join(os.path.dirname(os.path.abspath(__file__)), {file_name!r})\n")


_IMPORTS = """import json
{os}
import numpy as np

try:  # the plots need matplotlib; without it the program computes and prints the same numbers
    from matplotlib import pyplot as plt
except ImportError:
    plt = None
"""


def _steps(files: Mapping[str, bytes], data: tuple[str, str], model: tuple[str, str], train: tuple[str, str],
           result: tuple[str, str]) -> list[Section]:
    """The program's sections, in the seed's order: imports, data, model and cost, gradient
    descent, result (each a (markdown, code) pair after the imports)."""
    return [Section("Imports", "numpy for the computation; matplotlib, if installed, for the plots.", _imports(files)),
            Section("Data", *data), Section("Model and cost", *model), Section("Gradient descent", *train),
            Section("Result", *result)]


def _imports(files: Mapping[str, bytes]) -> str:
    """The imports (os only where a data file beside the program is read)."""
    return _IMPORTS.format(os="import os\n" if files else "")


# --------------------------------------------------------------------------- linear regression


_LINEAR_SOURCES = {
    "seed": "the seed's setting: points like the dial pointer's red pixels (section 1.1)",
    "synthetic": "synthetic points, x uniform in [100, 200] and y = intercept + slope·x + noise",
    "csv": "points read from a file",
    "edited": "points edited by hand",
    "external": "points sent from another lab",
}


def _linear_sections(state: Any, name: str, notebook: bool) -> tuple[str, str, list[Section], dict[str, bytes]]:
    refusal = _optimizer_refusal(state)
    if refusal is not None:
        raise refusal
    points, source = linear_points(state)
    title = "Linear regression by gradient descent"
    intro = (
        "Exported from ML Basics Lab (Linear Regression lab). It reproduces the lab's run as the seed\n"
        "tutorial (section 1.1) writes it: the hypothesis h(x) = θ0 + θ1·x, the cost\n"
        "J(θ) = 1/(2m)·Σ(h(x⁽ⁱ⁾) − y⁽ⁱ⁾)², and batch gradient descent θj := θj − α·∂J/∂θj.\n"
        "It needs numpy; it draws with matplotlib when matplotlib is installed. The last line it\n"
        "prints is one JSON object with the keys of `main.py linreg --json`."
    )
    files: dict[str, bytes] = {}
    # ---- data
    data_md = (f"Data: {_LINEAR_SOURCES.get(source, source)}, m = {points.n} points (x⁽ⁱ⁾, y⁽ⁱ⁾).")
    if points.n <= INLINE_POINTS:
        data_code = (f"# {_LINEAR_SOURCES.get(source, source)}\n"
                     f"X = np.array({_array_text(points.x)})\n"
                     f"Y = np.array({_array_text(points.y)})\n")
    else:
        file_name = f"{name}_data.csv"
        files[file_name] = _csv_bytes("x,y", [points.x, points.y])
        data_code = (f"# {_LINEAR_SOURCES.get(source, source)}, {points.n} points: too many to write here\n"
                     + _data_path_code(file_name, notebook)
                     + 'data = np.loadtxt(DATA_FILE, delimiter=",", skiprows=1, ndmin=2)\n'
                     "X = data[:, 0]\nY = data[:, 1]\n")
    data_code += ("m = X.shape[0]\n"
                  f"source = {source!r}\n"
                  "if plt is not None:\n"
                  "    plt.scatter(X, Y, s=4)\n"
                  "    plt.xlabel('x')\n"
                  "    plt.ylabel('y')\n"
                  "    plt.show()\n")
    # ---- model
    model_md = (
        "The hypothesis (seed 1.1):\n\n"
        "$$h_\\theta(x^{(i)})=\\theta_0 + \\theta_1x^{(i)}$$\n\n"
        "and the cost, the mean squared error:\n\n"
        "$$J(\\theta)=\\frac{1}{2m}\\sum^m_{i=1}(h_{\\theta}(x^{(i)})-y^{(i)})^2$$"
    )
    model_code = (
        "def h(theta0, theta1, x):\n"
        "    \"\"\"The hypothesis h(x) = θ0 + θ1·x.\"\"\"\n"
        "    return theta0 + theta1 * x\n"
        "\n\n"
        "def cost(theta0, theta1, x):\n"
        "    \"\"\"J(θ) = 1/(2m)·Σ(h(x⁽ⁱ⁾) − y⁽ⁱ⁾)², the mean squared error.\"\"\"\n"
        "    return np.sum((h(theta0, theta1, x) - Y) ** 2) / (2 * m)\n"
    )
    # ---- training: one part per schedule row, then the current settings up to the iteration shown
    segments: list[tuple[int, float, float, bool]] = []
    done = 0
    target = int(state.iteration)
    for row in state.schedule.array:
        until = min(int(row[0]), target)
        if until > done:
            segments.append((until - done, float(row[1]), float(row[2]), bool(row[3])))
            done = until
    if target > done or not segments:
        segments.append((target - done, float(state.lr), float(state.intercept_lr_scale), bool(state.standardize)))
    rows = "\n".join(f"    ({n}, {_num(lr)}, {_num(s)}, {st})," for n, lr, s, st in segments)
    several = len(segments) > 1
    train_md = (
        "Batch gradient descent (seed 1.1):\n\n"
        "$$\\theta_j := \\theta_j - \\alpha\\frac{\\partial}{\\partial\\theta_j}J(\\theta), \\qquad "
        "\\frac{\\partial}{\\partial\\theta_j}J(\\theta) = \\frac{1}{m}\\sum^m_{i=1}(h_\\theta(x^{(i)})-y^{(i)})"
        "x_j^{(i)}$$\n\n"
        "with $x_0 = 1$ for the intercept θ0. As in the seed, the intercept's rate may be a multiple of α "
        "(the seed used 10000×). With *standardise*, the descent runs on x′ = (x − μ)/σ: the same line is "
        "θ0′ = b + k·μ, θ1′ = k·σ, and is turned back into the slope k and intercept b afterwards."
        + ("\n\nThe settings changed during the run: each row of `parts` is one part of it, "
           "run with the settings it had." if several else "")
    )
    train_code = (
        ("# the settings changed during the run: one row per part, as the lab ran it\n" if several else "")
        + "# (iterations, learning rate α, the intercept's rate factor, standardise x)\n"
        f"parts = [\n{rows}\n]\n"
        f"intercept, slope = {_num(state.start_b)}, {_num(state.start_k)}  # the start: b = θ0, k = θ1\n"
        "losses = []\n"
        "for iters, lr, intercept_scale, standardize in parts:\n"
        "    if standardize:  # x′ = (x − μ)/σ\n"
        "        mu, sigma = float(np.mean(X)), float(np.std(X))\n"
        "    else:\n"
        "        mu, sigma = 0.0, 1.0\n"
        "    x = (X - mu) / sigma\n"
        "    theta0, theta1 = intercept + slope * mu, slope * sigma  # the same line in x's units\n"
        "    for epoch in range(iters):\n"
        "        y_pred = theta0 + theta1 * x  # h(x) = θ0 + θ1·x\n"
        "        error = y_pred - Y  # h(x⁽ⁱ⁾) − y⁽ⁱ⁾\n"
        "        losses.append(np.sum(error ** 2) / (2 * m))  # J(θ) = 1/(2m)·Σ(h − y)²\n"
        "        grad0 = np.sum(error) / m  # ∂J/∂θ0 = 1/m·Σ(h − y)\n"
        "        grad1 = np.dot(error, x) / m  # ∂J/∂θ1 = 1/m·Σ(h − y)·x\n"
        "        theta0 = theta0 - (lr * intercept_scale) * grad0  # θ0 := θ0 − α·(factor)·∂J/∂θ0\n"
        "        theta1 = theta1 - lr * grad1  # θ1 := θ1 − α·∂J/∂θ1\n"
        "    intercept, slope = theta0 - theta1 * mu / sigma, theta1 / sigma  # back to x's own units\n"
        "loss = cost(theta0, theta1, x)  # J at the final θ\n"
        "losses.append(loss)\n"
        "iterations = sum(iters for iters, *_ in parts)\n"
    )
    # ---- result
    result_md = (
        "The line found, its cost, and the exact least-squares line for comparison "
        "(θ1 = Σ(x − x̄)(y − ȳ) / Σ(x − x̄)², θ0 = ȳ − θ1·x̄, what scikit-learn's LinearRegression gives). "
        "The last line printed is one JSON object with the keys of `main.py linreg --json`."
    )
    result_code = (
        "# the exact answer: least squares, in closed form\n"
        "dx, dy = X - np.mean(X), Y - np.mean(Y)\n"
        "ols_slope = np.dot(dx, dy) / np.dot(dx, dx)\n"
        "ols_intercept = np.mean(Y) - ols_slope * np.mean(X)\n"
        "ols_loss = np.sum((ols_intercept + ols_slope * X - Y) ** 2) / (2 * m)\n"
        "r2 = 1 - np.sum((ols_intercept + ols_slope * X - Y) ** 2) / np.dot(dy, dy)\n"
        "print(f'gradient descent: k={slope:.8g}, b={intercept:.8g}, loss={loss:.8g} after {iterations} iterations')\n"
        "print(f'least squares:    k={ols_slope:.8g}, b={ols_intercept:.8g}, R²={r2:.6f}')\n"
        "if plt is not None:\n"
        "    plt.figure(figsize=(12, 5))\n"
        "    plt.subplot(121)\n"
        "    plt.scatter(X, Y, s=4)\n"
        "    x_line = np.linspace(X.min(), X.max(), 100)\n"
        "    plt.plot(x_line, intercept + slope * x_line, 'r', label='gradient descent')\n"
        "    plt.plot(x_line, ols_intercept + ols_slope * x_line, 'k--', label='least squares')\n"
        "    plt.legend()\n"
        "    plt.title(f'k:{round(slope, 3)}, b:{round(intercept, 3)}, loss:{round(loss, 3)}')\n"
        "    plt.subplot(122)\n"
        "    plt.plot(losses)\n"
        "    plt.yscale('log')\n"
        "    plt.xlabel('iteration')\n"
        "    plt.ylabel('J')\n"
        "    plt.show()\n"
        "print(json.dumps({\n"
        "    'slope': float(slope), 'intercept': float(intercept), 'loss': float(loss), 'iterations': iterations,\n"
        "    'ols_slope': float(ols_slope), 'ols_intercept': float(ols_intercept), 'r2': float(r2),\n"
        "    'ols_loss': float(ols_loss),\n"
        "    'distance_to_ols': float(np.hypot(slope - ols_slope, intercept - ols_intercept)),\n"
        "    'lr': parts[-1][1], 'lr_intercept_scale': parts[-1][2], 'standardize': parts[-1][3],\n"
        "    'points': int(m), 'source': source,\n"
        "}))\n"
    )
    return title, intro, _steps(files, (data_md, data_code), (model_md, model_code), (train_md, train_code),
                                (result_md, result_code)), files


# --------------------------------------------------------------------------- logistic regression


_LOGISTIC_SOURCES = {
    "seed": "the seed's data set (section 1.2): 100 points around (3, 4) as class 0, 200 around (7, 6) as class 1",
    "blobs": "blobs: clusters of points, one per class",
    "circles": "two circles", "moons": "two moons", "xor": "the XOR pattern", "spiral": "two spirals",
    "csv": "points read from a file", "edited": "points edited by hand", "external": "points sent from another lab",
}

_STRATEGY_MD = {
    "binary": "Two classes: one model, $h_\\theta(x) = \\sigma(\\theta^Tx)$, the seed's.",
    "ovr": "More than two classes, one-vs-rest (the seed's 一对多): one model per class, that class "
           "against all the others; a point goes to the class whose model is surest.",
    "ovo": "More than two classes, one-vs-one (the seed's 一对一): one model per pair of classes, each "
           "trained on those two classes' points only; a point goes to the class with the most votes.",
    "softmax": "Softmax (seed 1.3): one model with a score $z_c$ per class, "
               "$p_c = \\frac{e^{z_c}}{\\sum_j e^{z_j}}$, and the cross-entropy "
               "$J = -\\frac{1}{m}\\sum_i \\ln p^{(i)}_{y^{(i)}}$.",
}


def _logistic_sections(state: Any, name: str, notebook: bool) -> tuple[str, str, list[Section], dict[str, bytes]]:
    from core.logreg import decompose, initial_weights

    refusal = _optimizer_refusal(state)
    if refusal is not None:
        raise refusal
    data, test, source = logistic_data(state)
    k = data.k
    config = state.config(k)
    train = ~test
    dec = decompose(data.y[train], k, config.strategy)
    d1 = 6 if config.poly else 3
    W0 = initial_weights(d1, dec.outputs, config.init if config.init is not None and len(config.init) == d1 else None)
    start = state.start()
    if start is not None and start.shape == W0.shape and np.isfinite(start).all():
        W0 = start
    title = "Logistic regression by gradient descent"
    intro = (
        "Exported from ML Basics Lab (Logistic Regression lab). It reproduces the lab's run as the seed\n"
        "tutorial (section 1.2) writes it: h(x) = σ(θᵀx) with σ(z) = 1/(1 + e^(−z)), the cross-entropy\n"
        "J(θ) = −1/m·Σ[y·log h + (1 − y)·log(1 − h)], and batch gradient descent with\n"
        "∂J/∂θj = 1/m·Σ(h(x⁽ⁱ⁾) − y⁽ⁱ⁾)·xj⁽ⁱ⁾. It needs numpy; it draws with matplotlib when\n"
        "matplotlib is installed. The last line it prints is one JSON object with the keys of\n"
        "`main.py logreg --json`."
    )
    files: dict[str, bytes] = {}
    what = _LOGISTIC_SOURCES.get(source, source)
    has_test = bool(test.any())
    # ---- data
    data_md = (f"Data: {what}; m = {data.n} points $(x_1, x_2)$ of {k} classes, numbered 0…{k - 1} "
               f"(`labels` holds each class's own label)."
               + (" The points marked `test` are held out: the models never train on them." if has_test else ""))
    if data.n <= INLINE_POINTS:
        data_code = (f"# {what}\n"
                     f"X = np.array({_array_text(data.X.reshape(-1))}).reshape(-1, 2)\n"
                     f"y = np.array({_array_text(data.y, as_int=True)})\n")
        if has_test:
            data_code += f"test = np.array({_array_text(test.astype(int), as_int=True)}, dtype=bool)\n"
        else:
            data_code += "test = np.zeros(X.shape[0], dtype=bool)  # no point held out\n"
    else:
        file_name = f"{name}_data.csv"
        files[file_name] = _csv_bytes("x1,x2,class,test", [data.X[:, 0], data.X[:, 1], data.y, test.astype(int)],
                                      ints=(2, 3))
        data_code = (f"# {what}, {data.n} points: too many to write here\n"
                     + _data_path_code(file_name, notebook)
                     + 'data = np.loadtxt(DATA_FILE, delimiter=",", skiprows=1, ndmin=2)\n'
                     "X = np.ascontiguousarray(data[:, :2])\n"
                     "y = data[:, 2].astype(np.int64)\n"
                     "test = data[:, 3] != 0\n")
    data_code += (f"labels = {list(data.labels)!r}  # the label of class 0, 1, ...\n"
                  "K = len(labels)\n"
                  f"source = {source!r}\n"
                  "if plt is not None:\n"
                  "    plt.scatter(X[:, 0], X[:, 1], c=y, s=8)\n"
                  "    plt.show()\n")
    # ---- model
    poly = bool(config.poly)
    kind = dec.kind
    feature_md = ("The features are $x = [x_1, x_2, x_1^2, x_2^2, x_1x_2, 1]^T$ (degree 2: a curved boundary)"
                  if poly else "The features are $x = [x_1, x_2, 1]^T$ (the seed's, with the 1 last)")
    model_md = (
        f"{feature_md}, and the weights one column per model, $\\theta = [w_1, w_2, \\ldots, b]^T$. "
        f"{_STRATEGY_MD[kind]}\n\n"
        "The sigmoid and the model (seed 1.2):\n\n"
        "$$h_{\\theta}(x)=\\frac{1}{1+e^{-\\theta ^ T x}}$$\n\n"
        "the cross-entropy:\n\n"
        "$$J(\\theta)=-\\frac{1}{m}\\sum^{m}_{i=1}\\left[y^{(i)}\\log(h_{\\theta}(x^{(i)})) + "
        "(1-y^{(i)})\\log(1-h_\\theta (x^{(i)}))\\right]$$\n\n"
        "and its gradient:\n\n"
        "$$\\frac{\\partial J}{\\partial \\theta} = \\frac{1}{m}\\sum^m_{i=1}(h_\\theta (x^{(i)})-y^{(i)})"
        "x_j^{(i)}$$\n\n"
        "J is computed from the logits z = θᵀx: log h = −log(1 + e^(−z)), so "
        "J = 1/m·Σ[log(1 + e^z) − y·z], which `np.logaddexp` evaluates without overflow "
        "(the seed's `np.log(y_pred)` gives −inf once h rounds to 0 or 1)."
        + (f"\n\nWith the L2 penalty (scikit-learn's C = {_num(config.l2_C)}): J + λ/2·‖w‖², λ = 1/(C·m), "
           "the intercept b not penalised; its gradient adds λ·w." if config.l2_C is not None else "")
    )
    if poly:
        design = ("def features(X):\n"
                  "    \"\"\"[x1, x2, x1², x2², x1·x2, 1] for each point (a column of ones for the intercept b).\"\"\"\n"
                  "    x1, x2 = X[:, 0], X[:, 1]\n"
                  "    phi = np.column_stack([x1, x2, x1 * x1, x2 * x2, x1 * x2])\n"
                  "    return np.hstack([phi, np.ones((phi.shape[0], 1))])\n")
    else:
        design = ("def features(X):\n"
                  "    \"\"\"[x1, x2, 1] for each point (a column of ones for the intercept b).\"\"\"\n"
                  "    return np.hstack([X, np.ones((X.shape[0], 1))])\n")
    if kind == "binary":
        targets = ("pairs = [(1, 0)]  # one model: class 1 (y = 1) against class 0 (y = 0)\n"
                   "T = (y_train == 1).astype(float)[:, None]  # the target y⁽ⁱ⁾ of the model\n"
                   "M = np.ones_like(T)  # every point takes part\n")
    elif kind == "ovr":
        targets = ("pairs = [(c, -1) for c in range(K)]  # model c: class c (y = 1) against the rest (y = 0)\n"
                   "T = np.eye(K)[y_train]  # T[i, c] = 1 where point i is of class c\n"
                   "M = np.ones_like(T)  # every point takes part in every model\n")
    elif kind == "ovo":
        targets = ("pairs = [(i, j) for i in range(K) for j in range(i + 1, K)]  # model p: class i (y = 1) "
                   "against class j (y = 0)\n"
                   "T = np.eye(K)[:, [i for i, _ in pairs]][y_train]\n"
                   "M = (np.eye(K)[:, [i for i, _ in pairs]] + np.eye(K)[:, [j for _, j in pairs]])[y_train]"
                   "  # only the pair's own points\n")
    else:
        targets = ("T = np.eye(K)[y_train]  # one-hot targets: T[i, c] = 1 where point i is of class c\n")
    model_code = design + "\n\n" + (
        "A_all = features(X)\n"
        "train = ~test\n"
        "A = A_all[train]  # the training points' features, one row each\n"
        "y_train = y[train]\n"
        + targets
    )
    if kind == "softmax":
        model_code += "m = np.full(K, float(A.shape[0]))  # points per model\n"
        if config.l2_C is not None:
            model_code += f"lam = np.full(K, 1.0 / ({_num(config.l2_C)} * A.shape[0]))  # λ = 1/(C·m)\n"
    else:
        model_code += "m = np.maximum(M.sum(axis=0), 1.0)  # points per model\n"
        if config.l2_C is not None:
            model_code += f"lam = 1.0 / ({_num(config.l2_C)} * np.maximum(M.sum(axis=0), 1.0))  # λ = 1/(C·m)\n"
    if config.l2_C is not None:
        model_code += ("penal = np.ones(A.shape[1])\n"
                       "penal[-1] = 0.0  # the intercept b is not penalised\n")
    model_code += "\n\n"
    if kind == "softmax":
        model_code += (
            "def cost_and_gradient(W):\n"
            "    \"\"\"The cross-entropy J = −1/m·Σ ln p⁽ⁱ⁾ of the true class and its gradient 1/m·Aᵀ(p − y).\"\"\"\n"
            "    Z = A @ W  # the scores z = θᵀx, one column per class\n"
            + ("    reg = 0.5 * lam * ((W * penal[:, None]) ** 2).sum(axis=0)  # λ/2·‖w‖²\n"
               if config.l2_C is not None else "")
            + "    zmax = Z.max(axis=1, keepdims=True)  # S = e^(z − max z) / Σ e^(z − max z): no overflow\n"
            "    E = np.exp(Z - zmax)\n"
            "    total = E.sum(axis=1, keepdims=True)\n"
            "    lse = (zmax + np.log(total))[:, 0]  # log Σ e^z\n"
            "    ce = lse - (Z * T).sum(axis=1)  # −ln p of the true class\n"
            + ("    loss = np.array([ce.mean() + reg.sum()])\n" if config.l2_C is not None
               else "    loss = np.array([ce.mean()])\n")
            + "    G = A.T @ (E / total - T) / A.shape[0]  # ∂J/∂θ = 1/m·Σ(p − y)·x\n"
        )
    else:
        model_code += (
            "def cost_and_gradient(W):\n"
            "    \"\"\"Each model's J = 1/m·Σ[log(1 + e^z) − y·z] and its gradient 1/m·Σ(h − y)·x.\"\"\"\n"
            "    Z = A @ W  # the logits z = θᵀx, one column per model\n"
            + ("    reg = 0.5 * lam * ((W * penal[:, None]) ** 2).sum(axis=0)  # λ/2·‖w‖²\n"
               if config.l2_C is not None else "")
            + "    L = np.logaddexp(0.0, Z)  # log(1 + e^z), never overflows\n"
            + ("    loss = ((L - T * Z) * M).sum(axis=0) / m + reg  # J(θ) of each model\n"
               if config.l2_C is not None else
               "    loss = ((L - T * Z) * M).sum(axis=0) / m  # J(θ) of each model\n")
            + "    h = np.exp(Z - L)  # h = σ(z) = e^z / (1 + e^z)\n"
            "    G = A.T @ ((h - T) * M) / m  # ∂J/∂θj = 1/m·Σ(h − y)·xj\n"
        )
    if config.l2_C is not None:
        model_code += "    G += lam * W * (penal * penal)[:, None]  # + λ·w\n"
    model_code += "    return loss, G, Z\n\n\n"
    if kind == "binary":
        model_code += ("def predict(Z):\n"
                       "    \"\"\"Class 1 where h ≥ 0.5, that is where z ≥ 0.\"\"\"\n"
                       "    return (Z[:, 0] >= 0).astype(np.int64)\n")
    elif kind in ("ovr", "softmax"):
        model_code += ("def predict(Z):\n"
                       "    \"\"\"The class whose model scores highest (σ and softmax keep the order of z).\"\"\"\n"
                       "    return np.argmax(Z, axis=1)\n")
    else:
        model_code += ("def predict(Z):\n"
                       "    \"\"\"The class with the most votes; ties go to the surer side (scikit-learn's rule).\"\"\"\n"
                       "    Zt = np.ascontiguousarray(Z.T)\n"
                       "    votes = np.zeros((K, Z.shape[0]))\n"
                       "    conf = np.zeros((K, Z.shape[0]))\n"
                       "    for p, (i, j) in enumerate(pairs):\n"
                       "        z = Zt[p]\n"
                       "        ahead = z >= 0\n"
                       "        votes[i] += ahead\n"
                       "        votes[j] += ~ahead\n"
                       "        conf[i] += z\n"
                       "        conf[j] -= z\n"
                       "    return np.argmax((votes + conf / (3.0 * (np.abs(conf) + 1.0))).T, axis=1)\n")
    # ---- training
    segments: list[tuple[int, float]] = []
    done = 0
    target = int(state.iteration)
    for row in state.schedule.array:
        until = min(int(row[0]), target)
        if until > done:
            segments.append((until - done, float(row[1])))
            done = until
    if target > done or not segments:
        segments.append((target - done, float(state.lr)))
    several = len(segments) > 1
    rows = "\n".join(f"    ({n}, {_num(lr)})," for n, lr in segments)
    w0_rows = ",\n".join("    [" + ", ".join(_num(v) for v in row) + "]" for row in W0)
    if start is not None and start.shape == W0.shape and np.isfinite(start).all():
        start_note = "the weights the lab's models had when the data was edited"
    elif config.init is not None and len(config.init) == d1:
        start_note = "the seed's start: w1 = w2 = b = 1"
    else:
        start_note = "all weights 0"
    train_md = (
        "Batch gradient descent (seed 1.2): every model's weights take a step against their gradient, "
        "$\\theta := \\theta - \\alpha\\frac{\\partial J}{\\partial\\theta}$, all models at once "
        "(one column of W each)."
        + ("\n\nThe learning rate changed during the run: each row of `parts` is one part of it."
           if several else "")
    )
    train_code = (
        ("# the learning rate changed during the run: one row per part, as the lab ran it\n" if several else "")
        + "# (iterations, learning rate α)\n"
        f"parts = [\n{rows}\n]\n"
        f"# the start, {start_note}: one column per model, rows {'w1 … w5' if poly else 'w1, w2'}, b\n"
        f"W = np.array([\n{w0_rows},\n])\n"
        "loss, G, Z = cost_and_gradient(W)\n"
        "losses = [loss.mean()]\n"
        "for iters, lr in parts:\n"
        "    for epoch in range(iters):\n"
        "        W = W - lr * G  # θ := θ − α·∂J/∂θ\n"
        "        loss, G, Z = cost_and_gradient(W)\n"
        "        losses.append(loss.mean())\n"
        "iterations = sum(iters for iters, _ in parts)\n"
    )
    # ---- result
    result_md = ("The weights found, the mean cross-entropy of the models and the accuracy on the training "
                 "points" + (" and on the held-out test points" if has_test else "") + ". The last line printed "
                 "is one JSON object with the keys of `main.py logreg --json`.")
    result_code = (
        "accuracy = np.mean(predict(Z) == y_train)  # the seed's cal_acc\n"
        "result = {\n"
        "    'weights': W[:-1].T.tolist(), 'intercepts': W[-1].tolist(),\n"
        "    'loss': float(loss.mean()), 'accuracy': float(accuracy), 'iterations': iterations,\n"
        f"    'strategy': {kind!r}, 'models': {dec.models}, 'classes': K, 'labels': labels,\n"
        "    'points': int(X.shape[0]), 'source': source, 'lr': parts[-1][1],\n"
        f"    'l2_C': {None if config.l2_C is None else _num(config.l2_C)}, 'poly': {poly},\n"
        "}\n"
        "if test.any():\n"
        "    result['test_accuracy'] = float(np.mean(predict(A_all[test] @ W) == y[test]))\n"
        "    result['test_points'] = int(test.sum())\n"
        "result['chance_accuracy'] = float(np.bincount(y_train, minlength=K).max() / y_train.size)\n"
        "print(f'loss {result[\"loss\"]:.6g}, accuracy {accuracy:.4f} after {iterations} iterations')\n"
        "if plt is not None:\n"
        "    plt.figure(figsize=(12, 5))\n"
        "    plt.subplot(121)\n"
        "    pad = 0.1 * (X.max(axis=0) - X.min(axis=0)) + 1e-9\n"
        "    gx, gy = np.meshgrid(np.linspace(X[:, 0].min() - pad[0], X[:, 0].max() + pad[0], 200),\n"
        "                         np.linspace(X[:, 1].min() - pad[1], X[:, 1].max() + pad[1], 200))\n"
        "    grid = features(np.column_stack([gx.ravel(), gy.ravel()]))\n"
        "    plt.contourf(gx, gy, predict(grid @ W).reshape(gx.shape), levels=np.arange(K + 1) - 0.5, alpha=0.25)\n"
        "    plt.scatter(X[:, 0], X[:, 1], c=y, s=8)\n"
        "    plt.title(f'loss:{round(result[\"loss\"], 3)}, acc:{round(float(accuracy), 3)}')\n"
        "    plt.subplot(122)\n"
        "    plt.plot(losses)\n"
        "    plt.xlabel('iteration')\n"
        "    plt.ylabel('J')\n"
        "    plt.show()\n"
        "print(json.dumps(result))\n"
    )
    return title, intro, _steps(files, (data_md, data_code), (model_md, model_code), (train_md, train_code),
                                (result_md, result_code)), files

