"""The "Regions" result page: the composite of the picked result of every prompt region, and
under it a strip per region with its results to click. A pick updates the composite at once
(composited on a worker thread; the newest pick wins). Hold \\ for the original; "Changes
outside the regions" checks the composite outside the union of the masks.
"""

from __future__ import annotations

import html
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QIcon, QPixmap
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ideogram_studio.backends.prompt_regions import (
    MaskFile,
    RegionArea,
    composite_regions,
    region_areas,
    union_mask,
)
from ideogram_studio.backends.request import EditRequest
from ideogram_studio.core.imageio import load_image
from ideogram_studio.core.region import changes_outside, edit_area
from ideogram_studio.i18n import translate
from ideogram_studio.ui.background import (
    BackgroundTask,
    Superseded,
    lower_thread_priority,
    user_message,
)
from ideogram_studio.ui.compare import FLICKER_HINT, highlight
from ideogram_studio.ui.elided_label import ElidedLabel
from ideogram_studio.ui.region_tiles import TILE_HEIGHT, TILE_WIDTH, letterbox, region_tile
from ideogram_studio.ui.regions_panel import swatch_icon
from ideogram_studio.ui.views import ImagePane, Pyramid, qimage_from_array

TILE = QSize(TILE_WIDTH + 10, TILE_HEIGHT + 26)  # a result's button: its picture, its label
NAME_WIDTH = 160
# The picked result of each region stands out in its strip.
STRIP_STYLE = "QToolButton:checked { border: 2px solid #3d8bfd; border-radius: 4px; }"


@dataclass
class Shot:
    """One result of a region's job: its file, seed, job key and thumbnail."""

    path: Path
    seed: int | None
    job_key: str | None
    small: np.ndarray | None = None


@dataclass
class RegionRun:
    """One Generate of prompt regions (or one restored from History): what was sent, where
    the masks were saved, each region's results as they arrive and the result picked."""

    requests: list[EditRequest]
    masks: list[MaskFile]
    names: list[str]
    colours: list[tuple[int, int, int]]
    group_id: int | None = None
    numbers: dict[int, int] = field(default_factory=dict)  # job number -> region
    shots: list[list[Shot]] = field(default_factory=list)
    picks: list[int | None] = field(default_factory=list)  # index into shots, None: original
    areas: list[RegionArea] | None = None  # computed once, on the worker thread

    def __post_init__(self) -> None:
        count = len(self.requests)
        self.shots = self.shots or [[] for _ in range(count)]
        self.picks = self.picks or [None] * count

    @property
    def original(self) -> np.ndarray:
        """The photo as the screen shows it (every request carries the same one)."""
        return self.requests[0].shown()

    def picked(self) -> list[Shot | None]:
        return [
            shots[pick] if pick is not None and pick < len(shots) else None
            for shots, pick in zip(self.shots, self.picks, strict=True)
        ]

    @property
    def feather(self) -> int:
        region = self.requests[0].options.region
        return region.feather if region is not None else int(self.requests[0].options.feather)


