"""The dry run's report for any API module's multipart: repeated fields and files, a JSON text
part, files that are no image, the estimate line, and a URL whose secrets stay hidden."""

from __future__ import annotations

import io
import json

import pytest
from PIL import Image

from ideogram_studio.backends import apis
from ideogram_studio.backends.dry_run import describe, print_dry_run
from ideogram_studio.backends.http import Multipart
from ideogram_studio.backends.legacy_edit import LegacyEditApi
from ideogram_studio.backends.options import EditApiId, RenderingSpeed
from ideogram_studio.backends.prices import Estimate
from ideogram_studio.backends.providers import resolve_provider
from ideogram_studio.backends.request import EditRequest, Upload
from ideogram_studio.backends.settings import ProviderSettings
from ideogram_studio.cli_spend import print_edit_dry_run
from tests.backends.helpers import cat_request


def png(width: int, height: int) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), "white").save(buffer, format="PNG")
    return buffer.getvalue()


def test_repeated_parts_keep_their_order_and_files_their_sizes() -> None:
    style = png(64, 48)
    multipart = Multipart(
        [
            ("prompt", "a hat\nwith a feather"),
            ("style_codes", "8a3f0c21"),
            ("style_codes", "0badf00d"),
        ],
        [
            ("image", ("image.jpg", png(451, 300), "image/jpeg")),
            ("style_reference_images", ("a.png", style, "image/png")),
            ("style_reference_images", ("b.png", style, "image/png")),
            ("notes", ("notes.txt", b"not an image", "text/plain")),
        ],
    )
    report = describe(
        "https://user:pw@relay.example/ideogram/v1/ideogram-v3/edit?key=s3cret",
        multipart,
        Estimate(2, 0.06),
        auth_header="Authorization",
    )
    lines = report.lines()
    assert lines[1] == "POST https://relay.example/ideogram/v1/ideogram-v3/edit?…"
    assert "field prompt: a hat\\nwith a feather" in lines  # one line per field
    assert [line for line in lines if "style_codes" in line] == [
        "field style_codes: 8a3f0c21",
        "field style_codes: 0badf00d",
    ]
    refs = [line for line in lines if line.startswith("file style_reference_images")]
    assert refs == [
        f"file style_reference_images: {name}, image/png, {len(style)} bytes, 64 x 48 pixels"
        for name in ("a.png", "b.png")
    ]
    assert f"file notes: notes.txt, text/plain, {len(b'not an image')} bytes" in lines
    assert lines[-1] == "estimate: $0.12"
    text = "\n".join(lines)
    assert "s3cret" not in text and "pw" not in text.replace("pixels", "")


def test_a_json_text_part_and_the_json_document(capsys: pytest.CaptureFixture[str]) -> None:
    request = json.dumps({"resemblance": 50, "detail": 50})
    multipart = Multipart(
        {"image_request": request}, {"image_file": ("r.png", png(10, 20), "image/png")}
    )
    print_dry_run("https://api.ideogram.ai/upscale", multipart, Estimate(1, None), as_json=True)
    document = json.loads(capsys.readouterr().out)
    assert document["fields"] == [{"name": "image_request", "value": request}]
    assert document["files"][0] | {"bytes": 0} == {
        "field": "image_file",
        "filename": "r.png",
        "content_type": "image/png",
        "bytes": 0,
        "width": 10,
        "height": 20,
    }
    assert document["estimate"]["usd"] is None
    assert document["estimate"]["text"] == "price unknown"


class ThreeZeroLike(LegacyEditApi):
    """Stands in for the Ideogram 3.0 module (built elsewhere): other field names, a repeated
    field, no model. The dry run knows nothing of them: it prints what `multipart` gives."""

    id = "v3"

    def multipart(self, request: EditRequest, upload: Upload) -> Multipart:
        options = request.options
        fields = [("prompt", options.prompt), ("rendering_speed", str(options.rendering_speed))]
        fields += [("style_codes", code) for code in options.style_codes]
        return Multipart(
            fields,
            [
                ("image", (upload.image_name, upload.image_bytes, upload.image_type)),
                ("mask", ("mask.png", upload.mask_png, "image/png")),
            ],
        )


def test_the_edit_dry_run_prints_whatever_the_api_module_sends(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(apis.API_MODULES, "v3", ThreeZeroLike())
    request = cat_request(
        api=EditApiId.V3, speed=RenderingSpeed.QUALITY, style_codes=("8a3f0c21",), num_images=3
    )
    provider = resolve_provider("ideogram", None, "a key that is never printed")
    code = print_edit_dry_run(
        request, provider, key_set=True, settings=ProviderSettings(), as_json=False
    )
    assert code == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[1] == "POST https://api.ideogram.ai/v1/ideogram-v3/inpaint"
    assert lines[2:6] == [
        "header Api-Key: (the API key, not shown)",
        "field prompt: a red bow tie",
        "field rendering_speed: QUALITY",
        "field style_codes: 8a3f0c21",
    ]
    assert lines[6].startswith("file image: image.png, image/png, ")
    assert lines[7].startswith("file mask: mask.png, image/png, ")
    assert lines[-1] == "estimate: $0.27"  # 3 images at 3.0 Quality's $0.09
    assert "never printed" not in "\n".join(lines)
