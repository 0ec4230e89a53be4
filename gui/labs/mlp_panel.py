"""The Neural Network lab: train the seed's MLP on Fashion-MNIST and watch it learn.

Training runs on a worker thread (superqt's GeneratorWorker around core.mlp.train, which
yields at most ~30 snapshots a second); torch is imported when the lab is first shown.
"""

from __future__ import annotations

import gc
import importlib
import math
import sys
from pathlib import Path

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, QSettings, Qt, Signal, Slot
from PySide6.QtGui import QColor, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSlider,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from core.errors import LabError
from core.fashion import CLASSES, FashionData, load_bundled, load_fashion, load_folder
from gui import dialogs
from gui.labs.base import LabPanel
from gui.labs.descent_lab import scrolling
from gui.messages import describe_error
from gui.settings import read, read_for
from gui.tasks import check_cancelled
from gui.widgets.banner import MessageBanner
from gui.widgets.log_slider import LogSlider, format_number
from gui.widgets.plots import make_plot, add_plot, add_view_box
from gui.widgets.text_pane import TextPane

GALLERY = 24  # test images shown with their top-3 probabilities
BAR_PX = 22  # a probability of 1 in the gallery's top-3 bars
EXAMPLES = 12  # images of one confusion-matrix cell, drawn as a single mosaic
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".bmp", ".webp", ".tif", ".tiff", ".gif")
SNAPSHOT_INTERVAL_S = 0.1  # the training thread reports 10 times a second: drawing competes for the GIL


