"""The Dial Reader lab: from a gauge photo to a reading, every step visible.

A thin assembly: the control column (controls.py), the views (views.py), the batch box
(batch.py) and the controller (controller.py), which owns the image, the reading, the lab's
tasks and the batch. The panel binds the controls to the controller and turns its frames and
events into sentences (texts.py)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, MutableMapping
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QSettings, Qt, Slot
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget
from superqt.utils import qthrottled

from core.dial import DialResult, DialSettings
from core.errors import LabError
from core.imageio import LoadedImage
from gui.labs.base import LabPanel
from gui.labs.dial import texts
from gui.labs.dial.batch import BatchBox
from gui.labs.dial.controller import (BatchFrame, DialController, DialInputs, LoadedPhoto, NeedlePicked, OpenFailure,
                                      ReadingFrame, bundled_samples, demo_calibration, demo_sample, dial_inputs,
                                      load_photo, state_photo)
from gui.labs.dial.controls import DialControls
from gui.labs.dial.legacy_settings import state_from_settings
from gui.labs.dial.state import DialState
from gui.labs.dial.views import DialViews, open_table, reading_pane, views_over_table
from gui.messages import describe_error
from gui.state import LabState
from gui.widgets.banner import MessageBanner
from gui.widgets.control_column import ControlColumn
from gui.widgets.text_pane import TextPane

class DialReaderPanel(LabPanel):
    """Drop a gauge photo; see the mask, the fitted line and the reading."""

    key = "dial"
    state_type = DialState

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAcceptDrops(True)
        self.controller = DialController(self.tasks, self)
        self._applying = False  # set_state at work: its changes are not the user's
        self._build_ui()
        self._bind()
        self.retranslate_ui()

    # ------------------------------------------------------------------ UI
    def _build_ui(self) -> None:
        self.controls = c = DialControls(bundled_samples(), self)
        self.photo_box, self.colour_box, self.fit_box, self.calib_box = (
            c.photo_box, c.colour_box, c.fit_box, c.calib_box)
        self.column = ControlColumn(c, self)
        self.views = DialViews(self)
        self.reading_label = reading_pane(self)
        self.detail_label = TextPane(self)
        self.banner = MessageBanner(self)
        self.banner.setTextFormat(Qt.TextFormat.PlainText)
        self.batch_box = BatchBox(self)
        self.batch_box.hide()
        self.splitter = views_over_table(self.views, self.batch_box, self)
        right = QVBoxLayout()
        for pane in (self.reading_label, self.detail_label, self.banner):
            right.addWidget(pane)
        right.addWidget(self.splitter, 1)
        top = QHBoxLayout(self)
        top.addWidget(self.column)
        top.addLayout(right, 1)
        # Ctrl+V while the lab is shown; a focused text field takes it first (ShortcutOverride)
        self.paste_shortcut = QShortcut(QKeySequence(QKeySequence.StandardKey.Paste), self)
        self.paste_shortcut.setContext(Qt.ShortcutContext.WindowShortcut)

    def _bind(self) -> None:
        pb = self.photo_box
        pb.photo_chosen.connect(self.open_path)
        pb.folder_chosen.connect(self.read_folder)
        pb.sample_chosen.connect(self.controller.open_sample)
        pb.paste_button.clicked.connect(self.paste_from_clipboard)
        self.paste_shortcut.activated.connect(self.paste_from_clipboard)
        self._reread_throttled = qthrottled(self._push_inputs, timeout=33)  # ≤ 30 re-reads a second
        for signal in (self.colour_box.mask_changed, self.fit_box.fit_changed):
            signal.connect(self._on_settings_changed)
        self.calib_box.calibration_changed.connect(self._push_inputs)
        for signal in self.controls.edit_signals():
            signal.connect(self._on_user_edit)
        self.views.photo_vb.clicked.connect(self._on_photo_vb_clicked)
        self.controls.send_button.clicked.connect(self.send_points)
        bb = self.batch_box
        bb.cancel_requested.connect(self.controller.cancel_batch)
        for signal, act in ((bb.rerun_requested, self.controller.rerun_batch),
                            (bb.close_requested, self.controller.close_batch)):
            signal.connect(act)
            signal.connect(self._on_user_edit)  # the table's files are part of the state
        bb.export_chosen.connect(self._on_batch_box_export_chosen)
        bb.row_selected.connect(self.controller.open_row)
        c = self.controller
        c.photo_changed.connect(self.views.show_photo)
        for slot in (self.colour_box.show_frame, self.views.show_frame, self._on_controller_frame_ready):
            c.frame_ready.connect(slot)
        c.open_started.connect(self._on_controller_open_started)
        c.image_loaded.connect(self._on_controller_image_loaded)
        c.open_failed.connect(self._on_controller_open_failed)
        c.batch_changed.connect(self.batch_box.show_batch)
        c.batch_empty.connect(self._on_controller_batch_empty)
        c.batch_failed.connect(self._on_controller_batch_failed)
        c.batch_finished.connect(self._on_controller_batch_finished)

    def retranslate_ui(self) -> None:
        for part in (self.controls, self.views, self.batch_box):
            part.retranslate_ui()
        self._show_photo_name()
        self._show_texts(self.controller.frame)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    # ------------------------------------------------------------------ the controls → the controller
    def settings(self) -> DialSettings:
        """The pipeline settings the controls describe (what the views show is read with these)."""
        return self._inputs().settings

    def _inputs(self) -> DialInputs:
        """What the controls ask of the controller: the settings, every mark set, the marks' error."""
        return dial_inputs(DialState(**self.controls.state_fields()), self.calib_box.marks_set())

    @Slot()
    def _on_settings_changed(self, *_: object) -> None:
        self._reread_throttled()

    @Slot()
    def _push_inputs(self) -> None:
        self.controller.set_inputs(self._inputs())

    @Slot()
    def _on_user_edit(self, *_: object) -> None:
        """A control the state holds was changed (not by set_state): the experiment is unsaved."""
        if not self._applying:
            self.state_changed.emit()

    # ------------------------------------------------------------------ state
    def state(self) -> DialState:
        """Every choice on screen; the photo's bytes are added by export_state (cheap: no copy here)."""
        return self.controller.state(self.controls.state_fields())

    def export_state(self, blobs: MutableMapping[str, bytes]) -> dict[str, Any]:
        """The state, and the photo's bytes as the member it names (the file as it was opened;
        a picture set without its file, as a PNG of its pixels)."""
        return self.controller.export_state(self.state(), blobs)

    def command_inputs(self) -> dict[str, bytes]:
        """The photo's file and the bytes the lab read from it (read-dial reads the file)."""
        return self.controller.command_inputs(self.state())

    def set_state(self, state: LabState, blobs: Mapping[str, bytes] | None = None) -> None:
        """Show a state: the photo is decoded first (a photo refused as an opened one would be:
        the same message, and nothing changes), then every control, the marks and the batch."""
        if not isinstance(state, DialState):
            raise TypeError(f"not a DialState: {type(state).__name__}")
        state.check_pivot()
        try:
            image, data = state_photo(state, blobs or {}, texts.data_name(state.origin))
        except LabError as exc:
            self._show_error(exc)
            raise
        self.controller.cancel_open()  # an open still running would replace what the state shows
        self._applying = True
        try:
            self.controls.apply_state(state)
            self.banner.clear_message()
            self.controller.set_image(image, state.origin, data, self._inputs())
            self._show_photo_name()
            if state.batch:
                self._start_batch(state.batch)
            else:
                self.controller.close_batch()
        finally:
            self._applying = False

    def restore_settings(self, s: QSettings) -> None:
        """The settings of versions before experiment files, read once (when there is no
        session): the old keys become a state (gui/labs/dial/legacy_settings.py)."""
        found = state_from_settings(s, bundled_samples())
        if found is None:
            return
        state, blobs, error = found
        try:
            self.set_state(state, blobs)
        except LabError as exc:  # the photo was refused: the controls still come back
            error = exc
            self.set_state(state.replace(photo="", photo_path="", origin="file", sample=""), {})
        if error is not None:  # said as an open that failed would say it
            self._show_error(error)

    # ------------------------------------------------------------------ images in
    def can_import(self) -> bool:
        return True

    def import_data(self) -> None:
        self.photo_box.ask_for_photo()

    def open_path(self, path: str) -> bool:
        """Decode a file on a worker thread (a folder: read each image in it); a failure keeps
        the current image. The latest file asked for wins."""
        if Path(path).is_dir():
            self.read_folder(path)
        else:
            self.controller.open_file(str(path), "file")
        return True

    @Slot(str)
    def _on_controller_open_started(self, name: str) -> None:
        self.status_message.emit(texts.opening(name))

    @Slot(object)
    def _on_controller_image_loaded(self, loaded: LoadedPhoto) -> None:
        self.set_image(loaded.image, origin=loaded.origin, keep_calibration=loaded.keep_calibration, data=loaded.data)
        self.state_changed.emit()  # the user opened it (a file, a sample, a paste, a drop, a row)

    @Slot(object)
    def _on_controller_open_failed(self, failure: OpenFailure) -> None:
        self._announce("error", texts.open_failure(failure))
        self.photo_box.show_sample(self.controller.sample_shown())  # the combo names what is still on screen
        self.batch_box.select(self.controller.row_shown())

    def set_image(self, image: LoadedImage, origin: str = "file", keep_calibration: bool = False,
                  data: bytes | None = None) -> None:
        """Show a decoded image and read it (the old photo's pivot goes; its marks too, unless the image is a
        row of the batch). `data`: the file's bytes, which an experiment file keeps (None: a PNG of the pixels)."""
        self.calib_box.forget_photo(keep_marks=keep_calibration)
        self.controller.set_image(image, origin, data, self._inputs())
        self._show_photo_name()
        self.batch_box.select(self.controller.row_shown())
        self.status_message.emit(texts.outcome(texts.photo_name(image, origin), self.controller.frame))

    def _show_photo_name(self) -> None:
        """The sample combo names the sample on screen (or shows its placeholder); the label, the photo."""
        c = self.controller
        self.photo_box.show_sample(c.sample_shown())
        self.photo_box.file_label.setText(texts.photo_label(c.image, c.origin))

    @Slot()
    def paste_from_clipboard(self) -> None:
        """An image on the clipboard is read; a file path or URL on it is opened; text is refused."""
        mime = QGuiApplication.clipboard().mimeData()
        if mime is not None and mime.hasImage() and self._open_image_data(mime.imageData(), "clipboard"):
            return
        urls = mime.urls() if mime is not None else []  # hasUrls() with an empty list happens
        if urls and urls[0].isLocalFile():
            self.open_path(urls[0].toLocalFile())
            return
        self._announce("error", texts.no_image_on_clipboard)

    def _open_image_data(self, data: object, origin: str) -> bool:
        """A picture pasted or dropped as data (not a file); False when the data is no picture."""
        return self.controller.open_data(data, texts.data_name(origin), origin)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self.take_experiment_drop(event):
            return
        mime = event.mimeData()
        if mime.hasUrls() or mime.hasImage() or mime.hasText():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        if self.take_experiment_drop(event):
            return
        mime = event.mimeData()
        local = [u.toLocalFile() for u in mime.urls() if u.isLocalFile()]
        event.acceptProposedAction()
        if len(local) == 1 and Path(local[0]).is_file():
            self.controller.open_file(local[0], "file")
        elif local:
            self._start_batch(local)  # folders are listed on the worker
        elif mime.hasImage() and self._open_image_data(mime.imageData(), "dropped"):
            return
        elif mime.urls():  # hasUrls() is true for an empty list too (a source that quit early)
            self._say("error", texts.web_address(mime.urls()[0].toString()))
        else:
            self._say("error", texts.text_dropped)

    # ------------------------------------------------------------------ batch
    def read_batch(self, files: list[str]) -> None:
        """Read many images on a worker; a failed image is a row with its error."""
        self._start_batch(list(files))

    def read_folder(self, folder: str) -> None:
        """Read every image in a folder (listed on the worker)."""
        self._start_batch([str(folder)])

    def _start_batch(self, sources: list[str]) -> None:
        opening = not self.controller.batch.shown
        if not self.controller.start_batch(sources):
            return
        self._on_user_edit()
        if opening:
            open_table(self.splitter, self.batch_box)
        self.status_message.emit(texts.looking_for_images())

    @Slot()
    def _on_controller_batch_empty(self) -> None:
        self._announce("error", texts.no_images)

    @Slot(object)
    def _on_controller_batch_failed(self, exc: BaseException) -> None:
        (self._announce if isinstance(exc, LabError) else self._say)("error", texts.batch_failure(exc))

    @Slot(object)
    def _on_controller_batch_finished(self, batch: BatchFrame) -> None:
        self.status_message.emit(texts.batch_finished(batch))

    def export_batch(self, path: str) -> int:
        """Write the batch table as the readings CSV (raises SaveError, the old file intact); how many rows."""
        return self.controller.export_batch(path, describe_error)

    @Slot(str)
    def _on_batch_box_export_chosen(self, path: str) -> None:
        try:
            n = self.export_batch(path)
        except LabError as exc:
            self._show_error(exc)
            return
        self._announce("info", texts.saved_readings(n, path))

    # ------------------------------------------------------------------ clicks
    @Slot(float, float)
    def _on_photo_vb_clicked(self, x: float, y: float) -> None:
        """A click on the photo, in image pixels (x right, y down)."""
        action = self.controller.click(self.controls.click_mode(), x, y)
        if action is not None and not self.controls.apply_click(action):  # a mark before any pivot
            self._say("error", texts.pivot_first)

    def pick_color(self, x: float, y: float) -> None:
        """The eyedropper at (x, y): the needle's colour there becomes the mask's."""
        action = self.controller.click("eyedropper", x, y)
        if isinstance(action, NeedlePicked):
            self.colour_box.apply_picked(action.colour)

    def set_calibration(self, min_angle: float, min_value: float, max_angle: float, max_value: float) -> None:
        """Two marks set at once (what clicking the minimum and maximum marks does)."""
        self.calib_box.set_marks(min_angle, min_value, max_angle, max_value)

    # ------------------------------------------------------------------ the reading
    @Slot(object)
    def _on_controller_frame_ready(self, frame: ReadingFrame) -> None:
        self._show_texts(frame)
        problem = texts.problem(frame)
        if problem is not None:
            self._say("error", problem)
        elif frame.has_image:
            self.banner.clear_message()

    def _show_texts(self, frame: ReadingFrame) -> None:
        reading, detail = texts.reading(frame)
        self.reading_label.set_text(reading)
        self.detail_label.set_text(detail)

    def result(self) -> DialResult | None:
        return self.controller.result()

    # ------------------------------------------------------------------ out
    @Slot()
    def send_points(self) -> None:
        """The seed's path: the needle's mask pixels, as points, to the linear lab."""
        points = self.controller.seed_points()
        if points is None:
            self._say("error", texts.read_first)
            return
        self.send_requested.emit("linear", points)

    def _show_error(self, exc: LabError) -> None:
        self._announce("error", lambda: describe_error(exc))

    def _say(self, kind: str, compose: Callable[[], str]) -> None:
        """A banner message, composed in the current language (the banner wraps long paths)."""
        self.banner.show_message(kind, compose)

    def _announce(self, kind: str, compose: Callable[[], str]) -> None:
        """A banner message, and the same words in the status bar."""
        self._say(kind, compose)
        self.status_message.emit(compose())

    def message(self) -> str:
        return self.banner.message()

    def start_demo(self, name: str = "") -> None:
        """Open a bundled sample (the screenshot's demo); a generated dial is shown calibrated."""
        pick = demo_sample(name)
        if pick is None:
            return
        image, data = load_photo(str(pick))
        self.set_image(image, origin="sample", data=data)
        marks = demo_calibration(pick)
        if marks is not None:
            self.set_calibration(*marks)


__all__ = ["DialReaderPanel"]
