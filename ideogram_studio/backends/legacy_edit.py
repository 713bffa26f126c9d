"""Ideogram's legacy edit API (`POST /edit`, a relay's `/ideogram/edit`) as one module: what it
uploads (`image_file`, `mask` black = edit, flat text fields) and how its answer reads
(`data[]`, one entry per image). Sending, retrying and downloading are the transport's.

Unsafe items come back without a URL and are kept as withheld, not treated as a failure of
the whole edit. A newer API that answers the same way subclasses `LegacyEditApi` and changes
its upload (`prepare`, `multipart`) and its `title`, as ideogram_v3.py does (see apis.py for
registering it).
"""

from __future__ import annotations

import contextlib
import logging
from typing import Any

import requests

from ideogram_studio.backends.downloads import url_expiry
from ideogram_studio.backends.http import (
    DEFAULT_RETRY,
    DEFAULT_TIMEOUTS,
    MAX_DOWNLOAD_BYTES,
    MAX_RESULT_PIXELS,
    Multipart,
    RetryPolicy,
    Timeouts,
    Transport,
    text_or_none,
    without_query,
)
from ideogram_studio.backends.options import EditApiId, api_title
from ideogram_studio.backends.outcome import (
    Backend,
    Cancelled,
    CancelToken,
    EditError,
    EditOutcome,
    ItemStatus,
    OnAnswer,
    OnItem,
    Progress,
    ResultItem,
)
from ideogram_studio.backends.providers import Provider, host_of, public_endpoint
from ideogram_studio.backends.request import EditOptions, EditRequest, Upload, prepare_upload
from ideogram_studio.i18n import translate

log = logging.getLogger(__name__)

ID = "edit"


def form_fields(options: EditOptions) -> dict[str, str]:
    """The text parts of the multipart body; options left unset are omitted, never empty."""
    fields = {"prompt": options.prompt.strip(), "model": str(options.model)}
    if options.magic_prompt is not None:
        fields["magic_prompt_option"] = str(options.magic_prompt)
    if options.seed is not None:
        fields["seed"] = str(options.seed)
    if options.style_type is not None:
        fields["style_type"] = str(options.style_type)
    if options.num_images != 1:
        fields["num_images"] = str(options.num_images)
    return fields


class LegacyEditApi:
    """The module's face for the registry: its id, its upload, and its backend."""

    id = ID

    @property
    def title(self) -> str:
        """The API's name in sentences ("this provider does not offer … at this path")."""
        return api_title(EditApiId.LEGACY)

    def refused_model(self, options: EditOptions) -> str:
        """What a 403 says the key may not use."""
        return str(options.model)

    def prepare(self, request: EditRequest) -> Upload:
        # The photo as PNG (or JPEG) under 10 MB; the mask black = edit, as this API wants it.
        return prepare_upload(request)

    def multipart(self, request: EditRequest, upload: Upload) -> Multipart:
        return Multipart(
            form_fields(request.options),
            {
                "image_file": (upload.image_name, upload.image_bytes, upload.image_type),
                "mask": ("mask.png", upload.mask_png, "image/png"),
            },
        )

    def backend(self, provider: Provider, api_key: str | None, **transport: Any) -> Backend:
        assert api_key, "resolve_provider() insists on a key for remote providers"
        return LegacyEditBackend(provider, api_key, api=self, **transport)


API = LegacyEditApi()


