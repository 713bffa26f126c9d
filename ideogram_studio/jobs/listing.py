"""What the History tab lists, newest first: each job on its own, and each group of jobs (a
sweep, a batch, prompt regions) as ONE entry with its counts and a thumbnail. The search and
"★ only" filter jobs the same way everywhere; a group is listed when one of its jobs passes
them (or, for a search, when its title matches). No Qt here.

A page costs a fixed number of queries, however many jobs its groups hold: the groups'
counts come from one aggregate query, their thumbnails from one indexed look-up each.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ideogram_studio.jobs.groups import GroupRow, _group_row

JobRow = Any  # archive.JobRow (archive imports this module)
PAGE = 50


@dataclass
class GroupEntry:
    """A group as History shows it: the group (without its jobs: `history.group(id)` reads
    them) and what is said of them."""

    group: GroupRow
    jobs: int  # one per cell, photo or region
    images: int  # saved
    running: int
    failed: int  # failed, cancelled or interrupted
    unsaved: int  # images billed but not saved, that Fetch again may still download
    estimate: float | None  # USD, the jobs' estimates added up; None: some unknown
    backend: str
    thumb: bytes | None  # a winner's (a ★ result's) thumbnail, else the first saved one's
    prompts: list[str]  # its jobs' distinct prompts, for the tooltip


Entry = JobRow | GroupEntry


def job_filters(search: str, favourites_only: bool) -> tuple[list[str], list[object]]:
    """The WHERE terms (over the table `jobs`) for History's search and "★ only"."""
    where: list[str] = []
    arguments: list[object] = []
    if search.strip():
        where.append(
            "(jobs.prompt LIKE ? ESCAPE '\\' OR EXISTS (SELECT 1 FROM results r"
            " WHERE r.job_id = jobs.id AND r.prompt LIKE ? ESCAPE '\\'))"
        )
        pattern = like_pattern(search)
        arguments += [pattern, pattern]
    if favourites_only:
        where.append("EXISTS (SELECT 1 FROM results r WHERE r.job_id = jobs.id AND r.favourite)")
    return where, arguments


def like_pattern(search: str) -> str:
    escaped = search.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def entries(
    db: sqlite3.Connection,
    read_jobs: Callable[[str, tuple[object, ...]], list[JobRow]],
    *,
    search: str = "",
    favourites_only: bool = False,
    offset: int = 0,
    limit: int = PAGE,
) -> list[Entry]:
    """One page of History: jobs outside any group and groups, newest first. `read_jobs` is
    the archive's `_jobs(tail, arguments)`, which reads jobs with their results."""
    where, arguments = job_filters(search, favourites_only)
    alone = ["(jobs.group_id IS NULL OR jobs.group_id NOT IN (SELECT id FROM groups))", *where]
    inside = ["jobs.group_id = groups.id", *where]
    group_match = f"EXISTS (SELECT 1 FROM jobs WHERE {' AND '.join(inside)})"
    group_arguments = list(arguments)
    if search.strip():  # "sweep" finds the sweeps; an empty group is never listed
        group_match = (
            f"({group_match} OR (groups.title LIKE ? ESCAPE '\\' AND EXISTS"
            " (SELECT 1 FROM jobs WHERE jobs.group_id = groups.id)))"
        )
        group_arguments.append(like_pattern(search))
    rows = db.execute(
        f"SELECT 0, id, created FROM jobs WHERE {' AND '.join(alone)}"
        f" UNION ALL SELECT 1, id, created FROM groups WHERE {group_match}"
        " ORDER BY 3 DESC, 2 DESC LIMIT ? OFFSET ?",
        (*arguments, *group_arguments, limit, offset),
    ).fetchall()
    job_ids = [row[1] for row in rows if row[0] == 0]
    group_ids = [row[1] for row in rows if row[0] == 1]
    jobs = {}
    if job_ids:
        marks = ",".join("?" * len(job_ids))
        jobs = {job.id: job for job in read_jobs(f"WHERE id IN ({marks})", tuple(job_ids))}
    groups = group_entries(db, group_ids)
    found: list[Entry] = []
    for kind, entry_id, _created in rows:
        entry = groups.get(entry_id) if kind else jobs.get(entry_id)
        if entry is not None:
            found.append(entry)
    return found


def group_entries(db: sqlite3.Connection, ids: list[int]) -> dict[int, GroupEntry]:
    """The groups with these ids, with their counts and thumbnails."""
    if not ids:
        return {}
    marks = ",".join("?" * len(ids))
    groups = {
        row[0]: _group_row(row)
        for row in db.execute(
            f"SELECT id, kind, created, title, spec, state FROM groups WHERE id IN ({marks})", ids
        )
    }
    counts = {
        row[0]: row[1:]
        for row in db.execute(
            "SELECT group_id, COUNT(*), SUM(state = 'running'),"
            " SUM(state IN ('failed', 'cancelled', 'interrupted')),"
            " SUM(estimate IS NULL), SUM(estimate), MIN(backend),"
            " (SELECT COUNT(*) FROM results r JOIN jobs j ON r.job_id = j.id"
            "  WHERE j.group_id = jobs.group_id AND r.path IS NOT NULL),"
            " (SELECT COUNT(*) FROM results r JOIN jobs j ON r.job_id = j.id"
            "  WHERE j.group_id = jobs.group_id AND r.status = 'failed' AND r.url IS NOT NULL"
            "  AND j.state != 'running')"
            f" FROM jobs WHERE group_id IN ({marks}) GROUP BY group_id",
            ids,
        )
    }
    prompts: dict[int, list[str]] = {}
    for group_id, prompt in db.execute(
        f"SELECT group_id, prompt FROM jobs WHERE group_id IN ({marks})"
        " GROUP BY group_id, prompt ORDER BY MIN(id)",
        ids,
    ):
        prompts.setdefault(group_id, []).append(prompt)
    found = {}
    for group_id, group in groups.items():
        jobs, running, failed, unknown, estimate, backend, images, unsaved = counts.get(
            group_id, (0, 0, 0, 0, None, "", 0, 0)
        )
        thumb = db.execute(
            "SELECT r.thumb FROM jobs j JOIN results r ON r.job_id = j.id"
            " WHERE j.group_id = ? AND r.thumb IS NOT NULL"
            " ORDER BY r.favourite DESC, j.id, r.idx LIMIT 1",
            (group_id,),
        ).fetchone()
        found[group_id] = GroupEntry(
            group,
            jobs,
            images or 0,
            running or 0,
            failed or 0,
            unsaved or 0,
            None if unknown or estimate is None else round(estimate, 4),
            backend or "",
            thumb[0] if thumb else None,
            prompts.get(group_id, []),
        )
    return found
