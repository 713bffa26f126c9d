"""One edit from request to saved files: the single path shared by the CLI and the window.
It knows no concrete backend: the registry (apis.py) gives the module for a provider and API."""

from __future__ import annotations

import errno
import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Protocol

import cv2
import numpy as np

from ideogram_studio.backends.apis import api_for, make_backend
from ideogram_studio.backends.billing import may_be_billed
from ideogram_studio.backends.outcome import (
    Backend,
    CancelToken,
    EditApi,
    EditOutcome,
    ItemStatus,
    Progress,
    ResultItem,
    conclude,
)
from ideogram_studio.backends.providers import Provider, ProviderKind
from ideogram_studio.backends.region_upscale import RegionUpscaler
from ideogram_studio.backends.request import EditRequest, Upload
from ideogram_studio.backends.storage import Job, ResultStore
from ideogram_studio.backends.upscale import UpscaleRequest
from ideogram_studio.core.colour import from_srgb8, is_srgb, to_srgb8
from ideogram_studio.core.region import Region, composite, crop_for_sending, plan_region
from ideogram_studio.i18n import translate

log = logging.getLogger(__name__)

# api_for and make_backend are re-exported: the window and the CLI reach the registry here.
__all__ = [
    "JobSpec",
    "Recorder",
    "Sending",
    "api_for",
    "in_photo_terms",
    "make_backend",
    "prepare_sending",
    "run_edit",
    "run_job",
    "sent_image",
]


class Recorder(Protocol):
    """Where jobs are recorded as they happen (the history database implements it)."""

    def job_started(
        self,
        job: Job,
        *,
        painted_mask: np.ndarray | None,  # None: an upscale, which has no mask
        sent_mask_png: bytes | None,
        source_name: str | None,
    ) -> None: ...

    def answer_received(self, job: Job, items: Sequence[ResultItem]) -> None: ...

    def result_saved(self, job: Job, item: ResultItem) -> None: ...

    def job_ended(
        self, job: Job, state: str, error: str | None = None, others: Sequence[ResultItem] = ()
    ) -> None: ...


# An edit, or an upscale (of a whole image: no mask, no region): both run the one path below.
AnyRequest = EditRequest | UpscaleRequest


@dataclass(frozen=True)
class JobSpec:
    """Everything one job needs, as one value: what to edit, where it goes, and with which key.
    The window's queue hands it to a worker thread whole; the CLI runs it directly. An
    upscale is a job too: its request is an UpscaleRequest and its `api` "upscale"."""

    request: AnyRequest
    provider: Provider
    api_key: str | None = field(default=None, repr=False)
    source_name: str | None = None  # the photo's file name, for the history
    # Which of the provider's APIs runs it (a key of apis.API_MODULES); None: the options'.
    api: str | None = None
    number: int | None = None  # the window's job number: the history records it as its id
    estimate: float | None = None  # USD, as shown before sending (prices.py); None: unknown
    # The history group it belongs to (a sweep's cell, a batch's photo, a prompt region) and
    # its place there, as JSON-able values (jobs/groups.py).
    group_id: int | None = None
    group_place: Mapping[str, Any] | None = None

    @property
    def images(self) -> int:
        """How many images the job asks for: the places it takes among images in flight."""
        return self.request.options.num_images


@dataclass(frozen=True)
class Sending:
    """What goes out for a request: the (possibly cropped) request, its region, the files."""

    request: AnyRequest
    region: Region | None
    upload: Upload


def sent_image(request: AnyRequest) -> tuple[AnyRequest, Region | None]:
    """The request as it goes out, unchecked: cut to the crop around its mask when the
    options ask for a region (with its plan), and in 8-bit sRGB. Describe sends this too."""
    region = request.options.region
    if region is None:
        return replace(request, image=request.shown(), display=None), None
    plan = plan_region(request.mask, margin=region.margin, feather=region.feather)
    image, mask = crop_for_sending(request.image, request.mask, plan)
    # Cropped and scaled first: only what is sent is converted to the API's sRGB.
    image = to_srgb8(image, request.info.icc_profile)
    return replace(request, image=image, mask=mask, display=None), plan


