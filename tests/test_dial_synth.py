"""The synthetic dials the dial reader is measured against: shape, determinism, honest truth."""

import math

import cv2
import numpy as np
import pytest

from core.dial_synth import STYLES, DialTruth, dial_set, make_dial, needle_polygon
from core.errors import ConfigError

# The seed tutorial's red: two hue ranges on OpenCV's 0–180 scale.
RED_RANGES = (((0, 43, 46), (10, 255, 255)), ((156, 43, 46), (180, 255, 255)))


def red_mask(img: np.ndarray) -> np.ndarray:
    hsv = cv2.cvtColor(img, cv2.COLOR_BGR2HSV)
    masks = [cv2.inRange(hsv, np.array(lo), np.array(hi)) for lo, hi in RED_RANGES]
    return (masks[0] | masks[1]) > 0


def point_at(truth: DialTruth, fraction: float, turn_deg: float = 0.0) -> tuple[int, int]:
    """(row, col) of the pixel at `fraction` of the needle length, turned by `turn_deg`."""
    px, py = truth.pivot
    length = math.hypot(truth.tip[0] - px, truth.tip[1] - py)
    a = math.radians(truth.angle_deg + turn_deg)
    x, y = px + fraction * length * math.cos(a), py - fraction * length * math.sin(a)
    return int(round(y)), int(round(x))


def distance_to_segment(points: np.ndarray, p0: np.ndarray, p1: np.ndarray) -> np.ndarray:
    d = p1 - p0
    t = np.clip(((points - p0) @ d) / float(d @ d), 0.0, 1.0)
    return np.linalg.norm(points - (p0 + t[:, None] * d), axis=1)


@pytest.fixture(scope="module")
def bench():
    return dial_set()


@pytest.mark.parametrize("style", STYLES)
def test_image_shape_and_dtype(style):
    img, truth = make_dial(123.0, style=style, size=240, noise=3, blur=0.8, jpeg_quality=80)
    assert img.shape == (240, 240, 3) and img.dtype == np.uint8
    assert truth.style == style and truth.size == 240 and truth.needle_color == "red"


def test_same_seed_same_image_other_seed_differs():
    a, ta = make_dial(77.7, style="photo", noise=5, seed=4)
    b, tb = make_dial(77.7, style="photo", noise=5, seed=4)
    c, _ = make_dial(77.7, style="photo", noise=5, seed=5)
    assert np.array_equal(a, b) and ta == tb
    assert not np.array_equal(a, c)


@pytest.mark.parametrize("angle", [0.0, 90.0, 180.0, 270.0, 89.5, 269.7, 359.99, 12.345, -30.0, 725.0])
@pytest.mark.parametrize("offset", [(0.0, 0.0), (7.5, -11.25)])
def test_truth_angle_matches_pivot_and_tip(angle, offset):
    _, t = make_dial(angle, style="plain", size=300, pivot_offset=offset)
    assert 0.0 <= t.angle_deg < 360.0
    assert math.isclose(t.angle_deg, angle % 360.0, abs_tol=1e-9)
    measured = math.degrees(math.atan2(-(t.tip[1] - t.pivot[1]), t.tip[0] - t.pivot[0]))
    assert abs((measured - t.angle_deg + 180.0) % 360.0 - 180.0) < 1e-9
    assert t.pivot == pytest.approx((149.5 + offset[0], 149.5 + offset[1]), abs=1e-12)
    assert math.hypot(t.tip[0] - t.pivot[0], t.tip[1] - t.pivot[1]) == pytest.approx(0.38 * 300)


@pytest.mark.parametrize("angle", [0.0, 37.0, 89.5, 90.0, 180.0, 211.0, 270.0, 315.5])
def test_red_needle_is_where_the_truth_says(angle):
    img, t = make_dial(angle, style="plain", seed=int(angle))
    mask = red_mask(img)
    r, c = point_at(t, 0.6)
    assert mask[r - 1 : r + 2, c - 1 : c + 2].all()
    for turn in (-30.0, 30.0):
        r, c = point_at(t, 0.6, turn)
        assert not mask[r - 1 : r + 2, c - 1 : c + 2].any()


def test_rendered_needle_axis_matches_truth():
    """The needle's own pixels (no hub, no tail) give back the truth's direction within 0.1°."""
    for angle in (3.0, 89.5, 146.0, 270.0, 301.7):
        img, t = make_dial(angle, style="plain", hub=False, tail=False, pivot_offset=(3.3, -2.1))
        ys, xs = np.nonzero(red_mask(img))
        vx, vy, x0, y0 = cv2.fitLine(np.stack([xs, ys], 1).astype(np.float32), cv2.DIST_L2, 0, 0.01, 0.01).ravel()
        if vx * (t.tip[0] - t.pivot[0]) + vy * (t.tip[1] - t.pivot[1]) < 0:
            vx, vy = -vx, -vy
        fitted = math.degrees(math.atan2(-vy, vx)) % 360.0
        assert abs((fitted - t.angle_deg + 180.0) % 360.0 - 180.0) < 0.1
        # The fitted line passes through the pivot.
        assert abs((t.pivot[0] - x0) * vy - (t.pivot[1] - y0) * vx) < 0.2


