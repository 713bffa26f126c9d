"""The tool table without a window: press, drag and release in image coordinates, and the
mask pixels a user would see afterwards."""

from __future__ import annotations

import dataclasses
import subprocess
import sys

import numpy as np
import pytest

from ideogram_studio.core.brush import Brush
from ideogram_studio.core.geometry import EMPTY, Rect
from ideogram_studio.core.mask import MaskEngine, Mode
from ideogram_studio.core.tools import (
    TOOLS,
    Point,
    Preview,
    ShapeDraft,
    Tool,
    ToolContext,
    ToolResult,
    tool_label,
)


def painted(engine: MaskEngine) -> np.ndarray:
    return engine.data >= 128


def engine_with(diameter: float = 20, width: int = 300, height: int = 200) -> MaskEngine:
    engine = MaskEngine(width, height)
    engine.brush = Brush(diameter / 2, 1.0)
    return engine


def gesture(
    engine: MaskEngine,
    tool: Tool,
    points: list[Point],
    context: ToolContext | None = None,
    *,
    pressure: float = 1.0,
    subtract: bool = False,
) -> list[ToolResult]:
    """Press at the first point, drag through the others and release at the last, as a mouse
    does; like the canvas, every call goes to the handler that took the press, with the latest
    draft."""
    context = context or ToolContext()
    handler = TOOLS[tool]
    results = [handler.press(engine, points[0], context, pressure=pressure, subtract=subtract)]
    for point in points[1:]:
        results.append(handler.drag(engine, results[-1].draft, point, pressure))
    results.append(handler.release(engine, results[-1].draft, points[-1], context))
    return results


def test_every_tool_has_a_handler() -> None:
    assert set(TOOLS) == set(Tool)
    assert [tool_label(tool) for tool in Tool] == [tool.value for tool in Tool]


def test_a_brush_drag_paints_a_line_and_reports_it_once_at_the_end() -> None:
    engine = engine_with(diameter=20)
    results = gesture(engine, Tool.BRUSH, [(50, 100), (150, 100), (250, 100)])
    mask = painted(engine)
    assert mask[100, 50:251].all()
    assert mask[100 - 9 : 100 + 10, 150].all() and not mask[100 - 13, 150]
    assert not mask[20, 20]
    assert [r.finished for r in results] == [False, False, False, True]
    assert all(r.draft is None for r in results)  # a stroke lives in the engine, not a draft
    assert results[-1].dirty.intersect(Rect(50, 100, 201, 1)) == Rect(50, 100, 201, 1)
    assert engine.history.undo_label == "Brush stroke"


def test_each_drag_of_a_stroke_touches_only_the_brushs_box() -> None:
    engine = engine_with(diameter=16, width=2000, height=1500)
    handler = TOOLS[Tool.BRUSH]
    handler.press(engine, (500, 500), ToolContext())
    for step in range(1, 40):
        dirty = handler.drag(engine, None, (500 + step * 3, 500), 1.0).dirty
        assert dirty.width <= 16 + 3 + 2 and dirty.height <= 16 + 2
    handler.release(engine, None, (620, 500), ToolContext())


def test_the_eraser_removes_paint() -> None:
    engine = engine_with(diameter=40)
    gesture(engine, Tool.BRUSH, [(50, 100), (250, 100)])
    gesture(engine, Tool.ERASER, [(150, 50), (150, 150)])
    mask = painted(engine)
    assert mask[100, 70] and mask[100, 230]
    assert not mask[100, 150]
    assert engine.history.undo_label == "Erase stroke"


def test_pressure_thins_the_stroke() -> None:
    engine = engine_with(diameter=40)
    gesture(engine, Tool.BRUSH, [(50, 50), (250, 50)], pressure=1.0)
    gesture(engine, Tool.BRUSH, [(50, 150), (250, 150)], pressure=0.25)
    mask = painted(engine)
    full, light = mask[:100, 150].sum(), mask[100:, 150].sum()
    assert full == pytest.approx(40, abs=3)
    assert light < full / 2


