"""The mask file that is uploaded (black = edit) and masks read back from files."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from ideogram_studio.core.mask import MaskEngine
from ideogram_studio.core.maskfile import encode_upload_mask, read_mask
from ideogram_studio.errors import ImageLoadError


def decode(png: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(png))
    image.load()
    return image


def test_upload_png_is_8_bit_gray_black_where_painted_at_the_exact_size() -> None:
    engine = MaskEngine(451, 300)  # the odd width catches a forgotten row stride
    engine.fill_rect(100, 50, 200, 120)
    image = decode(encode_upload_mask(engine.data))
    assert image.format == "PNG" and image.mode == "L" and image.size == (451, 300)
    pixels = np.asarray(image)
    expected = np.full((300, 451), 255, np.uint8)
    expected[50:120, 100:200] = 0
    assert np.array_equal(pixels, expected)


def test_every_soft_value_is_sent_as_edit() -> None:
    engine = MaskEngine(200, 100)
    engine.fill_rect(50, 20, 150, 80)
    engine.feather(12)
    soft = engine.data.copy()
    assert ((soft > 0) & (soft < 128)).any()  # a faint rim, once sent as "keep"
    pixels = np.asarray(decode(encode_upload_mask(soft)))
    assert set(np.unique(pixels).tolist()) == {0, 255}
    assert np.array_equal(pixels == 0, soft > 0)


def test_an_empty_mask_exports_all_white() -> None:
    engine = MaskEngine(64, 48)
    assert not engine.has_edit_area()
    pixels = np.asarray(decode(encode_upload_mask(engine.data)))
    assert (pixels == 255).all()


def write(pixels: np.ndarray, path: Path) -> Path:
    Image.fromarray(pixels).save(path)
    return path


def test_read_mask_in_ideogram_convention_and_inverted(tmp_path: Path) -> None:
    file_pixels = np.full((40, 60), 255, np.uint8)
    file_pixels[10:20, 5:25] = 0  # black = edit
    path = write(file_pixels, tmp_path / "mask.png")
    mask = read_mask(path, 60, 40)
    assert np.array_equal(mask == 255, file_pixels == 0)
    inverted = read_mask(path, 60, 40, white_is_edit=True)
    assert np.array_equal(inverted == 255, file_pixels == 255)


def test_round_trip_through_the_upload_file(tmp_path: Path) -> None:
    engine = MaskEngine(130, 70)
    engine.fill_ellipse(10, 5, 120, 60)
    path = tmp_path / "sent.png"
    path.write_bytes(encode_upload_mask(engine.data))
    assert np.array_equal(read_mask(path, 130, 70), engine.data)


def test_a_hard_mask_of_another_size_is_scaled_nearest_neighbour(tmp_path: Path) -> None:
    small = np.full((20, 30), 255, np.uint8)
    small[:, :15] = 0  # left half edit
    small[5, 20] = 0  # one black pixel: a 2 x 2 block, never smeared
    mask = read_mask(write(small, tmp_path / "half.png"), 60, 40)
    assert mask.shape == (40, 60)
    assert set(np.unique(mask).tolist()) == {0, 255}
    assert (mask[:, :30] == 255).all() and not mask[:, 30:40].any()
    assert (mask[10:12, 40:42] == 255).all() and not mask[9, 40] and not mask[10, 42]


def test_a_soft_mask_of_another_size_keeps_its_gradient(tmp_path: Path) -> None:
    ramp = np.tile(np.linspace(255, 0, 30).round().astype(np.uint8), (20, 1))
    ramp[:, 25:] = 255  # keep at the right
    mask = read_mask(write(ramp, tmp_path / "ramp.png"), 60, 40)
    assert mask.shape == (40, 60)
    row = mask[20].astype(int)
    assert row[0] == 0 and row[48] > 200  # black = edit: the dark end is strong
    assert (np.diff(row[:48]) >= 0).all() and len(np.unique(row[:48])) > 30  # smooth, no steps
    assert not mask[:, 52:].any()  # keep stays exactly keep
    shrunk = read_mask(write(ramp, tmp_path / "ramp.png"), 15, 10)
    assert shrunk[5, 0] < 20 < shrunk[5, 10] and not shrunk[:, 13:].any()


def test_a_grey_pixel_is_a_soft_edit_in_either_convention(tmp_path: Path) -> None:
    pixels = np.full((10, 10), 255, np.uint8)
    pixels[2, 3] = 128  # half way to black: half strength
    pixels[4, 5] = 254  # barely off white: still edit, faintly
    pixels[6, 7] = 0
    mask = read_mask(write(pixels, tmp_path / "grey.png"), 10, 10)
    assert (mask[2, 3], mask[4, 5], mask[6, 7]) == (127, 1, 255)
    assert np.count_nonzero(mask) == 3
    flipped = 255 - pixels  # the same mask made for Stable Diffusion: white = edit
    inverted = read_mask(write(flipped, tmp_path / "sd.png"), 10, 10, white_is_edit=True)
    assert np.array_equal(inverted, mask)


def test_read_mask_colour_and_transparency(tmp_path: Path) -> None:
    rgba = np.zeros((10, 10, 4), np.uint8)
    rgba[..., 3] = 255  # opaque black: edit
    rgba[:, 5:, 3] = 0  # transparent: keep
    rgba[:, 4, 3] = 128  # half transparent black: half strength
    mask = read_mask(write(rgba, tmp_path / "alpha.png"), 10, 10)
    assert (mask[:, :4] == 255).all() and (mask[:, 4] == 128).all() and not mask[:, 5:].any()
    white = rgba.copy()
    white[..., :3] = 255  # white = edit for Stable Diffusion, but transparent still keeps
    inverted = read_mask(write(white, tmp_path / "sd.png"), 10, 10, white_is_edit=True)
    assert np.array_equal(inverted, mask)


def test_read_mask_reports_broken_files(tmp_path: Path) -> None:
    path = tmp_path / "mask.png"
    path.write_bytes(b"")
    with pytest.raises(ImageLoadError, match="“mask.png” is empty"):
        read_mask(path, 10, 10)
