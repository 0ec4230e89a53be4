"""Where the app keeps its own files: the folder Qt's QStandardPaths calls AppDataLocation
(on Linux $XDG_DATA_HOME or ~/.local/share, then MLBasicsLab/ML Basics Lab; on Windows
%APPDATA%\\MLBasicsLab\\ML Basics Lab; on macOS ~/Library/Application Support/MLBasicsLab/
ML Basics Lab), never the working directory. Worked out here without Qt, so the headless
commands do not load it; tests/test_paths.py checks it equals Qt's answer. MLBL_DATA_DIR
chooses another folder for downloaded data (tests use it)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

ORGANIZATION = "MLBasicsLab"
APPLICATION = "ML Basics Lab"
FALLBACK = Path.home() / ".ml-basics-lab"


def app_data_dir(platform: str | None = None, environ: dict[str, str] | None = None,
                 home: Path | None = None) -> Path:
    """The app's data folder (not created here)."""
    platform = platform or sys.platform
    env = os.environ if environ is None else environ
    home = home or Path.home()
    if platform == "win32":
        base = env.get("APPDATA") or str(home / "AppData" / "Roaming")
    elif platform == "darwin":
        base = str(home / "Library" / "Application Support")
    else:
        xdg = env.get("XDG_DATA_HOME", "")
        base = xdg if xdg and os.path.isabs(xdg) else str(home / ".local" / "share")
    return Path(base) / ORGANIZATION / APPLICATION


def downloads_dir() -> Path:
    """Where downloaded data sets go (torchvision's root: Fashion-MNIST lands in
    FashionMNIST/raw below it); MLBL_DATA_DIR when set."""
    chosen = os.environ.get("MLBL_DATA_DIR")
    return Path(chosen) if chosen else app_data_dir() / "datasets"