class LegacyEditBackend:
    """Sends one edit through the transport and downloads every image of the answer."""

    def __init__(
        self,
        provider: Provider,
        api_key: str,
        *,
        api: LegacyEditApi = API,
        timeouts: Timeouts = DEFAULT_TIMEOUTS,
        retry: RetryPolicy = DEFAULT_RETRY,
        max_download_bytes: int = MAX_DOWNLOAD_BYTES,
        max_result_pixels: int = MAX_RESULT_PIXELS,
    ) -> None:
        self.api = api
        self.provider = provider
        self.name = provider.kind.value
        self._url = provider.endpoint_for(api.id)  # as sent: may carry user info or a query
        # What jobs, files and the history record: never a password or a token.
        self.endpoint = public_endpoint(self._url)
        self.transport = Transport(
            provider,
            api_key,
            timeouts=timeouts,
            retry=retry,
            max_download_bytes=max_download_bytes,
            max_result_pixels=max_result_pixels,
        )

    @property
    def timeouts(self) -> Timeouts:
        return self.transport.timeouts

    def __repr__(self) -> str:  # never show the key
        return f"{type(self).__name__}({self.endpoint!r})"

    def edit(
        self,
        request: EditRequest,
        upload: Upload,
        *,
        cancel: CancelToken,
        progress: Progress,
        on_item: OnItem,
        on_answer: OnAnswer = lambda items: None,
    ) -> EditOutcome:
        session = self.transport.open_session()
        try:
            notes: list[str] = []  # what the server says of its endpoint (deprecated…)
            body = self._send(session, request, upload, cancel, progress, notes)
            outcome = EditOutcome(
                self.name, self.endpoint, created=text_or_none(body.get("created")), notes=notes
            )
            data = body.get("data")
            if not isinstance(data, list):
                raise EditError(
                    translate(
                        "Ideogram",
                        "The server's answer has no list of images; the base URL may "
                        "not point "
                        "at an Ideogram edit endpoint.",
                    ),
                    status=200,
                )
            on_answer([_stopped(i, e, pending=True) for i, e in enumerate(data)])
            for index, entry in enumerate(data):
                try:
                    cancel.raise_if_cancelled()
                    progress(
                        translate("Ideogram", "Downloading image {number} of {count}").format(
                            number=index + 1, count=len(data)
                        )
                    )
                    item = self._result(session, index, entry, cancel)
                    outcome.items.append(item)
                    on_item(item)
                except BaseException as stopped:  # a cancel, Ctrl+C, a bug while saving…
                    # Paid for and not saved: the history keeps their links (Fetch again).
                    taken = len(outcome.items)
                    left = [item for item in outcome.items if item.path is None]
                    left += [_stopped(i, e) for i, e in enumerate(data) if i >= taken]
                    with contextlib.suppress(AttributeError):
                        stopped.unsaved = left  # type: ignore[attr-defined]
                    raise
            return outcome
        finally:
            session.close()

    def _send(
        self,
        session: requests.Session,
        request: EditRequest,
        upload: Upload,
        cancel: CancelToken,
        progress: Progress,
        notes: list[str],
    ) -> dict[str, Any]:
        """POST the request and return the answer's JSON (what the server says of its
        endpoint goes to `notes`): what an API that answers as the edit does (Upscale) but
        says other things while sending overrides."""
        progress(
            translate("Ideogram", "Sending the edit to {host}").format(host=host_of(self.endpoint))
        )
        return self.transport.post(
            session,
            self._url,
            self.api.multipart(request, upload),
            model=self.api.refused_model(request.options),
            cancel=cancel,
            progress=progress,
            api_name=self.api.title,
            notes=notes,
        )

    def _result(
        self, session: requests.Session, index: int, entry: object, cancel: CancelToken
    ) -> ResultItem:
        """One entry of the answer as an item: fetched, checked and decoded on its own, so
        that whatever is wrong with it, the others are still fetched and saved."""
        item, url = _parsed(index, entry)
        if item.status is not ItemStatus.READY or url is None:
            return item
        try:
            item.data, item.pixels = self.transport.fetch_image(session, url, cancel)
        except Cancelled:
            raise
        except EditError as error:
            item.status, item.error = ItemStatus.FAILED, error.message
        except Exception:  # a fault in one item must not lose the others
            log.exception("result %d could not be fetched", index + 1)
            item.status = ItemStatus.FAILED
            item.error = translate("Ideogram", "The downloaded result is not a readable image.")
        return item


def _parsed(index: int, entry: object) -> tuple[ResultItem, str | None]:
    """What the answer says of one image, and the URL to fetch it from (None: nothing to
    fetch: withheld, or no image at all)."""
    if not isinstance(entry, dict):
        return _not_returned(index, {}), None
    url = entry.get("url")
    item = ResultItem(
        index=index,
        status=ItemStatus.READY,
        seed=entry.get("seed") if isinstance(entry.get("seed"), int) else None,
        prompt=text_or_none(entry.get("prompt")),
        resolution=text_or_none(entry.get("resolution")),
        style_type=text_or_none(entry.get("style_type")),
        returned={k: v for k, v in entry.items() if k != "url"},
    )
    if isinstance(url, str) and url:
        # The file's metadata keeps the address without its signature (no use once expired);
        # the item keeps it whole, to fetch the image again while it lasts.
        item.returned["url"] = without_query(url)
        item.url, item.expires = url, url_expiry(url)
    if entry.get("is_image_safe") is False:
        item.status = ItemStatus.WITHHELD
        item.error = translate("Ideogram", "Withheld by Ideogram's safety filter (still billed).")
        return item, None
    if not isinstance(url, str) or not url:
        return _not_returned(index, item.returned, item), None
    return item, url


def _stopped(index: int, entry: object, *, pending: bool = False) -> ResultItem:
    """An image not fetched (yet): failed, with its link kept, to fetch it again."""
    item, url = _parsed(index, entry)
    if url is not None:
        item.status = ItemStatus.FAILED
        item.error = (
            translate("Ideogram", "Not downloaded yet.")
            if pending
            else translate(
                "Ideogram", "Not downloaded: the edit was stopped before this image came."
            )
        )
    return item


def _not_returned(
    index: int, returned: dict[str, Any], item: ResultItem | None = None
) -> ResultItem:
    item = item or ResultItem(index=index, status=ItemStatus.NOT_RETURNED, returned=returned)
    item.status = ItemStatus.NOT_RETURNED
    item.error = translate("Ideogram", "The answer had no image for this entry.")
    return item
