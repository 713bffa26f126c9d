"""Saving results in their photo's format (issue #13): a 6000 x 4000 composite encoded with its
profile, EXIF, XMP and provenance, in each format, against today's PNG path."""

from __future__ import annotations

import cv2
import numpy as np
from PIL import Image

from benchmarks.common import SAMPLE_IMAGES, Row, print_table, repeat, timed_row
from ideogram_studio.backends.storage import add_png_text
from ideogram_studio.core.encode import encode_result
from ideogram_studio.core.imageio import encode_png
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
    today = repeat(lambda: add_png_text(encode_png(photo), TEXTS), 3)
    rows.append(timed_row("today: encode_png + add_png_text (8-bit PNG)", today, 2.5, "info"))
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


def main() -> None:
    print_table("Saving results (6000 x 4000 composite)", run())
