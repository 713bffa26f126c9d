"""`ideogram-studio edit --api v3` as a user runs it: a real process against the strict fake;
what reached the server, the flags refused, the wrong path and the deprecated one."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from tests.support import fake_v3
from tests.support.fake_ideogram import API_KEY, FakeIdeogram, LegacyEdit
from tests.test_cli import cat_args, run_cli


@pytest.fixture
def mask(tmp_path: Path) -> Path:
    pixels = np.full((300, 451), 255, np.uint8)
    pixels[100:200, 150:300] = 0  # black = edit
    path = tmp_path / "mask.png"
    Image.fromarray(pixels).save(path)
    return path


def on_fake(fake: FakeIdeogram, *arguments: str, provider: str = "ideogram"):  # noqa: ANN201
    return run_cli(
        *arguments,
        key=API_KEY,
        IDEOGRAM_PROVIDER=provider,
        IDEOGRAM_BASE_URL=fake.base_url,
    )


def reference(path: Path, size: tuple[int, int], colour: str) -> Path:
    Image.new("RGB", size, colour).save(path)
    return path


def test_a_3_0_edit_from_the_command_line(fake: FakeIdeogram, mask: Path, tmp_path: Path) -> None:
    first = reference(tmp_path / "first.png", (32, 32), "red")
    second = reference(tmp_path / "second.jpg", (40, 30), "blue")
    result = on_fake(
        fake,
        *cat_args(mask, "--api", "v3", "--speed", "TURBO", "--magic-prompt", "OFF"),
        *("--style-ref", str(first), "--style-ref", str(second)),
        *("--palette", "#B470B3:0.5,#2a9d8f", "--seed", "5", "--num-images", "2"),
        *("--out", str(tmp_path / "out")),
    )
    assert result.returncode == 0, result.stderr
    assert len(result.stdout.split()) == 2 and fake.problems == []
    (post,) = fake.posts
    assert post.path == "/v1/ideogram-v3/inpaint"
    assert [(name, data.decode()) for name, filename, _, data in post.parts if not filename] == [
        ("prompt", "a red bow tie"),
        ("magic_prompt", "OFF"),
        ("num_images", "2"),
        ("seed", "5"),
        ("rendering_speed", "TURBO"),
        (
            "color_palette",
            '{"members": [{"color_hex": "#b470b3", "color_weight": 0.5}, '
            '{"color_hex": "#2a9d8f"}]}',
        ),
    ]
    files = [(name, filename, data) for name, filename, _, data in post.parts if filename]
    assert [name for name, _, _ in files] == [
        "image",
        "mask",
        "style_reference_images",
        "style_reference_images",
    ]
    assert files[2][1:] == ("first.png", first.read_bytes())
    assert files[3][1:] == ("second.jpg", second.read_bytes())
    sent_mask = post.image("mask")
    assert sent_mask.shape == (300, 451) and sent_mask[150, 200] == 0 and sent_mask[10, 10] == 255
    assert API_KEY not in result.stdout + result.stderr


def test_style_codes_repeat_and_a_character_reference_goes_with_its_mask(
    fake: FakeIdeogram, mask: Path, tmp_path: Path
) -> None:
    hero = reference(tmp_path / "hero.png", (50, 60), "white")
    hero_mask = reference(tmp_path / "hero-mask.png", (50, 60), "black")
    result = on_fake(
        fake,
        *cat_args(mask, "--api", "v3", "--style-code", "8a3f0c21", "--style-code", "DEADBEEF"),
        "--json",
    )
    assert result.returncode == 0, result.stderr
    assert [v for n, _, _, v in fake.posts[0].parts if n == "style_codes"] == [
        b"8a3f0c21",
        b"DEADBEEF",
    ]
    result = on_fake(
        fake,
        *cat_args(mask, "--api", "v3", "--style-type", "FICTION", "--palette", "pastel"),
        *("--character-ref", str(hero), "--character-mask", str(hero_mask)),
    )
    assert result.returncode == 0, result.stderr
    second = fake.posts[1]
    assert second.fields["style_type"] == "FICTION"
    assert second.fields["color_palette"] == '{"name": "PASTEL"}'
    assert second.files["character_reference_images"][2] == hero.read_bytes()
    assert second.files["character_reference_images_mask"][2] == hero_mask.read_bytes()


@pytest.mark.parametrize(
    ("flags", "sentence"),
    [
        (
            ["--speed", "TURBO"],
            "--speed belongs to Ideogram 3.0 (--api v3), not to the API chosen (--api edit).",
        ),
        (
            ["--style-code", "8a3f0c21", "--palette", "PASTEL"],
            "--style-code and --palette belong to Ideogram 3.0 (--api v3), not to the API "
            "chosen (--api edit).",
        ),
        (
            ["--api", "v3", "--model", "V_2_TURBO"],
            "--model belongs to the legacy edit (--api edit), not to the API chosen (--api v3).",
        ),
        (
            ["--api", "v3", "--style-type", "RENDER_3D"],
            "--style-type RENDER_3D is not offered by Ideogram 3.0: choose one of AUTO, "
            "GENERAL, REALISTIC, DESIGN, FICTION.",
        ),
        (
            ["--style-type", "FICTION"],
            "--style-type FICTION is not offered by the legacy edit: choose one of AUTO, "
            "GENERAL, REALISTIC, DESIGN, RENDER_3D, ANIME.",
        ),
        (
            ["--api", "v3", "--palette", "#b470b3:heavy"],
            "The palette weight “heavy” is not a number.",
        ),
        (
            ["--api", "v3", "--api-path", "https://other.example/v1/ideogram-v3/inpaint"],
            "--api-path is a path relative to the base URL (like /v1/ideogram-v3/inpaint), "
            "not a whole address.",
        ),
        (
            ["--api", "v3", "--style-code", "8a3f0c21", "--style-type", "AUTO"],
            "Style codes cannot be combined with a style type or with style reference images: "
            "clear the one or the other.",
        ),
    ],
)
def test_a_flag_the_chosen_api_does_not_take_is_refused_in_one_sentence(
    fake: FakeIdeogram, mask: Path, flags: list[str], sentence: str
) -> None:
    result = on_fake(fake, *cat_args(mask, *flags))
    assert result.returncode == 2
    assert result.stderr.strip() == sentence
    assert fake.posts == [] and result.stdout == ""


def test_the_deprecated_path_succeeds_with_one_note(
    fake: FakeIdeogram, mask: Path, tmp_path: Path
) -> None:
    result = on_fake(
        fake, *cat_args(mask, "--api", "v3", "--api-path", fake_v3.DEPRECATED_PATH, "--whole")
    )
    assert result.returncode == 0, result.stderr
    notes = [line for line in result.stderr.splitlines() if line.startswith("Note: ")]
    assert notes == [
        "Note: Ideogram says this endpoint (/v1/ideogram-v3/edit) is deprecated; its "
        "successor is /v1/ideogram-v3/inpaint."
    ]
    assert fake.posts[0].path == fake_v3.DEPRECATED_PATH and len(result.stdout.split()) == 1


def test_a_path_the_relay_lacks_is_named_and_where_to_set_it(
    fake: FakeIdeogram, mask: Path
) -> None:
    result = on_fake(
        fake, *cat_args(mask, "--api", "v3", "--api-path", "v3/inpaint"), provider="relay"
    )
    assert result.returncode == 3
    assert result.stderr.strip() == (
        f"This provider does not offer Ideogram 3.0 at {fake.base_url}/v3/inpaint (HTTP 404): "
        "set the right path for it in Settings (the provider's paths), or with --api-path on "
        "the command line."
    )


def test_the_relay_preset_sends_3_0_to_its_own_path(fake: FakeIdeogram, mask: Path) -> None:
    result = on_fake(fake, *cat_args(mask, "--api", "v3", "--json"), provider="relay")
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["endpoint"] == f"{fake.base_url}/ideogram/v1/ideogram-v3/edit"
    assert fake.posts[0].headers["Authorization"] == f"Bearer {API_KEY}"


def test_api_path_overrides_the_legacy_edit_path_too(fake: FakeIdeogram, mask: Path) -> None:
    fake.routes["/mirror/edit"] = LegacyEdit()  # a server with the legacy edit elsewhere
    result = on_fake(fake, *cat_args(mask, "--api-path", "/mirror/edit", "--model", "V_2_TURBO"))
    assert result.returncode == 0, result.stderr
    (post,) = fake.posts
    assert post.path == "/mirror/edit" and post.fields["model"] == "V_2_TURBO"
    assert set(post.files) == {"image_file", "mask"}
