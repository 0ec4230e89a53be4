"""The app's version, from one place: pyproject.toml's [project] version.

An installed app reads it from its package metadata (importlib.metadata). Run from a clone,
the clone's own pyproject.toml is the truth: an editable install's metadata is only as
fresh as the last `pip install -e`, and may even belong to another checkout. Qt-free, so the
CLI answers --version without loading Qt.
"""

from __future__ import annotations

import tomllib
from importlib import metadata
from pathlib import Path

DIST_NAME = "ml-basics-lab"
# the checkout's pyproject.toml, when the app runs from one (absent in an installed app)
PYPROJECT = Path(__file__).resolve().parent.parent / "pyproject.toml"


def _from_pyproject(path: Path) -> str | None:
    """The version in a pyproject.toml of this project, or None (absent, unreadable, another project)."""
    try:
        project = tomllib.loads(path.read_text(encoding="utf-8")).get("project", {})
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return None
    if project.get("name") != DIST_NAME or not isinstance(project.get("version"), str):
        return None
    return project["version"]


def app_version(pyproject: Path = PYPROJECT) -> str:
    """The version string, e.g. "0.1.0" ("unknown" if neither the clone nor the metadata says)."""
    found = _from_pyproject(pyproject)
    if found:
        return found
    try:
        return metadata.version(DIST_NAME)
    except metadata.PackageNotFoundError:
        return "unknown"
