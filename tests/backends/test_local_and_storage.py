"""The offline backend and the saved files: results that sort by time and never overwrite."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from ideogram_studio.backends.local import PROMPT_NOTE, LocalBackend, inpaint
from ideogram_studio.backends.outcome import ItemStatus, ResultItem
from ideogram_studio.backends.service import run_edit
from ideogram_studio.backends.storage import PROVENANCE_KEY, Job, ResultStore
from ideogram_studio.core.brush import Brush
from ideogram_studio.core.files import data_home, default_output_folder
from ideogram_studio.core.mask import MaskEngine
from tests.backends.helpers import cat_request, files_in


def test_local_backend_removes_what_is_masked() -> None:
    image = np.zeros((200, 300, 3), np.uint8)
    image[:] = np.linspace(60, 180, 300, dtype=np.uint8)[None, :, None]  # a smooth grey ramp
    image[80:120, 130:170] = (220, 20, 20)  # a red blemish
    mask = np.zeros((200, 300), np.uint8)
    mask[75:125, 125:175] = 255
    result = inpaint(image, mask)
    patch = result[80:120, 130:170].astype(int)
    assert patch[..., 0].max() < 160 and abs(patch[..., 0] - patch[..., 1]).max() < 30  # grey
    untouched = mask == 0
    assert np.array_equal(result[untouched], image[untouched])  # outside the mask: identical


def test_local_backend_removes_the_soft_edge_too() -> None:
    image = np.full((200, 300, 3), 120, np.uint8)
    image[60:140, 90:210] = (230, 30, 30)  # a red blemish, the stroke's soft rim over its edge
    engine = MaskEngine(300, 200)
    engine.brush = Brush(75, hardness=0.2)
    engine.begin_stroke(130, 100)
    engine.stroke_to(170, 100)
    engine.end_stroke()
    mask = engine.copy()
    rim = (mask > 0) & (mask < 128)
    assert rim[60:140, 90:210].any()  # part of the blemish lies under the faint rim only
    result = inpaint(image, mask)
    covered = mask > 0
    assert (result[covered][:, 0].astype(int) - result[covered][:, 1] < 40).all()  # no red left
    assert np.array_equal(result[~covered], image[~covered])  # outside the mask: identical


def test_local_backend_works_on_big_photos_at_reduced_cost() -> None:
    image = np.full((3000, 4000, 3), 90, np.uint8)
    image[1000:2000, 1000:2500] = 250
    mask = np.zeros((3000, 4000), np.uint8)
    mask[900:2100, 900:2600] = 255
    result = inpaint(image, mask)
    assert abs(int(result[1500, 1700, 0]) - 90) < 12


def test_local_run_saves_results_and_says_the_prompt_is_ignored(tmp_path: Path) -> None:
    job, outcome = run_edit(cat_request(num_images=4), LocalBackend(), ResultStore(tmp_path))
    assert outcome.notes[0] == PROMPT_NOTE
    assert "at most 2 variants" in outcome.notes[-1]
    assert [item.status for item in outcome.items] == [ItemStatus.READY] * 2
    assert files_in(tmp_path) == [f"{job.stem}-{i}.png" for i in (1, 2)] + [f"{job.stem}-mask.png"]
    with Image.open(outcome.saved[0].path) as saved:
        record = json.loads(saved.text[PROVENANCE_KEY])
        assert "Backend: local" in saved.text["parameters"]
    assert record["backend"] == "local" and record["notes"] == [PROMPT_NOTE]


def test_results_never_overwrite_each_other(tmp_path: Path) -> None:
    request = cat_request()
    job = Job(request, "local", "local", (451, 300))
    store = ResultStore(tmp_path)
    paths = []
    for _ in range(3):
        item = ResultItem(0, ItemStatus.READY, pixels=request.image)
        paths.append(store.save_item(job, item))
    assert len(set(paths)) == 3 and all(path.exists() for path in paths)
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".partial-")]


def test_names_sort_by_time(tmp_path: Path) -> None:
    request = cat_request()
    early = Job(request, "local", "local", (451, 300))
    late = dataclasses.replace(early, id="00000000", started=early.started.replace(year=2031))
    assert sorted([late.stem, early.stem]) == [early.stem, late.stem]


def test_a_failing_write_leaves_no_partial_file(tmp_path: Path, monkeypatch) -> None:
    """A disk that fails at the last moment (the rename) must not leave half a result behind."""
    job = Job(cat_request(), "local", "local", (451, 300))
    item = ResultItem(0, ItemStatus.READY, pixels=cat_request().image)

    def full_disk(source: str, target: str) -> None:
        assert Path(source).stat().st_size > 0  # the temporary file was really written
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("ideogram_studio.core.files.os.replace", full_disk)
    with pytest.raises(OSError, match="No space left"):
        ResultStore(tmp_path).save_item(job, item)
    assert files_in(tmp_path) == []
    assert item.path is None


def test_data_folder_follows_the_environment(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("IDEOGRAM_STUDIO_HOME", str(tmp_path / "elsewhere"))
    assert data_home() == tmp_path / "elsewhere"
    assert default_output_folder() == tmp_path / "elsewhere" / "results"
    monkeypatch.delenv("IDEOGRAM_STUDIO_HOME")
    assert data_home().name == "ideogram-studio"
