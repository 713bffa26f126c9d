"""Comparing results: panes side by side with one shared zoom and pan, and a before/after wipe."""

from __future__ import annotations

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

from ideogram_studio.core.region import changes_outside, edit_area
from ideogram_studio.i18n import QT_TRANSLATE_NOOP, translate
from ideogram_studio.ui.views import ImagePane, Pyramid, WipeView

FLICKER_HINT = QT_TRANSLATE_NOOP("CompareView", "Hold \\ to see the original")


class CompareView(QWidget):
    """Two to five panes; zooming or panning one moves them all (in image-relative terms, so
    a 1-megapixel result lines up with its 24-megapixel original)."""

    back_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.panes: list[ImagePane] = []
        self._images: list[tuple[str, np.ndarray]] = []
        self._original: np.ndarray | None = None
        self._mask: np.ndarray | None = None
        self._feather = 0
        self._syncing = False
        self.grid = QGridLayout()
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
        hint = QLabel(
            self.tr(
                "Hold \\ to see the original · wheel zooms all panes"
                " · drag with the middle button or Space to pan"
            )
        )
        hint.setObjectName("hint")
        bar = QHBoxLayout()
        for widget in (back, fit, actual, self.check):
            bar.addWidget(widget)
        bar.addWidget(hint, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(bar)
        layout.addLayout(self.grid, 1)

    def show_images(
        self,
        images: list[tuple[str, np.ndarray]],
        original: np.ndarray,
        mask: np.ndarray | None = None,
        feather: int = 0,
    ) -> None:
        """Panes for the images; `mask` (the edit's, with its blend width) enables the check."""
        self._images, self._original, self._mask, self._feather = images, original, mask, feather
        self.check.blockSignals(True)
        self.check.setChecked(False)
        self.check.blockSignals(False)
        self.check.setEnabled(mask is not None)
        for pane in self.panes:
            self.grid.removeWidget(pane)
            pane.deleteLater()
        self.panes = []
        # While hidden in a stack this page may not have its size yet; the stack has.
        area = self.parentWidget().size() if self.parentWidget() else self.size()
        height, width = images[0][1].shape[:2]
        columns = best_columns(len(images), width, height, area)
        alternate = Pyramid(original)
        for index, (caption, pixels) in enumerate(images):
            pane = ImagePane(caption)
            pane.set_image(pixels)
            pane.alternate = alternate
            pane.alternate_caption = self.tr("Original")
            pane.view_changed.connect(lambda p=pane: self._sync_from(p))
            self.grid.addWidget(pane, index // columns, index % columns)
            self.panes.append(pane)

    def _show_check(self, on: bool) -> None:
        """Swap each result pane's picture for its changes outside the mask, or back."""
        original, mask = self._original, self._mask
        if original is None or mask is None:
            return
        for pane, (caption, pixels) in zip(self.panes, self._images, strict=True):
            if pixels is original:
                continue
            zoom, cx, cy = pane.relative_view()
            if on:
                changed = changes_outside(original, pixels, mask, self._feather)
                edited = edit_area(mask, self._feather)
                pane.set_image(highlight(original, changed, edited), keep_view=True)
                pane.caption = f"{caption} · {describe_changes(int(changed.sum()), changed.size)}"
            else:
                pane.set_image(pixels, keep_view=True)
                pane.caption = caption
            pane.set_relative_view(zoom, cx, cy)

    def fit_all(self) -> None:
        for pane in self.panes:
            pane.fit()
        if self.panes:
            self._sync_from(self.panes[0])

    def set_flicker(self, showing_original: bool) -> None:
        for pane in self.panes:
            pane.show_alternate = showing_original
            pane.update()

    def _sync_from(self, source: ImagePane) -> None:
        if self._syncing:
            return
        self._syncing = True
        try:
            zoom, cx, cy = source.relative_view()
            for pane in self.panes:
                if pane is not source:
                    pane.set_relative_view(zoom, cx, cy)
        finally:
            self._syncing = False


def highlight(original: np.ndarray, changed: np.ndarray, edited: np.ndarray) -> np.ndarray:
    """The original dimmed to grey, the edited area as it was, every changed pixel outside it
    in magenta: where the edit was, and whether anything else moved."""
    grey = cv2.cvtColor(np.ascontiguousarray(original[:, :, :3]), cv2.COLOR_RGB2GRAY)
    dim = (grey // 3 + 20).astype(np.uint8)
    view = np.dstack([dim, dim, dim])
    view[edited] = original[:, :, :3][edited]
    view[changed] = (255, 0, 255)
    return view


def describe_changes(count: int, total: int) -> str:
    if count == 0:
        return translate("CompareView", "no pixel outside the mask changed")
    return translate("CompareView", "{count} pixels outside the mask changed ({share} %)").format(
        count=f"{count:,}", share=f"{100 * count / total:.1f}"
    )


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

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
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
        bar.addWidget(QLabel(translate("CompareView", FLICKER_HINT)))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.slider)

    def show_pair(self, before: np.ndarray, after: np.ndarray, caption: str) -> None:
        self.view.set_pair(before, after)
        self.caption.setText(caption)
        self.slider.setValue(500)
        self.view.set_split(0.5)

    def set_flicker(self, showing_original: bool) -> None:
        self.view.show_before_only = showing_original
        self.view.update()

    def _split_moved(self, fraction: float) -> None:
        self.slider.blockSignals(True)
        self.slider.setValue(round(fraction * 1000))
        self.slider.blockSignals(False)
