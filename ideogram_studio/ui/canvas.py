"""The mask canvas: the photo, the mask as a coloured overlay, and pointer input for the tools.

What each tool does lives in `core.tools` (a table from tool to handler, no Qt); the canvas turns
mouse and pen events into calls on the current tool's handler, repaints the dirty rectangles it
returns, and draws the outline of the shape being drawn (its `ShapeDraft`).

The overlay is an 8-bit indexed QImage over the mask engine's own buffer, with a colour table
that maps mask values to the overlay colour. Painting therefore never recolours anything: a
mouse event changes the mask in the brush's box and repaints only that box on screen.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from PySide6.QtCore import QPointF, QRect, QRectF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QEnterEvent,
    QImage,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPen,
    QPointingDevice,
    QPolygonF,
    QTabletEvent,
)
from PySide6.QtWidgets import QWidget

from ideogram_studio.core.brush import Brush
from ideogram_studio.core.geometry import EMPTY, Rect
from ideogram_studio.core.mask import MaskEngine, Mode
from ideogram_studio.core.tools import (
    TOOL_NAMES,
    TOOLS,
    Preview,
    ShapeDraft,
    Tool,
    ToolContext,
    ToolHandler,
    ToolResult,
    tool_label,
)
from ideogram_studio.ui.region_overlays import RegionOverlays, colour_table, wrap_mask
from ideogram_studio.ui.views import ZoomableView

# Tool and its names moved to core.tools; they are re-exported here for older importers.
__all__ = ["MAX_BRUSH", "MIN_BRUSH", "TOOL_NAMES", "Canvas", "Tool", "tool_label"]

MIN_BRUSH = 1
MAX_BRUSH = 2000  # diameter in image pixels
# The brush is sized to the photo: its diameter is this share of the photo's shorter side when
# nothing else was chosen, and another photo gets the same share of its own (so a brush looks
# the same on any fitted photo and covers the same part of the picture, not the same pixels).
BRUSH_SHARE = 0.04
# [ and ] multiply or divide the size by this, by at least one pixel, as Krita's steps do.
SIZE_STEP = 1.2
DEFAULT_OVERLAY = QColor(255, 45, 85)
# Every painted value is edited (core.mask.EDIT_THRESHOLD), so every one must show: the faintest
# is tinted as if painted at this strength, the ramp rising from there to 255 in proportion.
OVERLAY_FLOOR = 96


def overlay_alphas(opacity: float) -> list[int]:
    """The overlay's alpha for each mask value: 0 transparent, every other value visibly tinted
    (at least 1 at any opacity), stronger values proportionally stronger, 255 at `opacity`."""
    ramp = [OVERLAY_FLOOR + (255 - OVERLAY_FLOOR) * v / 255 for v in range(1, 256)]
    return [0] + [max(1, round(level * opacity)) for level in ramp]


def _box(path: QPainterPath, points: list[QPointF]) -> None:
    path.addRect(QRectF(points[0], points[-1]).normalized())


def _oval(path: QPainterPath, points: list[QPointF]) -> None:
    path.addEllipse(QRectF(points[0], points[-1]).normalized())


def _polygon(path: QPainterPath, points: list[QPointF]) -> None:
    path.addPolygon(QPolygonF(points))


# How each kind of draft outline becomes a path, in widget coordinates.
PREVIEW_PATHS: dict[Preview, Callable[[QPainterPath, list[QPointF]], None]] = {
    Preview.BOX: _box,
    Preview.OVAL: _oval,
    Preview.POLYGON: _polygon,
}


class Canvas(ZoomableView):
    """Shows the document and turns pointer input into mask edits."""

    mask_changed = Signal()  # after each finished stroke, shape or operation
    tool_changed = Signal(object)  # Tool
    brush_changed = Signal()  # size or hardness
    pointer_moved = Signal(int, int)  # image coordinates under the pointer

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.engine: MaskEngine | None = None
        self.image: np.ndarray | None = None
        self.tool = Tool.BRUSH
        self.shape_mode = Mode.ADD
        self.wand_tolerance = 32
        self.wand_contiguous = True
        self.mask_visible = True
        self.overlay_colour = QColor(DEFAULT_OVERLAY)
        self.overlay_opacity = 0.5
        self.region_colour: QColor | None = None  # the active prompt region's, when several
        self.regions = RegionOverlays()  # the other prompt regions' masks, under this one
        self._overlay: QImage | None = None
        self._pointer: QPointF | None = None  # widget position, for the brush outline
        self.draft: ShapeDraft | None = None  # the shape being drawn, in image coordinates
        self._handler: ToolHandler | None = None  # the one that took the press, till release
        self._tablet_down = False
        self.last_change = EMPTY  # the area the last finished change touched
        self.brush_share = BRUSH_SHARE  # the diameter as a share of the photo's shorter side
        self.brush_diameter = 120.0  # in image pixels, of the photo shown
        self.brush_hardness = 0.5
        self._side: int | None = None  # the shorter side of the photo shown

    # ----------------------------------------------------------------- document

    def set_document(self, image: np.ndarray, engine: MaskEngine) -> None:
        """Show a photo and paint into its mask (the document owns both)."""
        height, width = image.shape[:2]
        self.image = image
        self.engine = engine
        self._side = min(height, width)
        self.set_brush(share=self.brush_share)  # the same share of this photo as of the last
        # The last photo's regions go first: the overlay takes the colour of no region.
        self.regions.clear()
        self.region_colour = None
        self._overlay = wrap_mask(engine)
        self._overlay.setColorTable(self._colour_table())
        self.set_image(image)
        self.restore_cursor()
        self.last_change = self.engine.bounds  # the document says when the mask is new

    def set_engine(self, engine: MaskEngine, colour: QColor | None = None) -> None:
        """Paint into another mask of the photo shown (a prompt region), shown in `colour`
        (None: the overlay colour)."""
        self._cancel_shape()
        self.engine, self.region_colour = engine, colour
        self._overlay = wrap_mask(engine)
        self._overlay.setColorTable(self._colour_table())
        self._apply_brush()
        self.update()

    def apply(self, operation: Callable[[MaskEngine], Rect]) -> Rect:
        """Run a mask operation (invert, grow, undo…) and repaint what it changed."""
        if self.engine is None:
            return EMPTY
        rect = operation(self.engine)
        self.refresh(rect)
        if not rect.is_empty:
            self.last_change = rect
            self.mask_changed.emit()
        return rect

    def refresh(self, rect: Rect) -> None:
        if not rect.is_empty:
            self.update(self.widget_rect(rect))

    # ----------------------------------------------------------------- options

    def set_tool(self, tool: Tool) -> None:
        if tool is self.tool:
            return
        self._cancel_shape()
        self._update_outline()  # the brush circle goes when the new tool draws none
        self.tool = tool
        self.restore_cursor()
        self._update_outline()
        self.tool_changed.emit(tool)

    def set_brush(
        self,
        diameter: float | None = None,
        hardness: float | None = None,
        *,
        share: float | None = None,
    ) -> None:
        """Size the brush in image pixels (`diameter`) or as a share of the photo's shorter
        side (`share`, which a photo opened later keeps); either is held within the limits."""
        if share is not None and 0 < share <= 1:  # a damaged preference is no share
            self.brush_share = share
            if self._side is not None:
                diameter = share * self._side
        if diameter is not None:
            self._update_outline()  # erase the old outline
            self.brush_diameter = float(min(MAX_BRUSH, max(MIN_BRUSH, diameter)))
            if self._side is not None and share is None:
                self.brush_share = self.brush_diameter / self._side
        if hardness is not None:
            self.brush_hardness = float(min(1.0, max(0.0, hardness)))
        self._apply_brush()
        self._update_outline()
        self.brush_changed.emit()

    def step_brush(self, steps: int) -> None:
        """[ and ]: a step of SIZE_STEP per press, never less than a pixel (a small brush grows)."""
        diameter = self.brush_diameter
        for _ in range(abs(steps)):
            if steps > 0:
                diameter = max(diameter * SIZE_STEP, diameter + 1)
            else:
                diameter = min(diameter / SIZE_STEP, diameter - 1)
        self.set_brush(diameter)

    def set_overlay(self, colour: QColor | None = None, opacity: float | None = None) -> None:
        if colour is not None:
            self.overlay_colour = QColor(colour)
        if opacity is not None:
            self.overlay_opacity = min(1.0, max(0.05, opacity))
        if self._overlay is not None:
            self._overlay.setColorTable(self._colour_table())
        self.regions.set_alphas(overlay_alphas(self.overlay_opacity))
        self.update()

    def set_mask_visible(self, visible: bool) -> None:
        if visible != self.mask_visible:
            self.mask_visible = visible
            self.update()

    def _apply_brush(self) -> None:
        if self.engine is not None:
            self.engine.brush = Brush(self.brush_diameter / 2, self.brush_hardness)

    def _colour_table(self) -> list[int]:
        colour = self.region_colour or self.overlay_colour
        return colour_table(colour, overlay_alphas(self.overlay_opacity))

    # ----------------------------------------------------------------- pointer input

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        self.setFocus(Qt.FocusReason.MouseFocusReason)
        if self.starts_pan(event) or self.engine is None:
            return
        if event.button() != Qt.MouseButton.LeftButton:
            return
        alt = bool(event.modifiers() & Qt.KeyboardModifier.AltModifier)
        self._press(event.position(), 1.0, eraser_end=False, alt=alt)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if self.continues_pan(event):
            return
        self._move(
            event.position(), 1.0, dragging=bool(event.buttons() & Qt.MouseButton.LeftButton)
        )

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if self.ends_pan(event):
            return
        if event.button() == Qt.MouseButton.LeftButton:
            self._release(event.position())

    def tabletEvent(self, event: QTabletEvent) -> None:  # noqa: N802
        """Pen input: pressure scales the brush, and the pen's eraser end erases."""
        if self.engine is None or self._pan_from is not None or self.space_held:
            event.ignore()  # Qt then sends the mouse event, which pans
            return
        position, pressure = event.position(), max(0.05, event.pressure())
        eraser = event.pointerType() == QPointingDevice.PointerType.Eraser
        kind = event.type()
        if kind == QTabletEvent.Type.TabletPress:
            self._tablet_down = True
            alt = bool(event.modifiers() & Qt.KeyboardModifier.AltModifier)
            self._press(position, pressure, eraser_end=eraser, alt=alt)
        elif kind == QTabletEvent.Type.TabletMove:
            self._move(position, pressure, dragging=self._tablet_down)
        elif kind == QTabletEvent.Type.TabletRelease:
            self._tablet_down = False
            self._release(position)
        event.accept()

    def _context(self) -> ToolContext:
        return ToolContext(self.image, self.shape_mode, self.wand_tolerance, self.wand_contiguous)

    def _image_point(self, position: QPointF) -> tuple[float, float]:
        point = self.to_image(position)
        return point.x(), point.y()

    def _press(self, position: QPointF, pressure: float, *, eraser_end: bool, alt: bool) -> None:
        assert self.engine is not None
        # The pen's eraser end erases whatever tool is chosen.
        handler = TOOLS[Tool.ERASER if eraser_end else self.tool]
        self._handler = handler
        point = self._image_point(position)
        self._take(
            handler.press(self.engine, point, self._context(), pressure=pressure, subtract=alt)
        )

    def _move(self, position: QPointF, pressure: float, *, dragging: bool) -> None:
        self._update_outline()
        self._pointer = position
        self._update_outline()
        point = self._image_point(position)
        self.pointer_moved.emit(int(point[0]), int(point[1]))
        engine, handler = self.engine, self._handler
        if engine is None or handler is None or not dragging:
            return
        self._take(handler.drag(engine, self.draft, point, pressure))

    def _release(self, position: QPointF) -> None:
        engine, handler = self.engine, self._handler
        self._handler = None
        if engine is None or handler is None:
            return
        self._take(
            handler.release(engine, self.draft, self._image_point(position), self._context())
        )

    def _take(self, result: ToolResult) -> None:
        """Show what a handler did: the new draft, the repainted mask, a finished change."""
        self._set_draft(result.draft)
        self.refresh(result.dirty)
        # A stroke that changed nothing (a click beside the photo) is no edit of the mask.
        if result.finished and not result.dirty.is_empty:
            self.last_change = result.dirty
            self.mask_changed.emit()

    def _set_draft(self, draft: ShapeDraft | None) -> None:
        if draft is self.draft:
            return  # strokes keep no draft: nothing to repaint on their moves
        self._update_shape_preview()  # where the old outline was
        self.draft = draft
        self._update_shape_preview()

    def _cancel_shape(self) -> None:
        self._set_draft(None)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.key() == Qt.Key.Key_Escape and self.draft is not None:
            self._cancel_shape()
            event.accept()
            return
        super().keyPressEvent(event)

    def enterEvent(self, event: QEnterEvent) -> None:  # noqa: N802
        self._pointer = event.position()
        self._update_outline()
        super().enterEvent(event)

    def leaveEvent(self, event: object) -> None:  # noqa: N802
        self._update_outline()
        self._pointer = None
        super().leaveEvent(event)  # type: ignore[arg-type]

    def restore_cursor(self) -> None:
        if self.tool.paints and self.has_image:
            self.setCursor(Qt.CursorShape.BlankCursor)  # the outline is the cursor
        else:
            self.setCursor(Qt.CursorShape.CrossCursor)

    # ----------------------------------------------------------------- painting

    def _outline_rect(self) -> QRect | None:
        if self._pointer is None or not self.tool.paints:
            return None
        radius = self.brush_diameter / 2 * self.scale + 3
        centre = self._pointer
        return QRectF(
            centre.x() - radius, centre.y() - radius, 2 * radius, 2 * radius
        ).toAlignedRect()

    def _update_outline(self) -> None:
        rect = self._outline_rect()
        if rect is not None:
            self.update(rect)

    def _shape_bounds(self) -> QRect | None:
        if self.draft is None:
            return None
        left, top, right, bottom = self.draft.bounds()
        corners = QRectF(self.to_widget(QPointF(left, top)), self.to_widget(QPointF(right, bottom)))
        return corners.toAlignedRect().adjusted(-3, -3, 3, 3)

    def _update_shape_preview(self) -> None:
        rect = self._shape_bounds()
        if rect is not None:
            self.update(rect)

    def paint_extra(self, painter: QPainter, area: QRect) -> None:
        if self._overlay is not None and self.mask_visible:
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, self.scale < 1.0)
            self.regions.draw(painter, self.image_rect(), self.scale)
            painter.drawImage(self.image_rect(), self._overlay, QRectF(self._overlay.rect()))
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        self._paint_shape(painter)
        self._paint_outline(painter)
        self.regions.draw_label(painter)

    def _paint_outline(self, painter: QPainter) -> None:
        if self._pointer is None or not self.tool.paints or not self.has_image:
            return
        radius = max(1.0, self.brush_diameter / 2 * self.scale)
        centre = self._pointer
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(QPen(QColor(0, 0, 0, 160), 3))
        painter.drawEllipse(centre, radius, radius)
        painter.setPen(QPen(QColor(255, 255, 255, 230), 1))
        painter.drawEllipse(centre, radius, radius)
        painter.drawPoint(centre)

    def _paint_shape(self, painter: QPainter) -> None:
        draft = self.draft
        if draft is None:
            return
        preview = TOOLS[draft.tool].preview
        if preview is None:
            return
        path = QPainterPath()
        PREVIEW_PATHS[preview](path, [self.to_widget(QPointF(x, y)) for x, y in draft.outline])
        painter.setBrush(Qt.BrushStyle.NoBrush)
        for colour, style in (
            (QColor(0, 0, 0), Qt.PenStyle.SolidLine),
            (QColor(255, 255, 255), Qt.PenStyle.DashLine),
        ):
            painter.setPen(QPen(colour, 1, style))
            painter.drawPath(path)
