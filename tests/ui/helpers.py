"""Driving the real window: raw mouse, tablet and key events, and a window fixture's helpers."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QMouseEvent, QPointingDevice, QTabletEvent
from PySide6.QtWidgets import QApplication, QWidget

from ideogram_studio.ui.canvas import Canvas

LEFT = Qt.MouseButton.LeftButton
NONE = Qt.MouseButton.NoButton
NO_KEYS = Qt.KeyboardModifier.NoModifier


def mouse(
    widget: QWidget,
    kind: QMouseEvent.Type,
    position: QPointF,
    button: Qt.MouseButton = LEFT,
    buttons: Qt.MouseButton | None = None,
    modifiers: Qt.KeyboardModifier = NO_KEYS,
) -> None:
    if buttons is None:
        buttons = NONE if kind == QMouseEvent.Type.MouseButtonRelease else button
    if kind == QMouseEvent.Type.MouseMove:
        button = NONE
    global_position = QPointF(widget.mapToGlobal(position.toPoint()))
    event = QMouseEvent(kind, position, global_position, button, buttons, modifiers)
    QApplication.sendEvent(widget, event)


def drag(
    widget: QWidget,
    points: Iterable[QPointF],
    button: Qt.MouseButton = LEFT,
    modifiers: Qt.KeyboardModifier = NO_KEYS,
) -> None:
    points = list(points)
    mouse(widget, QMouseEvent.Type.MouseButtonPress, points[0], button, modifiers=modifiers)
    for point in points[1:]:
        mouse(widget, QMouseEvent.Type.MouseMove, point, button, button, modifiers)
    mouse(widget, QMouseEvent.Type.MouseButtonRelease, points[-1], button, modifiers=modifiers)


def image_drag(canvas: Canvas, points: Iterable[tuple[float, float]], **options: object) -> None:
    """Drag through points given in image pixels (mapped through the current zoom and pan)."""
    drag(canvas, [canvas.to_widget(QPointF(x, y)) for x, y in points], **options)  # type: ignore[arg-type]


def tablet(
    canvas: Canvas,
    kind: QTabletEvent.Type,
    position: QPointF,
    pressure: float,
    *,
    eraser: bool = False,
) -> None:
    pointer = QPointingDevice.PointerType.Eraser if eraser else QPointingDevice.PointerType.Pen
    device = QPointingDevice(
        "test pen",
        1,
        QPointingDevice.DeviceType.Stylus,
        pointer,
        QPointingDevice.Capability.Position | QPointingDevice.Capability.Pressure,
        1,
        2,
    )
    button = NONE if kind == QTabletEvent.Type.TabletMove else LEFT
    buttons = NONE if kind == QTabletEvent.Type.TabletRelease else LEFT
    event = QTabletEvent(
        kind,
        device,
        position,
        QPointF(canvas.mapToGlobal(position.toPoint())),
        pressure,
        0.0,
        0.0,
        0.0,
        0.0,
        0.0,
        NO_KEYS,
        button,
        buttons,
    )
    QApplication.sendEvent(canvas, event)
    canvas._tablet_device = device  # keep the device alive as long as the event may refer to it


def painted(mask: np.ndarray) -> np.ndarray:
    return mask >= 128


def centre_of(widget: QWidget) -> QPoint:
    return QPoint(widget.width() // 2, widget.height() // 2)


def grab_colour(widget: QWidget, point: QPointF) -> tuple[int, int, int]:
    """The colour on screen at a widget position, as the user would see it."""
    image = widget.grab().toImage()
    colour = image.pixelColor(point.toPoint())
    return colour.red(), colour.green(), colour.blue()