class RegionsPage(QWidget):
    back_requested = Signal()
    save_requested = Signal()
    use_requested = Signal()
    picked = Signal()  # the user picked a result of a region (the history keeps it)
    failed = Signal(str)
    composited = Signal()  # the pane shows the composite of the picks made now
    _read_one = Signal(object, object)  # a result's file and its tile's picture, from the reader

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.run: RegionRun | None = None
        self.composite: np.ndarray | None = None  # as shown (8-bit sRGB)
        self._shown_picks: list[Shot | None] = []  # what the composite shown was made of
        # Each result's useful part, read on its own thread as it arrives (by file).
        self._ready: dict[Path, Future] = {}
        self._reader = ThreadPoolExecutor(
            max_workers=1, thread_name_prefix="regions-read", initializer=lower_thread_priority
        )
        self._groups: list[QButtonGroup] = []
        self._buttons: dict[Path, QToolButton] = {}  # each result's, by file
        self._rows: list[QHBoxLayout] = []
        self.loader = BackgroundTask("regions", self)
        self.saver = BackgroundTask("regions-save", self)  # Save composite, Use as input
        self.saved_path: Path | None = None  # the last composite saved
        self._read_one.connect(self._show_part, Qt.ConnectionType.QueuedConnection)
        self.pane = ImagePane()
        self.pane.alternate_caption = translate("CompareView", "Original")
        back = QPushButton(translate("CompareView", "◀ Editor"))  # as Compare says it
        back.clicked.connect(self.back_requested)
        fit = QPushButton(translate("CompareView", "Fit"))
        fit.clicked.connect(self.pane.fit)
        actual = QPushButton("100 %")
        actual.clicked.connect(self.pane.actual_size)
        self.check = QPushButton(self.tr("Changes outside the regions"))
        self.check.setCheckable(True)
        self.check.setToolTip(
            self.tr(
                "Shows in magenta every pixel outside all the regions that differs from the "
                "original"
            )
        )
        self.check.toggled.connect(lambda _on: self.recomposite())
        self.save = QPushButton(self.tr("Save composite"))
        self.save.setToolTip(
            self.tr("Saves the picture with every region's prompt, seed and mask in its metadata")
        )
        self.save.clicked.connect(self.save_requested)
        self.use = QPushButton(self.tr("Use as input"))
        self.use.setToolTip(self.tr("Continue editing the composite"))
        self.use.clicked.connect(self.use_requested)
        self.status = ElidedLabel(translate("CompareView", FLICKER_HINT))
        self.status.setObjectName("hint")
        bar = QHBoxLayout()
        for widget in (back, fit, actual, self.check, self.save, self.use):
            bar.addWidget(widget)
        bar.addWidget(self.status, 1)
        self.strip = QWidget()
        self.strip.setStyleSheet(STRIP_STYLE)
        self.strip_layout = QVBoxLayout(self.strip)
        self.strip_layout.setContentsMargins(2, 2, 2, 2)
        self.strip_layout.setSpacing(2)
        scroll = QScrollArea()
        scroll.setWidget(self.strip)
        scroll.setWidgetResizable(True)
        scroll.setFixedHeight(2 * (TILE.height() + 2) + 8)
        self.scroll = scroll
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(bar)
        layout.addWidget(self.pane, 1)
        layout.addWidget(scroll)

    # ----------------------------------------------------------------- the run

    def start(self, run: RegionRun) -> None:
        """Show a run: the original until results arrive, a strip row per region."""
        self.loader.cancel()
        self.run, self.composite, self._ready = run, None, {}
        self._shown_picks: list[Shot | None] = []
        original = Pyramid(run.original)
        self.pane.set_pyramid(original)
        self.pane.alternate = original
        self.pane.caption = self.tr("Composite")
        self.check.setChecked(False)
        self._build_strip()
        for region, shots in enumerate(run.shots):  # a restored run: read them all now
            for shot in shots:
                self._prepare(region, shot)
        self._update_buttons()
        self.recomposite()

    def _build_strip(self) -> None:
        while self.strip_layout.count():
            item = self.strip_layout.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        self._groups, self._rows, self._buttons = [], [], {}
        run = self.run
        assert run is not None
        for index, request in enumerate(run.requests):
            row = QWidget()
            line = QHBoxLayout(row)
            line.setContentsMargins(0, 0, 0, 0)
            line.setSpacing(4)
            title = QLabel()
            title.setPixmap(swatch_icon(run.colours[index]).pixmap(14, 14))
            line.addWidget(title)
            name = QLabel()
            name.setFixedWidth(NAME_WIDTH)
            metrics = name.fontMetrics()
            prompt = metrics.elidedText(
                request.options.prompt, Qt.TextElideMode.ElideRight, NAME_WIDTH
            )
            name.setText(f"<b>{html.escape(run.names[index])}</b><br>{html.escape(prompt)}")
            name.setToolTip(request.options.prompt)
            line.addWidget(name)
            group = QButtonGroup(row)
            group.setExclusive(True)
            original = QToolButton()
            original.setText(translate("CompareView", "Original"))
            original.setToolTip(self.tr("Keep the original in this region"))
            original.setCheckable(True)
            original.setFixedSize(TILE)
            group.addButton(original, -1)
            line.addWidget(original)
            group.idClicked.connect(lambda shot, region=index: self.pick(region, shot))
            line.addStretch(1)
            self._groups.append(group)
            self._rows.append(line)
            self.strip_layout.addWidget(row)
            for shot in run.shots[index]:
                self._add_button(index, len(self._groups[index].buttons()) - 1, shot)
        self.strip_layout.addStretch(1)
        self._check_picks()

    def _add_button(self, region: int, number: int, shot: Shot) -> None:
        button = QToolButton()
        button.setCheckable(True)
        button.setFixedSize(TILE)
        button.setIconSize(QSize(TILE_WIDTH, TILE_HEIGHT))
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextUnderIcon)
        if shot.small is not None:  # the whole photo, until its region's area is read
            tile = letterbox(shot.small[:, :, :3], TILE_WIDTH, TILE_HEIGHT)
            button.setIcon(QIcon(QPixmap.fromImage(qimage_from_array(tile))))
        label = tile_label(number + 1, shot.seed)
        button.setText(label)
        button.setToolTip(f"{shot.path.name} · {label}")
        self._groups[region].addButton(button, number)
        self._buttons[shot.path] = button
        line = self._rows[region]
        line.insertWidget(line.count() - 1, button)  # before the stretch

    def add_shot(self, region: int, shot: Shot) -> None:
        """A result of a region's job arrived: its button, and the first is picked."""
        run = self.run
        if run is None:
            return
        run.shots[region].append(shot)
        self._add_button(region, len(run.shots[region]) - 1, shot)
        self._prepare(region, shot)
        if run.picks[region] is None:
            self.pick(region, len(run.shots[region]) - 1, by_user=False)
        self._update_buttons()

    def pick(self, region: int, shot: int, *, by_user: bool = True) -> None:
        """Take this result (-1: the original) for the region; the composite follows."""
        run = self.run
        if run is None:
            return
        run.picks[region] = None if shot < 0 else shot
        self._check_picks()
        self.recomposite()
        if by_user:
            self.picked.emit()

    def _check_picks(self) -> None:
        run = self.run
        if run is None:
            return
        for group, pick in zip(self._groups, run.picks, strict=True):
            button = group.button(-1 if pick is None else pick)
            if button is not None:
                button.setChecked(True)

    def _update_buttons(self) -> None:
        ready = self.run is not None and any(shot is not None for shot in self.run.picked())
        self.save.setEnabled(ready)
        self.use.setEnabled(ready)

    # ----------------------------------------------------------------- compositing

    def _prepare(self, region: int, shot: Shot) -> Future:
        """Read a result on the reading thread as soon as it is known, keeping only what the
        composite takes from it (its region's box; a whole edit's answer as it is): a
        24-megapixel PNG takes seconds to decode, a pick must not wait for that."""
        future = self._ready.get(shot.path)
        if future is None:
            run = self.run
            assert run is not None
            future = self._reader.submit(_useful_part, run, region, shot.path)
            self._ready[shot.path] = future
            future.add_done_callback(
                lambda done, path=shot.path: self._tile_read(run, region, path, done)
            )
        return future

    def _tile_read(self, run: RegionRun, region: int, path: Path, done: Future) -> None:
        """On the reading thread: the tile's picture of a result just read."""
        if done.cancelled() or done.exception() is not None:
            return
        tile = region_tile(run.original, done.result(), areas_of(run)[region])
        self._read_one.emit(path, tile)

    def _show_part(self, path: Path, tile: np.ndarray) -> None:
        """A result was read: its button shows its region's area of it, which is what
        differs between a region's results (the whole photo would look the same in a tile)."""
        button = self._buttons.get(path)
        if button is not None:
            button.setIcon(QIcon(QPixmap.fromImage(qimage_from_array(tile))))

    def recomposite(self) -> None:
        """Composite the picks (and with the check on, its changes outside the regions) on
        the worker thread; a newer pick supersedes this one."""
        run = self.run
        if run is None:
            return
        picked = run.picked()
        parts = [
            None if shot is None else self._prepare(index, shot)
            for index, shot in enumerate(picked)
        ]
        checking = self.check.isChecked()
        before, shown_picks = self.composite, self._shown_picks
        self._say(self.tr("Compositing…"))

        def work(still_wanted: Callable[[], bool]) -> tuple[np.ndarray, Pyramid, str, list]:
            original = run.original
            got = [None if part is None else part.result() for part in parts]
            if not still_wanted():
                raise Superseded
            composite = _changed_only(run, before, shown_picks, picked, got)
            if composite is None:
                picks = [
                    None if part is None else _full_size(run, index, part)
                    for index, part in enumerate(got)
                ]
                composite = composite_regions(original, picks, areas_of(run))
            caption = translate("RegionsPage", "Composite")
            picture = composite
            if checking:
                union = union_mask([request.mask for request in run.requests])
                changed = changes_outside(original, composite, union, run.feather)
                picture = highlight(composite, changed, edit_area(union, run.feather))
                caption += f" · {describe_region_changes(int(changed.sum()), changed.size)}"
            return composite, Pyramid(picture), caption, picked

        self.loader.start(work, self._composited, self._failed)

    def _composited(self, done: tuple[np.ndarray, Pyramid, str, list]) -> None:
        self.composite, pyramid, caption, self._shown_picks = done
        self._say("")
        pane = self.pane
        zoom, cx, cy = pane.held
        pane.set_pyramid(pyramid, keep_view=True)
        pane.set_relative_view(zoom, cx, cy)
        pane.caption = caption
        pane.update()
        self.composited.emit()

    def _failed(self, error: Exception) -> None:
        self._say("")
        self.failed.emit(user_message(error))

    def _say(self, text: str) -> None:
        self.status.setText(text or translate("CompareView", FLICKER_HINT))

    # ----------------------------------------------------------------- leaving

    def set_flicker(self, showing_original: bool) -> None:
        self.pane.show_alternate = showing_original
        self.pane.update()

    def release(self) -> None:
        """Leaving the page: what is being composited is dropped (the run and the parts
        read stay: its results may still arrive, and the page may be shown again)."""
        self.loader.cancel()

    def shutdown(self) -> None:
        self.loader.shutdown()
        self.saver.shutdown()
        self._reader.shutdown(wait=True, cancel_futures=True)


