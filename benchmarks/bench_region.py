"""Region edits (issue: full-resolution photo edits): pasting a result back into a 6000 x 4000
photo through the feathered mask, and saving the composite."""

from __future__ import annotations

import cv2
import numpy as np
from PIL import Image

from benchmarks.common import SAMPLE_IMAGES, Row, print_table, repeat, timed_row
from ideogram_studio.core.imageio import encode_png
from ideogram_studio.core.region import composite, crop_for_sending, plan_region


def run() -> list[Row]:
    with Image.open(SAMPLE_IMAGES / "rocket.jpg") as image:
        photo = cv2.resize(np.asarray(image.convert("RGB")), (6000, 4000), cv2.INTER_CUBIC)
    mask = np.zeros((4000, 6000), np.uint8)
    cv2.ellipse(mask, (3000, 2000), (900, 700), 15, 0, 360, 255, -1)  # a large, round edit
    region = plan_region(mask, feather=24)
    sent, _ = crop_for_sending(photo, mask, region)
    result = cv2.resize(sent, (1024, round(1024 * sent.shape[0] / sent.shape[1])))
    rows = [
        timed_row(
            f"plan + crop for sending ({region.crop.width}x{region.crop.height} crop)",
            repeat(lambda: crop_for_sending(photo, mask, plan_region(mask, feather=24)), 7),
            0.4,
            "info",
        ),
        timed_row(
            "composite a 1024 px result into 6000x4000, feather 24",
            repeat(lambda: composite(photo, result, mask, region), 9),
            0.4,
            "400 ms",
        ),
    ]
    deep, deep_result = photo.astype(np.uint16) * 257, result.astype(np.uint16) * 257
    rows.append(
        timed_row(
            "the same into a 16-bit photo (info)",
            repeat(lambda: composite(deep, deep_result, mask, region), 5),
            0.6,
            "info",
        )
    )
    out = composite(photo, result, mask, region)
    rows.append(
        timed_row(
            "save the composite as PNG (info)", repeat(lambda: encode_png(out), 3), 2.0, "info"
        )
    )
    return rows


def main() -> None:
    print_table("Region edits (6000 x 4000)", run())
