"""The fake's Ideogram 3.0 endpoint is as strict as the contract: each rule it enforces is a
400 here, so that a client test passing against it means the client kept the rule."""

from __future__ import annotations

import io
import json

import pytest
import requests
from PIL import Image

from tests.support import fake_v3
from tests.support.fake_ideogram import API_KEY, FakeIdeogram


def png(size: tuple[int, int], colour: str = "white") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, format="PNG")
    return buffer.getvalue()


def post(
    fake: FakeIdeogram,
    fields: list[tuple[str, str]],
    files: list[tuple[str, tuple[str, bytes, str]]],
    path: str = fake_v3.INPAINT_PATH,
) -> requests.Response:
    headers = (
        {"Authorization": f"Bearer {API_KEY}"}
        if path.startswith("/ideogram/")
        else {"Api-Key": API_KEY}
    )
    return requests.post(
        fake.base_url + path, data=fields, files=files, headers=headers, timeout=10
    )


PHOTO = ("image", ("image.png", png((64, 48)), "image/png"))
MASK = ("mask", ("mask.png", png((64, 48), "black"), "image/png"))
PROMPT = ("prompt", "a red bow tie")
STYLE = ("style_reference_images", ("style.png", png((20, 20)), "image/png"))
CHARACTER = ("character_reference_images", ("hero.png", png((30, 40)), "image/png"))


@pytest.mark.parametrize("path", [fake_v3.INPAINT_PATH, fake_v3.RELAY_PATH])
def test_a_request_by_the_contract_is_answered(fake: FakeIdeogram, path: str) -> None:
    answer = post(
        fake,
        [PROMPT, ("rendering_speed", "FLASH"), ("style_type", "AUTO")],
        [PHOTO, MASK, STYLE, STYLE, CHARACTER],
        path,
    )
    assert answer.status_code == 200, answer.text
    assert len(answer.json()["data"]) == 1 and "Deprecation" not in answer.headers


def test_the_deprecated_path_answers_with_its_successor(fake: FakeIdeogram) -> None:
    answer = post(fake, [PROMPT], [PHOTO, MASK], fake_v3.DEPRECATED_PATH)
    assert answer.status_code == 200
    assert answer.headers["Deprecation"] == "true"
    assert answer.links["successor-version"]["url"] == fake_v3.INPAINT_PATH


@pytest.mark.parametrize(
    ("fields", "files", "said"),
    [
        ([PROMPT], [("image_file", PHOTO[1]), MASK], "image_file is not a field"),
        ([PROMPT, ("magic_prompt_option", "ON")], [PHOTO, MASK], "use magic_prompt"),
        ([PROMPT, ("model", "V_2")], [PHOTO, MASK], "model is not a field"),
        ([PROMPT, ("seed", "")], [PHOTO, MASK], "seed must not be empty"),
        ([PROMPT, ("rendering_speed", "FAST")], [PHOTO, MASK], "rendering_speed must be"),
        ([PROMPT, ("style_type", "ANIME")], [PHOTO, MASK], "style_type must be"),
        ([PROMPT, ("style_type", "RENDER_3D")], [PHOTO, MASK], "style_type must be"),
        ([PROMPT, ("magic_prompt", "MAYBE")], [PHOTO, MASK], "bad magic_prompt"),
        ([PROMPT, ("style_codes", "8a3f0c2")], [PHOTO, MASK], "8 hexadecimal"),
        ([PROMPT, ("style_codes", "8a3f0c21,DEADBEEF")], [PHOTO, MASK], "8 hexadecimal"),
        (
            [PROMPT, ("style_codes", "8a3f0c21"), ("style_type", "AUTO")],
            [PHOTO, MASK],
            "style_codes cannot be used",
        ),
        ([PROMPT, ("style_codes", "8a3f0c21")], [PHOTO, MASK, STYLE], "style_codes cannot be"),
        ([PROMPT], [PHOTO, MASK, CHARACTER], "needs a style_type"),
        (
            [PROMPT, ("style_type", "AUTO")],
            [
                PHOTO,
                MASK,
                CHARACTER,
                ("character_reference_images_mask", ("m.png", png((40, 30)), "image/png")),
            ],
            "size of the character image",
        ),
        ([PROMPT, ("color_palette", "PASTEL")], [PHOTO, MASK], "must be JSON"),
        (
            [PROMPT, ("color_palette", '{"name": "PASTEL", "members": []}')],
            [PHOTO, MASK],
            "either a name or members",
        ),
        (
            [PROMPT, ("color_palette", '{"members": [{"color_hex": "b470b3"}]}')],
            [PHOTO, MASK],
            "color_hex must be",
        ),
        (
            [PROMPT, ("color_palette", json.dumps({"members": [{"color": "#b470b3"}]}))],
            [PHOTO, MASK],
            "optional color_weight",
        ),
        ([PROMPT], [PHOTO, ("mask", ("mask.png", png((48, 64)), "image/png"))], "same size"),
        ([PROMPT], [PHOTO, ("mask", ("mask.png", b"<html>", "image/png"))], "must be images"),
        (
            [PROMPT],
            [PHOTO, MASK, ("style_reference_images", ("s.png", b"x" * 100, "image/png"))],
            "must be images",
        ),
        ([PROMPT, ("num_images", "9")], [PHOTO, MASK], "out of range"),
        ([PROMPT, ("negative_prompt", "dogs")], [PHOTO, MASK], "unknown field"),
        ([], [PHOTO, MASK], "prompt is required"),
    ],
)
def test_each_rule_broken_is_a_400(fake: FakeIdeogram, fields, files, said: str) -> None:  # noqa: ANN001
    answer = post(fake, fields, files)
    assert answer.status_code == 400 and said in answer.json()["error"]


def test_style_references_over_10_mb_in_total_are_a_400(fake: FakeIdeogram) -> None:
    import numpy as np

    noise = np.random.default_rng(1).integers(0, 255, (1500, 1500, 3), np.uint8)
    buffer = io.BytesIO()
    Image.fromarray(noise).save(buffer, format="PNG", compress_level=0)
    big = ("style_reference_images", ("big.png", buffer.getvalue(), "image/png"))
    assert 6_000_000 < len(buffer.getvalue()) < 10_000_000  # each fits on its own
    answer = post(fake, [PROMPT], [PHOTO, MASK, big, big])
    assert answer.status_code == 400 and "10 MB in total" in answer.json()["error"]
