"""Strict reading of small numeric CSV files (x,y points; x1,x2,label rows).

What a spreadsheet writes is accepted: UTF-8 with or without a BOM, UTF-16 with a BOM, and
GB18030/GBK (Excel's "CSV" on Chinese Windows); Windows, Unix and old-Mac (CR-only) line ends;
comma, semicolon or tab delimiters, and Excel's `sep=;` first line; a decimal comma where the
delimiter is not a comma. A first row without numbers is a header: its names choose the
columns (x and y, or x1, x2 and label, in any order, with a few aliases), so an `id,x,y`
file fits y against x, not x against id. Every problem raises DataError with a code and the
line/column/value at fault.
"""

from __future__ import annotations

import csv
import io
import logging
import math
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

import numpy as np

from core.errors import DataError

log = logging.getLogger(__name__)

MAX_CSV_BYTES = 64 * 1024 * 1024
MAX_ROWS = 1_000_000
DELIMITERS = ",;\t"

#: tried in this order when there is no byte-order mark; GB18030 is a superset of GBK and GB2312
_ENCODINGS = ("utf-8", "gb18030")
_BOMS = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))
_SEP_LINE = re.compile(r' *"?sep=(.)"? *', re.IGNORECASE)


@dataclass(frozen=True)
class ColumnChoice:
    """Which columns of a file the values came from: one per role (x, y; or x1, x2, label)."""

    indices: tuple[int, ...]  # 0-based positions in the file
    names: tuple[str, ...]  # their header names ("" where the file has no header row)
    by_name: bool  # True when the header's names chose them; False for position or the caller's choice


@dataclass(frozen=True)
class Table:
    """Numeric columns read from a CSV file, and how the file was read."""

    values: np.ndarray  # (rows, roles) float64, finite
    choice: ColumnChoice
    header: tuple[str, ...]  # the header row; () when the first row is data
    encoding: str
    delimiter: str


@dataclass(frozen=True)
class _Text:
    text: str
    encoding: str
    delimiter: str
    skip_first_line: bool  # Excel's "sep=;" line


def _decode(raw: bytes, path: Path) -> tuple[str, str]:
    """The text of a file and the encoding that read it, or DataError not_text."""
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            try:
                return raw.decode(encoding).lstrip("\ufeff"), encoding
            except UnicodeDecodeError as exc:
                raise DataError("not_text", {"path": str(path)}) from exc
    if b"\x00" in raw:  # after the BOM test: UTF-16 text is full of zero bytes
        raise DataError("not_text", {"path": str(path)})
    for encoding in _ENCODINGS:
        try:
            return raw.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    raise DataError("not_text", {"path": str(path)})


def _read_text(path: str | os.PathLike[str], max_bytes: int) -> tuple[Path, _Text]:
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
    text, encoding = _decode(raw, p)
    # old Macs end lines with CR alone, which the csv module refuses outside quotes
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    first, _, _ = text.partition("\n")
    sep = _SEP_LINE.fullmatch(first)
    if sep:  # Excel's delimiter line: sep=; or sep=,
        return p, _Text(text, encoding, sep.group(1), True)
    lines = [ln for ln in text[:8192].split("\n") if ln.strip() and not ln.lstrip().startswith("#")]
    sample = "\n".join(lines)
    delimiter = max(DELIMITERS, key=sample.count) if any(d in sample for d in DELIMITERS) else ","
    return p, _Text(text, encoding, delimiter, False)


def _parse_float(text: str, decimal_comma: bool) -> float | None:
    cell = text.strip()
    if decimal_comma and cell.count(",") == 1 and "." not in cell:
        cell = cell.replace(",", ".")
    try:
        return float(cell)
    except ValueError:
        return None


def _rows(t: _Text):
    """(line number, cells) of every row that is not blank, a comment or the sep= line."""
    reader = csv.reader(io.StringIO(t.text), delimiter=t.delimiter)
    for cells in reader:
        if t.skip_first_line and reader.line_num == 1:
            continue
        if not cells or all(not c.strip() for c in cells):
            continue
        if cells[0].lstrip().startswith("#"):
            continue
        yield reader.line_num, cells


def _is_header(cells: list[str], decimal_comma: bool) -> bool:
    return all(_parse_float(c, decimal_comma) is None for c in cells)


def _clean(name: str) -> str:
    return name.strip().strip('"').strip()


def csv_header(path: str | os.PathLike[str], *, max_bytes: int = MAX_CSV_BYTES) -> list[str]:
    """The names in a file's header row, for a column chooser.

    A file without a header gives one empty string per column of its first row, so the
    length is always the number of columns (show those as "column 1", "column 2", ...).
    """
    _, t = _read_text(path, max_bytes)
    for _, cells in _rows(t):
        if _is_header(cells, t.delimiter != ","):
            return [_clean(c) for c in cells]
        return [""] * len(cells)
    return []


