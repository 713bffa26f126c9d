"""Comparing results: panes side by side with one shared zoom and pan, and a before/after wipe."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSlider,
    QVBoxLayout,
    QWidget,
)

from ideogram_studio.core.encode import saved_like
from ideogram_studio.core.imageio import load_image
from ideogram_studio.core.metadata import PhotoInfo
from ideogram_studio.core.region import changes_outside, edit_area
from ideogram_studio.i18n import QT_TRANSLATE_NOOP, translate
from ideogram_studio.ui.background import (
    BackgroundTask,
    Superseded,
    lower_thread_priority,
    user_message,
)
from ideogram_studio.ui.elided_label import ElidedLabel
from ideogram_studio.ui.pane_sync import PaneGroup
from ideogram_studio.ui.views import ImagePane, Pyramid, WipeView


@dataclass
class Shown:
    """One pane's picture: its caption, its pixels and their display pyramid."""

    caption: str
    pixels: np.ndarray
    pyramid: Pyramid
    # What the check compares with: the original as this result's lossy format saves it (so
    # JPEG's compression is not taken for changes); None: the original itself.
    reference: Callable[[], np.ndarray] | None = None


PARALLEL_READS = 2  # results read at once: more only competes with the window for 2 cores
FLICKER_HINT = QT_TRANSLATE_NOOP("CompareView", "Hold \\ to see the original")


