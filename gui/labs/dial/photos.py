"""The Dial Reader's photos, Qt-free: the bundled samples, a file or a pasted picture decoded
with core.imageio's checks (with the bytes an experiment file keeps), and a state's photo.
The lab's controller and `main.py read-dial --experiment` both read a state's photo here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path

import numpy as np

from core.dial_io import IMAGE_SUFFIXES
from core.errors import LabError
from core.imageio import ImageLoadError, LoadedImage, decode_image, decode_image_bytes, read_image_bytes
from gui.labs.dial.state import DialState
from gui.state import StateError

SAMPLES = Path(__file__).resolve().parent.parent.parent.parent / "resources" / "samples"
DATA_ORIGINS = ("clipboard", "dropped")  # pictures that came as data, with no file behind them


def bundled_samples() -> list[Path]:
    """The sample dials shipped with the app: generated ones, then the real photos."""
    out: list[Path] = []
    for folder in (SAMPLES / "dials", SAMPLES / "photos"):
        if folder.is_dir():
            out += sorted(p for p in folder.iterdir() if p.suffix.lower() in IMAGE_SUFFIXES)
    return out


DEMO_CALIBRATION = (225.0, 0.0, 315.0, 100.0)  # the generated dials' scale: clockwise from 225° to −45°, 0–100


def demo_calibration(sample: Path) -> tuple[float, float, float, float] | None:
    """The marks a demo sample is shown with (min angle, min value, max angle, max value): the
    generated dials' scale; None for the real photos."""
    return DEMO_CALIBRATION if sample.name.startswith("synthetic") else None


def demo_sample(name: str = "") -> Path | None:
    """The sample the screenshot's demo opens: the first whose name holds `name`, else the
    first with ticks, else the first (None: no samples)."""
    samples = bundled_samples()
    pick = next((p for p in samples if name and name in p.name), None)
    return pick or next((p for p in samples if "ticks" in p.name), samples[0] if samples else None)


def png_bytes(bgr: np.ndarray, name: str) -> bytes:
    """A picture's pixels as a PNG file (what an experiment keeps of a picture without a file)."""
    import cv2

    ok, png = cv2.imencode(".png", np.ascontiguousarray(bgr))
    if not ok:
        raise LabError("not_an_image", {"path": name})
    return png.tobytes()


def pixels_photo(rgb: np.ndarray, name: str) -> tuple[LoadedImage, bytes]:
    """A pasted picture through the same decoder and budgets as a file (on a worker), with
    the PNG it was made into (what an experiment file keeps)."""
    data = png_bytes(rgb[:, :, ::-1], name)
    return decode_image(data, name), data


def decode_pixels(rgb: np.ndarray, name: str) -> LoadedImage:
    """A pasted picture through the same decoder and budgets as a file (on a worker)."""
    return pixels_photo(rgb, name)[0]


def load_photo(path: str) -> tuple[LoadedImage, bytes]:
    """A file decoded as core.imageio.load_image does, with its bytes (on a worker): an
    experiment file keeps the original, not a re-encoding."""
    data = read_image_bytes(path)
    return decode_image(data, str(Path(path))), data


def state_photo(state: DialState, blobs: Mapping[str, bytes], data_name: str) -> tuple[LoadedImage | None, bytes | None]:
    """A state's photo, decoded with every check an opened file meets (raises LabError);
    `data_name` is what to call a picture that came as data (a paste, a drop)."""
    sample = next((p for p in bundled_samples() if p.name == state.sample), None) if state.sample else None
    if state.photo:
        data = blobs.get(state.photo)
        if data is None:
            raise StateError("bad_value", {"lab": state.KEY, "field": "photo", "value": state.photo,
                                           "expected": "a member of the experiment file"})
        if state.origin in DATA_ORIGINS:
            name = data_name
        else:
            name = str(sample) if sample is not None and state.origin == "sample" else state.photo_path
        data = data if isinstance(data, bytes) else bytes(data)
        return replace(decode_image_bytes(data, name or state.photo), path=name), data
    if state.sample:
        if sample is None:
            raise ImageLoadError("file_not_found", {"path": state.sample})
        return load_photo(str(sample))
    return None, None


__all__ = ["DATA_ORIGINS", "SAMPLES", "bundled_samples", "decode_pixels", "demo_calibration", "demo_sample",
           "load_photo", "pixels_photo", "png_bytes", "state_photo"]
