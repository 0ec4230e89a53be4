"""The command line: `python main.py` starts the app; subcommands run headless jobs.

With --json a job prints exactly one JSON object on stdout; errors go to stderr with a
non-zero exit status (2 for bad arguments or input, 1 for anything else).
"""

from __future__ import annotations

import argparse
import json
import math
import re
import sys
import time
from dataclasses import replace
from pathlib import Path
from typing import Any, Callable, NoReturn, Sequence

EXIT_BAD_INPUT = 2
EXIT_FAILURE = 1
TAB_KEYS = ("linear", "logistic", "dial", "mlp", "concepts")
COMMANDS = ("screenshot", "linreg", "logreg", "read-dial", "train-mlp", "gradcheck", "export")


class CliError(Exception):
    """A failure to report on stderr with an exit status."""

    def __init__(self, message: str, status: int = EXIT_BAD_INPUT) -> None:
        super().__init__(message)
        self.status = status


class _Parser(argparse.ArgumentParser):
    """argparse, but a bad argument is one line on stderr (no usage block) and exit 2,
    raised as CliError so main() reports it like every other bad input."""

    def error(self, message: str) -> NoReturn:
        # "argument --noise: must be ..." reads better as "--noise must be ..."
        m = re.fullmatch(r"argument ([^:]+): (must .*)", message, re.DOTALL)
        if m:
            message = f"{m.group(1)} {m.group(2)}"
        raise CliError(f"{message} (see {self.prog} --help)")


def _fmt(value: float) -> str:
    """A bound as people write it: 1000000, 0.9, 1e+100."""
    if float(value).is_integer() and abs(value) < 1e16:
        return str(int(value))
    return f"{value:g}"


def _parse_number(text: str, integer: bool) -> float | int | None:
    """The number in text (a whole one if integer: 3, 3.0 or 1e3), or None."""
    try:
        value = float(text)
    except ValueError:
        return None
    if not integer:
        return value
    try:
        return int(text)
    except ValueError:
        return int(value) if math.isfinite(value) and value.is_integer() else None


def _rule(minimum: float | None, maximum: float | None, integer: bool, positive: bool,
          below: float | None = None) -> str:
    """The allowed values in words: 'a whole number from 1 to 256', 'a positive number up to 1e+300',
    'a number from 0 to below 1'."""
    kind = "a whole number" if integer else "a number"
    if positive:
        kind = "a positive " + kind[2:]
    if below is not None:
        return f"{kind} from {_fmt(minimum)} to below {_fmt(below)}" if minimum is not None else \
            f"{kind} below {_fmt(below)}"
    if minimum is not None and maximum is not None:
        return f"{kind} from {_fmt(minimum)} to {_fmt(maximum)}"
    if maximum is not None:
        return f"{kind} up to {_fmt(maximum)}"
    if minimum is not None:
        return f"{kind} ≥ {_fmt(minimum)}"
    return f"a finite {kind[2:]}"


def number(*, minimum: float | None = None, maximum: float | None = None, integer: bool = False,
           positive: bool = False, below: float | None = None) -> Callable[[str], Any]:
    """An argparse type: a finite number within [minimum, maximum] (> 0 if positive; < below if
    given), whole if integer. Every numeric option of every command is read with one of these,
    so each names its range and the value given: "--noise must be a number from 0 to 1e+100 (got -1)"."""
    rule = _rule(minimum, maximum, integer, positive, below)

    def parse(text: str) -> Any:
        value = _parse_number(text, integer)
        if (value is None or not math.isfinite(value) or (positive and value <= 0)
                or (minimum is not None and value < minimum) or (maximum is not None and value > maximum)
                or (below is not None and value >= below)):
            raise argparse.ArgumentTypeError(f"must be {rule} (got {text})")
        return value

    parse.__name__ = rule
    return parse


def number_list(count: int | None, example: str, **rule: Any) -> Callable[[str], tuple]:
    """An argparse type: `count` numbers (any count if None) separated by commas, each as number(**rule)."""
    one = number(**rule)
    what = f"{count} numbers" if count else "numbers"

    def parse(text: str) -> tuple:
        parts = text.replace(";", ",").split(",")
        if count is not None and len(parts) != count:
            raise argparse.ArgumentTypeError(f"must be {what} separated by commas, such as {example} (got {text})")
        values = []
        for part in parts:
            try:
                values.append(one(part.strip()))
            except argparse.ArgumentTypeError:
                raise argparse.ArgumentTypeError(f"must be {what} separated by commas, such as {example}, each "
                                                 f"{one.__name__} (got {text})") from None
        return tuple(values)

    return parse


def _columns(text: str) -> tuple[str | int, ...]:
    """--columns: header names, or column numbers counted from 1 (returned 0-based)."""
    out: list[str | int] = []
    for part in text.split(","):
        part = part.strip()
        if not part:
            raise argparse.ArgumentTypeError(f"must be column names or numbers (1 = the first) separated by "
                                             f"commas, such as x,y or 2,3 (got {text})")
        if part.isdigit():
            if int(part) < 1:
                raise argparse.ArgumentTypeError(f"must count columns from 1 (got {text})")
            out.append(int(part) - 1)
        else:
            out.append(part)
    return tuple(out)


def _marks(text: str) -> tuple[tuple[float, float], ...]:
    """--calib: ANGLE:VALUE pairs, each number as number(); at least one pair (core wants two)."""
    one = number(minimum=-1e6, maximum=1e6)
    marks = []
    for part in text.split(","):
        try:
            angle, value = part.split(":")
            marks.append((one(angle.strip()), one(value.strip())))
        except (ValueError, argparse.ArgumentTypeError):
            raise argparse.ArgumentTypeError(f"must be ANGLE:VALUE pairs such as 225:0,-45:200, each "
                                             f"{one.__name__} (got {text})") from None
    return tuple(marks)


def _language(text: str) -> str:
    """--lang: en or zh_CN (zh, zh-CN, en_US... are understood)."""
    from gui.languages import language_code

    try:
        return language_code(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be en or zh_CN (got {text})") from None


def _size(text: str) -> tuple[int, int]:
    try:
        w, h = (int(v) for v in text.lower().split("x"))
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"expected WIDTHxHEIGHT such as 1280x800, got {text!r}") from exc
    if not (320 <= w <= 7680 and 240 <= h <= 4320):
        raise argparse.ArgumentTypeError(f"size {w}x{h} is out of range (320x240 to 7680x4320)")
    return w, h


# ranges of the rates and tolerances shared by several commands
RATE = number(positive=True, maximum=1e300)
TOLERANCE = number(minimum=0, maximum=1)


def _add_app_options(p: argparse.ArgumentParser) -> None:
    """Options about the installed app itself, on both parsers."""
    from gui.version import app_version

    p.add_argument("--version", action="version", version=f"ml-basics-lab {app_version()}")
    p.add_argument("--install-desktop-entry", action="store_true",
                   help="Linux: add the app to the desktop's menu (a .desktop file and icons in your "
                        "XDG data folder), then exit")


def _add_optimizer_options(p: argparse.ArgumentParser, seed_help: str) -> None:
    """--optimizer and its hyperparameters (core.optim), shared by linreg and logreg."""
    from core import optim

    DECAY = number(minimum=0, below=1)
    p.add_argument("--optimizer", choices=optim.OPTIMIZERS, default="gd",
                   help="update rule (default gd: plain full-batch gradient descent); sgd takes mini-batches")
    p.add_argument("--batch-size", type=number(minimum=1, maximum=optim.MAX_BATCH, integer=True),
                   help=f"mini-batch size, shuffled each epoch from --seed ({seed_help}); default "
                        f"{optim.SGD_BATCH} with sgd, the full batch otherwise; not with gd")
    p.add_argument("--momentum", type=DECAY, help="momentum and nesterov: the momentum (default 0.9)")
    p.add_argument("--beta1", type=DECAY, help="adam: the first moment's decay (default 0.9)")
    p.add_argument("--beta2", type=DECAY, help="adam: the second moment's decay (default 0.999)")
    p.add_argument("--eps", type=number(positive=True, maximum=1),
                   help="adagrad, rmsprop and adam: ε (default 1e-10 for adagrad, 1e-8 otherwise)")


def _optimizer_of(args: argparse.Namespace) -> Any:
    """The OptimConfig the options describe (its lr is set by the learner's config); an option
    that does not apply to the chosen optimizer is refused with a sentence (exit 2)."""
    from core import optim
    from core.errors import ConfigError
    from gui.messages import describe_error

    name = args.optimizer
    given = {"batch_size": args.batch_size, "momentum": args.momentum, "beta1": args.beta1, "beta2": args.beta2,
             "eps": args.eps}
    try:
        optim.check_applicable(name, given)
    except ConfigError as exc:
        exc.details["option"] = "--" + str(exc.details["option"]).replace("_", "-")
        raise CliError(describe_error(exc)) from exc
    batch = args.batch_size if args.batch_size is not None else (optim.SGD_BATCH if name == "sgd" else None)
    defaults = optim.OptimConfig()
    return optim.OptimConfig(
        name=name, batch_size=batch, seed=int(args.seed), eps=args.eps,
        momentum=args.momentum if args.momentum is not None else defaults.momentum,
        beta1=args.beta1 if args.beta1 is not None else defaults.beta1,
        beta2=args.beta2 if args.beta2 is not None else defaults.beta2)


