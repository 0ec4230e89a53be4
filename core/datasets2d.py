"""Labelled 2-D classification data: the seed's two Gaussians, presets, CSV files, splits.

Every data set reaching a classification lab passes through `make_labeled`, which checks
it and remaps the labels to 0..k-1 (keeping the originals for display). The presets are
balanced to within one point and reproducible from their seed.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass
from typing import Sequence

import numpy as np

from core.errors import DataError
from core.numeric import POLY_LARGEST, POLY_RELATIVE_SPREAD, POLY_SMALLEST, check_magnitude, check_seed, check_spread
from core.tabular import ColumnChoice, read_table

MAX_POINTS = 1_000_000
MAX_CLASSES = 6
#: the largest spread or noise of a generated data set: far beyond any lesson, and small
#: enough that the points stay on a scale float64 can square (core.numeric.LARGEST)
MAX_NOISE = 1e100
#: the columns of a labelled points file, and the header names that pick them (case-insensitive)
CSV_ROLES = (("x1", "x", "x_1", "feature1", "f1"), ("x2", "x_2", "feature2", "f2", "y"),
             ("label", "class", "y", "target", "category", "labels"))
#: Labels must be exactly representable integers; float64 is exact up to 2**53.
_MAX_LABEL = 2**53

FEATURE_NAMES_LINEAR = ("x1", "x2")
FEATURE_NAMES_POLY = ("x1", "x2", "x1²", "x2²", "x1·x2")


# --------------------------------------------------------------------------- data


@dataclass(frozen=True, eq=False)  # eq=False: numpy arrays make field-wise == ambiguous
class Labeled:
    """A validated labelled 2-D data set: X (n, 2) float64, y (n,) int64 in 0..k-1."""

    X: np.ndarray
    y: np.ndarray
    labels: tuple  # labels[c] is the original value of class c, as a Python int
    columns: ColumnChoice | None = None  # the file columns x1, x2 and the label came from

    def __post_init__(self) -> None:
        X = np.array(self.X, dtype=np.float64, order="C")
        y = np.array(self.y, dtype=np.int64).reshape(-1)
        X.setflags(write=False)
        y.setflags(write=False)
        object.__setattr__(self, "X", X)
        object.__setattr__(self, "y", y)
        object.__setattr__(self, "labels", tuple(int(v) for v in self.labels))

    @property
    def n(self) -> int:
        return int(self.X.shape[0])

    @property
    def k(self) -> int:
        return len(self.labels)

    def counts(self) -> np.ndarray:
        """Number of points in each class, indexed by class 0..k-1."""
        return np.bincount(self.y, minlength=self.k)


def _labels_as_int(y: object) -> np.ndarray:
    """y as int64, or DataError if it is not numeric or holds a non-integer value."""
    ya = np.asarray(y)
    if ya.dtype.kind in "bi" or (ya.dtype.kind == "u" and ya.dtype.itemsize < 8):
        return ya.astype(np.int64).reshape(-1)
    try:
        yf = np.array(y, dtype=np.float64).reshape(-1)
    except (TypeError, ValueError) as exc:
        raise DataError("not_a_number", {"reason": str(exc)}) from exc
    with np.errstate(invalid="ignore"):
        bad = ~np.isfinite(yf) | (np.abs(yf) > _MAX_LABEL) | (yf != np.round(yf))
    if bad.any():
        i = int(np.argmax(bad))
        raise DataError("label_not_integer", {"index": i, "value": float(yf[i])})
    return yf.astype(np.int64)


def make_labeled(X: object, y: object, *, min_classes: int = 1) -> Labeled:
    """The one entry point for data into the classification labs: validate, copy, remap labels."""
    try:
        Xa = np.array(X, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise DataError("not_a_number", {"reason": str(exc)}) from exc
    if Xa.ndim != 2 or Xa.shape[1] != 2:
        raise DataError("bad_shape", {"shape": list(Xa.shape)})
    n = int(Xa.shape[0])
    if n > MAX_POINTS:
        raise DataError("too_many_points", {"count": n, "limit": MAX_POINTS})
    try:
        y_size = int(np.asarray(y).size)
    except (TypeError, ValueError) as exc:
        raise DataError("not_a_number", {"reason": str(exc)}) from exc
    if y_size != n:
        raise DataError("bad_shape", {"x": n, "y": y_size})
    if n < 2:
        raise DataError("too_few_points", {"count": n, "minimum": 2})
    bad = ~np.isfinite(Xa).all(axis=1)
    if bad.any():
        raise DataError("non_finite", {"index": int(np.argmax(bad))})
    check_scale(Xa)
    yi = _labels_as_int(y)
    originals, remapped = np.unique(yi, return_inverse=True)
    k = int(originals.size)
    if k > MAX_CLASSES:
        raise DataError("too_many_classes", {"count": k, "limit": MAX_CLASSES})
    if k < min_classes:
        raise DataError("one_class", {"count": k})
    return Labeled(Xa, remapped.reshape(-1), tuple(int(v) for v in originals))


def check_scale(X: np.ndarray, names: Sequence[str] = FEATURE_NAMES_LINEAR, *, poly: bool = False) -> None:
    """Refuse features float64 cannot square (core.numeric), or that vary only in their last
    digits once centred. An exactly constant feature is allowed: the points lie on a line.

    poly: the stricter limits of degree-2 features (x1², x2², x1·x2 square the data again).
    """
    for j, name in enumerate(names):
        if poly:
            s = check_magnitude(X[:, j], name, largest=POLY_LARGEST, smallest=POLY_SMALLEST, poly=True)
            check_spread(X[:, j], name, s, relative=POLY_RELATIVE_SPREAD, allow_constant=True, poly=True)
        else:
            s = check_magnitude(X[:, j], name)
            check_spread(X[:, j], name, s, allow_constant=True)


# --------------------------------------------------------------------------- the seed's data


def seed_dataset() -> Labeled:
    """The seed tutorial's data: 100 points around (3, 4) as class 0, 200 around (7, 6) as 1."""
    rs = np.random.RandomState(1115)
    data_0 = rs.multivariate_normal(mean=[3, 4], cov=[[3, 0], [0, 1]], size=100)
    data_1 = rs.multivariate_normal(mean=[7, 6], cov=[[3, 0], [0, 2]], size=200)
    X = np.vstack([data_0, data_1])
    y = np.array([0] * 100 + [1] * 200, dtype=np.int64)
    return Labeled(X, y, (0, 1))


