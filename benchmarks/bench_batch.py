"""Batches (issue #16): 100 photos of 12 MP (a real photo scaled to 4000 x 3000, JPEG) through
`ideogram-studio batch`'s engine against the loopback fake, region editing as by default.
Prints the client's time per photo beyond the server's (target < 0.5 s, median) and the
memory (RSS) at the start, the middle and the end of the batch (flat), with the peak, and the
history's source-copy threads alive at once."""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

import cv2
import numpy as np
from PIL import Image

from benchmarks.common import SAMPLE_IMAGES

PHOTOS = int(os.environ.get("BENCH_BATCH_PHOTOS", "100"))
SIZE = (4000, 3000)


def rss_mb(field: str = "VmRSS") -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    return float("nan")


def write_inputs(folder: Path) -> tuple[Path, Path]:
    """The photos (one picture, each with its own corner pixels: 100 photos to the history,
    which copies each new one) and a mask: an ellipse of about 6 % of the photo."""
    photos = folder / "photos"
    photos.mkdir()
    with Image.open(SAMPLE_IMAGES / "rocket.jpg") as image:
        big = cv2.resize(np.asarray(image.convert("RGB")), SIZE, interpolation=cv2.INTER_CUBIC)
    for index in range(PHOTOS):
        big[:8, :8] = index  # another photo for the history (its own hash)
        ok, data = cv2.imencode(".jpg", big[:, :, ::-1], [cv2.IMWRITE_JPEG_QUALITY, 92])
        (photos / f"photo-{index:03d}.jpg").write_bytes(data.tobytes())
    mask = np.full((SIZE[1], SIZE[0]), 255, np.uint8)
    cv2.ellipse(mask, (2000, 1500), (700, 500), 10, 0, 360, 0, -1)
    mask_file = folder / "mask.png"
    Image.fromarray(mask).save(mask_file)
    return photos, mask_file


def run() -> None:
    from benchmarks.common import REPO

    sys.path.insert(0, str(REPO))
    from ideogram_studio.backends.batch import (
        BatchControl,
        BatchSpec,
        MaskSource,
        collect_photos,
        options_per_photo,
        region_choice,
    )
    from ideogram_studio.backends.options import EditOptions
    from ideogram_studio.backends.providers import resolve_provider
    from ideogram_studio.backends.settings import ProviderSettings
    from ideogram_studio.backends.storage import ResultStore
    from ideogram_studio.core.region import DEFAULT_FEATHER
    from ideogram_studio.jobs.archive import JobArchive
    from ideogram_studio.jobs.batch_run import BatchRun
    from tests.support.fake_ideogram import API_KEY, Act, FakeIdeogram

    with tempfile.TemporaryDirectory(prefix="bench-batch-") as temp:
        folder = Path(temp)
        os.environ["IDEOGRAM_STUDIO_HOME"] = str(folder / "home")
        photos_folder, mask = write_inputs(folder)
        fake = FakeIdeogram().start()
        fake.default = Act(result_size=(1024, 768))
        provider = resolve_provider("ideogram", fake.base_url, API_KEY)
        options = EditOptions(prompt="a red rocket")

        out = folder / "out"
        region = region_choice(None, None, DEFAULT_FEATHER, False)  # by default: region at 12 MP
        spec = BatchSpec(
            tuple(collect_photos([photos_folder], out)),
            (str(photos_folder),),
            MaskSource("one", mask),
            options,
            out,
            options_per_photo(options, region),
            region,
        )
        history = JobArchive()
        settings = ProviderSettings.load()
        # One photo at the server at a time (the next is read meanwhile): the server's times
        # add up, and what the wall clock shows beyond them is the client's.
        settings.images_in_flight = 1
        ended: list[float] = []
        server: list[float] = []
        memory: dict[str, tuple[float, float]] = {}
        copies = [0]

        done = threading.Event()

        def count_copies() -> None:  # the history's source copies alive at once, sampled
            while not done.wait(0.05):
                alive = sum(1 for t in threading.enumerate() if t.name == "history-source")
                copies[0] = max(copies[0], alive)

        threading.Thread(target=count_copies, daemon=True).start()

        def on_photo(result: object) -> None:
            ended.append(time.perf_counter())
            server.append(fake.think_seconds)
            # The fake keeps every image it made: those fetched go, so its memory is not ours.
            fetched = {path.split("?")[0].rsplit("/", 1)[-1] for path in fake.downloads}
            for name in fetched & set(fake.images):
                fake.images.pop(name, None)
            for received in fake.posts[:-4]:  # the uploads it recorded, of photos done
                received.files.clear()
                received.parts.clear()
            count = len(ended)
            if count in (1, PHOTOS // 2, PHOTOS):
                memory[{1: "start", PHOTOS // 2: "middle"}.get(count, "end")] = (
                    rss_mb(),
                    rss_mb("VmHWM"),
                )

        before = rss_mb()
        started = time.perf_counter()
        report = BatchRun(
            spec,
            provider=provider,
            api_key=API_KEY,
            store=ResultStore(out, settings.save_choice()),
            history=history,
            settings=settings,
            control=BatchControl(),
            on_photo=on_photo,
        ).run()
        wall = time.perf_counter() - started
        done.set()
        fake.stop()
        saved = sum(1 for r in report.results if r.state == "saved")
        # Each photo's interval (from the end of the one before) less its server time.
        intervals = [b - a for a, b in zip([started, *ended], ended, strict=False)]
        server_each = [b - a for a, b in zip([0.0, *server], server, strict=False)]
        client = [i - s for i, s in zip(intervals, server_each, strict=True)]
        median = statistics.median(client)
        overall = (wall - fake.think_seconds) / PHOTOS
        verdict = "ok" if median < 0.5 else "MISSED"
        print(f"## Batch of {PHOTOS} photos of {SIZE[0]}x{SIZE[1]} (region edits, loopback fake)")
        print(f"saved {saved} of {PHOTOS}; wall {wall:.1f} s; server {fake.think_seconds:.1f} s")
        print(
            f"client time per photo beyond the server's: median {median:.3f} s, "
            f"(wall - server) / photos {overall:.3f} s (target < 0.5 s): {verdict}"
        )
        print(f"load average at the end: {os.getloadavg()[0]:.1f} (2 cores)")
        print(f"RSS before the batch: {before:.0f} MB")
        for when, (now, peak) in memory.items():
            print(f"RSS at the {when}: {now:.0f} MB (peak so far {peak:.0f} MB)")
        print(f"history source-copy threads alive at once, at most: {copies[0]}")


def main() -> None:
    run()


if __name__ == "__main__":
    main()
