"""Ideogram 3.0 inpaint against the strict fake: what reached the server, part by part and
byte for byte where it matters; what the user is told of a wrong path or a deprecated one;
and that region edits, provenance, the history and restoring work as for the legacy edit."""

from __future__ import annotations

import dataclasses
import io
import json
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from ideogram_studio.backends import apis, ideogram_v3, local
from ideogram_studio.backends.http import Multipart, Transport
from ideogram_studio.backends.legacy_edit import LegacyEditBackend
from ideogram_studio.backends.outcome import CancelToken, EditError, ErrorKind
from ideogram_studio.backends.providers import LOCAL, resolve_provider
from ideogram_studio.backends.request import (
    EditApiId,
    EditOptions,
    MagicPrompt,
    Palette,
    RenderingSpeed,
    RequestError,
    StyleType,
    Swatch,
)
from ideogram_studio.backends.service import JobSpec, api_for, run_edit, run_job
from ideogram_studio.backends.storage import PROVENANCE_KEY, ResultStore, SaveChoice, recorded_job
from ideogram_studio.jobs.archive import JobArchive
from tests.backends.helpers import FAST_RETRY, cat_request, with_options
from tests.backends.test_region_edits import big_request
from tests.support import fake_v3
from tests.support.fake_ideogram import API_KEY, Act, FakeIdeogram, Received
from tests.test_photo_terms import user_comment

V3 = EditApiId.V3


def v3_backend(fake: FakeIdeogram, kind: str = "ideogram", path: str | None = None):  # noqa: ANN201
    provider = resolve_provider(kind, fake.base_url, API_KEY, paths={"v3": path} if path else None)
    return LegacyEditBackend(provider, API_KEY, api=ideogram_v3.API, retry=FAST_RETRY)


def picture(path: Path, size: tuple[int, int], colour: str, **save: object) -> Path:
    image = Image.new("RGB", size, colour)
    image.putpixel((1, 1), (1, 2, 3))  # not a flat file: its bytes say which one it is
    image.save(path, **save)
    return path


def text_parts(post: Received) -> list[tuple[str, str]]:
    return [(name, data.decode()) for name, filename, _, data in post.parts if filename is None]


def file_parts(post: Received) -> list[tuple[str, str, str, bytes]]:
    return [(n, f, kind, data) for n, f, kind, data in post.parts if f is not None]


def test_a_3_0_edit_sends_every_field_by_its_own_name(fake: FakeIdeogram, tmp_path: Path) -> None:
    style_jpeg = picture(tmp_path / "brush.jpg", (64, 48), "orange", quality=90)
    style_webp = picture(tmp_path / "paper.webp", (40, 40), "teal", lossless=True)
    character = picture(tmp_path / "hero.png", (80, 120), "white")
    character_mask = picture(tmp_path / "hero-mask.png", (80, 120), "black")
    request = cat_request(
        api=V3,
        magic_prompt=MagicPrompt.OFF,
        seed=7,
        num_images=2,
        speed=RenderingSpeed.QUALITY,
        style_type=StyleType.FICTION,
        style_refs=(str(style_jpeg), str(style_webp)),
        palette=Palette(members=(Swatch("#B470B3", 0.5), Swatch("#2a9d8f"))),
        character_ref=str(character),
        character_mask=str(character_mask),
    )

    job, outcome = run_edit(request, v3_backend(fake), ResultStore(tmp_path / "out"))

    assert fake.problems == [] and len(outcome.saved) == 2
    (post,) = fake.posts
    assert post.path == "/v1/ideogram-v3/inpaint" and post.headers["Api-Key"] == API_KEY
    assert text_parts(post) == [
        ("prompt", "a red bow tie"),
        ("magic_prompt", "OFF"),
        ("num_images", "2"),
        ("seed", "7"),
        ("rendering_speed", "QUALITY"),
        ("style_type", "FICTION"),
        (
            "color_palette",
            '{"members": [{"color_hex": "#b470b3", "color_weight": 0.5}, '
            '{"color_hex": "#2a9d8f"}]}',  # no weight given: none sent
        ),
    ]
    files = file_parts(post)
    assert [(name, filename, kind) for name, filename, kind, _ in files] == [
        ("image", "image.png", "image/png"),
        ("mask", "mask.png", "image/png"),
        ("style_reference_images", "brush.jpg", "image/jpeg"),
        ("style_reference_images", "paper.webp", "image/webp"),
        ("character_reference_images", "hero.png", "image/png"),
        ("character_reference_images_mask", "hero-mask.png", "image/png"),
    ]
    # The reference files exactly as they are on disk: no re-encoding of what the API takes.
    for (_, _, _, data), source in zip(
        files[2:], (style_jpeg, style_webp, character, character_mask), strict=True
    ):
        assert data == source.read_bytes()
    assert np.array_equal(post.image("image"), request.image)
    expected = np.full((300, 451), 255, np.uint8)
    expected[100:200, 150:300] = 0  # black = edit, the photo's size, as for the legacy edit
    assert np.array_equal(post.image("mask"), expected)
    assert job.sent_size == (451, 300)


