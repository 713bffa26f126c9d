"""A sweep of the history drawn as its contact sheet: the saved files read back, the winners
of the group's state starred, the refused cell and the cell never sent marked."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PIL import Image

from ideogram_studio.backends.options import EditApiId, EditOptions
from ideogram_studio.backends.providers import resolve_provider
from ideogram_studio.backends.request import EditRequest
from ideogram_studio.backends.settings import ProviderSettings
from ideogram_studio.backends.storage import ResultStore
from ideogram_studio.backends.sweep import SweepAxis, SweepPlan
from ideogram_studio.backends.sweep_run import (
    GROUP_KIND,
    preview,
    run_sweep,
    sweep_specs,
    winners_state,
)
from ideogram_studio.core.contact_sheet import (
    read_sheet_provenance,
    render_sheet,
    sheet_layout,
    sheet_png,
    thumbnail,
)
from ideogram_studio.core.photo import read_photo
from ideogram_studio.jobs.archive import JobArchive
from ideogram_studio.jobs.sweep_sheet import group_sheet
from tests.support.fake_ideogram import API_KEY, FakeIdeogram
from tests.support.fake_sweep import RefuseWhere

DATA = Path(__file__).resolve().parent.parent / "data"


def test_a_sweep_of_the_history_as_its_sheet(fake: FakeIdeogram, tmp_path: Path) -> None:
    api = EditApiId.LEGACY
    plan = SweepPlan(
        EditOptions(prompt="a hat", api=api),
        (
            SweepAxis.parse("prompt", ["a red hat", "a crown"], api),
            SweepAxis.parse("seed", ["1", "2"], api),
        ),
        images_per_cell=2,
    )
    history = JobArchive(tmp_path / "home")
    group = history.start_group(GROUP_KIND, plan.title(), plan.to_spec())
    cat = np.asarray(Image.open(DATA / "chelsea.png").convert("RGB"))
    mask = np.zeros(cat.shape[:2], np.uint8)
    mask[100:200, 150:300] = 255
    provider = resolve_provider("ideogram", fake.base_url, API_KEY)
    specs = sweep_specs(
        plan,
        EditRequest(cat, mask, plan.base),
        provider,
        API_KEY,
        settings=ProviderSettings(),
        group_id=group,
    )
    fake.script = RefuseWhere(fake, prompt="a crown", seed="1")
    # The last cell is never sent (as when the window was closed before it).
    run_sweep(plan, specs[:3], ResultStore(tmp_path / "out"), in_flight=10, recorder=history)
    history.set_group_state(group, winners_state({((0, 1), 1)}))

    sheet = group_sheet(history.group(group))
    found = read_sheet_provenance(sheet_png(sheet))
    cells = {tuple(cell["place"]): cell for cell in found["cells"]}
    row = history.group(group)
    job = next(j for j in row.jobs if j.group_place == {"cell": [0, 1]})
    assert cells[(0, 1)]["key"] == job.job_key
    assert cells[(0, 1)]["files"] == [r.path.name for r in job.results]
    assert cells[(0, 1)]["seeds"] == [r.seed for r in job.results]
    assert cells[(0, 1)]["winners"] == [1]
    assert cells[(1, 0)]["note"] == "failed"
    assert cells[(1, 1)]["note"] == "not sent"
    # The drawn thumbnail is the saved file, made small.
    pixels, layout = render_sheet(sheet), sheet_layout(sheet)
    x, y, width, height = layout.image_boxes[((0, 0, 0), 0)]
    first = next(j for j in row.jobs if j.group_place == {"cell": [0, 0]})
    saved = read_photo(first.results[0].path).pixels
    expected = thumbnail(preview(saved), (width, height))
    # Its seed is written over its bottom strip (a cell of several images labels each one).
    above_label = height * 3 // 4
    np.testing.assert_array_equal(
        pixels[y : y + above_label, x : x + width], expected[:above_label]
    )
