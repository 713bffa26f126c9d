"""What every headless command shares: the exit codes beyond `conclude`'s, the history, the
housekeeping every run does, the sentences for unwritable folders, and how a finished job is
reported (its notes, its images, one JSON document) with its exit code."""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import TextIO

from ideogram_studio.backends.outcome import (
    EditOutcome,
    ItemStatus,
    ResultItem,
    Verdict,
    conclude,
)
from ideogram_studio.backends.storage import Job
from ideogram_studio.core.files import check_data_folder, data_home, remove_stale_partials
from ideogram_studio.jobs.archive import JobArchive

EXIT_BUG = 1  # an unexpected error: one sentence for the user, the traceback in the log
EXIT_UNWRITABLE = 6  # the data folder or the output folder cannot be written
EPILOG = (
    "exit codes: 0 saved, 1 unexpected error (see the log), 2 bad input, "
    "3 refused by the server (4xx), 4 network or server failure, 5 nothing could be saved, "
    "6 the data or output folder cannot be written, 130 cancelled"
)
log = logging.getLogger(__name__)


def open_history() -> JobArchive | None:
    """The app's history, so command-line edits show up in the window; None if unavailable."""
    try:
        return JobArchive()
    except Exception:  # a broken or locked database must not stop an edit
        log.warning("the history cannot be opened", exc_info=True)
        return None


def housekeeping(history: JobArchive | None, *folders: Path) -> None:
    """What the window does on start, done by every run too: partial files of a killed run
    go, and jobs left 'running' by a dead process are interrupted. Never fails the run."""
    home = data_home()
    remove_stale_partials(*folders, home, home / "session", home / "masks", home / "sources")
    if history is not None:
        try:
            history.mark_interrupted()
        except Exception:  # a read-only database: the window will do it
            log.warning("could not mark interrupted jobs", exc_info=True)


def data_folder_problem(out: Path | None, notes: list[str]) -> str | None:
    """The sentence that stops a run whose results would go to an unwritable data folder;
    with --out the run goes on and the problem is a note (no history, no log)."""
    problem = check_data_folder()
    if problem is None:
        return None
    log.warning("%s", problem)
    if out is None:
        return f"{problem} Give --out FOLDER to save the results elsewhere."
    notes.append(problem)
    return None


def unwritable(folder: Path, error: OSError) -> str:
    reason = error.strerror or str(error)
    return (
        f"The results could not be written to {folder} ({reason}); "
        "free some space or choose another folder with --out."
    )


def report(
    job: Job,
    outcome: EditOutcome,
    *,
    as_json: bool,
    err: TextIO,
    command: str = "edit",
    extra: dict[str, object] | None = None,
) -> int:
    """What a finished job prints (its notes, each image that was not saved, or one JSON
    document with `extra` in it) and its exit code: for `edit` and `upscale` alike."""
    for note in outcome.notes:
        if not as_json:
            print(f"Note: {note}", file=err)
    for item in outcome.items:
        if item.status is not ItemStatus.READY and not as_json:
            print(f"Image {item.index + 1}: {item.error}", file=err)
    if as_json:
        document = {
            "job": job.id,
            "backend": outcome.backend,
            "endpoint": outcome.endpoint,
            "mask": str(job.mask_path) if job.mask_path else None,
            **(extra or {}),
            "notes": outcome.notes,
            "results": [
                result_json(item) | {"prompt": item.prompt, "resolution": item.resolution}
                for item in outcome.items
            ],
        }
        print(json.dumps(document, indent=2, ensure_ascii=False))
    verdict = conclude(outcome)
    log.info("%s %s ended: %s", command, job.id, verdict.state.value)
    if any(
        item.url and item.path is None and item.status is ItemStatus.FAILED
        for item in outcome.items
    ):
        # Billed and still there while the links last (about a day).
        print(f"Fetch the missing images again with: ideogram-studio fetch {job.id}", file=err)
    return finish(verdict, err)


def result_json(item: ResultItem) -> dict[str, object]:
    """One image of a job in a command's JSON document: where it went, or why not."""
    return {
        "index": item.index,
        "status": item.status.value,
        "path": str(item.path) if item.path else None,
        "seed": item.seed,
        "error": item.error,
    }


def finish(verdict: Verdict, err: TextIO) -> int:
    if verdict.final_line is not None:
        print(verdict.final_line, file=err)
    return verdict.exit_code
