"""What every remote API needs, whatever its fields: the POST with its retry rules, cancelling,
timeouts, downloading result URLs, turning HTTP answers into sentences, and hiding the key.

The traps it guards against: a retried POST can bill twice, so only answers that say the work
did not run (429, 503) and connections that never opened are retried; result URLs expire, so
every image is downloaded at once.
"""

from __future__ import annotations

import email.utils
import random
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar
from urllib.parse import urlsplit, urlunsplit

import requests

from ideogram_studio import __version__
from ideogram_studio.backends.outcome import CancelToken, EditError, ErrorKind, Progress
from ideogram_studio.backends.providers import Provider
from ideogram_studio.errors import redact
from ideogram_studio.i18n import translate

T = TypeVar("T")


@dataclass(frozen=True)
class RetryPolicy:
    attempts: int = 4  # the first try included
    base_delay: float = 1.0
    max_delay: float = 20.0
    max_total_wait: float = 60.0


@dataclass(frozen=True)
class Timeouts:
    connect: float = 10.0
    read: float = 150.0  # edits are synchronous; open-source clients wait 120 s
    download_read: float = 60.0


MAX_DOWNLOAD_BYTES = 50_000_000
DEFAULT_TIMEOUTS = Timeouts()
DEFAULT_RETRY = RetryPolicy()


@dataclass(frozen=True)
class Multipart:
    """A multipart/form-data body as an API module builds it: text fields and files
    (field name -> (file name, bytes, content type))."""

    fields: Mapping[str, str]
    files: Mapping[str, tuple[str, bytes, str]] = field(default_factory=dict)


