"""Past jobs, newest first, with thumbnails: search by prompt, favourites, restore, delete.
A group of jobs (a sweep, a batch, prompt regions) is one entry, its jobs inside it."""

from __future__ import annotations

import logging
import sqlite3
from datetime import datetime

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QIcon, QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ideogram_studio.backends.options import EditApiId, api_title
from ideogram_studio.backends.prices import about, unknown
from ideogram_studio.backends.providers import ProviderKind
from ideogram_studio.backends.upscale import lineage
from ideogram_studio.i18n import QT_TRANSLATE_NOOP
from ideogram_studio.jobs.archive import PAGE, JobArchive, JobRow, ResultRow
from ideogram_studio.jobs.groups import GroupRow
from ideogram_studio.jobs.listing import GroupEntry
from ideogram_studio.jobs.spend import spent_this_month, spent_today, totals_text
from ideogram_studio.ui.history_groups import UNFOLDING, group_text, place_label, shorten
from ideogram_studio.ui.options_panel import provider_name
from ideogram_studio.ui.text import tooltip

ICON = 56
log = logging.getLogger(__name__)
STATE_WORDS = {  # a finished job needs no word
    "done": "",
    "running": QT_TRANSLATE_NOOP("HistoryPanel", "running"),
    "failed": QT_TRANSLATE_NOOP("HistoryPanel", "failed"),
    "cancelled": QT_TRANSLATE_NOOP("HistoryPanel", "cancelled"),
    "interrupted": QT_TRANSLATE_NOOP("HistoryPanel", "interrupted"),
    "partly saved": QT_TRANSLATE_NOOP("HistoryPanel", "partly saved"),
}


