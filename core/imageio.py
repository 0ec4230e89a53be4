"""Safe loading of a user's photo: size checks before decoding, typed errors, EXIF orientation.

Every image becomes an (h, w, 3) uint8 BGR array. The header is read first so that a file
promising gigapixels is refused without allocating; truncation is detected here because
decoders may return a half-decoded picture. cv2 is imported on first use so that importing
this module (for ImageLoadError, say) keeps the window's start-up light.
"""

from __future__ import annotations

import contextlib
import os
import stat
import struct
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from core.errors import LabError

MAX_FILE_BYTES = 200 * 1024 * 1024
MAX_PIXELS = 120_000_000  # about 11,000 x 11,000

_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# SOFn markers carry the frame size; C4 (DHT), C8 (JPG) and CC (DAC) share the range but do not.
_JPEG_SOF = frozenset(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}
# Markers that stand alone, without a length field.
_JPEG_STANDALONE = frozenset(range(0xD0, 0xD8)) | {0x01, 0xD8}
# ISO-BMFF brands of HEIF/AVIF photos: recognised so the user hears "unsupported", not "not an image".
# Known BMP info-header sizes (core, v1, v2, v3, OS/2 v2, v4, v5): "BM" alone is too common in text.
_BMP_INFO_SIZES = {n.to_bytes(4, "little") for n in (12, 40, 52, 56, 64, 108, 124)}
_HEIF_BRANDS = {b"heic": "heic", b"heix": "heic", b"hevc": "heic", b"heim": "heic", b"heis": "heic",
                b"mif1": "heif", b"msf1": "heif", b"avif": "avif", b"avis": "avif"}


class ImageLoadError(LabError):
    """An image file cannot be used; `details` carries "path" and the offending values.

    Codes: file_not_found, not_a_file, unreadable, empty_file, file_too_large,
    too_many_pixels, not_an_image, unsupported_format, corrupt_image.
    """


@dataclass(frozen=True)
class LoadedImage:
    """A decoded photo, ready for the lab, with what was done to get there."""

    bgr: np.ndarray  # (h, w, 3) uint8, C-contiguous, EXIF orientation applied
    path: str  # "" when decoded from bytes without a name
    source_size: tuple[int, int]  # (width, height) as stored, before orientation
    orientation: int  # EXIF orientation applied (1 = none)
    bit_depth: int  # 8 or 16 (16-bit inputs are scaled to 8-bit)
    had_alpha: bool  # an alpha channel was composited over white
    channels: int  # channels as the decoder returned them: 1, 3 or 4


# ---------------------------------------------------------------- header sniffing


def _u16be(data: bytes, pos: int) -> int:
    return struct.unpack_from(">H", data, pos)[0]


def _u32be(data: bytes, pos: int) -> int:
    return struct.unpack_from(">I", data, pos)[0]


def _png_size(data: bytes) -> tuple[int, int] | None:
    if len(data) < 24 or data[12:16] != b"IHDR":
        return None
    return _u32be(data, 16), _u32be(data, 20)


def _jpeg_size(data: bytes) -> tuple[int, int] | None:
    pos = 2
    n = len(data)
    while pos + 4 <= n:
        if data[pos] != 0xFF:
            return None
        marker = data[pos + 1]
        if marker == 0xFF:  # fill byte before a marker
            pos += 1
            continue
        if marker in _JPEG_STANDALONE:
            pos += 2
            continue
        if marker in (0xD9, 0xDA):  # EOI or SOS before any frame header
            return None
        length = _u16be(data, pos + 2)
        if length < 2:
            return None
        if marker in _JPEG_SOF:
            if pos + 9 > n:
                return None
            height = _u16be(data, pos + 5)
            width = _u16be(data, pos + 7)
            return width, height
        pos += 2 + length  # APPn, DQT, DHT, COM...: skip the whole segment
    return None


def _gif_size(data: bytes) -> tuple[int, int] | None:
    if len(data) < 10:
        return None
    return struct.unpack_from("<HH", data, 6)


def _bmp_size(data: bytes) -> tuple[int, int] | None:
    if len(data) < 18:
        return None
    header_size = struct.unpack_from("<I", data, 14)[0]
    if header_size == 12:  # OS/2 BITMAPCOREHEADER: unsigned 16-bit sizes
        if len(data) < 22:
            return None
        return struct.unpack_from("<HH", data, 18)
    if header_size < 16 or len(data) < 26:
        return None
    width, height = struct.unpack_from("<ii", data, 18)
    return abs(width), abs(height)  # a negative height means rows are stored top-down


