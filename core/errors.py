"""Typed errors raised by core/. The GUI and CLI turn their codes into sentences."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class LabError(Exception):
    """Base class: a machine-readable code plus the offending values (never a sentence)."""

    code: str
    details: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        super().__init__(self.code, self.details)

    def __str__(self) -> str:
        if not self.details:
            return self.code
        inner = ", ".join(f"{k}={v!r}" for k, v in self.details.items())
        return f"{self.code} ({inner})"


class DataError(LabError):
    """Input data (a file, generated points) cannot be used."""


class ConfigError(LabError):
    """A hyperparameter is out of its valid range (a learning rate of 0, say)."""


class NumericError(LabError):
    """A computation left float64's range (an overflow, a NaN) and was stopped before it spread."""


class SaveError(LabError):
    """A file could not be written (code save_failed: details path and reason); the old file is intact."""
