"""The Dial Reader's sentences, made from the controller's frames.

Every sentence stays in the translation context "DialReaderPanel" (its Chinese is kept):
QCoreApplication.translate names it, as the panel's self.tr() did. A banner message is a
function that composes it, so the banner says it again in a new language; a status line is
a plain string (the status bar forgets it).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication

from core.errors import LabError
from core.imageio import LoadedImage
from gui.labs.dial.controller import DATA_ORIGINS, BatchFrame, OpenFailure, ReadingFrame
from gui.messages import describe_error

OFF_SCALE_COLOR = "#b00020"
Compose = Callable[[], str]


def data_name(origin: str) -> str:
    """What to call a picture that came as data, not a file."""
    if origin == "dropped":
        return QCoreApplication.translate("DialReaderPanel", "dropped picture")
    return QCoreApplication.translate("DialReaderPanel", "clipboard image")


def photo_name(image: LoadedImage | None, origin: str) -> str:
    """What to call the photo on screen: its file's name, or what it came as ("": none)."""
    if image is None:
        return ""
    return data_name(origin) if origin in DATA_ORIGINS else Path(image.path).name


def photo_label(image: LoadedImage | None, origin: str) -> str:
    """The photo box's line: what is open and its size, or how to open one."""
    return file_label(photo_name(image, origin), None if image is None else image.bgr.shape)


def file_label(name: str, shape: tuple[int, ...] | None) -> str:
    if shape is None:
        return QCoreApplication.translate(
            "DialReaderPanel", "Drop a photo, a folder or several files here, paste, or pick a sample.")
    return QCoreApplication.translate("DialReaderPanel", "{name}: {w}×{h} pixels").format(
        name=name, w=shape[1], h=shape[0])


def opening(name: str) -> str:
    return QCoreApplication.translate("DialReaderPanel", "Opening {name} …").format(name=name)


def open_failed(name: str, error: str) -> Compose:
    return lambda: QCoreApplication.translate("DialReaderPanel", "Could not open {name}: {error}").format(
        name=name, error=error)


def open_failure(failure: OpenFailure) -> Compose:
    """Why an open failed: a LabError's own sentence, else the file (or the picture) and the error."""
    exc = failure.error
    if isinstance(exc, LabError):
        return lambda: describe_error(exc)
    name = data_name(failure.origin) if failure.origin in DATA_ORIGINS else Path(failure.where).name
    return open_failed(name, str(exc) or type(exc).__name__)


def outcome(name: str, frame: ReadingFrame) -> str:
    """The status bar's last word on an open: the reading, or why there is none."""
    res = frame.result
    if res is None:
        error = describe_error(frame.error) if frame.error is not None else ""
        return QCoreApplication.translate(
            "DialReaderPanel", "{name} opened, but no dial could be read: {error}").format(name=name, error=error)
    if res.reading is not None:
        return QCoreApplication.translate(
            "DialReaderPanel", "{name}: reading {value}, needle at {angle}° (confidence {conf}).").format(
            name=name, value=f"{res.reading:.4g}", angle=f"{res.angle_deg:.1f}", conf=f"{res.confidence:.2f}")
    return QCoreApplication.translate("DialReaderPanel", "{name}: needle at {angle}° (confidence {conf}).").format(
        name=name, angle=f"{res.angle_deg:.1f}", conf=f"{res.confidence:.2f}")


def reading(frame: ReadingFrame) -> tuple[str, str]:
    """The big reading line (rich text: a value off the scale is in red) and its details."""
    res = frame.result
    if res is None:
        if not frame.has_image:
            return QCoreApplication.translate("DialReaderPanel", "No reading yet"), ""
        return QCoreApplication.translate("DialReaderPanel", "No reading: see the message"), ""
    if res.reading is not None:
        value = f"{res.reading:.4g}"
        if not res.in_range:  # in red; the banner says why
            value = f"<span style='color:{OFF_SCALE_COLOR}'>{value}</span>"
        text = QCoreApplication.translate("DialReaderPanel", "Reading {value}  ({angle}°)").format(
            value=value, angle=f"{res.angle_deg:.1f}")
    else:
        text = QCoreApplication.translate("DialReaderPanel", "Needle at {angle}°").format(angle=f"{res.angle_deg:.1f}")
    sources = {"user": QCoreApplication.translate("DialReaderPanel", "clicked"),
               "face": QCoreApplication.translate("DialReaderPanel", "dial centre"),
               "needle": QCoreApplication.translate("DialReaderPanel", "needle's wide end")}
    detail = QCoreApplication.translate(
        "DialReaderPanel", "confidence {conf} · {n} needle pixels · pivot: {source} · residual {rms} px").format(
        conf=f"{res.confidence:.2f}", n=res.pixels, source=sources[res.pivot_source], rms=f"{res.residual_px:.2f}")
    return text, detail


