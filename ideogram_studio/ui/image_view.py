"""Shows a photo fitted and centred in the widget. The painting canvas replaces it later."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QRectF, QSize
from PySide6.QtGui import QColor, QImage, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget


def qimage_from_array(pixels: np.ndarray) -> QImage:
    """Wrap an (h, w, 3|4) uint8 array without copying; the array must outlive the QImage."""
    height, width, channels = pixels.shape
    image_format = QImage.Format.Format_RGBA8888 if channels == 4 else QImage.Format.Format_RGB888
    # Always pass the row stride: without it, widths that are not a multiple of 4 skew.
    return QImage(pixels.data, width, height, pixels.strides[0], image_format)


class ImageView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(320, 240)
        self._pixels: np.ndarray | None = None
        self._image: QImage | None = None

    @property
    def pixels(self) -> np.ndarray | None:
        return self._pixels

    def set_pixels(self, pixels: np.ndarray) -> None:
        self._pixels = np.ascontiguousarray(pixels)
        self._image = qimage_from_array(self._pixels)
        self.update()

    def image_rect(self) -> QRectF:
        """Where the image is drawn: fitted to the widget, centred, never enlarged past 100 %."""
        if self._image is None:
            return QRectF()
        width, height = self._image.width(), self._image.height()
        scale = min(self.width() / width, self.height() / height, 1.0)
        shown_w, shown_h = width * scale, height * scale
        return QRectF((self.width() - shown_w) / 2, (self.height() - shown_h) / 2, shown_w, shown_h)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("#2b2b2e"))
        if self._image is not None:
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
            painter.drawImage(self.image_rect(), self._image)
        painter.end()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return super().sizeHint().expandedTo(self.minimumSize())
