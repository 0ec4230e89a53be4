"""Safe loading of a user's photo: size checks before decoding, typed errors, EXIF orientation.

Every image becomes an (h, w, 3) uint8 BGR array. The header is read first so that a file
promising gigapixels is refused without allocating: its pixel count against `max_pixels`
and the bytes the decoder would return (width × height × channels × bytes per sample, from
PNG's IHDR, JPEG's SOF, TIFF's BitsPerSample / SamplesPerPixel, ...) against
`max_decoded_bytes`. The conversion to 8-bit BGR (16-bit scaling, alpha over white, the
EXIF turn) then works in strips straight into the result, so the peak stays near the
decoder's array plus the result.

Truncation is detected here because decoders may return a half-decoded picture: a file
must reach its end marker, and a JPEG must hold enough entropy-coded data for the blocks
its header promises and the restart markers it promises, and must not make libjpeg run
out of data (it fills the rest with grey). libjpeg reports lost or garbled scan data only
as text on the C stderr, so a JPEG decode collects that text (POSIX); where it cannot, or
it says nothing, a grey last block is checked by decoding again with bytes added before
the end marker (a complete file ignores them, one that ran short does not).

EXIF orientation is applied for JPEG (APP1), PNG (eXIf) and WebP (EXIF); OpenCV turns
TIFFs by their own tag itself. cv2 is imported on first use so that importing this module
(for ImageLoadError, say) keeps the window's start-up light.
"""

from __future__ import annotations

import contextlib
import logging
import math
import os
import re
import stat
import struct
import sys
import tempfile
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from core.errors import LabError

log = logging.getLogger(__name__)

MAX_FILE_BYTES = 200 * 1024 * 1024
MAX_PIXELS = 120_000_000  # about 11,000 x 11,000
MAX_DECODED_BYTES = 512 * 1024 * 1024  # the decoder's array: 120 Mpx of 8-bit RGBA fits, 16-bit RGBA does not
STRIP_PIXELS = 1 << 18  # pixels converted at a time: temporaries of a few MB whatever the image

_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# SOFn markers carry the frame size; C4 (DHT), C8 (JPG) and CC (DAC) share the range but do not.
_JPEG_SOF = frozenset(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}
# Huffman-coded frames (baseline, extended, progressive), whose blocks each take at least
# 2 bits (a DC code and an end-of-block code) in a sequential scan, at least 1 (the DC code)
# in a progressive file's DC scan; arithmetic-coded and lossless frames have no such floor.
_JPEG_MIN_BITS_PER_BLOCK = {0xC0: 2, 0xC1: 2, 0xC2: 1}
# Markers that stand alone, without a length field.
_JPEG_STANDALONE = frozenset(range(0xD0, 0xD8)) | {0x01, 0xD8}
_JPEG_RST = re.compile(rb"\xff[\xd0-\xd7]")
# Bytes put before a JPEG's end marker to see whether the decoder still wanted data: no 0xFF.
_JPEG_FILLER = bytes(range(1, 255)) * 4
# libjpeg's warnings about damaged scan data (jerror.h), which it prints on the C stderr.
_LIBJPEG_DAMAGE = re.compile(r"Corrupt JPEG data: (?!\d+ extraneous)|Premature end of JPEG file|"
                             r"Inconsistent progression sequence|Invalid SOS parameters")
# "N extraneous bytes before marker": a few are a known quirk of some cameras; many are lost sync.
_LIBJPEG_EXTRANEOUS = re.compile(r"Corrupt JPEG data: (\d+) extraneous bytes")
_EXTRANEOUS_TOLERATED = 8
_LIBJPEG_LINE = re.compile(r"JPEG|JFIF|Huffman|progression|arithmetic|Adobe|scanlines")
# ISO-BMFF brands of HEIF/AVIF photos: recognised so the user hears "unsupported", not "not an image".
# Known BMP info-header sizes (core, v1, v2, v3, OS/2 v2, v4, v5): "BM" alone is too common in text.
_BMP_INFO_SIZES = {n.to_bytes(4, "little") for n in (12, 40, 52, 56, 64, 108, 124)}
_HEIF_BRANDS = {b"heic": "heic", b"heix": "heic", b"hevc": "heic", b"heim": "heic", b"heis": "heic",
                b"mif1": "heif", b"msf1": "heif", b"avif": "avif", b"avis": "avif"}