def test_style_codes_are_repeated_parts_in_order_and_nothing_is_sent_empty(
    fake: FakeIdeogram, tmp_path: Path
) -> None:
    request = cat_request(api=V3, style_codes=("8a3f0c21", "DEADBEEF", "00ff00aa"))
    run_edit(request, v3_backend(fake), ResultStore(tmp_path))
    (post,) = fake.posts
    assert fake.problems == []
    assert text_parts(post) == [
        ("prompt", "a red bow tie"),
        ("style_codes", "8a3f0c21"),
        ("style_codes", "DEADBEEF"),
        ("style_codes", "00ff00aa"),
    ]
    names = {name for name, *_ in post.parts}
    assert names == {"prompt", "style_codes", "image", "mask"}  # no model, no image_file
    assert all(data for *_, data in post.parts)


def test_a_preset_palette_is_sent_by_its_name(fake: FakeIdeogram, tmp_path: Path) -> None:
    request = cat_request(api=V3, palette=Palette.parse("pastel"))
    run_edit(request, v3_backend(fake), ResultStore(tmp_path))
    assert fake.posts[0].fields["color_palette"] == '{"name": "PASTEL"}'
    assert json.loads(fake.posts[0].fields["color_palette"]) == {"name": "PASTEL"}


def test_other_formats_are_sent_as_png_in_srgb_and_upright(
    fake: FakeIdeogram, tmp_path: Path
) -> None:
    tiff = picture(tmp_path / "scan.tiff", (30, 20), "purple")
    gif = tmp_path / "sketch.gif"
    Image.new("P", (16, 16), 3).save(gif)
    request = cat_request(api=V3, style_refs=(str(tiff), str(gif)))
    run_edit(request, v3_backend(fake), ResultStore(tmp_path / "out"))
    refs = [part for part in file_parts(fake.posts[0]) if part[0] == "style_reference_images"]
    assert [(filename, kind) for _, filename, kind, _ in refs] == [
        ("scan.png", "image/png"),
        ("sketch.png", "image/png"),
    ]
    with Image.open(io.BytesIO(refs[0][3])) as sent, Image.open(tiff) as source:
        assert sent.format == "PNG" and sent.size == (30, 20)
        assert np.array_equal(np.asarray(sent.convert("RGB")), np.asarray(source.convert("RGB")))


def test_a_character_mask_of_another_size_is_refused_before_sending(
    fake: FakeIdeogram, tmp_path: Path
) -> None:
    character = picture(tmp_path / "hero.png", (80, 120), "white")
    mask = picture(tmp_path / "hero-mask.png", (120, 80), "black")
    request = cat_request(
        api=V3,
        style_type=StyleType.AUTO,
        character_ref=str(character),
        character_mask=str(mask),
    )
    with pytest.raises(RequestError) as refused:
        run_edit(request, v3_backend(fake), ResultStore(tmp_path / "out"))
    assert refused.value.message == (
        "The character mask hero-mask.png is 120 × 80 pixels but the character reference "
        "hero.png is 80 × 120: they must be the same size."
    )
    assert fake.posts == []


