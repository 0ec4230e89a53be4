"""The app's identity on the desktop: its icon, and a Linux menu entry (freedesktop .desktop
file plus icons) written into the user's XDG folders by `ml-basics-lab --install-desktop-entry`.

Everything but app_icon() is Qt-free: the CLI writes the entry without starting Qt.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path
from typing import Mapping, Sequence

import resources

APP_ID = "ml-basics-lab"
ICONS = Path(resources.__file__).resolve().parent / "icons"
SVG = ICONS / f"{APP_ID}.svg"
MAIN = Path(__file__).resolve().parent.parent / "main.py"
NAME_EN, NAME_ZH = "ML Basics Lab", "机器学习基础实验室"


def png_icons() -> dict[int, Path]:
    """The bundled PNG icons by size (scripts/make_icons.py renders them from the SVG)."""
    out = {}
    for path in ICONS.glob(f"hicolor/*x*/apps/{APP_ID}.png"):
        out[int(path.parts[-3].split("x")[0])] = path
    return dict(sorted(out.items()))


def app_icon():  # -> QIcon (Qt imported here only)
    """The window's and the taskbar's icon: every PNG size, and the SVG for the rest."""
    from PySide6.QtGui import QIcon

    icon = QIcon()
    for path in png_icons().values():
        icon.addFile(str(path))
    icon.addFile(str(SVG))
    return icon


def xdg_data_home(env: Mapping[str, str] = os.environ, home: Path | None = None) -> Path:
    """$XDG_DATA_HOME, or ~/.local/share when it is unset, empty or relative (as the spec says)."""
    chosen = env.get("XDG_DATA_HOME", "")
    if chosen and Path(chosen).is_absolute():
        return Path(chosen)
    return (home or Path.home()) / ".local" / "share"


def launch_command(argv0: str | None = None, python: str | None = None) -> list[str]:
    """How the desktop should start this app: the installed `ml-basics-lab` script when that
    is what runs, else this Python with main.py (a checkout's .venv)."""
    argv0 = sys.argv[0] if argv0 is None else argv0
    if Path(argv0).stem in (APP_ID, APP_ID + "-cli"):
        found = Path(shutil.which(argv0) or argv0)
        gui_script = found.with_name(APP_ID + found.suffix)  # the windowed one, also for -cli
        if gui_script.is_file():
            return [str(gui_script.absolute())]
    return [str(Path(python or sys.executable).absolute()), str(MAIN)]


def _quote(arg: str) -> str:
    """One Exec argument, quoted as the Desktop Entry spec asks."""
    if arg and not any(c in arg for c in ' \t\n"\'\\><~|&;$*?#()`'):
        return arg.replace("%", "%%")
    escaped = arg.replace("\\", "\\\\").replace('"', '\\"').replace("`", "\\`").replace("$", "\\$")
    return '"' + escaped.replace("%", "%%") + '"'


def desktop_entry(command: Sequence[str]) -> str:
    """The .desktop file's text: English and Chinese names, the icon by name, files by %F."""
    exec_line = " ".join(_quote(a) for a in command) + " %F"
    return "\n".join([
        "[Desktop Entry]",
        "Type=Application",
        "Version=1.5",
        f"Name={NAME_EN}",
        f"Name[zh_CN]={NAME_ZH}",
        "GenericName=Machine learning lab",
        "GenericName[zh_CN]=机器学习实验",
        "Comment=Watch the basics of machine learning work, live, and play with them",
        "Comment[zh_CN]=实时观察机器学习的基础原理如何运作，并动手尝试",
        f"Exec={exec_line}",
        f"Icon={APP_ID}",
        "Terminal=false",
        "Categories=Education;Science;ArtificialIntelligence;",
        "Keywords=machine learning;gradient descent;regression;neural network;机器学习;梯度下降;",
        "",
    ])


def install_desktop_entry(data_home: Path, command: Sequence[str]) -> list[Path]:
    """Write the .desktop file and the icons under data_home (applications/, icons/hicolor/);
    the files written. Running it again overwrites them (a moved checkout, a new venv)."""
    written = []
    apps = data_home / "applications"
    apps.mkdir(parents=True, exist_ok=True)
    entry = apps / f"{APP_ID}.desktop"
    tmp = entry.with_suffix(".desktop.tmp")
    tmp.write_text(desktop_entry(command), encoding="utf-8")
    os.replace(tmp, entry)
    written.append(entry)
    theme = data_home / "icons" / "hicolor"
    for size, png in png_icons().items():
        target = theme / f"{size}x{size}" / "apps" / png.name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(png, target)
        written.append(target)
    target = theme / "scalable" / "apps" / SVG.name
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(SVG, target)
    written.append(target)
    return written
