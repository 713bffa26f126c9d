"""`ideogram-studio fetch JOB_ID`: download again the images of a job that could not be saved
(a download cut short, a full disk), while their links still work, and save them as the edit
would have: same names, same provenance, recorded in the history."""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from datetime import datetime
from pathlib import Path

import requests

from ideogram_studio.backends.http import Transport
from ideogram_studio.backends.outcome import (
    EXIT_INPUT,
    EXIT_NOTHING_SAVED,
    EXIT_OK,
    CancelToken,
    EditError,
    ItemStatus,
    ResultItem,
)
from ideogram_studio.backends.providers import (
    IDEOGRAM,
    PRESETS,
    Provider,
    ProviderKind,
    key_from_environment,
    resolve_provider,
)
from ideogram_studio.backends.storage import Job, ResultStore, recorded_job
from ideogram_studio.core.files import check_data_folder, default_output_folder
from ideogram_studio.core.imageio import load_image
from ideogram_studio.errors import ImageLoadError, StudioError
from ideogram_studio.jobs.archive import JobArchive, JobRow, ResultRow

log = logging.getLogger(__name__)


def build_fetch_parser() -> argparse.ArgumentParser:
    from ideogram_studio.cli import EPILOG

    parser = argparse.ArgumentParser(
        prog="ideogram-studio fetch",
        description=(
            "Download again the images of a job that could not be saved, while their links "
            "still work (Ideogram's links expire after about a day)."
        ),
        epilog=EPILOG,
    )
    parser.add_argument(
        "job", help="the job's key as in the file names (8 hex digits), or its history number"
    )
    parser.add_argument(
        "--out", type=Path, help="folder for the images (default: beside the job's other images)"
    )
    parser.add_argument("--json", action="store_true", help="print one JSON document")
    return parser


def fetch_again(argv: list[str]) -> int:
    from ideogram_studio.cli import EXIT_UNWRITABLE, housekeeping, open_history, unwritable

    args = build_fetch_parser().parse_args(argv)
    err = sys.stderr
    history = open_history()
    if history is None:
        problem = check_data_folder() or "The history cannot be opened."
        print(f"{problem} Nothing can be fetched without it.", file=err)
        return EXIT_UNWRITABLE
    row = history.find(args.job)
    if row is None:
        print(f"There is no job “{args.job}” in the history.", file=err)
        return EXIT_INPUT
    job = recorded_job(
        row.job_key,
        row.created,
        row.backend,
        row.endpoint,
        row.prompt,
        row.parameters,
        row.source_sha256,
    )
    store = ResultStore(args.out or _job_folder(row))
    housekeeping(history, store.folder)
    lost = [r for r in row.results if r.status == ItemStatus.FAILED.value and not r.url]
    candidates = JobArchive.unsaved(row)
    if not candidates and not lost:
        print(f"Job {row.job_key} has no image left to fetch.", file=err)
        _print_json(args.json, row, [])
        return EXIT_OK
    transport = Transport(_provider(row), key_from_environment() or "")
    session = transport.open_session()
    report: list[dict[str, object]] = []
    failed = len(lost)
    for result in lost:
        print(
            f"Image {result.index + 1}: its link was not recorded; it cannot be fetched again.",
            file=err,
        )
    try:
        for result in candidates:
            try:
                path = _fetch_one(transport, session, history, store, job, result)
            except OSError as error:  # a full disk: the next images would fail the same way
                log.exception("saving a fetched image failed")
                print(unwritable(store.folder, error), file=err)
                return EXIT_UNWRITABLE
            except requests.RequestException as error:  # a body cut short, on this image only
                log.warning("fetching image %d failed", result.index + 1, exc_info=True)
                error = StudioError(f"The download broke off ({type(error).__name__}).")
                failed += 1
                print(f"Image {result.index + 1}: {error}", file=err)
                report.append({"index": result.index, "path": None, "error": str(error)})
                continue
            except StudioError as error:
                failed += 1
                print(f"Image {result.index + 1}: {error}", file=err)
                report.append({"index": result.index, "path": None, "error": str(error)})
                continue
            if not args.json:
                print(path, flush=True)
            report.append({"index": result.index, "path": str(path), "error": None})
    finally:
        session.close()
    _print_json(args.json, row, report)
    if failed:
        saved = len(candidates) + len(lost) - failed
        print(f"{saved} of {saved + failed} images fetched.", file=err)
        return EXIT_NOTHING_SAVED
    return EXIT_OK


def _fetch_one(
    transport: Transport,
    session: object,
    history: JobArchive,
    store: ResultStore,
    job: Job,
    result: ResultRow,
) -> Path:
    """Download, decode, save and record one image; raises StudioError with its sentence."""
    if result.expired():
        until = _local_time(result.expires)
        raise StudioError(
            f"The link for image {result.index + 1} has expired (it was valid until {until}); "
            "it cannot be fetched again."
        )
    assert result.url is not None
    # backends/http.py is getting a fetch_image() with size and pixel caps; until then the
    # transport's download (size-capped) and load_image (pixel-capped) do the same.
    data = transport.download(session, result.url, CancelToken())  # type: ignore[arg-type]
    try:
        pixels = load_image(data)
    except ImageLoadError:
        raise EditError("The downloaded result is not a readable image.") from None
    item = ResultItem(
        result.index, ItemStatus.READY, pixels, data, seed=result.seed, prompt=result.prompt
    )
    _attach_mask(store, job, history)
    path = store.save_item(job, item)
    try:
        history.result_fetched(result.id, path, pixels)
    except Exception:  # the image is on disk; the history says so the next time it can
        log.warning("could not record a fetched image", exc_info=True)
    return path


def _attach_mask(store: ResultStore, job: Job, history: JobArchive) -> None:
    """Name the mask that was sent beside the image, as an edit does: the one already there,
    else a copy of the history's."""
    if job.mask_path is not None:
        return
    beside = store.folder / f"{job.stem}-mask.png"
    if beside.exists():
        job.mask_path = beside
        return
    row = history.find(job.id)
    sent = row.mask_sent if row else None
    if sent is not None and sent.is_file():
        store.save_mask(job, sent.read_bytes())


def _job_folder(row: JobRow) -> Path:
    saved = next((r.path for r in row.results if r.path), None)
    return saved.parent if saved else default_output_folder()


def _provider(row: JobRow) -> Provider:
    """The job's provider for the transport's rules. Result links are signed: no key is sent
    with them, so a provider that would insist on one still downloads."""
    kind = os.environ.get("IDEOGRAM_PROVIDER") or row.backend
    try:
        return resolve_provider(kind, os.environ.get("IDEOGRAM_BASE_URL"), key_from_environment())
    except StudioError:
        try:
            return PRESETS.get(ProviderKind(kind.lower()), IDEOGRAM)
        except ValueError:
            return IDEOGRAM


def _local_time(text: str | None) -> str:
    try:
        when = datetime.fromisoformat(str(text).replace("Z", "+00:00"))
    except ValueError:
        return str(text)
    return when.astimezone().strftime("%Y-%m-%d %H:%M")


def _print_json(enabled: bool, row: JobRow, report: list[dict[str, object]]) -> None:
    if enabled:
        document = {"job": row.job_key, "id": row.id, "results": report}
        print(json.dumps(document, indent=2, ensure_ascii=False))
