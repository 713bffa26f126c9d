"""Running a sweep against the loopback fake: one request per cell, each once, within the
images in flight; a refused cell leaves the others saved; the history keeps one group whose
jobs carry their cells; the contact sheet of the results."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from ideogram_studio.backends.options import EditApiId, EditOptions, RenderingSpeed
from ideogram_studio.backends.providers import resolve_provider
from ideogram_studio.backends.request import EditRequest
from ideogram_studio.backends.settings import ProviderSettings
from ideogram_studio.backends.storage import ResultStore
from ideogram_studio.backends.sweep import SweepAxis, SweepPlan
from ideogram_studio.backends.sweep_run import (
    GROUP_KIND,
    combined_estimate,
    place_of,
    run_sweep,
    sweep_sheet,
    sweep_specs,
    winners_from_state,
    winners_state,
)
from ideogram_studio.core.contact_sheet import read_sheet_provenance, sheet_png
from ideogram_studio.jobs.archive import JobArchive
from tests.support.fake_ideogram import API_KEY, Act, FakeIdeogram
from tests.support.fake_sweep import RefuseWhere

DATA = Path(__file__).resolve().parent.parent / "data"


def _request(options: EditOptions) -> EditRequest:
    cat = np.asarray(Image.open(DATA / "chelsea.png").convert("RGB"))
    mask = np.zeros(cat.shape[:2], np.uint8)
    mask[100:200, 150:300] = 255
    return EditRequest(cat, mask, options)


def _plan(api: EditApiId = EditApiId.LEGACY) -> SweepPlan:
    base = EditOptions(prompt="a hat", api=api)
    return SweepPlan(
        base,
        (
            SweepAxis.parse("prompt", ["a red hat", "a blue hat", "a crown"], api),
            SweepAxis.parse("seed", ["1", "2"], api),
        ),
    )


def test_each_cell_is_sent_once_with_its_own_fields(fake: FakeIdeogram, tmp_path: Path) -> None:
    fake.default = Act(delay=0.3)  # long enough for cells to overlap
    plan = _plan()
    history = JobArchive(tmp_path / "home")
    group = history.start_group(GROUP_KIND, plan.title(), plan.to_spec())
    provider = resolve_provider("ideogram", fake.base_url, API_KEY)
    settings = ProviderSettings(images_in_flight=4)
    specs = sweep_specs(
        plan, _request(plan.base), provider, API_KEY, settings=settings, group_id=group
    )
    assert [spec.group_place for spec in specs] == [{"cell": list(c.place)} for c in plan.cells()]
    assert all(spec.estimate == specs[0].estimate and spec.estimate for spec in specs)
    runs = run_sweep(plan, specs, ResultStore(tmp_path / "out"), in_flight=4, recorder=history)

    sent = sorted((post.fields["prompt"], post.fields["seed"]) for post in fake.posts)
    wanted = sorted((c.options.prompt, str(c.options.seed)) for c in plan.cells())
    assert sent == wanted  # one to one: every cell, none twice
    assert 2 <= fake.most_inflight <= 4 and fake.inflight_refused == 0
    assert all(run.complete for run in runs)
    row = history.group(group)
    assert row.kind == "sweep" and row.title == "Sweep: 3 prompts × 2 seeds"
    assert SweepPlan.from_spec(row.spec) == plan
    by_place = {place_of(job.group_place): job for job in row.jobs}
    assert sorted(by_place) == [c.place for c in plan.cells()]
    for run in runs:
        job = by_place[run.cell.place]
        assert job.prompt == run.cell.options.prompt
        assert [Path(r.path).name for r in job.results] == [i.path.name for i in run.saved]


def test_a_refused_cell_leaves_the_others_saved_and_the_sheet_marked(
    fake: FakeIdeogram, tmp_path: Path
) -> None:
    fake.script = RefuseWhere(fake, prompt="a blue hat", seed="2")
    plan = _plan()
    provider = resolve_provider("ideogram", fake.base_url, API_KEY)
    settings = ProviderSettings()
    specs = sweep_specs(plan, _request(plan.base), provider, API_KEY, settings=settings)
    runs = run_sweep(plan, specs, ResultStore(tmp_path / "out"), in_flight=10)
    assert len(fake.posts) == 6
    failed = [run for run in runs if not run.complete]
    assert [run.cell.key for run in failed] == ["r2-c2"]
    assert "Prompt rejected for this cell" in failed[0].sentence()
    assert all(run.saved[0].path.is_file() for run in runs if run is not failed[0])

    sheet = sweep_sheet(plan, [run.sheet_cell() for run in runs], aspect=451 / 300)
    found = read_sheet_provenance(sheet_png(sheet))
    assert SweepPlan.from_spec(found["sweep"]) == plan
    cells = {tuple(cell["place"]): cell for cell in found["cells"]}
    assert cells[(1, 1)]["note"] == "failed" and cells[(1, 1)]["files"] == []
    assert cells[(0, 0)]["labels"] == ["a red hat", "seed 1"]
    assert cells[(0, 0)]["files"] == [runs[0].saved[0].path.name]
    assert cells[(0, 0)]["seeds"] == [1]
    assert cells[(0, 0)]["key"] == runs[0].job.id


def test_a_3_0_sweep_over_speeds_prices_each_cell_at_its_speed(
    fake: FakeIdeogram, tmp_path: Path
) -> None:
    api = EditApiId.V3
    plan = SweepPlan(
        EditOptions(prompt="a hat", api=api),
        (SweepAxis.parse("speed", ["TURBO", "QUALITY"], api),),
        images_per_cell=2,
    )
    provider = resolve_provider("ideogram", fake.base_url, API_KEY)
    settings = ProviderSettings()
    specs = sweep_specs(plan, _request(plan.base), provider, API_KEY, settings=settings)
    turbo, quality = (
        settings.estimate_edit(
            EditOptions(prompt="a hat", api=api, speed=speed, num_images=2), provider.kind
        ).known
        for speed in (RenderingSpeed.TURBO, RenderingSpeed.QUALITY)
    )
    assert [spec.estimate for spec in specs] == [turbo, quality]
    runs = run_sweep(plan, specs, ResultStore(tmp_path / "out"), in_flight=10)
    assert sorted(post.fields["rendering_speed"] for post in fake.posts) == ["QUALITY", "TURBO"]
    assert all(post.path == "/v1/ideogram-v3/inpaint" for post in fake.posts)
    assert all(len(run.saved) == 2 for run in runs)


def test_winners_survive_the_group_state(tmp_path: Path) -> None:
    history = JobArchive(tmp_path / "home")
    plan = _plan()
    group = history.start_group(GROUP_KIND, plan.title(), plan.to_spec())
    history.set_group_state(group, winners_state({((0, 1), 0), ((2, 0), 1)}))
    assert winners_from_state(history.group(group).state) == {((0, 1), 0), ((2, 0), 1)}
    assert winners_from_state({"winners": [{"cell": "junk"}]}) == set()


def test_the_daily_limit_counts_the_whole_sweep() -> None:
    plan = _plan()
    estimate = plan.estimate(ProviderSettings(), resolve_provider("ideogram", None, "k").kind)
    total = combined_estimate(estimate)
    assert total.known == pytest.approx(estimate.total)
