"""Zoomable, pannable image views: the base of the canvas, the compare panes and the wipe view.

The photo is shown from a pyramid of halved copies, so a 24-megapixel image drawn to fit the
window is sampled from a level near the screen size (sharp, and cheap to draw), and only the
rectangle that changed is ever repainted.
"""

from __future__ import annotations

import math

import cv2
import numpy as np
from PySide6.QtCore import QPoint, QPointF, QRect, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QImage,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPixmap,
    QResizeEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from ideogram_studio.core.geometry import Rect

MIN_ZOOM = 0.01
MAX_ZOOM = 32.0
WHEEL_STEP = 1.2  # one notch of the wheel
KEY_STEP = 1.5
BACKGROUND = QColor("#2b2b2e")
PYRAMID_SMALLEST = 512  # stop halving below this many pixels on the long side


def qimage_from_array(pixels: np.ndarray) -> QImage:
    """A QImage sharing the array's memory (keep the array alive); the row stride always given."""
    height, width = pixels.shape[:2]
    if pixels.ndim == 2:
        fmt = QImage.Format.Format_Grayscale8
    elif pixels.shape[2] == 4:
        fmt = QImage.Format.Format_RGBA8888
    else:
        fmt = QImage.Format.Format_RGB888
    return QImage(pixels.data, width, height, pixels.strides[0], fmt)


def array_from_qimage(image: QImage) -> np.ndarray:
    """An RGB(A) array copied out of a QImage (clipboard, drops), honouring its row stride."""
    has_alpha = image.hasAlphaChannel()
    fmt = QImage.Format.Format_RGBA8888 if has_alpha else QImage.Format.Format_RGB888
    converted = image.convertToFormat(fmt)
    channels = 4 if has_alpha else 3
    height, width = converted.height(), converted.width()
    buffer = np.frombuffer(converted.constBits(), np.uint8, count=converted.sizeInBytes())
    rows = buffer.reshape(height, converted.bytesPerLine())
    return rows[:, : width * channels].reshape(height, width, channels).copy()


