"""Dial readings in and out: the images of a folder, one reading per image, the batch job
(read_batch) and the one readings CSV that both `read-dial FOLDER --csv OUT` and the lab's
batch and Export run and write.

The CSV is UTF-8 with a BOM (Excel then keeps Chinese file names and messages) and is
written atomically through core.atomic: a failed write raises SaveError and leaves the old
file as it was. Its columns (COLUMNS) are the same whoever writes it:

  file, path            the image's name, and its path as given
  angle_deg             where the needle tip points: degrees counterclockwise from +x, y up
  reading, in_range     the calibrated value and whether it lies on the marked scale
                        ("true"/"false"); both empty without a calibration
  confidence, reliable  0–1 and whether it reaches core.dial.MIN_CONFIDENCE
  residual_rms_px       the line's RMS distance from the needle's pixels (original pixels)
  pixels                the needle's pixels (in the image the pipeline worked on)
  pivot_x … tip_y       the pivot and the tip (original pixels, x right, y down)
  pivot_source, fit     where the pivot came from (user/face/needle), the fit method
  width, height         the image's size in pixels
  error_code, error     why the image has no reading (a code, and the caller's sentence)
"""

from __future__ import annotations

import csv
import os
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from core.atomic import atomic_open
from core.dial import MIN_CONFIDENCE, DialResult, DialSettings, read_dial
from core.errors import DataError, LabError
from core.imageio import IMAGE_SUFFIXES

COLUMNS = ("file", "path", "angle_deg", "reading", "in_range", "confidence", "reliable", "residual_rms_px",
           "pixels", "pivot_x", "pivot_y", "tip_x", "tip_y", "pivot_source", "fit", "width", "height", "error_code",
           "error")


@dataclass(frozen=True)
class Reading:
    """One image's outcome: the numbers of a reading, or the error that stopped it."""

    path: str
    angle_deg: float | None = None
    reading: float | None = None
    in_range: bool | None = None
    confidence: float | None = None
    residual_px: float | None = None
    pixels: int | None = None
    pivot: tuple[float, float] | None = None
    tip: tuple[float, float] | None = None
    pivot_source: str = ""
    fit: str = ""
    size: tuple[int, int] | None = None  # (width, height)
    error: LabError | None = None

    @classmethod
    def from_result(cls, path: str, result: DialResult, size: tuple[int, int]) -> Reading:
        return cls(path=path, angle_deg=result.angle_deg, reading=result.reading, in_range=result.in_range,
                   confidence=result.confidence, residual_px=result.residual_px, pixels=result.pixels,
                   pivot=(result.pivot[0], result.pivot[1]), tip=(result.tip[0], result.tip[1]),
                   pivot_source=result.pivot_source, fit=result.fit.method, size=size)

    @classmethod
    def failed(cls, path: str, error: LabError, size: tuple[int, int] | None = None) -> Reading:
        return cls(path=path, error=error, size=size)

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def name(self) -> str:
        return Path(self.path).name

    @property
    def reliable(self) -> bool | None:
        return None if self.confidence is None else self.confidence >= MIN_CONFIDENCE

    def to_json(self, describe: Callable[[LabError], str]) -> dict[str, object]:
        """The fields of read-dial's JSON for one image of a folder."""
        return {"path": self.path, "angle_deg": self.angle_deg, "reading": self.reading, "in_range": self.in_range,
                "confidence": self.confidence, "reliable": self.reliable, "residual_rms_px": self.residual_px,
                "pixels": self.pixels, "pivot": list(self.pivot) if self.pivot else None,
                "tip": list(self.tip) if self.tip else None, "pivot_source": self.pivot_source or None,
                "fit": self.fit or None, "image_size": list(self.size) if self.size else None,
                "error_code": self.error.code if self.error is not None else "",
                "error": describe(self.error) if self.error is not None else ""}


def _natural_key(name: str) -> list[object]:
    """img2 before img10, as a file manager sorts them; case does not matter."""
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", name.casefold())]


