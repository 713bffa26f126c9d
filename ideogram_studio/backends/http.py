"""What every remote API needs, whatever its fields: the POST with its retry rules, cancelling,
limits on time and size, fetching result images, and hiding the key.

The traps it guards against: a retried POST can bill twice, so only answers that say the work
did not run (429, 503) and connections that never opened are retried; result URLs expire, so
every image is downloaded at once, each on its own (downloads.py).
"""

from __future__ import annotations

import json
import logging
import math
import random
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import numpy as np
import requests
import urllib3.exceptions

from ideogram_studio.backends.answers import (
    TRANSPORT_ERRORS,
    certificate_failed,
    endpoint_notes,
    http_error,
    maybe_billed,
    never_sent,
    not_offered,
    remember,
    retry_after,
    text_or_none,
    unsent_sentence,
)
from ideogram_studio.backends.downloads import (
    MAX_DOWNLOAD_BYTES,
    MAX_RESULT_PIXELS,
    DownloadLimits,
    fetch_image,
)
from ideogram_studio.backends.outcome import CancelToken, EditError, Progress
from ideogram_studio.backends.providers import (
    Provider,
    ProviderKind,
    check_base_url,
    clean_key,
    host_of,
    public_endpoint,
)
from ideogram_studio.backends.request import FilePart
from ideogram_studio.backends.streaming import (
    Timeouts,
    TooLarge,
    TooSlow,
    cancellable,
    open_session,
    read_body,
    size_text,
)
from ideogram_studio.errors import redact
from ideogram_studio.i18n import translate
from ideogram_studio.logs import hide

__all__ = [
    "DEFAULT_RETRY",
    "DEFAULT_TIMEOUTS",
    "MAX_ANSWER_BYTES",
    "MAX_DOWNLOAD_BYTES",
    "MAX_RESULT_PIXELS",
    "Multipart",
    "RetryPolicy",
    "Timeouts",
    "Transport",
    "open_session",
    "text_or_none",
    "without_query",
]

log = logging.getLogger(__name__)

# An edit's JSON answer is a few kilobytes; anything near this is not Ideogram talking.
MAX_ANSWER_BYTES = 2_000_000


@dataclass(frozen=True)
class RetryPolicy:
    attempts: int = 4  # the first try included
    base_delay: float = 1.0
    max_delay: float = 20.0  # of our own backoff
    max_total_wait: float = 180.0
    max_server_delay: float = 120.0  # a server's Retry-After is honoured up to this


DEFAULT_TIMEOUTS = Timeouts()
DEFAULT_RETRY = RetryPolicy()


@dataclass(frozen=True)
class Multipart:
    """A multipart/form-data body as an API module builds it: text fields and files
    (field name -> (file name, bytes, content type)). A field sent several times (3.0's
    `style_codes`, `style_reference_images`) is given as a list of (name, value) pairs."""

    fields: Mapping[str, str] | Sequence[tuple[str, str]]
    files: Mapping[str, FilePart] | Sequence[tuple[str, FilePart]] = field(default_factory=dict)


@dataclass(frozen=True)
class _Answer:
    status: int
    headers: Mapping[str, str]
    body: bytes


