"""A sweep's labelled grid: the first axis's values head the rows, the second's the columns, the
third's are pages. Each cell shows its result (and steps through them when it asked for
several), or what it waits for or why it failed; results fill in as they are saved. Zoom and
pan are shared by every cell as in Compare, held \\ shows the original in all of them, and
"Changes outside the mask" checks each result. ★ picks winners.

Results are read from disk (and checked) on worker threads: a cell shows its picture when it
is ready, the window never waits for a file.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from PySide6.QtCore import QObject, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ideogram_studio.backends.sweep import AxisKind, SweepPlan
from ideogram_studio.core.imageio import load_image
from ideogram_studio.core.metadata import PhotoInfo
from ideogram_studio.core.region import edit_area
from ideogram_studio.i18n import QT_TRANSLATE_NOOP, translate
from ideogram_studio.ui.background import lower_thread_priority, user_message
from ideogram_studio.ui.compare import Shown, changes_picture, saved_reference
from ideogram_studio.ui.elided_label import ElidedLabel
from ideogram_studio.ui.history_groups import shorten
from ideogram_studio.ui.pane_sync import PaneGroup
from ideogram_studio.ui.text import tooltip
from ideogram_studio.ui.views import ImagePane, Pyramid

Place = tuple[int, ...]
Winner = tuple[Place, int]
ROW_HEADING_WIDTH = 150
WINNER_GOLD = "#f0b214"  # the contact sheet's frame
ROW_HEADING_CHARACTERS = 90  # a longer prompt is cut with "…" (whole in the tooltip)
STATE_WORDS = {
    "waiting": QT_TRANSLATE_NOOP("SweepGrid", "Waiting…"),
    "running": QT_TRANSLATE_NOOP("SweepGrid", "Running…"),
    "failed": QT_TRANSLATE_NOOP("SweepGrid", "Failed"),
    "cancelled": QT_TRANSLATE_NOOP("SweepGrid", "Cancelled"),
    "interrupted": QT_TRANSLATE_NOOP("SweepGrid", "Interrupted"),
    "empty": QT_TRANSLATE_NOOP("SweepGrid", "No image"),
    "loading": QT_TRANSLATE_NOOP("SweepGrid", "Loading…"),
}


@dataclass
class CellState:
    """What a cell has: its job (the history's id), its saved files by image index, their
    seeds, and its state ("waiting", "running", "done", "failed"…) with the job's sentence."""

    place: Place
    job_id: int | None = None
    state: str = "waiting"
    message: str = ""
    files: dict[int, Path] = field(default_factory=dict)
    seeds: dict[int, int] = field(default_factory=dict)
    current: int = 0  # the image index shown


class CellPane(ImagePane):
    """A cell's picture; with none yet, the word for its state (and the job's sentence)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("", parent)
        self.state_text = ""
        self.failed = False
        self.winner = False  # a gold ★ in the corner: seen at a glance across the grid

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        super().paintEvent(event)
        original = self.show_alternate and self.alternate is not None
        if self.pyramid is not None and not original and not self.winner:
            return
        painter = QPainter(self)
        if self.pyramid is None and not original:
            painter.setPen(QColor("#ff8a80") if self.failed else QColor("#b0b0b6"))
            box = QRectF(self.rect()).adjusted(12, 12, -12, -12)
            flags = Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap
            painter.drawText(box, int(flags), self.state_text)
        elif self.winner and not original:
            font = painter.font()
            font.setPixelSize(26)
            painter.setFont(font)
            box = QRectF(self.width() - 40, 4, 36, 36)
            painter.setPen(QColor(20, 20, 22, 200))
            painter.drawText(box.translated(1, 1), int(Qt.AlignmentFlag.AlignCenter), "★")
            painter.setPen(QColor(WINNER_GOLD))
            painter.drawText(box, int(Qt.AlignmentFlag.AlignCenter), "★")
        painter.end()


class CellView(QWidget):
    """A cell: its pane and a row under it with ★, the image stepper and the seed."""

    star_toggled = Signal(object, int, bool)  # place, image index, on
    step_requested = Signal(object, int)  # place, +1 or -1

    def __init__(self, place: Place, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.place = place
        self.pane = CellPane()
        self.star = QToolButton()
        self.star.setText("☆")
        self.star.setCheckable(True)
        self.star.setStyleSheet(f"QToolButton:checked {{ color: {WINNER_GOLD}; }}")
        self.star.setToolTip(self.tr("Pick this image as a winner"))
        self.star.toggled.connect(self._starred)
        self.previous = QToolButton()
        self.previous.setText("‹")
        self.previous.setToolTip(self.tr("The cell's previous image"))
        self.previous.clicked.connect(lambda: self.step_requested.emit(self.place, -1))
        self.next = QToolButton()
        self.next.setText("›")
        self.next.setToolTip(self.tr("The cell's next image"))
        self.next.clicked.connect(lambda: self.step_requested.emit(self.place, 1))
        self.counter = QLabel()
        self.counter.setObjectName("hint")
        self.seed = ElidedLabel()
        self.seed.setObjectName("hint")
        self.seed_shown = True  # the seed returned; not when it is an axis (its heading says)
        self.index = 0
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(2)
        for widget in (self.star, self.previous, self.counter, self.next):
            row.addWidget(widget)
        row.addWidget(self.seed, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.pane, 1)
        layout.addLayout(row)

    def show_state(self, cell: CellState, images: int, winner: bool) -> None:
        """The footer and the word in the pane, for the cell as it is now."""
        self.index = cell.current
        count = max(images, len(cell.files))
        many = count > 1
        for widget in (self.previous, self.next, self.counter):
            widget.setVisible(many)
        self.counter.setText(f"{cell.current + 1}/{count}")
        saved = cell.current in cell.files
        self.star.setEnabled(saved)
        self.star.blockSignals(True)
        self.star.setChecked(winner and saved)
        self.star.blockSignals(False)
        self.star.setText("★" if winner and saved else "☆")
        self.pane.winner = winner and saved
        seed = cell.seeds.get(cell.current)
        self.seed.setText(
            self.tr("seed {seed}").format(seed=seed) if seed is not None and self.seed_shown else ""
        )
        if saved:
            word = self.tr(STATE_WORDS["loading"])
        elif cell.state in ("done", "partly saved") or cell.files:
            word = self.tr(STATE_WORDS["empty"])
        else:
            word = self.tr(STATE_WORDS.get(cell.state, STATE_WORDS["waiting"]))
        self.pane.failed = cell.state == "failed" and not cell.files
        self.pane.state_text = (
            f"{word}\n{cell.message}" if self.pane.failed and cell.message else word
        )
        self.pane.update()

    def _starred(self, on: bool) -> None:
        self.star.setText("★" if on else "☆")
        self.pane.winner = on
        self.pane.update()
        self.star_toggled.emit(self.place, self.index, on)


class _Relay(QObject):
    """Brings pictures read on worker threads to the GUI thread (queued)."""

    ready = Signal(int, object, object)  # generation, key, Shown or Exception


class SweepGrid(QWidget):
    """The grid page of the main window; the window feeds it results and states."""

    back_requested = Signal()
    again_requested = Signal()  # "Sweep again…": the plan in the dialog
    export_requested = Signal()
    winners_changed = Signal(object)  # set[Winner]
    cell_loaded = Signal()  # a cell shows a new picture (tests, the benchmark)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.plan: SweepPlan | None = None
        self.group_id: int | None = None
        self.cells: dict[Place, CellState] = {}
        self.views: dict[Place, CellView] = {}
        self.winners: set[Winner] = set()
        self.sync = PaneGroup()
        self.page = 0
        self._pictures: dict[tuple[Place, int], Shown] = {}  # read results, by cell and index
        self._checked: dict[tuple[Place, int], Shown] = {}
        self._original: np.ndarray | None = None
        self._original_pyramid: Pyramid | None = None
        self._mask: np.ndarray | None = None
        self._feather = 0
        self._edited: np.ndarray | None = None
        self._source: tuple[np.ndarray, PhotoInfo] | None = None
        self._references: dict[str, np.ndarray] = {}
        self._reference_lock = threading.Lock()
        self._generation = 0
        self._pending: set[tuple[Place, int, bool]] = set()
        self._executor = ThreadPoolExecutor(
            max_workers=2, thread_name_prefix="sweep-grid", initializer=lower_thread_priority
        )
        self._relay = _Relay(self)
        self._relay.ready.connect(self._picture_ready, Qt.ConnectionType.QueuedConnection)

        back = QPushButton(translate("CompareView", "◀ Editor"))  # Compare's words
        back.clicked.connect(self.back_requested)
        fit = QPushButton(translate("CompareView", "Fit"))
        fit.clicked.connect(self.sync.fit_all)
        actual = QPushButton("100 %")
        actual.clicked.connect(self.sync.actual_size)
        # Compare's button, in its words (and their translations).
        self.check = QPushButton(translate("CompareView", "Changes outside the mask"))
        self.check.setCheckable(True)
        self.check.setToolTip(
            translate(
                "CompareView",
                "Shows in magenta every pixel outside the edited area that "
                "differs from the original",
            )
        )
        self.check.toggled.connect(self._check_toggled)
        self.pages = QComboBox()
        self.pages.setToolTip(self.tr("The third axis: one page per value"))
        self.pages.currentIndexChanged.connect(self._page_chosen)
        self.again = QPushButton(self.tr("Sweep again…"))
        self.again.setToolTip(self.tr("Open this sweep's plan to change it and send it again"))
        self.again.clicked.connect(self.again_requested)
        self.export = QPushButton(self.tr("Export contact sheet…"))
        self.export.clicked.connect(self.export_requested)
        self.hint = self.tr(
            "Hold \\ to see the original · wheel zooms every cell · ★ picks a winner"
        )
        self.status = ElidedLabel(self.hint)
        self.status.setObjectName("hint")
        bar = QHBoxLayout()
        for widget in (back, fit, actual, self.check, self.pages, self.again, self.export):
            bar.addWidget(widget)
        bar.addWidget(self.status, 1)
        self.title = ElidedLabel()
        self.title.setObjectName("panelTitle")
        self.area = QWidget()
        self.grid = QGridLayout(self.area)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setSpacing(6)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(bar)
        layout.addWidget(self.title)
        layout.addWidget(self.area, 1)

    # ----------------------------------------------------------------- opening

    @property
    def busy(self) -> bool:
        return bool(self._pending)

    def open(
        self,
        plan: SweepPlan,
        group_id: int | None,
        original: np.ndarray,
        original_pyramid: Pyramid | None,
        mask: np.ndarray | None,
        winners: set[Winner] = frozenset(),  # type: ignore[assignment]
        source: tuple[np.ndarray, PhotoInfo] | None = None,
    ) -> None:
        """Lay out the plan's cells (all waiting) over the sweep's photo (display pixels) and
        mask; the window then tells each cell's state and results. `source` (the photo's own
        pixels and info) lets the check compare a lossy result as Compare does."""
        self.release()
        self._source = source
        self.plan, self.group_id = plan, group_id
        self.winners = set(winners)
        self._original = original
        self._original_pyramid = original_pyramid or Pyramid(original)
        self._mask = mask
        region = plan.base.region
        self._feather = region.feather if region is not None else 0
        self.cells = {cell.place: CellState(cell.place) for cell in plan.cells()}
        self.title.setText(plan.title())
        self.check.setEnabled(mask is not None)
        self.pages.blockSignals(True)
        self.pages.clear()
        if len(plan.axes) > 2:
            third = plan.axes[2]
            for index in range(len(third.values)):
                self.pages.addItem(f"{third.title()}: {shorten(third.label(index), 40)}")
        self.pages.setVisible(len(plan.axes) > 2)
        self.pages.blockSignals(False)
        self.page = 0
        self._lay_out()

    def release(self) -> None:
        """Let go of every picture and cell (a new sweep, or the window closes)."""
        self._generation += 1
        self._pending.clear()
        self._clear_grid()
        self.cells, self._pictures, self._checked = {}, {}, {}
        self._original = self._original_pyramid = self._mask = self._edited = None
        self._source = None
        self._references: dict[str, np.ndarray] = {}  # a new dict: late workers fill the old
        self.plan = None

    def shutdown(self) -> None:
        self.release()
        self._executor.shutdown(wait=True, cancel_futures=True)

    def _clear_grid(self) -> None:
        self.sync.clear()
        while self.grid.count():
            item = self.grid.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        self.views = {}

    def _lay_out(self) -> None:
        """Headings and cell views for the page shown."""
        self._clear_grid()
        plan = self.plan
        if plan is None:
            return
        rows = plan.axes[0]
        columns = plan.axes[1] if len(plan.axes) > 1 else None
        corner = QLabel(
            f"{rows.title()} ↓" + (f"\n{columns.title()} →" if columns is not None else "")
        )
        corner.setObjectName("hint")
        self.grid.addWidget(corner, 0, 0)
        for column in range(len(columns.values) if columns else 1):
            text = columns.label(column) if columns else ""
            heading = ElidedLabel(text)
            heading.setAlignment(Qt.AlignmentFlag.AlignCenter)
            heading.setObjectName("sweepHeading")
            heading.setStyleSheet("font-weight: 600;")
            self.grid.addWidget(heading, 0, column + 1)
            self.grid.setColumnStretch(column + 1, 1)
        for row in range(len(rows.values)):
            text = rows.label(row)
            heading = QLabel(shorten(text, ROW_HEADING_CHARACTERS))
            heading.setTextFormat(Qt.TextFormat.PlainText)
            heading.setWordWrap(True)
            heading.setFixedWidth(ROW_HEADING_WIDTH)
            heading.setStyleSheet("font-weight: 600;")
            heading.setToolTip(tooltip(text))
            self.grid.addWidget(heading, row + 1, 0)
            self.grid.setRowStretch(row + 1, 1)
        for place in self.cells:
            if len(place) > 2 and place[2] != self.page:
                continue
            view = CellView(place)
            view.seed_shown = not any(axis.kind is AxisKind.SEED for axis in plan.axes)
            view.pane.alternate = self._original_pyramid
            view.pane.alternate_caption = self.tr("Original")
            view.star_toggled.connect(self._star_toggled)
            view.step_requested.connect(self.step)
            self.views[place] = view
            self.sync.add(view.pane)
            self.grid.addWidget(view, place[0] + 1, (place[1] if len(place) > 1 else 0) + 1)
            self._show_cell(place)
        self.layout().activate()
        self.sync.fit_all()

    def _page_chosen(self, index: int) -> None:
        if index >= 0 and index != self.page:
            self.page = index
            # Only the page shown keeps its pictures: 64 cells of 24 MP would not fit.
            self._pictures = {k: v for k, v in self._pictures.items() if self._on_page(k[0])}
            self._checked = {k: v for k, v in self._checked.items() if self._on_page(k[0])}
            self._lay_out()

    def _on_page(self, place: Place) -> bool:
        return len(place) < 3 or place[2] == self.page

    # ----------------------------------------------------------------- what the window tells

    def set_cell_state(
        self, place: Place, state: str, message: str = "", job_id: int | None = None
    ) -> None:
        cell = self.cells.get(place)
        if cell is None:
            return
        cell.state, cell.message = state, message
        if job_id is not None:
            cell.job_id = job_id
        self._show_cell(place)
        self._say_progress()

    def add_result(self, place: Place, index: int, path: Path, seed: int | None) -> None:
        """A saved image of a cell: shown at once if it is the one the cell shows."""
        cell = self.cells.get(place)
        if cell is None:
            return
        cell.files[index] = path
        if seed is not None:
            cell.seeds[index] = seed
        if cell.current not in cell.files:
            cell.current = index
        self._show_cell(place)

    def step(self, place: Place, delta: int) -> None:
        """The cell's next or previous image (round)."""
        cell = self.cells.get(place)
        if cell is None or self.plan is None:
            return
        count = max(self.plan.images_per_cell, len(cell.files))
        cell.current = (cell.current + delta) % max(1, count)
        self._show_cell(place)

    # ----------------------------------------------------------------- showing

    def _show_cell(self, place: Place) -> None:
        view, cell = self.views.get(place), self.cells[place]
        if view is None or self.plan is None:
            return
        view.show_state(cell, self.plan.images_per_cell, (place, cell.current) in self.winners)
        key = (place, cell.current)
        pictures = self._checked if self.check.isChecked() else self._pictures
        if key in pictures:
            self._put(view, pictures[key])
        elif cell.current in cell.files:
            self._read(place, cell.current, checked=self.check.isChecked())
        elif view.pane.pyramid is not None:
            view.pane.set_pyramid(None)
            view.pane.caption = ""
            view.pane.setToolTip("")

    def _put(self, view: CellView, shown: Shown) -> None:
        pane = view.pane
        had = pane.has_image
        pane.set_pyramid(shown.pyramid, keep_view=had)
        pane.caption = shown.caption
        pane.setToolTip(shown.caption)  # whole, where the pane cuts it
        self.sync.align(pane)

    def _read(self, place: Place, index: int, *, checked: bool) -> None:
        """Read (and with `checked`, check) a cell's image on a worker thread."""
        job = (place, index, checked)
        if job in self._pending:
            return
        self._pending.add(job)
        generation, path = self._generation, self.cells[place].files[index]
        known = self._pictures.get((place, index))
        original, mask, feather = self._original, self._mask, self._feather
        reference = self._reference_for(path)

        def work() -> None:
            try:
                shown = known
                if shown is None:
                    pixels = load_image(path)
                    shown = Shown("", pixels, Pyramid(pixels), reference)
                    self._relay.ready.emit(generation, (place, index, False), shown)
                if checked and original is not None and mask is not None:
                    edited = self._edit_area(mask, feather)
                    picture = changes_picture(shown, original, mask, feather, edited)
                    picture.caption = picture.caption.removeprefix(" · ")
                    self._relay.ready.emit(generation, (place, index, True), picture)
            except Exception as error:  # a file gone or unreadable: said in the cell
                self._relay.ready.emit(generation, (place, index, checked), error)

        self._executor.submit(work)

    def _reference_for(self, path: Path) -> Callable[[], np.ndarray] | None:
        """Compare's reference for a region edit's lossy result, made once per sweep and
        format (every cell saves the same photo the same way: 24 MP encodes are not cheap)."""
        source, original, plan = self._source, self._original, self.plan
        if source is None or original is None or plan is None or plan.base.region is None:
            return None
        read = saved_reference(source[0], source[1], path, lambda: original)
        if read is None:
            return None
        references, key = self._references, path.suffix.lower()

        def cached() -> np.ndarray:
            with self._reference_lock:  # two workers would encode the same photo twice
                if key not in references:
                    references[key] = read()
                return references[key]

        return cached

    def _edit_area(self, mask: np.ndarray, feather: int) -> np.ndarray:
        edited = self._edited  # made once per sweep (a worker may race to make it: same value)
        if edited is None:
            edited = self._edited = edit_area(mask, feather)
        return edited

    def _picture_ready(self, generation: int, key: tuple[Place, int, bool], shown: object) -> None:
        if generation != self._generation:
            return
        place, index, checked = key
        self._pending.discard(key)
        if isinstance(shown, Exception):
            self._pending.discard((place, index, True))
            cell = self.cells.get(place)
            if cell is not None:
                cell.message = user_message(shown)
            view = self.views.get(place)
            if view is not None:
                view.pane.failed = True
                view.pane.state_text = user_message(shown)
                view.pane.update()
            return
        assert isinstance(shown, Shown)
        (self._checked if checked else self._pictures)[(place, index)] = shown
        cell, view = self.cells.get(place), self.views.get(place)
        if cell is None or view is None or cell.current != index:
            return
        if checked == self.check.isChecked():
            self._put(view, shown)
            self.cell_loaded.emit()
        if not self._pending and self.check.isChecked():
            self._say("")

    def _check_toggled(self, on: bool) -> None:
        if on:
            self._say(self.tr("Looking for changes outside the mask…"))
        for place in self.views:
            self._show_cell(place)
        if not on or not self._pending:
            self._say("")

    def set_flicker(self, showing_original: bool) -> None:
        self.sync.set_flicker(showing_original)

    def _star_toggled(self, place: Place, index: int, on: bool) -> None:
        if on:
            self.winners.add((place, index))
        else:
            self.winners.discard((place, index))
        self.winners_changed.emit(set(self.winners))

    # ----------------------------------------------------------------- status

    def progress(self) -> tuple[int, int, int]:
        """(cells done, cells failed, cells in all)."""
        done = sum(1 for c in self.cells.values() if c.state in ("done", "partly saved"))
        failed = sum(1 for c in self.cells.values() if c.state in ("failed", "cancelled"))
        return done, failed, len(self.cells)

    def _say_progress(self) -> None:
        done, failed, total = self.progress()
        if done >= total:
            self._say("")
            return
        text = self.tr("{done} of {total} cells done").format(done=done, total=total)
        if failed:
            text += " · " + self.tr("{count} failed").format(count=failed)
        self._say(text)

    def _say(self, text: str) -> None:
        self.status.setText(text or self.hint)
