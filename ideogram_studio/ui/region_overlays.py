"""The masks of the prompt regions not painted into now, each in its own colour under the
active one, and a label that says which region the tools paint into.

The active region is the canvas's own overlay (an indexed image over its mask, as with one
mask). The others are dimmer, so the active one stands out.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QImage, QPainter, QPen, qRgba

from ideogram_studio.core.mask import MaskEngine

INACTIVE_SHARE = 0.6  # of the overlay's opacity, for the regions not painted into


def wrap_mask(engine: MaskEngine) -> QImage:
    """The mask's buffer as an indexed image, sharing its memory (the engine keeps it)."""
    buffer = engine.buffer
    return QImage(
        buffer.data, engine.width, engine.height, buffer.strides[0], QImage.Format.Format_Indexed8
    )


def colour_table(colour: QColor, alphas: list[int]) -> list[int]:
    r, g, b = colour.red(), colour.green(), colour.blue()
    return [qRgba(r, g, b, alpha) for alpha in alphas]


LEVELS = 32  # strengths kept per inactive region: 7 regions x 32 fit one colour table
SMALL = 4  # the reduced copy, drawn while the view shows the photo under half its size


def _ceil(value: int) -> int:
    return -(-value // SMALL)


# Strength 1..255 to a level 1..LEVELS (0 stays 0: nothing painted).
_LEVEL_OF = np.concatenate([[0], 1 + (np.arange(255) * LEVELS) // 255]).astype(np.uint8)


@dataclass(frozen=True)
class _Levels:
    """A region's mask as levels over the box of its paint, at full size and reduced: made
    once per change of the mask, so switching regions does not redo every region's."""

    box: tuple[slice, slice]
    full: np.ndarray
    small_box: tuple[slice, slice]
    small: np.ndarray

    @classmethod
    def of(cls, engine: MaskEngine) -> _Levels:
        x, y, width, height = cv2.boundingRect(engine.data)
        # The box on the reduced grid, so its reduced copy lines up exactly.
        left, top = x // SMALL * SMALL, y // SMALL * SMALL
        right = min(engine.width, _ceil(x + width) * SMALL)
        bottom = min(engine.height, _ceil(y + height) * SMALL)
        mask = engine.data[top:bottom, left:right]
        full = cv2.LUT(mask, _LEVEL_OF) if mask.size else np.zeros((0, 0), np.uint8)
        size = (_ceil(right - left), _ceil(bottom - top))
        small = (
            cv2.LUT(cv2.resize(mask, size, interpolation=cv2.INTER_AREA), _LEVEL_OF)
            if mask.size
            else np.zeros((0, 0), np.uint8)
        )
        small_box = (
            slice(top // SMALL, top // SMALL + small.shape[0]),
            slice(left // SMALL, left // SMALL + small.shape[1]),
        )
        return cls((slice(top, bottom), slice(left, right)), full, small_box, small)


def _indexed(codes: np.ndarray) -> QImage:
    height, width = codes.shape
    return QImage(codes.data, width, height, codes.strides[0], QImage.Format.Format_Indexed8)


class RegionOverlays:
    """What the canvas draws for the prompt regions besides the one painted into.

    The inactive regions do not change while another is painted, so they are drawn from one
    cached indexed image (a code per region and strength, built when the active region
    changes), and from a copy a quarter of the size while the photo is shown small: one
    cheap draw however many regions there are, and never a recolouring while painting."""

    def __init__(self) -> None:
        self._colours: list[QColor] = []
        self._images: tuple[QImage, QImage] | None = None  # full size, reduced
        self._codes: tuple[np.ndarray, np.ndarray] | None = None  # their pixels (kept alive)
        self._levels: dict[tuple[int, int], _Levels] = {}  # by mask and its revision
        self.label = ""  # "Painting Region 2", shown only with several regions
        self.label_colour = QColor()

    def set(
        self,
        others: list[tuple[MaskEngine, QColor]],
        alphas: list[int],
        label: str = "",
        label_colour: QColor | None = None,
    ) -> None:
        """The regions to show under the active one, with the canvas's overlay ramp."""
        self.label, self.label_colour = label, QColor(label_colour or QColor())
        self._colours = [QColor(colour) for _engine, colour in others]
        if not others:
            self._images = self._codes = None
            return
        first = others[0][0]
        full = np.zeros((first.height, first.width), np.uint8)
        small = np.zeros((_ceil(first.height), _ceil(first.width)), np.uint8)
        cache: dict[tuple[int, int], _Levels] = {}
        for index, (engine, _colour) in enumerate(others[: 256 // LEVELS - 1]):
            key = (id(engine), engine.revision)
            levels = self._levels.get(key) or _Levels.of(engine)
            cache[key] = levels
            offset = np.uint8(index * LEVELS)
            for codes, crop, box in (
                (full, levels.full, levels.box),
                (small, levels.small, levels.small_box),
            ):
                if crop.size:
                    np.copyto(codes[box], crop + offset, where=crop > 0)
        self._levels = cache  # a region painted later gets new levels; the rest are kept
        self._codes = (full, small)
        self._images = (_indexed(full), _indexed(small))
        self.set_alphas(alphas)

    def set_alphas(self, alphas: list[int]) -> None:
        if self._images is None:
            return
        table = [qRgba(0, 0, 0, 0)] * 256
        for index, colour in enumerate(self._colours[: 256 // LEVELS - 1]):
            for level in range(LEVELS):
                strength = round((level + 1) * 255 / LEVELS)
                alpha = round(alphas[strength] * INACTIVE_SHARE)
                table[index * LEVELS + 1 + level] = qRgba(
                    colour.red(), colour.green(), colour.blue(), alpha
                )
        for image in self._images:
            image.setColorTable(table)

    def clear(self) -> None:
        self._images = self._codes = None
        self._levels = {}
        self._colours, self.label = [], ""

    def draw(self, painter: QPainter, target: QRectF, scale: float) -> None:
        if self._images is None:
            return
        image = self._images[1] if scale < 1 / 2 else self._images[0]
        painter.drawImage(target, image, QRectF(image.rect()))

    def draw_label(self, painter: QPainter) -> None:
        """A chip at the view's top left: the active region's colour and name."""
        if not self.label:
            return
        font = QFont(painter.font())
        font.setBold(True)
        painter.setFont(font)
        metrics = QFontMetrics(font)
        height = metrics.height() + 8
        box = QRectF(8, 8, metrics.horizontalAdvance(self.label) + height + 14, height)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(20, 20, 20, 190))
        painter.drawRoundedRect(box, 5, 5)
        swatch = QRectF(box.left() + 6, box.top() + 5, height - 10, height - 10)
        painter.setBrush(self.label_colour)
        painter.setPen(QPen(QColor(255, 255, 255), 1))
        painter.drawEllipse(swatch)
        painter.setPen(QColor(255, 255, 255))
        baseline = box.top() + 4 + metrics.ascent()
        painter.drawText(QPointF(swatch.right() + 7, baseline), self.label)
