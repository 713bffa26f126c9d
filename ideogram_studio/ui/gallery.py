"""The results, grouped by job (newest first), each job with its state, time and Cancel button.

Every job shows its original first, then each result as soon as it is saved; images the safety
filter withheld appear as labelled placeholders. Selection spans jobs, so results of different
edits can be compared.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QPainter, QPaintEvent, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ideogram_studio.backends import local
from ideogram_studio.backends.outcome import ItemStatus, ResultItem
from ideogram_studio.backends.providers import ProviderKind
from ideogram_studio.backends.upscale import UpscaleRequest, lineage
from ideogram_studio.core.imageio import load_image
from ideogram_studio.core.photo import Photo, read_photo
from ideogram_studio.i18n import QT_TRANSLATE_NOOP, translate
from ideogram_studio.jobs.queue import JobRecord, JobState
from ideogram_studio.ui.text import tooltip
from ideogram_studio.ui.views import qimage_from_array

THUMB = 112
# A saved result as a reference image of the next Ideogram 3.0 edit.
REFERENCES = ("Use as style reference", "Use as character reference")
ERROR_COLOUR = "#ff8a80"


@dataclass(eq=False)
class Entry:
    """One thumbnail: a job's original, a saved result, or a withheld placeholder."""

    record: JobRecord
    item: ResultItem | None  # None: the job's original

    @property
    def is_original(self) -> bool:
        return self.item is None

    @property
    def is_image(self) -> bool:
        return self.item is None or self.item.path is not None

    @property
    def title(self) -> str:
        if self.item is None:
            return translate("Gallery", "Original")
        seed = (
            translate("Gallery", " · seed {seed}").format(seed=self.item.seed)
            if self.item.seed is not None
            else ""
        )
        return f"#{self.record.number}.{self.item.index + 1}{seed}"

    def pixels(self) -> np.ndarray:
        """The full image as the screen shows it (sRGB): the job's source, or the saved
        result read back from disk."""
        if self.item is None:
            return self.record.request.shown()
        if self.item.pixels is not None:
            return self.item.pixels
        assert self.item.path is not None
        return load_image(self.item.path)

    def photo(self, name: str) -> Photo:
        """The image to edit next, in its own terms: the job's source as it was opened, or
        the saved result read back with its profile and metadata."""
        if self.item is None or self.item.path is None:
            request = self.record.request
            return Photo(request.image, name, None, request.info)
        return read_photo(self.item.path)


JOB_STATES = {
    JobState.WAITING: QT_TRANSLATE_NOOP("JobState", "Waiting"),
    JobState.RUNNING: QT_TRANSLATE_NOOP("JobState", "Running"),
    JobState.DONE: QT_TRANSLATE_NOOP("JobState", "Done"),
    JobState.FAILED: QT_TRANSLATE_NOOP("JobState", "Failed"),
    JobState.CANCELLED: QT_TRANSLATE_NOOP("JobState", "Cancelled"),
}


def upscaling(record: JobRecord) -> bool:
    """Whether the job upscales a result (rather than editing a photo)."""
    return isinstance(record.request, UpscaleRequest)


def job_state_label(state: JobState) -> str:
    return translate("JobState", JOB_STATES[state])


def pixmap_from_array(pixels: np.ndarray) -> QPixmap:
    return QPixmap.fromImage(qimage_from_array(np.ascontiguousarray(pixels)))


def placeholder(text: str) -> QPixmap:
    pixmap = QPixmap(THUMB, THUMB)
    pixmap.fill(QColor("#3a3a3e"))
    painter = QPainter(pixmap)
    painter.setPen(QColor("#c8c8cc"))
    painter.drawText(
        pixmap.rect().adjusted(6, 6, -6, -6),
        Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
        text,
    )
    painter.end()
    return pixmap


