"""Describe and Upscale on the fake server, as strict as ideogram-api.md says the real ones are.

Describe takes `image_file` and, optionally, `describe_model_version` (V_2 or V_3); it answers
descriptions that name the size of the image it received. Upscale takes `image_file` and a
text part `image_request` holding a JSON object (resemblance and detail 1 to 100, optional
prompt, magic_prompt_option, num_images, seed; nothing else); it answers as the edit does,
with images `factor` times the size sent, made from the sent image itself.
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import cv2
import numpy as np
from PIL import Image

if TYPE_CHECKING:
    from tests.support.fake_ideogram import Act, FakeIdeogram, Received

MAGIC = {"AUTO", "ON", "OFF"}
DESCRIBE_MODELS = {"V_2", "V_3"}
UPSCALE_FIELDS = {"resemblance", "detail", "prompt", "magic_prompt_option", "num_images", "seed"}


def _image(received: Received) -> np.ndarray | str:
    """The sent image, or the 400 message that says what is wrong with it."""
    if "image_file" not in received.files:
        return "image_file is required"
    try:
        return received.image("image_file")
    except Exception:  # noqa: BLE001
        return "image_file must be an image"


@dataclass
class Describe:
    # What the next answers say, "{width}" and "{height}" filled in; set by a test at will.
    texts: list[str] = field(
        default_factory=lambda: [
            "A photo of {width} by {height} pixels, in soft daylight",
            "A close-up of {width} x {height} pixels with a shallow depth of field",
        ]
    )

    def check(self, fake: FakeIdeogram, received: Received) -> str | None:
        image = _image(received)
        if isinstance(image, str):
            return image
        if set(received.files) != {"image_file"}:
            return "only image_file may be sent"
        unknown = set(received.fields) - {"describe_model_version"}
        if unknown:
            return f"unknown fields: {sorted(unknown)}"
        version = received.fields.get("describe_model_version")
        if version is not None and version not in DESCRIBE_MODELS:
            return "describe_model_version must be V_2 or V_3"
        return None

    def answer(self, fake: FakeIdeogram, received: Received, act: Act) -> dict[str, Any]:
        height, width = received.image("image_file").shape[:2]
        return {
            "descriptions": [
                {"text": text.format(width=width, height=height)} for text in self.texts
            ]
        }


@dataclass
class Upscale:
    factor: float = 2.0  # how much larger than sent each image comes back

    def check(self, fake: FakeIdeogram, received: Received) -> str | None:
        image = _image(received)
        if isinstance(image, str):
            return image
        if set(received.files) != {"image_file"}:
            return "only image_file may be sent as a file"
        if set(received.fields) != {"image_request"}:
            return "image_request is required, and no other text field"
        try:
            sent = json.loads(received.fields["image_request"])
        except ValueError:
            return "image_request must be JSON"
        if not isinstance(sent, dict):
            return "image_request must be a JSON object"
        unknown = set(sent) - UPSCALE_FIELDS
        if unknown:
            return f"unknown fields in image_request: {sorted(unknown)}"
        for name in ("resemblance", "detail"):
            value = sent.get(name, 50)
            if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 100:
                return f"{name} must be an integer from 1 to 100"
        count, seed = sent.get("num_images", 1), sent.get("seed", 0)
        if not isinstance(count, int) or not 1 <= count <= 8:
            return "num_images must be 1 to 8"
        if not isinstance(seed, int) or not 0 <= seed <= 2147483647:
            return "seed out of range"
        if sent.get("magic_prompt_option", "AUTO") not in MAGIC:
            return "bad magic_prompt_option"
        if "prompt" in sent and (not isinstance(sent["prompt"], str) or not sent["prompt"]):
            return "prompt must be a non-empty string"
        return None

    def answer(self, fake: FakeIdeogram, received: Received, act: Act) -> dict[str, Any]:
        sent = json.loads(received.fields["image_request"])
        image = received.image("image_file")[:, :, :3]
        size = (round(image.shape[1] * self.factor), round(image.shape[0] * self.factor))
        count = int(sent.get("num_images", 1))
        kinds = act.items or ["ok"] * count
        seed = int(sent.get("seed", 4321))
        data = []
        for index, kind in enumerate(kinds):
            name = f"{kind}-upscaled-{received.number}-{index}.png"
            item: dict[str, Any] = {
                "seed": seed + index,
                "prompt": sent.get("prompt", "An upscaled image"),
                "resolution": "{}x{}".format(*size),
                "is_image_safe": kind != "unsafe",
            }
            if kind == "unsafe":
                item["url"] = None
            else:
                fake.images[name] = upscaled_png(image, size, index)
                item["url"] = f"{fake.base_url}/images/{name}?exp=1900000000&sig=abc"
            data.append(item)
        return {"created": "2026-11-23T20:00:00.000Z", "data": data}


def upscaled_png(image: np.ndarray, size: tuple[int, int], index: int) -> bytes:
    """The sent image enlarged, with a fine pattern of new detail that stretching could
    never make (one pixel on, one off), so a test can tell an upscale from a resize."""
    pixels = cv2.resize(image, size, interpolation=cv2.INTER_CUBIC).astype(np.int16)
    pattern = (np.indices(pixels.shape[:2]).sum(axis=0) % 2) * 24 - 12
    pixels[..., 2] += pattern + index
    buffer = io.BytesIO()
    Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8)).save(buffer, format="PNG")
    return buffer.getvalue()


def tool_routes() -> dict[str, Any]:
    """Ideogram's paths and a relay's, each with its own endpoint (a test may tune one)."""
    describe, upscale = Describe(), Upscale()
    return {
        "/describe": describe,
        "/ideogram/describe": describe,
        "/upscale": upscale,
        "/ideogram/upscale": upscale,
    }
