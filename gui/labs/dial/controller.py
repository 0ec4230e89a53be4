"""The Dial Reader's controller: the image on screen, what the controls ask the pipeline for,
the reading, the clicks on the photo, and the batch, with no widget in sight.

It owns the lab's two tasks on the lab's TaskRunner: "open" (a file, a sample or a pasted
picture decoded on a worker; the latest request wins) and "batch" (core.dial_io.read_batch,
the job `read-dial FOLDER --csv` runs too). Its photos are read by gui/labs/dial/photos.py,
Qt-free, which `read-dial --experiment` shares. It emits frames, small frozen snapshots of what
to draw (ReadingFrame, BatchFrame), and events (an open started, an image was loaded, an open
failed, a batch found nothing, failed or ended); the panel turns them into widgets and sentences.
It also maps the controls' state to the pipeline's inputs (dial_inputs) and the photo on
screen, the controls' fields and the batch to the lab's state (DialController.state).
"""

from __future__ import annotations

from collections.abc import Callable, MutableMapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np
from PySide6.QtCore import QObject, Signal, Slot

from core.dial import DialResult, DialSettings, NeedleColour, angle_of, mark_position, pick_needle_colour, \
    read_dial, threshold_mask
from core.dial_io import BatchListed, Reading, read_batch, write_readings_csv
from core.errors import LabError
from core.imageio import LoadedImage
from gui.labs.dial.photos import DATA_ORIGINS, bundled_samples, decode_pixels, demo_calibration, demo_sample, \
    load_photo, png_bytes, pixels_photo, state_photo
from gui.labs.dial.state import MAX_PATH, DialState, batch_text, photo_member, reading_settings
from gui.tasks import Task, TaskRunner

MARK_RADIUS = 0.42  # the marks are drawn this far from the pivot, as a share of the photo's shorter side


# --------------------------------------------------------------------------- photos in


def rgb_pixels(data: object) -> np.ndarray | None:
    """A picture pasted or dropped as data (mimeData().imageData(), a QImage typed as object)
    as an (h, w, 3) RGB array; None when the data is no picture."""
    from PySide6.QtGui import QImage

    qimg = QImage(data)  # type: ignore[call-overload]  # imageData() is typed as object: a QImage or nothing
    if qimg.isNull():
        return None
    qimg = qimg.convertToFormat(QImage.Format.Format_RGB888)
    arr = np.frombuffer(qimg.constBits(), np.uint8).reshape(qimg.height(), qimg.bytesPerLine())
    return arr[:, : qimg.width() * 3].reshape(qimg.height(), qimg.width(), 3).copy()


# --------------------------------------------------------------------------- frames and events


@dataclass(frozen=True)
class DialInputs:
    """What the controls ask of the pipeline: its settings, every mark set (angle, value; drawn
    even when they make no scale), and why the marks make no scale (None: they do, or are unset)."""

    settings: DialSettings = DialSettings()
    marks: tuple[tuple[float, float], ...] = ()
    calibration_error: LabError | None = None


def dial_inputs(state: DialState, marks: Sequence[tuple[float, float]]) -> DialInputs:
    """What a state's controls ask of the pipeline (read as a saved state is: state.reading_settings),
    with `marks`, every mark set (angle, value), to draw."""
    settings, error = reading_settings(state)
    return DialInputs(settings, tuple(marks), error)


@dataclass(frozen=True, eq=False)  # eq=False: a result's arrays have no single truth value
class ReadingFrame:
    """One read of the image on screen: the result or the error that stopped it, the mask the
    thresholds keep (shown even without a reading), the dark threshold in use, and the marks to
    draw as (x, y, value) in image pixels around `pivot`."""

    has_image: bool = False
    result: DialResult | None = None
    error: LabError | None = None
    calibration_error: LabError | None = None
    mask: np.ndarray | None = None
    threshold_known: bool = False  # dark_v_max below is the one the read used
    dark_v_max: int | None = None
    pivot: tuple[float, float] | None = None
    marks: tuple[tuple[float, float, float], ...] = ()


