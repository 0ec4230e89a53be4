"""A strict reader of IDX files (the MNIST / Fashion-MNIST format), raw or gzip-compressed.

Layout: two zero bytes, a type byte (0x08 = unsigned byte), the number of dimensions, one
big-endian uint32 per dimension, then the data. Images are magic 2051 (3 dimensions),
labels 2049 (1 dimension). Everything is checked before anything large is allocated: the
declared size must match the bytes present exactly.
"""

from __future__ import annotations

import gzip
import os
import struct
import zlib
from pathlib import Path

import numpy as np

from core.errors import LabError

IMAGES_MAGIC = 2051
LABELS_MAGIC = 2049
MAX_ITEMS = 1_000_000
MAX_BYTES = 512 * 1024 * 1024  # decompressed


class DatasetError(LabError):
    """A data file or folder cannot be used; details name the file."""


def _read_bytes(path: Path) -> bytes:
    if not path.exists():
        raise DatasetError("file_not_found", {"path": str(path)})
    if not path.is_file():
        raise DatasetError("not_a_file", {"path": str(path)})
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise DatasetError("unreadable", {"path": str(path), "reason": exc.strerror or str(exc)}) from exc
    if raw[:2] == b"\x1f\x8b":
        try:
            with gzip.GzipFile(fileobj=__import__("io").BytesIO(raw)) as fh:
                data = fh.read(MAX_BYTES + 1)
        except (OSError, EOFError, zlib.error) as exc:
            raise DatasetError("gzip_corrupt", {"path": str(path), "reason": str(exc)}) from exc
        if len(data) > MAX_BYTES:
            raise DatasetError("file_too_large", {"path": str(path), "bytes": len(data), "limit": MAX_BYTES})
        return data
    return raw


def read_idx(path: str | os.PathLike[str], magic: int) -> np.ndarray:
    """The array stored in an IDX file with the expected magic number (uint8 data only)."""
    p = Path(path)
    data = _read_bytes(p)
    if len(data) < 8:
        raise DatasetError("idx_truncated", {"path": str(p), "bytes": len(data)})
    found = struct.unpack(">I", data[:4])[0]
    if found != magic:
        raise DatasetError("idx_bad_magic", {"path": str(p), "found": found, "expected": magic})
    ndim = data[3]
    expected_ndim = 3 if magic == IMAGES_MAGIC else 1
    if ndim != expected_ndim:
        raise DatasetError("idx_bad_shape", {"path": str(p), "dimensions": ndim})
    header = 4 + 4 * ndim
    if len(data) < header:
        raise DatasetError("idx_truncated", {"path": str(p), "bytes": len(data)})
    dims = struct.unpack(">" + "I" * ndim, data[4:header])
    if dims[0] > MAX_ITEMS or (ndim == 3 and (dims[1] > 4096 or dims[2] > 4096)):
        raise DatasetError("idx_bad_shape", {"path": str(p), "shape": list(dims)})
    count = int(np.prod(dims, dtype=np.int64))
    present = len(data) - header
    if present < count:
        raise DatasetError("idx_truncated", {"path": str(p), "expected": count, "bytes": present})
    if present > count:
        raise DatasetError("idx_trailing_bytes", {"path": str(p), "expected": count, "bytes": present})
    return np.frombuffer(data, dtype=np.uint8, count=count, offset=header).reshape(dims).copy()


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
    Path(path).write_bytes(gzip.compress(blob) if compress else blob)
