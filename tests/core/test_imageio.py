"""Opening photos: every format a designer has, the orientation they see, and no crash on junk."""

from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from ideogram_studio.core.imageio import MAX_PIXELS, encode_png, load_image
from ideogram_studio.errors import ImageLoadError, StudioError


def save(pixels_or_image: np.ndarray | Image.Image, path: Path, **options: object) -> Path:
    image = (
        pixels_or_image
        if isinstance(pixels_or_image, Image.Image)
        else Image.fromarray(pixels_or_image)
    )
    image.save(path, **options)
    return path


def test_sample_photos_open_as_rgb_arrays(samples: Path) -> None:
    for name, size in [("chelsea.png", (300, 451)), ("rocket.jpg", (427, 640))]:
        pixels = load_image(samples / name)
        assert pixels.shape == (*size, 3)
        assert pixels.dtype == np.uint8
        assert pixels.flags.c_contiguous and pixels.flags.writeable


@pytest.mark.parametrize(
    ("suffix", "options", "exact"),
    [
        (".png", {}, True),
        (".bmp", {}, True),
        (".tiff", {}, True),
        (".webp", {"lossless": True}, True),
        (".jpg", {"quality": 95}, False),
        (".webp", {"quality": 90}, False),
        (".heic", {"quality": 95}, False),
    ],
)
def test_formats_open_with_the_same_pixels(
    cat_pixels: np.ndarray, tmp_path: Path, suffix: str, options: dict, exact: bool
) -> None:
    path = save(cat_pixels, tmp_path / f"cat{suffix}", **options)
    pixels = load_image(path)
    assert pixels.shape == cat_pixels.shape
    difference = np.abs(pixels.astype(int) - cat_pixels.astype(int)).mean()
    assert difference == 0 if exact else difference < 6


def test_gif_opens_its_first_frame(tmp_path: Path) -> None:
    red = Image.new("RGB", (20, 10), (255, 0, 0))
    blue = Image.new("RGB", (20, 10), (0, 0, 255))
    path = tmp_path / "anim.gif"
    red.save(path, save_all=True, append_images=[blue], duration=100, loop=0)
    pixels = load_image(path)
    assert pixels.shape == (10, 20, 3)
    assert tuple(pixels[5, 5]) == (255, 0, 0)


def test_exif_orientation_is_applied(tmp_path: Path) -> None:
    stored = np.zeros((20, 40, 3), np.uint8)
    stored[:, :20] = (255, 0, 0)  # left half red as stored
    image = Image.fromarray(stored)
    exif = image.getexif()
    exif[0x0112] = 6  # "rotate 90° clockwise to display"
    path = tmp_path / "portrait.jpg"
    image.save(path, quality=95, exif=exif)
    pixels = load_image(path)
    assert pixels.shape == (40, 20, 3)  # shown upright: taller than wide
    assert pixels[5, 10, 0] > 200 and pixels[5, 10, 2] < 60  # the red half is now on top
    assert pixels[35, 10, 0] < 60


def test_cmyk_becomes_rgb(tmp_path: Path) -> None:
    path = save(Image.new("CMYK", (16, 16), (0, 255, 255, 0)), tmp_path / "print.jpg", quality=95)
    pixels = load_image(path)
    assert pixels.shape == (16, 16, 3)
    assert pixels[8, 8, 0] > 230 and pixels[8, 8, 1] < 30 and pixels[8, 8, 2] < 30


def test_palette_with_transparency_keeps_alpha(tmp_path: Path) -> None:
    image = Image.new("P", (10, 10), 1)
    image.putpalette([0, 0, 0, 255, 0, 0] + [0] * 762)
    image.paste(0, (0, 0, 5, 10))
    path = tmp_path / "palette.png"
    image.save(path, transparency=0)
    pixels = load_image(path)
    assert pixels.shape == (10, 10, 4)
    assert pixels[5, 2, 3] == 0  # transparent half
    assert tuple(pixels[5, 7]) == (255, 0, 0, 255)


