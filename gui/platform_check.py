"""Before Qt aborts with "could not load the Qt platform plugin xcb", say what is missing."""

from __future__ import annotations

import ctypes
import os
import sys

# Shared libraries Qt's xcb plugin loads, and the Debian/Ubuntu package that has each.
XCB_LIBRARIES: dict[str, str] = {
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-xinerama.so.0": "libxcb-xinerama0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
}


def missing_xcb_packages() -> list[str]:
    """Debian packages whose libraries the xcb plugin needs but cannot load."""
    missing = []
    for lib, package in XCB_LIBRARIES.items():
        try:
            ctypes.CDLL(lib)
        except OSError:
            missing.append(package)
    return missing


def display_problem() -> str | None:
    """A message if a window cannot be shown here, else None (English: Qt is not up yet)."""
    if not sys.platform.startswith("linux"):
        return None
    platform = os.environ.get("QT_QPA_PLATFORM", "")
    if platform and not platform.startswith("xcb"):
        return None  # offscreen, wayland, vnc ...: the user chose
    if not platform and os.environ.get("WAYLAND_DISPLAY"):
        return None
    if not os.environ.get("DISPLAY"):
        return (
            "No display: DISPLAY is not set, so there is no screen to open the window on.\n"
            "Run the app from a desktop session, or under a virtual screen: xvfb-run -a bash scripts/run.sh\n"
            "Headless commands work without one, e.g.: python main.py screenshot --tab linear --out lab.png"
        )
    missing = missing_xcb_packages()
    if missing:
        return (
            "Qt's xcb platform plugin cannot start: these system libraries are missing.\n"
            f"Install them with:  sudo apt-get install {' '.join(missing)}"
        )
    return None
