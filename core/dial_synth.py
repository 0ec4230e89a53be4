"""Synthetic pointer gauges with exactly known needle angles: test data for the dial reader.

Every dial is drawn at 4× resolution with anti-aliased OpenCV primitives and shrunk with
INTER_AREA, so edges are clean and sub-pixel positions survive. The truth is computed from
the same numbers the drawing uses.

Conventions:
- angles are degrees counterclockwise from +x with y pointing UP (up = 90, left = 180,
  down = 270), normalised into [0, 360);
- pixel coordinates are (x right, y down) with the centre of pixel (row 0, col 0) at
  (0.0, 0.0), the convention of cv2.fitLine and of array indices; the image centre of a
  400 px dial is (199.5, 199.5);
- the whole dial (face, scale, needle) is drawn around the pivot, so `pivot_offset` moves the
  dial in the frame like an off-centre crop;
- red distractors (the red zone, red numerals and the red unit label) are kept at least
  0.1·size from the needle's ray (tail end to the face rim, minus the needle's half width);
  a red zone that would come closer moves to the other end of the scale, and a numeral or
  label that would come closer is printed dark instead.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import cv2
import numpy as np

from core.errors import ConfigError

STYLES = ("plain", "ticks", "red_zone", "numerals", "dark_face", "photo")
NEEDLE_COLORS = ("red", "dark")

_SS = 4  # supersampling factor of the drawing canvas
_SHIFT = 8  # fractional bits passed to cv2 drawing calls
_ONE = 1 << _SHIFT

# Geometry as fractions of the image size.
NEEDLE_LENGTH = 0.38
NEEDLE_WIDTH_PIVOT = 0.035
NEEDLE_WIDTH_TIP = 0.008
TAIL_LENGTH = 0.10
TAIL_WIDTH_END = 0.022
HUB_RADIUS = 0.045
FACE_RADIUS = 0.46
BEZEL_RADIUS = 0.49
TICK_OUTER = 0.43
TICK_MAJOR_INNER = 0.37
TICK_MINOR_INNER = 0.40
ZONE_RADIUS = 0.415
ZONE_THICKNESS = 0.028
NUMERAL_RADIUS = 0.305
DISTRACTOR_CLEARANCE = 0.10

MIN_SIZE, MAX_SIZE = 64, 4096  # pixels per side
MIN_JPEG_QUALITY, MAX_JPEG_QUALITY = 1, 100

SCALE_START_DEG = 225.0  # the scale runs clockwise from 225° to -45°, gap at the bottom
SCALE_END_DEG = -45.0
MAJOR_TICKS = 11
MINOR_PER_MAJOR = 5
RED_ZONES = ((-45.0, 0.0), (180.0, 225.0))  # first choice, then the fallback at the low end

_LIGHT_FACE = (236, 240, 242)
_DARK_FACE = (32, 30, 30)
_BACKGROUND = (222, 222, 222)
_RED_DISTRACTOR = (28, 24, 215)


@dataclass(frozen=True)
class DialTruth:
    """What a dial reader should find in one synthetic image."""

    angle_deg: float
    pivot: tuple[float, float]
    tip: tuple[float, float]
    needle_color: str
    style: str
    size: int


def normalize_angle(angle_deg: float) -> float:
    """The same direction in [0, 360)."""
    a = float(angle_deg) % 360.0
    return 0.0 if a >= 360.0 or a == 0.0 else a  # `% 360` can round up to 360 and give -0.0


def _fx(points: np.ndarray) -> np.ndarray:
    """Output-pixel coordinates -> fixed-point coordinates on the 4× canvas."""
    # Pixel x of the output covers canvas pixels 4x .. 4x+3, whose centres average 4x + 1.5.
    return np.round((np.asarray(points, dtype=np.float64) * _SS + (_SS - 1) / 2) * _ONE).astype(np.int32)


def _fr(radius: float) -> int:
    """Output-pixel length -> fixed-point length on the 4× canvas."""
    return int(round(radius * _SS * _ONE))


def _circle(img: np.ndarray, centre: np.ndarray, radius: float, color, thickness: float = -1) -> None:
    """Anti-aliased circle (filled when thickness < 0) in output-pixel units."""
    t = -1 if thickness < 0 else max(1, int(round(thickness * _SS)))
    cx, cy = _fx(centre)
    cv2.circle(img, (int(cx), int(cy)), _fr(radius), color, t, cv2.LINE_AA, _SHIFT)


def _polygon(img: np.ndarray, points: np.ndarray, color) -> None:
    """Anti-aliased filled polygon in output-pixel units."""
    cv2.fillPoly(img, [_fx(points).reshape(-1, 1, 2)], color, cv2.LINE_AA, _SHIFT)


def _unit(angle_deg: float) -> np.ndarray:
    """Pixel-space unit vector (y down) for a y-up angle."""
    a = math.radians(angle_deg)
    return np.array([math.cos(a), -math.sin(a)])


def _arc_points(centre: np.ndarray, radius: float, a0: float, a1: float, step: float = 0.5) -> np.ndarray:
    """Points of a y-up arc from a0 to a1 degrees, in pixel coordinates."""
    n = max(2, int(abs(a1 - a0) / step) + 1)
    a = np.radians(np.linspace(a0, a1, n))
    return centre + radius * np.stack([np.cos(a), -np.sin(a)], axis=1)


def _distance_to_segment(points: np.ndarray, p0: np.ndarray, p1: np.ndarray) -> np.ndarray:
    """Euclidean distance of each point to the segment p0–p1."""
    d = p1 - p0
    t = np.clip(((points - p0) @ d) / float(d @ d), 0.0, 1.0)
    return np.linalg.norm(points - (p0 + t[:, None] * d), axis=1)


def needle_polygon(pivot: np.ndarray, angle_deg: float, size: int, tail: bool) -> np.ndarray:
    """Outline of the tapered needle (and tail) in pixel coordinates, symmetric about its axis."""
    u = _unit(angle_deg)
    n = np.array([-u[1], u[0]])
    length, w0, w1 = NEEDLE_LENGTH * size, NEEDLE_WIDTH_PIVOT * size, NEEDLE_WIDTH_TIP * size
    tip = pivot + length * u
    pts = [pivot + n * w0 / 2, tip + n * w1 / 2, tip - n * w1 / 2, pivot - n * w0 / 2]
    if tail:
        end = pivot - TAIL_LENGTH * size * u
        pts += [end - n * TAIL_WIDTH_END * size / 2, end + n * TAIL_WIDTH_END * size / 2]
    return np.array(pts)


class _Clearance:
    """Tells whether a red distractor stays far enough from the needle's ray."""

    def __init__(self, pivot: np.ndarray, angle_deg: float, size: int) -> None:
        u = _unit(angle_deg)
        self.p0 = pivot - TAIL_LENGTH * size * u
        self.p1 = pivot + BEZEL_RADIUS * size * u
        self.limit = (DISTRACTOR_CLEARANCE + NEEDLE_WIDTH_PIVOT / 2) * size

    def ok(self, points: np.ndarray) -> bool:
        """True when every point is at least the clearance away from the needle axis."""
        return bool(_distance_to_segment(np.asarray(points, float), self.p0, self.p1).min() >= self.limit)


