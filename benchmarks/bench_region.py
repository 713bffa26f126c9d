"""Region edits (issue: full-resolution photo edits): pasting a result back into a 6000 x 4000
photo through the feathered mask, and saving the composite."""

from __future__ import annotations

import cv2
import numpy as np
from PIL import Image

from benchmarks.common import SAMPLE_IMAGES, Row, print_table, repeat, timed_row
from ideogram_studio.backends.options import EditOptions
from ideogram_studio.backends.prompt_regions import (
    PromptRegion,
    composite_regions,
    region_areas,
    region_requests,
)
from ideogram_studio.core.imageio import encode_png
from ideogram_studio.core.metadata import PhotoInfo
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
    rows.extend(prompt_region_rows(photo))
    return rows


def prompt_region_rows(photo: np.ndarray) -> list[Row]:
    """Two prompt regions' picks composited into the photo: what the window does on every
    pick (the areas are computed once per Generate)."""
    height, width = photo.shape[:2]
    first, second = np.zeros((height, width), np.uint8), np.zeros((height, width), np.uint8)
    cv2.ellipse(first, (2000, 1800), (900, 700), 15, 0, 360, 255, -1)
    cv2.ellipse(second, (3700, 2300), (900, 700), -10, 0, 360, 255, -1)  # overlaps the first
    regions = [PromptRegion(first, "one"), PromptRegion(second, "two")]
    options = EditOptions(edit_region=True, feather=24)
    requests = region_requests(photo, regions, options, PhotoInfo())
    picks = []
    for request, value in zip(requests, (40, 200), strict=True):
        answer = np.full((1024, 1024, 3), value, np.uint8)
        picks.append(composite(photo, answer, request.mask, plan_region(request.mask, feather=24)))
    areas = region_areas(requests)
    shown = composite_regions(photo, picks, areas)
    return [
        timed_row(
            "prompt regions: areas of 2 regions, once per Generate (info)",
            repeat(lambda: region_areas(requests), 3),
            1.0,
            "info",
        ),
        timed_row(
            "prompt regions: composite 2 overlapping picks into 6000x4000",
            repeat(lambda: composite_regions(photo, picks, areas), 9),
            0.1,
            "well under 100 ms",
        ),
        timed_row(
            "prompt regions: the same into the last composite (into=, the window's)",
            repeat(lambda: composite_regions(photo, picks, areas, into=shown), 9),
            0.05,
            "50 ms",
        ),
    ]


def main() -> None:
    print_table("Region edits (6000 x 4000)", run())
