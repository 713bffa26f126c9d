"""Jobs that belong together, recorded as one group in the history: a sweep's cells, a batch's
photos, the prompt regions of one picture. A mixin of JobArchive (archive.py).

A group has a `kind` ("sweep", "batch", "regions"), a title for History, its `spec` (what the
user asked for, as JSON: a sweep's axes, a batch's inputs) and its `state` (what changes as it
runs or as the user picks: a sweep's winners, a region's chosen result). Each of its jobs
carries the group's id and its `place` in it (a sweep's cell, a batch's photo, a region's
index), as JSON. Deleting a group deletes its jobs; a job deleted alone leaves the group.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

# archive.JobRow, which this module cannot import (archive imports it): named for the reader.
JobRow = Any

GROUP_KINDS = ("sweep", "batch", "regions")

GROUPS_SCHEMA = """
CREATE TABLE IF NOT EXISTS groups (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    created TEXT NOT NULL,
    title TEXT NOT NULL,
    spec TEXT NOT NULL,
    state TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX IF NOT EXISTS groups_by_time ON groups (created DESC);
"""
# Schema version 4 (archive.UPGRADES): each job's group and its place in it.
GROUP_COLUMNS = (
    "ALTER TABLE jobs ADD COLUMN group_id INTEGER REFERENCES groups (id) ON DELETE SET NULL",
    "ALTER TABLE jobs ADD COLUMN group_place TEXT",
    "CREATE INDEX IF NOT EXISTS jobs_by_group ON jobs (group_id)",
)


@dataclass
class GroupRow:
    id: int
    kind: str
    created: str
    title: str
    spec: dict[str, Any]
    state: dict[str, Any]
    jobs: list[JobRow] = field(default_factory=list)  # oldest first, each with .group_place


class GroupsMixin:
    """Groups of jobs, for JobArchive (which gives _transaction, _connection and _jobs)."""

    if TYPE_CHECKING:

        def _transaction(self) -> AbstractContextManager[sqlite3.Connection]: ...
        def _connection(self) -> sqlite3.Connection: ...
        def _jobs(self, tail: str, arguments: tuple[object, ...]) -> list[JobRow]: ...
        def delete_job(self, job_id: int, *, remove_files: bool = True) -> None: ...

    def start_group(self, kind: str, title: str, spec: dict[str, Any]) -> int:
        """Record a new group before its first job is sent; returns its id (for JobSpec)."""
        if kind not in GROUP_KINDS:
            raise ValueError(f"unknown group kind {kind!r}")
        with self._transaction() as db:
            cursor = db.execute(
                "INSERT INTO groups (kind, created, title, spec) VALUES (?, ?, ?, ?)",
                (kind, datetime.now(UTC).isoformat(), title, _dumps(spec)),
            )
            return int(cursor.lastrowid or 0)

    def set_group_state(self, group_id: int, state: dict[str, Any]) -> None:
        """Replace the group's state (winners, picks, progress) with `state`."""
        with self._transaction() as db:
            db.execute("UPDATE groups SET state = ? WHERE id = ?", (_dumps(state), group_id))

    def group(self, group_id: int) -> GroupRow | None:
        """The group with all its jobs (and their results), oldest job first."""
        row = (
            self._connection()
            .execute(
                "SELECT id, kind, created, title, spec, state FROM groups WHERE id = ?",
                (group_id,),
            )
            .fetchone()
        )
        if row is None:
            return None
        group = _group_row(row)
        group.jobs = self._jobs("WHERE group_id = ? ORDER BY id", (group_id,))
        return group

    def groups(self, kind: str | None = None, *, limit: int = 50) -> list[GroupRow]:
        """Groups newest first, without their jobs (`group(id)` reads those)."""
        where, arguments = ("WHERE kind = ?", (kind,)) if kind else ("", ())
        rows = (
            self._connection()
            .execute(
                f"SELECT id, kind, created, title, spec, state FROM groups {where}"
                " ORDER BY created DESC, id DESC LIMIT ?",
                (*arguments, limit),
            )
            .fetchall()
        )
        return [_group_row(row) for row in rows]

    def delete_group(self, group_id: int, *, remove_files: bool = True) -> None:
        """Forget a group and every job in it (with `remove_files`, their files too)."""
        group = self.group(group_id)
        if group is None:
            return
        for job in group.jobs:
            self.delete_job(job.id, remove_files=remove_files)
        with self._transaction() as db:
            db.execute("DELETE FROM groups WHERE id = ?", (group_id,))


def place_text(place: dict[str, Any] | None) -> str | None:
    """A job's place in its group as stored (JSON), or None."""
    return None if place is None else _dumps(place)


def read_place(text: str | None) -> dict[str, Any] | None:
    return None if not text else json.loads(text)


def _group_row(row: tuple) -> GroupRow:
    return GroupRow(row[0], row[1], row[2], row[3], json.loads(row[4]), json.loads(row[5]))


def _dumps(value: dict[str, Any]) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def iter_places(group: GroupRow) -> Iterator[tuple[dict[str, Any], JobRow]]:
    """Each job of the group with its place (jobs recorded without one are left out)."""
    for job in group.jobs:
        if job.group_place is not None:
            yield job.group_place, job