class Pyramid:
    """The image and its halved copies, each wrapped as a QImage without copying."""

    def __init__(self, pixels: np.ndarray) -> None:
        pixels = np.ascontiguousarray(pixels)
        self.width, self.height = pixels.shape[1], pixels.shape[0]
        self.has_alpha = pixels.ndim == 3 and pixels.shape[2] == 4
        self.arrays = [pixels]
        level = pixels
        while max(level.shape[:2]) > 2 * PYRAMID_SMALLEST:
            size = (max(1, level.shape[1] // 2), max(1, level.shape[0] // 2))
            level = cv2.resize(level, size, interpolation=cv2.INTER_AREA)
            self.arrays.append(level)
        self.images = [qimage_from_array(array) for array in self.arrays]
        if not self.has_alpha and pixels.ndim == 3:
            # The smaller levels in the screen's own format, converted here (a worker thread
            # builds the pyramid): Qt then scales them smoothly about four times as fast as
            # RGB888, which it converts pixel by pixel on every paint. A quarter of the
            # image's memory in all; the full-size level is shared with the pixels as it is.
            self.images[1:] = [
                image.convertToFormat(QImage.Format.Format_RGB32) for image in self.images[1:]
            ]

    def level_for(self, scale: float) -> QImage:
        """The smallest level that still has at least one pixel per screen pixel."""
        chosen = self.images[0]
        for image, array in zip(self.images, self.arrays, strict=True):
            if array.shape[1] / self.width >= scale * 0.999:
                chosen = image
        return chosen


def checkerboard() -> QPixmap:
    tile = QPixmap(16, 16)
    tile.fill(QColor("#9a9a9a"))
    painter = QPainter(tile)
    painter.fillRect(0, 0, 8, 8, QColor("#c8c8c8"))
    painter.fillRect(8, 8, 8, 8, QColor("#c8c8c8"))
    painter.end()
    return tile


class ZoomableView(QWidget):
    """Shows one image with zoom about the pointer, pan, fit and 100 %."""

    view_changed = Signal()  # the zoom or the position changed (for synchronised panes)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.pyramid: Pyramid | None = None
        self.scale = 1.0
        self.offset = QPointF(0, 0)
        self.fitted = True  # follow the window's size until the user zooms
        self.space_held = False
        self._pan_from: QPointF | None = None
        self._checker: QPixmap | None = None

    # ----------------------------------------------------------------- image

    @property
    def has_image(self) -> bool:
        return self.pyramid is not None

    def set_image(self, pixels: np.ndarray | None, *, keep_view: bool = False) -> None:
        self.set_pyramid(Pyramid(pixels) if pixels is not None else None, keep_view=keep_view)

    def set_pyramid(self, pyramid: Pyramid | None, *, keep_view: bool = False) -> None:
        """Show an image whose pyramid was built elsewhere (on a worker thread, say)."""
        self.pyramid = pyramid
        if not keep_view:
            self.fit(enlarge=False)
        self.update()

    def image_size(self) -> QSize:
        if self.pyramid is None:
            return QSize(0, 0)
        return QSize(self.pyramid.width, self.pyramid.height)

    # ----------------------------------------------------------------- geometry

    def fit_scale(self) -> float:
        size = self.image_size()
        if size.isEmpty() or self.width() <= 0 or self.height() <= 0:
            return 1.0
        return min(self.width() / size.width(), self.height() / size.height())

    def image_rect(self) -> QRectF:
        """Where the whole image lies on the widget."""
        size = self.image_size()
        return QRectF(
            self.offset.x(), self.offset.y(), size.width() * self.scale, size.height() * self.scale
        )

    def to_image(self, point: QPointF) -> QPointF:
        return QPointF(
            (point.x() - self.offset.x()) / self.scale, (point.y() - self.offset.y()) / self.scale
        )

    def to_widget(self, point: QPointF) -> QPointF:
        return QPointF(
            point.x() * self.scale + self.offset.x(), point.y() * self.scale + self.offset.y()
        )

    def widget_rect(self, rect: Rect, margin: int = 2) -> QRect:
        """The widget pixels covering an image rectangle, rounded outwards."""
        left = math.floor(rect.x * self.scale + self.offset.x()) - margin
        top = math.floor(rect.y * self.scale + self.offset.y()) - margin
        right = math.ceil(rect.right * self.scale + self.offset.x()) + margin
        bottom = math.ceil(rect.bottom * self.scale + self.offset.y()) + margin
        return QRect(left, top, right - left, bottom - top)

    # ----------------------------------------------------------------- view changes

    def fit(self, *, enlarge: bool = True) -> None:
        """The whole image in view, centred; small images stay at 100 % unless `enlarge`."""
        scale = self.fit_scale()
        self._set_view(scale if enlarge else min(scale, 1.0), None)
        self.fitted = True

    def actual_size(self) -> None:
        """100 %: one image pixel per screen pixel, keeping the view's centre."""
        self.zoom_to(1.0, QPointF(self.width() / 2, self.height() / 2))

    def zoom_by(self, factor: float, anchor: QPointF | None = None) -> None:
        self.zoom_to(self.scale * factor, anchor)

    def zoom_to(self, scale: float, anchor: QPointF | None = None) -> None:
        """Zoom keeping the image point under `anchor` (default: the view's centre) in place."""
        if not self.has_image:
            return
        anchor = anchor or QPointF(self.width() / 2, self.height() / 2)
        lowest = min(MIN_ZOOM, self.fit_scale() / 2)
        scale = min(MAX_ZOOM, max(lowest, scale))
        fixed = self.to_image(anchor)
        offset = QPointF(anchor.x() - fixed.x() * scale, anchor.y() - fixed.y() * scale)
        self.fitted = False
        self._set_view(scale, offset)

    def pan_by(self, dx: float, dy: float) -> None:
        if not self.has_image:
            return
        self.fitted = False
        self._set_view(self.scale, self.offset + QPointF(dx, dy))

    def relative_view(self) -> tuple[float, float, float]:
        """(zoom relative to fit, centre x, centre y as fractions of the image): for syncing."""
        size = self.image_size()
        centre = self.to_image(QPointF(self.width() / 2, self.height() / 2))
        width, height = max(1, size.width()), max(1, size.height())
        return self.scale / self.fit_scale(), centre.x() / width, centre.y() / height

    def set_relative_view(self, zoom: float, cx: float, cy: float) -> None:
        size = self.image_size()
        if size.isEmpty():
            return
        scale = zoom * self.fit_scale()
        offset = QPointF(
            self.width() / 2 - cx * size.width() * scale,
            self.height() / 2 - cy * size.height() * scale,
        )
        self.fitted = False
        self._set_view(scale, offset, notify=False)

    def _set_view(self, scale: float, offset: QPointF | None, *, notify: bool = True) -> None:
        size = self.image_size()
        self.scale = scale
        if offset is None:  # centred
            offset = QPointF(
                (self.width() - size.width() * scale) / 2,
                (self.height() - size.height() * scale) / 2,
            )
        self.offset = self._clamped(offset)
        self.update()
        if notify:
            self.view_changed.emit()

    def _clamped(self, offset: QPointF) -> QPointF:
        """Keep at least a quarter of the view's size of image on screen."""
        size = self.image_size()
        width, height = size.width() * self.scale, size.height() * self.scale
        keep_x, keep_y = min(width, self.width() / 4), min(height, self.height() / 4)
        x = min(max(offset.x(), keep_x - width), self.width() - keep_x)
        y = min(max(offset.y(), keep_y - height), self.height() - keep_y)
        return QPointF(x, y)

    # ----------------------------------------------------------------- events

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        if self.fitted:
            self.fit(enlarge=False)
        else:
            old = event.oldSize()
            if old.isValid():
                delta = QPointF(
                    (self.width() - old.width()) / 2, (self.height() - old.height()) / 2
                )
                self._set_view(self.scale, self.offset + delta, notify=False)
        super().resizeEvent(event)

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802
        steps = event.angleDelta().y() / 120 or event.pixelDelta().y() / 50
        if steps:
            self.zoom_by(WHEEL_STEP**steps, event.position())
        event.accept()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.key() == Qt.Key.Key_Space and not event.isAutoRepeat():
            self.space_held = True
            self.setCursor(Qt.CursorShape.OpenHandCursor)
            event.accept()
            return
        super().keyPressEvent(event)

    def keyReleaseEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.key() == Qt.Key.Key_Space and not event.isAutoRepeat():
            self.space_held = False
            self._pan_from = None
            self.restore_cursor()
            event.accept()
            return
        super().keyReleaseEvent(event)

    def restore_cursor(self) -> None:
        self.unsetCursor()

    def starts_pan(self, event: QMouseEvent) -> bool:
        """Middle button, or left button with Space held, pans."""
        button = event.button()
        if button == Qt.MouseButton.MiddleButton or (
            button == Qt.MouseButton.LeftButton and self.space_held
        ):
            self._pan_from = event.position()
            self.setCursor(Qt.CursorShape.ClosedHandCursor)
            return True
        return False

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        self.setFocus(Qt.FocusReason.MouseFocusReason)
        if not self.starts_pan(event):
            super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if not self.continues_pan(event):
            super().mouseMoveEvent(event)

    def continues_pan(self, event: QMouseEvent) -> bool:
        if self._pan_from is None:
            return False
        delta = event.position() - self._pan_from
        self._pan_from = event.position()
        self.pan_by(delta.x(), delta.y())
        return True

    def ends_pan(self, event: QMouseEvent) -> bool:
        if self._pan_from is None:
            return False
        self._pan_from = None
        if self.space_held:
            self.setCursor(Qt.CursorShape.OpenHandCursor)
        else:
            self.restore_cursor()
        return True

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if not self.ends_pan(event):
            super().mouseReleaseEvent(event)

    # ----------------------------------------------------------------- painting

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.fillRect(event.rect(), BACKGROUND)
        if self.pyramid is not None:
            self.paint_image(painter, self.pyramid, self.image_rect())
        self.paint_extra(painter, event.rect())
        painter.end()

    def paint_image(self, painter: QPainter, pyramid: Pyramid, target: QRectF) -> None:
        if pyramid.has_alpha:
            if self._checker is None:
                self._checker = checkerboard()
            painter.drawTiledPixmap(target, self._checker)
        scale = target.width() / pyramid.width
        image = pyramid.level_for(scale)
        # Smooth when shrinking; crisp pixels when zoomed in, as painting tools show them.
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, scale < 1.0)
        painter.drawImage(target, image, QRectF(image.rect()))

    def paint_extra(self, painter: QPainter, area: QRect) -> None:
        """For subclasses: draw on top of the image."""


MOVING_REST_MS = 150


class ImagePane(ZoomableView):
    """A compare pane: an image with a caption; zoom and pan shared through `view_changed`.

    A pane keeps its view in image-relative terms (zoom relative to fit, centre as fractions
    of the image) through resizes, so panes of images of any size that show the same part
    stay aligned however the window, or the layout before it is final, sizes them. A small
    image is enlarged to fit like a large one: "fitted" is the same view in every pane.
    """

    FITTED = (1.0, 0.5, 0.5)

    def __init__(self, caption: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.caption = caption
        self.show_alternate = False  # while the flicker key is held
        self.alternate: Pyramid | None = None
        self.alternate_caption = ""
        self.held = self.FITTED  # the relative view, kept through resizes
        # While the view moves, the full-size level is drawn unsmoothed (a smooth 24 MP paint
        # of every synced pane misses the frame); once it rests, smoothly again.
        self.moving = False
        self._rest = QTimer(self)
        self._rest.setSingleShot(True)
        self._rest.setInterval(MOVING_REST_MS)
        self._rest.timeout.connect(self._rested)

    def _rested(self) -> None:
        self.moving = False
        self.update()

    def paint_image(self, painter: QPainter, pyramid: Pyramid, target: QRectF) -> None:
        scale = target.width() / pyramid.width
        if not self.moving or scale >= 1.0 or pyramid.level_for(scale) is not pyramid.images[0]:
            super().paint_image(painter, pyramid, target)
            return
        image = pyramid.images[0]
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, False)
        painter.drawImage(target, image, QRectF(image.rect()))

    def fit(self, *, enlarge: bool = True) -> None:  # noqa: ARG002 - always enlarged, see above
        super().fit(enlarge=True)
        self.held = self.FITTED

    def set_relative_view(self, zoom: float, cx: float, cy: float) -> None:
        super().set_relative_view(zoom, cx, cy)
        self.held = (zoom, cx, cy)

    def _set_view(self, scale: float, offset: QPointF | None, *, notify: bool = True) -> None:
        if self.has_image and (scale != self.scale or offset != self.offset):
            self.moving = True
            self._rest.start()
        super()._set_view(scale, offset, notify=notify)
        if notify and self.has_image and self.width() > 0 and self.height() > 0:
            self.held = self.relative_view()  # the user zoomed or panned

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        if self.has_image and self.width() > 0 and self.height() > 0:
            self.set_relative_view(*self.held)  # tells no one: every pane does the same
        QWidget.resizeEvent(self, event)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.fillRect(event.rect(), BACKGROUND)
        pyramid = self.alternate if self.show_alternate and self.alternate else self.pyramid
        if pyramid is not None:
            self.paint_image(painter, pyramid, self.image_rect())
        caption = self.alternate_caption if pyramid is self.alternate else self.caption
        draw_caption(painter, caption, QPoint(8, 8), self.width() - 32)
        painter.end()


def draw_caption(painter: QPainter, text: str, at: QPoint, most: int | None = None) -> None:
    """A caption on a dark box; cut with "…" to `most` pixels (a narrow pane, a grid cell)."""
    if not text:
        return
    metrics = painter.fontMetrics()
    if most is not None:
        text = metrics.elidedText(text, Qt.TextElideMode.ElideRight, max(24, most))
    box = metrics.boundingRect(text).adjusted(-8, -4, 8, 4)
    box.moveTopLeft(at)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(20, 20, 22, 200))
    painter.drawRoundedRect(box, 4, 4)
    painter.setPen(QColor("#f0f0f2"))
    painter.drawText(box, Qt.AlignmentFlag.AlignCenter, text)