_EXIF_PREFIX = b"Exif\x00\x00"


# file name endings of the formats the labs open (what a folder of photos is filtered by)
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".bmp", ".webp", ".tif", ".tiff", ".gif")

class ImageLoadError(LabError):
    """An image file cannot be used; `details` carries "path" and the offending values.

    Codes: file_not_found, not_a_file, unreadable, empty_file, file_too_large,
    too_many_pixels, too_many_bytes, not_an_image, unsupported_format, corrupt_image
    (reason "header", "truncated", "decoder" or "missing_data").
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


@dataclass(frozen=True)
class ImageHeader:
    """What a header promises: the size and the decoder's array (most channels it may return)."""

    width: int
    height: int
    channels: int
    sample_bytes: int  # bytes per sample of the decoded array: 1, or 2 for 16-bit
    float_samples: bool = False  # TIFF floating-point samples (the lab reads integers only)

    @property
    def pixels(self) -> int:
        return self.width * self.height

    @property
    def decoded_bytes(self) -> int:
        return self.pixels * self.channels * self.sample_bytes


# ---------------------------------------------------------------- header sniffing


def _u16be(data: bytes, pos: int) -> int:
    return struct.unpack_from(">H", data, pos)[0]


def _u32be(data: bytes, pos: int) -> int:
    return struct.unpack_from(">I", data, pos)[0]


def _png_chunks(data: bytes) -> Iterator[tuple[bytes, int, int]]:
    """(kind, payload start, payload end) of each whole chunk after the signature."""
    pos, n = 8, len(data)
    while pos + 12 <= n:
        length = _u32be(data, pos)
        kind = data[pos + 4 : pos + 8]
        end = pos + 8 + length
        if end + 4 > n:
            return
        yield kind, pos + 8, end
        if kind == b"IEND":
            return
        pos = end + 4


def _png_header(data: bytes) -> ImageHeader | None:
    if len(data) < 26 or data[12:16] != b"IHDR":
        return None
    width, height = _u32be(data, 16), _u32be(data, 20)
    depth, color = data[24], data[25]
    transparency = False
    for kind, _, _ in _png_chunks(data):
        if kind == b"tRNS":
            transparency = True
        if kind in (b"IDAT", b"IEND"):  # tRNS must come before the image data
            break
    # OpenCV (IMREAD_UNCHANGED): gray 1, gray+alpha 4, RGB and palette 3, or 4 with tRNS
    channels = {0: 1, 2: 4 if transparency else 3, 3: 4 if transparency else 3}.get(color, 4)
    return ImageHeader(width, height, channels, 2 if depth == 16 else 1)


def _jpeg_header(data: bytes) -> ImageHeader | None:
    layout = _jpeg_layout(data, need_scan=False)
    if layout is None:
        return None
    components = len(layout.sampling)
    return ImageHeader(layout.width, layout.height, {1: 1, 4: 4}.get(components, 3),
                       2 if layout.precision > 8 else 1)


def _gif_header(data: bytes) -> ImageHeader | None:
    if len(data) < 10:
        return None
    width, height = struct.unpack_from("<HH", data, 6)
    return ImageHeader(width, height, 4, 1)


def _bmp_header(data: bytes) -> ImageHeader | None:
    if len(data) < 18:
        return None
    header_size = struct.unpack_from("<I", data, 14)[0]
    if header_size == 12:  # OS/2 BITMAPCOREHEADER: unsigned 16-bit sizes
        if len(data) < 26:
            return None
        width, height, _, bits = struct.unpack_from("<HHHH", data, 18)
    else:
        if header_size < 16 or len(data) < 30:
            return None
        width, height = struct.unpack_from("<ii", data, 18)
        bits = struct.unpack_from("<H", data, 28)[0]
        width, height = abs(width), abs(height)  # a negative height means rows are stored top-down
    return ImageHeader(width, height, 4 if bits == 32 else 3, 1)


