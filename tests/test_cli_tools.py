"""`ideogram-studio describe` and `ideogram-studio upscale` as a user runs them: a real
process against the loopback fake, its output, its exit codes, the files and the history."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import numpy as np
from PIL import Image

from ideogram_studio.jobs.archive import JobArchive
from tests.backends.test_region_edits import big_request
from tests.conftest import SAMPLES
from tests.support.cli import studio
from tests.support.fake_ideogram import API_KEY, FakeIdeogram


def run(
    command: str, *arguments: str, key: str | None = API_KEY, **environment: str
) -> subprocess.CompletedProcess[str]:
    return studio(command, *arguments, key=key, **environment)


def at(fake: FakeIdeogram, kind: str = "ideogram") -> dict[str, str]:
    return {"IDEOGRAM_PROVIDER": kind, "IDEOGRAM_BASE_URL": fake.base_url}


CAT = str(SAMPLES / "chelsea.png")


def big_photo_and_mask(folder: Path) -> tuple[Path, Path]:
    """A 2400 x 1800 photo and its mask file (black = edit), as region edits get them."""
    request = big_request()
    Image.fromarray(request.image).save(folder / "big.png")
    Image.fromarray(255 - request.mask).save(folder / "mask.png")
    return folder / "big.png", folder / "mask.png"


def test_describe_prints_one_description_a_line(fake: FakeIdeogram) -> None:
    fake.routes["/describe"].texts = ["A cat\non a rug", "A tabby cat, {width} wide"]
    result = run("describe", CAT, **at(fake))
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["A cat on a rug", "A tabby cat, 451 wide"]
    assert fake.posts[0].path == "/describe" and fake.posts[0].fields == {}
    assert API_KEY not in result.stdout + result.stderr


def test_describe_with_a_mask_describes_the_crop_an_edit_would_send(
    fake: FakeIdeogram, tmp_path: Path
) -> None:
    photo, mask = big_photo_and_mask(tmp_path)
    result = run("describe", str(photo), "--mask", str(mask), "--json", **at(fake, "relay"))
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    width, height = document["region"]["sent_size"]
    assert fake.posts[0].image("image_file").shape[:2] == (height, width)
    assert (width, height) != (2400, 1800) and document["region"]["crop"][2] <= 2400
    assert document["descriptions"][0] == f"A photo of {width} by {height} pixels, in soft daylight"
    assert document["endpoint"] == f"{fake.base_url}/ideogram/describe"
    assert fake.posts[0].path == "/ideogram/describe"


def test_describe_says_in_one_line_what_is_wrong(fake: FakeIdeogram, tmp_path: Path) -> None:
    offline = run("describe", CAT, key=None)
    assert offline.returncode == 2 and offline.stdout == ""
    assert offline.stderr.strip() == (
        "Describe needs Ideogram or a relay: the offline backend cannot describe photos "
        "(set IDEOGRAM_API_KEY)."
    )
    empty = tmp_path / "empty.png"
    Image.fromarray(np.full((300, 451), 255, np.uint8)).save(empty)
    nothing = run("describe", CAT, "--mask", str(empty), **at(fake))
    assert nothing.returncode == 2 and "marks nothing" in nothing.stderr
    fake.routes.pop("/describe")
    missing = run("describe", CAT, **at(fake))
    assert missing.returncode == 3
    assert "does not offer Describe at this path" in missing.stderr
    assert len(missing.stderr.strip().splitlines()) == 1
    assert fake.posts and all(post.path == "/describe" for post in fake.posts)


def test_upscale_saves_a_result_linked_to_the_one_it_came_from(
    fake: FakeIdeogram, tmp_path: Path, studio_home: Path
) -> None:
    mask = tmp_path / "mask.png"
    pixels = np.full((300, 451), 255, np.uint8)
    pixels[100:200, 150:300] = 0
    Image.fromarray(pixels).save(mask)
    edit = run("edit", CAT, "--mask", str(mask), "--prompt", "a red bow tie", **at(fake))
    assert edit.returncode == 0, edit.stderr
    (result,) = edit.stdout.split()

    upscaled = run(
        "upscale",
        result,
        "--resemblance",
        "65",
        "--detail",
        "20",
        "--prompt",
        "a cat",
        "--out",
        str(tmp_path / "out"),
        "--json",
        **at(fake),
    )

    assert upscaled.returncode == 0, upscaled.stderr
    document = json.loads(upscaled.stdout)
    (saved,) = document["results"]
    path = Path(saved["path"])
    assert path.parent == tmp_path / "out" and path.suffix == ".png"
    assert Image.open(path).size == (512, 512)  # the fake's 256 x 256 result, twice
    post = fake.posts[-1]
    assert post.path == "/upscale"
    assert json.loads(post.fields["image_request"]) == {
        "resemblance": 65,
        "detail": 20,
        "prompt": "a cat",
    }
    history = JobArchive(studio_home)
    parent_job = history.find(Path(result).stem.rsplit("-", 2)[1])
    assert parent_job is not None
    job = history.find(document["job"])
    assert job is not None and job.parent_result == parent_job.results[0].id
    assert document["upscale_of"] == {
        "job": parent_job.id,
        "image": 1,
        "result": parent_job.results[0].id,
        "file": Path(result).name,
    }
    assert job.parameters["upscale_of"] == document["upscale_of"]


def test_upscale_of_any_photo_prints_its_path_and_is_recorded_unlinked(
    fake: FakeIdeogram, studio_home: Path
) -> None:
    result = run("upscale", str(SAMPLES / "rocket.jpg"), **at(fake, "relay"))
    assert result.returncode == 0, result.stderr
    (line,) = result.stdout.split()
    saved = Path(line)
    assert saved.parent == studio_home / "results" and saved.suffix == ".jpg"
    with Image.open(saved) as image, Image.open(SAMPLES / "rocket.jpg") as original:
        assert image.size == (2 * original.size[0], 2 * original.size[1])
        assert image.info["icc_profile"] == original.info["icc_profile"]
    (job,) = JobArchive(studio_home).page()
    assert job.parent_result is None and job.parameters["upscale_of"]["file"] == "rocket.jpg"
    assert json.loads(fake.posts[0].fields["image_request"]) == {"resemblance": 50, "detail": 50}


def test_upscale_refuses_bad_input_before_sending(fake: FakeIdeogram) -> None:
    out_of_range = run("upscale", CAT, "--detail", "0", **at(fake))
    assert out_of_range.returncode == 2 and "0 is not from 1 to 100" in out_of_range.stderr
    offline = run("upscale", CAT, key=None)
    assert offline.returncode == 2
    assert offline.stderr.strip() == (
        "Upscale needs Ideogram or a relay: the offline backend cannot upscale images "
        "(set IDEOGRAM_API_KEY)."
    )
    assert fake.posts == []


def test_edit_with_upscale_region_upscales_each_result_before_blending(
    fake: FakeIdeogram, tmp_path: Path
) -> None:
    photo, mask = big_photo_and_mask(tmp_path)
    arguments = ["--mask", str(mask), "--prompt", "a visor", "--margin", "100", "--json"]
    result = run("edit", str(photo), *arguments, "--upscale-region", **at(fake))
    assert result.returncode == 0, result.stderr
    assert [post.path for post in fake.posts] == ["/edit", "/upscale"]
    document = json.loads(result.stdout)
    assert any("upscaled with Ideogram's Upscale" in note for note in document["notes"])
    assert Image.open(document["results"][0]["path"]).size == (2400, 1800)
    plain = run("edit", str(photo), *arguments, **at(fake))
    assert plain.returncode == 0 and [post.path for post in fake.posts][-1] == "/edit"


def test_upscale_dry_run_prints_what_would_go_and_sends_nothing(
    fake: FakeIdeogram, studio_home: Path
) -> None:
    result = run(
        "upscale", CAT, "--detail", "70", "--prompt", "sharp fur", "--dry-run", **at(fake, "relay")
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[1] == f"POST {fake.base_url}/ideogram/upscale"
    assert 'field image_request: {"resemblance": 50, "detail": 70, "prompt": "sharp fur"}' in lines
    assert any(
        line.startswith("file image_file: image.png, image/png, ")
        and line.endswith("451 x 300 pixels")
        for line in lines
    )
    assert lines[-1] == "estimate: price unknown"
    assert API_KEY not in result.stdout + result.stderr
    assert fake.posts == [] and not (studio_home / "results").exists()


def test_an_edit_dry_run_counts_the_region_upscales_in_its_estimate(
    fake: FakeIdeogram, tmp_path: Path
) -> None:
    photo, _ = big_photo_and_mask(tmp_path)
    wide = np.full((1800, 2400), 255, np.uint8)
    wide[100:1700, 100:2300] = 0  # a crop of 2200 x 1600 gets results of about 1 MP: stretched
    Image.fromarray(wide).save(tmp_path / "wide.png")
    arguments = [str(photo), "--mask", str(tmp_path / "wide.png"), "--prompt", "a kite"]
    arguments += ["--num-images", "2"]
    plain = run("edit", *arguments, "--dry-run", **at(fake))
    upscaled = run("edit", *arguments, "--upscale-region", "--dry-run", **at(fake))
    assert plain.returncode == upscaled.returncode == 0, plain.stderr + upscaled.stderr
    assert plain.stdout.splitlines()[-1] == "estimate: $0.16"
    assert upscaled.stdout.splitlines()[-1] == "estimate: $0.16 + 2 upscales, price unknown"
    assert fake.posts == []


def test_describe_says_once_that_its_endpoint_is_deprecated_and_still_answers(
    fake: FakeIdeogram,
) -> None:
    from tests.support.fake_ideogram import Act

    fake.default = Act(
        headers={"Deprecation": "true", "Link": '</v2/describe>; rel="successor-version"'}
    )
    result = run("describe", CAT, **at(fake))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip()  # the descriptions
    notes = [line for line in result.stderr.splitlines() if line.startswith("Note: ")]
    assert notes == [
        "Note: Ideogram says this endpoint (/describe) is deprecated; its successor is "
        "/v2/describe."
    ]


def test_describe_and_upscale_take_their_own_api_path(fake: FakeIdeogram) -> None:
    fake.routes["/mirror/describe"] = fake.routes["/describe"]
    described = run("describe", CAT, "--api-path", "/mirror/describe", **at(fake))
    assert described.returncode == 0, described.stderr
    upscaled = run("upscale", CAT, "--api-path", "/v9/up", "--dry-run", **at(fake))
    assert upscaled.returncode == 0, upscaled.stderr
    assert f"POST {fake.base_url}/v9/up" in upscaled.stdout.splitlines()
    assert [post.path for post in fake.posts] == ["/mirror/describe"]
