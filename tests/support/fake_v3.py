"""Ideogram 3.0 inpaint, strictly, for the fake server: `/v1/ideogram-v3/inpaint`, its
deprecated older name `/v1/ideogram-v3/edit` (which still works, and says so in its headers),
and a relay's `/ideogram/v1/ideogram-v3/edit`. Every rule of ideogram-api.md's 3.0 table is a
400 here, checked on the parts in the order they arrived (repeated ones included).
"""

from __future__ import annotations

import io
import json
import re
from typing import TYPE_CHECKING, Any

from PIL import Image

if TYPE_CHECKING:
    from tests.support.fake_ideogram import Act, FakeIdeogram, Received

INPAINT_PATH = "/v1/ideogram-v3/inpaint"
DEPRECATED_PATH = "/v1/ideogram-v3/edit"
RELAY_PATH = "/ideogram/v1/ideogram-v3/edit"

MAGIC = {"AUTO", "ON", "OFF"}
SPEEDS = {"FLASH", "TURBO", "DEFAULT", "QUALITY"}
STYLES = {"AUTO", "GENERAL", "REALISTIC", "DESIGN", "FICTION"}  # no RENDER_3D, no ANIME
PALETTES = {"EMBER", "FRESH", "JUNGLE", "MAGIC", "MELON", "MOSAIC", "PASTEL", "ULTRAMARINE"}
TEXTS = {
    "prompt",
    "magic_prompt",
    "num_images",
    "seed",
    "rendering_speed",
    "style_type",
    "style_codes",
    "color_palette",
}
FILES = {
    "image",
    "mask",
    "style_reference_images",
    "character_reference_images",
    "character_reference_images_mask",
}
REPEATED = {"style_codes", "style_reference_images"}
LEGACY_NAMES = {
    "image_file": "image_file is not a field of Ideogram 3.0: send the photo as image",
    "magic_prompt_option": "magic_prompt_option is not a field of Ideogram 3.0: use magic_prompt",
    "model": "model is not a field of Ideogram 3.0",
}
MAX_FILE_BYTES = 10 * 1000 * 1000
MAX_STYLE_BYTES = 10 * 1000 * 1000
_STYLE_CODE = re.compile(r"[0-9a-fA-F]{8}")
_HEX = re.compile(r"#[0-9a-fA-F]{6}")


class V3Inpaint:
    """The 3.0 inpaint endpoint: strict checks, and the legacy edit's answer shape."""

    headers: dict[str, str] = {}

    def check(self, fake: FakeIdeogram, received: Received) -> str | None:
        return check_v3(received)

    def answer(self, fake: FakeIdeogram, received: Received, act: Act) -> dict[str, Any]:
        return fake.success(received, act)


class DeprecatedV3Edit(V3Inpaint):
    """The older name: the same contract, answered with deprecation headers."""

    headers = {
        "Deprecation": "true",
        "Link": f'<{INPAINT_PATH}>; rel="successor-version"',
    }


def routes() -> dict[str, V3Inpaint]:
    return {
        INPAINT_PATH: V3Inpaint(),
        DEPRECATED_PATH: DeprecatedV3Edit(),
        RELAY_PATH: V3Inpaint(),
    }


