"""What the descent labs share: the player's handlers, messages, and loading a data file.

A lab subclasses DescentLab, builds its widgets (it must have `player`, `banner`,
`import_button` and `lr_slider`), keeps its learner (a core.descent.DescentRun) in
`self._gd`, calls `_wire_player()`, and implements the hooks at the top of the class.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

import pyqtgraph as pg
from PySide6.QtCore import QEvent, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QFont
from PySide6.QtWidgets import (
    QGraphicsItem,
    QHBoxLayout,
    QLayout,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from core.descent import StopReason
from core.errors import LabError
from gui import dialogs
from gui.labs.base import LabPanel
from gui.messages import describe_error, describe_stop
from gui.widgets.banner import MessageBanner
from gui.widgets.log_slider import format_number
from gui.widgets.player import PlayerBar
from gui.widgets.text_pane import TextPane

STEP_BUDGET_S = 0.004  # time a frame may spend on descent steps (the rest draws it)


def scrolling(parent: QWidget, inner: QWidget) -> QScrollArea:
    """`inner` in a frameless, vertically scrolling area."""
    area = QScrollArea(parent)
    area.setWidget(inner)
    area.setWidgetResizable(True)
    area.setFrameShape(QScrollArea.Shape.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    return area


class DescentLab(LabPanel):
    """A lab that animates a steppable descent with the shared player bar."""

    run_stopped = Signal(str)
    step_budget_s = STEP_BUDGET_S

    # ---- hooks for the lab
    def _refresh_views(self, force_text: bool = False) -> None:
        """Draw the state at the cursor (one animation frame)."""
        raise NotImplementedError

    def _diverged_message(self) -> Callable[[], str]:
        """How to say, in the current language, that this run diverged and what to do."""
        raise NotImplementedError

    def _load_file(self, path: str) -> Any:
        """Read a data file (runs on a worker thread; raises LabError)."""
        raise NotImplementedError

    def _accept_loaded(self, data: Any) -> bool:
        """Install data read by _load_file; False if the lab refused it (it said why)."""
        raise NotImplementedError

    def _import_dialog(self) -> tuple[str, str]:
        """The open dialog's title and file filter."""
        raise NotImplementedError

    def _on_run_reset(self) -> None:
        """Called after Reset: views that follow the run may re-fit."""

    def retranslate_ui(self) -> None:
        raise NotImplementedError

    # ---- set-up
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAcceptDrops(True)
        self._loading_path = ""
        self._csv_path = ""

    # ---- building blocks of a lab's layout
    def _make_text_panes(self, equation_scale: float, info_lines: int) -> QScrollArea:
        """The equation above the plots, the message banner, and the numbers pane (returned
        in a scroll area, to be placed in the lab's grid). Panes, not QLabels: text that
        changes every frame must not re-run the window's layout."""
        self.equation_label = TextPane(self)
        font = QFont(self.font())
        font.setPointSizeF(font.pointSizeF() * equation_scale)
        self.equation_label.setFont(font)
        self.banner = MessageBanner(self)
        self.banner.setTextFormat(Qt.TextFormat.PlainText)
        self.info_label = TextPane(self, lines=info_lines)
        return scrolling(self, self.info_label)

    def _assemble(self, groups: list[QWidget], grid: QLayout, speed: float) -> None:
        """Controls on the left (scrolling), equation, banner and plots on the right, the
        player along the bottom."""
        controls = QWidget(self)
        col = QVBoxLayout(controls)
        col.setContentsMargins(0, 0, 0, 0)
        for group in groups:
            col.addWidget(group)
        col.addStretch(1)
        column = scrolling(self, controls)
        column.setMinimumWidth(330)
        column.setMaximumWidth(400)
        self.player = PlayerBar(self, speed=speed)
        right = QVBoxLayout()
        right.addWidget(self.equation_label)
        right.addWidget(self.banner)
        right.addLayout(grid, 1)
        top = QHBoxLayout()
        top.addWidget(column)
        top.addLayout(right, 1)
        outer = QVBoxLayout(self)
        outer.addLayout(top, 1)
        outer.addWidget(self.player)

    @staticmethod
    def _cache_static(plots: list[pg.PlotWidget], items: list[QGraphicsItem]) -> None:
        """Cache what seldom changes as pixmaps (axes, titles, big scatters, maps): they are
        then redrawn when they change, not in every frame that moves something else."""
        for plot in plots:
            item = plot.getPlotItem()
            for name in ("left", "bottom", "right", "top"):
                item.getAxis(name).setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
            item.titleLabel.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        for cached in items:
            cached.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)

    def _wire_player(self) -> None:
        self.player.advance_requested.connect(self._on_player_advance_requested)
        self.player.step_requested.connect(self._on_player_step_requested)
        self.player.step_back_requested.connect(self._on_player_step_back_requested)
        self.player.reset_requested.connect(self._on_player_reset_requested)
        self.player.seek_requested.connect(self._on_player_seek_requested)
        self.player.playing_changed.connect(self._on_player_playing_changed)
        self.import_button.clicked.connect(self._on_import_button_clicked)
        self.lr_slider.entry_rejected.connect(self._on_lr_entry_rejected)

    def learner(self):
        return self._gd

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    # ---- the player
    @Slot(int)
    def _on_player_advance_requested(self, n: int) -> None:
        self.advance(n, self.step_budget_s)

    def advance(self, n: int, budget: float | None = STEP_BUDGET_S) -> int:
        """Run up to n iterations within `budget` seconds and redraw (one animation frame)."""
        moved = self._gd.step(n, time_budget=budget)
        if self._gd.stop_reason is not None:
            self.player.set_playing(False)
            self._announce_stop(self._gd.stop_reason)
        self._refresh_views()
        return moved

    @Slot()
    def _on_player_step_requested(self) -> None:
        self.player.set_playing(False)
        self._gd.step(1)
        if self._gd.stop_reason is not None:
            self._announce_stop(self._gd.stop_reason)
        self._refresh_views(force_text=True)

    @Slot()
    def _on_player_step_back_requested(self) -> None:
        self.player.set_playing(False)
        self._gd.step_back(1)
        self.banner.clear_message()
        self._refresh_views(force_text=True)

    @Slot()
    def _on_player_reset_requested(self) -> None:
        self.player.set_playing(False)
        self._gd.reset()
        self.banner.clear_message()
        self._on_run_reset()
        self._refresh_views(force_text=True)

    @Slot(int)
    def _on_player_seek_requested(self, i: int) -> None:
        self._gd.seek(i)
        if self._gd.stop_reason is None:
            self.banner.clear_message()
        self._refresh_views(force_text=not self.player.is_playing())

    @Slot(bool)
    def _on_player_playing_changed(self, playing: bool) -> None:
        if playing and self._gd.stop_reason is not None:
            # nothing left to run: say why instead of starting a silent timer
            self._announce_stop(self._gd.stop_reason)
            QTimer.singleShot(0, self.player, lambda: self.player.set_playing(False))
        if not playing:
            # while playing, the numbers are refreshed a few times a second; on pause they
            # must show the state the line and the timeline show, not one 2–13 steps older
            self._refresh_views(force_text=True)

    def _announce_stop(self, reason: StopReason) -> None:
        if reason is StopReason.DIVERGED:
            self.banner.show_message("error", self._diverged_message())
        else:
            self.banner.show_message("info", lambda: describe_stop(reason.value))
        self.run_stopped.emit(reason.value)

    # ---- messages
    def _show_error(self, exc: LabError) -> None:
        self.banner.show_message("error", lambda: describe_error(exc))
        self.status_message.emit(describe_error(exc))

    def message(self) -> str:
        """The text of the banner above the plots (empty when there is none)."""
        return self.banner.message()

    @Slot(str)
    def _on_lr_entry_rejected(self, text: str) -> None:
        lo, hi = format_number(self.lr_slider.minimum), format_number(self.lr_slider.maximum)
        lr = format_number(self.lr_slider.value())
        try:
            not_positive = float(text) <= 0
        except ValueError:
            not_positive = False
        if not_positive:
            self.banner.show_message("error", lambda: self.tr(
                "The learning rate must be a positive number (got {lr}).").format(lr=text))
            return
        self.banner.show_message("error", lambda: self.tr(
            "“{text}” is not a learning rate between {lo} and {hi}; the rate stays {lr}.").format(
            text=text, lo=lo, hi=hi, lr=lr))

    # ---- loading a file
    def load_csv(self, path: str) -> None:
        """Read a data file on a worker thread; on failure the current data stays. A second
        file asked for while one loads replaces it (the latest request wins)."""
        self._loading_path = str(path)
        self.tasks.submit("load", self._load_file, str(path), on_result=self._on_loader_returned,
                          on_error=self._on_loader_errored)
        self.status_message.emit(self.tr("Loading {name} …").format(name=Path(path).name))

    def is_loading(self) -> bool:
        return self.tasks.is_running("load")

    # ---- File → Import data…, main.py FILE
    def can_import(self) -> bool:
        return True

    def import_data(self) -> None:
        self._on_import_button_clicked()

    def open_path(self, path: str) -> bool:
        self.load_csv(path)
        return True

    @Slot(object)
    def _on_loader_returned(self, data: Any) -> None:
        previous = self._csv_path
        self._csv_path = self._loading_path
        try:
            accepted = self._accept_loaded(data)
        except LabError as exc:
            self._csv_path = previous
            self._show_error(exc)
            return
        if accepted:
            self.status_message.emit(self.tr("Loaded {n} points from {name}.").format(
                n=data.n, name=Path(self._csv_path).name))
        else:
            self._csv_path = previous

    @Slot(object)
    def _on_loader_errored(self, exc: BaseException) -> None:
        if isinstance(exc, LabError):
            self._show_error(exc)
        else:
            name = Path(self._loading_path).name
            self.banner.show_message("error", lambda: self.tr("Could not read {name}: {error}").format(
                name=name, error=exc))

    @Slot()
    def _on_import_button_clicked(self) -> None:
        title, filters = self._import_dialog()
        path = dialogs.open_file(self, "data", title, filters)
        if path:
            self.load_csv(path)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        urls = event.mimeData().urls()
        if urls and urls[0].isLocalFile():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        urls = event.mimeData().urls()
        if urls and urls[0].isLocalFile():
            self.load_csv(urls[0].toLocalFile())
            event.acceptProposedAction()

    def shutdown(self, deadline: float | None = None) -> None:
        """Stop the animation and this lab's tasks (the window is closing)."""
        self.player.set_playing(False)
        super().shutdown(deadline)
