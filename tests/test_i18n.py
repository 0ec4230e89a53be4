"""The Chinese catalogue is complete, current and compiled; the Chinese UI shows no English."""

import re
import shutil
import sys
import xml.etree.ElementTree as ET

import pytest

from tests.conftest import REPO

sys.path.insert(0, str(REPO / "scripts"))
import update_translations  # noqa: E402

TS = REPO / "resources" / "translations" / "mlbl_zh_CN.ts"
QM = TS.with_suffix(".qm")
PLACEHOLDER = re.compile(r"\{[a-z_]+\}")


def messages(path):
    return list(ET.parse(path).getroot().iter("message"))


def test_no_unfinished_or_empty_entry():
    msgs = messages(TS)
    assert len(msgs) > 50
    for m in msgs:
        tr = m.find("translation")
        src = m.find("source").text
        assert tr.get("type") is None, f"unfinished: {src!r}"
        assert tr.text and tr.text.strip(), f"empty translation: {src!r}"


def test_placeholders_survive_translation():
    for m in messages(TS):
        src, tr = m.find("source").text, m.find("translation").text
        assert sorted(PLACEHOLDER.findall(src)) == sorted(PLACEHOLDER.findall(tr)), src


def test_every_string_in_the_code_is_in_the_catalogue(tmp_path):
    """lupdate over today's sources finds nothing new to translate."""
    copy = tmp_path / TS.name
    shutil.copy(TS, copy)
    update_translations.lupdate(copy)
    text = copy.read_text(encoding="utf-8")
    new = [m.find("source").text for m in messages(copy) if m.find("translation").get("type") == "unfinished"]
    assert not new, f"strings missing from {TS.name} (run scripts/update_translations.py): {new}"
    assert len(messages(copy)) == len(messages(TS)), "the catalogue holds strings the code no longer uses"
    assert "vanished" not in text and "obsolete" not in text


def test_compiled_catalogue_is_current(tmp_path):
    out = tmp_path / "out.qm"
    update_translations.lrelease(TS, out)
    assert out.read_bytes() == QM.read_bytes(), "mlbl_zh_CN.qm is stale: run scripts/update_translations.py"


ALLOWED_LATIN = {"CSV", "Hessian", "Huber", "JPEG", "WebP", "TIFF", "jpeg", "tiff", "webp", "PNG", "Qt", "PySide6", "NumPy", "OpenCV", "PyTorch", "pyqtgraph", "Ctrl",
                 "Softmax", "softmax", "scikit", "learn", "Fashion", "MNIST", "FASHION", "data", "FashionMNIST",
                 "dataset", "fashion", "mnist", "sudo", "install", "apt", "Adam", "CUDA", "relu", "sigmoid", "tanh",
                 "last", "DIR", "Debian", "raw", "ubyte",
                 "English", "Space", "UTF", "std", "inf", "NaN",
                 # the Concepts lab: function names and the tools it compares with, as textbooks write them
                 "ReLU", "GELU", "Leaky", "Sigmoid", "Tanh", "torch", "autograd", "numpy", "float", "logit"}


def visible_texts(window):
    from PySide6.QtWidgets import QAbstractButton, QGroupBox, QLabel

    texts = [window.windowTitle()]
    texts += [window.tabs.tabText(i) for i in range(window.tabs.count())]
    for menu_action in window.menuBar().actions():
        texts.append(menu_action.text())
        if menu_action.menu():
            texts += [a.text() for a in menu_action.menu().actions()]
    for cls in (QLabel, QAbstractButton, QGroupBox):
        for w in window.findChildren(cls):
            texts.append(w.title() if isinstance(w, QGroupBox) else w.text())
            texts.append(w.toolTip())
    from gui.widgets.text_pane import TextPane

    texts += [pane.text() for pane in window.findChildren(TextPane)]
    for panel in window.panels.values():
        for plot in panel.findChildren(__import__("pyqtgraph").PlotWidget):
            item = plot.getPlotItem()
            texts.append(item.titleLabel.text)
            for name in ("left", "bottom"):
                texts.append(item.getAxis(name).labelText)
    return [t for t in texts if t]


def test_chinese_ui_has_no_untranslated_english(qtbot, app_language):
    from gui.main_window import MainWindow

    from gui.labs import LABS

    w = MainWindow(app_language, None)
    qtbot.addWidget(w)
    for key in LABS:
        w.panels[key]  # noqa: B018 (labs are built when first shown; build them all)
    assert app_language.set_language("zh_CN")
    offenders = []
    for text in visible_texts(w):
        plain = re.sub(r"&\w+;", " ", re.sub(r"<[^>]+>", "", text))
        for word in re.findall(r"[A-Za-z]{4,}", plain):
            if word not in ALLOWED_LATIN:
                offenders.append((word, text[:60]))
    assert not offenders, offenders
    app_language.set_language("en")
    assert w.tabs.tabText(0) == "Linear regression"


def test_qt_own_strings_are_translated_too(qtbot, app_language):
    from PySide6.QtCore import QCoreApplication

    assert app_language.set_language("zh_CN")
    # a string from Qt's qtbase catalogue (dialog buttons)
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") != "Cancel"


@pytest.mark.parametrize("given, expected", [("zh", "zh_CN"), ("zh-CN", "zh_CN"), ("en_US", "en"), ("en", "en")])
def test_language_codes(given, expected):
    from gui.i18n import normalize_language

    assert normalize_language(given) == expected
