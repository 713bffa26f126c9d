"""Brush strokes: the pixels a designer paints, erases and sees repainted."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from ideogram_studio.core.brush import Brush, stamp
from ideogram_studio.core.geometry import Rect
from ideogram_studio.core.mask import MaskEngine


def engine_with(
    radius: float,
    hardness: float = 1.0,
    width: int = 300,
    height: int = 200,
    pressure_size: bool = True,
) -> MaskEngine:
    engine = MaskEngine(width, height)
    engine.brush = Brush(radius=radius, hardness=hardness, pressure_size=pressure_size)
    return engine


def test_a_click_paints_a_round_dab_of_the_brush_size() -> None:
    engine = engine_with(radius=10)
    dirty = engine.begin_stroke(100.5, 80.5)
    engine.end_stroke()
    mask = engine.data
    assert mask[80, 100] == 255
    assert mask[80, 109] == 255 and mask[80, 91] == 255  # 9 px from the centre: inside
    assert mask[80, 112] == 0 and mask[67, 100] == 0  # 12 px and 13 px away: outside
    painted = np.count_nonzero(mask >= 128)
    assert abs(painted - np.pi * 10**2) < 0.05 * np.pi * 10**2
    assert dirty == Rect(90, 70, 21, 21)


def test_a_fast_drag_leaves_a_continuous_line() -> None:
    engine = engine_with(radius=6)
    engine.begin_stroke(20, 100)
    engine.stroke_to(280, 100)  # one mouse event far away: dabs are interpolated
    engine.end_stroke()
    row = engine.data[100, 20:280]
    assert (row == 255).all()
    assert (engine.data[103, 20:280] == 255).all()  # the full width, not a dotted trail
    assert (engine.data[110, :] == 0).all()


def test_spacing_does_not_depend_on_how_the_mouse_was_sampled() -> None:
    one_event = engine_with(radius=12, hardness=0.5)
    one_event.begin_stroke(10, 50)
    one_event.stroke_to(290, 150)
    many_events = engine_with(radius=12, hardness=0.5)
    many_events.begin_stroke(10, 50)
    for t in np.linspace(0, 1, 57)[1:]:
        many_events.stroke_to(10 + 280 * t, 50 + 100 * t)
    differing = np.count_nonzero(one_event.data != many_events.data)
    assert differing < 0.01 * np.count_nonzero(one_event.data)


def test_soft_brush_falls_off_from_centre_to_rim() -> None:
    engine = engine_with(radius=40, hardness=0.0)
    engine.begin_stroke(150.5, 100.5)
    profile = engine.data[100, 150:192].astype(int)
    assert profile[0] == 255
    assert 60 < profile[20] < 200  # half way: half painted
    assert profile[39] < 10 and profile[41] == 0
    assert (np.diff(profile) <= 0).all()  # never brighter further out


def test_hardness_keeps_a_solid_core() -> None:
    soft, hard = stamp(30, 0.2), stamp(30, 0.8)
    centre = soft.shape[0] // 2
    assert hard[centre, centre + 20] == 255  # inside 80 % of the radius
    assert soft[centre, centre + 20] < 128


def test_pressure_scales_the_radius() -> None:
    full = engine_with(radius=20)
    full.begin_stroke(100, 100, pressure=1.0)
    light = engine_with(radius=20)
    light.begin_stroke(100, 100, pressure=0.5)
    ignored = engine_with(radius=20, pressure_size=False)
    ignored.begin_stroke(100, 100, pressure=0.5)
    full_area = np.count_nonzero(full.data >= 128)
    assert abs(np.count_nonzero(light.data >= 128) / full_area - 0.25) < 0.04
    assert np.count_nonzero(ignored.data >= 128) == full_area


def test_pressure_changes_along_a_stroke() -> None:
    engine = engine_with(radius=20)
    engine.begin_stroke(30, 100, pressure=0.1)
    engine.stroke_to(270, 100, pressure=1.0)
    column_heights = (engine.data >= 128).sum(axis=0)
    assert column_heights[40] < 10 < 30 < column_heights[260]


def test_erasing_removes_paint_only_under_the_brush() -> None:
    engine = engine_with(radius=30)
    engine.fill()
    engine.brush = Brush(radius=10, hardness=1.0)
    engine.begin_stroke(50, 100, erase=True)
    engine.stroke_to(250, 100)
    engine.end_stroke()
    assert (engine.data[100, 50:250] == 0).all()
    assert (engine.data[50, :] == 255).all()
    assert engine.history.undo_label == "Erase stroke"


def test_strokes_off_the_edge_paint_the_part_inside() -> None:
    engine = engine_with(radius=15)
    assert engine.begin_stroke(-100, -100).is_empty
    dirty = engine.stroke_to(20, 20)
    engine.stroke_to(400, 20)
    engine.end_stroke()
    assert engine.data[0, 0] == 255 and engine.data[20, 299] == 255
    assert dirty.x == 0 and dirty.y == 0


def test_a_stroke_is_one_undo_step() -> None:
    engine = engine_with(radius=8)
    engine.begin_stroke(20, 20)
    for x in range(30, 280, 10):
        engine.stroke_to(x, 20 + x / 3)
    engine.end_stroke()
    assert len(engine.history) == 1
    engine.undo()
    assert not engine.data.any()
    assert not engine.history.can_undo


@settings(max_examples=60, deadline=None)
@given(
    points=st.lists(
        st.tuples(st.floats(-40, 340), st.floats(-40, 240), st.floats(0.05, 1.0)),
        min_size=1,
        max_size=12,
    ),
    radius=st.floats(0.5, 45),
    hardness=st.floats(0, 1),
    erase=st.booleans(),
)
def test_every_change_lies_inside_the_returned_dirty_rect(points, radius, hardness, erase) -> None:
    engine = engine_with(radius=30)
    engine.fill_rect(40, 40, 260, 160)  # something to erase
    engine.brush = Brush(radius=radius, hardness=hardness)
    calls = [lambda: engine.begin_stroke(*points[0][:2], points[0][2], erase=erase)]
    calls += [lambda p=p: engine.stroke_to(*p) for p in points[1:]]
    for call in calls:
        before = engine.data.copy()
        dirty = call()
        changed_rows, changed_columns = np.nonzero(before != engine.data)
        if len(changed_rows):
            assert dirty.y <= changed_rows.min() and changed_rows.max() < dirty.bottom
            assert dirty.x <= changed_columns.min() and changed_columns.max() < dirty.right
    whole_stroke = engine.end_stroke()
    if engine.history.undo_label == "Rectangle":
        assert whole_stroke.is_empty  # the stroke changed nothing, so it is no undo step
        return
    engine_before = engine.data.copy()
    engine.undo()
    undone_rows, undone_columns = np.nonzero(engine_before != engine.data)
    if len(undone_rows):
        assert whole_stroke.y <= undone_rows.min() and undone_rows.max() < whole_stroke.bottom
        assert whole_stroke.x <= undone_columns.min()
        assert undone_columns.max() < whole_stroke.right