class MLPPanel(LabPanel):
    """Trains on a worker; the GUI thread only draws what the snapshots carry."""

    key = "mlp"
    training_finished = Signal(str)
    model_opened = Signal(bool)  # True once a model opened with open_model() is in place

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAcceptDrops(True)
        self._mlp = None  # core.mlp, which imports torch (a second or two): on the loader's worker
        self._data: FashionData | None = None
        self._tensors = None
        self._model = None
        self._config = None
        self._metrics: list[dict] = []
        self._unsaved = False
        self._control = None
        self._batch_losses: list[float] = []
        self._batch_top = 0.0
        self._inside: dict | None = None
        self._folder = ""
        self._pending_folder = ""
        self._build_ui()
        self.retranslate_ui()
        self.load_data()

    # ------------------------------------------------------------------ UI
    def _build_ui(self) -> None:
        self.data_group = QGroupBox(self)
        self.source_label = QLabel(self)
        self.source_label.setWordWrap(True)
        self.folder_button = QPushButton(self)
        self.subset_button = QPushButton(self)
        self.download_button = QPushButton(self)
        dbox = QVBoxLayout(self.data_group)
        dbox.addWidget(self.source_label)
        row = QHBoxLayout()
        for b in (self.folder_button, self.subset_button, self.download_button):
            row.addWidget(b)
        dbox.addLayout(row)

        self.model_group = QGroupBox(self)
        self.hidden_edit = QLineEdit("1024", self)
        self.activation_combo = QComboBox(self)
        for key in ("relu", "sigmoid", "tanh"):
            self.activation_combo.addItem(key, key)
        self.optimizer_combo = QComboBox(self)
        for key in ("sgd", "momentum", "adam"):
            self.optimizer_combo.addItem("", key)
        self.lr_slider = LogSlider(1e-5, 1.0, 0.1, self)
        self.batch_spin = QSpinBox(self)
        self.batch_spin.setRange(1, 4096)
        self.batch_spin.setValue(64)
        self.epochs_spin = QSpinBox(self)
        self.epochs_spin.setRange(1, 1000)
        self.epochs_spin.setValue(5)
        self.normalize_check = QCheckBox(self)
        self.seed_check = QCheckBox(self)
        self.seed_check.setChecked(True)
        self.seed_spin = QSpinBox(self)
        self.seed_spin.setRange(0, 999_999)
        self.device_label = QLabel(self)
        self.hidden_label, self.act_label, self.opt_label = QLabel(self), QLabel(self), QLabel(self)
        self.lr_label, self.batch_label, self.epochs_label = QLabel(self), QLabel(self), QLabel(self)
        form = QFormLayout(self.model_group)
        form.addRow(self.hidden_label, self.hidden_edit)
        form.addRow(self.act_label, self.activation_combo)
        form.addRow(self.opt_label, self.optimizer_combo)
        form.addRow(self.lr_label, self.lr_slider)
        form.addRow(self.batch_label, self.batch_spin)
        form.addRow(self.epochs_label, self.epochs_spin)
        form.addRow(self.normalize_check)
        form.addRow(self.seed_check, self.seed_spin)
        form.addRow(self.device_label)

        self.run_group = QGroupBox(self)
        self.start_button = QPushButton(self)
        self.pause_button = QPushButton(self)
        self.pause_button.setCheckable(True)
        self.stop_button = QPushButton(self)
        self.save_button = QPushButton(self)
        self.save_seed_button = QPushButton(self)
        self.open_button = QPushButton(self)
        self.export_button = QPushButton(self)
        rbox = QVBoxLayout(self.run_group)
        r1 = QHBoxLayout()
        for b in (self.start_button, self.pause_button, self.stop_button):
            r1.addWidget(b)
        rbox.addLayout(r1)
        for b in (self.save_button, self.save_seed_button, self.open_button, self.export_button):
            rbox.addWidget(b)

        controls = QWidget(self)
        col = QVBoxLayout(controls)
        col.setContentsMargins(0, 0, 0, 0)
        for g in (self.data_group, self.model_group, self.run_group):
            col.addWidget(g)
        col.addStretch(1)
        column = scrolling(self, controls)
        column.setMinimumWidth(330)
        column.setMaximumWidth(400)

        # --- right side
        self.progress = QProgressBar(self)
        self.progress_label = TextPane(self)
        self.banner = MessageBanner(self)
        self.banner.setTextFormat(Qt.TextFormat.PlainText)
        self.batch_plot = make_plot()
        self.batch_raw = pg.PlotCurveItem(pen=pg.mkPen(31, 119, 180, 60), antialias=False, skipFiniteCheck=True)
        self.batch_smooth = pg.PlotCurveItem(pen=pg.mkPen((31, 119, 180), width=2), skipFiniteCheck=True)
        self.batch_plot.addItem(self.batch_raw)
        self.batch_plot.addItem(self.batch_smooth)
        self.epoch_plot = make_plot()
        # the legend below the axis, in two columns: inside the plot it hid points (all of
        # them, after one epoch)
        self.epoch_legend = pg.LegendItem(colCount=2)
        self.epoch_plot.getPlotItem().layout.addItem(self.epoch_legend, 5, 1)
        self.train_loss_curve = pg.PlotDataItem(pen=pg.mkPen((31, 119, 180), width=2), symbol="o", symbolSize=6)
        self.test_loss_curve = pg.PlotDataItem(pen=pg.mkPen((31, 119, 180), width=2, style=Qt.PenStyle.DashLine),
                                               symbol="o", symbolSize=6)
        self.train_acc_curve = pg.PlotDataItem(pen=pg.mkPen((44, 160, 44), width=2), symbol="s", symbolSize=6)
        self.test_acc_curve = pg.PlotDataItem(pen=pg.mkPen((44, 160, 44), width=2, style=Qt.PenStyle.DashLine),
                                              symbol="s", symbolSize=6)
        self.best_line = pg.InfiniteLine(angle=90, pen=pg.mkPen((214, 39, 40), style=Qt.PenStyle.DotLine))
        for item in (self.train_loss_curve, self.test_loss_curve, self.train_acc_curve, self.test_acc_curve):
            self.epoch_plot.addItem(item)
        self.epoch_plot.addItem(self.best_line, ignoreBounds=True)
        self.best_line.hide()

        self.inside = QTabWidget(self)
        self.confusion = QTableWidget(10, 10, self)
        self.confusion.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.confusion.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.confusion.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.confusion.verticalHeader().setMinimumSectionSize(15)  # all ten rows fit at 1280×800
        self.rates_check = QCheckBox(self)
        self.pairs_label = QLabel(self)
        self.pairs_label.setWordWrap(True)
        self.cell_label = QLabel(self)
        self.cell_label.setWordWrap(True)
        # the examples of one cell: one image item holding a mosaic, cheap to redraw each epoch
        self.examples_view = pg.GraphicsLayoutWidget()
        self.examples_view.setMaximumHeight(64)
        self.examples_box = add_view_box(self.examples_view, lockAspect=True, invertY=True)
        self.examples_box.setMouseEnabled(False, False)
        self.examples_image = pg.ImageItem()
        self.examples_box.addItem(self.examples_image)
        self._cell: tuple[int, int] | None = None  # chosen by a click; else the most confused
        cm_page = QWidget(self)
        cm_col = QVBoxLayout(cm_page)
        cm_col.addWidget(self.rates_check)
        cm_col.addWidget(self.confusion, 1)
        cm_col.addWidget(self.pairs_label)
        cm_col.addWidget(self.cell_label)
        cm_col.addWidget(self.examples_view)
        self.gallery_plot = pg.GraphicsLayoutWidget()
        self.mistakes_check = QCheckBox(self)
        gal_page = QWidget(self)
        gal_col = QVBoxLayout(gal_page)
        gal_col.addWidget(self.mistakes_check)
        gal_col.addWidget(self.gallery_plot, 1)
        self.weights_view = pg.GraphicsLayoutWidget()
        self.weights_page_slider = QSlider(Qt.Orientation.Horizontal, self)
        self.weights_label = QLabel(self)
        w_page = QWidget(self)
        w_col = QVBoxLayout(w_page)
        w_row = QHBoxLayout()
        w_row.addWidget(self.weights_label)
        w_row.addWidget(self.weights_page_slider, 1)
        w_col.addLayout(w_row)
        w_col.addWidget(self.weights_view, 1)
        self.own_button = QPushButton(self)
        self.own_view = pg.GraphicsLayoutWidget()
        own_page = QWidget(self)
        own_col = QVBoxLayout(own_page)
        own_col.addWidget(self.own_button)
        own_col.addWidget(self.own_view, 1)
        for page in (cm_page, gal_page, w_page, own_page):
            self.inside.addTab(page, "")

        self.plots_box = QWidget(self)  # what "Export curves" saves as a picture
        plots = QHBoxLayout(self.plots_box)
        plots.setContentsMargins(0, 0, 0, 0)
        plots.addWidget(self.batch_plot, 1)
        plots.addWidget(self.epoch_plot, 1)
        right = QVBoxLayout()
        prow = QHBoxLayout()
        prow.addWidget(self.progress, 1)
        prow.addWidget(self.progress_label, 2)
        right.addLayout(prow)
        right.addWidget(self.banner)
        right.addWidget(self.plots_box, 3)
        right.addWidget(self.inside, 4)
        top = QHBoxLayout(self)
        top.addWidget(column)
        top.addLayout(right, 1)

        self.start_button.clicked.connect(self.start_training)
        self.pause_button.toggled.connect(self._on_pause_button_toggled)
        self.stop_button.clicked.connect(self.stop_training)
        self.save_button.clicked.connect(self._on_save_button_clicked)
        self.save_seed_button.clicked.connect(self._on_save_seed_button_clicked)
        self.open_button.clicked.connect(self._on_open_button_clicked)
        self.export_button.clicked.connect(self._on_export_button_clicked)
        self.folder_button.clicked.connect(self._on_folder_button_clicked)
        self.subset_button.clicked.connect(lambda: self.load_data(bundled=True))
        self.download_button.clicked.connect(self.download)
        self.lr_slider.value_changed.connect(self._on_lr_slider_value_changed)
        self.rates_check.toggled.connect(self._draw_inside)
        self.confusion.cellClicked.connect(self._on_confusion_cell_clicked)
        self.mistakes_check.toggled.connect(self._draw_inside)
        self.weights_page_slider.valueChanged.connect(self._draw_inside)
        self.own_button.clicked.connect(self._on_own_button_clicked)
        self.inside.currentChanged.connect(self._draw_inside)
        self._update_buttons()

    def retranslate_ui(self) -> None:
        self.data_group.setTitle(self.tr("Data"))
        self.folder_button.setText(self.tr("Choose folder…"))
        self.subset_button.setText(self.tr("Bundled subset"))
        self.download_button.setText(self.tr("Download"))
        self.model_group.setTitle(self.tr("Network and training"))
        self.hidden_label.setText(self.tr("Hidden layers"))
        self.hidden_edit.setToolTip(self.tr("Sizes separated by commas, e.g. 1024 (the seed's) or 512,256"))
        self.act_label.setText(self.tr("Activation"))
        self.opt_label.setText(self.tr("Optimizer"))
        for i, text in enumerate((self.tr("SGD"), self.tr("SGD with momentum"), self.tr("Adam"))):
            self.optimizer_combo.setItemText(i, text)
        self.lr_label.setText(self.tr("Learning rate"))
        self.lr_slider.setToolTip(self.tr("Can be changed while training"))
        self.batch_label.setText(self.tr("Batch size"))
        self.epochs_label.setText(self.tr("Epochs"))
        self.normalize_check.setText(self.tr("Normalize inputs ((x − 0.485) / 0.229)"))
        self.seed_check.setText(self.tr("Replicable, seed"))
        self._update_device_label()
        self.run_group.setTitle(self.tr("Run"))
        self.start_button.setText(self.tr("Start"))
        self.pause_button.setText(self.tr("Resume") if self.pause_button.isChecked() else self.tr("Pause"))
        self.stop_button.setText(self.tr("Stop"))
        self.save_button.setText(self.tr("Save model…"))
        self.save_seed_button.setText(self.tr("Save as the seed's last.pt…"))
        self.open_button.setText(self.tr("Open model…"))
        self.export_button.setText(self.tr("Export curves…"))
        self.export_button.setToolTip(self.tr("The per-epoch figures or every batch loss as CSV, or both plots "
                                              "as a PNG picture"))
        self.confusion.setToolTip(self.tr("Click a cell to see its test images"))
        self.batch_plot.setTitle(self.tr("Loss per batch (faint) and smoothed"))
        self.batch_plot.setLabel("bottom", self.tr("batch"))
        self.epoch_plot.setTitle(self.tr("Per epoch: loss and accuracy"))
        self.epoch_plot.setLabel("bottom", self.tr("epoch"))
        self.epoch_legend.clear()
        self.epoch_legend.addItem(self.train_loss_curve, self.tr("train loss"))
        self.epoch_legend.addItem(self.test_loss_curve, self.tr("test loss"))
        self.epoch_legend.addItem(self.train_acc_curve, self.tr("train accuracy"))
        self.epoch_legend.addItem(self.test_acc_curve, self.tr("test accuracy"))
        for i, text in enumerate((self.tr("Confusion matrix"), self.tr("Gallery"), self.tr("First-layer weights"),
                                  self.tr("Classify your own image"))):
            self.inside.setTabText(i, text)
        self.rates_check.setText(self.tr("Show rates (each row sums to 1)"))
        self.mistakes_check.setText(self.tr("Mistakes only"))
        self.own_button.setText(self.tr("Open an image…"))
        names = [self.class_name(c) for c in range(10)]
        self.confusion.setHorizontalHeaderLabels(names)
        self.confusion.setVerticalHeaderLabels(names)
        self._update_source_label()
        self._draw_inside()

    def class_name(self, c: int) -> str:
        names = (self.tr("T-shirt/top"), self.tr("Trouser"), self.tr("Pullover"), self.tr("Dress"), self.tr("Coat"),
                 self.tr("Sandal"), self.tr("Shirt"), self.tr("Sneaker"), self.tr("Bag"), self.tr("Ankle boot"))
        return names[c] if 0 <= c < len(names) else CLASSES[c]

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    # ------------------------------------------------------------------ data
    def load_data(self, folder: str | None = None, bundled: bool = False) -> None:
        """Find and read the data on a worker (the full set takes about half a second)."""
        if self.is_training():
            return
        chosen = folder or self._folder or None

        def work():
            mlp = importlib.import_module("core.mlp")  # torch: here, not on the GUI thread
            check_cancelled()
            data = load_bundled() if bundled else load_fashion(chosen)
            check_cancelled()
            mlp.warm_up()  # here, while nothing animates, rather than in the first epoch
            return data

        self.tasks.submit("load", work, on_result=self._on_data_loaded, on_error=self._on_data_failed,
                          on_finished=self._on_loader_finished)
        self.status_message.emit(self.tr("Loading Fashion-MNIST …"))
        self._update_buttons()

    @Slot(object)
    def _on_data_loaded(self, data: FashionData) -> None:
        self._data = data
        self._tensors = None
        if data.source == "folder":
            self._folder = data.location
        self._update_source_label()
        self._update_buttons()

    @Slot(object)
    def _on_data_failed(self, exc: BaseException) -> None:
        if isinstance(exc, LabError):
            self._show_error(exc)
        else:
            self.banner.show_message("error", lambda: self.tr("Could not load the data: {error}").format(error=exc))

    @Slot()
    def _on_loader_finished(self) -> None:
        if self._mlp is None:  # the worker has imported it by now (or failed to)
            self._mlp = sys.modules.get("core.mlp")
            self._update_device_label()
        self._update_buttons()
        folder, self._pending_folder = self._pending_folder, ""
        if folder:
            self.load_data(folder)

    def _update_device_label(self) -> None:
        if self._mlp is None:
            self.device_label.setText(self.tr("Device: … (loading PyTorch)"))
            return
        cuda = self._mlp.device().type == "cuda"
        self.device_label.setText(self.tr("Device: {device}").format(device="CUDA" if cuda else self.tr("CPU")))

    def is_busy(self) -> bool:
        return self.tasks.busy()

    def data(self) -> FashionData | None:
        return self._data

    def _update_source_label(self) -> None:
        d = self._data
        if d is None:
            self.source_label.setText(self.tr("Looking for Fashion-MNIST …"))
            return
        names = {"folder": self.tr("the chosen folder"), "env": self.tr("FASHION_MNIST_DIR"),
                 "torchvision": self.tr("./data/FashionMNIST/raw"), "debian": self.tr("Debian's dataset-fashion-mnist"),
                 "bundled": self.tr("the bundled subset")}
        text = self.tr("From {source}: {train} training and {test} test images.").format(
            source=names[d.source], train=f"{len(d.train_x):,}", test=f"{len(d.test_x):,}")
        if not d.is_full:
            text += " " + self.tr("For the full 60,000 / 10,000: sudo apt-get install dataset-fashion-mnist, "
                                  "or choose a folder with the four IDX files.")
        self.source_label.setText(text)

    # ---- File → Import data…, main.py FILE
    def can_import(self) -> bool:
        return not self.is_training()

    def import_tooltip(self) -> str:
        return self.tr("Not while the network trains: stop it first.") if self.is_training() else ""

    def import_data(self) -> None:
        self._on_folder_button_clicked()

    def open_path(self, path: str) -> bool:
        """A folder (or one of its IDX files) is data, a .pt or .pth file a model, an image
        a picture to classify."""
        p = Path(path)
        if p.suffix.lower() in (".pt", ".pth"):
            if not self.open_model(str(p)):
                self.banner.show_message("error", lambda: self.tr("Busy: wait for the current job, then open {name}.")
                                         .format(name=p.name))
            return True
        if p.suffix.lower() in IMAGE_SUFFIXES:
            self.classify_file(str(p))
            return True
        self.load_data(str(p if p.is_dir() else p.parent))
        return True

    @Slot()
    def _on_folder_button_clicked(self) -> None:
        folder = dialogs.open_folder(self, "fashion", self.tr("Folder with the four Fashion-MNIST IDX files"))
        if folder:
            self.load_data(folder)

    @Slot()
    def download(self) -> None:
        """torchvision's downloader into ./data; offline it fails with a message, data kept."""
        if self.tasks.is_running("load"):
            return

        def work():
            from torchvision import datasets

            for train in (True, False):
                datasets.FashionMNIST(root="data", train=train, download=True)
            return load_folder(Path("data/FashionMNIST/raw"), "torchvision")

        self.tasks.submit("load", work, on_result=self._on_data_loaded, on_error=self._on_download_failed,
                          on_finished=self._on_loader_finished)
        self.status_message.emit(self.tr("Downloading Fashion-MNIST …"))
        self._update_buttons()

    @Slot(object)
    def _on_download_failed(self, exc: BaseException) -> None:
        reason = str(exc).splitlines()[0][:160] if str(exc) else type(exc).__name__
        self.banner.show_message("error", lambda: self.tr(
            "The download failed ({reason}). Without a network, install Debian's dataset-fashion-mnist or choose "
            "a folder with the four IDX files; the data in use stays.").format(reason=reason))

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        local = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        event.acceptProposedAction()
        if len(local) == 1 and local[0].suffix.lower() in IMAGE_SUFFIXES:
            self.classify_file(str(local[0]))  # a photo, not a data set: "classify your own image"
        elif len(local) == 1 and local[0].is_dir():
            self.load_data(str(local[0]))
        elif local and all(p.is_file() for p in local):
            folders = {p.parent for p in local}
            if len(folders) == 1:
                self.load_data(str(folders.pop()))
        else:
            self.banner.show_message("error", lambda: self.tr(
                "Drop a folder (or its four IDX files), or one image to classify."))

    # ------------------------------------------------------------------ training
    def config(self):
        try:
            hidden = tuple(int(v) for v in self.hidden_edit.text().replace(" ", "").split(",") if v)
        except ValueError:
            hidden = ()
        return self._mlp.MLPConfig(
            hidden=hidden, activation=str(self.activation_combo.currentData()),
            optimizer=str(self.optimizer_combo.currentData()), lr=float(self.lr_slider.value()),
            batch_size=self.batch_spin.value(), epochs=self.epochs_spin.value(),
            normalize=self.normalize_check.isChecked(),
            seed=self.seed_spin.value() if self.seed_check.isChecked() else None)

    def is_training(self) -> bool:
        return self.tasks.is_running("train")

    @Slot()
    def start_training(self) -> None:
        """A new model with the current settings, trained on a worker thread."""
        if self._data is None or self.is_busy():
            return
        if self._mlp is None:
            self.banner.show_message("error", lambda: self.tr(
                "PyTorch could not be loaded, so the network cannot train; reinstall it (bash scripts/setup.sh)."))
            return
        mlp = self._mlp
        try:
            cfg = self.config().validated()
        except LabError as exc:
            self._show_error(exc)
            return
        self._config = cfg
        self._model = mlp.build_model(cfg)
        self._metrics = []
        self._batch_losses = []
        self._frame_batches(math.ceil(len(self._data.train_y) / cfg.batch_size) * cfg.epochs)
        self._inside = None
        self.banner.clear_message()
        self._control = mlp.TrainControl()
        data = self._data
        model = self._model
        control = self._control

        key = (id(data), cfg.normalize)
        cached = self._tensors if self._tensors is not None and self._tensors[0] == key else None

        def work():
            # the float tensors (220 MB for the full set) are kept for the next run on the same data
            tensors = cached[1] if cached is not None else (mlp.to_tensors(data.train_x, data.train_y, cfg.normalize),
                                                            mlp.to_tensors(data.test_x, data.test_y, cfg.normalize))
            yield tensors, "tensors"
            for snap in mlp.train(model, *tensors, cfg, control, min_interval=SNAPSHOT_INTERVAL_S, keep_probs=True):
                if isinstance(snap, mlp.EpochSnapshot):
                    # the 'look inside' views: test probabilities came with the snapshot's
                    # evaluation; the first layer is copied here, off the GUI thread
                    yield snap, {"probs": snap.probs, "first": model.net[0].weight.detach().cpu().numpy().copy()}
                else:
                    yield snap, None

        # Torch allocates a Python object per tensor op, so the collector runs often while
        # training, and a full collection scans every object the app and torch ever made,
        # holding the interpreter (and so the GUI) for 100-150 ms. Moving what exists now
        # to the permanent generation keeps those passes small; collecting first means no
        # garbage (a previous run's model in a cycle, say) is frozen with it for good.
        gc.collect()
        gc.freeze()
        self._unsaved = True
        self.tasks.submit("train", work, on_yield=self._on_worker_yielded, on_error=self._on_worker_errored,
                          on_finished=self._on_worker_finished)
        self._update_buttons()

    @Slot(object)
    def _on_worker_yielded(self, item) -> None:
        snap, extra = item
        if extra == "tensors":
            self._tensors = ((id(self._data), self._config.normalize), snap)
            return
        mlp = self._mlp
        if isinstance(snap, mlp.BatchSnapshot):
            self._batch_losses.extend(snap.losses)
            total = snap.batches * self._config.epochs
            done = snap.epoch * snap.batches + snap.batch
            self.progress.setMaximum(total)
            self.progress.setValue(done)
            remaining = (total - done) * snap.elapsed / max(snap.batch, 1)
            self.progress_label.set_text(self.tr(
                "epoch {e} / {n}, batch {b} / {bs} · {rate} samples/s · about {eta} s left").format(
                e=snap.epoch + 1, n=self._config.epochs, b=snap.batch, bs=snap.batches,
                rate=f"{snap.samples_per_s:,.0f}", eta=f"{remaining:.0f}"))
            self._draw_batches()
        elif isinstance(snap, mlp.EpochSnapshot):
            self._metrics.append({"epoch": snap.epoch, "train_loss": snap.train_loss, "train_acc": snap.train_acc,
                                  "test_loss": snap.test_loss, "test_acc": snap.test_acc, "seconds": snap.seconds})
            self._inside = {"confusion": snap.confusion, **(extra or {})}
            self._draw_epochs()
            self._draw_inside()
            self.status_message.emit(self.tr("epoch {e}: test accuracy {acc}").format(
                e=snap.epoch, acc=f"{snap.test_acc:.4f}"))
        elif isinstance(snap, mlp.StopSnapshot):
            if snap.reason == "diverged":
                self.banner.show_message("error", lambda: self.tr(
                    "Diverged: the loss became NaN, so the learning rate is too high. The last finite weights "
                    "were kept; lower the rate and start again."))
            elif snap.reason == "stopped":
                self.banner.show_message("info", lambda: self.tr("Stopped; the model trained so far is kept."))
            else:
                self.banner.show_message("info", lambda: self.tr("Training finished."))
            self.training_finished.emit(snap.reason)

    @Slot(object)
    def _on_worker_errored(self, exc: BaseException) -> None:
        reason = str(exc)[:200]
        self.banner.show_message("error", lambda: self.tr("Training failed: {error}").format(error=reason))

    @Slot()
    def _on_worker_finished(self) -> None:
        self.pause_button.setChecked(False)
        self._update_buttons()

    @Slot(bool)
    def _on_pause_button_toggled(self, paused: bool) -> None:
        task = self.tasks.task("train")
        if task is not None:
            task.pause() if paused else task.resume()
        self.pause_button.setText(self.tr("Resume") if paused else self.tr("Pause"))

    @Slot()
    def stop_training(self) -> None:
        if self._control is not None:
            self._control.stop = True
        task = self.tasks.task("train")
        if task is not None:
            task.resume()  # a paused generator must run to see the stop

    @Slot(float)
    def _on_lr_slider_value_changed(self, lr: float) -> None:
        if self._control is not None and self.is_training():
            self._control.lr = lr  # read between batches
            self.status_message.emit(self.tr("Learning rate now {lr}").format(lr=format_number(lr)))

    def _update_buttons(self) -> None:
        training = self.is_training()
        self.start_button.setEnabled(self._data is not None and not self.is_busy())
        self.pause_button.setEnabled(training)
        self.stop_button.setEnabled(training)
        has_model = self._model is not None and not training
        for b in (self.save_button, self.save_seed_button, self.export_button):
            b.setEnabled(has_model)
        self.open_button.setEnabled(not self.is_busy())
        for b in (self.folder_button, self.subset_button, self.download_button):
            b.setEnabled(not training and not self.tasks.is_running("load"))
        for w in (self.hidden_edit, self.activation_combo, self.optimizer_combo, self.batch_spin, self.epochs_spin,
                  self.normalize_check, self.seed_check, self.seed_spin):
            w.setEnabled(not training)

    # ------------------------------------------------------------------ drawing
    def _frame_batches(self, batches: int) -> None:
        """Fix the batch plot's frame for the whole run: a range that moves makes pyqtgraph
        redo both axes (ticks, text) on every update, the largest cost of a redraw."""
        self._batch_top = 0.0
        item = self.batch_plot.getPlotItem()
        item.disableAutoRange()
        item.setXRange(0, max(batches, 1), padding=0.01)

    def _draw_batches(self) -> None:
        y = np.asarray(self._batch_losses)
        if y.size == 0:
            return
        top = float(y.max())
        if top > self._batch_top:  # grows only: losses start high and fall
            self._batch_top = top
            self.batch_plot.getPlotItem().setYRange(0, top * 1.05, padding=0)
        step = max(1, y.size // 800)  # ≤ ~800 vertices: painting holds the interpreter too
        x = np.arange(y.size)
        self.batch_raw.setData(x[::step], y[::step])
        k = min(50, y.size)
        smooth = np.convolve(y, np.ones(k) / k, mode="valid")
        self.batch_smooth.setData(np.arange(k - 1, y.size)[::step], smooth[::step])

    def _draw_epochs(self) -> None:
        m = self._metrics
        if not m:
            for c in (self.train_loss_curve, self.test_loss_curve, self.train_acc_curve, self.test_acc_curve):
                c.setData([], [])
            self.best_line.hide()
            return
        e = np.array([r["epoch"] for r in m], dtype=float)
        self.train_loss_curve.setData(e, [r["train_loss"] for r in m])
        self.test_loss_curve.setData(e, [r["test_loss"] for r in m])
        self.train_acc_curve.setData(e, [r["train_acc"] for r in m])
        self.test_acc_curve.setData(e, [r["test_acc"] for r in m])
        best = max(m, key=lambda r: r["test_acc"])
        self.best_line.setPos(best["epoch"])
        self.best_line.show()
        # whole epochs on the axis, framed for the whole run (one point alone made pyqtgraph
        # zoom to ±0.5 in thousandths)
        planned = self._config.epochs if self.is_training() and self._config is not None else 0
        last = max(e[-1], e[0] + planned - 1, e[0] + 1)
        self.epoch_plot.setXRange(e[0] - 0.3, last + 0.3, padding=0)
        self.epoch_plot.getAxis("bottom").setTickSpacing(*((1, 1) if last - e[0] <= 20 else (None, None)))

    @Slot()
    def _draw_inside(self, *_: object) -> None:
        ins = self._inside
        if ins is None:
            self.pairs_label.setText(self.tr("Train for an epoch (or open a model) to look inside."))
            return
        cm = ins["confusion"]
        rates = self.rates_check.isChecked()
        shown = cm / np.maximum(cm.sum(axis=1, keepdims=True), 1) if rates else cm
        top = float(shown.max()) or 1.0
        for i in range(10):
            for j in range(10):
                item = self.confusion.item(i, j)
                if item is None:
                    item = QTableWidgetItem()
                    self.confusion.setItem(i, j, item)
                item.setText(f"{shown[i, j]:.2f}" if rates else str(int(shown[i, j])))
                item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                base = (44, 160, 44) if i == j else (214, 39, 40)
                f = 0.7 * shown[i, j] / top
                item.setBackground(QColor(*[int(255 - (255 - b) * f) for b in base]))
        off = cm.copy()
        np.fill_diagonal(off, 0)
        pairs = sorted(((off[i, j] + off[j, i], i, j) for i in range(10) for j in range(i + 1, 10)), reverse=True)[:3]
        self.pairs_label.setText(self.tr("Most confused: {pairs}").format(pairs="; ".join(
            f"{self.class_name(i)} ↔ {self.class_name(j)} ({n})" for n, i, j in pairs)))
        if "probs" in ins and self._data is not None and self.inside.currentIndex() == 0:
            _, i, j = pairs[0]
            self._draw_cell(ins["probs"], self._cell or ((i, j) if off[i, j] >= off[j, i] else (j, i)))
        # the gallery and the weights are many small views: draw only the one on show (the
        # training thread shares the interpreter with this drawing)
        if "probs" in ins and self._data is not None and self.inside.currentIndex() == 1:
            self._draw_gallery(ins["probs"])
        if "first" in ins and self.inside.currentIndex() == 2:
            self._draw_weights(ins["first"])

    @Slot(int, int)
    def _on_confusion_cell_clicked(self, row: int, column: int) -> None:
        self._cell = (row, column)
        self._draw_inside()

    def _draw_cell(self, probs: np.ndarray, cell: tuple[int, int]) -> None:
        """The test images of one cell (true class, predicted class), as one mosaic."""
        true_y = self._data.test_y[: len(probs)]
        pred = probs.argmax(axis=1)
        i, j = cell
        idx = np.flatnonzero((true_y == i) & (pred == j))
        self.cell_label.setText(self.tr("True {true}, predicted {pred}: {n} test images{more}").format(
            true=self.class_name(i), pred=self.class_name(j), n=len(idx),
            more=self.tr(" (the first {k})").format(k=EXAMPLES) if len(idx) > EXAMPLES else ""))
        mosaic = np.full((28, EXAMPLES * 30), 255, dtype=np.uint8)
        for n, k in enumerate(idx[:EXAMPLES]):
            mosaic[:, n * 30:n * 30 + 28] = 255 - self._data.test_x[k]
        self.examples_image.setImage(mosaic.T, levels=(0, 255))

    def _draw_gallery(self, probs: np.ndarray) -> None:
        data = self._data
        pred = probs.argmax(axis=1)
        idx = np.arange(len(pred))
        if self.mistakes_check.isChecked():
            idx = idx[pred != data.test_y[: len(pred)]]
        idx = idx[:GALLERY]
        self.gallery_plot.clear()
        for n, i in enumerate(idx):
            vb = add_view_box(self.gallery_plot, row=(n // 8) * 2, col=n % 8, lockAspect=True, invertY=True)
            vb.setMouseEnabled(False, False)
            vb.addItem(pg.ImageItem(255 - data.test_x[i].T))
            label = self.gallery_plot.addLabel(self._top3_html(probs[i], int(data.test_y[i])),
                                               row=(n // 8) * 2 + 1, col=n % 8, size="7pt", color="#222")
            label.setMaximumHeight(52)

    def _top3_html(self, p: np.ndarray, truth: int) -> str:
        """The three most probable classes as bars: the first green when right, red when
        wrong, the others grey; the true class's name in bold wherever it appears."""
        rows = []
        for rank, c in enumerate(np.argsort(p)[::-1][:3]):
            color = ("#2ca02c" if c == truth else "#d62728") if rank == 0 else "#9a9a9a"
            width = max(1, round(BAR_PX * float(p[c])))
            name = self.class_name(int(c))[:8]
            name = f"<b>{name}</b>" if c == truth else name
            rows.append(f'<table cellspacing="0" cellpadding="0"><tr><td width="{BAR_PX + 4}">'
                        f'<table cellspacing="0" cellpadding="0"><tr><td width="{width}" height="7" '
                        f'bgcolor="{color}"></td></tr></table></td><td>{name} {p[c]:.2f}</td></tr></table>')
        return "".join(rows)

    def _draw_weights(self, first: np.ndarray) -> None:
        pages = max(1, math.ceil(first.shape[0] / 32))
        self.weights_page_slider.setRange(0, pages - 1)
        page = self.weights_page_slider.value()
        self.weights_label.setText(self.tr("units {a}–{b} of {n}").format(
            a=page * 32 + 1, b=min((page + 1) * 32, first.shape[0]), n=first.shape[0]))
        self.weights_view.clear()
        for n, u in enumerate(range(page * 32, min((page + 1) * 32, first.shape[0]))):
            vb = add_view_box(self.weights_view, row=n // 8, col=n % 8, lockAspect=True, invertY=True)
            vb.setMouseEnabled(False, False)
            w = first[u].reshape(28, 28)
            lim = float(np.abs(w).max()) or 1.0
            img = pg.ImageItem(w.T, levels=(-lim, lim))
            img.setColorMap(pg.colormap.get("CET-D1"))
            vb.addItem(img)

    # ------------------------------------------------------------------ your own image
    @Slot()
    def _on_own_button_clicked(self) -> None:
        path = dialogs.open_file(self, "photo", self.tr("An image to classify"),
                                    self.tr("Images (*.png *.jpg *.jpeg *.bmp *.webp *.tif *.tiff *.gif)"))
        if path:
            self.classify_file(path)

    def classify_file(self, path: str) -> np.ndarray | None:
        """Reduce a photo to 28×28 the way the model sees it and show its class probabilities."""
        import cv2

        from core.imageio import load_image

        if self._model is None:
            self.banner.show_message("error", lambda: self.tr("Train or open a model first."))
            return None
        try:
            image = load_image(path)
        except LabError as exc:
            self._show_error(exc)
            return None
        gray = cv2.cvtColor(image.bgr, cv2.COLOR_BGR2GRAY)
        if float(gray[0, :].mean() + gray[-1, :].mean()) / 2 > 127:  # Fashion-MNIST: light object on black
            gray = 255 - gray
        small = cv2.resize(gray, (28, 28), interpolation=cv2.INTER_AREA)
        probs = self._mlp.predict_proba(self._model, small[None], self._config.normalize if self._config else False)[0]
        self.own_view.clear()
        vb = add_view_box(self.own_view, row=0, col=0, lockAspect=True, invertY=True)
        vb.addItem(pg.ImageItem(small.T))
        plot = add_plot(self.own_view, row=0, col=1)
        plot.addItem(pg.BarGraphItem(x=np.arange(10), height=probs, width=0.7, brush=(31, 119, 180)))
        plot.getAxis("bottom").setTicks([[(i, self.class_name(i)[:8]) for i in range(10)]])
        plot.setYRange(0, 1)
        self.inside.setCurrentIndex(3)
        self.status_message.emit(self.tr("Looks like: {name} ({p})").format(
            name=self.class_name(int(probs.argmax())), p=f"{probs.max():.2f}"))
        return probs

    # ------------------------------------------------------------------ files
    def save(self, path: str, seed_form: bool = False) -> bool:
        if self._model is None:
            return False
        try:
            self._mlp.save_model(path, self._model, self._config, self._metrics, seed_form=seed_form)
        except LabError as exc:  # a full disk, a missing folder, a net the seed's class cannot load
            self._show_error(exc)
            return False
        self._unsaved = False
        self.status_message.emit(self.tr("Saved {path}").format(path=path))
        return True

    def open_model(self, path: str) -> bool:
        """Open and score a model on a worker; `model_opened` tells how it went. False when
        another job is running. Torch stays off the GUI thread: once this thread has run an
        OpenMP region (reading a model does), libgomp makes every region the training thread
        starts ~100 µs slower, and a training epoch ~1.5× longer."""
        if self.is_busy():
            return False
        data = self._data
        name = Path(path).name

        def work():
            mlp = importlib.import_module("core.mlp")
            model, cfg, metrics = mlp.load_model(path)
            if data is None:
                return model, cfg, metrics, None
            probs = mlp.predict_proba(model, data.test_x, cfg.normalize)
            pred = probs.argmax(axis=1)
            cm = np.bincount(data.test_y * 10 + pred, minlength=100).reshape(10, 10)
            first = model.net[0].weight.detach().numpy().copy()
            return model, cfg, metrics, (probs, cm, float(np.mean(pred == data.test_y)), first)

        def done(result) -> None:
            model, cfg, metrics, scored = result
            self._mlp = self._mlp or sys.modules.get("core.mlp")  # imported by the worker
            self._model, self._config, self._metrics = model, cfg, metrics
            self._unsaved = False
            self.hidden_edit.setText(",".join(str(h) for h in cfg.hidden))
            self.activation_combo.setCurrentIndex(max(0, self.activation_combo.findData(cfg.activation)))
            self._draw_epochs()
            if scored is not None:
                probs, cm, acc, first = scored
                self._inside = {"confusion": cm, "probs": probs, "first": first}
                self._draw_inside()
                self.banner.show_message("info", lambda: self.tr("Opened {name}: test accuracy {acc}").format(
                    name=name, acc=f"{acc:.4f}"))
            self.model_opened.emit(True)

        def failed(exc: BaseException) -> None:
            if isinstance(exc, LabError):
                self._show_error(exc)
            else:
                reason = str(exc)[:200]
                self.banner.show_message("error", lambda: self.tr("Could not open {path}: {error}").format(
                    path=path, error=reason))
            self.model_opened.emit(False)

        self.tasks.submit("open", work, on_result=done, on_error=failed, on_finished=self._update_buttons)
        self._update_buttons()
        return True

    @Slot()
    def _on_save_button_clicked(self) -> None:
        path, _ = dialogs.save_file(self, "model", self.tr("Save model"), "model.pt", self.tr("Models (*.pt)"))
        if path:
            self.save(path)

    @Slot()
    def _on_save_seed_button_clicked(self) -> None:
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
        """Per-epoch figures (or every batch loss) to CSV, or both plots to a PNG picture;
        written to a temporary file first so a failure leaves nothing half-written."""
        import csv
        import os

        tmp = f"{path}.saving"
        try:
            if path.lower().endswith(".png"):
                if not self.plots_box.grab().save(tmp, "PNG"):
                    raise OSError(self.tr("the picture could not be written"))
            else:
                with open(tmp, "w", newline="", encoding="utf-8") as fh:
                    w = csv.writer(fh)
                    if batches:
                        w.writerow(["batch", "loss"])
                        w.writerows(enumerate(self._batch_losses, 1))
                    else:
                        keys = ["epoch", "train_loss", "train_acc", "test_loss", "test_acc", "seconds"]
                        w.writerow(keys)
                        w.writerows([r.get(k, "") for k in keys] for r in self._metrics)
            os.replace(tmp, path)
        except OSError as exc:
            if os.path.exists(tmp):
                os.unlink(tmp)
            reason = exc.strerror or str(exc)
            self.banner.show_message("error", lambda: self.tr("Could not save {path}: {error}").format(
                path=path, error=reason))
            return False
        self.status_message.emit(self.tr("Saved {path}").format(path=path))
        return True

    @Slot()
    def _on_export_button_clicked(self) -> None:
        filters = [self.tr("Per-epoch curves (*.csv)"), self.tr("Every batch loss (*.csv)"),
                   self.tr("Picture of both plots (*.png)")]
        path, chosen = dialogs.save_file(self, "export", self.tr("Export curves"), "curves.csv", ";;".join(filters))
        if not path:
            return
        if chosen == filters[2] and not path.lower().endswith(".png"):
            path += ".png"
        self.export_curves(path, batches=chosen == filters[1])

    # ------------------------------------------------------------------ window
    def _show_error(self, exc: LabError) -> None:
        self.banner.show_message("error", lambda: describe_error(exc))
        self.status_message.emit(describe_error(exc))

    def message(self) -> str:
        return self.banner.message()

    def has_unsaved_model(self) -> bool:
        return self._unsaved and self._model is not None

    def confirm_close(self) -> bool:
        """Asked before the window closes: never lose a trained model silently."""
        if not self.has_unsaved_model():
            return True
        answer = QMessageBox.question(
            self, self.tr("Unsaved model"),
            self.tr("The trained model has not been saved. Save it before quitting?"),
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel)
        if answer == QMessageBox.StandardButton.Cancel:
            return False
        if answer == QMessageBox.StandardButton.Save:
            path, _ = dialogs.save_file(self, "model", self.tr("Save model"), "model.pt", self.tr("Models (*.pt)"))
            return bool(path) and self.save(path)
        return True

    def start_demo(self, name: str = "") -> None:
        """The screenshot's demo: train on the bundled subset, so a run is in progress."""
        from PySide6.QtWidgets import QApplication

        loading = self.tasks.task("load")
        if loading is not None:
            loading.wait(20.0)  # the data being looked for
        QApplication.processEvents()
        if self._data is None or self._data.is_full:
            self._on_data_loaded(load_bundled())
        self.epochs_spin.setValue(5)
        self.start_training()

    def save_settings(self, s: QSettings) -> None:
        s.beginGroup(self.key)
        s.setValue("folder", self._folder)
        s.setValue("hidden", self.hidden_edit.text())
        s.setValue("activation", self.activation_combo.currentData())
        s.setValue("optimizer", self.optimizer_combo.currentData())
        s.setValue("lr", float(self.lr_slider.value()))
        s.setValue("batch", self.batch_spin.value())
        s.setValue("epochs", self.epochs_spin.value())
        s.setValue("normalize", self.normalize_check.isChecked())
        s.setValue("seeded", self.seed_check.isChecked())
        s.setValue("seed", self.seed_spin.value())
        s.endGroup()

    def restore_settings(self, s: QSettings) -> None:
        s.beginGroup(self.key)
        if s.contains("lr"):
            self._folder = read(s, "folder", "")
            hidden = read(s, "hidden", "1024")
            self.hidden_edit.setText(hidden if len(hidden) <= 64 else "1024")
            self.activation_combo.setCurrentIndex(
                max(0, self.activation_combo.findData(read_for(s, "activation", "relu", self.activation_combo))))
            self.optimizer_combo.setCurrentIndex(
                max(0, self.optimizer_combo.findData(read_for(s, "optimizer", "sgd", self.optimizer_combo))))
            self.lr_slider.set_value(read_for(s, "lr", 0.1, self.lr_slider))
            self.batch_spin.setValue(read_for(s, "batch", 64, self.batch_spin))
            self.epochs_spin.setValue(read_for(s, "epochs", 5, self.epochs_spin))
            self.normalize_check.setChecked(read(s, "normalize", False))
            self.seed_check.setChecked(read(s, "seeded", True))
            self.seed_spin.setValue(read_for(s, "seed", 0, self.seed_spin))
        s.endGroup()
        if self._folder:
            if not self.tasks.is_running("load"):
                self.load_data(self._folder)
            else:
                self._pending_folder = self._folder  # after the default source has loaded

    def shutdown(self, deadline: float | None = None) -> None:
        """Stop training and this lab's other tasks (the window is closing)."""
        self.stop_training()
        super().shutdown(deadline)
