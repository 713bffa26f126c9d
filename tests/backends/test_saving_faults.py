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


def test_a_job_stopped_mid_answer_keeps_every_unsaved_link(fake, tmp_path: Path) -> None:
    """The first image failed (cut off), the second stalls when the job is stopped, the third
    was never reached: all three were billed, all three keep their links."""
    import threading
    import time

    from ideogram_studio.backends.outcome import Cancelled, CancelToken

    fake.script = [Act(items=["cut", "stall", "ok"])]
    archive = JobArchive(tmp_path / "home")
    cancel = CancelToken()
    stopped: list[BaseException] = []

    def run() -> None:
        try:
            run_edit(
                cat_request(num_images=3), backend_for(fake), ResultStore(tmp_path / "out"),
                cancel=cancel, recorder=archive,
            )  # fmt: skip
        except Cancelled as error:
            stopped.append(error)

    worker = threading.Thread(target=run)
    worker.start()
    deadline = time.monotonic() + 20
    while not any("stall" in url for url in fake.downloads) and time.monotonic() < deadline:
        time.sleep(0.05)
    cancel.abandon()
    worker.join(10)
    assert not worker.is_alive() and stopped
    [row] = archive.page()
    assert row.state == "interrupted"
    assert sorted((r.index, r.status) for r in row.results) == [
        (0, "failed"),
        (1, "failed"),
        (2, "failed"),
    ]
    assert all(r.url and "sig=" in r.url for r in row.results)
    assert len(fake.posts) == 1


def test_a_caller_that_fails_after_a_save_does_not_lose_the_others(fake, tmp_path: Path) -> None:
    """The command line prints each path as it is saved; a closed pipe (`| head -1`) must
    not stop the images after it."""
    fake.script = [Act(items=["ok", "ok", "ok"])]

    def closed_pipe(item) -> None:  # noqa: ANN001
        raise BrokenPipeError(32, "Broken pipe")

    _, outcome = run_edit(
        cat_request(num_images=3), backend_for(fake), ResultStore(tmp_path), on_saved=closed_pipe
    )
    assert [item.status for item in outcome.items] == [ItemStatus.READY] * 3
    assert len([n for n in files_in(tmp_path) if not n.endswith("-mask.png")]) == 3
