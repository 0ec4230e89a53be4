"""gui/widgets/image_grid.py: a grid of small images, built once, that shows what it is given
where a user sees it."""

import numpy as np
import pytest
from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QApplication


def on_screen(grid, n):
    """The rectangle, in the grid's own pixels, where cell n's image is drawn."""
    view = grid.view
    rect = view.mapFromScene(grid.images[n].sceneBoundingRect()).boundingRect()
    return rect.translated(view.mapTo(grid, QPoint(0, 0)))


def pixel(image, x, y):
    c = image.pixelColor(int(x), int(y))
    return c.red(), c.green(), c.blue()


def top_half_image():
    """Rows 0-13 at 255, the rest 0: where it shows tells rows from columns, up from down, and ink."""
    img = np.zeros((28, 28), dtype=np.uint8)
    img[:14] = 255
    return img


def shown(qtbot, grid, size):
    qtbot.addWidget(grid)
    grid.resize(*size)
    grid.show()
    qtbot.waitExposed(grid)
    QApplication.processEvents()
    return grid.grab().toImage()


def test_each_cell_shows_its_image_upright_and_in_ink(qtbot):
    from gui.widgets.image_grid import ImageGrid

    grid = ImageGrid(4, 2, ink=True)
    grid.set_images([top_half_image()] * 3)
    shot = shown(qtbot, grid, (300, 300))
    for n in range(3):
        r = on_screen(grid, n)
        assert r.width() > 40 and r.height() > 40, r  # a real picture, not squeezed away
        q = r.width() / 4
        assert max(pixel(shot, r.left() + q, r.top() + q)) < 40  # 255 in ink: black, on top
        assert max(pixel(shot, r.right() - q, r.top() + q)) < 40
        assert min(pixel(shot, r.left() + q, r.bottom() - q)) > 215  # 0: white, below
        assert min(pixel(shot, r.right() - q, r.bottom() - q)) > 215
    assert grid.shown() == 3 and not grid.images[3].isVisible()  # nothing given: nothing drawn


def test_without_ink_255_is_white(qtbot):
    from gui.widgets.image_grid import ImageGrid

    grid = ImageGrid(1, 1)
    grid.set_image(0, top_half_image())
    shot = shown(qtbot, grid, (120, 120))
    r = on_screen(grid, 0)
    q = r.width() / 4
    assert min(pixel(shot, r.left() + q, r.top() + q)) > 215 and max(pixel(shot, r.left() + q, r.bottom() - q)) < 40


def test_fixed_cells_leave_the_images_room_under_captions(qtbot):
    """Captions three lines high once took every pixel of a cell: the pictures vanished."""
    from gui.widgets.image_grid import ImageGrid

    caption = "<br>".join(["<b>Ankle boot</b> 0.97"] * 3)
    grid = ImageGrid(6, 3, captions=True, ink=True, cell_px=(116, 96), caption_px=44)
    grid.set_images([top_half_image()] * 6, [caption] * 6)
    assert grid.view.width() == 3 * 116 and grid.view.height() == 2 * 96
    shot = shown(qtbot, grid, (400, 250))
    for n in range(6):
        r = on_screen(grid, n)
        assert r.height() >= 96 - 44 - 2 and r.width() == pytest.approx(r.height(), abs=2), r
        q = r.width() / 4
        assert max(pixel(shot, r.left() + q, r.top() + q)) < 40
        label = grid.captions[n]
        assert label.text == caption and label.sceneBoundingRect().top() >= grid.boxes[n].sceneBoundingRect().bottom() - 1


def test_new_images_change_pixels_and_captions_not_items(qtbot):
    from gui.widgets.image_grid import ImageGrid

    grid = ImageGrid(6, 3, captions=True)
    qtbot.addWidget(grid)
    items, boxes, labels = list(grid.images), list(grid.boxes), list(grid.captions)
    layout_items = len(grid.view.ci.items)
    assert layout_items == 12  # a box and a caption per cell
    rng = np.random.default_rng(0)
    for round_ in range(3):
        pictures = [rng.integers(0, 256, (28, 28), dtype=np.uint8) for _ in range(6 - round_)]
        grid.set_images(pictures, [f"cell {n} round {round_}" for n in range(len(pictures))])
        assert all(a is b for a, b in zip(grid.images, items)) and all(a is b for a, b in zip(grid.boxes, boxes))
        assert all(a is b for a, b in zip(grid.captions, labels)) and len(grid.view.ci.items) == layout_items
        assert all(np.array_equal(grid.images[n].image, p) for n, p in enumerate(pictures))
        assert grid.shown() == len(pictures)
        assert grid.caption_texts()[: len(pictures)] == [f"cell {n} round {round_}" for n in range(len(pictures))]
        assert all(t == "" for t in grid.caption_texts()[len(pictures):])  # an empty cell says nothing
    grid.set_images([])
    assert grid.shown() == 0 and grid.caption_texts() == [""] * 6


def test_levels_and_bad_shapes(qtbot):
    from gui.widgets.image_grid import ImageGrid

    grid = ImageGrid(2, 2, levels=None)
    qtbot.addWidget(grid)
    w = np.linspace(-0.5, 0.5, 784).reshape(28, 28)
    grid.set_images([w, -w], levels=(-0.5, 0.5))
    assert all(tuple(img.levels) == pytest.approx((-0.5, 0.5)) for img in grid.images)
    with pytest.raises(ValueError):
        grid.set_image(0, np.zeros((28, 27)))
    with pytest.raises(ValueError):
        ImageGrid(0, 3)
