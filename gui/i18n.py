"""Runtime language switching: the app's own catalogue plus Qt's qtbase translations."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QLibraryInfo, QLocale, QObject, QTranslator, Signal

from gui.languages import LANGUAGES, language_code

TRANSLATIONS_DIR = Path(__file__).resolve().parent.parent / "resources" / "translations"
CATALOGUE = "mlbl"


def system_language() -> str:
    """The supported language closest to the system locale (English when none fits)."""
    for name in QLocale.system().uiLanguages():
        norm = name.replace("-", "_")
        if norm.startswith("zh") and not any(t in norm for t in ("TW", "HK", "MO", "Hant")):
            return "zh_CN"
        if norm.startswith("en"):
            return "en"
    return "en"


def normalize_language(code: str | None) -> str:
    """Map user input such as 'zh', 'zh-CN' or 'en_US' to a supported code."""
    if not code:
        return system_language()
    return language_code(code)


# Strings Qt's widgets show that its own qtbase_zh_CN (6.11) leaves in English: the file
# dialog's "&Look in:" and "Files of &type:" (its catalogue has only the forms without
# the mnemonic) and the file model's "Folder".
QT_GAPS: dict[str, dict[tuple[str, str], str]] = {
    "zh_CN": {
        ("QFileDialog", "&Look in:"): "查找范围(&L)：",
        ("QFileDialog", "Files of &type:"): "文件类型(&T)：",
        ("QAbstractFileIconProvider", "Folder"): "文件夹",
        ("QFileSystemModel", "Folder"): "文件夹",
    },
}


class QtGapTranslator(QTranslator):
    """Translates the few Qt strings listed in QT_GAPS for one language."""

    def __init__(self, code: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._table = QT_GAPS.get(code, {})

    def isEmpty(self) -> bool:  # noqa: N802 (Qt's name)
        return not self._table

    def translate(self, context: str, source: str, disambiguation: str | None = None,
                  n: int = -1) -> str | None:
        # None, not "": PySide turns "" into an empty non-null QString, which Qt takes as the
        # translation of every string this table lacks (the app's and qtbase's alike)
        return self._table.get((context, source))


class LanguageManager(QObject):
    """Installs and swaps translators; Qt then sends LanguageChange to every widget."""

    language_changed = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._translators: list[QTranslator] = []
        self._language = "en"

    @property
    def language(self) -> str:
        return self._language

    def set_language(self, code: str) -> bool:
        """Switch to `code`; returns False (and keeps the current one) if it cannot load."""
        code = normalize_language(code)
        app = QCoreApplication.instance()
        if app is None:  # no application yet: nothing to translate
            return False
        loaded: list[QTranslator] = []
        if code != "en":
            qt_tr = QTranslator(self)
            if qt_tr.load(f"qtbase_{code}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
                loaded.append(qt_tr)
            loaded.append(QtGapTranslator(code, self))
            own = QTranslator(self)
            if not own.load(f"{CATALOGUE}_{code}", str(TRANSLATIONS_DIR)):
                return False
            loaded.append(own)
        for old in self._translators:
            app.removeTranslator(old)
        self._translators = loaded
        for tr in loaded:
            app.installTranslator(tr)
        self._language = code
        QLocale.setDefault(QLocale(code))
        # deliver the LanguageChange events now, so every widget has switched on return
        QCoreApplication.sendPostedEvents(None, QEvent.Type.LanguageChange)
        self.language_changed.emit(code)
        return True
