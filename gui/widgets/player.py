"""The player shared by the descent labs: play/pause, step, back, reset, timeline, speed.

It owns the animation timer and knows nothing about learners: each tick it asks for as
many iterations as the chosen speed allows for the time that passed, and the lab steps
its learner within a bounded time slice and reports the position back.
"""

from __future__ import annotations

from PySide6.QtCore import QElapsedTimer, QEvent, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSlider, QStyle, QToolButton, QWidget

from gui.widgets.log_slider import LogSlider
from gui.widgets.text_pane import TextPane

FRAME_MS = 12  # under 1/60 s, so a late frame still leaves the rate above 60 a second


class PlayerBar(QWidget):
    """Transport controls and the animation clock."""

    advance_requested = Signal(int)
    step_requested = Signal()
    step_back_requested = Signal()
    reset_requested = Signal()
    seek_requested = Signal(int)
    playing_changed = Signal(bool)
    speed_changed = Signal(float)

    def __init__(self, parent: QWidget | None = None, speed: float = 200.0) -> None:
        super().__init__(parent)
        style = self.style()
        self.play_button = QToolButton(self)
        self.play_button.setCheckable(True)
        self.play_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.step_button = QToolButton(self)
        self.step_button.setIcon(style.standardIcon(QStyle.StandardPixmap.SP_MediaSeekForward))
        self.back_button = QToolButton(self)
        self.back_button.setIcon(style.standardIcon(QStyle.StandardPixmap.SP_MediaSeekBackward))
        self.reset_button = QToolButton(self)
        self.reset_button.setIcon(style.standardIcon(QStyle.StandardPixmap.SP_MediaSkipBackward))
        for b in (self.step_button, self.back_button, self.reset_button):
            b.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            b.setAutoRepeat(b is not self.reset_button)
        self.timeline = QSlider(Qt.Orientation.Horizontal, self)
        self.timeline.setRange(0, 0)
        self.position_label = TextPane(self)
        self.speed_label = QLabel(self)
        self.speed = LogSlider(1.0, 1e6, speed, self, integer=True)
        self.speed.setMinimumWidth(140)

        row = QHBoxLayout(self)
        row.setContentsMargins(4, 2, 4, 2)
        for w in (self.play_button, self.back_button, self.step_button, self.reset_button):
            row.addWidget(w)
        row.addWidget(self.timeline, 1)
        row.addWidget(self.position_label)
        row.addSpacing(12)
        row.addWidget(self.speed_label)
        row.addWidget(self.speed)

        self._timer = QTimer(self)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(FRAME_MS)
        self._timer.timeout.connect(self._on_timer_timeout)
        self._clock = QElapsedTimer()
        self._carry = 0.0

        self.play_button.toggled.connect(self._on_play_button_toggled)
        self.step_button.clicked.connect(self.step_requested)
        self.back_button.clicked.connect(self.step_back_requested)
        self.reset_button.clicked.connect(self.reset_requested)
        self.timeline.valueChanged.connect(self._on_timeline_value_changed)
        self.speed.value_changed.connect(self.speed_changed)

        # keys work anywhere in the window while the lab that holds the bar is on screen: after
        # a click on the lab's tab the focus is on the window's tab bar, outside the lab, and
        # keys bound to the lab's children did nothing there. Qt matches a window shortcut only
        # while its lab is visible, and a text field with the focus keeps the keys it types
        # (Qt offers them to it first, as ShortcutOverride): Space and "." in a number box.
        for keys, slot in (
            ("Space", self.toggle_playing),
            (".", self.step_requested.emit),
            (",", self.step_back_requested.emit),
            ("Ctrl+R", self.reset_requested.emit),
        ):
            sc = QShortcut(QKeySequence(keys), parent if parent is not None else self)
            sc.setContext(Qt.ShortcutContext.WindowShortcut)
            sc.activated.connect(slot)
        self.retranslate_ui()

    # ---- state from the lab
    def is_playing(self) -> bool:
        return self.play_button.isChecked()

    def set_playing(self, playing: bool) -> None:
        self.play_button.setChecked(playing)

    def toggle_playing(self) -> None:
        self.play_button.setChecked(not self.play_button.isChecked())

    def show_position(self, iteration: int, last: int, first: int = 0) -> None:
        """Move the timeline to `iteration` of `first`..`last` without asking for a seek (a run
        that went on from saved weights starts at their step: the steps before are not held)."""
        self.timeline.blockSignals(True)
        self.timeline.setRange(first, max(first, last))
        self.timeline.setValue(iteration)
        self.timeline.blockSignals(False)
        self.position_label.set_text(self.position_text(f"{iteration:,}", f"{last:,}"))

    def position_text(self, i: str, n: str) -> str:
        """The counter beside the timeline (a subclass names its own unit: a step, an epoch)."""
        return self.tr("iteration {i} / {n}").format(i=i, n=n)

    # ---- internals
    @Slot(bool)
    def _on_play_button_toggled(self, playing: bool) -> None:
        if playing:
            self._carry = 0.0
            self._clock.start()
            self._timer.start()
        else:
            self._timer.stop()
        self._update_play_button()
        self.playing_changed.emit(playing)

    @Slot()
    def _on_timer_timeout(self) -> None:
        elapsed = self._clock.restart() / 1000.0
        # a stalled frame (a dialog, a drag) must not turn into a burst of work
        elapsed = min(elapsed, 0.1)
        self._carry += elapsed * self.speed.value()
        n = int(self._carry)
        self._carry -= n
        if n > 0:
            self.advance_requested.emit(n)

    @Slot(int)
    def _on_timeline_value_changed(self, value: int) -> None:
        self.seek_requested.emit(value)

    def _update_play_button(self) -> None:
        style = self.style()
        if self.play_button.isChecked():
            self.play_button.setIcon(style.standardIcon(QStyle.StandardPixmap.SP_MediaPause))
            self.play_button.setText(self.tr("Pause"))
        else:
            self.play_button.setIcon(style.standardIcon(QStyle.StandardPixmap.SP_MediaPlay))
            self.play_button.setText(self.tr("Play"))

    def retranslate_ui(self) -> None:
        self._update_play_button()
        # a fixed width: a counter that changes every frame must not re-layout the bar
        widest = self.position_text("2,000,000", "2,000,000")
        self.position_label.setFixedWidth(self.position_label.fontMetrics().horizontalAdvance(widest) + 8)
        self.step_button.setText(self.tr("Step"))
        self.back_button.setText(self.tr("Back"))
        self.reset_button.setText(self.tr("Reset"))
        self.play_button.setToolTip(self.tr("Play or pause the descent (Space)"))
        self.step_button.setToolTip(self.tr("One iteration forward (.)"))
        self.back_button.setToolTip(self.tr("One iteration back through the history (,)"))
        self.reset_button.setToolTip(self.tr("Back to the starting point, history cleared (Ctrl+R)"))
        self.timeline.setToolTip(self.tr("Scrub through the history of the run"))
        self.speed_label.setText(self.tr("Speed (iterations/s)"))
        self.speed.setToolTip(self.tr("How many iterations run per second of animation"))
        self.show_position(self.timeline.value(), self.timeline.maximum(), self.timeline.minimum())

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)