def prepare_sending(request: AnyRequest, api: EditApi) -> Sending:
    """Validate, crop to the region if the options ask for one, and encode as `api` wants it:
    what an edit sends, and what the mask preview shows (`api_for(provider)` gives `api`)."""
    request.validate()
    request, plan = sent_image(request)
    notes: list[str] = []
    if plan is not None:
        crop = plan.crop
        notes.append(
            translate(
                "Region",
                "Only a {width} × {height} region at ({x}, {y}) was edited "
                "and pasted back at full resolution, blended over {feather} px.",
            ).format(width=crop.width, height=crop.height, x=crop.x, y=crop.y, feather=plan.feather)
        )
    upload = api.prepare(request)  # type: ignore[arg-type]
    upload = replace(upload, notes=notes + list(upload.notes))
    return Sending(request, plan, upload)


def run_edit(
    request: AnyRequest,
    backend: Backend,
    store: ResultStore,
    *,
    cancel: CancelToken | None = None,
    progress: Progress = lambda message: None,
    on_saved: Callable[[ResultItem], None] = lambda item: None,
    recorder: Recorder | None = None,
    source_name: str | None = None,
    number: int | None = None,
    estimate: float | None = None,
    upscaler: RegionUpscaler | None = None,
    group_id: int | None = None,
    group_place: Mapping[str, Any] | None = None,
) -> tuple[Job, EditOutcome]:
    """Validate, upload, and save every result as it arrives (the sent mask beside them).
    With `upscaler`, a region's results that would be stretched are upscaled first.

    Raises RequestError before anything is sent, EditError if the edit failed, Cancelled.
    A run that saved nothing leaves no file behind.
    """
    cancel = cancel or CancelToken()
    sending = prepare_sending(request, backend.api)
    upload, plan = sending.upload, sending.region
    notes = list(upload.notes)
    warnings: list[str] = []
    job = Job(
        request,
        backend.name,
        backend.endpoint,
        upload.size,
        notes=notes,
        number=number,
        estimate=estimate,
        group_id=group_id,
        group_place=dict(group_place) if group_place is not None else None,
    )
    job.source_sha256 = request.source_sha256()
    job.region = plan.describe() if plan is not None else None
    if isinstance(request, UpscaleRequest) and request.parent is not None:
        job.parent_result = request.parent.result_id
    history = _Guarded(recorder, job)
    history.call(
        "job_started",
        painted_mask=request.mask,
        sent_mask_png=upload.mask_png if request.mask is not None else None,
        source_name=source_name,
    )

    def save(item: ResultItem) -> None:
        if item.status is not ItemStatus.READY:
            return
        if upscaler is not None and plan is not None and item.pixels is not None:
            item.pixels, problem = upscaler.sharpen(item.pixels, plan, item.index, cancel, progress)
            if problem is not None:  # pasted as it came: the edit is kept, the note says why
                warnings.append(problem)
                notes.append(problem)
            elif (said := upscaler.note()) and said not in notes:
                notes.append(said)
            notes.extend(n for n in upscaler.server_notes if n not in notes)
        try:
            if item.pixels is not None:
                item.pixels, kept_bytes = in_photo_terms(request, item.pixels, plan)
                if not kept_bytes:
                    item.data = None  # the saved file is made from these pixels
            if job.mask_path is None and upload.mask_png:  # an upscale sends no mask
                store.save_mask(job, upload.mask_png)
            store.save_item(job, item)
        except (OSError, MemoryError, ValueError, cv2.error) as error:
            # One image that cannot be written (a full disk, a folder gone) fails alone: the
            # others are still saved, and its URL stays in the history to fetch it again.
            log.warning("saving image %d of job %s failed", item.index + 1, job.id, exc_info=True)
            item.status, item.pixels, item.data, item.path = ItemStatus.FAILED, None, None, None
            item.error = _save_failure(error, store)
            return
        history.call("result_saved", item)
        try:
            on_saved(item)
        except Exception:  # the caller's own trouble (a closed pipe) must not stop the others
            log.warning("image %d was saved; its caller failed", item.index + 1, exc_info=True)

    try:
        if getattr(backend.api, "billed", True):
            # Cancelled while the upload was prepared: nothing left, nothing was billed.
            cancel.raise_if_cancelled()
            cancel.mark_billable()  # from here on a cancel may throw away what is paid for
        outcome = backend.edit(
            sending.request,
            upload,
            cancel=cancel,
            progress=progress,
            on_item=save,
            on_answer=lambda items: history.call("answer_received", items),
        )
    except BaseException as error:
        verdict = conclude(error=error, abandoned=cancel.abandoned)
        left = getattr(error, "unsaved", [])  # what the backend had and did not save
        job.billed = may_be_billed(error, sent=cancel.billable)
        history.call("job_ended", verdict.state.history, verdict.recorded_error, left)
        raise
    job.billed = may_be_billed(None, sent=cancel.billable)
    unsaved = [item for item in outcome.items if item.path is None]
    if not outcome.saved and job.mask_path is not None:  # nothing to sit beside: no orphan
        job.mask_path.unlink(missing_ok=True)
        job.mask_path = None
    outcome.warnings = warnings + outcome.warnings
    verdict = conclude(outcome)
    history.call("job_ended", verdict.state.history, verdict.recorded_error, unsaved)
    outcome.notes = notes + [note for note in outcome.notes if note not in notes]
    outcome.notes += history.problems
    return job, outcome


