"""The history database: what a job leaves behind, searching, favourites, deleting, crashes."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from ideogram_studio.backends.local import LocalBackend
from ideogram_studio.backends.outcome import Cancelled, CancelToken, EditError
from ideogram_studio.backends.request import EditOptions
from ideogram_studio.backends.service import run_edit
from ideogram_studio.backends.storage import ResultStore
from ideogram_studio.jobs.archive import JobArchive
from tests.backends.helpers import backend_for, cat_request, files_in
from tests.support.fake_ideogram import API_KEY, Act


@pytest.fixture
def history(tmp_path: Path) -> JobArchive:
    return JobArchive(tmp_path / "home")


def edit(history: JobArchive, backend, tmp_path: Path, **options):  # noqa: ANN001, ANN201
    request = cat_request(**options)
    return run_edit(
        request,
        backend,
        ResultStore(tmp_path / "results"),
        recorder=history,
        source_name="chelsea.png",
    )


def test_a_job_is_recorded_with_everything_but_the_key(history, fake, tmp_path) -> None:
    fake.script = [Act(items=["ok", "unsafe"])]
    job, outcome = edit(history, backend_for(fake), tmp_path, num_images=2, seed=77)
    [row] = history.page()
    assert row.state == "done" and row.error is None
    assert row.prompt == "a red bow tie" and row.source_name == "chelsea.png"
    assert row.parameters["seed"] == 77 and row.parameters["num_images"] == 2
    assert row.backend == "ideogram" and row.endpoint == f"{fake.base_url}/edit"
    assert [(r.status, r.safe) for r in row.results] == [("ready", True), ("withheld", False)]
    ready = row.results[0]
    assert ready.path == outcome.saved[0].path and ready.seed == outcome.saved[0].seed
    assert ready.thumb and ready.thumb[:2] == b"\xff\xd8"  # a JPEG thumbnail
    # The source is kept by hash, so it can be restored if the original file moves.
    copy = history.source_path(row.source_sha256)
    assert np.array_equal(np.asarray(Image.open(copy).convert("RGB")), cat_request().image)
    painted = np.asarray(Image.open(row.mask_painted))
    assert np.array_equal(painted, cat_request().mask)  # as painted: 255 = edit
    sent = np.asarray(Image.open(row.mask_sent))
    assert sent[150, 200] == 0 and sent[10, 10] == 255  # as sent: black = edit
    for file in history.folder.rglob("*"):
        if file.is_file():
            assert API_KEY.encode() not in file.read_bytes(), file


def test_failed_and_cancelled_jobs_say_so(history, fake, tmp_path) -> None:
    fake.script = [Act(401, {"error": "Unauthorized"})]
    with pytest.raises(EditError):
        edit(history, backend_for(fake), tmp_path)
    token = CancelToken()
    token.cancel()
    with pytest.raises(Cancelled):
        run_edit(
            cat_request(),
            backend_for(fake),
            ResultStore(tmp_path / "r"),
            cancel=token,
            recorder=history,
        )
    cancelled, failed = history.page()
    assert cancelled.state == "cancelled"
    assert failed.state == "failed" and "API key was refused" in failed.error


def test_jobs_left_running_by_a_dead_process_are_interrupted(history, tmp_path) -> None:
    edit(history, LocalBackend(), tmp_path)
    db = sqlite3.connect(history.file)
    db.execute("UPDATE jobs SET state = 'running', pid = 2147483646")  # a process long gone
    db.commit()
    db.close()
    assert JobArchive(history.folder).mark_interrupted() == 1
    [row] = JobArchive(history.folder).page()
    assert row.state == "interrupted" and "crashed" in row.error
    assert row.results and row.results[0].path.exists()  # what was saved is kept


def test_search_favourites_and_pages(history, tmp_path) -> None:
    for index in range(7):
        request = cat_request()
        request = type(request)(
            request.image, request.mask, EditOptions(prompt=f"prompt {index} {'hat' * (index % 2)}")
        )
        run_edit(request, LocalBackend(), ResultStore(tmp_path / "r"), recorder=history)
    assert history.count() == 7
    assert [row.prompt for row in history.page(limit=3)] == [
        "prompt 6 ",
        "prompt 5 hat",
        "prompt 4 ",
    ]
    assert len(history.page(offset=6)) == 1
    assert {row.prompt for row in history.page(search="HAT")} == {
        "prompt 1 hat",
        "prompt 3 hat",
        "prompt 5 hat",
    }
    assert history.page(search="100%") == []  # LIKE wildcards are taken literally
    target = history.page(search="prompt 3")[0]
    history.set_favourite(target.results[0].id, True)
    assert [row.prompt for row in history.page(favourites_only=True)] == ["prompt 3 hat"]


def test_delete_and_delete_all_but_favourites_remove_the_files(history, tmp_path) -> None:
    for _ in range(3):
        edit(history, LocalBackend(), tmp_path)
    rows = history.page()
    history.set_favourite(rows[1].results[0].id, True)
    history.delete_job(rows[0].id)
    assert not rows[0].results[0].path.exists() and not rows[0].mask_painted.exists()
    assert history.count() == 2
    assert history.delete_all_but_favourites() == 1
    [kept] = history.page()
    assert kept.id == rows[1].id and kept.results[0].path.exists()
    names = files_in(tmp_path / "results")
    assert len([n for n in names if not n.endswith("-mask.png")]) == 1
    assert len([n for n in names if n.endswith("-mask.png")]) == 1
    assert history.source_path(kept.source_sha256).exists()


def test_a_broken_history_never_fails_the_edit(tmp_path, fake) -> None:
    history = JobArchive(tmp_path / "home")
    history.file.unlink()
    history.file.mkdir()  # the database cannot be opened any more
    history.close()
    job, outcome = run_edit(
        cat_request(), backend_for(fake), ResultStore(tmp_path / "r"), recorder=history
    )
    assert outcome.saved and outcome.saved[0].path.exists()
    assert any("history could not record" in note for note in outcome.notes)
