"""QSettings with typed, checked reads and a version key.

Every value read back is checked: missing, malformed, non-finite, out of range or not
one of the choices gives the default. One bad value in the file (an integer seed of
1e20, start_b = 1e300) used to make the app exit at start, every time.
"""

from __future__ import annotations

import math
from typing import Any, Iterable, Sequence, TypeVar, cast

from PySide6.QtCore import QSettings

from gui.paths import APPLICATION, ORGANIZATION  # one spelling, also for the folders

SETTINGS_VERSION = 1
# Qt's spin boxes and sliders hold a C int
INT_MIN, INT_MAX = -(2**31), 2**31 - 1

T = TypeVar("T", bool, int, float, str)


def open_settings() -> QSettings:
    """The app's settings; stale ones from an older layout version are dropped."""
    s = QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, ORGANIZATION, APPLICATION)
    if read(s, "settings_version", 0) != SETTINGS_VERSION:
        s.clear()
        s.setValue("settings_version", SETTINGS_VERSION)
    return s


def _convert(value: Any, kind: type) -> Any:
    if kind is bool:
        if isinstance(value, str):
            text = value.strip().lower()
            if text in ("1", "true", "yes", "on"):
                return True
            if text in ("0", "false", "no", "off", ""):
                return False
            raise ValueError(value)
        if isinstance(value, (bool, int)):
            return bool(value)
        raise ValueError(value)
    if kind is int:
        if isinstance(value, bool):
            raise ValueError(value)
        if isinstance(value, float):
            if not value.is_integer():
                raise ValueError(value)
            return int(value)
        return int(str(value).strip())
    if kind is float:
        if isinstance(value, bool):
            raise ValueError(value)
        return float(value)
    if kind is str:
        if not isinstance(value, str):
            raise ValueError(value)
        return value
    raise TypeError(kind)


def read(settings: QSettings, key: str, default: T, *, lo: float | None = None, hi: float | None = None,
         choices: Sequence[Any] | None = None) -> T:
    """Read `key` as the type of `default`; anything missing, malformed, non-finite, outside
    [lo, hi] or not among `choices` gives `default`. Integers must also fit a C int."""
    value = settings.value(key, None)
    if value is None:
        return default
    kind = type(default)
    try:
        result = _convert(value, kind)
    except (TypeError, ValueError, OverflowError):
        return default
    if kind is float and not math.isfinite(result):
        return default
    if kind is int and not (INT_MIN <= result <= INT_MAX):
        return default
    if lo is not None and result < lo:
        return default
    if hi is not None and result > hi:
        return default
    if choices is not None and result not in choices:
        return default
    return result


def read_for(settings: QSettings, key: str, default: T, widget: Any) -> T:
    """read() within what `widget` accepts: a spin box's or slider's range, a log slider's
    bounds, a combo box's item data."""
    from PySide6.QtWidgets import QComboBox

    if isinstance(widget, QComboBox):
        return read(settings, key, default, choices=[widget.itemData(i) for i in range(widget.count())])
    lo = widget.minimum() if callable(getattr(widget, "minimum", None)) else getattr(widget, "minimum", None)
    hi = widget.maximum() if callable(getattr(widget, "maximum", None)) else getattr(widget, "maximum", None)
    return read(settings, key, default, lo=lo, hi=hi)


def read_pair(settings: QSettings, key: str, default: tuple[int, int], lo: int, hi: int) -> tuple[int, int]:
    """A (low, high) pair of integers within [lo, hi] with low ≤ high (a range slider)."""
    value = settings.value(key, None)
    try:
        a, b = (int(v) for v in cast("Iterable[Any]", value))  # not iterable: TypeError, below
    except (TypeError, ValueError, OverflowError):
        return default
    return (a, b) if lo <= a <= b <= hi else default
