"""File → Copy as command: the headless command line that reproduces a lab's run (Qt-free).

A run the CLI's options can say becomes `linreg ...` / `logreg ...` / `read-dial ...` /
`train-mlp ...` with every option spelled out: for the regressions, the seed's, a
generator's or a CSV file's data and one set of settings from start to the iteration shown;
for the Dial reader, a photo that is a file on disk (an opened file or a bundled sample) and
the settings it is read with; for the Neural Network, its data source, network, optimizer
and training settings with a seed, the whole run. Any other run (points edited by hand,
settings changed midway, a pasted photo, a network run stopped midway or without a seed) is
reproduced from its saved experiment file with `--experiment FILE`, which needs the file. A
Dial reader showing no photo has no command.
"""

from __future__ import annotations

import os
import shlex
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from gui.state import LabState

COMMAND_LABS = ("linear", "logistic", "dial", "mlp")
CLI_NAMES = {"linear": "linreg", "logistic": "logreg", "dial": "read-dial", "mlp": "train-mlp"}
CLI_LIMIT = 1e6  # read-dial's --pivot and --calib take numbers up to this size


def program(kind: str | None = None) -> list[str]:
    """How this installation runs the headless commands."""
    from gui.extras import install_kind

    kind = kind or install_kind()
    if kind == "checkout":
        main = Path(__file__).resolve().parent.parent / "main.py"
        return [sys.executable, str(main)]
    if kind in ("pipx", "uv"):  # their apps are on PATH
        return ["ml-basics-lab-cli"]
    # any other environment: its own console script, which need not be on PATH
    folder = Path(sys.executable).parent
    for name in ("ml-basics-lab-cli", "ml-basics-lab-cli.exe"):
        if (folder / name).is_file():
            return [str(folder / name)]
    return [sys.executable, "-m", "main"]


def quote(args: list[str]) -> str:
    if os.name == "nt":
        return " ".join(f'"{a}"' if any(c in a for c in " &|<>^") else a for a in args)
    return shlex.join(args)


def _g(value: float) -> str:
    return repr(float(value))


def linear_options(state: Any) -> list[str] | None:
    """linreg's options for a LinearState, or None when they cannot say it."""
    if len(state.schedule):
        return None
    if state.source == "seed":
        data: list[str] = []
    elif state.source == "synthetic":
        data = ["--synthetic", str(state.n), "--slope", _g(state.slope), "--intercept", _g(state.intercept),
                "--noise", _g(state.noise), "--seed", str(state.seed)]
    elif state.source == "csv" and state.csv_path and Path(state.csv_path).is_file():
        data = ["--csv", state.csv_path]
        if len(state.csv_columns) == 2:
            data += ["--columns", ",".join(str(int(i) + 1) for i in state.csv_columns)]
    else:
        return None
    iters = state.iteration if state.iteration > 0 else state.max_iters
    opts = data + ["--lr", _g(state.lr), "--lr-intercept-scale", _g(state.intercept_lr_scale),
                   "--iters", str(iters), "--tol", _g(state.tol) if state.tol_enabled else "0",
                   "--start", f"{_g(state.start_b)},{_g(state.start_k)}"]
    if state.standardize:
        opts.append("--standardize")
    return opts


def logistic_options(state: Any) -> list[str] | None:
    """logreg's options for a LogisticState, or None when they cannot say it."""
    if len(state.schedule) or state.start_weights:
        return None
    if state.source == "csv" and state.csv_path and Path(state.csv_path).is_file():
        data = ["--csv", state.csv_path]
        if len(state.csv_columns) == 3:
            data += ["--columns", ",".join(str(int(i) + 1) for i in state.csv_columns)]
        if state.test_percent:
            return None  # the lab keeps the file's own held-out points, which --test-fraction would redraw
    elif state.source in ("seed", "generated"):
        preset = state.preset
        if preset == "seed":
            data = []
        elif preset == "blobs":
            data = ["--blobs", str(state.classes), "--n", str(state.n), "--spread", _g(state.spread)]
        elif preset in ("circles", "moons", "xor"):
            data = ["--preset", preset, "--n", str(state.n), "--noise", _g(0.1 * state.spread)]
        else:
            return None  # the spiral has no CLI option
        data += ["--seed", str(state.seed)]
        if state.test_percent:
            data += ["--test-fraction", _g(state.test_percent / 100.0)]
    else:
        return None
    iters = state.iteration if state.iteration > 0 else state.max_iters
    opts = data + ["--strategy", state.strategy, "--lr", _g(state.lr), "--iters", str(iters),
                   "--tol", _g(state.tol) if state.tol_enabled else "0"]
    if state.poly:
        opts.append("--poly")
    if state.l2:
        opts += ["--l2-C", _g(state.C)]
    if state.seed_start and not state.poly and state.dataset()[0].k == 2:
        opts += ["--init", "1,1,1"]  # the seed's start: the lab uses it for two classes only
    return opts