def check_v3(received: Received) -> str | None:
    """The 400 message for a request that breaks the 3.0 contract, else None."""
    texts: dict[str, list[str]] = {}
    files: dict[str, list[bytes]] = {}
    for name, filename, _kind, payload in received.parts:
        if name in LEGACY_NAMES:
            return LEGACY_NAMES[name]
        if name not in TEXTS | FILES:
            return f"unknown field {name}"
        if (filename is not None) != (name in FILES):
            return f"{name} must be {'a file' if name in FILES else 'a text field'}"
        if not payload:
            return f"{name} must not be empty"
        if name in FILES:
            files.setdefault(name, []).append(payload)
        else:
            texts.setdefault(name, []).append(payload.decode())
    for name in (*texts, *files):
        if name not in REPEATED and len(texts.get(name, files.get(name, []))) > 1:
            return f"{name} may be given only once"
    for name in ("image", "mask"):
        if name not in files:
            return f"{name} is required"
    if "prompt" not in texts:
        return "prompt is required"
    one = {name: values[0] for name, values in texts.items()}
    if one.get("magic_prompt", "AUTO") not in MAGIC:
        return "bad magic_prompt"
    if one.get("rendering_speed", "DEFAULT") not in SPEEDS:
        return "rendering_speed must be FLASH, TURBO, DEFAULT or QUALITY"
    if one.get("style_type", "AUTO") not in STYLES:
        return "style_type must be AUTO, GENERAL, REALISTIC, DESIGN or FICTION"
    try:
        seed = int(one.get("seed", "0"))
        count = int(one.get("num_images", "1"))
    except ValueError:
        return "seed and num_images must be integers"
    if not (0 <= seed <= 2147483647 and 1 <= count <= 8):
        return "seed or num_images out of range"
    codes = texts.get("style_codes", [])
    if any(not _STYLE_CODE.fullmatch(code) for code in codes):
        return "each style code must be 8 hexadecimal characters"
    if codes and ("style_type" in one or "style_reference_images" in files):
        return "style_codes cannot be used with style_type or style_reference_images"
    if "character_reference_images" in files and "style_type" not in one:
        return "character_reference_images needs a style_type"
    if "character_reference_images_mask" in files and "character_reference_images" not in files:
        return "character_reference_images_mask needs character_reference_images"
    if "color_palette" in one:
        problem = palette_problem(one["color_palette"])
        if problem:
            return problem
    sizes: dict[str, list[tuple[int, int]]] = {}
    for name, payloads in files.items():
        for payload in payloads:
            if len(payload) > MAX_FILE_BYTES:
                return f"{name} is over 10 MB"
            try:
                with Image.open(io.BytesIO(payload)) as image:
                    image.load()
                    if image.format not in ("JPEG", "PNG", "WEBP"):
                        return f"{name} must be JPEG, PNG or WebP"
                    sizes.setdefault(name, []).append(image.size)
            except Exception:  # noqa: BLE001
                return "files must be images"
    if sum(len(p) for p in files.get("style_reference_images", [])) > MAX_STYLE_BYTES:
        return "style_reference_images are over 10 MB in total"
    if sizes["mask"] != sizes["image"]:
        return "mask must have the same size as image"
    character_mask = sizes.get("character_reference_images_mask")
    if character_mask and character_mask != sizes["character_reference_images"]:
        return "character_reference_images_mask must have the size of the character image"
    return None


def palette_problem(text: str) -> str | None:
    """Why a `color_palette` part is not `{"name": ...}` or `{"members": [...]}`, or None."""
    try:
        palette = json.loads(text)
    except ValueError:
        return "color_palette must be JSON"
    if not isinstance(palette, dict) or set(palette) not in ({"name"}, {"members"}):
        return "color_palette must have either a name or members"
    if "name" in palette:
        return None if palette["name"] in PALETTES else "unknown color_palette name"
    members = palette["members"]
    if not isinstance(members, list) or not members:
        return "color_palette members must be a list of colours"
    for member in members:
        if not isinstance(member, dict) or not set(member) <= {"color_hex", "color_weight"}:
            return "each color_palette member has color_hex and an optional color_weight"
        if not isinstance(member.get("color_hex"), str) or not _HEX.fullmatch(member["color_hex"]):
            return "color_hex must be like #b470b3"
        weight = member.get("color_weight", 0.5)
        if isinstance(weight, bool) or not isinstance(weight, int | float):
            return "color_weight must be a number"
        if not 0.05 <= weight <= 1.0:
            return "color_weight must be from 0.05 to 1"
    return None
