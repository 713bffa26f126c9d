"""Client-side overhead of one edit against the loopback fake server (issue: edit backends),
for the legacy edit and for Ideogram 3.0 with two style references.

A 2048 x 2048 photo, four 1024 x 1024 results: encode and upload, download, decode, save with
provenance; for 3.0 also reading, checking and sending two style references (a 1024 x 1024
JPEG and a 1024 x 683 PNG, sent as they are). The fake server's own work (checking the
request, drawing results) is subtracted.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

import numpy as np
from PIL import Image

from benchmarks.common import SAMPLE_IMAGES, Row, ms, print_table
from ideogram_studio.backends import ideogram_v3
from ideogram_studio.backends.legacy_edit import LegacyEditBackend
from ideogram_studio.backends.options import EditApiId
from ideogram_studio.backends.providers import resolve_provider
from ideogram_studio.backends.request import EditOptions, EditRequest
from ideogram_studio.backends.service import run_edit
from ideogram_studio.backends.storage import ResultStore
from tests.support.fake_ideogram import API_KEY, Act, FakeIdeogram

RUNS = 7


def style_references(folder: Path) -> tuple[str, str]:
    """Two style references as a designer picks them: a photo as JPEG, a graphic as PNG."""
    with Image.open(SAMPLE_IMAGES / "coffee.png") as image:
        photo = folder / "coffee.jpg"
        image.convert("RGB").resize((1024, 1024)).save(photo, quality=90)
    with Image.open(SAMPLE_IMAGES / "rocket.jpg") as image:
        graphic = folder / "rocket.png"
        image.convert("RGB").resize((1024, 683)).save(graphic)
    return str(photo), str(graphic)


def overheads(fake: FakeIdeogram, request: EditRequest, backend: LegacyEditBackend) -> list[float]:
    """Seconds on the client's side of each run (the fake's own work taken out)."""
    samples = []
    with tempfile.TemporaryDirectory() as folder:
        for _ in range(RUNS):
            fake.script = [Act(result_size=(1024, 1024))]
            fake.think_seconds = 0.0
            started = time.perf_counter()
            _, outcome = run_edit(request, backend, ResultStore(Path(folder)))
            total = time.perf_counter() - started
            assert len(outcome.saved) == 4 and not fake.problems
            samples.append(total - fake.think_seconds)
    return samples


def row(figure: str, samples: list[float]) -> Row:
    median = statistics.median(samples)
    return Row(
        figure,
        ms(median),
        ms(max(samples)) + " (max)",
        "<= 0.5 s",
        "ok" if median <= 0.5 else "MISSED",
    )


def run() -> list[Row]:
    with Image.open(SAMPLE_IMAGES / "astronaut.png") as image:
        photo = np.asarray(image.convert("RGB").resize((2048, 2048), Image.Resampling.BICUBIC))
    mask = np.zeros((2048, 2048), np.uint8)
    mask[600:1400, 700:1500] = 255
    legacy = EditRequest(photo, mask, EditOptions(prompt="a golden helmet", num_images=4))
    fake = FakeIdeogram().start()
    try:
        provider = resolve_provider("ideogram", fake.base_url, API_KEY)
        legacy_samples = overheads(fake, legacy, LegacyEditBackend(provider, API_KEY))
        with tempfile.TemporaryDirectory() as folder:
            options = EditOptions(
                prompt="a golden helmet",
                num_images=4,
                api=EditApiId.V3,
                style_refs=style_references(Path(folder)),
            )
            v3 = EditRequest(photo, mask, options)
            v3_backend = LegacyEditBackend(provider, API_KEY, api=ideogram_v3.API)
            v3_samples = overheads(fake, v3, v3_backend)
    finally:
        fake.stop()
    return [
        row("legacy edit, 2048x2048 in, 4 x 1024x1024 out, client side", legacy_samples),
        row("Ideogram 3.0, the same with 2 style references, client side", v3_samples),
    ]


def main() -> None:
    print_table(f"Edit backends (loopback fake server, median of {RUNS} runs)", run())


if __name__ == "__main__":
    main()
