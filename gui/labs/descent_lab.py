"""What the descent labs share: the player's handlers, messages, and loading a data file.

A lab subclasses DescentLab, builds its widgets (it must have `player`, `banner`,
`import_button` and `lr_slider`), keeps its learner (a core.descent.DescentRun) in
`self._gd`, calls `_wire_player()`, and implements the hooks at the top of the class.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, QEvent, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QFont
from PySide6.QtWidgets import (
    QGraphicsItem,
    QHBoxLayout,
    QLayout,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from core.descent import StopReason
from core.errors import DataError, LabError
from core.tabular import ColumnChoice, csv_header
from gui import dialogs
from gui.labs.base import LabPanel
from gui.messages import describe_error, describe_stop
from gui.widgets.banner import MessageBanner
from gui.widgets.column_dialog import ColumnDialog, column_title
from gui.widgets.control_column import ControlColumn
from gui.widgets.log_slider import LogSlider, format_number
from gui.widgets.player import PlayerBar
from gui.widgets.text_pane import TextPane

STEP_BUDGET_S = 0.004  # time a frame may spend on descent steps (the rest draws it)
OFF_THREAD_BUDGET_S = 0.1  # a worker's slice of steps between two frames, for big data


def step_fork(fork: Any, n: int, budget: float | None) -> Any:
    """Step a run's fork on a worker thread (it touches nothing the GUI thread reads)."""
    fork.step(n, time_budget=budget)
    return fork


def join_sentences(*parts: str) -> str:
    """Sentences one after another, as the language writes them (a space in English, none
    after a Chinese full stop)."""
    text = ""
    for part in parts:
        if not part:
            continue
        text = part if not text else QCoreApplication.translate(
            "DescentLab", "{first} {second}", "two sentences in a row").format(first=text, second=part)
    return text


@dataclass(frozen=True)
class ColumnsNeeded:
    """A file whose header row does not say which column is which: the user chooses."""

    path: str
    header: tuple[str, ...]
    error: DataError


def read_data_file(load: Callable[[str, Sequence[int] | None], Any], path: str,
                   columns: Sequence[int] | None) -> Any:
    """`load(path, columns)` on a worker thread; a header that names no usable column gives
    ColumnsNeeded (with the file's column names) instead of an error."""
    try:
        return load(path, columns)
    except DataError as exc:
        if exc.code != "column_not_found" or columns is not None:
            raise
        return ColumnsNeeded(path, tuple(csv_header(path)), exc)