# --------------------------------------------------------------------------- presets


def _check_n(n: int) -> int:
    if n > MAX_POINTS:
        raise DataError("too_many_points", {"count": int(n), "limit": MAX_POINTS})
    if n < 2:
        raise DataError("too_few_points", {"count": int(n), "minimum": 2})
    return int(n)


def _check_classes(k: int, n: int) -> int:
    """2..MAX_CLASSES classes and at least a point for each; returns n checked."""
    if k > MAX_CLASSES:
        raise DataError("too_many_classes", {"count": int(k), "limit": MAX_CLASSES})
    if k < 2:
        raise DataError("one_class", {"count": int(k)})
    n = _check_n(n)
    if n < k:  # every class needs a point, else it silently disappears
        raise DataError("too_few_points", {"count": n, "minimum": int(k)})
    return n


def _check_noise(noise: float) -> float:
    if not (math.isfinite(noise) and 0 <= noise <= MAX_NOISE):
        raise DataError("bad_noise", {"noise": noise, "limit": MAX_NOISE})
    return float(noise)


def _class_sizes(n: int, k: int) -> list[int]:
    """n split into k parts differing by at most one, larger parts first."""
    return [n // k + (1 if c < n % k else 0) for c in range(k)]


def _finish(parts: list[np.ndarray], rng: np.random.Generator) -> Labeled:
    """Stack per-class point blocks and shuffle, so no class is drawn wholly on top."""
    X = np.vstack(parts)
    check_scale(X)
    y = np.concatenate([np.full(len(p), c, dtype=np.int64) for c, p in enumerate(parts)])
    order = rng.permutation(X.shape[0])
    return Labeled(X[order], y[order], tuple(range(len(parts))))


def blobs(k: int, n: int, spread: float, seed: int) -> Labeled:
    """k isotropic Gaussians (std `spread`) centred evenly on a circle of radius 4, first at 90°."""
    n = _check_classes(k, n)
    spread = _check_noise(spread)
    rng = np.random.default_rng(check_seed(seed))
    parts = []
    for c, size in enumerate(_class_sizes(n, k)):
        angle = math.pi / 2 + 2 * math.pi * c / k
        centre = 4.0 * np.array([math.cos(angle), math.sin(angle)])
        parts.append(centre + rng.normal(0.0, spread, size=(size, 2)))
    return _finish(parts, rng)


def circles(n: int, noise: float, seed: int) -> Labeled:
    """Two concentric rings (outer radius 1 class 0, inner 0.5 class 1) plus N(0, noise²), ×3."""
    n = _check_n(n)
    noise = _check_noise(noise)
    rng = np.random.default_rng(check_seed(seed))
    parts = []
    for radius, size in zip((1.0, 0.5), _class_sizes(n, 2)):
        t = rng.uniform(0.0, 2 * math.pi, size=size)
        ring = radius * np.column_stack([np.cos(t), np.sin(t)])
        parts.append(3.0 * (ring + rng.normal(0.0, noise, size=(size, 2))))
    return _finish(parts, rng)


def moons(n: int, noise: float, seed: int) -> Labeled:
    """scikit-learn's two moons (outer class 0, inner class 1) plus N(0, noise²), centred, ×2."""
    n = _check_n(n)
    noise = _check_noise(noise)
    rng = np.random.default_rng(check_seed(seed))
    n0, n1 = _class_sizes(n, 2)
    t0 = rng.uniform(0.0, math.pi, size=n0)
    t1 = rng.uniform(0.0, math.pi, size=n1)
    outer = np.column_stack([np.cos(t0), np.sin(t0)])
    inner = np.column_stack([1.0 - np.cos(t1), 1.0 - np.sin(t1) - 0.5])
    centre = np.array([0.5, 0.25])  # middle of the bounding box [-1, 2] × [-0.5, 1]
    parts = [
        2.0 * (moon + rng.normal(0.0, noise, size=moon.shape) - centre) for moon in (outer, inner)
    ]
    return _finish(parts, rng)


def xor(n: int, noise: float, seed: int) -> Labeled:
    """Uniform points in [-3, 3]², class 1 where x1·x2 > 0 (quadrants I, III), plus N(0, noise²)."""
    n = _check_n(n)
    noise = _check_noise(noise)
    rng = np.random.default_rng(check_seed(seed))
    parts = []
    # Sampling each class in its own quadrants keeps the classes balanced exactly.
    for c, size in enumerate(_class_sizes(n, 2)):
        mag = 3.0 - rng.uniform(0.0, 3.0, size=(size, 2))  # in (0, 3], so x1·x2 is never 0
        sign = rng.choice(np.array([-1.0, 1.0]), size=size)
        clean = np.column_stack([sign * mag[:, 0], (sign if c == 1 else -sign) * mag[:, 1]])
        parts.append(clean + rng.normal(0.0, noise, size=(size, 2)))
    return _finish(parts, rng)


# --------------------------------------------------------------------------- files


def load_labeled_csv(path: str | os.PathLike[str], columns: Sequence[str | int] | None = None) -> Labeled:
    """Read x1,x2,label rows from a CSV file (see core.tabular); at least two classes.

    The columns are those named x1, x2 and label in the header (or an alias in CSV_ROLES:
    class or y for the label, say), else the first three; `columns` chooses them instead, by
    header name or 0-based index, in the order x1, x2, label. The result's `columns` says
    which were used.
    """
    table = read_table(path, CSV_ROLES, columns, max_rows=MAX_POINTS)
    try:
        data = make_labeled(table.values[:, :2], table.values[:, 2], min_classes=2)
    except DataError as exc:
        exc.details.setdefault("path", str(path))
        role = {"x1": 0, "x2": 1}.get(exc.details.get("column", ""))
        if role is not None and table.choice.names[role]:  # say the file's own name for it
            exc.details["column"] = table.choice.names[role]
        raise
    return Labeled(data.X, data.y, data.labels, table.choice)


# --------------------------------------------------------------------------- splits, features


def split_mask(n: int, test_fraction: float, seed: int, y: np.ndarray | None = None) -> np.ndarray:
    """A boolean test mask over n points, stratified by class when y is given (True = test)."""
    if not (math.isfinite(test_fraction) and 0.0 <= test_fraction <= 0.9):
        raise DataError("bad_split", {"fraction": test_fraction})
    if n < 0:
        raise DataError("too_few_points", {"count": int(n), "minimum": 0})
    rng = np.random.default_rng(check_seed(seed))
    mask = np.zeros(int(n), dtype=bool)

    def pick(idx: np.ndarray) -> None:
        # Round half up, so the count does not depend on Python's banker's rounding.
        count = int(math.floor(test_fraction * idx.size + 0.5))
        mask[rng.permutation(idx)[:count]] = True

    if y is None:
        pick(np.arange(n))
        return mask
    ya = np.asarray(y).reshape(-1)
    if ya.size != n:
        raise DataError("bad_shape", {"x": int(n), "y": int(ya.size)})
    for c in np.unique(ya):
        pick(np.flatnonzero(ya == c))
    return mask


def polynomial_features(X: np.ndarray) -> np.ndarray:
    """Degree-2 features of (n, 2) points, columns in FEATURE_NAMES_POLY order: x1, x2, x1², x2², x1·x2."""
    Xa = np.asarray(X, dtype=np.float64)
    if Xa.ndim != 2 or Xa.shape[1] != 2:
        raise DataError("bad_shape", {"shape": list(Xa.shape)})
    x1, x2 = Xa[:, 0], Xa[:, 1]
    return np.column_stack([x1, x2, x1 * x1, x2 * x2, x1 * x2])


def spiral(n: int, noise: float, seed: int, turns: float = 1.5, k: int = 2) -> Labeled:
    """k interleaved spiral arms from the centre, `turns` turns each, class c rotated by 2πc/k,
    plus N(0, noise²), ×1.5 (so within about [-1.5, 1.5]²)."""
    n = _check_classes(k, n)
    noise = _check_noise(noise)
    if not (math.isfinite(turns) and 0 < turns <= 10):
        raise DataError("bad_turns", {"turns": turns})
    rng = np.random.default_rng(check_seed(seed))
    parts = []
    for c, size in enumerate(_class_sizes(n, k)):
        t = rng.uniform(0.0, 1.0, size=size)  # radius, and the fraction of the arm's turns
        angle = 2 * math.pi * (turns * t + c / k)
        arm = t[:, None] * np.column_stack([np.cos(angle), np.sin(angle)])
        parts.append(1.5 * (arm + rng.normal(0.0, noise, size=(size, 2))))
    return _finish(parts, rng)