def test_dark_needle_is_dark_and_not_red():
    img, t = make_dial(200.0, style="ticks", needle_color="dark", seed=2)
    r, c = point_at(t, 0.6)
    hsv = cv2.cvtColor(img, cv2.COLOR_BGR2HSV)
    assert hsv[r, c, 2] < 60
    assert not red_mask(img).any()


@pytest.mark.parametrize("angle", [100.0, 340.0, 350.0, 5.0, 200.0, 215.0, 270.0])
@pytest.mark.parametrize("style", ["red_zone", "numerals"])
def test_red_distractors_stay_clear_of_the_needle(style, angle):
    size = 400
    img, t = make_dial(angle, style=style, size=size, tail=True)
    mask = red_mask(img)
    # The needle's own pixels: inside its outline grown by 2 px.
    needle = np.zeros(mask.shape, np.uint8)
    poly = needle_polygon(np.array(t.pivot), t.angle_deg, size, tail=True)
    cv2.fillPoly(needle, [np.round(poly).astype(np.int32)], 1)
    needle = cv2.dilate(needle, np.ones((5, 5), np.uint8)) > 0
    ys, xs = np.nonzero(mask & ~needle)
    assert len(xs) > 30, "the style should draw red distractors"
    p = np.array(t.pivot)
    u = (np.array(t.tip) - p) / np.linalg.norm(np.array(t.tip) - p)
    d = distance_to_segment(np.stack([xs, ys], 1).astype(float), p - 0.1 * size * u, p + 0.49 * size * u)
    assert d.min() >= 0.1 * size


def test_red_zone_has_red_pixels_away_from_the_needle():
    img, t = make_dial(120.0, style="red_zone")
    mask = red_mask(img)
    ys, xs = np.nonzero(mask)
    far = np.hypot(xs - t.tip[0], ys - t.tip[1]) > 0.2 * t.size
    assert far.sum() > 200


def test_bad_arguments_raise_config_error():
    with pytest.raises(ConfigError):
        make_dial(0.0, style="hologram")
    with pytest.raises(ConfigError):
        make_dial(0.0, needle_color="blue")
    with pytest.raises(ConfigError):
        make_dial(0.0, style="dark_face", needle_color="dark")
    with pytest.raises(ConfigError):
        make_dial(float("nan"))


def test_dial_set_covers_angles_styles_and_conditions(bench):
    assert len(bench) >= 200
    truths = [t for _, t in bench]
    assert {t.style for t in truths} == set(STYLES)
    assert {t.needle_color for t in truths} == {"red", "dark"}
    assert sum(t.needle_color == "red" for t in truths) > len(truths) / 2
    angles = [t.angle_deg for t in truths]
    assert 90.0 in angles and 270.0 in angles and 0.0 in angles and 180.0 in angles
    assert set(int(a // 30) for a in angles) == set(range(12))
    for style in STYLES:
        sectors = {int(t.angle_deg // 90) for t in truths if t.style == style}
        assert sectors == {0, 1, 2, 3}, style
    assert all(img.shape == (t.size, t.size, 3) and img.dtype == np.uint8 for img, t in bench)
    offsets = [t.pivot != ((t.size - 1) / 2, (t.size - 1) / 2) for t in truths]
    assert 0 < sum(offsets) < len(truths)


def test_dial_set_is_deterministic():
    first, again, other = dial_set(count=20), dial_set(count=20), dial_set(count=20, seed=1)
    for (a, ta), (b, tb) in zip(first, again):
        assert ta == tb and np.array_equal(a, b)
    assert [t for _, t in first] != [t for _, t in other]


def dial_raise_sites():
    from tests.test_messages import raise_sites

    return raise_sites({"dial.py", "dial_synth.py", "dial_io.py"})


@pytest.mark.parametrize("module, line, code, keys", dial_raise_sites(),
                         ids=[f"{m}:{n}:{c}" for m, n, c, _ in dial_raise_sites()])
def test_every_dial_code_has_a_sentence_with_its_values(qapp, module, line, code, keys):
    """Every code core/dial*.py raises reads as a sentence, each placeholder filled."""
    from core.errors import LabError
    from gui.messages import describe_error
    from tests.test_messages import PLACEHOLDER

    text = describe_error(LabError(code, {k: 7 for k in keys}))
    assert not text.startswith("Unexpected problem"), f"{module}:{line}: no sentence for {code}"
    assert not PLACEHOLDER.search(text), f"{module}:{line}: {code} raised with {keys} leaves {text!r}"


@pytest.mark.parametrize("call, fragments", [
    (lambda: make_dial(10, style="fancy"), ["fancy", "plain", "ticks"]),
    (lambda: make_dial(10, needle_color="blue"), ["blue", "red", "dark"]),
    (lambda: make_dial(10, style="dark_face", needle_color="dark"), ["dark_face"]),
    (lambda: make_dial(10, size=20), ["20", "64", "4096"]),
    (lambda: make_dial(float("nan")), ["nan"]),
    (lambda: make_dial(10, blur=-1), ["-1"]),
    (lambda: make_dial(10, jpeg_quality=0), ["0", "1", "100"]),
    (lambda: dial_set(0), ["0"]),
])
def test_synthetic_dial_errors_read_as_sentences(qapp, call, fragments):
    from gui.messages import describe_error

    with pytest.raises(ConfigError) as err:
        call()
    text = describe_error(err.value)
    assert not text.startswith("Unexpected problem") and "{" not in text
    for fragment in fragments:
        assert fragment in text, (fragment, text)
