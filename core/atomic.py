"""Atomic file writing: every file the app writes goes through here.

A file is written to a temporary file in the same folder, flushed to disk (fsync), then
renamed over the destination with os.replace, so a reader (or the user after a crash)
sees either the old file, intact, or the new one, complete; never half of one. On any
failure the temporary file is removed and the destination is left as it was.

Temporary files are named ``.mlbl-tmp-<16 hex>-<destination name>`` (the destination's
suffix kept last, for writers that choose a format from it). A write also sweeps that
folder of such files older than `STALE_SECONDS`, left there by an earlier crash or kill -9,
and of the ``.saving-XXXXXXXX.pt`` files earlier versions left; a fresh one (another save
in progress) is left alone. New files get the user's usual mode (0o666 & ~umask), not the
0600 of tempfile.mkstemp.

Failures to write (OSError, such as a full disk or a denied folder, and RuntimeError,
which torch's writer raises) become `SaveError("save_failed", {"path", "reason"})`; other
exceptions (a bug, KeyboardInterrupt) still remove the temporary file and propagate
unchanged.

Four ways in, one per kind of writer::

    atomic_write(path, lambda fh: torch.save(payload, fh))      # binary file object
    atomic_write_text(path, text, encoding="utf-8-sig")           # a whole str
    with atomic_open(path, "w", encoding="utf-8-sig", newline="") as fh:
        csv.writer(fh).writerows(rows)                            # stream text (or "wb")
    with atomic_path(path) as tmp:                                # writers that need a name:
        if not image.save(str(tmp), "PNG"): raise OSError("...")  #   Qt's QImage.save, cv2.imwrite
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import stat
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any, BinaryIO, cast

from core.errors import SaveError

TEMP_PREFIX = ".mlbl-tmp-"
STALE_SECONDS = 300.0  # older than this, a temporary file is a crash's leftover, not a save in progress
_OURS = re.compile(r"^\.mlbl-tmp-[0-9a-f]{16}-.+$")
_LEGACY = re.compile(r"^\.saving-[a-z0-9_]{8}\.pt$")  # tempfile.mkstemp(prefix=".saving-", suffix=".pt")
_WRITE_FAILURES = (OSError, RuntimeError)


def _reason(exc: BaseException) -> str:
    """A short, single-line reason for an error (strerror when the OS gave one)."""
    text = (getattr(exc, "strerror", None) or str(exc) or type(exc).__name__).strip()
    return (text.splitlines() or [type(exc).__name__])[0][:200]


def sweep_stale(folder: str | os.PathLike[str], older_than: float = STALE_SECONDS) -> list[Path]:
    """Remove this app's temporary files older than `older_than` seconds from `folder`; returns them."""
    removed: list[Path] = []
    now = time.time()
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        if not (_OURS.match(entry.name) or _LEGACY.match(entry.name)):
            continue
        try:
            st = entry.stat(follow_symlinks=False)
            if not stat.S_ISREG(st.st_mode) or now - st.st_mtime < older_than:
                continue
            os.unlink(entry.path)
        except OSError:
            continue  # another process swept it first, or it is not ours to remove
        removed.append(Path(entry.path))
    return removed


def _create_temp(dest: Path) -> tuple[int, Path]:
    """A new, empty temporary file beside `dest`, opened for writing, with mode 0o666 & ~umask."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0)
    for _ in range(100):
        tmp = dest.with_name(f"{TEMP_PREFIX}{secrets.token_hex(8)}-{dest.name}")
        try:
            return os.open(tmp, flags, 0o666), tmp  # the kernel applies the umask, as for any new file
        except FileExistsError:
            continue
    raise FileExistsError(f"no free temporary name beside {dest}")


def _fsync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX); folders cannot be opened so on Windows."""
    with contextlib.suppress(OSError, AttributeError):
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _remove(tmp: Path) -> None:
    with contextlib.suppress(OSError):
        os.unlink(tmp)


def _fail(dest: Path, exc: BaseException) -> SaveError:
    return SaveError("save_failed", {"path": str(dest), "reason": _reason(exc)})


@contextlib.contextmanager
def atomic_open(path: str | os.PathLike[str], mode: str = "wb", *, encoding: str = "utf-8",
                newline: str | None = "") -> Iterator[IO[Any]]:
    """Open a temporary file for writing ("wb" or "w"); on a clean exit it replaces `path`.

    Text mode writes `encoding` ("utf-8-sig" for a CSV that Excel opens as UTF-8) with
    `newline` as for open() (the csv module wants "").
    """
    if mode not in ("wb", "w"):
        raise ValueError(f"atomic_open writes with 'wb' or 'w', not {mode!r}")
    dest = Path(path)
    folder = dest.parent
    sweep_stale(folder)
    try:
        fd, tmp = _create_temp(dest)
    except OSError as exc:
        raise _fail(dest, exc) from exc
    try:
        try:
            if mode == "wb":
                fh: IO[Any] = os.fdopen(fd, "wb")
            else:
                fh = os.fdopen(fd, "w", encoding=encoding, newline=newline)
        except BaseException:
            os.close(fd)
            raise
        with fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, dest)
    except _WRITE_FAILURES as exc:
        _remove(tmp)
        raise _fail(dest, exc) from exc
    except BaseException:
        _remove(tmp)
        raise
    _fsync_folder(folder)


def atomic_write(path: str | os.PathLike[str], write: Callable[[BinaryIO], object]) -> None:
    """Call `write(file)` on a binary temporary file, then put it in place of `path`."""
    with atomic_open(path, "wb") as fh:
        write(cast(BinaryIO, fh))  # "wb" opens a binary file


def atomic_write_bytes(path: str | os.PathLike[str], data: bytes) -> None:
    """Write `data` to `path` atomically."""
    with atomic_open(path, "wb") as fh:
        fh.write(data)


def atomic_write_text(path: str | os.PathLike[str], text: str, *, encoding: str = "utf-8",
                      newline: str | None = "") -> None:
    """Write `text` to `path` atomically in `encoding`; newline="" writes "\\n" as is."""
    with atomic_open(path, "w", encoding=encoding, newline=newline) as fh:
        fh.write(text)


@contextlib.contextmanager
def atomic_path(path: str | os.PathLike[str]) -> Iterator[Path]:
    """A temporary path (same folder and suffix) for writers that need a file name; on a
    clean exit its contents are flushed and it replaces `path`. The writer must raise
    (OSError, say) when it fails: Qt's save() returns False instead, so check it."""
    dest = Path(path)
    folder = dest.parent
    sweep_stale(folder)
    try:
        fd, tmp = _create_temp(dest)
        os.close(fd)
    except OSError as exc:
        raise _fail(dest, exc) from exc
    try:
        yield tmp
        fd = os.open(tmp, os.O_RDWR | getattr(os, "O_BINARY", 0))
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, dest)
    except _WRITE_FAILURES as exc:
        _remove(tmp)
        raise _fail(dest, exc) from exc
    except BaseException:
        _remove(tmp)
        raise
    _fsync_folder(folder)