def _red_needle_bgr(rng: np.random.Generator) -> tuple[int, int, int]:
    """A red inside the seed's HSV band: hue 0–7 or 173–179, saturation and value 190–235."""
    hue_cv = rng.uniform(-6.5, 6.5)  # OpenCV half-degrees, wrapped around 0
    sat, val = rng.uniform(195, 235), rng.uniform(190, 235)
    hsv = np.array([[[(hue_cv * 2.0) % 360.0, sat / 255.0, val / 255.0]]], dtype=np.float32)
    bgr = cv2.cvtColor(hsv, cv2.COLOR_HSV2BGR)[0, 0] * 255.0
    return int(round(bgr[0])), int(round(bgr[1])), int(round(bgr[2]))


def _dark_needle_bgr(rng: np.random.Generator) -> tuple[int, int, int]:
    """A near-black needle colour (value well below 60)."""
    base = rng.uniform(18, 34)
    b, g, r = (int(round(base + rng.uniform(-4, 4))) for _ in range(3))
    return b, g, r


def _photo_background(size: int, rng: np.random.Generator) -> np.ndarray:
    """A desaturated textured surface (desk, wall) with uneven light, saturation < 43."""
    coarse = rng.normal(0.0, 1.0, (6, 6)).astype(np.float32)
    fine = rng.normal(0.0, 1.0, (size // 3 + 1, size // 3 + 1)).astype(np.float32)
    lum = (150 + 22 * cv2.resize(coarse, (size, size), interpolation=cv2.INTER_CUBIC)).astype(np.float32)
    lum += 9 * cv2.resize(cv2.GaussianBlur(fine, (0, 0), 0.8), (size, size), interpolation=cv2.INTER_LINEAR)
    gx = np.linspace(-1.0, 1.0, size, dtype=np.float32)
    lum += 25 * rng.uniform(-1, 1) * gx[None, :] + 25 * rng.uniform(-1, 1) * gx[:, None]
    # Streaks along one direction read as grain.
    streak = cv2.GaussianBlur(rng.normal(0, 1, (size, 1)).astype(np.float32), (0, 0), 1.5)
    lum += 10 * np.repeat(streak, size, axis=1)
    tint = np.array([rng.uniform(0.90, 1.0), rng.uniform(0.94, 1.0), rng.uniform(0.93, 1.0)], np.float32)
    img = np.clip(lum, 20, 235)[:, :, None] * tint[None, None, :]
    return np.clip(img, 0, 255).astype(np.uint8)


def _draw_scale(img: np.ndarray, c: np.ndarray, size: int, ink) -> None:
    """Major and minor tick marks on the 270° arc."""
    n_minor = (MAJOR_TICKS - 1) * MINOR_PER_MAJOR
    for k in range(n_minor + 1):
        a = SCALE_START_DEG + (SCALE_END_DEG - SCALE_START_DEG) * k / n_minor
        major = k % MINOR_PER_MAJOR == 0
        u = _unit(a)
        n = np.array([-u[1], u[0]])
        r0 = (TICK_MAJOR_INNER if major else TICK_MINOR_INNER) * size
        r1 = TICK_OUTER * size
        half = (0.0065 if major else 0.003) * size
        quad = np.array([c + r0 * u + half * n, c + r1 * u + half * n, c + r1 * u - half * n, c + r0 * u - half * n])
        _polygon(img, quad, ink)
    _circle(img, c, TICK_OUTER * size, ink, thickness=0.004 * size)


def _text_box(centre: np.ndarray, text: str, scale: float, thick: int) -> tuple[np.ndarray, tuple[int, int]]:
    """Canvas origin for centred text, and points sampling its box in output pixels."""
    (tw, th), base = cv2.getTextSize(text, cv2.FONT_HERSHEY_SIMPLEX, scale, thick)
    cx, cy = centre * _SS + (_SS - 1) / 2
    org = (int(round(cx - tw / 2)), int(round(cy + th / 2)))
    xs = (np.linspace(org[0], org[0] + tw, 7) - (_SS - 1) / 2) / _SS
    ys = (np.linspace(org[1] - th, org[1] + base // 2, 5) - (_SS - 1) / 2) / _SS
    box = np.stack(np.meshgrid(xs, ys), axis=-1).reshape(-1, 2)
    return box, org


def _draw_numerals(img: np.ndarray, c: np.ndarray, size: int, ink, clear: _Clearance) -> None:
    """Numbers 0–100 at the major ticks (the top two red), plus a red unit label below the pivot."""
    scale = 0.42 * size / 400 * _SS
    thick = max(1, int(round(1.3 * size / 400 * _SS)))
    for k in range(MAJOR_TICKS):
        a = SCALE_START_DEG + (SCALE_END_DEG - SCALE_START_DEG) * k / (MAJOR_TICKS - 1)
        text = str(10 * k)
        box, org = _text_box(c + NUMERAL_RADIUS * size * _unit(a), text, scale, thick)
        red = k >= MAJOR_TICKS - 2 and clear.ok(box)
        cv2.putText(img, text, org, cv2.FONT_HERSHEY_SIMPLEX, scale, _RED_DISTRACTOR if red else ink, thick, cv2.LINE_AA)
    box, org = _text_box(c + np.array([0.0, 0.2 * size]), "MPa", scale * 1.1, thick)
    cv2.putText(img, "MPa", org, cv2.FONT_HERSHEY_SIMPLEX, scale * 1.1,
                _RED_DISTRACTOR if clear.ok(box) else ink, thick, cv2.LINE_AA)


def _draw_red_zone(img: np.ndarray, c: np.ndarray, size: int, clear: _Clearance) -> None:
    """A thick red arc on the scale, at whichever end keeps clear of the needle."""
    r_in, r_out = (ZONE_RADIUS - ZONE_THICKNESS / 2) * size, (ZONE_RADIUS + ZONE_THICKNESS / 2) * size
    for a0, a1 in RED_ZONES:
        band = np.concatenate([_arc_points(c, r_in, a0, a1), _arc_points(c, r_out, a1, a0)])
        if clear.ok(band):
            _polygon(img, band, _RED_DISTRACTOR)
            return


def _photo_effects(img: np.ndarray, c: np.ndarray, size: int, rng: np.random.Generator) -> np.ndarray:
    """Glare, vignette and a slight colour cast, as a phone photo of a gauge would have."""
    f = img.astype(np.float32)
    glare = np.zeros((size, size), np.float32)
    g_angle = rng.uniform(100, 170)
    g_centre = c + rng.uniform(0.18, 0.28) * size * _unit(g_angle)
    axes = (int(rng.uniform(0.16, 0.24) * size), int(rng.uniform(0.06, 0.1) * size))
    cv2.ellipse(glare, (int(g_centre[0]), int(g_centre[1])), axes, -(g_angle + 90), 0, 360, 1.0, -1, cv2.LINE_AA)
    glare = cv2.GaussianBlur(glare, (0, 0), 0.02 * size) * rng.uniform(0.45, 0.6)  # keeps a red needle's S > 43
    f += glare[:, :, None] * (255.0 - f)
    ys, xs = np.indices((size, size), dtype=np.float32)
    r2 = ((xs - (size - 1) / 2) ** 2 + (ys - (size - 1) / 2) ** 2) / (0.5 * size) ** 2
    f *= (1.0 - rng.uniform(0.12, 0.22) * r2)[:, :, None]
    f *= np.array([rng.uniform(0.95, 1.03), rng.uniform(0.97, 1.03), rng.uniform(0.98, 1.05)], np.float32)
    return np.clip(f + 0.5, 0, 255).astype(np.uint8)


def make_dial(
    angle_deg: float,
    *,
    style: str = "ticks",
    size: int = 400,
    needle_color: str = "red",
    tail: bool = True,
    blur: float = 0.0,
    noise: float = 0.0,
    jpeg_quality: int | None = None,
    seed: int = 0,
    pivot_offset: tuple[float, float] = (0.0, 0.0),
    hub: bool = True,
) -> tuple[np.ndarray, DialTruth]:
    """Draw one gauge (BGR uint8, size × size) whose needle points exactly at `angle_deg`."""
    if style not in STYLES:
        raise ConfigError("unknown_dial_style", {"style": style, "allowed": STYLES})
    if needle_color not in NEEDLE_COLORS:
        raise ConfigError("unknown_needle_color", {"needle_color": needle_color, "allowed": NEEDLE_COLORS})
    if style == "dark_face" and needle_color == "dark":
        raise ConfigError("dark_needle_on_dark_face", {"style": style, "needle_color": needle_color})
    if not MIN_SIZE <= int(size) <= MAX_SIZE:
        raise ConfigError("dial_size_out_of_range", {"size": size, "minimum": MIN_SIZE, "maximum": MAX_SIZE})
    if not math.isfinite(angle_deg) or blur < 0 or noise < 0:
        raise ConfigError("dial_parameter_invalid", {"angle_deg": angle_deg, "blur": blur, "noise": noise})
    if jpeg_quality is not None and not MIN_JPEG_QUALITY <= jpeg_quality <= MAX_JPEG_QUALITY:
        raise ConfigError("jpeg_quality_out_of_range", {"jpeg_quality": jpeg_quality, "minimum": MIN_JPEG_QUALITY,
                                                        "maximum": MAX_JPEG_QUALITY})
    size = int(size)
    rng = np.random.default_rng(seed)
    angle = normalize_angle(angle_deg)
    centre = (size - 1) / 2.0
    c = np.array([centre + float(pivot_offset[0]), centre + float(pivot_offset[1])])
    u = _unit(angle)
    tip = c + NEEDLE_LENGTH * size * u
    needle_bgr = _red_needle_bgr(rng) if needle_color == "red" else _dark_needle_bgr(rng)
    clear = _Clearance(c, angle, size)
    dark_face = style == "dark_face"
    ink = (225, 228, 230) if dark_face else (32, 30, 30)

    big = size * _SS
    if style == "photo":
        bg = _photo_background(size, rng)
        canvas = cv2.resize(bg, (big, big), interpolation=cv2.INTER_LINEAR)
    else:
        canvas = np.zeros((big, big, 3), np.uint8)
        cv2.rectangle(canvas, (0, 0), (big, big), _BACKGROUND, -1)  # much faster than a numpy broadcast
    bezel_outer = (150, 150, 152) if style != "photo" else (118, 120, 124)
    _circle(canvas, c, BEZEL_RADIUS * size, bezel_outer)
    _circle(canvas, c, (FACE_RADIUS + 0.012) * size, (196, 198, 200) if not dark_face else (90, 90, 92))
    face = _DARK_FACE if dark_face else ((222, 234, 240) if style == "photo" else _LIGHT_FACE)
    _circle(canvas, c, FACE_RADIUS * size, face)

    if style == "red_zone":
        _draw_red_zone(canvas, c, size, clear)
    if style != "plain":
        _draw_scale(canvas, c, size, ink)
    if style == "numerals":
        _draw_numerals(canvas, c, size, ink, clear)

    poly = needle_polygon(c, angle, size, tail)
    if style == "photo":
        # A soft shadow cast down-right, drawn before the needle; not part of the truth.
        shadow = np.zeros((big, big), np.uint8)
        _polygon(shadow, poly + np.array([0.006, 0.009]) * size, 255)
        small = cv2.resize(shadow, (size, size), interpolation=cv2.INTER_AREA)
        small = cv2.GaussianBlur(small.astype(np.float32), (0, 0), 0.006 * size)
        keep = cv2.resize(255.0 - 0.3 * small, (big, big), interpolation=cv2.INTER_LINEAR)
        canvas = cv2.multiply(canvas, cv2.merge([keep, keep, keep]), scale=1.0 / 255.0, dtype=cv2.CV_8U)
    _polygon(canvas, poly, needle_bgr)
    if hub:
        _circle(canvas, c, HUB_RADIUS * size, (58, 58, 60) if not dark_face else (80, 80, 84))
        _circle(canvas, c, 0.4 * HUB_RADIUS * size, (120, 122, 125) if not dark_face else (140, 140, 145))

    img = cv2.resize(canvas, (size, size), interpolation=cv2.INTER_AREA)
    if style == "photo":
        img = _photo_effects(img, c, size, rng)
    if blur > 0:
        img = cv2.GaussianBlur(img, (0, 0), blur)
    if noise > 0:
        # Per channel std = noise, three quarters of the variance shared by the channels: a
        # camera's own processing leaves mostly luma noise, and pure chroma noise would turn a
        # dark face into red speckle under the loose seed thresholds (S ≥ 43, V ≥ 46).
        luma = rng.normal(0.0, noise * math.sqrt(0.75), (size, size, 1))
        chroma = rng.normal(0.0, noise * 0.5, img.shape)
        img = np.clip(img + luma + chroma + 0.5, 0, 255).astype(np.uint8)
    if jpeg_quality is not None:
        _, buf = cv2.imencode(".jpg", img, [cv2.IMWRITE_JPEG_QUALITY, int(jpeg_quality)])
        decoded = cv2.imdecode(buf, cv2.IMREAD_COLOR)
        assert decoded is not None  # OpenCV just encoded it
        img = decoded
    truth = DialTruth(
        angle_deg=angle,
        pivot=(float(c[0]), float(c[1])),
        tip=(float(tip[0]), float(tip[1])),
        needle_color=needle_color,
        style=style,
        size=size,
    )
    return np.ascontiguousarray(img), truth


SPECIAL_ANGLES = (0.0, 90.0, 180.0, 270.0, 89.5, 90.5, 269.7, 270.3, 0.4, 359.6, 179.5, 180.5, 45.0, 135.0, 225.0, 315.0)


def dial_set(count: int = 240, seed: int = 0, size: int = 400) -> list[tuple[np.ndarray, DialTruth]]:
    """A deterministic benchmark: every angle sector, style and needle colour, clean and degraded."""
    if count < 1:
        raise ConfigError("dial_count_out_of_range", {"count": count, "minimum": 1})
    rng = np.random.default_rng([seed, 0xD1A1])
    n_spread = max(0, count - len(SPECIAL_ANGLES))
    spread = (np.arange(n_spread) + rng.uniform(0.0, 1.0, n_spread)) * 360.0 / max(n_spread, 1)
    angles = (list(SPECIAL_ANGLES) + [float(a) for a in spread])[:count]
    # Styles cycle through a shuffled order of angles so every style sees the whole circle.
    order = rng.permutation(count)
    out = []
    for i in range(count):
        style = STYLES[int(order[i]) % len(STYLES)]
        dark = style != "dark_face" and rng.uniform() < 0.18
        degrade = rng.integers(0, 4)  # 0 clean, 1 blur, 2 noise, 3 jpeg; extra kinds stack below
        blur = float(rng.uniform(0.3, 1.5)) if degrade == 1 or rng.uniform() < 0.15 else 0.0
        noise = float(rng.uniform(1.0, 8.0)) if degrade == 2 or rng.uniform() < 0.15 else 0.0
        jpeg = int(rng.integers(60, 96)) if degrade == 3 or rng.uniform() < 0.15 else None
        offset = (0.0, 0.0)
        if rng.uniform() < 0.2:
            dx, dy = rng.uniform(-0.04, 0.04, 2) * size
            offset = (float(dx), float(dy))
        out.append(make_dial(
            angles[i],
            style=style,
            size=size,
            needle_color="dark" if dark else "red",
            tail=bool(rng.uniform() < 0.6),
            blur=blur,
            noise=noise,
            jpeg_quality=jpeg,
            seed=int(seed) * 100_003 + i,
            pivot_offset=offset,
            hub=bool(rng.uniform() < 0.9),
        ))
    return out
