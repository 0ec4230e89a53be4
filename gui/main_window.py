"""The main window: one tab per lab, menus, status bar, remembered geometry and settings."""

from __future__ import annotations

import logging
import time
from pathlib import Path

from PySide6.QtCore import QByteArray, QEvent, QSettings, Slot
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QMainWindow,
    QMenu,
    QMessageBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from core.atomic import atomic_path
from core.errors import LabError
from core.experiment import SUFFIX
from gui import dialogs
from gui.experiments import ExperimentFiles
from gui.i18n import LANGUAGES, LanguageManager
from gui.labs import LABS, lab_class, tab_title
from gui.labs.base import LabPanel, experiment_paths
from gui.messages import describe_error
from gui.settings import read

log = logging.getLogger(__name__)

# how long closing the window may wait for the labs' background work, all labs together
CLOSE_WAIT_S = 0.5


class Panels(dict):
    """The labs by key, each built the first time it is asked for (shown or looked up), so
    the window appears without waiting for labs nobody has opened yet."""

    def __init__(self, build) -> None:
        super().__init__()
        self._build = build

    def __missing__(self, key: str) -> LabPanel:
        if key not in LABS:
            raise KeyError(key)
        panel = self._build(key)
        self[key] = panel
        return panel


class MainWindow(QMainWindow):
    """Holds the labs. Settings are read on start and written on close (if given)."""

    def __init__(self, languages: LanguageManager, settings: QSettings | None = None) -> None:
        super().__init__()
        self._languages = languages
        self._settings = settings
        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        self.setCentralWidget(self.tabs)
        self._pages: dict[str, QWidget] = {}
        for key in LABS:
            page = QWidget(self.tabs)  # holds the lab once it is built
            QVBoxLayout(page).setContentsMargins(0, 0, 0, 0)
            self._pages[key] = page
            self.tabs.addTab(page, "")
        self.panels = Panels(self._build_panel)
        self.ask_before_closing = True  # off for headless jobs (the screenshot)
        self.experiments = ExperimentFiles(settings, self)
        self.experiments.changed.connect(self._update_title)
        if settings is not None:  # the last session, through the experiment files' code
            self.experiments.load_session()
        self._build_menus()
        self.setAcceptDrops(True)  # an experiment dropped outside the labs (the tab bar)
        languages.language_changed.connect(self._on_languages_language_changed)
        self.retranslate_ui()
        self.resize(1280, 800)
        first = next(iter(LABS))
        if settings is not None:
            geometry = settings.value("window/geometry")
            if isinstance(geometry, QByteArray) and not geometry.isEmpty():
                self.restoreGeometry(geometry)
            last = read(settings, "window/last_tab", "")
            first = last if last in LABS else first
        self.select_tab(first)
        self.tabs.currentChanged.connect(self._on_tabs_current_changed)

    def _build_panel(self, key: str) -> LabPanel:
        panel = lab_class(key)(self._pages[key])
        panel.status_message.connect(self._on_panel_status_message)
        panel.send_requested.connect(self._on_panel_send_requested)
        layout = self._pages[key].layout()
        assert layout is not None  # made in __init__
        layout.addWidget(panel)
        pending = self.experiments.pending.pop(key, None)
        if pending is not None:
            self._apply_state(panel, pending, self.experiments.pending_blobs)
        elif self._settings is not None:
            self._restore_lab(panel, self._settings)
        panel.state_changed.connect(self.experiments.mark_modified)
        panel.experiment_dropped.connect(self.open_experiment)
        return panel

    def _apply_state(self, panel: LabPanel, state, blobs) -> bool:
        """Show a checked state in a lab; a lab that still fails on it keeps its defaults."""
        try:
            panel.set_state(state, blobs)
        except LabError as exc:
            self._show_refusal(describe_error(exc))
            return False
        return True

    def _restore_lab(self, panel: LabPanel, settings: QSettings) -> None:
        """Every value is checked as it is read; should a lab still fail on its settings, it
        starts from its defaults and its group is cleared, rather than the app failing to
        start every time until the file is deleted."""
        try:
            panel.restore_settings(settings)
        except Exception:  # noqa: BLE001 — the last line of defence, logged
            import traceback

            traceback.print_exc()
            while settings.group():
                settings.endGroup()
            settings.remove(panel.key)
            self.statusBar().showMessage(self.tr("Some saved settings could not be read; defaults are used."), 10000)

    @Slot(int)
    def _on_tabs_current_changed(self, index: int) -> None:
        key = list(LABS)[index]
        self.panels[key]  # noqa: B018 (builds the lab on first show)
        self._update_import_action()

    # ---- menus
    def _build_menus(self) -> None:
        bar = self.menuBar()
        self.file_menu = bar.addMenu("")
        self.import_action = QAction(self)
        self.import_action.setShortcut(QKeySequence.StandardKey.Open)
        self.import_action.triggered.connect(self._on_import_action_triggered)
        self.snapshot_action = QAction(self)
        self.snapshot_action.setShortcut(QKeySequence("Ctrl+Alt+S"))
        self.snapshot_action.triggered.connect(self._on_snapshot_action_triggered)
        self.open_experiment_action = QAction(self)
        self.open_experiment_action.setShortcut(QKeySequence("Ctrl+Shift+O"))
        self.open_experiment_action.triggered.connect(self._on_open_experiment_action_triggered)
        self.recent_menu = QMenu(self)
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        self.save_experiment_action = QAction(self)
        self.save_experiment_action.setShortcut(QKeySequence.StandardKey.Save)
        self.save_experiment_action.triggered.connect(self._on_save_experiment_action_triggered)
        self.save_experiment_as_action = QAction(self)
        self.save_experiment_as_action.setShortcut(QKeySequence("Ctrl+Shift+S"))
        self.save_experiment_as_action.triggered.connect(self._on_save_experiment_as_action_triggered)
        self.export_script_action = QAction(self)
        self.export_script_action.triggered.connect(self._on_export_script_action_triggered)
        self.export_notebook_action = QAction(self)
        self.export_notebook_action.triggered.connect(self._on_export_notebook_action_triggered)
        self.copy_command_action = QAction(self)
        self.copy_command_action.triggered.connect(self._on_copy_command_action_triggered)
        self.quit_action = QAction(self)
        self.quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        self.quit_action.triggered.connect(self.close)
        self.file_menu.setToolTipsVisible(True)  # a disabled Import says why
        self.file_menu.aboutToShow.connect(self._update_import_action)
        self.file_menu.aboutToShow.connect(self._update_export_actions)
        self.file_menu.addAction(self.open_experiment_action)
        self.file_menu.addMenu(self.recent_menu)
        self.file_menu.addAction(self.save_experiment_action)
        self.file_menu.addAction(self.save_experiment_as_action)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.export_script_action)
        self.file_menu.addAction(self.export_notebook_action)
        self.file_menu.addAction(self.copy_command_action)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.import_action)
        self.file_menu.addAction(self.snapshot_action)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.quit_action)

        self.view_menu = bar.addMenu("")
        self.language_menu = self.view_menu.addMenu("")
        self.language_group = QActionGroup(self)
        self.language_actions: dict[str, QAction] = {}
        for code, native in LANGUAGES.items():
            act = QAction(native, self, checkable=True)
            act.setData(code)
            act.triggered.connect(self._on_language_action_triggered)
            self.language_group.addAction(act)
            self.language_menu.addAction(act)
            self.language_actions[code] = act

        self.help_menu = bar.addMenu("")
        self.about_action = QAction(self)
        self.about_action.triggered.connect(self.show_about)
        self.about_qt_action = QAction(self)
        self.about_qt_action.triggered.connect(QApplication.aboutQt)
        self.help_menu.addAction(self.about_action)
        self.help_menu.addAction(self.about_qt_action)

    def retranslate_ui(self) -> None:
        self._update_title()
        self.file_menu.setTitle(self.tr("&File"))
        self.open_experiment_action.setText(self.tr("&Open experiment…"))
        self.recent_menu.setTitle(self.tr("Open &recent"))
        self.save_experiment_action.setText(self.tr("&Save experiment"))
        self.save_experiment_as_action.setText(self.tr("Save experiment &as…"))
        self.export_script_action.setText(self.tr("Export as Python scri&pt…"))
        self.export_notebook_action.setText(self.tr("Export as Jupyter &notebook…"))
        self.copy_command_action.setText(self.tr("&Copy as command"))
        self.import_action.setText(self.tr("&Import data…"))
        self.snapshot_action.setText(self.tr("Save screens&hot…"))
        self.quit_action.setText(self.tr("&Quit"))
        self.view_menu.setTitle(self.tr("&View"))
        self.language_menu.setTitle(self.tr("&Language"))
        self.help_menu.setTitle(self.tr("&Help"))
        self.about_action.setText(self.tr("&About ML Basics Lab"))
        self.about_qt_action.setText(self.tr("About &Qt"))
        for i, key in enumerate(LABS):
            self.tabs.setTabText(i, tab_title(key))
        code = self._languages.language
        if code in self.language_actions:
            self.language_actions[code].setChecked(True)
        self.statusBar().showMessage(self.tr("Ready"), 3000)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    # ---- experiments
    @Slot()
    def _update_title(self) -> None:
        """The open experiment's name and an unsaved mark ([*]), then the app's name."""
        path = self.experiments.path
        if path:
            self.setWindowTitle(self.tr("{name}[*] — ML Basics Lab").format(name=Path(path).name))
        else:
            self.setWindowTitle(self.tr("ML Basics Lab"))
        self.setWindowModified(bool(path) and self.experiments.modified)

    def _lab_states_ready(self) -> bool:
        """Whether any lab can be saved (one with a state, built or pending)."""
        return any(self.panels[k].state() is not None for k in self.panels) or bool(self.experiments.pending)

    @Slot()
    def _on_save_experiment_action_triggered(self) -> None:
        self.save_experiment(self.experiments.path or "")

    @Slot()
    def _on_save_experiment_as_action_triggered(self) -> None:
        self.save_experiment("")

    def save_experiment(self, path: str = "") -> bool:
        """Save every lab's state to `path` (asked for when empty); False when cancelled or failed."""
        if not path:
            name = Path(self.experiments.path).name if self.experiments.path else "experiment" + SUFFIX
            path, _ = dialogs.save_file(self, "experiment", self.tr("Save experiment"), name,
                                        self.tr("Experiments (*{suffix})").format(suffix=SUFFIX))
            if not path:
                return False
            if not path.lower().endswith(SUFFIX):
                path += SUFFIX
        experiment = self.experiments.collect(self.panels, self.current_key())
        if not experiment.labs:
            self._show_refusal(self.tr("No lab has anything to save yet."))
            return False
        try:
            self.experiments.save(path, experiment)
        except LabError as exc:
            QMessageBox.warning(self, self.tr("Save experiment"), describe_error(exc))
            return False
        self.experiments.set_path(path)
        self.experiments.add_recent(path)
        self.statusBar().showMessage(self.tr("Saved {path}").format(path=path), 5000)
        return True

    @Slot()
    def _update_export_actions(self) -> None:
        """Export and Copy as command are enabled where they do something; else their
        tooltips say why."""
        from gui.commands import command_for, dial_shows_photo
        from gui.export_code import export_refusal

        key = self.current_key()
        lab = self.tabs.tabText(self.tabs.currentIndex())
        panel = self.current_panel()
        refusal = export_refusal(key, panel.state())
        if refusal is None:
            why = ""
        elif refusal.code == "unsupported_lab":
            why = self.tr("The {lab} lab cannot be written as a program yet; the Linear regression, Logistic "
                          "regression, Neural Network and Dial reader labs can.").format(lab=lab)
        else:  # the lab can, but not as it stands (the Dial reader with no photo)
            why = describe_error(refusal)
        for action in (self.export_script_action, self.export_notebook_action):
            action.setEnabled(refusal is None)
            action.setToolTip(why)
        saved = bool(self.experiments.path) and not self.experiments.modified
        command = command_for(key, panel.state(), self.experiments.path, saved)
        self.copy_command_action.setEnabled(command is not None)
        if command is not None:
            self.copy_command_action.setToolTip(command)
        elif key == "dial" and not dial_shows_photo(panel.state()):
            self.copy_command_action.setToolTip(self.tr("Open a photo first: the command reads the photo on "
                                                        "screen."))
        elif key == "dial":
            self.copy_command_action.setToolTip(self.tr(
                "This photo is not a file on disk (pasted, dropped, or moved since it was opened): the command "
                "reads it from its experiment file, so save the experiment first."))
        elif key == "mlp":
            self.copy_command_action.setToolTip(self.tr(
                "This run (stopped midway, or without a seed) is reproduced from its experiment file: save the "
                "experiment first."))
        elif key in ("linear", "logistic"):
            self.copy_command_action.setToolTip(self.tr(
                "This run (points edited by hand, or settings changed midway) is reproduced from its experiment "
                "file: save the experiment first."))
        else:
            self.copy_command_action.setToolTip(self.tr("The {lab} lab has no headless command.").format(lab=lab))

    @Slot()
    def _on_copy_command_action_triggered(self) -> None:
        from gui.commands import changed_files, command_for

        saved = bool(self.experiments.path) and not self.experiments.modified
        panel = self.current_panel()
        inputs = panel.command_inputs()
        command = command_for(self.current_key(), panel.state(), self.experiments.path, saved, inputs=inputs)
        if command is None:
            self._update_export_actions()
            changed = changed_files(inputs)
            why = self.tr("{file} has changed since the lab read it, so a command reading it would not give "
                          "what you see: save the experiment first (it keeps the picture), or open the file "
                          "again.").format(file=Path(changed[0]).name) if changed else self.copy_command_action.toolTip()
            self.statusBar().showMessage(why, 8000)
            return
        QApplication.clipboard().setText(command)
        self.statusBar().showMessage(self.tr("Copied: {command}").format(command=command), 8000)

    @Slot()
    def _on_export_script_action_triggered(self) -> None:
        self.export_code("py")

    @Slot()
    def _on_export_notebook_action_triggered(self) -> None:
        self.export_code("ipynb")

    def export_code(self, fmt: str, path: str = "") -> bool:
        """Write the current lab's run as a Python script ("py") or a notebook ("ipynb")."""
        from gui.export_code import export_experiment, write_export

        key = self.current_key()
        if not path:
            if fmt == "py":
                title, filters = self.tr("Export as Python script"), self.tr("Python scripts (*.py)")
            else:
                title, filters = self.tr("Export as Jupyter notebook"), self.tr("Jupyter notebooks (*.ipynb)")
            path, _ = dialogs.save_file(self, "export-code", title, f"{key}_experiment.{fmt}", filters)
            if not path:
                return False
            if not path.lower().endswith("." + fmt):
                path += "." + fmt
        blobs: dict[str, bytes] = {}
        try:
            data = self.current_panel().export_state(blobs)
            if data is None:
                raise LabError("unsupported_lab", {"lab": key})
            written = write_export(path, export_experiment(key, data, blobs, fmt, name=Path(path).stem))
        except LabError as exc:
            QMessageBox.warning(self, self.tr("Export"), describe_error(exc))
            return False
        log.info("exported the %s lab as %s", key, ", ".join(str(p) for p in written))
        self.statusBar().showMessage(self.tr("Saved {path}").format(path=path), 5000)
        return True

    @Slot()
    def _on_open_experiment_action_triggered(self) -> None:
        path = dialogs.open_file(self, "experiment", self.tr("Open experiment"),
                                 self.tr("Experiments (*{suffix})").format(suffix=SUFFIX))
        if path:
            self.open_experiment(path)

    def open_experiment(self, path: str) -> bool:
        """Open an experiment file: every lab it holds shows its state. A bad file changes
        nothing and says why."""
        try:
            experiment, states = self.experiments.load(path)
        except LabError as exc:
            QMessageBox.warning(self, self.tr("Open experiment"), describe_error(exc))
            self._show_refusal(describe_error(exc))
            return False
        for key in states:  # a lab that cannot take it now (training) or holds unsaved work says so first
            if key in self.panels:
                panel = self.panels[key]
                refusal = panel.state_refusal()
                if refusal:
                    QMessageBox.warning(self, self.tr("Open experiment"), refusal)
                    self._show_refusal(refusal)
                    return False
                if self.ask_before_closing and not panel.confirm_close(replacing=True):
                    return False
        for key, state in states.items():
            if key in self.panels:
                self._apply_state(self.panels[key], state, experiment.blobs)
            else:
                self.experiments.pending[key] = state
                self.experiments.pending_blobs.update(
                    {k: v for k, v in experiment.blobs.items() if k.startswith(key + "/")})
        current = experiment.current if experiment.current in states else next(iter(states))
        self.select_tab(current)  # builds it, applying its pending state
        self.experiments.set_path(path)
        self.experiments.add_recent(path)
        self.statusBar().showMessage(self.tr("Opened {path}").format(path=path), 5000)
        return True

    @Slot()
    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        recent = self.experiments.recent()
        for path in recent:
            act = self.recent_menu.addAction(Path(path).name)
            act.setToolTip(path)
            act.setData(path)
            act.triggered.connect(self._on_recent_action_triggered)
        if not recent:
            empty = self.recent_menu.addAction(self.tr("(none yet)"))
            empty.setEnabled(False)
        else:
            self.recent_menu.addSeparator()
            clear = self.recent_menu.addAction(self.tr("Clear the list"))
            clear.triggered.connect(self.experiments.clear_recent)

    @Slot()
    def _on_recent_action_triggered(self) -> None:
        act = self.sender()
        if isinstance(act, QAction):
            self.open_experiment(str(act.data()))

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if experiment_paths(event.mimeData()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = experiment_paths(event.mimeData())
        if paths:
            event.acceptProposedAction()
            self.open_experiment(paths[0])

    # ---- actions
    def current_panel(self) -> LabPanel:
        return self.panels[list(LABS)[self.tabs.currentIndex()]]

    def current_key(self) -> str:
        return list(LABS)[self.tabs.currentIndex()]

    @Slot()
    def _update_import_action(self) -> None:
        """Import is enabled only where it does something; otherwise its tooltip says why."""
        panel = self.current_panel()
        able = panel.can_import()
        self.import_action.setEnabled(able)
        self.import_action.setToolTip("" if able else panel.import_tooltip())

    def select_tab(self, key: str) -> None:
        self.panels[key]  # noqa: B018 (built before it is shown)
        self.tabs.setCurrentWidget(self._pages[key])
        self._update_import_action()

    @Slot()
    def _on_import_action_triggered(self) -> None:
        panel = self.current_panel()
        if panel.can_import():
            panel.import_data()
        else:
            self.statusBar().showMessage(panel.import_tooltip(), 8000)

    @Slot()
    def _on_snapshot_action_triggered(self) -> None:
        path, _ = dialogs.save_file(self, "export", self.tr("Save screenshot"), "ml-basics-lab.png",
                                    self.tr("PNG images (*.png)"))
        if path:
            try:
                with atomic_path(path) as tmp:
                    if not self.grab().save(str(tmp), "PNG"):
                        raise OSError(self.tr("the picture could not be encoded"))
            except (OSError, LabError) as exc:
                reason = describe_error(exc) if isinstance(exc, LabError) else str(exc)
                QMessageBox.warning(self, self.tr("Save screenshot"),
                                    self.tr("Could not write {path}: {error}").format(path=path, error=reason))
                return
            self.statusBar().showMessage(self.tr("Saved {path}").format(path=path), 5000)

    @Slot()
    def _on_language_action_triggered(self) -> None:
        act = self.sender()
        if isinstance(act, QAction):
            self._languages.set_language(str(act.data()))

    @Slot(str)
    def _on_languages_language_changed(self, code: str) -> None:
        if code in self.language_actions:
            self.language_actions[code].setChecked(True)
        if self._settings is not None:
            self._settings.setValue("language", code)

    def open_path(self, path: str) -> bool:
        """Open a file or folder in the lab that takes it (main.py FILE); False, with a
        message on screen, when none does."""
        from gui.labs import lab_for_path

        if not Path(path).exists():
            self._show_refusal(self.tr("{path} does not exist.").format(path=path))
            return False
        if path.lower().endswith(SUFFIX):
            return self.open_experiment(path)
        key = lab_for_path(path)
        if key is None:
            self._show_refusal(self.tr(
                "{name} is not a file the labs open: a CSV table, a photo of a dial, a model (.pt) or a "
                "Fashion-MNIST folder.").format(name=Path(path).name))
            return False
        self.select_tab(key)
        log.info("opening %s in the %s lab", path, key)
        return self.panels[key].open_path(path)

    def _show_refusal(self, text: str) -> None:
        """A message that stays until the next one (a file given at start-up may be missed)."""
        self.statusBar().showMessage(text)

    @Slot(str, object)
    def _on_panel_send_requested(self, key: str, payload: object) -> None:
        """A lab hands data to another (the dial's needle pixels to the linear lab, as the seed did)."""
        if key in LABS and self.panels[key].receive(payload):
            self.select_tab(key)

    @Slot(str)
    def _on_panel_status_message(self, text: str) -> None:
        self.statusBar().showMessage(text, 8000)

    def show_about(self) -> None:
        from gui.about import AboutDialog

        AboutDialog(self._settings, self).exec()

    # ---- settings
    def save_settings(self) -> None:
        s = self._settings
        if s is None:
            return
        self.experiments.save_session(self.experiments.collect(self.panels, self.current_key()))
        s.setValue("window/geometry", self.saveGeometry())
        s.setValue("window/last_tab", self.current_key())
        for panel in self.panels.values():  # labs never opened keep what they had
            panel.save_settings(s)
        s.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.ask_before_closing:
            for panel in self.panels.values():  # a lab holding unsaved work may say no
                if not panel.confirm_close():
                    event.ignore()
                    return
        self.save_settings()
        # each lab stops its own tasks; together they wait at most CLOSE_WAIT_S, then what
        # still runs is abandoned (daemon threads, told to stop, never delivered)
        deadline = time.monotonic() + CLOSE_WAIT_S
        for panel in self.panels.values():
            panel.shutdown(deadline)
        super().closeEvent(event)

