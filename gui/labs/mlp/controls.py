"""The Neural Network lab's control column: the data, the network and its training, the run's
buttons. It reads the run's settings from its controls (settings()), shows a state's
(show_settings()) and enables what the controller allows now (update()).

Its words are translated in the context "MLPPanel" (QCoreApplication.translate): they were
the panel's before the lab was split into rooms, and the catalogue translates them there.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QSettings
from PySide6.QtWidgets import (QCheckBox, QComboBox, QFormLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit,
                               QPushButton, QSpinBox, QVBoxLayout, QWidget)

from gui.labs.mlp import texts
from gui.labs.mlp.controller import MLPController, TrainSettings, typed_sizes
from gui.labs.mlp.state import MLPState, parse_hidden
from gui.paths import downloads_dir
from gui.settings import read, read_for
from gui.widgets.log_slider import LogSlider


class MLPControls(QWidget):
    """The three groups of the lab's control column."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.data_group = QGroupBox(self)
        self.source_label = QLabel(self)
        self.source_label.setWordWrap(True)
        self.folder_button, self.subset_button, self.download_button = (QPushButton(self) for _ in range(3))
        dbox = QVBoxLayout(self.data_group)
        dbox.addWidget(self.source_label)
        row = QHBoxLayout()
        for b in (self.folder_button, self.subset_button, self.download_button):
            row.addWidget(b)
        dbox.addLayout(row)

        self.model_group = QGroupBox(self)
        self.hidden_edit = QLineEdit("1024", self)
        self.activation_combo, self.optimizer_combo = QComboBox(self), QComboBox(self)
        for combo, keys in ((self.activation_combo, ("relu", "sigmoid", "tanh")),
                            (self.optimizer_combo, ("sgd", "momentum", "adam"))):
            for key in keys:
                combo.addItem("", key)
        self.lr_slider = LogSlider(1e-5, 1.0, 0.1, self)
        self.batch_spin, self.epochs_spin, self.seed_spin = QSpinBox(self), QSpinBox(self), QSpinBox(self)
        for spin, lo, hi, value in ((self.batch_spin, 1, 4096, 64), (self.epochs_spin, 1, 1000, 5),
                                    (self.seed_spin, 0, 999_999, 0)):
            spin.setRange(lo, hi)
            spin.setValue(value)
        self.normalize_check, self.seed_check = QCheckBox(self), QCheckBox(self)
        self.seed_check.setChecked(True)
        self.device_label = QLabel(self)
        self.hidden_label, self.act_label, self.opt_label = QLabel(self), QLabel(self), QLabel(self)
        self.lr_label, self.batch_label, self.epochs_label = QLabel(self), QLabel(self), QLabel(self)
        form = QFormLayout(self.model_group)
        for label, field in ((self.hidden_label, self.hidden_edit), (self.act_label, self.activation_combo),
                             (self.opt_label, self.optimizer_combo), (self.lr_label, self.lr_slider),
                             (self.batch_label, self.batch_spin), (self.epochs_label, self.epochs_spin)):
            form.addRow(label, field)
        form.addRow(self.normalize_check)
        form.addRow(self.seed_check, self.seed_spin)
        form.addRow(self.device_label)

        self.run_group = QGroupBox(self)
        self.start_button, self.pause_button, self.stop_button = (QPushButton(self) for _ in range(3))
        self.pause_button.setCheckable(True)
        self.save_button, self.save_seed_button, self.open_button, self.export_button = (
            QPushButton(self) for _ in range(4))
        rbox = QVBoxLayout(self.run_group)
        r1 = QHBoxLayout()
        for b in (self.start_button, self.pause_button, self.stop_button):
            r1.addWidget(b)
        rbox.addLayout(r1)
        for b in (self.save_button, self.save_seed_button, self.open_button, self.export_button):
            rbox.addWidget(b)

        col = QVBoxLayout(self)
        col.setContentsMargins(0, 0, 0, 0)
        for g in (self.data_group, self.model_group, self.run_group):
            col.addWidget(g)
        col.addStretch(1)
        # the controls a state holds (a change by the user is a change of the experiment)
        self.run_settings = (self.hidden_edit, self.activation_combo, self.optimizer_combo, self.batch_spin,
                             self.epochs_spin, self.normalize_check, self.seed_check, self.seed_spin)

    def retranslate_ui(self) -> None:
        self.data_group.setTitle(QCoreApplication.translate("MLPPanel", "Data"))
        self.folder_button.setText(QCoreApplication.translate("MLPPanel", "Choose folder…"))
        self.subset_button.setText(QCoreApplication.translate("MLPPanel", "Bundled subset"))
        self.download_button.setText(QCoreApplication.translate("MLPPanel", "Download"))
        self.model_group.setTitle(QCoreApplication.translate("MLPPanel", "Network and training"))
        self.hidden_label.setText(QCoreApplication.translate("MLPPanel", "Hidden layers"))
        self.hidden_edit.setToolTip(QCoreApplication.translate(
            "MLPPanel", "Sizes separated by commas, e.g. 1024 (the seed's) or 512,256"))
        self.act_label.setText(QCoreApplication.translate("MLPPanel", "Activation"))
        for i, text in enumerate((QCoreApplication.translate("MLPPanel", "ReLU"),
                                  QCoreApplication.translate("MLPPanel", "Sigmoid"),
                                  QCoreApplication.translate("MLPPanel", "Tanh"))):
            self.activation_combo.setItemText(i, text)
        self.opt_label.setText(QCoreApplication.translate("MLPPanel", "Optimizer"))
        for i, text in enumerate((QCoreApplication.translate("MLPPanel", "SGD"),
                                  QCoreApplication.translate("MLPPanel", "SGD with momentum"),
                                  QCoreApplication.translate("MLPPanel", "Adam"))):
            self.optimizer_combo.setItemText(i, text)
        self.lr_label.setText(QCoreApplication.translate("MLPPanel", "Learning rate"))
        self.lr_slider.setToolTip(QCoreApplication.translate("MLPPanel", "Can be changed while training"))
        self.batch_label.setText(QCoreApplication.translate("MLPPanel", "Batch size"))
        self.epochs_label.setText(QCoreApplication.translate("MLPPanel", "Epochs"))
        self.normalize_check.setText(QCoreApplication.translate("MLPPanel", "Normalize inputs ((x − 0.485) / 0.229)"))
        self.seed_check.setText(QCoreApplication.translate("MLPPanel", "Replicable, seed"))
        self.run_group.setTitle(QCoreApplication.translate("MLPPanel", "Run"))
        self.start_button.setText(QCoreApplication.translate("MLPPanel", "Start"))
        self.stop_button.setText(QCoreApplication.translate("MLPPanel", "Stop"))
        self.save_button.setText(QCoreApplication.translate("MLPPanel", "Save model…"))
        self.save_button.setToolTip(QCoreApplication.translate(
            "MLPPanel", "Also while paused: saves the model as it is at the pause"))
        self.save_seed_button.setText(QCoreApplication.translate("MLPPanel", "Save as the seed's last.pt…"))
        self.save_seed_button.setToolTip(QCoreApplication.translate(
            "MLPPanel", "Only for the seed's network: one hidden layer of 1024 units with ReLU; its class cannot "
                        "load any other"))
        self.open_button.setText(QCoreApplication.translate("MLPPanel", "Open model…"))
        self.export_button.setText(QCoreApplication.translate("MLPPanel", "Export curves…"))
        self.export_button.setToolTip(QCoreApplication.translate(
            "MLPPanel", "The per-epoch figures or every batch loss as CSV, or both plots as a PNG picture"))

    # ------------------------------------------------------------------ settings
    def settings(self) -> TrainSettings:
        """The run the controls describe (core checks the sizes typed, with its own message)."""
        return TrainSettings(
            hidden=typed_sizes(self.hidden_edit.text()), activation=str(self.activation_combo.currentData()),
            optimizer=str(self.optimizer_combo.currentData()), lr=float(self.lr_slider.value()),
            batch_size=self.batch_spin.value(), epochs=self.epochs_spin.value(),
            normalize=self.normalize_check.isChecked(),
            seed=self.seed_spin.value() if self.seed_check.isChecked() else None)

    def state_fields(self) -> dict[str, Any]:
        """The state's fields these controls hold (as typed: the state checks them)."""
        return dict(hidden=parse_hidden(self.hidden_edit.text()), activation=str(self.activation_combo.currentData()),
                    optimizer=str(self.optimizer_combo.currentData()), lr=float(self.lr_slider.value()),
                    batch_size=self.batch_spin.value(), epochs=self.epochs_spin.value(),
                    normalize=self.normalize_check.isChecked(), replicable=self.seed_check.isChecked(),
                    seed=self.seed_spin.value())

    def show_architecture(self, hidden: tuple[int, ...], activation: str) -> None:
        self.hidden_edit.setText(",".join(str(h) for h in hidden))
        self.activation_combo.setCurrentIndex(max(0, self.activation_combo.findData(activation)))

    def show_settings(self, state: MLPState) -> None:
        self.show_architecture(state.hidden, state.activation)
        self.optimizer_combo.setCurrentIndex(max(0, self.optimizer_combo.findData(state.optimizer)))
        self.lr_slider.set_value(state.lr)
        self.batch_spin.setValue(state.batch_size)
        self.epochs_spin.setValue(state.epochs)
        self.normalize_check.setChecked(state.normalize)
        self.seed_check.setChecked(state.replicable)
        self.seed_spin.setValue(state.seed)

    def legacy_values(self, s: QSettings) -> dict[str, Any]:
        """A state's values from the settings of versions before experiments (the group
        "mlp" open in `s`), each checked against its control's range or choices."""
        folder = read(s, "folder", "")
        typed = read(s, "hidden", "1024")
        hidden = parse_hidden(typed if len(typed) <= 64 else "1024") or (1024,)
        return {
            "version": 1, "source": "folder" if folder else "auto", "folder": folder, "hidden": list(hidden),
            "activation": read_for(s, "activation", "relu", self.activation_combo),
            "optimizer": read_for(s, "optimizer", "sgd", self.optimizer_combo),
            "lr": read_for(s, "lr", 0.1, self.lr_slider), "batch_size": read_for(s, "batch", 64, self.batch_spin),
            "epochs": read_for(s, "epochs", 5, self.epochs_spin), "normalize": read(s, "normalize", False),
            "replicable": read(s, "seeded", True), "seed": read_for(s, "seed", 0, self.seed_spin),
        }

    # ------------------------------------------------------------------ what the controller allows now
    def show_activity(self, c: MLPController) -> None:
        """Enable what can be done now, and say the data and device in use."""
        training, loading = c.is_training(), c.is_loading()
        self.pause_button.blockSignals(True)
        self.pause_button.setChecked(c.paused and training)
        self.pause_button.blockSignals(False)
        self.pause_button.setText(QCoreApplication.translate("MLPPanel", "Resume") if self.pause_button.isChecked()
                                  else QCoreApplication.translate("MLPPanel", "Pause"))
        need = "" if c.torch_ok else QCoreApplication.translate("MLPPanel", "Needs PyTorch: see the message above.")
        self.start_button.setEnabled(c.data is not None and not c.busy() and c.torch_ok)
        self.start_button.setToolTip(need)
        self.pause_button.setEnabled(training)
        self.stop_button.setEnabled(training)
        for b in (self.save_button, self.save_seed_button):  # while paused the weights stand still
            b.setEnabled(c.can_save())
        self.export_button.setEnabled(c.has_curves() and not training)
        self.open_button.setEnabled(not c.busy() and c.torch_ok)
        self.open_button.setToolTip(need)
        for b in (self.folder_button, self.subset_button, self.download_button):
            b.setEnabled(not training and not loading)
        self.download_button.setEnabled(self.download_button.isEnabled() and c.has_torch)
        self.download_button.setToolTip(
            QCoreApplication.translate("MLPPanel", "Fashion-MNIST from the internet (about 30 MB), into {folder}")
            .format(folder=downloads_dir()) if c.has_torch
            else QCoreApplication.translate("MLPPanel", "Needs torchvision: see the message above."))
        for w in self.run_settings:  # the run's settings stand while it runs
            w.setEnabled(not training)
        self._update_labels(c)

    def _update_labels(self, c: MLPController) -> None:
        kind = c.device_kind()
        if kind is None:
            self.device_label.setText(
                QCoreApplication.translate("MLPPanel", "Device: … (loading PyTorch)") if c.torch_ok
                else QCoreApplication.translate("MLPPanel", "Device: none (PyTorch is not available)"))
        else:
            self.device_label.setText(QCoreApplication.translate("MLPPanel", "Device: {device}").format(
                device="CUDA" if kind == "cuda" else QCoreApplication.translate("MLPPanel", "CPU")))
        d = c.data
        if d is None:
            self.source_label.setText(QCoreApplication.translate("MLPPanel", "Looking for Fashion-MNIST …"))
            return
        values = dict(source=texts.source_name(d.source, d.location, d.location), train=f"{len(d.train_x):,}",
                      test=f"{len(d.test_x):,}")
        if d.is_full:
            text = QCoreApplication.translate("MLPPanel", "From {source}: {train} training and {test} test images.")
        else:  # one sentence for the translator, not two glued with a space
            text = QCoreApplication.translate(
                "MLPPanel", "From {source}: {train} training and {test} test images. For the full data set "
                            "(60,000 training and 10,000 test images): sudo apt-get install dataset-fashion-mnist, "
                            "or choose a folder with the four IDX files.")
        self.source_label.setText(text.format(**values))
