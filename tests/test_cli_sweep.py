"""`ideogram-studio sweep` as a user runs it: a real process against the loopback fake. The
requests match the grid's cells one to one; a refused cell leaves the others saved and the
sheet marked; the sheet's provenance; a dry run sends nothing; the 3.0 API with --speed."""

from __future__ import annotations

import json
from pathlib import Path

from PIL import Image

from ideogram_studio.core.contact_sheet import read_sheet_provenance
from ideogram_studio.jobs.archive import JobArchive
from tests.support.cli import cat_mask, studio
from tests.support.fake_ideogram import API_KEY, FakeIdeogram
from tests.support.fake_sweep import RefuseWhere
from tests.test_cli_spend import settings

CAT = str(Path(__file__).resolve().parent / "data" / "chelsea.png")


def sweep(fake: FakeIdeogram, tmp_path: Path, *flags: str):  # noqa: ANN201 - CompletedProcess
    remote = {"IDEOGRAM_PROVIDER": "ideogram", "IDEOGRAM_BASE_URL": fake.base_url}
    mask = cat_mask(tmp_path)
    out = ("--out", str(tmp_path / "out"))
    return studio("sweep", CAT, "--mask", str(mask), *flags, *out, key=API_KEY, **remote)


PROMPTS = ("--prompt", "a red bow tie", "--prompt", "a blue hat", "--prompt", "a crown")
SEEDS = ("--seed", "1", "--seed", "2")


def test_the_requests_match_the_cells_one_to_one(
    fake: FakeIdeogram, tmp_path: Path, studio_home: Path
) -> None:
    result = sweep(fake, tmp_path, *PROMPTS, *SEEDS, "--style-type", "DESIGN")
    assert result.returncode == 0, result.stderr
    assert "Sending 6 requests · 6 images · about $0.48." in result.stderr
    sent = sorted(
        (p.fields["prompt"], p.fields["seed"], p.fields["style_type"]) for p in fake.posts
    )
    assert sent == sorted(
        (prompt, seed, "DESIGN")
        for prompt in ("a red bow tie", "a blue hat", "a crown")
        for seed in ("1", "2")
    )
    lines = sorted(line.split("\t") for line in result.stdout.splitlines())
    assert [line[:2] for line in lines] == [
        ["r1-c1", "a red bow tie · seed 1"],
        ["r1-c2", "a red bow tie · seed 2"],
        ["r2-c1", "a blue hat · seed 1"],
        ["r2-c2", "a blue hat · seed 2"],
        ["r3-c1", "a crown · seed 1"],
        ["r3-c2", "a crown · seed 2"],
    ]
    assert all(Path(line[2]).is_file() for line in lines)
    table = result.stderr.splitlines()[-7:]
    assert table[0].split() == ["cell", "Prompt", "Seed", "images", "state"]
    assert table[1].split() == ["r1-c1", "a", "red", "bow", "tie", "seed", "1", "1/1", "saved"]
    # One history group, its jobs in their cells.
    [group] = JobArchive(studio_home).groups("sweep")
    row = JobArchive(studio_home).group(group.id)
    assert group.title == "Sweep: 3 prompts × 2 seeds"
    assert sorted(tuple(job.group_place["cell"]) for job in row.jobs) == [
        (r, c) for r in range(3) for c in range(2)
    ]


def test_a_refused_cell_leaves_the_others_saved_and_the_sheet_marked(
    fake: FakeIdeogram, tmp_path: Path
) -> None:
    fake.script = RefuseWhere(fake, prompt="a blue hat", seed="1")
    sheet = tmp_path / "sheet.png"
    result = sweep(fake, tmp_path, *PROMPTS, *SEEDS, "--sheet", str(sheet), "--json")
    assert result.returncode == 5, result.stderr
    assert len(fake.posts) == 6
    document = json.loads(result.stdout)
    states = {cell["key"]: cell["state"] for cell in document["cells"]}
    assert states == {
        "r1-c1": "saved",
        "r1-c2": "saved",
        "r2-c1": "failed",
        "r2-c2": "saved",
        "r3-c1": "saved",
        "r3-c2": "saved",
    }
    failed = next(cell for cell in document["cells"] if cell["key"] == "r2-c1")
    assert "Prompt rejected for this cell" in failed["error"]
    assert "5 of 6 cells saved every image." in result.stderr
    saved = [c["results"][0]["path"] for c in document["cells"] if c["state"] == "saved"]
    assert len(saved) == 5 and all(Path(path).is_file() for path in saved)
    # The sheet: written, its provenance the plan and every cell's files, the refused one marked.
    assert document["sheet"] == str(sheet)
    found = read_sheet_provenance(sheet.read_bytes())
    assert [axis["kind"] for axis in found["sweep"]["axes"]] == ["prompt", "seed"]
    cells = {tuple(cell["place"]): cell for cell in found["cells"]}
    assert cells[(1, 0)]["note"] == "failed" and cells[(1, 0)]["files"] == []
    first = next(c for c in document["cells"] if c["key"] == "r1-c1")
    assert cells[(0, 0)]["files"] == [Path(first["results"][0]["path"]).name]
    assert cells[(0, 0)]["key"] == first["job"]
    with Image.open(sheet) as image:
        assert image.format == "PNG" and image.width > 3 * 256


