"""Export the Dial Reader lab's experiment as code (gui/export_code.py writes the files): a
program in the seed tutorial's style (section 1.1's example, 线性回归检测指针读数:
`extract_red(image)` with two HSV hue ranges, `cv2.resize(img, (250, 250))`, the mask's
pixels as points `X = column, Y = height − row`, a least-squares line through them) that
reads the lab's photo again with the lab's settings, in numpy and OpenCV, and prints as its
last line one JSON object with the keys of `main.py read-dial --json` for one photo.

The photo is written beside the program, byte for byte as the experiment holds it (an
opened file, a bundled sample, or the PNG of a pasted picture), and decoded as the lab
decodes it (cv2.imdecode with IMREAD_UNCHANGED; the lines turning a grey, 16-bit, alpha or
EXIF-rotated picture into upright 8-bit BGR are written only for a photo that needs them).

The numbers are core.dial's: the program writes out the stages read_dial runs for these
settings (work copy, the dial face, mask and clean-up, the needle among the mask's shapes,
the line fit, pivot and tip, angle, confidence, calibration) with the same OpenCV and numpy
calls in the same order, so it prints what `read-dial --experiment` prints for the same
file (tests/test_export_dial.py: 1e-9 relative; equal in practice). Only the stages these
settings use are written: the chosen fit, the face only where it is looked for, the
thresholds tried only in the automatic dark mode.

A state without a photo (nothing open, or only a batch of files) cannot be exported: it
raises ExportError("no_photo"), and the window disables its Export actions with that
sentence (export_refusal). Qt-free: the CLI's export and the window both reach it through
export_code.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from gui.export_code import ExportError, Section, _num

_DARK_TRIES = (1.0, 0.85, 0.7)  # core.dial._setup: Otsu's threshold and two stricter ones

_IMPORTS = """import json
import math
import os
import time

import cv2
import numpy as np

try:  # the pictures need matplotlib; without it the program reads the dial and prints the same numbers
    from matplotlib import pyplot as plt
except ImportError:
    plt = None
