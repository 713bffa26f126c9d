"""Undo and redo: any sequence of edits walks back and forth to exactly the same pixels."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from ideogram_studio.core.brush import Brush
from ideogram_studio.core.mask import MaskEngine, Mode

WIDTH, HEIGHT = 150, 97  # not multiples of the 64-pixel undo tiles

coordinate = st.tuples(st.floats(-20, WIDTH + 20), st.floats(-20, HEIGHT + 20))
edit = st.one_of(
    st.tuples(st.just("stroke"), st.lists(coordinate, min_size=1, max_size=6), st.booleans()),
    st.tuples(st.just("rect"), coordinate, coordinate, st.sampled_from(Mode)),
    st.tuples(st.just("ellipse"), coordinate, coordinate, st.sampled_from(Mode)),
    st.tuples(
        st.just("lasso"), st.lists(coordinate, min_size=3, max_size=7), st.sampled_from(Mode)
    ),
    st.tuples(st.just("whole"), st.sampled_from(["invert", "clear", "fill"])),
    st.tuples(st.just("morph"), st.sampled_from(["grow", "shrink", "feather"]), st.integers(1, 9)),
)
action = st.one_of(edit, st.just(("undo",)), st.just(("redo",)))


def apply(engine: MaskEngine, step: tuple) -> None:
    kind = step[0]
    if kind == "stroke":
        points, erase = step[1], step[2]
        engine.begin_stroke(*points[0], erase=erase)
        for point in points[1:]:
            engine.stroke_to(*point)
        engine.end_stroke()
    elif kind == "rect":
        engine.fill_rect(*step[1], *step[2], step[3])
    elif kind == "ellipse":
        engine.fill_ellipse(*step[1], *step[2], step[3])
    elif kind == "lasso":
        engine.fill_polygon(step[1], step[2])
    elif kind in ("whole", "morph"):
        getattr(engine, step[1])(*step[2:])


@settings(max_examples=80, deadline=None)
@given(actions=st.lists(action, max_size=25))
def test_undo_and_redo_follow_a_reference_model(actions: list[tuple]) -> None:
    """The model keeps full copies; the engine keeps packed tiles. They must always agree."""
    engine = MaskEngine(WIDTH, HEIGHT)
    engine.brush = Brush(radius=9, hardness=0.6)
    done = [engine.data.copy()]  # states reachable by undo; the last is the current one
    undone: list[np.ndarray] = []
    for step in actions:
        if step[0] == "undo":
            engine.undo()
            if len(done) > 1:
                undone.append(done.pop())
        elif step[0] == "redo":
            engine.redo()
            if undone:
                done.append(undone.pop())
        else:
            apply(engine, step)
            if not np.array_equal(engine.data, done[-1]):
                done.append(engine.data.copy())
                undone.clear()
        assert np.array_equal(engine.data, done[-1])
        assert engine.history.can_undo == (len(done) > 1)
        assert engine.history.can_redo == bool(undone)
    while engine.history.can_undo:  # and all the way back to the blank mask
        engine.undo()
    assert not engine.data.any()


def test_undo_memory_follows_the_pixels_changed_not_the_image_size() -> None:
    engine = MaskEngine(6000, 4000)
    engine.brush = Brush(radius=20)
    engine.begin_stroke(100, 100)
    engine.stroke_to(400, 300)
    engine.end_stroke()
    engine.history.flush()
    assert engine.history.nbytes < 64 * 1024  # the mask itself is 24 MB


def test_the_memory_cap_drops_the_oldest_steps_first() -> None:
    engine = MaskEngine(640, 640, history_limit_bytes=60_000)
    engine.brush = Brush(radius=30, hardness=0.3)  # soft edges do not pack to one byte a tile
    for row in range(20):
        engine.begin_stroke(10, 15 + row * 30)
        engine.stroke_to(630, 15 + row * 30)
        engine.end_stroke()
        engine.history.flush()
    kept = len(engine.history)
    assert 1 <= kept < 20
    assert engine.history.nbytes <= 60_000
    for _ in range(kept):
        engine.undo()
    assert not engine.history.can_undo
    assert engine.data[15, 300] == 255  # the dropped first strokes stay painted
    assert engine.data[15 + 19 * 30, 300] == 0  # the newest were undone


def test_a_new_edit_clears_redo() -> None:
    engine = MaskEngine(50, 50)
    engine.fill_rect(0, 0, 10, 10)
    engine.undo()
    assert engine.history.redo_label == "Rectangle"
    engine.fill_rect(20, 20, 30, 30)
    assert not engine.history.can_redo
    assert engine.redo().is_empty


def test_undo_during_a_stroke_finishes_it_first() -> None:
    engine = MaskEngine(80, 80)
    engine.begin_stroke(10, 10)
    engine.stroke_to(70, 10)
    dirty = engine.undo()
    assert not engine.data.any() and not engine.is_stroking
    assert not dirty.is_empty
