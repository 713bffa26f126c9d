"""Help ▸ Shortcuts: every action's keys, read from the actions themselves, plus held keys."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

HELD_KEYS = (
    ("Space + drag", "Pan (or drag with the middle button)"),
    ("Mouse wheel", "Zoom about the pointer"),
    ("Hold \\", "Hide the mask; in the compare views, show the original"),
    ("Alt + shape or wand", "Subtract from the mask"),
    ("Esc", "Cancel the shape being drawn"),
)


def shortcut_rows(actions: Iterable[QAction]) -> list[tuple[str, str]]:
    """(what it does, its keys) for every action with a shortcut, then the held keys."""
    native = QKeySequence.SequenceFormat.NativeText
    rows = [
        (action.text().replace("&", ""), ", ".join(s.toString(native) for s in action.shortcuts()))
        for action in actions
        if action.shortcuts()
    ]
    return rows + [(what, key) for key, what in HELD_KEYS]


class ShortcutsDialog(QDialog):
    def __init__(self, rows: list[tuple[str, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Shortcuts"))
        self.table = QTableWidget(0, 2)
        self.table.setHorizontalHeaderLabels([self.tr("Action"), self.tr("Keys")])
        for what, keys in rows:
            row = self.table.rowCount()
            self.table.insertRow(row)
            self.table.setItem(row, 0, QTableWidgetItem(what))
            self.table.setItem(row, 1, QTableWidgetItem(keys))
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self.resize(520, 640)
