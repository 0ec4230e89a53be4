"""The Dial Reader lab's state: the photo, every control, the clicked pivot and marks, and
the files of the last batch. Qt-free (tests/test_architecture.py checks).

The photo travels with the state: `photo` names a member of the experiment file's blobs
("dial/photo.png", ...) that holds the original file's bytes, exactly as they were opened
(the panel's export_state writes it; set_state decodes it with core.imageio's checks, so a
hostile image in a file is refused as an opened one is). `photo_path` is only where it came
from, for the user's information; `sample` names a bundled sample (the combo shows it, and
a state with a sample and no photo member opens the bundled file). No photo and no sample:
the lab as it starts, with nothing open.

The batch keeps its list of files, not their images: reopened, the batch reads them again
(a file missing on this computer is a row with its error).

To change the state's shape: bump VERSION, and add to MIGRATIONS a function taking a dict of
the previous version to a dict of the new one (MIGRATIONS[1] turns version 1 into version
2), e.g. a renamed field::

    def _v1_to_v2(d: dict[str, Any]) -> dict[str, Any]:
        d = dict(d)
        d["needle_colour"] = d.pop("color", "red")
        return d

    VERSION: ClassVar[int] = 2
    MIGRATIONS: ClassVar[Mapping[int, Migration]] = {1: _v1_to_v2}

A new field with a default needs no migration (an older file simply lacks it).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import ClassVar, Mapping

from core.dial import COLORS, FIT_METHODS, SEED_HSV, Calibration, DialError, DialSettings, HSVBounds
from core.imageio import IMAGE_SUFFIXES, MAX_PIXELS, image_suffix
from gui.state import LabState, Migration, StateError, Table, choice, flag, integer, number, table, text

CLICK_MODES = ("none", "pivot", "min", "max", "extra", "eyedropper")
ORIGINS = ("file", "sample", "clipboard", "dropped", "batch")
PHOTO_PREFIX = "dial/photo"
PHOTO_MEMBERS = tuple(PHOTO_PREFIX + s for s in IMAGE_SUFFIXES)
DARK_DEFAULT = 100
VALUE_LIMIT = 1e7  # the calibration values' spin boxes
MAX_EXTRA_MARKS = 1000
MAX_PATH = 4096
MAX_BATCH_TEXT = 2_000_000  # characters of the batch's file list (one path a line)


@dataclass(frozen=True)
class DialState(LabState):
    """Every user choice of the Dial Reader lab (see the module's docstring)."""

    KEY: ClassVar[str] = "dial"
    VERSION: ClassVar[int] = 1
    MIGRATIONS: ClassVar[Mapping[int, Migration]] = {}

    # the photo: a blob member with the file's bytes ("" = none), where it came from, how
    photo: str = choice("", "", *PHOTO_MEMBERS)
    photo_path: str = text("", max_len=MAX_PATH)
    origin: str = choice("file", *ORIGINS)
    sample: str = text("", max_len=255)  # a bundled sample's file name
    # the needle colour: the mode, the user's own HSV ranges (kept while red or dark shows)
    color: str = choice("red", *COLORS)
    hue1_lo: int = integer(SEED_HSV.h1[0], 0, 180)
    hue1_hi: int = integer(SEED_HSV.h1[1], 0, 180)
    hue2_lo: int = integer(SEED_HSV.h2[0], 0, 180)
    hue2_hi: int = integer(SEED_HSV.h2[1], 0, 180)
    s_min: int = integer(SEED_HSV.s_min, 0, 255)
    v_min: int = integer(SEED_HSV.v_min, 0, 255)
    dark_auto: bool = flag(True)
    dark_v_max: int = integer(DARK_DEFAULT, 0, 255)  # the user's own threshold (used when not automatic)
    # the line fit
    fit: str = choice("tls", *FIT_METHODS)
    seed_resize: bool = flag(False)
    # the pivot (image pixels, x right, y down) and the marks (degrees, counterclockwise from +x)
    pivot_x: float | None = number(None, 0.0, float(MAX_PIXELS), optional=True)
    pivot_y: float | None = number(None, 0.0, float(MAX_PIXELS), optional=True)
    min_angle: float | None = number(None, 0.0, 360.0, optional=True)
    max_angle: float | None = number(None, 0.0, 360.0, optional=True)
    min_value: float = number(0.0, -VALUE_LIMIT, VALUE_LIMIT)
    max_value: float = number(100.0, -VALUE_LIMIT, VALUE_LIMIT)
    extra_value: float = number(50.0, -VALUE_LIMIT, VALUE_LIMIT)  # the next extra mark's value
    extra_marks: Table = table(columns=2, max_rows=MAX_EXTRA_MARKS, limit=VALUE_LIMIT)  # (angle, value)
    direction: str = choice("cw", "cw", "ccw")
    click_mode: str = choice("none", *CLICK_MODES)  # the armed "click the …" button
    # the last batch's files, one path a line ("" = no batch table)
    batch_files: str = text("", max_len=MAX_BATCH_TEXT)

    @property
    def pivot(self) -> tuple[float, float] | None:
        if self.pivot_x is None or self.pivot_y is None:
            return None
        return (self.pivot_x, self.pivot_y)

    @property
    def batch(self) -> list[str]:
        return [p for p in self.batch_files.split("\n") if p]

    def check_pivot(self) -> None:
        """Refuse (StateError) a pivot with one coordinate: both are set, or neither."""
        if (self.pivot_x is None) != (self.pivot_y is None):
            raise StateError("bad_value", {"lab": self.KEY, "field": "pivot_y" if self.pivot_y is None else "pivot_x",
                                           "value": "None", "expected": "both coordinates of the pivot, or neither"})


def reading_settings(state: DialState) -> tuple[DialSettings, DialError | None]:
    """The pipeline settings a state's controls describe (what the lab reads its photo
    with, and `read-dial --experiment` too), and why its marks make no scale (None: they
    do, or the minimum or maximum mark is not set; the reading then has no scale)."""
    hsv = HSVBounds((state.hue1_lo, state.hue1_hi), (state.hue2_lo, state.hue2_hi), state.s_min, state.v_min)
    calibration: Calibration | None = None
    error: DialError | None = None
    if state.min_angle is not None and state.max_angle is not None:
        marks = [(float(state.min_angle) % 360.0, state.min_value), (float(state.max_angle) % 360.0, state.max_value)]
        marks += [(float(a) % 360.0, float(v)) for a, v in state.extra_marks.array]
        try:
            calibration = Calibration(tuple(marks), ccw=state.direction == "ccw").validated()
        except DialError as exc:
            error = exc
    settings = DialSettings(
        color=state.color, hsv=hsv if state.color == "custom" else SEED_HSV,
        dark_v_max=None if state.color != "dark" or state.dark_auto else int(state.dark_v_max),
        seed_resize=state.seed_resize, fit=state.fit, pivot=state.pivot, calibration=calibration)
    return settings, error


def photo_member(path: str, data: bytes) -> str:
    """The blob member a photo's bytes go to: "dial/photo" and the file's own suffix (or,
    for a file without a known one, the suffix of the format its bytes begin with)."""
    suffix = os.path.splitext(path)[1].lower()
    if suffix not in IMAGE_SUFFIXES:
        suffix = image_suffix(data) or ".png"
    return PHOTO_PREFIX + suffix


def batch_text(files: list[str]) -> str:
    """The batch's files as the state keeps them: one a line, a path holding a line break
    left out, and the list cut where it would pass MAX_BATCH_TEXT."""
    out: list[str] = []
    size = 0
    for f in files:
        if not f or "\n" in f or "\r" in f:
            continue
        size += len(f) + (1 if out else 0)
        if size > MAX_BATCH_TEXT:
            break
        out.append(f)
    return "\n".join(out)


__all__ = ["CLICK_MODES", "DialState", "ORIGINS", "PHOTO_MEMBERS", "batch_text", "photo_member",
           "reading_settings"]
