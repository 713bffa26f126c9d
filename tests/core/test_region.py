"""Region edits: the crop, the feathered composite, and the check for changes outside the mask."""

from __future__ import annotations

import cv2
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ideogram_studio.core.brush import Brush
from ideogram_studio.core.geometry import Rect
from ideogram_studio.core.mask import MaskEngine
from ideogram_studio.core.region import (
    MAX_SEND_PIXELS,
    OUTPUT_PIXELS,
    blend_weights,
    changes_outside,
    composite,
    crop_for_sending,
    edit_area,
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


def soft_mask(width: int, height: int) -> np.ndarray:
    """A soft brush stroke: 255 at its core, falling to 1 at its rim."""
    engine = MaskEngine(width, height)
    engine.brush = Brush(60, hardness=0.2)
    engine.begin_stroke(width * 0.35, height * 0.5)
    engine.stroke_to(width * 0.65, height * 0.5)
    engine.end_stroke()
    return engine.copy()


def test_a_soft_mask_blends_the_result_in_proportion() -> None:
    original = np.full((300, 400, 3), 40, np.uint8)
    mask = soft_mask(400, 300)
    mask[10, 10:20] = 128  # a half-strength line, far from the stroke
    region = plan_region(mask, margin=20, feather=0)
    result = np.full((64, 64, 3), 240, np.uint8)  # flat: its resampling changes nothing
    out = composite(original, result, mask, region)
    assert (out[10, 10:20] == 140).all()  # mask 128: the midpoint of 40 and 240
    expected = 40 + 200 * mask.astype(np.float64) / 255
    assert np.abs(out[..., 0] - expected).max() <= 1  # everywhere in proportion
    assert (out[mask == 255] == 240).all()
    assert np.array_equal(out[mask == 0], original[mask == 0])  # zero weight: byte-equal


def test_the_feather_fades_a_hard_mask_as_before_and_never_weakens_a_soft_one() -> None:
    hard = mask_with(400, 300, Rect(120, 100, 160, 90))
    region = plan_region(hard, feather=16)
    weights = blend_weights(hard, region)
    # The former rule: dilate by half the feather, blur over the other half, 1 inside.
    crop = hard[region.crop.slices]
    disk = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (17, 17))
    before = cv2.GaussianBlur(cv2.dilate(crop, disk), (17, 17), 4.0, borderType=1)
    before = np.where(crop > 0, 1.0, before / 255.0)
    assert np.abs(weights - before).max() < 1e-6
    soft = soft_mask(400, 300)
    region = plan_region(soft, feather=16)
    weights = blend_weights(soft, region)
    painted = soft[region.crop.slices] / 255.0
    assert (weights >= painted - 1e-6).all()
    assert ((weights > 0) & (painted == 0)).any()  # a fade outside the painted area...
    reach = edit_area(soft, 16)[region.crop.slices]
    assert not weights[~reach].any()  # ...within the feather's width
    assert ((weights < 1) & (painted > 0)).sum() > 0.5 * ((painted > 0) & (painted < 1)).sum()


def test_a_16_bit_photo_is_pasted_into_exactly() -> None:
    rng = np.random.default_rng(3)
    original = rng.integers(0, 65536, (300, 400, 3), dtype=np.uint16)
    mask = soft_mask(400, 300)
    region = plan_region(mask, feather=12)
    result = rng.integers(0, 65536, (200, 260, 3), dtype=np.uint16)
    out = composite(original, result, mask, region)
    assert out.dtype == np.uint16 and out.shape == original.shape
    kept = blend_weights_whole(mask, region) == 0
    assert np.array_equal(out[kept], original[kept])  # bit for bit, outside the edge
    assert not changes_outside(original, out, mask, feather=12).any()
    flat = composite(original, np.full((50, 50, 3), 60000, np.uint16), mask, plan_region(mask))
    assert (flat[mask == 255] == 60000).all()
    eight = composite(original, np.full((50, 50, 3), 255, np.uint8), mask, plan_region(mask))
    assert (eight[mask == 255] == 65535).all()  # an 8-bit result is brought to 16 bits


def test_a_16_bit_rgba_photo_keeps_its_alpha_untouched() -> None:
    rng = np.random.default_rng(4)
    original = rng.integers(0, 65536, (300, 400, 4), dtype=np.uint16)
    mask = soft_mask(400, 300)
    out = composite(original, np.zeros((90, 90, 3), np.uint16), mask, plan_region(mask))
    assert out.shape == (300, 400, 4) and np.array_equal(out[..., 3], original[..., 3])
    assert (out[mask == 255][:, :3] == 0).all()


def blend_weights_whole(mask: np.ndarray, region) -> np.ndarray:  # noqa: ANN001
    """The blend weights laid over the whole photo (0 outside the crop)."""
    whole = np.zeros(mask.shape, np.float32)
    whole[region.crop.slices] = blend_weights(mask, region)
    return whole


def test_a_crop_with_nothing_painted_in_it_pastes_nothing() -> None:
    original = photo(300, 200)
    mask = mask_with(300, 200, Rect(100, 80, 20, 20))
    region = plan_region(mask, feather=10)
    assert not blend_weights(np.zeros_like(mask), region).any()
    out = composite(original, photo(64, 64), np.zeros_like(mask), region)
    assert np.array_equal(out, original)
