"""The history's schema version, its upgrade from the first schema, its file modes, and what
fetching again needs: the unsaved results with their links."""

from __future__ import annotations

import os
import sqlite3
import stat
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
import pytest

from ideogram_studio.backends.outcome import ItemStatus, ResultItem
from ideogram_studio.backends.storage import Job, recorded_job
from ideogram_studio.jobs.archive import SCHEMA_VERSION, JobArchive
from tests.backends.helpers import cat_request

# The schema as version 0 shipped it (user_version 0), copied so that the upgrade is tested
# against what users have on disk even after SCHEMA changes.
SCHEMA_V0 = """
CREATE TABLE IF NOT EXISTS jobs (
    id INTEGER PRIMARY KEY,
    job_key TEXT UNIQUE NOT NULL,
    created TEXT NOT NULL,
    backend TEXT NOT NULL,
    endpoint TEXT NOT NULL,
    prompt TEXT NOT NULL,
    parameters TEXT NOT NULL,
    source_sha256 TEXT NOT NULL,
    source_name TEXT,
    mask_painted TEXT,
    mask_sent TEXT,
    state TEXT NOT NULL,
    error TEXT,
    pid INTEGER,
    thumb BLOB
);
CREATE INDEX IF NOT EXISTS jobs_by_time ON jobs (created DESC);
CREATE TABLE IF NOT EXISTS results (
    id INTEGER PRIMARY KEY,
    job_id INTEGER NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    idx INTEGER NOT NULL,
    status TEXT NOT NULL,
    path TEXT,
    seed INTEGER,
    prompt TEXT,
    safe INTEGER NOT NULL,
    favourite INTEGER NOT NULL DEFAULT 0,
    thumb BLOB
);
CREATE INDEX IF NOT EXISTS results_by_job ON results (job_id);
"""


def version_0_database(folder: Path) -> Path:
    folder.mkdir(parents=True)
    file = folder / "history.sqlite3"
    db = sqlite3.connect(file)
    db.executescript(SCHEMA_V0)
    db.executescript(
        """
        INSERT INTO jobs VALUES (1, 'a1b2c3d4', '2026-01-02T03:04:05+00:00', 'ideogram',
            'https://api.ideogram.ai/edit', 'a hat', '{"model": "V_2", "num_images": 2,
            "image_size": [640, 480], "seed": 5}', 'abc', 'cat.png', NULL, NULL, 'done',
            NULL, 1, NULL);
        INSERT INTO results (job_id, idx, status, path, seed, prompt, safe)
            VALUES (1, 0, 'ready', '/r/a-1.png', 5, 'Magic: a hat', 1);
        INSERT INTO results (job_id, idx, status, path, seed, prompt, safe)
            VALUES (1, 1, 'failed', NULL, 6, 'Magic: a hat', 1);
        INSERT INTO jobs VALUES (2, 'e5f6a7b8', '2026-01-03T03:04:05+00:00', 'local',
            'local', 'x', '{}', 'abc', NULL, NULL, NULL, 'done', NULL, 1, NULL);
        """
    )
    db.commit()
    db.close()
    file.chmod(0o644)  # as version 0 left it
    return file


def test_a_version_0_history_is_upgraded_and_keeps_every_row(tmp_path: Path) -> None:
    file = version_0_database(tmp_path / "home")
    history = JobArchive(tmp_path / "home")
    assert history.version == SCHEMA_VERSION == 4
    columns = {row[1] for row in sqlite3.connect(file).execute("PRAGMA table_info(results)")}
    assert {"url", "expires"} <= columns
    old = history.find("a1b2c3d4")
    assert old is not None and old.id == 1 and old.prompt == "a hat"
    assert old.state == "partly saved"  # done with a failed image: what 'partly saved' means
    assert [(r.status, r.url, r.expires) for r in old.results] == [
        ("ready", None, None),
        ("failed", None, None),
    ]
    assert history.find("2").state == "done" and history.find("ffffffff") is None
    history.close()
    again = JobArchive(tmp_path / "home")  # a second open changes nothing
    assert again.version == 4 and again.count() == 2