def image_files(folder: str | os.PathLike[str]) -> list[str]:
    """The image files directly in `folder`, in natural order (raises LabError for a missing or
    unreadable folder)."""
    path = Path(folder)
    if not path.is_dir():
        raise DataError("folder_not_found", {"path": str(path)})
    try:
        entries = list(os.scandir(path))
    except OSError as exc:
        raise DataError("unreadable", {"path": str(path), "reason": exc.strerror or str(exc)}) from exc
    files = []
    for entry in entries:
        try:
            is_file = entry.is_file()
        except OSError:
            continue
        if is_file and os.path.splitext(entry.name)[1].lower() in IMAGE_SUFFIXES:
            files.append(entry)
    return [e.path for e in sorted(files, key=lambda e: _natural_key(e.name))]


def read_image_file(path: str, settings: DialSettings) -> Reading:
    """Decode one image and read its dial; a LabError becomes a failed Reading, not an exception."""
    from core.imageio import load_image

    size = None
    try:
        image = load_image(path)
        size = (int(image.bgr.shape[1]), int(image.bgr.shape[0]))
        return Reading.from_result(path, read_dial(image.bgr, settings), size)
    except LabError as exc:
        return Reading.failed(path, exc, size)


def read_files(paths: Iterable[str], settings: DialSettings) -> Iterator[Reading]:
    """One Reading per path, in order (a generator: the caller may stop between images)."""
    for path in paths:
        yield read_image_file(path, settings)


@dataclass(frozen=True)
class BatchListed:
    """The files a batch will read, once its folders are listed (read_batch's first item)."""

    files: tuple[str, ...]


def batch_files(sources: Iterable[str | os.PathLike[str]]) -> list[str]:
    """The images a batch reads: each folder's images (image_files' order), each image file
    as given, other files left out. Raises LabError for a folder that cannot be listed."""
    files: list[str] = []
    for source in sources:
        if os.path.isdir(source):
            files += image_files(source)
        elif os.path.splitext(source)[1].lower() in IMAGE_SUFFIXES:
            files.append(str(source))
    return files


def read_batch(sources: Iterable[str | os.PathLike[str]], settings: DialSettings) -> Iterator[BatchListed | Reading]:
    """The batch job of `read-dial FOLDER --csv` and of the lab: BatchListed once the folders
    are listed, then one Reading per image, in order (a failed image is a Reading with its
    error). A generator: the lab's TaskRunner stops it between images."""
    files = batch_files(sources)
    yield BatchListed(tuple(files))
    yield from read_files(files, settings)


def batch_readings(items: Iterable[BatchListed | Reading]) -> list[Reading]:
    """The readings of a batch run to its end (what the CSV holds), its listing left out."""
    return [item for item in items if isinstance(item, Reading)]


def _num(value: float | None, fmt: str) -> str:
    return "" if value is None else format(value, fmt)


def _flag(value: bool | None) -> str:
    return "" if value is None else ("true" if value else "false")


def csv_row(r: Reading, describe: Callable[[LabError], str]) -> list[str]:
    """One row of the readings CSV, in COLUMNS' order."""
    pivot = r.pivot or (None, None)
    tip = r.tip or (None, None)
    size = r.size or (None, None)
    return [r.name, r.path, _num(r.angle_deg, ".3f"), _num(r.reading, ".6g"), _flag(r.in_range),
            _num(r.confidence, ".3f"), _flag(r.reliable), _num(r.residual_px, ".2f"), _num(r.pixels, "d"),
            _num(pivot[0], ".1f"), _num(pivot[1], ".1f"), _num(tip[0], ".1f"), _num(tip[1], ".1f"),
            r.pivot_source, r.fit, _num(size[0], "d"), _num(size[1], "d"),
            r.error.code if r.error is not None else "", describe(r.error) if r.error is not None else ""]


def write_readings_csv(path: str | os.PathLike[str], readings: Iterable[Reading],
                       describe: Callable[[LabError], str]) -> None:
    """Write the readings CSV atomically (UTF-8 with a BOM); raises SaveError, the old file intact.
    `describe` turns an image's error into the sentence of the error column."""
    with atomic_open(path, "w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(COLUMNS)
        for r in readings:
            writer.writerow(csv_row(r, describe))


__all__ = ["COLUMNS", "IMAGE_SUFFIXES", "BatchListed", "Reading", "batch_files", "batch_readings", "csv_row",
           "image_files", "read_batch", "read_files", "read_image_file", "write_readings_csv"]
