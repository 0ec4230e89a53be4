"""A plot view box for editing points: click to add, drag to move, right-click to delete."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt, Signal

PICK_RADIUS_PX = 8.0


def drawn_sample(n: int, limit: int, seed: int = 0) -> np.ndarray:
    """The indices of the points a plot draws: all when n ≤ limit, else `limit` of them at
    random, in order (the same data gives the same sample). A scatter of a million points
    froze the window for seconds at each set-up and each zoom; every point still counts."""
    if n <= limit:
        return np.arange(n)
    rng = np.random.default_rng(seed)
    return np.sort(rng.choice(n, size=limit, replace=False))


class PointsViewBox(pg.ViewBox):
    """Click to add a point, drag one to move it, right-click one to delete it."""

    point_added = Signal(float, float)
    point_moved = Signal(int, float, float)
    point_removed = Signal(int)

    def __init__(self) -> None:
        super().__init__()
        self._x = np.empty(0)
        self._y = np.empty(0)
        self._drag_index: int | None = None

    def set_points(self, x: np.ndarray, y: np.ndarray) -> None:
        self._x, self._y = x, y

    def nearest(self, scene_pos) -> int | None:
        """The point within PICK_RADIUS_PX pixels of scene_pos, if any."""
        if self._x.size == 0:
            return None
        p = self.mapSceneToView(scene_pos)
        pw, ph = self.viewPixelSize()
        if not (pw > 0 and ph > 0):
            return None
        d2 = ((self._x - p.x()) / pw) ** 2 + ((self._y - p.y()) / ph) ** 2
        i = int(np.argmin(d2))
        return i if d2[i] <= PICK_RADIUS_PX**2 else None

    def mouseClickEvent(self, ev) -> None:  # noqa: N802 (Qt naming)
        if ev.button() == Qt.MouseButton.LeftButton:
            ev.accept()
            if self.nearest(ev.scenePos()) is None:
                p = self.mapSceneToView(ev.scenePos())
                self.point_added.emit(p.x(), p.y())
            return
        if ev.button() == Qt.MouseButton.RightButton:
            i = self.nearest(ev.scenePos())
            if i is not None:
                ev.accept()
                self.point_removed.emit(i)
                return
        super().mouseClickEvent(ev)

    def mouseDragEvent(self, ev, axis=None) -> None:  # noqa: N802
        if ev.button() != Qt.MouseButton.LeftButton:
            super().mouseDragEvent(ev, axis)
            return
        if ev.isStart():
            self._drag_index = self.nearest(ev.buttonDownScenePos())
        if self._drag_index is None:
            super().mouseDragEvent(ev, axis)
            return
        ev.accept()
        p = self.mapSceneToView(ev.scenePos())
        self.point_moved.emit(self._drag_index, p.x(), p.y())
        if ev.isFinish():
            self._drag_index = None
