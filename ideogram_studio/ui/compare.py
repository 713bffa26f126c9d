"""Comparing results: panes side by side with one shared zoom and pan, and a before/after wipe."""

from __future__ import annotations

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

from ideogram_studio.ui.views import ImagePane, Pyramid, WipeView

FLICKER_HINT = "Hold \\ to see the original"


class CompareView(QWidget):
    """Two to five panes; zooming or panning one moves them all (in image-relative terms, so
    a 1-megapixel result lines up with its 24-megapixel original)."""

    back_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.panes: list[ImagePane] = []
        self._syncing = False
        self.grid = QGridLayout()
        self.grid.setSpacing(4)
        back = QPushButton("◀ Editor")
        back.clicked.connect(self.back_requested)
        fit = QPushButton("Fit")
        fit.clicked.connect(self.fit_all)
        actual = QPushButton("100 %")
        actual.clicked.connect(lambda: self.panes and self.panes[0].actual_size())
        hint = QLabel(
            FLICKER_HINT + " · wheel zooms all panes · drag with the middle button or Space to pan"
        )
        hint.setObjectName("hint")
        bar = QHBoxLayout()
        for widget in (back, fit, actual):
            bar.addWidget(widget)
        bar.addWidget(hint, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(bar)
        layout.addLayout(self.grid, 1)

    def show_images(self, images: list[tuple[str, np.ndarray]], original: np.ndarray) -> None:
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
            pane.alternate_caption = "Original"
            pane.view_changed.connect(lambda p=pane: self._sync_from(p))
            self.grid.addWidget(pane, index // columns, index % columns)
            self.panes.append(pane)

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
        back = QPushButton("◀ Editor")
        back.clicked.connect(self.back_requested)
        bar = QHBoxLayout()
        bar.addWidget(back)
        bar.addWidget(self.caption, 1)
        bar.addWidget(QLabel(FLICKER_HINT))
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
