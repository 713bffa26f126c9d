"""The command line's prices as a user runs them: `edit --dry-run` (what would be sent, sent
nowhere), the daily limit it cannot ask about, and `ideogram-studio spend`."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from ideogram_studio.jobs.archive import JobArchive
from tests.support.cli import cat_args, cat_mask, studio
from tests.support.fake_ideogram import API_KEY, Act, FakeIdeogram


@pytest.fixture
def mask_file(tmp_path: Path) -> Path:
    return cat_mask(tmp_path)


def settings(home: Path, **values: object) -> None:
    home.mkdir(parents=True, exist_ok=True)
    (home / "settings.json").write_text(json.dumps(values))


def test_a_dry_run_prints_every_field_and_file_and_sends_nothing(
    fake: FakeIdeogram, mask_file: Path, tmp_path: Path
) -> None:
    remote = {"IDEOGRAM_PROVIDER": "ideogram", "IDEOGRAM_BASE_URL": fake.base_url}
    out = tmp_path / "out"
    flags = ("--num-images", "2", "--seed", "7", "--style-type", "DESIGN", "--out", str(out))
    dry = studio("edit", *cat_args(mask_file, *flags, "--dry-run"), key=API_KEY, **remote)
    assert dry.returncode == 0, dry.stderr
    assert fake.posts == [] and not out.exists()  # nothing reached the server, nothing saved
    lines = dry.stdout.splitlines()
    assert lines[:3] == [
        "dry run: nothing was sent",
        f"POST {fake.base_url}/edit",
        "header Api-Key: (the API key, not shown)",
    ]
    fields = [line for line in lines if line.startswith("field ")]
    assert fields == [
        "field prompt: a red bow tie",
        "field model: V_2",
        "field seed: 7",
        "field style_type: DESIGN",
        "field num_images: 2",
    ]
    files = {line.split(":")[0]: line for line in lines if line.startswith("file ")}
    assert set(files) == {"file image_file", "file mask"}
    for line in files.values():
        assert line.endswith(" bytes, 451 x 300 pixels")
    assert lines[-1] == "estimate: $0.16"
    assert "IDEOGRAM_API_KEY would be sent (it is not shown)" in dry.stdout
    assert API_KEY not in dry.stdout + dry.stderr

    # The sizes are those of what a real run sends.
    real = studio("edit", *cat_args(mask_file, *flags), key=API_KEY, **remote)
    assert real.returncode == 0, real.stderr
    [sent] = fake.posts
    for name in ("image_file", "mask"):
        filename, content_type, data = sent.files[name]
        said = f"file {name}: {filename}, {content_type}, {len(data)} bytes, 451 x 300 pixels"
        assert files[f"file {name}"] == said
    assert {k: v for k, v in sent.fields.items()} == {
        line.split(": ", 1)[0].removeprefix("field "): line.split(": ", 1)[1] for line in fields
    }


def test_a_dry_run_as_json_needs_no_key_and_names_no_secret(
    fake: FakeIdeogram, mask_file: Path
) -> None:
    url = f"{fake.base_url}/v1?token=relay-secret"  # a relay's token in the URL stays hidden
    dry = studio(
        "edit",
        *cat_args(mask_file, "--provider", "relay", "--base-url", url, "--dry-run", "--json"),
    )
    assert dry.returncode == 0, dry.stderr
    document = json.loads(dry.stdout)
    assert document["dry_run"] is True and document["method"] == "POST"
    assert document["endpoint"] == f"{fake.base_url}/v1/ideogram/edit?…"
    assert document["auth_header"] == "Authorization"
    assert [f["name"] for f in document["fields"]] == ["prompt", "model"]
    mask = next(f for f in document["files"] if f["field"] == "mask")
    assert mask["filename"] == "mask.png" and mask["content_type"] == "image/png"
    assert (mask["width"], mask["height"]) == (451, 300) and mask["bytes"] > 0
    assert document["estimate"] == {
        "usd": 0.08,
        "per_image": 0.08,
        "images": 1,
        "free": False,
        "text": "$0.08",
    }
    assert "no API key is set: a real run needs IDEOGRAM_API_KEY" in document["notes"]
    assert "relay-secret" not in dry.stdout and fake.posts == []


def test_a_dry_run_uses_the_provider_s_prices_from_settings(
    fake: FakeIdeogram, mask_file: Path, studio_home: Path
) -> None:
    settings(studio_home, prices={"relay": {"edit": {"V_2": 0.1, "V_2_TURBO": None}}})
    relay = ("--provider", "relay", "--base-url", fake.base_url, "--dry-run")
    priced = studio("edit", *cat_args(mask_file, *relay, "--num-images", "3"), key=API_KEY)
    assert priced.stdout.splitlines()[-1] == "estimate: $0.30", priced.stderr
    unknown = studio("edit", *cat_args(mask_file, *relay, "--model", "V_2_TURBO"), key=API_KEY)
    assert unknown.stdout.splitlines()[-1] == "estimate: price unknown"
    ideogram = studio(
        "edit", *cat_args(mask_file, "--provider", "ideogram", "--dry-run", "--model", "V_2_TURBO")
    )
    assert ideogram.stdout.splitlines()[-1] == "estimate: $0.05"
    local = studio("edit", *cat_args(mask_file, "--dry-run"))  # no key: the local backend
    assert local.returncode == 0, local.stderr
    assert local.stdout.splitlines()[1].startswith("local: ")
    assert local.stdout.splitlines()[-1] == "estimate: free (offline)"
    assert fake.posts == []
    bad = studio("edit", *cat_args(mask_file, "--dry-run", "--num-images", "9"))
    assert bad.returncode == 2 and bad.stderr.strip() == "Ask for 1 to 8 images, not 9."
    settings(studio_home, images_in_flight=2)
    many = studio("edit", *cat_args(mask_file, *relay, "--num-images", "3"), key=API_KEY)
    assert many.returncode == 0 and fake.posts == []
    assert (
        "note: a real run would be refused: 3 images were asked for, but Settings allow 2 in "
        "progress at once"
    ) in many.stdout.splitlines()


def test_the_daily_limit_refuses_unless_told_and_spend_prints_the_totals(
    fake: FakeIdeogram, mask_file: Path, studio_home: Path
) -> None:
    settings(studio_home, daily_limit=0.2)
    remote = {"IDEOGRAM_PROVIDER": "ideogram", "IDEOGRAM_BASE_URL": fake.base_url}
    two = cat_args(mask_file, "--num-images", "2", "--out", str(studio_home / "out"))
    fake.script = [Act(items=["ok", "unsafe"])]
    first = studio("edit", *two, key=API_KEY, **remote)  # $0.16 of $0.20
    assert first.returncode == 0, first.stderr
    refused = studio("edit", *two, key=API_KEY, **remote)  # would make $0.32
    assert refused.returncode == 2
    assert refused.stderr.strip() == (
        "This job, about $0.16, would bring today's estimated spend to $0.32, over your daily "
        "limit of $0.20; nothing was sent (give --over-limit to send it anyway)."
    )
    assert len(fake.posts) == 1
    # A dry run says what the real run would meet, and still sends nothing.
    dry = studio("edit", *two, "--dry-run", key=API_KEY, **remote)
    assert dry.returncode == 0 and len(fake.posts) == 1
    assert (
        "note: a real run would be refused: This job, about $0.16, would bring today's "
        "estimated spend to $0.32"
    ) in dry.stdout
    fake.script = [Act(422, {"error": "Prompt provided failed safety check"})]
    anyway = studio("edit", *two, "--over-limit", key=API_KEY, **remote)
    assert anyway.returncode == 3 and len(fake.posts) == 2  # sent, and refused: not billed
    assert "--over-limit" in studio("edit", "--help").stdout

    [refused_row, done_row] = JobArchive(studio_home).page()
    assert done_row.estimate == pytest.approx(0.16) and refused_row.estimate == pytest.approx(0.16)

    today = date.today()
    month = f"{today:%Y-%m}"
    spend = studio("spend")
    assert spend.returncode == 0, spend.stderr
    assert spend.stdout.splitlines() == [
        f"today {today.isoformat()}: $0.16 estimated, 1 job; daily limit $0.20",
        f"month {month}: $0.16 estimated, 1 job",
    ]
    as_json = json.loads(studio("spend", "--json").stdout)
    assert as_json["today"] == {"date": today.isoformat(), "usd": 0.16, "jobs": 1, "unknown": 0}
    assert as_json["month"]["usd"] == 0.16 and as_json["daily_limit"] == 0.2
    assert studio("spend", "--month", "2020-01").stdout.strip() == (
        "month 2020-01: $0.00 estimated, 0 jobs"
    )
    assert studio("spend", "--provider", "relay").stdout.splitlines()[1] == (
        f"month {month}: $0.00 estimated, 0 jobs"
    )
    wrong = studio("spend", "--month", "January")
    assert wrong.returncode == 2
    assert wrong.stderr.strip() == "“January” is not a month written as YYYY-MM (like 2026-04)."


def test_spend_counts_jobs_of_unknown_price_apart(
    fake: FakeIdeogram, mask_file: Path, studio_home: Path
) -> None:
    settings(studio_home, prices={"relay": {"edit": {"V_2": None}}})
    relay = {"IDEOGRAM_PROVIDER": "relay", "IDEOGRAM_BASE_URL": fake.base_url}
    out = ("--out", str(studio_home / "out"))
    assert studio("edit", *cat_args(mask_file, *out), key=API_KEY, **relay).returncode == 0
    ideogram = {"IDEOGRAM_PROVIDER": "ideogram", "IDEOGRAM_BASE_URL": fake.base_url}
    assert studio("edit", *cat_args(mask_file, *out), key=API_KEY, **ideogram).returncode == 0
    lines = studio("spend").stdout.splitlines()
    assert lines[0].endswith(": $0.08 estimated, 2 jobs (1 with no known price, not in the total)")
    assert JobArchive(studio_home).page()[1].estimate is None