def problem(frame: ReadingFrame) -> Compose | None:
    """What is wrong with the reading on screen, for the banner (None: nothing)."""
    res, read_error, cal_error = frame.result, frame.error, frame.calibration_error
    if read_error is not None:
        return lambda: describe_error(read_error)
    if cal_error is not None:
        return lambda: describe_error(cal_error)
    if res is not None and not res.reliable:
        rms, conf = f"{res.residual_px:.1f}", f"{res.confidence:.2f}"
        return lambda: QCoreApplication.translate(
            "DialReaderPanel",
            "The line misses the needle (residual {rms} px, confidence {conf}): the angle is unreliable. "
            "Choose total least squares.").format(rms=rms, conf=conf)
    if res is not None and res.reading is not None and not res.in_range:
        value = f"{res.reading:.4g}"
        return lambda: QCoreApplication.translate(
            "DialReaderPanel",
            "The needle points outside the marked scale: the reading {value} is extrapolated past the "
            "marks.").format(value=value)
    return None


def looking_for_images() -> str:
    return QCoreApplication.translate("DialReaderPanel", "Looking for images …")


def no_images() -> str:
    return QCoreApplication.translate("DialReaderPanel", "No images (PNG, JPEG, BMP, WebP, TIFF, GIF) there.")


def batch_stopped(error: str) -> Compose:
    return lambda: QCoreApplication.translate("DialReaderPanel", "The batch stopped: {error}").format(error=error)


def batch_failure(exc: BaseException) -> Compose:
    """Why the batch stopped on an error: a LabError's own sentence, else the error's words."""
    if isinstance(exc, LabError):
        return lambda: describe_error(exc)
    return batch_stopped(str(exc) or type(exc).__name__)


def batch_finished(batch: BatchFrame) -> str:
    """The status bar's word on a batch that ended or was stopped."""
    if batch.phase == "stopped":
        return QCoreApplication.translate("DialReaderPanel", "Stopped after {k} of {n} images.").format(
            k=batch.done, n=batch.total if batch.total is not None else "?")
    return QCoreApplication.translate("DialReaderPanel", "Read {ok} of {n} images.").format(ok=batch.ok, n=batch.total)


def saved_readings(n: int, path: str) -> Compose:
    return lambda: QCoreApplication.translate("DialReaderPanel", "Saved {n} readings to {path}.").format(n=n, path=path)


def pivot_first() -> str:
    return QCoreApplication.translate("DialReaderPanel", "Set the pivot first: the marks are angles seen from it.")


def read_first() -> str:
    return QCoreApplication.translate("DialReaderPanel", "Read a dial first: there are no needle pixels to send.")


def no_image_on_clipboard() -> str:
    return QCoreApplication.translate(
        "DialReaderPanel", "The clipboard holds no image. Copy a picture (or an image file) and paste again.")


def web_address(url: str) -> Compose:
    return lambda: QCoreApplication.translate(
        "DialReaderPanel",
        "“{url}” is a web address; the lab reads files on this computer. Save the image first.").format(url=url)


def text_dropped() -> str:
    return QCoreApplication.translate(
        "DialReaderPanel", "Text was dropped, not an image: drop a photo file, a folder, or several files.")


__all__ = [
    "OFF_SCALE_COLOR", "batch_failure", "batch_finished", "batch_stopped", "data_name", "file_label",
    "looking_for_images", "no_image_on_clipboard", "no_images", "open_failed", "open_failure", "opening", "outcome",
    "photo_label", "photo_name", "pivot_first", "problem",
    "read_first", "reading", "saved_readings", "text_dropped", "web_address",
]
