"""Shapes, the wand and whole-mask operations: exact pixels, and each one a single undo step."""

from __future__ import annotations

import numpy as np
import pytest

from ideogram_studio.core.mask import MaskEngine, Mode


def test_rectangle_fills_exactly_the_pixels_between_the_corners() -> None:
    engine = MaskEngine(100, 80)
    dirty = engine.fill_rect(30, 25, 10, 20)  # dragged up and left: corners in any order
    expected = np.zeros((80, 100), np.uint8)
    expected[20:25, 10:30] = 255
    assert np.array_equal(engine.data, expected)
    assert (dirty.x, dirty.y, dirty.right, dirty.bottom) == (10, 20, 30, 25)
    engine.fill_rect(15, 0, 20, 80, Mode.SUBTRACT)
    expected[:, 15:20] = 0
    assert np.array_equal(engine.data, expected)
    assert engine.history.undo_label == "Rectangle (subtract)"


def test_ellipse_is_inscribed_in_its_box() -> None:
    engine = MaskEngine(200, 120)
    engine.fill_ellipse(20, 10, 180, 110)
    mask = engine.data
    assert mask[60, 100] == 255 and mask[60, 21] == 255 and mask[11, 100] == 255
    assert mask[12, 22] == 0 and mask[108, 178] == 0  # the box's corners stay clear
    area = np.count_nonzero(mask)
    assert abs(area - np.pi * 80 * 50) < 0.02 * np.pi * 80 * 50


def test_lasso_fills_the_polygon_and_subtracts() -> None:
    engine = MaskEngine(120, 120)
    triangle = [(10.0, 10.0), (110.0, 10.0), (10.0, 110.0)]
    engine.fill_polygon(triangle)
    mask = engine.data
    assert mask[20, 20] == 255 and mask[100, 100] == 0 and mask[15, 95] == 255
    assert abs(np.count_nonzero(mask) - 100 * 100 / 2) < 0.04 * 5000  # edges included
    engine.fill_polygon([(0, 0), (120, 0), (120, 30), (0, 30)], Mode.SUBTRACT)
    assert not mask[:30].any() and mask[40, 20] == 255
    assert engine.fill_polygon([(1, 1), (5, 5)]).is_empty  # two points enclose nothing


def test_lasso_outside_the_image_changes_nothing() -> None:
    engine = MaskEngine(50, 50)
    assert engine.fill_polygon([(100, 100), (150, 100), (120, 140)]).is_empty
    assert not engine.history.can_undo


def test_invert_clear_and_fill() -> None:
    engine = MaskEngine(70, 50)
    engine.fill_rect(0, 0, 35, 50)
    engine.invert()
    assert not engine.data[:, :35].any() and (engine.data[:, 35:] == 255).all()
    engine.clear()
    assert not engine.data.any()
    engine.fill()
    assert (engine.data == 255).all()
    assert engine.history.undo_label == "Fill mask"


def test_grow_makes_a_round_disk_and_shrink_takes_it_back() -> None:
    engine = MaskEngine(101, 101)
    engine.fill_rect(50, 50, 51, 51)  # one pixel
    engine.grow(20)
    mask = engine.data
    assert mask[50, 70] == 255 and mask[30, 50] == 255  # 20 px along the axes
    assert mask[50, 71] == 0
    assert mask[36, 36] == 255  # 19.8 px away diagonally: inside the disk
    assert mask[34, 34] == 0 and mask[30, 30] == 0  # 22.6 px: a square would include these
    assert abs(np.count_nonzero(mask) - np.pi * 20.5**2) < 0.06 * np.pi * 20.5**2
    engine.shrink(20)
    assert 1 <= np.count_nonzero(engine.data) <= 9 and engine.data[50, 50] == 255


def test_shrink_does_not_eat_in_from_the_image_edge() -> None:
    engine = MaskEngine(100, 60)
    engine.fill_rect(0, 0, 40, 60)  # touches the left, top and bottom edges
    engine.shrink(5)
    assert (engine.data[:, :35] == 255).all()
    assert not engine.data[:, 35:].any()