def dial_shows_photo(state: Any) -> bool:
    """Whether a DialState holds a photo (a read-dial command has something to read)."""
    return bool(state.photo or state.sample)


def dial_photo_file(state: Any) -> str | None:
    """The file on disk a DialState's photo was opened from (an opened file, a batch's row or
    a bundled sample), or None: a pasted or dropped picture, or a file no longer there."""
    from gui.labs.dial.photos import DATA_ORIGINS, bundled_samples

    if not dial_shows_photo(state) or state.origin in DATA_ORIGINS:
        return None
    path = state.photo_path
    if state.origin == "sample" and state.sample and not (path and Path(path).is_file()):
        path = next((str(p) for p in bundled_samples() if p.name == state.sample), "")
    return str(Path(path).absolute()) if path and Path(path).is_file() else None


def dial_options(state: Any) -> list[str] | None:
    """read-dial's photo and options for a DialState, or None when they cannot say it. The
    settings are the ones the lab reads with (reading_settings): marks that make no scale are
    left out, as the lab leaves them out."""
    from gui.labs.dial.state import reading_settings

    path = dial_photo_file(state)
    if path is None or (state.pivot_x is None) != (state.pivot_y is None):
        return None
    settings, _ = reading_settings(state)
    if settings.color == "custom":
        b = settings.hsv
        opts = [path, "--hsv", ",".join(str(int(v)) for v in (*b.h1, *b.h2, b.s_min, b.v_min))]
    else:
        opts = [path, "--color", settings.color]
        if settings.dark_v_max is not None:
            opts += ["--dark-vmax", str(int(settings.dark_v_max))]
    opts += ["--fit", settings.fit]
    if settings.seed_resize:
        opts.append("--seed-resize")
    if settings.pivot is not None:
        if max(abs(v) for v in settings.pivot) > CLI_LIMIT:
            return None
        opts += ["--pivot", ",".join(_g(v) for v in settings.pivot)]
    calib = settings.calibration
    if calib is not None:
        if max(abs(v) for mark in calib.marks for v in mark) > CLI_LIMIT:
            return None
        opts += ["--calib", ",".join(f"{_g(a)}:{_g(v)}" for a, v in calib.marks)]
        if calib.ccw:
            opts.append("--ccw")
    return opts


def mlp_options(state: Any) -> list[str] | None:
    """train-mlp's options for an MLPState, or None when they cannot say it (a run without a
    seed, or one the lab stopped midway). The data is read where the lab would read it now:
    "auto" leaves the choice to train-mlp, as the lab leaves it; the bundled subset is
    --subset; any folder of IDX files is --data FOLDER."""
    from core.fashion import locate_source
    from gui.paths import downloads_dir

    if not state.replicable or state.stop_after(1) is not None:
        return None
    if state.source == "auto":
        data: list[str] = []
    else:
        source, location, _ = locate_source(state.source, state.folder, downloads_dir())
        data = ["--subset"] if source == "bundled" else ["--data", location]
    opts = data + ["--hidden", ",".join(str(int(h)) for h in state.hidden), "--activation", state.activation,
                   "--optimizer", state.optimizer, "--lr", _g(state.lr), "--batch-size", str(state.batch_size),
                   "--epochs", str(state.epochs), "--seed", str(state.seed)]
    if state.normalize:
        opts.append("--normalize")
    return opts


def changed_files(inputs: Mapping[str, bytes]) -> list[str]:
    """The files among `inputs` (path → the bytes the lab holds of it) whose bytes on disk are
    not those now (changed, replaced or gone since the lab read them)."""
    changed = []
    for path, data in inputs.items():
        try:
            file = Path(path)
            same = file.stat().st_size == len(data) and file.read_bytes() == data
        except OSError:
            same = False
        if not same:
            changed.append(path)
    return changed


def command_for(key: str, state: LabState | None, experiment_path: str = "", saved: bool = False,
                kind: str | None = None, inputs: Mapping[str, bytes] | None = None) -> str | None:
    """The command line for a lab's current run, or None when there is none to give (a lab
    the CLI does not run, or a run the options cannot say and no saved file holds). With
    `inputs` (LabPanel.command_inputs), a command that would read a file whose bytes are no
    longer the lab's is not given either (the saved experiment's is, which holds them)."""
    if key not in COMMAND_LABS or state is None:
        return None
    if key == "dial" and not dial_shows_photo(state):  # nothing to read, from a file or not
        return None
    options = {"linear": linear_options, "logistic": logistic_options, "dial": dial_options,
               "mlp": mlp_options}[key](state)
    if options is not None and inputs and changed_files(inputs):
        options = None
    if options is None:
        if not (experiment_path and saved):
            return None
        options = ["--experiment", experiment_path]
    return quote(program(kind) + [CLI_NAMES[key], *options, "--json"])
