"""A grid of small images (28×28 test pictures, a layer's weights), each with an optional
caption under it: one pg.ImageItem per cell, built once; showing other images only swaps the
items' pixels and the captions' text (a rebuild cost ~250 ms of the GUI thread per epoch).

Images are given as a person sees them, row by row (an (h, w) array, row 0 on top). A grid
drawn in `ink` shows 0 as white and 255 as black, as on a page: Fashion-MNIST stores light
garments on black. A cell with nothing to show keeps its place and shows nothing.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pyqtgraph as pg
from PySide6.QtWidgets import QVBoxLayout, QWidget

from gui.widgets.plots import add_view_box

INK = np.arange(255, -1, -1, dtype=np.uint8)  # a look-up table: 0 white, 255 black
CAPTION_SIZE = "7pt"
CAPTION_COLOR = "#222"


class ImageGrid(QWidget):
    """`count` images in rows of `columns`, with a caption under each when `captions`.

    `cell_px` (width, height) fixes each cell's size, caption included, and the grid's (put
    it in a scroll area); `caption_px` is the caption's share of that height. Without it the
    cells share the room the grid is given, every image keeping its aspect."""

    def __init__(self, count: int, columns: int, shape: tuple[int, int] = (28, 28), *, captions: bool = False,
                 ink: bool = False, levels: tuple[float, float] | None = (0, 255),
                 cell_px: tuple[int, int] | None = None, caption_px: int = 0, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        if count < 1 or columns < 1:
            raise ValueError(f"a grid of {count} images in {columns} columns")
        self.columns = columns
        self.rows = -(-count // columns)
        self._shape = shape
        self._levels = levels
        self.view = pg.GraphicsLayoutWidget()
        self.boxes: list[pg.ViewBox] = []
        self.images: list[pg.ImageItem] = []
        self.captions: list[pg.LabelItem] = []
        h, w = shape
        for n in range(count):
            r, c = divmod(n, columns)
            row = 2 * r if captions else r
            vb = add_view_box(self.view, row=row, col=c, lockAspect=True, invertY=True)
            vb.setMouseEnabled(False, False)
            image = pg.ImageItem(np.zeros(shape, dtype=np.float32), axisOrder="row-major")
            if levels is not None:
                image.setLevels(levels)
            if ink:
                image.setLookupTable(INK)
            image.hide()
            vb.addItem(image)
            vb.setRange(xRange=(0, w), yRange=(0, h), padding=0)
            self.boxes.append(vb)
            self.images.append(image)
            if captions:
                label = self.view.addLabel("", row=row + 1, col=c, size=CAPTION_SIZE, color=CAPTION_COLOR)
                self.captions.append(label)
        if cell_px is not None:
            self._fix_cells(cell_px, caption_px if captions else 0)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.view)

    def _fix_cells(self, cell_px: tuple[int, int], caption_px: int) -> None:
        """Every cell exactly `cell_px`: the images get the height the captions leave them
        (without a floor, a row of captions took it all and the pictures vanished)."""
        width, height = cell_px
        layout = self.view.ci.layout
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        for vb in self.boxes:
            vb.setFixedHeight(height - caption_px)
            vb.setFixedWidth(width)
        for label in self.captions:
            label.setFixedHeight(caption_px)
            label.setFixedWidth(width)
        self.view.setFixedSize(self.columns * width, self.rows * height)

    # ---- what it shows
    def __len__(self) -> int:
        return len(self.images)

    def set_image(self, n: int, image: np.ndarray | None, caption: str = "",
                  levels: tuple[float, float] | None = None) -> None:
        """Cell n shows `image` (an (h, w) array; None: nothing) and `caption`, on `levels`
        (else the grid's)."""
        item = self.images[n]
        if image is None:
            item.hide()
        else:
            image = np.asarray(image)
            if image.shape != self._shape:
                raise ValueError(f"a {image.shape} image in a grid of {self._shape} images")
            item.setImage(image, levels=levels if levels is not None else self._levels)
            item.show()
        if self.captions:
            self.captions[n].setText(caption if image is not None else "")

    def set_images(self, images: Sequence[np.ndarray] | np.ndarray, captions: Sequence[str] | None = None,
                   levels: tuple[float, float] | None = None) -> None:
        """The first len(images) cells show them (and their captions); the rest nothing.
        More images than cells: the first ones."""
        for n in range(len(self.images)):
            shown = n < len(images)
            self.set_image(n, images[n] if shown else None,
                           captions[n] if shown and captions is not None else "", levels)

    def shown(self) -> int:
        """How many cells show an image."""
        return sum(item.isVisible() for item in self.images)

    def caption_texts(self) -> list[str]:
        """The captions' texts, cell by cell ("" under an empty cell)."""
        return [label.text for label in self.captions]