class CompareView(QWidget):
    """Two to five panes; zooming or panning one moves them all (in image-relative terms, so
    a 1-megapixel result lines up with its 24-megapixel original).

    Results are read from disk and prepared for display on a worker thread, and so is the
    "changes outside the mask" check: four 24-megapixel results take seconds, the window none.
    """

    back_requested = Signal()
    failed = Signal(str)  # a result could not be read: the sentence for the user
    ready = Signal()  # the panes show their images
    check_ready = Signal()  # the panes show the check (or are back from it)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.sync = PaneGroup()
        self._shown: list[Shown] = []
        self._checked: list[Shown] | None = None  # the "changes outside" pictures, once made
        self._original: np.ndarray | None = None
        self._mask: np.ndarray | None = None
        self._feather = 0
        self._keep_check = False  # the check as the user left it: on again at the next open
        # The panes' area keeps its place while empty (loading), so the bar stays on top.
        self.area = QWidget()
        self.grid = QGridLayout(self.area)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setSpacing(4)
        back = QPushButton(self.tr("◀ Editor"))
        back.clicked.connect(self.back_requested)
        fit = QPushButton(self.tr("Fit"))
        fit.clicked.connect(self.fit_all)
        actual = QPushButton("100 %")
        actual.clicked.connect(lambda: self.panes and self.panes[0].actual_size())
        self.check = QPushButton(self.tr("Changes outside the mask"))
        self.check.setCheckable(True)
        self.check.setToolTip(
            self.tr(
                "Shows in magenta every pixel outside the edited area that "
                "differs from the original"
            )
        )
        self.check.toggled.connect(self._show_check)
        # One label in the bar: the hint, or what runs in the background ("Loading 4 images…").
        # A long text is cut with "…" (whole in the tooltip) rather than widening the window.
        self.hint = self.tr(
            "Hold \\ to see the original · wheel zooms all panes"
            " · drag with the middle button or Space to pan"
        )
        self.status = ElidedLabel(self.hint)
        self.status.setObjectName("hint")
        bar = QHBoxLayout()
        for widget in (back, fit, actual, self.check):
            bar.addWidget(widget)
        bar.addWidget(self.status, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(bar)
        layout.addWidget(self.area, 1)
        self.loader = BackgroundTask("compare", self)

    @property
    def busy(self) -> bool:
        return self.loader.busy

    @property
    def panes(self) -> list[ImagePane]:
        return self.sync.panes

    def open(
        self,
        images: list[tuple[str, Callable[[], np.ndarray]]],
        original: np.ndarray,
        original_pyramid: Pyramid | None = None,
        mask: np.ndarray | None = None,
        feather: int = 0,
        references: list[Callable[[], np.ndarray] | None] | None = None,
    ) -> None:
        """Panes for the images (caption, and how to read it); `mask` (the edit's, with its
        blend width) enables the check, against each image's reference (how to read what it is
        compared with; None: the original). Pass the original's pyramid when it exists."""
        references = references or [None] * len(images)
        self._original, self._mask, self._feather = original, mask, feather
        self._shown, self._checked = [], None
        self.check.blockSignals(True)
        self.check.setChecked(False)  # until the images are there (then as it was left)
        self.check.blockSignals(False)
        self.check.setEnabled(False)
        self._clear_panes()
        self._say(self.tr("Loading {count} images…").format(count=len(images)))

        def work(still_wanted: Callable[[], bool]) -> tuple[Pyramid, list[Shown]]:
            alternate = original_pyramid or Pyramid(original)

            def prepare(
                caption: str,
                read: Callable[[], np.ndarray],
                reference: Callable[[], np.ndarray] | None,
            ) -> Shown:
                if not still_wanted():
                    raise Superseded
                pixels = read()
                pyramid = alternate if pixels is original else Pyramid(pixels)
                return Shown(caption, pixels, pyramid, reference)

            jobs = [
                (*image, reference) for image, reference in zip(images, references, strict=True)
            ]
            return alternate, in_parallel(prepare, jobs)

        self.loader.start(work, self._present, self._load_failed)

    def _present(self, prepared: tuple[Pyramid, list[Shown]]) -> None:
        alternate, self._shown = prepared
        self._say("")
        self.check.setEnabled(self._mask is not None)
        # While hidden in a stack this page may not have its size yet; the stack has.
        area = self.parentWidget().size() if self.parentWidget() else self.size()
        first = self._shown[0].pyramid
        columns = best_columns(len(self._shown), first.width, first.height, area)
        for index, shown in enumerate(self._shown):
            pane = ImagePane(shown.caption)
            pane.set_pyramid(shown.pyramid)
            pane.alternate = alternate
            pane.alternate_caption = self.tr("Original")
            self.sync.add(pane)
            self.grid.addWidget(pane, index // columns, index % columns)
        # The panes get their places now, not on the next layout pass (a widget added to a
        # shown layout is shown, and laid out, only later): fitted to their real size at once,
        # and each pane then keeps the shared view through any later resize.
        for pane in self.panes:
            pane.show()
        self.layout().activate()
        self.grid.activate()
        self.fit_all()
        self.ready.emit()
        if self._keep_check and self._mask is not None:
            self.check.setChecked(True)

    def _load_failed(self, error: Exception) -> None:
        self._say("")
        self.failed.emit(user_message(error))

    def _show_check(self, on: bool) -> None:
        """Swap each result pane's picture for its changes outside the mask, or back."""
        original, mask, feather = self._original, self._mask, self._feather
        self._keep_check = on
        if original is None or mask is None or not self._shown:
            return
        if not on:
            self.loader.cancel()
            self._say("")
            self._swap_in(self._shown)
            return
        if self._checked is not None:
            self._swap_in(self._checked)
            return
        shown = list(self._shown)
        self._say(self.tr("Looking for changes outside the mask…"))

        def work(still_wanted: Callable[[], bool]) -> list[Shown]:
            edited = edit_area(mask, feather)

            def check(item: Shown) -> Shown:
                if not still_wanted():
                    raise Superseded
                return changes_picture(item, original, mask, feather, edited)

            return in_parallel(check, [(item,) for item in shown])

        def done(checked: list[Shown]) -> None:
            self._checked = checked
            self._say("")
            if self.check.isChecked():
                self._swap_in(checked)

        self.loader.start(work, done, self._load_failed)

    def _swap_in(self, pictures: list[Shown]) -> None:
        for pane, picture in zip(self.panes, pictures, strict=True):
            zoom, cx, cy = pane.relative_view()
            pane.set_pyramid(picture.pyramid, keep_view=True)
            pane.caption = picture.caption
            pane.set_relative_view(zoom, cx, cy)
        self.check_ready.emit()

    def release(self) -> None:
        """Leaving the view: stop what is being read and let go of the pictures (four 24 MP
        results and their checks are about a gigabyte)."""
        self.loader.cancel()
        self._say("")
        self._clear_panes()
        self._shown, self._checked = [], None
        self._original = self._mask = None

    def _clear_panes(self) -> None:
        for pane in self.sync.clear():
            self.grid.removeWidget(pane)
            pane.deleteLater()

    def _say(self, text: str) -> None:
        """Show what runs in the background in the bar, or (with "") the hint again."""
        self.status.setText(text or self.hint)
        self.status.setObjectName("viewStatus" if text else "hint")
        self.status.style().unpolish(self.status)  # the name changed: apply its style rule
        self.status.style().polish(self.status)

    def fit_all(self) -> None:
        self.sync.fit_all()

    def set_flicker(self, showing_original: bool) -> None:
        self.sync.set_flicker(showing_original)


def changes_picture(
    item: Shown, original: np.ndarray, mask: np.ndarray, feather: int, edited: np.ndarray
) -> Shown:
    """The result's "changes outside the mask" picture, its caption saying how many changed
    (`edited` is `edit_area(mask, feather)`, made once for every result of the edit)."""
    if item.pixels is original:
        return item
    reference = item.reference() if item.reference is not None else original
    changed = changes_outside(reference, item.pixels, mask, feather)
    picture = highlight(same_size(item.pixels, original), changed, edited)
    count = describe_changes(int(changed.sum()), changed.size)
    if item.reference is not None:  # a JPEG's noise is everywhere: say what was done
        count += translate("CompareView", ", beyond the file format's compression")
    return Shown(f"{item.caption} · {count}", picture, Pyramid(picture))


LOSSY_SUFFIXES = (".jpg", ".jpeg", ".webp")


def saved_reference(
    image: np.ndarray, info: PhotoInfo, path: Path, fallback: Callable[[], np.ndarray]
) -> Callable[[], np.ndarray] | None:
    """For a region edit's result saved in a lossy format at `path`: how to read the photo
    (`image`, its own pixels, and `info`) saved the same way, which is what the result equals
    outside the edit (see core.encode.saved_like); `fallback` when the file proves lossless.
    None for a lossless file: it equals the original outside the edit as it is."""
    if path.suffix.lower() not in LOSSY_SUFFIXES:
        return None

    def read() -> np.ndarray:
        saved = saved_like(image, info, path)
        return fallback() if saved is None else load_image(saved)

    return read


def highlight(result: np.ndarray, changed: np.ndarray, edited: np.ndarray) -> np.ndarray:
    """The result dimmed to grey, its edited area as it is, every changed pixel outside it in
    magenta: what the edit made, and whether anything else moved."""
    pixels = np.ascontiguousarray(result[:, :, :3])
    grey = cv2.cvtColor(pixels, cv2.COLOR_RGB2GRAY)
    dim = (grey // 3 + 20).astype(np.uint8)
    view = np.dstack([dim, dim, dim])
    view[edited] = pixels[edited]
    view[changed] = (255, 0, 255)
    return view


def same_size(pixels: np.ndarray, like: np.ndarray) -> np.ndarray:
    """`pixels` scaled to the size of `like` (a whole-image result is checked at the
    original's size, as changes_outside compares it)."""
    height, width = like.shape[:2]
    if pixels.shape[:2] == (height, width):
        return pixels
    return cv2.resize(pixels, (width, height), interpolation=cv2.INTER_LINEAR)


def describe_changes(count: int, total: int) -> str:
    if count == 0:
        return translate("CompareView", "no pixel outside the mask changed")
    return translate("CompareView", "{count} pixels outside the mask changed ({share} %)").format(
        count=f"{count:,}", share=f"{100 * count / total:.1f}"
    )


def in_parallel(function: Callable[..., Shown], calls: list[tuple]) -> list[Shown]:
    """`function(*call)` for each call, two at a time (decoding and OpenCV release the GIL),
    results in the order of the calls."""
    with ThreadPoolExecutor(max_workers=PARALLEL_READS, initializer=lower_thread_priority) as pool:
        return list(pool.map(lambda call: function(*call), calls))


def best_columns(count: int, width: int, height: int, area: QSize) -> int:
    """The number of columns that shows `count` images of this shape largest in `area`."""
    best, best_scale = 1, 0.0
    for columns in range(1, count + 1):
        rows = -(-count // columns)
        scale = min(area.width() / columns / width, area.height() / rows / height)
        if scale > best_scale * 1.001:
            best, best_scale = columns, scale
    return best


class WipePage(QWidget):
    """The wipe view with a slider under it; held \\ shows only the original."""

    back_requested = Signal()
    failed = Signal(str)
    ready = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.loader = BackgroundTask("wipe", self)
        self.view = WipeView()
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setRange(0, 1000)
        self.slider.setValue(500)
        self.slider.valueChanged.connect(lambda value: self.view.set_split(value / 1000))
        self.view.split_moved.connect(self._split_moved)
        self.caption = QLabel()
        back = QPushButton(self.tr("◀ Editor"))
        back.clicked.connect(self.back_requested)
        bar = QHBoxLayout()
        bar.addWidget(back)
        bar.addWidget(self.caption, 1)
        flicker = QLabel(translate("CompareView", FLICKER_HINT))
        flicker.setObjectName("hint")
        bar.addWidget(flicker)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.slider)

    @property
    def busy(self) -> bool:
        return self.loader.busy

    def open(
        self,
        before: np.ndarray,
        read_after: Callable[[], np.ndarray],
        caption: str,
        before_pyramid: Pyramid | None = None,
    ) -> None:
        """The original against a result that is read (and prepared) on a worker thread."""
        self.view.after = None
        self.view.set_pyramid(None)
        self.caption.setText(self.tr("Loading…"))

        def work(still_wanted: Callable[[], bool]) -> tuple[Pyramid, Pyramid]:
            first = before_pyramid or Pyramid(before)
            if not still_wanted():
                raise Superseded
            return first, Pyramid(read_after())

        def done(pair: tuple[Pyramid, Pyramid]) -> None:
            self.view.set_pair(*pair)
            self.caption.setText(caption)
            self.slider.setValue(500)
            self.view.set_split(0.5)
            self.ready.emit()

        def failed(error: Exception) -> None:
            self.caption.setText("")
            self.failed.emit(user_message(error))

        self.loader.start(work, done, failed)

    def release(self) -> None:
        """Leaving the view: stop reading and let go of the two pictures."""
        self.loader.cancel()
        self.view.after = None
        self.view.set_pyramid(None)

    def set_flicker(self, showing_original: bool) -> None:
        self.view.show_before_only = showing_original
        self.view.update()

    def _split_moved(self, fraction: float) -> None:
        self.slider.blockSignals(True)
        self.slider.setValue(round(fraction * 1000))
        self.slider.blockSignals(False)
