"""The Dial Reader's settings as versions before experiment files wrote them (QSettings
group "dial"), turned into a DialState: read once, at the first start after the update,
when there is no session yet. Every value is read leniently (a bad one takes its default).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings

from core.dial import COLORS, FIT_METHODS, SEED_HSV
from core.errors import LabError
from core.imageio import read_image_bytes
from gui.labs.dial.state import DARK_DEFAULT, VALUE_LIMIT, DialState, photo_member
from gui.settings import read, read_pair


def state_from_settings(s: QSettings, samples: list[Path]) -> tuple[DialState, dict[str, bytes], LabError | None] | None:
    """(state, blobs, why the photo could not be read) from the old keys; None when the
    settings hold none. The photo named by "path" is read (not decoded) into the blobs;
    `samples` are the bundled ones (a path among them is kept as the sample it is)."""
    s.beginGroup(DialState.KEY)
    try:
        if not s.contains("fit"):
            return None
        h1 = read_pair(s, "h1", SEED_HSV.h1, 0, 180)
        h2 = read_pair(s, "h2", SEED_HSV.h2, 0, 180)
        state = DialState(
            color=COLORS[read(s, "color", 0, lo=0, hi=len(COLORS) - 1)],
            hue1_lo=h1[0], hue1_hi=h1[1], hue2_lo=h2[0], hue2_hi=h2[1],
            s_min=read(s, "s_min", SEED_HSV.s_min, lo=0, hi=255),
            v_min=read(s, "v_min", SEED_HSV.v_min, lo=0, hi=255),
            dark_auto=read(s, "dark_auto", True),
            dark_v_max=read(s, "dark_v_max", DARK_DEFAULT, lo=0, hi=255),
            fit=read(s, "fit", "tls", choices=FIT_METHODS),
            seed_resize=read(s, "seed_resize", False),
            direction=read(s, "direction", "cw", choices=("cw", "ccw")),
            min_value=read(s, "min_value", 0.0, lo=-VALUE_LIMIT, hi=VALUE_LIMIT),
            max_value=read(s, "max_value", 100.0, lo=-VALUE_LIMIT, hi=VALUE_LIMIT),
        )
        path = read(s, "path", "")
    finally:
        s.endGroup()
    blobs: dict[str, bytes] = {}
    error: LabError | None = None
    if path and len(path) <= 4096 and Path(path).is_file():
        try:
            data = read_image_bytes(path)
        except LabError as exc:  # shown as an open that failed; the controls still come back
            error = exc
        else:
            member = photo_member(path, data)
            blobs[member] = data
            sample = next((p for p in samples if str(p) == path), None)
            state = state.replace(photo=member, photo_path=path, origin="sample" if sample else "file",
                                  sample=sample.name if sample else "")
    return state, blobs, error


__all__ = ["state_from_settings"]
