"""In Chinese, a string the catalogue leaves as it is (a formula, a name like "Sigmoid") or
does not hold at all still shows its own text: the gap translator must not answer "" for it."""

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget


class ProbePage(QWidget):
    pass


def test_untranslated_and_identical_strings_keep_their_text(qtbot, app_language):
    app_language.set_language("zh_CN")
    probe = ProbePage()
    qtbot.addWidget(probe)
    assert probe.tr("a string in no catalogue") == "a string in no catalogue"
    # in the catalogue with a translation equal to its source
    assert QCoreApplication.translate("SoftmaxPage", "z_i") == "z_i"
    assert QCoreApplication.translate("ActivationsPage", "Sigmoid") == "Sigmoid"
    # Qt's own strings still come from qtbase_zh_CN, and the gaps from QT_GAPS
    assert QCoreApplication.translate("QFileDialog", "&Look in:") == "查找范围(&L)："
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") not in ("", "Cancel")