class Transport:
    """One provider's connection rules and key, shared by every API sent to it."""

    def __init__(
        self,
        provider: Provider,
        api_key: str,
        *,
        timeouts: Timeouts = DEFAULT_TIMEOUTS,
        retry: RetryPolicy = DEFAULT_RETRY,
        max_download_bytes: int = MAX_DOWNLOAD_BYTES,
    ) -> None:
        self.provider = provider
        self._api_key = api_key
        self.timeouts = timeouts
        self.retry = retry
        self.max_download_bytes = max_download_bytes

    def __repr__(self) -> str:  # never show the key
        return f"Transport({self.provider.base_url!r})"

    def open_session(self) -> requests.Session:
        session = requests.Session()
        session.headers["User-Agent"] = f"ideogram-studio/{__version__}"
        return session

    def post(
        self,
        session: requests.Session,
        url: str,
        multipart: Multipart,
        *,
        model: str,
        cancel: CancelToken,
        progress: Progress,
    ) -> dict[str, Any]:
        """POST the form and return the JSON object of a 200 answer, else raise EditError.

        Retried only when the server said the work did not run (429, 503) or the connection
        never opened: anything else may have been billed. `model` names what a 403 refused.
        """
        headers = {**self.provider.auth_headers(self._api_key), "Accept": "application/json"}
        waited = 0.0
        for attempt in range(1, self.retry.attempts + 1):
            cancel.raise_if_cancelled()
            try:
                response = _cancellable(
                    lambda: session.post(
                        url,
                        data=multipart.fields,
                        files=multipart.files,
                        headers=headers,
                        timeout=(self.timeouts.connect, self.timeouts.read),
                        allow_redirects=False,  # a redirected POST would be re-sent as GET
                    ),
                    cancel,
                )
            except requests.ConnectionError as error:
                if not _never_sent(error):
                    raise self.redact(
                        EditError(
                            translate(
                                "Ideogram",
                                "The connection broke while Ideogram was working on the "
                                "edit; it "
                                "may have run and been billed, so it is not sent again: check your "
                                "results before trying once more.",
                            )
                        )
                    ) from None
                delay = self._backoff(attempt)
                if attempt == self.retry.attempts or waited + delay > self.retry.max_total_wait:
                    raise EditError(
                        translate(
                            "Ideogram",
                            "Cannot connect to {host}: check the internet connection and "
                            "the base URL.",
                        ).format(host=urlsplit(url).netloc)
                    ) from None
            except requests.Timeout:
                raise EditError(
                    translate(
                        "Ideogram",
                        "Ideogram did not answer within {seconds:.0f} seconds; the "
                        "edit may still have run and been billed, so it is not sent "
                        "again.",
                    ).format(seconds=self.timeouts.read)
                ) from None
            except requests.RequestException as error:
                raise self.redact(
                    EditError(
                        translate("Ideogram", "The request could not be sent: {error}.").format(
                            error=error
                        )
                    )
                ) from None
            else:
                if response.status_code == 200:
                    return self.json(response)
                if response.status_code not in (429, 503):
                    raise self.redact(http_error(response, model))
                delay = _retry_after(response) or self._backoff(attempt)
                delay = min(delay, self.retry.max_delay)
                if attempt == self.retry.attempts or waited + delay > self.retry.max_total_wait:
                    raise self.redact(http_error(response, model))
                progress(
                    translate("Ideogram", "Ideogram is busy; trying again in {delay:.0f} s").format(
                        delay=delay
                    )
                )
            cancel.sleep(delay)
            waited += delay
        raise AssertionError("unreachable")  # pragma: no cover

    def _backoff(self, attempt: int) -> float:
        """Exponential with full jitter, capped."""
        ceiling = min(self.retry.max_delay, self.retry.base_delay * 2 ** (attempt - 1))
        return random.uniform(ceiling / 2, ceiling)

    def json(self, response: requests.Response) -> dict[str, Any]:
        try:
            body = response.json()
        except ValueError:
            raise EditError(
                translate(
                    "Ideogram",
                    "The server answered with something that is not JSON "
                    "(perhaps a web page): "
                    "check the base URL and path.",
                ),
                status=response.status_code,
            ) from None
        if not isinstance(body, dict):
            raise EditError(
                translate("Ideogram", "The server's answer is not the JSON object Ideogram sends."),
                status=200,
            )
        return body

    def redact(self, error: EditError) -> EditError:
        """No message may carry the key, whatever a server or library echoes back."""
        if self._api_key and self._api_key in str(error):
            redacted = EditError(
                redact(str(error), self._api_key),
                error.kind,
                status=error.status,
                reject_reason=error.reject_reason,
            )
            redacted.server_error = redact(error.server_error or "", self._api_key)
            return redacted
        return error

    def download(self, session: requests.Session, url: str, cancel: CancelToken) -> bytes:
        """GET a result (redirects followed, size capped); retried once: GET is safe to repeat."""
        for attempt in (1, 2):
            try:
                with session.get(
                    url, stream=True, timeout=(self.timeouts.connect, self.timeouts.download_read)
                ) as response:
                    if response.status_code in (401, 403, 404, 410):
                        raise EditError(
                            translate(
                                "Ideogram",
                                "The result's link had expired or was refused before it "
                                "could be downloaded (HTTP {status}).",
                            ).format(status=response.status_code),
                            ErrorKind.REFUSED,
                            status=response.status_code,
                        )
                    if response.status_code >= 500 and attempt == 1:
                        continue
                    if response.status_code != 200:
                        raise EditError(
                            translate(
                                "Ideogram", "The result could not be downloaded (HTTP {status})."
                            ).format(status=response.status_code),
                            status=response.status_code,
                        )
                    chunks, total = [], 0
                    for chunk in response.iter_content(1024 * 1024):
                        cancel.raise_if_cancelled()
                        total += len(chunk)
                        if total > self.max_download_bytes:
                            limit = self.max_download_bytes
                            size = (
                                f"{limit // 1_000_000} MB"
                                if limit >= 1_000_000
                                else f"{limit // 1000} KB"
                            )
                            raise EditError(
                                translate(
                                    "Ideogram", "The result is larger than {size}; it was not kept."
                                ).format(size=size)
                            )
                        chunks.append(chunk)
                    return b"".join(chunks)
            except (requests.ConnectionError, requests.Timeout):
                if attempt == 2:
                    raise EditError(
                        translate("Ideogram", "The connection broke while downloading the result.")
                    ) from None
        raise EditError(
            translate("Ideogram", "The result could not be downloaded (the server kept failing).")
        )


