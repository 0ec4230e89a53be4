"""Regenerate the bundled dial samples and their truth table.

    .venv/bin/python scripts/make_dial_samples.py

Writes a handful of synthetic gauges from core.dial_synth into resources/samples/dials/
(PNG at compression 9, JPEG at quality 85, 400 × 400 px) plus truth.csv with the exact
needle angle and pivot of each. The output is deterministic: running it again rewrites the
same files.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import cv2

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from core.dial_synth import make_dial  # noqa: E402

OUT_DIR = ROOT / "resources" / "samples" / "dials"
SIZE = 400

# (file name, angle, make_dial keyword arguments); the angle is also in the name.
SAMPLES = [
    ("synthetic_ticks_037.png", 37.0, dict(style="ticks", seed=1)),
    ("synthetic_red_zone_128.png", 128.0, dict(style="red_zone", seed=2)),
    ("synthetic_vertical_090.png", 90.0, dict(style="ticks", seed=3, tail=False)),
    ("synthetic_numerals_243.jpg", 243.0, dict(style="numerals", seed=4)),
    ("synthetic_dark_needle_201.png", 201.0, dict(style="ticks", needle_color="dark", seed=5)),
    ("synthetic_dark_face_322.png", 322.0, dict(style="dark_face", seed=6, tail=False)),
    ("synthetic_photo_301.jpg", 301.0, dict(style="photo", seed=7, blur=0.7, noise=3.0, pivot_offset=(6.0, -4.0))),
]


def fmt(value: float) -> str:
    """A float written with enough digits to read back exactly as drawn."""
    return repr(float(value))


def main() -> None:
    """Write every sample image and truth.csv."""
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    rows = []
    for name, angle, kwargs in SAMPLES:
        img, truth = make_dial(angle, size=SIZE, **kwargs)
        params = [cv2.IMWRITE_JPEG_QUALITY, 85] if name.endswith(".jpg") else [cv2.IMWRITE_PNG_COMPRESSION, 9]
        if not cv2.imwrite(str(OUT_DIR / name), img, params):
            raise OSError(f"could not write {OUT_DIR / name}")
        rows.append([name, truth.needle_color, fmt(truth.angle_deg), fmt(truth.pivot[0]), fmt(truth.pivot[1])])
    with open(OUT_DIR / "truth.csv", "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(["file", "needle_color", "needle_angle_deg", "pivot_x", "pivot_y"])
        writer.writerows(rows)
    for path in sorted(OUT_DIR.iterdir()):
        print(f"{path.relative_to(ROOT)}  {path.stat().st_size / 1024:.1f} KB")


if __name__ == "__main__":
    main()
