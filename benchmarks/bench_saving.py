"""Saving results in their photo's format (issue #13): a 6000 x 4000 composite encoded with its
profile, EXIF, XMP and provenance, in each format, against today's PNG path."""

from __future__ import annotations

import cv2
import numpy as np
from PIL import Image

from benchmarks.common import SAMPLE_IMAGES, Row, print_table, repeat, timed_row
from ideogram_studio.core.colour import from_srgb8, to_srgb8
from ideogram_studio.core.encode import encode_result
from ideogram_studio.core.imageio import decode_photo, encode_png
from ideogram_studio.core.metadata import PhotoInfo

TEXTS = {
    "parameters": "a ginger cat on a sofa\nSeed: 42, Model: V_3, Size: 1024x1024",
    "ideogram_studio": '{"app": "ideogram-studio", "job_id": "ab12cd34"}',
}


def composite() -> np.ndarray:
    """Photo-like, not noise: the cat upscaled, with mild sensor-like noise."""
    with Image.open(SAMPLE_IMAGES / "chelsea.png") as image:
        cat = np.asarray(image.convert("RGB"))
    big = cv2.resize(cat, (6000, 4000), interpolation=cv2.INTER_CUBIC)
    noise = np.random.default_rng(0).integers(0, 6, big.shape, np.uint8)
    return cv2.add(big, noise)


def run() -> list[Row]:
    photo = composite()
    deep = photo.astype(np.uint16) * 257
    with Image.open(SAMPLE_IMAGES / "rocket.jpg") as image:
        info = PhotoInfo(format="JPEG", icc_profile=image.info["icc_profile"], jpeg_subsampling=2)
    rows, sizes = [], []
    # The session before #13 saved encode_png's bytes plus two text chunks (a copy, ~free).
    today = repeat(lambda: encode_png(photo), 3)
    rows.append(timed_row("before #13: encode_png (8-bit PNG, no metadata)", today, 2.5, "info"))
    cases = [
        ("PNG 8-bit", photo, "PNG", info, 3, 1.15 * sorted(today)[1], "as today +15%"),
        ("PNG 16-bit", deep, "PNG", info, 3, 4.0, "info"),
        ("JPEG q95 4:2:0", photo, "JPEG", info, 5, 0.4, "400 ms"),
        ("JPEG q95 4:4:4", photo, "JPEG", PhotoInfo(), 5, 0.4, "400 ms"),
        ("WebP q95", photo, "WEBP", PhotoInfo(format="WEBP"), 3, 3.0, "info"),
        ("WebP lossless", photo, "WEBP", PhotoInfo(webp_lossless=True), 1, 10.0, "info"),
        ("TIFF 8-bit deflate", photo, "TIFF", info, 3, 3.0, "info"),
        ("TIFF 16-bit deflate", deep, "TIFF", info, 3, 4.0, "info"),
    ]
    for name, pixels, fmt, source, times, limit, target in cases:
        samples = repeat(
            lambda p=pixels, f=fmt, s=source: encode_result(p, s, f, texts=TEXTS), times
        )
        rows.append(timed_row(f"{name} (6000x4000)", samples, limit, target))
        size = len(encode_result(pixels, source, fmt, texts=TEXTS))
        sizes.append(f"{name}: {size / 1e6:.1f} MB")
    print("\nfile sizes: " + "; ".join(sizes))
    return rows


def colour_rows() -> list[Row]:
    """Adobe RGB <-> sRGB at 24 MP: the screen's view of a photo, a whole-photo upload, and a
    result brought into the photo's space (region edits convert only their crop)."""
    photo = composite()
    with Image.open(SAMPLE_IMAGES / "rocket.jpg") as image:
        adobe = image.info["icc_profile"]
    to_srgb8(photo[:64, :64], adobe)  # builds and caches the transforms
    from_srgb8(photo[:64, :64], adobe)
    crop = np.ascontiguousarray(photo[:1448, :1448])  # a region edit's 2 MP sent crop
    jpeg = _jpeg_bytes()
    return [
        timed_row(
            "to sRGB (screen, whole upload) 6000x4000",
            repeat(lambda: to_srgb8(photo, adobe), 5),
            0.15,
            "150 ms",
        ),
        timed_row(
            "from sRGB (a result) 6000x4000",
            repeat(lambda: from_srgb8(photo, adobe), 5),
            0.15,
            "150 ms",
        ),
        timed_row(
            "to sRGB, a region's 2 MP crop", repeat(lambda: to_srgb8(crop, adobe), 5), 0.15, "info"
        ),
        timed_row(
            "open the photo in its own space (6000x4000 JPEG)",
            repeat(lambda: decode_photo(jpeg), 3),
            1.0,
            "info",
        ),
    ]


def _jpeg_bytes() -> bytes:
    import io

    buffer = io.BytesIO()
    with Image.open(SAMPLE_IMAGES / "rocket.jpg") as image:
        adobe = image.info["icc_profile"]
    Image.fromarray(composite()).save(buffer, format="JPEG", quality=92, icc_profile=adobe)
    return buffer.getvalue()


def main() -> None:
    print_table("Saving results (6000 x 4000 composite)", run())
    print_table("Colour conversions (Adobe RGB photo, 24 MP)", colour_rows())