def test_a_drag_after_the_stroke_was_ended_elsewhere_paints_nothing() -> None:
    engine = engine_with()
    handler = TOOLS[Tool.BRUSH]
    handler.press(engine, (50, 50), ToolContext())
    engine.undo()  # e.g. Ctrl+Z while the button is still down
    assert handler.drag(engine, None, (150, 50), 1.0) == ToolResult()
    assert handler.release(engine, None, (150, 50), ToolContext()) == ToolResult()
    assert not painted(engine).any()


def test_a_rectangle_fills_between_press_and_release() -> None:
    engine = engine_with()
    results = gesture(engine, Tool.RECTANGLE, [(50, 60), (120, 100), (150, 140)])
    mask = painted(engine)
    assert mask[60:140, 50:150].all()
    assert mask.sum() == 100 * 80
    assert results[-1].finished and results[-1].draft is None
    assert results[-1].dirty.intersect(Rect(50, 60, 100, 80)) == Rect(50, 60, 100, 80)
    assert not any(r.finished for r in results[:-1])  # nothing lands before the release


def test_alt_subtracts_whatever_the_mode() -> None:
    engine = engine_with()
    gesture(engine, Tool.RECTANGLE, [(50, 60), (150, 140)])
    gesture(engine, Tool.RECTANGLE, [(60, 70), (80, 90)], subtract=True)
    mask = painted(engine)
    assert not mask[70:90, 60:80].any()
    assert mask[100, 100]
    assert engine.history.undo_label == "Rectangle (subtract)"


def test_the_subtract_mode_removes_without_alt() -> None:
    engine = engine_with()
    gesture(engine, Tool.RECTANGLE, [(50, 60), (150, 140)])
    gesture(engine, Tool.ELLIPSE, [(60, 60), (140, 140)], ToolContext(mode=Mode.SUBTRACT))
    mask = painted(engine)
    assert not mask[100, 100] and mask[62, 52] and mask[138, 148]


def test_an_ellipse_fills_its_inscribed_oval() -> None:
    engine = engine_with()
    gesture(engine, Tool.ELLIPSE, [(100, 50), (200, 150)])
    mask = painted(engine)
    assert mask[100, 150] and mask[100, 102] and mask[52, 150]
    assert not mask[52, 102] and not mask[148, 198]  # the box's corners stay clear
    assert mask.sum() == pytest.approx(np.pi * 50**2, rel=0.03)


def test_a_lasso_fills_the_path_it_was_dragged_along() -> None:
    engine = engine_with()
    results = gesture(engine, Tool.LASSO, [(100, 20), (200, 20), (200, 110), (100, 20)])
    mask = painted(engine)
    assert mask[40, 190] and not mask[100, 110]  # above the diagonal, not below it
    assert results[-2].draft is not None
    assert results[-2].draft.outline == ((100, 20), (200, 20), (200, 110), (100, 20))


def test_a_lasso_of_fewer_than_three_points_does_nothing() -> None:
    engine = engine_with()
    handler, context = TOOLS[Tool.LASSO], ToolContext()
    # A click, then a press and release apart with no drag between: one point, then two.
    for end in ((100, 20), (200, 120)):
        draft = handler.press(engine, (100, 20), context).draft
        assert handler.release(engine, draft, end, context) == ToolResult()
    assert not painted(engine).any()
    assert engine.history.undo_label is None


def test_a_cancelled_shape_leaves_the_mask_alone() -> None:
    engine = engine_with()
    handler = TOOLS[Tool.RECTANGLE]
    handler.press(engine, (10, 10), ToolContext())
    # Esc drops the draft; the canvas keeps passing None for the rest of the drag.
    assert handler.drag(engine, None, (100, 100), 1.0) == ToolResult()
    assert handler.release(engine, None, (100, 100), ToolContext()) == ToolResult()
    assert not painted(engine).any()


