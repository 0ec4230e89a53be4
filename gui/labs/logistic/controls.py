"""The Logistic Regression lab's control column: the data, the models and their descent, the
view. It reads the models' settings and the user's other choices from its controls
(config(), choices()), shows a state's (show_state()) or a run's (show_config()), and
enables what applies to the data on screen (sync_enabled()).

The three groups are the panel's children (the panel lays them out in its column); the
choices no control shows by itself are kept here: the generator the Data set box last
chose, the blobs' class count while the box shows another data set's, and whether the
user wants the seed's start while that box does not apply.

Its words are translated in the context "LogisticRegressionPanel" (QCoreApplication.translate):
they were the panel's before the lab was split into rooms, and the catalogue translates them there.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)
from superqt import QLabeledDoubleSlider, QLabeledSlider

from core import datasets2d as ds
from core.logreg import MAX_ITERS, LogRegConfig
from gui.labs.logistic import texts
from gui.labs.logistic.controller import SEED_CONFIG, Choices
from gui.labs.logistic.state import PRESETS, SEED_INIT, LogisticState
from gui.widgets.log_slider import LogSlider
from gui.widgets.wrap_label import WrapLabel

SOURCE_ITEM = "source"  # the Data set entry that names data not made by a preset (a file, edits)


def select(combo: QComboBox, key: object) -> None:
    """Show the entry of that key (none such: the box stays as it is)."""
    i = combo.findData(key)
    if i >= 0:
        combo.setCurrentIndex(i)


class LogisticControls(QObject):
    """The lab's three groups of controls. `updating` is True while they are set from a
    state or a run (their changes then are not the user's); the signals say what the user
    changed: the data's generator (naming the control), the test split, the models'
    settings, or the view."""

    generator_changed = Signal(str)  # "preset", "classes", "n", "spread" or "seed"
    split_changed = Signal()
    config_changed = Signal()
    view_changed = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.updating = False
        self.preset = "seed"  # the generator the Data set box last chose (what a state keeps)
        self.blob_classes = 3  # the blobs' class count, kept while the box shows another data set's
        self.seed_start_wanted = True  # the user's choice, kept while the box does not apply
        self._build(parent)
        self._wire()

    def _build(self, p: QWidget) -> None:
        self.data_group = QGroupBox(p)
        self.preset_combo = QComboBox(p)
        # a long file name in the "From file" entry must not widen the column: the box keeps
        # one width, and the name is shortened (in its middle) to what that width shows
        self.preset_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.preset_combo.setMinimumContentsLength(26)
        for key in PRESETS:
            self.preset_combo.addItem("", key)
        self.classes_spin = QSpinBox(p)
        self.classes_spin.setRange(2, ds.MAX_CLASSES)
        self.classes_spin.setValue(3)
        self.n_slider = LogSlider(20, 100_000, 300, p, integer=True)
        self.spread_slider = QLabeledDoubleSlider(Qt.Orientation.Horizontal, p)
        self.spread_slider.setRange(0.0, 3.0)
        self.spread_slider.setDecimals(2)
        self.spread_slider.setValue(1.0)
        self.seed_spin = QSpinBox(p)
        self.seed_spin.setRange(0, 999_999)
        self.test_slider = QLabeledSlider(Qt.Orientation.Horizontal, p)
        self.test_slider.setRange(0, 50)
        self.add_class_combo = QComboBox(p)
        self.import_button = QPushButton(p)
        self.source_label = WrapLabel(p)  # a long file name wraps, not widens the column
        self.hint_label = QLabel(p)
        self.hint_label.setWordWrap(True)
        self.hint_label.setStyleSheet("color: #555;")
        self.preset_label, self.classes_label, self.n_label = QLabel(p), QLabel(p), QLabel(p)
        self.spread_label, self.seed_label, self.test_label = QLabel(p), QLabel(p), QLabel(p)
        self.add_class_label = QLabel(p)
        form = QFormLayout()
        for label, field in ((self.preset_label, self.preset_combo), (self.classes_label, self.classes_spin),
                             (self.n_label, self.n_slider), (self.spread_label, self.spread_slider),
                             (self.seed_label, self.seed_spin), (self.test_label, self.test_slider),
                             (self.add_class_label, self.add_class_combo)):
            form.addRow(label, field)
        box = QVBoxLayout(self.data_group)
        box.addLayout(form)
        for w in (self.import_button, self.source_label, self.hint_label):
            box.addWidget(w)

        self.model_group = QGroupBox(p)
        self.strategy_combo = QComboBox(p)
        for key in ("ovr", "ovo", "softmax"):
            self.strategy_combo.addItem("", key)
        self.poly_check = QCheckBox(p)
        self.l2_check = QCheckBox(p)
        self.c_slider = LogSlider(1e-3, 1e3, 1.0, p)
        self.lr_slider = LogSlider(1e-4, 100.0, 0.1, p)
        self.iters_spin = QSpinBox(p)
        self.iters_spin.setRange(1, MAX_ITERS)
        self.iters_spin.setSingleStep(100)
        self.iters_spin.setGroupSeparatorShown(True)
        self.tol_check = QCheckBox(p)
        self.tol_slider = LogSlider(1e-16, 1e-2, 1e-10, p)
        self.seed_start_check = QCheckBox(p)
        self.seed_button = QPushButton(p)
        self.strategy_label, self.lr_label, self.iters_label = QLabel(p), QLabel(p), QLabel(p)
        mform = QFormLayout(self.model_group)
        mform.addRow(self.strategy_label, self.strategy_combo)
        mform.addRow(self.poly_check)
        mform.addRow(self.l2_check, self.c_slider)
        mform.addRow(self.lr_label, self.lr_slider)
        mform.addRow(self.iters_label, self.iters_spin)
        mform.addRow(self.tol_check, self.tol_slider)
        mform.addRow(self.seed_start_check)
        mform.addRow(self.seed_button)

        self.view_group = QGroupBox(p)
        self.show_models_check = QCheckBox(p)
        self.confusion_combo = QComboBox(p)
        self.confusion_combo.addItem("", "train")
        self.confusion_combo.addItem("", "test")
        self.confusion_label = QLabel(p)
        vform = QFormLayout(self.view_group)
        vform.addRow(self.show_models_check)
        vform.addRow(self.confusion_label, self.confusion_combo)
        self.groups: list[QWidget] = [self.data_group, self.model_group, self.view_group]

    def _wire(self) -> None:
        for which, signal in (("preset", self.preset_combo.currentIndexChanged), ("n", self.n_slider.value_changed),
                              ("spread", self.spread_slider.valueChanged), ("seed", self.seed_spin.valueChanged)):
            signal.connect(lambda *_, which=which: self._generator_changed(which))
        self.classes_spin.valueChanged.connect(self._on_classes_spin_value_changed)
        self.test_slider.valueChanged.connect(lambda *_: self.split_changed.emit())
        for signal in (self.strategy_combo.currentIndexChanged, self.poly_check.toggled, self.l2_check.toggled,
                       self.c_slider.value_changed, self.lr_slider.value_changed, self.iters_spin.valueChanged,
                       self.tol_check.toggled, self.tol_slider.value_changed):
            signal.connect(lambda *_: self.config_changed.emit())
        self.seed_start_check.toggled.connect(self._on_seed_start_check_toggled)
        self.show_models_check.toggled.connect(lambda *_: self.view_changed.emit())
        self.confusion_combo.currentIndexChanged.connect(lambda *_: self.view_changed.emit())

    def _generator_changed(self, which: str) -> None:
        preset = self.preset_combo.currentData()
        if preset in PRESETS:
            self.preset = preset
        self.generator_changed.emit(which)

    @Slot(int)
    def _on_classes_spin_value_changed(self, value: int) -> None:
        if self.classes_spin.isEnabled():
            self.blob_classes = int(value)
        self._generator_changed("classes")

    @Slot(bool)
    def _on_seed_start_check_toggled(self, checked: bool) -> None:
        if self.seed_start_check.isEnabled():
            self.seed_start_wanted = bool(checked)
        self.config_changed.emit()

    def retranslate_ui(self) -> None:
        names = texts.preset_names()
        for i in range(self.preset_combo.count()):
            key = self.preset_combo.itemData(i)
            if key in names:
                self.preset_combo.setItemText(i, names[key])
        strategies = texts.strategy_names()
        for i in range(self.strategy_combo.count()):
            self.strategy_combo.setItemText(i, strategies[self.strategy_combo.itemData(i)])
        self.confusion_combo.setItemText(0, texts.points_name(test=False))
        self.confusion_combo.setItemText(1, texts.points_name(test=True))
        self.data_group.setTitle(QCoreApplication.translate("LogisticRegressionPanel", "Data"))
        self.preset_label.setText(QCoreApplication.translate("LogisticRegressionPanel", "Data set"))
        self.classes_label.setText(QCoreApplication.translate("LogisticRegressionPanel", "Classes"))
        self.n_label.setText(QCoreApplication.translate("LogisticRegressionPanel", "Points"))
        self.spread_label.setText(QCoreApplication.translate("LogisticRegressionPanel", "Spread / noise"))
        self.seed_label.setText(QCoreApplication.translate("LogisticRegressionPanel", "Random seed"))
        self.test_label.setText(QCoreApplication.translate("LogisticRegressionPanel", "Test points (%)"))
        self.add_class_label.setText(QCoreApplication.translate("LogisticRegressionPanel", "Click adds"))
        self.import_button.setText(QCoreApplication.translate("LogisticRegressionPanel",
                                                              "Import CSV (x1, x2, label)…"))
        self.hint_label.setText(QCoreApplication.translate(
            "LogisticRegressionPanel",
            "Click the map to add a point of the chosen class, drag a point to move it, right-click one to delete "
            "it. Filled circles train the model; hollow squares are held out for testing. A point outlined in "
            "its true class's colour and filled with another is misclassified."))
        self.model_group.setTitle(QCoreApplication.translate("LogisticRegressionPanel", "Model and descent"))
        self.strategy_label.setText(QCoreApplication.translate("LogisticRegressionPanel", "Many classes"))
        self.strategy_combo.setToolTip(QCoreApplication.translate(
            "LogisticRegressionPanel",
            "One-vs-rest: one model per class against all others. One-vs-one: one model per pair of classes, "
            "then a vote. Softmax: one model with a probability for every class."))
        self.poly_check.setText(QCoreApplication.translate("LogisticRegressionPanel",
                                                           "Polynomial features (x1², x2², x1·x2)"))
        self.l2_check.setText(QCoreApplication.translate("LogisticRegressionPanel", "L2 penalty, C ="))
        self.l2_check.setToolTip(QCoreApplication.translate(
            "LogisticRegressionPanel", "As scikit-learn: C·Σ loss + ½‖w‖², intercept not penalised; "
                                       "C = 1 is its default. Smaller C, stronger penalty."))
        self.lr_label.setText(QCoreApplication.translate("LogisticRegressionPanel", "Learning rate α"))
        self.iters_label.setText(QCoreApplication.translate("LogisticRegressionPanel", "Iteration cap"))
        self.tol_check.setText(QCoreApplication.translate("LogisticRegressionPanel", "Tolerance"))
        self.seed_start_check.setText(QCoreApplication.translate("LogisticRegressionPanel",
                                                                 "Two classes: start at w = (1, 1), b = 1"))
        self.seed_button.setText(QCoreApplication.translate("LogisticRegressionPanel", "Seed settings"))
        self.seed_button.setToolTip(QCoreApplication.translate(
            "LogisticRegressionPanel", "The tutorial's loop: its data, lr 0.1, 3000 iterations from w = (1, 1), b = 1"))
        self.view_group.setTitle(QCoreApplication.translate("LogisticRegressionPanel", "View"))
        self.show_models_check.setText(QCoreApplication.translate("LogisticRegressionPanel",
                                                                  "Show each model's boundary"))
        self.confusion_label.setText(QCoreApplication.translate("LogisticRegressionPanel", "Confusion matrix of"))

    # ------------------------------------------------------------------ what the controls say
    def generator(self) -> tuple[str, int, int, float, int]:
        """The preset last chosen and its settings: classes (blobs), points, spread, seed."""
        return (self.preset, int(self.blob_classes), int(self.n_slider.value()), float(self.spread_slider.value()),
                int(self.seed_spin.value()))

    def split(self) -> tuple[float, int]:
        """The fraction of points held out for testing, and the seed that chooses them."""
        return self.test_slider.value() / 100.0, int(self.seed_spin.value())

    def seed_start_applies(self, k: int) -> bool:
        """w1 = w2 = b = 1 are the three weights of one two-class model on x1, x2 only."""
        return k == 2 and not self.poly_check.isChecked()

    def config(self, k: int) -> LogRegConfig:
        """The models' settings the controls describe, for data of k classes."""
        return LogRegConfig(
            lr=float(self.lr_slider.value()),
            max_iters=int(self.iters_spin.value()),
            tol=float(self.tol_slider.value()) if self.tol_check.isChecked() else 0.0,
            l2_C=float(self.c_slider.value()) if self.l2_check.isChecked() else None,
            strategy=str(self.strategy_combo.currentData()),
            poly=self.poly_check.isChecked(),
            init=SEED_INIT if self.seed_start_applies(k) and self.seed_start_wanted else None,
        )

    def choices(self, speed: float) -> Choices:
        """What a state keeps of the controls beyond the run's own settings."""
        return Choices(preset=self.preset, classes=int(self.blob_classes), n=int(self.n_slider.value()),
                       spread=float(self.spread_slider.value()), seed=int(self.seed_spin.value()),
                       test_percent=int(self.test_slider.value()),
                       add_class=max(0, int(self.add_class_combo.currentIndex())), C=float(self.c_slider.value()),
                       tol=float(self.tol_slider.value()), seed_start=bool(self.seed_start_wanted),
                       show_models=self.show_models_check.isChecked(),
                       confusion=str(self.confusion_combo.currentData()), speed=float(speed))

    def show_models(self) -> bool:
        return self.show_models_check.isChecked()

    def confusion_of_test(self) -> bool:
        return self.confusion_combo.currentData() == "test"

    # ------------------------------------------------------------------ showing a state, a run
    @contextmanager
    def quiet(self) -> Iterator[None]:
        """The lab sets the controls, not the user: their changes are no requests."""
        was = self.updating
        self.updating = True
        try:
            yield
        finally:
            self.updating = was

    def show_state(self, state: LogisticState) -> None:
        """Every control as the state says (the class a click adds follows its data, later)."""
        with self.quiet():
            self.preset = state.preset
            select(self.preset_combo, state.preset)
            self.blob_classes = state.classes
            self.n_slider.set_value(state.n)
            self.spread_slider.setValue(state.spread)
            self.seed_spin.setValue(state.seed)
            self.test_slider.setValue(state.test_percent)
            select(self.strategy_combo, state.strategy)
            self.poly_check.setChecked(state.poly)
            self.l2_check.setChecked(state.l2)
            self.c_slider.set_value(state.C)
            self.lr_slider.set_value(state.lr)
            self.iters_spin.setValue(state.max_iters)
            self.tol_check.setChecked(state.tol_enabled)
            self.tol_slider.set_value(state.tol)
            self.seed_start_wanted = state.seed_start
            self.show_models_check.setChecked(state.show_models)
            select(self.confusion_combo, state.confusion)

    def show_config(self, cfg: LogRegConfig, k: int) -> None:
        """The model's controls as the run on screen has them (after a change it refused)."""
        with self.quiet():
            select(self.strategy_combo, cfg.strategy)
            self.poly_check.setChecked(cfg.poly)
            self.l2_check.setChecked(cfg.l2_C is not None)
            if cfg.l2_C is not None:
                self.c_slider.set_value(cfg.l2_C)
            if self.seed_start_applies(k):
                self.seed_start_wanted = cfg.init is not None

    def show_seed_settings(self) -> None:
        """The seed's data and loop (the 'Seed settings' button)."""
        with self.quiet():
            self.preset = "seed"
            select(self.preset_combo, "seed")
            self.test_slider.setValue(0)
            select(self.strategy_combo, "ovr")
            self.poly_check.setChecked(False)
            self.l2_check.setChecked(False)
            self.lr_slider.set_value(SEED_CONFIG.lr)
            self.iters_spin.setValue(SEED_CONFIG.max_iters)
            self.tol_check.setChecked(False)
            self.seed_start_wanted = True

    def show_blobs3_demo(self) -> None:
        """Three blobs, each model's boundary shown (the screenshot's 'blobs3' demo)."""
        with self.quiet():
            self.preset = "blobs"
            select(self.preset_combo, "blobs")
            self.blob_classes = 3
            self.n_slider.set_value(300)
            self.spread_slider.setValue(1.0)
            self.seed_start_wanted = False
            self.lr_slider.set_value(0.3)
            self.show_models_check.setChecked(True)

    def show_test_percent(self, percent: int) -> None:
        """The split that runs (after the slider asked for one that was refused)."""
        with self.quiet():
            self.test_slider.setValue(percent)

    def show_preset(self) -> None:
        """The Data set box names the generator last chosen (shown, not chosen again)."""
        self.preset_combo.blockSignals(True)
        select(self.preset_combo, self.preset)
        self.preset_combo.blockSignals(False)

    def sync_enabled(self, k: int, n: int) -> None:
        """Controls that do not apply are disabled and show what is true of the data (its k
        classes and n points)."""
        preset = self.preset_combo.currentData()
        generated = preset in PRESETS
        self.classes_spin.setEnabled(preset == "blobs")
        self.classes_spin.blockSignals(True)
        self.classes_spin.setValue(self.blob_classes if preset == "blobs" else k)
        self.classes_spin.blockSignals(False)
        self.n_slider.setEnabled(generated and preset != "seed")
        # disabled, it shows the data's own count (a file's, the seed's), not the generator's
        self.n_slider.show_instead(None if self.n_slider.isEnabled() else n)
        self.spread_slider.setEnabled(generated and preset != "seed")
        self.seed_spin.setEnabled(generated and preset != "seed" or self.test_slider.value() > 0)
        self.c_slider.setEnabled(self.l2_check.isChecked())
        self.tol_slider.setEnabled(self.tol_check.isChecked())
        applies = self.seed_start_applies(k)
        self.seed_start_check.blockSignals(True)
        self.seed_start_check.setChecked(applies and self.seed_start_wanted)
        self.seed_start_check.blockSignals(False)
        self.seed_start_check.setEnabled(applies)
        self.seed_start_check.setToolTip(texts.seed_start_tooltip(applies, k))

    def show_classes(self, names: list[str]) -> None:
        """The 'click adds' list: each class of the data, and a new one while there is room."""
        k = len(names)
        current = self.add_class_combo.currentIndex()
        self.add_class_combo.blockSignals(True)
        self.add_class_combo.clear()
        for c, name in enumerate(names):
            self.add_class_combo.addItem(name, c)
        if k < ds.MAX_CLASSES:
            self.add_class_combo.addItem(texts.new_class(), k)
        self.add_class_combo.setCurrentIndex(max(0, min(current, self.add_class_combo.count() - 1)))
        self.add_class_combo.blockSignals(False)

    def show_add_class(self, index: int) -> None:
        self.add_class_combo.setCurrentIndex(min(index, self.add_class_combo.count() - 1))

    def show_source(self, source: str, path_name: str) -> None:
        """The Data set box: a preset's name only for data that preset made; else an entry
        naming where the data came from (a file's name shortened to the box's width)."""
        combo = self.preset_combo
        fm = combo.fontMetrics()
        room = fm.horizontalAdvance("x") * combo.minimumContentsLength() - fm.horizontalAdvance(texts.file_entry(""))
        short = fm.elidedText(path_name, Qt.TextElideMode.ElideMiddle, max(room, 4 * fm.horizontalAdvance("x")))
        entry = texts.source_entry(source, short)
        i = combo.findData(SOURCE_ITEM)
        combo.blockSignals(True)
        try:
            if entry is None:
                if i >= 0:
                    combo.removeItem(i)
                select(combo, self.preset if source != "seed" else "seed")
            else:
                if i < 0:
                    combo.addItem(entry, SOURCE_ITEM)
                    i = combo.count() - 1
                combo.setItemText(i, entry)
                combo.setItemData(i, texts.file_entry(path_name) if source == "csv" else entry,
                                  Qt.ItemDataRole.ToolTipRole)
                combo.setCurrentIndex(i)
        finally:
            combo.blockSignals(False)
