"""Region edits: the crop, the feathered composite, and the check for changes outside the mask."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ideogram_studio.core.geometry import Rect
from ideogram_studio.core.region import (
    MAX_SEND_PIXELS,
    OUTPUT_PIXELS,
    changes_outside,
    composite,
    crop_for_sending,
    plan_region,
    region_by_default,
)


def photo(width: int, height: int, seed: int = 1) -> np.ndarray:
    return np.random.default_rng(seed).integers(0, 256, (height, width, 3), dtype=np.uint8)


def mask_with(width: int, height: int, box: Rect) -> np.ndarray:
    mask = np.zeros((height, width), np.uint8)
    mask[box.slices] = 255
    return mask


def test_region_is_on_by_default_above_the_apis_output_size() -> None:
    assert not region_by_default(1024, 1024)
    assert region_by_default(1025, 1024) and region_by_default(6000, 4000)


def test_the_crop_is_the_masks_box_grown_by_the_margin_inside_the_photo() -> None:
    mask = mask_with(6000, 4000, Rect(2000, 1500, 800, 600))
    region = plan_region(mask, margin=100)
    assert region.crop == Rect(1900, 1400, 1000, 800)
    assert region.send_size == (1000, 800)
    default = plan_region(mask)
    assert default.margin == 200  # a quarter of the box's longer side
    assert default.crop.x == 1800 and default.crop.width == 1200


def test_a_crop_at_the_edge_stays_inside_and_keeps_its_size() -> None:
    mask = mask_with(3000, 2000, Rect(0, 1900, 300, 100))
    region = plan_region(mask, margin=50)
    crop = region.crop
    assert crop.x >= 0 and crop.y >= 0 and crop.right <= 3000 and crop.bottom <= 2000
    assert crop.intersect(Rect(0, 1900, 300, 100)) == Rect(0, 1900, 300, 100)
    assert crop.width >= 512 and crop.height >= 512  # a small mask gets context around it


def test_a_thin_mask_gets_a_crop_of_a_friendly_shape() -> None:
    mask = mask_with(6000, 4000, Rect(500, 2000, 5000, 40))  # a power line across the sky
    region = plan_region(mask, margin=20)
    assert region.crop.width / region.crop.height <= 2.0 + 1e-9
    w, h = region.send_size
    assert w * h <= MAX_SEND_PIXELS * 1.01
    assert abs(w / h - region.crop.width / region.crop.height) < 0.01


def test_the_crop_and_its_mask_are_scaled_together_for_sending() -> None:
    image = photo(6000, 4000)
    mask = mask_with(6000, 4000, Rect(1000, 1000, 3000, 2000))
    region = plan_region(mask, margin=100)
    assert region.send_size[0] * region.send_size[1] <= MAX_SEND_PIXELS * 1.01
    sent_image, sent_mask = crop_for_sending(image, mask, region)
    assert sent_image.shape[:2] == sent_mask.shape == region.send_size[::-1]
    assert set(np.unique(sent_mask).tolist()) == {0, 255}
    rows, cols = np.nonzero(sent_mask)
    sx = region.send_size[0] / region.crop.width
    assert abs(cols.min() - (1000 - region.crop.x) * sx) <= 1


def test_the_composite_keeps_every_pixel_outside_the_feathered_mask() -> None:
    original = photo(3000, 2000)
    box = Rect(1200, 800, 400, 300)
    mask = mask_with(3000, 2000, box)
    region = plan_region(mask, feather=16)
    result = np.full((1024, 1024, 3), (10, 200, 30), np.uint8)  # what the API sent back
    out = composite(original, result, mask, region)
    assert out.shape == original.shape and out.dtype == np.uint8
    outside = ~changes_outside_area(mask, 16)
    assert np.array_equal(out[outside], original[outside])
    assert (out[box.slices] == (10, 200, 30)).all()  # the edit area is fully replaced
    # The seam fades: a little outside the box, pixels are a blend of both.
    for dx in (6, 10, 14):
        seam = out[box.y + 150, box.right - 1 + dx].astype(int)
        before = original[box.y + 150, box.right - 1 + dx].astype(int)
        assert not np.array_equal(seam, before) and not np.array_equal(seam, (10, 200, 30))
        low, high = np.minimum(before, (10, 200, 30)), np.maximum(before, (10, 200, 30))
        assert ((low <= seam) & (seam <= high)).all()
    assert not changes_outside(original, out, mask, feather=16).any()


def changes_outside_area(mask: np.ndarray, feather: int) -> np.ndarray:
    import cv2

    return cv2.dilate(mask, np.ones((2 * feather + 1, 2 * feather + 1), np.uint8)) > 0


@settings(max_examples=25, deadline=None)
@given(
    x=st.integers(0, 280),
    y=st.integers(0, 180),
    w=st.integers(1, 120),
    h=st.integers(1, 120),
    margin=st.integers(0, 80),
    feather=st.integers(0, 24),
)
def test_nothing_outside_the_feathered_mask_ever_changes(x, y, w, h, margin, feather) -> None:
    original = photo(400, 300, seed=x + y)
    mask = mask_with(400, 300, Rect(x, y, w, h))
    region = plan_region(mask, margin=margin, feather=feather)
    result = photo(257, 191, seed=7)
    out = composite(original, result, mask, region)
    assert out.shape == original.shape
    assert not changes_outside(original, out, mask, feather=feather).any()
    inside = mask > 0
    assert not np.array_equal(out[inside], original[inside])


def test_a_whole_image_edit_shows_how_much_changed_outside_the_mask() -> None:
    original = photo(800, 600)
    mask = mask_with(800, 600, Rect(100, 100, 100, 100))
    whole_result = photo(512, 384, seed=9)  # another size, other pixels everywhere
    changed = changes_outside(original, whole_result, mask)
    assert changed.sum() > 0.9 * (800 * 600 - 100 * 100)
    assert not changed[mask > 0].any()


def test_an_empty_mask_has_no_region() -> None:
    with pytest.raises(ValueError):
        plan_region(np.zeros((10, 10), np.uint8))


def test_a_rgba_photo_keeps_its_alpha() -> None:
    original = np.dstack([photo(600, 500), np.full((500, 600), 128, np.uint8)])
    mask = mask_with(600, 500, Rect(200, 200, 50, 50))
    out = composite(original, photo(300, 300), mask, plan_region(mask))
    assert out.shape == (500, 600, 4) and (out[:, :, 3] == 128).all()


def test_output_pixels_is_about_a_megapixel() -> None:
    assert 0.9e6 < OUTPUT_PIXELS < 1.2e6