def run_job(
    spec: JobSpec,
    store: ResultStore,
    *,
    cancel: CancelToken | None = None,
    progress: Progress = lambda message: None,
    on_saved: Callable[[ResultItem], None] = lambda item: None,
    recorder: Recorder | None = None,
) -> tuple[Job, EditOutcome]:
    """`run_edit` for a job description: the backend its provider names, with its key (and
    an upscaler for a region edit that asks to upscale its results before blending)."""
    options = spec.request.options
    upscaler = None
    if (
        getattr(options, "upscale_region", False)
        and options.region is not None
        and spec.provider.kind is not ProviderKind.LOCAL
    ):
        upscaler = RegionUpscaler(spec.provider, spec.api_key)
    return run_edit(
        spec.request,
        make_backend(spec.provider, spec.api_key, spec.api or str(options.api)),
        store,
        cancel=cancel,
        progress=progress,
        on_saved=on_saved,
        recorder=recorder,
        source_name=spec.source_name,
        number=spec.number,
        estimate=spec.estimate,
        upscaler=upscaler,
        group_id=spec.group_id,
        group_place=spec.group_place,
    )


def in_photo_terms(
    request: AnyRequest, result: np.ndarray, plan: Region | None
) -> tuple[np.ndarray, bool]:
    """A result (8-bit sRGB, as the API returns it) in the photo's colour space and depth:
    composited into the photo for a region edit. True when the API's own file may be kept
    (a whole edit of an sRGB photo: its pixels are those of the returned file)."""
    profile, depth = request.info.icc_profile, request.image.dtype
    if plan is not None:
        rgb = result[:, :, :3] if result.ndim == 3 else np.dstack([result] * 3)
        converted = from_srgb8(np.ascontiguousarray(rgb), profile, depth)
        return composite(request.image, converted, request.mask, plan), False
    if is_srgb(profile) and depth == np.uint8:
        return result, True
    return from_srgb8(result, profile, depth), False


def _save_failure(error: BaseException, store: ResultStore) -> str:
    if isinstance(error, OSError) and error.errno in (errno.ENOSPC, errno.EDQUOT):
        return translate(
            "Jobs", "This image could not be saved: the disk holding {folder} is full."
        ).format(folder=store.folder)
    if isinstance(error, OSError):
        return translate("Jobs", "This image could not be saved in {folder} ({reason}).").format(
            folder=store.folder, reason=error.strerror or type(error).__name__
        )
    return translate("Jobs", "This image could not be made into the result to save.")


class _Guarded:
    """Calls the recorder, but a history that cannot be written never fails the edit itself:
    the results are on disk already; the user is told in a note."""

    def __init__(self, recorder: Recorder | None, job: Job) -> None:
        self.recorder, self.job = recorder, job
        self.problems: list[str] = []

    def call(self, name: str, *args: object, **kwargs: object) -> None:
        if self.recorder is None:
            return
        try:
            getattr(self.recorder, name)(self.job, *args, **kwargs)
        except Exception as error:  # sqlite3.Error, OSError, a full disk…
            if not self.problems:
                self.problems.append(
                    translate("Jobs", "The history could not record this job ({error}).").format(
                        error=error
                    )
                )