def build_parser() -> argparse.ArgumentParser:
    from core import datasets2d, linreg, logreg, numeric

    SEED = number(minimum=0, maximum=numeric.MAX_SEED, integer=True)
    PARAMETER = number(minimum=-linreg.MAX_PARAMETER, maximum=linreg.MAX_PARAMETER)
    NOISE = number(minimum=0, maximum=min(linreg.MAX_NOISE, datasets2d.MAX_NOISE))

    p = _Parser(
        prog="main.py",
        description="ML Basics Lab. Without a command, starts the app; commands run headless.",
    )
    p.add_argument("--lang", type=_language, help="language of the app: en or zh_CN (default: the system's)")
    p.add_argument("--exit-when-shown", action="store_true", help=argparse.SUPPRESS)
    _add_app_options(p)
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    shot = sub.add_parser("screenshot", help="render a lab offscreen to a PNG file")
    shot.add_argument("--tab", choices=TAB_KEYS, help="which lab (required unless --experiment)")
    shot.add_argument("--out", required=True, type=Path, help="PNG file to write")
    shot.add_argument("--lang", dest="shot_lang", default="en", help="en or zh_CN (default en)")
    shot.add_argument("--size", type=_size, default=(1280, 800), help="WIDTHxHEIGHT (default 1280x800)")
    shot.add_argument("--demo-seconds", type=number(minimum=0, maximum=600), default=2.5,
                      help="how long the demo runs first, 0 to 600 (default 2.5)")
    shot.add_argument("--experiment", type=Path, metavar="FILE",
                      help="open the experiment FILE (.mlbl) first, then render its lab (or --tab)")
    shot.add_argument("--open", dest="open_path", type=Path, metavar="FILE",
                      help="open FILE in the lab as File → Import would, then render (instead of the demo)")
    shot.add_argument("--demo", default="", help="which demo state: linear has formulas and race; logistic has seed (2 classes), blobs3, "
                      "formulas and contour; dial takes part of a sample name; concepts has activations, softmax, "
                      "chain, backprop (default) and backprop-formulas")

    lin = sub.add_parser("linreg", help="fit a line by gradient descent and compare with least squares")
    src = lin.add_mutually_exclusive_group()
    src.add_argument("--csv", type=Path, help="x,y points from a CSV file (columns named x and y, else the first two)")
    src.add_argument("--synthetic", type=number(minimum=2, maximum=linreg.MAX_POINTS, integer=True), metavar="N",
                     help="N synthetic points (x uniform in 100–200)")
    lin.add_argument("--columns", type=_columns, help="with --csv: the x and y columns, by header name or number "
                                                      "(1 = the first), e.g. x,y or 2,3")
    lin.add_argument("--slope", type=PARAMETER, default=0.5)
    lin.add_argument("--intercept", type=PARAMETER, default=20.0)
    lin.add_argument("--noise", type=NOISE, default=3.0)
    lin.add_argument("--seed", type=SEED, default=0)
    lin.add_argument("--lr", type=RATE, help="learning rate (default: the seed's 5e-5 on its data, "
                                             "else half the largest stable rate; adagrad, rmsprop and adam: "
                                             "torch's default)")
    lin.add_argument("--lr-intercept-scale", type=number(minimum=linreg.SCALE_LIMITS[0],
                                                          maximum=linreg.SCALE_LIMITS[1]),
                     help="intercept rate = lr × this (seed: 10000; adagrad, rmsprop and adam: 1)")
    lin.add_argument("--iters", type=number(minimum=1, maximum=linreg.MAX_ITERS, integer=True), default=3000,
                     help="iteration cap (default 3000, as the seed)")
    lin.add_argument("--tol", type=TOLERANCE, default=0.0, help="stop when the loss falls by less than this fraction")
    lin.add_argument("--start", type=number_list(2, "1,1", minimum=-1e150, maximum=1e150),
                     help="starting point B,K (intercept, slope); default 1,1 as the seed")
    lin.add_argument("--standardize", action="store_true", help="descend on standardized x")
    _add_optimizer_options(lin, "the same --seed as --synthetic")
    lin.add_argument("--json", action="store_true", help="print one JSON object")
    lin.add_argument("--experiment", type=Path, metavar="FILE",
                     help="the Linear lab's run saved in FILE (.mlbl), to the iteration it shows, instead of "
                          "the options above")
    lin.add_argument("--save-experiment", type=Path, metavar="FILE",
                     help="also save the run as an experiment file the app opens (.mlbl)")

    log = sub.add_parser("logreg", help="fit logistic regression (two classes or many) and report it")
    lsrc = log.add_mutually_exclusive_group()
    lsrc.add_argument("--preset", choices=("seed", "circles", "moons", "xor"), help="a data set (default: seed)")
    lsrc.add_argument("--blobs", type=number(minimum=2, maximum=datasets2d.MAX_CLASSES, integer=True), metavar="K",
                      help=f"K Gaussian blobs (2–{datasets2d.MAX_CLASSES} classes)")
    lsrc.add_argument("--csv", type=Path, help="x1,x2,label rows from a CSV file (columns named x1, x2 and label "
                                               "or class, else the first three)")
    log.add_argument("--columns", type=_columns, help="with --csv: the x1, x2 and label columns, by header name or "
                                                      "number (1 = the first), e.g. a,b,class or 2,3,1")
    log.add_argument("--n", type=number(minimum=2, maximum=datasets2d.MAX_POINTS, integer=True), default=300,
                     help="points for --blobs and the shape presets")
    log.add_argument("--spread", type=NOISE, default=1.0, help="standard deviation of the blobs")
    log.add_argument("--noise", type=NOISE, default=0.1, help="noise of the circles, moons and xor presets")
    log.add_argument("--seed", type=SEED, default=0, help="random seed of the generators and the split")
    log.add_argument("--lr", type=RATE, help="learning rate (default 0.1, as the seed; adagrad, rmsprop and "
                                             "adam: torch's default)")
    log.add_argument("--iters", type=number(minimum=1, maximum=logreg.MAX_ITERS, integer=True), default=3000,
                     help="iteration cap (default 3000, as the seed)")
    log.add_argument("--tol", type=TOLERANCE, default=0.0, help="stop when the loss falls by less than this fraction")
    log.add_argument("--init", type=number_list(None, "1,1,1", minimum=-1e150, maximum=1e150),
                     help="starting weights W1,W2,B for every model (default 0; the seed used 1,1,1)")
    log.add_argument("--strategy", choices=("ovr", "ovo", "softmax"), default="ovr", help="for 3+ classes")
    log.add_argument("--solver", choices=("gd", "newton"), default="gd", help="gradient descent or Newton (IRLS)")
    log.add_argument("--l2-C", type=RATE, dest="l2_C", help="L2 penalty as scikit-learn's C (1 = its default)")
    log.add_argument("--poly", action="store_true", help="add x1², x2², x1·x2 to the features")
    _add_optimizer_options(log, "the same --seed as the data and the split")
    log.add_argument("--test-fraction", type=number(minimum=0, maximum=0.9), default=0.0,
                     help="hold out this fraction for testing (0 to 0.9)")
    log.add_argument("--json", action="store_true", help="print one JSON object")
    log.add_argument("--experiment", type=Path, metavar="FILE",
                     help="the Logistic lab's run saved in FILE (.mlbl), to the iteration it shows, instead "
                          "of the options above")
    log.add_argument("--save-experiment", type=Path, metavar="FILE",
                     help="also save the run (gradient descent) as an experiment file the app opens (.mlbl)")

    dial = sub.add_parser("read-dial", help="read a pointer gauge photo (or every image in a folder)")
    dial.add_argument("path", type=Path, nargs="?", help="an image, or a folder of images (with --csv)")
    dial.add_argument("--pivot", type=number_list(2, "120,96", minimum=-1e6, maximum=1e6),
                      help="X,Y of the needle's pivot in image pixels (default: found)")
    dial.add_argument("--color", choices=("red", "dark"), default="red", help="needle colour (default red)")
    dial.add_argument("--hsv", type=number_list(6, "0,10,156,180,43,46", minimum=0, maximum=255, integer=True),
                      help="H1LO,H1HI,H2LO,H2HI,SMIN,VMIN: custom thresholds (hue 0–180)")
    dial.add_argument("--dark-vmax", type=number(minimum=0, maximum=255, integer=True),
                      help="dark needle: brightest value that counts, 0 to 255 (default: automatic)")
    dial.add_argument("--fit", choices=("seed", "tls", "robust"), default="tls", help="line fit (default tls)")
    dial.add_argument("--calib", type=_marks, help="ANGLE:VALUE,ANGLE:VALUE[,...] marks on the scale")
    dial.add_argument("--ccw", action="store_true", help="values grow counterclockwise (default clockwise)")
    dial.add_argument("--seed-resize", action="store_true", help="work at 250×250 as the seed does")
    dial.add_argument("--csv", type=Path, help="with a folder: write one row per image here")
    dial.add_argument("--json", action="store_true", help="print one JSON object")
    dial.add_argument("--experiment", type=Path, metavar="FILE",
                      help="read the photo the Dial lab saved in FILE (.mlbl) with the settings saved there, "
                           "instead of an image and the options above")
    dial.add_argument("--save-experiment", type=Path, metavar="FILE",
                      help="also save the photo and the settings as an experiment file the app opens (.mlbl)")

    exp = sub.add_parser("export", help="write an experiment's run as a Python script or a Jupyter notebook")
    exp.add_argument("experiment", type=Path, metavar="FILE", help="an experiment file (.mlbl)")
    exp.add_argument("--format", choices=("py", "ipynb"), default="py", help="py (a script, default) or ipynb")
    exp.add_argument("--out", required=True, type=Path, help="the program to write (.py or .ipynb)")
    exp.add_argument("--lab", choices=("linear", "logistic", "mlp", "dial"),
                     help="which lab of the file (default: the one it was saved on, if it can be exported)")
    mlp = sub.add_parser("train-mlp", help="train the seed's MLP on Fashion-MNIST",
                         description="Train the seed's MLP on Fashion-MNIST. The per-epoch lines quote the seed's "
                                     "print, which counts epochs from 0 (epoch:0 is the first epoch; the lab shows "
                                     "it as epoch 1).")
    mlp.add_argument("--data", help="folder with the four IDX files (default: the first source found)")
    mlp.add_argument("--subset", action="store_true", help="use the bundled 10,000/2,000 subset")
    mlp.add_argument("--epochs", type=number(minimum=1, maximum=1000, integer=True), default=5)
    mlp.add_argument("--hidden", default="1024", help="hidden layer sizes, e.g. 1024 or 512,256")
    mlp.add_argument("--activation", choices=("relu", "sigmoid", "tanh"), default="relu")
    mlp.add_argument("--optimizer", choices=("sgd", "momentum", "adam"), default="sgd")
    mlp.add_argument("--lr", type=RATE, default=0.1)
    mlp.add_argument("--batch-size", type=number(minimum=1, maximum=60000, integer=True), default=64)
    mlp.add_argument("--normalize", action="store_true", help="inputs (x − 0.485) / 0.229, the seed's online variant")
    mlp.add_argument("--seed", type=SEED, default=0, help="random seed (replicable runs)")
    mlp.add_argument("--save", type=Path, help="save the trained model here")
    mlp.add_argument("--seed-format", action="store_true", help="save the bare state dict, as the seed's last.pt")
    mlp.add_argument("--json", action="store_true", help="print one JSON object (epoch lines go to stderr)")
    mlp.add_argument("--experiment", type=Path, metavar="FILE",
                     help="the Neural Network lab's run saved in FILE (.mlbl): its data and settings, trained "
                          "again to where its model stood, instead of the options above")
    mlp.add_argument("--save-experiment", type=Path, metavar="FILE",
                     help="also save the run (settings, trained model and curves) as an experiment file the "
                          "app opens (.mlbl)")

    gc = sub.add_parser("gradcheck", help="check the Concepts lab's numpy backpropagation against finite "
                                          "differences and torch autograd")
    gc.add_argument("--hidden", type=number(minimum=1, maximum=256, integer=True), default=16,
                    help="hidden units (1–256)")
    gc.add_argument("--activation", choices=("relu", "sigmoid", "tanh"), default="tanh")
    gc.add_argument("--seed", type=SEED, default=0, help="seed of the data (moons) and the initial weights")
    gc.add_argument("--points", type=number(minimum=2, maximum=10_000, integer=True), default=40,
                    help="moons points the loss is taken over (2–10000)")
    gc.add_argument("--json", action="store_true", help="print one JSON object")
    return p


