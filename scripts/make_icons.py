"""Render resources/icons/ml-basics-lab.svg to the PNG sizes desktops ask for.

Writes resources/icons/hicolor/<N>x<N>/apps/ml-basics-lab.png (the freedesktop icon theme's
layout, so --install-desktop-entry copies the tree as it is) for N in SIZES. Run it after
changing the SVG and commit the PNGs:

    .venv/bin/python scripts/make_icons.py
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtGui import QGuiApplication, QImage, QPainter  # noqa: E402
from PySide6.QtSvg import QSvgRenderer  # noqa: E402

ICONS = Path(__file__).resolve().parent.parent / "resources" / "icons"
SVG = ICONS / "ml-basics-lab.svg"
SIZES = (16, 24, 32, 48, 64, 128, 256)


def render(size: int) -> QImage:
    """The icon at size×size pixels, transparent around the rounded square."""
    renderer = QSvgRenderer(str(SVG))
    if not renderer.isValid():
        raise SystemExit(f"cannot read {SVG}")
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    return image


def main() -> int:
    _app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    for size in SIZES:
        out = ICONS / "hicolor" / f"{size}x{size}" / "apps" / "ml-basics-lab.png"
        out.parent.mkdir(parents=True, exist_ok=True)
        if not render(size).save(str(out), "PNG"):
            raise SystemExit(f"could not write {out}")
        print(out.relative_to(ICONS.parent.parent))
    return 0


if __name__ == "__main__":
    sys.exit(main())
