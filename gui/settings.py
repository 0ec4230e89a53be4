"""QSettings with typed reads and a version key."""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtCore import QSettings

SETTINGS_VERSION = 1
ORGANIZATION = "MLBasicsLab"
APPLICATION = "ML Basics Lab"

T = TypeVar("T", bool, int, float, str)


def open_settings() -> QSettings:
    """The app's settings; stale ones from an older layout version are dropped."""
    s = QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, ORGANIZATION, APPLICATION)
    if read(s, "settings_version", 0) != SETTINGS_VERSION:
        s.clear()
        s.setValue("settings_version", SETTINGS_VERSION)
    return s


def read(settings: QSettings, key: str, default: T) -> T:
    """Read `key` as the type of `default`; anything missing or malformed gives `default`."""
    value = settings.value(key, None)
    if value is None:
        return default
    kind = type(default)
    try:
        if kind is bool:
            if isinstance(value, str):
                return value.strip().lower() in ("1", "true", "yes", "on")  # type: ignore[return-value]
            return bool(value)  # type: ignore[return-value]
        result = kind(value)
    except (TypeError, ValueError):
        return default
    if kind is float and result != result:  # NaN
        return default
    return result  # type: ignore[return-value]