class ElidedLabel(QLabel):
    """One line of plain text cut with "…" to the width it is given: a long prompt never
    widens its card (which pushed Cancel out of view and added a horizontal scroll bar)."""

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.full_text = text
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setText(text)  # what it says in full; paintEvent shows what fits
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.setToolTip(tooltip(text))

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(0, super().minimumSizeHint().height())

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(
            self.fontMetrics().horizontalAdvance(self.full_text), super().sizeHint().height()
        )

    def shown_text(self) -> str:
        return self.fontMetrics().elidedText(
            self.full_text, Qt.TextElideMode.ElideRight, self.contentsRect().width()
        )

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.drawText(
            self.contentsRect(),
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
            self.shown_text(),
        )


class JobCard(QFrame):
    """A job's header (state, elapsed time, Cancel), its message, and its thumbnails."""

    cancel_clicked = Signal(object)  # JobRecord

    def __init__(self, record: JobRecord, original: QPixmap, parent: QWidget | None = None):
        super().__init__(parent)
        self.record = record
        self.setObjectName("jobCard")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        prompt = " ".join(record.request.options.prompt.split())
        origin = lineage(record.request.describe()) if upscaling(record) else None
        self.number = QLabel(f"#{record.number}")
        self.number.setStyleSheet("font-weight: bold;")
        self.title = ElidedLabel(prompt or origin or "")
        self.title.setToolTip(tooltip(record.request.options.prompt or origin or ""))
        self.note = QLabel()  # what the backend does differently (the local one), or the
        self.note.setObjectName("hint")  # result an upscale comes from
        self.note.setWordWrap(True)
        if record.spec.provider.kind is ProviderKind.LOCAL:
            self.note.setText(local.job_note(record.request.options.num_images))
        elif origin and prompt:  # with no prompt, the title says it already
            self.note.setText(origin)
        self.note.setVisible(bool(self.note.text()))
        self.state = QLabel()
        self.state.setObjectName("jobState")
        self.cancel = QToolButton()
        self.cancel.setText(self.tr("Cancel"))
        self.cancel.clicked.connect(lambda: self.cancel_clicked.emit(self.record))
        self.message = QLabel()
        self.message.setObjectName("jobMessage")
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)  # a server's words, as it said them
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.thumbs = QListWidget()
        self.thumbs.setViewMode(QListWidget.ViewMode.IconMode)
        self.thumbs.setFlow(QListWidget.Flow.LeftToRight)
        self.thumbs.setWrapping(False)
        self.thumbs.setMovement(QListWidget.Movement.Static)
        self.thumbs.setIconSize(QSize(THUMB, THUMB))
        self.thumbs.setGridSize(QSize(THUMB + 10, THUMB + 24))
        self.thumbs.setUniformItemSizes(True)
        self.thumbs.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.thumbs.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.thumbs.setFixedHeight(THUMB + 24 + 22)  # one row, plus a scroll bar if needed
        self.thumbs.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.thumbs.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.thumbs.setFrameShape(QFrame.Shape.NoFrame)
        self.thumbs.setStyleSheet("QListWidget { background: transparent; }")
        self.pending: list[QListWidgetItem] = []
        self._add(Entry(record, None), original)
        self._add_pending(record.request.options.num_images)

        header = QHBoxLayout()
        header.addWidget(self.number)
        header.addWidget(self.title, 1)
        header.addWidget(self.state)
        header.addWidget(self.cancel)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.setSpacing(4)
        layout.addLayout(header)
        layout.addWidget(self.message)
        layout.addWidget(self.note)
        layout.addWidget(self.thumbs)
        self.refresh()

    def _add(self, entry: Entry, pixmap: QPixmap) -> QListWidgetItem:
        """Fill the first tile still waiting for a result, or add a tile."""
        if self.pending:
            item = self.pending.pop(0)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEnabled)
        else:
            item = QListWidgetItem()
            self.thumbs.addItem(item)
        icon = QIcon(pixmap)
        icon.addPixmap(pixmap, QIcon.Mode.Selected)  # selection shows as a frame, not a blue tint
        item.setIcon(icon)
        item.setText(entry.title)
        item.setData(Qt.ItemDataRole.UserRole, entry)
        if not entry.is_image:
            item.setToolTip(tooltip(entry.item.error if entry.item and entry.item.error else ""))
        return item

    def _add_pending(self, count: int) -> None:
        """One grey tile per image asked for, so the user sees what is still to come."""
        waiting = placeholder("…")
        for _ in range(count):
            item = QListWidgetItem(QIcon(waiting), "")
            item.setFlags(Qt.ItemFlag.NoItemFlags)
            self.thumbs.addItem(item)
            self.pending.append(item)

    def drop_pending(self) -> None:
        for item in self.pending:
            self.thumbs.takeItem(self.thumbs.row(item))
        self.pending = []

    def add_result(self, item: ResultItem, small: np.ndarray) -> None:
        self._add(Entry(self.record, item), pixmap_from_array(small))

    def add_missing(self, item: ResultItem) -> None:
        text = (
            self.tr("Withheld by the safety filter")
            if item.status is ItemStatus.WITHHELD
            else self.tr("Not available")
        )
        self._add(Entry(self.record, item), placeholder(text))

    def fetched(self, index: int, path: Path, small: np.ndarray) -> bool:
        """The image `index` that was missing is saved now (fetched again): its tile shows it.
        False when the card has no missing tile for it."""
        for row in range(self.thumbs.count()):
            tile = self.thumbs.item(row)
            entry = tile.data(Qt.ItemDataRole.UserRole) if tile not in self.pending else None
            item = entry.item if entry is not None else None
            if item is None or item.index != index or item.path is not None:
                continue
            item.status, item.path, item.error = ItemStatus.READY, path, None
            icon = QIcon(pixmap_from_array(small))
            tile.setIcon(icon)
            tile.setToolTip("")
            tile.setText(entry.title)
            return True
        return False

    def entries(self) -> list[Entry]:
        tiles = [self.thumbs.item(i) for i in range(self.thumbs.count())]
        return [tile.data(Qt.ItemDataRole.UserRole) for tile in tiles if tile not in self.pending]

    def selected(self) -> list[Entry]:
        return [item.data(Qt.ItemDataRole.UserRole) for item in self.thumbs.selectedItems()]

    def refresh(self) -> None:
        record = self.record
        elapsed = record.elapsed()
        timing = f" · {elapsed:.0f} s" if record.started is not None else ""
        self.state.setText(job_state_label(record.state) + timing)
        failed = record.state is JobState.FAILED
        self.message.setText(record.message)
        self.message.setStyleSheet(f"color: {ERROR_COLOUR};" if failed else "")
        self.message.setVisible(bool(record.message))
        self.cancel.setVisible(record.state.active)
        if record.kept_for_saving:  # a second press gives up what may be paid for
            self.cancel.setText(self.tr("Discard"))
            self.cancel.setToolTip(self.tr("Stop waiting: images that come back are not saved"))


