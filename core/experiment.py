"""Experiment files (.mlbl): the state of one lab or of every lab, with a format version,
as a zip of one JSON document and binary members (arrays as .npy, a network's weights as
the Neural Network lab's model file).

    experiment.json   {"format": "ml-basics-lab-experiment", "version": 1,
                       "app_version": "...", "current": "linear",
                       "labs": {"linear": {"version": 2, ...}, ...}}
    blobs/<lab>/<name>    binary members the states refer to ("blob:<lab>/<name>")

Reading is defensive: the file's size, the number of members, each member's size and
compression ratio are checked from the zip's directory before anything is inflated; the
JSON must be strict (no NaN) and shallow enough; member names are only looked up, never
extracted to disk. Nothing in a file is executed: arrays load with allow_pickle=False and
model weights through core.mlp.load_model (weights_only, shapes checked first).
"""

from __future__ import annotations

import io
import json
import os
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

from core.atomic import atomic_open
from core.errors import LabError, SaveError

FORMAT = "ml-basics-lab-experiment"
VERSION = 1
SUFFIX = ".mlbl"
MANIFEST = "experiment.json"
BLOB_DIR = "blobs/"

MAX_FILE_BYTES = 512 * 1024 * 1024
MAX_MEMBERS = 256
MAX_MANIFEST_BYTES = 64 * 1024 * 1024
MAX_MEMBER_BYTES = 1024 * 1024 * 1024
MAX_TOTAL_BYTES = 2 * 1024 * 1024 * 1024
MAX_RATIO = 200  # inflated / compressed, beyond which a member is a zip bomb
MAX_DEPTH = 32


class ExperimentError(LabError):
    """An experiment file cannot be read: codes not_an_experiment, experiment_corrupt,
    experiment_future, experiment_too_large, experiment_bad (details: path, reason...)."""


@dataclass(frozen=True)
class Experiment:
    """What an experiment file holds: each lab's state dict and the binary members."""

    labs: dict[str, dict[str, Any]]
    blobs: dict[str, bytes] = field(default_factory=dict)
    current: str = ""
    app_version: str = ""


