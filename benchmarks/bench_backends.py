"""Client-side overhead of one edit against the loopback fake server (issue: edit backends).

A 2048 x 2048 photo, four 1024 x 1024 results: encode and upload, download, decode, save with
provenance. The fake server's own work (checking the request, drawing results) is subtracted.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

import numpy as np
from PIL import Image

from benchmarks.common import SAMPLE_IMAGES, Row, ms, print_table
from ideogram_studio.backends.legacy_edit import LegacyEditBackend
from ideogram_studio.backends.providers import resolve_provider
from ideogram_studio.backends.request import EditOptions, EditRequest
from ideogram_studio.backends.service import run_edit
from ideogram_studio.backends.storage import ResultStore
from tests.support.fake_ideogram import API_KEY, Act, FakeIdeogram


def run() -> list[Row]:
    with Image.open(SAMPLE_IMAGES / "astronaut.png") as image:
        photo = np.asarray(image.convert("RGB").resize((2048, 2048), Image.Resampling.BICUBIC))
    mask = np.zeros((2048, 2048), np.uint8)
    mask[600:1400, 700:1500] = 255
    request = EditRequest(photo, mask, EditOptions(prompt="a golden helmet", num_images=4))
    fake = FakeIdeogram().start()
    try:
        backend = LegacyEditBackend(resolve_provider("ideogram", fake.base_url, API_KEY), API_KEY)
        overheads = []
        with tempfile.TemporaryDirectory() as folder:
            for _ in range(7):
                fake.script = [Act(result_size=(1024, 1024))]
                fake.think_seconds = 0.0
                started = time.perf_counter()
                _, outcome = run_edit(request, backend, ResultStore(Path(folder)))
                total = time.perf_counter() - started
                assert len(outcome.saved) == 4
                overheads.append(total - fake.think_seconds)
    finally:
        fake.stop()
    median = statistics.median(overheads)
    return [
        Row(
            "one edit, 2048x2048 in, 4 x 1024x1024 out, client side",
            ms(median),
            ms(max(overheads)) + " (max)",
            "<= 0.5 s",
            "ok" if median <= 0.5 else "MISSED",
        )
    ]


def main() -> None:
    print_table("Edit backends (loopback fake server)", run())


if __name__ == "__main__":
    main()
