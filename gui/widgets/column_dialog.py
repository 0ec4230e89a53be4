"""Choose which columns of a CSV file play which role (x and y; or x1, x2 and the label),
when the file's header names none of them: one list of the file's columns per role."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)


def column_title(index: int, name: str) -> str:
    """How a file's column is named to the user: its number, and its header name if it has one."""
    from PySide6.QtCore import QCoreApplication

    if name:
        return QCoreApplication.translate("ColumnDialog", "column {number} “{name}”").format(number=index + 1,
                                                                                            name=name)
    return QCoreApplication.translate("ColumnDialog", "column {number}").format(number=index + 1)


class ColumnDialog(QDialog):
    """One combo box per role listing the file's columns; chosen() gives their indices."""

    def __init__(self, parent: QWidget | None, path: str, header: Sequence[str], roles: Sequence[str]) -> None:
        super().__init__(parent)
        self.path = str(path)
        self._header = list(header)
        self._roles = list(roles)
        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        form = QFormLayout()
        self._combos: dict[str, QComboBox] = {}
        self._labels: dict[str, QLabel] = {}
        width = len(self._header)
        # a first guess: the last columns, in order (an id or a row number usually comes first)
        first = max(0, width - len(self._roles))
        for r, role in enumerate(self._roles):
            combo = QComboBox(self)
            for i in range(width):
                combo.addItem("", i)
            combo.setCurrentIndex(min(first + r, width - 1))
            label = QLabel(self)
            form.addRow(label, combo)
            self._combos[role] = combo
            self._labels[role] = label
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel,
                                        self)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        box = QVBoxLayout(self)
        box.addWidget(self.intro)
        box.addLayout(form)
        box.addWidget(self.buttons)
        self.retranslate_ui()

    def combo(self, role: str) -> QComboBox:
        return self._combos[role]

    def chosen(self) -> tuple[int, ...]:
        """The column index chosen for each role, in the roles' order."""
        return tuple(int(self._combos[r].currentData()) for r in self._roles)

    def retranslate_ui(self) -> None:
        self.setWindowTitle(self.tr("Choose the columns"))
        self.intro.setText(self.tr("The header row of {name} does not say which column is which. "
                                   "Choose a column for each role:").format(name=Path(self.path).name))
        names = {"label": self.tr("label", "the column of class labels")}
        for role, label in self._labels.items():
            label.setText(names.get(role, role))
        for combo in self._combos.values():
            for i, name in enumerate(self._header):
                combo.setItemText(i, column_title(i, name))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)
