"""Lab state: every user choice and the user's own data of one lab, as a frozen dataclass
that turns into plain JSON-able dicts and back. Experiment files and the session the app
reopens at start are both made from it (core.experiment holds the file format).

Qt-free on purpose (tests/test_architecture.py checks): a state can be built, compared,
migrated and written by the CLI and by tests without a window.

A lab declares its state like this::

    @dataclass(frozen=True)
    class LinearState(LabState):
        KEY: ClassVar[str] = "linear"
        VERSION: ClassVar[int] = 2
        MIGRATIONS: ClassVar[Mapping[int, Migration]] = {1: _v1_to_v2}

        lr: float = number(5e-5, lo=1e-12, hi=1e6)
        source: str = choice("seed", "seed", "synthetic", "csv", "edited")
        points: Table = table(columns=2, max_rows=1_000_000)

Every field says what it accepts (number, integer, flag, choice, text, table, numbers);
`from_dict` checks each value against it. Strict (files): the first bad value refuses the
whole state with its field named. Lenient (the session at start): a bad value falls back to
its default, as the settings always did. Missing fields take their defaults (a file from an
older version that lacked them); unknown ones are ignored (a newer minor addition).
Arrays go into `blobs` (.npy members of the experiment file) when a sink is given, else
inline as lists.
"""

from __future__ import annotations

import io
import math
from dataclasses import MISSING, Field, dataclass, field, fields
from dataclasses import replace as _replace
from typing import Any, Callable, ClassVar, Mapping, MutableMapping, TypeVar

import numpy as np

from core.errors import LabError

Migration = Callable[[dict[str, Any]], dict[str, Any]]
S = TypeVar("S", bound="LabState")

INLINE_VALUES = 20_000  # an array with more numbers than this goes into a blob when it can
BLOB_PREFIX = "blob:"


class StateError(LabError):
    """A lab state cannot be read: codes not_a_state, future_version, bad_version,
    missing_migration, bad_value (details: lab, field, value, expected)."""


class Table:
    """An immutable float64 array (rows × columns) that compares by value: a frozen
    dataclass can hold it and two states with the same points are equal."""

    __slots__ = ("_array",)

    def __init__(self, values: object = (), columns: int | None = None) -> None:
        a = np.array(values, dtype=np.float64, copy=True)
        if a.size == 0:
            a = a.reshape(0, columns or (a.shape[1] if a.ndim == 2 else 0))
        if a.ndim == 1 and columns == 1:
            a = a.reshape(-1, 1)
        a.setflags(write=False)
        self._array = a

    @property
    def array(self) -> np.ndarray:
        """The values (read-only)."""
        return self._array

    @property
    def shape(self) -> tuple[int, ...]:
        return tuple(self._array.shape)

    def __len__(self) -> int:
        return int(self._array.shape[0]) if self._array.ndim else 0

    def column(self, i: int) -> np.ndarray:
        return self._array[:, i]

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Table):
            return NotImplemented
        return self._array.shape == other._array.shape and bool(np.array_equal(self._array, other._array))

    def __hash__(self) -> int:
        return hash((self._array.shape, self._array.tobytes()))

    def __repr__(self) -> str:
        return f"Table(shape={self.shape})"


# --------------------------------------------------------------------------- field kinds


