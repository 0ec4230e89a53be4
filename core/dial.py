"""Reading a pointer dial, as the seed does it (1.1 example) and better.

The seed resizes the photo to 250×250, keeps red with two HSV hue ranges, takes the mask
pixels as points (x = column, y = height − row) and fits y on x by least squares. That
fails for a vertical needle and for any other red thing in the picture, so the pipeline
here keeps each step but makes it robust:

  work copy   the seed's 250×250, or a bounded-size copy (coordinates mapped back);
  mask        HSV thresholds (two hue ranges for red) or a dark-needle mode on value,
              then a light morphological clean-up;
  component   the connected component that is the needle: long, thin, and pointing at
              the pivot (red scale zones and numerals are rejected);
  line        ordinary least squares as the seed (kept to show its failure), total least
              squares / PCA (default, any angle) or a robust Huber fit;
  pivot       given by the user, or the centre of the dial face projected onto the line,
              or the wide end of the tapered needle;
  angle       from the pivot to the tip, counterclockwise from +x with y up, in [0, 360);
  reading     a calibration maps angle to value (two marks or more, piecewise linear).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace

import cv2
import numpy as np

from core.errors import LabError

FIT_METHODS = ("seed", "tls", "robust")
COLORS = ("red", "dark", "custom")
MIN_PIXELS = 25  # in the work image: fewer is not a needle
MIN_CONFIDENCE = 0.3  # below this a reading is flagged unreliable (and a mask that is no needle refused)


class DialError(LabError):
    """The dial cannot be read; the code says which stage failed and what to change."""


@dataclass(frozen=True)
class HSVBounds:
    """Hue ranges on OpenCV's 0–180 scale (the second may be empty: lo > hi), and floors."""

    h1: tuple[int, int] = (0, 10)
    h2: tuple[int, int] = (156, 180)
    s_min: int = 43
    v_min: int = 46

    def validated(self) -> "HSVBounds":
        for lo, hi in (self.h1, self.h2):
            if not (0 <= lo <= 180 and 0 <= hi <= 180):
                raise DialError("bad_hsv", {"h": (lo, hi)})
        if not (0 <= self.s_min <= 255 and 0 <= self.v_min <= 255):
            raise DialError("bad_hsv", {"s_min": self.s_min, "v_min": self.v_min})
        return self


SEED_HSV = HSVBounds()


@dataclass(frozen=True)
class Calibration:
    """Marks on the scale: (angle, value) pairs; values run clockwise unless ccw."""

    marks: tuple[tuple[float, float], ...]
    ccw: bool = False

    def validated(self) -> "Calibration":
        if len(self.marks) < 2:
            raise DialError("calibration_needs_two", {"marks": len(self.marks)})
        if not all(math.isfinite(a) and math.isfinite(v) for a, v in self.marks):
            raise DialError("bad_calibration", {"marks": self.marks})
        travel = [self._travel(a) for a, _ in self.marks]
        if len(set(round(t, 6) for t in travel)) != len(travel):
            raise DialError("bad_calibration", {"marks": self.marks})
        return self

    def _travel(self, angle: float) -> float:
        """Degrees travelled from the first mark in the direction of increasing values."""
        a0 = self.marks[0][0]
        return ((angle - a0) if self.ccw else (a0 - angle)) % 360.0

    def value(self, angle: float) -> tuple[float, bool]:
        """(value, inside the marked range) for a needle angle; piecewise linear."""
        pts = sorted((self._travel(a), v) for a, v in self.marks)
        t = self._travel(angle)
        t_last = pts[-1][0]
        # past the last mark: nearer the end than the start (across the dead zone)?
        if t > t_last and (t - t_last) > (360.0 - t) / 1.0:
            t = t - 360.0
        inside = 0.0 <= t <= t_last
        if t <= pts[0][0]:
            (t0, v0), (t1, v1) = pts[0], pts[1]
        elif t >= t_last:
            (t0, v0), (t1, v1) = pts[-2], pts[-1]
        else:
            k = next(i for i in range(1, len(pts)) if pts[i][0] >= t)
            (t0, v0), (t1, v1) = pts[k - 1], pts[k]
        value = v0 + (v1 - v0) * (t - t0) / (t1 - t0)
        return value, inside


