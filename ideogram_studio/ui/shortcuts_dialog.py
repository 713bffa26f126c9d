"""Help ▸ Shortcuts: every action's keys, read from the actions themselves, plus held keys."""

from __future__ import annotations

import re
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

from ideogram_studio.i18n import QT_TRANSLATE_NOOP, translate

HELD_KEYS = (
    (
        QT_TRANSLATE_NOOP("ShortcutsDialog", "Space + drag"),
        QT_TRANSLATE_NOOP("ShortcutsDialog", "Pan (or drag with the middle button)"),
    ),
    (
        QT_TRANSLATE_NOOP("ShortcutsDialog", "Mouse wheel"),
        QT_TRANSLATE_NOOP("ShortcutsDialog", "Zoom about the pointer"),
    ),
    (
        QT_TRANSLATE_NOOP("ShortcutsDialog", "Hold \\"),
        QT_TRANSLATE_NOOP(
            "ShortcutsDialog", "Hide the mask; in the compare views, show the original"
        ),
    ),
    (
        QT_TRANSLATE_NOOP("ShortcutsDialog", "Alt + shape or wand"),
        QT_TRANSLATE_NOOP("ShortcutsDialog", "Subtract from the mask"),
    ),
    ("Esc", QT_TRANSLATE_NOOP("ShortcutsDialog", "Cancel the shape being drawn")),
)
# "文件(&F)": a translated menu text carries its accelerator in brackets; the table shows none.
ACCELERATOR = re.compile(r"\(&\w\)|&(?=\S)")


def shortcut_rows(actions: Iterable[QAction]) -> list[tuple[str, str]]:
    """(what it does, its keys) for every action with a shortcut, then the held keys."""
    native = QKeySequence.SequenceFormat.NativeText
    rows = [
        (
            ACCELERATOR.sub("", action.text()),
            # dict.fromkeys: Return and Enter, say, have one name in some languages
            ", ".join(dict.fromkeys(s.toString(native) for s in action.shortcuts())),
        )
        for action in actions
        if action.shortcuts()
    ]
    held = [
        (translate("ShortcutsDialog", what), translate("ShortcutsDialog", key))
        for key, what in HELD_KEYS
    ]
    return rows + held


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
