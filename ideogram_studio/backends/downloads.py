"""Fetching one result image: GET its URL (redirects followed, bytes, time and pixels capped),
check and decode it. Each item of an answer is fetched on its own, so one bad item never
loses the others; `fetch_image` is also how a result is fetched again later from its URL.
"""

from __future__ import annotations

import io
import logging
import time
import warnings
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import parse_qs, urlsplit

import numpy as np
import requests
from PIL import Image

from ideogram_studio.backends.answers import TRANSPORT_ERRORS, never_sent, unsent_sentence
from ideogram_studio.backends.outcome import CancelToken, EditError, ErrorKind
from ideogram_studio.backends.providers import host_of
from ideogram_studio.backends.streaming import (
    Timeouts,
    TooLarge,
    TooSlow,
    cancellable,
    read_body,
    size_text,
)
from ideogram_studio.core.imageio import load_image
from ideogram_studio.errors import ImageLoadError
from ideogram_studio.i18n import translate

log = logging.getLogger(__name__)

MAX_DOWNLOAD_BYTES = 50_000_000
# Ideogram returns about 1 megapixel; a result far larger is a decompression bomb.
MAX_RESULT_PIXELS = 16_000_000
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@dataclass(frozen=True)
class DownloadLimits:
    timeouts: Timeouts = Timeouts()
    max_bytes: int = MAX_DOWNLOAD_BYTES
    max_pixels: int = MAX_RESULT_PIXELS


DEFAULT_LIMITS = DownloadLimits()


def is_web_address(url: object) -> bool:
    if not isinstance(url, str):
        return False
    parts = urlsplit(url)
    return parts.scheme.lower() in ("http", "https") and bool(parts.netloc)


def url_expiry(url: str) -> str | None:
    """When a signed result URL stops working (its `exp=<unix time>`), ISO 8601 in UTC."""
    try:
        value = parse_qs(urlsplit(url).query).get("exp", [None])[0]
        if value is None:
            return None
        when = datetime.fromtimestamp(int(value), UTC)
    except (ValueError, OverflowError, OSError):
        return None
    return when.strftime("%Y-%m-%dT%H:%M:%SZ")


def fetch_image(
    session: requests.Session,
    url: str,
    cancel: CancelToken,
    limits: DownloadLimits = DEFAULT_LIMITS,
) -> tuple[bytes, np.ndarray]:
    """Download `url` and decode it with every check: (the file's bytes, its pixels), or
    EditError with one sentence. A server failure, a broken connection or a file cut off is
    tried once more: a GET is safe to repeat."""
    if not is_web_address(url):
        raise EditError(
            translate(
                "Ideogram",
                "The result's address is not a web address, so it could not be downloaded.",
            )
        )
    for attempt in (1, 2):
        try:
            data = _download(session, url, cancel, limits)
            return data, decode_result(data, limits.max_pixels)
        except _Retryable as failure:
            if attempt == 2:
                raise EditError(failure.sentence) from None
    raise AssertionError("unreachable")  # pragma: no cover


class _Retryable(Exception):
    def __init__(self, sentence: str) -> None:
        super().__init__(sentence)
        self.sentence = sentence


def decode_result(data: bytes, max_pixels: int = MAX_RESULT_PIXELS) -> np.ndarray:
    """The pixels of a downloaded result, or EditError (_Retryable for a PNG cut off)."""
    if data.startswith(PNG_SIGNATURE) and b"IEND" not in data[-32:]:
        raise _Retryable(
            translate("Ideogram", "The downloaded result is incomplete: the file is cut off.")
        )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                width, height = image.size
    except Exception:  # noqa: BLE001 - load_image below gives the sentence
        width = height = 0
    if width * height > max_pixels:
        raise EditError(
            translate(
                "Ideogram",
                "The result is {width} × {height} pixels, more than the {limit} megapixels a "
                "result may have; it was not kept.",
            ).format(width=f"{width:,}", height=f"{height:,}", limit=max_pixels // 1_000_000)
        )
    try:
        return load_image(data, max_pixels=max_pixels)
    except ImageLoadError as error:
        log.info("a downloaded result could not be decoded: %s", error)
        raise EditError(
            translate("Ideogram", "The downloaded result is not a readable image.")
        ) from None


def _download(
    session: requests.Session, url: str, cancel: CancelToken, limits: DownloadLimits
) -> bytes:
    """One GET of a result within the limits; _Retryable when another try may work."""
    timeouts = limits.timeouts
    deadline = time.monotonic() + timeouts.download_total
    try:
        return cancellable(lambda: _get(session, url, cancel, limits, deadline), cancel, deadline)
    except TooSlow:
        raise EditError(
            translate(
                "Ideogram", "The result did not download within {seconds:.0f} seconds."
            ).format(seconds=timeouts.download_total)
        ) from None
    except TooLarge:
        raise EditError(
            translate("Ideogram", "The result is larger than {size}; it was not kept.").format(
                size=size_text(limits.max_bytes)
            )
        ) from None
    except requests.TooManyRedirects:
        raise EditError(
            translate("Ideogram", "The result's link redirected too many times.")
        ) from None
    except (requests.exceptions.InvalidSchema, requests.exceptions.MissingSchema) as error:
        log.info("a result's redirect led nowhere usable: %s", error)
        raise EditError(
            translate(
                "Ideogram",
                "The result's link led to something that is not a web address (http or https).",
            )
        ) from None
    except TRANSPORT_ERRORS as error:
        log.info("downloading a result failed: %r", error)
        if never_sent(error):
            raise _Retryable(unsent_sentence(error, host_of(url))) from None
        raise _Retryable(
            translate("Ideogram", "The connection broke while downloading the result.")
        ) from None


def _get(
    session: requests.Session,
    url: str,
    cancel: CancelToken,
    limits: DownloadLimits,
    deadline: float,
) -> bytes:
    timeouts = limits.timeouts
    with session.get(
        url, stream=True, timeout=(timeouts.connect, timeouts.download_read)
    ) as response:
        status = response.status_code
        if status in (401, 403, 404, 410):
            raise EditError(
                translate(
                    "Ideogram",
                    "The result's link had expired or was refused before it "
                    "could be downloaded (HTTP {status}).",
                ).format(status=status),
                ErrorKind.REFUSED,
                status=status,
            )
        if status >= 500:
            raise _Retryable(
                translate(
                    "Ideogram", "The result could not be downloaded (the server kept failing)."
                )
            )
        if status != 200:
            raise EditError(
                translate("Ideogram", "The result could not be downloaded (HTTP {status}).").format(
                    status=status
                ),
                status=status,
            )
        return read_body(response, limits.max_bytes, deadline, cancel)
