"""A result that cannot be written fails alone: the others are saved, nothing is sent twice,
and the history keeps what is needed to fetch it again. A full disk is simulated in-process
(ResultStore.save_item raising ENOSPC for one image): a real small filesystem needs a mount,
which neither a developer's machine nor CI may allow."""

from __future__ import annotations

import errno
from pathlib import Path

from ideogram_studio.backends.outcome import ItemStatus
from ideogram_studio.backends.service import run_edit
from ideogram_studio.backends.storage import ResultStore
from ideogram_studio.jobs.archive import JobArchive
from tests.backends.helpers import backend_for, cat_request, files_in
from tests.support.fake_ideogram import API_KEY, Act


def full_disk_for(indexes: set[int], monkeypatch) -> None:  # noqa: ANN001
    real = ResultStore.save_item

    def save_item(self, job, item):  # noqa: ANN001, ANN202
        if item.index in indexes:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(self, job, item)

    monkeypatch.setattr(ResultStore, "save_item", save_item)


def test_a_full_disk_for_one_image_saves_the_others(fake, tmp_path: Path, monkeypatch) -> None:
    fake.script = [Act(items=["ok", "ok", "ok"])]
    full_disk_for({1}, monkeypatch)
    archive = JobArchive(tmp_path / "home")
    job, outcome = run_edit(
        cat_request(num_images=3), backend_for(fake), ResultStore(tmp_path / "out"),
        recorder=archive,
    )  # fmt: skip
    assert [item.status for item in outcome.items] == [
        ItemStatus.READY,
        ItemStatus.FAILED,
        ItemStatus.READY,
    ]
    failed = outcome.items[1]
    assert (
        failed.error
        == f"This image could not be saved: the disk holding {tmp_path / 'out'} is full."
    )
    assert failed.path is None and failed.pixels is None
    assert len(fake.posts) == 1  # billed once, never sent again
    results = [n for n in files_in(tmp_path / "out") if not n.endswith("-mask.png")]
    assert len(results) == 2 and not any(
        n.startswith(".partial") for n in files_in(tmp_path / "out")
    )
    [row] = archive.page()
    assert row.state == "partly saved" and sorted(r.status for r in row.results) == [
        "failed",
        "ready",
        "ready",
    ]
    assert API_KEY not in failed.error


def test_when_no_image_can_be_written_no_mask_file_is_left(
    fake, tmp_path: Path, monkeypatch
) -> None:
    fake.script = [Act(items=["ok", "ok"])]
    full_disk_for({0, 1}, monkeypatch)
    job, outcome = run_edit(cat_request(num_images=2), backend_for(fake), ResultStore(tmp_path))
    assert not outcome.saved and job.mask_path is None
    assert files_in(tmp_path) == []  # no orphan mask, no partial file
    assert all("is full" in (item.error or "") for item in outcome.items)
