"""Set up ML Basics Lab in .venv (if needed) and run the app or the tests, on any OS.

    python3 scripts/bootstrap.py run [ARGS...]     (Linux, macOS; or: bash scripts/run.sh)
    py -3 scripts/bootstrap.py run [ARGS...]       (Windows; or: scripts\\run.ps1)
    python3 scripts/bootstrap.py test [ARGS...]    the test suite, headless; ARGS go to pytest
    python3 scripts/bootstrap.py setup             only install

The first run creates .venv in the checkout with the Python running this script and
installs the app into it, editable, with its extras (nn: torch, and test: pytest). Later
runs install again only when pyproject.toml or the extras changed (a stamp in .venv).

Options, before the command:
    --without-nn   leave torch out (four labs of five work; about 0.5 GB instead of 6)
    --torch-cpu    take torch from PyTorch's CPU-only index (Linux: no 4 GB of CUDA)

Standard library only: it runs before anything is installed.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path, PurePath
from typing import TypeVar

MIN_PYTHON = (3, 11)
ROOT = Path(__file__).resolve().parent.parent
STAMP_NAME = ".mlbl-installed"
# PyTorch's own index of CPU-only wheels (pytorch.org's "Start locally" page, Compute Platform: CPU)
TORCH_CPU_INDEX = "https://download.pytorch.org/whl/cpu"


P = TypeVar("P", bound=PurePath)


def venv_python(venv: P, os_name: str | None = None) -> P:
    """The interpreter of the virtual environment `venv` on the OS `os_name` (os.name: "nt" or "posix")."""
    if (os_name or os.name) == "nt":
        return venv.joinpath("Scripts", "python.exe")
    return venv.joinpath("bin", "python")


def wanted_stamp(pyproject: bytes, extras: tuple[str, ...], index: str | None) -> str:
    """What the stamp holds after an install of this pyproject.toml with these extras (and torch index)."""
    h = hashlib.sha256(pyproject)
    h.update(("\0" + ",".join(sorted(extras)) + "\0" + (index or "")).encode())
    return h.hexdigest()


def needs_install(stamp: Path, want: str) -> bool:
    """Whether pip must run: no stamp yet (a new or broken .venv), or it was made for something else."""
    try:
        return stamp.read_text(encoding="utf-8").strip() != want
    except (OSError, UnicodeDecodeError):
        return True


def install_command(python: PurePath, extras: tuple[str, ...], index: str | None) -> list[str]:
    """pip's command line that installs the checkout, editable, with `extras`."""
    target = "." + (f"[{','.join(extras)}]" if extras else "")
    cmd = [str(python), "-m", "pip", "install", "--disable-pip-version-check", "-e", target]
    if index:
        # an extra index, not the only one: the app's other packages still come from PyPI, and
        # torch's "+cpu" versions sort above the plain ones, so pip takes them
        cmd += ["--extra-index-url", index]
    return cmd


def run_command(python: PurePath, what: str, args: list[str], root: Path = ROOT) -> list[str]:
    """The command line of `run` (the app) or `test` (pytest)."""
    if what == "run":
        return [str(python), str(root / "main.py"), *args]
    if what == "test":
        return [str(python), "-m", "pytest", *args]
    raise ValueError(what)


def _fail(message: str) -> int:
    print(f"error: {message}", file=sys.stderr)
    return 1


def setup(root: Path, extras: tuple[str, ...], index: str | None, os_name: str | None = None) -> Path | None:
    """.venv made and up to date; its interpreter, or None after saying what went wrong."""
    venv = root / ".venv"
    python = venv_python(venv, os_name)
    if not python.exists():
        print(f"Creating {venv} with Python {sys.version.split()[0]} ...", file=sys.stderr)
        r = subprocess.run([sys.executable, "-m", "venv", str(venv)])
        if r.returncode != 0 or not python.exists():
            hint = " (on Debian/Ubuntu: sudo apt-get install python3-venv)" if sys.platform.startswith("linux") else ""
            _fail(f"could not create {venv}{hint}")
            return None
    stamp = venv / STAMP_NAME
    want = wanted_stamp((root / "pyproject.toml").read_bytes(), extras, index)
    if needs_install(stamp, want):
        big = " (the first time takes a few minutes: torch is large)" if "nn" in extras else ""
        print(f"Installing ML Basics Lab into {venv}{big} ...", file=sys.stderr)
        r = subprocess.run(install_command(python, extras, index), cwd=root)
        if r.returncode != 0:
            _fail("pip could not install the app; its messages are above")
            return None
        stamp.write_text(want + "\n", encoding="utf-8")
    return python


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if sys.version_info[:2] < MIN_PYTHON:
        return _fail(f"ML Basics Lab needs Python {'.'.join(map(str, MIN_PYTHON))} or newer; this is "
                     f"{sys.version.split()[0]}. Run this script with a newer one (py -3.13 on Windows, "
                     f"python3.13 elsewhere).")
    extras, index = ["nn", "test"], None
    while argv and argv[0].startswith("--"):
        option = argv.pop(0)
        if option == "--without-nn":
            extras.remove("nn")
        elif option == "--torch-cpu":
            index = TORCH_CPU_INDEX
        else:
            return _fail(f"unknown option {option} (options: --without-nn, --torch-cpu)")
    if not argv or argv[0] not in ("setup", "run", "test"):
        print(__doc__, file=sys.stderr)
        return 2
    what, rest = argv[0], argv[1:]
    python = setup(ROOT, tuple(extras), index if "nn" in extras else None)
    if python is None:
        return 1
    if what == "setup":
        return 0
    env = dict(os.environ)
    if what == "test":
        env.setdefault("QT_QPA_PLATFORM", "offscreen")
    # not os.execv: on Windows it does not replace the process, and the console would return
    # before the app has finished
    return subprocess.run(run_command(python, what, rest), cwd=ROOT, env=env).returncode


if __name__ == "__main__":
    sys.exit(main())