def test_rgba_and_grayscale_alpha_keep_alpha(tmp_path: Path) -> None:
    rgba = np.zeros((8, 8, 4), np.uint8)
    rgba[..., 0] = 200
    rgba[..., 3] = 128
    assert load_image(save(rgba, tmp_path / "rgba.png"))[0, 0].tolist() == [200, 0, 0, 128]
    path = save(Image.new("LA", (8, 8), (90, 40)), tmp_path / "la.png")
    assert load_image(path)[0, 0].tolist() == [90, 90, 90, 40]


def test_grayscale_and_16_bit_become_8_bit_rgb(tmp_path: Path) -> None:
    assert load_image(save(Image.new("L", (4, 4), 77), tmp_path / "g.png"))[0, 0].tolist() == [
        77,
        77,
        77,
    ]
    deep = np.array([[0, 32768, 65535]], dtype=np.uint16)
    path = save(Image.fromarray(deep), tmp_path / "deep.png")
    assert load_image(path)[0, :, 0].tolist() == [0, 128, 255]
    path = save(Image.fromarray(deep), tmp_path / "deep.tiff")
    assert load_image(path)[0, :, 1].tolist() == [0, 128, 255]


def test_bytes_are_accepted(cat_pixels: np.ndarray) -> None:
    assert np.array_equal(load_image(encode_png(cat_pixels)), cat_pixels)


# ------------------------------------------------------------------------- bad files


def png_claiming_size(width: int, height: int) -> bytes:
    """A syntactically valid PNG whose header claims a huge size, with a tiny body."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + chunk(b"IEND", b"")
    )


def test_huge_header_is_refused_before_decoding(tmp_path: Path) -> None:
    path = tmp_path / "bomb.png"
    path.write_bytes(png_claiming_size(100_000, 100_000))
    with pytest.raises(ImageLoadError) as caught:
        load_image(path)
    message = str(caught.value)
    assert "“bomb.png” is 10,000 megapixels, too large to edit" in message
    assert f"{MAX_PIXELS // 1_000_000} megapixels" in message


def test_size_over_our_limit_names_the_dimensions(tmp_path: Path) -> None:
    path = tmp_path / "panorama.png"
    path.write_bytes(png_claiming_size(16_000, 10_000))  # 160 MP: under Pillow's own guard
    with pytest.raises(ImageLoadError) as caught:
        load_image(path)
    assert "“panorama.png” is 16,000 × 10,000 pixels, too large to edit" in str(caught.value)
    small = save(Image.new("RGB", (20, 10)), tmp_path / "small.png")
    with pytest.raises(ImageLoadError, match="20 × 10 pixels, too large"):
        load_image(small, max_pixels=199)
    assert load_image(small, max_pixels=200).shape == (10, 20, 3)


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"", "is empty (0 bytes)"),
        (
            b"this is a shopping list, not a photo\n" * 20,
            "is not an image Ideogram Studio can read",
        ),
        (b"\xff\xd8\xff\xe0" + b"\x00" * 10, "damaged or incomplete"),
    ],
)
def test_broken_files_give_one_clear_sentence(tmp_path: Path, content: bytes, words: str) -> None:
    path = tmp_path / "photo.jpg"
    path.write_bytes(content)
    with pytest.raises(ImageLoadError) as caught:
        load_image(path)
    assert words in str(caught.value)
    assert str(caught.value).startswith("“photo.jpg”")
    assert isinstance(caught.value, StudioError)


@pytest.mark.parametrize("suffix", [".jpg", ".png", ".webp"])
def test_truncated_files_are_reported_as_damaged(
    cat_pixels: np.ndarray, tmp_path: Path, suffix: str
) -> None:
    buffer = io.BytesIO()
    Image.fromarray(cat_pixels).save(buffer, format=Image.registered_extensions()[suffix])
    path = tmp_path / f"cut{suffix}"
    path.write_bytes(buffer.getvalue()[: len(buffer.getvalue()) // 2])
    with pytest.raises(ImageLoadError, match="damaged or incomplete"):
        load_image(path)


def test_missing_file_and_folder(tmp_path: Path) -> None:
    with pytest.raises(ImageLoadError, match="“gone.png” does not exist"):
        load_image(tmp_path / "gone.png")
    with pytest.raises(ImageLoadError, match="is a folder"):
        load_image(tmp_path)