@dataclass(frozen=True)
class LoadedPhoto:
    """An open that succeeded: the image, its file's bytes, where it came from, and whether the
    marks stay (a row of the batch is read with the same marks)."""

    image: LoadedImage
    data: bytes
    origin: str
    keep_calibration: bool


@dataclass(frozen=True)
class OpenFailure:
    """An open that failed: what was asked for (a path, or a pasted picture's name), from where, why."""

    where: str
    origin: str
    error: BaseException


@dataclass(frozen=True)
class PivotClicked:
    point: tuple[float, float]


@dataclass(frozen=True)
class MarkClicked:
    kind: str  # "min", "max" or "extra"
    angle: float  # degrees counterclockwise from +x, seen from the pivot


@dataclass(frozen=True)
class NeedlePicked:
    colour: NeedleColour


@dataclass(frozen=True)
class PivotMissing:
    """A mark was clicked before any pivot is known: its angle would mean nothing."""


ClickAction = PivotClicked | MarkClicked | NeedlePicked | PivotMissing

PHASES = ("idle", "listing", "reading", "finished", "stopped", "failed")


@dataclass(frozen=True)
class BatchFrame:
    """The batch table: its readings so far, how many there will be (None while the folders are
    listed), its phase, what the batch it replaced had done (read, of), whether the controls
    would read it differently now, and whether the table is shown at all."""

    shown: bool = False
    phase: str = "idle"
    readings: tuple[Reading, ...] = ()
    total: int | None = None
    previous: tuple[int, int | None] | None = None
    stale: bool = False
    cancelling: bool = False

    @property
    def running(self) -> bool:
        return self.phase in ("listing", "reading")

    @property
    def done(self) -> int:
        return len(self.readings)

    @property
    def ok(self) -> int:
        return sum(r.ok for r in self.readings)


# --------------------------------------------------------------------------- the controller


