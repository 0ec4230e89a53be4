"""Strict reading of small numeric CSV files (x,y points; later x1,x2,label)."""

from __future__ import annotations

import csv
import io
import math
import os
from pathlib import Path

import numpy as np

from core.errors import DataError

MAX_CSV_BYTES = 64 * 1024 * 1024
MAX_ROWS = 1_000_000


def _parse_float(text: str) -> float | None:
    try:
        return float(text.strip())
    except ValueError:
        return None


def read_numeric_csv(
    path: str | os.PathLike[str],
    columns: int,
    *,
    max_bytes: int = MAX_CSV_BYTES,
    max_rows: int = MAX_ROWS,
) -> np.ndarray:
    """Read a CSV of `columns` numeric columns into an (n, columns) float64 array.

    A first row with no numbers is taken as a header. Delimiters: comma, semicolon, tab.
    Every problem raises DataError with a code and the line/column/value at fault.
    """
    p = Path(path)
    if not p.exists():
        raise DataError("file_not_found", {"path": str(p)})
    if not p.is_file():
        raise DataError("not_a_file", {"path": str(p)})
    size = p.stat().st_size
    if size > max_bytes:
        raise DataError("file_too_large", {"path": str(p), "bytes": size, "limit": max_bytes})
    try:
        raw = p.read_bytes()
    except OSError as exc:
        raise DataError("unreadable", {"path": str(p), "reason": exc.strerror or str(exc)}) from exc
    if b"\x00" in raw:
        raise DataError("not_text", {"path": str(p)})
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DataError("not_text", {"path": str(p)}) from exc

    sample = text[:4096]
    delimiter = max(",;\t", key=sample.count) if any(d in sample for d in ",;\t") else ","
    rows: list[list[float]] = []
    header_seen = False
    for line_no, cells in enumerate(csv.reader(io.StringIO(text), delimiter=delimiter), start=1):
        if not cells or all(not c.strip() for c in cells):
            continue
        if cells[0].lstrip().startswith("#"):
            continue
        values = [_parse_float(c) for c in cells]
        if not rows and not header_seen and all(v is None for v in values):
            header_seen = True
            continue
        if len(cells) < columns:
            raise DataError(
                "missing_value", {"path": str(p), "line": line_no, "column": len(cells) + 1}
            )
        for col in range(columns):
            cell = cells[col].strip()
            if cell == "":
                raise DataError("missing_value", {"path": str(p), "line": line_no, "column": col + 1})
            value = values[col]
            if value is None:
                raise DataError(
                    "not_a_number", {"path": str(p), "line": line_no, "column": col + 1, "value": cell[:40]}
                )
            if not math.isfinite(value):
                raise DataError(
                    "non_finite", {"path": str(p), "line": line_no, "column": col + 1, "value": cell[:40]}
                )
        rows.append([values[c] for c in range(columns)])  # type: ignore[misc]
        if len(rows) > max_rows:
            raise DataError("too_many_points", {"path": str(p), "limit": max_rows})
    if not rows:
        raise DataError("no_data", {"path": str(p)})
    return np.asarray(rows, dtype=np.float64)