@dataclass(frozen=True)
class Check:
    """What a field accepts. `kind` is number, integer, flag, choice, text, table or numbers."""

    kind: str
    lo: float = -math.inf
    hi: float = math.inf
    choices: tuple[Any, ...] = ()
    max_len: int = 4096
    columns: int = 0
    max_rows: int = 0
    optional: bool = False
    whole: bool = False  # numbers: whole ones only

    def expected(self) -> str:
        """What the field accepts, for an error's details (machine-readable, not a sentence)."""
        if self.kind in ("number", "integer", "numbers"):
            return f"{self.kind} in [{self.lo:g}, {self.hi:g}]"
        if self.kind == "choice":
            return "one of " + ", ".join(map(str, self.choices))
        if self.kind == "table":
            return f"table of at most {self.max_rows} rows × {self.columns} columns"
        return self.kind

    def convert(self, value: Any) -> Any:
        """The checked value; ValueError when it is not acceptable."""
        if value is None and self.optional:
            return None
        if self.kind == "flag":
            if isinstance(value, bool):
                return value
            raise ValueError
        if self.kind in ("number", "integer"):
            return self._number(value)
        if self.kind == "choice":
            if value in self.choices and type(value) is type(self.choices[self.choices.index(value)]):
                return value
            raise ValueError
        if self.kind == "text":
            if isinstance(value, str) and len(value) <= self.max_len:
                return value
            raise ValueError
        if self.kind == "numbers":  # a short tuple of numbers (column choices, hidden sizes)
            if not isinstance(value, (list, tuple)) or len(value) > self.max_len:
                raise ValueError
            return tuple(self._number(v) for v in value)
        if self.kind == "table":
            return self._table(value)
        raise ValueError

    def _number(self, value: Any) -> float | int:
        if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
            raise ValueError
        if self.kind == "integer" or self.whole:
            if isinstance(value, float) and not value.is_integer():
                raise ValueError
            number: float | int = int(value)
        else:
            number = float(value)
        if not math.isfinite(number) or not self.lo <= number <= self.hi:
            raise ValueError
        return number

    def _table(self, value: Any) -> Table:
        if isinstance(value, Table):
            a = value.array
        else:
            if not isinstance(value, (list, tuple, np.ndarray)):
                raise ValueError
            try:
                a = np.asarray(value, dtype=np.float64)
            except (TypeError, ValueError, OverflowError) as exc:
                raise ValueError from exc
        if a.size == 0:
            return Table((), self.columns)
        if a.ndim != 2 or a.shape[1] != self.columns or a.shape[0] > self.max_rows:
            raise ValueError
        if not np.isfinite(a).all() or not (np.abs(a) <= self.hi).all():
            raise ValueError
        return value if isinstance(value, Table) else Table(a)


def _field(default: Any, check: Check) -> Any:
    if isinstance(default, (list, dict, np.ndarray)):
        raise TypeError("state defaults are immutable: use a tuple or a Table")
    return field(default=default, metadata={"check": check})


def number(default: float | None, lo: float = -math.inf, hi: float = math.inf, optional: bool = False) -> Any:
    """A finite float in [lo, hi]."""
    return _field(default, Check("number", lo=lo, hi=hi, optional=optional))


def integer(default: int | None, lo: int = -(2**63), hi: int = 2**63 - 1, optional: bool = False) -> Any:
    """A whole number in [lo, hi] (a float such as 3.0 is taken as 3)."""
    return _field(default, Check("integer", lo=lo, hi=hi, optional=optional))


def flag(default: bool) -> Any:
    return _field(default, Check("flag"))


def choice(default: Any, *choices: Any) -> Any:
    """One of `choices` (strings or numbers); the default must be one of them."""
    if default not in choices:
        raise ValueError(f"{default!r} is not among {choices!r}")
    return _field(default, Check("choice", choices=tuple(choices)))


def text(default: str, max_len: int = 4096) -> Any:
    return _field(default, Check("text", max_len=max_len))


def numbers(default: tuple[float | int, ...], lo: float = -math.inf, hi: float = math.inf, max_len: int = 64,
            whole: bool = False) -> Any:
    """A short tuple of numbers (whole ones when `whole`)."""
    return _field(tuple(default), Check("numbers", lo=lo, hi=hi, max_len=max_len, whole=whole))


def table(columns: int, max_rows: int, limit: float = 1e150) -> Any:
    """A Table of `columns` columns, at most `max_rows` rows, every |value| ≤ limit."""
    return _field(Table((), columns), Check("table", columns=columns, max_rows=max_rows, hi=limit))


# --------------------------------------------------------------------------- the state


