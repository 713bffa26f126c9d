"""A fake Ideogram whose answers are one flat colour per prompt: a composite of several
prompt regions shows which answer each of its pixels came from."""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

import numpy as np
import pytest
from PIL import Image

from tests.support.fake_ideogram import API_KEY, Act, FakeIdeogram, Received

# The colours the answers take, by prompt; any other prompt is answered grey.
COLOURS: dict[str, tuple[int, int, int]] = {
    "a red door": (230, 20, 30),
    "a blue sky": (20, 40, 220),
    "green grass": (30, 200, 40),
}
OTHER = (128, 128, 128)


def colour_of(prompt: str) -> tuple[int, int, int]:
    return COLOURS.get(prompt, OTHER)


class ColourFake(FakeIdeogram):
    """Every image of an answer is the prompt's colour, at the answer's result size."""

    def success(self, received: Received, act: Act) -> dict[str, Any]:
        body = super().success(received, act)
        colour = colour_of(received.fields.get("prompt", ""))
        width, height = act.result_size
        flat = np.empty((height, width, 3), np.uint8)
        flat[:] = colour
        buffer = io.BytesIO()
        Image.fromarray(flat).save(buffer, format="PNG")
        for item in body["data"]:
            if isinstance(item, dict) and isinstance(item.get("url"), str):
                name = item["url"].split("?")[0].rsplit("/", 1)[-1]
                if name in self.images:
                    self.images[name] = buffer.getvalue()
        return body


def serving() -> Iterator[ColourFake]:
    """The colour fake, started and stopped: `yield from serving()` in a test's fixture."""
    server = ColourFake().start()
    try:
        yield server
    finally:
        server.stop()


def point_environment(monkeypatch: pytest.MonkeyPatch, server: ColourFake) -> None:
    """The colour fake as the CLI's provider, through its environment variables."""
    monkeypatch.setenv("IDEOGRAM_PROVIDER", "ideogram")
    monkeypatch.setenv("IDEOGRAM_BASE_URL", server.base_url)
    monkeypatch.setenv("IDEOGRAM_API_KEY", API_KEY)
