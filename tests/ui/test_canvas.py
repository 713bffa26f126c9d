"""Painting on the real canvas with raw mouse and tablet events; the mask's pixels are checked."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QEvent, QObject, QPoint, QPointF, Qt
from PySide6.QtGui import QMouseEvent, QTabletEvent, QWheelEvent
from PySide6.QtWidgets import QApplication

from ideogram_studio.core.tools import Tool
from tests.ui.helpers import (
    LEFT,
    drag,
    grab_colour,
    image_drag,
    mouse,
    painted,
    tablet,
)


def mask_of(window) -> np.ndarray:
    return window.canvas.engine.data


def test_a_brush_stroke_paints_where_the_pointer_went(cat_window) -> None:
    canvas = cat_window.canvas
    canvas.set_brush(20, 1.0)
    image_drag(canvas, [(100, 150), (200, 150), (300, 150)])
    mask = mask_of(cat_window)
    assert painted(mask)[150, 100:301].all()  # the whole path
    assert painted(mask)[150 - 9 : 150 + 10, 200].all()  # its width: 20 px
    assert not painted(mask)[150 - 13, 200] and not painted(mask)[150 + 13, 200]
    assert not painted(mask)[50, 50]
    assert cat_window.undo_label.text() == "Last: Brush stroke"


def test_painting_follows_zoom_and_pan(cat_window) -> None:
    canvas = cat_window.canvas
    canvas.set_brush(10, 1.0)
    canvas.zoom_to(3.0, QPointF(40, 40))
    canvas.pan_by(-120, 35)
    image_drag(canvas, [(220, 100), (260, 100)])
    mask = mask_of(cat_window)
    assert painted(mask)[100, 220:261].all()
    assert painted(mask).sum() < 60 * 14


def test_the_eraser_removes_paint(cat_window) -> None:
    canvas = cat_window.canvas
    canvas.set_brush(40, 1.0)
    image_drag(canvas, [(100, 150), (300, 150)])
    canvas.set_tool(Tool.ERASER)
    image_drag(canvas, [(200, 100), (200, 200)])
    mask = mask_of(cat_window)
    assert painted(mask)[150, 120] and painted(mask)[150, 280]
    assert not painted(mask)[150, 200]


def test_rectangle_ellipse_lasso_and_alt_subtracts(cat_window) -> None:
    canvas = cat_window.canvas
    canvas.set_tool(Tool.RECTANGLE)
    image_drag(canvas, [(50, 60), (120, 100), (150, 140)])
    mask = mask_of(cat_window)
    assert painted(mask)[60:140, 50:150].all()
    assert painted(mask).sum() == pytest.approx(100 * 80, rel=0.05)
    image_drag(canvas, [(60, 70), (80, 90)], modifiers=Qt.KeyboardModifier.AltModifier)
    assert not painted(mask)[72:88, 62:78].any()
    assert painted(mask)[100, 100]

    canvas.set_tool(Tool.ELLIPSE)
    image_drag(canvas, [(250, 50), (350, 150)])
    assert painted(mask)[100, 300] and not painted(mask)[52, 252]

    canvas.set_tool(Tool.LASSO)
    image_drag(canvas, [(300, 200), (400, 200), (400, 290), (300, 200)])
    assert painted(mask)[220, 390] and not painted(mask)[280, 310]


def test_escape_cancels_a_shape_being_drawn(cat_window, qtbot) -> None:
    canvas = cat_window.canvas
    canvas.set_tool(Tool.RECTANGLE)
    start, end = canvas.to_widget(QPointF(50, 50)), canvas.to_widget(QPointF(150, 150))
    mouse(canvas, QMouseEvent.Type.MouseButtonPress, start)
    mouse(canvas, QMouseEvent.Type.MouseMove, end, LEFT, LEFT)
    qtbot.keyClick(canvas, Qt.Key.Key_Escape)
    mouse(canvas, QMouseEvent.Type.MouseButtonRelease, end)
    assert not painted(mask_of(cat_window)).any()


def test_the_magic_wand_selects_similar_colour(window, tmp_path) -> None:
    from PIL import Image

    pixels = np.full((120, 200, 3), 230, np.uint8)
    pixels[20:80, 30:90] = (200, 40, 40)  # a red square
    Image.fromarray(pixels).save(tmp_path / "square.png")
    assert window.open_image(tmp_path / "square.png")
    canvas = window.canvas
    canvas.set_tool(Tool.WAND)
    point = canvas.to_widget(QPointF(50, 50))
    mouse(canvas, QMouseEvent.Type.MouseButtonPress, point)
    mouse(canvas, QMouseEvent.Type.MouseButtonRelease, point)
    mask = mask_of(window)
    assert painted(mask)[20:80, 30:90].all()
    assert painted(mask).sum() == 60 * 60


def test_the_overlay_shows_the_mask_in_colour_and_backslash_hides_it(cat_window, qtbot) -> None:
    canvas = cat_window.canvas
    canvas.set_brush(60, 1.0)
    image_drag(canvas, [(100, 150), (110, 150)])
    spot = canvas.to_widget(QPointF(105, 150))
    clear_spot = canvas.to_widget(QPointF(400, 40))
    before = grab_colour(canvas, spot)
    assert before[0] > before[1] + 60  # red overlay over the cat's fur
    canvas.set_overlay(opacity=0.05)
    faint = grab_colour(canvas, spot)
    canvas.set_overlay(opacity=0.5)
    assert faint[0] - faint[1] < before[0] - before[1]
    # Hold backslash: the mask disappears while the key is down.
    canvas.setFocus()
    qtbot.keyPress(canvas, Qt.Key.Key_Backslash)
    assert not canvas.mask_visible
    hidden = grab_colour(canvas, spot)
    assert hidden[0] - hidden[1] < before[0] - before[1] - 40
    qtbot.keyRelease(canvas, Qt.Key.Key_Backslash)
    assert canvas.mask_visible
    assert grab_colour(canvas, clear_spot) == grab_colour(canvas, clear_spot)


def test_each_mouse_move_repaints_only_a_small_rectangle(cat_window, qtbot) -> None:
    canvas = cat_window.canvas
    canvas.set_brush(16, 1.0)
    canvas.fit()
    qtbot.wait(50)
    areas: list[int] = []

    class PaintSpy(QObject):
        def eventFilter(self, watched, event):  # noqa: N802, ANN001, ANN201
            if event.type() == QEvent.Type.Paint:
                rect = event.rect()
                areas.append(rect.width() * rect.height())
            return False

    spy = PaintSpy()
    canvas.installEventFilter(spy)
    start = canvas.to_widget(QPointF(100, 150))
    mouse(canvas, QMouseEvent.Type.MouseButtonPress, start)
    for step in range(1, 30):
        mouse(canvas, QMouseEvent.Type.MouseMove, start + QPointF(step * 4, 0), LEFT, LEFT)
        QApplication.processEvents()
    mouse(canvas, QMouseEvent.Type.MouseButtonRelease, start + QPointF(120, 0))
    canvas.removeEventFilter(spy)
    assert len(areas) >= 20
    whole = canvas.width() * canvas.height()
    assert max(areas) < whole / 20


def test_tablet_pressure_scales_the_brush_and_the_eraser_end_erases(cat_window) -> None:
    canvas = cat_window.canvas
    canvas.set_brush(40, 1.0)
    for pressure, y in ((1.0, 80), (0.25, 200)):
        start, end = canvas.to_widget(QPointF(100, y)), canvas.to_widget(QPointF(300, y))
        tablet(canvas, QTabletEvent.Type.TabletPress, start, pressure)
        tablet(canvas, QTabletEvent.Type.TabletMove, end, pressure)
        tablet(canvas, QTabletEvent.Type.TabletRelease, end, pressure)
    mask = mask_of(cat_window)
    full = painted(mask)[:, 200][40:130].sum()
    light = painted(mask)[:, 200][150:260].sum()
    assert full == pytest.approx(40, abs=3)
    assert light < full / 2
    start, end = canvas.to_widget(QPointF(200, 40)), canvas.to_widget(QPointF(200, 120))
    tablet(canvas, QTabletEvent.Type.TabletPress, start, 1.0, eraser=True)
    tablet(canvas, QTabletEvent.Type.TabletMove, end, 1.0, eraser=True)
    tablet(canvas, QTabletEvent.Type.TabletRelease, end, 1.0, eraser=True)
    assert not painted(mask)[80, 200] and painted(mask)[80, 120]


def test_wheel_zooms_about_the_pointer(cat_window) -> None:
    canvas = cat_window.canvas
    pointer = canvas.to_widget(QPointF(300, 100))
    event = QWheelEvent(
        pointer,
        QPointF(canvas.mapToGlobal(pointer.toPoint())),
        QPoint(0, 0),
        QPoint(0, 240),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    scale = canvas.scale
    QApplication.sendEvent(canvas, event)
    assert canvas.scale == pytest.approx(scale * 1.44)
    under = canvas.to_image(pointer)
    assert (under.x(), under.y()) == pytest.approx((300, 100), abs=0.01)


def test_middle_button_and_space_drag_pan_without_painting(cat_window, qtbot) -> None:
    canvas = cat_window.canvas
    canvas.zoom_to(2.0)
    offset = canvas.offset
    drag(canvas, [QPointF(300, 300), QPointF(340, 320)], Qt.MouseButton.MiddleButton)
    assert canvas.offset - offset == QPointF(40, 20)
    canvas.setFocus()
    qtbot.keyPress(canvas, Qt.Key.Key_Space)
    offset = canvas.offset
    drag(canvas, [QPointF(300, 300), QPointF(280, 290)])
    qtbot.keyRelease(canvas, Qt.Key.Key_Space)
    assert canvas.offset - offset == QPointF(-20, -10)
    assert not painted(mask_of(cat_window)).any()


def test_a_few_thousand_mouse_moves_paint_without_trouble(cat_window) -> None:
    canvas = cat_window.canvas
    canvas.set_brush(8, 1.0)
    rng = np.random.default_rng(3)
    points = np.cumsum(rng.normal(0, 3, (3000, 2)), axis=0) + (225, 150)
    points = np.clip(points, 5, (445, 294))
    image_drag(canvas, [tuple(p) for p in points])
    for x, y in points[::97]:
        assert painted(mask_of(cat_window))[int(round(y)), int(round(x))]
    assert cat_window.canvas.engine.history.undo_label == "Brush stroke"
    cat_window.undo()
    assert not painted(mask_of(cat_window)).any()


def test_a_click_beside_the_photo_is_no_edit_of_the_mask(cat_window) -> None:
    canvas, document = cat_window.canvas, cat_window.document
    canvas.set_brush(20, 1.0)
    document.mask_unsent = False  # as after a Generate
    image_drag(canvas, [(-200, -200)])  # far outside the photo: the brush touches nothing
    assert not painted(mask_of(cat_window)).any()
    assert document.mask_unsent is False  # opening another photo asks nothing
    image_drag(canvas, [(100, 150)])
    assert document.mask_unsent is True