def test_a_dry_run_prints_the_cells_and_sends_nothing(fake: FakeIdeogram, tmp_path: Path) -> None:
    result = sweep(fake, tmp_path, *PROMPTS, *SEEDS, "--num-images", "2", "--dry-run")
    assert result.returncode == 0, result.stderr
    assert fake.posts == []
    lines = result.stdout.splitlines()
    assert lines[0] == f"endpoint: {fake.base_url}/edit"
    assert lines[1] == "r1-c1\ta red bow tie · seed 1\t$0.16"
    assert lines[7] == "total: 6 requests · 12 images · about $0.96"
    assert not (tmp_path / "out").exists()


def test_the_3_0_api_sweeps_rendering_speeds(fake: FakeIdeogram, tmp_path: Path) -> None:
    flags = ("--api", "v3", "--prompt", "a hat", "--speed", "TURBO", "--speed", "quality")
    result = sweep(fake, tmp_path, *flags, "--seed", "9")
    assert result.returncode == 0, result.stderr
    assert sorted((p.path, p.fields["rendering_speed"], p.fields["seed"]) for p in fake.posts) == [
        ("/v1/ideogram-v3/inpaint", "QUALITY", "9"),
        ("/v1/ideogram-v3/inpaint", "TURBO", "9"),
    ]
    assert {p.fields["prompt"] for p in fake.posts} == {"a hat"}
    rows = sorted(line.split("\t")[:2] for line in result.stdout.splitlines())
    assert rows == [["r1", "TURBO"], ["r2", "QUALITY"]]


def test_bad_input_is_refused_with_a_sentence_and_nothing_sent(
    fake: FakeIdeogram, tmp_path: Path
) -> None:
    once = sweep(fake, tmp_path, "--prompt", "a hat")
    assert once.returncode == 2
    assert "more than once" in once.stderr
    four = ("--style-type", "DESIGN", "--style-type", "REALISTIC", "--model", "V_2")
    many = sweep(fake, tmp_path, *PROMPTS, *SEEDS, *four, "--model", "V_2_TURBO")
    assert many.returncode == 2
    assert many.stderr.strip() == (
        "A sweep has at most three axes, but --prompt, --seed, --style-type and --model are "
        "each given more than once; give some of them once."
    )
    speed = sweep(fake, tmp_path, *PROMPTS, "--speed", "TURBO")
    assert speed.returncode == 2 and "--speed belongs to Ideogram 3.0" in speed.stderr
    seed = sweep(fake, tmp_path, *PROMPTS, "--seed", "x")
    assert seed.returncode == 2 and "The seed “x” is not a whole number" in seed.stderr
    assert fake.posts == []


def test_the_daily_limit_counts_the_whole_sweep(
    fake: FakeIdeogram, tmp_path: Path, studio_home: Path
) -> None:
    settings(studio_home, daily_limit=0.4)
    refused = sweep(fake, tmp_path, *PROMPTS, *SEEDS)  # 6 x $0.08
    assert refused.returncode == 2
    assert refused.stderr.strip().endswith(
        "This sweep, about $0.48, would bring today's estimated spend to $0.48, over your "
        "daily limit of $0.40; nothing was sent (give --over-limit to send it anyway)."
    )
    assert fake.posts == []
    dry = sweep(fake, tmp_path, *PROMPTS, *SEEDS, "--dry-run")
    assert dry.returncode == 0 and fake.posts == []
    assert "note: a real run would be refused: This sweep, about $0.48" in dry.stdout
    sent = sweep(fake, tmp_path, *PROMPTS, *SEEDS, "--over-limit")
    assert sent.returncode == 0 and len(fake.posts) == 6
