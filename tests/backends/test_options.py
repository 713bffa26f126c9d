"""The options of both edit APIs as one value: the rules between Ideogram 3.0's fields, each
with its one sentence before anything is sent, and their survival by name."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from PIL import Image

from ideogram_studio.backends.options import (
    EditApiId,
    EditOptions,
    MagicPrompt,
    Model,
    Palette,
    RenderingSpeed,
    RequestError,
    StyleType,
    Swatch,
)


@pytest.fixture
def reference(tmp_path: Path) -> str:
    path = tmp_path / "look.png"
    Image.new("RGB", (64, 48), (200, 80, 40)).save(path)
    return str(path)


def v3(**changes: object) -> EditOptions:
    return EditOptions(prompt="a hat", api=EditApiId.V3, **changes)


@pytest.mark.parametrize(
    ("changes", "sentence"),
    [
        (
            {"style_codes": ("12ab",)},
            "The style code “12ab” is not 8 hexadecimal characters (like 8a3f0c21).",
        ),
        (
            {"style_codes": ("0a1b2c3d",), "style_type": StyleType.REALISTIC},
            "Style codes cannot be combined with a style type or with style reference images: "
            "clear the one or the other.",
        ),
        (
            {"style_type": StyleType.ANIME},
            "The style “ANIME” is not offered by Ideogram 3.0.",
        ),
        (
            {"character_mask": "x.png"},
            "A character mask needs a character reference image to go with.",
        ),
        (
            {"palette": Palette(name="NEON")},
            "“NEON” is not one of Ideogram's palettes (EMBER, FRESH, JUNGLE, MAGIC, MELON, "
            "MOSAIC, PASTEL, ULTRAMARINE).",
        ),
        (
            {"palette": Palette(members=(Swatch("#2a9d8f"), Swatch("red")))},
            "The palette colour “red” is not written like #b470b3.",
        ),
        (
            {"palette": Palette.parse("neon")},
            "“neon” is neither one of Ideogram's palettes (EMBER, FRESH, JUNGLE, MAGIC, MELON, "
            "MOSAIC, PASTEL, ULTRAMARINE) nor a colour like #b470b3.",
        ),
        (
            {"palette": Palette(members=(Swatch("#b470b3", 1.5),))},
            "The weight of #b470b3 must be from 0.05 to 1.0, not 1.5.",
        ),
        (
            {"style_refs": ("/nowhere/gone.png",)},
            "The reference image gone.png cannot be read: it was moved or removed.",
        ),
    ],
)
def test_each_rule_of_ideogram_3_is_one_sentence(changes: dict, sentence: str) -> None:
    with pytest.raises(RequestError) as refused:
        v3(**changes).validate()
    assert refused.value.message == sentence


def test_a_character_reference_needs_a_style_type(reference: str) -> None:
    with pytest.raises(RequestError, match="needs a style type: choose one"):
        v3(character_ref=reference).validate()
    v3(character_ref=reference, style_type=StyleType.AUTO).validate()


def test_style_references_may_not_pass_10_mb_together(tmp_path: Path) -> None:
    files = []
    for index in range(3):
        path = tmp_path / f"big{index}.jpg"
        path.write_bytes(b"\xff\xd8" + bytes(4_000_000))
        files.append(str(path))
    with pytest.raises(RequestError) as refused:
        v3(style_refs=tuple(files)).validate()
    assert refused.value.message == (
        "The style reference images come to 12.0 MB together; Ideogram takes 10 MB in total: "
        "use fewer or smaller images."
    )
    v3(style_refs=tuple(files[:2])).validate()


def test_the_other_apis_fields_are_kept_but_neither_checked_nor_described(reference: str) -> None:
    legacy = EditOptions(prompt="a hat", style_codes=("bad",), style_type=StyleType.ANIME)
    legacy.validate()  # the 3.0 fields wait, unchecked, for a switch back
    assert "style_codes" not in legacy.sent() and legacy.sent()["model"] == "V_2"
    with pytest.raises(RequestError, match="not offered by Ideogram 3.0"):
        dataclasses.replace(legacy, api=EditApiId.V3).validate()
    with pytest.raises(RequestError, match="not offered by the legacy edit"):
        EditOptions(prompt="a hat", style_type=StyleType.FICTION).validate()
    sent = v3(style_refs=(reference,), speed=RenderingSpeed.TURBO).sent()
    assert "model" not in sent and "magic_prompt_option" not in sent
    assert sent["style_reference_images"] == ["look.png"] and sent["rendering_speed"] == "TURBO"


def test_palettes_parse_as_the_command_line_writes_them() -> None:
    assert Palette.parse("pastel") == Palette(name="PASTEL")
    custom = Palette.parse("#B470B3:0.5, #2a9d8f")
    assert custom.members == (Swatch("#B470B3", 0.5), Swatch("#2a9d8f", None))
    assert custom.to_json() == {
        "members": [{"color_hex": "#b470b3", "color_weight": 0.5}, {"color_hex": "#2a9d8f"}]
    }
    with pytest.raises(RequestError, match="weight “heavy” is not a number"):
        Palette.parse("#b470b3:heavy")


def test_3_0_options_survive_by_name_and_from_the_history(reference: str) -> None:
    chosen = v3(
        magic_prompt=MagicPrompt.OFF,
        style_type=StyleType.FICTION,
        speed=RenderingSpeed.QUALITY,
        style_refs=(reference,),
        palette=Palette(members=(Swatch("#b470b3", 0.5), Swatch("#2a9d8f"))),
        character_ref=reference,
        seed=9,
        num_images=3,
        upscale_region=True,
    )
    assert EditOptions.from_names(chosen.to_names()) == chosen
    recorded = chosen.sent()
    restored = EditOptions.from_parameters("a hat", recorded, base=chosen)
    assert restored == chosen
    # Another photo's session: the reference files are not known by name, so none is invented.
    elsewhere = EditOptions.from_parameters("a hat", recorded)
    assert elsewhere.style_refs == () and elsewhere.character_ref is None
    assert elsewhere.api is EditApiId.V3 and elsewhere.speed is RenderingSpeed.QUALITY
    old = EditOptions.from_parameters("a hat", {"model": "V_2_TURBO", "style_type": "ANIME"})
    assert old.api is EditApiId.LEGACY and old.model is Model.V_2_TURBO