class Gallery(QWidget):
    """Job cards plus the actions on the selected thumbnails."""

    selection_changed = Signal()
    cancel_requested = Signal(object)  # JobRecord
    compare_requested = Signal(list)  # entries
    wipe_requested = Signal(object)  # Entry
    use_requested = Signal(object)
    save_requested = Signal(object)
    copy_requested = Signal(object)
    folder_requested = Signal(object)
    reuse_requested = Signal(object)
    upscale_requested = Signal(object)  # Entry: a saved result
    style_reference_requested = Signal(object)  # Entry: a saved result, for Ideogram 3.0
    character_reference_requested = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.cards: dict[int, JobCard] = {}
        # Why Upscale… cannot run with the provider chosen now (offline); None: it can.
        self.upscale_unavailable: str | None = None
        self.buttons: dict[str, QPushButton] = {}
        actions = QHBoxLayout()
        actions.setContentsMargins(0, 0, 0, 0)
        # Buttons and actions are keyed by their English names; what they show is translated.
        self.labels = {
            "Compare": self.tr("Compare"),
            "Before/After": self.tr("Before/After"),
            "Use as input": self.tr("Use as input"),
            "Save as…": self.tr("Save as…"),
            "Copy": self.tr("Copy"),
            "Open folder": self.tr("Open folder"),
            "Reuse settings": self.tr("Reuse settings"),
            "Upscale…": self.tr("Upscale…"),
            "Use as style reference": self.tr("Use as style reference"),
            "Use as character reference": self.tr("Use as character reference"),
        }
        for name, tip in (
            ("Compare", self.tr("Selected results side by side (select 1 to 4, Ctrl+click)")),
            ("Before/After", self.tr("A wipe between the original and the selected result")),
            ("Use as input", self.tr("Continue editing from the selected result")),
        ):
            button = QPushButton(self.labels[name])
            button.setToolTip(tip)
            button.clicked.connect(lambda _c=False, n=name: self.trigger(n))
            actions.addWidget(button)
            self.buttons[name] = button
        more = QToolButton()
        more.setText(self.tr("More ▾"))
        more.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.more_menu = QMenu(more)
        self.menu_actions = {}
        for name in (
            "Save as…",
            "Copy",
            "Open folder",
            "Reuse settings",
            "Upscale…",
            None,
            *REFERENCES,
        ):
            if name is None:
                self.more_menu.addSeparator()
                continue
            action = self.menu_actions[name] = self.more_menu.addAction(self.labels[name])
            action.triggered.connect(lambda _c=False, n=name: self.trigger(n))
        more.setMenu(self.more_menu)
        actions.addWidget(more)
        actions.addStretch(1)

        self.empty = QLabel(
            self.tr("Results appear here, grouped by job, as soon as they are saved.")
        )
        self.empty.setObjectName("galleryEmpty")
        self.empty.setWordWrap(True)
        self.column = QVBoxLayout()
        self.column.setContentsMargins(0, 0, 0, 0)
        self.column.setSpacing(6)
        self.column.addWidget(self.empty)
        self.column.addStretch(1)
        inner = QWidget()
        inner.setLayout(self.column)
        scroll = self.scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        # Cards follow the panel's width (a long prompt is cut, a message wraps).
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(inner)
        scroll.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(actions)
        layout.addWidget(scroll, 1)
        self.update_buttons()

    # ----------------------------------------------------------------- jobs

    def add_job(self, record: JobRecord, original: np.ndarray) -> JobCard:
        card = JobCard(record, pixmap_from_array(original))
        card.cancel_clicked.connect(self.cancel_requested)
        card.thumbs.itemSelectionChanged.connect(self._selection_changed)
        card.thumbs.itemPressed.connect(lambda _item, c=card: self._pressed(c))
        card.thumbs.itemDoubleClicked.connect(lambda item: self._double_clicked(item))
        card.thumbs.customContextMenuRequested.connect(
            lambda pos, c=card: self._context_menu(c, pos)
        )
        self.cards[record.number] = card
        self.column.insertWidget(0, card)
        self.empty.hide()
        return card

    def refresh(self, record: JobRecord) -> None:
        card = self.cards.get(record.number)
        if card is None:
            return
        card.refresh()
        if not record.state.active:
            card.drop_pending()
            shown = {id(entry.item) for entry in card.entries()}
            for item in record.items:
                if item.status is not ItemStatus.READY and id(item) not in shown:
                    card.add_missing(item)

    def fetched(self, job_key: str, number: int, index: int, path: Path, small: np.ndarray) -> None:
        """An image of job `job_key` (History's #`number`, the card's too) fetched again: its
        card, if shown, shows it. A job that saved nothing has no stored job: its number says."""
        for card in self.cards.values():
            job = card.record.job
            if (job.id == job_key) if job is not None else card.record.number == number:
                card.fetched(index, path, small)

    def add_result(self, record: JobRecord, item: ResultItem, small: np.ndarray) -> None:
        card = self.cards.get(record.number)
        if card is not None:
            card.add_result(item, small)

    def refresh_running(self) -> None:
        for card in self.cards.values():
            if card.record.state.active:
                card.refresh()

    # ----------------------------------------------------------------- selection

    def selected(self) -> list[Entry]:
        entries: list[Entry] = []
        for number in sorted(self.cards):
            entries.extend(self.cards[number].selected())
        return entries

    def select(self, entries: list[Entry]) -> None:
        wanted = {id(entry) for entry in entries}
        for card in self.cards.values():
            for index in range(card.thumbs.count()):
                item = card.thumbs.item(index)
                item.setSelected(id(item.data(Qt.ItemDataRole.UserRole)) in wanted)

    def _pressed(self, card: JobCard) -> None:
        # A plain click selects in one job only; Ctrl or Shift extends across jobs.
        modifiers = QApplication.keyboardModifiers()
        if modifiers & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier):
            return
        for other in self.cards.values():
            if other is not card:
                other.thumbs.clearSelection()

    def _selection_changed(self) -> None:
        self.update_buttons()
        self.selection_changed.emit()

    def update_buttons(self) -> None:
        chosen = [entry for entry in self.selected() if entry.is_image]
        results = [entry for entry in chosen if not entry.is_original]
        self.buttons["Compare"].setEnabled(1 <= len(results) <= 4)
        self.buttons["Before/After"].setEnabled(len(results) == 1)
        self.buttons["Use as input"].setEnabled(len(chosen) == 1)
        for name, action in self.menu_actions.items():
            # A reference or an upscale starts from a saved result, not a job's original.
            saved_only = name in REFERENCES or name == "Upscale…"
            action.setEnabled(len(results if saved_only else chosen) == 1)
        upscale = self.menu_actions["Upscale…"]
        if self.upscale_unavailable is not None:  # disabled, saying why, not refused later
            upscale.setEnabled(False)
        upscale.setToolTip(self.upscale_unavailable or "")
        self.more_menu.setToolTipsVisible(True)

    def offer_upscale(self, unavailable: str | None) -> None:
        """Upscale… is offered, or disabled with the sentence that says why (offline)."""
        self.upscale_unavailable = unavailable
        self.update_buttons()

    def trigger(self, name: str) -> None:
        chosen = [entry for entry in self.selected() if entry.is_image]
        if name == "Compare":
            if chosen:
                self.compare_requested.emit(chosen)
            return
        if len(chosen) != 1:
            return
        entry = chosen[0]
        signal = {
            "Before/After": self.wipe_requested,
            "Use as input": self.use_requested,
            "Save as…": self.save_requested,
            "Copy": self.copy_requested,
            "Open folder": self.folder_requested,
            "Reuse settings": self.reuse_requested,
            "Upscale…": self.upscale_requested,
            "Use as style reference": self.style_reference_requested,
            "Use as character reference": self.character_reference_requested,
        }[name]
        saved_only = name in ("Before/After", "Upscale…", *REFERENCES)
        if saved_only and entry.is_original:
            return  # a reference is a saved file: the original is the photo being edited
        signal.emit(entry)

    def _double_clicked(self, item: QListWidgetItem) -> None:
        entry: Entry = item.data(Qt.ItemDataRole.UserRole)
        if entry.is_image and not entry.is_original:
            self.wipe_requested.emit(entry)

    def _context_menu(self, card: JobCard, pos: object) -> None:
        menu = QMenu(self)
        for name in ("Compare", "Before/After", "Use as input"):
            action = menu.addAction(self.labels[name])
            action.setEnabled(self.buttons[name].isEnabled())
            action.triggered.connect(lambda _c=False, n=name: self.trigger(n))
        menu.addSeparator()
        for action in self.more_menu.actions():
            menu.addAction(action)
        menu.popup(card.thumbs.viewport().mapToGlobal(pos))  # type: ignore[arg-type]
