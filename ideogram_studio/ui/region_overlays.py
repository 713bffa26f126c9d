"""The masks of the prompt regions not painted into now, each in its own colour under the
active one, and a label that says which region the tools paint into.

Each region's overlay is an 8-bit indexed QImage over that region's own mask buffer with a
colour table in its colour (as the canvas's own overlay is): nothing is ever recoloured, not
when another region is painted, nor when the active region changes; a repaint draws only the
area Qt asks for. They are dimmer than the active one, so the active one stands out.
"""

from __future__ import annotations

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


class RegionOverlays:
    """What the canvas draws for the prompt regions besides the one painted into."""

    def __init__(self) -> None:
        self._layers: list[tuple[MaskEngine, QImage, QColor]] = []
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
        self._layers = [(engine, wrap_mask(engine), QColor(colour)) for engine, colour in others]
        self.label, self.label_colour = label, QColor(label_colour or QColor())
        self.set_alphas(alphas)

    def set_alphas(self, alphas: list[int]) -> None:
        dimmer = [round(alpha * INACTIVE_SHARE) for alpha in alphas]
        for _engine, image, colour in self._layers:
            image.setColorTable(colour_table(colour, dimmer))

    def clear(self) -> None:
        self._layers, self.label = [], ""

    def draw(self, painter: QPainter, target: QRectF) -> None:
        for _engine, image, _colour in self._layers:
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