def test_a_broken_reference_file_is_one_sentence_naming_it(
    fake: FakeIdeogram, tmp_path: Path
) -> None:
    broken = tmp_path / "style.jpg"
    broken.write_bytes(picture(tmp_path / "whole.jpg", (200, 200), "red").read_bytes()[:300])
    request = cat_request(api=V3, style_refs=(str(broken),))
    with pytest.raises(RequestError) as refused:
        run_edit(request, v3_backend(fake), ResultStore(tmp_path / "out"))
    assert "style.jpg" in refused.value.message and "damaged" in refused.value.message
    assert refused.value.message.count(".") <= 3 and "\n" not in refused.value.message
    assert fake.posts == []


def test_style_references_are_checked_in_total_as_sent(
    fake: FakeIdeogram, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A GIF grows when it is re-encoded as PNG: the limit holds for what is sent."""
    noise = np.random.default_rng(3).integers(0, 255, (200, 200, 3), np.uint8)
    files = []
    for name in ("a.gif", "b.gif"):
        Image.fromarray(noise).quantize(256).save(tmp_path / name)
        files.append(str(tmp_path / name))
    on_disk = sum(Path(f).stat().st_size for f in files)
    from ideogram_studio.backends import references

    monkeypatch.setattr(references, "MAX_STYLE_REFERENCES_BYTES", on_disk + 10)
    request = cat_request(api=V3, style_refs=tuple(files))
    request.options.validate()  # on disk, they fit
    with pytest.raises(RequestError, match="style reference images come to .* MB together"):
        run_edit(request, v3_backend(fake), ResultStore(tmp_path / "out"))
    assert fake.posts == []


@pytest.mark.parametrize(
    ("status", "path"),
    [(404, "/ideogram/v3/inpaint"), (405, fake_v3.RELAY_PATH)],  # not served; served, not POST
)
def test_a_path_the_provider_lacks_says_so_not_that_the_edit_failed(
    fake: FakeIdeogram, tmp_path: Path, status: int, path: str
) -> None:
    if status == 405:
        fake.script = [Act(405, {"error": "Method Not Allowed"})]
    # A relay whose address carries a token: the sentence never shows it.
    provider = resolve_provider(
        "relay", f"{fake.base_url}?token=s3cret", API_KEY, paths={"v3": path}
    )
    backend = LegacyEditBackend(provider, API_KEY, api=ideogram_v3.API, retry=FAST_RETRY)
    with pytest.raises(EditError) as failed:
        run_edit(cat_request(api=V3), backend, ResultStore(tmp_path))
    assert failed.value.message == (
        f"This provider does not offer Ideogram 3.0 at {fake.base_url}{path} "
        f"(HTTP {status}): set the right path for it in Settings (the provider's paths), or "
        "with --api-path on the command line."
    )
    assert failed.value.kind is ErrorKind.REFUSED and failed.value.status == status
    assert len(fake.posts) == 1 and fake.posts[0].path == f"{path}?token=s3cret"  # not retried


def test_a_path_not_served_at_all_names_the_legacy_edit_too(
    fake: FakeIdeogram, tmp_path: Path
) -> None:
    provider = resolve_provider("custom", fake.base_url, API_KEY, path="/v2/edit")
    with pytest.raises(EditError, match="does not offer the legacy edit \\(2.0\\) at .*/v2/edit"):
        run_job(JobSpec(cat_request(), provider, API_KEY), ResultStore(tmp_path))


def test_another_api_calling_post_as_before_gets_the_sentence_too(fake: FakeIdeogram) -> None:
    """An API that calls `post` with its first parameters only: a 404 still says the provider
    lacks the API."""
    transport = Transport(resolve_provider("ideogram", fake.base_url, API_KEY), API_KEY)
    session = transport.open_session()
    try:
        with pytest.raises(EditError, match="does not offer this API at .*/remix"):
            transport.post(
                session,
                f"{fake.base_url}/remix",
                Multipart({"describe_model_version": "V_3"}, {}),
                model="V_3",
                cancel=CancelToken(),
                progress=lambda message: None,
            )
    finally:
        session.close()


def test_the_deprecated_path_works_and_says_so_once(fake: FakeIdeogram, tmp_path: Path) -> None:
    backend = v3_backend(fake, path=fake_v3.DEPRECATED_PATH)
    first = run_edit(cat_request(api=V3), backend, ResultStore(tmp_path))[1]
    second = run_edit(cat_request(api=V3), backend, ResultStore(tmp_path))[1]
    note = (
        "Ideogram says this endpoint (/v1/ideogram-v3/edit) is deprecated; its successor is "
        "/v1/ideogram-v3/inpaint."
    )
    assert len(first.saved) == len(second.saved) == 1
    assert first.notes == [note]
    assert second.notes == []  # once per endpoint in this process
    assert [post.path for post in fake.posts] == [fake_v3.DEPRECATED_PATH] * 2


class NoticeEndpoint(fake_v3.V3Inpaint):
    def answer(self, fake, received, act):  # noqa: ANN001, ANN201
        return fake.success(received, act) | {"notice": "This endpoint moves on 1 May."}


def test_a_notice_in_the_answer_is_a_note_of_a_relay(fake: FakeIdeogram, tmp_path: Path) -> None:
    fake.routes[fake_v3.RELAY_PATH] = NoticeEndpoint()
    _, outcome = run_edit(cat_request(api=V3), v3_backend(fake, "relay"), ResultStore(tmp_path))
    assert len(outcome.saved) == 1
    host = fake.base_url.split("//")[1]
    assert outcome.notes == [
        f"The relay at {host} says of this endpoint (/ideogram/v1/ideogram-v3/edit): "
        "“This endpoint moves on 1 May.”"
    ]
    assert fake.posts[0].headers["Authorization"] == f"Bearer {API_KEY}"


def test_a_403_names_ideogram_3_0_not_a_model(fake: FakeIdeogram, tmp_path: Path) -> None:
    fake.script = [Act(403, {"error": "Forbidden"})]
    with pytest.raises(EditError, match="no access to the edit endpoint or to the Ideogram 3.0"):
        run_edit(cat_request(api=V3), v3_backend(fake), ResultStore(tmp_path))


def test_the_registry_and_the_local_provider(fake: FakeIdeogram, tmp_path: Path) -> None:
    provider = resolve_provider("ideogram", fake.base_url, API_KEY)
    assert api_for(provider, "v3") is ideogram_v3.API is apis.API_MODULES["v3"]
    assert api_for(LOCAL, "v3") is local.API  # offline, either API runs in-process
    spec = JobSpec(cat_request(api=V3, speed=RenderingSpeed.TURBO), provider, API_KEY)
    job, outcome = run_job(spec, ResultStore(tmp_path))  # the options' API chooses the module
    assert fake.posts[0].path == "/v1/ideogram-v3/inpaint" and len(outcome.saved) == 1
    assert job.endpoint == outcome.endpoint == f"{fake.base_url}/v1/ideogram-v3/inpaint"
    _, offline = run_job(JobSpec(cat_request(api=V3), LOCAL), ResultStore(tmp_path))
    assert len(offline.saved) == 1 and len(fake.posts) == 1


def test_a_region_edit_with_3_0_composites_as_the_legacy_edit_does(
    fake: FakeIdeogram, tmp_path: Path
) -> None:
    legacy = big_request(edit_region=True, margin=100, feather=10)
    v3 = with_options(legacy, api=V3, speed=RenderingSpeed.TURBO)
    fake.script = [Act(result_size=(1024, 768)), Act(result_size=(1024, 768))]
    provider = resolve_provider("ideogram", fake.base_url, API_KEY)
    legacy_job, legacy_outcome = run_job(
        JobSpec(legacy, provider, API_KEY), ResultStore(tmp_path / "legacy")
    )
    v3_job, v3_outcome = run_job(JobSpec(v3, provider, API_KEY), ResultStore(tmp_path / "v3"))
    legacy_post, v3_post = fake.posts
    assert np.array_equal(legacy_post.image("image_file"), v3_post.image("image"))
    assert np.array_equal(legacy_post.image("mask"), v3_post.image("mask"))
    assert v3_job.region == legacy_job.region and v3_job.region["sent_size"] == [600, 512]
    with Image.open(legacy_outcome.saved[0].path) as a, Image.open(v3_outcome.saved[0].path) as b:
        assert a.size == b.size == (2400, 1800)
        assert np.array_equal(np.asarray(a), np.asarray(b))  # the same result, pasted the same
        record = json.loads(b.text[PROVENANCE_KEY])
    assert record["region"] == legacy_job.region and record["request"]["api"] == "v3"


def three_oh_options(tmp_path: Path) -> EditOptions:
    style = picture(tmp_path / "brush.jpg", (64, 48), "orange")
    character = picture(tmp_path / "hero.png", (50, 50), "white")
    return EditOptions(
        prompt="a red bow tie",
        api=V3,
        magic_prompt=MagicPrompt.ON,
        style_type=StyleType.DESIGN,
        seed=11,
        speed=RenderingSpeed.TURBO,
        style_refs=(str(style),),
        palette=Palette(members=(Swatch("#b470b3", 0.5), Swatch("#2a9d8f"))),
        character_ref=str(character),
    )


def test_provenance_names_3_0_fields_and_never_a_path(fake: FakeIdeogram, tmp_path: Path) -> None:
    request = dataclasses.replace(cat_request(), options=three_oh_options(tmp_path))
    store = ResultStore(tmp_path / "out", SaveChoice("jpeg"))
    job, outcome = run_edit(request, v3_backend(fake), store)
    png_store = ResultStore(tmp_path / "png")
    _, png = run_edit(request, v3_backend(fake), png_store)
    with Image.open(png.saved[0].path) as saved:
        record = json.loads(saved.text[PROVENANCE_KEY])
        parameters = saved.text["parameters"]
    assert record["request"] == {
        "api": "v3",
        "prompt": "a red bow tie",
        "magic_prompt": "ON",
        "rendering_speed": "TURBO",
        "style_type": "DESIGN",
        "style_codes": None,
        "style_reference_images": ["brush.jpg"],
        "color_palette": {
            "members": [{"color_hex": "#b470b3", "color_weight": 0.5}, {"color_hex": "#2a9d8f"}]
        },
        "character_reference_images": "hero.png",
        "character_reference_images_mask": None,
        "seed": 11,
        "num_images": 1,
        "image_size": [451, 300],
    }
    assert str(tmp_path) not in json.dumps(record)
    assert "Model: Ideogram 3.0, Rendering speed: TURBO, Style: DESIGN" in parameters
    comment = user_comment(outcome.saved[0].path)  # the JPEG's EXIF says the same
    assert "Model: Ideogram 3.0, Rendering speed: TURBO" in comment and "V_2" not in comment


def test_restoring_a_3_0_job_from_the_history_gives_its_options_back(
    fake: FakeIdeogram, tmp_path: Path
) -> None:
    options = three_oh_options(tmp_path)
    history = JobArchive(tmp_path / "home")
    request = dataclasses.replace(cat_request(), options=options)
    job, outcome = run_edit(
        request, v3_backend(fake), ResultStore(tmp_path / "out"), recorder=history
    )
    [row] = history.page()
    assert row.parameters["api"] == "v3" and "model" not in row.parameters
    result = row.results[0]
    restored = EditOptions.from_parameters(row.prompt, row.parameters, result.seed, EditOptions())
    assert restored == dataclasses.replace(options, seed=result.seed)
    # Fetching again saves with the same provenance: a 3.0 job stays one.
    again = recorded_job(
        row.job_key, row.created, row.backend, row.endpoint, row.prompt, row.parameters
    )
    assert again.request.describe() == job.request.describe()
