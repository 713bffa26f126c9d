"""Fetching again the images of a job that could not be saved, while their links still work
(Ideogram's expire after about a day): the CLI's `fetch` and History's *Fetch again* share it.
Nothing here imports Qt; the window runs it on a worker thread."""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

import requests

from ideogram_studio.backends.downloads import fetch_image
from ideogram_studio.backends.outcome import CancelToken, ItemStatus, ResultItem
from ideogram_studio.backends.service import in_photo_terms
from ideogram_studio.backends.settings import ProviderSettings
from ideogram_studio.backends.storage import Job, ResultStore, recorded_job
from ideogram_studio.backends.streaming import open_session
from ideogram_studio.backends.upscale import UpscaleRequest
from ideogram_studio.core.files import default_output_folder
from ideogram_studio.core.geometry import Rect
from ideogram_studio.core.imageio import load_image
from ideogram_studio.core.photo import read_copy
from ideogram_studio.core.region import Region
from ideogram_studio.errors import StudioError
from ideogram_studio.i18n import translate
from ideogram_studio.jobs.archive import JobArchive, JobRow, ResultRow

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Fetched:
    """One image of the job: where it was saved now, or the sentence that says why not."""

    index: int
    path: Path | None = None
    error: str | None = None


def fetch_job(
    row: JobRow,
    archive: JobArchive,
    *,
    out: Path | None = None,
    cancel: CancelToken | None = None,
) -> list[Fetched]:
    """Download, save and record every unsaved image of `row` whose link is known; one entry
    per image that was missing. OSError (a full disk) stops it: the next would fail the same."""
    cancel = cancel or CancelToken()
    job = recorded_job(
        row.job_key,
        row.created,
        row.backend,
        row.endpoint,
        row.prompt,
        row.parameters,
        row.source_sha256,
    )
    plan = _with_its_photo(job, row, archive)
    store = ResultStore(out or job_folder(row), ProviderSettings.load().save_choice())
    report = [
        Fetched(
            result.index,
            error=translate("Jobs", "Its link was not recorded; it cannot be fetched again."),
        )
        for result in row.results
        if result.status == ItemStatus.FAILED.value and not result.url
    ]
    candidates = JobArchive.unsaved(row)
    if not candidates:
        return report
    # Result links are signed: fetching needs no key and no provider, only the checks every
    # result goes through (web address, size, pixels, deadline).
    session = open_session()
    try:
        for result in candidates:
            cancel.raise_if_cancelled()
            try:
                path = _fetch_one(session, archive, store, job, plan, result, cancel)
            except requests.RequestException:  # a body cut short, on this image only
                log.warning("fetching image %d failed", result.index + 1, exc_info=True)
                said = translate("Jobs", "The download broke off.")
                report.append(Fetched(result.index, error=said))
                continue
            except StudioError as error:
                report.append(Fetched(result.index, error=error.message))
                continue
            report.append(Fetched(result.index, path=path))
    finally:
        session.close()
    return sorted(report, key=lambda fetched: fetched.index)


def _fetch_one(
    session: requests.Session,
    archive: JobArchive,
    store: ResultStore,
    job: Job,
    plan: Region | None,
    result: ResultRow,
    cancel: CancelToken,
) -> Path:
    """Download, decode, save and record one image; raises StudioError with its sentence."""
    if result.expired():
        raise StudioError(
            translate(
                "Jobs",
                "Its link has expired (it was valid until {until}); it cannot be fetched again.",
            ).format(until=local_time(result.expires))
        )
    assert result.url is not None
    data, pixels = fetch_image(session, result.url, cancel)
    saved, kept_bytes = in_photo_terms(job.request, pixels, plan)
    item = ResultItem(
        result.index,
        ItemStatus.READY,
        saved,
        data if kept_bytes else None,
        seed=result.seed,
        prompt=result.prompt,
    )
    _attach_mask(store, job, archive)
    path = store.save_item(job, item)
    try:
        archive.result_fetched(result.id, path, saved, job.request.info.icc_profile)
    except Exception:  # the image is on disk; the history says so the next time it can
        log.warning("could not record a fetched image", exc_info=True)
    return path


def _with_its_photo(job: Job, row: JobRow, archive: JobArchive) -> Region | None:
    """Give the recorded job its photo (the history's copy, with its depth, profile and
    metadata) and its painted mask, so a fetched image is saved as the edit would have saved
    it: composited for a region edit, in the photo's format. Without them (removed from the
    history folder), the image is saved as it was returned; the region it needs, or None."""
    try:
        photo = read_copy(archive.source_path(row.source_sha256), row.source_name or "")
        if isinstance(job.request, UpscaleRequest):  # no mask: the image it upscaled is all
            if job.request.image.shape[:2] == (photo.height, photo.width):
                job.request = replace(job.request, image=photo.pixels, info=photo.info)
            return None
        if row.mask_painted is None:
            return None
        mask = load_image(row.mask_painted)[:, :, 0]
    except StudioError:
        return None
    # The copy is named by the job's own source hash (pixels and metadata), so it is this
    # job's photo; its size must still be the one recorded, and the mask's.
    recorded = job.request.image.shape[:2]
    if mask.shape != (photo.height, photo.width) or recorded != mask.shape:
        return None  # not the photo this job edited: better the image as returned
    job.request = replace(job.request, image=photo.pixels, mask=mask, info=photo.info)
    region = job.region
    try:
        if region is None:
            return None
        x, y, width, height = (int(v) for v in region["crop"])
        sent = tuple(int(v) for v in region["sent_size"])
        plan = Region(
            Rect(x, y, width, height),
            (sent[0], sent[1]),
            int(region["margin"]),
            int(region["feather"]),
        )
    except (KeyError, TypeError, ValueError):
        return None
    return plan


def _attach_mask(store: ResultStore, job: Job, archive: JobArchive) -> None:
    """Name the mask that was sent beside the image, as an edit does: the one already there,
    else a copy of the history's."""
    if job.mask_path is not None:
        return
    beside = store.folder / f"{job.stem}-mask.png"
    if beside.exists():
        job.mask_path = beside
        return
    row = archive.find(job.id)
    sent = row.mask_sent if row else None
    if sent is not None and sent.is_file():
        store.save_mask(job, sent.read_bytes())


def job_folder(row: JobRow) -> Path:
    """Where the job's other images are, so a fetched one lands beside them."""
    saved = next((r.path for r in row.results if r.path), None)
    return saved.parent if saved else default_output_folder()


def local_time(text: str | None) -> str:
    try:
        when = datetime.fromisoformat(str(text).replace("Z", "+00:00"))
    except ValueError:
        return str(text)
    return when.astimezone().strftime("%Y-%m-%d %H:%M")
