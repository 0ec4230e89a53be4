"""Is data on a scale float64 can compute with? Checks at the door, and exact rescaling.

The labs square their data (losses, Hessians, polynomial features). Values near 1e200 have
squares that overflow; values near 1e-300 have squares that underflow to zero; a huge offset
with a tiny spread (1e12 + x) leaves little after centring. Each case is decided where data
enters core, with a typed DataError naming the column, so no NaN or inf ever reaches LAPACK or
a plot range.

Scaling by a power of two is exact in binary floating point (it only changes the exponent),
so every moment here is computed on values brought into (-1, 1) that way and scaled back:
the result has the same bits as the direct computation wherever that one does not overflow.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from core.errors import DataError

#: the largest magnitude accepted: its square (1e300) leaves room for sums over a million rows
LARGEST = 1e150
#: the smallest magnitude a non-zero column may have: its square (1e-300) is still a normal float
SMALLEST = 1e-150
#: a spread (standard deviation) below 2^-48 ≈ 3.6e-15 of the largest magnitude is within
#: about 16 units in the last place: what is left after centring is mostly rounding. Above
#: it, rounding moves each value by under 3% of the spread (1e12 + x needs std(x) ≥ 0.0036)
RELATIVE_SPREAD = 2.0**-48


def ldexp(value: float, exponent: int) -> float:
    """value · 2**exponent, exact; ±inf or 0 where it leaves float64's range (never raises)."""
    with np.errstate(over="ignore", under="ignore"):
        return float(np.ldexp(np.float64(value), exponent))


def exponent_of(magnitude: float) -> int:
    """The e with magnitude < 2**e (0 for 0): dividing by 2**e brings values into (-1, 1)."""
    if magnitude == 0 or not math.isfinite(magnitude):
        return 0
    return math.frexp(magnitude)[1]


def scaled(values: np.ndarray) -> tuple[np.ndarray, int]:
    """(values · 2**-e, e) with the result in (-1, 1): an exact change of scale."""
    v = np.asarray(values, dtype=np.float64)
    e = exponent_of(float(np.max(np.abs(v)))) if v.size else 0
    return (np.ldexp(v, -e) if e else v), e


@dataclass(frozen=True)
class ColumnScale:
    """Size and spread of one column of data, computed without overflow or underflow."""

    magnitude: float  # max |v|
    mean: float
    std: float  # population standard deviation (about the mean)
    exponent: int  # v · 2**-exponent lies in (-1, 1)
    relative_spread: float  # std / magnitude (0 for a constant column)

    @property
    def constant(self) -> bool:
        return self.relative_spread == 0.0


def column_scale(values: np.ndarray) -> ColumnScale:
    """The scale of a finite column (the caller has checked finiteness)."""
    u, e = scaled(values)
    if u.size == 0:
        return ColumnScale(0.0, 0.0, 0.0, 0, 0.0)
    top = float(np.max(np.abs(u)))
    mu = float(np.mean(u))
    d = u - mu
    sd = math.sqrt(float(np.dot(d, d)) / u.size)
    rel = sd / top if top > 0 else 0.0
    if float(np.ptp(u)) == 0.0:
        rel = 0.0  # exactly constant, whatever the rounding of the mean
    return ColumnScale(ldexp(top, e), ldexp(mu, e), ldexp(sd, e), e, rel)


def check_magnitude(values: np.ndarray, column: str, *, largest: float = LARGEST,
                    smallest: float = SMALLEST, **context: Any) -> ColumnScale:
    """Refuse a column whose squares overflow (too large) or underflow (too small).

    A column of zeros is fine (say, y = 0 everywhere). Raises DataError values_too_large or
    values_too_small with the column's name, the offending size, the limit and a power of ten
    to rescale by; `context` adds details (poly=True: the limits of polynomial features).
    """
    s = column_scale(values)
    if s.magnitude > largest:
        index = int(np.argmax(np.abs(values)))
        raise DataError("values_too_large", {"column": column, "value": _round(float(values[index])),
                                             "index": index, "limit": largest,
                                             "factor": _power_of_ten(s.magnitude), **context})
    if 0.0 < s.magnitude < smallest:
        raise DataError("values_too_small", {"column": column, "value": _round(s.magnitude), "limit": smallest,
                                             "factor": _factor_up(s.magnitude), **context})
    return s


def check_spread(values: np.ndarray, column: str, scale: ColumnScale | None = None, *,
                 relative: float = RELATIVE_SPREAD, allow_constant: bool = False, **context: Any) -> ColumnScale:
    """Refuse a column that does not vary once centred, relative to its size (scale-invariant).

    Exactly constant: constant_x (unless allowed). Varying only in its last few digits:
    spread_too_small, with the centre and spread, so the message can say what to subtract.
    Varying by less than SMALLEST: values_too_small with measure="spread" (its square underflows).
    """
    s = scale or column_scale(values)
    if s.constant:
        if allow_constant:
            return s
        raise DataError("constant_x", {"column": column, "x": float(np.asarray(values).reshape(-1)[0])})
    if s.relative_spread < relative:
        raise DataError("spread_too_small", {"column": column, "spread": _round(s.std), "center": _round(s.mean),
                                             **context})
    if s.std < SMALLEST:
        raise DataError("values_too_small", {"column": column, "value": _round(s.std), "limit": SMALLEST,
                                             "factor": _factor_up(s.std), "measure": "spread", **context})
    return s


def _factor_up(magnitude: float) -> float:
    """A power of ten that brings a tiny magnitude near 1 (at most 1e300, itself a float)."""
    return float(f"1e{min(300, -math.floor(math.log10(magnitude)))}")


def _power_of_ten(magnitude: float) -> float:
    """The power of ten at or below a magnitude (1e200 for 3.2e200): a round factor to suggest."""
    return float(f"1e{math.floor(math.log10(magnitude))}")


def _round(value: float) -> float:
    """Four significant digits: enough for a message, and no false precision."""
    return float(f"{value:.4g}")


#: polynomial features square the data again: x², y² and x·y must stay within LARGEST and
#: SMALLEST, and the centred squares keep the variation only if x varies by 2^-24 ≈ 6e-8 of
#: its size (else x² − mean is rounding, and the fit finds "separable" directions in it)
POLY_LARGEST = math.sqrt(LARGEST)
POLY_SMALLEST = math.sqrt(SMALLEST)
POLY_RELATIVE_SPREAD = 2.0**-24

#: seeds are 0 .. 2**32 − 1: what every generator here, numpy's and a spin box accept
MAX_SEED = 2**32 - 1


def check_seed(seed: object) -> int:
    """A random seed as an int in 0..MAX_SEED, or DataError bad_seed (numpy refuses negatives
    with a ValueError that would otherwise escape as a traceback)."""
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or not 0 <= int(seed) <= MAX_SEED:
        raise DataError("bad_seed", {"seed": seed, "limit": MAX_SEED})
    return int(seed)
