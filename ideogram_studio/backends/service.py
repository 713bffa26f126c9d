"""One edit from request to saved files: the single path shared by the CLI and the window."""

from __future__ import annotations

from collections.abc import Callable

from ideogram_studio.backends.ideogram import IdeogramBackend
from ideogram_studio.backends.local import PROMPT_NOTE, LocalBackend
from ideogram_studio.backends.outcome import (
    Backend,
    CancelToken,
    EditOutcome,
    ItemStatus,
    Progress,
    ResultItem,
)
from ideogram_studio.backends.providers import Provider, ProviderKind
from ideogram_studio.backends.request import EditRequest, Upload, prepare_upload
from ideogram_studio.backends.storage import Job, ResultStore
from ideogram_studio.core.maskfile import encode_upload_mask


def make_backend(provider: Provider, api_key: str | None) -> Backend:
    if provider.kind is ProviderKind.LOCAL:
        return LocalBackend()
    assert api_key, "resolve_provider() insists on a key for remote providers"
    return IdeogramBackend(provider, api_key)


def upload_for(request: EditRequest, *, local: bool) -> Upload:
    """The files an edit would send (validated first): what the mask preview shows."""
    if local:
        request.validate()  # nothing is uploaded: skip encoding the photo
        height, width = request.image.shape[:2]
        return Upload(b"", "", "", encode_upload_mask(request.mask), (width, height), [PROMPT_NOTE])
    return prepare_upload(request)


def run_edit(
    request: EditRequest,
    backend: Backend,
    store: ResultStore,
    *,
    cancel: CancelToken | None = None,
    progress: Progress = lambda message: None,
    on_saved: Callable[[ResultItem], None] = lambda item: None,
) -> tuple[Job, EditOutcome]:
    """Validate, upload, and save every result as it arrives (the sent mask beside them).

    Raises RequestError before anything is sent, EditError if the edit failed, Cancelled.
    A run that saved nothing leaves no file behind.
    """
    cancel = cancel or CancelToken()
    upload = upload_for(request, local=isinstance(backend, LocalBackend))
    notes = list(upload.notes)
    job = Job(request, backend.name, backend.endpoint, upload.size, notes=notes)
    job.source_sha256 = request.source_sha256()

    def save(item: ResultItem) -> None:
        if item.status is not ItemStatus.READY:
            return
        if job.mask_path is None:
            store.save_mask(job, upload.mask_png)
        store.save_item(job, item)
        on_saved(item)

    outcome = backend.edit(request, upload, cancel=cancel, progress=progress, on_item=save)
    outcome.notes = notes + [note for note in outcome.notes if note not in notes]
    return job, outcome