def scrolling(parent: QWidget, inner: QWidget) -> QScrollArea:
    """`inner` in a frameless, vertically scrolling area (for a text pane; a column of
    controls is a gui.widgets.control_column.ControlColumn, which never scrolls sideways)."""
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
    # what every lab builds (see the module's docstring)
    _gd: Any  # a core.descent.DescentRun with reset(); each lab names its own
    lr_slider: LogSlider
    import_button: QPushButton

    # ---- hooks for the lab
    def _refresh_views(self, force_text: bool = False) -> None:
        """Draw the state at the cursor (one animation frame)."""
        raise NotImplementedError

    def _diverged_message(self) -> Callable[[], str]:
        """How to say, in the current language, that this run diverged and what to do."""
        raise NotImplementedError

    def _load_file(self, path: str, columns: Sequence[int] | None = None) -> Any:
        """Read a data file, from the given columns or those its header names (runs on a
        worker thread: touches no widget; raises LabError)."""
        raise NotImplementedError

    def _column_roles(self) -> tuple[str, ...]:
        """The roles a data file's columns play, in the order _load_file takes them."""
        raise NotImplementedError

    def _accept_loaded(self, data: Any, path: str) -> bool | None:
        """Install data read by _load_file from `path`, all or nothing: True when installed,
        False when refused (the lab said why), None when it is still being prepared (the lab
        calls _report_loaded when it is in). An exception leaves the lab as it was."""
        raise NotImplementedError

    def _steps_off_thread(self) -> bool:
        """True when one iteration costs too much for a frame (big data): the run is then
        stepped on a fork on the lab's TaskRunner, and the GUI thread only draws."""
        return False

    def _no_progress_message(self) -> Callable[[], str]:
        """How to say that the run stopped at the cap without learning, and what to do."""
        return lambda: describe_stop(StopReason.NO_PROGRESS.value)

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
        self.column_dialog: ColumnDialog | None = None
        self._steps_wanted = 0  # Step clicks not yet taken (big data: steps run on a worker)
        self._applying_state = False  # set_state at work: its changes are not the user's

    # ---- the lab's state (gui/state.py)
    def _user_changed(self) -> None:
        """The user changed something the state holds: say so (never while set_state works).
        A run's position counts when the user moved it (Step, Back, Reset, the timeline) or
        when playing stops; the frames of Play do not, each one."""
        if not self._applying_state:
            self.state_changed.emit()

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
        # as wide as its widest control: a focused field never scrolls it sideways
        self.column = ControlColumn(controls, self, minimum_width=330)
        self.player = PlayerBar(self, speed=speed)
        right = QVBoxLayout()
        right.addWidget(self.equation_label)
        right.addWidget(self.banner)
        right.addLayout(grid, 1)
        top = QHBoxLayout()
        top.addWidget(self.column)
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
        self.player.speed_changed.connect(self._on_player_speed_changed)
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
        """Run up to n iterations within `budget` seconds and redraw (one animation frame).
        For big data the iterations run on a worker (see _steps_off_thread) and this returns
        at once (0); the frame is drawn when they are in."""
        gd = self._gd
        if self._steps_off_thread() and gd.at_end:
            self._step_on_worker(n, None if budget is None else max(budget, OFF_THREAD_BUDGET_S))
            return 0
        moved = gd.step(n, time_budget=budget)
        if gd.stop_reason is not None:
            self.player.set_playing(False)
            self._announce_stop(gd.stop_reason)
        self._refresh_views()
        return moved

    def _step_on_worker(self, n: int, budget: float | None) -> None:
        """Step a fork of the run on the lab's TaskRunner; the run adopts its states when they
        are in, unless it was changed meanwhile (then the user's change wins). One at a time:
        frames asked for while one runs are dropped."""
        if self.tasks.is_running("step") or self._gd.stop_reason is not None:
            return
        self.tasks.submit("step", step_fork, self._gd.fork(), n, budget, on_result=self._on_stepper_returned)

    @Slot(object)
    def _on_stepper_returned(self, fork: Any) -> None:
        gd = self._gd
        if not gd.adopt(fork):
            return  # the run was changed, reset or replaced while the fork ran
        if gd.stop_reason is not None:
            self.player.set_playing(False)
            self._steps_wanted = 0
            self._announce_stop(gd.stop_reason)
        playing = self.player.is_playing()
        self._refresh_views(force_text=not playing)
        if self._steps_wanted > 0 and not playing:
            self._steps_wanted -= 1
            QTimer.singleShot(0, self, self._take_wanted_step)

    def _take_wanted_step(self) -> None:
        self._step_on_worker(1, None)

    @Slot()
    def _on_player_step_requested(self) -> None:
        self.player.set_playing(False)
        gd = self._gd
        if self._steps_off_thread() and gd.at_end:
            if self.tasks.is_running("step"):
                self._steps_wanted += 1  # taken when the one on its way is in
            else:
                self._step_on_worker(1, None)
            return
        gd.step(1)
        if gd.stop_reason is not None:
            self._announce_stop(gd.stop_reason)
        self._refresh_views(force_text=True)
        self._user_changed()

    @Slot()
    def _on_player_step_back_requested(self) -> None:
        self.player.set_playing(False)
        self._steps_wanted = 0
        self._gd.step_back(1)
        self.banner.clear_message()
        self._refresh_views(force_text=True)
        self._user_changed()

    @Slot()
    def _on_player_reset_requested(self) -> None:
        self.player.set_playing(False)
        self._steps_wanted = 0
        self._gd.reset()
        self.banner.clear_message()
        self._on_run_reset()
        self._refresh_views(force_text=True)
        self._user_changed()

    @Slot(int)
    def _on_player_seek_requested(self, i: int) -> None:
        self._gd.seek(i)
        if self._gd.stop_reason is None:
            self.banner.clear_message()
        self._refresh_views(force_text=not self.player.is_playing())
        self._user_changed()

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
            self._user_changed()  # where Play took the run

    @Slot(float)
    def _on_player_speed_changed(self, _speed: float) -> None:
        self._user_changed()

    def _announce_stop(self, reason: StopReason) -> None:
        if reason is StopReason.DIVERGED:
            self.banner.show_message("error", self._diverged_message())
        elif reason is StopReason.NO_PROGRESS:
            # a run that learned nothing is a problem to fix, not an outcome
            self.banner.show_message("error", self._no_progress_message())
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
    def load_csv(self, path: str, columns: Sequence[int] | None = None) -> None:
        """Read a data file on a worker thread; on failure the current data stays. A second
        file asked for while one loads replaces it (the latest request wins). `columns`:
        the file's columns for each role, else those its header names (or the user chooses)."""
        self._loading_path = str(path)
        self.tasks.submit("load", read_data_file, self._load_file, str(path),
                          None if columns is None else tuple(int(c) for c in columns),
                          on_result=self._on_loader_returned, on_error=self._on_loader_errored)
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
        if isinstance(data, ColumnsNeeded):
            self._ask_columns(data)
            return
        path = self._loading_path
        try:
            accepted = self._accept_loaded(data, path)
        except LabError as exc:
            self._show_error(exc)
            return
        except Exception as exc:  # noqa: BLE001 — an install that fails must say so and keep the old data
            self._show_file_failure(path, exc)
            return
        if accepted:
            self._report_loaded(data.n, path)
        elif accepted is False and not self.message():
            self.status_message.emit("")

    def _report_loaded(self, n: int, path: str) -> None:
        self.status_message.emit(self.tr("Loaded {n} points from {name}.").format(n=f"{n:,}", name=Path(path).name))

    def _show_file_failure(self, path: str, exc: BaseException) -> None:
        name, error = Path(path).name, str(exc) or type(exc).__name__

        def compose() -> str:
            return self.tr("Could not use {name}: {error}").format(name=name, error=error)

        self.banner.show_message("error", compose)
        self.status_message.emit(compose())

    @Slot(object)
    def _on_loader_errored(self, exc: BaseException) -> None:
        if isinstance(exc, LabError):
            self._show_error(exc)
        else:
            self._show_file_failure(self._loading_path, exc)

    @staticmethod
    def columns_setting(choice: ColumnChoice | None) -> str:
        """The file columns the user chose, for the settings ("1,2"); "" where the header's
        names chose them (they choose again next time, should the file change)."""
        return "" if choice is None or choice.by_name else ",".join(str(i) for i in choice.indices)

    def columns_from_setting(self, text: str) -> tuple[int, ...] | None:
        """columns_setting read back: one column index per role, else None (the header decides)."""
        try:
            columns = tuple(int(v) for v in text.split(","))
        except ValueError:
            return None
        if len(columns) != len(self._column_roles()) or not all(0 <= c < 10_000 for c in columns):
            return None
        return columns

    def columns_sentence(self, choice: ColumnChoice | None) -> str:
        """Which file columns the data came from (empty for data not read from a file)."""
        if choice is None:
            return ""
        titles = [column_title(i, name) for i, name in zip(choice.indices, choice.names)]
        return self._columns_template().format(*titles)

    def _columns_template(self) -> str:
        """A sentence naming the column of each role, with {0}, {1}, … in the roles' order."""
        raise NotImplementedError

    # ---- choosing columns
    def _ask_columns(self, need: ColumnsNeeded) -> None:
        if self.column_dialog is not None:  # a chooser for another file: it goes, unanswered
            self.column_dialog.accepted.disconnect(self._on_column_dialog_accepted)
            self.column_dialog.rejected.disconnect(self._on_column_dialog_rejected)
            self.column_dialog.close()
            self.column_dialog.deleteLater()
        dialog = ColumnDialog(self, need.path, need.header, self._column_roles())
        self._column_need = need
        dialog.accepted.connect(self._on_column_dialog_accepted)
        dialog.rejected.connect(self._on_column_dialog_rejected)
        self.column_dialog = dialog
        self.status_message.emit(self.tr("Choose the columns of {name}.").format(name=Path(need.path).name))
        dialog.open()

    @Slot()
    def _on_column_dialog_accepted(self) -> None:
        if self.column_dialog is not None:
            self.load_csv(self._column_need.path, self.column_dialog.chosen())

    @Slot()
    def _on_column_dialog_rejected(self) -> None:
        self._show_error(self._column_need.error)

    @Slot()
    def _on_import_button_clicked(self) -> None:
        title, filters = self._import_dialog()
        path = dialogs.open_file(self, "data", title, filters)
        if path:
            self.load_csv(path)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self.take_experiment_drop(event):
            return
        urls = event.mimeData().urls()
        if urls and urls[0].isLocalFile():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        if self.take_experiment_drop(event):
            return
        urls = event.mimeData().urls()
        if urls and urls[0].isLocalFile():
            self.load_csv(urls[0].toLocalFile())
            event.acceptProposedAction()

    def shutdown(self, deadline: float | None = None) -> None:
        """Stop the animation and this lab's tasks (the window is closing)."""
        self.player.set_playing(False)
        super().shutdown(deadline)