def _webp_header(data: bytes) -> ImageHeader | None:
    if len(data) < 30:
        return None
    kind = data[12:16]
    if kind == b"VP8 ":
        if data[23:26] != b"\x9d\x01\x2a":  # VP8 key-frame start code
            return None
        width, height = struct.unpack_from("<HH", data, 26)
        return ImageHeader(width & 0x3FFF, height & 0x3FFF, 3, 1)
    if kind == b"VP8L":
        if data[20] != 0x2F:
            return None
        bits = struct.unpack_from("<I", data, 21)[0]
        alpha = (bits >> 28) & 1
        return ImageHeader((bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1, 4 if alpha else 3, 1)
    if kind == b"VP8X":
        width = int.from_bytes(data[24:27], "little") + 1
        height = int.from_bytes(data[27:30], "little") + 1
        return ImageHeader(width, height, 4 if data[20] & 0x10 else 3, 1)
    return None


def _tiff_tags(data: bytes, wanted: set[int]) -> dict[int, int] | None:
    """Integer values of `wanted` tags in a TIFF (or BigTIFF) stream's first IFD; for a tag
    with several values (BitsPerSample: 8, 8, 8) the largest of its first sixteen."""
    if len(data) < 8:
        return None
    order = "<" if data[:2] == b"II" else ">"
    magic = struct.unpack_from(order + "H", data, 2)[0]
    found: dict[int, int] = {}
    try:
        if magic == 42:
            ifd = struct.unpack_from(order + "I", data, 4)[0]
            count = struct.unpack_from(order + "H", data, ifd)[0]
            entry, entry_size, value_at, inline, offset_fmt = ifd + 2, 12, 8, 4, "I"
        elif magic == 43:  # BigTIFF: 8-byte offsets and counts
            ifd = struct.unpack_from(order + "Q", data, 8)[0]
            count = struct.unpack_from(order + "Q", data, ifd)[0]
            entry, entry_size, value_at, inline, offset_fmt = ifd + 8, 20, 12, 8, "Q"
        else:
            return None
        for i in range(min(count, 4096)):
            pos = entry + i * entry_size
            tag, kind = struct.unpack_from(order + "HH", data, pos)
            if tag not in wanted:
                continue
            values = struct.unpack_from(order + ("I" if magic == 42 else "Q"), data, pos + 4)[0]
            # SHORT / LONG / LONG8 values sit inline, left-justified, when they fit; else at an offset
            fmt = {3: "H", 4: "I", 16: "Q"}.get(kind)
            if fmt is None or values == 0:
                continue
            size = struct.calcsize(fmt)
            at = pos + value_at
            if values * size > inline:
                at = struct.unpack_from(order + offset_fmt, data, at)[0]
            n = min(values, 16)
            found[tag] = max(struct.unpack_from(order + fmt * n, data, at))
    except struct.error:
        return None
    return found


def _tiff_header(data: bytes) -> ImageHeader | None:
    tags = _tiff_tags(data, {256, 257, 258, 262, 277, 339})
    if tags is None or 256 not in tags or 257 not in tags:
        return None
    bits, samples = tags.get(258, 1), tags.get(277, 1)
    gray = samples == 1 and tags.get(262, 1) in (0, 1)  # photometric: white- or black-is-zero
    return ImageHeader(tags[256], tags[257], samples if gray else max(samples, 3), max(1, math.ceil(bits / 8)),
                       float_samples=tags.get(339, 1) == 3)


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


_HEADER_READERS = {
    "png": _png_header,
    "jpeg": _jpeg_header,
    "gif": _gif_header,
    "bmp": _bmp_header,
    "webp": _webp_header,
    "tiff": _tiff_header,
}


def image_header(data: bytes) -> ImageHeader | None:
    """What the header of a PNG, JPEG, GIF, BMP, WebP or TIFF promises; None when unknown."""
    reader = _HEADER_READERS.get(_sniff(data) or "")
    if reader is None:
        return None
    try:
        return reader(data)
    except (struct.error, IndexError):
        return None


def image_header_size(data: bytes) -> tuple[int, int] | None:
    """(width, height) promised by the header of a PNG, JPEG, GIF, BMP, WebP or TIFF; else None."""
    header = image_header(data)
    return (int(header.width), int(header.height)) if header is not None else None


# ---------------------------------------------------------------- JPEG structure


@dataclass(frozen=True)
class _JpegLayout:
    marker: int  # the SOFn marker: 0xC0 baseline, 0xC2 progressive, ...
    precision: int
    width: int
    height: int
    sampling: tuple[tuple[int, int], ...]  # (H, V) of each component
    restart_interval: int
    scan_start: int  # first byte of the first scan's entropy-coded data (0 when not needed)
    scan_components: int
    eoi: int  # position of the end marker that closes the scans (-1 when absent)


def _jpeg_layout(data: bytes, need_scan: bool = True) -> _JpegLayout | None:
    """The frame header, restart interval and first scan of a JPEG; None when malformed.

    Inside scan data every 0xFF is followed by 0x00 or a restart marker, so FF D9 after the
    first SOS is the real end. Searching for it (rather than insisting the file end with it)
    keeps phone photos with data appended after EOI (motion photos, maker trailers) loadable.
    """
    pos, n = 2, len(data)
    frame: tuple[int, int, int, int, tuple[tuple[int, int], ...]] | None = None
    restart = 0
    try:
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
            if marker == 0xD9:  # EOI before any scan
                return None
            length = _u16be(data, pos + 2)
            if length < 2:
                return None
            if marker in _JPEG_SOF and frame is None:
                precision, height, width, count = data[pos + 4], _u16be(data, pos + 5), _u16be(data, pos + 7), \
                    data[pos + 9]
                sampling = tuple((data[pos + 11 + 3 * i] >> 4, data[pos + 11 + 3 * i] & 15) for i in range(count))
                frame = (marker, precision, width, height, sampling)
                if not need_scan:
                    break
            elif marker == 0xDD and length >= 4:
                restart = _u16be(data, pos + 4)
            elif marker == 0xDA:
                if frame is None:
                    return None
                start = pos + 2 + length
                eoi = data.find(b"\xff\xd9", start)
                return _JpegLayout(*frame, restart, start, data[pos + 4], eoi)
            pos += 2 + length
    except IndexError:
        return None
    if frame is None or need_scan:
        return None
    return _JpegLayout(*frame, restart, 0, 0, -1)


def _jpeg_blocks(layout: _JpegLayout) -> int:
    """8×8 blocks of every component (without the padding to whole MCUs)."""
    hmax = max((h for h, _ in layout.sampling), default=1) or 1
    vmax = max((v for _, v in layout.sampling), default=1) or 1
    return sum(math.ceil(math.ceil(layout.width * h / hmax) / 8) * math.ceil(math.ceil(layout.height * v / vmax) / 8)
               for h, v in layout.sampling)


def _jpeg_missing_data(data: bytes, layout: _JpegLayout) -> bool:
    """True when the scans cannot hold the blocks the header promises, or restart markers are
    missing or out of order: the file lost data between its header and its end marker."""
    floor = _JPEG_MIN_BITS_PER_BLOCK.get(layout.marker)
    if floor is None or layout.eoi < 0:
        return False
    if (layout.eoi - layout.scan_start) * 8 < floor * _jpeg_blocks(layout):
        return True
    scans = 1 + data.count(b"\xff\xda", layout.scan_start, layout.eoi)
    if layout.restart_interval and scans == 1 and layout.marker != 0xC2 \
            and layout.scan_components == len(layout.sampling):
        if len(layout.sampling) == 1:
            mcus = math.ceil(layout.width / 8) * math.ceil(layout.height / 8)
        else:
            hmax = max(h for h, _ in layout.sampling)
            vmax = max(v for _, v in layout.sampling)
            mcus = math.ceil(layout.width / (8 * hmax)) * math.ceil(layout.height / (8 * vmax))
        expected = math.ceil(mcus / layout.restart_interval) - 1
        seen = 0
        for seen, match in enumerate(_JPEG_RST.finditer(data, layout.scan_start, layout.eoi), 1):
            if match.group()[1] != 0xD0 + (seen - 1) % 8:
                return True
        if seen != expected:
            return True
    return False


def _jpeg_ran_short(cv2: Any, data: bytes, layout: _JpegLayout) -> bool:
    """True when libjpeg ran out of scan data (and filled the rest with grey): given more
    bytes before the end marker, a short file decodes differently; a complete one ignores
    them. Compared at 1/8 scale, which still decodes every entropy-coded bit."""
    flags = cv2.IMREAD_REDUCED_GRAYSCALE_8
    padded = data[:layout.eoi] + _JPEG_FILLER + data[layout.eoi:]
    try:
        a = cv2.imdecode(np.frombuffer(data, dtype=np.uint8), flags)
        b = cv2.imdecode(np.frombuffer(padded, dtype=np.uint8), flags)
    except cv2.error:
        return True
    return a is None or b is None or a.shape != b.shape or not np.array_equal(a, b)


def _grey_corner(img: np.ndarray) -> bool:
    """The last 8×8 pixels are exactly mid-grey in every channel: what libjpeg leaves where
    scan data is missing (all coefficients zero)."""
    if img.dtype != np.uint8:
        return False
    h, w = img.shape[:2]
    return bool((img[h - min(h, 8):, w - min(w, 8):] == 128).all())


_stderr_lock = threading.Lock()


@contextlib.contextmanager
def _libjpeg_messages(enabled: bool = True) -> Iterator[list[str]]:
    """Collect what the decoder prints on the C stderr (libjpeg's warnings about damaged
    data, which OpenCV does not report) into the yielded list once the block ends; anything
    else printed meanwhile, by another thread say, is passed on to stderr afterwards.
    POSIX only: elsewhere the decoder's C runtime may not share file descriptor 2."""
    lines: list[str] = []
    if not enabled or os.name != "posix":
        yield lines
        return
    with _stderr_lock:
        try:
            saved = os.dup(2)
        except OSError:
            yield lines
            return
        text = ""
        try:
            with tempfile.TemporaryFile() as sink:
                with contextlib.suppress(Exception):
                    if sys.stderr is not None:
                        sys.stderr.flush()
                os.dup2(sink.fileno(), 2)
                try:
                    yield lines
                finally:
                    os.dup2(saved, 2)
                    sink.seek(0)
                    text = sink.read(1 << 20).decode("utf-8", "replace")
        finally:
            os.close(saved)
            others: list[str] = []
            for line in text.splitlines():
                (lines if _LIBJPEG_LINE.search(line) else others).append(line)
            if others:
                with contextlib.suppress(OSError):
                    os.write(2, ("\n".join(others) + "\n").encode("utf-8", "replace"))


def _damage_reported(lines: list[str]) -> bool:
    """True when libjpeg's messages say scan data was lost or garbled."""
    for line in lines:
        if _LIBJPEG_DAMAGE.search(line):
            return True
        extra = _LIBJPEG_EXTRANEOUS.search(line)
        if extra and int(extra.group(1)) > _EXTRANEOUS_TOLERATED:
            return True
    return False


# ---------------------------------------------------------------- completeness and EXIF


def _jpeg_complete(data: bytes) -> bool:
    """True when the entropy-coded data after the first SOS is closed by an EOI marker."""
    layout = _jpeg_layout(data)
    return layout is not None and layout.eoi >= 0


def _png_complete(data: bytes) -> bool:
    """True when walking the chunks from the signature reaches IEND inside the data."""
    return any(kind == b"IEND" for kind, _, _ in _png_chunks(data))


def _webp_complete(data: bytes) -> bool:
    riff_size = struct.unpack_from("<I", data, 4)[0]
    return len(data) >= 8 + riff_size


_COMPLETENESS = {"jpeg": _jpeg_complete, "png": _png_complete, "webp": _webp_complete}


def _orientation_in_tiff(tiff: bytes) -> int:
    """EXIF orientation (1..8) in TIFF-structured data (IFD0 tag 0x0112); 1 when absent."""
    if tiff.startswith(_EXIF_PREFIX):  # some writers keep JPEG's prefix in PNG and WebP too
        tiff = tiff[len(_EXIF_PREFIX):]
    if tiff[:4] not in (b"II*\x00", b"MM\x00*", b"II+\x00", b"MM\x00+"):
        return 1
    value = (_tiff_tags(tiff, {0x0112}) or {}).get(0x0112, 1)
    return value if 1 <= value <= 8 else 1


def _jpeg_orientation(data: bytes) -> int:
    pos, n = 2, len(data)
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
        if marker == 0xE1 and data[pos + 4 : pos + 10] == _EXIF_PREFIX:
            return _orientation_in_tiff(data[pos + 10 : pos + 2 + length])
        pos += 2 + length
    return 1


def _png_orientation(data: bytes) -> int:
    for kind, start, end in _png_chunks(data):
        if kind == b"eXIf":
            return _orientation_in_tiff(data[start:end])
    return 1


def _webp_orientation(data: bytes) -> int:
    pos, n = 12, len(data)
    while pos + 8 <= n:
        kind = data[pos : pos + 4]
        size = struct.unpack_from("<I", data, pos + 4)[0]
        if kind == b"EXIF":
            return _orientation_in_tiff(data[pos + 8 : pos + 8 + size])
        pos += 8 + size + (size & 1)  # chunks are padded to an even size
    return 1


_ORIENTATION_READERS = {"jpeg": _jpeg_orientation, "png": _png_orientation, "webp": _webp_orientation,
                        "tiff": _orientation_in_tiff}


def exif_orientation(data: bytes) -> int:
    """EXIF orientation (1..8) of a JPEG (APP1), PNG (eXIf), WebP (EXIF) or TIFF; 1 when absent."""
    reader = _ORIENTATION_READERS.get(_sniff(data) or "")
    if reader is None:
        return 1
    try:
        return reader(data)
    except (struct.error, IndexError):
        return 1


def _source_view(upright: np.ndarray, orientation: int) -> np.ndarray:
    """A view of `upright` in the stored layout: writing the stored pixels into it leaves the
    upright picture (as the EXIF orientation tag describes it) in `upright`, with no copy."""
    if orientation == 2:
        return upright[:, ::-1]
    if orientation == 3:
        return upright[::-1, ::-1]
    if orientation == 4:
        return upright[::-1]
    if orientation == 5:
        return upright.swapaxes(0, 1)
    if orientation == 6:  # stored turned 90 degrees counter-clockwise: shown turned back clockwise
        return np.rot90(upright, k=1)
    if orientation == 7:
        return upright.swapaxes(0, 1)[::-1, ::-1]
    if orientation == 8:
        return np.rot90(upright, k=-1)
    return upright


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


def _convert_strip(src: np.ndarray, bit_depth: int) -> np.ndarray:
    """Rows of a decoded array → uint8 colour (1 or 3 channels, broadcast by the caller),
    alpha composited over white; exact integer rounding, temporaries the strip's size."""
    channels = src.shape[2]
    if channels in (1, 3):
        if bit_depth == 8:
            return src
        return ((src.astype(np.uint32) + 128) // 257).astype(np.uint8)  # round(v / 257)
    color = src[:, :, :-1]
    if bit_depth == 8:  # round((c·a + 255·(255 − a)) / 255): never a tie, 255 is odd
        a = src[:, :, -1:].astype(np.uint32)
        value = (color.astype(np.uint32) * a + 255 * (255 - a) + 127) // 255
    else:  # round(255·(c·a + 65535·(65535 − a)) / 65535²), in int64
        a64 = src[:, :, -1:].astype(np.int64)
        full = 65535 * 65535
        value = (255 * (color.astype(np.int64) * a64 + 65535 * (65535 - a64)) + full // 2) // full  # type: ignore[assignment]  # int64 here, uint32 above: both end as uint8
    return value.astype(np.uint8)


def _to_bgr8(img: np.ndarray, fmt: str, name: str, orientation: int = 1) -> tuple[np.ndarray, int, bool, int]:
    """Convert a decoder's array to upright (h, w, 3) uint8 BGR, strip by strip into the
    result; returns (bgr, bit_depth, had_alpha, channels)."""
    if img.dtype == np.uint8:
        bit_depth = 8
    elif img.dtype == np.uint16:
        bit_depth = 16
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
    if bit_depth == 8 and channels == 3 and orientation == 1 and img.flags["C_CONTIGUOUS"]:
        return img, bit_depth, had_alpha, channels  # the decoder's array is already the answer
    h, w = img.shape[:2]
    upright = np.empty((w, h, 3) if orientation in (5, 6, 7, 8) else (h, w, 3), np.uint8)
    target = _source_view(upright, orientation)
    rows = max(1, STRIP_PIXELS // max(w, 1))
    for y in range(0, h, rows):
        target[y : y + rows] = _convert_strip(img[y : y + rows], bit_depth)
    return upright, bit_depth, had_alpha, channels


def _limits(header: ImageHeader, name: str, max_pixels: int, max_decoded_bytes: int) -> None:
    if header.pixels > max_pixels:
        raise ImageLoadError(
            "too_many_pixels", {"path": name, "width": header.width, "height": header.height, "limit": max_pixels}
        )
    if header.decoded_bytes > max_decoded_bytes:
        raise ImageLoadError(
            "too_many_bytes",
            {"path": name, "width": header.width, "height": header.height, "channels": header.channels,
             "bits": 8 * header.sample_bytes, "bytes": header.decoded_bytes, "limit": max_decoded_bytes},
        )


def decode_image(
    data: bytes,
    name: str = "",
    *,
    max_pixels: int = MAX_PIXELS,
    max_decoded_bytes: int = MAX_DECODED_BYTES,
) -> LoadedImage:
    """Decode image bytes to an upright BGR uint8 image; `name` (a path or label) goes in errors.

    The header's pixel count and decoded size are checked against the limits given here
    before anything is decoded.
    """
    if isinstance(data, memoryview):
        data = data.tobytes()
    if len(data) == 0:
        raise ImageLoadError("empty_file", {"path": name})
    fmt = _sniff(data)
    if fmt is None:
        raise ImageLoadError("not_an_image", {"path": name})
    reader = _HEADER_READERS.get(fmt)
    if reader is None:
        raise ImageLoadError("unsupported_format", {"path": name, "format": fmt})
    try:
        header = reader(data)
    except (struct.error, IndexError):
        header = None
    if header is None or header.width <= 0 or header.height <= 0:
        raise ImageLoadError("corrupt_image", {"path": name, "format": fmt, "reason": "header"})
    _limits(header, name, max_pixels, max_decoded_bytes)
    if header.float_samples or header.sample_bytes > 2:
        raise ImageLoadError("unsupported_format", {"path": name, "format": fmt, "bits": 8 * header.sample_bytes})
    complete = _COMPLETENESS.get(fmt)
    if complete is not None:
        try:
            ok = complete(data)
        except (struct.error, IndexError):
            ok = False
        if not ok:
            raise ImageLoadError("corrupt_image", {"path": name, "format": fmt, "reason": "truncated"})
    layout = _jpeg_layout(data) if fmt == "jpeg" else None
    if layout is not None and _jpeg_missing_data(data, layout):
        raise ImageLoadError("corrupt_image", {"path": name, "format": fmt, "reason": "missing_data"})

    import cv2  # deferred: keeps OpenCV out of the window's start-up

    with _quiet_opencv(cv2):
        with _libjpeg_messages(enabled=layout is not None) as messages:
            try:
                img = cv2.imdecode(np.frombuffer(data, dtype=np.uint8), cv2.IMREAD_UNCHANGED)
            except cv2.error:
                img = None
        if img is None or img.size == 0:
            raise ImageLoadError("corrupt_image", {"path": name, "format": fmt, "reason": "decoder"})
        source_size = (int(img.shape[1]), int(img.shape[0]))
        if source_size[0] * source_size[1] > max_pixels:  # the decoder disagreed with the header
            raise ImageLoadError(
                "too_many_pixels",
                {"path": name, "width": source_size[0], "height": source_size[1], "limit": max_pixels},
            )
        if img.nbytes > max_decoded_bytes:
            raise ImageLoadError(
                "too_many_bytes",
                {"path": name, "width": source_size[0], "height": source_size[1],
                 "channels": int(img.shape[2]) if img.ndim == 3 else 1, "bits": 8 * img.itemsize,
                 "bytes": int(img.nbytes), "limit": max_decoded_bytes},
            )
        if layout is not None:
            damaged = _damage_reported(messages)
            if not damaged and _grey_corner(img):  # where stderr says nothing, ask the decoder again
                with _libjpeg_messages():  # its complaints about the bytes added are expected
                    damaged = _jpeg_ran_short(cv2, data, layout)
            if damaged:
                raise ImageLoadError("corrupt_image", {"path": name, "format": fmt, "reason": "missing_data"})
    orientation = exif_orientation(data)
    if fmt == "tiff":  # OpenCV's TIFF decoder turns the picture itself, even with IMREAD_UNCHANGED
        source_size = (header.width, header.height)
    bgr, bit_depth, had_alpha, channels = _to_bgr8(img, fmt, name, 1 if fmt == "tiff" else orientation)
    del img  # the decoder's array goes before the caller gets the result
    return LoadedImage(
        bgr=bgr,
        path=name,
        source_size=source_size,
        orientation=orientation,
        bit_depth=bit_depth,
        had_alpha=had_alpha,
        channels=channels,
    )


def read_image_bytes(path: str | os.PathLike[str], *, max_bytes: int = MAX_FILE_BYTES) -> bytes:
    """An image file's bytes, refused (ImageLoadError) before reading when missing, not a
    regular file, empty or larger than `max_bytes`. Any Unicode path."""
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
    return data


def decode_image_bytes(
    data: bytes,
    name: str = "",
    *,
    max_bytes: int = MAX_FILE_BYTES,
    max_pixels: int = MAX_PIXELS,
    max_decoded_bytes: int = MAX_DECODED_BYTES,
) -> LoadedImage:
    """decode_image with the file's size limit too: bytes that did not come from a file
    (an experiment file's member) meet every check an opened file meets."""
    if len(data) > max_bytes:
        raise ImageLoadError("file_too_large", {"path": name, "bytes": len(data), "limit": max_bytes})
    return decode_image(data, name, max_pixels=max_pixels, max_decoded_bytes=max_decoded_bytes)


_FORMAT_SUFFIXES = {"png": ".png", "jpeg": ".jpg", "gif": ".gif", "bmp": ".bmp", "webp": ".webp", "tiff": ".tif"}


def image_suffix(data: bytes) -> str | None:
    """The usual file suffix (".png", ".jpg", ...) of the image format the bytes begin with,
    or None for bytes this module cannot decode."""
    fmt = _sniff(data)
    return _FORMAT_SUFFIXES.get(fmt) if fmt is not None else None


def load_image(
    path: str | os.PathLike[str],
    *,
    max_bytes: int = MAX_FILE_BYTES,
    max_pixels: int = MAX_PIXELS,
    max_decoded_bytes: int = MAX_DECODED_BYTES,
) -> LoadedImage:
    """Read and decode an image file (any Unicode path) with size limits checked first."""
    log.info("reading the image %s", path)
    data = read_image_bytes(path, max_bytes=max_bytes)
    return decode_image(data, str(Path(path)), max_pixels=max_pixels, max_decoded_bytes=max_decoded_bytes)