_AREAS_LOCK = threading.Lock()


def areas_of(run: RegionRun) -> list[RegionArea]:
    """The run's blend areas, computed once (the costly part), by whichever thread asks first."""
    with _AREAS_LOCK:
        if run.areas is None:
            run.areas = region_areas(run.requests)
        return run.areas


def _useful_part(run: RegionRun, region: int, path: Path) -> np.ndarray:
    """What the composite takes of a result: its region's box (the rest of a region edit's
    result is the original), or a whole edit's answer as it is."""
    pixels = load_image(path)
    area = areas_of(run)[region]
    if area.whole or pixels.shape[:2] != run.original.shape[:2]:
        return pixels
    return np.ascontiguousarray(pixels[area.box.slices])


def _changed_only(
    run: RegionRun,
    before: np.ndarray | None,
    was: Sequence[Shot | None],
    now: Sequence[Shot | None],
    parts: Sequence[np.ndarray | None],
) -> np.ndarray | None:
    """The composite after a pick, made from the one shown by redoing only the regions whose
    pick changed: a copy and their boxes, not the whole photo again (a pick on 24 MP then
    shows at once). Only for region edits whose box overlaps no other region's, where
    composite_regions copies the result's touched pixels as they are, so the two agree
    exactly; None: composite everything."""
    if before is None or len(was) != len(now):
        return None
    areas = areas_of(run)
    changed = [i for i, (old, new) in enumerate(zip(was, now, strict=True)) if old is not new]
    for i in changed:
        box = areas[i].box
        part = parts[i]
        if areas[i].whole or (part is not None and part.shape[:2] != (box.height, box.width)):
            return None
        if any(not box.intersect(a.box).is_empty for j, a in enumerate(areas) if j != i):
            return None
    out = before.copy()
    for i in changed:
        area = areas[i]
        source = run.original[area.box.slices] if parts[i] is None else parts[i]
        target = out[area.box.slices][:, :, :3]
        np.copyto(target, source[:, :, :3], where=area.touched[:, :, None] > 0)
    return out