@dataclass(frozen=True)
class DialSettings:
    color: str = "red"  # "red" (the seed's two ranges), "dark" (low value), "custom" (hsv as given)
    hsv: HSVBounds = SEED_HSV
    dark_v_max: int | None = None  # None: automatic (Otsu on the dial face's brightness)
    seed_resize: bool = False  # the seed's cv2.resize(img, (250, 250))
    max_side: int = 1000  # otherwise work on a copy at most this wide/high
    fit: str = "tls"
    pivot: tuple[float, float] | None = None  # original image coordinates (x right, y down)
    calibration: Calibration | None = None
    clean: bool = True

    def validated(self) -> "DialSettings":
        if self.color not in COLORS:
            raise DialError("bad_color", {"color": self.color})
        if self.fit not in FIT_METHODS:
            raise DialError("bad_fit", {"fit": self.fit})
        self.hsv.validated()
        if self.dark_v_max is not None and not (0 <= self.dark_v_max <= 255):
            raise DialError("bad_hsv", {"v_max": self.dark_v_max})
        if self.pivot is not None and not all(math.isfinite(v) for v in self.pivot):
            raise DialError("bad_pivot", {"pivot": self.pivot})
        if self.calibration is not None:
            self.calibration.validated()
        return self


@dataclass(frozen=True)
class LineFit:
    point: np.ndarray  # a point on the line (work coordinates, x right, y down)
    direction: np.ndarray  # unit vector along the needle (work coordinates)
    rms: float  # perpendicular residual RMS, work pixels
    method: str


@dataclass
class DialResult:
    """Everything the lab shows: each stage's output, in work and original coordinates."""

    angle_deg: float
    reading: float | None
    in_range: bool | None
    pivot: tuple[float, float]  # original coordinates
    tip: tuple[float, float]
    pivot_source: str  # "user", "face" or "needle"
    pixels: int
    confidence: float
    fit: LineFit
    work_bgr: np.ndarray
    mask: np.ndarray  # after thresholds and clean-up (work size)
    needle: np.ndarray  # the chosen component (work size, bool)
    scale: tuple[float, float]  # original = work × scale
    face: tuple[float, float, float] | None  # (x, y, r) in work coordinates
    seed_points: tuple[np.ndarray, np.ndarray] = field(repr=False, default=(np.empty(0), np.empty(0)))
    dark_v_max: int | None = None  # dark mode: the brightness threshold the mask used (chosen or automatic)

    @property
    def reliable(self) -> bool:
        """False when the line leaves too large a residual for its angle to be trusted."""
        return self.confidence >= MIN_CONFIDENCE

    @property
    def residual_px(self) -> float:
        """The fit's perpendicular RMS residual in the original image's pixels."""
        return float(self.fit.rms * max(self.scale))


# --------------------------------------------------------------------------- stages


def work_copy(bgr: np.ndarray, settings: DialSettings) -> tuple[np.ndarray, tuple[float, float]]:
    """The image the pipeline works on and the scale back to the original (x, y)."""
    h, w = bgr.shape[:2]
    if settings.seed_resize:
        return cv2.resize(bgr, (250, 250)), (w / 250.0, h / 250.0)
    f = min(1.0, settings.max_side / max(h, w))
    if f >= 1.0:
        return bgr, (1.0, 1.0)
    size = (max(1, round(w * f)), max(1, round(h * f)))
    return cv2.resize(bgr, size, interpolation=cv2.INTER_AREA), (w / size[0], h / size[1])