def test_the_wand_selects_a_colour_region_on_the_press() -> None:
    image = np.full((120, 200, 3), 230, np.uint8)
    image[20:80, 30:90] = (200, 40, 40)  # a red square
    image[20:80, 130:190] = (205, 42, 38)  # a second one, apart from the first
    engine = MaskEngine(200, 120)
    context = ToolContext(image, tolerance=32, contiguous=True)
    result = TOOLS[Tool.WAND].press(engine, (50.7, 50.2), context)
    assert result.finished and result.draft is None
    mask = painted(engine)
    assert mask[20:80, 30:90].all() and mask.sum() == 60 * 60
    # The drag and release that follow the press do nothing more.
    assert TOOLS[Tool.WAND].drag(engine, None, (150, 50), 1.0) == ToolResult()
    assert TOOLS[Tool.WAND].release(engine, None, (150, 50), context) == ToolResult()

    engine = MaskEngine(200, 120)
    gesture(engine, Tool.WAND, [(50, 50), (50, 50)], dataclasses.replace(context, contiguous=False))
    assert painted(engine).sum() == 2 * 60 * 60

    TOOLS[Tool.WAND].press(engine, (150, 50), context, subtract=True)
    mask = painted(engine)
    assert mask[50, 50] and not mask[50, 150]


def test_the_wand_outside_the_image_changes_nothing() -> None:
    image = np.zeros((50, 50, 3), np.uint8)
    engine = MaskEngine(50, 50)
    assert TOOLS[Tool.WAND].press(engine, (80, 10), ToolContext(image)) == ToolResult()
    assert not painted(engine).any()


def test_a_draft_is_immutable() -> None:
    draft = ShapeDraft(Tool.LASSO, (1.0, 2.0))
    longer = draft.with_point((3.0, 4.0))
    assert longer is not draft
    assert draft.points == () and longer.points == ((3.0, 4.0),)
    assert longer.with_point((5.0, 1.0)).outline == ((1.0, 2.0), (3.0, 4.0), (5.0, 1.0))
    assert longer.outline == ((1.0, 2.0), (3.0, 4.0))
    with pytest.raises(dataclasses.FrozenInstanceError):
        draft.start = (0.0, 0.0)  # type: ignore[misc]


def test_a_box_draft_keeps_only_its_moving_corner() -> None:
    draft = ShapeDraft(Tool.RECTANGLE, (10.0, 20.0), subtract=True)
    assert draft.end == (10.0, 20.0)
    moved = draft.with_corner((50.0, 5.0)).with_corner((30.0, 40.0))
    assert moved.outline == ((10.0, 20.0), (30.0, 40.0)) and moved.end == (30.0, 40.0)
    assert moved.subtract and moved.bounds() == (10.0, 20.0, 30.0, 40.0)
    assert draft.points == ()


def test_the_drafts_of_a_drag_give_the_preview_its_geometry() -> None:
    engine = engine_with()
    results = gesture(engine, Tool.ELLIPSE, [(80, 90), (40, 30), (60, 70)])
    drafts = [r.draft for r in results[:-1]]
    assert all(d is not None for d in drafts)
    assert [d.bounds() for d in drafts if d] == [
        (80, 90, 80, 90),
        (40, 30, 80, 90),
        (60, 70, 80, 90),
    ]
    assert TOOLS[Tool.ELLIPSE].preview is Preview.OVAL
    assert TOOLS[Tool.RECTANGLE].preview is Preview.BOX
    assert TOOLS[Tool.LASSO].preview is Preview.POLYGON
    assert TOOLS[Tool.BRUSH].preview is None and TOOLS[Tool.WAND].preview is None


def test_a_shape_outside_the_image_reports_no_change() -> None:
    engine = engine_with()
    result = gesture(engine, Tool.RECTANGLE, [(-50, -50), (-10, -10)])[-1]
    assert result == ToolResult(None, EMPTY, False)


def test_which_tools_use_the_mode_and_which_paint() -> None:
    assert {t for t in Tool if t.paints} == {Tool.BRUSH, Tool.ERASER}
    assert {t for t in Tool if t.uses_mode} == {
        Tool.RECTANGLE,
        Tool.ELLIPSE,
        Tool.LASSO,
        Tool.WAND,
    }


def test_the_tools_module_imports_no_qt() -> None:
    code = (
        "import sys, ideogram_studio.core.tools; "
        "print(sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken'))))"
    )
    output = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert output.strip() == "[]"