def _full_size(run: RegionRun, region: int, part: np.ndarray) -> np.ndarray:
    """A result as composite_regions takes it, from its useful part."""
    area = areas_of(run)[region]
    if area.whole or part.shape[:2] != (area.box.height, area.box.width):
        return part
    full = run.original.copy()
    full[area.box.slices] = part
    return full


def describe_region_changes(count: int, total: int) -> str:
    """The check's verdict, as Compare's but of the regions: "no pixel outside the regions
    changed"."""
    if count == 0:
        return translate("RegionsPage", "no pixel outside the regions changed")
    return translate(
        "RegionsPage", "{count} pixels outside the regions changed ({share} %)"
    ).format(count=f"{count:,}", share=f"{100 * count / total:.1f}")


def tile_label(number: int, seed: int | None) -> str:
    """A result tile's label: "1 · seed 12" (its number in the region's results, from 1)."""
    if seed is None:
        return str(number)
    return translate("RegionsPage", "{number} · seed {seed}").format(number=number, seed=seed)


def picks_state(run: RegionRun) -> list[dict[str, object] | None]:
    """Each region's pick as the history keeps it: the result's file and seed, or None."""
    return [
        None if shot is None else {"file": shot.path.name, "seed": shot.seed, "job": shot.job_key}
        for shot in run.picked()
    ]


def pick_positions(run: RegionRun, kept: Sequence[object]) -> list[int | None]:
    """Picks as recorded (picks_state) back to positions among the run's shots."""
    positions: list[int | None] = []
    for shots, pick in zip(run.shots, list(kept) + [None] * len(run.shots), strict=False):
        name = pick.get("file") if isinstance(pick, dict) else None
        found = next((i for i, shot in enumerate(shots) if shot.path.name == name), None)
        positions.append(found)
    return positions