def test_large_grow_stays_round() -> None:
    engine = MaskEngine(161, 161)
    engine.fill_rect(80, 80, 81, 81)
    engine.grow(70)  # chained disk kernels
    radii = [np.count_nonzero(engine.data[80, 80:]), np.count_nonzero(engine.data[80:, 80])]
    assert radii == [71, 71]
    diagonal = np.count_nonzero(np.diagonal(engine.data)[80:])
    assert abs(diagonal * np.sqrt(2) - 70) < 4  # a square would reach 99 px along the diagonal


def test_feather_softens_only_the_edge() -> None:
    engine = MaskEngine(200, 100)
    engine.fill_rect(50, 20, 150, 80)
    engine.feather(10)
    mask = engine.data
    assert mask[50, 100] == 255  # deep inside
    assert mask[50, 5] == 0  # far outside
    assert 90 < mask[50, 50] < 165  # the old edge is now half-way grey
    edge = mask[50, 35:66].astype(int)
    assert (np.diff(edge) >= 0).all() and len(set(edge.tolist())) > 10


def test_feather_keeps_a_mask_that_fills_to_the_image_edge_solid() -> None:
    engine = MaskEngine(60, 60)
    engine.fill_rect(0, 0, 30, 60)
    engine.feather(8)
    assert (engine.data[:, 0] == 255).all()


def two_colour_image() -> np.ndarray:
    image = np.zeros((60, 90, 3), np.uint8)
    image[:, :30] = (200, 40, 40)  # red on the left
    image[:, 30:60] = (40, 40, 200)  # blue in the middle
    image[:, 60:] = (205, 45, 38)  # almost the same red on the right, not touching the left
    image[10, 10] = (210, 50, 35)  # a slightly different red pixel inside the left area
    return image


def test_wand_selects_the_connected_area_of_similar_colour() -> None:
    engine = MaskEngine(90, 60)
    engine.magic_wand(two_colour_image(), 5, 5, tolerance=16)
    expected = np.zeros((60, 90), np.uint8)
    expected[:, :30] = 255
    assert np.array_equal(engine.data, expected)
    assert engine.history.undo_label == "Magic wand"


def test_wand_tolerance_and_global_mode() -> None:
    image = two_colour_image()
    strict = MaskEngine(90, 60)
    strict.magic_wand(image, 5, 5, tolerance=0)
    assert strict.data[10, 10] == 0 and strict.data[5, 5] == 255
    everywhere = MaskEngine(90, 60)
    everywhere.magic_wand(image, 5, 5, tolerance=16, contiguous=False)
    assert (everywhere.data[:, 60:] == 255).all() and not everywhere.data[:, 30:60].any()


def test_wand_subtracts_and_works_on_rgba() -> None:
    engine = MaskEngine(90, 60)
    engine.fill()
    rgba = np.dstack([two_colour_image(), np.full((60, 90), 255, np.uint8)])
    engine.magic_wand(rgba, 45, 30, tolerance=10, mode=Mode.SUBTRACT)
    assert not engine.data[:, 30:60].any() and (engine.data[:, :30] == 255).all()
    assert engine.magic_wand(rgba, 500, 5).is_empty


def test_replace_checks_the_size() -> None:
    engine = MaskEngine(10, 10)
    with pytest.raises(ValueError, match="expected 10 x 10"):
        engine.replace(np.zeros((5, 10), np.uint8))


@pytest.mark.parametrize(
    "operation",
    [
        lambda e: e.fill_rect(5, 5, 60, 40),
        lambda e: e.fill_ellipse(0, 0, 130, 90),
        lambda e: e.fill_polygon([(3, 3), (120, 10), (60, 88)], Mode.SUBTRACT),
        lambda e: e.invert(),
        lambda e: e.clear(),
        lambda e: e.fill(),
        lambda e: e.grow(7),
        lambda e: e.shrink(4),
        lambda e: e.feather(6),
        lambda e: e.magic_wand(np.zeros((90, 130, 3), np.uint8), 1, 1),
    ],
)
def test_every_operation_undoes_and_redoes_exactly(operation) -> None:
    engine = MaskEngine(130, 90)  # not a multiple of the undo tile size
    engine.fill_ellipse(30, 20, 110, 80)
    before = engine.data.copy()
    operation(engine)
    after = engine.data.copy()
    assert not np.array_equal(before, after)
    engine.undo()
    assert np.array_equal(engine.data, before)
    engine.redo()
    assert np.array_equal(engine.data, after)