def _webp_size(data: bytes) -> tuple[int, int] | None:
    if len(data) < 30:
        return None
    kind = data[12:16]
    if kind == b"VP8 ":
        if data[23:26] != b"\x9d\x01\x2a":  # VP8 key-frame start code
            return None
        width, height = struct.unpack_from("<HH", data, 26)
        return width & 0x3FFF, height & 0x3FFF
    if kind == b"VP8L":
        if data[20] != 0x2F:
            return None
        bits = struct.unpack_from("<I", data, 21)[0]
        return (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1
    if kind == b"VP8X":
        width = int.from_bytes(data[24:27], "little") + 1
        height = int.from_bytes(data[27:30], "little") + 1
        return width, height
    return None


def _tiff_tags(data: bytes, wanted: set[int]) -> dict[int, int] | None:
    """Integer values of `wanted` tags in a TIFF (or BigTIFF) stream's first IFD."""
    if len(data) < 8:
        return None
    order = "<" if data[:2] == b"II" else ">"
    magic = struct.unpack_from(order + "H", data, 2)[0]
    found: dict[int, int] = {}
    try:
        if magic == 42:
            ifd = struct.unpack_from(order + "I", data, 4)[0]
            count = struct.unpack_from(order + "H", data, ifd)[0]
            entry, entry_size, value_at = ifd + 2, 12, 8
        elif magic == 43:  # BigTIFF: 8-byte offsets and counts
            ifd = struct.unpack_from(order + "Q", data, 8)[0]
            count = struct.unpack_from(order + "Q", data, ifd)[0]
            entry, entry_size, value_at = ifd + 8, 20, 12
        else:
            return None
        for i in range(min(count, 4096)):
            pos = entry + i * entry_size
            tag, kind = struct.unpack_from(order + "HH", data, pos)
            if tag not in wanted:
                continue
            # Single SHORT / LONG / LONG8 values sit inline, left-justified in the value field.
            fmt = {3: "H", 4: "I", 16: "Q"}.get(kind)
            if fmt is None:
                return None
            found[tag] = struct.unpack_from(order + fmt, data, pos + value_at)[0]
    except struct.error:
        return None
    return found


def _tiff_size(data: bytes) -> tuple[int, int] | None:
    tags = _tiff_tags(data, {256, 257})
    if tags is None or 256 not in tags or 257 not in tags:
        return None
    return tags[256], tags[257]


def _sniff(data: bytes) -> str | None:
    """The image format named by the first bytes, or None."""
    head = data[:32]
    if head.startswith(_PNG_SIGNATURE):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return "gif"
    if head.startswith(b"BM") and len(head) >= 18 and head[14:18] in _BMP_INFO_SIZES:
        return "bmp"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    if head[:4] in (b"II*\x00", b"MM\x00*", b"II+\x00", b"MM\x00+"):
        return "tiff"
    if head[4:8] == b"ftyp" and head[8:12] in _HEIF_BRANDS:
        return _HEIF_BRANDS[head[8:12]]
    return None


_SIZE_READERS = {
    "png": _png_size,
    "jpeg": _jpeg_size,
    "gif": _gif_size,
    "bmp": _bmp_size,
    "webp": _webp_size,
    "tiff": _tiff_size,
}


def image_header_size(data: bytes) -> tuple[int, int] | None:
    """(width, height) promised by the header of a PNG, JPEG, GIF, BMP, WebP or TIFF; else None."""
    fmt = _sniff(data)
    reader = _SIZE_READERS.get(fmt or "")
    if reader is None:
        return None
    try:
        size = reader(data)
    except struct.error:
        return None
    return (int(size[0]), int(size[1])) if size is not None else None


# ---------------------------------------------------------------- completeness and EXIF


def _jpeg_complete(data: bytes) -> bool:
    """True when the entropy-coded data after the first SOS is closed by an EOI marker.

    Inside scan data every 0xFF is followed by 0x00 or a restart marker, so FF D9 after the
    first SOS is the real end. Searching for it (rather than insisting the file end with it)
    keeps phone photos with data appended after EOI (motion photos, maker trailers) loadable.
    """
    pos, n = 2, len(data)
    while pos + 4 <= n:
        if data[pos] != 0xFF:
            return False
        marker = data[pos + 1]
        if marker == 0xFF:
            pos += 1
            continue
        if marker in _JPEG_STANDALONE:
            pos += 2
            continue
        if marker == 0xD9:
            return False
        length = _u16be(data, pos + 2)
        if marker == 0xDA:
            return data.find(b"\xff\xd9", pos + 2 + length) != -1
        pos += 2 + length
    return False


def _png_complete(data: bytes) -> bool:
    """True when walking the chunks from the signature reaches IEND inside the data."""
    pos, n = 8, len(data)
    while pos + 12 <= n:
        length = _u32be(data, pos)
        kind = data[pos + 4 : pos + 8]
        end = pos + 12 + length
        if end > n:
            return False
        if kind == b"IEND":
            return True
        pos = end
    return False


def _webp_complete(data: bytes) -> bool:
    riff_size = struct.unpack_from("<I", data, 4)[0]
    return len(data) >= 8 + riff_size


_COMPLETENESS = {"jpeg": _jpeg_complete, "png": _png_complete, "webp": _webp_complete}


def exif_orientation(data: bytes) -> int:
    """EXIF orientation (1..8) from a JPEG's APP1 Exif segment (IFD0 tag 0x0112); 1 when absent."""
    if not data.startswith(b"\xff\xd8"):
        return 1
    pos, n = 2, len(data)
    try:
        while pos + 4 <= n:
            if data[pos] != 0xFF:
                return 1
            marker = data[pos + 1]
            if marker == 0xFF:
                pos += 1
                continue
            if marker in _JPEG_STANDALONE:
                pos += 2
                continue
            if marker in (0xDA, 0xD9):  # metadata comes before the scan
                return 1
            length = _u16be(data, pos + 2)
            if marker == 0xE1 and data[pos + 4 : pos + 10] == b"Exif\x00\x00":
                tiff = data[pos + 10 : pos + 2 + length]
                tags = _tiff_tags(tiff, {0x0112})
                value = (tags or {}).get(0x0112, 1)
                return value if 1 <= value <= 8 else 1
            pos += 2 + length
    except struct.error:
        return 1
    return 1


def _apply_orientation(img: np.ndarray, orientation: int) -> np.ndarray:
    """Turn stored pixels into the upright picture the EXIF orientation tag describes."""
    if orientation == 2:
        img = img[:, ::-1]
    elif orientation == 3:
        img = img[::-1, ::-1]
    elif orientation == 4:
        img = img[::-1]
    elif orientation == 5:
        img = img.swapaxes(0, 1)
    elif orientation == 6:
        img = np.rot90(img, k=-1)  # 90 degrees clockwise
    elif orientation == 7:
        img = img[::-1, ::-1].swapaxes(0, 1)
    elif orientation == 8:
        img = np.rot90(img, k=1)  # 90 degrees counter-clockwise
    return np.ascontiguousarray(img)


# ---------------------------------------------------------------- decoding

# OpenCV's log level is process-wide; count the decodes in flight so that concurrent
# workers silence it once and the last one out restores it.
_quiet_lock = threading.Lock()
_quiet_depth = 0
_quiet_saved: int | None = None


@contextlib.contextmanager
def _quiet_opencv(cv2: Any) -> Iterator[None]:
    global _quiet_depth, _quiet_saved
    logging = getattr(getattr(cv2, "utils", None), "logging", None)
    if logging is None:
        yield
        return
    with _quiet_lock:
        if _quiet_depth == 0:
            try:
                _quiet_saved = logging.getLogLevel()
                logging.setLogLevel(logging.LOG_LEVEL_SILENT)
            except Exception:  # an OpenCV build without the logging API: stay noisy
                _quiet_saved = None
        _quiet_depth += 1
    try:
        yield
    finally:
        with _quiet_lock:
            _quiet_depth -= 1
            if _quiet_depth == 0 and _quiet_saved is not None:
                with contextlib.suppress(Exception):
                    logging.setLogLevel(_quiet_saved)
                _quiet_saved = None


def _to_bgr8(img: np.ndarray, fmt: str, name: str) -> tuple[np.ndarray, int, bool, int]:
    """Convert a decoder's array to (h, w, 3) uint8 BGR; returns (bgr, bit_depth, had_alpha, channels)."""
    if img.dtype == np.uint8:
        bit_depth, full = 8, 255.0
    elif img.dtype == np.uint16:
        bit_depth, full = 16, 65535.0
    else:
        raise ImageLoadError(
            "unsupported_format", {"path": name, "format": fmt, "dtype": str(img.dtype)}
        )
    if img.ndim == 2:
        img = img[:, :, None]
    channels = img.shape[2]
    if channels not in (1, 2, 3, 4):
        raise ImageLoadError(
            "unsupported_format", {"path": name, "format": fmt, "channels": int(channels)}
        )
    had_alpha = channels in (2, 4)
    if bit_depth == 8 and not had_alpha:
        color = img if channels == 3 else np.repeat(img, 3, axis=2)
        return np.ascontiguousarray(color), bit_depth, had_alpha, channels

    if not had_alpha:  # 16-bit, opaque: round(v / 257) in exact integer arithmetic
        color = ((img.astype(np.uint32) + 128) // 257).astype(np.uint8)
        if channels == 1:
            color = np.repeat(color, 3, axis=2)
        return np.ascontiguousarray(color), bit_depth, had_alpha, channels

    color = img[:, :, :-1]
    if color.shape[2] == 1:
        color = np.repeat(color, 3, axis=2)
    alpha = img[:, :, -1:].astype(np.float32) / full
    value = color.astype(np.float32) / full * alpha + (1.0 - alpha)  # over white
    out = np.rint(value * 255.0)
    np.clip(out, 0, 255, out=out)
    return np.ascontiguousarray(out.astype(np.uint8)), bit_depth, had_alpha, channels


def decode_image(data: bytes, name: str = "", *, max_pixels: int = MAX_PIXELS) -> LoadedImage:
    """Decode image bytes to an upright BGR uint8 image; `name` (a path or label) goes in errors.

    The header's pixel count is checked before anything is decoded.
    """
    if isinstance(data, memoryview):
        data = data.tobytes()
    if len(data) == 0:
        raise ImageLoadError("empty_file", {"path": name})
    fmt = _sniff(data)
    if fmt is None:
        raise ImageLoadError("not_an_image", {"path": name})
    reader = _SIZE_READERS.get(fmt)
    if reader is None:
        raise ImageLoadError("unsupported_format", {"path": name, "format": fmt})
    try:
        size = reader(data)
    except struct.error:
        size = None
    if size is None or size[0] <= 0 or size[1] <= 0:
        raise ImageLoadError("corrupt_image", {"path": name, "format": fmt, "reason": "header"})
    width, height = int(size[0]), int(size[1])
    if width * height > max_pixels:
        raise ImageLoadError(
            "too_many_pixels", {"path": name, "width": width, "height": height, "limit": max_pixels}
        )
    complete = _COMPLETENESS.get(fmt)
    if complete is not None:
        try:
            ok = complete(data)
        except struct.error:
            ok = False
        if not ok:
            raise ImageLoadError("corrupt_image", {"path": name, "format": fmt, "reason": "truncated"})

    import cv2  # deferred: keeps OpenCV out of the window's start-up

    with _quiet_opencv(cv2):
        try:
            img = cv2.imdecode(np.frombuffer(data, dtype=np.uint8), cv2.IMREAD_UNCHANGED)
        except cv2.error as exc:
            raise ImageLoadError(
                "corrupt_image", {"path": name, "format": fmt, "reason": "decoder"}
            ) from exc
    if img is None or img.size == 0:
        raise ImageLoadError("corrupt_image", {"path": name, "format": fmt, "reason": "decoder"})

    source_size = (int(img.shape[1]), int(img.shape[0]))
    if source_size[0] * source_size[1] > max_pixels:  # the decoder disagreed with the header
        raise ImageLoadError(
            "too_many_pixels",
            {"path": name, "width": source_size[0], "height": source_size[1], "limit": max_pixels},
        )
    bgr, bit_depth, had_alpha, channels = _to_bgr8(img, fmt, name)
    orientation = exif_orientation(data) if fmt == "jpeg" else 1
    bgr = _apply_orientation(bgr, orientation)
    return LoadedImage(
        bgr=bgr,
        path=name,
        source_size=source_size,
        orientation=orientation,
        bit_depth=bit_depth,
        had_alpha=had_alpha,
        channels=channels,
    )


def load_image(
    path: str | os.PathLike[str],
    *,
    max_bytes: int = MAX_FILE_BYTES,
    max_pixels: int = MAX_PIXELS,
) -> LoadedImage:
    """Read and decode an image file (any Unicode path) with size limits checked first."""
    p = Path(path)
    name = str(p)
    try:
        st = p.stat()
    except (FileNotFoundError, NotADirectoryError) as exc:
        raise ImageLoadError("file_not_found", {"path": name}) from exc
    except (OSError, ValueError) as exc:
        reason = getattr(exc, "strerror", None) or str(exc)
        raise ImageLoadError("unreadable", {"path": name, "reason": reason}) from exc
    if not stat.S_ISREG(st.st_mode):
        raise ImageLoadError("not_a_file", {"path": name})
    if st.st_size > max_bytes:
        raise ImageLoadError("file_too_large", {"path": name, "bytes": st.st_size, "limit": max_bytes})
    try:
        with p.open("rb") as fh:
            data = fh.read(max_bytes + 1)  # bounded even if the file grew since stat()
    except OSError as exc:
        raise ImageLoadError("unreadable", {"path": name, "reason": exc.strerror or str(exc)}) from exc
    if len(data) > max_bytes:
        raise ImageLoadError("file_too_large", {"path": name, "bytes": len(data), "limit": max_bytes})
    if not data:
        raise ImageLoadError("empty_file", {"path": name})
    return decode_image(data, name, max_pixels=max_pixels)
