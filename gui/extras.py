"""The extra "nn" (torch and torchvision): whether it is installed, and the one command that
adds it for the way this copy of the app was installed (the set-up script's .venv in a
checkout, pipx, uv's tools, or any other environment pip manages).

The Neural Network lab, the chain rule's autograd check and the CLI's train-mlp and
gradcheck say this command instead of failing on an import.
"""

from __future__ import annotations

import importlib.util
import json
import os
import sys
from importlib import metadata
from pathlib import Path, PurePath
from urllib.parse import unquote, urlparse

DIST = "ml-basics-lab"
EXTRA = "nn"
# the extra's requirements when the package metadata cannot be read (a bare checkout);
# tests check they equal pyproject.toml's
FALLBACK_REQUIREMENTS = ("torch>=2.4", "torchvision>=0.19")
CHECKOUT = Path(__file__).resolve().parent.parent


def has_torch() -> bool:
    """torch and torchvision can be imported (found without importing them: that takes seconds)."""
    try:
        return all(importlib.util.find_spec(name) is not None for name in ("torch", "torchvision"))
    except (ImportError, ValueError):  # a broken half-install
        return False


def extra_requirements() -> tuple[str, ...]:
    """The extra's requirements as the installed metadata declares them (`torch>=2.4`, ...)."""
    try:
        requires = metadata.requires(DIST) or []
    except metadata.PackageNotFoundError:
        return FALLBACK_REQUIREMENTS
    found = []
    for req in requires:
        spec, _, marker = req.partition(";")
        if f'extra == "{EXTRA}"' in marker.replace("'", '"'):
            found.append(spec.strip().replace(" ", ""))
    return tuple(found) or FALLBACK_REQUIREMENTS


def _source() -> str:
    """Where pip installed the app from, when it was not an index (PEP 610's direct_url.json)."""
    try:
        text = metadata.distribution(DIST).read_text("direct_url.json")
    except metadata.PackageNotFoundError:
        return ""
    if not text:
        return ""
    try:
        url = json.loads(text).get("url", "")
    except (ValueError, AttributeError):
        return ""
    if url.startswith("file:"):
        path = unquote(urlparse(url).path)
        if os.name == "nt" and len(path) > 2 and path[0] == "/" and path[2] == ":":
            path = path[1:]  # file:///C:/x -> C:/x
        return path
    return url


def install_kind(prefix: str | None = None, checkout: Path | None = None) -> str:
    """"checkout" (the set-up script's .venv), "pipx", "uv" or "pip"."""
    prefix_path = PurePath(prefix if prefix is not None else sys.prefix)
    root = checkout if checkout is not None else CHECKOUT
    if (root / "scripts" / "bootstrap.py").is_file():
        try:
            if Path(prefix_path).resolve() == (root / ".venv").resolve():
                return "checkout"
        except OSError:
            pass
    parts = [p.lower() for p in prefix_path.parts]
    if len(parts) >= 3 and parts[-2] == "venvs" and any("pipx" in p for p in parts[:-2]):
        return "pipx"
    if len(parts) >= 3 and parts[-2] == "tools" and "uv" in parts[:-2]:
        return "uv"
    return "pip"


def _quote(arg: str, os_name: str) -> str:
    if os_name == "nt":
        return f'"{arg}"' if any(c in arg for c in ' ><|&^') else arg
    return f"'{arg}'" if any(c in arg for c in " ><|&;()$*?[]'\"") else arg


def add_nn_command(kind: str | None = None, os_name: str | None = None, python: str | None = None,
                   source: str | None = None, requirements: tuple[str, ...] | None = None) -> str:
    """The command that adds torch and torchvision to this installation, ready to paste."""
    kind = kind or install_kind()
    os_name = os_name or os.name
    reqs = requirements or extra_requirements()
    q = [_quote(r, os_name) for r in reqs]
    if kind == "checkout":  # the set-up installs the extra unless told --without-nn
        return "py -3 scripts\\bootstrap.py run" if os_name == "nt" else "python3 scripts/bootstrap.py run"
    if kind == "pipx":
        return " ".join(["pipx", "inject", DIST, *q])
    if kind == "uv":
        src = source if source is not None else _source()
        target = f"{src}[{EXTRA}]" if src else f"{DIST}[{EXTRA}]"
        return f"uv tool install --reinstall {_quote(target, os_name)}"
    exe = python or sys.executable
    return " ".join([_quote(exe, os_name) if " " not in exe else f'"{exe}"', "-m", "pip", "install", *q])


def missing_nn_sentence(what: str) -> str:
    """`what` ("the_lab", "autograd" or "download") needs torch: why, and the command that adds
    it, in the current language (the command itself is never translated)."""
    from PySide6.QtCore import QCoreApplication

    texts = {
        "the_lab": QCoreApplication.translate(
            "Extras", "This lab trains with PyTorch, which is not installed: it comes with the app's extra "
            "“nn”. Add it with this command, then restart the app:\n{command}"),
        "autograd": QCoreApplication.translate(
            "Extras", "torch autograd's check needs PyTorch, which is not installed (the app's extra “nn”); "
            "the derivatives here stand on their own. To add it: {command}"),
        "download": QCoreApplication.translate(
            "Extras", "Downloading needs torchvision, which is not installed (the app's extra “nn”). "
            "Add it with: {command}"),
    }
    return texts[what].format(command=add_nn_command())


def missing_nn_line(command_name: str) -> str:
    """The CLI's one line (English, as the CLI's other messages) when a command needs torch."""
    return (f"error: {command_name} needs PyTorch, which is not installed (the extra \"nn\"); "
            f"add it with: {add_nn_command()}")
