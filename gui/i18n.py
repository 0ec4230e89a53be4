"""Runtime language switching: the app's own catalogue plus Qt's qtbase translations."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QLibraryInfo, QLocale, QObject, QTranslator, Signal

TRANSLATIONS_DIR = Path(__file__).resolve().parent.parent / "resources" / "translations"
CATALOGUE = "mlbl"

#: Languages offered in View → Language, each named in its own language (never translated).
LANGUAGES: dict[str, str] = {"en": "English", "zh_CN": "简体中文"}


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
    norm = code.replace("-", "_")
    if norm in LANGUAGES:
        return norm
    if norm.lower().startswith("zh"):
        return "zh_CN"
    if norm.lower().startswith("en"):
        return "en"
    raise ValueError(code)


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
        loaded: list[QTranslator] = []
        if code != "en":
            qt_tr = QTranslator(self)
            if qt_tr.load(f"qtbase_{code}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
                loaded.append(qt_tr)
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
