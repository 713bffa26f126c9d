"""Tool icons drawn with QPainter paths: crisp at any screen density, no image files to ship."""

from __future__ import annotations

import math
from collections.abc import Callable

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QGuiApplication, QIcon, QPainter, QPainterPath, QPalette, QPen, QPixmap

SIZE = 64  # the drawing's coordinates
OVERSAMPLE = 2  # rendered at 128 px: Qt only scales down, for a 24 px tool icon up to 5x density


def _icon(draw: Callable[[QPainter], None]) -> QIcon:
    pixmap = QPixmap(SIZE * OVERSAMPLE, SIZE * OVERSAMPLE)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.scale(OVERSAMPLE, OVERSAMPLE)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    # The palette's text colour, so the icons read on light and dark themes alike.
    ink = QGuiApplication.palette().color(QPalette.ColorRole.WindowText)
    painter.setPen(QPen(ink, 5, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    draw(painter)
    painter.end()
    return QIcon(pixmap)


def brush() -> QIcon:
    def draw(p: QPainter) -> None:
        p.setBrush(p.pen().color())
        p.drawEllipse(QPointF(32, 32), 20, 20)

    return _icon(draw)


def eraser() -> QIcon:
    def draw(p: QPainter) -> None:
        p.drawEllipse(QPointF(32, 32), 20, 20)
        p.drawLine(QPointF(18, 46), QPointF(46, 18))

    return _icon(draw)


def rectangle() -> QIcon:
    return _icon(lambda p: p.drawRect(QRectF(12, 16, 40, 32)))


def ellipse() -> QIcon:
    return _icon(lambda p: p.drawEllipse(QRectF(10, 16, 44, 32)))


def lasso() -> QIcon:
    def draw(p: QPainter) -> None:
        path = QPainterPath(QPointF(14, 30))
        path.cubicTo(10, 8, 56, 6, 52, 28)
        path.cubicTo(50, 44, 26, 46, 22, 38)
        path.cubicTo(18, 32, 14, 40, 20, 54)
        p.drawPath(path)

    return _icon(draw)


def wand() -> QIcon:
    def draw(p: QPainter) -> None:
        p.drawLine(QPointF(14, 52), QPointF(38, 28))
        star = QPainterPath()
        for index in range(8):
            radius = 14 if index % 2 == 0 else 6
            angle = index * math.pi / 4
            point = QPointF(44 + radius * math.cos(angle), 20 + radius * math.sin(angle))
            star.moveTo(point) if index == 0 else star.lineTo(point)
        star.closeSubpath()
        p.setBrush(p.pen().color())
        p.drawPath(star)

    return _icon(draw)