def _cancellable(call: Callable[[], T], cancel: CancelToken) -> T:
    """Run a blocking call on a helper thread so that cancelling returns within 0.1 s.

    requests cannot be interrupted mid-read; the abandoned call ends with its own timeout and
    its answer is dropped, so nothing of a cancelled edit is saved.
    """
    box: dict[str, Any] = {}
    done = threading.Event()

    def run() -> None:
        try:
            box["value"] = call()
        except BaseException as error:  # noqa: BLE001 - re-raised on the caller's thread
            box["error"] = error
        finally:
            done.set()

    threading.Thread(target=run, name="ideogram-request", daemon=True).start()
    while not done.wait(0.1):
        cancel.raise_if_cancelled()
    if "error" in box:
        raise box["error"]
    return box["value"]


def _never_sent(error: requests.ConnectionError) -> bool:
    """True when the connection failed before any byte of the request left (safe to retry)."""
    if isinstance(error, requests.ConnectTimeout):
        return True
    reason = error.args[0] if error.args else None
    cause = getattr(reason, "reason", reason)
    names = {type(cause).__name__, type(reason).__name__}
    return bool(names & {"NewConnectionError", "NameResolutionError", "ConnectTimeoutError"})


def _retry_after(response: requests.Response) -> float | None:
    value = response.headers.get("Retry-After")
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        when = email.utils.parsedate_to_datetime(value) if value else None
        return max(0.0, when.timestamp() - time.time()) if when else None


def http_error(response: requests.Response, model: str) -> EditError:
    """The sentence for a non-200 answer; `model` is what a 403 says the key cannot use."""
    status = response.status_code
    server_error, reject_reason = None, None
    try:
        body = response.json()
        if isinstance(body, dict):
            server_error = text_or_none(
                body.get("error") or body.get("message") or body.get("detail")
            )
            reject_reason = text_or_none(body.get("reject_reason"))
    except ValueError:
        pass
    said = (
        translate("Ideogram", " Ideogram said: “{server_error}”").format(server_error=server_error)
        if server_error
        else ""
    )
    kind = ErrorKind.REFUSED
    if status == 400:
        message = translate("Ideogram", "Ideogram refused the request as invalid.{said}").format(
            said=said
        )
    elif status == 401:
        message = translate(
            "Ideogram",
            "The API key was refused (wrong, expired or missing): check "
            "the key in Settings "
            "or in IDEOGRAM_API_KEY.",
        )
    elif status == 402:
        if reject_reason == "daily_limit":
            message = translate(
                "Ideogram", "Your Ideogram plan's daily limit is reached: try again tomorrow."
            )
        else:
            message = translate(
                "Ideogram", "Your Ideogram account is out of credit: top it up, then try again."
            )
    elif status == 403:
        message = translate(
            "Ideogram", "This API key has no access to the edit endpoint or to the {model} model."
        ).format(model=model)
    elif status == 422:
        message = translate(
            "Ideogram",
            "Ideogram's safety check refused the prompt or the image: "
            "change them and try again.{said}",
        ).format(said=said)
    elif status == 429:
        message = translate(
            "Ideogram",
            "Ideogram is busy with too many images for your account: try again in a minute.",
        )
    elif status == 503:
        kind = ErrorKind.NETWORK
        message = translate(
            "Ideogram", "Ideogram is temporarily unavailable: try again in a few minutes."
        )
    elif status >= 500:
        kind = ErrorKind.NETWORK
        message = translate(
            "Ideogram", "The server failed (HTTP {status}): try again later.{said}"
        ).format(status=status, said=said)
    else:
        message = translate(
            "Ideogram",
            "The server answered HTTP {status}, which Ideogram Studio did not expect.{said}",
        ).format(status=status, said=said)
    if (
        server_error is None
        and not response.headers.get("Content-Type", "").startswith("application/json")
        and status not in (401, 402, 403, 429, 503)
    ):
        message += translate("Ideogram", " (The answer was not JSON: check the base URL.)")
    return EditError(
        message, kind, status=status, server_error=server_error, reject_reason=reject_reason
    )


def text_or_none(value: object) -> str | None:
    return value if isinstance(value, str) else None


def without_query(url: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, parts.path, "", ""))