class DialController(QObject):
    """The Dial Reader's image, reading and batch (see the module's docstring)."""

    # ReadingFrame: the image on screen was read (or there is none)
    frame_ready = Signal(object)
    # LoadedImage or None: the photo to show changed
    photo_changed = Signal(object)
    # str: an open was asked for, the file's name (or the pasted picture's): decoding on the worker
    open_started = Signal(str)
    # LoadedPhoto: an open finished; the panel shows it with set_image (the marks are the controls')
    image_loaded = Signal(object)
    # OpenFailure: an open failed; the image on screen stays
    open_failed = Signal(object)
    # BatchFrame: the batch table changed
    batch_changed = Signal(object)
    # the batch's sources hold no image
    batch_empty = Signal()
    # BaseException: the batch stopped on an error (a folder that cannot be listed)
    batch_failed = Signal(object)
    # BatchFrame: the batch ran to its end or was cancelled (not when it failed or was closed)
    batch_finished = Signal(object)

    def __init__(self, tasks: TaskRunner, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.tasks = tasks
        self._image: LoadedImage | None = None
        self._photo: bytes | None = None  # the image's file bytes, as opened (None: encode the pixels)
        self._origin = ""  # where the image on screen came from: file, sample, clipboard, dropped, batch
        self._inputs = DialInputs()
        self._frame = ReadingFrame()
        self._opening: tuple[str, str, bool] = ("", "file", False)  # (path or name, origin, keep calibration)
        self._batch = BatchFrame()
        self._batch_task: Task | None = None
        self._batch_sources: list[str] = []
        self._batch_settings: DialSettings | None = None
        self._batch_files: list[str] = []  # the files of the batch on screen (its sources until listed)

    # ------------------------------------------------------------------ the image
    @property
    def image(self) -> LoadedImage | None:
        return self._image

    @property
    def origin(self) -> str:
        return self._origin

    def is_data(self) -> bool:
        """The image came as data (a paste, a drop), with no file behind it."""
        return self._origin in DATA_ORIGINS

    def open_file(self, path: str, origin: str = "file", keep_calibration: bool = False) -> None:
        """Decode a file on the worker; image_loaded or open_failed follows (the latest open wins)."""
        self._opening = (path, origin, keep_calibration)
        self.tasks.submit("open", load_photo, path, on_result=self._on_open_returned, on_error=self._on_open_errored)
        self.open_started.emit(Path(path).name)

    def open_sample(self, path: str) -> None:
        """A bundled sample chosen in the combo, decoded as a file is."""
        self.open_file(path, "sample")

    def open_pixels(self, rgb: np.ndarray, name: str, origin: str) -> None:
        """A pasted or dropped picture (RGB), decoded on the worker as a file is."""
        self._opening = (name, origin, False)
        self.tasks.submit("open", pixels_photo, rgb, name, on_result=self._on_open_returned,
                          on_error=self._on_open_errored)
        self.open_started.emit(name)

    def open_data(self, data: object, name: str, origin: str) -> bool:
        """A picture pasted or dropped as data (mimeData().imageData()), decoded on the worker
        as a file is. False when the data is no picture."""
        rgb = rgb_pixels(data)
        if rgb is None:
            return False
        self.open_pixels(rgb, name, origin)
        return True

    def cancel_open(self) -> None:
        self.tasks.cancel("open")

    @Slot(object)
    def _on_open_returned(self, loaded: tuple[LoadedImage, bytes]) -> None:
        _, origin, keep = self._opening
        image, data = loaded
        self.image_loaded.emit(LoadedPhoto(image, data, origin, keep))

    @Slot(object)
    def _on_open_errored(self, exc: BaseException) -> None:
        where, origin, _ = self._opening
        self.open_failed.emit(OpenFailure(where, origin, exc))

    def set_image(self, image: LoadedImage | None, origin: str = "file", data: bytes | None = None,
                  inputs: DialInputs | None = None) -> None:
        """Show `image` (None: none) and read it with `inputs` (default: the current ones).
        `data` is the file's bytes (an experiment file keeps them; None: a PNG of the pixels)."""
        self._image, self._photo = image, data
        self._origin = origin if image is not None else ""
        if inputs is not None:
            self._inputs = inputs
        self.photo_changed.emit(image)
        self.read()

    def sample_shown(self) -> str:
        """The file the sample combo names: the image's, unless it came as data ("": none)."""
        return self._image.path if self._image is not None and not self.is_data() else ""

    def row_shown(self) -> str | None:
        """The batch table's row on screen: the image's path when it is one (None: none)."""
        return self._image.path if self._image is not None and self._origin == "batch" else None

    def state(self, controls: dict[str, Any]) -> DialState:
        """The lab's state: the photo on screen, the controls' fields (DialControls.state_fields)
        and the batch's files (the photo's bytes are added by export_photo)."""
        return DialState(**self.photo_fields(), **controls, batch_files=self.batch_text())

    def photo_fields(self) -> dict[str, Any]:
        """The state's photo, photo_path, origin and sample for the image on screen."""
        image, origin = self._image, self._origin
        if image is None:
            return {"photo": "", "photo_path": "", "origin": "file", "sample": ""}
        photo = photo_member(image.path, self._photo) if self._photo is not None else "dial/photo.png"
        return {"photo": photo, "photo_path": image.path[:MAX_PATH] if origin not in DATA_ORIGINS else "",
                "origin": origin, "sample": Path(image.path).name[:255] if origin == "sample" else ""}

    def export_state(self, state: DialState, blobs: MutableMapping[str, bytes]) -> dict[str, Any]:
        """`state` as a dict for a file, and the photo's bytes into `blobs` as the member it names."""
        data = state.to_dict(blobs)
        self.export_photo(state.photo, blobs)
        return data

    def command_inputs(self, state: DialState) -> dict[str, bytes]:
        """{the photo's file: the bytes opened from it}, or {} for a picture without a file."""
        from gui.commands import dial_photo_file

        path = dial_photo_file(state)
        return {path: self._photo} if path is not None and self._photo is not None else {}

    def export_photo(self, member: str, blobs: MutableMapping[str, bytes]) -> None:
        """The image's bytes into `blobs` as `member` (the file as opened; a picture set without
        its file, as a PNG of its pixels)."""
        if member and self._image is not None:
            blobs[member] = self._photo if self._photo is not None else png_bytes(self._image.bgr, "")

    # ------------------------------------------------------------------ the reading
    @property
    def inputs(self) -> DialInputs:
        return self._inputs

    def set_inputs(self, inputs: DialInputs) -> None:
        """The controls changed: read again (a few ms; up to ~100 ms for huge photos)."""
        self._inputs = inputs
        self.read()

    def read(self) -> ReadingFrame:
        """Run the pipeline on the image on screen and emit the frame."""
        image, inputs = self._image, self._inputs
        if image is None:
            frame = ReadingFrame(calibration_error=inputs.calibration_error)
        else:
            settings = inputs.settings
            try:
                res = read_dial(image.bgr, settings)
                frame = ReadingFrame(True, res, None, inputs.calibration_error, res.mask, True, res.dark_v_max)
            except LabError as exc:
                try:
                    mask, v_max = threshold_mask(image.bgr, settings)
                    frame = ReadingFrame(True, None, exc, inputs.calibration_error, mask, True, v_max)
                except LabError:
                    frame = ReadingFrame(True, None, exc, inputs.calibration_error)
            pivot = settings.pivot or (frame.result.pivot if frame.result is not None else None)
            if pivot is not None:
                radius = MARK_RADIUS * min(image.bgr.shape[:2])
                marks = tuple((*mark_position(pivot, a, radius), v) for a, v in inputs.marks)
                frame = replace(frame, pivot=(float(pivot[0]), float(pivot[1])), marks=marks)
        self._frame = frame
        self.frame_ready.emit(frame)
        self._update_stale()
        return frame

    @property
    def frame(self) -> ReadingFrame:
        return self._frame

    def result(self) -> DialResult | None:
        return self._frame.result

    def seed_points(self) -> tuple[np.ndarray, np.ndarray] | None:
        """The seed's path: the needle's mask pixels as points (x = column, y = height − row)."""
        res = self._frame.result
        if res is None:
            return None
        x, y = res.seed_points
        return np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64)

    # ------------------------------------------------------------------ clicks on the photo
    def click(self, mode: str, x: float, y: float) -> ClickAction | None:
        """What a click at (x, y) (image pixels, x right, y down) means in `mode` (a CLICK_MODE):
        None when it lands off the photo or nothing is armed."""
        if self._image is None or mode == "none":
            return None
        h, w = self._image.bgr.shape[:2]
        if not (0 <= x < w and 0 <= y < h):
            return None
        if mode == "pivot":
            return PivotClicked((x, y))
        if mode == "eyedropper":
            return NeedlePicked(pick_needle_colour(self._image.bgr, x, y))
        res = self._frame.result
        pivot = self._inputs.settings.pivot or (res.pivot if res is not None else None)
        if pivot is None:
            return PivotMissing()
        return MarkClicked(mode, angle_of(np.array([x - pivot[0], y - pivot[1]])))

    # ------------------------------------------------------------------ the batch
    @property
    def batch(self) -> BatchFrame:
        return self._batch

    def batch_rows(self) -> list[Reading]:
        return list(self._batch.readings)

    def batch_files(self) -> list[str]:
        """The files of the batch on screen, as the state keeps them (its sources until listed)."""
        return list(self._batch_files)

    def batch_text(self) -> str:
        return batch_text(self._batch_files)

    def batch_settings(self) -> DialSettings:
        """A batch reads with the controls' settings, but a pivot clicked on one photo means nothing on the others."""
        return replace(self._inputs.settings, pivot=None)

    def start_batch(self, sources: list[str]) -> bool:
        """Read every image of `sources` (folders and files) on the worker; a batch still
        running is replaced (the new table says how far it got). False without sources."""
        if not sources:
            self.batch_empty.emit()
            return False
        old = self._batch
        previous = (old.done, old.total) if old.running else None
        self._batch_sources = list(sources)
        self._batch_files = list(sources)
        self._batch_settings = self.batch_settings()
        self._set_batch(BatchFrame(shown=True, phase="listing", previous=previous))
        self._batch_task = self.tasks.submit("batch", read_batch, self._batch_sources, self._batch_settings,
                                             on_yield=self._on_batch_yielded, on_error=self._on_batch_errored,
                                             on_finished=self._on_batch_finished)
        return True

    def open_row(self, row: int) -> None:
        """A row of the table was chosen: open its file, read with the same marks (no such row: nothing)."""
        rows = self._batch.readings
        if 0 <= row < len(rows):
            self.open_file(rows[row].path, "batch", keep_calibration=True)

    def rerun_batch(self) -> None:
        if self._batch_sources:
            self.start_batch(self._batch_sources)

    def cancel_batch(self) -> None:
        """Stop the batch between two images; its table keeps what it read."""
        if self._batch.running:
            self._set_batch(replace(self._batch, cancelling=True))
        self.tasks.cancel("batch")

    def close_batch(self) -> None:
        """Stop the batch and hide its table (a batch still stopping says where it stopped)."""
        self.tasks.cancel("batch")
        self._batch_files = []
        self._set_batch(replace(self._batch, shown=False))

    def export_batch(self, path: str, describe: Callable[[LabError], str]) -> int:
        """Write the table as the readings CSV (raises SaveError, the old file intact); how many rows."""
        write_readings_csv(path, self._batch.readings, describe)
        return len(self._batch.readings)

    def _set_batch(self, frame: BatchFrame) -> None:
        self._batch = frame
        self.batch_changed.emit(frame)

    def _update_stale(self) -> None:
        """The table is marked stale when the controls would read it differently now."""
        b = self._batch
        if self._batch_settings is None or not b.shown:
            return
        stale = self.batch_settings() != self._batch_settings
        if stale != b.stale:
            self._set_batch(replace(b, stale=stale))

    @Slot(object)
    def _on_batch_yielded(self, item: BatchListed | Reading) -> None:
        if isinstance(item, BatchListed):
            self._batch_files = list(item.files)
            self._set_batch(replace(self._batch, phase="reading", total=len(item.files)))
            if not item.files:
                self.batch_empty.emit()
        else:
            self._set_batch(replace(self._batch, readings=self._batch.readings + (item,)))

    @Slot(object)
    def _on_batch_errored(self, exc: BaseException) -> None:
        self._set_batch(replace(self._batch, phase="failed"))
        self.batch_failed.emit(exc)

    @Slot()
    def _on_batch_finished(self) -> None:
        task = self._batch_task
        if not self._batch.running:  # failed: the error said why
            return
        stopped = task is not None and task.is_cancelled()
        if self._batch.total == 0 and not stopped:  # nothing to show (batch_empty said so)
            self._set_batch(replace(self._batch, phase="finished", shown=False))
            return
        self._set_batch(replace(self._batch, phase="stopped" if stopped else "finished", cancelling=False))
        self._update_stale()
        self.batch_finished.emit(self._batch)


__all__ = [
    "DATA_ORIGINS", "BatchFrame", "ClickAction", "DialController", "DialInputs", "LoadedPhoto", "MarkClicked",
    "NeedlePicked", "OpenFailure", "PivotClicked", "PivotMissing", "ReadingFrame", "bundled_samples",
    "decode_pixels", "demo_calibration", "demo_sample", "dial_inputs", "load_photo", "pixels_photo", "png_bytes",
    "rgb_pixels", "state_photo",
]
