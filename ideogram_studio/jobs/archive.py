"""Every job and result, recorded in SQLite in the app's data folder.

WAL mode and one transaction per change, so a process killed at any moment leaves the database
as it was after the last finished write; a job that was running then is marked interrupted on
the next start. Each thread has its own connection. Nothing here imports Qt, and the API key is
never written: a job's parameters are what `EditRequest.describe()` gives, plus its region and
notes. The database and its folder are readable by the user only (prompts, thumbnails).

Schema versions (`PRAGMA user_version`): 0 is SCHEMA as first shipped; 1 adds each result's
`url` (as returned, signature included) and `expires` (ISO 8601 or NULL), so an image whose
download failed can be fetched again, and the job state 'partly saved' (done, but some image
failed to download). 2 adds each job's `estimate` (USD, the price shown before it was sent;
NULL: unknown) and `parent_result` (the result an upscale started from). 3 adds `billed`, set
when a job ends: 1 if it may have been billed, 0 if not (backends/billing.py; NULL: still
running, or ended before version 3). 4 adds groups of jobs (a sweep, a batch, prompt regions;
groups.py) and each job's `group_id` and `group_place`. States: running, done, partly saved,
failed, cancelled, interrupted.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import cv2
import numpy as np

from ideogram_studio.backends.outcome import ItemStatus, ResultItem
from ideogram_studio.backends.references import recorded_files
from ideogram_studio.backends.storage import Job
from ideogram_studio.core.colour import to_srgb8
from ideogram_studio.core.files import data_home, private_folder, write_atomic
from ideogram_studio.core.imageio import encode_png, thumbnail
from ideogram_studio.i18n import QT_TRANSLATE_NOOP
from ideogram_studio.jobs.groups import (
    GROUP_COLUMNS,
    GROUPS_SCHEMA,
    GroupsMixin,
    place_text,
    read_place,
)
from ideogram_studio.jobs.listing import Entry, entries, job_filters
from ideogram_studio.jobs.sources import SourcesMixin

log = logging.getLogger(__name__)

SCHEMA = (
    """
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
    + GROUPS_SCHEMA
)
SCHEMA_VERSION = 4
# Each step takes the database from version i to i + 1, inside one transaction.
UPGRADES = [
    (
        "ALTER TABLE results ADD COLUMN url TEXT",
        "ALTER TABLE results ADD COLUMN expires TEXT",
        "UPDATE jobs SET state = 'partly saved' WHERE state = 'done' AND EXISTS"
        " (SELECT 1 FROM results r WHERE r.job_id = jobs.id AND r.status = 'failed')",
    ),
    (
        "ALTER TABLE jobs ADD COLUMN estimate REAL",
        "ALTER TABLE jobs ADD COLUMN parent_result INTEGER REFERENCES results (id)"
        " ON DELETE SET NULL",
    ),
    ("ALTER TABLE jobs ADD COLUMN billed INTEGER",),
    GROUP_COLUMNS,
]
PARTLY_SAVED = "partly saved"
PAGE = 50
# Stored in English; the History tab translates it when it shows it.
INTERRUPTED = QT_TRANSLATE_NOOP(
    "HistoryPanel", "The app closed or crashed while this job ran; results saved before are kept."
)
THUMB_SIDE = 128


@dataclass
class ResultRow:
    id: int
    index: int
    status: str
    path: Path | None
    seed: int | None
    prompt: str | None
    safe: bool
    favourite: bool
    thumb: bytes | None
    url: str | None = None  # where it can be fetched again while `expires` is not past
    expires: str | None = None

    def expired(self, now: datetime | None = None) -> bool:
        """True once the recorded expiry has passed (an unknown expiry may still work)."""
        when = _moment(self.expires)
        return when is not None and when <= (now or datetime.now(UTC))