"""

_ORIENTATIONS = {  # EXIF orientation → how the stored picture is turned upright (core.imageio)
    2: ("img = img[:, ::-1]", "mirrored left to right"),
    3: ("img = img[::-1, ::-1]", "turned half a turn"),
    4: ("img = img[::-1]", "mirrored top to bottom"),
    5: ("img = img.swapaxes(0, 1)", "mirrored and turned a quarter"),
    6: ("img = np.rot90(img, k=-1)", "turned a quarter clockwise"),
    7: ("img = img[::-1, ::-1].swapaxes(0, 1)", "mirrored and turned three quarters"),
    8: ("img = np.rot90(img, k=1)", "turned a quarter counterclockwise"),
}

_COLOR_NAMES = {"red": "red (the seed's two hue ranges)", "dark": "dark (low brightness)",
                "custom": "a custom HSV range"}
_FIT_NAMES = {"seed": "the seed's least squares of y on x", "tls": "total least squares (the pixels' principal axis)",
              "robust": "a robust line (OpenCV's fitLine with the Huber distance)"}


def export_refusal(state: Any) -> ExportError | None:
    """Why a DialState cannot be exported (no photo: nothing open, or only a batch of files),
    or None when it can."""
    if state.photo or state.sample:
        return None
    return ExportError("no_photo", {"lab": "dial", "files": len(state.batch)})


def dial_sections(state: Any, blobs: Any, name: str,
                  notebook: bool) -> tuple[str, str, list[Section], dict[str, bytes]]:
    """The program for a DialState: (title, intro, sections, side files: the photo)."""
    from core.dial import MIN_CONFIDENCE, MIN_PIXELS
    from core.imageio import image_suffix
    from gui.labs.dial.photos import state_photo
    from gui.labs.dial.state import reading_settings
    from gui.messages import describe_error

    refusal = export_refusal(state)
    if refusal is not None:
        raise refusal
    state.check_pivot()
    image, data = state_photo(state, blobs, "pasted picture")
    if image is None or data is None:
        raise ExportError("no_photo", {"lab": "dial", "files": len(state.batch)})
    settings, scale_error = reading_settings(state)
    settings = settings.validated()
    suffix = Path(state.photo).suffix if state.photo else Path(state.sample).suffix.lower()
    if not suffix:
        suffix = image_suffix(data) or ".png"
    photo_file = f"{name}_photo{suffix}"
    color, fit, pivot, calib = settings.color, settings.fit, settings.pivot, settings.calibration
    dark_auto = color == "dark" and settings.dark_v_max is None
    uses_face = pivot is None or color == "dark"
    where = {"file": f"the photo opened from {state.photo_path}" if state.photo_path else "the photo opened",
             "sample": f"the bundled sample {state.sample or Path(image.path).name}",
             "clipboard": "a pasted picture (kept as a PNG of its pixels)",
             "dropped": "a dropped picture (kept as a PNG of its pixels)",
             "batch": f"the batch's photo {state.photo_path}"}.get(state.origin, "the lab's photo")

    title = "Reading a pointer dial with OpenCV"
    intro = (
        "Exported from ML Basics Lab (Dial Reader lab). It reads the lab's photo again as the seed tutorial's\n"
        "example (section 1.1, 线性回归检测指针读数) does: keep the needle's pixels with an HSV mask,\n"
        "take them as points (x = column, y = height − row), fit a line through them, and turn the line's\n"
        "angle into a value on the dial's scale. Each step is the lab's (core.dial), with the lab's settings:\n"
        f"needle colour {_COLOR_NAMES[color]}, line fit {_FIT_NAMES[fit]}"
        + (", the seed's 250×250 work copy" if settings.seed_resize else "") + ".\n"
        "It needs numpy and OpenCV (cv2); it draws with matplotlib when matplotlib is installed. The last line\n"
        "it prints is one JSON object with the keys of `main.py read-dial --json`."
    )

    # ---- the photo
    info_fmt = image_suffix(data)
    orientation = 1 if info_fmt == ".tif" else image.orientation
    photo_md = (f"The photo: {where}, {image.bgr.shape[1]}×{image.bgr.shape[0]} pixels, written beside "
                f"this {'notebook' if notebook else 'script'} as `{photo_file}` (its bytes as the experiment "
                "holds them). The seed reads it with `cv2.imread('clock.png')`; `cv2.imdecode` of the file's "
                "bytes does the same for any path (a folder name in Chinese too), and gives the picture as the "
                "lab decodes it: an upright image of 8-bit blue, green and red.")
    if notebook:
        photo_code = f"PHOTO = {photo_file!r}  # written beside this notebook\n"
    else:
        photo_code = ("# written beside this script\n"
                      f"PHOTO = os.path.join(os.path.dirname(os.path.abspath(__file__)), {photo_file!r})\n")
    photo_code += (
        "started = time.perf_counter()\n"
        "# the seed's cv2.imread('clock.png'), for any path; IMREAD_UNCHANGED as the lab decodes it\n"
        "img = cv2.imdecode(np.fromfile(PHOTO, dtype=np.uint8), cv2.IMREAD_UNCHANGED)\n"
        "if img is None:\n"
        "    raise SystemExit(f'{PHOTO} cannot be read as an image')\n"
    )
    channels, depth = image.channels, image.bit_depth
    if channels in (2, 4):
        if depth == 8:
            photo_code += ("# transparent parts composited over white, rounded as the lab does\n"
                           "a = img[:, :, -1:].astype(np.uint32)\n"
                           "img = ((img[:, :, :-1].astype(np.uint32) * a + 255 * (255 - a) + 127) // 255)"
                           ".astype(np.uint8)\n")
        else:
            photo_code += ("# 16 bits a channel, transparent parts composited over white, rounded to 8 bits as the "
                           "lab does\n"
                           "a = img[:, :, -1:].astype(np.int64)\n"
                           "full = 65535 * 65535\n"
                           "img = ((255 * (img[:, :, :-1].astype(np.int64) * a + 65535 * (65535 - a)) + full // 2)"
                           " // full).astype(np.uint8)\n")
    elif depth == 16:
        photo_code += ("img = ((img.astype(np.uint32) + 128) // 257).astype(np.uint8)  "
                       "# 16 bits a channel → 8, rounded as the lab does\n")
    if channels in (1, 2):
        photo_code += "img = np.dstack([img, img, img])  # grey: the same value in blue, green and red\n"
    if orientation in _ORIENTATIONS:
        line, what = _ORIENTATIONS[orientation]
        photo_code += f"{line}  # the camera's EXIF orientation {orientation}: stored {what} from upright\n"
    photo_code += (
        "img = np.ascontiguousarray(img)\n"
        "decode_seconds = time.perf_counter() - started\n"
        "height0, width0 = img.shape[:2]\n"
        "print(f'{PHOTO}: {width0}×{height0} pixels')\n"
    )

    # ---- the work copy
    if settings.seed_resize:
        work_md = ("The work copy, as the seed makes it: `cv2.resize(img, (250, 250))`, whatever the photo's shape "
                   "(a pixel of the copy is `sx` × `sy` pixels of the photo).")
        work_code = ("pipeline_started = time.perf_counter()\n"
                     "work = cv2.resize(img, (250, 250))  # the seed's size\n"
                     "sx, sy = width0 / 250.0, height0 / 250.0  # photo pixels per work pixel\n")
    else:
        work_md = (f"The work copy: the photo itself, or, when it is larger than {settings.max_side} pixels a side, "
                   "a copy scaled down to that (the lab's default; the seed's `cv2.resize(img, (250, 250))` "
                   "squashes a photo that is not square). `sx`, `sy` turn work pixels back into the photo's.")
        work_code = ("pipeline_started = time.perf_counter()\n"
                     f"MAX_SIDE = {settings.max_side}\n"
                     "f = min(1.0, MAX_SIDE / max(height0, width0))\n"
                     "if f >= 1.0:\n"
                     "    work, (sx, sy) = img, (1.0, 1.0)\n"
                     "else:\n"
                     "    new_size = (max(1, round(width0 * f)), max(1, round(height0 * f)))\n"
                     "    work = cv2.resize(img, new_size, interpolation=cv2.INTER_AREA)\n"
                     "    sx, sy = width0 / new_size[0], height0 / new_size[1]  # photo pixels per work pixel\n")
    work_code += "h, w = work.shape[:2]\nsize = float(min(h, w))\n"
    if pivot is not None:
        work_code += (f"PIVOT = ({_num(pivot[0])}, {_num(pivot[1])})  # the pivot clicked in the lab "
                      "(photo pixels, x right, y down)\n"
                      "user_pivot = np.array([PIVOT[0] / sx, PIVOT[1] / sy])  # in the work copy\n")

    # ---- the dial face
    face_md = ("The dial face: the strongest large circle OpenCV's Hough transform finds in a copy 160 pixels "
               "wide, as `(x, y, r)`. " + ("It keeps a dark needle's mask inside the face (the bezel and the "
                                           "background are dark too)" if color == "dark" else
                                           "Its centre is where the needle should point from")
               + (", and, with no pivot clicked, where the needle should point from." if color == "dark" and
                  pivot is None else "."))
    face_code = (
        "def find_face(image):\n"
        "    \"\"\"The dial face as (x, y, r) in this image's pixels, or None: the strongest large circle.\"\"\"\n"
        "    h, w = image.shape[:2]\n"
        "    f = min(1.0, 160.0 / max(h, w))  # the face is big: 160 pixels find it, and Hough's cost is in pixels\n"
        "    small = cv2.resize(image, (max(1, round(w * f)), max(1, round(h * f))), interpolation=cv2.INTER_AREA) \\\n"
        "        if f < 1 else image\n"
        "    gray = cv2.medianBlur(cv2.cvtColor(small, cv2.COLOR_BGR2GRAY), 5)\n"
        "    side = min(gray.shape)\n"
        "    circles = cv2.HoughCircles(gray, cv2.HOUGH_GRADIENT, dp=1.0, minDist=side, param1=120, param2=30,\n"
        "                               minRadius=int(side * 0.25), maxRadius=int(side * 0.62))\n"
        "    if circles is None:\n"
        "        return None\n"
        "    x, y, r = (float(v) for v in circles[0][0])\n"
        "    return x / f, y / f, r / f\n"
        "\n\n"
        "face = find_face(work)\n"
        "print('dial face:', 'not found' if face is None else f'centre ({face[0] * sx:.1f}, {face[1] * sy:.1f}), "
        "radius {face[2] * sx:.1f}')\n"
    )
    if pivot is not None:
        anchor = "anchor = user_pivot  # the needle should point from the clicked pivot\n"
    else:
        anchor = ("# the needle should point from the face's centre (or, with no face found, the picture's)\n"
                  "anchor = np.array(face[:2]) if face is not None else np.array([w / 2, h / 2])\n")

    # ---- the mask
    if color == "red":
        mask_md = ("The needle's colour, as the seed's `extract_red`: in HSV (OpenCV's hue runs 0–180), red wraps "
                   "around 0, so two hue ranges are kept, 0–10 and 156–180, with saturation ≥ 43 and value ≥ 46, "
                   "and the two masks added.")
        mask_code = (
            "def extract_red(image):\n"
            "    red_lower1 = np.array([0, 43, 46])\n"
            "    red_upper1 = np.array([10, 255, 255])\n"
            "    red_lower2 = np.array([156, 43, 46])\n"
            "    red_upper2 = np.array([180, 255, 255])\n"
            "    dst = cv2.cvtColor(image, cv2.COLOR_BGR2HSV)\n"
            "    mask1 = cv2.inRange(dst, lowerb=red_lower1, upperb=red_upper1)\n"
            "    mask2 = cv2.inRange(dst, lowerb=red_lower2, upperb=red_upper2)\n"
            "    mask = cv2.add(mask1, mask2)\n"
            "    return mask\n"
        )
        make_mask = "extract_red(work)"
    elif color == "custom":
        b = settings.hsv
        two = b.h2[0] <= b.h2[1]
        mask_md = ("The needle's colour, the seed's `extract_red` with the lab's own HSV ranges (OpenCV's hue runs "
                   f"0–180): hue {b.h1[0]}–{b.h1[1]}" + (f" and {b.h2[0]}–{b.h2[1]}" if two else "")
                   + f", saturation ≥ {b.s_min}, value ≥ {b.v_min}.")
        mask_code = (
            "def extract_colour(image):\n"
            "    \"\"\"The seed's extract_red with the lab's HSV ranges.\"\"\"\n"
            f"    lower1 = np.array([{b.h1[0]}, {b.s_min}, {b.v_min}])\n"
            f"    upper1 = np.array([{b.h1[1]}, 255, 255])\n"
            + (f"    lower2 = np.array([{b.h2[0]}, {b.s_min}, {b.v_min}])\n"
               f"    upper2 = np.array([{b.h2[1]}, 255, 255])\n" if two else "")
            + "    dst = cv2.cvtColor(image, cv2.COLOR_BGR2HSV)\n"
            "    mask1 = cv2.inRange(dst, lowerb=lower1, upperb=upper1)\n"
            + ("    mask2 = cv2.inRange(dst, lowerb=lower2, upperb=upper2)\n"
               "    mask = cv2.add(mask1, mask2)\n"
               "    return mask\n" if two else
               f"    return mask1  # the second hue range ({b.h2[0]}–{b.h2[1]}) is empty\n")
        )
        make_mask = "extract_colour(work)"
    else:
        mask_md = ("A dark needle: where the seed's `extract_red` keeps two red hue ranges, a black needle has no "
                   "hue to keep, so the mask takes the pixels whose HSV value (brightness) is at most a threshold, "
                   "inside the dial face when it was found. "
                   + ("The threshold is found as the lab finds it: Otsu's split of the face's brightness (the face "
                      "is light; the needle, ticks and numerals dark), and, as that can be too generous, 0.85 and "
                      "0.7 of it too; the thinnest needle found wins." if dark_auto else
                      f"The threshold is the lab's: {settings.dark_v_max}."))
        mask_code = (
            "def face_disk(shape, face, fraction):\n"
            "    \"\"\"A boolean disk of the dial face (its radius × fraction).\"\"\"\n"
            "    yy, xx = np.ogrid[:shape[0], :shape[1]]\n"
            "    x, y, r = face\n"
            "    return (xx - x) ** 2 + (yy - y) ** 2 <= (r * fraction) ** 2\n"
            "\n\n"
            "def extract_dark(image, v_max):\n"
            "    \"\"\"The pixels no brighter than v_max (HSV value), inside the face when it was found.\"\"\"\n"
            "    dst = cv2.cvtColor(image, cv2.COLOR_BGR2HSV)\n"
            "    mask = cv2.inRange(dst, np.array([0, 0, 0]), np.array([180, 255, v_max]))\n"
            "    if face is not None:\n"
            "        mask[~face_disk(mask.shape, face, 0.92)] = 0\n"
            "    return mask\n"
        )
        if dark_auto:
            mask_code += (
                "\n\n"
                "value = cv2.cvtColor(work, cv2.COLOR_BGR2HSV)[:, :, 2]  # the brightness\n"
                "region = value\n"
                "if face is not None:\n"
                "    disk = face_disk(value.shape, face, 0.9)\n"
                "    if disk.any():\n"
                "        region = value[disk]\n"
                "otsu, _ = cv2.threshold(region.reshape(-1, 1).astype(np.uint8), 0, 255, "
                "cv2.THRESH_BINARY + cv2.THRESH_OTSU)\n"
                f"thresholds = [int(int(otsu) * f) for f in {list(_DARK_TRIES)!r}]  # Otsu's, and two stricter\n"
                "print('brightness thresholds tried:', thresholds)\n"
            )
        else:
            mask_code += f"\n\nV_MAX = {settings.dark_v_max}  # the lab's threshold\n"
        make_mask = "extract_dark(work, v_max)" if dark_auto else "extract_dark(work, V_MAX)"
    mask_code += (
        "\n\n"
        "def clean_mask(mask):\n"
        "    \"\"\"Remove single-pixel speckle and close one-pixel gaps (a 3×3 open, then close).\"\"\"\n"
        "    k = np.ones((3, 3), np.uint8)\n"
        "    return cv2.morphologyEx(cv2.morphologyEx(mask, cv2.MORPH_OPEN, k), cv2.MORPH_CLOSE, k)\n"
    )
    if not dark_auto:
        mask_code += (
            "\n\n"
            f"raw = {make_mask}  # {'提取红色 (the seed: extract the red), ' if color == 'red' else ''}255 where the needle's colour is\n"
            "if plt is not None:\n"
            "    plt.figure(figsize=(12, 12))\n"
            "    plt.subplot(121)\n"
            "    plt.imshow(work[:, :, ::-1])\n"
            "    plt.subplot(122)\n"
            "    plt.imshow(raw, cmap='gray')\n"
            "    plt.show()\n"
        )

    # ---- the needle
    needle_md = (
        "The needle among the mask's shapes. The seed takes every pixel of the mask as a point, which works "
        "while the needle is the only red thing in the picture; here the mask is cleaned, split into its "
        "8-connected shapes, and the shape most like a needle is kept: long (its spread along its own axis), "
        "thin (its spread across), and pointing at the pivot"
        + (" clicked" if pivot is not None else " (the dial face's centre)") + ". "
        f"A shape of fewer than {MIN_PIXELS} pixels is no needle, nor is one barely longer than wide.")
    needle_code = (
        f"MIN_PIXELS = {MIN_PIXELS}  # fewer pixels than this (in the work copy) is not a needle\n"
        f"MIN_CONFIDENCE = {_num(MIN_CONFIDENCE)}  # below this, a reading is unreliable (and a blob no needle)\n"
        "\n\n"
        "class NoNeedle(Exception):\n"
        "    \"\"\"No needle in a mask, and why.\"\"\"\n"
        "\n\n"
        "def components(mask):\n"
        "    \"\"\"The pixels (n, 2) as (x, y) of each 8-connected shape of the mask, the tiniest left out.\"\"\"\n"
        "    count, labels, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)\n"
        "    out = []\n"
        "    ys, xs = np.nonzero(labels)\n"
        "    lab = labels[ys, xs]\n"
        "    order = np.argsort(lab, kind='stable')\n"
        "    xs, ys, lab = xs[order], ys[order], lab[order]\n"
        "    bounds = np.searchsorted(lab, np.arange(1, count + 1))\n"
        "    for c in range(1, count):\n"
        "        if stats[c, cv2.CC_STAT_AREA] < 3:\n"
        "            continue\n"
        "        s, e = bounds[c - 1], bounds[c]\n"
        "        out.append(np.column_stack([xs[s:e], ys[s:e]]).astype(np.float64))\n"
        "    return out\n"
        "\n\n"
        "def axis(pts):\n"
        "    \"\"\"The mean, the principal direction, and the spread along it and across it.\"\"\"\n"
        "    mean = pts.mean(axis=0)\n"
        "    cov = np.cov((pts - mean).T) if len(pts) > 1 else np.eye(2)\n"
        "    vals, vecs = np.linalg.eigh(cov)\n"
        "    return mean, vecs[:, 1], math.sqrt(max(vals[1], 0.0)), math.sqrt(max(vals[0], 0.0))\n"
        "\n\n"
        "def choose_needle(shapes, anchor):\n"
        "    \"\"\"The shape most like a needle: long, thin, and aimed at the anchor.\"\"\"\n"
        "    best, best_score = None, 0.0\n"
        "    for pts in shapes:\n"
        "        if len(pts) < MIN_PIXELS:\n"
        "            continue\n"
        "        mean, d, along, across = axis(pts)\n"
        "        length = 4.0 * along\n"
        "        thin = along / (across + 0.5)\n"
        "        if thin < 2.0:\n"
        "            continue\n"
        "        score = len(pts) ** 0.5 * min(thin, 20.0) * min(length / size, 0.5)\n"
        "        v = np.asarray(anchor) - mean\n"
        "        off_line = abs(v[0] * d[1] - v[1] * d[0])  # the anchor's distance from the shape's axis\n"
        "        near = np.min(np.hypot(*(pts - np.asarray(anchor)).T)) / size  # its nearest pixel\n"
        "        score *= math.exp(-off_line / (0.06 * size)) * math.exp(-max(0.0, near - 0.12) / 0.1)\n"
        "        if score > best_score:\n"
        "            best, best_score = pts, score\n"
        "    return best\n"
        "\n\n"
        "def shape_confidence(pts):\n"
        "    \"\"\"How needle-like a shape is: 1 − across/along (a line 1, a blob 0), less for few pixels.\"\"\"\n"
        "    _, _, along, across = axis(pts)\n"
        "    return float(max(0.0, 1.0 - across / (along + 1e-9)) * min(1.0, len(pts) / (4.0 * MIN_PIXELS)))\n"
        "\n\n"
        "def find_needle(raw):\n"
        "    \"\"\"The cleaned mask, the needle's pixels (x, y) and how needle-like they are.\"\"\"\n"
        "    if not raw.any():\n"
        "        raise NoNeedle('no pixels pass the colour thresholds: widen the hue range, lower the saturation or '\n"
        "                       'value floor, or switch between red and dark needle')\n"
        "    mask = clean_mask(raw)\n"
        "    if not mask.any():\n"
        "        mask = raw  # thin needles can vanish in the clean-up; keep what passed\n"
        "    shapes = components(mask)\n"
        "    biggest = max((len(c) for c in shapes), default=0)\n"
        "    if biggest < MIN_PIXELS:\n"
        "        raise NoNeedle(f'the mask is too small ({biggest} pixels; a needle needs at least {MIN_PIXELS})')\n"
        "    pts = choose_needle(shapes, anchor)\n"
        "    if pts is None:\n"
        "        raise NoNeedle(f'none of the {len(shapes)} shapes in the mask looks like a needle (long, thin, '\n"
        "                       'pointing at the pivot)')\n"
        "    return mask, pts, shape_confidence(pts)\n"
        "\n\n"
        + anchor
    )
    if dark_auto:
        needle_code += (
            "found, first_error = [], None\n"
            "for v_max in thresholds:\n"
            "    try:\n"
            "        found.append((*find_needle(extract_dark(work, v_max)), v_max))\n"
            "    except NoNeedle as exc:\n"
            "        first_error = first_error or exc\n"
            "if not found:\n"
            "    raise SystemExit(f'no reading: {first_error}')\n"
            "mask, pts, shape, v_max = max(found, key=lambda f: f[2])  # the most needle-like\n"
            "print(f'brightness threshold {v_max}')\n"
        )
    else:
        needle_code += (
            "try:\n"
            "    mask, pts, shape = find_needle(raw)\n"
            "except NoNeedle as exc:\n"
            "    raise SystemExit(f'no reading: {exc}')\n"
        )
    needle_code += (
        "print(f'the needle: {len(pts)} pixels')\n"
        "# the seed's points: X = column, Y = height − row (y up)\n"
        "X = pts[:, 0]\n"
        "Y = h - pts[:, 1]\n"
        "if plt is not None:\n"
        "    plt.scatter(X, Y)\n"
        "    plt.show()\n"
    )

    # ---- the line
    if fit == "seed":
        fit_md = (
            "The line, as the seed fits it: y on x by least squares, $h_\\theta(x)=\\theta_0+\\theta_1x$ with the "
            "cost $J(\\theta)=\\frac{1}{2m}\\sum^m_{i=1}(h_{\\theta}(x^{(i)})-y^{(i)})^2$ at its minimum "
            "(the seed's `LinearRegression().fit(X1, Y)`, or its gradient descent run to the end; `np.polyfit` "
            "solves the same least squares). It cannot follow a vertical needle (every pixel has the same x), "
            "and tilts a steep one: the lab's total least squares has neither fault.")
        fit_code = (
            "if np.ptp(X) == 0:\n"
            "    raise SystemExit(\"no reading: the seed's fit (y on x) cannot follow a vertical needle: every pixel \"\n"
            "                     \"has the same x; choose total least squares\")\n"
            "k, b = np.polyfit(X, Y, 1)  # Y = k·X + b, the θ1 and θ0 that make J smallest\n"
            "direction = np.array([1.0, -k]) / math.hypot(1.0, k)  # along the line, in the image's y-down pixels\n"
            "point = np.array([X.mean(), h - (k * X.mean() + b)])  # a point on the line\n"
            "print(f'k:{round(k, 3)}, b:{round(b, 3)}')\n"
        )
    elif fit == "robust":
        fit_md = (
            "The line: a robust fit, OpenCV's `cv2.fitLine` with the Huber distance, which weighs the pixels far "
            "from the line less (stray pixels pull it less than in least squares). It measures distances "
            "across the line, so a vertical needle is no problem, unlike the seed's y on x.")
        fit_code = (
            "vx, vy, x0, y0 = cv2.fitLine(pts.astype(np.float32), cv2.DIST_HUBER, 0, 0.01, 0.01).ravel()\n"
            "direction = np.array([vx, vy], dtype=np.float64)  # along the line, in the image's y-down pixels\n"
            "point = np.array([x0, y0], dtype=np.float64)  # a point on the line\n"
        )
    else:
        fit_md = (
            "The line: total least squares, the line through the pixels' mean along their principal axis (the "
            "eigenvector of their covariance with the largest eigenvalue). It makes the sum of squared distances "
            "*across* the line smallest, where the seed's least squares makes the vertical ones smallest, so it "
            "follows a needle at any angle, vertical too.")
        fit_code = "point, direction, _, _ = axis(pts)  # the mean, and the principal axis (y-down pixels)\n"
    fit_code += (
        "rel = pts - point\n"
        "rms = float(np.sqrt(np.mean((rel[:, 0] * direction[1] - rel[:, 1] * direction[0]) ** 2)))  "
        "# the pixels' RMS distance from the line\n"
        "direction = direction / np.linalg.norm(direction)\n"
        "if plt is not None:\n"
        "    t = (pts - point) @ direction\n"
        "    ends = point + np.outer([t.min(), t.max()], direction)\n"
        "    plt.scatter(X, Y, s=2)\n"
        "    plt.plot(ends[:, 0], h - ends[:, 1], 'r')\n"
        f"    plt.title({_FIT_NAMES[fit]!r})\n"
        "    plt.show()\n"
    )

    # ---- the angle and the value
    if pivot is not None:
        pivot_md = "The pivot is the one clicked in the lab, moved onto the line."
        pivot_code = ("pivot, pivot_source = project(user_pivot), 'user'  # the clicked pivot, on the line\n")
    else:
        pivot_md = ("The pivot is the dial face's centre moved onto the line, when the line passes near it; "
                    "otherwise the needle's wide end (a needle tapers towards its tip).")
        pivot_code = (
            "if face is not None and abs(direction[0] * (face[1] - point[1]) - direction[1] * (face[0] - point[0])) "
            "< 0.15 * face[2]:\n"
            "    pivot, pivot_source = project(np.array(face[:2])), 'face'  # the line passes near the centre\n"
            "else:\n"
            "    pivot, pivot_source = None, 'needle'  # the needle's wide end, below\n"
        )
    if calib is not None:
        marks = "\n".join(f"    ({_num(a)}, {_num(v)})," for a, v in calib.marks)
        value_md = (
            "The value: the marks set in the lab pair an angle with a value on the scale (the first two are the "
            "scale's minimum and maximum); between two marks the value grows in proportion to the angle "
            "travelled, " + ("counterclockwise" if calib.ccw else "clockwise") + " as on this dial.")
        value_code = (
            f"MARKS = [  # (angle in degrees, value) of each mark on the scale\n{marks}\n]\n"
            f"CCW = {calib.ccw}  # values grow {'counterclockwise' if calib.ccw else 'clockwise'}\n"
            "\n\n"
            "def travel(a):\n"
            "    \"\"\"Degrees travelled from the first mark in the direction of growing values.\"\"\"\n"
            "    a0 = MARKS[0][0]\n"
            "    return ((a - a0) if CCW else (a0 - a)) % 360.0\n"
            "\n\n"
            "def scale_value(a):\n"
            "    \"\"\"(value, inside the marked range) for a needle angle: piecewise linear between the marks.\"\"\"\n"
            "    stops = sorted((travel(m), v) for m, v in MARKS)  # (degrees travelled, value), in order\n"
            "    t = travel(a)\n"
            "    t_last = stops[-1][0]\n"
            "    if t > t_last and (t - t_last) > (360.0 - t) / 1.0:  # past the end: nearer the start, across the gap\n"
            "        t = t - 360.0\n"
            "    inside = 0.0 <= t <= t_last\n"
            "    if t <= stops[0][0]:\n"
            "        (t0, v0), (t1, v1) = stops[0], stops[1]\n"
            "    elif t >= t_last:\n"
            "        (t0, v0), (t1, v1) = stops[-2], stops[-1]\n"
            "    else:\n"
            "        i = next(i for i in range(1, len(stops)) if stops[i][0] >= t)\n"
            "        (t0, v0), (t1, v1) = stops[i - 1], stops[i]\n"
            "    return v0 + (v1 - v0) * (t - t0) / (t1 - t0), inside\n"
            "\n\n"
            "reading, in_range = scale_value(angle)\n"
        )
    else:
        why = (f"the marks set in the lab make no scale ({describe_error(scale_error)})" if scale_error is not None
               else "the lab has no scale marks set (the minimum and the maximum)")
        value_md = f"No value: {why}, so only the needle's angle is read."
        value_code = f"reading, in_range = None, None  # {why}\n"
    angle_md = (
        f"{pivot_md} The tip is the needle's end farther from the pivot, and the angle is the direction from the "
        "pivot to the tip, in degrees counterclockwise from +x with y up (the seed's Y = height − row), in "
        f"[0, 360). {value_md} The confidence (0 to 1) says how far to trust the line: its residual measured "
        "against the needle's length and thickness; below " + _num(MIN_CONFIDENCE) + " the reading is unreliable.")
    angle_code = (
        "def project(p):\n"
        "    \"\"\"The point of the line nearest p.\"\"\"\n"
        "    return point + np.dot(p - point, direction) * direction\n"
        "\n\n"
        + pivot_code
        + "t = (pts - point) @ direction  # each pixel's place along the line\n"
        + ("if pivot is None:\n"
           "    # a needle tapers towards its tip: its widest stretch is at the pivot\n"
           "    across = np.abs((pts - point) @ np.array([-direction[1], direction[0]]))\n"
           "    bins = np.linspace(t.min(), t.max(), 13)\n"
           "    idx = np.clip(np.digitize(t, bins) - 1, 0, 11)\n"
           "    width = np.array([across[idx == i].max() if np.any(idx == i) else 0.0 for i in range(12)])\n"
           "    centre = (bins[:-1] + bins[1:]) / 2\n"
           "    piv_t = float(centre[int(np.argmax(np.convolve(width, [1, 2, 1], mode='same')))])\n"
           "    pivot = point + piv_t * direction\n"
           "else:\n"
           "    piv_t = float(np.dot(pivot - point, direction))\n" if pivot is None else
           "piv_t = float(np.dot(pivot - point, direction))\n")
        + "lo, hi = float(t.min()), float(t.max())\n"
        "tip = point + (lo if abs(lo - piv_t) > abs(hi - piv_t) else hi) * direction  # the end farther from the pivot\n"
        "towards_tip = tip - pivot\n"
        "if np.linalg.norm(towards_tip) < 1e-9:\n"
        "    raise SystemExit('no reading: the line fits the needle too poorly (confidence 0.0)')\n"
        "d = direction if np.dot(direction, towards_tip) > 0 else -direction\n"
        "angle = math.degrees(math.atan2(-d[1], d[0])) % 360.0  # counterclockwise from +x, y up\n"
        "if shape < MIN_CONFIDENCE:  # not a needle: a blob, or scattered pixels\n"
        "    raise SystemExit(f'no reading: the line fits the needle too poorly (confidence {round(shape, 3)}): adjust '\n"
        "                     'the thresholds so the mask shows the needle alone')\n"
        "\n\n"
        "def line_confidence(pts, rms):\n"
        "    \"\"\"How far to trust the line, 0 to 1: slender (residual ≪ the needle's length) × follows (as close as\n"
        "    the best line) × clean (no pixels far off the needle's core) × enough pixels.\"\"\"\n"
        "    if len(pts) < 2:\n"
        "        return 0.0\n"
        "    mean, d, along, _ = axis(pts)\n"
        "    best = (pts - mean) @ np.array([-d[1], d[0]])\n"
        "    best_rms = float(np.sqrt(np.mean(best ** 2)))\n"
        "    rms = max(float(rms), best_rms)  # no line leaves less than the best one\n"
        "    core = 2.0 / math.sqrt(3.0) * float(np.median(np.abs(best)))  # a uniform strip's RMS from its median\n"
        "    slender = max(0.0, 1.0 - rms / (along + 1e-9))\n"
        "    follows = ((best_rms + 0.5) / (rms + 0.5)) ** 2\n"
        "    clean = math.sqrt(min(1.0, (core + 0.5) / (best_rms + 0.5)))\n"
        "    few = min(1.0, len(pts) / (4.0 * MIN_PIXELS))\n"
        "    return float(slender * follows * clean * few)\n"
        "\n\n"
        "confidence = line_confidence(pts, rms)\n"
        + value_code
        + "pipeline_seconds = time.perf_counter() - pipeline_started\n"
    )

    # ---- the result
    result_md = ("The reading in the photo's pixels (x right, y down), and one JSON object with the keys of "
                 "`main.py read-dial --json` as the last line printed. The picture, when matplotlib is installed, "
                 "shows the line from the pivot to the tip.")
    result_code = (
        "result = {\n"
        "    'path': PHOTO,\n"
        "    'angle_deg': angle,\n"
        "    'reading': reading,\n"
        "    'in_range': in_range,\n"
        "    'pivot': [float(pivot[0] * sx), float(pivot[1] * sy)],\n"
        "    'tip': [float(tip[0] * sx), float(tip[1] * sy)],\n"
        "    'pivot_source': pivot_source,\n"
        "    'pixels': int(len(pts)),\n"
        "    'confidence': confidence,\n"
        "    'reliable': confidence >= MIN_CONFIDENCE,\n"
        f"    'fit': {fit!r},\n"
        "    'residual_rms_px': float(rms * max(sx, sy)),  # in the photo's pixels\n"
        "    'image_size': [width0, height0],\n"
        "    'decode_seconds': decode_seconds,\n"
        "    'pipeline_seconds': pipeline_seconds,\n"
        "}\n"
        "line = f'needle at {angle:.2f}° (confidence {confidence:.2f}, {len(pts)} pixels)'\n"
        "if reading is not None:\n"
        "    line += f'; reading {reading:.4g}' + ('' if in_range else ' (outside the marked range)')\n"
        "print(line)\n"
        "if plt is not None:\n"
        "    plt.figure(figsize=(8, 8))\n"
        "    plt.imshow(img[:, :, ::-1])\n"
        "    plt.plot([result['pivot'][0], result['tip'][0]], [result['pivot'][1], result['tip'][1]], 'c-', lw=2)\n"
        "    plt.plot(*result['pivot'], 'co')\n"
        "    plt.title(f'angle:{round(angle, 2)}' + ('' if reading is None else f', reading:{round(reading, 3)}'))\n"
        "    plt.show()\n"
        "print(json.dumps(result))\n"
    )
    sections = [Section("Imports", "numpy and OpenCV (cv2) for the computation; matplotlib, if installed, for the "
                                   "pictures.", _IMPORTS),
                Section("The photo", photo_md, photo_code),
                Section("The work copy", work_md, work_code)]
    if uses_face:
        sections.append(Section("The dial face", face_md, face_code))
    sections += [Section("The needle's colour: an HSV mask", mask_md, mask_code),
                 Section("The needle", needle_md, needle_code),
                 Section("The line through the needle", fit_md, fit_code),
                 Section("The angle and the value", angle_md, angle_code),
                 Section("Result", result_md, result_code)]
    return title, intro, sections, {photo_file: data}
