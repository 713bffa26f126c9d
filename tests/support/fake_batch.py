"""Batches against the loopback fake: photos told apart by their size, answers scripted per
photo (not per POST, whose order a batch does not fix), and the POSTs counted per photo."""

from __future__ import annotations

import io
from collections import Counter
from pathlib import Path

import numpy as np
from PIL import Image

from tests.conftest import SAMPLES
from tests.support.fake_ideogram import Act, FakeIdeogram, Received


def photo_size(index: int) -> tuple[int, int]:
    """Photo `index`'s size: 3:2 like the mask, a few pixels larger per photo (all whole edits)."""
    return 300 + 6 * index, 200 + 4 * index


def sent_size(received: Received) -> tuple[int, int]:
    with Image.open(io.BytesIO(received.files["image_file"][2])) as image:
        return image.size


class ByPhoto:
    """A fake's script that answers each POST by the photo it carries (its size): set as
    `fake.script`, which the fake pops after recording the POST."""

    def __init__(self, fake: FakeIdeogram, acts: dict[tuple[int, int], Act]) -> None:
        self.fake, self.acts = fake, acts

    def __bool__(self) -> bool:
        return True

    def pop(self, index: int = 0) -> Act:
        return self.acts.get(sent_size(self.fake.posts[-1]), self.fake.default)


def posts_per_photo(fake: FakeIdeogram) -> Counter[tuple[int, int]]:
    return Counter(sent_size(received) for received in fake.posts)


def write_photos(folder: Path, count: int, *, start: int = 0) -> list[Path]:
    """Small crops of the cat (chelsea.png), PNG, named p00.png, p01.png…"""
    folder.mkdir(parents=True, exist_ok=True)
    with Image.open(SAMPLES / "chelsea.png") as cat:
        cat = cat.convert("RGB")
        paths = []
        for index in range(start, start + count):
            path = folder / f"p{index:02d}.png"
            cat.resize(photo_size(index)).save(path)
            paths.append(path)
    return paths


def write_mask(path: Path, size: tuple[int, int] = (300, 200), box=(100, 50, 200, 150)) -> Path:
    """A mask file, black (edit) in `box` (x0, y0, x1, y1), white elsewhere."""
    width, height = size
    pixels = np.full((height, width), 255, np.uint8)
    x0, y0, x1, y1 = box
    pixels[y0:y1, x0:x1] = 0
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.fromarray(pixels).save(path)
    return path
