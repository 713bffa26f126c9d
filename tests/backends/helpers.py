from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
from PIL import Image

from ideogram_studio.backends.http import RetryPolicy, Timeouts
from ideogram_studio.backends.legacy_edit import LegacyEditBackend
from ideogram_studio.backends.providers import resolve_provider
from ideogram_studio.backends.request import EditOptions, EditRequest
from tests.conftest import SAMPLES
from tests.support.fake_ideogram import API_KEY, FakeIdeogram

DEFAULT_TIMEOUTS = Timeouts()
FAST_RETRY = RetryPolicy(attempts=3, base_delay=0.01, max_delay=0.05, max_total_wait=1.0)


def cat_request(**options: object) -> EditRequest:
    with Image.open(SAMPLES / "chelsea.png") as image:
        pixels = np.asarray(image.convert("RGB")).copy()
    mask = np.zeros(pixels.shape[:2], np.uint8)
    mask[100:200, 150:300] = 255  # the cat's face: edit
    return EditRequest(pixels, mask, EditOptions(prompt="a red bow tie", **options))


def with_options(request: EditRequest, **changes: object) -> EditRequest:
    """The same request with some options changed."""
    return dataclasses.replace(request, options=dataclasses.replace(request.options, **changes))


def backend_for(
    fake: FakeIdeogram,
    kind: str = "ideogram",
    *,
    timeouts: Timeouts = DEFAULT_TIMEOUTS,
    key: str = API_KEY,
) -> LegacyEditBackend:
    provider = resolve_provider(kind, fake.base_url, key)
    return LegacyEditBackend(provider, key, timeouts=timeouts, retry=FAST_RETRY)


def files_in(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []
