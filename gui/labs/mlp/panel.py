"""The Neural Network lab: train the seed's MLP on Fashion-MNIST and watch it learn.

This panel assembles the controls and the views and binds them to the controller
(gui/labs/mlp/controller.py), which holds the data, the model and its run, and runs every
job on a worker; the views (gui/labs/mlp/views.py) draw its frames, and its notes are put
in words by gui/labs/mlp/texts.py.

Its state (gui/labs/mlp/state.py) holds the choices, the data source and the view toggles;
an experiment file holds the trained model and its curves beside it (mlp/model.pt,
mlp/curves.json). What counts as the user's change (state_changed): a control, the inner
tab and the views' toggles, data the user loaded, Open model, Start, Pause/Resume, and the
end of a run the user started (its model is what the experiment now holds); the batches
and epochs of a run in between do not. The model is part of the state only while the
weights stand still (not training, or paused), as for Save model.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any, Callable, Mapping, MutableMapping

import numpy as np
from PySide6.QtCore import QEvent, QSettings, Qt, Signal, Slot
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QHBoxLayout, QMessageBox, QProgressBar, QVBoxLayout, QWidget

from core.atomic import atomic_path
from core.errors import LabError
from core.fashion import FashionData
from gui import dialogs
from gui.labs.base import LabPanel
from gui.labs.mlp import texts
from gui.labs.mlp.controller import MLPController, Note, ProgressFrame, what_to_open
from gui.labs.mlp.controls import MLPControls
from gui.labs.mlp.state import MLPState
from gui.labs.mlp.views import CurvesView, InsideView
from gui.messages import describe_error
from gui.state import LabState
from gui.widgets.banner import MessageBanner
from gui.widgets.control_column import ControlColumn
from gui.widgets.text_pane import TextPane

PLOTS_MIN_PX = 170  # the two plots never shrink below this, whichever inner tab is on show
TABS = InsideView.TABS

log = logging.getLogger(__name__)


class MLPPanel(LabPanel):
    """The lab's controls and views, bound to its controller."""

    key = "mlp"
    state_type = MLPState
    training_finished = Signal(str)  # "finished", "stopped", "diverged", "not_learning" or "failed"
    model_opened = Signal(bool)  # True once a model opened with open_model() is in place
    # a state with a model is applied on the loader's worker: True once it is on show, False
    # when it was refused (the lab keeps what it had); a state without one says True at once
    state_applied = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAcceptDrops(True)
        self.controller = MLPController(self.tasks, self)
        self._applying = 0  # set_state's own changes do not count as the user's (no state_changed)
        # text built in code, kept as functions so a language switch re-translates it
        self._progress_text: Callable[[], str] | None = None
        self._status_text: Callable[[], str] | None = None
        self._build_ui()
        self._bind()
        self.retranslate_ui()
        self.controller.load(user=False)

    # ------------------------------------------------------------------ UI
    def _build_ui(self) -> None:
        self.controls = k = MLPControls(self)
        self._column = ControlColumn(k, self, minimum_width=330)
        # the names the tests and the main window have long used
        self.source_label, self.device_label, self.hidden_edit = k.source_label, k.device_label, k.hidden_edit
        self.folder_button, self.subset_button, self.download_button = k.folder_button, k.subset_button, \
            k.download_button
        self.activation_combo, self.optimizer_combo, self.lr_slider = k.activation_combo, k.optimizer_combo, \
            k.lr_slider
        self.batch_spin, self.epochs_spin, self.seed_spin = k.batch_spin, k.epochs_spin, k.seed_spin
        self.normalize_check, self.seed_check = k.normalize_check, k.seed_check
        self.start_button, self.pause_button, self.stop_button = k.start_button, k.pause_button, k.stop_button
        self.save_button, self.save_seed_button = k.save_button, k.save_seed_button
        self.open_button, self.export_button = k.open_button, k.export_button

        # --- right side: the views, built once, drawing the controller's frames
        self.progress = QProgressBar(self)
        self.progress_label = TextPane(self)
        self.banner = MessageBanner(self)
        self.banner.setTextFormat(Qt.TextFormat.PlainText)
        self.plots_box = CurvesView(PLOTS_MIN_PX, self)  # what "Export curves" saves as a picture
        self.batch_view, self.epochs_view = self.plots_box.batch_view, self.plots_box.epochs_view
        self.inside = InsideView(self.class_name, self)
        # the names the tests and the main window have long used
        self.batch_plot, self.batch_raw, self.epoch_plot = self.batch_view.plot, self.batch_view.raw, self.epochs_view.plot
        self.confusion_view, self.gallery_view = self.inside.confusion_view, self.inside.gallery_view
        self.weights_view, self.own_view = self.inside.weights_view, self.inside.own_view
        self.confusion, self.rates_check = self.confusion_view.table, self.confusion_view.rates_check
        self.pairs_label, self.cell_label = self.confusion_view.pairs_label, self.confusion_view.cell_label
        self.mistakes_check = self.gallery_view.mistakes_check
        self.weights_page_slider, self.weights_label = self.weights_view.slider, self.weights_view.label

        right = QVBoxLayout()
        prow = QHBoxLayout()
        prow.addWidget(self.progress, 1)
        prow.addWidget(self.progress_label, 2)
        right.addLayout(prow)
        right.addWidget(self.banner)
        right.addWidget(self.plots_box, 3)
        right.addWidget(self.inside, 4)
        top = QHBoxLayout(self)
        top.addWidget(self._column)
        top.addLayout(right, 1)

    def _bind(self) -> None:
        c = self.controller
        self.start_button.clicked.connect(self.start_training)
        self.pause_button.toggled.connect(c.set_paused)
        self.stop_button.clicked.connect(self.stop_training)
        self.save_button.clicked.connect(self._on_save_button_clicked)
        self.save_seed_button.clicked.connect(self._on_save_seed_button_clicked)
        self.open_button.clicked.connect(self._on_open_button_clicked)
        self.export_button.clicked.connect(self._on_export_button_clicked)
        self.folder_button.clicked.connect(self._on_folder_button_clicked)
        self.subset_button.clicked.connect(lambda: self.load_data(bundled=True))
        self.download_button.clicked.connect(self.download)
        self.lr_slider.value_changed.connect(c.set_lr)
        self.own_view.open_requested.connect(self._on_own_button_clicked)
        # the controller's frames and notes
        c.activity_changed.connect(self._update_buttons)
        c.torch_changed.connect(self._update_buttons)
        c.data_changed.connect(self._update_buttons)
        c.batches_changed.connect(self.batch_view.show_frame)
        c.epochs_changed.connect(self.epochs_view.show_frame)
        c.scores_changed.connect(self.inside.show_frame)
        c.image_classified.connect(self.inside.show_own)
        c.progress_changed.connect(self._on_controller_progress_changed)
        c.banner_noted.connect(self._on_controller_banner_noted)
        c.progress_noted.connect(self._on_controller_progress_noted)
        c.status_noted.connect(self._on_controller_status_noted)
        c.architecture_opened.connect(self._on_controller_architecture_opened)
        c.state_shown.connect(self._on_controller_state_shown)
        c.user_changed.connect(self.state_changed)
        c.training_finished.connect(self.training_finished)
        c.model_opened.connect(self.model_opened)
        c.state_applied.connect(self.state_applied)
        # every control the state holds: a change by the user is a change of the experiment
        self.hidden_edit.textChanged.connect(self._on_user_changed)
        for combo in (self.activation_combo, self.optimizer_combo):
            combo.currentIndexChanged.connect(self._on_user_changed)
        for spin in (self.batch_spin, self.epochs_spin, self.seed_spin, self.weights_page_slider):
            spin.valueChanged.connect(self._on_user_changed)
        for check in (self.normalize_check, self.seed_check, self.rates_check, self.mistakes_check):
            check.toggled.connect(self._on_user_changed)
        self.lr_slider.value_changed.connect(self._on_user_changed)
        self.inside.currentChanged.connect(self._on_user_changed)
        self.training_finished.connect(self._on_user_changed)  # the model the experiment holds
        self._update_buttons()

    def _on_user_changed(self, *_: object) -> None:
        if not self._applying:
            self.state_changed.emit()

    def retranslate_ui(self) -> None:
        self.controls.retranslate_ui()
        for i, text in enumerate((self.tr("Confusion matrix"), self.tr("Gallery"), self.tr("First-layer weights"),
                                  self.tr("Classify your own image"))):
            self.inside.setTabText(i, text)
        self.batch_view.retranslate_ui()
        self.epochs_view.retranslate_ui()
        self.inside.retranslate_ui()
        self._update_buttons()  # the pause button's text, the tooltips and the labels
        if self._progress_text is not None:
            self.progress_label.set_text(self._progress_text())
        if self._status_text is not None and self.isVisible():
            self.status_message.emit(self._status_text())

    def class_name(self, c: int) -> str:
        return texts.class_name(c)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    # ------------------------------------------------------------------ the controller's notes and frames
    @Slot(object)
    def _on_controller_banner_noted(self, note: Note | None) -> None:
        if note is None:
            self.banner.clear_message()
        elif note.kind != "error_unless_shown" or self.banner.kind() != "error":
            self.banner.show_message("info" if note.kind == "info" else "error", lambda: texts.banner_text(note))

    @Slot(object)
    def _on_controller_progress_noted(self, note: Note | None) -> None:
        """The line beside the progress bar; a function, so a language switch redoes it."""
        self._progress_text = None if note is None else (lambda: texts.progress_text(note))
        self.progress_label.set_text(self._progress_text() if self._progress_text is not None else "")

    @Slot(object)
    def _on_controller_status_noted(self, note: Note) -> None:
        """A status-bar line; re-sent in the new language when the language changes."""
        if note.kind != "transient":
            self._status_text = lambda: texts.status_text(note)
        self.status_message.emit(texts.status_text(note))

    @Slot(object)
    def _on_controller_progress_changed(self, frame: ProgressFrame) -> None:
        self.progress.setMaximum(frame.total)
        self.progress.setValue(frame.done)

    @Slot(object)
    def _on_controller_architecture_opened(self, cfg: Any) -> None:
        self.controls.show_architecture(cfg.hidden, cfg.activation)

    @Slot(object)
    def _on_controller_state_shown(self, state: MLPState) -> None:
        self._applying += 1
        try:
            self.controls.show_settings(state)
            self.inside.show_view_fields(state)
        finally:
            self._applying -= 1

    def _update_buttons(self, *_: object) -> None:
        self.controls.show_activity(self.controller)

    # ------------------------------------------------------------------ data
    def load_data(self, folder: str | None = None, bundled: bool = False, user: bool = True) -> None:
        self.controller.load(folder, bundled, user)

    def data(self) -> FashionData | None:
        return self.controller.data

    def is_training(self) -> bool:
        return self.controller.is_training()

    def can_import(self) -> bool:
        return not self.is_training()

    def state_refusal(self) -> str:
        return self.import_tooltip()  # an experiment is not opened into a network that trains

    def import_tooltip(self) -> str:
        return self.tr("Not while the network trains: stop it first.") if self.is_training() else ""

    def import_data(self) -> None:
        self._on_folder_button_clicked()

    def open_path(self, path: str) -> bool:
        """A folder (or one of its IDX files) is data, a .pt or .pth file a model, an image
        a picture to classify."""
        p = Path(path)
        kind, target = what_to_open([p])
        self._open(kind, target) if kind != "none" else self.load_data(str(p.parent))
        return True

    def _open(self, kind: str, target: str) -> None:
        if kind == "model" and not self.open_model(target):
            self.banner.show_message("error", lambda: texts.busy_opening(Path(target).name))
        elif kind == "image":
            self.classify_file(target)
        elif kind == "data":
            self.load_data(target)
        elif kind == "none":
            self.banner.show_message("error", texts.drop_refusal)

    @Slot()
    def _on_folder_button_clicked(self) -> None:
        folder = dialogs.open_folder(self, "fashion", self.tr("Folder with the four Fashion-MNIST IDX files"))
        if folder:
            self.load_data(folder)

    @Slot()
    def download(self) -> None:
        self.controller.download()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if not self.take_experiment_drop(event) and event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        if self.take_experiment_drop(event):
            return
        event.acceptProposedAction()
        self._open(*what_to_open([Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]))

    # ------------------------------------------------------------------ training and models
    @Slot()
    def start_training(self) -> None:
        self.controller.start(self.controls.settings())

    @Slot()
    def stop_training(self) -> None:
        self.controller.stop()

    def save(self, path: str, seed_form: bool = False) -> bool:
        return self.controller.save(path, seed_form)

    def open_model(self, path: str) -> bool:
        return self.controller.open_model(path)

    def classify_file(self, path: str) -> np.ndarray | None:
        return self.controller.classify(path)

    def seed_form_problem(self) -> str:
        """Why the model cannot be saved in the seed's last.pt form ("" when it can)."""
        problem = self.controller.seed_form_problem()
        return "" if problem is None else describe_error(problem)

    @Slot()
    def _on_own_button_clicked(self) -> None:
        path = dialogs.open_file(self, "photo", self.tr("An image to classify"),
                                 self.tr("Images (*.png *.jpg *.jpeg *.bmp *.webp *.tif *.tiff *.gif)"))
        if path:
            self.classify_file(path)

    def _ask_model_path(self) -> str:
        return dialogs.save_file(self, "model", self.tr("Save model"), "model.pt", self.tr("Models (*.pt)"))[0]

    @Slot()
    def _on_save_button_clicked(self) -> None:
        path = self._ask_model_path()
        if path:
            self.save(path)

    @Slot()
    def _on_save_seed_button_clicked(self) -> None:
        problem = self.seed_form_problem()
        if problem:  # said before a file is chosen: the seed's class could not load what we would write
            self.banner.show_message("error", lambda: self.seed_form_problem() or problem)
            return
        path, _ = dialogs.save_file(self, "model", self.tr("Save as the seed's last.pt"), "last.pt",
                                    self.tr("Models (*.pt)"))
        if path:
            self.save(path, seed_form=True)

    @Slot()
    def _on_open_button_clicked(self) -> None:
        path = dialogs.open_file(self, "model", self.tr("Open model"), self.tr("Models (*.pt *.pth)"))
        if path:
            self.open_model(path)

    def export_curves(self, path: str, batches: bool = False) -> bool:
        """Per-epoch figures (or every batch loss) to CSV (the controller's), or both plots to
        a PNG picture, written atomically: a failure leaves nothing half-written."""
        if not path.lower().endswith(".png"):
            return self.controller.export_csv(path, batches)
        try:
            with atomic_path(path) as tmp:
                if not self.plots_box.grab().save(str(tmp), "PNG"):
                    raise OSError("the picture could not be written")
        except LabError as exc:
            self.controller.note_error(exc)
            return False
        self._on_controller_status_noted(Note("saved", {"path": path}))
        return True

    @Slot()
    def _on_export_button_clicked(self) -> None:
        filters = texts.curve_filters()
        path, chosen = dialogs.save_file(self, "export", self.tr("Export curves"), "curves.csv", ";;".join(filters))
        if path:
            png = chosen == filters[2] and not path.lower().endswith(".png")
            self.export_curves(path + ".png" if png else path, batches=chosen == filters[1])

    # ------------------------------------------------------------------ window
    def message(self) -> str:
        return self.banner.message()

    def has_unsaved_model(self) -> bool:
        return self.controller.has_unsaved_model()

    def confirm_close(self, replacing: bool = False) -> bool:
        """Asked before the window closes, or before an opened experiment replaces the model:
        never lose a trained model silently. A failed save keeps what is there, with the
        reason on screen."""
        if not self.has_unsaved_model():
            return True
        answer = QMessageBox.question(
            self, self.tr("Unsaved model"), texts.unsaved_model_question(replacing),
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel)
        if answer == QMessageBox.StandardButton.Cancel:
            return False
        if answer == QMessageBox.StandardButton.Save:
            path = self._ask_model_path()
            if not path:
                return False
            if self.is_training() and not self.pause_button.isChecked():
                self.pause_button.setChecked(True)  # the weights stand still for the save
            return self.save(path)
        return True

    def start_demo(self, name: str = "") -> None:
        """The screenshot's demo: train on the bundled subset, so a run is in progress. A
        name picks the inner tab on show: confusion, gallery, weights or own."""
        self.controller.prepare_demo()
        if name in TABS:
            self.inside.setCurrentIndex(TABS.index(name))
        self.epochs_spin.setValue(5)
        self.start_training()

    # ------------------------------------------------------------------ state
    def state(self) -> MLPState:
        incoming = self.controller.incoming
        if incoming is not None:  # being applied on the worker: that is the lab's state
            return incoming
        source, folder = self.controller.data_source()
        has_model, epochs_done = self.controller.model_in_state()
        return MLPState(source=source, folder=folder if len(folder) <= 4096 else "", **self.controls.state_fields(),
                        **self.inside.view_fields(), has_model=has_model, epochs_done=epochs_done)

    def export_state(self, blobs: MutableMapping[str, bytes]) -> dict[str, Any] | None:
        """The state, with the model (core.mlp's file) and its curves as mlp/model.pt and
        mlp/curves.json when it has one; while training runs (not paused) the weights change
        under the save, so the state goes without them, as Save model waits for a pause."""
        state = self.state()
        members = self.controller.incoming_members()
        if members is None and state.has_model:
            try:
                members = self.controller.model_members()
            except (LabError, OSError) as exc:  # a full temporary folder: the settings are still worth saving
                log.warning("the model could not be added to the experiment: %s", exc)
                state = state.replace(has_model=False, epochs_done=0.0)
        blobs.update(members or {})
        return state.to_dict(blobs)

    def set_state(self, state: LabState, blobs: Mapping[str, bytes] | None = None) -> None:
        """Show a checked state (the controller's apply_state: a model is read on a worker,
        state_applied says when it is on show)."""
        if not isinstance(state, MLPState):
            raise TypeError(f"not a state of the Neural Network lab: {type(state).__name__}")
        self.controller.apply_state(state, blobs)

    def restore_settings(self, s: QSettings) -> None:
        """The settings of versions before experiments (their keys under "mlp/"), read
        leniently into a state: the session holds the lab's state since then."""
        s.beginGroup(self.key)
        try:
            values = self.controls.legacy_values(s) if s.contains("lr") else None
        finally:
            s.endGroup()
        if values is not None:
            self.set_state(MLPState.from_dict(values, strict=False))

    def shutdown(self, deadline: float | None = None) -> None:
        """Stop training and this lab's other tasks (the window is closing)."""
        self.controller.shutdown()
        super().shutdown(deadline)
