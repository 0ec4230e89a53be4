"""The command line: `python main.py` starts the app; subcommands run headless jobs.

With --json a job prints exactly one JSON object on stdout; errors go to stderr with a
non-zero exit status (2 for bad arguments or input, 1 for anything else).
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import time
from dataclasses import replace
from pathlib import Path
from typing import Any, Sequence

EXIT_BAD_INPUT = 2
EXIT_FAILURE = 1
TAB_KEYS = ("linear",)


class CliError(Exception):
    """A failure to report on stderr with an exit status."""

    def __init__(self, message: str, status: int = EXIT_BAD_INPUT) -> None:
        super().__init__(message)
        self.status = status


def _size(text: str) -> tuple[int, int]:
    try:
        w, h = (int(v) for v in text.lower().split("x"))
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"expected WIDTHxHEIGHT such as 1280x800, got {text!r}") from exc
    if not (320 <= w <= 7680 and 240 <= h <= 4320):
        raise argparse.ArgumentTypeError(f"size {w}x{h} is out of range (320x240 to 7680x4320)")
    return w, h


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="main.py",
        description="ML Basics Lab. Without a command, starts the app; commands run headless.",
    )
    p.add_argument("--lang", help="language of the app: en or zh_CN (default: the system's)")
    p.add_argument("--exit-when-shown", action="store_true", help=argparse.SUPPRESS)
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    shot = sub.add_parser("screenshot", help="render a lab offscreen to a PNG file")
    shot.add_argument("--tab", required=True, choices=TAB_KEYS, help="which lab")
    shot.add_argument("--out", required=True, type=Path, help="PNG file to write")
    shot.add_argument("--lang", dest="shot_lang", default="en", help="en or zh_CN (default en)")
    shot.add_argument("--size", type=_size, default=(1280, 800), help="WIDTHxHEIGHT (default 1280x800)")
    shot.add_argument("--demo-seconds", type=float, default=2.5, help="how long the demo runs first (default 2.5)")

    lin = sub.add_parser("linreg", help="fit a line by gradient descent and compare with least squares")
    src = lin.add_mutually_exclusive_group()
    src.add_argument("--csv", type=Path, help="x,y points from a CSV file")
    src.add_argument("--synthetic", type=int, metavar="N", help="N synthetic points (x uniform in 100–200)")
    lin.add_argument("--slope", type=float, default=0.5)
    lin.add_argument("--intercept", type=float, default=20.0)
    lin.add_argument("--noise", type=float, default=3.0)
    lin.add_argument("--seed", type=int, default=0)
    lin.add_argument("--lr", type=float, help="learning rate (default: the seed's 5e-5 on its data, "
                                              "else half the largest stable rate)")
    lin.add_argument("--lr-intercept-scale", type=float, help="intercept rate = lr × this (seed: 10000)")
    lin.add_argument("--iters", type=int, default=3000, help="iteration cap (default 3000, as the seed)")
    lin.add_argument("--tol", type=float, default=0.0, help="stop when the loss falls by less than this fraction")
    lin.add_argument("--start", help="starting point B,K (intercept, slope); default 1,1 as the seed")
    lin.add_argument("--standardize", action="store_true", help="descend on standardized x")
    lin.add_argument("--json", action="store_true", help="print one JSON object")
    return p


def run_linreg(args: argparse.Namespace) -> dict[str, Any]:
    """The linreg job: returns the result object (also used for the human-readable output)."""
    from core.errors import LabError
    from core.linreg import SEED_PRESET, GDConfig, LinearGD, least_squares, load_points_csv, stability, synthetic_points
    from gui.messages import describe_error

    try:
        if args.csv is not None:
            points, source = load_points_csv(args.csv), str(args.csv)
        elif args.synthetic is not None:
            points = synthetic_points(args.synthetic, args.slope, args.intercept, args.noise, args.seed)
            source = "synthetic"
        else:
            points, source = SEED_PRESET.points(), "seed"
        start = (1.0, 1.0)
        if args.start:
            try:
                b, k = (float(v) for v in args.start.split(","))
            except ValueError as exc:
                raise CliError(f"--start expects B,K such as 1,1; got {args.start!r}") from exc
            start = (b, k)
        if source == "seed":
            base = replace(SEED_PRESET.config, start=start)
        else:
            base = GDConfig(lr=1.0, intercept_lr_scale=1.0, start=start)
        scale = args.lr_intercept_scale if args.lr_intercept_scale is not None else base.intercept_lr_scale
        cfg = replace(base, intercept_lr_scale=scale, standardize=args.standardize, max_iters=args.iters, tol=args.tol)
        auto_lr = args.lr is None and source != "seed"
        if args.lr is not None:
            cfg = replace(cfg, lr=args.lr)
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
    ols = least_squares(points)
    st = stability(points, cfg)
    return {
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
        "lr_intercept_scale": cfg.intercept_lr_scale,
        "standardize": cfg.standardize,
        "max_stable_lr": st.max_stable_lr,
        "condition_number": st.condition,
        "points": points.n,
        "source": source,
        "seconds": seconds,
    }


def _print_linreg(result: dict[str, Any]) -> None:
    print(f"data: {result['source']} ({result['points']} points)")
    print(f"gradient descent: k={result['slope']:.8g}, b={result['intercept']:.8g}, "
          f"loss={result['loss']:.8g} after {result['iterations']} iterations ({result['stop_reason']})")
    print(f"least squares:    k={result['ols_slope']:.8g}, b={result['ols_intercept']:.8g}, R²={result['r2']:.6f}")
    print(f"learning rate {result['lr']:.4g} (largest stable {result['max_stable_lr']:.4g}, "
          f"intercept ×{result['lr_intercept_scale']:g}), condition number {result['condition_number']:.4g}")


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of `python main.py` and of the installed `ml-basics-lab` command."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if args.command is None:
            from gui.platform_check import display_problem

            problem = display_problem()
            if problem:
                print(problem, file=sys.stderr)
                return EXIT_FAILURE
            from gui.app import run_gui

            return run_gui(args.lang, exit_when_shown=args.exit_when_shown)
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
            take_screenshot(args.tab, args.out, lang, QSize(*args.size), max(0.0, args.demo_seconds))
            print(f"wrote {args.out}", file=sys.stderr)
            return 0
        if args.command == "linreg":
            result = run_linreg(args)
            if args.json:
                print(json.dumps(result))
            else:
                _print_linreg(result)
            if result["stop_reason"] == "diverged":
                print(f"error: diverged — the learning rate {result['lr']:.4g} is too high for this data; "
                      f"the largest stable rate is {result['max_stable_lr']:.4g}", file=sys.stderr)
                return EXIT_FAILURE
            return 0
    except CliError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return exc.status
    except OSError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_FAILURE
    parser.error(f"unknown command {args.command}")
    return EXIT_BAD_INPUT
