"""Qt's own widgets speak Chinese too: the file dialog, the message box buttons, the
text fields' context menu (qtbase_zh_CN plus the app's QT_GAPS for what it lacks)."""

from __future__ import annotations

import re

from PySide6.QtWidgets import QComboBox, QFileDialog, QLabel, QLineEdit, QMessageBox, QPushButton

ENGLISH = re.compile(r"[A-Za-z]{3,}")


def test_the_file_dialog_in_chinese(qtbot, app_language):
    app_language.set_language("zh_CN")
    d = QFileDialog(None, "打开")
    d.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    qtbot.addWidget(d)
    d.show()
    texts = [w.text() for w in d.findChildren(QLabel) + d.findChildren(QPushButton) if w.isVisible()]
    texts += [w.itemText(i) for w in d.findChildren(QComboBox) if w.objectName() == "fileTypeCombo"
              for i in range(w.count())]
    english = [t for t in texts if ENGLISH.search(t.replace("(*)", ""))]
    assert not english, english  # "&Look in:" and "Files of &type:" stayed English


def test_message_box_buttons_and_text_menus_in_chinese(qtbot, app_language):
    app_language.set_language("zh_CN")
    box = QMessageBox()
    qtbot.addWidget(box)
    box.setStandardButtons(QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
                           | QMessageBox.StandardButton.Cancel)
    assert not [b.text() for b in box.buttons() if ENGLISH.search(b.text())]
    edit = QLineEdit()
    qtbot.addWidget(edit)
    menu = edit.createStandardContextMenu()
    assert not [a.text() for a in menu.actions() if ENGLISH.search(a.text().split("\t")[0])]