class WipeView(ZoomableView):
    """Before and after in one view, split by a line that the mouse or a slider moves."""

    split_moved = Signal(float)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.after: Pyramid | None = None
        self.split = 0.5  # fraction of the image's width shown as "before" (left)
        self.show_before_only = False  # while the flicker key is held
        self._dragging = False

    def fit(self, *, enlarge: bool = True) -> None:  # noqa: ARG002 - always enlarged
        """As the compare panes: a small photo fills the view too, so before and after are
        seen as large as the window allows."""
        super().fit(enlarge=True)

    def set_pair(self, before: Pyramid, after: Pyramid) -> None:
        self.after = after
        self.set_pyramid(before)

    def set_split(self, fraction: float) -> None:
        self.split = min(1.0, max(0.0, fraction))
        self.update()
        self.split_moved.emit(self.split)

    def _split_x(self) -> float:
        rect = self.image_rect()
        return rect.left() + rect.width() * self.split

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        self.setFocus(Qt.FocusReason.MouseFocusReason)
        if self.starts_pan(event):
            return
        if event.button() == Qt.MouseButton.LeftButton and self.has_image:
            self._dragging = True
            self._drag_to(event.position().x())

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if self.continues_pan(event):
            return
        if self._dragging:
            self._drag_to(event.position().x())
        near = abs(event.position().x() - self._split_x()) < 6
        if not self.space_held:
            self.setCursor(Qt.CursorShape.SplitHCursor if near else Qt.CursorShape.ArrowCursor)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        self._dragging = False
        self.ends_pan(event)

    def _drag_to(self, x: float) -> None:
        rect = self.image_rect()
        self.set_split((x - rect.left()) / max(1.0, rect.width()))

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.fillRect(event.rect(), BACKGROUND)
        if self.pyramid is None:
            painter.end()
            return
        target = self.image_rect()
        self.paint_image(painter, self.pyramid, target)
        split_x = target.right() if self.show_before_only else self._split_x()
        if self.after is not None and not self.show_before_only:
            painter.save()
            painter.setClipRect(
                QRectF(split_x, target.top(), target.right() - split_x + 1, target.height())
            )
            self.paint_image(painter, self.after, target)  # stretched to the original's frame
            painter.restore()
            painter.setPen(QColor("#ffffff"))
            painter.drawLine(QPointF(split_x, target.top()), QPointF(split_x, target.bottom()))
            painter.setBrush(QColor("#ffffff"))
            painter.drawEllipse(QPointF(split_x, target.center().y()), 6, 6)
        draw_caption(painter, self.tr("Before"), QPoint(8, 8))
        if not self.show_before_only:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
            metrics = painter.fontMetrics()
            width = metrics.horizontalAdvance(self.tr("After")) + 16
            draw_caption(painter, self.tr("After"), QPoint(self.width() - width - 8, 8))
        painter.end()