class Transport:
    """One provider's connection rules and key, shared by every API sent to it.

    The key is cleaned (clean_key) and the base URL checked here, so that a bad key or a
    plain http:// address elsewhere is refused with a sentence before anything is sent.
    """

    def __init__(
        self,
        provider: Provider,
        api_key: str,
        *,
        timeouts: Timeouts = DEFAULT_TIMEOUTS,
        retry: RetryPolicy = DEFAULT_RETRY,
        max_download_bytes: int = MAX_DOWNLOAD_BYTES,
        max_result_pixels: int = MAX_RESULT_PIXELS,
    ) -> None:
        check_base_url(provider.base_url)
        self.provider = provider
        self._api_key = clean_key(api_key)
        hide(self._api_key)  # whatever a server or library echoes, the log never shows it
        self.timeouts = timeouts
        self.retry = retry
        self.max_download_bytes = max_download_bytes
        self.limits = DownloadLimits(timeouts, max_download_bytes, max_result_pixels)
        # Who answers, in error sentences: Ideogram itself, or the relay or server in between.
        host = host_of(provider.base_url)
        if provider.kind is ProviderKind.IDEOGRAM:
            self._speaker: str | None = None
        elif provider.kind is ProviderKind.RELAY:
            self._speaker = translate("Ideogram", "The relay at {host}").format(host=host)
        else:
            self._speaker = translate("Ideogram", "The server at {host}").format(host=host)

    def __repr__(self) -> str:  # never show the key
        return f"Transport({host_of(self.provider.base_url)!r})"

    def open_session(self) -> requests.Session:
        return open_session()

    def post(
        self,
        session: requests.Session,
        url: str,
        multipart: Multipart,
        *,
        model: str,
        cancel: CancelToken,
        progress: Progress,
        api_name: str | None = None,
        notes: list[str] | None = None,
    ) -> dict[str, Any]:
        """POST the form and return the JSON object of a 200 answer, else raise EditError.

        Retried only when the server said the work did not run (429, 503) or the request
        never left: anything else may have been billed. `model` names what a 403 refused;
        `api_name` ("Ideogram 3.0") what a 404 or 405 says this provider does not offer at
        this path. What a 200 answer says of its endpoint (deprecated, a notice) is added to
        `notes`, once per endpoint in this process (without `notes`, it is only logged).
        """
        return self._redacted(
            lambda: self._post(session, url, multipart, model, cancel, progress, api_name, notes)
        )

    def _post(
        self,
        session: requests.Session,
        url: str,
        multipart: Multipart,
        model: str,
        cancel: CancelToken,
        progress: Progress,
        api_name: str | None,
        notes: list[str] | None,
    ) -> dict[str, Any]:
        headers = {**self.provider.auth_headers(self._api_key), "Accept": "application/json"}
        waited = 0.0
        for attempt in range(1, self.retry.attempts + 1):
            cancel.raise_if_cancelled()
            deadline = time.monotonic() + self.timeouts.total

            def send(deadline: float = deadline) -> _Answer:
                with session.post(
                    url,
                    data=multipart.fields,
                    files=multipart.files,
                    headers=headers,
                    timeout=(self.timeouts.connect, self.timeouts.read),
                    allow_redirects=False,  # a redirected POST would be re-sent as GET
                    stream=True,  # read within the deadline and the size cap below
                ) as response:
                    body = read_body(response, MAX_ANSWER_BYTES, deadline, cancel)
                    return _Answer(response.status_code, response.headers, body)

            try:
                answer = cancellable(send, cancel, deadline)
            except TooSlow:
                raise EditError(self._no_answer(self.timeouts.total)) from None
            except TooLarge:
                raise EditError(
                    translate(
                        "Ideogram",
                        "The server's answer is larger than {size}, far more than an edit's "
                        "answer: check the base URL.",
                    ).format(size=size_text(MAX_ANSWER_BYTES))
                ) from None
            except (requests.ReadTimeout, urllib3.exceptions.ReadTimeoutError) as error:
                log.info("the edit's answer timed out: %r", error)
                raise EditError(self._no_answer(self.timeouts.read)) from None
            except TRANSPORT_ERRORS as error:
                log.info("the edit's request failed: %r", error)
                if not never_sent(error):
                    if isinstance(error, requests.RequestException) and not isinstance(
                        error, _MAYBE_SENT
                    ):  # refused by requests itself (a bad URL or header): nothing left
                        raise EditError(
                            translate(
                                "Ideogram",
                                "The request could not be sent: check the base URL and the path.",
                            ),
                            not_run=True,
                        ) from None
                    raise maybe_billed() from None
                delay = self._backoff(attempt)
                last = attempt == self.retry.attempts or waited + delay > self.retry.max_total_wait
                if last or certificate_failed(error):  # a certificate does not mend by waiting
                    raise EditError(unsent_sentence(error, host_of(url)), not_run=True) from None
            else:
                if answer.status == 200:
                    body = self.json(answer.body, answer.status)
                    said = endpoint_notes(url, answer.headers, body, self._speaker)
                    if notes is not None:
                        notes += [redact(note, self._api_key) for note in remember(url, said)]
                    return body
                if answer.status in (404, 405):  # the path, not the edit: nothing ran
                    raise not_offered(answer.status, api_name, public_endpoint(url), answer.body)
                if answer.status not in (429, 503):
                    raise http_error(
                        answer.status, answer.headers, answer.body, model, self._speaker
                    )
                told = retry_after(answer.headers)
                if told is not None and told > self.retry.max_server_delay:
                    raise EditError(self._busy_for(told), not_run=True) from None
                delay = told if told is not None else self._backoff(attempt)
                if attempt == self.retry.attempts:
                    raise http_error(
                        answer.status, answer.headers, answer.body, model, self._speaker
                    )
                if waited + delay > self.retry.max_total_wait:
                    raise EditError(self._busy_for(delay), not_run=True)
                progress(
                    translate("Ideogram", "Ideogram is busy; trying again in {delay:.0f} s").format(
                        delay=delay
                    )
                )
            cancel.sleep(delay)
            waited += delay
        raise AssertionError("unreachable")  # pragma: no cover

    @staticmethod
    def _no_answer(seconds: float) -> str:
        return translate(
            "Ideogram",
            "Ideogram did not answer within {seconds:.0f} seconds; the "
            "edit may still have run and been billed, so it is not sent "
            "again.",
        ).format(seconds=seconds)

    @staticmethod
    def _busy_for(seconds: float) -> str:
        return translate("Ideogram", "Ideogram is busy: try again in {seconds} s.").format(
            seconds=math.ceil(seconds)
        )

    def _backoff(self, attempt: int) -> float:
        """Exponential with full jitter, capped."""
        ceiling = min(self.retry.max_delay, self.retry.base_delay * 2 ** (attempt - 1))
        return random.uniform(ceiling / 2, ceiling)

    def json(self, body: bytes, status: int = 200) -> dict[str, Any]:
        try:
            parsed = json.loads(body.decode("utf-8"))
        except (ValueError, RecursionError):  # UnicodeDecodeError included; absurdly deep JSON
            log.info("a 200 answer that is not JSON: %r", body[:4000])
            raise EditError(
                translate(
                    "Ideogram",
                    "The server answered with something that is not JSON "
                    "(perhaps a web page): "
                    "check the base URL and path.",
                ),
                status=status,
            ) from None
        if not isinstance(parsed, dict):
            raise EditError(
                translate("Ideogram", "The server's answer is not the JSON object Ideogram sends."),
                status=200,
            )
        return parsed

    def _redacted(self, call: Any) -> Any:
        try:
            return call()
        except EditError as error:
            raise self.redact(error) from None

    def redact(self, error: EditError) -> EditError:
        """No message may carry the key, whatever a server or library echoes back."""
        key = self._api_key
        if key and (key in str(error) or key in (error.server_error or "")):
            redacted = EditError(
                redact(str(error), key),
                error.kind,
                status=error.status,
                reject_reason=error.reject_reason,
                not_run=error.not_run,
            )
            redacted.server_error = redact(error.server_error or "", key) or None
            return redacted
        return error

    def fetch_image(
        self, session: requests.Session, url: str, cancel: CancelToken
    ) -> tuple[bytes, np.ndarray]:
        """Download one result and decode it with every check (downloads.fetch_image): for
        an answer's items, and for fetching a result again later from its URL."""
        try:
            return fetch_image(session, url, cancel, self.limits)
        except EditError as error:
            raise self.redact(error) from None

    def download(self, session: requests.Session, url: str, cancel: CancelToken) -> bytes:
        return self.fetch_image(session, url, cancel)[0]


# Failures once the request may have left: it may have run and been billed.
_MAYBE_SENT = (
    requests.ConnectionError,
    requests.exceptions.ChunkedEncodingError,
    requests.exceptions.ContentDecodingError,
    requests.Timeout,
)


def without_query(url: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, parts.path, "", ""))