def json_safe(value: Any) -> Any:
    """value with every NaN or ±inf float replaced by None (JSON has no such numbers), numpy
    scalars and arrays as plain Python, tuples as lists; recursively."""
    if isinstance(value, dict):
        return {str(k): json_safe(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [json_safe(v) for v in value]
    if hasattr(value, "tolist") and not isinstance(value, (str, bytes)):  # numpy scalar or array
        return json_safe(value.tolist())
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    return value


def print_json(result: Any) -> None:
    """The one place a command prints JSON: strict (allow_nan=False), NaN and inf as null."""
    print(json.dumps(json_safe(result), allow_nan=False))


# the largest relative errors the gradient check accepts (float64; finite differences carry ~1e-10)
GRADCHECK_FD_LIMIT, GRADCHECK_AUTOGRAD_LIMIT = 1e-5, 1e-9


def run_gradcheck(args: argparse.Namespace) -> tuple[dict[str, Any], int]:
    """gradcheck: the numpy gradients of a fresh 2 → H → 2 network vs finite differences and autograd."""
    from core.backprop import gradcheck
    from core.errors import LabError
    from gui.messages import describe_error

    try:
        result = gradcheck(args.hidden, args.activation, args.seed, args.points)
    except LabError as exc:
        raise CliError(describe_error(exc)) from exc
    ok = result["max_rel_error_fd"] <= GRADCHECK_FD_LIMIT and result["max_rel_error_autograd"] <= GRADCHECK_AUTOGRAD_LIMIT
    result["passed"] = ok
    if not ok:
        print(f"error: the gradients disagree beyond {GRADCHECK_FD_LIMIT:g} (finite differences) or "
              f"{GRADCHECK_AUTOGRAD_LIMIT:g} (autograd)", file=sys.stderr)
    return result, 0 if ok else EXIT_FAILURE


def run_linreg(args: argparse.Namespace) -> dict[str, Any]:
    """The linreg job: returns the result object (also used for the human-readable output)."""
    from core.errors import LabError
    from core.linreg import (
        SEED_PRESET,
        GDConfig,
        LinearGD,
        least_squares,
        load_points_csv,
        stability,
        synthetic_points,
    )
    from gui.messages import describe_error

    if args.columns is not None and args.csv is None:
        raise CliError("--columns chooses the columns of a --csv file; give --csv too")
    if args.experiment is not None:
        return _linreg_from_experiment(args)
    from core.optim import ADAPTIVE, DEFAULT_LR

    optimizer = _optimizer_of(args)
    adaptive = optimizer.name in ADAPTIVE
    try:
        if args.csv is not None:
            points, source = load_points_csv(args.csv, args.columns), str(args.csv)
        elif args.synthetic is not None:
            points = synthetic_points(args.synthetic, args.slope, args.intercept, args.noise, args.seed)
            source = "synthetic"
        else:
            points, source = SEED_PRESET.points(), "seed"
        start = args.start if args.start is not None else (1.0, 1.0)
        if source == "seed":
            base = replace(SEED_PRESET.config, start=start)
        else:
            base = GDConfig(lr=1.0, intercept_lr_scale=1.0, start=start)
        # an adaptive rule's steps do not scale with the gradient: the seed's ×10000 has nothing to mend
        default_scale = 1.0 if adaptive else base.intercept_lr_scale
        scale = args.lr_intercept_scale if args.lr_intercept_scale is not None else default_scale
        cfg = replace(base, intercept_lr_scale=scale, standardize=args.standardize, max_iters=args.iters, tol=args.tol,
                      optimizer=optimizer)
        auto_lr = args.lr is None and source != "seed" and not adaptive
        if args.lr is not None:
            cfg = replace(cfg, lr=args.lr)
        elif adaptive:
            cfg = replace(cfg, lr=DEFAULT_LR[optimizer.name])
        elif auto_lr or args.standardize or args.lr_intercept_scale is not None:
            cfg = replace(cfg, lr=0.5 * stability(points, replace(cfg, lr=1.0)).max_stable_lr)
            auto_lr = True
        cfg = cfg.validated()
        started = time.perf_counter()
        gd = LinearGD(points, cfg)
        reason = gd.run()
        seconds = time.perf_counter() - started
    except LabError as exc:
        raise CliError(describe_error(exc)) from exc
    if args.save_experiment is not None:
        _save_linreg_experiment(args, points, source, gd)
    return _linreg_result(points, source, cfg, gd, reason, auto_lr, seconds)


def _linreg_result(points: Any, source: str, cfg: Any, gd: Any, reason: Any, auto_lr: bool,
                   seconds: float) -> dict[str, Any]:
    from core.linreg import least_squares, stability

    ols = least_squares(points)
    st = stability(points, cfg)
    result: dict[str, Any] = {
        "slope": gd.slope,
        "intercept": gd.intercept,
        "loss": gd.loss,
        "iterations": gd.iteration,
        "stop_reason": reason.value if reason else None,
        "ols_slope": ols.slope,
        "ols_intercept": ols.intercept,
        "r2": ols.r2,
        "ols_loss": ols.loss,
        "distance_to_ols": math.hypot(gd.slope - ols.slope, gd.intercept - ols.intercept),
        "lr": cfg.lr,
        "lr_auto": auto_lr,
        **_optimizer_report(cfg.optimizer),
        "lr_intercept_scale": cfg.intercept_lr_scale,
        "standardize": cfg.standardize,
        "max_stable_lr": st.max_stable_lr,
        "condition_number": st.condition,
        "points": points.n,
        "source": source,
        "seconds": seconds,
    }
    if points.columns is not None:
        result["columns"] = _columns_used(points.columns)
    return result


def _optimizer_report(optimizer: Any) -> dict[str, Any]:
    """--json's optimizer and its hyperparameters (those it uses; batch_size null: the full batch)."""
    settings = optimizer.hyperparameters()
    settings.pop("optimizer")
    settings.pop("lr")  # reported beside it as "lr"
    return {"optimizer": optimizer.name, "optimizer_settings": settings}


def _read_state(path: Path, key: str) -> Any:
    """A lab's state from an experiment file (CliError, exit 2, with the reason)."""
    from core.errors import LabError
    from core.experiment import read_experiment
    from gui.labs.states import state_class
    from gui.messages import describe_error

    try:
        experiment = read_experiment(path)
        if key not in experiment.labs:
            raise CliError(f"{path} holds no {key} lab (it has: {', '.join(experiment.labs) or 'none'})")
        return state_class(key).from_dict(experiment.labs[key], strict=True, blobs=experiment.blobs), experiment
    except LabError as exc:
        raise CliError(describe_error(exc)) from exc


def run_export(args: argparse.Namespace) -> int:
    """export FILE --format py|ipynb --out OUT: the lab's run as a standalone program."""
    from core.errors import LabError
    from core.experiment import read_experiment
    from gui.export_code import LABS, export_experiment, write_export
    from gui.messages import describe_error

    if not args.out.parent.exists() and str(args.out.parent) not in ("", "."):
        raise CliError(f"the folder {args.out.parent} does not exist")
    try:
        experiment = read_experiment(args.experiment)
        key = args.lab or (experiment.current if experiment.current in LABS else
                           next((k for k in LABS if k in experiment.labs), ""))
        if key not in experiment.labs:
            raise CliError(f"{args.experiment} holds no lab that can be exported ({', '.join(LABS)})")
        exported = export_experiment(key, experiment.labs[key], experiment.blobs, args.format, name=args.out.stem)
        written = write_export(args.out, exported)
    except LabError as exc:
        raise CliError(describe_error(exc)) from exc
    print("wrote " + ", ".join(str(p) for p in written), file=sys.stderr)
    return 0


def _check_experiment(path: Path) -> None:
    """Every lab's state in an experiment file reads strictly (CliError, exit 2, otherwise)."""
    from core.errors import LabError
    from core.experiment import read_experiment
    from gui.labs.states import STATES, state_class
    from gui.messages import describe_error

    try:
        experiment = read_experiment(path)
        known = [key for key in experiment.labs if key in STATES]
        if not known:
            raise CliError(f"{path} holds no lab this version can open")
        for key in known:
            state_class(key).from_dict(experiment.labs[key], strict=True, blobs=experiment.blobs)
    except LabError as exc:
        raise CliError(describe_error(exc)) from exc


def _write_state(path: Path, state: Any, blobs: dict[str, bytes] | None = None) -> None:
    """One lab's state as an experiment file (CliError, exit 1, when it cannot be written)."""
    from core.errors import LabError
    from core.experiment import Experiment, write_experiment
    from gui.messages import describe_error
    from gui.version import app_version

    files: dict[str, bytes] = dict(blobs or {})
    try:
        data = state.to_dict(files)
        write_experiment(path, Experiment(labs={state.KEY: data}, blobs=files, current=state.KEY,
                                          app_version=app_version()))
    except LabError as exc:
        raise CliError(describe_error(exc), EXIT_FAILURE) from exc
    print(f"saved the experiment {path}", file=sys.stderr)


def _linreg_from_experiment(args: argparse.Namespace) -> dict[str, Any]:
    """linreg --experiment FILE: the file's run recomputed to the iteration it shows (the
    numbers the lab showed); a run never started is run to its end, as Play would."""
    from core.errors import LabError
    from gui.messages import describe_error

    state, _ = _read_state(args.experiment, "linear")
    try:
        points, source = state.data()
        started = time.perf_counter()
        gd = state.build_run(points)
        reason = gd.run() if state.computed == 0 else gd.stop_reason  # never started: run it, as Play would
        seconds = time.perf_counter() - started
    except LabError as exc:
        raise CliError(describe_error(exc)) from exc
    if source == "csv" and state.csv_path:
        source = state.csv_path  # as `linreg --csv` names it
    if args.save_experiment is not None:
        _write_state(args.save_experiment, _linear_state_of(state, gd))
    return _linreg_result(points, source, gd.config, gd, reason, False, seconds)


def _linear_state_of(state: Any, gd: Any) -> Any:
    from dataclasses import replace as _replace

    from gui.labs.linear.state import schedule_table

    return _replace(state, schedule=schedule_table(gd.schedule), computed=gd.history_length - 1,
                    iteration=gd.iteration)


def _save_linreg_experiment(args: argparse.Namespace, points: Any, source: str, gd: Any) -> None:
    """linreg --save-experiment FILE: the run as the Linear lab's state (open it in the app)."""
    import numpy as np

    from core.errors import LabError
    from gui.labs.linear.state import LinearState
    from gui.labs.optimizer_state import optimizer_fields
    from gui.messages import describe_error
    from gui.state import Table

    cfg = gd.config
    choice = points.columns
    kind = "csv" if args.csv is not None else source
    try:
        state = LinearState().replace(
            source=kind,
            points=Table(np.column_stack([points.x, points.y])) if kind == "csv" else Table((), 2),
            csv_path=str(args.csv) if args.csv is not None else "",
            csv_columns=tuple(choice.indices) if choice is not None else (),
            csv_column_names="\n".join(choice.names) if choice is not None else "",
            **({"n": args.synthetic, "slope": args.slope, "intercept": args.intercept, "noise": args.noise,
                "seed": args.seed} if kind == "synthetic" else {}),
            lr=cfg.lr, intercept_lr_scale=cfg.intercept_lr_scale, standardize=cfg.standardize,
            max_iters=cfg.max_iters, tol_enabled=cfg.tol > 0, **({"tol": cfg.tol} if cfg.tol > 0 else {}),
            start_b=cfg.start[0], start_k=cfg.start[1], **optimizer_fields(cfg.optimizer))
    except LabError as exc:
        raise CliError(f"the run cannot be saved as an experiment: {describe_error(exc)}") from exc
    _write_state(args.save_experiment, _linear_state_of(state, gd))


def _columns_used(choice: Any) -> dict[str, Any]:
    """Which file columns were read: their header names and numbers counted from 1."""
    return {"names": list(choice.names), "numbers": [i + 1 for i in choice.indices], "by_name": choice.by_name}


def _describe_columns(columns: dict[str, Any], roles: Sequence[str]) -> str:
    parts = []
    for role, name, number in zip(roles, columns["names"], columns["numbers"]):
        parts.append(f"{role} = column {number}" + (f" “{name}”" if name else ""))
    return "columns: " + ", ".join(parts)


def _labeled_data(args: argparse.Namespace):
    from core import datasets2d as ds

    if args.csv is not None:
        return ds.load_labeled_csv(args.csv, args.columns), str(args.csv)
    if args.blobs is not None:
        return ds.blobs(args.blobs, args.n, args.spread, args.seed), f"blobs({args.blobs})"
    preset = args.preset or "seed"
    if preset == "seed":
        return ds.seed_dataset(), "seed"
    maker = {"circles": ds.circles, "moons": ds.moons, "xor": ds.xor}[preset]
    return maker(args.n, args.noise, args.seed), preset


def run_logreg(args: argparse.Namespace) -> dict[str, Any]:
    """The logreg job: fit by gradient descent or Newton and report weights and scores."""
    import numpy as np

    from core import datasets2d as ds
    from core.errors import LabError
    from core.logreg import LogisticGD, LogRegConfig, Objective, design, solve_reference
    from gui.messages import describe_error

    if args.columns is not None and args.csv is None:
        raise CliError("--columns chooses the columns of a --csv file; give --csv too")
    if args.experiment is not None:
        return _logreg_from_experiment(args)
    if args.save_experiment is not None and args.solver != "gd":
        raise CliError("--save-experiment saves a gradient-descent run (the lab's); use --solver gd")
    from core.optim import ADAPTIVE, DEFAULT_LR

    optimizer = _optimizer_of(args)
    if args.solver != "gd" and optimizer.name != "gd":
        raise CliError("--optimizer chooses the update rule of gradient descent; it does not apply to --solver newton")
    lr = args.lr if args.lr is not None else DEFAULT_LR[optimizer.name] if optimizer.name in ADAPTIVE else 0.1
    try:
        data, source = _labeled_data(args)
        cfg = LogRegConfig(lr=lr, max_iters=args.iters, tol=args.tol, l2_C=args.l2_C,
                           strategy=args.strategy, poly=args.poly, init=args.init, optimizer=optimizer).validated()
        test = ds.split_mask(data.n, args.test_fraction, args.seed, data.y) if args.test_fraction > 0 else None
        started = time.perf_counter()
        gd = LogisticGD(data, cfg, test)
        if args.solver == "gd":
            reason = gd.run()
            W = gd.weights
            iterations = gd.iteration
            stop = reason.value if reason else None
        else:
            ref = solve_reference(data, cfg, test)
            W = ref.weights
            iterations = ref.iterations
            stop = "separable" if ref.separable else ("converged" if ref.converged else "max_iters")
        seconds = time.perf_counter() - started
    except LabError as exc:
        raise CliError(describe_error(exc)) from exc
    if args.save_experiment is not None:
        _save_logreg_experiment(args, data, gd)
    return _logreg_result(data, cfg, gd, W, iterations, stop, args.solver, source, seconds)


def _logreg_result(data: Any, cfg: Any, gd: Any, W: Any, iterations: int, stop: str | None, solver: str,
                   source: str, seconds: float) -> dict[str, Any]:
    import numpy as np

    from core.logreg import Objective, design

    dec = gd.decomposition
    obj = gd.objective
    train = ~gd.test_mask
    A = design(data.X, cfg.poly)
    result: dict[str, Any] = {
        "weights": W[:-1].T.tolist(),
        "intercepts": W[-1].tolist(),
        "loss": float(obj.loss(W).mean()),
        "accuracy": float(np.mean(obj.predict(W, A[train]) == data.y[train])),
        "iterations": iterations,
        "stop_reason": stop,
        "solver": solver,
        "strategy": dec.kind,
        "models": dec.models,
        "classes": data.k,
        "labels": list(data.labels),
        "points": data.n,
        "source": source,
        "lr": cfg.lr,
        **_optimizer_report(cfg.optimizer),
        "l2_C": cfg.l2_C,
        "poly": cfg.poly,
        "max_stable_lr": gd.max_stable_lr,
        "seconds": seconds,
    }
    if gd.test_mask.any():
        test_obj = Objective(A[gd.test_mask], dec, obj.lam)
        result["test_accuracy"] = float(np.mean(test_obj.predict(W) == data.y[gd.test_mask]))
        result["test_points"] = int(gd.test_mask.sum())
    if data.columns is not None:
        result["columns"] = _columns_used(data.columns)
    result["chance_accuracy"] = gd.baseline[1]
    return result


def _logreg_from_experiment(args: argparse.Namespace) -> dict[str, Any]:
    """logreg --experiment FILE: the file's run recomputed to the iteration it shows; a run
    never started is run to its end, as Play would."""
    from core.errors import LabError
    from gui.messages import describe_error

    state, _ = _read_state(args.experiment, "logistic")
    try:
        started = time.perf_counter()
        gd = state.build_run()
        reason = gd.run() if state.computed == 0 else gd.stop_reason  # never started: run it, as Play would
        seconds = time.perf_counter() - started
        data, _, source = state.dataset()
    except LabError as exc:
        raise CliError(describe_error(exc)) from exc
    if source == "generated":  # named as the options that make it
        source = f"blobs({state.classes})" if state.preset == "blobs" else state.preset
    elif source == "csv" and state.csv_path:
        source = state.csv_path
    if args.save_experiment is not None:
        _write_state(args.save_experiment, _logistic_state_of(state, gd))
    return _logreg_result(data, gd.config, gd, gd.weights, gd.iteration, reason.value if reason else None, "gd",
                          source, seconds)


def _logistic_state_of(state: Any, gd: Any) -> Any:
    from dataclasses import replace as _replace

    from gui.labs.logistic.state import schedule_table

    return _replace(state, schedule=schedule_table(gd.schedule), computed=gd.history_length - 1,
                    iteration=gd.iteration)


def _save_logreg_experiment(args: argparse.Namespace, data: Any, gd: Any) -> None:
    """logreg --save-experiment FILE: the run as the Logistic lab's state. A CSV's points are
    stored; a preset is stored as its settings when the lab's controls can say them."""
    import numpy as np

    from core.errors import LabError
    from gui.labs.logistic.state import SEED_INIT, LogisticState
    from gui.labs.optimizer_state import optimizer_fields
    from gui.messages import describe_error
    from gui.state import Table

    cfg = gd.config
    fields: dict[str, Any] = {}
    percent = args.test_fraction * 100
    if args.csv is not None:
        choice = data.columns
        rows = np.column_stack([data.X, np.asarray(data.labels, dtype=np.float64)[data.y],
                                gd.test_mask.astype(np.float64)])
        fields.update(source="csv", points=Table(rows), csv_path=str(args.csv),
                      csv_columns=tuple(choice.indices) if choice is not None else (),
                      csv_column_names="\n".join(choice.names) if choice is not None else "")
    else:
        if abs(percent - round(percent)) > 1e-9:
            raise CliError("--save-experiment: the lab splits off whole percents for testing; "
                           f"--test-fraction {args.test_fraction} is not one")
        preset = "blobs" if args.blobs is not None else (args.preset or "seed")
        fields.update(preset=preset, source="seed" if preset == "seed" else "generated", n=args.n,
                      seed=args.seed, test_percent=int(round(percent)))
        if preset == "blobs":
            fields.update(classes=args.blobs, spread=args.spread)
        elif preset != "seed":
            fields.update(spread=args.noise * 10)  # the lab's noise is a tenth of its spread
    if args.test_fraction > 0 and args.csv is None:
        fields["seed"] = args.seed
    init = tuple(cfg.init) if cfg.init is not None else None
    binary_linear = data.k == 2 and not cfg.poly
    if init is not None and not binary_linear:
        raise CliError("--save-experiment: the lab starts models of 3+ classes or polynomial features at 0; "
                       "leave out --init")
    try:
        state = LogisticState().replace(
            **fields, strategy=cfg.strategy if cfg.strategy in ("ovr", "ovo", "softmax") else "ovr",
            poly=cfg.poly, l2=cfg.l2_C is not None, **({"C": cfg.l2_C} if cfg.l2_C is not None else {}),
            lr=cfg.lr, max_iters=cfg.max_iters, tol_enabled=cfg.tol > 0, **({"tol": cfg.tol} if cfg.tol > 0 else {}),
            seed_start=binary_linear and init == SEED_INIT,
            start_weights=tuple(np.asarray(init, dtype=np.float64).reshape(-1, 1).ravel())
            if init is not None and init != SEED_INIT and binary_linear else (),
            **optimizer_fields(cfg.optimizer))
    except LabError as exc:
        raise CliError(f"the run cannot be saved as an experiment: {describe_error(exc)}") from exc
    _write_state(args.save_experiment, _logistic_state_of(state, gd))


def _print_logreg(result: dict[str, Any]) -> None:
    print(f"data: {result['source']} ({result['points']} points, {result['classes']} classes); "
          f"{result['strategy']}: {result['models']} model(s); solver {result['solver']}")
    if "columns" in result:
        print(_describe_columns(result["columns"], ("x1", "x2", "label")))
    for w, b in zip(result["weights"], result["intercepts"]):
        print("  w = [" + ", ".join(f"{v:.6g}" for v in w) + f"], b = {b:.6g}")
    line = (f"loss {result['loss']:.6g}, accuracy {result['accuracy']:.4f} after {result['iterations']} "
            f"iterations ({result['stop_reason']})")
    if "test_accuracy" in result:
        line += f", test accuracy {result['test_accuracy']:.4f}"
    print(line)


def _dial_settings(args: argparse.Namespace):
    from core.dial import Calibration, DialSettings, HSVBounds

    color = args.color
    hsv = HSVBounds()
    if args.hsv:
        h1lo, h1hi, h2lo, h2hi, smin, vmin = args.hsv
        hsv, color = HSVBounds((h1lo, h1hi), (h2lo, h2hi), smin, vmin), "custom"
    pivot = args.pivot
    calibration = None
    if args.calib:
        marks = args.calib
        calibration = Calibration(tuple(marks), ccw=args.ccw)
    return DialSettings(color=color, hsv=hsv, dark_v_max=args.dark_vmax, seed_resize=args.seed_resize,
                        fit=args.fit, pivot=pivot, calibration=calibration)


def read_one_dial(path: Path, settings) -> dict[str, Any]:
    """Decode and read one image; the JSON fields of read-dial (raises LabError)."""
    return _read_photo(path, settings)[0]


def _read_photo(path: Path, settings) -> tuple[dict[str, Any], bytes]:
    """read_one_dial, and the file's bytes (what an experiment file keeps of the photo)."""
    from gui.labs.dial.photos import load_photo

    t0 = time.perf_counter()
    image, data = load_photo(str(path))  # core.imageio's checks, as the lab opens a file
    return _dial_reading(image, settings, str(path), time.perf_counter() - t0), data


def _dial_reading(image: Any, settings: Any, path: str, decode_seconds: float) -> dict[str, Any]:
    """read-dial's JSON fields for a decoded image (raises LabError)."""
    from core.dial import read_dial

    t1 = time.perf_counter()
    res = read_dial(image.bgr, settings)
    t2 = time.perf_counter()
    return {
        "path": path,
        "angle_deg": res.angle_deg,
        "reading": res.reading,
        "in_range": res.in_range,
        "pivot": list(res.pivot),
        "tip": list(res.tip),
        "pivot_source": res.pivot_source,
        "pixels": res.pixels,
        "confidence": res.confidence,
        "reliable": res.reliable,
        "fit": res.fit.method,
        "residual_rms_px": res.residual_px,
        "image_size": [image.bgr.shape[1], image.bgr.shape[0]],
        "decode_seconds": decode_seconds,
        "pipeline_seconds": t2 - t1,
    }


def run_read_dial(args: argparse.Namespace) -> tuple[dict[str, Any], int]:
    """read-dial: one image, or a folder with --csv (a failed image is a row, not a crash).
    The job and the CSV are core.dial_io's (read_batch, write_readings_csv): the lab's batch
    and Export run the same."""
    from core.dial_io import batch_readings, read_batch, write_readings_csv
    from core.errors import LabError
    from gui.messages import describe_error

    if args.experiment is not None:
        if args.path is not None:
            raise CliError("give an image or --experiment FILE, not both")
        return _read_dial_from_experiment(args), 0
    if args.path is None:
        raise CliError("read-dial needs an image, a folder (with --csv) or --experiment FILE")
    try:
        settings = _dial_settings(args).validated()
    except LabError as exc:
        raise CliError(describe_error(exc)) from exc
    if not args.path.is_dir():
        try:
            result, data = _read_photo(args.path, settings)
        except LabError as exc:
            raise CliError(describe_error(exc)) from exc
        if args.save_experiment is not None:
            _save_dial_experiment(args, data)
        return result, 0
    if args.csv is None:
        raise CliError("a folder needs --csv OUT.csv to write one row per image")
    if args.save_experiment is not None:
        raise CliError("--save-experiment saves one photo with its settings, as the Dial lab does; "
                       "a folder's readings go to --csv")
    try:
        readings = batch_readings(read_batch([args.path], settings))  # the lab's batch job, run to its end
        write_readings_csv(args.csv, readings, describe_error)
    except LabError as exc:  # the folder cannot be listed, or the CSV cannot be written (SaveError)
        raise CliError(describe_error(exc)) from exc
    failed = sum(not r.ok for r in readings)
    return {"images": [r.to_json(describe_error) for r in readings], "read": len(readings) - failed,
            "failed": failed, "csv": str(args.csv)}, 0


def _save_dial_experiment(args: argparse.Namespace, data: bytes) -> None:
    """read-dial IMAGE --save-experiment FILE: the Dial lab's state, the photo's bytes in the
    file as the lab keeps an opened one (its own member, exactly as read)."""
    from core.errors import LabError
    from gui.labs.dial.state import DialState, photo_member
    from gui.messages import describe_error
    from gui.state import Table

    fields: dict[str, Any] = {"photo": photo_member(str(args.path), data), "photo_path": str(args.path.absolute()),
                              "origin": "file", "color": args.color, "fit": args.fit,
                              "seed_resize": args.seed_resize, "direction": "ccw" if args.ccw else "cw"}
    if args.hsv:
        fields.update(color="custom", **dict(zip(("hue1_lo", "hue1_hi", "hue2_lo", "hue2_hi", "s_min", "v_min"),
                                                 args.hsv)))
    if args.dark_vmax is not None:
        fields.update(dark_auto=False, dark_v_max=args.dark_vmax)
    if args.pivot:
        fields.update(pivot_x=float(args.pivot[0]), pivot_y=float(args.pivot[1]))
    if args.calib:  # the first two marks are the lab's minimum and maximum, the others its extra marks
        (a0, v0), (a1, v1), *extra = args.calib
        fields.update(min_angle=a0 % 360.0, min_value=v0, max_angle=a1 % 360.0, max_value=v1,
                      extra_marks=Table([(a % 360.0, v) for a, v in extra], columns=2))
    try:
        state = DialState().replace(**fields)
    except LabError as exc:
        raise CliError(f"the reading cannot be saved as an experiment: {describe_error(exc)}") from exc
    _write_state(args.save_experiment, state, {state.photo: data})


def _read_dial_from_experiment(args: argparse.Namespace) -> dict[str, Any]:
    """read-dial --experiment FILE: the Dial lab's photo read with its saved settings, as the
    lab shows it (the photo decoded with every check an opened file meets)."""
    from core.errors import LabError
    from gui.labs.dial.photos import state_photo
    from gui.labs.dial.state import reading_settings
    from gui.messages import describe_error

    state, experiment = _read_state(args.experiment, "dial")
    try:
        state.check_pivot()
        t0 = time.perf_counter()
        data_name = "dropped picture" if state.origin == "dropped" else "clipboard image"  # the lab's names
        image, data = state_photo(state, experiment.blobs, data_name)
        decode_seconds = time.perf_counter() - t0
        if image is None:
            batch = f"; the batch of {len(state.batch)} files it lists is not read by --experiment" if state.batch else ""
            raise CliError(f"{args.experiment} holds no photo in the Dial lab{batch}")
        settings, error = reading_settings(state)
        if error is not None:
            print(f"note: the saved marks make no scale ({describe_error(error)}); the needle's angle is read "
                  "without one", file=sys.stderr)
        result = _dial_reading(image, settings.validated(), image.path or state.photo, decode_seconds)
    except LabError as exc:
        raise CliError(describe_error(exc)) from exc
    if args.save_experiment is not None:
        _write_state(args.save_experiment, state, {state.photo: data} if state.photo and data is not None else {})
    return result


def _print_read_dial(result: dict[str, Any]) -> None:
    if "images" in result:
        for row in result["images"]:
            if row.get("error"):
                print(f"{row['path']}: {row['error']}")
                continue
            line = f"{row['path']}: {row['angle_deg']:.1f}°"
            if row["reading"] is not None:
                line += f" = {row['reading']:.4g}" + ("" if row["in_range"] else " (outside the marked range)")
            if not row["reliable"]:
                line += f" (confidence {row['confidence']:.2f}: the line misses the needle, unreliable)"
            print(line)
        print(f"{result['read']} read, {result['failed']} failed; rows in {result['csv']}")
        return
    line = f"needle at {result['angle_deg']:.2f}° (confidence {result['confidence']:.2f}, {result['pixels']} pixels, {result['fit']})"
    if result["reading"] is not None:
        line += f"; reading {result['reading']:.4g}" + ("" if result["in_range"] else " (outside the marked range)")
    print(line)
    if not result["reliable"]:
        print(f"warning: the {result['fit']} line leaves a residual of {result['residual_rms_px']:.1f} px: "
              "the angle is unreliable (try --fit tls)")
    print(f"pivot {result['pivot'][0]:.1f},{result['pivot'][1]:.1f} ({result['pivot_source']}), "
          f"tip {result['tip'][0]:.1f},{result['tip'][1]:.1f}; decode {result['decode_seconds'] * 1000:.1f} ms, "
          f"pipeline {result['pipeline_seconds'] * 1000:.1f} ms")


def run_train_mlp(args: argparse.Namespace) -> tuple[dict[str, Any], int]:
    """train-mlp: the seed's per-epoch lines, and a summary object. Exits 1 with one line on
    stderr when the run diverged or stopped learning (the likely cause named)."""
    from core.errors import LabError, SaveError
    from core.fashion import load_bundled, load_fashion, load_source
    from core.mlp import MLPConfig, check_memory, check_seed_form, save_model
    from gui.messages import describe_error
    from gui.paths import downloads_dir

    out = sys.stderr if args.json else sys.stdout
    state = None
    saved_members: dict[str, bytes] = {}
    try:
        if args.experiment is not None:
            state, saved_members = _read_mlp_experiment(args.experiment)
            cfg = MLPConfig(**state.run_config()).validated()
        else:
            try:
                hidden = tuple(int(v) for v in args.hidden.split(","))
            except ValueError as exc:
                raise CliError(f"--hidden expects sizes such as 1024 or 512,256; got {args.hidden!r}") from exc
            cfg = MLPConfig(hidden=hidden, activation=args.activation, optimizer=args.optimizer, lr=args.lr,
                            batch_size=args.batch_size, epochs=args.epochs, normalize=args.normalize,
                            seed=args.seed).validated()
        if args.save is not None and args.seed_format:
            check_seed_form(cfg)  # before training: the seed's class could not load anything else
        check_memory(cfg)  # before build_model, which allocates the weights
        if state is not None:
            data, fell_back = load_source(state.source, state.folder, downloads_dir())
            if fell_back:
                print(f"note: the experiment's data ({state.source} {state.folder}) is not on this computer; "
                      f"using {data.location} ({data.source})", file=sys.stderr)
            if cfg.seed is None:
                print("note: the experiment's run has no seed (not replicable): this run's numbers differ from "
                      "its own", file=sys.stderr)
        else:
            data = load_bundled() if args.subset else load_fashion(args.data, downloads=downloads_dir())
        # a run the lab cannot hold is refused before it trains
        lab_state = _mlp_state_of(cfg, data, state) if args.save_experiment is not None else None
        stop_after = state.stop_after(math.ceil(len(data.train_x) / cfg.batch_size)) if state is not None else None
        run = _train_mlp(cfg, data, stop_after, out)
        model = run["model"]
        if args.save is not None:
            try:
                save_model(args.save, model, cfg, run["epochs"], seed_form=args.seed_format)
            except SaveError as exc:  # a full disk is not bad input
                raise CliError(describe_error(exc), EXIT_FAILURE) from exc
    except LabError as exc:
        raise CliError(describe_error(exc)) from exc
    if saved_members:
        _compare_with_saved_model(model, saved_members)
    if lab_state is not None:
        _save_mlp_experiment(args.save_experiment, lab_state, cfg, run)
    epochs, stop, cause = run["epochs"], run["stop"], run["cause"]
    train_seconds = sum(e["seconds"] for e in epochs)
    n = len(data.train_x)  # images of an epoch; a stopped one trained on its batches done
    samples = sum(min(r["batches_done"] * cfg.batch_size, n) if r.get("partial") else n for r in run["rows"])
    result = {
        "epochs": epochs,
        "test_acc": epochs[-1]["test_acc"] if epochs else None,
        "samples_per_s": samples / train_seconds if train_seconds else None,
        "stop_reason": stop,
        "not_learning_cause": cause or None,
        "seconds": run["seconds"],
        "data": {"source": data.source, "location": data.location, "train": int(len(data.train_x)),
                 "test": int(len(data.test_x))},
        "config": {"hidden": list(cfg.hidden), "activation": cfg.activation, "optimizer": cfg.optimizer,
                   "lr": cfg.lr, "batch_size": cfg.batch_size, "normalize": cfg.normalize, "seed": cfg.seed},
        "saved": str(args.save) if args.save else None,
    }
    if stop == "diverged":
        print("error: the loss became NaN: the learning rate is too high; the last finite weights were kept",
              file=sys.stderr)
        return result, EXIT_FAILURE
    if stop == "not_learning":
        usual = {"sgd": 0.1, "momentum": 0.01, "adam": 0.001}[cfg.optimizer]
        acc = epochs[-1]["test_acc"] if epochs else 0.0
        print(f"error: the network is not learning: test accuracy {acc:.1%} is at chance level (10%) and the loss "
              f"is no better than guessing; the learning rate {cfg.lr:g} is probably too "
              f"{'high' if cause == 'lr_too_high' else 'low'} (try {usual:g} with {cfg.optimizer})", file=sys.stderr)
        return result, EXIT_FAILURE
    return result, 0


def _train_mlp(cfg: Any, data: Any, stop_after: int | None, out: Any) -> dict[str, Any]:
    """Build and train the network (core.mlp.train, as the lab does), printing the seed's
    per-epoch lines; with `stop_after`, stop after that many batches, as the lab's Stop
    does, and score the weights left. Returns the model, the per-epoch rows of the JSON
    and of the lab (gui/labs/mlp/state.py's epoch_row), the batch losses and how it ended."""
    from core.mlp import BatchSnapshot, EpochSnapshot, StopSnapshot, TrainControl, build_model, to_tensors, train
    from gui.labs.mlp.state import epoch_row

    model = build_model(cfg)
    train_xy = to_tensors(data.train_x, data.train_y, cfg.normalize)
    test_xy = to_tensors(data.test_x, data.test_y, cfg.normalize)
    control = TrainControl(stop=stop_after == 0)
    epochs: list[dict[str, Any]] = []
    rows: list[dict[str, Any]] = []
    losses: list[float] = []
    stop, cause, done = "finished", "", 0.0
    started = time.perf_counter()
    # a stop needs a snapshot after every batch (the lab's Stop is read before the next one)
    steps = train(model, train_xy, test_xy, cfg, control, min_interval=3600.0 if stop_after is None else 0.0,
                  partial_on_stop=stop_after is not None)
    for snap in steps:
        if isinstance(snap, BatchSnapshot):
            losses.extend(snap.losses)
            if stop_after is not None and snap.epoch * snap.batches + snap.batch >= stop_after:
                control.stop = True
        elif isinstance(snap, EpochSnapshot):
            row = {"epoch": snap.epoch, "train_loss": snap.train_loss, "train_acc": snap.train_acc,
                   "test_loss": snap.test_loss, "test_acc": snap.test_acc, "seconds": snap.seconds}
            note = ""
            if snap.partial:
                row.update(partial=True, epochs_completed=snap.epochs_completed)
                note = f" (stopped after {snap.batches_done} of {snap.batches} batches)"
            epochs.append(row)
            rows.append(epoch_row(snap))
            print(f"epoch:{snap.epoch} train_loss:{snap.train_loss} train_acc:{snap.train_acc} "
                  f"test_acc:{snap.test_acc}{note}", file=out, flush=True)
        elif isinstance(snap, StopSnapshot):
            stop, cause, done = snap.reason, snap.cause, snap.epochs_completed
    return {"model": model, "epochs": epochs, "rows": rows, "batch_losses": losses, "stop": stop, "cause": cause,
            "epochs_completed": done, "seconds": time.perf_counter() - started}


def _read_mlp_experiment(path: Path) -> tuple[Any, dict[str, bytes]]:
    """The Neural Network lab's state in FILE and its model's members, checked as the lab
    checks them before showing them: the curves, and the model read with weights_only (a
    pickle that would run code is refused), its shapes and sizes checked first."""
    import core.mlp
    from core.errors import LabError
    from gui.labs.mlp.state import MODEL_BLOB, model_from_member, state_members
    from gui.messages import describe_error

    state, experiment = _read_state(path, "mlp")
    try:
        members, _ = state_members(state, experiment.blobs)
        if members:
            model_from_member(core.mlp, members[MODEL_BLOB])
    except LabError as exc:
        raise CliError(describe_error(exc)) from exc
    return state, members


def _compare_with_saved_model(model: Any, members: dict[str, bytes]) -> None:
    """Say on stderr when the model this run trained is not the one the file holds (its run
    changed settings midway, was not replicable, or trained on other hardware)."""
    import torch

    import core.mlp
    from gui.labs.mlp.state import MODEL_BLOB, model_from_member

    saved = model_from_member(core.mlp, members[MODEL_BLOB])[0].state_dict()
    mine = model.state_dict()
    if saved.keys() != mine.keys() or not all(torch.equal(saved[k], mine[k]) for k in mine):
        print("note: the weights this run trained differ from the model saved in the experiment (its run changed "
              "settings midway, had no seed, or ran on other hardware)", file=sys.stderr)


def _mlp_state_of(cfg: Any, data: Any, state: Any) -> Any:
    """The Neural Network lab's state for this run, before it trains (CliError when the lab
    cannot hold its settings): the experiment's own, or the options', with the data in use."""
    from core.errors import LabError
    from gui.labs.mlp.state import MLPState
    from gui.messages import describe_error

    location = str(Path(data.location).absolute()) if data.source == "folder" else data.location
    try:
        if state is None:
            state = MLPState().replace(hidden=cfg.hidden, activation=cfg.activation, optimizer=cfg.optimizer,
                                       lr=cfg.lr, batch_size=cfg.batch_size, epochs=cfg.epochs,
                                       normalize=cfg.normalize, replicable=cfg.seed is not None,
                                       **({"seed": cfg.seed} if cfg.seed is not None else {}))
        return state.replace(source=data.source, folder=location if len(location) <= 4096 else "")
    except LabError as exc:
        raise CliError(f"the run cannot be saved as an experiment: {describe_error(exc)}") from exc


def _save_mlp_experiment(path: Path, state: Any, cfg: Any, run: dict[str, Any]) -> None:
    """train-mlp --save-experiment FILE: the state with the trained model and its curves, the
    members the lab's own Save experiment writes (run_members)."""
    import core.mlp
    from core.errors import LabError
    from gui.labs.mlp.state import run_members
    from gui.messages import describe_error

    try:
        members = run_members(core.mlp, run["model"], cfg, run["rows"], run["batch_losses"])
        state = state.replace(has_model=True, epochs_done=min(max(run["epochs_completed"], 0.0), 1000.0))
    except (LabError, OSError) as exc:
        reason = describe_error(exc) if isinstance(exc, LabError) else str(exc)
        raise CliError(f"the experiment cannot be saved: {reason}", EXIT_FAILURE) from exc
    _write_state(path, state, members)


def _print_linreg(result: dict[str, Any]) -> None:
    print(f"data: {result['source']} ({result['points']} points)")
    if "columns" in result:
        print(_describe_columns(result["columns"], ("x", "y")))
    print(f"gradient descent: k={result['slope']:.8g}, b={result['intercept']:.8g}, "
          f"loss={result['loss']:.8g} after {result['iterations']} iterations ({result['stop_reason']})")
    print(f"least squares:    k={result['ols_slope']:.8g}, b={result['ols_intercept']:.8g}, R²={result['r2']:.6f}")
    print(f"learning rate {result['lr']:.4g} (largest stable {result['max_stable_lr']:.4g}, "
          f"intercept ×{result['lr_intercept_scale']:g}), condition number {result['condition_number']:.4g}")


def _descent_verdict(command: str, result: dict[str, Any]) -> int:
    """Say on stderr why a descent failed (diverged, or learned nothing); its exit status."""
    reason, lr, top = result["stop_reason"], result["lr"], result["max_stable_lr"]
    if reason == "diverged":
        if command == "logreg":
            print(f"error: diverged — the learning rate {lr:.4g} is too high; below "
                  f"{top:.4g} every step lowers the loss", file=sys.stderr)
        else:
            print(f"error: diverged — the learning rate {lr:.4g} is too high for this data; "
                  f"the largest stable rate is {top:.4g}", file=sys.stderr)
        return EXIT_FAILURE
    if reason == "no_progress":
        if command == "logreg":
            print(f"error: no progress — after {result['iterations']} iterations the model does no better than "
                  f"guessing the commonest class (accuracy {result['accuracy']:.4f}); the learning rate {lr:.4g} "
                  f"does not suit the data's scale (below {top:.4g} every step lowers the loss): rescale the "
                  f"data, change --lr, or try --solver newton", file=sys.stderr)
        else:
            print(f"error: no progress — after {result['iterations']} iterations the loss is no lower than at "
                  f"the start; the learning rate {lr:.4g} does not suit this data (the largest stable rate is "
                  f"{top:.4g}): change --lr or add --standardize", file=sys.stderr)
        return EXIT_FAILURE
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of `python main.py` and of the installed `ml-basics-lab` command."""
    try:
        return _main(argv)
    except CliError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return exc.status
    except OSError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_FAILURE
    except Exception as exc:  # noqa: BLE001 — a bug: one line here, the traceback in the log
        return _report_crash(exc)


def _report_crash(exc: Exception) -> int:
    """An unexpected exception in a command: its traceback to the log file, one line on stderr."""
    import logging

    from gui.logfile import format_exception, setup_logging

    path = setup_logging()
    logging.getLogger("gui.cli").error("uncaught exception in %s\n%s", " ".join(sys.argv),
                                       format_exception(type(exc), exc, exc.__traceback__).rstrip())
    where = f"; the details are in {path}" if path else ""
    print(f"error: unexpected {type(exc).__name__}: {exc}{where}", file=sys.stderr)
    return EXIT_FAILURE


def _start_app(lang: str | None, exit_when_shown: bool, paths: list[str]) -> int:
    from gui.platform_check import display_problem

    problem = display_problem()
    if problem:
        print(problem, file=sys.stderr)
        return EXIT_FAILURE
    from gui.app import run_gui

    return run_gui(lang, exit_when_shown=exit_when_shown, paths=paths)


def _install_desktop_entry() -> int:
    """--install-desktop-entry: the menu entry and icons in $XDG_DATA_HOME (Linux and BSD desktops)."""
    from gui.desktop import install_desktop_entry, launch_command, xdg_data_home

    if sys.platform in ("win32", "darwin"):
        raise CliError("--install-desktop-entry is for Linux desktops (freedesktop menus); on Windows and "
                       "macOS start the app with the ml-basics-lab command or pin its window")
    written = install_desktop_entry(xdg_data_home(), launch_command())
    print(f"wrote {written[0]} and {len(written) - 1} icons under {written[1].parents[3]}")
    return 0


def _app_parser() -> argparse.ArgumentParser:
    """The app's own options when no command is given: `main.py [--lang L] [FILE ...]`."""
    p = _Parser(prog="main.py", description="ML Basics Lab: opens each FILE in the lab that takes it.")
    p.add_argument("--lang", type=_language, help="language of the app: en or zh_CN (default: the system's)")
    p.add_argument("--exit-when-shown", action="store_true", help=argparse.SUPPRESS)
    _add_app_options(p)
    p.add_argument("paths", nargs="*", metavar="FILE",
                   help="a CSV table, a dial photo, a model (.pt) or a folder, opened in the right lab")
    return p


def _main(argv: Sequence[str] | None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not any(a in COMMANDS for a in argv) and any(not a.startswith("-") for a in argv) \
            and not any(a in ("-h", "--help") for a in argv):
        app_args = _app_parser().parse_args(argv)
        if app_args.install_desktop_entry:
            return _install_desktop_entry()
        return _start_app(app_args.lang, app_args.exit_when_shown, [str(p) for p in app_args.paths])
    args = build_parser().parse_args(argv)
    if args.install_desktop_entry:
        return _install_desktop_entry()
    if args.command is None:
        return _start_app(args.lang, args.exit_when_shown, [])
    if args.command == "screenshot":
        from PySide6.QtCore import QSize

        from gui.app import take_screenshot
        from gui.i18n import normalize_language

        try:
            lang = normalize_language(args.shot_lang)
        except ValueError as exc:
            raise CliError(f"unknown language {args.shot_lang!r}: use en or zh_CN") from exc
        if not args.out.parent.exists() and str(args.out.parent) not in ("", "."):
            raise CliError(f"the folder {args.out.parent} does not exist")
        if args.experiment is None and args.tab is None:
            raise CliError("screenshot needs --tab (which lab), or --experiment FILE")
        if args.experiment is not None:
            _check_experiment(args.experiment)  # a bad file: one line here, not a dialog
        take_screenshot(args.tab, args.out, lang, QSize(*args.size), args.demo_seconds, args.demo,
                        open_path=str(args.open_path) if args.open_path else "",
                        experiment=str(args.experiment) if args.experiment else "")
        print(f"wrote {args.out}", file=sys.stderr)
        return 0
    if args.command == "logreg":
        result = run_logreg(args)
        print_json(result) if args.json else _print_logreg(result)
        status = _descent_verdict("logreg", result)
        if status:
            return status
        if result["strategy"] == "binary" and args.strategy in ("ovr", "ovo"):
            print(f"note: with {result['classes']} classes, {args.strategy} is the single binary model",
                  file=sys.stderr)
        if result["stop_reason"] == "separable":
            print("note: the classes are separable, so without a penalty the weights grow without bound; "
                  "add --l2-C 1 for a finite optimum", file=sys.stderr)
        return 0
    if args.command in ("train-mlp", "gradcheck"):
        from gui.extras import has_torch, missing_nn_line

        if not has_torch():  # the extra nn is missing: how to add it, in one line
            print(missing_nn_line(args.command), file=sys.stderr)
            return EXIT_BAD_INPUT
    if args.command == "train-mlp":
        result, status = run_train_mlp(args)
        if args.json:
            print_json(result)
        else:
            print(f"data: {result['data']['source']} ({result['data']['train']} training, "
                  f"{result['data']['test']} test images); {result['samples_per_s'] or 0:,.0f} samples/s")
        return status
    if args.command == "gradcheck":
        result, status = run_gradcheck(args)
        if args.json:
            print_json(result)
        else:
            print(f"{result['parameters']} parameters ({result['activation']}, H = {result['hidden']}, "
                  f"{result['points']} points, seed {result['seed']}): largest relative error "
                  f"{result['max_rel_error_fd']:.2e} vs finite differences, "
                  f"{result['max_rel_error_autograd']:.2e} vs torch autograd")
        return status
    if args.command == "export":
        return run_export(args)
    if args.command == "read-dial":
        result, status = run_read_dial(args)
        print_json(result) if args.json else _print_read_dial(result)
        return status
    if args.command == "linreg":
        result = run_linreg(args)
        print_json(result) if args.json else _print_linreg(result)
        return _descent_verdict("linreg", result)
    raise CliError(f"unknown command {args.command}")
