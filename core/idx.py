"""A strict reader of IDX files (the MNIST / Fashion-MNIST format), raw or gzip-compressed.

Layout: two zero bytes, a type byte (0x08 = unsigned byte), the number of dimensions, one
big-endian uint32 per dimension, then the data. Images are magic 2051 (3 dimensions),
labels 2049 (1 dimension). The header is read and checked first, then the size: a raw
file's size must match the header exactly before its body is read; a gzip file is
decompressed in chunks into an array of the promised size, plus one byte to detect
trailing data. Nothing larger than the header promises (and `MAX_BYTES` allows) is ever
allocated.
"""

from __future__ import annotations

import gzip
import os
import stat
import struct
import zlib
from pathlib import Path
from typing import BinaryIO

import numpy as np

from core.atomic import atomic_write_bytes
from core.errors import LabError

IMAGES_MAGIC = 2051
LABELS_MAGIC = 2049
MAX_ITEMS = 1_000_000
MAX_SIDE = 4096
MAX_BYTES = 512 * 1024 * 1024  # decompressed
CHUNK = 1 << 20  # bytes decompressed at a time


class DatasetError(LabError):
    """A data file or folder cannot be used; details name the file."""


def _read_exact(stream: BinaryIO, n: int) -> bytes:
    """Up to n bytes (fewer only at the end of the stream)."""
    parts, got = [], 0
    while got < n:
        part = stream.read(n - got)
        if not part:
            break
        parts.append(part)
        got += len(part)
    return b"".join(parts)


def _read_into(stream: BinaryIO, out: np.ndarray) -> int:
    """Fill `out` (uint8) from the stream in chunks; returns the bytes read."""
    view = memoryview(out.data).cast("B")
    got = 0
    while got < len(view):
        n = stream.readinto(view[got : got + CHUNK])  # type: ignore[attr-defined]
        if not n:
            break
        got += n
    return got


def _parse(stream: BinaryIO, p: Path, magic: int, size: int | None) -> np.ndarray:
    """Header, then size, then body; `size` is the raw file's length (None for gzip)."""
    head = _read_exact(stream, 4)
    if len(head) < 4:
        raise DatasetError("idx_truncated", {"path": str(p), "bytes": len(head)})
    found = struct.unpack(">I", head)[0]
    if found != magic:
        raise DatasetError("idx_bad_magic", {"path": str(p), "found": found, "expected": magic})
    ndim = head[3]
    if ndim != (3 if magic == IMAGES_MAGIC else 1):
        raise DatasetError("idx_bad_shape", {"path": str(p), "dimensions": ndim})
    raw_dims = _read_exact(stream, 4 * ndim)
    if len(raw_dims) < 4 * ndim:
        raise DatasetError("idx_truncated", {"path": str(p), "bytes": 4 + len(raw_dims)})
    dims = struct.unpack(">" + "I" * ndim, raw_dims)
    if dims[0] > MAX_ITEMS or (ndim == 3 and (dims[1] > MAX_SIDE or dims[2] > MAX_SIDE)):
        raise DatasetError("idx_bad_shape", {"path": str(p), "shape": list(dims)})
    count = int(np.prod(dims, dtype=np.int64))
    if count > MAX_BYTES:
        raise DatasetError("file_too_large", {"path": str(p), "bytes": count, "limit": MAX_BYTES})
    header = 4 + 4 * ndim
    if size is not None:  # raw: the size decides before the body is read
        present = size - header
        if present < count:
            raise DatasetError("idx_truncated", {"path": str(p), "expected": count, "bytes": present})
        if present > count:
            raise DatasetError("idx_trailing_bytes", {"path": str(p), "expected": count, "bytes": present})
    out = np.empty(count, dtype=np.uint8)
    got = _read_into(stream, out)
    if got < count:
        raise DatasetError("idx_truncated", {"path": str(p), "expected": count, "bytes": got})
    if stream.read(1):
        raise DatasetError("idx_trailing_bytes", {"path": str(p), "expected": count, "bytes": count + 1})
    return out.reshape(dims)


def read_idx(path: str | os.PathLike[str], magic: int) -> np.ndarray:
    """The array stored in an IDX file with the expected magic number (uint8 data only)."""
    p = Path(path)
    try:
        st = p.stat()
    except (FileNotFoundError, NotADirectoryError) as exc:
        raise DatasetError("file_not_found", {"path": str(p)}) from exc
    except (OSError, ValueError) as exc:
        raise DatasetError("unreadable", {"path": str(p), "reason": getattr(exc, "strerror", None) or str(exc)}
                           ) from exc
    if not stat.S_ISREG(st.st_mode):
        raise DatasetError("not_a_file", {"path": str(p)})
    try:
        with p.open("rb") as fh:
            if fh.read(2) == b"\x1f\x8b":
                fh.seek(0)
                try:
                    with gzip.GzipFile(fileobj=fh) as gz:
                        return _parse(gz, p, magic, None)  # type: ignore[arg-type]
                except (EOFError, zlib.error, gzip.BadGzipFile) as exc:
                    raise DatasetError("gzip_corrupt", {"path": str(p), "reason": str(exc) or type(exc).__name__}
                                       ) from exc
            fh.seek(0)
            return _parse(fh, p, magic, os.fstat(fh.fileno()).st_size)
    except OSError as exc:
        raise DatasetError("unreadable", {"path": str(p), "reason": exc.strerror or str(exc)}) from exc


def read_images(path: str | os.PathLike[str]) -> np.ndarray:
    """(n, rows, cols) uint8 images."""
    return read_idx(path, IMAGES_MAGIC)


def read_labels(path: str | os.PathLike[str], classes: int = 10) -> np.ndarray:
    """(n,) int64 labels, each in 0..classes−1."""
    labels = read_idx(path, LABELS_MAGIC).astype(np.int64)
    if labels.size and int(labels.max()) >= classes:
        raise DatasetError("label_out_of_range", {"path": str(path), "value": int(labels.max()), "classes": classes})
    return labels


def write_idx(path: str | os.PathLike[str], array: np.ndarray, compress: bool = False) -> None:
    """Write uint8 data as IDX (magic from the number of dimensions); for tests and scripts."""
    arr = np.ascontiguousarray(array, dtype=np.uint8)
    magic = IMAGES_MAGIC if arr.ndim == 3 else LABELS_MAGIC
    blob = struct.pack(">I", magic) + struct.pack(">" + "I" * arr.ndim, *arr.shape) + arr.tobytes()
    atomic_write_bytes(path, gzip.compress(blob) if compress else blob)