def dark_threshold(value: np.ndarray, face: tuple[float, float, float] | None) -> int:
    """The brightness below which a pixel counts as 'dark needle': Otsu's split of the dial
    face's values (the face is light, the needle, ticks and numerals dark)."""
    region = value
    if face is not None:
        disk = face_disk(value.shape, face, 0.9)
        if disk.any():
            region = value[disk]
    thr, _ = cv2.threshold(region.reshape(-1, 1).astype(np.uint8), 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    return int(thr)


def face_disk(shape: tuple[int, ...], face: tuple[float, float, float], fraction: float) -> np.ndarray:
    """Boolean disk of the dial face (radius × fraction)."""
    h, w = shape[:2]
    yy, xx = np.ogrid[:h, :w]
    x, y, r = face
    return (xx - x) ** 2 + (yy - y) ** 2 <= (r * fraction) ** 2


def color_mask(bgr: np.ndarray, settings: DialSettings, face: tuple[float, float, float] | None = None) -> np.ndarray:
    """uint8 mask (255 = needle colour): the seed's extract_red, a custom range, or dark.

    Dark mode keeps only the dial face when it was found: the bezel, the case and the
    background are dark too."""
    hsv = cv2.cvtColor(bgr, cv2.COLOR_BGR2HSV)
    if settings.color == "dark":
        v_max = settings.dark_v_max if settings.dark_v_max is not None else dark_threshold(hsv[:, :, 2], face)
        mask = cv2.inRange(hsv, np.array([0, 0, 0]), np.array([180, 255, v_max]))
        if face is not None:
            mask[~face_disk(mask.shape, face, 0.92)] = 0
        return mask
    b = settings.hsv if settings.color == "custom" else SEED_HSV
    mask = np.zeros(hsv.shape[:2], np.uint8)
    for lo, hi in (b.h1, b.h2):
        if lo <= hi:
            mask = cv2.bitwise_or(mask, cv2.inRange(hsv, np.array([lo, b.s_min, b.v_min]), np.array([hi, 255, 255])))
    return mask


def clean_mask(mask: np.ndarray) -> np.ndarray:
    """Remove single-pixel speckle and close one-pixel gaps (a 3×3 open, then close)."""
    k = np.ones((3, 3), np.uint8)
    return cv2.morphologyEx(cv2.morphologyEx(mask, cv2.MORPH_OPEN, k), cv2.MORPH_CLOSE, k)


def find_face(bgr: np.ndarray) -> tuple[float, float, float] | None:
    """The dial face as (x, y, r) in this image's pixels, or None: the strongest large circle."""
    h, w = bgr.shape[:2]
    f = min(1.0, 160.0 / max(h, w))  # the face is big: 160 px find it, and Hough's cost is in pixels
    small = cv2.resize(bgr, (max(1, round(w * f)), max(1, round(h * f))), interpolation=cv2.INTER_AREA) \
        if f < 1 else bgr
    gray = cv2.medianBlur(cv2.cvtColor(small, cv2.COLOR_BGR2GRAY), 5)
    sh, sw = gray.shape
    side = min(sh, sw)
    circles = cv2.HoughCircles(gray, cv2.HOUGH_GRADIENT, dp=1.0, minDist=side, param1=120, param2=30,
                               minRadius=int(side * 0.25), maxRadius=int(side * 0.62))
    if circles is None:
        return None
    x, y, r = (float(v) for v in circles[0][0])
    return x / f, y / f, r / f


def _components(mask: np.ndarray) -> list[np.ndarray]:
    """Pixel coordinates (n, 2) as (x, y) of every 8-connected component of the mask."""
    count, labels, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    out = []
    ys, xs = np.nonzero(labels)
    lab = labels[ys, xs]
    order = np.argsort(lab, kind="stable")
    xs, ys, lab = xs[order], ys[order], lab[order]
    bounds = np.searchsorted(lab, np.arange(1, count + 1))
    for c in range(1, count):
        if stats[c, cv2.CC_STAT_AREA] < 3:
            continue
        s, e = bounds[c - 1], bounds[c]
        out.append(np.column_stack([xs[s:e], ys[s:e]]).astype(np.float64))
    return out


def _axis(pts: np.ndarray) -> tuple[np.ndarray, np.ndarray, float, float]:
    """Mean, principal direction, and the two standard deviations (along, across)."""
    mean = pts.mean(axis=0)
    cov = np.cov((pts - mean).T) if len(pts) > 1 else np.eye(2)
    vals, vecs = np.linalg.eigh(cov)
    return mean, vecs[:, 1], math.sqrt(max(vals[1], 0.0)), math.sqrt(max(vals[0], 0.0))


def choose_needle(components: list[np.ndarray], anchor: tuple[float, float] | None,
                  size: float) -> np.ndarray | None:
    """The component most like a needle: long, thin, and (when known) aimed at the anchor."""
    best, best_score = None, 0.0
    for pts in components:
        if len(pts) < MIN_PIXELS:
            continue
        mean, d, along, across = _axis(pts)
        length = 4.0 * along
        thin = along / (across + 0.5)
        if thin < 2.0:
            continue
        score = len(pts) ** 0.5 * min(thin, 20.0) * min(length / size, 0.5)
        if anchor is not None:
            v = np.asarray(anchor) - mean
            off_line = abs(v[0] * d[1] - v[1] * d[0])  # distance from the anchor to the line
            near = np.min(np.hypot(*(pts - np.asarray(anchor)).T)) / size  # its nearest pixel
            score *= math.exp(-off_line / (0.06 * size)) * math.exp(-max(0.0, near - 0.12) / 0.1)
        if score > best_score:
            best, best_score = pts, score
    return best


def fit_line(pts: np.ndarray, method: str, height: int) -> LineFit:
    """The needle's line through its pixels, by the chosen method (work coordinates)."""
    if method == "seed":
        # the seed: X = column, Y = height − row, np.polyfit-style least squares of Y on X
        X, Y = pts[:, 0], height - pts[:, 1]
        if np.ptp(X) == 0:
            raise DialError("seed_fit_vertical", {"pixels": len(pts)})
        k, b = np.polyfit(X, Y, 1)
        d = np.array([1.0, -k]) / math.hypot(1.0, k)  # y down
        point = np.array([X.mean(), height - (k * X.mean() + b)])
    elif method == "robust":
        vx, vy, x0, y0 = cv2.fitLine(pts.astype(np.float32), cv2.DIST_HUBER, 0, 0.01, 0.01).ravel()
        d = np.array([vx, vy], dtype=np.float64)
        point = np.array([x0, y0], dtype=np.float64)
    else:
        point, d, _, _ = _axis(pts)
    rel = pts - point
    rms = float(np.sqrt(np.mean((rel[:, 0] * d[1] - rel[:, 1] * d[0]) ** 2)))
    return LineFit(point, d / np.linalg.norm(d), rms, method)


def _project(point: np.ndarray, fit: LineFit) -> np.ndarray:
    return fit.point + np.dot(point - fit.point, fit.direction) * fit.direction


def pivot_and_tip(pts: np.ndarray, fit: LineFit, pivot: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
    """The pivot on the line (given, or the needle's wide end) and the tip: the end of the
    needle farther from the pivot."""
    t = (pts - fit.point) @ fit.direction
    if pivot is None:
        # a needle tapers towards its tip: the widest stretch is at the pivot
        across = np.abs((pts - fit.point) @ np.array([-fit.direction[1], fit.direction[0]]))
        bins = np.linspace(t.min(), t.max(), 13)
        idx = np.clip(np.digitize(t, bins) - 1, 0, 11)
        width = np.array([across[idx == i].max() if np.any(idx == i) else 0.0 for i in range(12)])
        # smooth, and prefer the ends (the pivot is near one end even with a tail)
        centre = (bins[:-1] + bins[1:]) / 2
        piv_t = float(centre[int(np.argmax(np.convolve(width, [1, 2, 1], mode="same")))])
        pivot = fit.point + piv_t * fit.direction
    else:
        piv_t = float(np.dot(pivot - fit.point, fit.direction))
    lo, hi = float(t.min()), float(t.max())
    tip_t = lo if abs(lo - piv_t) > abs(hi - piv_t) else hi
    return pivot, fit.point + tip_t * fit.direction


def _cross(a: np.ndarray, b: np.ndarray) -> float:
    return float(a[0] * b[1] - a[1] * b[0])


def angle_of(direction: np.ndarray) -> float:
    """Degrees counterclockwise from +x with y up, in [0, 360), of a y-down direction."""
    return math.degrees(math.atan2(-direction[1], direction[0])) % 360.0


# --------------------------------------------------------------------------- the pipeline


def _shape_confidence(pts: np.ndarray) -> float:
    """Is this component a needle at all: elongation (1 − across/along: a line is 1, a blob 0),
    discounted for few pixels. Chooses among thresholds and refuses blobs (fit_too_poor)."""
    _, _, along, across = _axis(pts)
    return float(max(0.0, 1.0 - across / (along + 1e-9)) * min(1.0, len(pts) / (4.0 * MIN_PIXELS)))


def line_confidence(pts: np.ndarray, fit: LineFit) -> float:
    """How far to trust `fit` through a needle's pixels, from 0 to 1: the residual it leaves
    measured against the needle's length and against its thickness, for any fit method.

    - slender: 1 − residual / the spread of the pixels along the needle (a line is long and
      thin; a fit leaving a residual as large as the needle's length says nothing);
    - follows: the residual the best straight line leaves (the needle's own thickness) over
      this fit's residual: 1 for total least squares, small when the line misses the
      needle (the seed's y on x through a vertical needle);
    - clean: the thickness of the needle's core (its median distance from the best line,
      as a solid strip would have it) over the best line's residual: pixels far from the
      line (noise, blobs, a hub) make it fall;
    - few: fewer than 4 × MIN_PIXELS pixels count less.
    """
    if len(pts) < 2:
        return 0.0
    mean, d, along, _ = _axis(pts)
    best = (pts - mean) @ np.array([-d[1], d[0]])
    best_rms = float(np.sqrt(np.mean(best ** 2)))
    rms = max(float(fit.rms), best_rms)  # no line leaves less than the best one
    core = 2.0 / math.sqrt(3.0) * float(np.median(np.abs(best)))  # a uniform strip's RMS from its median
    slender = max(0.0, 1.0 - rms / (along + 1e-9))
    follows = ((best_rms + 0.5) / (rms + 0.5)) ** 2
    clean = math.sqrt(min(1.0, (core + 0.5) / (best_rms + 0.5)))
    few = min(1.0, len(pts) / (4.0 * MIN_PIXELS))
    return float(slender * follows * clean * few)


def _needle(work: np.ndarray, settings: DialSettings, face, anchor: np.ndarray,
            size: float) -> tuple[np.ndarray, np.ndarray, float]:
    """Mask, the needle's pixels and how needle-like they are, for one set of thresholds."""
    raw = color_mask(work, settings, face)
    if not raw.any():
        raise DialError("no_pixels", {"color": settings.color})
    mask = clean_mask(raw) if settings.clean else raw
    if not mask.any():
        mask = raw  # thin needles can vanish in the clean-up; keep what passed
    comps = _components(mask)
    biggest = max((len(c) for c in comps), default=0)
    if biggest < MIN_PIXELS:
        raise DialError("mask_too_small", {"pixels": int(biggest), "minimum": MIN_PIXELS})
    pts = choose_needle(comps, tuple(anchor), size)
    if pts is None:
        raise DialError("no_needle", {"components": len(comps)})
    return mask, pts, _shape_confidence(pts)


@dataclass
class _Setup:
    """What every attempt at one image shares: the work copy, the face, and the thresholds to try."""

    work: np.ndarray
    scale: tuple[float, float]
    face: tuple[float, float, float] | None
    user_pivot: np.ndarray | None
    anchor: np.ndarray
    tries: list[DialSettings]


def _setup(bgr: np.ndarray, settings: DialSettings) -> _Setup:
    work, (sx, sy) = work_copy(bgr, settings)
    h, w = work.shape[:2]
    user_pivot = None
    if settings.pivot is not None:
        user_pivot = np.array([settings.pivot[0] / sx, settings.pivot[1] / sy])
    face = find_face(work) if (user_pivot is None or settings.color == "dark") else None
    anchor = user_pivot if user_pivot is not None else (np.array(face[:2]) if face else np.array([w / 2, h / 2]))
    if settings.color == "dark" and settings.dark_v_max is None:
        # Otsu's split can be too generous (printed text near the hub joins the needle):
        # try it and two stricter thresholds, keep the thinnest needle found
        value = cv2.cvtColor(work, cv2.COLOR_BGR2HSV)[:, :, 2]
        otsu = dark_threshold(value, face)
        tries = [replace(settings, dark_v_max=int(otsu * f)) for f in (1.0, 0.85, 0.7)]
    else:
        tries = [settings]
    return _Setup(work, (sx, sy), face, user_pivot, anchor, tries)


def threshold_mask(bgr: np.ndarray, settings: DialSettings) -> tuple[np.ndarray, int | None]:
    """The mask read_dial's first attempt makes (work size, after the clean-up) and, in dark
    mode, the threshold it used: what the lab shows when no needle is found in it."""
    settings = settings.validated()
    setup = _setup(bgr, settings)
    first = setup.tries[0]
    raw = color_mask(setup.work, first, setup.face)
    mask = clean_mask(raw) if settings.clean else raw
    return (mask if mask.any() else raw), (first.dark_v_max if settings.color == "dark" else None)


def read_dial(bgr: np.ndarray, settings: DialSettings = DialSettings()) -> DialResult:
    """Run every stage on a decoded BGR image; raises DialError with a code a user can act on."""
    settings = settings.validated()
    setup = _setup(bgr, settings)
    work, (sx, sy), face, user_pivot, anchor, tries = (setup.work, setup.scale, setup.face, setup.user_pivot,
                                                       setup.anchor, setup.tries)
    h, w = work.shape[:2]
    size = float(min(h, w))
    found, first_error = [], None
    for attempt in tries:
        try:
            found.append((*_needle(work, attempt, face, anchor, size), attempt.dark_v_max))
        except DialError as exc:
            first_error = first_error or exc
    if not found:
        raise first_error  # type: ignore[misc]
    mask, pts, shape, v_max = max(found, key=lambda f: f[2])
    fit = fit_line(pts, settings.fit, h)
    if user_pivot is not None:
        pivot_w, source = _project(user_pivot, fit), "user"
    elif face is not None and abs(_cross(fit.direction, np.array(face[:2]) - fit.point)) < 0.15 * face[2]:
        pivot_w, source = _project(np.array(face[:2]), fit), "face"
    else:
        pivot_w, source = None, "needle"
    pivot_w, tip_w = pivot_and_tip(pts, fit, pivot_w)
    direction = tip_w - pivot_w
    if np.linalg.norm(direction) < 1e-9:
        raise DialError("fit_too_poor", {"confidence": 0.0})
    angle = angle_of(fit.direction if np.dot(fit.direction, direction) > 0 else -fit.direction)
    if shape < MIN_CONFIDENCE:  # not a needle: a blob, or a mask of scattered pixels
        raise DialError("fit_too_poor", {"confidence": round(shape, 3)})
    reading, inside = (None, None)
    if settings.calibration is not None:
        reading, inside = settings.calibration.value(angle)
    needle = np.zeros((h, w), bool)
    needle[pts[:, 1].astype(int), pts[:, 0].astype(int)] = True
    return DialResult(
        angle_deg=angle,
        reading=reading,
        in_range=inside,
        pivot=(float(pivot_w[0] * sx), float(pivot_w[1] * sy)),
        tip=(float(tip_w[0] * sx), float(tip_w[1] * sy)),
        pivot_source=source,
        pixels=int(len(pts)),
        confidence=line_confidence(pts, fit),
        fit=fit,
        work_bgr=work,
        mask=mask,
        needle=needle,
        scale=(sx, sy),
        face=face,
        seed_points=(pts[:, 0].copy(), h - pts[:, 1]),
        dark_v_max=v_max if settings.color == "dark" else None,
    )


# --------------------------------------------------------------------------- the eyedropper

EYEDROPPER_HUE_HALF_WIDTH = 10  # hue units (OpenCV's 0–180) either side of the clicked hue
GREY_S_MAX, GREY_V_MAX = 40, 90  # below both: a grey-black needle, whose hue means nothing
DARK_MARGIN = 40  # a dark needle's threshold: the clicked brightness plus this


@dataclass(frozen=True)
class NeedleColour:
    """What the eyedropper makes of a click: HSV ranges for a coloured needle, or (a grey-black
    one) a brightness threshold for the dark mode. Exactly one of the two is set."""

    hsv: HSVBounds | None = None
    dark_v_max: int | None = None


def hsv_around(h: float, s: float, v: float) -> NeedleColour:
    """The mask settings that keep a colour like (h, s, v) (OpenCV's scales: 0–180, 0–255,
    0–255): a hue band of ±10 split in two across red's wrap at 0/180, and floors at half the
    saturation and value; a grey-black colour gives a dark threshold instead (its hue is noise)."""
    if s < GREY_S_MAX and v < GREY_V_MAX:
        return NeedleColour(dark_v_max=int(min(255, v + DARK_MARGIN)))
    lo, hi = int(h) - EYEDROPPER_HUE_HALF_WIDTH, int(h) + EYEDROPPER_HUE_HALF_WIDTH
    if lo < 0:
        h1, h2 = (0, hi), (180 + lo, 180)
    elif hi > 180:
        h1, h2 = (0, hi - 180), (lo, 180)
    else:
        h1, h2 = (lo, hi), ((180, 180) if lo > 0 else (0, 0))
    return NeedleColour(hsv=HSVBounds(h1, h2, int(max(0, s * 0.5)), int(max(0, v * 0.5))))


def pick_needle_colour(bgr: np.ndarray, x: float, y: float, radius: int = 2) -> NeedleColour:
    """The eyedropper: the median HSV of the (2·radius+1)² patch around pixel (x right, y down)
    of a BGR image, made into mask settings by hsv_around (a median: one odd pixel, a JPEG
    artefact or an edge, does not decide)."""
    h_img, w_img = bgr.shape[:2]
    xi, yi = min(max(int(x), 0), w_img - 1), min(max(int(y), 0), h_img - 1)  # a click on the edge: its pixel
    patch = bgr[max(0, yi - radius): yi + radius + 1, max(0, xi - radius): xi + radius + 1].reshape(-1, 1, 3)
    hsv = cv2.cvtColor(np.ascontiguousarray(patch), cv2.COLOR_BGR2HSV).reshape(-1, 3)
    h, s, v = (float(np.median(hsv[:, i])) for i in range(3))
    return hsv_around(h, s, v)


def mark_position(pivot: tuple[float, float], angle_deg: float, radius: float) -> tuple[float, float]:
    """Where a scale mark at `angle_deg` (counterclockwise from +x, y up) lies at `radius`
    pixels from the pivot, in image pixels (x right, y down): the inverse of angle_of."""
    return (pivot[0] + radius * math.cos(math.radians(angle_deg)),
            pivot[1] - radius * math.sin(math.radians(angle_deg)))


def angle_error(a: float, b: float) -> float:
    """The smallest difference between two angles in degrees."""
    d = (a - b) % 360.0
    return min(d, 360.0 - d)


__all__ = [
    "FIT_METHODS", "COLORS", "DialError", "HSVBounds", "SEED_HSV", "Calibration", "DialSettings", "LineFit",
    "DialResult", "work_copy", "color_mask", "clean_mask", "find_face", "choose_needle", "fit_line",
    "pivot_and_tip", "angle_of", "read_dial", "angle_error", "line_confidence", "MIN_CONFIDENCE", "threshold_mask",
    "NeedleColour", "hsv_around", "pick_needle_colour", "mark_position",
]
