"""The masking tools as a table: each tool has a handler that turns a press, drags and a release
in image coordinates into mask edits, and returns the dirty area to repaint.

The canvas only translates pointer events into calls on `TOOLS[tool]`; everything a tool does
to the mask lives here, with no Qt, so it can be tested (and reused) without a window. A shape
being drawn is one immutable `ShapeDraft`, which also gives the preview its geometry.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, replace
from typing import NamedTuple, Protocol

import numpy as np

from ideogram_studio.core.geometry import EMPTY, Rect
from ideogram_studio.core.mask import MaskEngine, Mode
from ideogram_studio.i18n import QT_TRANSLATE_NOOP, translate

Point = tuple[float, float]  # image coordinates, sub-pixel


class Tool(enum.Enum):
    BRUSH = "Brush"
    ERASER = "Eraser"
    RECTANGLE = "Rectangle"
    ELLIPSE = "Ellipse"
    LASSO = "Lasso"
    WAND = "Magic wand"

    @property
    def paints(self) -> bool:
        """Brush and eraser: sized by the brush, with its outline as the cursor."""
        return self in (Tool.BRUSH, Tool.ERASER)

    @property
    def uses_mode(self) -> bool:
        """Shapes and the wand add or subtract, as the mode option (or Alt) says."""
        return self in (Tool.RECTANGLE, Tool.ELLIPSE, Tool.LASSO, Tool.WAND)


def tool_label(tool: Tool) -> str:
    """The tool's name in the user's language (the enum's value is the English one)."""
    return translate("Tool", TOOL_NAMES[tool])


TOOL_NAMES = {
    Tool.BRUSH: QT_TRANSLATE_NOOP("Tool", "Brush"),
    Tool.ERASER: QT_TRANSLATE_NOOP("Tool", "Eraser"),
    Tool.RECTANGLE: QT_TRANSLATE_NOOP("Tool", "Rectangle"),
    Tool.ELLIPSE: QT_TRANSLATE_NOOP("Tool", "Ellipse"),
    Tool.LASSO: QT_TRANSLATE_NOOP("Tool", "Lasso"),
    Tool.WAND: QT_TRANSLATE_NOOP("Tool", "Magic wand"),
}


class Preview(enum.Enum):
    """How the outline of a draft is drawn: a box or an oval between its first and last
    points, or the polygon through all of them."""

    BOX = "box"
    OVAL = "oval"
    POLYGON = "polygon"


@dataclass(frozen=True, slots=True)
class ShapeDraft:
    """A shape being drawn: where it began, the pointer positions since, and whether it
    subtracts (Alt held at the press). Changes make a new draft, so an old one stays valid."""

    tool: Tool
    start: Point
    points: tuple[Point, ...] = ()
    subtract: bool = False

    def with_point(self, point: Point) -> ShapeDraft:
        """The draft with one more point on its path (the lasso keeps every one)."""
        return replace(self, points=(*self.points, point))

    def with_corner(self, point: Point) -> ShapeDraft:
        """The draft with its moving corner at `point` (a box needs only the latest one)."""
        return replace(self, points=(point,))

    @property
    def end(self) -> Point:
        return self.points[-1] if self.points else self.start

    @property
    def outline(self) -> tuple[Point, ...]:
        """The points the preview is drawn through, start first."""
        return (self.start, *self.points)

    def bounds(self) -> tuple[float, float, float, float]:
        """Left, top, right and bottom of the outline, for repainting the preview."""
        xs = [p[0] for p in self.outline]
        ys = [p[1] for p in self.outline]
        return min(xs), min(ys), max(xs), max(ys)


@dataclass(frozen=True, slots=True)
class ToolContext:
    """What a tool reads besides the mask: the photo (for the wand) and the option bar."""

    image: np.ndarray | None = None
    mode: Mode = Mode.ADD
    tolerance: int = 32
    contiguous: bool = True

    def mode_for(self, subtract: bool) -> Mode:
        return Mode.SUBTRACT if subtract else self.mode


class ToolResult(NamedTuple):
    """What a handler call left behind. A NamedTuple: one is made on every pointer move."""

    draft: ShapeDraft | None = None  # the shape still being drawn, if any
    dirty: Rect = EMPTY  # the mask pixels that changed, to repaint
    finished: bool = False  # a whole change (one undo step) is done: tell the window


NOTHING = ToolResult()


class ToolHandler(Protocol):
    """One tool's behaviour. Calls for one gesture go to the handler that took the press."""

    preview: Preview | None  # how its draft is outlined (None: it makes no draft)

    def press(
        self,
        engine: MaskEngine,
        point: Point,
        context: ToolContext,
        *,
        pressure: float = 1.0,
        subtract: bool = False,
    ) -> ToolResult: ...

    def drag(
        self, engine: MaskEngine, draft: ShapeDraft | None, point: Point, pressure: float = 1.0
    ) -> ToolResult: ...

    def release(
        self, engine: MaskEngine, draft: ShapeDraft | None, point: Point, context: ToolContext
    ) -> ToolResult: ...


class StrokeHandler:
    """Brush and eraser: the stroke itself lives in the engine, which touches only the brush's
    box per move; pressure scales the brush."""

    preview: Preview | None = None

    def __init__(self, *, erase: bool) -> None:
        self.erase = erase

    def press(
        self,
        engine: MaskEngine,
        point: Point,
        context: ToolContext,
        *,
        pressure: float = 1.0,
        subtract: bool = False,
    ) -> ToolResult:
        return ToolResult(dirty=engine.begin_stroke(*point, pressure, erase=self.erase))

    def drag(
        self, engine: MaskEngine, draft: ShapeDraft | None, point: Point, pressure: float = 1.0
    ) -> ToolResult:
        # Something else (an undo mid-drag) may have ended the stroke: then the drag is over.
        if not engine.is_stroking:
            return NOTHING
        return ToolResult(dirty=engine.stroke_to(*point, pressure))

    def release(
        self, engine: MaskEngine, draft: ShapeDraft | None, point: Point, context: ToolContext
    ) -> ToolResult:
        if not engine.is_stroking:
            return NOTHING
        # A stroke always reports its end, even one that changed nothing (the window then
        # rechecks the whole mask).
        return ToolResult(dirty=engine.end_stroke(), finished=True)


class _ShapeHandler:
    """Rectangle, ellipse and lasso: drag out a draft, fill it on release."""

    preview: Preview | None

    def __init__(self, tool: Tool) -> None:
        self.tool = tool

    def press(
        self,
        engine: MaskEngine,
        point: Point,
        context: ToolContext,
        *,
        pressure: float = 1.0,
        subtract: bool = False,
    ) -> ToolResult:
        return ToolResult(ShapeDraft(self.tool, point, subtract=subtract))

    def drag(
        self, engine: MaskEngine, draft: ShapeDraft | None, point: Point, pressure: float = 1.0
    ) -> ToolResult:
        if draft is None:  # cancelled (Esc, another tool): the rest of the drag does nothing
            return NOTHING
        return ToolResult(self._extend(draft, point))

    def release(
        self, engine: MaskEngine, draft: ShapeDraft | None, point: Point, context: ToolContext
    ) -> ToolResult:
        if draft is None:
            return NOTHING
        # The mode is read now, as the option bar shows it when the shape lands.
        rect = self._fill(engine, self._extend(draft, point), context.mode_for(draft.subtract))
        return ToolResult(dirty=rect, finished=not rect.is_empty)

    def _extend(self, draft: ShapeDraft, point: Point) -> ShapeDraft:
        return draft.with_corner(point)

    def _fill(self, engine: MaskEngine, draft: ShapeDraft, mode: Mode) -> Rect:
        raise NotImplementedError


class RectangleHandler(_ShapeHandler):
    preview = Preview.BOX

    def _fill(self, engine: MaskEngine, draft: ShapeDraft, mode: Mode) -> Rect:
        return engine.fill_rect(*draft.start, *draft.end, mode)


class EllipseHandler(_ShapeHandler):
    preview = Preview.OVAL

    def _fill(self, engine: MaskEngine, draft: ShapeDraft, mode: Mode) -> Rect:
        return engine.fill_ellipse(*draft.start, *draft.end, mode)


class LassoHandler(_ShapeHandler):
    preview = Preview.POLYGON

    def _extend(self, draft: ShapeDraft, point: Point) -> ShapeDraft:
        return draft.with_point(point)

    def _fill(self, engine: MaskEngine, draft: ShapeDraft, mode: Mode) -> Rect:
        outline = draft.outline
        if len(outline) < 3:  # a click or a line encloses nothing
            return EMPTY
        return engine.fill_polygon(outline, mode)


class WandHandler:
    """The magic wand selects on the press; the drag and release that follow do nothing."""

    preview: Preview | None = None

    def press(
        self,
        engine: MaskEngine,
        point: Point,
        context: ToolContext,
        *,
        pressure: float = 1.0,
        subtract: bool = False,
    ) -> ToolResult:
        if context.image is None:
            return NOTHING
        x, y = point
        rect = engine.magic_wand(
            context.image,
            int(x),
            int(y),
            context.tolerance,
            context.mode_for(subtract),
            contiguous=context.contiguous,
        )
        return ToolResult(dirty=rect, finished=not rect.is_empty)

    def drag(
        self, engine: MaskEngine, draft: ShapeDraft | None, point: Point, pressure: float = 1.0
    ) -> ToolResult:
        return NOTHING

    def release(
        self, engine: MaskEngine, draft: ShapeDraft | None, point: Point, context: ToolContext
    ) -> ToolResult:
        return NOTHING


TOOLS: dict[Tool, ToolHandler] = {
    Tool.BRUSH: StrokeHandler(erase=False),
    Tool.ERASER: StrokeHandler(erase=True),
    Tool.RECTANGLE: RectangleHandler(Tool.RECTANGLE),
    Tool.ELLIPSE: EllipseHandler(Tool.ELLIPSE),
    Tool.LASSO: LassoHandler(Tool.LASSO),
    Tool.WAND: WandHandler(),
}