@dataclass
class JobRow:
    id: int
    job_key: str
    created: str
    backend: str
    endpoint: str
    prompt: str
    parameters: dict[str, Any]
    source_sha256: str
    source_name: str | None
    mask_painted: Path | None
    mask_sent: Path | None
    state: str
    error: str | None
    thumb: bytes | None
    results: list[ResultRow]
    estimate: float | None = None  # USD, as estimated before sending; None: unknown
    parent_result: int | None = None  # the result row this job upscaled
    group_id: int | None = None  # the group it belongs to (groups.py), if any
    group_place: dict[str, Any] | None = None  # its place there: a cell, a photo, a region

    @property
    def favourite(self) -> bool:
        return any(result.favourite for result in self.results)


class JobArchive(SourcesMixin, GroupsMixin):
    """The history database plus the copies it needs: sources and painted masks."""

    def __init__(self, folder: Path | None = None) -> None:
        self.folder = folder or data_home()
        self.file = self.folder / "history.sqlite3"
        self.sources = self.folder / "sources"
        self.masks = self.folder / "masks"
        self._local = threading.local()
        # Source copies being written, by hash: a 24 MP photo takes about a second to encode,
        # which must not delay the request; the job's end waits for its copy.
        self._copies: dict[str, threading.Thread] = {}
        self._copies_lock = threading.Lock()
        private_folder(self.folder)
        if not self.file.exists():  # SQLite gives its -wal and -shm files the database's mode
            os.close(os.open(self.file, os.O_CREAT | os.O_WRONLY, 0o600))
        self._connection().executescript(SCHEMA)  # runs as its own transaction
        self._upgrade()
        for suffix in ("", "-wal", "-shm"):  # files made by earlier versions were 0644
            with contextlib.suppress(OSError):
                Path(f"{self.file}{suffix}").chmod(0o600)

    def _upgrade(self) -> None:
        """Bring a database of an earlier version to SCHEMA_VERSION (one newer is left alone:
        every step only adds, so this version can still read it)."""
        with self._transaction() as db:  # a second process waits, then finds it done
            version = db.execute("PRAGMA user_version").fetchone()[0]
            for step in UPGRADES[version:]:
                for statement in step:
                    db.execute(statement)
            if version < SCHEMA_VERSION:
                db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    @property
    def version(self) -> int:
        return self._connection().execute("PRAGMA user_version").fetchone()[0]

    # ----------------------------------------------------------------- connections

    def _connection(self) -> sqlite3.Connection:
        db = getattr(self._local, "db", None)
        if db is None:
            db = sqlite3.connect(self.file, timeout=30, isolation_level=None)
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")  # WAL + NORMAL: durable across crashes
            db.execute("PRAGMA foreign_keys=ON")
            self._local.db = db
        return db

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        db = self._connection()
        db.execute("BEGIN IMMEDIATE")
        try:
            yield db
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")

    def reader(self) -> sqlite3.Connection:
        """This thread's connection, for the read-only queries of other modules (spend.py)."""
        return self._connection()

    def close(self) -> None:
        db = getattr(self._local, "db", None)
        if db is not None:
            db.close()
            self._local.db = None

    # ----------------------------------------------------------------- recording

    def mark_interrupted(self) -> int:
        """Jobs left 'running' by a process that is gone: they are interrupted, not running.
        (A job of another live process, e.g. the command line, is left alone.)"""
        with self._transaction() as db:
            running = db.execute("SELECT id, pid FROM jobs WHERE state = 'running'").fetchall()
            dead = [(job_id,) for job_id, pid in running if not _alive(pid)]
            db.executemany(
                "UPDATE jobs SET state = 'interrupted', error = ? WHERE id = ?",
                [(INTERRUPTED, job_id) for (job_id,) in dead],
            )
            return len(dead)

    def job_started(
        self,
        job: Job,
        *,
        painted_mask: np.ndarray | None,
        sent_mask_png: bytes | None,
        source_name: str | None = None,
    ) -> None:
        """Record a job before anything is sent: its source (copied once), both masks (an
        upscale has none: None)."""
        request = job.request
        self._keep_source(
            job.source_sha256, request.image, request.info, getattr(request, "origin", None)
        )
        painted = sent = None
        if painted_mask is not None:
            private_folder(self.masks)
            painted = self.masks / f"{job.stem}-painted.png"
            # As painted: 255 = edit, soft edges.
            write_atomic(painted, encode_png(painted_mask), private=True)
            sent = self.masks / f"{job.stem}-sent.png"
            write_atomic(sent, sent_mask_png or b"", private=True)
        parameters = dict(request.describe()) | recorded_files(request.options)
        parameters.pop("prompt", None)
        parameters["region"] = job.region
        parameters["notes"] = job.notes
        with self._transaction() as db:
            # The window's number for the job becomes its id, so its card and History agree;
            # one taken meanwhile (by the command line) leaves SQLite to choose.
            number = job.number
            if (
                number is not None
                and db.execute("SELECT 1 FROM jobs WHERE id = ?", (number,)).fetchone()
            ):
                number = None
            db.execute(
                "INSERT INTO jobs (id, job_key, created, backend, endpoint, prompt, parameters,"
                " source_sha256, source_name, mask_painted, mask_sent, state, pid, thumb,"
                " estimate, parent_result, group_id, group_place)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'running', ?, ?, ?, ?, ?, ?)",
                (
                    number,
                    job.id,
                    job.started.isoformat(),
                    job.backend,
                    job.endpoint,
                    request.options.prompt,
                    json.dumps(parameters, ensure_ascii=False),
                    job.source_sha256,
                    source_name,
                    painted and str(painted),
                    sent and str(sent),
                    os.getpid(),
                    _thumb(request.image, request.info.icc_profile),
                    job.estimate,
                    job.parent_result,
                    job.group_id,
                    place_text(job.group_place),
                ),
            )

    def answer_received(self, job: Job, items: Sequence[ResultItem]) -> None:
        """The answer's images with their links, before any is fetched: a process killed
        while downloading leaves them to fetch again (each is replaced once it is saved)."""
        for item in items:
            if item.url:
                self._add_result(job, item)

    def result_saved(self, job: Job, item: ResultItem) -> None:
        self._add_result(job, item)

    def job_ended(
        self, job: Job, state: str, error: str | None = None, others: list[ResultItem] = ()
    ) -> None:
        """Final state (`outcome.Final.history`: a job with an image that failed is 'partly
        saved', to fetch again); `others` are the items that were not saved."""
        self.wait_for_source(job.source_sha256)
        if state == "interrupted" and error is None:  # abandoned at quit: say so, as at start
            error = INTERRUPTED
        with self._transaction() as db:
            db.execute(
                "UPDATE jobs SET state = ?, error = ?, billed = ? WHERE job_key = ?",
                (state, error, job.billed, job.id),
            )
        for item in others:
            self._add_result(job, item)

    def _add_result(self, job: Job, item: ResultItem) -> None:
        # Saved items hold the photo's own values (its colour space and depth).
        profile = job.request.info.icc_profile
        thumb = _thumb(item.pixels, profile) if item.pixels is not None else None
        with self._transaction() as db:
            db.execute(  # one row per image: this state replaces one recorded before
                "DELETE FROM results WHERE idx = ? AND job_id = (SELECT id FROM jobs"
                " WHERE job_key = ?)",
                (item.index, job.id),
            )
            db.execute(
                "INSERT INTO results"
                " (job_id, idx, status, path, seed, prompt, safe, thumb, url, expires)"
                " SELECT id, ?, ?, ?, ?, ?, ?, ?, ?, ? FROM jobs WHERE job_key = ?",
                (
                    item.index,
                    item.status.value,
                    str(item.path) if item.path else None,
                    item.seed,
                    item.prompt,
                    int(item.status is not ItemStatus.WITHHELD),
                    thumb,
                    item.url,
                    item.expires,
                    job.id,
                ),
            )

    def result_fetched(
        self, result_id: int, path: Path, pixels: np.ndarray, profile: bytes | None = None
    ) -> None:
        """An image fetched again later is saved: the result becomes ready, and its job done
        once no image is left to fetch (partly saved while some still are)."""
        with self._transaction() as db:
            db.execute(
                "UPDATE results SET status = 'ready', path = ?, thumb = ? WHERE id = ?",
                (str(path), _thumb(pixels, profile), result_id),
            )
            job_id = db.execute("SELECT job_id FROM results WHERE id = ?", (result_id,)).fetchone()
            if job_id is None:
                return
            left = db.execute(
                "SELECT COUNT(*) FROM results WHERE job_id = ? AND status = 'failed'", job_id
            ).fetchone()[0]
            if left:
                db.execute("UPDATE jobs SET state = ? WHERE id = ?", (PARTLY_SAVED, job_id[0]))
            else:
                db.execute("UPDATE jobs SET state = 'done', error = NULL WHERE id = ?", job_id)

    # ----------------------------------------------------------------- reading

    def page(
        self, *, search: str = "", favourites_only: bool = False, offset: int = 0, limit: int = PAGE
    ) -> list[JobRow]:
        """Jobs newest first, with their results; `search` matches the prompt, sent or returned.
        Every job, those of groups too (History's list, a group as one entry: `entries`)."""
        where, arguments = job_filters(search, favourites_only)
        clause = f"WHERE {' AND '.join(where)}" if where else ""
        return self._jobs(
            f"{clause} ORDER BY created DESC, id DESC LIMIT ? OFFSET ?", (*arguments, limit, offset)
        )

    def entries(self, **filters: Any) -> list[Entry]:
        """History's page: jobs alone and groups, one entry each, newest first (`listing`):
        `search`, `favourites_only`, `offset` and `limit` as for `page`."""
        return entries(self._connection(), self._jobs, **filters)

    def job(self, job_id: int) -> JobRow | None:
        found = self._jobs("WHERE id = ?", (job_id,))
        return found[0] if found else None

    def find(self, key: str) -> JobRow | None:
        """A job by the key in its file names (8 hex digits), or by its row id."""
        found = self._jobs("WHERE job_key = ?", (key.strip().lower(),))
        if not found and key.strip().isdigit():
            found = self._jobs("WHERE id = ?", (int(key),))
        return found[0] if found else None

    @staticmethod
    def unsaved(job: JobRow) -> list[ResultRow]:
        """The job's images that failed to be saved but have a URL: worth fetching again
        unless `expired()` (see `fetchable` for only the live ones)."""
        if job.state == "running":  # its own downloads are under way: never fetch twice
            return []
        return [r for r in job.results if r.status == ItemStatus.FAILED.value and r.url]

    def fetchable(self, job: JobRow, now: datetime | None = None) -> list[ResultRow]:
        """The unsaved images whose link has not expired (or whose expiry is unknown)."""
        return [r for r in self.unsaved(job) if not r.expired(now)]

    def _jobs(self, tail: str, arguments: tuple[object, ...]) -> list[JobRow]:
        db = self._connection()
        rows = db.execute(f"SELECT * FROM jobs {tail}", arguments).fetchall()
        if not rows:
            return []
        ids = [row[0] for row in rows]
        marks = ",".join("?" * len(ids))
        results: dict[int, list[ResultRow]] = {job_id: [] for job_id in ids}
        query = (
            "SELECT id, job_id, idx, status, path, seed, prompt, safe, favourite, thumb,"
            f" url, expires FROM results WHERE job_id IN ({marks}) ORDER BY idx"
        )
        for r in db.execute(query, ids):
            path = Path(r[4]) if r[4] else None
            results[r[1]].append(
                ResultRow(
                    r[0], r[2], r[3], path, r[5], r[6], bool(r[7]), bool(r[8]), r[9], r[10], r[11]
                )
            )
        return [_job_row(row, results[row[0]]) for row in rows]

    def next_number(self) -> int:
        """The id the next job gets: job numbers go on from run to run, as History's do."""
        return self._connection().execute("SELECT COALESCE(MAX(id), 0) + 1 FROM jobs").fetchone()[0]

    def count(self) -> int:
        return self._connection().execute("SELECT COUNT(*) FROM jobs").fetchone()[0]

    # ----------------------------------------------------------------- changes

    def set_favourite(self, result_id: int, favourite: bool) -> None:
        with self._transaction() as db:
            db.execute("UPDATE results SET favourite = ? WHERE id = ?", (int(favourite), result_id))

    def delete_job(self, job_id: int, *, remove_files: bool = True) -> None:
        """Forget a job; with `remove_files`, its result files and masks go too."""
        job = self.job(job_id)
        if job is None:
            return
        with self._transaction() as db:
            db.execute("DELETE FROM jobs WHERE id = ?", (job_id,))
        if remove_files:
            self._remove_files(job)

    def delete_all_but_favourites(self) -> int:
        """Delete every job without a favourite result, and their files. Returns how many."""
        doomed = [job for job in self._all() if not job.favourite]
        with self._transaction() as db:
            db.executemany("DELETE FROM jobs WHERE id = ?", [(job.id,) for job in doomed])
        for job in doomed:
            self._remove_files(job)
        self._drop_unused_sources()
        return len(doomed)

    def _all(self) -> list[JobRow]:
        jobs, offset = [], 0
        while batch := self.page(offset=offset, limit=500):
            jobs += batch
            offset += len(batch)
        return jobs

    def _remove_files(self, job: JobRow) -> None:
        paths = [r.path for r in job.results if r.path] + [job.mask_painted, job.mask_sent]
        for path in paths:
            if path is not None:
                path.unlink(missing_ok=True)
        if job.results and job.results[0].path is not None:
            saved_mask = job.results[0].path.parent / f"{_stem(job)}-mask.png"
            saved_mask.unlink(missing_ok=True)

    def _drop_unused_sources(self) -> None:
        used = {
            row[0] for row in self._connection().execute("SELECT DISTINCT source_sha256 FROM jobs")
        }
        if self.sources.is_dir():
            for file in self.sources.glob("*.png"):
                if file.stem not in used:
                    file.unlink(missing_ok=True)