def _choose(roles: Sequence[Sequence[str]], header: list[str], width: int,
            columns: Sequence[str | int] | None, path: Path) -> ColumnChoice:
    """The column of each role: the caller's choice, else the header's names, else the first ones."""
    names = [n.lower() for n in header]
    if columns is not None:
        if len(columns) != len(roles):
            raise DataError("bad_columns", {"given": len(columns), "expected": len(roles)})
        chosen = []
        for c in columns:
            if isinstance(c, str):
                try:
                    chosen.append(names.index(c.strip().lower()))
                except ValueError:
                    raise DataError("column_not_found", {"path": str(path), "column": c,
                                                         "available": ", ".join(header) or "-"}) from None
            elif isinstance(c, (int, np.integer)) and not isinstance(c, bool) and 0 <= int(c) < width:
                chosen.append(int(c))
            else:
                shown = int(c) + 1 if isinstance(c, (int, np.integer)) and not isinstance(c, bool) else c
                raise DataError("column_out_of_range", {"path": str(path), "column": c, "number": shown,
                                                        "count": width})
        return ColumnChoice(tuple(chosen), tuple(header[i] if header else "" for i in chosen), False)
    if header:
        found: dict[int, int] = {}
        used: set[int] = set()
        # rank by rank over the roles: every role's own name first, then the first aliases, ...
        for rank in range(max(len(r) for r in roles)):
            for role, aliases in enumerate(roles):
                if role in found or rank >= len(aliases):
                    continue
                for i, name in enumerate(names):
                    if i not in used and name == aliases[rank]:
                        found[role] = i
                        used.add(i)
                        break
        if len(found) == len(roles):
            idx = tuple(found[r] for r in range(len(roles)))
            return ColumnChoice(idx, tuple(header[i] for i in idx), True)
        if found or len(header) != len(roles):
            # some named and some not, or more columns than values and none named: guessing
            # could pair the wrong columns (an id against x), so the caller must choose
            missing = next(r for r in range(len(roles)) if r not in found)
            raise DataError("column_not_found", {"path": str(path), "column": roles[missing][0],
                                                 "available": ", ".join(header)})
    idx = tuple(range(len(roles)))
    return ColumnChoice(idx, tuple(header[i] if i < len(header) else "" for i in idx), False)


def read_table(
    path: str | os.PathLike[str],
    roles: Sequence[Sequence[str]],
    columns: Sequence[str | int] | None = None,
    *,
    max_bytes: int = MAX_CSV_BYTES,
    max_rows: int = MAX_ROWS,
) -> Table:
    """Read one numeric column per role from a CSV file.

    roles: for each value wanted, the header names that pick it (lower case, its own name
    first, then aliases), e.g. (("x",), ("y",)). columns: the caller's choice instead, one per
    role, each a header name (case-insensitive) or a 0-based column index. Without a choice:
    the columns the header names; the first columns when there is no header, or when the
    header names none of them but has exactly one column per role; otherwise DataError
    column_not_found (the caller offers csv_header's names to choose from). Only the chosen
    columns must be numbers.
    """
    log.info("reading the table %s", path)
    p, t = _read_text(path, max_bytes)
    decimal_comma = t.delimiter != ","
    rows: list[list[float]] = []
    header: list[str] = []
    choice: ColumnChoice | None = None
    for line_no, cells in _rows(t):
        if choice is None:
            if not header and _is_header(cells, decimal_comma):
                header = [_clean(c) for c in cells]
                continue
            choice = _choose(roles, header, max(len(cells), len(header)), columns, p)
        row = []
        for col in choice.indices:
            if col >= len(cells) or cells[col].strip() == "":
                raise DataError("missing_value", {"path": str(p), "line": line_no, "column": col + 1})
            value = _parse_float(cells[col], decimal_comma)
            if value is None:
                raise DataError("not_a_number", {"path": str(p), "line": line_no, "column": col + 1,
                                                 "value": cells[col].strip()[:40]})
            if not math.isfinite(value):
                raise DataError("non_finite", {"path": str(p), "line": line_no, "column": col + 1,
                                               "value": cells[col].strip()[:40]})
            row.append(value)
        rows.append(row)
        if len(rows) > max_rows:
            raise DataError("too_many_rows", {"path": str(p), "limit": max_rows})
    if choice is None:
        raise DataError("no_data", {"path": str(p)})
    return Table(np.asarray(rows, dtype=np.float64).reshape(-1, len(roles)), choice, tuple(header),
                 t.encoding, t.delimiter)


def read_numeric_csv(
    path: str | os.PathLike[str],
    columns: int,
    *,
    max_bytes: int = MAX_CSV_BYTES,
    max_rows: int = MAX_ROWS,
) -> np.ndarray:
    """The first `columns` columns of a CSV file as an (n, columns) float64 array."""
    roles = [("\0",)] * columns  # names no header holds: always by position
    return read_table(path, roles, max_bytes=max_bytes, max_rows=max_rows).values