def test_a_newer_history_is_opened_without_being_downgraded(tmp_path: Path) -> None:
    JobArchive(tmp_path / "home").close()
    db = sqlite3.connect(tmp_path / "home" / "history.sqlite3")
    db.execute("PRAGMA user_version = 7")
    db.close()
    assert JobArchive(tmp_path / "home").version == 7


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
def test_the_history_and_its_folder_are_readable_by_the_user_only(tmp_path: Path) -> None:
    file = version_0_database(tmp_path / "old")
    (tmp_path / "old").chmod(0o755)
    JobArchive(tmp_path / "old")
    assert stat.S_IMODE(file.stat().st_mode) == 0o600
    new = JobArchive(tmp_path / "new")
    new.count()
    for suffix in ("", "-wal", "-shm"):
        part = Path(f"{new.file}{suffix}")
        if part.exists():
            assert stat.S_IMODE(part.stat().st_mode) == 0o600, part
    assert stat.S_IMODE((tmp_path / "new").stat().st_mode) == 0o700


def _record(history: JobArchive) -> Job:
    request = cat_request(num_images=3, seed=40)
    job = Job(request, "ideogram", "http://127.0.0.1:1/edit", (451, 300))
    job.source_sha256 = request.source_sha256()
    history.job_started(
        job, painted_mask=request.mask, sent_mask_png=b"png", source_name="chelsea.png"
    )
    soon = (datetime.now(UTC) + timedelta(hours=20)).isoformat()
    past = (datetime.now(UTC) - timedelta(hours=1)).isoformat()
    saved = ResultItem(0, ItemStatus.READY, np.zeros((8, 8, 3), np.uint8), url="http://x/0")
    saved.path = Path("/r/one.png")
    history.result_saved(job, saved)
    others = [
        ResultItem(1, ItemStatus.FAILED, url="http://x/1?exp=1&sig=s", expires=soon, seed=41),
        ResultItem(2, ItemStatus.FAILED, url="http://x/2", expires=past),
        ResultItem(3, ItemStatus.WITHHELD),
    ]
    history.job_ended(job, "partly saved", None, others)  # as conclude() decides it
    return job


def test_unsaved_results_keep_their_link_and_can_be_saved_later(tmp_path: Path) -> None:
    history = JobArchive(tmp_path / "home")
    job = _record(history)
    row = history.find(job.id)
    assert row.state == "partly saved"
    assert row.results[0].url == "http://x/0"  # saved ones keep theirs too
    assert [r.index for r in history.unsaved(row)] == [1, 2]
    [alive] = history.fetchable(row)
    assert alive.index == 1 and alive.url == "http://x/1?exp=1&sig=s" and not alive.expired()
    history.result_fetched(alive.id, tmp_path / "two.png", np.zeros((8, 8, 3), np.uint8))
    row = history.find(job.id)
    assert row.results[1].status == "ready" and row.results[1].path == tmp_path / "two.png"
    assert row.results[1].thumb and row.state == "partly saved"  # image 3 is still missing
    history.result_fetched(row.results[2].id, tmp_path / "three.png", np.zeros((8, 8, 3), np.uint8))
    assert history.find(job.id).state == "done"


def test_a_recorded_job_gives_the_same_provenance(tmp_path: Path) -> None:
    from ideogram_studio.backends.storage import provenance

    history = JobArchive(tmp_path / "home")
    job = _record(history)
    row = history.find(job.id)
    again = recorded_job(
        row.job_key, row.created, row.backend, row.endpoint, row.prompt, row.parameters,
        row.source_sha256,
    )  # fmt: skip
    item = ResultItem(1, ItemStatus.READY)
    assert provenance(again, item) == provenance(job, item)
    assert again.stem == job.stem
