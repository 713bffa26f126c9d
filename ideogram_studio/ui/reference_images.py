"""Reference images for Ideogram 3.0, as the options panel shows them: a list of files with
small thumbnails (the style references) and one file with its thumbnail (the character
reference, its mask). Files are only named here: they are read when the edit is sent, and
the rules about them (readable, sizes) are the options' (EditOptions.validate)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from PySide6.QtCore import QSize, QStandardPaths, Qt, Signal
from PySide6.QtGui import QColor, QImageReader, QPainter, QPaintEvent, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ideogram_studio.i18n import QT_TRANSLATE_NOOP, translate
from ideogram_studio.ui.elided_label import ElidedLabel

THUMB = 40
# What Ideogram takes as a reference image.
IMAGE_FILTER = QT_TRANSLATE_NOOP("ReferenceImages", "Images (*.png *.jpg *.jpeg *.webp)")


# The folder the last reference image came from, shared by every picker (style images, the
# character and its mask come from one place more often than not).
_remembered = [""]


def reference_folder() -> str:
    """Where a reference picker opens: the last one's folder, else the user's pictures."""
    return _remembered[0] or QStandardPaths.writableLocation(
        QStandardPaths.StandardLocation.PicturesLocation
    )


def pick_image_files(parent: QWidget, title: str, folder: str, many: bool) -> list[str]:
    """The open-file dialog (modal: tests replace this function)."""
    name_filter = translate("ReferenceImages", IMAGE_FILTER)
    if many:
        files, _ = QFileDialog.getOpenFileNames(parent, title, folder, name_filter)
        return list(files)
    file, _ = QFileDialog.getOpenFileName(parent, title, folder, name_filter)
    return [file] if file else []


def small_pixmap(path: str, side: int = THUMB) -> QPixmap:
    """A thumbnail decoded at a reduced size (no full decode of a large JPEG on the GUI
    thread); a grey square for a file that cannot be read (the blocker says why)."""
    reader = QImageReader(path)
    reader.setAutoTransform(True)
    size = reader.size()
    if size.isValid() and (size.width() > side or size.height() > side):
        reader.setScaledSize(size.scaled(side, side, Qt.AspectRatioMode.KeepAspectRatio))
    image = reader.read()
    if image.isNull():
        pixmap = QPixmap(side, side)
        pixmap.fill(QColor("#8a8a90"))
        return pixmap
    return QPixmap.fromImage(image)


class _HintList(QListWidget):
    """A list that says what belongs in it while it is empty."""

    hint = ""

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        super().paintEvent(event)
        if self.count() or not self.hint:
            return
        painter = QPainter(self.viewport())
        painter.setPen(self.palette().placeholderText().color())
        painter.drawText(
            self.viewport().rect().adjusted(6, 0, -6, 0),
            int(Qt.AlignmentFlag.AlignVCenter | Qt.TextFlag.TextWordWrap),
            self.hint,
        )


class ImageList(QWidget):
    """Files shown as thumbnails in one row, with Add from file… and Remove."""

    changed = Signal()  # the user added or removed files

    def __init__(self, hint: str, dialog_title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.dialog_title = dialog_title
        self.list = _HintList()
        self.list.hint = hint
        self.list.setViewMode(QListWidget.ViewMode.IconMode)
        self.list.setFlow(QListWidget.Flow.LeftToRight)
        self.list.setWrapping(False)
        self.list.setMovement(QListWidget.Movement.Static)
        self.list.setIconSize(QSize(THUMB, THUMB))
        self.list.setGridSize(QSize(THUMB + 8, THUMB + 8))
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.list.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll_bar = self.list.horizontalScrollBar().sizeHint().height()
        self.list.setFixedHeight(THUMB + 12 + scroll_bar)
        self.list.itemSelectionChanged.connect(self._selection_changed)
        self.add_button = QToolButton()
        self.add_button.setText(self.tr("Add from file…"))
        self.add_button.clicked.connect(self.choose)
        self.remove_button = QToolButton()
        self.remove_button.setText(self.tr("Remove"))
        self.remove_button.setToolTip(self.tr("Remove the selected images from the list"))
        self.remove_button.setEnabled(False)
        self.remove_button.clicked.connect(self.remove_selected)
        buttons = QVBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        buttons.setSpacing(2)
        for button in (self.add_button, self.remove_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.list, 1)
        layout.addLayout(buttons)

    def files(self) -> tuple[str, ...]:
        return tuple(
            str(self.list.item(row).data(Qt.ItemDataRole.UserRole))
            for row in range(self.list.count())
        )

    def set_files(self, files: Iterable[str]) -> None:
        """Show these files (the document's); no `changed` follows."""
        files = tuple(files)
        if files == self.files():
            return
        self.list.clear()
        for file in files:
            self._append(file)
        self.remove_button.setEnabled(False)

    def add_files(self, files: Iterable[str]) -> None:
        """Add files the user chose (one already listed is not added twice)."""
        known = set(self.files())
        added = False
        for file in files:
            if file and file not in known:
                self._append(file)
                known.add(file)
                added = True
        if added:
            self.changed.emit()

    def choose(self) -> None:
        files = pick_image_files(self, self.dialog_title, reference_folder(), True)
        if files:
            _remembered[0] = str(Path(files[-1]).parent)
            self.add_files(files)

    def remove_selected(self) -> None:
        rows = sorted((self.list.row(item) for item in self.list.selectedItems()), reverse=True)
        for row in rows:
            self.list.takeItem(row)
        if rows:
            self.changed.emit()

    def _append(self, file: str) -> None:
        item = QListWidgetItem(small_pixmap(file), "")
        item.setData(Qt.ItemDataRole.UserRole, file)
        item.setToolTip(file)
        self.list.addItem(item)

    def _selection_changed(self) -> None:
        self.remove_button.setEnabled(bool(self.list.selectedItems()))


class SingleImage(QWidget):
    """One file, or none: its thumbnail, its name, Choose… and Clear."""

    changed = Signal()  # the user chose or cleared the file

    def __init__(self, empty_text: str, dialog_title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.dialog_title = dialog_title
        self.empty_text = empty_text
        self._file: str | None = None
        self.thumb = QLabel()
        self.thumb.setFixedSize(THUMB, THUMB)
        self.thumb.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.name = ElidedLabel()
        self.choose_button = QToolButton()
        self.choose_button.setText(self.tr("Choose…"))
        self.choose_button.clicked.connect(self.choose)
        self.clear_button = QToolButton()
        self.clear_button.setText(self.tr("Clear"))
        self.clear_button.clicked.connect(lambda: self._set_by_user(None))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.thumb)
        layout.addWidget(self.name, 1)
        layout.addWidget(self.choose_button)
        layout.addWidget(self.clear_button)
        self._show()

    def file(self) -> str | None:
        return self._file

    def set_file(self, file: str | None) -> None:
        """Show this file (the document's); no `changed` follows."""
        if file != self._file:
            self._file = file
            self._show()

    def use(self, file: str) -> None:
        """The user's file (from a result): shown, and `changed` follows."""
        self._set_by_user(file)

    def choose(self) -> None:
        files = pick_image_files(self, self.dialog_title, reference_folder(), False)
        if files:
            _remembered[0] = str(Path(files[0]).parent)
            self._set_by_user(files[0])

    def _set_by_user(self, file: str | None) -> None:
        if file != self._file:
            self.set_file(file)
            self.changed.emit()

    def _show(self) -> None:
        file = self._file
        self.thumb.setVisible(file is not None)
        if file is not None:
            self.thumb.setPixmap(small_pixmap(file))
        self.name.setText(Path(file).name if file else self.empty_text)
        self.setToolTip(file or "")  # the label's own tip is its cut text only
        self.name.setEnabled(file is not None)  # the empty text reads as a hint
        self.clear_button.setEnabled(file is not None)  # kept in place: rows stay aligned
