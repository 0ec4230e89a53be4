"""The main window: one tab per lab, menus, status bar, remembered geometry and settings."""

from __future__ import annotations

import time
from pathlib import Path

from PySide6.QtCore import QByteArray, QEvent, QSettings, Slot
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QMainWindow,
    QMessageBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from core.atomic import atomic_path
from core.errors import LabError
from gui import dialogs
from gui.i18n import LANGUAGES, LanguageManager
from gui.labs import LABS, lab_class, tab_title
from gui.labs.base import LabPanel
from gui.messages import describe_error
from gui.settings import read

APP_VERSION = "0.1.0"


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
        self._build_menus()
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
        self._pages[key].layout().addWidget(panel)
        if self._settings is not None:
            self._restore_lab(panel)
        return panel

    def _restore_lab(self, panel: LabPanel) -> None:
        """Every value is checked as it is read; should a lab still fail on its settings, it
        starts from its defaults and its group is cleared, rather than the app failing to
        start every time until the file is deleted."""
        try:
            panel.restore_settings(self._settings)
        except Exception:  # noqa: BLE001 — the last line of defence, logged
            import traceback

            traceback.print_exc()
            while self._settings.group():
                self._settings.endGroup()
            self._settings.remove(panel.key)
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
        self.snapshot_action.setShortcut(QKeySequence("Ctrl+Shift+S"))
        self.snapshot_action.triggered.connect(self._on_snapshot_action_triggered)
        self.quit_action = QAction(self)
        self.quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        self.quit_action.triggered.connect(self.close)
        self.file_menu.setToolTipsVisible(True)  # a disabled Import says why
        self.file_menu.aboutToShow.connect(self._update_import_action)
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
        self.setWindowTitle(self.tr("ML Basics Lab"))
        self.file_menu.setTitle(self.tr("&File"))
        self.import_action.setText(self.tr("&Import data…"))
        self.snapshot_action.setText(self.tr("Save &screenshot…"))
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
        key = lab_for_path(path)
        if key is None:
            self._show_refusal(self.tr(
                "{name} is not a file the labs open: a CSV table, a photo of a dial, a model (.pt) or a "
                "Fashion-MNIST folder.").format(name=Path(path).name))
            return False
        self.select_tab(key)
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
        QMessageBox.about(
            self,
            self.tr("About ML Basics Lab"),
            self.tr(
                "<h3>ML Basics Lab {version}</h3>"
                "<p>Watch the basics of machine learning work, live, and play with them: "
                "drag a slider and see gradient descent react at once.</p>"
                "<p>Built with PySide6, pyqtgraph, NumPy, OpenCV and PyTorch.</p>"
            ).format(version=APP_VERSION),
        )

    # ---- settings
    def save_settings(self) -> None:
        s = self._settings
        if s is None:
            return
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
