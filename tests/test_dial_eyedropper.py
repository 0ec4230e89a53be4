"""core.dial's eyedropper and mark geometry, without Qt: from a clicked pixel to the mask's
HSV ranges (or a dark threshold), and from a mark's angle to where it is drawn."""

import cv2
import numpy as np
import pytest

from core.dial import (
    DialSettings,
    HSVBounds,
    NeedleColour,
    angle_error,
    angle_of,
    color_mask,
    hsv_around,
    mark_position,
    pick_needle_colour,
    read_dial,
)
from core.dial_synth import make_dial


def solid(bgr, size=20):
    return np.full((size, size, 3), bgr, dtype=np.uint8)


@pytest.mark.parametrize("h, h1, h2", [
    (90.0, (80, 100), (180, 180)),  # an ordinary hue: one band, the second empty (lo > 0 … 180,180)
    (5.0, (0, 15), (175, 180)),  # near red's 0: the band wraps to the top
    (176.0, (0, 6), (166, 180)),  # near red's 180: the band wraps to the bottom
    (10.0, (0, 20), (0, 0)),  # the band starts at exactly 0: nothing to wrap
])
def test_the_hue_band_is_plus_minus_ten_and_wraps_across_red(h, h1, h2):
    got = hsv_around(h, 200.0, 180.0)
    assert got == NeedleColour(hsv=HSVBounds(h1, h2, 100, 90))
    assert got.dark_v_max is None and got.hsv is not None and got.hsv.validated() is got.hsv


def test_a_grey_black_click_gives_a_dark_threshold_not_a_hue():
    assert hsv_around(120.0, 10.0, 30.0) == NeedleColour(dark_v_max=70)
    assert hsv_around(120.0, 10.0, 89.0).dark_v_max == 129
    # grey but bright, or dark but coloured: still a hue
    assert hsv_around(120.0, 10.0, 95.0).hsv is not None
    assert hsv_around(120.0, 60.0, 30.0).hsv is not None


def test_the_median_of_the_patch_decides_not_one_odd_pixel():
    img = solid((200, 40, 30))  # blue in BGR
    img[10, 10] = (0, 0, 255)  # one red pixel right under the click
    got = pick_needle_colour(img, 10.4, 10.7)
    assert got.hsv is not None
    hue = int(cv2.cvtColor(solid((200, 40, 30), 1), cv2.COLOR_BGR2HSV)[0, 0, 0])
    assert got.hsv.h1 == (hue - 10, hue + 10)


def test_a_click_on_the_corner_or_just_outside_reads_the_edge_pixels():
    img = solid((20, 20, 20))
    assert pick_needle_colour(img, 0, 0).dark_v_max == 60
    assert pick_needle_colour(img, 25.0, -3.0).dark_v_max == 60


def test_the_ranges_picked_on_a_red_needle_keep_the_needle():
    img, truth = make_dial(45.0, style="plain")
    (px, py), (tx, ty) = truth.pivot, truth.tip
    got = pick_needle_colour(img, px + 0.6 * (tx - px), py + 0.6 * (ty - py))
    assert got.hsv is not None and got.hsv.h1[0] == 0  # red straddles hue 0
    settings = DialSettings(color="custom", hsv=got.hsv)
    assert color_mask(img, settings).any()
    assert angle_error(read_dial(img, settings).angle_deg, 45.0) < 1


@pytest.mark.parametrize("angle", [0.0, 45.0, 90.0, 200.0, 315.0])
def test_a_mark_is_drawn_where_its_angle_points(angle):
    x, y = mark_position((100.0, 50.0), angle, 40.0)
    assert np.hypot(x - 100.0, y - 50.0) == pytest.approx(40.0)
    assert angle_error(angle_of(np.array([x - 100.0, y - 50.0])), angle) < 1e-9