@dataclass(frozen=True)
class LabState:
    """Base of every lab's state (see the module's docstring)."""

    KEY: ClassVar[str] = ""
    VERSION: ClassVar[int] = 1
    # MIGRATIONS[v] turns a version-v dict into a version-(v+1) dict
    MIGRATIONS: ClassVar[Mapping[int, Migration]] = {}

    @classmethod
    def checks(cls) -> dict[str, Check]:
        """Each field's check (every field of a state has one)."""
        out = {}
        for f in fields(cls):
            check = f.metadata.get("check")
            if not isinstance(check, Check):
                raise TypeError(f"{cls.__name__}.{f.name} has no check: declare it with number(), choice(), ...")
            out[f.name] = check
        return out

    def to_dict(self, blobs: MutableMapping[str, bytes] | None = None) -> dict[str, Any]:
        """Plain JSON-able values, with "version". With a `blobs` sink, a large array goes
        there as .npy bytes and the dict holds "blob:<name>"."""
        out: dict[str, Any] = {"version": self.VERSION}
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, Table):
                if blobs is not None and value.array.size > INLINE_VALUES:
                    name = f"{self.KEY}/{f.name}.npy"
                    buffer = io.BytesIO()
                    np.save(buffer, value.array, allow_pickle=False)
                    blobs[name] = buffer.getvalue()
                    out[f.name] = BLOB_PREFIX + name
                else:
                    out[f.name] = value.array.tolist()
            elif isinstance(value, tuple):
                out[f.name] = list(value)
            else:
                out[f.name] = value
        return out

    @classmethod
    def from_dict(cls: type[S], data: object, strict: bool = True,
                  blobs: Mapping[str, bytes] | None = None) -> S:
        """The state a dict describes, migrated from an older version. Strict: a bad value
        raises StateError naming its field; lenient: it takes the field's default."""
        if not isinstance(data, Mapping):
            raise StateError("not_a_state", {"lab": cls.KEY, "type": type(data).__name__})
        version = data.get("version")
        if isinstance(version, bool) or not isinstance(version, int) or version < 1:
            raise StateError("bad_version", {"lab": cls.KEY, "version": repr(version)[:40]})
        if version > cls.VERSION:
            raise StateError("future_version", {"lab": cls.KEY, "version": version, "supported": cls.VERSION})
        d = dict(data)
        while version < cls.VERSION:
            migrate = cls.MIGRATIONS.get(version)
            if migrate is None:
                raise StateError("missing_migration", {"lab": cls.KEY, "version": version})
            d = migrate(d)
            version += 1
        kwargs: dict[str, Any] = {}
        for name, check in cls.checks().items():
            if name not in d:
                continue
            raw = d[name]
            try:
                if isinstance(raw, str) and raw.startswith(BLOB_PREFIX) and check.kind == "table":
                    raw = _load_blob(blobs, raw[len(BLOB_PREFIX):])
                kwargs[name] = check.convert(raw)
            except ValueError:
                if strict:
                    raise StateError("bad_value", {"lab": cls.KEY, "field": name, "value": _short(raw),
                                                   "expected": check.expected()}) from None
        return cls(**kwargs)

    def replace(self: S, **changes: Any) -> S:
        """A copy with `changes`, each checked as from_dict checks it (ValueError names the field)."""
        checks = self.checks()
        for name, value in changes.items():
            if name not in checks:
                raise TypeError(f"{type(self).__name__} has no field {name}")
            try:
                changes[name] = checks[name].convert(value)
            except ValueError:
                raise StateError("bad_value", {"lab": self.KEY, "field": name, "value": _short(value),
                                               "expected": checks[name].expected()}) from None
        return _replace(self, **changes)


def _load_blob(blobs: Mapping[str, bytes] | None, name: str) -> np.ndarray:
    if blobs is None or name not in blobs:
        raise ValueError
    try:
        return np.load(io.BytesIO(blobs[name]), allow_pickle=False)
    except (ValueError, OSError, EOFError) as exc:
        raise ValueError from exc


def _short(value: object) -> str:
    text_ = repr(value)
    return text_ if len(text_) <= 80 else text_[:77] + "..."


def field_default(f: Field[Any]) -> Any:
    """A field's default (for tests and the settings migration)."""
    return f.default if f.default is not MISSING else None