class HistoryPanel(QWidget):
    """A tree of jobs and their results. Widgets only: the window does what the buttons ask."""

    restore_requested = Signal(object, object)  # JobRow, ResultRow | None
    delete_requested = Signal(object)  # JobRow
    fetch_requested = Signal(object)  # JobRow: download its unsaved images again
    upscale_requested = Signal(object, object)  # JobRow, ResultRow: a saved image
    purge_requested = Signal()  # delete all but favourites
    group_restore_requested = Signal(object)  # GroupRow, with its jobs
    group_delete_requested = Signal(object)  # GroupRow, with its jobs

    def __init__(self, history: JobArchive, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.history = history
        self.loaded = 0
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Search prompts…"))
        self.search.setClearButtonEnabled(True)
        self.favourites = QCheckBox(self.tr("★ only"))
        self.favourites.setToolTip(self.tr("Only jobs with a favourite result"))
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(150)
        self._debounce.timeout.connect(self.reload)
        self.search.textChanged.connect(lambda _t: self._debounce.start())
        self.favourites.toggled.connect(lambda _on: self.reload())
        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.favourites)

        self.tree = QTreeWidget()
        self.tree.setHeaderHidden(True)
        self.tree.setIconSize(QSize(ICON, ICON))
        self.tree.setIndentation(14)
        self.tree.itemSelectionChanged.connect(self._update_buttons)
        self.tree.itemDoubleClicked.connect(lambda _item, _col: self.restore())
        self.tree.itemExpanded.connect(self._unfold)
        self.tree.verticalScrollBar().valueChanged.connect(self._maybe_load_more)

        self.restore_button = QPushButton(self.tr("Restore"))
        self.restore_button.clicked.connect(self.restore)
        self.favourite_button = QPushButton(self.tr("★ Favourite"))
        self.favourite_button.setCheckable(True)
        self.favourite_button.clicked.connect(self.toggle_favourite)
        self.fetch_button = QPushButton(self.tr("Fetch again"))
        self.fetch_button.setToolTip(
            self.tr(
                "Download the images of this job that could not be saved, while their links work"
            )
        )
        self.fetch_button.clicked.connect(self._fetch)
        self.upscale_button = QPushButton(self.tr("Upscale…"))
        self.upscale_button.setToolTip(
            self.tr("Upscale this image with Ideogram: saved as a new result linked to it")
        )
        self.upscale_button.clicked.connect(self._upscale)
        self.delete_button = QPushButton(self.tr("Delete…"))
        self.delete_button.clicked.connect(self._delete)
        self.purge_button = QPushButton(self.tr("Delete all but ★…"))
        self.purge_button.clicked.connect(self.purge_requested)
        # Two rows: five buttons in one got their texts cut at the panel's narrowest width.
        actions = QHBoxLayout()
        for button in (self.restore_button, self.favourite_button, self.fetch_button):
            actions.addWidget(button)
        actions.addStretch(1)
        deleting = QHBoxLayout()
        deleting.addWidget(self.upscale_button)
        deleting.addWidget(self.delete_button)
        deleting.addStretch(1)
        deleting.addWidget(self.purge_button)
        self.status = QLabel()
        self.status.setObjectName("hint")
        self.spend = QLabel()  # today's and this month's estimated spend
        self.spend.setObjectName("hint")
        self.spend.setWordWrap(True)
        self.spend.setToolTip(
            self.tr(
                "Estimates from the prices in Settings, of the jobs that may have been billed: "
                "an edit refused before it ran, or cancelled before it was sent, is not counted; "
                "withheld images are."
            )
        )

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.tree, 1)
        layout.addLayout(actions)
        layout.addLayout(deleting)
        layout.addWidget(self.status)
        layout.addWidget(self.spend)
        self._update_buttons()
        self.show_spend()

    # ----------------------------------------------------------------- loading

    def reload(self) -> None:
        self.tree.clear()
        self.loaded = 0
        self.load_more()
        self.show_spend()

    def show_spend(self) -> None:
        """Today's and this month's estimated spend, as the history has it now."""
        try:
            text = totals_text(spent_today(self.history), spent_this_month(self.history))
        except sqlite3.Error:  # a locked history: the jobs are still listed
            log.warning("the spend totals could not be read", exc_info=True)
            text = ""
        self.spend.setText(text)

    def load_more(self) -> None:
        entries = self.history.entries(
            search=self.search.text(),
            favourites_only=self.favourites.isChecked(),
            offset=self.loaded,
            limit=PAGE,
        )
        for entry in entries:
            if isinstance(entry, GroupEntry):
                self.tree.addTopLevelItem(self._group_item(entry))
            else:
                self.tree.addTopLevelItem(self._job_item(entry))
        self.loaded += len(entries)
        shown = self.tree.topLevelItemCount()
        self.status.setText(
            self.tr("{count} entries shown").format(count=shown)
            if shown != 1
            else self.tr("1 entry shown")
        )
        self._update_buttons()

    def _group_item(self, entry: GroupEntry) -> QTreeWidgetItem:
        """One entry for the whole group; its jobs are read when it is unfolded."""
        title, detail, tip = group_text(entry, _when(entry.group.created), _backend_name)
        item = QTreeWidgetItem([f"{title}\n{detail}"])
        item.setToolTip(0, tooltip(tip))
        item.setData(0, Qt.ItemDataRole.UserRole, entry)
        if entry.thumb:
            item.setIcon(0, _icon(entry.thumb))
        item.addChild(QTreeWidgetItem([self.tr(UNFOLDING)]))  # for the arrow, until unfolded
        return item

    def _unfold(self, item: QTreeWidgetItem) -> None:
        entry = item.data(0, Qt.ItemDataRole.UserRole)
        if not isinstance(entry, GroupEntry) or item.data(0, Qt.ItemDataRole.UserRole + 1):
            return
        item.setData(0, Qt.ItemDataRole.UserRole + 1, True)
        group = self.history.group(entry.group.id)
        item.takeChildren()
        for job in group.jobs if group is not None else []:
            child = self._job_item(job, place_label(group, job.group_place))
            item.addChild(child)

    def _maybe_load_more(self, value: int) -> None:
        bar = self.tree.verticalScrollBar()
        if value >= bar.maximum() - 2 and self.loaded and self.loaded % PAGE == 0:
            self.load_more()

    def _job_item(self, job: JobRow, place: str = "") -> QTreeWidgetItem:
        when = _when(job.created)
        state = STATE_WORDS.get(job.state, job.state)
        state = state and self.tr(state)
        count = sum(1 for r in job.results if r.path)
        images = self.tr("{count} images") if count != 1 else self.tr("1 image")
        backend = _backend_name(job.backend)
        if job.parameters.get("api") == str(EditApiId.V3):  # which edit API made it
            backend += f" · {api_title(EditApiId.V3)}"
        detail = f"#{job.id} · {when} · {backend} · {images.format(count=count)}"
        if job.backend != ProviderKind.LOCAL.value:
            detail += f" · {about(job.estimate) if job.estimate is not None else unknown()}"
        if state:
            detail += f" · {state}"
        prompt = shorten(job.prompt, 70)
        if place and shorten(job.prompt) in place:  # a sweep's prompt axis names it already
            prompt = ""
        title = " · ".join(filter(None, (place, lineage(job.parameters), prompt)))
        item = QTreeWidgetItem([f"{title}\n{detail}"])
        item.setToolTip(0, tooltip(self.tr(job.error) if job.error else job.prompt))
        item.setData(0, Qt.ItemDataRole.UserRole, (job, None))
        if job.thumb:
            item.setIcon(0, _icon(job.thumb))
        for result in job.results:
            star = "★ " if result.favourite else ""
            if result.path is None:
                label = (
                    self.tr("withheld by the safety filter")
                    if not result.safe
                    else self.tr("not saved")
                )
            else:
                label = (
                    self.tr("seed {seed}").format(seed=result.seed)
                    if result.seed is not None
                    else result.path.name
                )
            child = QTreeWidgetItem([f"{star}#{result.index + 1} · {label}"])
            child.setData(0, Qt.ItemDataRole.UserRole, (job, result))
            if result.thumb:
                child.setIcon(0, _icon(result.thumb))
            item.addChild(child)
        return item

    # ----------------------------------------------------------------- actions

    def selected(self) -> tuple[JobRow, ResultRow | None] | None:
        """The job (and result) chosen; None also when a group's entry is (`selected_group`)."""
        items = self.tree.selectedItems()
        chosen = items[0].data(0, Qt.ItemDataRole.UserRole) if items else None
        return chosen if isinstance(chosen, tuple) else None

    def selected_group(self) -> GroupEntry | None:
        items = self.tree.selectedItems()
        chosen = items[0].data(0, Qt.ItemDataRole.UserRole) if items else None
        return chosen if isinstance(chosen, GroupEntry) else None

    def _chosen_group(self) -> GroupRow | None:
        """The chosen group read again with its jobs (None: none chosen, or deleted since)."""
        entry = self.selected_group()
        return self.history.group(entry.group.id) if entry is not None else None

    def restore(self) -> None:
        group = self._chosen_group()
        if group is not None:
            self.group_restore_requested.emit(group)
            return
        chosen = self.selected()
        if chosen is not None:
            self.restore_requested.emit(*chosen)

    def toggle_favourite(self) -> None:
        chosen = self.selected()
        if chosen is None or chosen[1] is None or chosen[1].path is None:
            return
        job, result = chosen
        self.history.set_favourite(result.id, not result.favourite)
        result.favourite = not result.favourite
        item = self.tree.selectedItems()[0]
        text = item.text(0).removeprefix("★ ")
        item.setText(0, ("★ " if result.favourite else "") + text)
        self._update_buttons()

    def _fetch(self) -> None:
        chosen = self.selected()
        if chosen is not None:
            self.fetch_requested.emit(chosen[0])

    def _upscale(self) -> None:
        chosen = self.selected()
        if chosen is not None and chosen[1] is not None and chosen[1].path is not None:
            self.upscale_requested.emit(*chosen)

    def _delete(self) -> None:
        group = self._chosen_group()
        if group is not None:
            self.group_delete_requested.emit(group)
            return
        chosen = self.selected()
        if chosen is not None:
            self.delete_requested.emit(chosen[0])

    def _update_buttons(self) -> None:
        chosen = self.selected()
        group = self.selected_group()
        self.restore_button.setEnabled(chosen is not None or group is not None)
        self.restore_button.setToolTip(
            self.tr("Show it as it was: a sweep as its grid, with its photo and mask")
            if group is not None
            else self.tr("Put back the photo, the mask and every setting of this job")
        )
        self.delete_button.setEnabled(chosen is not None or group is not None)
        self.fetch_button.setEnabled(chosen is not None and bool(self.history.fetchable(chosen[0])))
        result = chosen[1] if chosen else None
        can_favourite = result is not None and result.path is not None
        self.upscale_button.setEnabled(can_favourite)  # a saved image, as for ★
        self.favourite_button.setEnabled(can_favourite)
        self.favourite_button.setChecked(bool(result and result.favourite))
        # A disabled button shows its tooltip too: say why it cannot be pressed.
        if can_favourite:
            hint = self.tr("Mark this image as a favourite (★ only lists them)")
        elif group is not None:
            hint = self.tr("Favourites are images: unfold the entry and choose one of its images")
        elif chosen is not None and result is None:
            hint = self.tr("Favourites are images: unfold the job and choose one of its images")
        elif chosen is not None:
            hint = self.tr("This image was not saved: there is nothing to mark")
        else:
            hint = self.tr("Choose a saved image to mark it as a favourite")
        self.favourite_button.setToolTip(hint)


def _backend_name(backend: str) -> str:
    """The provider's shown name ("Relay", translated); an unknown one as it is."""
    try:
        return provider_name(ProviderKind(backend))
    except ValueError:
        return backend


def _icon(jpeg: bytes) -> QIcon:
    pixmap = QPixmap()
    pixmap.loadFromData(jpeg, "JPG")
    return QIcon(pixmap)


def _when(iso: str) -> str:
    try:
        return datetime.fromisoformat(iso).astimezone().strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return iso