def _alive(pid: int | None) -> bool:
    if not pid or pid == os.getpid():
        return False  # this process starts afresh: its own earlier jobs cannot be running
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _moment(text: str | None) -> datetime | None:
    """An ISO 8601 time as an aware datetime (UTC when it names no zone); None if unreadable."""
    if not text:
        return None
    try:
        when = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def _stem(job: JobRow) -> str:
    first = next((r.path for r in job.results if r.path), None)
    return first.stem.rsplit("-", 1)[0] if first else job.job_key


def _job_row(row: tuple, results: list[ResultRow]) -> JobRow:
    return JobRow(
        id=row[0],
        job_key=row[1],
        created=row[2],
        backend=row[3],
        endpoint=row[4],
        prompt=row[5],
        parameters=json.loads(row[6]),
        source_sha256=row[7],
        source_name=row[8],
        mask_painted=Path(row[9]) if row[9] else None,
        mask_sent=Path(row[10]) if row[10] else None,
        state=row[11],
        error=row[12],
        thumb=row[14],
        results=results,
        estimate=row[15],
        parent_result=row[16],
        group_id=row[18],
        group_place=read_place(row[19]),
    )


def _thumb(pixels: np.ndarray, profile: bytes | None = None) -> bytes:
    """A small JPEG for the history list (kept in the database: one read shows a page), in
    sRGB from pixels in `profile`'s colour space (None: sRGB), 8 or 16 bits."""
    small = thumbnail(np.ascontiguousarray(pixels[:, :, :3]), THUMB_SIDE)
    small = to_srgb8(small, profile)
    bgr = cv2.cvtColor(small, cv2.COLOR_RGB2BGR)
    return cv2.imencode(".jpg", bgr, [cv2.IMWRITE_JPEG_QUALITY, 85])[1].tobytes()