def write_experiment(path: str | os.PathLike[str], experiment: Experiment) -> None:
    """Write atomically (the old file stays whole if anything fails; SaveError says why)."""
    manifest = {"format": FORMAT, "version": VERSION, "app_version": experiment.app_version,
                "current": experiment.current, "labs": experiment.labs}
    try:
        text = json.dumps(manifest, ensure_ascii=False, allow_nan=False, indent=1)
    except ValueError as exc:  # a NaN slipped into a state: a bug, but never a file that lies
        raise SaveError("save_failed", {"path": str(path), "reason": f"not finite: {exc}"}) from exc
    for name in experiment.blobs:
        _check_name(name, path)
    with atomic_open(path, "wb") as f:
        with zipfile.ZipFile(f, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as z:
            z.writestr(MANIFEST, text.encode("utf-8"))
            for name, data in experiment.blobs.items():
                # .npy and model weights hardly compress: store them, it is much faster
                z.writestr(BLOB_DIR + name, data, compress_type=zipfile.ZIP_STORED)


def read_experiment(path: str | os.PathLike[str]) -> Experiment:
    """Read and check an experiment file; ExperimentError (or DataError for a missing file)."""
    p = Path(path)
    details: dict[str, Any] = {"path": str(p)}
    try:
        size = p.stat().st_size
    except FileNotFoundError as exc:
        raise ExperimentError("file_not_found", details) from exc
    except OSError as exc:
        raise ExperimentError("unreadable", {**details, "reason": exc.strerror or str(exc)}) from exc
    if not p.is_file():
        raise ExperimentError("not_a_file", details)
    if size > MAX_FILE_BYTES:
        raise ExperimentError("experiment_too_large", {**details, "bytes": size, "limit": MAX_FILE_BYTES})
    try:
        with p.open("rb") as f:
            data = f.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise ExperimentError("unreadable", {**details, "reason": exc.strerror or str(exc)}) from exc
    return read_experiment_bytes(data, str(p))


def read_experiment_bytes(data: bytes, name: str = "") -> Experiment:
    details: dict[str, Any] = {"path": name}
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise ExperimentError("not_an_experiment", details)
    try:
        z = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise ExperimentError("experiment_corrupt", {**details, "reason": str(exc)[:200]}) from exc
    with z:
        infos = z.infolist()
        if len(infos) > MAX_MEMBERS:
            raise ExperimentError("experiment_too_large", {**details, "members": len(infos), "limit": MAX_MEMBERS})
        total = 0
        names = set()
        for info in infos:
            total += info.file_size
            names.add(info.filename)
            limit = MAX_MANIFEST_BYTES if info.filename == MANIFEST else MAX_MEMBER_BYTES
            if info.file_size > limit or total > MAX_TOTAL_BYTES or \
                    info.file_size > MAX_RATIO * max(info.compress_size, 1024):
                raise ExperimentError("experiment_too_large", {**details, "member": info.filename,
                                                               "bytes": info.file_size})
        if MANIFEST not in names:
            raise ExperimentError("not_an_experiment", details)
        manifest = _json(_member(z, MANIFEST, details), details)
        if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
            raise ExperimentError("not_an_experiment", details)
        version = manifest.get("version")
        if isinstance(version, bool) or not isinstance(version, int) or version < 1:
            raise ExperimentError("experiment_bad", {**details, "reason": "version"})
        if version > VERSION:
            raise ExperimentError("experiment_future", {**details, "version": version, "supported": VERSION})
        labs = manifest.get("labs")
        if not isinstance(labs, dict) or not all(isinstance(k, str) and isinstance(v, dict) for k, v in labs.items()):
            raise ExperimentError("experiment_bad", {**details, "reason": "labs"})
        current = manifest.get("current", "")
        app_version = manifest.get("app_version", "")
        blobs = {info.filename[len(BLOB_DIR):]: _member(z, info.filename, details)
                 for info in infos if info.filename.startswith(BLOB_DIR) and not info.is_dir()}
    return Experiment(labs=labs, blobs=blobs, current=current if isinstance(current, str) else "",
                      app_version=app_version if isinstance(app_version, str) else "")


def _member(z: zipfile.ZipFile, name: str, details: Mapping[str, Any]) -> bytes:
    try:
        with z.open(name) as f:
            return f.read(MAX_MEMBER_BYTES + 1)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError, RuntimeError) as exc:
        # a CRC mismatch, a truncated member, an unsupported compression or an encrypted one
        raise ExperimentError("experiment_corrupt", {**details, "member": name, "reason": str(exc)[:200]}) from exc


def _json(raw: bytes, details: Mapping[str, Any]) -> Any:
    def no_constants(token: str) -> Any:
        raise ValueError(f"{token} is not a number JSON allows")

    try:
        value = json.loads(raw.decode("utf-8"), parse_constant=no_constants)
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise ExperimentError("experiment_corrupt", {**details, "member": MANIFEST, "reason": str(exc)[:200]}) from exc
    if _depth(value) > MAX_DEPTH:
        raise ExperimentError("experiment_bad", {**details, "reason": "nesting"})
    return value


def _depth(value: Any, level: int = 0) -> int:
    if level > MAX_DEPTH:
        return level
    if isinstance(value, dict):
        return max((_depth(v, level + 1) for v in value.values()), default=level + 1)
    if isinstance(value, list):
        # rows of a table are lists of numbers: look at the first few only
        return max((_depth(v, level + 1) for v in value[:4]), default=level + 1)
    return level


def _check_name(name: str, path: object) -> None:
    parts = name.split("/")
    if not name or name.startswith("/") or any(part in ("", ".", "..") for part in parts) or "\\" in name:
        raise SaveError("save_failed", {"path": str(path), "reason": f"bad member name {name!r}"})
